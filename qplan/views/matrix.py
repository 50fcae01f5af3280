"""`qplan matrix`: units as rows, items as columns, a mark where a unit holds a role.

Units are grouped by kind, heaviest first inside a kind; each item column is two cells wide
so that ~30 units × 15–18 items fit a screen, and the item titles follow as a key.
"""

from __future__ import annotations

from typing import Any

from qplan.columns import no_units_note, plan_heading, wide_note
from qplan.matrix import Matrix
from qplan.model import Plan
from qplan.report import Column, Heading, Index, Notes, Records, Report, Row, Span, Table
from qplan.vocabulary import (
    ACTING_MARK,
    LEGEND_ACTING,
    LEGEND_INFERRED_SYMBOL,
    LEGEND_OPEN,
    LEGEND_SYMBOLS,
    LEGEND_WIDE,
    MARK_SYMBOLS,
    NO_MARK,
)
from qplan.workload import LEGEND_LOAD, LOAD_HEADER

TOTAL_HEADERS = ["牵头", "配合", "合计", LOAD_HEADER]


def matrix_title(matrix: Matrix) -> str:
    return (f"{plan_heading(matrix.plan)} — 责任矩阵"
            f"（{len(matrix.items)} 项 × {len(matrix.units)} 个单位）")


def item_key_heading(matrix: Matrix) -> str:
    plan = matrix.plan
    first = matrix.items[0] if matrix.items else None
    if first is None or plan.label(first) == str(first.no):
        return "列号即条目序号："
    return f"列号即条目序号（{first.no}＝{plan.label(first)}）："


def notes(matrix: Matrix) -> list[str]:
    lines = [LEGEND_SYMBOLS]
    if matrix.has_inferred:
        lines.append(LEGEND_INFERRED_SYMBOL)
    if matrix.has_wide:
        lines.append(f"{LEGEND_WIDE}{wide_sources(matrix.plan)}")
    if matrix.has_acting:
        lines.append(LEGEND_ACTING)
    open_ended = matrix.open_ended_items
    if open_ended:
        numbers = "、".join(str(item.no) for item in open_ended)
        lines.append(f"第 {numbers} 项：{LEGEND_OPEN}")
    lines += no_units_note([matrix.plan])
    lines.append(f"合计为条目数；{LEGEND_LOAD}")
    return lines


def wide_sources(plan: Plan) -> str:
    return "".join(f"本计划：{wide_note(plan, wide)}" for wide in plan.plan_wide)


def matrix_record(matrix: Matrix) -> dict[str, Any]:
    plan = matrix.plan
    items = []
    for item in matrix.items:
        leads, supports = matrix.item_counts(item)
        section = plan.section_of(item)
        items.append({
            "no": item.no, "label": plan.label(item), "title": item.title,
            "section": section.title if section else None, "lead_stated": item.lead_stated,
            "open_ended": item.open_ended, "lead_units": leads, "support_units": supports,
        })
    units = [
        {"unit": u.unit, "kind": u.kind, "lead": u.lead, "lead_inferred": u.lead_inferred,
         "support": u.support, "plan_wide": u.wide, "total": u.total, "load": u.load,
         "marks": {str(no): mark for (name, no), mark in matrix.marks.items() if name == u.unit},
         "acting": {str(no): matrix.acting[u.unit, no] for no in u.acting}}
        for u in matrix.units
    ]
    return {"plan": plan.id, "title": plan.title, "items": items, "units": units,
            "kinds": [{"kind": g.kind, "units": [u.unit for u in g.units]} for g in matrix.groups]}


def matrix_report(matrix: Matrix) -> Report:
    table = Table([Column("单位", "units"), *(Column(str(item.no), "mark") for item in matrix.items),
                   *(Column(header, "number") for header in TOTAL_HEADERS)],
                  group="类别", compact=True, split="条目 {first}–{last}")
    for group in matrix.groups:
        for unit in group.units:
            marks = [matrix.mark(unit.unit, item.no) for item in matrix.items]
            symbols = [(ACTING_MARK if item.no in unit.acting else MARK_SYMBOLS[m]) if m else (Span(NO_MARK, "muted"),)
                       for m, item in zip(marks, matrix.items, strict=True)]
            table.rows.append(Row([unit.unit, *symbols,
                                   str(len(unit.lead)), str(len(unit.support)), str(unit.total), str(unit.load)],
                                  group=group.kind))
    counts = [matrix.item_counts(item) for item in matrix.items]
    blank = [""] * len(TOTAL_HEADERS)
    table.footer = [Row(["牵头单位数", *(str(lead) for lead, _ in counts), *blank], "strong"),
                    Row(["配合单位数", *(str(support) for _, support in counts), *blank], "strong")]
    report = Report([Heading(matrix_title(matrix)), table, Notes(notes(matrix)),
                     Index(item_key_heading(matrix), [f"{item.no:>2} {item.title}" for item in matrix.items])],
                    data=matrix_record(matrix))
    rows = []
    for unit in matrix.units:
        codes = [matrix.mark(unit.unit, item.no) or "" for item in matrix.items]
        rows.append([unit.unit, unit.kind, *codes, len(unit.lead), len(unit.lead_inferred),
                     len(unit.support), unit.total, unit.load])
    report.records = Records(["unit", "kind", *(str(item.no) for item in matrix.items),
                              "lead", "lead_inferred", "support", "total", "load"], rows)
    return report
