"""Read the bracket that closes a plan item and names the units responsible for it.

The documents mix four forms (see DOMAIN.md): stated roles (牵头单位：…，配合单位：…),
a list with a duty clause (…按照职责分工实施), a bare list, and a list that ends in 等.
Where roles are not stated the first-listed unit is taken as lead, and that is recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LEAD_LABELS = ("牵头单位", "牵头部门", "牵头")
SUPPORT_LABELS = ("配合单位", "配合部门", "协同单位", "协助单位", "参与单位", "配合")
NEUTRAL_LABELS = ("责任单位", "责任部门", "实施单位")
_LABEL_RE = re.compile(
    "(" + "|".join(sorted(LEAD_LABELS + SUPPORT_LABELS + NEUTRAL_LABELS, key=len, reverse=True))
    + ")[：:]"
)
_DUTY_RE = re.compile(
    r"(按照?|根据|依)(各自)?(职责|职能)(分工)?(分别)?(负责|实施|落实|推进|承担)(落实|实施)?$"
    r"|(分工)?(负责|落实)$"
)
_OPEN_END_RE = re.compile(r"等(相关|有关)?(部门|单位|机构)?$")
_SEPARATORS = "、，,；;"
# A responsible unit's name ends like a body of government, a group, or an organisation.
_UNIT_TAIL_RE = re.compile(
    r"(局|委|办|部|会|院|关|行|处|组|府|厅|署|室|所|站|队|团|社|中心|集团|公司|单位|机构|部门|"
    r"团市委|人民政府|小组|分行|法院|检察院)(（[^（）]*）)?$"
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
    return [normalise_unit_name(p) for p in parts if p.strip()]


def normalise_unit_name(name: str) -> str:
    name = name.strip().strip("。").replace("(", "（").replace(")", "）")
    return re.sub(r"\s+", "", name)


def looks_like_unit(name: str) -> bool:
    return bool(_UNIT_TAIL_RE.search(name)) and len(name) <= 40


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
    text = re.sub(r"\s+", "", bracket)
    if text[:1] in OPEN_BRACKETS and text[-1:] in CLOSE_BRACKETS:
        text = text[1:-1]
    text = text.rstrip("。；;")
    if not text:
        return None
    if _LABEL_RE.search(text):
        return _parse_labelled(text)
    body, duty = _strip_duty_clause(text)
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
