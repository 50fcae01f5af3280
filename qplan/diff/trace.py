"""Follow one item's work line through every plan of its kind, oldest to newest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from qplan.diff.result import DiffResult, ItemStatus
from qplan.model import Item, ItemRef, Plan, oldest_first


@dataclass(frozen=True, slots=True)
class Step:
    """How an item connects to an item of the previous (older) plan on the line."""

    plan: str
    no: int
    status: ItemStatus
    score: float | None
    confirmed: bool


@dataclass(slots=True)
class TraceItem:
    item: Item
    # Links to the items of the previous plan on the line (empty for the oldest).
    came_from: list[Step] = field(default_factory=list)


@dataclass(slots=True)
class TraceStage:
    plan: Plan
    items: list[TraceItem] = field(default_factory=list)


@dataclass(slots=True)
class Trace:
    start: ItemRef
    stages: list[TraceStage]


Comparer = Callable[[Plan, Plan], DiffResult]
LINKED = ("continued", "possible")


def trace(plans: list[Plan], start: ItemRef, compare: Comparer) -> Trace:
    """The line of `start` through `plans` (all of the start plan's kind), oldest first.

    Each neighbouring pair of plans is compared once; a line passes through every item a
    continued or possible match links to, so splits and merges show as several items.
    """
    ordered = oldest_first([p for p in plans])
    position = next(index for index, plan in enumerate(ordered) if plan.id == start.plan)
    stages = [TraceStage(plan) for plan in ordered]
    start_item = ordered[position].item(start.no)
    assert start_item is not None
    stages[position].items.append(TraceItem(start_item))
    comparisons: dict[int, DiffResult] = {}

    def between(index: int) -> DiffResult:
        """The comparison of plan index-1 (older) with plan index (newer)."""
        if index not in comparisons:
            comparisons[index] = compare(ordered[index - 1], ordered[index])
        return comparisons[index]

    frontier = {start.no}
    for index in range(position, 0, -1):
        found: dict[int, TraceItem] = {}
        for row in between(index).items:
            if row.status in LINKED and row.old and row.new and row.new.no in frontier:
                found.setdefault(row.old.no, TraceItem(row.old))
                _attach(stages[index], row.new.no, Step(ordered[index - 1].id, row.old.no,
                                                        row.status, row.score, row.confirmed))
        stages[index - 1].items = sorted(found.values(), key=lambda t: t.item.no)
        frontier = set(found)
        if not frontier:
            break
    frontier = {start.no}
    for index in range(position + 1, len(ordered)):
        found = {}
        for row in between(index).items:
            if row.status in LINKED and row.old and row.new and row.old.no in frontier:
                entry = found.setdefault(row.new.no, TraceItem(row.new))
                entry.came_from.append(Step(ordered[index - 1].id, row.old.no, row.status,
                                            row.score, row.confirmed))
        stages[index].items = sorted(found.values(), key=lambda t: t.item.no)
        frontier = set(found)
        if not frontier:
            break
    return Trace(start, stages)


def _attach(stage: TraceStage, no: int, step: Step) -> None:
    for entry in stage.items:
        if entry.item.no == no and step not in entry.came_from:
            entry.came_from.append(step)
