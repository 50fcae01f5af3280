"""Read the bracket that closes a plan item and names the units responsible for it.

The documents mix four forms (see DOMAIN.md): stated roles (牵头单位：…，配合单位：…),
a list with a duty clause (…按照职责分工实施), a bare list, and a list that ends in 等.
Other cities and years also write roles after the names (市市场监管局牵头，市教委配合;
市商务委会同市市场监管局; 市委宣传部（牵头）、市文明办); those are stated roles too.
Where roles are not stated the first-listed unit is taken as lead, and that is recorded.

Documents of other governments add: a prefix written once for a whole list (省农业厅、卫生厅
is 省农业厅、省卫生厅); a unit with the body acting for it in brackets (省发改委（省能源局）);
group phrases that hold a 、 (各区、县级市; 各省辖市、省直管试点县（市）人民政府); 等部门及…;
and remarks inside the bracket that are not units: the document's convention for leads
(列第一位者为牵头部门，下同) and notes for every item (以下均需各区人民政府落实，不再列出).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from qplan.names import drop_invisible

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
    r"|(分工|分别|共同)?负责(落实|实施|推进|组织实施)?$|(分工|分别|共同)?落实$"
)
_OPEN_END_RE = re.compile(r"等(相关|有关)?(部门|单位|机构)?$")
# 市农业农村委、市市场监管局等部门及各区人民政府: an open list, then more units.
_OPEN_THEN_RE = re.compile(r"等(相关|有关)?(部门|单位|机构)?(及|和|以及|与)(?=各|[\u4e00-\u9fff]{2})")
# Roles written after the names: 市市场监管局牵头，市教委、市人社局配合.
_LEAD_SUFFIX_RE = re.compile(r"(牵头负责|牵头落实|牵头实施|总牵头|牵头)$")
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
# The document's own convention for leads: 列第一位者为牵头部门 / 排在第一位的为牵头单位 /
# 各项任务的第一责任单位为牵头单位.
DECLARATION_RE = re.compile(
    r"(列|排|位|名)[^，,。；;]{0,4}(第一位|首位|第一)[^，,。；;]{0,4}(为|是)[^，,。；;]{0,2}牵头"
    r"|第一(责任)?(单位|部门)[^，,。；;]{0,2}(为|是)牵头"
)
# Clauses inside a bracket that speak about the lists rather than name units.
_ASIDE_RE = re.compile(
    DECLARATION_RE.pattern
    + r"|^(其他|其余|其他单位|其余单位)[^，,。；;]{0,3}(为|是)[^，,。；;]{0,2}(配合|协办)"
    + r"|^下同$|以下[^，,。；;]{0,20}(不再|均需|均由|均为)|不再(一一|单独|逐项|重复)?列(出|明|举)"
)
# A prefix written once for a whole list: 省农业厅、卫生厅、质监局 (not 市场监管总局: 市场).
_PREFIX_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,3}市(?!场)|省|市(?!场)|区|县)")
_NO_PREFIX_RE = re.compile(
    r"^(各|中共|中国|中华|国家|国务院|全国|团|共青团|人民银行|驻|北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|"
    r"安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)"
    r"|海关|出入境|检验检疫|银保监|证监|银监|保监|税务|邮政|气象|通信管理|铁路|民航|海事|烟草|总局|总署|总队|银行"
    r"|公司|集团|大学|学院|医院|协会|学会|商会|研究院|研究所|管委会|人民政府|政府$|街道|[镇乡]$"
)
_BARE_DEPARTMENT_RE = re.compile(r"^[\u4e00-\u9fff]{1,9}(厅|局|委|办|室)(（[^（）]*）)?$")
# A group phrase that holds a 、: 各区、县级市 is one group, as is 各省辖市、省直管试点县（市）人民政府.
_GENERIC_AREA_RE = re.compile(
    r"^(?:省直管|省辖|设区的?|试点|直管|所辖)*(?:县级市|市辖区|自治县|自治州|县|市|区|旗|乡|镇|乡镇|街道|街镇)"
    r"(?:（[^（）]*）)?(?:人民政府|政府|党委和政府|党委、政府)?$"
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
    # Remarks inside the bracket about the lists, not units (列第一位者为牵头部门，下同).
    asides: tuple[str, ...] = ()
    # Names completed with the prefix the list wrote once: (卫生厅, 省卫生厅).
    carried: tuple[tuple[str, str], ...] = ()
    # Group phrases read whole although they hold a 、 (各区、县级市).
    groups: tuple[str, ...] = ()
    # Invisible characters (U+200B …) removed from the bracket before reading it.
    dropped: tuple[Dropped, ...] = ()


@dataclass(frozen=True, slots=True)
class Dropped:
    """An invisible character removed from a bracket, placed as a report names it: in (or
    touching) the unit `name` as read, written `written` with it; or elsewhere in the bracket
    (`name` None, `written` the bracket)."""

    name: str | None
    written: str
    position: int  # 1-based, in `written`
    char: str


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
    names = _join_area_groups([normalise_unit_name(p) for p in parts if p.strip()])
    return [piece for name in names for piece in _split_and(name)]


def _join_area_groups(names: list[str]) -> list[str]:
    """各区、县级市 is one group of governments; so is 各县、市、区人民政府. A named place
    after 各… (各区、漕河泾开发区) is a unit of its own."""
    joined: list[str] = []
    for name in names:
        if joined and joined[-1].startswith("各") and _GENERIC_AREA_RE.match(name) \
                and not re.search(r"(人民政府|政府)$", joined[-1]):
            joined[-1] = f"{joined[-1]}、{name}"
        else:
            joined.append(name)
    return joined


def is_group_phrase(name: str) -> bool:
    """各区、县级市: a group whose name holds a 、 of its own (not one inside brackets)."""
    return name.startswith("各") and "、" in re.sub(r"（[^（）]*）", "", name)


def carry_prefix(names: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """省农业厅、卫生厅、质监局: the prefix written once carries through the list. Only bare
    department names take it; a unit with a place or a national body of its own does not."""
    prefix = ""
    result: list[str] = []
    carried: list[tuple[str, str]] = []
    for name in names:
        match = _PREFIX_RE.match(name)
        if match:
            prefix = match.group(0)
        elif (prefix and _BARE_DEPARTMENT_RE.match(name) and not _NO_PREFIX_RE.search(name) \
                and not name.startswith(("市场", "区域", "县域"))) or \
                (prefix and name.startswith("市场") and _BARE_DEPARTMENT_RE.match(name) \
                and not _NO_PREFIX_RE.search(name)):
            carried.append((name, prefix + name))
            name = prefix + name
        result.append(name)
    return result, carried


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
    if is_group_phrase(name):
        first, *rest = re.split(r"、(?![^（]*）)", name)
        return looks_like_unit(first) and all(_GENERIC_AREA_RE.match(part) for part in rest)
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
    # A name pasted with a zero-width space would match no unit and make the plan refused:
    # read without them, and say where each was (qplan.names keeps the one definition).
    visible_bracket, dropped = drop_invisible(bracket)
    text = visible_bracket.strip()
    if text[:1] in OPEN_BRACKETS and text[-1:] in CLOSE_BRACKETS:
        text = text[1:-1]
    text = _join_spaced(text)
    text, asides = _strip_asides(text)
    text, deadline = _strip_schedule(text.rstrip("。；;"))
    text = text.rstrip("。；;，,")
    if not text:
        return None
    text, open_then = _OPEN_THEN_RE.subn("、", text)
    found = _parse_roles(text)
    if found is None:
        return None
    names, carried = carry_prefix([*found.lead, *found.support])
    groups = tuple(name for name in names if is_group_phrase(name))
    return dataclasses.replace(
        found, lead=names[: len(found.lead)], support=names[len(found.lead):], deadline=deadline,
        open_ended=found.open_ended or bool(open_then), asides=tuple(asides), carried=tuple(carried),
        groups=groups, dropped=_where_dropped(bracket, dropped, names),
    )


def _where_dropped(bracket: str, dropped: list[tuple[int, str]], names: list[str]) -> tuple[Dropped, ...]:
    """Each dropped character placed in the unit name it was in or touched, where the name
    can be found in the bracket as written; otherwise placed in the bracket."""
    if not dropped:
        return ()
    at = {position - 1: char for position, char in dropped}
    visible = [index for index in range(len(bracket)) if index not in at]
    # Names are read with full-width brackets (normalise_unit_name); the same length either way.
    text = "".join(bracket[index] for index in visible).replace("(", "（").replace(")", "）")
    placed: list[Dropped] = []
    claimed: set[int] = set()
    start = 0
    for name in names:
        found = text.find(name, start)
        if found < 0:
            found = text.find(name)
        if found < 0 or not name:
            continue
        start = found + len(name)
        low, high = visible[found], visible[found + len(name) - 1]
        while low - 1 in at:
            low -= 1
        while high + 1 in at:
            high += 1
        for index in range(low, high + 1):
            if index in at and index not in claimed:
                claimed.add(index)
                placed.append(Dropped(name, bracket[low:high + 1], index - low + 1, at[index]))
    placed += [Dropped(None, bracket, index + 1, at[index]) for index in sorted(set(at) - claimed)]
    return tuple(placed)


def _clauses(text: str) -> list[tuple[str, str]]:
    """The clauses of a bracket outside nested brackets, each with the separator before it."""
    clauses: list[tuple[str, str]] = []
    depth = 0
    current: list[str] = []
    separator = ""
    for char in text:
        if char in OPEN_BRACKETS:
            depth += 1
        elif char in CLOSE_BRACKETS:
            depth = max(0, depth - 1)
        if char in "。，,；;" and depth == 0:
            clauses.append((separator, "".join(current)))
            current, separator = [], char
        else:
            current.append(char)
    clauses.append((separator, "".join(current)))
    return clauses


def bracket_asides(bracket: str) -> list[str]:
    """The remarks about the lists in a bracket, whether or not its units can be read."""
    text = drop_invisible(bracket)[0].strip()  # read as parse_responsibility reads it
    if text[:1] in OPEN_BRACKETS and text[-1:] in CLOSE_BRACKETS:
        text = text[1:-1]
    return _strip_asides(_join_spaced(text))[1]


def _strip_asides(text: str) -> tuple[str, list[str]]:
    """Take out the clauses that speak about the lists (列第一位者为牵头部门，下同;
    以下均需各区人民政府落实，不再列出); runs of them are kept together as one remark."""
    clauses = _clauses(text)
    if not any(_ASIDE_RE.search(clause.strip()) for _, clause in clauses):
        return text, []
    kept: list[str] = []
    asides: list[str] = []
    previous_aside = False
    for separator, clause in clauses:
        if _ASIDE_RE.search(clause.strip()):
            if previous_aside:
                asides[-1] += separator + clause.strip()
            else:
                asides.append(clause.strip())
            previous_aside = True
        else:
            kept.append((separator if kept else "") + clause)
            previous_aside = False
    return "".join(kept), asides


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
            if not marked and lead:
                # X牵头，Y、Z按职责分工负责: after a stated lead, the others support.
                support.extend(units)
                open_ended = open_ended or segment_open
                continue
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
    text = drop_invisible(bracket)[0].strip()  # read as parse_responsibility reads it
    if text[:1] in OPEN_BRACKETS and text[-1:] in CLOSE_BRACKETS:
        text = text[1:-1]
    text, _ = _strip_schedule(_strip_asides(_join_spaced(text))[0].rstrip("。；;"))
    pieces = []
    for segment in _LABEL_RE.split(text):
        if segment in LEAD_LABELS + SUPPORT_LABELS + NEUTRAL_LABELS:
            continue
        segment, _ = _strip_duty_clause(segment.strip("，,；; 。"))
        for part in re.split(r"[，,；;]|会同|联合", segment):
            part = _SUPPORT_SUFFIX_RE.sub("", _LEAD_SUFFIX_RE.sub("", part))
            pieces += split_units(_strip_open_end(part)[0])
    return [name for name in pieces if name and not looks_like_unit(_MARKED_LEAD_RE.sub("", name))]
