"""Find the plan in the running text of a document and read its sections and items.

A document may hold more than the plan: a notice around it, last year's summary (总结)
numbered exactly like the plan but with no responsible units, a preamble, closing
requirements. The plan is the part whose numbered paragraphs end in responsibility
brackets; its items are the numbering level that carries those brackets, and its sections
the level above.
"""

from __future__ import annotations

from qplan.importer.draft import DraftSection, Skipped, excerpt
from qplan.importer.header import is_signature, is_title_like
from qplan.importer.items import END_WHY, TextPlan, heading_section, number_items, read_part
from qplan.importer.levels import item_level
from qplan.importer.lines import Line
from qplan.importer.parts import Part, find_parts, part_name, plan_likeness, split_higher

__all__ = ["Part", "TextPlan", "read_text_plan"]


def read_text_plan(lines: list[Line]) -> TextPlan | None:
    parts = []
    for whole in find_parts(lines):
        level = item_level(lines[whole.start:whole.end])[0]
        parts += split_higher(lines, whole, level)
    scored = []
    for part in parts:
        level, readable, entries = item_level(lines[part.start + (1 if part.sub else 0):part.end])
        scored.append((part, level, readable, entries))
    with_items = [s for s in scored if s[3]]
    if not with_items:
        return None
    # A part with units wins; among those, one headed 要点/计划 over one headed 总结.
    best = max(with_items, key=lambda s: (s[2] > 0, plan_likeness(s[0]), s[2], s[0].start))
    part, level, readable, _ = best
    # Parts that are all plan (第一部分…第六部分, or 一、…六、 over the sections), their items
    # numbered on across them or afresh in each, are read together as one plan.
    together = [s for s in scored if s[2] > 0 and s[1] == level and plan_likeness(s[0]) >= 0]
    if readable and len(together) > 1 and best in together:
        plan = _read_together(lines, [(s[0], s[1]) for s in together])
        readable = sum(s[2] for s in together)
    else:
        together = [best]
        plan = read_part(lines, part, level, _preamble_above(lines, part.start))
    plan.parts = parts
    plan.readable = readable
    for other, _, other_readable, entries in scored:
        if any(other is s[0] for s in together):
            continue
        if not entries:
            if other.sub:
                plan.skipped.append(Skipped(lines[other.start].line, excerpt(lines[other.start].text),
                                            "这一部分没有编号条目（只有说明文字），不是计划条目"))
                plan.skipped += [Skipped(line.line, excerpt(line.text), _why_not_read(line))
                                 for line in lines[other.start + 1:other.end] if line.kind in ("text", "end")]
            continue
        if not other_readable:
            why = "没有责任单位，是总结或说明，不是计划"
        elif plan_likeness(other) < 0:
            why = "是总结（虽然也括注了单位），不是计划"
        else:
            why = f"计划取自{part_name(part)}，这一部分未导入；如需要请核对原文"
        plan.skipped.insert(0, Skipped(lines[other.start].line, f"{part_name(other)}的 {entries} 个编号段落", why))
    return plan


def _read_together(lines: list[Line], chosen: list[tuple[Part, str]]) -> TextPlan:
    """Several parts as one plan: each part's sections, under the part's heading as their
    group, or the part itself as a section where it has none; items numbered across them."""
    first = chosen[0][0]
    whole = Part(first.start, chosen[-1][0].end, None, None, 1)
    combined = TextPlan([], [], whole, [], chosen[0][1], 0, merged=len(chosen))
    for index, (part, level) in enumerate(chosen):
        read = read_part(lines, part, level, _preamble_above(lines, part.start) if index == 0 else [],
                         renumber=False, heading=_part_heading(lines, part))
        numbers: dict[int | None, int | None] = {}
        for section in read.sections:
            numbers[section.no] = section.no = len(combined.sections) + 1
            combined.sections.append(section)
        for item in read.items:
            item.section = numbers.get(item.section, item.section)
        combined.items += read.items
        combined.notes += read.notes
        combined.skipped += read.skipped
        combined.remarks += read.remarks
        combined.asides += read.asides
    number_items(combined)
    combined.remarks.insert(0, f"计划由 {len(chosen)} 个部分组成，一并导入。")
    return combined


def _part_heading(lines: list[Line], part: Part) -> DraftSection:
    if part.heading_at is not None:
        return heading_section(lines[part.heading_at], 0, [])
    if part.start < len(lines) and lines[part.start].kind == "part":
        return heading_section(lines[part.start], 0, [])
    return DraftSection(0, part.heading or part_name(part), lines[part.start].line if part.start < len(lines) else None)


def _why_not_read(line: Line) -> str:
    if line.kind == "end":
        return END_WHY
    return "落款" if is_signature(line.text) else "属于上面这一部分，未导入"


def _preamble_above(lines: list[Line], start: int) -> list[Line]:
    """Text between the plan's title and its first heading (以下不再列出 often sits there)."""
    found: list[Line] = []
    for line in reversed(lines[max(0, start - 6):start]):
        if line.kind != "text" or is_title_like(line):
            break
        found.insert(0, line)
    return found
