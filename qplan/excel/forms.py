"""Progress forms (推进情况表) as workbooks: one per unit, print-ready like the 分工表.

The locked columns are grey and protected, the columns to fill are open, 完成状态 is a
drop-down, and the form records what it is (qplan.progress.form) in custom document
properties and a very hidden sheet, so that it is recognised when it comes back renamed,
re-saved or with its columns moved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qplan.excel.safe import TextCleaner
from qplan.excel.styles import (
    BODY,
    CENTER,
    HEADER_ROW,
    SMALLEST_SIZE,
    SheetWriter,
    Style,
    measured_width,
    new_workbook,
    row_height,
    save_workbook,
)
from qplan.progress.form import (
    FILL_HEADERS,
    FILL_SHEET,
    HEADERS,
    LOCKED_HEADERS,
    META_ITEMS,
    META_KEYS,
    META_SHEET,
    PROP_KIND,
    PROP_PERIOD,
    PROP_PLAN,
    PROP_PLAN_TITLE,
    PROP_UNIT,
    PROP_VERSION,
    STATUS_CHOICES,
    FormSpec,
    first_line,
)

FILL_LOCKED = "EDEDED"
LOCKED = Style(fill=FILL_LOCKED)
LOCKED_CENTER = Style(horizontal="center", fill=FILL_LOCKED)
# A task with its text reads from the top, as a paragraph does, a size smaller than the rest.
LOCKED_TASK = Style(size=SMALLEST_SIZE, vertical="top", fill=FILL_LOCKED)
# Room to write by hand on a printed form, and a start for typing on screen.
FILL_LINES = 3
FILL_WIDTHS = {"进展情况": 42.0, "完成状态": 12.0, "存在问题": 22.0, "下步计划": 22.0, "佐证材料": 16.0}
# The least each column to fill keeps when the table is narrowed to fit A4 at full size: the
# rows are tall (a task's text), so narrow columns still leave room to write.
FILL_MINIMUMS = {"进展情况": 16.0, "完成状态": 11.0, "存在问题": 9.0, "下步计划": 9.0, "佐证材料": 8.0}
# 任务 holds the item's text below its title: wide enough to read as a paragraph on paper.
TASK_WITH_TEXT_WIDTH = 40.0


def write_form(spec: FormSpec, path: Path, *, force: bool = False) -> list[str]:
    """Write one unit's form atomically; returns warnings about text that had to change."""
    cleaner = TextCleaner()
    workbook = new_workbook(cleaner.clean(spec.title, "标题"))
    _fill_sheet(workbook, spec, cleaner)
    _meta_sheet(workbook, spec, cleaner)
    _properties(workbook, spec)
    save_workbook(workbook, path, force=force)
    return cleaner.warnings


def _widths(spec: FormSpec) -> tuple[list[float], list[float]]:
    """Widths wanted, and the least each may be narrowed to so that the form prints on A4 at
    full size: the columns to fill give way first (see fit_widths), 任务 last."""
    rows = spec.rows
    label = measured_width([r.label for r in rows] + ["序号"], minimum=6, maximum=10)
    title = measured_width([first_line(r.title) for r in rows], minimum=14, maximum=24)
    role = measured_width([r.role for r in rows], minimum=8, maximum=20)
    deadline = measured_width([r.deadline for r in rows], minimum=8, maximum=16)
    task = max(title, TASK_WITH_TEXT_WIDTH) if any("\n" in r.title for r in rows) else title
    wanted = [label, task, role, deadline, *(FILL_WIDTHS[header] for header in FILL_HEADERS)]
    least = [label, min(task, max(title, 32.0)), role, deadline, *(FILL_MINIMUMS[header] for header in FILL_HEADERS)]
    return wanted, least


def _fill_sheet(workbook: Any, spec: FormSpec, cleaner: TextCleaner) -> None:
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = SheetWriter(workbook.create_sheet(FILL_SHEET), cleaner)
    widths, least = _widths(spec)
    cells = [[r.label, r.title, r.role, r.deadline, *("" for _ in FILL_HEADERS)] for r in spec.rows]
    row = sheet.start_table(widths, spec.title, spec.subtitle, list(HEADERS), "标题", minimums=least, cells=cells)
    first = row + 1
    open_cell = Protection(locked=False)
    for form_row in spec.rows:
        row += 1
        sheet.put(row, 1, form_row.label, LOCKED_CENTER)
        _bold_first_line(sheet.put(row, 2, form_row.title, LOCKED_TASK, f"第{form_row.label}项的任务"), LOCKED_TASK)
        sheet.put(row, 3, form_row.role, LOCKED_CENTER)
        sheet.put(row, 4, form_row.deadline or None, LOCKED_CENTER)
        for offset, header in enumerate(FILL_HEADERS):
            cell = sheet.put(row, len(LOCKED_HEADERS) + 1 + offset, None,
                             CENTER if header == "完成状态" else BODY)
            cell.protection = open_cell
        sheet.min_height(row, row_height(FILL_LINES, BODY.size))
    last = row
    status_column = len(LOCKED_HEADERS) + 1 + FILL_HEADERS.index("完成状态")
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(status_column)
    choices = ",".join(STATUS_CHOICES)
    validation = DataValidation(
        type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True, showInputMessage=True,
        errorTitle="完成状态", error="请从下拉列表中选择：" + "、".join(STATUS_CHOICES) + "。",
        promptTitle="完成状态", prompt="请从下拉列表中选择")
    if last >= first:
        validation.add(f"{letter}{first}:{letter}{last}")
    sheet.ws.add_data_validation(validation)
    sheet.end_table(last, spec.notes, "说明", freeze=f"A{HEADER_ROW + 1}", filter_to=None,
                    page_title=spec.plan_title)
    _protect(sheet.ws)


def _bold_first_line(cell: Any, style: Style) -> None:
    """A task's title in bold above its text: the unit sees at a glance what each row is.
    Readers see the same plain text (the runs' texts joined)."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    text = cell.value
    if not isinstance(text, str) or "\n" not in text:
        return
    title, rest = text.split("\n", 1)
    cell.value = CellRichText([TextBlock(InlineFont(rFont=style.font, sz=style.size, b=True, charset=134), title),
                               TextBlock(InlineFont(rFont=style.font, sz=style.size, charset=134), "\n" + rest)])


def _protect(ws: Any) -> None:
    """Locked cells cannot be typed over; rows and columns may still be resized, as a clerk
    with a long report needs to."""
    protection = ws.protection
    protection.sheet = True
    protection.formatRows = False
    protection.formatColumns = False
    protection.formatCells = True
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _meta_sheet(workbook: Any, spec: FormSpec, cleaner: TextCleaner) -> None:
    ws = workbook.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    meta = spec.meta
    for index, (key, label) in enumerate(META_KEYS.items(), start=1):
        ws.cell(row=index, column=1, value=label)
        ws.cell(row=index, column=2, value=cleaner.clean(meta[key], label)).data_type = "s"
    marker = len(META_KEYS) + 2
    ws.cell(row=marker, column=1, value=META_ITEMS)
    for offset, header in enumerate(LOCKED_HEADERS, start=2):
        ws.cell(row=marker, column=offset, value=header)
    for index, form_row in enumerate(spec.rows, start=marker + 1):
        ws.cell(row=index, column=1, value=form_row.no)
        for offset, text in enumerate(form_row.locked.values(), start=2):
            ws.cell(row=index, column=offset, value=cleaner.clean(text, "条目")).data_type = "s"
    ws.protection.sheet = True


def _properties(workbook: Any, spec: FormSpec) -> None:
    from openpyxl.packaging.custom import StringProperty

    meta = spec.meta
    for name, key in ((PROP_KIND, "kind"), (PROP_VERSION, "version"), (PROP_PLAN, "plan"),
                      (PROP_PLAN_TITLE, "plan_title"), (PROP_PERIOD, "period"), (PROP_UNIT, "unit")):
        workbook.custom_doc_props.append(StringProperty(name=name, value=meta[key]))
    workbook.properties.subject = f"{spec.plan_title} {spec.period.label} 推进情况表"
    workbook.properties.keywords = f"qplan 推进情况表 {spec.plan_id} {spec.period.code} {spec.unit}"
