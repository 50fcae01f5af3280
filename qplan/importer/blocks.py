"""What every reader of a source document produces: paragraphs and tables in document order,
each with the place it came from (a line of a text file, a paragraph of a Word document)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Table:
    rows: list[list[str]]
    line: int


Block = Paragraph | Table

# Full-width digits (２０２６年) are the same numbers; dates, 文号 and numbering read them as such.
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def clean(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("\ufeff", "").replace("\u200b", "").translate(_DIGITS)
    return text.strip(" \t\u3000")
