"""The evaluation set of `qplan cover` (tests/fixtures/cover_cases): well formed, and the
source of the cut-offs qplan.cover.match uses."""

from __future__ import annotations

from qplan.cover.match import CUTOFFS
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS
from tests.cover_eval import CASES_FILE, derive, evaluate, labelled, load_cases, total


def test_every_judged_pair_names_a_task_and_an_item_once_with_its_reason() -> None:
    from ruamel.yaml import YAML

    raw = YAML(typ="safe").load(CASES_FILE.read_text(encoding="utf-8"))
    workspace = Workspace(SHIPPED_PLANS)
    for case in raw["cases"]:
        multi, annual = workspace.plan(str(case["multi"])), workspace.plan(str(case["annual"]))
        assert multi.kind == "multi-year" and annual.kind in ("plan", "projects")
        seen = set()
        for pair in case["pairs"]:
            key = (pair["task"], pair["item"])
            assert key not in seen, key
            seen.add(key)
            assert multi.item(pair["task"]) is not None and annual.item(pair["item"]) is not None, key
            assert pair["carries"] in (True, False, "unsure") and len(pair["why"]) > 10, key
        for task in case.get("whole") or []:
            assert multi.item(task) is not None


def test_the_cut_offs_are_the_ones_the_set_gives() -> None:
    """Change the set or the matcher and this says which cut-offs to record."""
    assert derive(labelled(load_cases())) == CUTOFFS


def test_what_the_set_measures() -> None:
    """Floors under the figures benchmarks/bench.py prints (see the README): a change to the
    matcher that loses them fails here."""
    results = evaluate(load_cases())
    sure, shown = total(results, "较确定"), total(results, "较确定+待确认")
    assert sure.precision >= 0.85 and sure.recall >= 0.35
    assert shown.precision >= 0.65 and shown.recall >= 0.55
    lists = [r for r in results if r.band == "项目名单整体"]
    assert lists and all(r.precision == 1.0 and r.recall == 1.0 for r in lists)
