"""What a comparison of two plans found: the data every diff renderer works from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qplan.model import Item, Plan

ItemStatus = Literal["continued", "possible", "added", "dropped"]
UnitStatus = Literal["added", "dropped", "changed", "same"]
RelationKind = Literal["split", "merge"]
SegmentOp = Literal["equal", "insert", "delete"]

ITEM_STATUSES: tuple[ItemStatus, ...] = ("continued", "possible", "added", "dropped")
UNIT_STATUSES: tuple[UnitStatus, ...] = ("added", "dropped", "changed", "same")


@dataclass(frozen=True, slots=True)
class Segment:
    """One run of a character-level text diff: unchanged, only in the new text, or only in the old."""

    op: SegmentOp
    text: str


@dataclass(slots=True)
class ItemChanges:
    """How the newer item of a matched pair differs from the older one."""

    old_title: str
    new_title: str
    lead_gained: list[str] = field(default_factory=list)
    lead_lost: list[str] = field(default_factory=list)
    support_gained: list[str] = field(default_factory=list)
    support_lost: list[str] = field(default_factory=list)
    text: list[Segment] = field(default_factory=list)

    @property
    def title_changed(self) -> bool:
        return self.old_title != self.new_title

    @property
    def text_changed(self) -> bool:
        return any(segment.op != "equal" for segment in self.text)

    @property
    def units_changed(self) -> bool:
        return bool(self.lead_gained or self.lead_lost or self.support_gained or self.support_lost)

    @property
    def any(self) -> bool:
        return self.title_changed or self.text_changed or self.units_changed


@dataclass(slots=True)
class ItemDiff:
    """One row of the item comparison: a matched pair, or an item on one side only."""

    status: ItemStatus
    old: Item | None
    new: Item | None
    # Similarity in [0, 1] of the pair; None for items on one side only.
    score: float | None = None
    # True when a person recorded the link (links.continues in the newer plan).
    confirmed: bool = False
    changes: ItemChanges | None = None
    # Items on the other side that this one also feeds or is fed by (split / merge).
    also_old: list[int] = field(default_factory=list)
    also_new: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Relation:
    """One older item feeding several newer ones (split), or several older feeding one (merge)."""

    kind: RelationKind
    old: list[int]
    new: list[int]
    # Similarity of each (old, new) pair that makes up the relation.
    scores: dict[tuple[int, int], float] = field(default_factory=dict)


@dataclass(slots=True)
class UnitDiff:
    """One unit's items in each plan, by role, and how its share of the work changed."""

    unit: str
    status: UnitStatus
    old_lead: list[int] = field(default_factory=list)
    old_support: list[int] = field(default_factory=list)
    new_lead: list[int] = field(default_factory=list)
    new_support: list[int] = field(default_factory=list)
    gained_lead: list[int] = field(default_factory=list)
    gained_support: list[int] = field(default_factory=list)
    lost_lead: list[int] = field(default_factory=list)
    lost_support: list[int] = field(default_factory=list)
    # A former name the older plan used, where the registry records a rename.
    old_spelling: str | None = None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The score cut-offs the matcher used for this pair of plans (they adapt to the plans)."""

    continued: float
    possible: float


@dataclass(slots=True)
class DiffResult:
    old: Plan
    new: Plan
    items: list[ItemDiff]
    units: list[UnitDiff]
    relations: list[Relation]
    thresholds: Thresholds

    def count(self, status: ItemStatus) -> int:
        return sum(1 for row in self.items if row.status == status)

    @property
    def units_changed(self) -> int:
        return sum(1 for unit in self.units if unit.status != "same")

    @property
    def items_differ(self) -> bool:
        """True when some item row is anything but an unchanged continuation."""
        return any(row.status != "continued" or row.changes is None or row.changes.any
                   for row in self.items)

    @property
    def has_differences(self) -> bool:
        """False only when every item continues unchanged and no unit's share changed."""
        return self.items_differ or self.units_changed > 0
