"""`trace` across kinds: the tasks of multi-year plans an item carries (or, from a task, the
items that carry it), and every annual plan and project list that carries the same task, so
that a work line can be followed from the multi-year plan through the project list to the
annual item."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from qplan.cover.match import CARRYING_KINDS, cover, in_force
from qplan.cover.result import CarryPair, Coverage
from qplan.model import Item, ItemRef, Plan

CoverFn = Callable[[Plan, Plan], Coverage]


@dataclass(slots=True)
class AcrossStep:
    """One row: a task of a multi-year plan, or what carries it in another plan (several
    entries of a project list carried through the list's title are one step)."""

    plan: Plan
    items: list[Item]
    pair: CarryPair | None = None  # how the items carry the task; None on the task's own row
    task_plan: str = ""
    task_no: int | None = None
    task_label: str = ""
    start: bool = False


@dataclass(slots=True)
class Across:
    start: ItemRef
    steps: list[AcrossStep] = field(default_factory=list)
    multis: list[str] = field(default_factory=list)  # the multi-year plans held against


def across(plans: list[Plan], start: ItemRef, cover_fn: CoverFn = cover) -> Across:
    by_id = {plan.id: plan for plan in plans}
    start_plan = by_id[start.plan]
    start_item = start_plan.item(start.no)
    assert start_item is not None
    multis = [plan for plan in plans if plan.kind == "multi-year"]
    cache: dict[tuple[str, str], Coverage] = {}

    def coverage(multi: Plan, plan: Plan) -> Coverage:
        key = (multi.id, plan.id)
        if key not in cache:
            cache[key] = cover_fn(multi, plan)
        return cache[key]

    result = Across(start)
    # (multi-year plan, task, the start item's pair with it or None when the start is the task)
    tasks: list[tuple[Plan, Item, CarryPair | None]] = []
    if start_plan.kind == "multi-year":
        tasks.append((start_plan, start_item, None))
        result.multis = [start_plan.id]
    elif start_plan.kind in CARRYING_KINDS:
        forced = in_force(multis, start_plan)
        result.multis = [multi.id for multi in forced]
        for multi in forced:
            for pair in coverage(multi, start_plan).of_item(start.no):
                tasks.append((multi, pair.task, pair))
        # What it carries with confidence first, the likeliest first.
        tasks.sort(key=lambda found: (found[2] is None or found[2].band != "confident",
                                      -(found[2].score if found[2] else 1.0)))
    for multi, task, own in tasks:
        result.steps.append(AcrossStep(multi, [task], None, multi.id, task.no, multi.label(task),
                                       start=own is None))
        carriers: list[AcrossStep] = []
        # Other carriers are followed from a task the start is, or carries with confidence.
        if own is None or own.band == "confident":
            for plan in plans:
                if plan.kind in CARRYING_KINDS and multi in in_force(multis, plan):
                    carriers += _carriers(coverage(multi, plan), task, start)
        if own is not None and not any(step.start for step in carriers):
            carriers.append(_step(own, multi, start_plan, [start_item], True))
        carriers.sort(key=lambda step: (step.plan.sort_key, step.items[0].no))
        result.steps += carriers
    return result


def _carriers(coverage: Coverage, task: Item, start: ItemRef) -> list[AcrossStep]:
    """What carries the task with confidence in one plan (the pairs to confirm are `cover`'s
    business): a project list's entries carried through its title as one step, every other
    pair as its own."""
    plan, multi = coverage.annual, coverage.multi
    pairs = [pair for pair in coverage.of_task(task.no) if pair.band == "confident"]
    together = [pair for pair in pairs if pair.via_list] if len(pairs) > 1 else []
    steps = [_step(together[0], multi, plan, [pair.item for pair in together], False)] if together else []
    for pair in pairs:
        is_start = plan.id == start.plan and pair.item.no == start.no
        if pair not in together or is_start:
            steps.append(_step(pair, multi, plan, [pair.item], is_start))
    return steps


def _step(pair: CarryPair, multi: Plan, plan: Plan, items: list[Item], start: bool) -> AcrossStep:
    return AcrossStep(plan, items, pair, multi.id, pair.task.no, multi.label(pair.task), start)
