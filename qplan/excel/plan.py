"""The workbook a plan is circulated in: the plan's own sheet (分工表, or the 名单 of a project
list, see qplan.excel.layouts), 责任矩阵, 单位汇总 and its chart; and the workbook of one unit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qplan.columns import (
    ItemCell,
    ItemColumn,
    no_units_note,
    responsibility_notes,
    role_text,
    section_heading,
    title_text,
    units_from_legends,
    wide_note,
)
from qplan.excel.layouts import Layout, SheetColumn, layout_for
from qplan.excel.safe import TextCleaner, display_width, join_item_labels, sheet_title
from qplan.excel.styles import (
    BODY,
    BODY_FONT,
    CENTER,
    FILL_LEAD,
    HEADER,
    HEADER_ROW,
    SECTION,
    SMALLEST_SIZE,
    SheetWriter,
    Style,
    capacity,
    measured_width,
    new_workbook,
    save_workbook,
    setup_print,
)
from qplan.matrix import Matrix, UnitRow, build_matrix
from qplan.model import Item, Plan
from qplan.registry import Registry
from qplan.vocabulary import (
    ACTING_MARK,
    INFERRED_MARK,
    LEGEND_ACTING,
    LEGEND_INFERRED,
    LEGEND_INFERRED_SYMBOL,
    LEGEND_KEY,
    LEGEND_OPEN,
    LEGEND_VIA,
    LEGEND_WIDE,
    MARK_SYMBOLS,
)
from qplan.workload import LEGEND_LOAD, LOAD_HEADER

SUMMARY_HEADERS = ["序号", "单位", "类别", "牵头", "其中推定", "配合", "合计", LOAD_HEADER, "牵头任务", "配合任务"]
SMALL_HEADER = Style(font=HEADER.font, size=SMALLEST_SIZE, horizontal="center", fill=HEADER.fill)
# Unit names over the narrow matrix columns read top to bottom, whole (竖排).
STACKED_HEADER = Style(font=HEADER.font, size=SMALLEST_SIZE, horizontal="center", vertical="top",
                       fill=HEADER.fill, stacked=True)
MARK_LEAD = Style(horizontal="center", bold=True, fill=FILL_LEAD)
TOTAL = Style(horizontal="center", bold=True)
SUBTOTAL = Style(horizontal="center")
TOTAL_LABEL = Style(font=HEADER.font, size=BODY.size, horizontal="center")
CHART_SHEET = "负荷图"
STATUS_HEADER = "最新进展"
STATUS_NOTE = "最新进展：牵头单位最近一期报送的完成状态，括号内为报送期（据各单位交回的推进情况表）。"
# A matrix column holds one symbol (a full-width character) under a stacked name.
MATRIX_UNIT_WIDTH = 4.0


@dataclass
class _Context:
    plan: Plan
    registry: Registry
    matrix: Matrix
    cleaner: TextCleaner
    taken: set[str]

    @property
    def layout(self) -> Layout:
        return layout_for(self.plan)

    def where(self, item: Item | None, field: str) -> str:
        if item is None:
            return f"计划 {self.plan.id} 的{field}"
        return f"计划 {self.plan.id} 第{self.plan.label(item)}项的{field}"

    def sheet(self, workbook: Any, name: str) -> SheetWriter:
        ws = workbook.create_sheet(sheet_title(name, self.taken))
        return SheetWriter(ws, self.cleaner)


def write_plan_workbook(plan: Plan, registry: Registry, path: Path, *, force: bool = False, deadlines: bool = False,
                        statuses: Mapping[int, str] | None = None) -> list[str]:
    """Write the plan's workbook atomically; returns warnings about text that was changed.

    The plan's sheet has a 完成时限 column where the plan has any deadline (or `deadlines`
    asks for an empty one to fill in), and with `statuses` (item number -> text) a 最新进展
    column."""
    context = _context(plan, registry)
    workbook = new_workbook(context.cleaner.clean(plan.title, context.where(None, "标题")))
    _plan_sheet(workbook, context, ("deadline",) if deadlines else (), statuses)
    # A document that names no units (no_units) has no matrix or summary to print.
    if context.matrix.units:
        _matrix_sheet(workbook, context)
        _summary_sheet(workbook, context)
    save_workbook(workbook, path, force=force)
    return context.cleaner.warnings


def plan_sheets(plan: Plan, registry: Registry) -> list[str]:
    """The sheets write_plan_workbook writes for this plan, for the message that names them."""
    sheets = [layout_for(plan).sheet]
    if build_matrix(plan, registry).units:
        sheets += ["责任矩阵", "单位汇总", CHART_SHEET]
    return sheets


def write_unit_workbook(plan: Plan, registry: Registry, unit: str, path: Path, *,
                        force: bool = False) -> list[str]:
    """Write one unit's workbook: the items it leads and supports, to send to that unit."""
    context = _context(plan, registry)
    workbook = new_workbook(context.cleaner.clean(f"{unit}　{plan.title}", context.where(None, "标题")))
    _unit_sheet(workbook, context, unit)
    save_workbook(workbook, path, force=force)
    return context.cleaner.warnings


def unit_sheets(plan: Plan, registry: Registry) -> tuple[list[str], list[str]]:
    """The units that get a workbook of their own, heaviest first, and the group units that do
    not: a group whose members nobody recorded has no one to send it to."""
    units, skipped = [], []
    for row in build_matrix(plan, registry).by_load():
        group = registry.units.get(row.unit)
        if registry.is_group(row.unit) and not (group and group.members):
            skipped.append(row.unit)
        else:
            units.append(row.unit)
    return units, skipped


def _context(plan: Plan, registry: Registry) -> _Context:
    return _Context(plan, registry, build_matrix(plan, registry), TextCleaner(), set())


def document_line(plan: Plan) -> str:
    document = plan.document
    parts = [document.issuer, document.number or ""]
    parts.append(document.date_written)
    return "　".join(p for p in parts if p)


def _source_note(plan: Plan) -> str:
    document = plan.document
    number = f"（{document.number}）" if document.number else ""
    note = f"资料来源：《{document.title}》{number}。"
    if document.date_inferred:
        note += "原文件没有成文日期，表中日期为推定。"
    return note


def _item_legends(items: Sequence[Item], plan: Plan) -> list[str]:
    notes = []
    if any(not item.lead_stated and item.lead for item in items):
        notes.append(LEGEND_INFERRED)
    if any(item.open_ended for item in items):
        notes.append(LEGEND_OPEN)
    if any(item.key for item in items):
        notes.append(LEGEND_KEY)
    if any(body in item.units for item in items for body in item.acting):
        notes.append(LEGEND_ACTING)
    notes += units_from_legends(items) + responsibility_notes(plan, items)
    # Written once in the document for every item: said once under the table.
    notes += [wide_note(plan, wide) for wide in plan.plan_wide]
    notes += no_units_note([plan])
    return [*notes, _source_note(plan)]


def _column_widths(shown: Sequence[SheetColumn], cells: list[list[str]], headers: Sequence[str]) -> list[float]:
    return [measured_width([header, *(row[i] for row in cells)], minimum=column.minimum, maximum=column.maximum)
            for i, (column, header) in enumerate(zip(shown, headers, strict=True))]


def _plan_sheet(workbook: Any, context: _Context, wanted: Sequence[str] = (),
                statuses: Mapping[int, str] | None = None) -> None:
    plan, layout = context.plan, context.layout
    sheet = context.sheet(workbook, layout.sheet)
    shown = layout.shown(plan, context.registry, wanted=wanted)
    if statuses is not None:
        shown.append(SheetColumn(ItemColumn("status", STATUS_HEADER, "units", lambda c: statuses.get(c.item.no, "")),
                                 12, 24, CENTER))
    headers = [column.header_for(plan) for column in shown]
    cells = [[column.column.cell(ItemCell(plan, item, context.registry)) for column in shown] for item in plan.items]
    widths = _column_widths(shown, cells, headers)
    # Item numbers are never broken: （十五） keeps one line.
    minimums = [_label_width(plan, plan.items) if c.column.key == "label" else c.minimum for c in shown]
    row = sheet.start_table(widths, layout.title(plan), document_line(plan), headers, context.where(None, "标题"),
                            paper=layout.paper, minimums=minimums, cells=cells, lists=[c.lists for c in shown])
    section_no: int | None = None
    for item, values in zip(plan.items, cells, strict=True):
        section = plan.section_of(item) if layout.sections else None
        if section is not None and section.no != section_no:
            section_no = section.no
            row += 1
            heading = section_heading(plan, section.no)
            sheet.put(row, 1, heading, SECTION, context.where(None, f"第{section.no}部分标题"), span=len(widths))
            sheet.keep_with_next(row)
        row += 1
        for index, (column, value) in enumerate(zip(shown, values, strict=True), 1):
            sheet.put(row, index, value, column.style, context.where(item, column.field), lists=column.lists)
    notes = _item_legends(plan.items, plan)
    if statuses is not None:
        notes.insert(-1, STATUS_NOTE)
    _end(sheet, context, row, notes, filter_to=_letter(len(widths)))


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _label_width(plan: Plan, items: Sequence[Item]) -> float:
    return measured_width([plan.label(i) for i in items] + ["序号"], minimum=6, maximum=10)


def _end(sheet: SheetWriter, context: _Context, last: int, notes: Sequence[str], *,
         filter_to: str, title_rows: tuple[int, int] = (HEADER_ROW, HEADER_ROW),
         freeze: str = f"A{HEADER_ROW + 1}", filter_last: int | None = None, unit: str | None = None) -> int:
    return sheet.end_table(last, notes, context.where(None, "文件信息"), title_rows=title_rows,
                           freeze=freeze, filter_to=filter_to, page_title=context.plan.title,
                           filter_last=filter_last, page_left=unit)


def _mark_text(matrix: Matrix, unit: UnitRow, item: Item) -> str | None:
    """The matrix's symbol, as on the terminal: one character, so that 30 and more units fit
    an A3 page at a readable size."""
    mark = matrix.mark(unit.unit, item.no)
    if mark is None:
        return None
    return ACTING_MARK if item.no in unit.acting else MARK_SYMBOLS[mark]


def _matrix_sheet(workbook: Any, context: _Context) -> None:
    plan, matrix = context.plan, context.matrix
    sheet = context.sheet(workbook, "责任矩阵")
    units = matrix.units
    first_unit = 3
    count_column = first_unit + len(units)
    marks = [[_mark_text(matrix, unit, item) or "" for item in plan.items] for unit in units]
    unit_widths = [MATRIX_UNIT_WIDTH] * len(units)
    widths = [
        _label_width(plan, plan.items),
        measured_width([title_text(i) for i in plan.items], minimum=14, maximum=22),
        *unit_widths, 4.5, 4.5,
    ]
    # Row 2 carries the kind bands over the unit columns instead of the document details,
    # which the source note below the table gives.
    header_row = sheet.start_table(widths, f"{plan.title}责任矩阵", None, None, context.where(None, "标题"),
                                   paper="A3", keep=first_unit - 1)
    kind_row = header_row - 1
    sheet.put(kind_row, 1, "单位类别", SMALL_HEADER, span=2)
    column = first_unit
    for group in matrix.groups:
        span = len(group.units)
        room = capacity(sum(sheet.widths[c] for c in range(column, column + span)), SMALLEST_SIZE)
        style = SMALL_HEADER if display_width(group.kind) <= room else STACKED_HEADER
        sheet.put(kind_row, column, group.kind, style, "单位类别", span=span)
        column += span
    sheet.put(kind_row, count_column, "单位数", SMALL_HEADER, span=2)
    sheet.put_row(header_row, ["序号", "重点任务"], HEADER)
    for offset, unit in enumerate(units):
        sheet.put(header_row, first_unit + offset, unit.unit, STACKED_HEADER, "单位名称")
    sheet.put_row(header_row, ["牵头", "配合"], STACKED_HEADER, start=count_column)
    row = header_row
    for index, item in enumerate(plan.items):
        row += 1
        sheet.put(row, 1, plan.label(item), CENTER)
        sheet.put(row, 2, title_text(item), BODY, context.where(item, "标题"))
        for offset, unit in enumerate(units):
            text = marks[offset][index] or None
            mark = matrix.mark(unit.unit, item.no)
            style = MARK_LEAD if mark in ("lead", "lead_inferred", "lead_wide") else CENTER
            sheet.put(row, first_unit + offset, text, style)
        leads, supports = matrix.item_counts(item)
        sheet.put_row(row, [leads, supports], CENTER, start=count_column)
    last_item = row
    totals: list[tuple[str, list[int]]] = [("牵头（项）", [len(u.lead) for u in units])]
    if matrix.has_inferred:
        totals.append(("其中推定", [len(u.lead_inferred) for u in units]))
    if matrix.has_acting:
        totals.append(("其中代行", [len(u.acting) for u in units]))
    totals += [("配合（项）", [len(u.support) for u in units]),
               ("合计（项）", [u.total for u in units])]
    # The last two items stay with the totals (and so with the notes): a page under the
    # matrix's tall header holds more than sums.
    kept = max(header_row + 1, last_item - 1)
    sheet.keep_with_next(kept, last_item - kept + len(totals), fill=0.0)
    for label, values in totals:
        row += 1
        sheet.put(row, 1, label, TOTAL_LABEL, span=2)
        sheet.put_row(row, values, TOTAL if label == totals[-1][0] else SUBTOTAL, start=first_unit)
        sheet.put_row(row, ["", ""], CENTER, start=count_column)
    notes = [
        f"{MARK_SYMBOLS['lead']} 牵头　{MARK_SYMBOLS['support']} 配合。"
        "右侧为各条目的牵头、配合单位数，下方为各单位牵头、配合的条目数。",
    ]
    if matrix.has_inferred:
        notes.append(LEGEND_INFERRED_SYMBOL)
    if matrix.has_wide:
        notes += [f"{MARK_SYMBOLS['lead_wide']} {MARK_SYMBOLS['support_wide']}：{LEGEND_WIDE}",
                  *(wide_note(plan, wide) for wide in plan.plan_wide)]
    if matrix.has_acting:
        notes.append(f"{LEGEND_ACTING}代行的条目计入代行单位。")
    if any(item.key for item in plan.items):
        notes.append(LEGEND_KEY)
    open_ended = matrix.open_ended_items
    if open_ended:
        labels = "".join(plan.label(item) for item in open_ended)
        notes.append(f"第{labels}项：{LEGEND_OPEN}")
    notes.append(_source_note(plan))
    _end(sheet, context, row, notes, filter_to=_letter(len(widths)), title_rows=(kind_row, header_row),
         freeze=f"{_letter(first_unit)}{header_row + 1}", filter_last=last_item)


def _labels(plan: Plan, numbers: Sequence[int], marks: dict[int, str] | None = None) -> str:
    by_no = _items_by_no(plan)

    def label(no: int) -> str:
        found = by_no.get(no)
        return (plan.label(found) if found else str(no)) + (marks or {}).get(no, "")

    if marks:
        # A run stays a run (（一）至（四）) only where none of it is marked.
        runs: list[list[int]] = []
        for no in sorted(numbers):
            if runs and no == runs[-1][-1] + 1 and not (marks.get(no) or marks.get(runs[-1][-1])):
                runs[-1].append(no)
            else:
                runs.append([no])
        return "、".join(join_item_labels(run, label) for run in runs)
    return join_item_labels(numbers, label)


def _items_by_no(plan: Plan) -> dict[int, Item]:
    # As Plan.item: the first item of a number.
    found: dict[int, Item] = {}
    for item in plan.items:
        found.setdefault(item.no, item)
    return found


def _lead_labels(plan: Plan, unit: UnitRow) -> str:
    """The items a unit leads, those it holds for the body it acts for marked ▲ and, where
    only some of its leads are inferred, those marked ※ (where all are, 其中推定 says so)."""
    partly = len(unit.lead_inferred) < len(unit.lead)
    marks = dict.fromkeys(unit.lead_inferred if partly else [], INFERRED_MARK)
    for no in unit.acting:
        marks[no] = marks.get(no, "") + ACTING_MARK
    return _labels(plan, unit.lead, marks)


def _summary_sheet(workbook: Any, context: _Context) -> None:
    plan, matrix = context.plan, context.matrix
    sheet = context.sheet(workbook, "单位汇总")
    units = matrix.by_load()
    lead_cells = [_lead_labels(plan, u) for u in units]
    support_cells = [_labels(plan, u.support) for u in units]
    # Headers of the counts may wrap (其中/推定): the numbers below are short. Two characters
    # of the heading font a line need 8 units in LibreOffice, which keeps words whole.
    counts = [measured_width([h], minimum=8, maximum=12, size=HEADER.size) for h in SUMMARY_HEADERS[3:8]]
    widths = [
        6,
        measured_width([u.unit for u in units] + ["单位"], minimum=16, maximum=32),
        measured_width([u.kind for u in units] + ["类别"], minimum=8, maximum=14),
        *counts,
        measured_width(lead_cells, minimum=14, maximum=30),
        measured_width(support_cells, minimum=14, maximum=36),
    ]
    cells = [[str(index), u.unit, u.kind, "", "", "", "", "", leads, supports]
             for index, (u, leads, supports) in enumerate(zip(units, lead_cells, support_cells, strict=True), 1)]
    row = first = sheet.start_table(widths, f"{plan.title}各单位任务汇总", document_line(plan), SUMMARY_HEADERS,
                                    context.where(None, "标题"), minimums=[6, 16, 8, *([8.0] * 5), 12, 12],
                                    cells=cells, lists=[False, True] + [False] * 6 + [True, True])
    for index, (unit, leads, supports) in enumerate(zip(units, lead_cells, support_cells, strict=True), 1):
        row += 1
        sheet.put(row, 1, index, CENTER)
        # A name too long for the column breaks where a name may (see styles.split_entry).
        sheet.put(row, 2, unit.unit, BODY, "单位名称", lists=True)
        sheet.put(row, 3, unit.kind, CENTER, "单位类别")
        sheet.put_row(row, [len(unit.lead), len(unit.lead_inferred), len(unit.support), unit.total, unit.load],
                      CENTER, start=4)
        sheet.put(row, 9, leads, BODY, lists=True)
        sheet.put(row, 10, supports, BODY, lists=True)
    last = row
    notes = [f"单位：项。按负荷从高到低排列，{LEGEND_LOAD}“牵头任务”“配合任务”列出条目序号。"]
    if matrix.has_inferred:
        notes.append(f"“其中推定”为推定为牵头的条目数（原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定），"
                     f"只有部分推定的，“牵头任务”中这些条目标 {INFERRED_MARK}。")
    if matrix.has_acting:
        notes.append(f"{LEGEND_ACTING}代行的条目计入代行单位，序号后标{ACTING_MARK}。")
    notes.append(f"各单位牵头、配合任务数的条形图见“{CHART_SHEET}”工作表。")
    notes.append(_source_note(plan))
    _end(sheet, context, last, notes, filter_to="J")
    if units:
        _chart_sheet(workbook, context, sheet.ws, first=first + 1, last=last,
                     heaviest=max(u.total for u in units))


# LibreOffice leaves out every other unit name on the 负荷图's axis (whatever tickLblSkip says)
# once the names stand closer than it likes, or one of them wraps: at 9 pt and 0.8 cm a unit,
# it names all of 2025's 26 units and 2023-2025's 34 with the Noto CJK fonts alone and with
# the usual ones. The chart prints at full size, so 9 pt is 9 pt on paper.
CHART_LABEL_PT = 9.0
CHART_CM_PER_UNIT = 0.8


def _chart_sheet(workbook: Any, context: _Context, data: Any, *, first: int, last: int, heaviest: int) -> None:
    """A native bar chart of lead and support counts, on a sheet of its own: one printed page
    with no table header above it."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Font, Paragraph, ParagraphProperties

    ws = workbook.create_sheet(sheet_title(CHART_SHEET, context.taken))
    units = last - first + 1
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.title = f"{context.cleaner.clean(context.plan.title, '标题')}：各单位牵头、配合任务数（项）"
    for column, colour in ((4, "2F5597"), (6, "9DC3E6")):
        chart.add_data(Reference(data, min_col=column, min_row=first - 1, max_row=last), titles_from_data=True)
        chart.series[-1].graphicalProperties.solidFill = colour
        chart.series[-1].graphicalProperties.line.solidFill = colour
    chart.set_categories(Reference(data, min_col=2, min_row=first, max_row=last))
    text = CharacterProperties(sz=int(CHART_LABEL_PT * 100), latin=Font(typeface=BODY_FONT),
                               ea=Font(typeface=BODY_FONT))
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
    # An A4 page less its margins (cm), landscape while every unit has CHART_CM_PER_UNIT of
    # height there, else portrait. The page prints the whole columns the chart reaches into:
    # 16 cm ends within the ninth or tenth default column, which fit a portrait page in either
    # digit width (see styles.WIDE_DIGIT_PX), so it prints at full size.
    portrait = units > (17.0 - 3) / CHART_CM_PER_UNIT
    chart.width = 16.0 if portrait else 25.5
    chart.height = min(25.0 if portrait else 17.0, max(9.0, CHART_CM_PER_UNIT * units + 3))
    ws.add_chart(chart, "A1")
    setup_print(ws, paper="A4", title_rows=None, freeze=None, filter_ref=None, title=context.plan.title)
    if portrait:
        ws.page_setup.orientation = "portrait"


def _unit_sheet(workbook: Any, context: _Context, unit: str) -> None:
    from qplan.query import select_items, unrecorded_group_items

    plan, registry = context.plan, context.registry
    sheet = context.sheet(workbook, unit)
    rows = select_items([plan], registry, dept=unit)
    shown = [column for column in context.layout.shown(plan, registry) if column.column.key != "label"]
    headers = ["序号", "本单位", *(column.header_for(plan) for column in shown)]
    cells = [[plan.label(r.item), role_text(r.role, r.item, r.via, r.wide),
              *(column.column.cell(ItemCell(plan, r.item, registry)) for column in shown)] for r in rows]
    widths = [
        _label_width(plan, [r.item for r in rows]),
        measured_width(["本单位", *(c[1] for c in cells)], minimum=8, maximum=16),
        *(measured_width([header, *(c[i + 2] for c in cells)], minimum=column.minimum, maximum=column.maximum)
          for i, (column, header) in enumerate(zip(shown, headers[2:], strict=True))),
    ]
    leads = [r for r in rows if r.role == "lead"]
    inferred = sum(1 for r in leads if not r.item.lead_stated)
    counted = f"牵头 {len(leads)} 项{f'（其中推定 {inferred} 项）' if inferred else ''}，" \
              f"配合 {len(rows) - len(leads)} 项"
    row = sheet.start_table(widths, f"{unit}　{plan.title}任务分工", f"{counted}　{document_line(plan)}", headers,
                            context.where(None, "标题"), minimums=[widths[0], 8, *(c.minimum for c in shown)],
                            cells=cells, lists=[False, False, *(c.lists for c in shown)])
    for found, values in zip(rows, cells, strict=True):
        item = found.item
        row += 1
        sheet.put(row, 1, values[0], CENTER)
        sheet.put(row, 2, values[1], MARK_LEAD if found.role == "lead" else CENTER)
        for index, (column, value) in enumerate(zip(shown, values[2:], strict=True), 3):
            sheet.put(row, index, value, column.style, context.where(item, column.field), lists=column.lists)
    if not rows:
        row += 1
        sheet.put(row, 1, f"{unit}在本计划中没有牵头或配合的条目。", BODY, span=len(widths))
    notes = _item_legends([r.item for r in rows], plan)
    if any(r.via_group for r in rows):
        notes.insert(0, LEGEND_VIA)
    if any(r.wide for r in rows):
        notes.insert(0, LEGEND_WIDE)
    # The workbook goes to the unit: the note says what to do with the items, not how to
    # record a group's members in qplan (that is the office's business, in the terminal).
    unrecorded = unrecorded_group_items([plan], registry, unit)
    if unrecorded:
        groups = "；".join(f"{name}：{_labels(plan, [i.no for i in plan.items if name in i.units])}"
                           for name in unrecorded)
        notes.insert(0, f"以下条目由单位群组承担，本表未列入：{groups}。本单位如是其中群组的成员，请一并落实。")
    _end(sheet, context, row, notes, filter_to=_letter(len(widths)), unit=unit)
