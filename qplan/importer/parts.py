"""The parts of a document: 第X部分 headings, a top numbering that starts again at 一, or
headings above the sections (一、2025年工作总结 / 二、2026年工作安排)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qplan.importer.header import is_title_like
from qplan.importer.levels import section_level
from qplan.importer.lines import LEVELS, Line

_PLAN_WORDS = re.compile(r"要点|计划|任务|安排|方案|措施|清单|分工")
_SUMMARY_WORDS = re.compile(r"总结|回顾|成效|进展情况")


@dataclass(slots=True)
class Part:
    start: int
    end: int
    heading: str | None = None
    label: str | None = None  # 第二部分, or None for a part found by its numbering restarting
    ordinal: int = 1
    heading_at: int | None = None  # index of the heading line inside the part, if any
    # Found under a numbered heading above the sections (一、2026年工作安排 over （一）… over 1．…).
    sub: bool = False


def body_start(lines: list[Line]) -> int:
    for index, line in enumerate(lines):
        if line.kind == "part" or line.numbered:
            return index
    return len(lines)


def find_parts(lines: list[Line]) -> list[Part]:
    """Parts by 第X部分 headings, or where the top numbering starts again at 一."""
    start = body_start(lines)
    heads = [i for i, line in enumerate(lines) if line.kind == "part"]
    if heads:
        parts = []
        for n, (i, end) in enumerate(zip(heads, [*heads[1:], len(lines)], strict=True), 1):
            part = Part(i, end, lines[i].content or None, lines[i].label, n)
            if part.heading is None and i + 1 < end and is_title_like(lines[i + 1]):
                part.heading, part.heading_at = lines[i + 1].text, i + 1  # 第二部分 / 标题 on two lines
            parts.append(part)
        if any(line.numbered for line in lines[start:heads[0]]):
            parts.insert(0, Part(start, heads[0], None, None, 0))
        return parts
    top = next((lv for lv in LEVELS if any(line.kind == lv for line in lines)), None)
    if top is None:
        return [Part(start, len(lines))]
    starts = [start]
    previous = 0
    for index, line in enumerate(lines):
        if line.kind != top or line.number is None:
            continue
        if line.number <= previous and index > start:
            starts.append(_heading_start(lines, index))
        previous = line.number
    parts = []
    for n, (begin, end) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=True), 1):
        if n == 1:
            above = lines[begin - 1] if begin > 0 else None
            heading = above.text if above is not None and is_title_like(above) else None
            parts.append(Part(begin, end, heading, None, n))
            continue
        at = next((i for i in range(begin, end) if is_title_like(lines[i])
                   and not any(line.numbered for line in lines[begin:i])), None)
        parts.append(Part(begin, end, lines[at].text if at is not None else None, None, n, at))
    return parts


def _heading_start(lines: list[Line], index: int) -> int:
    """Title lines right above a restart belong to the new part (2025年工作要点)."""
    begin = index
    while begin > 0 and index - begin < 3 and is_title_like(lines[begin - 1]):
        begin -= 1
    return begin


def part_name(part: Part) -> str:
    if part.label:
        return part.label + (f"“{part.heading}”" if part.heading else "")
    if part.heading:
        return f"“{part.heading}”"
    return f"第 {part.ordinal} 段编号内容" if part.ordinal else "第一部分之前的编号内容"


def split_higher(lines: list[Line], part: Part, level: str) -> list[Part]:
    """Headings above the sections divide a part the way 第X部分 does: 一、2025年工作总结 and
    二、2026年工作安排, each with its own （一） sections and 1． items."""
    span = lines[part.start:part.end]
    section = section_level(span, level)
    higher = LEVELS[: LEVELS.index(section or level)]
    top = next((lv for lv in higher if any(line.kind == lv for line in span)), None)
    if top is None:
        return [part]
    heads = [i for i in range(part.start, part.end) if lines[i].kind == top]
    subs = []
    if any(line.numbered for line in lines[part.start:heads[0]]):
        subs.append(Part(part.start, heads[0], part.heading, part.label, part.ordinal, part.heading_at))
    for n, (begin, end) in enumerate(zip(heads, [*heads[1:], part.end], strict=True), 1):
        subs.append(Part(begin, end, heading_title(lines[begin].content) or None, None, n, begin, sub=True))
    return subs


def plan_likeness(part: Part) -> int:
    heading = part.heading or ""
    return (1 if _PLAN_WORDS.search(heading) else 0) - (1 if _SUMMARY_WORDS.search(heading) else 0)


def heading_title(content: str) -> str:
    title = re.split(r"[。]", content, maxsplit=1)[0]
    return title.strip().rstrip("：:；;，,").strip()


def heading_rest(content: str) -> str:
    parts = content.split("。", 1)
    return parts[1].strip() if len(parts) == 2 else ""
