"""Build the model from a plan file once it passes the schema rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from qplan.errors import PlanInvalidError, RegistryError
from qplan.model import Document, Item, ItemRef, Links, Plan, Section
from qplan.registry import Registry, build_registry
from qplan.rules import PlanContext, Problem, RegistryContext
from qplan.rules.schema import PLAN_SCHEMA_RULES, REF_RE, REGISTRY_SCHEMA_RULES
from qplan.yamlio import line_of, load_yaml


def schema_problems(doc: Any, file: Path, plan_id: str) -> list[Problem]:
    ctx = PlanContext(file, plan_id, doc, None)
    return [p for rule in PLAN_SCHEMA_RULES for p in rule(ctx)]


def _first_error(problems: list[Problem], file: Path, what: str) -> PlanInvalidError:
    errors = [p for p in problems if p.level == "error"]
    first = min(errors, key=lambda p: p.sort_key)
    more = f"（另有 {len(errors) - 1} 处错误，运行 `qplan validate` 查看全部）" if len(errors) > 1 else ""
    return PlanInvalidError(
        f"{what}格式有误：{first.message}{more}", file=file, line=first.line, problems=list(errors)
    )


def read_plan(path: Path, plan_id: str) -> Plan:
    doc = load_yaml(path)
    problems = schema_problems(doc, path, plan_id)
    if any(p.level == "error" for p in problems):
        raise _first_error(problems, path, "计划文件")
    return build_plan(doc, plan_id, path)


def parse_ref(text: str) -> ItemRef:
    match = REF_RE.match(text)
    if match is None:
        raise ValueError(text)
    return ItemRef(match.group(1), int(match.group(2)))


def _date(value: Any) -> dt.date | None:
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


def _build_item(raw: Any, section: int | None, items: Any, index: int) -> Item:
    links = raw.get("links") or {}
    return Item(
        no=int(raw["no"]),
        title=str(raw["title"]).strip(),
        text=str(raw.get("text") or "").strip(),
        lead=[str(u).strip() for u in raw.get("lead") or []],
        support=[str(u).strip() for u in raw.get("support") or []],
        lead_stated=bool(raw["lead_stated"]),
        open_ended=bool(raw.get("open_ended", False)),
        section=section,
        responsibility=raw.get("responsibility"),
        key=bool(raw.get("key", False)),
        acting={str(k): str(v) for k, v in (raw.get("acting") or {}).items()},
        links=Links(
            continues=[parse_ref(r) for r in links.get("continues") or []],
            not_continues=[parse_ref(r) for r in links.get("not") or []],
        ),
        line=line_of(items, index),
    )


def build_plan(doc: Any, plan_id: str, path: Path | None) -> Plan:
    document = doc["document"]
    items: list[Item] = []
    sections: list[Section] = []
    for index, raw in enumerate(doc.get("items") or []):
        items.append(_build_item(raw, None, doc["items"], index))
    for raw_section in doc.get("sections") or []:
        section = Section(int(raw_section["no"]), str(raw_section["title"]).strip())
        sections.append(section)
        for index, raw in enumerate(raw_section["items"]):
            items.append(_build_item(raw, section.no, raw_section["items"], index))
    return Plan(
        id=plan_id,
        title=str(doc["title"]).strip(),
        document=Document(
            title=str(document["title"]).strip(),
            issuer=str(document["issuer"]).strip(),
            date=_date(document.get("date")),
            number=document.get("number"),
            source=document.get("source"),
        ),
        items=items,
        sections=sections,
        numbering=str(doc.get("numbering") or "chinese"),
        kind=str(doc.get("kind") or "plan"),
        notes=[str(n) for n in doc.get("notes") or []],
        file=path,
    )


def read_registry(path: Path) -> Registry:
    doc = load_yaml(path)
    ctx = RegistryContext(path, doc, None)
    problems = [p for rule in REGISTRY_SCHEMA_RULES for p in rule(ctx)]
    errors = [p for p in problems if p.level == "error"]
    if errors:
        first = min(errors, key=lambda p: p.sort_key)
        raise RegistryError(
            f"单位登记表格式有误：{first.message}（运行 `qplan validate` 查看全部问题）",
            file=path, line=first.line,
        )
    return build_registry(doc, path)
