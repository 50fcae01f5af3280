"""Read the items of the part that holds the plan: each numbered paragraph at the item level
with the paragraphs under it, its units, title and text; sections from the level above."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from qplan.importer.draft import DraftItem, DraftSection, Skipped, excerpt
from qplan.importer.header import is_signature
from qplan.importer.levels import section_level
from qplan.importer.lines import LEVELS, Line
from qplan.importer.notes import NOTE_PREFIX_RE, NOTE_RE, note_sentences, note_text, sentences
from qplan.importer.parts import Part, heading_rest, heading_title
from qplan.importer.unit_lists import (
    LABEL_START_RE,
    bracket_at_end,
    looks_like_responsibility,
    merge_role_lines,
    read_roles,
    responsibility_at_end,
)
from qplan.model import Deadline
from qplan.numerals import to_chinese_number

END_WHY = "文末信息（落款日期、抄送、印发、附件说明等）"


@dataclass(slots=True)
class TextPlan:
    """The plan read from running text, with everything the report needs."""

    items: list[DraftItem]
    sections: list[DraftSection]
    part: Part
    parts: list[Part]
    item_level: str
    readable: int  # items whose units were read
    notes: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Entry:
    head: Line
    paragraphs: list[Line] = field(default_factory=list)
    section: int | None = None


def read_part(lines: list[Line], part: Part, level: str, preamble: list[Line]) -> TextPlan:
    heading_level = section_level(lines[part.start:part.end], level)
    entries: list[_Entry] = []
    sections: list[DraftSection] = []
    skipped: list[Skipped] = []
    loose: list[Line] = list(preamble)  # text that belongs to no item: preambles, closing words
    current: _Entry | None = None
    higher = LEVELS[: LEVELS.index(heading_level or level)]
    for index in range(part.start, part.end):
        line = lines[index]
        if line.kind in ("part", "page") or index == part.heading_at:
            continue
        if line.kind == "end":
            if current is not None and current.paragraphs and is_signature(current.paragraphs[-1].text):
                signed = current.paragraphs.pop()
                skipped.append(Skipped(signed.line, excerpt(signed.text), "落款"))
            current = None
            skipped.append(Skipped(line.line, excerpt(line.text), END_WHY))
            continue
        if line.kind == heading_level:
            current = None
            number = line.number or 0
            if number <= (sections[-1].no if sections else 0):
                number = (sections[-1].no if sections else 0) + 1  # keep section numbers distinct
            sections.append(DraftSection(number, heading_title(line.content), line.line, line.label))
            rest = heading_rest(line.content)
            if rest:
                loose.append(Line(rest, line.line, "text", content=rest))
            continue
        if line.kind == level:
            current = _Entry(line, section=sections[-1].no if sections else None)
            entries.append(current)
            continue
        if line.kind in higher:
            current = None
            skipped.append(Skipped(line.line, excerpt(line.text), "上一级标题，计划文件只保留一级部分标题"))
            continue
        if current is not None:
            current.paragraphs.append(line)
        else:
            loose.append(line)
    plan = TextPlan([], sections, part, [], level, 0, skipped=skipped)
    for entry in entries:
        plan.items.append(_read_item(entry, plan, loose))
    _drop_sections_without_units(plan)
    _number_items(plan)
    take_notes(plan, loose)
    return plan


def _read_item(entry: _Entry, plan: TextPlan, trailing: list[Line]) -> DraftItem:
    head = entry.head
    item = DraftItem(no=head.number or 0, title="", lead_stated=False, section=entry.section, line=head.line,
                     label=head.label)
    paragraphs: list[str] = []
    lines: list[int] = []
    for text, line in zip([head.content, *(p.text for p in entry.paragraphs)],
                          [head.line, *(p.line for p in entry.paragraphs)], strict=True):
        if paragraphs and merge_role_lines([paragraphs[-1], text]) != [paragraphs[-1], text]:
            paragraphs[-1] = merge_role_lines([paragraphs[-1], text])[0]
        else:
            paragraphs.append(text)
            lines.append(line)
    found_at, found = _find_responsibility(paragraphs)
    roles = None
    if found is not None:
        start, raw = found
        paragraphs[found_at] = paragraphs[found_at][:start].rstrip()
        roles = read_roles(raw)
        if roles is not None:
            item.set_roles(roles, raw)
        # After a bare title line（一）标题（单位）the body follows; after a whole paragraph,
        # what follows the units is closing text, not this item.
        if found_at > 0 or "。" in paragraphs[0]:
            for extra, line in zip(paragraphs[found_at + 1:], lines[found_at + 1:], strict=True):
                if NOTE_RE.search(extra) or NOTE_PREFIX_RE.match(extra):
                    trailing.append(Line(extra, line, "text", content=extra))  # 以上任务…不再列出
                else:
                    plan.skipped.append(Skipped(line, excerpt(extra), f"在{head.label}的责任单位之后，不属于该条目"))
            del paragraphs[found_at + 1:]
    else:
        span = bracket_at_end(paragraphs[-1])
        labelled = LABEL_START_RE.search(paragraphs[-1])
        if span is not None and looks_like_responsibility(paragraphs[-1][span[0]:span[1]]):
            item.set_unreadable(paragraphs[-1][span[0]:span[1]])
            paragraphs[-1] = paragraphs[-1][: span[0]].rstrip()
        elif labelled is not None and (labelled.start() > 0 or len(paragraphs) > 1):
            item.set_unreadable(paragraphs[-1][labelled.start():])  # 责任单位：… that is not a list of units
            paragraphs[-1] = paragraphs[-1][: labelled.start()].rstrip()
    item.title, item.text = _split_title(paragraphs, item)
    if roles is not None and roles.deadline:
        item.deadline = Deadline(roles.deadline)
    return item


def _find_responsibility(paragraphs: list[str]) -> tuple[int, tuple[int, str] | None]:
    """The unit list closes the last paragraph, or the title line when the body follows it,
    or failing that any paragraph (what follows it is then not part of the item)."""
    order = [len(paragraphs) - 1, 0, *range(len(paragraphs) - 2, 0, -1)]
    for index in dict.fromkeys(order):
        found = responsibility_at_end(paragraphs[index])
        if found is not None:
            return index, found
    return len(paragraphs) - 1, None


def _split_title(paragraphs: list[str], item: DraftItem) -> tuple[str, str]:
    first, rest = paragraphs[0], [p for p in paragraphs[1:] if p]
    match = re.search(r"[。]|[：:](?=.)", first)
    if match is None:
        title, body = first, rest
    else:
        title, tail = first[: match.start()], first[match.end():].strip()
        body = [tail, *rest] if tail else rest
    title = title.strip().rstrip("。；;：:").strip()
    if not title and body:
        title, body = _split_title(body, item)[0], body[1:]
        item.remarks.append("标题行为空，以下一段为标题")
    elif len(title) > 40 or "，" in title:
        item.remarks.append("没有单独的标题，以首句作标题")
    return title, "\n".join(body)


def _drop_sections_without_units(plan: TextPlan) -> None:
    """In a plan whose items name their units, a whole section without any (总体要求,
    保障措施) is framing, not work: it is reported, not imported."""
    for section in list(plan.sections):
        if not any(item.section == section.no for item in plan.items):
            plan.skipped.append(Skipped(section.line, f"{section.label}{section.title}",
                                        "这个部分没有编号条目（只有说明文字）"))
            plan.sections.remove(section)
    with_units = [item for item in plan.items if item.how != "none"]
    if len(with_units) < max(1, len(plan.items) // 2):
        return
    for section in list(plan.sections):
        members = [item for item in plan.items if item.section == section.no]
        if all(item.how == "none" for item in members):
            plan.skipped.append(Skipped(
                section.line, f"{section.label}{section.title}（{len(members)} 段）",
                "整个部分没有责任单位，是总体要求或保障措施，不是任务条目",
            ))
            plan.items = [item for item in plan.items if item.section != section.no]
            plan.sections.remove(section)
    if plan.sections and any(item.section is None and item.how == "none" for item in plan.items):
        for item in [i for i in plan.items if i.section is None and i.how == "none"]:
            plan.skipped.append(Skipped(item.line, f"{item.label}{excerpt(item.title)}",
                                        "在第一个部分标题之前且没有责任单位，是前言"))
            plan.items.remove(item)


def _number_items(plan: TextPlan) -> None:
    numbers = [item.no for item in plan.items]
    if len(set(numbers)) == len(numbers) and all(n > 0 for n in numbers) and numbers == sorted(numbers):
        gaps = [b for a, b in itertools.pairwise(numbers) if b != a + 1]
        if gaps:
            plan.remarks.append("原文条目编号不连续（" + "、".join(
                f"{to_chinese_number(g)}" for g in gaps) + " 之前有缺号），按原文编号保留。")
        return
    restarted = any(item.no == 1 for item in plan.items[1:])
    for index, item in enumerate(plan.items, start=1):
        if item.no != index:
            item.remarks.append(f"原文编号{item.label}，按全文顺序改记为第 {index} 项")
        item.no = index
    plan.remarks.append(
        "原文各部分分别从（一）编号，已按全文顺序连续编号。" if restarted
        else "原文条目编号重复或倒序，已按全文顺序连续编号；请核对。"
    )


def take_notes(plan: TextPlan, loose: list[Line]) -> None:
    """Sentences that put a unit on every item, and 注： lines, become the plan's notes;
    other loose text is reported."""
    for line in loose:
        notes = note_sentences(line.text)
        plan.notes += notes
        if NOTE_PREFIX_RE.match(line.text):
            continue
        rest = "".join(s for s in sentences(line.text) if note_text(s) not in notes).strip()
        if rest:
            why = "导语或说明文字，不是条目" + ("（其中适用于全部条目的一句已记入 notes）" if notes else "")
            plan.skipped.append(Skipped(line.line, excerpt(rest), why))
    for item in plan.items:
        for paragraph in item.text.split("\n"):
            found = [s for s in sentences(paragraph) if NOTE_RE.search(s)]
            if found:
                plan.notes += [note_text(s) for s in found]
                item.remarks.append("正文中有适用于全部条目的说明，已同时记入计划说明（notes）")
