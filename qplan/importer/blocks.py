"""What every reader of a source document produces: paragraphs and tables in document order,
each with the place it came from (a line of a text file, a paragraph of a Word document)."""

from __future__ import annotations

from collections.abc import Iterable
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
    text = _drop_zero_width(text.replace("\u00a0", " ")).translate(_DIGITS)
    return text.strip(" \t\u3000")


_ZERO_WIDTH = "\u200b\ufeff"


def zero_width_counts(texts: Iterable[str]) -> dict[str, int]:
    """How many zero-width spaces and BOMs the texts hold (clean drops them), by character."""
    counts: dict[str, int] = {}
    for text in texts:
        for char in _ZERO_WIDTH:
            found = text.count(char)
            if found:
                counts[char] = counts.get(char, 0) + found
    return counts


def drop_zero_width(text: str) -> str:
    """Text of a title or body without zero-width spaces and BOMs anywhere (they are kept in
    brackets only until the units have been read)."""
    return text.replace("\u200b", "").replace("\ufeff", "") if any(c in text for c in _ZERO_WIDTH) else text


def _drop_zero_width(text: str) -> str:
    """Zero-width spaces and stray BOMs, which web copies scatter through a text, go; but not
    inside brackets, where the units are named: there the bracket is kept as written and the
    names are read without them, the report saying which name held which (see
    qplan.responsibility.Dropped)."""
    if not any(char in text for char in _ZERO_WIDTH):
        return text
    kept: list[str] = []
    depth = 0
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        elif char in _ZERO_WIDTH and depth == 0:
            continue
        kept.append(char)
    return "".join(kept)
