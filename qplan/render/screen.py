"""Reports as lines of text for a screen of a given width, or of any width.

Nothing is ever cropped. A table takes its natural width when it fits; otherwise its
columns shrink, wrapping each cell only where its kind allows (see qplan.report); a table
that cannot shrink enough is split into parts of columns with the key column repeated
(where the table allows it) or folded, each row becoming a block of "header：value" lines.
Without a width (output piped with COLUMNS unset, or written to a file) every table keeps
its natural width, so no line is ever cut or wrapped.

The lines carry semantic styles; `qplan.render.terminal` colours them on a terminal and
`plain_text` drops them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from qplan.render.measure import pieces, widest_header_word, width, wrap, wrap_header
from qplan.report import (
    Block,
    Bullets,
    Column,
    Heading,
    Index,
    Notes,
    Paragraph,
    Report,
    Row,
    Span,
    Style,
    Table,
    Text,
)
from qplan.safetext import visible
from qplan.vocabulary import ASCII_MARKS

Segment = tuple[str, "str | None"]
Line = list[Segment]
# The text of a cell with its style runs: (plain text, [(start, end, style)]).
Styled = tuple[str, list[tuple[int, int, str]]]

DIFF_MARKS = {"deleted": ("[-", "-]"), "inserted": ("{+", "+}")}
INDEX_FLOW_WIDTH = 100  # the matrix key's width when the screen has none
BLOCK_VALUE_MIN = 16  # below this, a folded row's value goes under its label
TEXT_COLUMN_MIN = 20  # prose columns do not shrink below this (or their natural width)
GROUP_INDENT = "  "
MARK_WIDTH = 2
HEADER_MIN = 4


Corners = tuple[str, str, str, str]  # left, line, cross, right


class Box:
    """The characters a bordered table is drawn with."""

    def __init__(self, top: Corners, head: str, head_rule: Corners, body: str, rule: Corners,
                 bottom: Corners, underline: str) -> None:
        self.top, self.head, self.head_rule, self.body = top, head, head_rule, body
        self.rule, self.bottom = rule, bottom
        self.underline = underline  # under a compact table's header


UNICODE_BOX = Box(("┏", "━", "┳", "┓"), "┃", ("┡", "━", "╇", "┩"), "│", ("├", "─", "┼", "┤"),
                  ("└", "─", "┴", "┘"), "─")
ASCII_BOX = Box(("+", "=", "+", "+"), "|", ("+", "=", "+", "+"), "|", ("+", "-", "+", "+"),
                ("+", "-", "+", "+"), "-")


# Plain classes rather than dataclasses or named tuples, which compile code when the module
# is imported: this module is on the path of every `qplan show`.
class Screen:
    """Where the text goes: `width` None means any width; `ascii` means a terminal that
    draws East Asian ambiguous characters two cells wide (marks and lines become ASCII)."""

    __slots__ = ("ascii", "width")

    def __init__(self, width: int | None = None, ascii: bool = False) -> None:
        self.width = width
        self.ascii = ascii


class Painter:
    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.escaped: list[str] = []  # text in which control characters were escaped

    # --- text ---------------------------------------------------------------------------

    def measure(self, text: str) -> int:
        return width(text, self.screen.ascii)

    def styled(self, text: Text, style: Style | None = None) -> Styled:
        spans = (Span(text, style),) if isinstance(text, str) else text
        plain, runs = "", list[tuple[int, int, str]]()
        for span in spans:
            piece = self._clean(span.text)
            marks = DIFF_MARKS.get(span.style or "")
            if marks:
                piece = marks[0] + piece + marks[1]
            span_style = span.style or style
            if span_style and piece:
                runs.append((len(plain), len(plain) + len(piece), span_style))
            plain += piece
        return plain, runs

    def _clean(self, text: str) -> str:
        shown, count = visible(text)
        if count:
            self.escaped.append(shown)
        if "\t" in shown:
            shown = shown.replace("\t", " ")
        if self.screen.ascii:
            shown = shown.translate(_ASCII_TABLE)
        return shown

    def wrap(self, text: Styled, size: int | None, *, lists: bool, last_resort: bool = False) -> list[Line]:
        plain, runs = text
        return _restyle(plain, runs, wrap(plain, size, lists=lists, ambiguous_wide=self.screen.ascii,
                                          last_resort=last_resort))

    def wrap_header(self, text: Styled, size: int) -> list[Line]:
        plain, runs = text
        return _restyle(plain, runs, wrap_header(plain, size, self.screen.ascii))

    # --- blocks ---------------------------------------------------------------------------

    def report(self, report: Report) -> list[Line]:
        lines: list[Line] = []
        for block in report.blocks:
            if isinstance(block, Heading) and lines:
                lines.append([])
            lines += self.block(block)
        return lines

    def block(self, block: Block) -> list[Line]:
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Heading):
            return self.paragraph(block.text, "strong")
        if isinstance(block, Paragraph):
            return self.paragraph(block.text, block.style, block.indent)
        if isinstance(block, Bullets):
            return [line for text in block.lines for line in self.paragraph(text, block.style)]
        if isinstance(block, Notes):
            return [line for text in block.lines for line in self.paragraph(text, "note")]
        return self.index(block)

    def paragraph(self, text: Text, style: Style | None = None, indent: int = 0) -> list[Line]:
        size = self.screen.width - indent if self.screen.width else None
        lines = self.wrap(self.styled(text, style), size, lists=True, last_resort=True)
        if indent:
            lines = [[(" " * indent, None), *line] for line in lines]
        return lines

    def index(self, block: Index) -> list[Line]:
        entries = [self.styled(entry)[0] for entry in block.entries]
        lines = self.paragraph(block.heading, "note")
        if not entries:
            return lines
        room = self.screen.width or INDEX_FLOW_WIDTH
        sizes = [self.measure(entry) for entry in entries]
        for columns in range(len(entries), 0, -1):
            rows = math.ceil(len(entries) / columns)
            widths = [max(sizes[start:start + rows]) for start in range(0, len(entries), rows)]
            if sum(widths) + 3 * (len(widths) - 1) <= room or columns == 1:
                break
        for row in range(rows):
            cells = [(entries[start + row], widths[number]) for number, start in
                     enumerate(range(0, len(entries), rows)) if start + row < len(entries)]
            text = "   ".join(entry + " " * (size - self.measure(entry)) for entry, size in cells)
            lines.append([(text.rstrip(), None)])
        return lines

    # --- tables ---------------------------------------------------------------------------

    def table(self, table: Table) -> list[Line]:
        grid = _Grid.build(self, table)
        size = self.screen.width
        out: list[Line] = self.paragraph(table.title, "strong") if table.title else []
        if size is None or grid.fits(grid.natural, size):
            return out + grid.draw(grid.natural)
        if grid.fits(grid.minimum, size):
            return out + grid.draw(grid.shrunk(size))
        parts = grid.split_parts(size) if table.split else None
        if parts:
            for number, columns in enumerate(parts, start=1):
                label = grid.part_label(table.split or "", columns)
                out.append([(f"（第 {number}/{len(parts)} 部分：{label}）", "muted")])
                out += grid.only(columns).draw(None)
            return out
        return out + grid.blocks(size)


def _restyle(plain: str, runs: list[tuple[int, int, str]], lines: list[str]) -> list[Line]:
    """Give wrapped lines back the styles of the text they came from. Each line is a
    substring of the text; only spaces and newlines fall between them."""
    out: list[Line] = []
    position = 0
    for line in lines:
        start = plain.find(line, position) if line else position
        if start < 0:  # not expected; keep the text, lose the style
            out.append([(line, None)])
            continue
        end = start + len(line)
        position = end
        if not runs:
            out.append([(line, None)] if line else [])
            continue
        segments: Line = []
        cursor = start
        for run_start, run_end, style in runs:
            if run_end <= cursor or run_start >= end:
                continue
            if run_start > cursor:
                segments.append((plain[cursor:run_start], None))
                cursor = run_start
            stop = min(run_end, end)
            segments.append((plain[cursor:stop], style))
            cursor = stop
        if cursor < end:
            segments.append((plain[cursor:end], None))
        out.append(segments)
    return out


def _line_width(painter: Painter, line: Line) -> int:
    return sum(painter.measure(text) for text, _ in line)


class _Cell:
    __slots__ = ("lists", "text", "widest")

    def __init__(self, text: Styled, lists: bool, widest: int = 0) -> None:
        self.text = text
        self.lists = lists  # wraps as a list (units, item numbers) rather than as prose
        self.widest = widest  # its widest line, measured once


class _GridRow:
    __slots__ = ("cells", "footer", "style")

    def __init__(self, cells: list[_Cell], style: Style | None, footer: bool = False) -> None:
        self.cells = cells
        self.style = style
        self.footer = footer


class _Grid:
    """A table's cells, measured once, drawn at whatever column widths are chosen."""

    def __init__(self, painter: Painter, columns: list[Column], headers: list[Styled], rows: list[_GridRow],
                 natural: list[int], compact: bool, key: int) -> None:
        self.painter = painter
        self.columns = columns
        self.headers = headers
        self.rows = rows
        self.natural = natural
        self.compact = compact
        self.key = key
        self._minimum: list[int] | None = None

    @property
    def minimum(self) -> list[int]:
        """The narrowest each column can be without breaking inside a unit name, an item
        number or a word; worked out only for a screen the table does not fit."""
        if self._minimum is None:
            self._minimum = [self._narrowest_column(index) for index in range(len(self.columns))]
        return self._minimum

    def _narrowest_column(self, index: int) -> int:
        painter, column = self.painter, self.columns[index]
        header = self.headers[index][0]
        # A header may wrap anywhere, but keeps two characters a line.
        narrowest = max(_narrowest(painter, header, False), min(painter.measure(header), HEADER_MIN))
        cells = [row.cells[index] for row in self.rows]
        if column.kind in ("number", "mark"):
            narrowest = max([narrowest, *(cell.widest for cell in cells)])
            return max(narrowest, MARK_WIDTH) if column.kind == "mark" else narrowest
        narrowest = max([narrowest, *(_narrowest(painter, cell.text[0], cell.lists) for cell in cells)])
        if column.kind == "text":
            narrowest = max(narrowest, min(self.natural[index], TEXT_COLUMN_MIN))
        return narrowest

    @classmethod
    def build(cls, painter: Painter, table: Table) -> _Grid:
        columns = table.columns
        lists = [column.kind in ("units", "items") for column in columns]
        rows: list[_GridRow] = []
        counts = Counter(row.group for row in table.rows) if table.group else Counter()
        current: object = object()
        for row in table.rows:
            if table.group and row.group != current:
                current = row.group
                label = f"{row.group}（{counts[row.group]}）"
                rows.append(_GridRow([_Cell(painter.styled(label), True, painter.measure(label))] + [
                    _Cell(("", []), True) for _ in columns[1:]], "strong"))
            rows.append(cls._row(painter, row, lists, table.key, indent=bool(table.group)))
        rows += [_GridRow(cls._row(painter, row, lists, table.key).cells, row.style, footer=True)
                 for row in table.footer]
        headers = [painter.styled(column.header) for column in columns]
        natural = []
        for index, column in enumerate(columns):
            widest = max([_widest(painter, headers[index][0]), *(row.cells[index].widest for row in rows)])
            natural.append(max(widest, MARK_WIDTH) if column.kind == "mark" else widest)
        return cls(painter, columns, headers, rows, natural, table.compact, table.key)

    @staticmethod
    def _row(painter: Painter, row: Row, lists: list[bool], key: int, indent: bool = False) -> _GridRow:
        cells = []
        for index, text in enumerate(row.cells):
            styled = painter.styled(text)
            if indent and index == key:
                styled = (GROUP_INDENT + styled[0], [(s + len(GROUP_INDENT), e + len(GROUP_INDENT), st)
                                                     for s, e, st in styled[1]])
            cells.append(_Cell(styled, lists[index], _widest(painter, styled[0])))
        return _GridRow(cells, row.style)

    # --- sizes ------------------------------------------------------------------------------

    def overhead(self, count: int) -> int:
        return count - 1 if self.compact else 3 * count + 1

    def fits(self, widths: Sequence[int], size: int) -> bool:
        return sum(widths) + self.overhead(len(widths)) <= size

    def shrunk(self, size: int) -> list[int]:
        """Natural widths, narrowed: first a column with nothing in it, down to its header's
        widest word; then the widest column gives way first, down to the width that keeps
        every word of its header whole, so that short cells such as unit names and titles stay
        on one line as long as possible; only then a column goes down to its minimum, where a
        header breaks inside a word."""
        widths = list(self.natural)
        excess = sum(widths) + self.overhead(len(widths)) - size
        empty = [all(not row.cells[i].text[0].strip() for row in self.rows) for i in range(len(widths))]
        header_words = [max(self.minimum[i], widest_header_word(self.headers[i][0], self.painter.screen.ascii))
                        for i in range(len(widths))]
        for floors, which in ((header_words, empty), (header_words, None), (self.minimum, None)):
            while excess > 0:
                shrinkable = [i for i in range(len(widths)) if widths[i] > floors[i] and (which is None or which[i])]
                if not shrinkable:
                    break
                widest = max(shrinkable, key=lambda i: (widths[i], i))
                widths[widest] -= 1
                excess -= 1
        return widths

    def split_parts(self, size: int) -> list[list[int]] | None:
        """Groups of non-key columns that each fit beside the key column, as even as possible.

        The columns of the kind that follows the key are split; the columns after them (the
        totals of the matrix) stay together, with the last part.
        """
        others = [index for index in range(len(self.columns)) if index != self.key]
        if not others:
            return None
        kind = self.columns[others[0]].kind
        run = 0
        while run < len(others) and self.columns[others[run]].kind == kind:
            run += 1
        split, tail = others[:run], others[run:]
        units = [[index] for index in split] + ([tail] if tail else [])

        def fits(part: list[list[int]]) -> bool:
            return self.fits([self.natural[self.key], *(self.natural[i] for unit in part for i in unit)], size)

        parts: list[list[list[int]]] = []
        for unit in units:
            if parts and fits([*parts[-1], unit]):
                parts[-1].append(unit)
            elif fits([unit]):
                parts.append([unit])
            else:
                return None
        count = len(parts)
        per = math.ceil(len(split) / count)
        even = [units[start:min(start + per, len(split))] for start in range(0, len(split), per)]
        if tail and even:
            even[-1] = [*even[-1], tail]
        if len(even) == count and all(fits(part) for part in even):
            parts = even
        return [[index for unit in part for index in unit] for part in parts]

    def part_label(self, template: str, part: list[int]) -> str:
        others = [index for index in range(len(self.columns)) if index != self.key]
        kind = self.columns[others[0]].kind
        same = [index for index in part if self.columns[index].kind == kind] or part
        return template.format(first=self.columns[same[0]].header, last=self.columns[same[-1]].header)

    def only(self, part: list[int]) -> _Grid:
        keep = [self.key, *part]
        rows = [_GridRow([row.cells[i] for i in keep], row.style, row.footer) for row in self.rows
                if not row.footer or any(row.cells[i].text[0] for i in part)]
        return _Grid(self.painter, [self.columns[i] for i in keep], [self.headers[i] for i in keep], rows,
                     [self.natural[i] for i in keep], self.compact, 0)

    # --- drawing ------------------------------------------------------------------------------

    def _cell_lines(self, cell: _Cell, size: int, kind: str) -> list[Line]:
        plain, runs = cell.text
        if not runs and "\n" not in plain and (cell.widest <= size or kind in ("number", "mark")):
            return [[(plain, None)]] if plain else []  # the common case: nothing to wrap or style
        if kind in ("number", "mark"):
            return self.painter.wrap(cell.text, None, lists=True)
        return self.painter.wrap(cell.text, size, lists=cell.lists)

    def _pad(self, line: Line, size: int, kind: str) -> Line:
        room = size - _line_width(self.painter, line)
        if room <= 0:
            return line
        if kind == "number":
            return [(" " * room, None), *line]
        if kind == "mark":
            return [(" " * (room // 2), None), *line, (" " * (room - room // 2), None)]
        return [*line, (" " * room, None)]

    def _row_lines(self, cells: list[Styled | _Cell], widths: Sequence[int], style: Style | None,
                   separator: str, edges: bool) -> list[Line]:
        columns = []
        for index, cell in enumerate(cells):
            kind = self.columns[index].kind
            if isinstance(cell, tuple):  # a header
                lines = self.painter.wrap_header(cell, widths[index])
            else:
                lines = self._cell_lines(cell, widths[index], kind)
            columns.append(lines)
        height = max(len(lines) for lines in columns)
        out: list[Line] = []
        for number in range(height):
            line: Line = [(separator + " ", None)] if edges else []
            for index, lines in enumerate(columns):
                piece = lines[number] if number < len(lines) else []
                if style:
                    piece = [(text, seg_style or style) for text, seg_style in piece]
                line += self._pad(piece, widths[index], self.columns[index].kind)
                if index < len(columns) - 1:
                    line.append((f" {separator} " if edges else " ", None))
            if edges:
                line.append((" " + separator, None))
            out.append(line)
        return out

    def draw(self, widths: Sequence[int] | None) -> list[Line]:
        widths = list(widths or self.natural)
        box = ASCII_BOX if self.painter.screen.ascii else UNICODE_BOX
        body = [row for row in self.rows if not row.footer]
        footer = [row for row in self.rows if row.footer]
        if self.compact:
            out = self._row_lines(list(self.headers), widths, "strong", "", False)
            out.append([(box.underline * (sum(widths) + self.overhead(len(widths))), None)])
            for row in body:
                out += self._row_lines(list(row.cells), widths, row.style, "", False)
            if footer:
                out.append([])
                for row in footer:
                    out += self._row_lines(list(row.cells), widths, row.style or "strong", "", False)
            return out

        def rule(parts: tuple[str, str, str, str]) -> Line:
            left, line, cross, right = parts
            return [(left + cross.join(line * (w + 2) for w in widths) + right, None)]

        out = [rule(box.top)]
        out += self._row_lines(list(self.headers), widths, "strong", box.head, True)
        out.append(rule(box.head_rule))
        for row in body:
            out += self._row_lines(list(row.cells), widths, row.style, box.body, True)
        if footer:
            out.append(rule(box.rule))
            for row in footer:
                out += self._row_lines(list(row.cells), widths, row.style, box.body, True)
        out.append(rule(box.bottom))
        return out

    def blocks(self, size: int) -> list[Line]:
        """Each row as a block: the key first, then one "header：value" line per cell."""
        out: list[Line] = []
        labels = [header[0].replace("\n", " ") + "：" for header in self.headers]
        for row in self.rows:
            if out:
                out.append([])
            key = row.cells[self.key]
            if row.style == "strong" and not any(c.text[0] for i, c in enumerate(row.cells) if i != self.key):
                out += self.painter.wrap(key.text, size, lists=True, last_resort=True)
                out[-1] = [(text, style or "strong") for text, style in out[-1]]
                continue
            head = self.painter.wrap(_prefixed(labels[self.key], _lstrip(key.text)), size, lists=True,
                                     last_resort=True)
            out += [[(text, style or "strong") for text, style in line] for line in head]
            for index, cell in enumerate(row.cells):
                if index == self.key or not cell.text[0].strip():
                    continue
                out += self._labelled(labels[index], cell, size, row.style)
        return out

    def _labelled(self, label: str, cell: _Cell, size: int, style: Style | None) -> list[Line]:
        label_width = self.painter.measure(label)
        room = size - 2 - label_width
        if room >= BLOCK_VALUE_MIN:
            lines = self.painter.wrap(cell.text, room, lists=cell.lists, last_resort=False)
            indent = " " * (2 + label_width)
            out = [[("  " + label, None), *lines[0]]]
            out += [[(indent, None), *line] for line in lines[1:]]
        else:
            lines = self.painter.wrap(cell.text, size - 4, lists=cell.lists, last_resort=False)
            out = [[("  " + label, None)], *([("    ", None), *line] for line in lines)]
        if style:
            out = [[(text, seg or style) for text, seg in line] for line in out]
        return out


def _lstrip(text: Styled) -> Styled:
    plain, runs = text
    cut = len(plain) - len(plain.lstrip())
    return plain[cut:], [(max(0, s - cut), max(0, e - cut), style) for s, e, style in runs]


def _prefixed(prefix: str, text: Styled) -> Styled:
    plain, runs = text
    return prefix + plain, [(s + len(prefix), e + len(prefix), style) for s, e, style in runs]


def _widest(painter: Painter, text: str) -> int:
    return max(painter.measure(line) for line in text.split("\n")) if "\n" in text else painter.measure(text)


def _narrowest(painter: Painter, text: str, lists: bool) -> int:
    best = 0
    for line in text.split("\n"):
        if painter.measure(line) <= best:
            continue
        for number, (gap, _, size) in enumerate(pieces(line, lists, painter.screen.ascii)):
            best = max(best, size + (painter.measure(gap) if number == 0 else 0))
    return best


_ASCII_TABLE = str.maketrans({glyph: ascii for glyph, ascii in ASCII_MARKS.items() if len(glyph) == 1})


def plain_text(lines: list[Line]) -> str:
    return "".join("".join(text for text, _ in line).rstrip() + "\n" for line in lines)


def render_lines(report: Report, screen: Screen) -> tuple[list[Line], list[str]]:
    """The report's lines for this screen, and the texts whose control characters were escaped."""
    painter = Painter(screen)
    return painter.report(report), painter.escaped


