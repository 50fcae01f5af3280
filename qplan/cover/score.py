"""How strongly an item of an annual plan or project list carries a task of a multi-year plan.

The signals are `qplan diff`'s (qplan.diff.similarity): text, theme, units and lead, each as
evidence against how unrelated pairs of the same two plans score. One signal is added that a
plan carried out a year later shows more than a plan rewritten a year later: shared measures.
An annual item carries a task by naming one of its measures again (智能工厂领航,
首席质量官, 不合理低价游, 小微企业质量管理体系认证): a run of four characters both texts hold,
outside the genre's stock phrases, weighs by how few items hold it (IDF). The sum over the
runs two items share is turned into evidence the same way, against its own null (the pairs
`Corpus.null_pairs` gives), and the score of a pair is its evidence over the evidence each
item has with itself, as in diff: 1 for identical items.

One difference from diff: an item's evidence with itself counts only the signals the other
plan could answer. A project named with its district's bureau (链长单位) can share no unit
with a task of a city-wide plan that names only city units; counting its unit and lead
signals against itself would only lower every score it can have.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Sequence

from qplan.diff.similarity import MAX_SURPRISE, STOP_PHRASES, Corpus, Profile
from qplan.model import Item

MEASURE_SIZE = 4
# Weight of shared measures beside diff's signals (text 1.0, theme 0.6, units 0.5, lead 0.5).
MEASURE_WEIGHT = 0.6
_STOP = re.compile("|".join(re.escape(p) for p in sorted(STOP_PHRASES, key=len, reverse=True)))
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def measures(item: Item) -> frozenset[str]:
    """The item's runs of MEASURE_SIZE characters, stock phrases cut out first."""
    found: set[str] = set()
    for run in _HAN_RUN.findall(_STOP.sub(" ", f"{item.title}。{item.text}")):
        found.update(run[start:start + MEASURE_SIZE] for start in range(len(run) - MEASURE_SIZE + 1))
    return frozenset(found)


class Scorer:
    """Scores of (task, item) pairs for one multi-year plan's tasks and one plan's items."""

    def __init__(self, tasks: Sequence[Item], items: Sequence[Item]):
        self.tasks = list(tasks)
        self.items = list(items)
        self.corpus = Corpus(self.tasks, self.items)
        self._task_runs = [measures(task) for task in self.tasks]
        self._item_runs = [measures(item) for item in self.items]
        held: Counter[str] = Counter()
        for runs in (*self._task_runs, *self._item_runs):
            held.update(runs)
        total = len(self.tasks) + len(self.items)
        # The BM25 form of IDF, as the corpus uses for n-grams.
        self._idf = {run: math.log((total - n + 0.5) / (n + 0.5) + 1) for run, n in held.items()}
        sides = {"x": (self._task_runs, self._item_runs), "o": (self._task_runs, self._task_runs),
                 "n": (self._item_runs, self._item_runs)}
        self._null = sorted(self._shared(sides[kind][0][i], sides[kind][1][j])
                            for kind, i, j in self.corpus.null_pairs())
        task_units = {name for task in self.tasks for name in task.units}
        item_units = {name for item in self.items for name in item.units}
        old, new = self.corpus.old_lead_share, self.corpus.new_lead_share
        self._task_self = [self._self_evidence(profile, old, runs, not item_units.isdisjoint(task.units))
                           for task, profile, runs in zip(self.tasks, self.corpus.old, self._task_runs, strict=True)]
        self._item_self = [self._self_evidence(profile, new, runs, not task_units.isdisjoint(item.units))
                           for item, profile, runs in zip(self.items, self.corpus.new, self._item_runs, strict=True)]

    def _self_evidence(self, profile: Profile, shares: dict[str, float], runs: frozenset[str],
                       units_answerable: bool) -> float:
        """The item's evidence with itself over the signals the other plan can answer."""
        text, theme, units, lead = self.corpus.self_features(profile, shares)
        if not units_answerable:
            units, lead = 0.0, 0.0
        return self.corpus.evidence((text, theme, units, lead)) + self._measure_evidence(self._shared(runs, runs))

    def _shared(self, a: frozenset[str], b: frozenset[str]) -> float:
        return sum(self._idf[run] for run in a & b)

    def _measure_evidence(self, value: float) -> float:
        """-ln P(null ≥ value), weighted; nothing shared is no evidence, never a penalty."""
        if value <= 0:
            return 0.0
        at_least = len(self._null) - bisect.bisect_left(self._null, value - 1e-12)
        return MEASURE_WEIGHT * min(-math.log((at_least + 1) / (len(self._null) + 1)), MAX_SURPRISE)

    def score(self, i: int, j: int) -> float:
        """Task index i with item index j (indexes, not numbers)."""
        evidence = self.corpus.evidence(self.corpus.features(i, j))
        evidence += self._measure_evidence(self._shared(self._task_runs[i], self._item_runs[j]))
        scale = math.sqrt(self._task_self[i] * self._item_self[j])
        return min(1.0, evidence / scale) if scale > 0 else 0.0

    def scores(self) -> dict[tuple[int, int], float]:
        """Every pair worth scoring, by (task number, item number): all of them for plans of
        the usual size; for very large ones, the candidates the corpus's search finds."""
        return {(self.tasks[i].no, self.items[j].no): self.score(i, j) for i, j in sorted(self.corpus.candidates())}


def list_scores(tasks: Sequence[Item], title: str) -> dict[int, float]:
    """How strongly a project list's own title names each task: a list titled
    上海市产业链供应链质量联动提升项目名单 is, as a whole, the carrying out of the task
    推动产业链供应链质量联动提升, whatever each project is about."""
    whole = Item(no=0, title=title, lead_stated=False)
    scorer = Scorer(tasks, [whole])
    return {task.no: scorer.score(index, 0) for index, task in enumerate(tasks)}
