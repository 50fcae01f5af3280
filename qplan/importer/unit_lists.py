"""Where a paragraph names its units: a bracket that closes it, or a label such as 责任单位：
after the text; and the lines 牵头单位：… / 配合单位：… / 完成时限：… that belong together."""

from __future__ import annotations

import re

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
LABEL_START_RE = re.compile(rf"(?:^|(?<=[。；;\s]))(?:{_LABELS})[：:]")
# The lines that may follow 牵头单位：… on lines of their own: 配合单位：…, 完成时限：….
_ROLE_LINE_RE = re.compile(
    "^(?:" + "|".join(sorted((*LEAD_LABELS[:2], *NEUTRAL_LABELS, "主责单位", *SUPPORT_LABELS[:-1]),
                             key=len, reverse=True))
    + r"|(?:完成|办结)(?:时限|时间|期限)|时间(?:节点|要求|安排)|时限|进度安排)[：:]"
)
# 完成时限：2020年底前 on a line of its own.
DEADLINE_LINE_RE = re.compile(
    r"^(?:(?:完成|办结)(?:时限|时间|期限)|时间(?:节点|要求|安排)|时限(?:要求)?|进度安排)[：:]\s*(.+)$")
_UNIT_HINT_RE = re.compile(r"牵头|配合|负责|责任|单位|部门|[局委办厅]$|[局委办厅][、，,]|政府|小组")


def merge_role_lines(paragraphs: list[str]) -> list[str]:
    """牵头单位：… and 配合单位：… (and 完成时限：…) on lines of their own are one unit list."""
    merged: list[str] = []
    for text in paragraphs:
        if merged and _ROLE_LINE_RE.match(text) and LABEL_START_RE.match(merged[-1]):
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


def responsibility_at_end(text: str, own_line: bool = False) -> tuple[int, str] | None:
    """Where the unit list at the end of a text starts, and the list as written. With
    `own_line`, a paragraph that is nothing but a unit list counts too (省农业厅、卫生厅负责落实。)."""
    span = bracket_at_end(text)
    if span is not None and read_roles(text[span[0]:span[1]]) is not None:
        return span[0], text[span[0]:span[1]]
    match = LABEL_START_RE.search(text)
    if match and read_roles(text[match.start():]) is not None:
        return match.start(), text[match.start():].strip()
    if own_line and is_units_line(text):
        return 0, text.strip()
    return None


def is_units_line(text: str) -> bool:
    """A paragraph that only names units: with a duty or role word (…负责落实, …牵头，…配合)
    or as a list of two or more; a single name alone could be a body sentence."""
    stripped = text.strip().rstrip("。；;")
    if not stripped or len(stripped) > 160 or stripped[:1] in "（(":
        return False
    roles = read_roles(stripped)
    if roles is None or any(len(name) > 30 for name in [*roles.lead, *roles.support]):
        return False
    return bool(roles.duty_clause or roles.lead_stated or len(roles.lead) + len(roles.support) >= 2)


def read_roles(raw: str) -> Responsibility | None:
    """The roles in a unit list, when every name in it is a unit's name."""
    roles = parse_responsibility(raw)
    if roles is None or not all(looks_like_unit(u) for u in [*roles.lead, *roles.support]):
        return None
    return roles


def looks_like_responsibility(bracket: str) -> bool:
    inner = bracket.strip("（）() ")
    return bool(_UNIT_HINT_RE.search(inner))
