"""Hold an annual plan (or a project list) against a multi-year plan: which items carry which
tasks, banded, with a person's decisions first.

Bands are fixed cut-offs on the score (qplan.cover.score), derived from the hand-checked
evaluation set in tests/fixtures/cover_cases.yaml by tests/cover_eval.py: `confident` is the
lowest score from which at least nine pairs in ten are true, `possible` the score that gives
the best F1 over the pairs shown at all. A test checks that these numbers are what the set
gives, so they move only with the evidence.

Many-to-many: every pair at or above `possible` is kept (an annual item often carries parts
of several tasks). A project list is also read as a whole: its title says what the whole list
carries out (上海市产业链供应链质量联动提升项目名单), so a task its title names with
confidence is carried by every entry, besides what each entry's own subject carries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from qplan.cover.result import Band, CarryPair, Coverage, Cutoffs
from qplan.cover.score import Scorer, list_scores
from qplan.errors import UsageProblem
from qplan.model import Item, Plan, kind_label

CUTOFFS = Cutoffs(confident=0.31, possible=0.25)
CARRYING_KINDS = ("plan", "projects")
_SPAN_RE = re.compile(r"((?:19|20)\d{2})\s*[—\-–~至到]+\s*((?:19|20)\d{2})\s*年")


class CoverKindError(UsageProblem):
    """The first plan is not a multi-year plan, or the second is not one that carries one out."""


def check_kinds(multi: Plan, annual: Plan) -> None:
    if multi.kind != "multi-year":
        hint = (f"请把多年行动方案写在前面：`qplan cover {annual.id} {multi.id}`。" if annual.kind == "multi-year"
                else "可用 `qplan plans` 查看各计划的类型（多年行动方案的 kind 为 multi-year）。")
        raise CoverKindError(f"计划“{multi.id}”是{kind_label(multi.kind)}，不是多年行动方案。{hint}")
    if annual.kind not in CARRYING_KINDS:
        raise CoverKindError(
            f"计划“{annual.id}”也是{kind_label(annual.kind)}。cover 对照的是落实多年行动方案的年度要点或项目清单；"
            f"两个多年行动方案之间的延续请用 `qplan diff {multi.id} {annual.id}`。")


def decisions(multi: Plan, annual: Plan) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(confirmed, rejected) (task, item) pairs a person recorded on the annual plan's items.
    Links to tasks that do not exist are left to `qplan validate`."""
    tasks = {task.no for task in multi.items}
    confirmed: set[tuple[int, int]] = set()
    rejected: set[tuple[int, int]] = set()
    for item in annual.items:
        for refs, into in ((item.links.carries, confirmed), (item.links.not_carries, rejected)):
            into.update((ref.no, item.no) for ref in refs if ref.plan == multi.id and ref.no in tasks)
    return confirmed, rejected - confirmed


def band_of(score: float, cutoffs: Cutoffs = CUTOFFS) -> Band | None:
    if score >= cutoffs.confident:
        return "confident"
    return "possible" if score >= cutoffs.possible else None


def cover(multi: Plan, annual: Plan, cutoffs: Cutoffs = CUTOFFS) -> Coverage:
    check_kinds(multi, annual)
    confirmed, rejected = decisions(multi, annual)
    scorer = Scorer(multi.items, annual.items)
    scores = scorer.scores()
    index_task = {task.no: i for i, task in enumerate(multi.items)}
    index_item = {item.no: j for j, item in enumerate(annual.items)}
    for task_no, item_no in confirmed - scores.keys():
        scores[(task_no, item_no)] = scorer.score(index_task[task_no], index_item[item_no])
    via_list: set[tuple[int, int]] = set()
    whole: dict[int, float] = {}
    if annual.kind == "projects" and annual.items:
        whole = {no: score for no, score in list_scores(multi.items, annual.title).items()
                 if band_of(score, cutoffs) == "confident"}
        for task_no, score in whole.items():
            for item in annual.items:
                pair = (task_no, item.no)
                if score > scores.get(pair, 0.0):
                    scores[pair] = score
                    via_list.add(pair)
    pairs = []
    tasks = {task.no: task for task in multi.items}
    items = {item.no: item for item in annual.items}
    for (task_no, item_no), score in sorted(scores.items()):
        pair = (task_no, item_no)
        if pair in rejected:
            continue
        band = "confident" if pair in confirmed else band_of(score, cutoffs)
        if band is not None:
            pairs.append(CarryPair(tasks[task_no], items[item_no], score, band, pair in confirmed, pair in via_list))
    return Coverage(multi, annual, pairs, cutoffs, whole)


def period(plan: Plan) -> tuple[int, int] | None:
    """The years a plan's title gives it: （2023—2025年）."""
    found = _SPAN_RE.search(plan.title)
    return (int(found.group(1)), int(found.group(2))) if found else None


def in_force(multis: Iterable[Plan], plan: Plan) -> list[Plan]:
    """The multi-year plans an annual plan or project list carries out: those whose years (from
    the title) include its year; where no title gives years, the latest one issued before it.
    A person's links name others too."""
    year = plan.document.date.year if plan.document.date else None
    earlier = [multi for multi in multis if multi.kind == "multi-year" and multi.sort_key <= plan.sort_key]
    found = [multi for multi in earlier if year is not None and (span := period(multi)) and span[0] <= year <= span[1]]
    if not found and earlier:
        found = [max(earlier, key=lambda multi: multi.sort_key)]
    linked = {ref.plan for item in plan.items for ref in item.links.carries}
    found += [multi for multi in multis if multi.id in linked and multi not in found and multi.kind == "multi-year"]
    return found


def carried_tasks(coverages: Sequence[Coverage], item: Item) -> list[CarryPair]:
    """The pairs through which one item carries tasks, over several coverages."""
    return [pair for coverage in coverages for pair in coverage.of_item(item.no) if pair.item is item]
