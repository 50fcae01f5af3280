"""How big text and shapes are in the picture: character widths of a CJK font, where long
names break, and boxes."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

FONT_FAMILY = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'Source Han Sans CN', "
               "'Microsoft YaHei', SimHei, sans-serif")
LINE_HEIGHT = 1.25  # of the font size
ASCENT = 1.0  # label box top above the baseline, of the font size
DESCENT = 0.3  # label box bottom below the last baseline, of the font size
# Where a long unit name reads best when split over two lines.
BREAK_AFTER = "组会委局部办"


def char_width(char: str, size: float) -> float:
    return size if unicodedata.east_asian_width(char) in "WFA" else size * 0.6


def text_width(text: str, size: float) -> float:
    return sum(char_width(char, size) for char in text)


def split_name(name: str, limit: int = 10) -> list[str]:
    """Two lines for a long name, broken after a word end near the middle where there is one."""
    if len(name) <= limit:
        return [name]
    middle = len(name) // 2
    # "委" ends a name but also begins "委员会": never split that word.
    candidates = [i + 1 for i, char in enumerate(name[:-1]) if char in BREAK_AFTER
                  and name[i + 1] != "员" and abs(i + 1 - middle) <= 3]
    cut = min(candidates, key=lambda i: abs(i - middle)) if candidates else middle
    return [name[:cut], name[cut:]]


def block_height(lines: int, size: float) -> float:
    """Height of a label of `lines` lines at `size` px."""
    return size * (ASCENT + DESCENT + LINE_HEIGHT * (lines - 1))


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > -gap
                and min(self.y1, other.y1) - max(self.y0, other.y0) > -gap)

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0),
                   max(self.x1, other.x1), max(self.y1, other.y1))

    def shifted(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0
