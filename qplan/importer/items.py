"""Read the items of the part that holds the plan: each numbered paragraph at the item level
with the paragraphs under it, its units, title and text; sections from the level above."""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass, field

from qplan.importer.draft import DraftItem, DraftSection, FoundIn, Skipped, excerpt
from qplan.importer.header import is_signature
from qplan.importer.levels import section_level
from qplan.importer.lines import LEVELS, Line
from qplan.importer.notes import NOTE_PREFIX_RE, NOTE_RE, note_sentences, note_text, sentences
from qplan.importer.parts import Part, heading_rest, heading_title
from qplan.importer.unit_lists import (
    DEADLINE_LINE_RE,
    LABEL_START_RE,
    bracket_at_end,
    looks_like_responsibility,
    merge_role_lines,
    read_roles,
    responsibility_at_end,
)
from qplan.model import Deadline
from qplan.numerals import to_chinese_number
from qplan.responsibility import Responsibility, bracket_asides

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
    merged: int = 0  # how many parts were read together into this plan (0: one part)
    # Remarks inside items' brackets about the lists (列第一位者为牵头部门，下同; 以下均需…不再列出).
    asides: list[tuple[DraftItem, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Entry:
    head: Line
    paragraphs: list[Line] = field(default_factory=list)
    section: int | None = None


def read_part(lines: list[Line], part: Part, level: str, preamble: list[Line], renumber: bool = True,
              heading: DraftSection | None = None) -> TextPlan:
    """The items of one part. `heading`: the part's own heading when it is read together with
    others: the group of its sections, or its only section where it has none."""
    heading_level = section_level(lines[part.start:part.end], level)
    entries: list[_Entry] = []
    sections: list[DraftSection] = []
    skipped: list[Skipped] = []
    loose: list[Line] = list(preamble)  # text that belongs to no item: preambles, closing words
    current: _Entry | None = None
    higher = LEVELS[: LEVELS.index(heading_level or level)]
    group: DraftSection | None = None  # the heading above the sections, where there is one
    if heading is not None and heading_level is None:
        heading.no = 1
        sections.append(heading)
    elif heading is not None:
        group = heading
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
            section = heading_section(line, number, loose)
            if group is not None:
                section.group = group.title
                if section.roles is None and group.roles is not None:
                    section.roles, section.responsibility = group.roles, group.responsibility
                    section.roles_from_group = True
            sections.append(section)
            continue
        if line.kind == level:
            current = _Entry(line, section=sections[-1].no if sections else None)
            entries.append(current)
            continue
        if line.kind in higher:
            current = None
            group = heading_section(line, line.number or 0, loose)
            continue
        if current is not None:
            current.paragraphs.append(line)
        else:
            loose.append(line)
    plan = TextPlan([], sections, part, [], level, 0, skipped=skipped)
    for entry in entries:
        plan.items.append(_read_item(entry, plan, loose))
    _units_from_sections(plan)
    _drop_sections_without_units(plan)
    if renumber:
        number_items(plan)
    take_notes(plan, loose)
    return plan


def heading_section(line: Line, number: int, loose: list[Line]) -> DraftSection:
    """A section heading: its title, and the overall responsibility it may state
    (一、加快调整能源结构（省发改委总牵头）); sentences after the title are loose text."""
    content = line.content
    found = responsibility_at_end(content)
    roles = read_roles(found[1]) if found is not None else None
    if found is not None and roles is not None and "。" not in content[:found[0]].rstrip("。"):
        content = content[:found[0]].rstrip()
    else:
        found, roles = None, None
    section = DraftSection(number, heading_title(content), line.line, line.label)
    if found is not None:
        section.roles, section.responsibility = roles, found[1]
    rest = heading_rest(content)
    if rest:
        loose.append(Line(rest, line.line, "text", content=rest))
    return section


@dataclass(slots=True)
class _Paragraph:
    text: str
    line: int
    label: str = ""  # the numbering of a sub-point (1．, （1）), empty for plain text


def _paragraphs(entry: _Entry) -> list[_Paragraph]:
    """The item's paragraphs, with 牵头单位：… / 配合单位：… / 完成时限：… lines put together."""
    paragraphs: list[_Paragraph] = []
    head = entry.head
    for line in [Line(head.content, head.line, "text", content=head.content), *entry.paragraphs]:
        text = line.text
        if paragraphs and merge_role_lines([paragraphs[-1].text, text]) != [paragraphs[-1].text, text]:
            paragraphs[-1].text = merge_role_lines([paragraphs[-1].text, text])[0]
        else:
            paragraphs.append(_Paragraph(text, line.line, line.label if line.numbered else ""))
    return paragraphs


def _read_item(entry: _Entry, plan: TextPlan, trailing: list[Line]) -> DraftItem:
    head = entry.head
    item = DraftItem(no=head.number or 0, title="", lead_stated=False, section=entry.section, line=head.line,
                     label=head.label)
    paragraphs = _paragraphs(entry)
    _closing_words(paragraphs, item, plan)
    deadline = _deadline_line(paragraphs)
    roles = _units_of_sub_points(paragraphs, item)
    if roles is None:
        roles = _own_units(paragraphs, item, plan, trailing)
    texts = [p.text for p in paragraphs]
    item.title, item.text = _split_title(texts, item)
    if roles is not None:
        deadline = roles.deadline or deadline
        plan.asides += [(item, aside) for aside in roles.asides]
    if deadline:
        item.deadline = Deadline(deadline)
    return item


def _deadline_line(paragraphs: list[_Paragraph]) -> str | None:
    """完成时限：… on the item's last line, after its units or its text (a 完成时限 line after
    牵头单位：… is already part of that list): the item's deadline, not its text."""
    if len(paragraphs) < 2:
        return None
    match = DEADLINE_LINE_RE.match(paragraphs[-1].text)
    if match is None:
        return None
    paragraphs.pop()
    return match.group(1).strip("。；; ")


def _own_units(paragraphs: list[_Paragraph], item: DraftItem, plan: TextPlan,
               trailing: list[Line]) -> Responsibility | None:
    """The unit list that closes the item (a bracket, 责任单位：…, or a line of its own), taken
    out of its text; what follows it in the entry is not part of the item."""
    texts = [p.text for p in paragraphs]
    found_at, found = _find_responsibility(paragraphs)
    if found is None:
        _unreadable(paragraphs, item)
        if item.responsibility:
            # A declaration in a bracket whose units cannot be read still holds.
            plan.asides += [(item, aside) for aside in bracket_asides(item.responsibility)]
        return None
    start, raw = found
    paragraph = paragraphs[found_at]
    paragraph.text = paragraph.text[:start].rstrip()
    roles = read_roles(raw)
    if roles is not None:
        item.set_roles(roles, raw, _found_in(raw, start))
        if paragraph.label and found_at == len(paragraphs) - 1 and start > 0 and \
                any(p.label for p in paragraphs[:found_at]):
            item.guesses.append(f"单位写在最后一个分项{paragraph.label}的末尾，按整项的责任单位读入")
    # After a bare title line（一）标题（单位）the body follows, and so do numbered sub-points;
    # after a whole paragraph, what follows the units is closing text, not this item.
    after = paragraphs[found_at + 1:]
    if (found_at > 0 or "。" in texts[0]) and not (found_at == 0 and any(p.label for p in after)):
        for extra in paragraphs[found_at + 1:]:
            if NOTE_RE.search(extra.text) or NOTE_PREFIX_RE.match(extra.text):
                trailing.append(Line(extra.text, extra.line, "text", content=extra.text))  # 以上任务…不再列出
            else:
                plan.skipped.append(Skipped(extra.line, excerpt(extra.text),
                                            f"在{item.label}的责任单位之后，不属于该条目"))
        del paragraphs[found_at + 1:]
    if not paragraph.text and found_at > 0:
        del paragraphs[found_at]
    return roles


# The document's closing words after its last item: addressed to everyone and about the whole
# document (各区、各部门、各单位要根据本实施方案…), not part of the item they follow.
CLOSING_RE = re.compile(r"^各(区|地|地区|部门|有关部门|单位|级)[^。]{0,20}要[^。]*本(实施)?(方案|计划|要点|意见|通知)")


def _closing_words(paragraphs: list[_Paragraph], item: DraftItem, plan: TextPlan) -> None:
    while len(paragraphs) > 1 and not paragraphs[-1].label and CLOSING_RE.search(paragraphs[-1].text):
        closing = paragraphs.pop()
        plan.skipped.append(Skipped(closing.line, excerpt(closing.text), f"文件的结束语，不属于{item.label}"))


def _found_in(raw: str, start: int) -> FoundIn:
    if raw[:1] in "（(":
        return "bracket"
    if start == 0:
        return "line"
    return "label"


def _unreadable(paragraphs: list[_Paragraph], item: DraftItem) -> None:
    """A bracket or 责任单位：… that names no readable units is kept for a person."""
    last = paragraphs[-1]
    span = bracket_at_end(last.text)
    labelled = LABEL_START_RE.search(last.text)
    if span is not None and looks_like_responsibility(last.text[span[0]:span[1]]):
        item.set_unreadable(last.text[span[0]:span[1]])
        last.text = last.text[: span[0]].rstrip()
    elif labelled is not None and (labelled.start() > 0 or len(paragraphs) > 1):
        item.set_unreadable(last.text[labelled.start():])  # 责任单位：… that is not a list of units
        last.text = last.text[: labelled.start()].rstrip()


def _units_of_sub_points(paragraphs: list[_Paragraph], item: DraftItem) -> Responsibility | None:
    """An item whose units are written on its numbered sub-points, 1．…（市民政局）
    2．…（市卫生健康委）, and nowhere else: the units of all, merged in order. The brackets stay
    in the text, where they say which sub-point is whose."""
    own = [responsibility_at_end(p.text, own_line=i > 0) for i, p in enumerate(paragraphs) if not p.label]
    if any(found is not None for found in own):
        return None
    found = [(p, responsibility_at_end(p.text)) for p in paragraphs if p.label]
    brackets = [(p, f[1]) for p, f in found if f is not None and f[0] > 0]
    if len(brackets) < 2:
        return None
    read = [(p, raw, roles) for p, raw in brackets if (roles := read_roles(raw)) is not None]
    if len(read) < 2:
        return None
    first = read[0][2]
    names = [name for _, _, roles in read for name in [*roles.lead, *roles.support]]
    support = [name for name in dict.fromkeys(names) if name not in first.lead]
    deadlines = {roles.deadline for _, _, roles in read if roles.deadline}
    merged = dataclasses.replace(
        first, support=support, open_ended=any(roles.open_ended for _, _, roles in read),
        deadline=deadlines.pop() if len(deadlines) == 1 else None,
        asides=tuple(aside for _, _, roles in read for aside in roles.asides),
        carried=tuple(pair for _, _, roles in read for pair in roles.carried),
        groups=tuple(group for _, _, roles in read for group in roles.groups),
        dropped=tuple(found for _, _, roles in read for found in roles.dropped),
    )
    raw = "；".join(f"{p.label}{raw}" for p, raw, _ in read)
    item.set_roles(merged, raw, "sub-points")
    item.units_from = "sub-points"
    parts = "、".join(p.label.rstrip("．.、") for p, _, _ in read)
    item.guesses.append(f"本项没有写总的责任单位，取自分项 {parts} 的括注，按出现顺序合并；"
                        f"牵头单位取第一个分项的{'牵头单位' if first.lead_stated else '第一个单位'}")
    if len(deadlines) > 1:
        item.guesses.append("各分项的完成时限不同，未记入 deadline")
    return merged


def _units_from_sections(plan: TextPlan) -> None:
    """An item that names no units of its own takes the overall lead its section states."""
    for item in plan.items:
        section = next((s for s in plan.sections if s.no == item.section), None)
        if item.how != "none" or section is None or section.roles is None:
            continue
        item.set_roles(section.roles, None, "section")
        item.units_from = "section"
        heading = f"上一级标题“{section.group}”" if section.roles_from_group else f"所在部分“{section.title}”的标题"
        item.guesses.append(f"本项没有写责任单位，按{heading}中的“{section.responsibility}”读入")


def _find_responsibility(paragraphs: list[_Paragraph]) -> tuple[int, tuple[int, str] | None]:
    """The unit list closes the last paragraph (or is the last paragraph), or the title line
    when the body follows it, or failing that any paragraph (what follows it is then not part
    of the item). A bracket closing a numbered sub-point is the sub-point's: it is taken for
    the item only where nothing else names units."""
    last = len(paragraphs) - 1
    order = [last, 0, *range(last - 1, 0, -1)]
    plain = [i for i in order if not paragraphs[i].label]
    for index in dict.fromkeys([*plain, *order]):
        found = responsibility_at_end(paragraphs[index].text, own_line=index == last and index > 0)
        if found is not None:
            return index, found
    return last, None


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


def number_items(plan: TextPlan) -> None:
    numbers = [item.no for item in plan.items]
    if len(set(numbers)) == len(numbers) and all(n > 0 for n in numbers) and numbers == sorted(numbers):
        gaps = [b for a, b in itertools.pairwise(numbers) if b != a + 1]
        if gaps:
            plan.remarks.append("原文条目编号不连续（" + "、".join(
                f"{to_chinese_number(g)}" for g in gaps) + " 之前有缺号），按原文编号保留。")
        return
    restarted = any(item.no == 1 for item in plan.items[1:])
    first = "（一）" if plan.item_level in ("A", "B") else " 1．"
    for index, item in enumerate(plan.items, start=1):
        if item.no != index:
            item.remarks.append(f"原文编号{item.label}，按全文顺序改记为第 {index} 项")
        item.no = index
    plan.remarks.append(
        f"原文各部分分别从{first}编号，已按全文顺序连续编号。" if restarted
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
