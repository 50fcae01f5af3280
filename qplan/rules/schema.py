"""Required fields, types and unknown keys of plan files and of units.yaml."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qplan.model import PLAN_KINDS, REF_RE, kind_label
from qplan.rules import PlanContext, Problem, RegistryContext
from qplan.rules.names import invisible_in_plan
from qplan.yamlio import line_of

__all__ = ["REF_RE"]


@dataclass(frozen=True)
class FieldSpec:
    kind: str  # "str", "int", "bool", "date", "list", "map", "str-list", "str-map"
    required: bool = False


KIND_LABELS = {
    "str": "文字",
    "int": "整数（如 7）",
    "bool": "true 或 false",
    "date": "日期（如 2025-04-01）",
    "date-or-year": "日期（如 2025-04-01），只知年份时写年份（如 2018）",
    "list": "列表",
    "map": "映射（键: 值）",
    "str-list": "文字列表（如 [市市场监管局, 市教委]）",
    "str-map": "映射（单位: 单位）",
    "deadline": "日期（如 2025-06-30）或原文写法（如 2025年6月底前、年内完成、长期坚持）",
}

PLAN_FIELDS = {
    "title": FieldSpec("str", True),
    "kind": FieldSpec("str"),
    "document": FieldSpec("map", True),
    "numbering": FieldSpec("str"),
    "notes": FieldSpec("str-list"),
    "sections": FieldSpec("list"),
    "items": FieldSpec("list"),
    # The document's own convention for leads (列第一位者为牵头部门，下同), where it declares one.
    "lead_convention": FieldSpec("str"),
    # Responsibilities the document states once for every item (以下均需…，不再列出).
    "plan_wide": FieldSpec("list"),
    # true where the document names no responsible units at all
    "no_units": FieldSpec("bool"),
}
PLAN_WIDE_FIELDS = {
    "unit": FieldSpec("str", True),
    "role": FieldSpec("str", True),
    "note": FieldSpec("str", True),
    "from_item": FieldSpec("int"),
}
WIDE_ROLES = ("lead", "support")
DOCUMENT_FIELDS = {
    "title": FieldSpec("str", True),
    "issuer": FieldSpec("str", True),
    "date": FieldSpec("date-or-year", True),
    # true where the document carries no date and the tool inferred one (e.g. from the 文号 year)
    "date_inferred": FieldSpec("bool"),
    # why the date is what it is, where the document does not carry one
    "date_basis": FieldSpec("str"),
    "number": FieldSpec("str"),
    "source": FieldSpec("str"),
}
SECTION_FIELDS = {
    "no": FieldSpec("int", True),
    "title": FieldSpec("str", True),
    "items": FieldSpec("list", True),
    # The heading above the section (一、 over （一）), and a lead stated for the whole section.
    "group": FieldSpec("str"),
    "lead": FieldSpec("str-list"),
    "support": FieldSpec("str-list"),
    "lead_stated": FieldSpec("bool"),
    "responsibility": FieldSpec("str"),
}
ITEM_FIELDS = {
    "no": FieldSpec("int", True),
    "title": FieldSpec("str", True),
    "text": FieldSpec("str"),
    "lead": FieldSpec("str-list", True),
    "support": FieldSpec("str-list"),
    "lead_stated": FieldSpec("bool", True),
    "open_ended": FieldSpec("bool"),
    "responsibility": FieldSpec("str"),
    "key": FieldSpec("bool"),
    "acting": FieldSpec("str-map"),
    "links": FieldSpec("map"),
    # 完成时限: an ISO date, or the document's phrase with the date read from it beside it.
    "deadline": FieldSpec("deadline"),
    "deadline_date": FieldSpec("date"),
    "deadline_inferred": FieldSpec("bool"),
    # true where the lead is stated by the document's declared convention (see lead_convention)
    "lead_declared": FieldSpec("bool"),
    # where the units come from when the item names none itself: section, sub-points
    "units_from": FieldSpec("str"),
}
UNITS_FROM = ("section", "sub-points")
LINK_FIELDS = {"continues": FieldSpec("str-list"), "not": FieldSpec("str-list"),
               # tasks of a multi-year plan this item carries out (or, a person says, does not)
               "carries": FieldSpec("str-list"), "not_carries": FieldSpec("str-list")}
LINK_KEYS = tuple(LINK_FIELDS)
CARRY_KEYS = ("carries", "not_carries")
REGISTRY_FIELDS = {"units": FieldSpec("list", True)}
UNIT_FIELDS = {
    "name": FieldSpec("str", True),
    "kind": FieldSpec("str", True),
    "full_name": FieldSpec("str"),
    "aliases": FieldSpec("str-list"),
    "renamed_from": FieldSpec("list"),
    "members": FieldSpec("str-list"),
    "note": FieldSpec("str"),
    # Added by `qplan import --register-new`, waiting for a person to check it.
    "review": FieldSpec("str"),
}
RENAME_FIELDS = {"name": FieldSpec("str", True), "year": FieldSpec("int", True)}


def matches_kind(value: Any, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str) and bool(value.strip())
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        if isinstance(value, dt.date):
            return True
        try:
            return isinstance(value, str) and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and bool(
                dt.date.fromisoformat(value))
        except ValueError:
            return False
    if kind == "date-or-year":
        year = isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999
        return year or matches_kind(value, "date")
    if kind == "deadline":
        return isinstance(value, dt.date) or (isinstance(value, str) and bool(value.strip()))
    if kind == "list":
        return isinstance(value, list)
    if kind == "map":
        return isinstance(value, dict)
    if kind == "str-list":
        return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    if kind == "str-map":
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        )
    raise ValueError(kind)


@dataclass(frozen=True)
class Node:
    """A mapping in the file, the fields it may have, and how to name it in a message."""

    value: Any
    fields: dict[str, FieldSpec]
    where: str
    parent: Any
    key: Any


def plan_nodes(doc: Any) -> Iterator[Node]:
    if not isinstance(doc, dict):
        return
    yield Node(doc, PLAN_FIELDS, "计划", None, None)
    document = doc.get("document")
    if isinstance(document, dict):
        yield Node(document, DOCUMENT_FIELDS, "document", doc, "document")
    wide = doc.get("plan_wide")
    if isinstance(wide, list):
        for index, entry in enumerate(wide):
            if isinstance(entry, dict):
                yield Node(entry, PLAN_WIDE_FIELDS, f"plan_wide 第 {index + 1} 条", wide, index)
    for where, items in _item_lists(doc):
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            label = f"第 {item.get('no')} 项" if isinstance(item.get("no"), int) else f"{where}第 {index + 1} 个条目"
            yield Node(item, ITEM_FIELDS, label, items, index)
            links = item.get("links")
            if isinstance(links, dict):
                yield Node(links, LINK_FIELDS, f"{label}的 links", item, "links")
    sections = doc.get("sections")
    if isinstance(sections, list):
        for index, section in enumerate(sections):
            if isinstance(section, dict):
                yield Node(section, SECTION_FIELDS, f"第 {index + 1} 部分（sections）", sections, index)


def _item_lists(doc: Any) -> Iterator[tuple[str, list[Any]]]:
    if isinstance(doc.get("items"), list):
        yield "items 中", doc["items"]
    sections = doc.get("sections")
    if isinstance(sections, list):
        for index, section in enumerate(sections):
            if isinstance(section, dict) and isinstance(section.get("items"), list):
                yield f"第 {index + 1} 部分", section["items"]


def plan_items(doc: Any) -> Iterator[tuple[Any, int, Any]]:
    """Every item mapping with its containing list and index."""
    if not isinstance(doc, dict):
        return
    for _, items in _item_lists(doc):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield items, index, item


def registry_nodes(doc: Any) -> Iterator[Node]:
    if not isinstance(doc, dict):
        return
    yield Node(doc, REGISTRY_FIELDS, "单位登记表", None, None)
    units = doc.get("units")
    if not isinstance(units, list):
        return
    for index, unit in enumerate(units):
        if not isinstance(unit, dict):
            continue
        label = f"单位“{unit.get('name')}”" if isinstance(unit.get("name"), str) else f"第 {index + 1} 个单位"
        yield Node(unit, UNIT_FIELDS, label, units, index)
        renames = unit.get("renamed_from")
        if isinstance(renames, list):
            for r_index, rename in enumerate(renames):
                if isinstance(rename, dict):
                    yield Node(rename, RENAME_FIELDS, f"{label}的 renamed_from", renames, r_index)


def _node_line(node: Node) -> int | None:
    if node.parent is None:
        return line_of(node.value) or 1
    return line_of(node.parent, node.key)


def _required(file: Path, nodes: Iterator[Node]) -> Iterator[Problem]:
    for node in nodes:
        for name, spec in node.fields.items():
            if spec.required and name not in node.value:
                yield Problem(
                    file, _node_line(node), "required-fields", "error",
                    f"{node.where}缺少必填字段 {name}（{KIND_LABELS[spec.kind]}）。请补上。",
                )


def _types(file: Path, nodes: Iterator[Node]) -> Iterator[Problem]:
    for node in nodes:
        for name, spec in node.fields.items():
            if name in node.value and not matches_kind(node.value[name], spec.kind):
                shown = node.value[name]
                yield Problem(
                    file, line_of(node.value, name), "types", "error",
                    f"{node.where}的 {name} 应为{KIND_LABELS[spec.kind]}，现在是“{shown}”。请改正。",
                )


def _unknown_keys(file: Path, nodes: Iterator[Node]) -> Iterator[Problem]:
    for node in nodes:
        for name in node.value:
            if name not in node.fields:
                allowed = "、".join(node.fields)
                yield Problem(
                    file, line_of(node.value, name), "unknown-key", "warning",
                    f"{node.where}中有未知字段“{name}”，将被忽略。可用字段：{allowed}。请检查拼写。",
                )


def _kind_name(value: Any) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, str):
        return "文字"
    if value is None:
        return "空内容"
    return "单个数值"


def _top_level(file: Path, doc: Any, what: str) -> Iterator[Problem]:
    if not isinstance(doc, dict):
        yield Problem(
            file, 1, "types", "error",
            f"{what}的顶层应为映射（键: 值），现在是{_kind_name(doc)}。请参照 plans/ 中的示例文件。",
        )


def plan_top_level(ctx: PlanContext) -> Iterator[Problem]:
    yield from _top_level(ctx.file, ctx.doc, "计划文件")
    if isinstance(ctx.doc, dict) and "sections" not in ctx.doc and "items" not in ctx.doc:
        yield Problem(
            ctx.file, 1, "required-fields", "error",
            "计划文件既没有 sections 也没有 items，没有任何条目。请补上条目。",
        )


def plan_required_fields(ctx: PlanContext) -> Iterator[Problem]:
    yield from _required(ctx.file, plan_nodes(ctx.doc))


def plan_types(ctx: PlanContext) -> Iterator[Problem]:
    yield from _types(ctx.file, plan_nodes(ctx.doc))
    if isinstance(ctx.doc, dict) and ctx.doc.get("numbering") not in (None, "chinese", "arabic"):
        yield Problem(
            ctx.file, line_of(ctx.doc, "numbering"), "types", "error",
            "numbering 只能是 chinese（（一）（二）…）或 arabic（1、2…）。",
        )
    for items, index, item in plan_items(ctx.doc):
        if item.get("units_from") not in (None, *UNITS_FROM):
            yield Problem(
                ctx.file, line_of(item, "units_from") or line_of(items, index), "types", "error",
                f"第 {item.get('no')} 项的 units_from 只能是 section（取自部分标题）或 sub-points（取自各分项）。",
            )
    if isinstance(ctx.doc, dict) and ctx.doc.get("kind") not in (None, *PLAN_KINDS):
        kinds = "、".join(f"{kind}（{kind_label(kind)}）" for kind in PLAN_KINDS)
        yield Problem(
            ctx.file, line_of(ctx.doc, "kind"), "types", "error",
            f"kind 只能是 {kinds}；不写即为 plan。",
        )
    wide = ctx.doc.get("plan_wide") if isinstance(ctx.doc, dict) else None
    for index, entry in enumerate(wide if isinstance(wide, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("role"), str) and entry["role"] not in WIDE_ROLES:
            yield Problem(
                ctx.file, line_of(entry, "role"), "types", "error",
                f"plan_wide 第 {index + 1} 条的 role 只能是 lead（牵头）或 support（配合）。",
            )
        elif not isinstance(entry, dict):
            yield Problem(
                ctx.file, line_of(wide, index), "types", "error",
                f"plan_wide 第 {index + 1} 条应为映射（unit、role、note，可选 from_item）。",
            )


def plan_unknown_keys(ctx: PlanContext) -> Iterator[Problem]:
    yield from _unknown_keys(ctx.file, plan_nodes(ctx.doc))


def link_refs(doc: Any) -> Iterator[tuple[Any, str, str, int | None]]:
    """Every written link reference: (the item, its key under links, the text, its line)."""
    for _, _, item in plan_items(doc):
        links = item.get("links")
        if not isinstance(links, dict):
            continue
        for key in LINK_KEYS:
            refs = links.get(key)
            if isinstance(refs, list):
                for index, ref in enumerate(refs):
                    if isinstance(ref, str):
                        yield item, key, ref, line_of(refs, index)


def link_format(ctx: PlanContext) -> Iterator[Problem]:
    for item, _, ref, line in link_refs(ctx.doc):
        if not REF_RE.match(ref):
            yield Problem(
                ctx.file, line, "link-format", "error",
                f"第 {item.get('no')} 项的链接“{ref}”格式不对。应写作“计划#序号”，如 2022#5。",
            )


def registry_top_level(ctx: RegistryContext) -> Iterator[Problem]:
    yield from _top_level(ctx.file, ctx.doc, "单位登记表")


def registry_required_fields(ctx: RegistryContext) -> Iterator[Problem]:
    yield from _required(ctx.file, registry_nodes(ctx.doc))


def registry_types(ctx: RegistryContext) -> Iterator[Problem]:
    yield from _types(ctx.file, registry_nodes(ctx.doc))


def registry_unknown_keys(ctx: RegistryContext) -> Iterator[Problem]:
    yield from _unknown_keys(ctx.file, registry_nodes(ctx.doc))


# The rules a file must pass before it can be built into the model at all.
# A unit name with an invisible character would match no unit (or, through a poisoned alias,
# the wrong one): such a plan is not built into the model at all.
PLAN_SCHEMA_RULES = [plan_top_level, plan_required_fields, plan_types, link_format, invisible_in_plan]
REGISTRY_SCHEMA_RULES = [registry_top_level, registry_required_fields, registry_types]
