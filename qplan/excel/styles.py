"""Look and print set-up shared by every sheet qplan writes: government-table fonts,
thin borders, wrapped text with row heights estimated from the text, A4/A3 landscape
fitted to the page width, header rows repeated, page numbers in the footer.

A column is counted in widths of the default font's digit: 7 px in Calibri (or Carlito),
about 8 px in the Noto CJK a machine without them falls back to. So the same widths make
tables of different sizes on different machines, and a table shrunk to fit the page would
print its text smaller, and break its pages elsewhere, on some of them. qplan chooses what
holds in any of those fonts: widths with which the table fits the page at full size even
with the wider digit, row heights for the tallest CJK font's lines in the narrowest
columns, and lists broken into lines between their entries, never inside a unit name or an
item number. The application paginates, with the header rows repeated; qplan adds a break
only to keep a heading with its first row and a table's last row with its notes.

openpyxl is imported inside the functions: this module is imported only by the Excel
writers, but nothing here should make `qplan show` pay for openpyxl.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress
from operator import ne
from pathlib import Path
from typing import Any

from qplan.excel.safe import TextCleaner, display_width, looks_like_formula

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
BODY_SIZE = 11
# Every text of a sheet is at least this size, so that the page scale below keeps it at 9 pt.
SMALLEST_SIZE = 10.5
MIN_PRINTED_PT = 9.0
MIN_ZOOM = math.ceil(MIN_PRINTED_PT / SMALLEST_SIZE * 100) / 100
# Page numbers restart on every sheet, and the sheet is named: "共 N 页" would count the
# whole workbook in LibreOffice and one sheet in Excel.
FOOTER = "&A　第 &P 页"
# LibreOffice shrinks the page header and footer with the table (Excel is told not to).
HEADER_FOOTER_SIZE = 11.5
PAPER_SIZES = {"A4": 9, "A3": 8}
# Landscape page sizes in points, and the margins setup_print gives, in inches.
PAGE_POINTS = {"A4": (842.0, 595.0), "A3": (1191.0, 842.0)}
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 0.5, 0.6, 0.7
DEFAULT_ROW_POINTS = 15.0
# A page qplan ends early, to keep a heading with its first row or a table's last row with
# the notes below it, is still at least this full in every font; else the page is left to
# the application.
MIN_PAGE_FILL = 0.7
# A last page holding less than this (of a page) is saved, where it can be, by printing smaller,
# down to MIN_ZOOM: 10.5 pt, the smallest text, still prints at 9 pt.
STRAGGLER_FILL = 0.5
STRAGGLER_ROWS = 2
# A column is counted in widths of the default font's digit plus about 5 px of margin. The
# digit is 7 px in Calibri 11 (and Carlito, its metric twin); a machine without either falls
# back to a wider font (Noto Sans CJK: about 8.1 px). Lines are counted in the narrow case,
# where a column holds the least text; the page scale is checked in the wide one, where the
# table is widest and so printed smallest.
PIXELS_PER_WIDTH_UNIT = 7
WIDE_DIGIT_PX = 8.3
CELL_MARGIN_PX = 5
# What a cell keeps free either side of its text, together (Excel and LibreOffice: 2-3 px).
INNER_MARGIN_PX = 6
# Points per wrapped line, relative to the font size. Noto Sans/Serif CJK, which LibreOffice
# and WPS use where 仿宋 and 宋体 are missing, need about 1.46; Excel's 仿宋 about 1.3, so
# rows there keep a little spare room below the last line.
LINE_HEIGHT_FACTOR = 1.48
ROW_PADDING_PT = 4.0
STACKED_CHARACTER_FACTOR = 1.45
# Lines rarely break exactly at the column edge (punctuation may not start a line).
WRAP_SLACK = 1.06

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
    # Characters stacked top to bottom (竖排): a unit's name over a narrow matrix column.
    stacked: bool = False


TITLE = Style(font=TITLE_FONT, size=18, bold=True, horizontal="center", border=False)
SUBTITLE = Style(size=11, horizontal="right", border=False)
HEADER = Style(font=HEADING_FONT, size=12, horizontal="center", fill=FILL_HEADER)
SECTION = Style(font=HEADING_FONT, size=11, fill=FILL_SECTION)
BODY = Style()
CENTER = Style(horizontal="center")
NOTE = Style(size=SMALLEST_SIZE, border=False, vertical="top")
# Row 1 holds the title, row 2 a subtitle, row 3 the column headers.
HEADER_ROW = 3


def _narrow_px(size: float) -> float:
    return math.ceil(size * 4 / 3) / 2


def capacity(width: float, size: float) -> float:
    """Display columns (a CJK character is two) a column `width` units wide holds at `size`
    points, in the narrowest case."""
    return max(1.0, (width * PIXELS_PER_WIDTH_UNIT - CELL_MARGIN_PX) / _narrow_px(size) / WRAP_SLACK)


def entry_room(width: float, size: float) -> float:
    """Display columns one line of full-width characters (a list, a short title) holds: every
    CJK font draws them an em wide, less the cell's inner margins; the slack is for
    LibreOffice with a Latin default font, which sets brackets a little wider."""
    return max(1.0, (width * PIXELS_PER_WIDTH_UNIT + CELL_MARGIN_PX - INNER_MARGIN_PX) / (size * 2 / 3) / WRAP_SLACK)


def lines_needed(text: str, width: float, size: float) -> int:
    """Wrapped lines `text` takes in a column `width` units wide at `size` points."""
    return _text_lines(_line_widths(text), capacity(width, size))


def list_lines(text: str, width: float, size: float) -> int:
    """Lines a list cell, broken by break_list, takes in a column `width` units wide."""
    room = entry_room(width, size)
    return sum(max(1, math.ceil(display_width(line) / room)) for line in text.split("\n"))


# Where a unit name too long for its column may break: after the name of a body (…委员会,
# …小组, …政府, …办公室) or of its field (市质量工作/领导小组), before a bracket or the words
# naming its members (相关成员单位), or before the word that starts the second half of a
# bureau's name (市人力资源/社会保障局, 市住房城乡建设/管理委). Anywhere else the name is left
# whole to the application. A run of item numbers breaks after its 至 (（十二）至/（十五）).
_NAME_BREAK_RE = re.compile(
    "(?<=委员会)|(?<=小组)|(?<=办公室)|(?<=政府)|(?<=工作)|(?<=[\u4e00-\u9fff])(?=（)|(?=相关|社会|城乡|管理|信息化)")


def name_cuts(name: str) -> list[int]:
    """The places a unit name may be broken at (see _NAME_BREAK_RE), never its first or last
    character alone."""
    return [m.start() for m in _NAME_BREAK_RE.finditer(name) if 1 < m.start() < len(name.rstrip("、")) - 1]


# fit_widths tries every width of a list column: the same unit names come back at each.
@lru_cache(maxsize=65536)
def split_entry(entry: str, room: float) -> tuple[str, ...]:
    """A list entry wider than `room` cut at the latest sensible place that fits (else at the
    first sensible place), and again for the rest; a part with no such place is left whole
    (the application wraps it)."""
    pieces: list[str] = []
    rest = entry
    while display_width(rest) > room:
        cuts = name_cuts(rest)
        fitting = [cut for cut in cuts if display_width(rest[:cut]) <= room]
        if not cuts:
            break
        cut = fitting[-1] if fitting else cuts[0]
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return (*pieces, rest)


def _entries(part: str) -> list[str]:
    """A list's entries, each with the 、 that follows it: a 、 never starts a line."""
    entries = part.split("、")
    return [entry + "、" for entry in entries[:-1]] + [entries[-1]]


def break_list(text: str, width: float, size: float) -> str:
    """A list (unit names, item numbers, 、 between entries) broken into lines after a 、
    where it would wrap, so that the application never breaks it inside a name, a number
    or a run such as （一）至（四）. An entry wider than the column takes lines of its own,
    broken at a sensible place (see split_entry)."""
    return "\n".join(_broken_lines(text, entry_room(width, size)))


def _broken_lines(text: str, room: float) -> Iterator[str]:
    """break_list's lines."""
    for part in text.split("\n"):
        line, line_width = "", 0
        for entry in _entries(part):
            entry_width = display_width(entry)
            if line_width + entry_width <= room:
                line, line_width = line + entry, line_width + entry_width
                continue
            if line:
                yield line
            *whole, line = split_entry(entry, room)
            yield from whole
            line_width = display_width(line)
        yield line


@lru_cache(maxsize=16384)
def _line_widths(text: str) -> list[int]:
    # A cell's text is measured to fit the widths and again for its row's height.
    return [display_width(part) for part in text.split("\n")]


def _text_lines(parts: list[int], room: float) -> int:
    return sum(max(1, math.ceil(width / room)) for width in parts)


# What a column narrowed in fit_widths costs beyond taller rows, in lines of the table: a
# name broken at a sensible place (split_entry), a name broken anywhere by the application,
# a short cell (a title, a date) that fitted on one line and now wraps.
SENSIBLE_BREAK_COST = 1
# fit_widths weighs narrowing a column by up to this many half-units at once.
MAX_LOOKAHEAD = 24
FORCED_BREAK_COST = 10
WRAP_COST = 2


@dataclass(frozen=True, slots=True)
class _ListLine:
    """One line of a list cell as fit_widths measures it: its entries (see _entries), their
    widths, the running sums of those (starts[k] = width of the first k entries) and the
    widest entry."""

    entries: tuple[str, ...]
    widths: tuple[int, ...]
    starts: tuple[int, ...]
    widest: int


@lru_cache(maxsize=16384)
def _list_lines(text: str) -> tuple[_ListLine, ...]:
    found = []
    for part in text.split("\n"):
        entries = tuple(_entries(part))
        widths = tuple(display_width(entry) for entry in entries)
        found.append(_ListLine(entries, widths, (0, *accumulate(widths)), max(widths)))
    return tuple(found)


@lru_cache(maxsize=65536)
def _packed_lines(text: str, fits: int) -> int:
    """_list_cell_cost's lines where every entry fits on a line of its own: each line takes
    the entries that fit, so the count depends on the whole width `fits` alone (and so is
    shared by the neighbouring widths fit_widths tries)."""
    lines = 0
    for line in _list_lines(text):
        starts = line.starts
        k, end = 0, len(starts) - 1
        while k < end:
            k = bisect_right(starts, fits + starts[k], k) - 1
            lines += 1
    return lines


@lru_cache(maxsize=65536)
def _list_cell_cost(text: str, room: float) -> tuple[int, int]:
    """The lines a list cell takes once broken by break_list, and its bad breaks: the lines
    _broken_lines makes, counted from widths alone, a line's run of fitting entries found by
    bisection. Cached: the same lists (a lone lead unit) fill many rows, and fit_widths tries
    each at many widths."""
    # Widths are whole numbers: a line fits `room` exactly when it fits its whole part.
    fits = math.floor(room)
    if all(line.widest <= fits for line in _list_lines(text)):
        return _packed_lines(text, fits), 0
    lines = breaks = 0
    for line in _list_lines(text):
        starts, entries = line.starts, line.entries
        if starts[-1] <= fits:
            lines += 1
            continue
        # The width of the line being filled; above 0 exactly when it holds text.
        filled = 0
        k = 0
        while k < len(entries):
            # The entries from k on that still fit on this line: up to (not including) last.
            last = bisect_right(starts, fits - filled + starts[k], k) - 1
            if last > k:
                filled += starts[last] - starts[k]
                k = last
                continue
            if filled:
                lines += max(1, math.ceil(filled / room))
            *whole, rest = split_entry(entries[k], room)
            for piece in whole:
                lines += max(1, math.ceil(display_width(piece) / room))
            filled = display_width(rest)
            k += 1
        lines += max(1, math.ceil(filled / room))
        # Only an entry wider than the line can be broken.
        if line.widest > fits:
            breaks += sum(_entry_breaks(entry, room) for entry, width in zip(entries, line.widths, strict=True)
                          if width > fits)
    return lines, breaks


@lru_cache(maxsize=65536)
def _entry_breaks(entry: str, room: float) -> int:
    pieces = split_entry(entry, room)
    return (SENSIBLE_BREAK_COST * (len(pieces) - 1)
            + FORCED_BREAK_COST * sum(max(0, math.ceil(display_width(p) / room) - 1) for p in pieces))


def row_height(lines: int, size: float) -> float:
    return round(lines * size * LINE_HEIGHT_FACTOR + ROW_PADDING_PT, 1)


def measured_width(texts: Sequence[str], *, minimum: float, maximum: float,
                   size: float = BODY_SIZE) -> float:
    """A column width that shows the longest line whole, within [minimum, maximum]."""
    widest = max((display_width(line) for text in texts for line in text.split("\n")), default=0)
    # Half a unit more than the exact fit: fonts differ slightly between Excel, WPS and LibreOffice.
    needed = (widest * WRAP_SLACK * _narrow_px(size) + CELL_MARGIN_PX) / PIXELS_PER_WIDTH_UNIT + 0.5
    return math.ceil(min(maximum, max(minimum, needed)) * 2) / 2


def printable_px(paper: str) -> float:
    return (PAGE_POINTS[paper][0] - 144 * MARGIN_SIDE) * 4 / 3


def printed_scale(widths: Sequence[float], paper: str, digit_px: float = WIDE_DIGIT_PX) -> float:
    """The scale fit-to-width gives a table of these columns (never above 100 %)."""
    table = sum(width * digit_px + CELL_MARGIN_PX for width in widths)
    return min(1.0, printable_px(paper) / table) if table else 1.0


def fit_widths(widths: Sequence[float], paper: str, *, keep: int = 0, minimums: Sequence[float] | None = None,
               cells: Sequence[Sequence[str]] | None = None, lists: Sequence[bool] | None = None) -> list[float]:
    """The widths, narrowed until the table fits the page at full size even with the widest
    digit: half a unit at a time, from the column where it costs least (given its `cells`,
    rows of texts; `lists` says which columns are broken between entries), else from the
    widest; the first `keep` columns are left alone, and none goes below its minimum
    (default 6).

    The cost of a narrower column is the lines it adds to the table's rows plus its bad
    breaks (see SENSIBLE_BREAK_COST): a unit name broken in the middle, or a title that
    fitted on a line wrapping, costs more than a line of prose in a column that has many.

    A table that fits at 100 % in every font prints its text at the size it is set in, and
    its pages break where qplan computed (see break_pages); with Calibri's narrower digit it
    is simply a little narrower than the page. Fit-to-width stays on, for fonts wider still.
    """
    fitted = list(widths)
    floors = list(minimums) if minimums is not None else [6.0] * len(fitted)
    if not cells:
        while printed_scale(fitted, paper) < 1.0:
            candidates = [i for i in range(keep, len(fitted)) if fitted[i] - 0.5 >= floors[i]]
            if not candidates:
                break
            fitted[max(candidates, key=lambda i: (fitted[i], -i))] -= 0.5
        return fitted
    is_list = list(lists) if lists is not None else [False] * len(fitted)
    # Display widths of every cell's lines, measured once: the trials below try many widths.
    parts = [[_line_widths(row[i]) for row in cells] for i in range(len(fitted))]
    # Per column: the widths of its one-line cells when no cell has more lines, else None; and
    # the sorted widths of the cells that fitted on one line at the starting width.
    one_part = [[cell[0] for cell in column] if all(len(cell) == 1 for cell in column) else None
                for column in parts]
    short = [sorted(cell[0] for cell in column if len(cell) == 1 and cell[0] <= entry_room(width, BODY_SIZE))
             for column, width in zip(parts, widths, strict=True)]
    known: dict[tuple[int, float], tuple[list[int], int]] = {}

    def column_cost(column: int, width: float) -> tuple[list[int], int]:
        """The lines each row's cell takes at this width, and the column's bad breaks."""
        if (column, width) in known:
            return known[column, width]
        if is_list[column]:
            room = entry_room(width, BODY_SIZE)
            each = [_list_cell_cost(row[column], room) for row in cells]
            found = ([lines for lines, _ in each], sum(breaks for _, breaks in each))
        else:
            room, one = capacity(width, BODY_SIZE), entry_room(width, BODY_SIZE)
            # ceil(w / room) or 1 is max(1, ceil(w / room)) for widths w >= 0.
            single = one_part[column]
            if single is not None:
                lines = [math.ceil(w / room) or 1 for w in single]
            else:
                lines = [sum([math.ceil(w / room) or 1 for w in cell]) for cell in parts[column]]
            wrapped = len(short[column]) - bisect_right(short[column], one)
            found = (lines, WRAP_COST * wrapped)
        known[column, width] = found
        return found

    rows = range(len(cells))
    changes: dict[tuple[int, float, float], list[int]] = {}

    def changed_rows(column: int, wider: float, narrower: float) -> list[int]:
        """The rows whose cell in `column` takes a different number of lines at the two widths."""
        key = (column, wider, narrower)
        found = changes.get(key)
        if found is None:
            found = changes[key] = list(compress(rows, map(ne, column_cost(column, narrower)[0],
                                                              column_cost(column, wider)[0])))
        return found

    costs = [column_cost(i, width) for i, width in enumerate(fitted)]
    while printed_scale(fitted, paper) < 1.0:
        candidates = [i for i in range(keep, len(fitted)) if fitted[i] - 0.5 >= floors[i]]
        if not candidates:
            break
        # Half-units still to take off; each column is tried narrower by up to that much and
        # charged its cost per half-unit, so that a column whose first step costs a broken
        # name but whose next steps cost nothing is weighed fairly against one whose every
        # step costs a line.
        excess = sum(w * WIDE_DIGIT_PX + CELL_MARGIN_PX for w in fitted) - printable_px(paper)
        needed = min(MAX_LOOKAHEAD, max(1, math.ceil(excess / WIDE_DIGIT_PX / 0.5)))
        best: tuple[float, float, int, int] | None = None
        for i in candidates:
            others = [lines for j, (lines, _) in enumerate(costs) if j != i]
            tallest = list(map(max, *others)) if len(others) > 1 else (others[0] if others else [0] * len(cells))
            # What column i at each trial width adds to the table's lines (each row as tall as
            # its tallest cell) and bad breaks, row by row: a half-unit changes few rows.
            previous, current_breaks = costs[i]
            added = 0
            for steps in range(1, min(needed, int((fitted[i] - floors[i]) / 0.5)) + 1):
                narrower = fitted[i] - 0.5 * steps
                lines, breaks = column_cost(i, narrower)
                for row in changed_rows(i, fitted[i] - 0.5 * (steps - 1), narrower):
                    other = tallest[row]
                    added += max(lines[row], other) - max(previous[row], other)
                previous = lines
                option = ((added + breaks - current_breaks) / steps, -fitted[i], i, steps)
                if best is None or option[:3] < best[:3]:
                    best = option
        assert best is not None
        _, _, chosen, steps = best
        fitted[chosen] -= 0.5 * steps
        costs[chosen] = column_cost(chosen, fitted[chosen])
    return fitted


@dataclass
class SheetWriter:
    """Writes values only (never formulas) through one door, so every cell is cleaned,
    styled and counted for its row height."""

    ws: Any
    cleaner: TextCleaner
    widths: dict[int, float] = field(default_factory=dict)
    paper: str = "A4"
    # The percent the sheet prints at, where break_pages shrinks it to save a page.
    zoom: int | None = None
    _lines: dict[int, float] = field(default_factory=dict)
    # Row -> the least fill of a page qplan may end early to keep it with the row above.
    _glue: dict[int, float] = field(default_factory=dict)
    # Style -> (position in openpyxl's style array, number) of what it sets, and the array of a
    # new cell with that style.
    _cache: dict[Style, tuple[list[tuple[int, int]], Any]] = field(default_factory=dict)

    def set_widths(self, widths: Sequence[float], start: int = 1) -> None:
        from openpyxl.utils import get_column_letter

        for offset, width in enumerate(widths):
            column = start + offset
            self.widths[column] = width
            self.ws.column_dimensions[get_column_letter(column)].width = width

    def put(self, row: int, column: int, value: str | int | None, style: Style = BODY,
            where: str = "", *, span: int = 1, lists: bool = False) -> Any:
        """Write one value; `span` > 1 merges it across that many columns. A `lists` cell
        (unit names, item numbers) is broken into lines between its entries."""
        cell = self.ws.cell(row=row, column=column)
        if isinstance(value, str):
            text = self.cleaner.clean(value, where or "单元格")
            if lists and style.wrap and not style.stacked:
                text = break_list(text, self._span_width(column, span), style.size)
            cell.value = text
            # openpyxl takes a str starting with "=" for a formula: force it back to text.
            cell.data_type = "s"
            self._count_lines(row, column, text, style, span, lists=lists)
        elif value is not None or cell._value is not None:
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
                where: str = "", start: int = 1, *, lists: bool = False) -> None:
        for offset, value in enumerate(values):
            self.put(row, start + offset, value, style, where, lists=lists)

    def start_table(self, widths: Sequence[float], title: str, subtitle: str | None,
                    headers: Sequence[str] | None, where: str, *, paper: str = "A4", keep: int = 0,
                    minimums: Sequence[float] | None = None, cells: Sequence[Sequence[str]] | None = None,
                    lists: Sequence[bool] | None = None) -> int:
        """Column widths (fitted to the page, see fit_widths), the title row, a subtitle row
        and the header row; returns the header row's number."""
        self.paper = paper
        self.set_widths(fit_widths(widths, paper, keep=keep, minimums=minimums, cells=cells, lists=lists))
        columns = len(widths)
        self.put(1, 1, title, TITLE, where, span=columns)
        self.min_height(1, row_height(1, TITLE.size))
        if subtitle is not None:
            self.put(2, 1, subtitle, SUBTITLE, where, span=columns)
        if headers is not None:
            self.put_row(HEADER_ROW, headers, HEADER)
            # LibreOffice lays out short headings of the heading font more loosely than text
            # (it keeps words like 2022条目 whole): a quarter less room is assumed for them.
            lines = max(lines_needed(h, self.widths[c] * 0.75, HEADER.size) for c, h in enumerate(headers, 1))
            self.min_height(HEADER_ROW, row_height(lines, HEADER.size))
        return HEADER_ROW

    def end_table(self, last: int, notes: Sequence[str], where: str, *,
                  title_rows: tuple[int, int] = (HEADER_ROW, HEADER_ROW), freeze: str | None,
                  filter_to: str | None, page_title: str, filter_last: int | None = None,
                  page_left: str | None = None) -> int:
        """Legend lines a row below the table, row heights and print set-up; returns the
        last row used. The autofilter covers the header row to `filter_to` (default: the
        last row of the table), columns A to `filter_to`. The page header carries
        `page_title` on the right and `page_left` (the unit a file is for) on the left."""
        columns = len(self.widths)
        for index, note in enumerate(notes):
            prefix = "注：" if index == 0 else "　　"
            self.put(last + 2 + index, 1, prefix + note, NOTE, where, span=columns)
        if notes and last > title_rows[1]:
            # The notes never start a page of their own: they follow the table's last row,
            # however empty that leaves the page before.
            self.keep_with_next(last, 1 + len(notes), fill=0.0)
        self.finish_rows()
        self.break_pages(title_rows, last + 1 + len(notes), body_last=last)
        header = title_rows[1]
        bottom = max(filter_last or last, header)
        setup_print(self.ws, paper=self.paper, title_rows=title_rows, freeze=freeze,
                    filter_ref=f"A{header}:{filter_to}{bottom}" if filter_to else None,
                    title=self.cleaner.clean(page_title, where),
                    left=self.cleaner.clean(page_left, where) if page_left else None, zoom=self.zoom)
        return last + 1 + len(notes)

    def keep_with_next(self, row: int, rows: int = 1, *, fill: float = MIN_PAGE_FILL) -> None:
        """Keep this row on a page with the `rows` that follow (a section heading with its
        first item, a table's last rows with the notes below it). qplan ends a page early for
        that only while the page stays at least `fill` full."""
        for follower in range(row + 1, row + rows + 1):
            self._glue[follower] = min(self._glue.get(follower, fill), fill)

    def break_pages(self, title_rows: tuple[int, int], last: int, *, body_last: int | None = None) -> list[int]:
        """Where the application's own page breaks would separate kept rows, break before
        them by hand; returns the rows that start a page so.

        The application paginates; qplan knows the row heights (stored) and the scale the
        page prints at (100 %, see fit_widths), but not exactly how much room each
        application leaves for a page's header and footer; so every page is tried with the
        room computed and with 2 % less. A block of rows kept together that would be split
        in either case starts a new page, if the page it ends is full enough in both.

        A last page that would hold only a little (less than STRAGGLER_FILL of a page, below
        the repeated header) is saved by printing the sheet smaller, down to MIN_ZOOM (its
        smallest text still at 9 pt); where that is not enough and the page holds no more than
        STRAGGLER_ROWS rows of the table (up to `body_last`), the rows before them go with
        them, so that no page holds one or two stragglers.
        """
        from openpyxl.worksheet.pagebreak import Break

        starts, pages = self._paginate(title_rows, last, 1.0)
        if self._straggling(pages, title_rows, last):
            for percent in range(99, round(MIN_ZOOM * 100) - 1, -1):
                trial = self._paginate(title_rows, last, percent / 100)
                if len(trial[1]) < len(pages) and not self._straggling(trial[1], title_rows, last):
                    (starts, pages), self.zoom = trial, percent
                    break
            else:
                table_end = body_last or last
                first_kept = max(table_end - STRAGGLER_ROWS, title_rows[1] + 2)
                if table_end - pages[-1] < STRAGGLER_ROWS and first_kept < pages[-1]:
                    self.keep_with_next(first_kept, pages[-1] - first_kept, fill=MIN_PAGE_FILL)
                    starts, pages = self._paginate(title_rows, last, 1.0)
        for row in starts:
            self.ws.row_breaks.append(Break(id=row - 1))
        return starts

    def _straggling(self, pages: list[int], title_rows: tuple[int, int], last: int) -> bool:
        if len(pages) < 2:
            return False
        page_height = PAGE_POINTS[self.paper][1] - 72 * (MARGIN_TOP + MARGIN_BOTTOM)
        held = sum(self._lines.get(r, DEFAULT_ROW_POINTS) for r in range(pages[-1], last + 1))
        return held < STRAGGLER_FILL * page_height

    def _paginate(self, title_rows: tuple[int, int], last: int, zoom: float) -> tuple[list[int], list[int]]:
        """Pages as break_pages would have them printed at `zoom`: the rows qplan breaks
        before, and the rows every page starts with, where there are the most pages."""
        widths = list(self.widths.values())
        page_height = PAGE_POINTS[self.paper][1] - 72 * (MARGIN_TOP + MARGIN_BOTTOM)
        # Excel prints at whole percents; fonts wider than the widest digit assumed shrink more.
        scales = {math.floor(printed_scale(widths, self.paper, digit) * zoom * 100) / 100
                  for digit in (PIXELS_PER_WIDTH_UNIT, WIDE_DIGIT_PX)}
        capacities = [page_height / scale * slack for scale in scales for slack in (1.0, 0.98)]

        def height(row: int) -> float:
            return self._lines.get(row, DEFAULT_ROW_POINTS)

        repeated = sum(height(r) for r in range(title_rows[0], title_rows[1] + 1))
        used = [sum(height(r) for r in range(1, title_rows[1] + 1))] * len(capacities)
        pages: list[list[int]] = [[1] for _ in capacities]
        starts: list[int] = []
        row = title_rows[1] + 1
        while row <= last:
            block_end = row
            while block_end + 1 <= last and block_end + 1 in self._glue:
                block_end += 1
            block = [height(r) for r in range(row, block_end + 1)]
            fill = min((self._glue[r] for r in range(row + 1, block_end + 1)), default=1.0)
            split = any(u + block[0] <= c < u + sum(block) for u, c in zip(used, capacities, strict=True))
            full_enough = all(u >= fill * c for u, c in zip(used, capacities, strict=True))
            if split and full_enough and row > title_rows[1] + 1:
                starts.append(row)
                used = [repeated] * len(capacities)
                for found in pages:
                    found.append(row)
            for offset, own in enumerate(block):
                # Where the application breaks on its own, a page starts with the repeated rows.
                for index, c in enumerate(capacities):
                    if used[index] + own > c:
                        pages[index].append(row + offset)
                        used[index] = repeated + own
                    else:
                        used[index] += own
            row = block_end + 1
        return starts, max(pages, key=len)

    def min_height(self, row: int, points: float) -> None:
        self._lines[row] = max(self._lines.get(row, 0.0), points)

    def finish_rows(self) -> None:
        for row, points in self._lines.items():
            self.ws.row_dimensions[row].height = points

    def _span_width(self, column: int, span: int) -> float:
        return sum(self.widths.get(c, 8.43) for c in range(column, column + span))

    def _count_lines(self, row: int, column: int, text: str, style: Style, span: int, *,
                     lists: bool = False) -> None:
        if style.stacked:
            # One character under another, each as tall as the font's ascent and descent
            # (Noto CJK: 1.43 em, the tallest), with no line gap between them.
            characters = max((len(part) for part in text.split("\n")), default=1)
            self.min_height(row, round(characters * style.size * STACKED_CHARACTER_FACTOR + ROW_PADDING_PT, 1))
            return
        if lists and style.wrap:
            lines = list_lines(text, self._span_width(column, span), style.size)
        else:
            lines = lines_needed(text, self._span_width(column, span), style.size) if style.wrap else 1
        self.min_height(row, row_height(lines, style.size))

    def _apply(self, cell: Any, style: Style) -> None:
        """Style a cell. openpyxl finds a style object's number in the workbook by hashing
        it, on every cell (most of the time an export took): the first cell of each style
        is styled through openpyxl, and the numbers it got are copied into every later
        cell's style array, which is exactly what openpyxl would have set there."""
        found = self._cache.get(style)
        if found is None:
            self._cache[style] = _style_numbers(cell, style)
            return
        numbers, fresh = found
        if cell._style is None:
            # A new cell (the usual case): its whole array at once.
            cell._style = fresh.__copy__()
            return
        for index, number in numbers:
            cell._style[index] = number

    @staticmethod
    def _quote(cell: Any) -> None:
        # quotePrefix keeps Excel and WPS from turning the text into a formula when a
        # user edits the cell; the stored value is already plain text.
        cell.quotePrefix = True


# Where openpyxl keeps each attribute's number in a cell's style array (StyleArray).
_ARRAY_FIELDS = {"font": "fontId", "fill": "fillId", "border": "borderId", "alignment": "alignmentId"}


def _style_numbers(cell: Any, style: Style) -> tuple[list[tuple[int, int]], Any]:
    """Style the cell through openpyxl; returns what that set in its style array, and the
    array a new cell would have."""
    from openpyxl.styles.cell_style import StyleArray

    numbers = []
    for name, value in _style_attrs(style).items():
        setattr(cell, name, value)
        index = StyleArray.__dict__[_ARRAY_FIELDS[name]].key
        numbers.append((index, cell._style[index]))
    fresh = StyleArray()
    for index, number in numbers:
        fresh[index] = number
    return numbers, fresh


def _style_attrs(style: Style) -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    attrs: dict[str, Any] = {
        "font": Font(name=style.font, size=style.size, bold=style.bold, charset=134),
        "alignment": Alignment(horizontal=style.horizontal, vertical=style.vertical,
                               wrap_text=style.wrap, textRotation=255 if style.stacked else 0),
    }
    if style.border:
        thin = Side(style="thin", color="000000")
        attrs["border"] = Border(left=thin, right=thin, top=thin, bottom=thin)
    if style.fill:
        attrs["fill"] = PatternFill(fill_type="solid", start_color=style.fill, end_color=style.fill)
    return attrs


def setup_print(ws: Any, *, paper: str, title_rows: tuple[int, int] | None,
                freeze: str | None, filter_ref: str | None, title: str | None = None,
                left: str | None = None, zoom: int | None = None) -> None:
    """Landscape on `paper`, every column on one page width, pages as long as needed and
    numbered from 1 on every sheet; at `zoom` percent, where given (the widths fit the
    page at 100 %, so they fit smaller too)."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_SIZES[paper]
    # Excel ignores fitToWidth unless the sheet says fitToPage; fitToHeight 0 = any length.
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if zoom is not None:
        # A fixed scale: fit-to-page would override it, and ignores qplan's page breaks.
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = zoom
    ws.page_setup.firstPageNumber = 1
    ws.page_setup.useFirstPageNumber = True
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
    # The page header and footer keep their size whatever the page scale (Excel would
    # shrink them with the table).
    ws.HeaderFooter.scaleWithDoc = False
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.font = f"{BODY_FONT},Regular"
    ws.oddFooter.center.size = HEADER_FOOTER_SIZE
    for part, text in ((ws.oddHeader.right, title), (ws.oddHeader.left, left)):
        if text:
            part.text = text.replace("&", "&&")
            part.font = f"{BODY_FONT},Regular"
            part.size = HEADER_FOOTER_SIZE


def new_workbook(title: str) -> Any:
    from qplan.excel import load_openpyxl

    load_openpyxl()
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
