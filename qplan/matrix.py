"""The responsibility matrix of one plan: which unit holds which role in which item.

Units are grouped by kind in the registry's order (市委部门, 市政府部门, …) and, inside a
kind, the heaviest first. Roles are the ones the plan states or, where it does not, the
first-listed-unit convention; the matrix keeps that difference ("lead_inferred"). A bureau
that acts for a body the document names with it, 领导小组（某局）, holds the body's role as
well, marked as acting: it does the work, so it is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qplan.model import Item, Plan
from qplan.registry import KNOWN_KINDS, Registry
from qplan.vocabulary import Mark
from qplan.workload import Holding, Workload, heaviest_first, holdings

UNREGISTERED_KIND = "未登记"


@dataclass(slots=True)
class UnitRow(Workload[int]):
    unit: str
    kind: str
    first_seen: int = 0


@dataclass(slots=True)
class KindGroup:
    kind: str
    units: list[UnitRow]


@dataclass(slots=True)
class Matrix:
    plan: Plan
    groups: list[KindGroup]
    marks: dict[tuple[str, int], Mark]
    # (bureau, item number) -> the body the bureau acts for in that item.
    acting: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def items(self) -> list[Item]:
        return self.plan.items

    @property
    def units(self) -> list[UnitRow]:
        """Every unit in display order: by kind, heaviest first inside a kind."""
        return [unit for group in self.groups for unit in group.units]

    def by_load(self) -> list[UnitRow]:
        """Every unit, heaviest first regardless of kind."""
        return sorted(self.units, key=_load_key)

    def mark(self, unit: str, no: int) -> Mark | None:
        return self.marks.get((unit, no))

    def acting_for(self, unit: str, no: int) -> str | None:
        return self.acting.get((unit, no))

    def item_counts(self, item: Item) -> tuple[int, int]:
        """(lead units, support units) the document names for one item: a bureau acting
        for a named body is not counted twice."""
        marks = [self.marks.get((unit.unit, item.no)) for unit in self.units
                 if (unit.unit, item.no) not in self.acting]
        leads = sum(1 for m in marks if m in ("lead", "lead_inferred", "lead_wide"))
        return leads, sum(1 for m in marks if m in ("support", "support_wide"))

    @property
    def has_inferred(self) -> bool:
        return any(m == "lead_inferred" for m in self.marks.values())

    @property
    def has_wide(self) -> bool:
        return any(m in ("lead_wide", "support_wide") for m in self.marks.values())

    @property
    def has_acting(self) -> bool:
        return bool(self.acting)

    @property
    def open_ended_items(self) -> list[Item]:
        return [item for item in self.items if item.open_ended]


def held_mark(held: Holding) -> Mark:
    if held.wide:
        return "lead_wide" if held.role == "lead" else "support_wide"
    if held.role == "lead":
        return "lead_inferred" if held.inferred else "lead"
    return "support"


def build_matrix(plan: Plan, registry: Registry) -> Matrix:
    rows: dict[str, UnitRow] = {}
    marks: dict[tuple[str, int], Mark] = {}
    acting: dict[tuple[str, int], str] = {}

    for item in plan.items:
        for held in holdings(plan, item):
            row = rows.get(held.unit)
            if row is None:
                row = rows[held.unit] = UnitRow(held.unit, registry.kind_of(held.unit) or UNREGISTERED_KIND,
                                                first_seen=len(rows))
            marks[(held.unit, item.no)] = held_mark(held)
            row.hold(item.no, held)
            if held.acting_for is not None:
                acting[(held.unit, item.no)] = held.acting_for
    order = {kind: index for index, kind in enumerate(KNOWN_KINDS)}
    kinds = sorted({row.kind for row in rows.values()}, key=lambda k: (order.get(k, len(order)), k))
    groups = [
        KindGroup(kind, sorted((r for r in rows.values() if r.kind == kind), key=_load_key))
        for kind in kinds
    ]
    return Matrix(plan, groups, marks, acting)


def _load_key(row: UnitRow) -> tuple[int, int, int]:
    # Ties keep the order in which the document first names the units.
    return (*heaviest_first(row.load, len(row.lead)), row.first_seen)
