"""Text that is safe to put in a workbook, and sheet names Excel accepts.

No openpyxl here: the character set Excel refuses is the one openpyxl's
ILLEGAL_CHARACTERS_RE names (C0 controls other than tab, newline and carriage return).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
# Text Excel would treat as a formula if a user edited the cell; stored as text, never as one.
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_CELL_CHARS = 32767
MAX_SHEET_TITLE = 31
SHEET_TITLE_FORBIDDEN_RE = re.compile(r"[\[\]:*?/\\]")
# Excel keeps this name for itself.
RESERVED_SHEET_TITLES = ("history",)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


@lru_cache(maxsize=65536)
def display_width(text: str) -> int:
    """Half-widths of a CJK font's em the text takes: wide characters count 2, and so do the
    "ambiguous" ones (“ ” ※ ● …), which the Chinese fonts of a workbook draw full width."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)


def join_item_labels(numbers: Iterable[int], label: Callable[[int], str]) -> str:
    """Item numbers as the document writes them, three or more in a row as （一）至（四）:
    short enough for a cell, and broken into lines only at the 、."""
    runs: list[list[int]] = []
    for no in sorted(numbers):
        if runs and no == runs[-1][-1] + 1:
            runs[-1].append(no)
        else:
            runs.append([no])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{label(run[0])}至{label(run[-1])}")
        else:
            parts += [label(no) for no in run]
    return "、".join(parts)


@dataclass(slots=True)
class TextCleaner:
    """Removes what Excel refuses and remembers, for the user, where it did."""

    warnings: list[str] = field(default_factory=list)

    def clean(self, text: str, where: str) -> str:
        cleaned, count = ILLEGAL_CHARACTERS_RE.subn("", text)
        if count:
            self._warn(f"{where}含有 {count} 个 Excel 无法保存的控制字符，已删除。")
        if len(cleaned) > MAX_CELL_CHARS:
            cleaned = cleaned[:MAX_CELL_CHARS]
            self._warn(f"{where}超过 Excel 单元格上限 {MAX_CELL_CHARS} 字，已截断。")
        return cleaned

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters, unique ignoring case.

    `taken` holds the lower-cased names already used and is updated.
    """
    base = SHEET_TITLE_FORBIDDEN_RE.sub("", ILLEGAL_CHARACTERS_RE.sub("", name)).strip().strip("'")
    base = base or "工作表"
    candidate = _truncate(base, MAX_SHEET_TITLE)
    number = 2
    while candidate.lower() in taken or candidate.lower() in RESERVED_SHEET_TITLES:
        suffix = f"（{number}）"
        candidate = _truncate(base, MAX_SHEET_TITLE - _utf16_len(suffix)) + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def _truncate(text: str, limit: int) -> str:
    # Excel counts UTF-16 units, so a character outside the BMP takes two.
    if _utf16_len(text) <= limit:
        return text
    while _utf16_len(text) > limit:
        text = text[:-1]
    # A bracket cut open reads as a mistake on the tab: drop the whole aside (the sheet's
    # first row keeps the full title).
    opened = max(text.rfind("（"), text.rfind("("))
    if opened > 0 and opened > max(text.rfind("）"), text.rfind(")")):
        text = text[:opened].rstrip()
    return text
