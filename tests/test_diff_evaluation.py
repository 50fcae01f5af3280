"""The matcher judged on plan pairs whose answers were written down before it was run.

Eight pairs (tests/fixtures/diff_cases): reworded years, splits and merges, plans of 8 and
25 items both ways, two pairs of unrelated plans, hard negatives that share generic words.
`python -m tests.diff_eval -v` prints the full table. The bounds below are what the matcher
reaches with some room, not a copy of its answers: they fail if it starts asserting false
continuations, pairing unrelated leftovers or losing work lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.diff_eval import Outcome, evaluate, load_cases


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    return {outcome.name: outcome for outcome in evaluate(tmp_path_factory.mktemp("cases"))}


def test_the_cases_are_as_described() -> None:
    cases = {case.name: case for case in load_cases()}
    assert len(cases) >= 6
    sizes = {name: (len(case.keys("old")), len(case.keys("new"))) for name, case in cases.items()}
    assert sizes["small_to_large"] == (8, 25) and sizes["large_to_small"] == (25, 8)
    assert not cases["unrelated"].truth and not cases["unrelated_reverse"].truth
    kinds = {kind for case in cases.values() for kind, _, _ in case.relations()}
    assert kinds == {"split", "merge"}


@pytest.mark.parametrize("name", ["unrelated", "unrelated_reverse"])
def test_unrelated_plans_continue_nothing(outcomes: dict[str, Outcome], name: str) -> None:
    outcome = outcomes[name]
    assert outcome.continued == set()
    # At most two pairs are even put to a person.
    assert len(outcome.possible) <= 2


def test_almost_every_true_work_line_is_found(outcomes: dict[str, Outcome]) -> None:
    true = sum(len(o.truth) for o in outcomes.values())
    found = sum(o.true_continued + o.true_possible for o in outcomes.values())
    assert found >= 0.95 * true
    # And most are found with confidence, not left to a person.
    assert sum(o.true_continued for o in outcomes.values()) >= 0.8 * true


def test_false_continuations_are_rare(outcomes: dict[str, Outcome]) -> None:
    assert sum(o.false_continued for o in outcomes.values()) <= 1
    assert all(o.precision >= 0.85 for o in outcomes.values())


def test_unrelated_leftovers_are_seldom_paired(outcomes: dict[str, Outcome]) -> None:
    assert sum(len(o.forced) for o in outcomes.values()) <= 3
    assert sum(o.false_possible for o in outcomes.values()) <= 8


@pytest.mark.parametrize("name", ["reworded", "small_to_large", "hard_negatives", "other_lines"])
def test_plain_rewording_is_followed_exactly(outcomes: dict[str, Outcome], name: str) -> None:
    outcome = outcomes[name]
    assert outcome.continued == outcome.truth


def test_splits_and_merges_are_reported(outcomes: dict[str, Outcome]) -> None:
    true = sum(len(o.relations_true) for o in outcomes.values())
    right = sum(o.relations_right for o in outcomes.values())
    assert true >= 6 and right == true
    assert outcomes["merge_split"].missed == 0 and outcomes["large_to_small"].missed == 0


def test_the_table_reads(tmp_path: Path) -> None:
    from tests.diff_eval import report

    text = report(evaluate(tmp_path))
    assert text.splitlines()[0].startswith("case") and "total: 59 true pairs" in text
