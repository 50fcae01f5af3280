"""Build the model from a plan file once it passes the schema rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qplan.deadlines import read_deadline
from qplan.errors import PlanInvalidError, RegistryError
from qplan.model import REF_RE, Document, Item, ItemRef, Links, Plan, PlanWide, Section
from qplan.names import normal_name
from qplan.registry import Registry, build_registry
from qplan.yamlio import line_of, load_yaml, load_yaml_fast

if TYPE_CHECKING:
    from qplan.rules import Problem


def schema_problems(doc: Any, file: Path, plan_id: str) -> list[Problem]:
    # The rules are only needed when a file is parsed, not when it comes from the cache.
    from qplan.rules import PlanContext
    from qplan.rules.items import duplicate_item_no
    from qplan.rules.schema import PLAN_SCHEMA_RULES

    ctx = PlanContext(file, plan_id, doc, None)
    problems = [p for rule in PLAN_SCHEMA_RULES for p in rule(ctx)]
    if not any(p.level == "error" for p in problems):
        # Two items with one number make every reference to that number ambiguous
        # (diff, trace, link): such a plan is not built into the model at all.
        problems += list(duplicate_item_no(ctx))
    return problems


def _first_error(problems: list[Problem], file: Path, what: str) -> PlanInvalidError:
    errors = [p for p in problems if p.level == "error"]
    first = min(errors, key=lambda p: p.sort_key)
    more = f"（另有 {len(errors) - 1} 处错误，运行 `qplan validate` 查看全部）" if len(errors) > 1 else ""
    return PlanInvalidError(
        f"{what}格式有误：{first.message}{more}", file=file, line=first.line, problems=list(errors)
    )


def read_plan(path: Path, plan_id: str) -> Plan:
    return plan_from_doc(load_yaml_fast(path), plan_id, path)


def plan_from_doc(doc: Any, plan_id: str, path: Path, names: Mapping[str, str] | None = None) -> Plan:
    """Check a freshly parsed document and build the plan; errors carry line numbers."""
    if any(p.level == "error" for p in schema_problems(doc, path, plan_id)):
        # The fast parser keeps no line numbers: read again to say where the problem is.
        located = load_yaml(path)
        raise _first_error(schema_problems(located, path, plan_id), path, "计划文件")
    return build_plan(doc, plan_id, path, names)


def parse_ref(text: str) -> ItemRef:
    match = REF_RE.match(text)
    if match is None:
        raise ValueError(text)
    return ItemRef(match.group(1), int(match.group(2)))


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _year_only(value: Any) -> dt.date | None:
    """`date: 2018`: a year alone, for a document known only to about that year."""
    if isinstance(value, int) and not isinstance(value, bool):
        return dt.date(value, 1, 1) if 1000 <= value <= 9999 else None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        return dt.date(int(value), 1, 1)
    return None


def _links(raw_links: Any) -> Links:
    if not raw_links:
        return Links()
    return Links(
        continues=[parse_ref(r) for r in raw_links.get("continues") or []],
        not_continues=[parse_ref(r) for r in raw_links.get("not") or []],
        carries=[parse_ref(r) for r in raw_links.get("carries") or []],
        not_carries=[parse_ref(r) for r in raw_links.get("not_carries") or []],
    )


def _plan_wide(raw: Any, names: Mapping[str, str], entries: Any, index: int) -> PlanWide:
    unit = normal_name(str(raw["unit"]))
    from_item = raw.get("from_item")
    return PlanWide(
        unit=names.get(unit, unit),
        role="lead" if raw.get("role") == "lead" else "support",
        note=str(raw.get("note") or "").strip(),
        from_item=int(from_item) if from_item is not None else None,
        line=line_of(entries, index) if hasattr(entries, "lc") else None,
    )


def _names(raw_names: Any, names: Mapping[str, str], written: dict[str, str]) -> list[str]:
    result = []
    for raw_name in raw_names or ():
        name = normal_name(str(raw_name))
        canonical = names.get(name, name)
        if canonical != name:
            written[canonical] = name
        result.append(canonical)
    return result


def _build_item(raw: Any, section: int | None, items: Any, index: int, names: Mapping[str, str],
                year: int | None) -> Item:
    # Runs once per item of every plan in the workspace: kept lean on purpose.
    written: dict[str, str] = {}
    raw_links = raw.get("links")
    raw_acting = raw.get("acting")
    acting: dict[str, str] = {}
    raw_deadline = raw.get("deadline")
    if raw_acting:
        for group, bureau in raw_acting.items():
            acting[_names([group], names, written)[0]] = _names([bureau], names, written)[0]
    return Item(
        no=int(raw["no"]),
        title=str(raw["title"]).strip(),
        text=str(raw.get("text") or "").strip(),
        lead=_names(raw.get("lead"), names, written),
        support=_names(raw.get("support"), names, written),
        lead_stated=bool(raw["lead_stated"]),
        open_ended=bool(raw.get("open_ended", False)),
        section=section,
        responsibility=raw.get("responsibility"),
        key=bool(raw.get("key", False)),
        acting=acting,
        links=_links(raw_links),
        line=line_of(items, index) if hasattr(items, "lc") else None,
        written=written,
        deadline=read_deadline(raw_deadline, year, raw.get("deadline_date"), raw.get("deadline_inferred"))
        if raw_deadline is not None else None,
        lead_declared=bool(raw.get("lead_declared", False)),
        units_from=raw.get("units_from"),
    )


def _build_section(raw: Any, names: Mapping[str, str]) -> Section:
    written: dict[str, str] = {}
    group = raw.get("group")
    return Section(
        int(raw["no"]), str(raw["title"]).strip(),
        group=str(group).strip() if group else None,
        lead=_names(raw.get("lead"), names, written),
        support=_names(raw.get("support"), names, written),
        lead_stated=bool(raw.get("lead_stated", False)),
        responsibility=raw.get("responsibility"),
    )


def plan_summary(doc: Any) -> tuple[str, str | None]:
    """The title and date (ISO) build_plan gives a parsed plan document, for the parse cache."""
    raw_date = doc["document"].get("date")
    date = _year_only(raw_date) or as_date(raw_date)
    return str(doc["title"]).strip(), date.isoformat() if date else None


def build_plan(doc: Any, plan_id: str, path: Path | None, names: Mapping[str, str] | None = None) -> Plan:
    """Build the model; `names` maps every known spelling to its canonical unit name."""
    names = names or {}
    document = doc["document"]
    raw_date = document.get("date")
    year_only = _year_only(raw_date)
    date = year_only or as_date(raw_date)
    year = date.year if date else None
    items: list[Item] = []
    sections: list[Section] = []
    for index, raw in enumerate(doc.get("items") or []):
        items.append(_build_item(raw, None, doc["items"], index, names, year))
    for raw_section in doc.get("sections") or []:
        section = _build_section(raw_section, names)
        sections.append(section)
        for index, raw in enumerate(raw_section["items"]):
            items.append(_build_item(raw, section.no, raw_section["items"], index, names, year))
    return Plan(
        id=plan_id,
        title=str(doc["title"]).strip(),
        document=Document(
            title=str(document["title"]).strip(),
            issuer=str(document["issuer"]).strip(),
            date=date,
            number=document.get("number"),
            date_inferred=bool(document.get("date_inferred", False)),
            source=document.get("source"),
            year_only=year_only is not None,
            date_basis=document.get("date_basis"),
        ),
        items=items,
        sections=sections,
        numbering=str(doc.get("numbering") or "chinese"),
        kind=str(doc.get("kind") or "plan"),
        notes=[str(n) for n in doc.get("notes") or []],
        file=path,
        lead_convention=doc.get("lead_convention"),
        plan_wide=[_plan_wide(raw, names, doc["plan_wide"], index)
                   for index, raw in enumerate(doc.get("plan_wide") or [])],
        no_units=bool(doc.get("no_units", False)),
    )


def _registry_errors(doc: Any, path: Path) -> list[Problem]:
    from qplan.rules import RegistryContext
    from qplan.rules.schema import REGISTRY_SCHEMA_RULES

    ctx = RegistryContext(path, doc, None)
    return [p for rule in REGISTRY_SCHEMA_RULES for p in rule(ctx) if p.level == "error"]


def registry_from_doc(doc: Any, path: Path) -> Registry:
    if _registry_errors(doc, path):
        errors = _registry_errors(load_yaml(path), path)
        first = min(errors, key=lambda p: p.sort_key)
        raise RegistryError(
            f"单位登记表格式有误：{first.message}（运行 `qplan validate` 查看全部问题）",
            file=path, line=first.line,
        )
    return build_registry(doc, path)


def ambiguity_error(path: Path) -> RegistryError:
    """The first error that makes the registry ambiguous, with its line, as validate words it."""
    from qplan.rules import RegistryContext
    from qplan.rules.units import BLOCKING_RULES

    doc = load_yaml(path)
    ctx = RegistryContext(path, doc, build_registry(doc, path))
    problems = sorted((p for rule in BLOCKING_RULES for p in rule(ctx)), key=lambda p: p.sort_key)
    if not problems:
        return RegistryError("单位登记表有歧义（运行 `qplan validate` 查看）。", file=path)
    first = problems[0]
    more = f"另有 {len(problems) - 1} 处同类错误；" if len(problems) > 1 else ""
    return RegistryError(
        f"{first.message}（单位登记表有此错误时，按单位名称查询、导出的命令都会停止，以免把任务算到错误的单位；"
        f"{more}运行 `qplan validate` 查看全部问题）", file=path, line=first.line)
