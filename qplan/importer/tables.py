"""Plans written as a table: a project list (序号, 链长单位, 项目名称, ★ for key projects) or a
division-of-work table (序号, 工作任务, 牵头单位, 配合单位, 完成时限).

Columns are recognised by their header, not their position, so a table with other or more
columns still reads; a column the plan file has no field for is kept in the item's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qplan.importer.blocks import Table
from qplan.importer.draft import DraftItem, DraftSection, Skipped, excerpt
from qplan.model import Deadline
from qplan.numerals import NUMERAL_CHARS, parse_chinese_number
from qplan.responsibility import looks_like_unit, parse_responsibility

KEY_MARKS = "★☆"
_COLUMN_RES: list[tuple[str, re.Pattern[str]]] = [
    ("no", re.compile(r"^(序号|编号|序|项目编号|No\.?)$", re.I)),
    ("lead", re.compile(r"链长单位|链长|牵头单位|牵头部门|主责单位|主责部门")),
    ("neutral", re.compile(r"责任单位|责任部门|负责单位|承担单位|实施单位|责任主体")),
    ("support", re.compile(r"配合单位|配合部门|协同单位|协同部门|参与单位|协办单位")),
    ("key", re.compile(r"^(是否重点(项目|任务)?|重点)$")),
    ("deadline", re.compile(
        r"^((完成|办结)(时限|时间|期限)|时间(节点|要求|安排)|时限(要求)?|进度安排|截止(时间|日期))$")),
    # A first column that groups the rows (类别: 质量基础, 产业质量 …) names the sections.
    ("section", re.compile(r"^(类别|分类|领域|板块|方面|工作类别|任务类别|所属领域|重点领域|工作板块)$")),
    ("title", re.compile(r"名称|^(工作)?任务$|^项目$|重点任务|主要任务|具体任务|事项|工作任务")),
    ("text", re.compile(r"内容|措施|举措|目标|要求")),
]
_LABELS = {"lead": "牵头单位", "neutral": "责任单位", "support": "配合单位"}


@dataclass(slots=True)
class TablePlan:
    items: list[DraftItem]
    sections: list[DraftSection]
    headers: list[str]
    roles: dict[str, str]  # header -> what the column was read as
    table: Table
    projects: bool = False
    caption: str | None = None  # a title row inside the table, above its header
    skipped: list[Skipped] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def header_roles(row: list[str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for index, cell in enumerate(row):
        name = re.sub(r"\s+", "", cell)
        for role, pattern in _COLUMN_RES:
            if pattern.search(name) and (role in ("text", "other") or role not in roles.values()):
                roles[index] = role
                break
        else:
            roles[index] = "other"
    if "title" not in roles.values():
        # A table of 工作内容 with no separate name: the content's first sentence is the title.
        first_text = next((i for i, role in roles.items() if role == "text"), None)
        if first_text is not None:
            roles[first_text] = "title"
    return roles


def _is_header(row: list[str]) -> bool:
    roles = set(header_roles(row).values())
    return "title" in roles and bool(roles & {"lead", "neutral", "support"})


def read_table_plan(table: Table) -> TablePlan | None:
    """The table's items, or None when its header names no task and no responsible unit."""
    header_at = next((i for i, row in enumerate(table.rows[:3]) if _is_header(row)), None)
    if header_at is None:
        return None
    headers = table.rows[header_at]
    roles = header_roles(headers)
    plan = TablePlan([], [], headers, {headers[i]: r for i, r in roles.items()}, table)
    captions = [row[0] for row in table.rows[:header_at] if len({c for c in row if c.strip()}) == 1]
    plan.caption = captions[0].replace("\n", "") if captions else None
    # A project list (项目名单) rather than a division of a year's work (任务分工表).
    plan.projects = any("项目" in headers[i] for i, r in roles.items() if r == "title")
    for offset, row in enumerate(table.rows[header_at + 1:], start=1):
        where = table.line + header_at + offset
        if row == headers or _is_header(row):
            continue  # the header repeated on a new page
        filled = [c for c in row if c.strip()]
        if len(set(filled)) == 1 and not _number(filled[0])[0]:
            title = _section_title(filled[0])
            plan.sections.append(DraftSection(len(plan.sections) + 1, title, where, ""))
            continue
        item = _read_row(row, roles, headers, len(plan.items) + 1, where)
        if item is None:
            plan.skipped.append(Skipped(where, excerpt(" ".join(filled)), "表格行没有项目或任务名称"))
            continue
        group = _group_of(row, roles)
        if group and (not plan.sections or plan.sections[-1].title != group):
            plan.sections.append(DraftSection(len(plan.sections) + 1, group, where, ""))
        item.section = plan.sections[-1].no if plan.sections else None
        plan.items.append(item)
    numbers = [item.no for item in plan.items]
    if len(set(numbers)) != len(numbers):
        for index, item in enumerate(plan.items, start=1):
            if item.no != index:
                item.remarks.append(f"原表序号 {item.label}，按表中顺序改记为 {index}")
            item.no = index
        plan.remarks.append("表格序号重复或缺失，已按表中顺序编号；请核对。")
    return plan


def _group_of(row: list[str], roles: dict[int, str]) -> str:
    """The row's value in the 类别 column: a merged cell repeats it on every row it spans."""
    cell = next((row[i] for i, role in roles.items() if role == "section" and i < len(row)), "")
    return _section_title(cell.replace("\n", ""))


def _section_title(text: str) -> str:
    return re.sub(rf"^[{NUMERAL_CHARS}]+[、．.]\s*", "", text.strip())


def _number(cell: str) -> tuple[int | None, bool]:
    key = any(mark in cell for mark in KEY_MARKS)
    digits = re.sub(rf"[\s{KEY_MARKS}*.．、]", "", cell)
    if digits.isdigit():
        return int(digits), key
    try:
        return parse_chinese_number(digits), key
    except ValueError:
        return None, key


def _read_row(row: list[str], roles: dict[int, str], headers: list[str], running: int,
              where: int) -> DraftItem | None:
    cells = {role: "" for role in roles.values()}
    extra: list[str] = []
    key = False
    number: int | None = None
    label = ""
    deadline = ""
    for index, cell in enumerate(row):
        role = roles.get(index, "other")
        if role == "no":
            label = cell
            number, key = _number(cell)
        elif role in ("text", "other"):
            if cell.strip():
                extra.append(cell if role == "text" else f"{headers[index]}：{cell}")
        elif role == "key":
            key = key or cell.strip() not in ("", "否", "—", "-", "/")
        elif role == "deadline":
            deadline = " ".join(cell.split())
        else:
            cells[role] = cell
    title = cells.get("title", "").strip()
    if any(mark in title for mark in KEY_MARKS):
        key = True
        title = title.strip(KEY_MARKS + " ")
    if not title:
        return None
    if "。" in title.rstrip("。"):
        title, rest = title.split("。", 1)
        extra.insert(0, rest.strip())
    title = title.rstrip("。")
    item = DraftItem(no=number or running, lead_stated=False, title=title.replace("\n", ""), text="\n".join(extra),
                     key=key, line=where, label=label or str(running))
    if number is None:
        item.remarks.append("序号缺失或无法识别，按表中顺序编号")
    if deadline.strip("—-/ "):
        item.deadline = Deadline(deadline)
    unit_cells = [(role, cells[role]) for role in ("lead", "neutral", "support") if cells.get(role, "").strip()]
    if not unit_cells:
        return item
    header_of = {role: headers[i] for i, role in roles.items()}
    raw = "；".join(f"{header_of[role]}：{_unit_list(text)}" for role, text in unit_cells)
    labelled = "，".join(f"{_LABELS[role]}：{_unit_list(text)}" for role, text in unit_cells)
    roles_read = parse_responsibility(labelled)
    if roles_read is None or not all(looks_like_unit(u) for u in [*roles_read.lead, *roles_read.support]):
        item.set_unreadable(raw)
        return item
    item.set_roles(roles_read, raw, "table")
    return item


def _unit_list(cell: str) -> str:
    return "、".join(part.strip() for part in cell.split("\n") if part.strip())
