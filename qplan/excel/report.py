"""Any report as a workbook: one sheet per table, print-ready like the 分工表 (title row,
header row repeated on every page, A4 or A3 landscape, page numbers, filters), the notes
below each table. Views that have a workbook of their own (the ledger, coverage …) get one
without writing sheet code; flags colour their cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qplan.excel.safe import TextCleaner, sheet_title
from qplan.excel.styles import (
    BODY,
    CENTER,
    HEADER_ROW,
    SheetWriter,
    Style,
    measured_width,
    new_workbook,
    save_workbook,
)
from qplan.report import Column, Notes, Paragraph, Report, Row, Table, Text, plain

# Column widths (Excel units) each kind may take: at least, at most.
KIND_WIDTHS = {"text": (14.0, 60.0), "units": (12.0, 40.0), "items": (6.0, 24.0), "number": (6.0, 14.0),
               "mark": (5.0, 12.0)}
FLAG_FILLS = {"flag-red": "F4B6B6", "flag-yellow": "FFE699", "flag-green": "C6EFCE"}
DIFF_COLOURS = {"deleted": "-C00000", "inserted": "0070C0"}
A3_FROM_WIDTH = 150.0
RIGHT = Style(horizontal="right")
TOTAL = Style(bold=True, horizontal="center")


def write_report_workbook(report: Report, path: Path, *, title: str, force: bool = False) -> list[str]:
    """Write the report's tables atomically; returns warnings about text that was changed.
    A workbook a person edited, or one qplan did not write, is replaced only with `force`."""
    cleaner = TextCleaner()
    taken: set[str] = set()
    workbook = new_workbook(cleaner.clean(title, "标题"))
    notes = [line for block in report.blocks if isinstance(block, Notes) for line in block.lines]
    subtitle = "；".join(plain(block.text) for block in report.blocks if isinstance(block, Paragraph)
                        and block.style == "strong") or None
    tables = [block for block in report.blocks if isinstance(block, Table)]
    for table in tables:
        sheet = SheetWriter(workbook.create_sheet(sheet_title(table.sheet or table.title or title, taken)), cleaner)
        _table_sheet(sheet, table, table.title or title, subtitle, notes, title)
    save_workbook(workbook, path, force=force)
    return cleaner.warnings


def _columns(table: Table) -> tuple[list[Column], list[Row]]:
    """The table's columns and rows, its group (if any) a column after the key."""
    columns = list(table.columns)
    rows = [*table.rows, *table.footer]
    if table.group is None:
        return columns, rows
    at = table.key + 1
    columns.insert(at, Column(table.group, "units"))
    return columns, [Row([*row.cells[:at], row.group or "", *row.cells[at:]], row.style, row.group) for row in rows]


def _table_sheet(sheet: SheetWriter, table: Table, heading: str, subtitle: str | None, notes: Sequence[str],
                 title: str) -> None:
    from openpyxl.utils import get_column_letter

    columns, rows = _columns(table)
    widths = []
    for index, column in enumerate(columns):
        low, high = KIND_WIDTHS[column.kind]
        widths.append(measured_width([column.header, *(plain(row.cells[index]) for row in rows)],
                                     minimum=low, maximum=high))
    where = f"“{heading}”"
    paper = "A3" if sum(widths) > A3_FROM_WIDTH else "A4"
    row_number = sheet.start_table(widths, heading, subtitle, [c.header for c in columns], where, paper=paper)
    first_footer = len(rows) - len(table.footer)
    for index, row in enumerate(rows):
        row_number += 1
        for offset, (column, cell) in enumerate(zip(columns, row.cells, strict=True)):
            style = _style(column, cell, footer=index >= first_footer or row.style == "strong")
            _put(sheet, row_number, offset + 1, cell, style, where, lists=column.kind in ("units", "items"))
    body_last = HEADER_ROW + first_footer
    sheet.end_table(row_number, notes, where, freeze=f"A{HEADER_ROW + 1}",
                    filter_to=get_column_letter(len(columns)), page_title=title, filter_last=body_last)


def _style(column: Column, cell: Text, *, footer: bool) -> Style:
    base = RIGHT if column.kind == "number" else CENTER if column.kind in ("mark", "items") else BODY
    if footer:
        base = Style(bold=True, horizontal=base.horizontal)
    flags = [span.style for span in cell if span.style in FLAG_FILLS] if not isinstance(cell, str) else []
    if flags:
        base = Style(bold=base.bold, horizontal=base.horizontal, fill=FLAG_FILLS[flags[0] or ""])
    return base


def _put(sheet: SheetWriter, row: int, column: int, cell: Text, style: Style, where: str, *,
         lists: bool = False) -> None:
    if isinstance(cell, str) or not any(span.style in DIFF_COLOURS for span in cell):
        text = plain(cell)
        sheet.put(row, column, int(text) if style.horizontal == "right" and text.isdigit() else text or None,
                  style, where, lists=lists)
        return
    sheet.put_rich(row, column, [(span.text, DIFF_COLOURS.get(span.style or "")) for span in cell], style, where)

