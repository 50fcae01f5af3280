"""The validated model: plans, sections, items, and the roles units hold in them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from qplan.numerals import item_label

Role = Literal["lead", "support"]


# How a person writes a reference to an item: "2022#5" (plan id, then item number).
REF_RE = re.compile(r"^\s*([^#\s]+)\s*#\s*(\d+)\s*$")


@dataclass(frozen=True, slots=True)
class ItemRef:
    """A reference such as 2022#5: item 5 of plan 2022."""

    plan: str
    no: int

    def __str__(self) -> str:
        return f"{self.plan}#{self.no}"


@dataclass(slots=True)
class Links:
    """A person's decisions about which earlier items this item continues, and (on an item
    of an annual plan or project list) which tasks of a multi-year plan it carries out."""

    continues: list[ItemRef] = field(default_factory=list)
    not_continues: list[ItemRef] = field(default_factory=list)
    carries: list[ItemRef] = field(default_factory=list)
    not_carries: list[ItemRef] = field(default_factory=list)


# Work with no end date (长期坚持, 持续推进): never overdue.
ONGOING_WORDS = ("长期", "持续", "常态化", "每年", "每季度", "每月", "逐年")


@dataclass(frozen=True, slots=True)
class Deadline:
    """An item's 完成时限: as written (a phrase, or the ISO date a person typed), and the
    date it means where one can be read (see qplan.deadlines)."""

    text: str
    date: dt.date | None = None
    # True where the date is the tool's reading of a phrase, not a date a person wrote.
    inferred: bool = False

    @property
    def ongoing(self) -> bool:
        return self.date is None and self.text.startswith(ONGOING_WORDS)


@dataclass(slots=True)
class Item:
    no: int
    title: str
    text: str = ""
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    lead_stated: bool = True
    open_ended: bool = False
    section: int | None = None
    responsibility: str | None = None
    key: bool = False
    acting: dict[str, str] = field(default_factory=dict)
    links: Links = field(default_factory=Links)
    line: int | None = None
    # Canonical name -> the spelling the document used, where the two differ.
    written: dict[str, str] = field(default_factory=dict)
    deadline: Deadline | None = None
    # True where the lead is stated by the document's own convention (列第一位者为牵头部门),
    # not by a label on the item: lead_stated is then true as well.
    lead_declared: bool = False
    # Where the units come from when the item's own text names none: "section" (the overall
    # lead its section states), "sub-points" (the brackets of its numbered sub-points, merged).
    units_from: str | None = None

    def role_of(self, unit: str) -> Role | None:
        if unit in self.lead:
            return "lead"
        if unit in self.support:
            return "support"
        return None

    @property
    def units(self) -> list[str]:
        return [*self.lead, *self.support]


@dataclass(slots=True)
class Section:
    no: int
    title: str
    # The heading above the section, where a document has one level more (一、 over （一）).
    group: str | None = None
    # A lead the document states for the whole section: 一、加快调整能源结构（省发改委总牵头）.
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    lead_stated: bool = False
    responsibility: str | None = None


INFERRED_DATE = "（推定）"


@dataclass(slots=True)
class Document:
    title: str
    issuer: str
    # For a date known only to the year (`date: 2018` in the file), 1 January of that year,
    # so that plans still sort; `year_only` says that the month and day are not known.
    date: dt.date | None
    number: str | None = None
    source: str | None = None
    date_inferred: bool = False
    year_only: bool = False
    # Why the date is what it is, where the document does not carry it.
    date_basis: str | None = None

    @property
    def date_text(self) -> str:
        """The date as far as it is known: 2025-04-01, or 2018年 for a year alone."""
        if self.date is None:
            return ""
        return f"{self.date.year}年" if self.year_only else self.date.isoformat()

    @property
    def date_label(self) -> str:
        """The date as tables and headings show it, marked where it is inferred: 2025-04-01,
        2018年（推定）. One wording for plans, show, import and the workbooks."""
        return self.date_text + (INFERRED_DATE if self.date_inferred and self.date else "")

    @property
    def date_written(self) -> str:
        """The date as a document writes it: 2025年4月1日, 2018年（推定）."""
        if self.date is None:
            return ""
        day = "" if self.year_only else f"{self.date.month}月{self.date.day}日"
        return f"{self.date.year}年{day}" + (INFERRED_DATE if self.date_inferred else "")

    @property
    def date_iso(self) -> str | None:
        """The date for JSON: ISO 8601, reduced to the year (2018) where only that is known."""
        if self.date is None:
            return None
        return str(self.date.year) if self.year_only else self.date.isoformat()


@dataclass(frozen=True, slots=True)
class PlanWide:
    """A responsibility the document states once for every item (以下均需各区人民政府落实，
    不再列出): `unit` holds `role` in each item from `from_item` on, though no item lists it."""

    unit: str
    role: Role
    note: str  # the document's own words
    from_item: int | None = None  # the first item it applies to; None: every item
    line: int | None = None

    def applies_to(self, item: Item) -> bool:
        return self.from_item is None or item.no >= self.from_item


@dataclass(slots=True)
class Plan:
    id: str
    title: str
    document: Document
    items: list[Item]
    sections: list[Section] = field(default_factory=list)
    numbering: str = "chinese"
    # "plan" for a year's 工作要点; "projects" for a project list such as 2024-chains;
    # "multi-year" for a plan over several years (行动方案, 实施方案) that annual plans carry out.
    # Cross-year matching (diff, trace) follows plans of the same kind; `cover` holds an
    # annual plan or project list against a multi-year plan.
    kind: str = "plan"
    notes: list[str] = field(default_factory=list)
    file: Path | None = None
    # The document's own convention for leads, where it declares one: 列第一位者为牵头部门，下同.
    lead_convention: str | None = None
    plan_wide: list[PlanWide] = field(default_factory=list)
    # True where the document names no responsible units at all (its items have none).
    no_units: bool = False

    def label(self, item: Item) -> str:
        return item_label(item.no, self.numbering)

    def item(self, no: int) -> Item | None:
        for item in self.items:
            if item.no == no:
                return item
        return None

    def section_of(self, item: Item) -> Section | None:
        for section in self.sections:
            if section.no == item.section:
                return section
        return None

    def wide_roles(self, item: Item) -> list[PlanWide]:
        """The plan-wide responsibilities that reach this item (not listed on it)."""
        return [wide for wide in self.plan_wide if wide.applies_to(item) and item.role_of(wide.unit) is None]

    @property
    def sort_key(self) -> tuple[dt.date, str]:
        return (self.document.date or dt.date.min, self.id)


PLAN_KINDS = ("plan", "projects", "multi-year")
KIND_LABELS = {"plan": "年度工作要点", "projects": "项目清单", "multi-year": "多年行动方案"}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def newest_first(plans: list[Plan]) -> list[Plan]:
    return sorted(plans, key=lambda plan: plan.sort_key, reverse=True)


def oldest_first(plans: list[Plan]) -> list[Plan]:
    return sorted(plans, key=lambda plan: plan.sort_key)
