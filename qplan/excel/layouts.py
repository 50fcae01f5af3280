"""How each kind of plan is circulated: the main sheet's name, title and columns.

A year's 工作要点 goes out as a 分工表 (序号 · 重点任务 · 主要内容 · 牵头单位 · 配合单位, under its
section headings); a project list as the 名单 it is (序号 · 项目名称 · 链长单位 · ★ · the bureau
acting for it ▲), titled as the document is. A new kind of plan adds a `Layout` to
`LAYOUTS`; a new column (a deadline, a status) is one more `SheetColumn`. Columns marked
`optional` are left out when no item has anything to put in them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass

from qplan import columns
from qplan.columns import ItemColumn
from qplan.excel.styles import BODY, CENTER, Style
from qplan.model import Plan
from qplan.registry import Registry

FIELD_NAMES = {"title": "标题", "text": "内容"}


@dataclass(frozen=True, slots=True)
class SheetColumn:
    column: ItemColumn
    minimum: float
    maximum: float
    style: Style = BODY
    lists: bool = False  # unit names or item numbers: broken into lines only between entries
    optional: bool = False
    # The header this kind of plan gives the column, where it is not the column's own.
    header: Callable[[Plan], str] | None = None

    @property
    def field(self) -> str:
        """What a warning about the column's text calls it."""
        return FIELD_NAMES.get(self.column.key, self.column.header)

    def header_for(self, plan: Plan) -> str:
        if self.header is not None:
            return self.header(plan)
        return self.column.column(formal=True).header


@dataclass(frozen=True, slots=True)
class Layout:
    sheet: str
    title: Callable[[Plan], str]
    columns: tuple[SheetColumn, ...]
    sections: bool = True  # section headings as rows across the table
    paper: str = "A4"

    def shown(self, plan: Plan, registry: Registry, *, wanted: Collection[str] = ()) -> list[SheetColumn]:
        """The columns this plan fills: an optional column nobody fills is left out, unless
        its key is `wanted` (an empty 完成时限 column to fill in by hand)."""
        probe = [columns.ItemCell(plan, item, registry) for item in plan.items]
        return [c for c in self.columns
                if not c.optional or c.column.key in wanted or any(c.column.cell(cell) for cell in probe)]

_LEAD_LABEL_RE = re.compile(r"^([\u4e00-\u9fff]{2,6}单位)[：:]")


def lead_header(plan: Plan) -> str:
    """What the document calls its leads (链长单位, 责任单位 …), as its responsibility lines
    write it; 牵头单位 where they do not say."""
    found = Counter(match.group(1) for item in plan.items
                    if item.responsibility and (match := _LEAD_LABEL_RE.match(item.responsibility)))
    return found.most_common(1)[0][0] if found else "牵头单位"


DIVISION = Layout(
    sheet="分工表",
    title=lambda plan: f"{plan.title}任务分工表",
    columns=(
        SheetColumn(columns.LABEL, 6, 10, CENTER),
        SheetColumn(columns.TITLE, 14, 20),
        SheetColumn(columns.TEXT, 20, 110, optional=True),
        # Room for a usual lead with its mark on one line: 市市场监管局※.
        SheetColumn(columns.LEAD, 17, 26, CENTER, lists=True, optional=True),
        SheetColumn(columns.SUPPORT, 14, 30, lists=True, optional=True),
        SheetColumn(columns.DEADLINE, 10, 16, CENTER, optional=True),
    ),
)

PROJECT_LIST = Layout(
    sheet="名单",
    title=lambda plan: plan.title,
    columns=(
        SheetColumn(columns.LABEL, 6, 10, CENTER),
        SheetColumn(columns.PROJECT, 24, 60),
        SheetColumn(columns.LEAD_NAMED, 14, 36, lists=True, header=lead_header),
        SheetColumn(columns.KEY, 8, 10, CENTER, optional=True),
        SheetColumn(columns.ACTING, 14, 24, lists=True, optional=True),
        SheetColumn(columns.SUPPORT, 14, 30, lists=True, optional=True),
    ),
    sections=False,
)

LAYOUTS: dict[str, Layout] = {"plan": DIVISION, "projects": PROJECT_LIST}


def layout_for(plan: Plan) -> Layout:
    return LAYOUTS.get(plan.kind, DIVISION)
