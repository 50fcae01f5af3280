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

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

ColumnKind = Literal["text", "units", "items", "number", "mark"]
# Semantic styles; each renderer decides what they look like (bold, dim, colour, fill).
Style = Literal["strong", "note", "muted", "deleted", "inserted", "flag-red", "flag-yellow", "flag-green"]


@dataclass(frozen=True)
class Span:
    text: str
    style: Style | None = None


# A cell or paragraph: plain text, or spans where part of it needs a style of its own
# (the deleted and inserted runs of a text diff, a coloured flag).
Text = str | tuple[Span, ...]


def plain(text: Text) -> str:
    return text if isinstance(text, str) else "".join(span.text for span in text)


@dataclass(frozen=True)
class Column:
    header: str
    kind: ColumnKind = "text"


@dataclass
class Row:
    cells: list[Text]
    style: Style | None = None
    group: str | None = None  # the value of the table's group column, see Table.group


@dataclass
class Table:
    """Typed columns and rows. Column `key` names each row: it heads a row's block when a
    table is folded for a narrow screen, and is repeated when columns are split.

    With `group`, rows carry a group (a unit's kind in the matrix): a terminal shows a
    heading row per group, other formats a column with that header after the key.
    `split` lets a narrow screen split the columns after the key into parts instead of
    folding rows; it labels each part, e.g. "条目 {first}–{last}".
    """

    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    title: str | None = None
    footer: list[Row] = field(default_factory=list)  # totals, after a separator
    group: str | None = None
    compact: bool = False  # no borders, one space between columns (the matrix)
    split: str | None = None
    key: int = 0

    def add(self, *cells: Text, style: Style | None = None, group: str | None = None) -> None:
        self.rows.append(Row(list(cells), style, group))


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    text: Text
    style: Style | None = None
    indent: int = 0


@dataclass(frozen=True)
class Bullets:
    """Separate lines: a list in Markdown and HTML, plain lines on a screen."""

    lines: Sequence[Text]
    style: Style | None = None


@dataclass(frozen=True)
class Notes:
    """Legends and remarks, shown quieter than the data."""

    lines: Sequence[str]


@dataclass(frozen=True)
class Index:
    """Short entries a screen lays out in columns, such as the matrix's item key."""

    heading: str
    entries: Sequence[str]


Block = Heading | Paragraph | Bullets | Notes | Table | Index


@dataclass(frozen=True)
class Records:
    """The flat table a CSV file holds: stable English field names, one record a row."""

    fields: Sequence[str]
    rows: Sequence[Sequence[Any]]


@dataclass
class Report:
    blocks: list[Block]
    data: Any = None
    records: Records | None = None
    title: str | None = None  # a document title: Markdown's "# …", HTML's <title>
    # JSON of a list written one record a line: still one document, but the C encoder
    # writes it, which matters for thousands of items.
    data_per_line: bool = False

    def add(self, *blocks: Block | None) -> None:
        self.blocks += [block for block in blocks if block is not None]

    def notes(self, lines: Sequence[str]) -> None:
        if lines:
            self.blocks.append(Notes(list(lines)))
