"""Judge `qplan cover` on hand-checked pairs, and derive its cut-offs from them.

The cases are in tests/fixtures/cover_cases/cases.yaml: a multi-year plan and an annual plan
(or project list) of the bundled plans, the pairs judged to carry (or left unsure), every
other pair judged not to. `scored(case)` gives every pair's score; `derive()` the cut-offs
(confident: the lowest score from which at least CONFIDENT_PRECISION of the judged pairs
carry, at every score above it too; possible: the score with the best F1 over the pairs
shown at all); `evaluate()` precision and recall of what `cover` shows, per case and band.
`python -m tests.cover_eval` prints the table (benchmarks/bench.py prints it as well).
"""

from __future__ import annotations

import math
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from qplan.cover import cover
from qplan.cover.match import CUTOFFS
from qplan.cover.result import Cutoffs
from qplan.cover.score import Scorer
from qplan.model import Plan
from qplan.workspace import Workspace

CASES_FILE = Path(__file__).resolve().parent / "fixtures" / "cover_cases" / "cases.yaml"
PLANS = Path(__file__).resolve().parent.parent / "plans"
CONFIDENT_PRECISION = 0.9
GRID = 100  # cut-offs are hundredths
Pair = tuple[int, int]


@dataclass
class Case:
    multi: str
    annual: str
    about: str
    true: set[Pair]
    unsure: set[Pair]
    whole: set[int] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"{self.multi} × {self.annual}"

    def judged(self, pair: Pair) -> bool:
        """Judged one by one: not unsure, and not a task the whole project list carries (that is
        one judgement about the list, counted once, not one per entry)."""
        return pair not in self.unsure and pair[0] not in self.whole


def load_cases() -> list[Case]:
    data: Any = YAML(typ="safe").load(CASES_FILE.read_text(encoding="utf-8"))
    cases = []
    for entry in data["cases"]:
        judged = [(p["task"], p["item"], p["carries"]) for p in entry["pairs"]]
        cases.append(Case(str(entry["multi"]), str(entry["annual"]), entry["about"],
                          {(t, i) for t, i, c in judged if c is True},
                          {(t, i) for t, i, c in judged if c == "unsure"},
                          set(entry.get("whole") or [])))
    return cases


def plans(case: Case, workspace: Workspace | None = None) -> tuple[Plan, Plan]:
    workspace = workspace or Workspace(PLANS)
    return workspace.plan(case.multi), workspace.plan(case.annual)


def scored(case: Case, workspace: Workspace | None = None) -> dict[Pair, float]:
    """Every (task, item) pair's own score (not the project list's title)."""
    multi, annual = plans(case, workspace)
    return Scorer(multi.items, annual.items).scores()


def labelled(cases: list[Case], workspace: Workspace | None = None) -> list[tuple[float, bool]]:
    """(score, carries) of every judged pair of the cases; unsure pairs are left out."""
    found = []
    for case in cases:
        for pair, score in scored(case, workspace).items():
            if case.judged(pair):
                found.append((score, pair in case.true))
    return found


def _counts(pairs: list[tuple[float, bool]], cut: float) -> tuple[int, int, int]:
    """(shown, shown and true, true) at a cut-off."""
    shown = [truth for score, truth in pairs if score >= cut]
    return len(shown), sum(shown), sum(truth for _, truth in pairs)


def derive(pairs: list[tuple[float, bool]]) -> Cutoffs:
    grid = [step / GRID for step in range(GRID, 0, -1)]
    confident = 1.0
    for cut in grid:  # from the top down, while precision holds at every level
        shown, hits, _ = _counts(pairs, cut)
        if shown and hits / shown < CONFIDENT_PRECISION:
            break
        if shown:
            confident = cut
    best, possible = -1.0, confident
    for cut in grid:
        if cut > confident:
            continue
        shown, hits, true = _counts(pairs, cut)
        f1 = 2 * hits / (shown + true) if shown + true else 0.0
        if f1 > best + 1e-12:
            best, possible = f1, cut
    return Cutoffs(confident=confident, possible=possible)


@dataclass
class Result:
    case: str
    band: str
    shown: int
    hits: int
    true: int

    @property
    def precision(self) -> float:
        return self.hits / self.shown if self.shown else math.nan

    @property
    def recall(self) -> float:
        return self.hits / self.true if self.true else math.nan


def evaluate(cases: list[Case], cutoffs: Cutoffs = CUTOFFS, workspace: Workspace | None = None) -> list[Result]:
    """What `cover` shows, against the judgements: per case, the confident band, and both bands
    (pairs an item carries on its own subject); for a project list, the tasks its title carries."""
    results = []
    for case in cases:
        multi, annual = plans(case, workspace)
        coverage = cover(multi, annual, cutoffs)
        own = [p for p in coverage.pairs if not p.via_list]
        for band, kept in (("较确定", [p for p in own if p.band == "confident"]), ("较确定+待确认", own)):
            judged = [pair for p in kept if case.judged(pair := (p.task.no, p.item.no))]
            results.append(Result(case.name, band, len(judged), sum(pair in case.true for pair in judged),
                                  len(case.true)))
        if annual.kind == "projects":
            whole = set(coverage.list_tasks)
            results.append(Result(case.name, "项目名单整体", len(whole), len(whole & case.whole), len(case.whole)))
    return results


def held_out(cases: list[Case]) -> list[Result]:
    """Each case judged with cut-offs derived from the other cases only."""
    results = []
    for index, case in enumerate(cases):
        others = [other for i, other in enumerate(cases) if i != index]
        cutoffs = derive(labelled(others))
        results += [result for result in evaluate([case], cutoffs) if result.band != "项目名单整体"]
    return results


def total(results: list[Result], band: str) -> Result:
    chosen = [r for r in results if r.band == band]
    return Result("合计", band, sum(r.shown for r in chosen), sum(r.hits for r in chosen), sum(r.true for r in chosen))


def _pad(text: str, width: int) -> str:
    wide = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - wide)


def table(results: list[Result]) -> list[str]:
    lines = [f"{_pad('case', 28)} {_pad('band', 12)} {'shown':>5} {'true':>5} {'judged':>6} {'precision':>9} "
             f"{'recall':>7}"]
    for r in results:
        lines.append(f"{_pad(r.case, 28)} {_pad(r.band, 12)} {r.shown:>5} {r.hits:>5} {r.true:>6} "
                     f"{r.precision:>9.2f} {r.recall:>7.2f}")
    return lines


def report() -> list[str]:
    cases = load_cases()
    derived = derive(labelled(cases))
    results = evaluate(cases)
    lines = [f"cover evaluation set: {len(cases)} cases, {sum(len(c.true) for c in cases)} carrying pairs judged "
             f"one by one and {sum(len(c.whole) for c in cases)} task carried by a whole project list, "
             f"{sum(len(c.unsure) for c in cases)} unsure",
             f"cut-offs in qplan.cover.match: confident ≥ {CUTOFFS.confident:.2f}, possible ≥ {CUTOFFS.possible:.2f}"
             f" (derived from the set: {derived.confident:.2f}, {derived.possible:.2f})", ""]
    lines += table([*results, total(results, "较确定"), total(results, "较确定+待确认")])
    lines += ["", "each case with cut-offs derived from the other case only (held out):"]
    outside = held_out(cases)
    lines += table([*outside, total(outside, "较确定"), total(outside, "较确定+待确认")])
    return lines


if __name__ == "__main__":
    sys.stdout.write("\n".join(report()) + "\n")
