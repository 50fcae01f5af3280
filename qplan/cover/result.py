"""What holding an annual plan against a multi-year plan found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from qplan.model import Item, Plan

Band = Literal["confident", "possible"]
BANDS: tuple[Band, ...] = ("confident", "possible")


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """Scores from which a pair is shown at all (possible) and taken without asking (confident)."""

    confident: float
    possible: float


@dataclass(frozen=True, slots=True)
class CarryPair:
    """An annual item (or project-list entry) that carries part of a task."""

    task: Item
    item: Item
    score: float
    band: Band
    confirmed: bool = False  # a person recorded it (links: carries)
    # Carried through the project list's own title (the list as a whole implements the task).
    via_list: bool = False


@dataclass(slots=True)
class Coverage:
    multi: Plan
    annual: Plan
    pairs: list[CarryPair]
    cutoffs: Cutoffs
    # For a project list: the tasks its title says the whole list carries, with the score.
    list_tasks: dict[int, float] = field(default_factory=dict)

    def of_task(self, no: int) -> list[CarryPair]:
        return [pair for pair in self.pairs if pair.task.no == no]

    def of_item(self, no: int) -> list[CarryPair]:
        return [pair for pair in self.pairs if pair.item.no == no]

    @property
    def uncovered(self) -> list[Item]:
        """Tasks no item carries with confidence (a person's confirmation counts)."""
        held = {pair.task.no for pair in self.pairs if pair.band == "confident"}
        return [task for task in self.multi.items if task.no not in held]

    @property
    def unplanned(self) -> list[Item]:
        """Annual items that carry no task with confidence."""
        held = {pair.item.no for pair in self.pairs if pair.band == "confident"}
        return [item for item in self.annual.items if item.no not in held]


def coverage_to_dict(coverage: Coverage) -> dict[str, Any]:
    """The coverage as JSON-ready data. The shape is stable; renderers rely on it.

      pairs       every pair shown, by task number then item number:
        task        the task's number in the multi-year plan (int)
        item        the item's number in the annual plan or project list (int)
        band        "confident" (taken without asking, or confirmed by a person) or "possible"
                    (a likely pair for a person to confirm or reject with `qplan link`)
        score       how alike the two are, 0–1, rounded to 3 places
        confirmed   true where a person recorded the pair (links: carries in the annual plan)
      uncovered   task numbers that no item carries with confidence (they may have possible pairs)
      unplanned   item numbers that carry no task with confidence
    """
    return {
        "pairs": [{"task": pair.task.no, "item": pair.item.no, "band": pair.band,
                   "score": round(pair.score, 3), "confirmed": pair.confirmed} for pair in coverage.pairs],
        "uncovered": [task.no for task in coverage.uncovered],
        "unplanned": [item.no for item in coverage.unplanned],
    }
