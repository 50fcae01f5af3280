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

    where = {plan.id: index for index, plan in enumerate(ordered)}
    # Item numbers still to follow, per stage. A person's link may skip plans (2026#5
    # continues 2022#4 though 2025 lies between): it is followed like a neighbour's match.
    pending: dict[int, set[int]] = {position: {start.no}}

    def skip_links(item: Item, newer: int) -> list[tuple[int, ItemRef]]:
        return [(where[ref.plan], ref) for ref in item.links.continues
                if ref.plan in where and where[ref.plan] < newer - 1]

    for index in range(position, 0, -1):
        current = pending.get(index, set())
        for no in sorted(current):
            newer_item = ordered[index].item(no)
            for older, ref in skip_links(newer_item, index) if newer_item else []:
                older_item = ordered[older].item(ref.no)
                if older_item is None:
                    continue
                _add(stages[older], older_item)
                _attach(stages[index], no, Step(ref.plan, ref.no, "continued", None, True))
                pending.setdefault(older, set()).add(ref.no)
        if not current:
            continue
        for row in between(index).items:
            if row.status in LINKED and row.old and row.new and row.new.no in current:
                _add(stages[index - 1], row.old)
                _attach(stages[index], row.new.no, Step(ordered[index - 1].id, row.old.no,
                                                        row.status, row.score, row.confirmed))
                pending.setdefault(index - 1, set()).add(row.old.no)
    pending = {position: {start.no}}
    for index in range(position + 1, len(ordered)):
        for item in ordered[index].items:
            for older, ref in skip_links(item, index):
                if older >= position and ref.no in pending.get(older, set()):
                    entry = _add(stages[index], item)
                    step = Step(ref.plan, ref.no, "continued", None, True)
                    if step not in entry.came_from:
                        entry.came_from.append(step)
                    pending.setdefault(index, set()).add(item.no)
        previous = pending.get(index - 1, set())
        if previous:
            for row in between(index).items:
                if row.status in LINKED and row.old and row.new and row.old.no in previous:
                    entry = _add(stages[index], row.new)
                    entry.came_from.append(Step(ordered[index - 1].id, row.old.no, row.status,
                                                row.score, row.confirmed))
                    pending.setdefault(index, set()).add(row.new.no)
    for stage in stages:
        stage.items.sort(key=lambda t: t.item.no)
    return Trace(start, stages)


def _add(stage: TraceStage, item: Item) -> TraceItem:
    for entry in stage.items:
        if entry.item.no == item.no:
            return entry
    entry = TraceItem(item)
    stage.items.append(entry)
    return entry


def _attach(stage: TraceStage, no: int, step: Step) -> None:
    for entry in stage.items:
        if entry.item.no == no and step not in entry.came_from:
            entry.came_from.append(step)
