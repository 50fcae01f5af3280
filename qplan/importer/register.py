"""`qplan import … --register-new`: add to the plans folder's registry the units a document
names that it does not know, each with the kind its name suggests and a `review` line that
says it was added by import and waits for a person to check it.

The registry is changed under its lock, re-read first, and only appended to: a unit someone
registered meanwhile is not added twice, and nothing a person wrote in it is touched.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qplan.errors import OutputError
from qplan.importer.draft import DraftPlan
from qplan.importer.jurisdiction import infer_kind
from qplan.importer.writer import scalar
from qplan.registry import Registry
from qplan.yamlio import parse_yaml_fast

_DASH_RE = re.compile(r"^( *)- ", re.M)


@dataclass(frozen=True, slots=True)
class NewUnit:
    name: str
    kind: str  # inferred from the name


def new_units(plan: DraftPlan, registry: Registry) -> list[NewUnit]:
    names: dict[str, None] = {}
    for item in plan.items:
        names.update(dict.fromkeys(item.named_units))
    for section in plan.sections:
        names.update(dict.fromkeys([*section.lead, *section.support]))
    return [NewUnit(name, infer_kind(name)) for name in names if registry.resolve(name) is None]


def review_note(source: str, today: dt.date | None = None) -> str:
    day = (today or dt.date.today()).isoformat()
    return f"由 qplan import 从 {source} 添加（{day}），类别按名称推定。请核对名称和类别，核对后删去本行。"


def register_units(path: Path, units: list[NewUnit], review: str) -> list[NewUnit]:
    """Append the units not yet in the registry file at `path`; returns those added."""
    from qplan.locking import editing

    with editing(path, create=True) as edit:
        text = edit.text if edit.text and edit.text.strip() else "units:\n"
        doc = parse_yaml_fast(text, path)
        known = _spellings(doc)
        added = [unit for unit in units if unit.name not in known]
        if not added:
            return []
        new_text = _appended(text, added, review, path)
        _check(new_text, path, added)
        edit.write(new_text)
    return added


def _spellings(doc: Any) -> set[str]:
    found: set[str] = set()
    for unit in (doc.get("units") or []) if isinstance(doc, dict) else []:
        if isinstance(unit, dict):
            found.update(str(v) for v in [unit.get("name"), unit.get("full_name"), *(unit.get("aliases") or [])] if v)
    return found


def _appended(text: str, units: list[NewUnit], review: str, path: Path) -> str:
    if re.search(r"^units:\s*\[\s*\]\s*$", text, re.M):
        text = re.sub(r"^units:\s*\[\s*\]\s*$", "units:", text, count=1, flags=re.M)
    elif not re.search(r"^units:\s*(#.*)?$", text, re.M):
        raise OutputError("单位登记表的格式不是“units:”下的列表，无法自动登记，未作改动。"
                          "请按 plans/units.yaml 的样子整理后重试，或手动登记。", file=path)
    dash = _DASH_RE.search(text)
    indent = dash.group(1) if dash else "  "
    lines = [] if text.endswith("\n") else [""]
    for unit in units:
        lines += [f"{indent}- name: {scalar(unit.name)}", f"{indent}  kind: {scalar(unit.kind)}",
                  f"{indent}  review: {scalar(review)}"]
    return text + "\n".join(lines) + "\n"


def _check(text: str, path: Path, added: list[NewUnit]) -> None:
    """The new text must parse, keep every unit, and hold the added ones in its list."""
    from qplan.rules import RegistryContext
    from qplan.rules.schema import REGISTRY_SCHEMA_RULES

    doc = parse_yaml_fast(text, path)
    problems = [p for rule in REGISTRY_SCHEMA_RULES for p in rule(RegistryContext(path, doc, None))
                if p.level == "error"]
    names = {unit.get("name") for unit in doc.get("units") or [] if isinstance(unit, dict)}
    if problems or any(unit.name not in names for unit in added):
        raise OutputError("无法把新单位安全地加到单位登记表的末尾（文件的结构与预期不同），未作改动。"
                          "请手动登记，或把 units: 列表放在文件最后后重试。", file=path)
