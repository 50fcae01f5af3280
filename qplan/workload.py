"""How much work a unit carries: one definition, named 负荷 (JSON `load`) everywhere.

`units`, `matrix`, `graph` and the workbooks count a unit's items by role and rank units
by the same weighted sum, so that the heaviest unit is the same in every view. The plain
number of items (合计, JSON `total`) is shown beside it, never called a workload.

Who holds a role in an item is decided here too (`holdings`), so that every view counts the
same units: the units the item names (each once, its first role), a bureau acting for a body
the document names with it (领导小组（某局）: the bureau does the work, so it holds the body's
role, marked as acting), and the units of a plan-wide responsibility.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from qplan.model import Item, Plan, Role

LEAD_WEIGHT = 2
SUPPORT_WEIGHT = 1
LOAD_HEADER = "负荷"
LEGEND_LOAD = (f"负荷 = 牵头条目数×{LEAD_WEIGHT} + 配合条目数×{SUPPORT_WEIGHT}"
               "（按列序推定的牵头与写明的牵头同样计分）。")

T = TypeVar("T")


def load(lead: int, support: int) -> int:
    return LEAD_WEIGHT * lead + SUPPORT_WEIGHT * support


@dataclass(slots=True, kw_only=True)
class Workload(Generic[T]):
    """Items a unit holds, by role; `T` is whatever names an item (a number, a key)."""

    lead: list[T] = field(default_factory=list)
    lead_inferred: list[T] = field(default_factory=list)  # a subset of `lead`
    support: list[T] = field(default_factory=list)
    # Held through a plan-wide responsibility (written once for every item): a subset of the above.
    wide: list[T] = field(default_factory=list)
    # Held for a body the document names with this unit in brackets: a subset of the above.
    acting: list[T] = field(default_factory=list)

    @property
    def total(self) -> int:
        """The number of items held, in any role."""
        return len(self.lead) + len(self.support)

    @property
    def load(self) -> int:
        return load(len(self.lead), len(self.support))

    def hold(self, item: T, holding: Holding) -> None:
        self.add(item, holding.role, inferred=holding.inferred, wide=holding.wide,
                 acting=holding.acting_for is not None)

    def add(self, item: T, role: str, *, inferred: bool = False, wide: bool = False, acting: bool = False) -> None:
        if acting:
            self.acting.append(item)
        if wide:
            self.wide.append(item)
        if role == "support":
            self.support.append(item)
            return
        self.lead.append(item)
        if inferred:
            self.lead_inferred.append(item)


@dataclass(frozen=True, slots=True)
class Holding:
    """One unit's role in one item."""

    unit: str
    role: Role
    inferred: bool = False  # a lead read from the list order, not stated
    wide: bool = False  # held through a responsibility the document states once for every item
    acting_for: str | None = None  # the body, named with it in brackets, that this bureau acts for


def holdings(plan: Plan, item: Item) -> list[Holding]:
    """Every unit holding a role in the item, each once, in the document's order: the named
    units, then bureaus acting for a named body, then plan-wide responsibilities."""
    held: dict[str, Holding] = {}
    for name in item.units:
        role = item.role_of(name)
        if name not in held and role is not None:  # a unit listed twice keeps its first role
            held[name] = Holding(name, role, inferred=role == "lead" and not item.lead_stated)
    for body, bureau in item.acting.items():
        body_role = held.get(body)
        if body_role is not None and bureau not in held:
            held[bureau] = Holding(bureau, body_role.role, inferred=body_role.inferred, acting_for=body)
    for wide in plan.wide_roles(item):
        if wide.unit not in held:
            held[wide.unit] = Holding(wide.unit, wide.role, wide=True)
    return list(held.values())


def heaviest_first(load_value: int, lead_count: int) -> tuple[int, int]:
    """The first part of every ranking of units: higher load first, then more leads."""
    return (-load_value, -lead_count)
