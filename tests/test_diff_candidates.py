"""The bounded candidate search of large plans loses no pair that matters.

Plans of more than EXHAUSTIVE_PAIRS cross pairs are not scored pair by pair: each item reads a
fixed number of postings of its title and heaviest n-grams (qplan.diff.similarity). Here the
bounded search is forced on plans small enough to score every pair, and the matcher's answers
are compared with those of the exhaustive search: on the shipped plans and every evaluation
case (the same answers), and on all evaluation items pooled into two plans of some sixty items
each (nothing lost), also with a bound five to ten times tighter that cuts the search short.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qplan.diff import diff_to_dict
from qplan.diff import similarity as sim
from qplan.diff.align import compare
from qplan.diff.result import DiffResult
from qplan.diff.similarity import Corpus, Search
from qplan.model import Item
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS, write_yaml
from tests.diff_eval import UNITS_FILE, Case, load_cases

Pairs = dict[tuple[int, int], str]
Compare = Callable[[Search], DiffResult]


def write_pair(root: Path, old: dict[str, Any], new: dict[str, Any]) -> Workspace:
    root.mkdir(parents=True)
    shutil.copy(UNITS_FILE, root / "units.yaml")
    write_yaml(root / "2023.yaml", old)
    write_yaml(root / "2024.yaml", new)
    return Workspace(root)


def comparison(workspace: Workspace, old: str, new: str) -> Compare:
    def run(search: Search) -> DiffResult:
        return compare(workspace.plan(old), workspace.plan(new), registry=workspace.registry, search=search)

    return run


def pooled_plan(cases: list[Case], side: str, year: int) -> dict[str, Any]:
    """Every evaluation entry used on one side of any case, once each, as one plan."""
    keys = list(dict.fromkeys(key for case in cases for key in case.keys(side)))
    pooled = Case("pooled", "", [keys], [keys], cases[0].entries)
    return pooled.plan("old", year)


def matched(result: DiffResult) -> Pairs:
    return {(row.old.no, row.new.no): row.status for row in result.items
            if row.old is not None and row.new is not None}


def strip_links(plans: Path) -> None:
    path = plans / "2025.yaml"
    path.write_text(re.sub(r"\n        links:\n(          .*\n)+", "\n", path.read_text(encoding="utf-8")),
                    encoding="utf-8")


def shipped(root: Path, with_links: bool) -> Compare:
    shutil.copytree(SHIPPED_PLANS, root)
    if not with_links:
        strip_links(root)
    return comparison(Workspace(root), "2022", "2025")


def evaluation_pairs(tmp: Path) -> Iterator[tuple[str, Compare]]:
    yield "shipped", shipped(tmp / "shipped", with_links=True)
    yield "shipped without links", shipped(tmp / "bare", with_links=False)
    for case in load_cases():
        workspace = write_pair(tmp / case.name, case.plan("old", 2023), case.plan("new", 2024))
        yield case.name, comparison(workspace, "2023", "2024")


def test_every_evaluation_case_comes_out_the_same(tmp_path: Path) -> None:
    pairs = list(evaluation_pairs(tmp_path))
    assert len(pairs) >= 10
    all_pairs = candidates = 0
    for name, run in pairs:
        exhaustive, bounded = run("exhaustive"), run("bounded")
        assert diff_to_dict(bounded) == diff_to_dict(exhaustive), name
        corpus = Corpus(exhaustive.old.items, exhaustive.new.items)
        all_pairs += len(exhaustive.old.items) * len(exhaustive.new.items)
        candidates += len(corpus.candidates(search="bounded"))
    # The bound did cut: a good share of the pairs went unscored.
    assert candidates < all_pairs * 3 / 4


@pytest.fixture(scope="module")
def pooled(tmp_path_factory: pytest.TempPathFactory) -> Compare:
    cases = load_cases()
    root = tmp_path_factory.mktemp("pooled") / "plans"
    workspace = write_pair(root, pooled_plan(cases, "old", 2023), pooled_plan(cases, "new", 2024))
    return comparison(workspace, "2023", "2024")


def assert_nothing_lost(exhaustive: Pairs, bounded: Pairs) -> None:
    """Every pair the exhaustive search continues is continued, every pair it puts to a person is
    still there; a pair the bounded search adds can only be one more question to a person."""
    for pair, status in exhaustive.items():
        assert bounded.get(pair) in (("continued",) if status == "continued" else ("continued", "possible")), pair
    assert all(status == "possible" for pair, status in bounded.items() if pair not in exhaustive)


def test_pooled_evaluation_items_lose_nothing(pooled: Compare) -> None:
    exhaustive = pooled("exhaustive")
    assert min(len(exhaustive.old.items), len(exhaustive.new.items)) >= 40
    found = matched(exhaustive)
    assert sum(1 for status in found.values() if status == "continued") >= 30
    assert_nothing_lost(found, matched(pooled("bounded")))


def test_a_far_tighter_bound_still_loses_nothing(pooled: Compare,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The margin of the shipped bound: with a fifth of its cap and a tenth of its budget,
    which cut the search short here, the pairs still come out."""
    exhaustive = pooled("exhaustive")
    monkeypatch.setattr(sim, "POSTING_CAP", sim.POSTING_CAP // 5)
    monkeypatch.setattr(sim, "POSTING_BUDGET", sim.POSTING_BUDGET // 10)
    corpus = Corpus(exhaustive.old.items, exhaustive.new.items)
    shared_by = Counter(term for profile in corpus.old for term in profile.vector)
    assert max(shared_by.values()) > sim.POSTING_CAP
    in_text = sim._postings([(profile.vector, 1.0) for profile in corpus.old])
    assert max(sum(len(in_text.get(term, ())) for term in profile.vector)
               for profile in corpus.new) > sim.POSTING_BUDGET
    assert_nothing_lost(matched(exhaustive), matched(pooled("bounded")))


def test_auto_scores_every_pair_only_of_small_plans() -> None:
    def items(count: int, word: str) -> list[Item]:
        # Item k of either plan, and only it, has the n-gram of two characters of its own.
        return [Item(no=k, title=f"{chr(0x5000 + 2 * k)}{chr(0x5001 + 2 * k)}{word}", lead=["市市场监管局"])
                for k in range(1, count + 1)]

    assert len(Corpus(items(20, "计量"), items(20, "检测")).candidates()) == 20 * 20
    large = Corpus(items(300, "计量"), items(300, "检测")).candidates()
    assert all((k, k) in large for k in range(300))
    # Each item's best few partners, seen from either plan.
    assert 300 <= len(large) <= 300 * 2 * 8
