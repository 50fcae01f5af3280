"""Look and print set-up shared by every sheet qplan writes: government-table fonts,
thin borders, wrapped text with row heights estimated from the text, A4/A3 landscape
fitted to the page width, header rows repeated, page numbers in the footer.

openpyxl is imported inside the functions: this module is imported only by the Excel
writers, but nothing here should make `qplan show` pay for openpyxl.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan.excel.safe import TextCleaner, display_width, looks_like_formula

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
BODY_SIZE = 11
FOOTER = "第 &P 页 共 &N 页"
PAPER_SIZES = {"A4": 9, "A3": 8}
# Landscape page sizes in points, and the margins setup_print gives, in inches.
PAGE_POINTS = {"A4": (842.0, 595.0), "A3": (1191.0, 842.0)}
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 0.5, 0.6, 0.7
DEFAULT_ROW_POINTS = 15.0
PAGE_FILL = 0.96
# Excel measures a column in widths of the default font's "0" (7 px for Calibri 11) and
# keeps about 5 px of it for margins; a wide character of an n-point font takes
# ceil(n·4/3) px, a narrow one half of that.
PIXELS_PER_WIDTH_UNIT = 7
CELL_MARGIN_PX = 5
# Points per wrapped line, relative to the font size: Excel's 仿宋 needs about 1.3; the
# CJK fonts LibreOffice and WPS substitute are taller but narrower, so wrap into fewer lines.
LINE_HEIGHT_FACTOR = 1.32
ROW_PADDING_PT = 6.0
# Lines rarely break exactly at the column edge (punctuation may not start a line).
WRAP_SLACK = 1.04

FILL_HEADER = "D9D9D9"
FILL_SECTION = "F2F2F2"
FILL_LEAD = "DDEBF7"


@dataclass(frozen=True, slots=True)
class Style:
    font: str = BODY_FONT
    size: float = BODY_SIZE
    bold: bool = False
    horizontal: str = "left"
    vertical: str = "center"
    wrap: bool = True
    border: bool = True
    fill: str | None = None


TITLE = Style(font=TITLE_FONT, size=18, bold=True, horizontal="center", border=False)
SUBTITLE = Style(size=11, horizontal="right", border=False)
HEADER = Style(font=HEADING_FONT, size=12, horizontal="center", fill=FILL_HEADER)
SECTION = Style(font=HEADING_FONT, size=11, fill=FILL_SECTION)
BODY = Style()
CENTER = Style(horizontal="center")
NOTE = Style(size=10, border=False, vertical="top")
# Row 1 holds the title, row 2 a subtitle, row 3 the column headers.
HEADER_ROW = 3


def _narrow_px(size: float) -> float:
    return math.ceil(size * 4 / 3) / 2


def lines_needed(text: str, width: float, size: float) -> int:
    """Wrapped lines `text` takes in a column `width` units wide at `size` points."""
    capacity = max(1.0, (width * PIXELS_PER_WIDTH_UNIT - CELL_MARGIN_PX) / _narrow_px(size))
    return sum(max(1, math.ceil(display_width(part) * WRAP_SLACK / capacity)) for part in text.split("\n"))


def row_height(lines: int, size: float) -> float:
    return round(lines * size * LINE_HEIGHT_FACTOR + ROW_PADDING_PT, 1)


def measured_width(texts: Sequence[str], *, minimum: float, maximum: float,
                   size: float = BODY_SIZE) -> float:
    """A column width that shows the longest line whole, within [minimum, maximum]."""
    widest = max((display_width(line) for text in texts for line in text.split("\n")), default=0)
    # Half a unit more than the exact fit: fonts differ slightly between Excel, WPS and LibreOffice.
    needed = (widest * WRAP_SLACK * _narrow_px(size) + CELL_MARGIN_PX) / PIXELS_PER_WIDTH_UNIT + 0.5
    return math.ceil(min(maximum, max(minimum, needed)) * 2) / 2


@dataclass
class SheetWriter:
    """Writes values only (never formulas) through one door, so every cell is cleaned,
    styled and counted for its row height."""

    ws: Any
    cleaner: TextCleaner
    widths: dict[int, float] = field(default_factory=dict)
    _lines: dict[int, float] = field(default_factory=dict)
    _keep: set[int] = field(default_factory=set)
    _cache: dict[Style, dict[str, Any]] = field(default_factory=dict)

    def set_widths(self, widths: Sequence[float], start: int = 1) -> None:
        from openpyxl.utils import get_column_letter

        for offset, width in enumerate(widths):
            column = start + offset
            self.widths[column] = width
            self.ws.column_dimensions[get_column_letter(column)].width = width

    def put(self, row: int, column: int, value: str | int | None, style: Style = BODY,
            where: str = "", *, span: int = 1) -> Any:
        """Write one value; `span` > 1 merges it across that many columns."""
        cell = self.ws.cell(row=row, column=column)
        if isinstance(value, str):
            text = self.cleaner.clean(value, where or "单元格")
            cell.value = text
            # openpyxl takes a str starting with "=" for a formula: force it back to text.
            cell.data_type = "s"
            self._count_lines(row, column, text, style, span)
        else:
            cell.value = value
        self._apply(cell, style)
        if span > 1:
            for extra in range(column + 1, column + span):
                self._apply(self.ws.cell(row=row, column=extra), style)
            self.ws.merge_cells(start_row=row, start_column=column, end_row=row,
                                end_column=column + span - 1)
        if isinstance(value, str) and looks_like_formula(value):
            self._quote(cell)
        return cell

    def put_rich(self, row: int, column: int, runs: Sequence[tuple[str, str | None]],
                 style: Style = BODY, where: str = "") -> Any:
        """Write text in runs; a run's colour (hex) marks it, and a leading "-" on the colour
        strikes it through, else it is underlined: deleted and inserted text in a diff."""
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont

        blocks = []
        plain = ""
        for text, colour in runs:
            cleaned = self.cleaner.clean(text, where or "单元格")
            if not cleaned:
                continue
            plain += cleaned
            # Every run names its font: a run without one falls back to Calibri in Excel.
            font = InlineFont(rFont=style.font, sz=style.size, charset=134)
            if colour is not None:
                font.color = colour.lstrip("-")
                if colour.startswith("-"):
                    font.strike = True
                else:
                    font.u = "single"
            blocks.append(TextBlock(font, cleaned))
        cell = self.ws.cell(row=row, column=column)
        cell.value = CellRichText(blocks) if blocks else None
        self._apply(cell, style)
        self._count_lines(row, column, plain, style, 1)
        if looks_like_formula(plain):
            self._quote(cell)
        return cell

    def put_row(self, row: int, values: Sequence[str | int | None], style: Style = BODY,
                where: str = "", start: int = 1) -> None:
        for offset, value in enumerate(values):
            self.put(row, start + offset, value, style, where)

    def start_table(self, widths: Sequence[float], title: str, subtitle: str | None,
                    headers: Sequence[str] | None, where: str) -> int:
        """Column widths, the title row, a subtitle row and the header row; returns the
        header row's number."""
        self.set_widths(widths)
        columns = len(widths)
        self.put(1, 1, title, TITLE, where, span=columns)
        self.min_height(1, 36)
        if subtitle is not None:
            self.put(2, 1, subtitle, SUBTITLE, where, span=columns)
        if headers is not None:
            self.put_row(HEADER_ROW, headers, HEADER)
        return HEADER_ROW

    def end_table(self, last: int, notes: Sequence[str], where: str, *, paper: str,
                  title_rows: tuple[int, int] = (HEADER_ROW, HEADER_ROW), freeze: str | None,
                  filter_to: str | None, page_title: str, filter_last: int | None = None) -> int:
        """Legend lines a row below the table, row heights and print set-up; returns the
        last row used. The autofilter covers the header row to `filter_last` (default: the
        last row of the table), columns A to `filter_to`."""
        columns = len(self.widths)
        for index, note in enumerate(notes):
            prefix = "注：" if index == 0 else "　　"
            self.put(last + 2 + index, 1, prefix + note, NOTE, where, span=columns)
            if index + 1 < len(notes):
                self.keep_with_next(last + 2 + index)
        if last - 1 > title_rows[1]:
            # No table ends with a lone row on its last page.
            self.keep_with_next(last - 1)
        self.finish_rows()
        self.break_pages(paper, title_rows, last + 1 + len(notes))
        header = title_rows[1]
        bottom = max(filter_last or last, header)
        setup_print(self.ws, paper=paper, title_rows=title_rows, freeze=freeze,
                    filter_ref=f"A{header}:{filter_to}{bottom}" if filter_to else None,
                    title=self.cleaner.clean(page_title, where))
        return last + 1 + len(notes)

    def keep_with_next(self, row: int) -> None:
        """Never end a printed page with this row (a section heading, a legend line)."""
        self._keep.add(row)

    def break_pages(self, paper: str, title_rows: tuple[int, int], last: int) -> list[int]:
        """Break every printed page by hand; returns the rows that start a page.

        Row heights are written here and the fit-to-width scale follows from the column
        widths, so the pages can be laid out in advance: with a break at the end of each,
        Excel, WPS and LibreOffice all break in the same places, no kept row (a section
        heading, a legend line) ends a page, and no page is left with a lone row. Viewers
        whose default font is wider than Calibri shrink the table more and so fill their
        pages a little less.
        """
        from openpyxl.worksheet.pagebreak import Break

        page_width, page_height = PAGE_POINTS[paper]
        table_width = sum(self.widths.values()) * PIXELS_PER_WIDTH_UNIT * 0.75
        # Excel scales by whole percents and never enlarges.
        scale = min(100, math.floor((page_width - 144 * MARGIN_SIDE) / table_width * 100)) / 100
        # A little short of the full page, for rounding in the viewers.
        capacity = (page_height - 72 * (MARGIN_TOP + MARGIN_BOTTOM)) / scale * PAGE_FILL

        def height(row: int) -> float:
            return self._lines.get(row, DEFAULT_ROW_POINTS)

        repeated = sum(height(r) for r in range(title_rows[0], title_rows[1] + 1))
        used = sum(height(r) for r in range(1, title_rows[1] + 1))
        first = title_rows[1] + 1
        starts = []
        for row in range(first, last + 1):
            needed = height(row)
            chain = row
            while chain in self._keep and chain < last:
                chain += 1
                needed += height(chain)
            if used + needed > capacity and row > first:
                self.ws.row_breaks.append(Break(id=row - 1))
                starts.append(row)
                used = repeated
            used += height(row)
        return starts

    def min_height(self, row: int, points: float) -> None:
        self._lines[row] = max(self._lines.get(row, 0.0), points)

    def finish_rows(self) -> None:
        for row, points in self._lines.items():
            self.ws.row_dimensions[row].height = points

    def _count_lines(self, row: int, column: int, text: str, style: Style, span: int) -> None:
        width = sum(self.widths.get(c, 8.43) for c in range(column, column + span))
        lines = lines_needed(text, width, style.size) if style.wrap else 1
        self.min_height(row, row_height(lines, style.size))

    def _apply(self, cell: Any, style: Style) -> None:
        attrs = self._cache.get(style)
        if attrs is None:
            attrs = self._cache[style] = _style_attrs(style)
        for name, value in attrs.items():
            setattr(cell, name, value)

    @staticmethod
    def _quote(cell: Any) -> None:
        # quotePrefix keeps Excel and WPS from turning the text into a formula when a
        # user edits the cell; the stored value is already plain text.
        cell.quotePrefix = True


def _style_attrs(style: Style) -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    attrs: dict[str, Any] = {
        "font": Font(name=style.font, size=style.size, bold=style.bold, charset=134),
        "alignment": Alignment(horizontal=style.horizontal, vertical=style.vertical,
                               wrap_text=style.wrap),
    }
    if style.border:
        thin = Side(style="thin", color="000000")
        attrs["border"] = Border(left=thin, right=thin, top=thin, bottom=thin)
    if style.fill:
        attrs["fill"] = PatternFill(fill_type="solid", start_color=style.fill, end_color=style.fill)
    return attrs


def setup_print(ws: Any, *, paper: str, title_rows: tuple[int, int] | None,
                freeze: str | None, filter_ref: str | None, title: str | None = None) -> None:
    """Landscape on `paper`, every column on one page width, pages as long as needed."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_SIZES[paper]
    # Excel ignores fitToWidth unless the sheet says fitToPage; fitToHeight 0 = any length.
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top = MARGIN_TOP
    ws.page_margins.bottom = MARGIN_BOTTOM
    ws.page_margins.header = 0.3
    ws.page_margins.footer = 0.3
    if title_rows is not None:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    if freeze:
        ws.freeze_panes = freeze
    if filter_ref:
        ws.auto_filter.ref = filter_ref
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.font = f"{BODY_FONT},Regular"
    ws.oddFooter.center.size = 10
    if title:
        ws.oddHeader.right.text = title.replace("&", "&&")
        ws.oddHeader.right.font = f"{BODY_FONT},Regular"
        ws.oddHeader.right.size = 9


def new_workbook(title: str) -> Any:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "qplan"
    workbook.properties.title = title
    return workbook


def save_workbook(workbook: Any, path: Path, *, force: bool = False) -> None:
    """Save atomically with qplan's mark (qplan.excel.mark): the previous file survives any
    failure, and a workbook a person edited is replaced only with `force`."""
    from qplan.excel.mark import save_marked

    save_marked(workbook, path, force=force)
