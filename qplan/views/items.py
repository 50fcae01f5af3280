"""`qplan show`: items per plan, newest plan first, with lead and support units."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from qplan import columns
from qplan.columns import ItemCell, plan_heading, responsibility_notes, units_from_legends, wide_note
from qplan.model import Plan
from qplan.query import ItemRow
from qplan.records import item_record, role_fields
from qplan.registry import Registry
from qplan.report import Column, Paragraph, Records, Report, Table
from qplan.vocabulary import (
    LEGEND_ACTING,
    LEGEND_INFERRED,
    LEGEND_KEY,
    LEGEND_OPEN,
    LEGEND_VIA,
    LEGEND_WIDE,
    PROGRESS_LABELS,
)

CSV_FIELDS = ["plan", "no", "title", "lead", "support", "lead_stated", "open_ended"]


def group_by_plan(rows: list[ItemRow]) -> list[tuple[Plan, list[ItemRow]]]:
    groups: dict[str, tuple[Plan, list[ItemRow]]] = {}
    for row in rows:
        groups.setdefault(row.plan.id, (row.plan, []))[1].append(row)
    return list(groups.values())


def record(row: ItemRow, with_role: bool) -> dict[str, Any]:
    data = item_record(row.plan, row.item)
    if with_role:
        data.update(role_record(row))
    return data


def role_record(row: ItemRow) -> dict[str, Any]:
    """What a unit's view adds to the item's record: the unit's role and how it holds it."""
    return role_fields(row.role, row.via_group, row.wide is not None, row.acting_for)


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
    return notes + units_from_legends([row.item for row in rows])


@dataclass(frozen=True, slots=True)
class LatestStatus:
    """A unit's latest reported status on an item (qplan.progress), for `show --dept --status`."""

    status: str  # a code of PROGRESS_STATUSES
    period: str
    period_label: str


def status_cell(found: LatestStatus | None) -> str:
    if found is None:
        return PROGRESS_LABELS["unreported"]
    return f"{PROGRESS_LABELS[found.status]}（{found.period}）"


def show_report(rows: list[ItemRow], registry: Registry, dept: str | None = None,
                searched: int | None = None, latest: Mapping[tuple[str, int], LatestStatus] | None = None) -> Report:
    """Items, one table per plan; a 完成时限 column where a plan has any deadline, and with
    `latest` (plan id, item no -> status) the unit's latest reported status."""
    with_role = dept is not None
    shown = columns.UNIT_ITEM_LIST if with_role else columns.ITEM_LIST
    report = Report([], data=[record(row, with_role) for row in rows], data_per_line=True)
    if latest is not None:
        for data, row in zip(report.data, rows, strict=True):
            found = latest.get((row.plan.id, row.item.no))
            data["latest_status"] = found.status if found else "unreported"
            data["latest_period"] = found.period if found else None
    if dept is not None:
        where = f"（检索了 {searched} 个计划）" if searched is not None else ""
        report.add(Paragraph(f"{dept}：共 {len(rows)} 项{where}", "strong"))
    for plan, plan_rows in group_by_plan(rows):
        dated = any(item.deadline for item in plan.items)
        plan_columns = (*shown, columns.DEADLINE) if dated else shown
        table = Table([column.column() for column in plan_columns], title=plan_heading(plan))
        if latest is not None:
            table.columns.append(Column("最新进展", "units"))
        for row in plan_rows:
            cells = columns.cells(plan_columns, ItemCell(plan, row.item, registry, row.role, row.via, row.wide))
            if latest is not None:
                cells.append(status_cell(latest.get((plan.id, row.item.no))))
            table.add(*cells)
        report.add(table)
        if not with_role and plan.no_units:
            report.add(Paragraph("本计划原文没有写任何责任单位（no_units），牵头、配合两栏为空不是遗漏。", "note"))
        if plan.plan_wide:
            # Written once in the document, shown once under its items rather than on each.
            report.add(Paragraph("".join(wide_note(plan, wide) for wide in plan.plan_wide), "note"))
        for note in responsibility_notes(plan, [row.item for row in plan_rows]):
            report.add(Paragraph(note, "note"))
    notes = legends(rows)
    if latest is not None:
        notes.append("最新进展：本单位最近一期报送的完成状态，括号内为报送期（qplan collect 收录）。")
    report.notes(notes)
    dated_rows = any(item.deadline for plan, _ in group_by_plan(rows) for item in plan.items)
    fields = CSV_FIELDS + (["role", "via_group", "via_plan_wide"] if with_role else []) \
        + (["deadline"] if dated_rows else [])
    if latest is not None:
        fields += ["latest_status", "latest_period"]
    report.records = Records(fields, [
        [row.plan.id, row.item.no, row.item.title, "、".join(row.item.lead), "、".join(row.item.support),
         row.item.lead_stated, row.item.open_ended,
         *([row.role or "", row.via or "", row.wide is not None] if with_role else []),
         *([row.item.deadline.text if row.item.deadline else ""] if dated_rows else []),
         *([data["latest_status"], data["latest_period"] or ""] if latest is not None else [])]
        for row, data in zip(rows, report.data, strict=True)])
    return report
