"""Judge the cross-year matcher on plan pairs whose answers were written down beforehand.

The cases are in tests/fixtures/diff_cases/ (see items.yaml for how the ground truth is
recorded). `evaluate(folder)` writes each pair as a plans folder under `folder`, runs the
matcher and counts, per case: true pairs found as 延续 / 待确认 / missed, false 延续 and false
待确认 pairs, forced pairings of two items that have no true partner at all, and splits and
merges reported against those in the truth. `python -m tests.diff_eval` prints the table.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from qplan.diff.align import compare
from qplan.workspace import Workspace

CASES_DIR = Path(__file__).resolve().parent / "fixtures" / "diff_cases"
UNITS_FILE = Path(__file__).resolve().parent.parent / "plans" / "units.yaml"
Pair = tuple[int, int]


def _load(name: str) -> Any:
    return YAML(typ="safe").load((CASES_DIR / name).read_text(encoding="utf-8"))


def lines_of(key: str, entry: dict[str, Any]) -> set[str]:
    return set(entry.get("lines") or [key[:3]])


@dataclass
class Case:
    name: str
    about: str
    old: list[list[str]]
    new: list[list[str]]
    entries: dict[str, dict[str, Any]]

    def keys(self, side: str) -> list[str]:
        return [key for section in getattr(self, side) for key in section]

    @property
    def truth(self) -> set[Pair]:
        old, new = self.keys("old"), self.keys("new")
        return {(i, j) for i, a in enumerate(old, start=1) for j, b in enumerate(new, start=1)
                if lines_of(a, self.entries[a]) & lines_of(b, self.entries[b])}

    def relations(self) -> set[tuple[str, tuple[int, ...], tuple[int, ...]]]:
        return _relations(self.truth)

    def plan(self, side: str, year: int) -> dict[str, Any]:
        sections = []
        no = 0
        for index, keys in enumerate(getattr(self, side), start=1):
            items = []
            for key in keys:
                no += 1
                entry = self.entries[key]
                items.append({"no": no, "title": entry["title"], "text": entry["text"],
                              "lead": list(entry["lead"]), "support": list(entry.get("support") or []),
                              "lead_stated": True})
            sections.append({"no": index, "title": f"第{index}部分", "items": items})
        return {"title": f"{year}年工作要点",
                "document": {"title": f"{year}年工作要点", "issuer": "上海市质量工作领导小组",
                             "date": f"{year}-04-01"},
                "sections": sections}


def _relations(pairs: Iterable[Pair]) -> set[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    by_old: dict[int, set[int]] = {}
    by_new: dict[int, set[int]] = {}
    for o, n in pairs:
        by_old.setdefault(o, set()).add(n)
        by_new.setdefault(n, set()).add(o)
    found = {("split", (o,), tuple(sorted(ns))) for o, ns in by_old.items() if len(ns) > 1}
    found |= {("merge", tuple(sorted(os)), (n,)) for n, os in by_new.items() if len(os) > 1}
    return found


def load_cases() -> list[Case]:
    entries = _load("items.yaml")
    return [Case(name, spec["about"], spec["old"], spec["new"], entries)
            for name, spec in _load("cases.yaml").items()]


@dataclass
class Outcome:
    name: str
    truth: set[Pair]
    continued: set[Pair]
    possible: set[Pair]
    relations_true: set[tuple[str, tuple[int, ...], tuple[int, ...]]]
    relations_found: set[tuple[str, tuple[int, ...], tuple[int, ...]]]
    forced: set[Pair] = field(default_factory=set)

    @property
    def true_continued(self) -> int:
        return len(self.continued & self.truth)

    @property
    def true_possible(self) -> int:
        return len(self.possible & self.truth)

    @property
    def missed(self) -> int:
        return len(self.truth - self.continued - self.possible)

    @property
    def false_continued(self) -> int:
        return len(self.continued - self.truth)

    @property
    def false_possible(self) -> int:
        return len(self.possible - self.truth)

    @property
    def precision(self) -> float:
        return self.true_continued / len(self.continued) if self.continued else 1.0

    @property
    def relations_right(self) -> int:
        return len(self.relations_true & self.relations_found)


def evaluate_case(case: Case, folder: Path) -> Outcome:
    root = folder / case.name
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(UNITS_FILE, root / "units.yaml")
    yaml = YAML()
    yaml.width = 4096
    for plan_id, side in (("2023", "old"), ("2024", "new")):
        with (root / f"{plan_id}.yaml").open("w", encoding="utf-8") as handle:
            yaml.dump(case.plan(side, int(plan_id)), handle)
    workspace = Workspace(root)
    result = compare(workspace.plan("2023"), workspace.plan("2024"), registry=workspace.registry)
    found: dict[str, set[Pair]] = {"continued": set(), "possible": set()}
    for row in result.items:
        if row.old is not None and row.new is not None:
            found[row.status].add((row.old.no, row.new.no))
    truth = case.truth
    partnered_old = {o for o, _ in truth}
    partnered_new = {n for _, n in truth}
    matched = found["continued"] | found["possible"]
    forced = {(o, n) for o, n in matched if o not in partnered_old and n not in partnered_new}
    relations = {(r.kind, tuple(r.old), tuple(r.new)) for r in result.relations}
    return Outcome(case.name, truth, found["continued"], found["possible"], case.relations(),
                   relations, forced)


def evaluate(folder: Path) -> list[Outcome]:
    return [evaluate_case(case, folder) for case in load_cases()]


def report(outcomes: list[Outcome]) -> str:
    head = f"{'case':<18}{'true':>5}{'延续✓':>6}{'待确认✓':>8}{'missed':>7}{'延续✗':>6}{'待确认✗':>8}" \
           f"{'forced':>7}{'prec':>6}{'split/merge':>12}"
    rows = [head]
    for o in outcomes:
        rows.append(f"{o.name:<18}{len(o.truth):>5}{o.true_continued:>6}{o.true_possible:>8}"
                    f"{o.missed:>7}{o.false_continued:>6}{o.false_possible:>8}{len(o.forced):>7}"
                    f"{o.precision:>6.2f}{o.relations_right:>6}/{len(o.relations_true)}"
                    f" (+{len(o.relations_found - o.relations_true)})")
    true = sum(len(o.truth) for o in outcomes)
    found = sum(o.true_continued + o.true_possible for o in outcomes)
    rows.append(f"total: {true} true pairs, {sum(o.true_continued for o in outcomes)} 延续, "
                f"{sum(o.true_possible for o in outcomes)} 待确认, {true - found} missed "
                f"(found {found / true:.0%}); false 延续 {sum(o.false_continued for o in outcomes)}, "
                f"false 待确认 {sum(o.false_possible for o in outcomes)}, "
                f"forced {sum(len(o.forced) for o in outcomes)}")
    return "\n".join(rows)


def details(outcome: Outcome) -> str:
    return (f"{outcome.name}: missed {sorted(outcome.truth - outcome.continued - outcome.possible)} "
            f"true-possible {sorted(outcome.possible & outcome.truth)} "
            f"false-continued {sorted(outcome.continued - outcome.truth)} "
            f"false-possible {sorted(outcome.possible - outcome.truth)} "
            f"relations {sorted(outcome.relations_found)} want {sorted(outcome.relations_true)}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = evaluate(Path(tmp))
    print(report(outcomes))
    if "-v" in sys.argv:
        for outcome in outcomes:
            print(details(outcome))
