"""The workbook a plan is circulated in: 分工表, 责任矩阵, 单位汇总, and a sheet per unit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qplan import columns
from qplan.columns import ItemCell, lead_text, role_text, support_text, title_text, wide_note
from qplan.excel.safe import TextCleaner, join_item_labels, sheet_title
from qplan.excel.styles import (
    BODY,
    BODY_FONT,
    CENTER,
    FILL_LEAD,
    HEADER,
    HEADER_ROW,
    SECTION,
    SheetWriter,
    Style,
    measured_width,
    new_workbook,
    save_workbook,
)
from qplan.matrix import Matrix, UnitRow, build_matrix
from qplan.model import Item, Plan
from qplan.numerals import to_chinese_number
from qplan.registry import Registry
from qplan.vocabulary import (
    LEGEND_ACTING,
    LEGEND_INFERRED,
    LEGEND_KEY,
    LEGEND_OPEN,
    LEGEND_VIA,
    LEGEND_WIDE,
    MARK_LABELS,
)
from qplan.workload import LEGEND_LOAD, LOAD_HEADER

DIVISION_HEADERS = [column.column(formal=True).header for column in columns.DIVISION]
UNIT_HEADERS = [column.column(formal=True).header for column in columns.UNIT_DIVISION]
SUMMARY_HEADERS = ["序号", "单位", "类别", "牵头", "其中推定", "配合", "合计", LOAD_HEADER, "牵头任务", "配合任务"]
STATUS_HEADER = "最新进展"
STATUS_NOTE = "最新进展：牵头单位最近一期报送的完成状态，括号内为报送期（由 qplan collect 收录）。"
MATRIX_UNIT_WIDTH = 7.5
SMALL_HEADER = Style(font=HEADER.font, size=10, horizontal="center", fill=HEADER.fill)
MARK_LEAD = Style(horizontal="center", bold=True, fill=FILL_LEAD)
TOTAL = Style(horizontal="center", bold=True)
SUBTOTAL = Style(horizontal="center")
TOTAL_LABEL = Style(font=HEADER.font, size=BODY.size, horizontal="center")


@dataclass
class _Context:
    plan: Plan
    registry: Registry
    matrix: Matrix
    cleaner: TextCleaner
    taken: set[str]

    def where(self, item: Item | None, field: str) -> str:
        if item is None:
            return f"计划 {self.plan.id} 的{field}"
        return f"计划 {self.plan.id} 第{self.plan.label(item)}项的{field}"

    def sheet(self, workbook: Any, name: str) -> SheetWriter:
        ws = workbook.create_sheet(sheet_title(name, self.taken))
        return SheetWriter(ws, self.cleaner)


def write_plan_workbook(plan: Plan, registry: Registry, path: Path, *,
                        per_unit: bool = False, force: bool = False, deadlines: bool = False,
                        statuses: Mapping[int, str] | None = None) -> list[str]:
    """Write the plan's workbook atomically; returns warnings about text that was changed.

    The 分工表 has a 完成时限 column where the plan has any deadline (or `deadlines` asks for
    one), and with `statuses` (item number -> text) a 最新进展 column."""
    context = _Context(plan, registry, build_matrix(plan, registry), TextCleaner(), set())
    workbook = new_workbook(context.cleaner.clean(plan.title, context.where(None, "标题")))
    _division_sheet(workbook, context, deadlines or any(item.deadline for item in plan.items), statuses)
    _matrix_sheet(workbook, context)
    _summary_sheet(workbook, context)
    if per_unit:
        for unit in context.matrix.by_load():
            _unit_sheet(workbook, context, unit)
    save_workbook(workbook, path, force=force)
    return context.cleaner.warnings


def _document_line(plan: Plan) -> str:
    document = plan.document
    parts = [document.issuer, document.number or ""]
    if document.date and document.year_only:
        parts.append(f"约{document.date.year}年（推定）")
    elif document.date:
        parts.append(f"{document.date.year}年{document.date.month}月{document.date.day}日")
    return "　".join(p for p in parts if p)


def _source_note(plan: Plan) -> str:
    document = plan.document
    number = f"（{document.number}）" if document.number else ""
    return f"资料来源：《{document.title}》{number}。"


def _item_legends(items: Sequence[Item], plan: Plan) -> list[str]:
    notes = []
    if any(not item.lead_stated and item.lead for item in items):
        notes.append(LEGEND_INFERRED)
    if any(item.open_ended for item in items):
        notes.append(LEGEND_OPEN)
    if any(item.key for item in items):
        notes.append(LEGEND_KEY)
    # Written once in the document for every item: said once under the table.
    notes += [wide_note(plan, wide) for wide in plan.plan_wide]
    return [*notes, _source_note(plan)]


def _division_sheet(workbook: Any, context: _Context, deadlines: bool, statuses: Mapping[int, str] | None) -> None:
    plan, registry = context.plan, context.registry
    sheet = context.sheet(workbook, "分工表")
    leads = [lead_text(item, registry) for item in plan.items]
    supports = [support_text(item, registry) for item in plan.items]
    extra = [columns.DEADLINE.cell(ItemCell(plan, item, registry)) for item in plan.items] if deadlines else []
    widths = [
        _label_width(plan, plan.items), *_title_and_text_widths(plan.items, 18, 64 - 10 * bool(statuses)),
        measured_width(leads, minimum=12, maximum=26),
        measured_width(supports, minimum=14, maximum=30),
    ]
    headers = list(DIVISION_HEADERS)
    if deadlines:
        widths.append(measured_width([*extra, "完成时限"], minimum=10, maximum=16))
        headers.append(columns.DEADLINE.header)
    if statuses is not None:
        widths.append(measured_width([*statuses.values(), "最新进展"], minimum=12, maximum=24))
        headers.append(STATUS_HEADER)
    row = sheet.start_table(widths, f"{plan.title}任务分工表", _document_line(plan), headers,
                            context.where(None, "标题"))
    section_no: int | None = None
    for item, lead, support in zip(plan.items, leads, supports, strict=True):
        section = plan.section_of(item)
        if section is not None and section.no != section_no:
            section_no = section.no
            row += 1
            heading = f"{to_chinese_number(section.no)}、{section.title}"
            sheet.put(row, 1, heading, SECTION, context.where(None, f"第{section.no}部分标题"),
                      span=len(widths))
            sheet.keep_with_next(row)
        row += 1
        sheet.put(row, 1, plan.label(item), CENTER)
        sheet.put(row, 2, title_text(item), BODY, context.where(item, "标题"))
        sheet.put(row, 3, item.text, BODY, context.where(item, "内容"))
        sheet.put(row, 4, lead, CENTER, context.where(item, "牵头单位"))
        sheet.put(row, 5, support, BODY, context.where(item, "配合单位"))
        column = 6
        if deadlines:
            sheet.put(row, column, item.deadline.text if item.deadline else None, CENTER)
            column += 1
        if statuses is not None:
            sheet.put(row, column, statuses.get(item.no, ""), CENTER)
    notes = _item_legends(plan.items, plan)
    if statuses is not None:
        notes.insert(-1, STATUS_NOTE)
    from openpyxl.utils import get_column_letter

    _end(sheet, context, row, notes, paper="A4", filter_to=get_column_letter(len(widths)))


def _title_and_text_widths(items: Sequence[Item], title: float, text: float) -> tuple[float, float]:
    """A project list has titles and no texts: give the titles the room instead."""
    if any(item.text for item in items):
        return title, text
    return measured_width([title_text(i) for i in items], minimum=title, maximum=title + text - 12), 12


def _label_width(plan: Plan, items: Sequence[Item]) -> float:
    return measured_width([plan.label(i) for i in items] + ["序号"], minimum=6, maximum=10)


def _end(sheet: SheetWriter, context: _Context, last: int, notes: Sequence[str], *, paper: str,
         filter_to: str, title_rows: tuple[int, int] = (HEADER_ROW, HEADER_ROW),
         freeze: str = f"A{HEADER_ROW + 1}", filter_last: int | None = None) -> int:
    return sheet.end_table(last, notes, context.where(None, "文件信息"), paper=paper, title_rows=title_rows,
                           freeze=freeze, filter_to=filter_to, page_title=context.plan.title,
                           filter_last=filter_last)


def _matrix_sheet(workbook: Any, context: _Context) -> None:
    from openpyxl.utils import get_column_letter

    plan, matrix = context.plan, context.matrix
    sheet = context.sheet(workbook, "责任矩阵")
    units = matrix.units
    first_unit = 3
    count_column = first_unit + len(units)
    widths = [
        _label_width(plan, plan.items),
        measured_width([i.title for i in plan.items], minimum=14, maximum=22),
        *([MATRIX_UNIT_WIDTH] * len(units)), 8, 8,
    ]
    # Row 2 carries the kind bands over the unit columns instead of the document details,
    # which the source note below the table gives.
    header_row = sheet.start_table(widths, f"{plan.title}责任矩阵", None, None, context.where(None, "标题"))
    kind_row = header_row - 1
    sheet.put(kind_row, 1, "单位类别", SMALL_HEADER, span=2)
    column = first_unit
    for group in matrix.groups:
        sheet.put(kind_row, column, group.kind, SMALL_HEADER, "单位类别", span=len(group.units))
        column += len(group.units)
    sheet.put(kind_row, count_column, "单位数", SMALL_HEADER, span=2)
    sheet.put_row(header_row, ["序号", "重点任务"], HEADER)
    for offset, unit in enumerate(units):
        sheet.put(header_row, first_unit + offset, unit.unit, SMALL_HEADER, "单位名称")
    sheet.put_row(header_row, ["牵头", "配合"], SMALL_HEADER, start=count_column)
    row = header_row
    for item in plan.items:
        row += 1
        sheet.put(row, 1, plan.label(item), CENTER)
        sheet.put(row, 2, title_text(item), BODY, context.where(item, "标题"))
        for offset, unit in enumerate(units):
            mark = matrix.mark(unit.unit, item.no)
            style = MARK_LEAD if mark in ("lead", "lead_inferred") else CENTER
            sheet.put(row, first_unit + offset, MARK_LABELS[mark] if mark else None, style)
        leads, supports = matrix.item_counts(item)
        sheet.put_row(row, [leads, supports], CENTER, start=count_column)
    last_item = row
    totals: list[tuple[str, list[int]]] = [("牵头（项）", [len(u.lead) for u in units])]
    if matrix.has_inferred:
        totals.append(("其中推定", [len(u.lead_inferred) for u in units]))
    totals += [("配合（项）", [len(u.support) for u in units]),
               ("合计（项）", [u.total for u in units])]
    for label, values in totals:
        row += 1
        sheet.put(row, 1, label, TOTAL_LABEL, span=2)
        sheet.put_row(row, values, TOTAL if label == totals[-1][0] else SUBTOTAL, start=first_unit)
        sheet.put_row(row, ["", ""], CENTER, start=count_column)
    notes = [
        f"“{MARK_LABELS['lead']}”为牵头单位，“{MARK_LABELS['support']}”为配合单位；"
        "右侧为各条目的牵头、配合单位数，下方为各单位牵头、配合的条目数。",
    ]
    if matrix.has_inferred:
        notes.append(f"“{MARK_LABELS['lead_inferred']}”：{LEGEND_INFERRED}")
    if matrix.has_wide:
        notes += [f"“{MARK_LABELS['support_wide']}”：{LEGEND_WIDE}",
                  *(wide_note(plan, wide) for wide in plan.plan_wide)]
    open_ended = matrix.open_ended_items
    if open_ended:
        labels = "".join(plan.label(item) for item in open_ended)
        notes.append(f"第{labels}项：{LEGEND_OPEN}")
    notes.append(_source_note(plan))
    _end(sheet, context, row, notes, paper="A3", filter_to=get_column_letter(len(widths)),
         title_rows=(kind_row, header_row), freeze=f"{get_column_letter(first_unit)}{header_row + 1}",
         filter_last=last_item)


def _labels(plan: Plan, numbers: Sequence[int]) -> str:
    def label(no: int) -> str:
        found = plan.item(no)
        return plan.label(found) if found else str(no)

    return join_item_labels(numbers, label)


def _lead_labels(plan: Plan, unit: UnitRow) -> str:
    text = _labels(plan, unit.lead)
    if unit.lead_inferred and len(unit.lead_inferred) < len(unit.lead):
        text += f"（其中推定：{_labels(plan, unit.lead_inferred)}）"
    return text


def _summary_sheet(workbook: Any, context: _Context) -> None:
    plan, matrix = context.plan, context.matrix
    sheet = context.sheet(workbook, "单位汇总")
    units = matrix.by_load()
    lead_cells = [_lead_labels(plan, u) for u in units]
    support_cells = [_labels(plan, u.support) for u in units]
    counts = [measured_width([h], minimum=6, maximum=12, size=HEADER.size) for h in SUMMARY_HEADERS[3:8]]
    widths = [
        6,
        measured_width([u.unit for u in units] + ["单位"], minimum=12, maximum=40),
        measured_width([u.kind for u in units] + ["类别"], minimum=8, maximum=14),
        *counts,
        measured_width(lead_cells, minimum=16, maximum=34),
        measured_width(support_cells, minimum=16, maximum=40),
    ]
    row = first = sheet.start_table(widths, f"{plan.title}各单位任务汇总", _document_line(plan), SUMMARY_HEADERS,
                                    context.where(None, "标题"))
    for index, (unit, leads, supports) in enumerate(zip(units, lead_cells, support_cells, strict=True), 1):
        row += 1
        sheet.put(row, 1, index, CENTER)
        sheet.put(row, 2, unit.unit, BODY, "单位名称")
        sheet.put(row, 3, unit.kind, CENTER, "单位类别")
        sheet.put_row(row, [len(unit.lead), len(unit.lead_inferred), len(unit.support), unit.total, unit.load],
                      CENTER, start=4)
        sheet.put(row, 9, leads, BODY)
        sheet.put(row, 10, supports, BODY)
    last = row
    notes = [f"单位：项。按负荷从高到低排列，{LEGEND_LOAD}“牵头任务”“配合任务”列出条目序号。"]
    if matrix.has_inferred:
        notes.append("“其中推定”：原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定为牵头的条目数。")
    notes.append(_source_note(plan))
    end = _end(sheet, context, last, notes, paper="A4", filter_to="J")
    if units:
        _load_chart(sheet.ws, first=first + 1, last=last, anchor_row=end + 2, heaviest=max(u.total for u in units))


def _load_chart(ws: Any, *, first: int, last: int, anchor_row: int, heaviest: int) -> None:
    """A native bar chart of lead and support counts, on a page of its own."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties
    from openpyxl.worksheet.pagebreak import Break

    units = last - first + 1
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.title = "各单位牵头、配合任务数（项）"
    for column, colour in ((4, "2F5597"), (6, "9DC3E6")):
        chart.add_data(Reference(ws, min_col=column, min_row=first - 1, max_row=last),
                       titles_from_data=True)
        chart.series[-1].graphicalProperties.solidFill = colour
        chart.series[-1].graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(ws, min_col=2, min_row=first, max_row=last))
    text = CharacterProperties(sz=900, latin=Font(typeface=BODY_FONT), ea=Font(typeface=BODY_FONT))
    chart.x_axis.txPr = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=text), endParaRPr=text)])
    # Every unit named, heaviest on top as in the table, the value axis at the bottom.
    chart.x_axis.tickLblSkip = 1
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"
    chart.y_axis.majorUnit = 1 if heaviest <= 15 else 5
    chart.y_axis.majorGridlines = None
    chart.legend.position = "b"
    chart.width = 24
    chart.height = min(16.0, max(8.0, 0.5 * units + 3))
    ws.row_breaks.append(Break(id=anchor_row - 1))
    ws.add_chart(chart, f"B{anchor_row}")


def _unit_sheet(workbook: Any, context: _Context, unit: UnitRow) -> None:
    from qplan.query import select_items

    plan, registry = context.plan, context.registry
    sheet = context.sheet(workbook, unit.unit)
    rows = select_items([plan], registry, dept=unit.unit)
    leads = [lead_text(r.item, registry) for r in rows]
    supports = [support_text(r.item, registry) for r in rows]
    roles = [role_text(r.role, r.item, r.via, r.wide) for r in rows]
    widths = [
        _label_width(plan, [r.item for r in rows]),
        measured_width([*roles, "本单位"], minimum=8, maximum=16),
        *_title_and_text_widths([r.item for r in rows], 16, 56),
        measured_width(leads, minimum=12, maximum=20),
        measured_width(supports, minimum=14, maximum=26),
    ]
    inferred = f"（其中推定 {len(unit.lead_inferred)} 项）" if unit.lead_inferred else ""
    row = sheet.start_table(widths, f"{unit.unit}　{plan.title}任务分工",
                            f"牵头 {len(unit.lead)} 项{inferred}，配合 {len(unit.support)} 项", UNIT_HEADERS,
                            context.where(None, "标题"))
    for found, role, lead, support in zip(rows, roles, leads, supports, strict=True):
        item = found.item
        row += 1
        style = MARK_LEAD if found.role == "lead" else CENTER
        sheet.put(row, 1, plan.label(item), CENTER)
        sheet.put(row, 2, role, style)
        sheet.put(row, 3, title_text(item), BODY, context.where(item, "标题"))
        sheet.put(row, 4, item.text, BODY, context.where(item, "内容"))
        sheet.put(row, 5, lead, CENTER, context.where(item, "牵头单位"))
        sheet.put(row, 6, support, BODY, context.where(item, "配合单位"))
    last = row
    notes = _item_legends([r.item for r in rows], plan)
    if any(r.via_group for r in rows):
        notes.insert(0, LEGEND_VIA)
    if any(r.acting_for for r in rows):
        notes.insert(0, LEGEND_ACTING)
    if any(r.wide for r in rows):
        notes.insert(0, LEGEND_WIDE)
    _end(sheet, context, last, notes, paper="A4", filter_to="F")

