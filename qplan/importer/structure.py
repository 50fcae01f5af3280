"""Find the plan in the running text of a document and read its sections and items.

A document may hold more than the plan: a notice around it, last year's summary (总结)
numbered exactly like the plan but with no responsible units, a preamble, closing
requirements. The plan is the part whose numbered paragraphs end in responsibility
brackets; its items are the numbering level that carries those brackets, and its sections
the level above.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from qplan.importer.draft import DraftItem, DraftSection, Skipped, excerpt
from qplan.importer.header import is_signature, is_title_like
from qplan.importer.lines import LEVELS, Line
from qplan.numerals import to_chinese_number
from qplan.responsibility import (
    LEAD_LABELS,
    NEUTRAL_LABELS,
    SUPPORT_LABELS,
    Responsibility,
    looks_like_unit,
    parse_responsibility,
)

_LABELS = "|".join(sorted((*LEAD_LABELS[:2], *NEUTRAL_LABELS, "主责单位"), key=len, reverse=True))
# 责任单位：… written after the text instead of in brackets.
_LABEL_START_RE = re.compile(rf"(?:^|(?<=[。；;\s]))(?:{_LABELS})[：:]")
# The lines that may follow 牵头单位：… on lines of their own: 配合单位：…, 完成时限：….
_ROLE_LINE_RE = re.compile(
    "^(?:" + "|".join(sorted((*LEAD_LABELS[:2], *NEUTRAL_LABELS, "主责单位", *SUPPORT_LABELS[:-1]),
                             key=len, reverse=True))
    + r"|(?:完成|办结)(?:时限|时间|期限)|时间(?:节点|要求|安排)|时限|进度安排)[：:]"
)
_UNIT_HINT_RE = re.compile(r"牵头|配合|负责|责任|单位|部门|[局委办厅]$|[局委办厅][、，,]|政府|小组")
_PLAN_WORDS = re.compile(r"要点|计划|任务|安排|方案|措施|清单|分工")
_SUMMARY_WORDS = re.compile(r"总结|回顾|成效|进展情况")
# A sentence that puts a unit on every item instead of repeating it: 以下不再列出.
NOTE_RE = re.compile(
    r"不再(一一|单独|逐项|重复)?列(出|明|举)|均为[^。；]{0,20}(责任|牵头|配合)(单位|部门)"
    r"|各项(任务|工作)均[^。；]{0,20}(负责|落实|责任)"
)
_NOTE_PREFIX_RE = re.compile(r"^(注|备注|说明)\s*[：:]\s*")
_END_WHY = "文末信息（落款日期、抄送、印发、附件说明等）"


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


def read_text_plan(lines: list[Line]) -> TextPlan | None:
    parts = []
    for whole in find_parts(lines):
        level = _item_level(lines[whole.start:whole.end])[0]
        parts += _split_higher(lines, whole, level)
    scored = []
    for part in parts:
        level, readable, entries = _item_level(lines[part.start + (1 if part.sub else 0):part.end])
        scored.append((part, level, readable, entries))
    with_items = [s for s in scored if s[3]]
    if not with_items:
        return None
    # A part with units wins; among those, one headed 要点/计划 over one headed 总结.
    best = max(with_items, key=lambda s: (s[2] > 0, _plan_likeness(s[0]), s[2], s[0].start))
    part, level, readable, _ = best
    plan = _read_part(lines, part, level, _preamble_above(lines, part.start))
    plan.parts = parts
    plan.readable = readable
    for other, _, other_readable, entries in scored:
        if other is part:
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
        elif _plan_likeness(other) < 0:
            why = "是总结（虽然也括注了单位），不是计划"
        else:
            why = f"计划取自{part_name(part)}，这一部分未导入；如需要请核对原文"
        plan.skipped.insert(0, Skipped(lines[other.start].line, f"{part_name(other)}的 {entries} 个编号段落", why))
    return plan


def _why_not_read(line: Line) -> str:
    if line.kind == "end":
        return _END_WHY
    return "落款" if is_signature(line.text) else "属于上面这一部分，未导入"


def _split_higher(lines: list[Line], part: Part, level: str) -> list[Part]:
    """Headings above the sections divide a part the way 第X部分 does: 一、2025年工作总结 and
    二、2026年工作安排, each with its own （一） sections and 1． items."""
    span = lines[part.start:part.end]
    section = _section_level(span, level)
    higher = LEVELS[: LEVELS.index(section or level)]
    top = next((lv for lv in higher if any(line.kind == lv for line in span)), None)
    if top is None:
        return [part]
    heads = [i for i in range(part.start, part.end) if lines[i].kind == top]
    subs = []
    if any(line.numbered for line in lines[part.start:heads[0]]):
        subs.append(Part(part.start, heads[0], part.heading, part.label, part.ordinal, part.heading_at))
    for n, (begin, end) in enumerate(zip(heads, [*heads[1:], part.end], strict=True), 1):
        subs.append(Part(begin, end, _heading_title(lines[begin].content) or None, None, n, begin, sub=True))
    return subs


def _preamble_above(lines: list[Line], start: int) -> list[Line]:
    """Text between the plan's title and its first heading (以下不再列出 often sits there)."""
    found: list[Line] = []
    for line in reversed(lines[max(0, start - 6):start]):
        if line.kind != "text" or is_title_like(line):
            break
        found.insert(0, line)
    return found


def _plan_likeness(part: Part) -> int:
    heading = part.heading or ""
    return (1 if _PLAN_WORDS.search(heading) else 0) - (1 if _SUMMARY_WORDS.search(heading) else 0)


def _item_level(lines: list[Line]) -> tuple[str, int, int]:
    """The numbering level whose paragraphs end in readable responsibility brackets."""
    present = [lv for lv in LEVELS if any(line.kind == lv for line in lines)]
    if not present:
        return "B", 0, 0
    # Items are the level whose whole text (sub-points 1． （1） included) ends with its units,
    # or whose heading line does; sub-points that carry the units of their item count less.
    best: tuple[int, int, str] | None = None
    for level in present:
        whole = sum(1 for texts in _entry_texts(lines, level) if _units_found(texts))
        own = sum(1 for own in _own_texts(lines, level) if _responsibility_at_end(own) is not None)
        if whole and (best is None or (whole, own) > best[:2]):
            best = (whole, own, level)
    if best is not None:
        level = best[2]
        return level, best[0], sum(1 for line in lines if line.kind == level)
    # No brackets anywhere: the usual item level of these documents, else the deepest present.
    level = "B" if "B" in present else present[-1] if len(present) > 1 else present[0]
    return level, 0, sum(1 for line in lines if line.kind == level)


def _own_texts(lines: list[Line], level: str) -> list[str]:
    """For each heading at `level`: its own text, up to the next numbered line of any level."""
    texts: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if line.numbered or line.kind in ("part", "end"):
            if current is not None:
                texts.append("".join(current))
            current = [line.content] if line.kind == level else None
        elif current is not None and line.kind == "text":
            current.append(line.text)
    if current is not None:
        texts.append("".join(current))
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
    return any(_responsibility_at_end(paragraphs[i]) is not None for i in {0, len(paragraphs) - 1})


def merge_role_lines(paragraphs: list[str]) -> list[str]:
    """牵头单位：… and 配合单位：… (and 完成时限：…) on lines of their own are one unit list."""
    merged: list[str] = []
    for text in paragraphs:
        if merged and _ROLE_LINE_RE.match(text) and _LABEL_START_RE.match(merged[-1]):
            merged[-1] = f"{merged[-1].rstrip('。；; ')} {text}"
        else:
            merged.append(text)
    return merged


def bracket_at_end(text: str) -> tuple[int, int] | None:
    """Start and end of the bracket that closes the text, allowing a final 。 or ；."""
    end = len(text.rstrip("。；;．. "))
    if end == 0 or text[end - 1] not in "）)":
        return None
    depth = 0
    for index in range(end - 1, -1, -1):
        char = text[index]
        if char in "）)":
            depth += 1
        elif char in "（(":
            depth -= 1
            if depth == 0:
                return index, end
    return None


def _responsibility_at_end(text: str) -> tuple[int, str] | None:
    """Where the unit list at the end of a text starts, and the list as written."""
    span = bracket_at_end(text)
    if span is not None and read_roles(text[span[0]:span[1]]) is not None:
        return span[0], text[span[0]:span[1]]
    match = _LABEL_START_RE.search(text)
    if match and read_roles(text[match.start():]) is not None:
        return match.start(), text[match.start():].strip()
    return None


def read_roles(raw: str) -> Responsibility | None:
    """The roles in a unit list, when every name in it is a unit's name."""
    roles = parse_responsibility(raw)
    if roles is None or not all(looks_like_unit(u) for u in [*roles.lead, *roles.support]):
        return None
    return roles


def _looks_like_responsibility(bracket: str) -> bool:
    inner = bracket.strip("（）() ")
    return bool(_UNIT_HINT_RE.search(inner))


@dataclass(slots=True)
class _Entry:
    head: Line
    paragraphs: list[Line] = field(default_factory=list)
    section: int | None = None


def _read_part(lines: list[Line], part: Part, level: str, preamble: list[Line]) -> TextPlan:
    section_level = _section_level(lines[part.start:part.end], level)
    entries: list[_Entry] = []
    sections: list[DraftSection] = []
    skipped: list[Skipped] = []
    loose: list[Line] = list(preamble)  # text that belongs to no item: preambles, closing words
    current: _Entry | None = None
    higher = LEVELS[: LEVELS.index(section_level or level)]
    for index in range(part.start, part.end):
        line = lines[index]
        if line.kind in ("part", "page") or index == part.heading_at:
            continue
        if line.kind == "end":
            if current is not None and current.paragraphs and is_signature(current.paragraphs[-1].text):
                signed = current.paragraphs.pop()
                skipped.append(Skipped(signed.line, excerpt(signed.text), "落款"))
            current = None
            skipped.append(Skipped(line.line, excerpt(line.text), _END_WHY))
            continue
        if line.kind == section_level:
            current = None
            number = line.number or 0
            if number <= (sections[-1].no if sections else 0):
                number = (sections[-1].no if sections else 0) + 1  # keep section numbers distinct
            sections.append(DraftSection(number, _heading_title(line.content), line.line, line.label))
            rest = _heading_rest(line.content)
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
    _take_notes(plan, loose)
    return plan


def _section_level(lines: list[Line], level: str) -> str | None:
    above = [lv for lv in LEVELS[: LEVELS.index(level)] if any(line.kind == lv for line in lines)]
    return above[-1] if above else None


def _heading_title(content: str) -> str:
    title = re.split(r"[。]", content, maxsplit=1)[0]
    return title.strip().rstrip("：:；;，,").strip()


def _heading_rest(content: str) -> str:
    parts = content.split("。", 1)
    return parts[1].strip() if len(parts) == 2 else ""


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
                if NOTE_RE.search(extra) or _NOTE_PREFIX_RE.match(extra):
                    trailing.append(Line(extra, line, "text", content=extra))  # 以上任务…不再列出
                else:
                    plan.skipped.append(Skipped(line, excerpt(extra), f"在{head.label}的责任单位之后，不属于该条目"))
            del paragraphs[found_at + 1:]
    else:
        span = bracket_at_end(paragraphs[-1])
        labelled = _LABEL_START_RE.search(paragraphs[-1])
        if span is not None and _looks_like_responsibility(paragraphs[-1][span[0]:span[1]]):
            item.set_unreadable(paragraphs[-1][span[0]:span[1]])
            paragraphs[-1] = paragraphs[-1][: span[0]].rstrip()
        elif labelled is not None and (labelled.start() > 0 or len(paragraphs) > 1):
            item.set_unreadable(paragraphs[-1][labelled.start():])  # 责任单位：… that is not a list of units
            paragraphs[-1] = paragraphs[-1][: labelled.start()].rstrip()
    item.title, item.text = _split_title(paragraphs, item)
    if roles is not None and roles.schedule:
        item.text = "\n".join(t for t in (item.text, roles.schedule) if t)
        item.remarks.append(f"括注中的“{roles.schedule}”不是责任单位，已记入正文")
    return item


def _find_responsibility(paragraphs: list[str]) -> tuple[int, tuple[int, str] | None]:
    """The unit list closes the last paragraph, or the title line when the body follows it,
    or failing that any paragraph (what follows it is then not part of the item)."""
    order = [len(paragraphs) - 1, 0, *range(len(paragraphs) - 2, 0, -1)]
    for index in dict.fromkeys(order):
        found = _responsibility_at_end(paragraphs[index])
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


def _take_notes(plan: TextPlan, loose: list[Line]) -> None:
    """Sentences that put a unit on every item, and 注： lines, become the plan's notes;
    other loose text is reported."""
    for line in loose:
        notes = note_sentences(line.text)
        plan.notes += notes
        if _NOTE_PREFIX_RE.match(line.text):
            continue
        rest = "".join(s for s in _sentences(line.text) if _note_text(s) not in notes).strip()
        if rest:
            why = "导语或说明文字，不是条目" + ("（其中适用于全部条目的一句已记入 notes）" if notes else "")
            plan.skipped.append(Skipped(line.line, excerpt(rest), why))
    for item in plan.items:
        for paragraph in item.text.split("\n"):
            found = [s for s in _sentences(paragraph) if NOTE_RE.search(s)]
            if found:
                plan.notes += [_note_text(s) for s in found]
                item.remarks.append("正文中有适用于全部条目的说明，已同时记入计划说明（notes）")


def note_sentences(text: str) -> list[str]:
    """注：… lines whole; elsewhere the sentences that put a unit on every item."""
    if _NOTE_PREFIX_RE.match(text):
        return [_NOTE_PREFIX_RE.sub("", text).strip()]
    return [_note_text(s) for s in _sentences(text) if NOTE_RE.search(s)]


def _sentences(text: str) -> list[str]:
    return re.findall(r"[^。；;]+[。；;]?", text)


def _note_text(sentence: str) -> str:
    return sentence.strip().strip("（）()").rstrip("；;").rstrip("。") + "。"
