"""How much work a unit carries: one definition, named 负荷 (JSON `load`) everywhere.

`units`, `matrix`, `graph` and the workbooks count a unit's items by role and rank units
by the same weighted sum, so that the heaviest unit is the same in every view. The plain
number of items (合计, JSON `total`) is shown beside it, never called a workload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

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

    @property
    def total(self) -> int:
        """The number of items held, in any role."""
        return len(self.lead) + len(self.support)

    @property
    def load(self) -> int:
        return load(len(self.lead), len(self.support))

    def add(self, item: T, role: str, *, inferred: bool = False, wide: bool = False) -> None:
        if wide:
            self.wide.append(item)
        if role == "support":
            self.support.append(item)
            return
        self.lead.append(item)
        if inferred:
            self.lead_inferred.append(item)


def heaviest_first(load_value: int, lead_count: int) -> tuple[int, int]:
    """The first part of every ranking of units: higher load first, then more leads."""
    return (-load_value, -lead_count)
