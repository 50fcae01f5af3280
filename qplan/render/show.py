"""`qplan show`: items per plan, in every output format."""

from __future__ import annotations

from typing import Any

from qplan.model import Plan
from qplan.query import ItemRow
from qplan.registry import Registry
from qplan.render import (
    INFERRED_MARK,
    LEGEND_ACTING,
    LEGEND_INFERRED,
    LEGEND_OPEN,
    LEGEND_VIA,
    VIA_GROUP_MARK,
    lead_text,
    plan_heading,
    role_text,
    support_text,
)
from qplan.render.text import md_table, to_csv, to_json_records


def group_by_plan(rows: list[ItemRow]) -> list[tuple[Plan, list[ItemRow]]]:
    groups: dict[str, tuple[Plan, list[ItemRow]]] = {}
    for row in rows:
        groups.setdefault(row.plan.id, (row.plan, []))[1].append(row)
    return list(groups.values())


def record(row: ItemRow, with_role: bool) -> dict[str, Any]:
    plan, item = row.plan, row.item
    section = plan.section_of(item)
    data: dict[str, Any] = {
        "plan": plan.id,
        "no": item.no,
        "label": plan.label(item),
        "section": section.title if section else None,
        "title": item.title,
        "text": item.text,
        "lead": list(item.lead),
        "support": list(item.support),
        "lead_stated": item.lead_stated,
        "open_ended": item.open_ended,
        "responsibility": item.responsibility,
    }
    if item.written:
        data["written"] = dict(item.written)
    if item.acting:
        data["acting"] = dict(item.acting)
    if with_role:
        data["role"] = row.role
        data["via_group"] = row.via_group
        if row.acting_for:
            data["acting_for"] = row.acting_for
    return data


def show_json(rows: list[ItemRow], with_role: bool) -> str:
    return to_json_records([record(row, with_role) for row in rows])


CSV_HEADERS = ["plan", "no", "title", "lead", "support", "lead_stated", "open_ended"]


def show_csv(rows: list[ItemRow], with_role: bool) -> str:
    headers = CSV_HEADERS + (["role", "via_group"] if with_role else [])
    body = []
    for row in rows:
        item = row.item
        cells: list[Any] = [
            row.plan.id, item.no, item.title, "、".join(item.lead), "、".join(item.support),
            "true" if item.lead_stated else "false", "true" if item.open_ended else "false",
        ]
        if with_role:
            cells += [row.role or "", row.via or ""]
        body.append(cells)
    return to_csv(headers, body)


def table_headers(with_role: bool, dept: str | None) -> list[str]:
    headers = ["序号", "任务", "牵头单位", "配合单位"]
    if with_role:
        headers.append("本单位角色")
    return headers


def table_cells(row: ItemRow, registry: Registry, with_role: bool) -> list[str]:
    item = row.item
    cells = [row.plan.label(item), item.title, lead_text(item, registry), support_text(item, registry)]
    if with_role:
        cells.append(role_text(row.role, item, row.via))
    return cells


def legends(rows: list[ItemRow]) -> list[str]:
    notes = []
    if any(not row.item.lead_stated for row in rows):
        notes.append(LEGEND_INFERRED)
    if any(row.item.open_ended for row in rows):
        notes.append(LEGEND_OPEN)
    if any(row.via_group for row in rows):
        notes.append(LEGEND_VIA)
    if any(row.acting_for for row in rows):
        notes.append(LEGEND_ACTING)
    return notes


def show_markdown(rows: list[ItemRow], registry: Registry, dept: str | None) -> str:
    with_role = dept is not None
    parts = []
    for plan, plan_rows in group_by_plan(rows):
        parts.append(f"## {plan_heading(plan)}\n")
        parts.append(
            md_table(table_headers(with_role, dept), [table_cells(r, registry, with_role) for r in plan_rows])
        )
    notes = legends(rows)
    if notes:
        parts.append("\n".join(f"> {n}" for n in notes) + "\n")
    return "\n".join(parts)


__all__ = [
    "INFERRED_MARK",
    "VIA_GROUP_MARK",
    "group_by_plan",
    "legends",
    "show_csv",
    "show_json",
    "show_markdown",
    "table_cells",
    "table_headers",
]
