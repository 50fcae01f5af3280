"""What a view shows, in no particular format.

A view (show, units, diff, …) returns a `Report`: the data scripts read (JSON, and flat
`Records` for CSV) plus blocks for people — headings, paragraphs, notes, and tables whose
columns are typed. The renderers in `qplan.render` (terminal, plain text, Markdown, HTML,
CSV, JSON) and `qplan.excel.report` (a worksheet) turn any report into output; a view
writes no formatting code, and no renderer knows a view.

Column kinds tell a renderer where a cell may wrap and how to align it:
  text    prose such as a title: wraps between characters, never inside an item number
          （十三）, a number or a Latin word
  units   a list of unit names: wraps only after 、，；： at spaces or before （, so a unit
          name is never split
  items   a list of item numbers, same rule as units
  number  a count or score: never wraps, right-aligned
  mark    a symbol such as ● or a flag word: never wraps, centred
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

ColumnKind = Literal["text", "units", "items", "number", "mark"]
# Semantic styles; each renderer decides what they look like (bold, dim, colour, fill).
Style = Literal["strong", "note", "muted", "deleted", "inserted", "flag-red", "flag-yellow", "flag-green"]

# Plain classes rather than dataclasses: this module is on `qplan show`'s path, and a
# dataclass compiles its methods when the module is imported.


class Span:
    __slots__ = ("style", "text")

    def __init__(self, text: str, style: Style | None = None) -> None:
        self.text = text
        self.style = style


# A cell or paragraph: plain text, or spans where part of it needs a style of its own
# (the deleted and inserted runs of a text diff, a coloured flag).
Text = str | tuple[Span, ...]


def plain(text: Text) -> str:
    return text if isinstance(text, str) else "".join(span.text for span in text)


class Column:
    __slots__ = ("header", "kind")

    def __init__(self, header: str, kind: ColumnKind = "text") -> None:
        self.header = header
        self.kind: ColumnKind = kind


class Row:
    __slots__ = ("cells", "group", "style")

    def __init__(self, cells: list[Text], style: Style | None = None, group: str | None = None) -> None:
        self.cells = cells
        self.style = style
        self.group = group  # the value of the table's group column, see Table.group


class Table:
    """Typed columns and rows. Column `key` names each row: it heads a row's block when a
    table is folded for a narrow screen, and is repeated when columns are split.

    With `group`, rows carry a group (a unit's kind in the matrix): a terminal shows a
    heading row per group, other formats a column with that header after the key.
    `split` lets a narrow screen split the columns after the key into parts instead of
    folding rows; it labels each part, e.g. "条目 {first}–{last}". `footer` rows (totals)
    follow a separator; `compact` draws no borders, one space between columns (the matrix).
    `sheet` names the table's sheet in a workbook where its title is too long for one (Excel
    keeps 31 characters, and the page footer shows the sheet's name).
    """

    def __init__(self, columns: list[Column], rows: list[Row] | None = None, *, title: str | None = None,
                 footer: list[Row] | None = None, group: str | None = None, compact: bool = False,
                 split: str | None = None, key: int = 0, sheet: str | None = None) -> None:
        self.columns = columns
        self.sheet = sheet
        self.rows = rows if rows is not None else []
        self.title = title
        self.footer = footer if footer is not None else []
        self.group = group
        self.compact = compact
        self.split = split
        self.key = key

    def add(self, *cells: Text, style: Style | None = None, group: str | None = None) -> None:
        self.rows.append(Row(list(cells), style, group))


class Heading:
    __slots__ = ("level", "text")

    def __init__(self, text: str, level: int = 2) -> None:
        self.text = text
        self.level = level


class Paragraph:
    __slots__ = ("indent", "style", "text")

    def __init__(self, text: Text, style: Style | None = None, indent: int = 0) -> None:
        self.text = text
        self.style = style
        self.indent = indent


class Bullets:
    """Separate lines: a list in Markdown and HTML, plain lines on a screen."""

    __slots__ = ("lines", "style")

    def __init__(self, lines: Sequence[Text], style: Style | None = None) -> None:
        self.lines = lines
        self.style = style


class Notes:
    """Legends and remarks, shown quieter than the data."""

    __slots__ = ("lines",)

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = lines


class Index:
    """Short entries a screen lays out in columns, such as the matrix's item key."""

    __slots__ = ("entries", "heading")

    def __init__(self, heading: str, entries: Sequence[str]) -> None:
        self.heading = heading
        self.entries = entries


Block = Heading | Paragraph | Bullets | Notes | Table | Index


class Records:
    """The flat table a CSV file holds: stable English field names, one record a row."""

    __slots__ = ("fields", "rows")

    def __init__(self, fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self.fields = fields
        self.rows = rows


class Report:
    """`title` is a document title (Markdown's "# …", HTML's <title>); `data_per_line`
    writes JSON of a list one record a line: still one document, but the C encoder writes
    it, which matters for thousands of items."""

    def __init__(self, blocks: list[Block], data: Any = None, records: Records | None = None,
                 title: str | None = None, data_per_line: bool = False,
                 fill: Callable[[Report], None] | None = None) -> None:
        self._blocks = blocks
        self.data = data
        self.records = records
        self.title = title
        self.data_per_line = data_per_line
        # Adds the rest of the blocks when they are first read: JSON, which is the data alone,
        # never pays for the tables and texts of a large comparison.
        self._fill = fill

    @property
    def blocks(self) -> list[Block]:
        if self._fill is not None:
            fill, self._fill = self._fill, None
            fill(self)
        return self._blocks

    @blocks.setter
    def blocks(self, blocks: list[Block]) -> None:
        self._blocks = blocks

    def add(self, *blocks: Block | None) -> None:
        self.blocks += [block for block in blocks if block is not None]

    def notes(self, lines: Sequence[str]) -> None:
        if lines:
            self.blocks.append(Notes(list(lines)))
