"""The plan as read from a document, before it is written: what the writer writes and what
the report tells the person who has to check it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qplan.model import Document, Item, PlanWide
from qplan.names import describe, shown
from qplan.responsibility import Dropped, Responsibility, split_acting, unread_names

# How the roles of an item were read: stated in the document (牵头单位：…), stated by the
# document's own declared convention (列第一位者为牵头部门，下同), the first-listed unit taken
# as lead by the general convention, a bracket that could not be read, or no units at all.
How = Literal["stated", "declared", "first-listed", "no-lead", "unreadable", "none"]
HOW_LABELS: dict[str, str] = {
    "stated": "原文写明牵头",
    "declared": "按原文声明的惯例（列第一位为牵头）",
    "first-listed": "按列第一位推定牵头",
    "no-lead": "只有配合单位、未写牵头单位",
    "unreadable": "责任单位无法识别",
    "none": "无责任单位",
}
# Items a person has to finish: the plan file cannot name their lead.
NEEDS_PERSON = ("no-lead", "unreadable", "none")
# Where the units of an item were read.
FoundIn = Literal["bracket", "line", "label", "table", "section", "sub-points"]
FOUND_IN_LABELS: dict[str, str] = {
    "bracket": "括注",
    "line": "单独一行",
    "label": "“责任单位：”标注",
    "table": "表格",
    "section": "部分标题",
    "sub-points": "各分项括注合并",
}


@dataclass(slots=True)
class DraftDocument(Document):
    # Why the date or issuer is not simply the document's own, where it is not.
    date_note: str | None = None
    issuer_note: str | None = None


@dataclass(slots=True)
class DraftSection:
    no: int
    title: str
    line: int | None = None
    label: str = ""
    group: str | None = None
    # The overall responsibility the heading states (一、加快调整能源结构（省发改委总牵头）).
    roles: Responsibility | None = None
    responsibility: str | None = None
    roles_from_group: bool = False  # stated on the heading above (一、…（总牵头）), not on this one

    @property
    def lead(self) -> list[str]:
        return [split_acting(name)[0] for name in self.roles.lead] if self.roles else []

    @property
    def support(self) -> list[str]:
        return [split_acting(name)[0] for name in self.roles.support] if self.roles else []


def dropped_remarks(dropped: tuple[Dropped, ...]) -> list[str]:
    """One remark per name (or bracket) that held invisible characters: which, where, and
    what was read without them."""
    places: dict[tuple[str | None, str], list[Dropped]] = {}
    for found in dropped:
        places.setdefault((found.name, found.written), []).append(found)
    remarks = []
    for (name, written), held in places.items():
        chars = "、".join(f"第 {d.position} 个字符 {describe(d.char)}" for d in held)
        if name is None:
            remarks.append(f"责任单位括注“{shown(written)}”中有看不见的字符（{chars}），已删除后读取")
        else:
            remarks.append(f"单位名称“{shown(written)}”中有看不见的字符（{chars}），已删除，读作“{name}”")
    return remarks


@dataclass(slots=True)
class DraftItem(Item):
    """An item as read, with how its roles were read and what the reader noticed."""

    label: str = ""  # the numbering as written: （十一）, 1★ …
    how: How = "none"
    duty_clause: str | None = None
    # Things the person should know about this item (renumbered, title taken from a sentence …).
    remarks: list[str] = field(default_factory=list)
    # Where the units were read (None: nowhere).
    found_in: FoundIn | None = None
    # What the reader had to guess: a person should check these against the document.
    guesses: list[str] = field(default_factory=list)
    # In a bracket that could not be read: the names that are not units' names.
    unread: list[str] = field(default_factory=list)

    @property
    def named_units(self) -> list[str]:
        return [*self.lead, *self.support, *self.acting.values()]

    def set_roles(self, found: Responsibility, raw: str | None, found_in: FoundIn) -> None:
        """Take the roles read from a bracket, a line or a table cell; a body named with the
        bureau that acts for it, 领导小组（某局）, keeps the body and records the bureau as acting."""
        self.responsibility = raw
        self.found_in = found_in
        self.lead = self._bodies(found.lead)
        self.support = [name for name in self._bodies(found.support) if name not in self.lead]
        self.lead_stated = found.lead_stated
        self.open_ended = found.open_ended
        self.duty_clause = found.duty_clause
        self.how = "stated" if found.lead_stated else "first-listed"
        if not self.lead:
            self.how = "no-lead"
        if found.carried:
            pairs = "、".join(f"{written} → {completed}" for written, completed in found.carried)
            self.guesses.append(f"单位名称按同一列表中写出的前缀补全：{pairs}")
        for group in found.groups:
            self.guesses.append(f"“{group}”按一个单位群组读入（不拆成几个单位）")
        self.remarks += dropped_remarks(found.dropped)

    def declare_lead(self) -> None:
        """The document's declared convention (列第一位者为牵头部门) states this item's lead."""
        if self.how == "first-listed":
            self.how = "declared"
            self.lead_stated = True
            self.lead_declared = True

    def set_unreadable(self, raw: str) -> None:
        self.responsibility = raw
        self.how = "unreadable"
        self.unread = unread_names(raw)

    def _bodies(self, names: list[str]) -> list[str]:
        bodies = []
        for name in names:
            body, bureau = split_acting(name)
            if bureau is not None:
                self.acting[body] = bureau
            if body not in bodies:
                bodies.append(body)
        return bodies


@dataclass(slots=True)
class DraftPlan:
    title: str
    document: DraftDocument
    items: list[DraftItem]
    sections: list[DraftSection] = field(default_factory=list)
    kind: str = "plan"
    numbering: str = "chinese"
    notes: list[str] = field(default_factory=list)
    # Where in the document the plan was found: 第二部分, 附件表格 …
    part: str | None = None
    # The document's own convention for leads: 列第一位者为牵头部门，下同.
    lead_convention: str | None = None
    # Responsibilities the document states once for every item (以下均需各区人民政府落实，不再列出).
    plan_wide: list[PlanWide] = field(default_factory=list)
    # The document names no responsible units at all (a 实施方案 of goals and measures).
    no_units: bool = False
    # Why the plan's kind is what it is, when the tool decided it (for the report).
    kind_note: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """Text of the document that did not become an item, and why."""

    line: int | None
    what: str
    why: str


def excerpt(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
