"""Item columns, defined once: what 序号, 任务, 牵头单位 … say for an item, used by `show`,
`diff`, the workbooks and the progress forms alike.

A column knows its header, its kind (how a renderer may wrap it, see qplan.report) and how
to write its cell. `formal` is the header a circulated document uses where it differs
(the 分工表 says 重点任务).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qplan.model import Item, Plan, PlanWide, Role
from qplan.numerals import to_chinese_number
from qplan.query import acting_body
from qplan.registry import Registry
from qplan.report import Column, ColumnKind
from qplan.vocabulary import (
    ACTING_MARK,
    INFERRED_MARK,
    KEY_MARK,
    LEGEND_UNITS_FROM,
    ROLE_LABELS,
    UNITS_FROM_MARKS,
    VIA_GROUP_MARK,
    WIDE_MARK,
)


@dataclass(frozen=True, slots=True)
class ItemCell:
    """Everything a cell about one item may need: the item, its plan, the registry, and,
    in a unit's view, the unit's role and what it holds it through."""

    plan: Plan
    item: Item
    registry: Registry
    role: Role | None = None
    via: str | None = None
    wide: PlanWide | None = None


@dataclass(frozen=True, slots=True)
class ItemColumn:
    key: str  # the field name of the same value in JSON and CSV
    header: str
    kind: ColumnKind
    cell: Callable[[ItemCell], str]
    formal: str | None = None

    def column(self, *, formal: bool = False) -> Column:
        return Column(self.formal or self.header if formal else self.header, self.kind)


def unit_label(item: Item, name: str, registry: Registry) -> str:
    """A canonical name, with the former name where the document used a recorded old name."""
    written = item.written.get(name)
    if written:
        found = registry.resolution(written)
        if found is not None and found.how == "rename":
            return f"{name}（原{written}）"
    return name


def lead_text(item: Item, registry: Registry, *, with_acting: bool = True) -> str:
    """The leads as the document names them; `with_acting` adds the bureau that acts for a
    body in brackets after it, as the document writes it."""
    names = [unit_label(item, n, registry) + (f"（{item.acting[n]}）" if with_acting and n in item.acting else "")
             for n in item.lead]
    text = "、".join(names)
    if names and not item.lead_stated:
        text += INFERRED_MARK
    if names and item.units_from in UNITS_FROM_MARKS:
        text += UNITS_FROM_MARKS[item.units_from]
    if item.open_ended and not item.support:
        text += "等"
    return text


def support_text(item: Item, registry: Registry) -> str:
    text = "、".join(unit_label(item, n, registry) for n in item.support)
    if item.open_ended and item.support:
        text += "等"
    return text


def role_text(role: str | None, item: Item, via: str | None, wide: PlanWide | None = None) -> str:
    if role is None:
        return ""
    text = ROLE_LABELS[role]
    if wide is not None:
        text += f"{WIDE_MARK}（全文通用）"
    elif role == "lead" and not item.lead_stated:
        text += INFERRED_MARK
    if acting_body(item, via):
        text += f"{ACTING_MARK}（{via}）"
    elif via:
        text += f"{VIA_GROUP_MARK}（经由{via}）"
    return text


def acting_text(item: Item) -> str:
    """The bureaus that act for a lead the document names with them, each marked ▲."""
    return "、".join(f"{bureau}{ACTING_MARK}" for body, bureau in item.acting.items() if body in item.units)


def title_text(item: Item) -> str:
    return f"{KEY_MARK}{item.title}" if item.key else item.title


def plan_heading(plan: Plan) -> str:
    parts = [plan.id, plan.title]
    if plan.document.number:
        parts.append(plan.document.number)
    if plan.document.date:
        parts.append(plan.document.date_label)
    return " · ".join(parts)


def wide_note(plan: Plan, wide: PlanWide) -> str:
    """One plan-wide responsibility in words: who, in which items, and the document's sentence."""
    reached = [item for item in plan.items if wide.applies_to(item)]
    if not reached:
        span = "（无条目）"
    elif len(reached) == len(plan.items):
        span = f"全部 {len(reached)} 项"
    else:
        span = f"{plan.label(reached[0])}至{plan.label(reached[-1])}共 {len(reached)} 项"
    where = f"（原文{plan.label(first)}括注：“{wide.note}”）" if (first := _written_in(plan, wide)) else \
        f"（原文：“{wide.note}”）"
    return f"{WIDE_MARK} {wide.unit}{ROLE_LABELS[wide.role]}{span}{where}。"


def no_units_note(plans: Sequence[Plan]) -> list[str]:
    """Plans whose document names no units: empty unit tables are what the document says."""
    ids = [plan.id for plan in plans if plan.no_units]
    if not ids:
        return []
    return [f"{'、'.join(ids)} 原文没有写任何责任单位（no_units），其条目不计入任何单位。"]


def labels_text(plan: Plan, items: Sequence[Item]) -> str:
    """Item numbers as a clerk writes them: a run of consecutive items as its ends."""
    order = {item.no: index for index, item in enumerate(plan.items)}
    runs: list[list[Item]] = []
    for item in sorted(items, key=lambda i: order[i.no]):
        if runs and order[item.no] == order[runs[-1][-1].no] + 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    return "、".join(plan.label(run[0]) if len(run) == 1 else
                    f"{plan.label(run[0])}{'、' if len(run) == 2 else '至'}{plan.label(run[-1])}" for run in runs)


def units_from_legends(items: Sequence[Item]) -> list[str]:
    """The legends of the marks (†, ‡) on leads whose units the tool took from elsewhere."""
    return [LEGEND_UNITS_FROM[way] for way in LEGEND_UNITS_FROM if any(i.units_from == way for i in items)]


def responsibility_notes(plan: Plan, items: Sequence[Item]) -> list[str]:
    """Where the leads of these items come from, where not from their own words: the
    convention the document declares for its leads, and the overall responsibility a
    section states (for the sections these items are in)."""
    notes = []
    declared = [item for item in items if item.lead_declared]
    if declared:
        convention = f"的“{plan.lead_convention}”" if plan.lead_convention else "的惯例（列第一位者为牵头）"
        notes.append(f"第{labels_text(plan, declared)}项的牵头单位按原文声明{convention}读出，"
                     "是原文写明的，不是推定。")
    shown = {item.section for item in items}
    for section in plan.sections:
        if section.no in shown and (section.lead or section.support):
            said = section.responsibility or "牵头单位：" + "、".join(section.lead)
            heading = f"{to_chinese_number(section.no)}、{section.title}"
            if section.group:
                heading = f"{section.group} · {heading}"
            notes.append(f"{heading}：原文写明本部分的总体责任{said}。")
    return notes


def section_heading(plan: Plan, section_no: int) -> str:
    """A section's heading as a circulated table prints it: with the overall responsibility
    the document states for it, in the document's words."""
    section = next(s for s in plan.sections if s.no == section_no)
    heading = f"{to_chinese_number(section.no)}、{section.title}"
    if section.responsibility and (section.lead or section.support):
        heading += section.responsibility
    return heading


def _written_in(plan: Plan, wide: PlanWide) -> Item | None:
    """The item whose bracket carries the sentence, where one does."""
    for item in plan.items:
        if item.responsibility and wide.note and wide.note in item.responsibility:
            return item
    return None


LABEL = ItemColumn("label", "序号", "items", lambda c: c.plan.label(c.item))
TITLE = ItemColumn("title", "任务", "text", lambda c: title_text(c.item), formal="重点任务")
TEXT = ItemColumn("text", "主要内容", "text", lambda c: c.item.text)
LEAD = ItemColumn("lead", "牵头单位", "units", lambda c: lead_text(c.item, c.registry))
SUPPORT = ItemColumn("support", "配合单位", "units", lambda c: support_text(c.item, c.registry))
DEADLINE = ItemColumn("deadline", "完成时限", "units", lambda c: c.item.deadline.text if c.item.deadline else "")
ROLE = ItemColumn("role", "本单位角色", "units", lambda c: role_text(c.role, c.item, c.via, c.wide), formal="本单位")
# The columns of a project list (名单): the title without ★, which has a column of its own, and
# the lead as named, the bureau acting for it in a column of its own.
PROJECT = ItemColumn("title", "项目名称", "text", lambda c: c.item.title)
KEY = ItemColumn("key", "重点项目", "mark", lambda c: KEY_MARK if c.item.key else "")
LEAD_NAMED = ItemColumn("lead", "牵头单位", "units", lambda c: lead_text(c.item, c.registry, with_acting=False))
ACTING = ItemColumn("acting", "代行单位", "units", lambda c: acting_text(c.item))

# The columns of each listing of items.
ITEM_LIST = (LABEL, TITLE, LEAD, SUPPORT)
UNIT_ITEM_LIST = (*ITEM_LIST, ROLE)
DIVISION = (LABEL, TITLE, TEXT, LEAD, SUPPORT)  # the 分工表
UNIT_DIVISION = (LABEL, ROLE, TITLE, TEXT, LEAD, SUPPORT)  # a unit's sheet of the workbook


def cells(columns: Sequence[ItemColumn], cell: ItemCell) -> list[str]:
    return [column.cell(cell) for column in columns]
