"""How many columns text takes on a monospaced screen, and where it may break.

No rich here: plain output (the usual case when output is piped) must not pay for it.
Widths follow Unicode's East Asian Width, as terminals (and rich) do: wide and full-width
characters take two columns, combining marks none. East Asian "ambiguous" characters
(“ ” … ※ ● and box lines) take one, or two on a screen declared ambiguous-wide.
"""

from __future__ import annotations

import re
from functools import lru_cache

# East Asian Wide and Fullwidth, assigned code points (Unicode 15), as hex ranges.
_WIDE = """
1100-115f 231a-231b 2329-232a 23e9-23ec 23f0 23f3 25fd-25fe 2614-2615 2648-2653 267f 2693 26a1
26aa-26ab 26bd-26be 26c4-26c5 26ce 26d4 26ea 26f2-26f3 26f5 26fa 26fd 2705 270a-270b 2728 274c 274e
2753-2755 2757 2795-2797 27b0 27bf 2b1b-2b1c 2b50 2b55 2e80-303e 3041-3247 3250-4dbf 4e00-a4c6
a960-a97c ac00-d7a3 f900-fad9 fe10-fe19 fe30-fe6b ff01-ff60 ffe0-ffe6 16fe0-1b2fb 1f004 1f0cf 1f18e
1f191-1f19a 1f200-1f320 1f32d-1f335 1f337-1f37c 1f37e-1f393 1f3a0-1f3ca 1f3cf-1f3d3 1f3e0-1f3f0
1f3f4 1f3f8-1f43e 1f440 1f442-1f4fc 1f4ff-1f53d 1f54b-1f54e 1f550-1f567 1f57a 1f595-1f596 1f5a4
1f5fb-1f64f 1f680-1f6c5 1f6cc 1f6d0-1f6d2 1f6d5-1f6df 1f6eb-1f6ec 1f6f4-1f6fc 1f7e0-1f7f0
1f90c-1f93a 1f93c-1f945 1f947-1f9ff 1fa70-1faf6 20000-3134a
"""
# Combining marks and invisible format characters: no column of their own.
_ZERO = "0300-036f 1ab0-1aff 1dc0-1dff 200b-200d 2060-2064 20d0-20ff fe00-fe0f fe20-fe2f feff"


def _char_class(ranges: str) -> re.Pattern[str]:
    parts = []
    for token in ranges.split():
        first, _, last = token.partition("-")
        parts.append(re.escape(chr(int(first, 16))) + (f"-{re.escape(chr(int(last, 16)))}" if last else ""))
    return re.compile(f"[{''.join(parts)}]")


_WIDE_RE = _char_class(_WIDE)
_ZERO_RE = _char_class(_ZERO)


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


def width(text: str, ambiguous_wide: bool = False) -> int:
    if text.isascii():
        return len(text)
    size = len(text) + len(_WIDE_RE.findall(text)) - len(_ZERO_RE.findall(text))
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
