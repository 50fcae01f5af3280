"""`qplan show`: items per plan, newest plan first, with lead and support units."""

from __future__ import annotations

from typing import Any

from qplan import columns
from qplan.columns import ItemCell, plan_heading, wide_note
from qplan.model import Plan
from qplan.query import ItemRow
from qplan.registry import Registry
from qplan.report import Paragraph, Records, Report, Table
from qplan.vocabulary import LEGEND_ACTING, LEGEND_INFERRED, LEGEND_KEY, LEGEND_OPEN, LEGEND_VIA, LEGEND_WIDE

CSV_FIELDS = ["plan", "no", "title", "lead", "support", "lead_stated", "open_ended"]


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
    wide = plan.wide_roles(item)
    if wide:
        # Units the document puts on every item once (以下均需…，不再列出), not listed in lead/support.
        data["plan_wide"] = [{"unit": w.unit, "role": w.role, "note": w.note} for w in wide]
    if with_role:
        data["role"] = row.role
        data["via_group"] = row.via_group
        data["via_plan_wide"] = row.wide is not None
        if row.acting_for:
            data["acting_for"] = row.acting_for
    return data


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
    if any(row.item.key for row in rows):
        notes.append(LEGEND_KEY)
    if any(row.wide for row in rows):
        notes.append(LEGEND_WIDE)
    return notes


def show_report(rows: list[ItemRow], registry: Registry, dept: str | None = None,
                searched: int | None = None) -> Report:
    with_role = dept is not None
    shown = columns.UNIT_ITEM_LIST if with_role else columns.ITEM_LIST
    report = Report([], data=[record(row, with_role) for row in rows], data_per_line=True)
    if dept is not None:
        where = f"（检索了 {searched} 个计划）" if searched is not None else ""
        report.add(Paragraph(f"{dept}：共 {len(rows)} 项{where}", "strong"))
    for plan, plan_rows in group_by_plan(rows):
        table = Table([column.column() for column in shown], title=plan_heading(plan))
        for row in plan_rows:
            table.add(*columns.cells(shown, ItemCell(plan, row.item, registry, row.role, row.via, row.wide)))
        report.add(table)
        if not with_role and plan.no_units:
            report.add(Paragraph("本计划原文没有写任何责任单位（no_units），牵头、配合两栏为空不是遗漏。", "note"))
        if plan.plan_wide:
            # Written once in the document, shown once under its items rather than on each.
            report.add(Paragraph("".join(wide_note(plan, wide) for wide in plan.plan_wide), "note"))
    report.notes(legends(rows))
    fields = CSV_FIELDS + (["role", "via_group", "via_plan_wide"] if with_role else [])
    report.records = Records(fields, [
        [row.plan.id, row.item.no, row.item.title, "、".join(row.item.lead), "、".join(row.item.support),
         row.item.lead_stated, row.item.open_ended,
         *([row.role or "", row.via or "", row.wide is not None] if with_role else [])]
        for row in rows])
    return report
