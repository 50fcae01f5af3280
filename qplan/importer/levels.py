"""Which numbering level of a document holds its items: the level whose paragraphs carry
the units responsible; the level above it names the sections."""

from __future__ import annotations

from qplan.importer.lines import LEVELS, Line
from qplan.importer.unit_lists import merge_role_lines, responsibility_at_end


def item_level(lines: list[Line]) -> tuple[str, int, int]:
    """The numbering level whose paragraphs end in readable responsibility brackets."""
    present = [lv for lv in LEVELS if any(line.kind == lv for line in lines)]
    if not present:
        return "B", 0, 0
    # Items are the level whose whole text (sub-points 1． （1） included) ends with its units,
    # or whose heading line does; sub-points that carry the units of their item count less.
    best: tuple[int, int, str] | None = None
    for level in present:
        whole = sum(1 for texts in _entry_texts(lines, level) if _units_found(texts))
        own = sum(1 for own in _own_texts(lines, level) if _units_found(own))
        if whole and (best is None or (whole, own) > best[:2]):
            best = (whole, own, level)
    if best is not None:
        level = best[2]
        return level, best[0], sum(1 for line in lines if line.kind == level)
    # No brackets anywhere: the usual item level of these documents, else the deepest present.
    level = "B" if "B" in present else present[-1] if len(present) > 1 else present[0]
    return level, 0, sum(1 for line in lines if line.kind == level)


def section_level(lines: list[Line], level: str) -> str | None:
    above = [lv for lv in LEVELS[: LEVELS.index(level)] if any(line.kind == lv for line in lines)]
    return above[-1] if above else None


def _own_texts(lines: list[Line], level: str) -> list[list[str]]:
    """For each heading at `level`: its own paragraphs, up to the next numbered line of any level."""
    texts: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.numbered or line.kind in ("part", "end"):
            if current is not None:
                texts.append(merge_role_lines(current))
            current = [line.content] if line.kind == level else None
        elif current is not None and line.kind == "text":
            current.append(line.text)
    if current is not None:
        texts.append(merge_role_lines(current))
    return texts


def _entry_texts(lines: list[Line], level: str) -> list[list[str]]:
    """For each heading at `level`: its paragraphs up to the next heading at that level or
    above, with deeper numbered paragraphs included."""
    depth = LEVELS.index(level)
    entries: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.kind == "part" or line.kind == "end" or (line.numbered and LEVELS.index(line.kind) < depth):
            current = None
        elif line.kind == level:
            current = [line.content]
            entries.append(current)
        elif current is not None and line.kind != "page":
            current.append(line.text)
    return [merge_role_lines(texts) for texts in entries]


def _units_found(paragraphs: list[str]) -> bool:
    """The heading line ends with its units, or the last paragraph does or names only units."""
    return any(responsibility_at_end(paragraphs[i], own_line=i > 0) is not None
               for i in {0, len(paragraphs) - 1})
