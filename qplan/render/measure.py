"""How many columns text takes on a monospaced screen, and where it may break.

No rich here: plain output (the usual case when output is piped) must not pay for it.
Widths follow Unicode's East Asian Width, as terminals (and rich) do: wide and full-width
characters take two columns, combining marks none. East Asian "ambiguous" characters
(“ ” … ※ ● and box lines) take one, or two on a screen declared ambiguous-wide.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

# East Asian Wide and Fullwidth: the blocks Chinese text uses, checked by one small pattern;
# the scattered wide symbols and emoji elsewhere are looked up one by one, where they occur.
_WIDE_RE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u3247\u3250-\u4dbf\u4e00-\ua4c6\ua960-\ua97c"
                      "\uac00-\ud7a3\uf900-\ufad9\ufe10-\ufe19\ufe30-\ufe6b\uff01-\uff60\uffe0-\uffe6"
                      "\U00016fe0-\U0001b2fb\U00020000-\U0003134a]")
_RARE_RE = re.compile("[\u231a-\u2bff\U0001f000-\U0001faff]")
# Combining marks and invisible format characters: no column of their own.
_ZERO_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200d\u2060-\u2064\u20d0-\u20ff"
                      "\ufe00-\ufe0f\ufe20-\ufe2f\ufeff]")


def _char_class(ranges: str) -> re.Pattern[str]:
    parts = []
    for token in ranges.split():
        first, _, last = token.partition("-")
        parts.append(re.escape(chr(int(first, 16))) + (f"-{re.escape(chr(int(last, 16)))}" if last else ""))
    return re.compile(f"[{''.join(parts)}]")


@lru_cache(maxsize=1)
def _ambiguous_re() -> re.Pattern[str]:
    import unicodedata

    ranges: list[str] = []
    start = last = -1
    for code in range(0xA1, 0x10000):
        if unicodedata.east_asian_width(chr(code)) == "A" and not 0xE000 <= code <= 0xF8FF:
            if start < 0:
                start = code
            last = code
        elif start >= 0:
            ranges.append(f"{start:x}-{last:x}")
            start = -1
    return _char_class(" ".join(ranges))


@lru_cache(maxsize=512)
def _rare_width(char: str) -> int:
    import unicodedata

    return 1 if unicodedata.east_asian_width(char) in "WF" else 0


def width(text: str, ambiguous_wide: bool = False) -> int:
    if text.isascii():
        return len(text)
    size = len(text) + len(_WIDE_RE.findall(text)) - len(_ZERO_RE.findall(text))
    if _RARE_RE.search(text):
        size += sum(_rare_width(char) for char in _RARE_RE.findall(text))
    if ambiguous_wide:
        size += len(_ambiguous_re().findall(text))
    return size


# --- where text may break -------------------------------------------------------------------

# One unbreakable cluster: an item number as documents write it, the marks of a text diff,
# a Latin word or number (2025#7, 0.48, 35%), a run of spaces, or any one character.
_CLUSTER_RE = re.compile(
    r"（[〇零一二三四五六七八九十百千万]+）"
    r"|\[-|-\]|\{\+|\+\}"
    r"|[A-Za-z0-9][A-Za-z0-9#.,_%/:+\-]*[A-Za-z0-9%]"
    r"|\s+"
    r"|.",
    re.S,
)
# Never at the start of a line, and never at the end of one (Chinese line-breaking rules).
_CLOSING = set("）)]}」』】》〉”’、，。；：！？,.;:!?%…")
_OPENING = set("（([{「『【《〈“‘")
_CLOSING_MARKS = ("-]", "+}")
_OPENING_MARKS = ("[-", "{+")
# In a list (unit names, item numbers) a line may break only after these, at a space, or
# before an opening bracket: never inside a name.
_LIST_BREAK_AFTER = set("、，；：。！？,;")

Piece = tuple[str, str, int]  # (the space before it, the piece, its width)


def _glued_before(cluster: str) -> bool:
    return cluster[0] in _CLOSING or cluster in _CLOSING_MARKS


def _glued_after(cluster: str) -> bool:
    return cluster[-1] in _OPENING or cluster in _OPENING_MARKS


def pieces(text: str, lists: bool, ambiguous_wide: bool = False) -> list[Piece]:
    """Split one line of text into the pieces a wrapped line may start with.

    `lists`: break only between list entries (units, item numbers); otherwise (prose) between
    any two characters, except inside the clusters above and against the punctuation rules.
    Spaces always allow a break; the spaces before a piece travel with it.
    """
    out: list[Piece] = []
    gap = current = previous = ""
    for cluster in _CLUSTER_RE.findall(text):
        if cluster.isspace():
            if current:
                out.append((gap, current, width(current, ambiguous_wide)))
                current, gap = "", ""
            gap += cluster
            previous = cluster
            continue
        if current and not (_glued_before(cluster) or _glued_after(previous)) and (
                not lists or previous[-1] in _LIST_BREAK_AFTER or cluster[0] in "（("):
            out.append((gap, current, width(current, ambiguous_wide)))
            current, gap = "", ""
        current += cluster
        previous = cluster
    if current:
        out.append((gap, current, width(current, ambiguous_wide)))
    return out


def fill(parts: list[Piece], size: int | None, ambiguous_wide: bool = False) -> list[str]:
    """Greedy line filling; a piece wider than the line keeps a line of its own, whole.
    The first piece keeps the spaces before it (indentation); later lines start bare."""
    lines: list[str] = []
    line, used = "", 0
    for gap, piece, piece_width in parts:
        gap_width = width(gap, ambiguous_wide) if gap else 0
        if line and size is not None and used + gap_width + piece_width > size:
            lines.append(line)
            line, used = piece, piece_width
        else:
            line += gap + piece
            used += gap_width + piece_width
    lines.append(line)
    return lines


def wrap(text: str, size: int | None, *, lists: bool, ambiguous_wide: bool = False,
         last_resort: bool = False) -> list[str]:
    """Lines of at most `size` columns (None: as they come). With `last_resort`, a list
    piece too wide for a line is broken as prose rather than left to overflow."""
    lines: list[str] = []
    for line in text.split("\n"):
        if size is None or width(line, ambiguous_wide) <= size:
            lines.append(line)
            continue
        parts = pieces(line, lists, ambiguous_wide)
        if last_resort and lists and any(w > size for _, _, w in parts):
            parts = [broken for gap, piece, w in parts
                     for broken in ([(gap, piece, w)] if w <= size else _as_prose(gap, piece, ambiguous_wide))]
        lines += fill(parts, size, ambiguous_wide)
    return lines


# The words of qplan's column headers: a header on a narrow screen breaks before or after
# one of them (本/单位/角色, 最新/进展, 落实/条目/（确定）), at a space or at a bracket, so
# that a line of a header is never part of a word. A header too narrow even for its words
# breaks as prose.
HEADER_WORDS = ("单位", "角色", "进展", "任务", "条目", "序号", "状态", "时限", "推定", "承担", "计划", "内容",
                "类别", "部门", "合计", "负荷", "说明", "结果", "变化", "标题", "日期", "牵头", "配合", "预警",
                "完成", "文件", "栏目", "收录", "交回", "介数", "排名", "共同", "合作")
_HEADER_WORD_RE = re.compile("|".join(HEADER_WORDS))


def header_pieces(text: str, ambiguous_wide: bool = False) -> list[Piece]:
    """One line of a header split into the words it may break between."""
    out: list[Piece] = []
    for gap, piece, _ in pieces(text, True, ambiguous_wide):
        cuts = sorted({at for found in _HEADER_WORD_RE.finditer(piece) for at in (found.start(), found.end())
                       if 0 < at < len(piece) and piece[at] not in _CLOSING and piece[at - 1] not in _OPENING})
        bounds = [0, *cuts, len(piece)]
        for number, (start, end) in enumerate(pairwise(bounds)):
            part = piece[start:end]
            out.append((gap if number == 0 else "", part, width(part, ambiguous_wide)))
    return out


def wrap_header(text: str, size: int | None, ambiguous_wide: bool = False) -> list[str]:
    """A column header's lines of at most `size` columns, broken between its words."""
    lines: list[str] = []
    for line in text.split("\n"):
        if size is None or width(line, ambiguous_wide) <= size:
            lines.append(line)
            continue
        parts = [broken for gap, piece, w in header_pieces(line, ambiguous_wide)
                 for broken in ([(gap, piece, w)] if w <= size else _as_prose(gap, piece, ambiguous_wide))]
        lines += fill(parts, size, ambiguous_wide)
    return lines


def widest_header_word(text: str, ambiguous_wide: bool = False) -> int:
    """The narrowest a column can be without breaking a word of its header."""
    return max((w + (width(gap, ambiguous_wide) if number == 0 else 0)
                for line in text.split("\n")
                for number, (gap, _, w) in enumerate(header_pieces(line, ambiguous_wide))), default=0)


def _as_prose(gap: str, piece: str, ambiguous_wide: bool) -> list[Piece]:
    found = pieces(piece, False, ambiguous_wide)
    if found:
        found[0] = (gap, found[0][1], found[0][2])
    return found


def widest_piece(text: str, lists: bool, ambiguous_wide: bool = False) -> int:
    """The narrowest a column can be without breaking inside a piece of this text."""
    best = 0
    for line in text.split("\n"):
        if width(line, ambiguous_wide) <= best:
            continue
        for _, _, size in pieces(line, lists, ambiguous_wide):
            best = max(best, size)
    return best
