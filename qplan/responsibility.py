"""Read the bracket that closes a plan item and names the units responsible for it.

The documents mix four forms (see DOMAIN.md): stated roles (牵头单位：…，配合单位：…),
a list with a duty clause (…按照职责分工实施), a bare list, and a list that ends in 等.
Other cities and years also write roles after the names (市市场监管局牵头，市教委配合;
市商务委会同市市场监管局; 市委宣传部（牵头）、市文明办); those are stated roles too.
Where roles are not stated the first-listed unit is taken as lead, and that is recorded.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

LEAD_LABELS = ("牵头单位", "牵头部门", "牵头", "主责单位", "主责部门")
SUPPORT_LABELS = (
    "配合单位", "配合部门", "协同单位", "协同部门", "协助单位", "参与单位", "参与部门", "协办单位",
    "配合",
)
NEUTRAL_LABELS = ("责任单位", "责任部门", "实施单位", "负责单位", "责任主体", "承办单位")
_LABEL_RE = re.compile(
    "(" + "|".join(sorted(LEAD_LABELS + SUPPORT_LABELS + NEUTRAL_LABELS, key=len, reverse=True))
    + ")[：:]"
)
_DUTY_RE = re.compile(
    r"(按照?|根据|依据?)(各自)?(职责|职能)(分工)?(分别|共同)?(负责|实施|落实|推进|承担|抓好落实)"
    r"(落实|实施)?$"
    r"|(分工|分别|共同)?(负责|落实)$"
)
_OPEN_END_RE = re.compile(r"等(相关|有关)?(部门|单位|机构)?$")
# Roles written after the names: 市市场监管局牵头，市教委、市人社局配合.
_LEAD_SUFFIX_RE = re.compile(r"(牵头负责|牵头落实|牵头实施|牵头|负责)$")
_SUPPORT_SUFFIX_RE = re.compile(r"(配合落实|配合实施|协同配合|共同配合|配合|参与|协同|协助|协办)$")
_WITH_RE = re.compile(r"会同|联合")
_MARKED_LEAD_RE = re.compile(r"[（(](牵头|主责|牵头单位)[）)]$")
# 和/及 join two units only where the left part is a unit by itself (市文化和旅游局 is one).
_AND_RE = re.compile(r"以及|和|及")
_SEPARATORS = "、，,；;"
# A responsible unit's name ends like a body of government, a group, or an organisation.
_UNIT_TAIL_RE = re.compile(
    r"(局|委|办|部|会|院|关|银行|分行|支行|处|组|府|厅|署|室|所|站|队|团|社|联|协|台|馆|中心|集团|公司|单位|"
    r"机构|部门|团市委|人民政府|小组|法院|检察院|大学|街道|街镇|镇|乡|园区|开发区)(（[^（）]*）)?$"
)
# 各区, 各设区市, 各县（市、区）: every government of a kind, as city and province plans name them.
_EVERY_AREA_RE = re.compile(r"^各[\u4e00-\u9fff]{0,8}(区|市|县|州|盟|旗)(（[^（）]*）)?$")
# When an item is due, written at the end of its bracket: 完成时限：2026年12月 / 2026年底前完成.
_SCHEDULE_LABEL_RE = re.compile(
    r"[，,；;]?\s*((完成|办结)(时限|时间|期限)|时间(节点|要求|安排)|时限|进度安排)[：:](.+)$"
)
_SCHEDULE_RE = re.compile(
    r"^(?:(?:(?:19|20)\d{2}年)?(?:\d{1,2}月)?(?:上半年|下半年|年内|年底|底|末|中旬|上旬|下旬)?"
    r"(?:前|以前|之前)?(?:完成|启动|见效|落实)?|持续推进|长期坚持|长期推进|持续开展|全年推进|全年)$"
)
OPEN_BRACKETS = "（("
CLOSE_BRACKETS = "）)"


@dataclass(frozen=True)
class Responsibility:
    lead: list[str]
    support: list[str] = field(default_factory=list)
    lead_stated: bool = False
    open_ended: bool = False
    duty_clause: str | None = None
    # The deadline (完成时限) the bracket also gives, as written: 2026年12月, 2026年底前完成.
    deadline: str | None = None


def split_units(text: str) -> list[str]:
    """Split a list of unit names on 、 and commas, keeping bracketed parts whole."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in OPEN_BRACKETS:
            depth += 1
        elif char in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        if char in _SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    names = [normalise_unit_name(p) for p in parts if p.strip()]
    return [piece for name in names for piece in _split_and(name)]


def _split_and(name: str) -> list[str]:
    """市商务委和市市场监管局 is two units; 市文化和旅游局 and 市发展和改革委员会 are one."""
    for match in _AND_RE.finditer(name):
        left, right = name[: match.start()], name[match.end() :]
        if left and right and looks_like_unit(left) and looks_like_unit(right):
            return [left, *_split_and(right)]
    return [name]


def split_acting(name: str) -> tuple[str, str | None]:
    """闵行区质量和标准化工作领导小组（闵行区市场监管局）: a body and the bureau acting for it."""
    match = re.fullmatch(r"(.+?)[（(]([^（）()]+)[）)]", name)
    if match and looks_like_unit(match.group(1)) and looks_like_unit(match.group(2)):
        return match.group(1), match.group(2)
    return name, None


def normalise_unit_name(name: str) -> str:
    name = name.strip().strip("。").replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", name)


def looks_like_unit(name: str) -> bool:
    return (bool(_UNIT_TAIL_RE.search(name)) or bool(_EVERY_AREA_RE.match(name))) and len(name) <= 40


def _join_spaced(text: str) -> str:
    """Remove the spaces of a typed or copied bracket, except where a space is all that
    separates two units (市市场监管局 市教委)."""
    tokens = text.split()
    joined = tokens[:1]
    for token in tokens[1:]:
        first = re.split(r"[、，,；;：:（(]", token, maxsplit=1)[0]
        spaced = bool(_UNIT_TAIL_RE.search(joined[-1])) and looks_like_unit(first)
        joined[-1:] = [joined[-1] + "、" + token] if spaced else [joined[-1] + token]
    return "".join(joined)


def _strip_schedule(text: str) -> tuple[str, str | None]:
    """A deadline after the units, labelled (完成时限：…) or a bare date (2026年底前完成)."""
    match = _SCHEDULE_LABEL_RE.search(text)
    if match and match.start() > 0:
        return text[: match.start()], match.group(5).strip("。；; ")
    head, sep, tail = max(text.rpartition(c) for c in "，,；;")
    if sep and head and _SCHEDULE_RE.match(tail) and re.search(r"[年月]|持续|长期", tail):
        return head, tail
    return text, None


def _strip_open_end(text: str) -> tuple[str, bool]:
    match = _OPEN_END_RE.search(text)
    if match and match.start() > 0:
        return text[: match.start()], True
    return text, False


def _strip_duty_clause(text: str) -> tuple[str, str | None]:
    match = _DUTY_RE.search(text)
    if match and match.start() > 0:
        return text[: match.start()], match.group(0)
    return text, None


def parse_responsibility(bracket: str) -> Responsibility | None:
    """Parse the text of a responsibility bracket, with or without its brackets.

    Returns None when the text is not a list of units (for example an abbreviation
    such as （NQI） or an aside such as （暂名）).
    """
    text = bracket.strip()
    if text[:1] in OPEN_BRACKETS and text[-1:] in CLOSE_BRACKETS:
        text = text[1:-1]
    text = _join_spaced(text)
    text, deadline = _strip_schedule(text.rstrip("。；;"))
    text = text.rstrip("。；;，,")
    if not text:
        return None
    found = _parse_roles(text)
    if found is None or deadline is None:
        return found
    return dataclasses.replace(found, deadline=deadline)


def _parse_roles(text: str) -> Responsibility | None:
    if _LABEL_RE.search(text):
        return _parse_labelled(text)
    body, duty = _strip_duty_clause(text)
    suffixed = _parse_suffixed(body, duty)
    if suffixed is not None:
        return suffixed
    body, open_ended = _strip_open_end(body)
    units = split_units(body)
    if not units or not all(looks_like_unit(u) for u in units):
        return None
    return Responsibility(
        lead=units[:1], support=units[1:], lead_stated=False, open_ended=open_ended,
        duty_clause=duty,
    )


def _parse_labelled(text: str) -> Responsibility | None:
    lead: list[str] = []
    support: list[str] = []
    neutral: list[str] = []
    open_ended = False
    duty: str | None = None
    matches = list(_LABEL_RE.finditer(text))
    if text[: matches[0].start()].strip("，,；; "):
        return None
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        segment = text[match.end() : end].strip("，,；; 。")
        segment, segment_duty = _strip_duty_clause(segment)
        duty = duty or segment_duty
        segment, segment_open = _strip_open_end(segment)
        # 等 only closes the whole bracket when it ends its last list.
        open_ended = segment_open if index + 1 == len(matches) else open_ended or segment_open
        units = split_units(segment)
        label = match.group(1)
        # 责任单位：市市场监管局（牵头）、市教委: the mark states the lead inside the list.
        marked = [_MARKED_LEAD_RE.sub("", u) for u in units if _MARKED_LEAD_RE.search(u)]
        if marked:
            lead.extend(marked)
            units = [u for u in units if not _MARKED_LEAD_RE.search(u)]
            if label in LEAD_LABELS:
                label = SUPPORT_LABELS[0]
        if label in LEAD_LABELS:
            lead.extend(units)
        elif label in SUPPORT_LABELS:
            support.extend(units)
        else:
            neutral.extend(units)
    if neutral and not lead:
        # 责任单位 lists name no roles: the first-listed unit leads by convention.
        return Responsibility(
            lead=neutral[:1], support=neutral[1:] + support, lead_stated=False,
            open_ended=open_ended, duty_clause=duty,
        )
    if not lead and not support:
        return None
    return Responsibility(
        lead=lead, support=support + neutral, lead_stated=bool(lead), open_ended=open_ended,
        duty_clause=duty,
    )


def _parse_suffixed(text: str, duty: str | None) -> Responsibility | None:
    """Roles written after the names: X牵头，Y配合 / X会同Y / X（牵头）、Y. None for other forms."""
    segments = [s for s in re.split(r"[，,；;]", text) if s.strip()]
    lead: list[str] = []
    support: list[str] = []
    open_ended = False
    stated = False
    for segment in segments:
        with_match = _WITH_RE.search(segment)
        lead_match = _LEAD_SUFFIX_RE.search(segment)
        support_match = _SUPPORT_SUFFIX_RE.search(segment)
        if with_match and with_match.start() > 0:
            head, tail = segment[: with_match.start()], segment[with_match.end() :]
            tail = _SUPPORT_SUFFIX_RE.sub("", _LEAD_SUFFIX_RE.sub("", tail))
            tail, segment_open = _strip_open_end(tail)
            lead.extend(split_units(head))
            support.extend(split_units(tail))
            stated, open_ended = True, open_ended or segment_open
        elif lead_match and lead_match.start() > 0:
            names, segment_open = _strip_open_end(segment[: lead_match.start()])
            lead.extend(split_units(names))
            stated, open_ended = True, open_ended or segment_open
        elif support_match and support_match.start() > 0:
            names, segment_open = _strip_open_end(segment[: support_match.start()])
            support.extend(split_units(names))
            open_ended = open_ended or segment_open
        else:
            names, segment_open = _strip_open_end(segment)
            units = split_units(names)
            marked = [u for u in units if _MARKED_LEAD_RE.search(u)]
            if not marked:
                return None
            for unit in units:
                if _MARKED_LEAD_RE.search(unit):
                    lead.append(_MARKED_LEAD_RE.sub("", unit))
                else:
                    support.append(unit)
            stated, open_ended = True, open_ended or segment_open
    if not stated or not lead or not all(looks_like_unit(u) for u in [*lead, *support]):
        return None
    return Responsibility(
        lead=lead, support=support, lead_stated=True, open_ended=open_ended, duty_clause=duty,
    )


def unread_names(bracket: str) -> list[str]:
    """The parts of a bracket that are not units' names, for telling a person what stopped
    it being read: 待定 in （责任单位：待定）, 重点企业 in （市教委、重点企业）."""
    text = bracket.strip()
    if text[:1] in OPEN_BRACKETS and text[-1:] in CLOSE_BRACKETS:
        text = text[1:-1]
    text, _ = _strip_schedule(_join_spaced(text).rstrip("。；;"))
    pieces = []
    for segment in _LABEL_RE.split(text):
        if segment in LEAD_LABELS + SUPPORT_LABELS + NEUTRAL_LABELS:
            continue
        segment, _ = _strip_duty_clause(segment.strip("，,；; 。"))
        for part in re.split(r"[，,；;]|会同|联合", segment):
            part = _SUPPORT_SUFFIX_RE.sub("", _LEAD_SUFFIX_RE.sub("", part))
            pieces += split_units(_strip_open_end(part)[0])
    return [name for name in pieces if name and not looks_like_unit(_MARKED_LEAD_RE.sub("", name))]
