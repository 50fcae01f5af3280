"""Character-level text diff readable for Chinese: changed runs stand out, the rest folds away."""

from __future__ import annotations

import difflib

from qplan.diff.result import Segment

# Equal runs shorter than this between two changes are absorbed into the change: a diff that
# alternates one kept character with one changed character is unreadable ("confetti").
MIN_EQUAL_RUN = 4
# Unchanged runs longer than this are folded to their ends with … in between.
FOLD_LONGER_THAN = 24
FOLD_KEEP = 8
ELLIPSIS = "…"


def text_diff(old: str, new: str) -> list[Segment]:
    """Segments that turn `old` into `new`; equal runs carry the full text (nothing folded)."""
    if old == new:
        return [Segment("equal", old)] if old else []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(Segment("equal", old[i1:i2]))
            continue
        if i2 > i1:
            raw.append(Segment("delete", old[i1:i2]))
        if j2 > j1:
            raw.append(Segment("insert", new[j1:j2]))
    return _normalise(_absorb_short_equals(raw))


def _absorb_short_equals(segments: list[Segment]) -> list[Segment]:
    """Turn short equal runs that sit between changes into part of the change on both sides."""
    out: list[Segment] = []
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        between_changes = 0 < index < last
        if segment.op == "equal" and between_changes and len(segment.text) < MIN_EQUAL_RUN:
            out.append(Segment("delete", segment.text))
            out.append(Segment("insert", segment.text))
        else:
            out.append(segment)
    return out


def _normalise(segments: list[Segment]) -> list[Segment]:
    """Group each change as all of its deleted text followed by all of its inserted text."""
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(Segment("delete", "".join(deleted)))
        if inserted:
            out.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for segment in segments:
        if segment.op == "equal":
            flush()
            if out and out[-1].op == "equal":
                out[-1] = Segment("equal", out[-1].text + segment.text)
            else:
                out.append(segment)
        elif segment.op == "delete":
            deleted.append(segment.text)
        else:
            inserted.append(segment.text)
    flush()
    return out


def fold(segments: list[Segment], *, longer_than: int = FOLD_LONGER_THAN,
         keep: int = FOLD_KEEP) -> list[Segment]:
    """The same segments with long unchanged runs shortened to their ends around “…”.

    A run at the very start keeps only its end, one at the very end only its start, so the
    context next to each change stays readable.
    """
    out: list[Segment] = []
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        text = segment.text
        if segment.op != "equal" or len(text) <= longer_than:
            out.append(segment)
        elif index == 0 and last > 0:
            out.append(Segment("equal", ELLIPSIS + text[-keep:]))
        elif index == last and last > 0:
            out.append(Segment("equal", text[:keep] + ELLIPSIS))
        else:
            out.append(Segment("equal", text[:keep] + ELLIPSIS + text[-keep:]))
    return out


def changed_share(segments: list[Segment]) -> float:
    """Share of characters, over both texts, that the diff marks as changed."""
    changed = sum(len(s.text) for s in segments if s.op != "equal")
    equal = sum(len(s.text) for s in segments if s.op == "equal")
    total = changed + 2 * equal
    return changed / total if total else 0.0


def plain(segments: list[Segment], marks: tuple[str, str, str, str] = ("[-", "-]", "{+", "+}")) -> str:
    """The diff as one line of text, deletions and insertions wrapped in the given marks."""
    open_del, close_del, open_ins, close_ins = marks
    parts = []
    for segment in segments:
        if segment.op == "delete":
            parts.append(open_del + segment.text + close_del)
        elif segment.op == "insert":
            parts.append(open_ins + segment.text + close_ins)
        else:
            parts.append(segment.text)
    return "".join(parts)
