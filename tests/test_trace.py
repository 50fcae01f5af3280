"""`qplan trace`: one work line through every plan of its kind, oldest to newest."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import small_plan
from tests.diff_data import NEW_ITEMS, UNITS, plan_2023, plan_2024, renumbered

Run = Callable[..., Result]


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    later = renumbered(NEW_ITEMS, [2, 1, 4, 5, 6])  # 2025: 人才 first, 绿色低碳 dropped
    projects = small_plan(2024, copy.deepcopy(NEW_ITEMS[:2]), kind="projects")
    projects["document"]["date"] = "2024-06-01"
    return make_plans({"2023": plan_2023(), "2024": plan_2024(), "2025": small_plan(2025, later),
                       "2024-list": projects}, units=UNITS)


def stages(run: Run, plans: Path, ref: str) -> list[dict[str, Any]]:
    result = run("trace", ref, "--format", "json", plans=plans)
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["stages"]
    return found


def test_the_line_runs_through_every_plan_of_the_kind_oldest_first(run: Run, plans: Path) -> None:
    found = stages(run, plans, "2024#2")
    assert [s["plan"] for s in found] == ["2023", "2024", "2025"]
    assert [[i["no"] for i in s["items"]] for s in found] == [[1], [2], [1]]
    assert [i["title"] for s in found for i in s["items"]] == ["强化质量人才队伍建设", "壮大质量人才队伍",
                                                                "壮大质量人才队伍"]
    step_2024 = found[1]["items"][0]["from"]
    assert [(s["plan"], s["no"], s["status"], s["confirmed"]) for s in step_2024] == [
        ("2023", 1, "continued", False)]
    assert 0 < step_2024[0]["score"] < 1
    assert found[2]["items"][0]["from"][0]["score"] == 1.0


def test_starting_from_the_oldest_or_newest_gives_the_same_line(run: Run, plans: Path) -> None:
    lines = [[[i["no"] for i in s["items"]] for s in stages(run, plans, ref)]
             for ref in ("2023#1", "2024#2", "2025#1")]
    assert lines[0] == lines[1] == lines[2]


def test_a_line_that_ends_shows_where(run: Run, plans: Path) -> None:
    found = stages(run, plans, "2024#3")
    assert [[i["no"] for i in s["items"]] for s in found] == [[], [3], []]
    table = run("trace", "2024#3", plans=plans, env={"COLUMNS": "120"}).stdout
    assert "此前无对应条目" in table and "此后无对应条目" in table and "（所查条目）" in table


def test_a_confirmed_step_is_marked(run: Run, make_plans: Callable[..., Path]) -> None:
    new = copy.deepcopy(NEW_ITEMS)
    new[2]["links"] = {"continues": ["2023#2"]}
    folder = make_plans({"2023": plan_2023(), "2024": plan_2024(new)}, units=UNITS)
    found = stages(run, folder, "2024#3")
    assert [(s["no"], s["status"], s["confirmed"]) for s in found[1]["items"][0]["from"]] == [
        (2, "continued", True)]
    table = run("trace", "2024#3", plans=folder, env={"COLUMNS": "120"}).stdout
    assert "2023（二） 延续 ✔" in table


@pytest.mark.parametrize(("ref", "message"), [
    pytest.param("2030#1", "计划“2030”不存在", id="unknown-plan"),
    pytest.param("2024#40", "计划“2024”中没有第 40 条", id="unknown-item"),
    pytest.param("2024", "不是条目引用", id="not-a-ref"),
])
def test_unknown_plan_or_item_is_a_clear_error(run: Run, plans: Path, ref: str, message: str) -> None:
    result = run("trace", ref, plans=plans)
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：") and message in result.stderr


def test_a_project_list_traces_only_through_project_lists(run: Run, plans: Path) -> None:
    found = stages(run, plans, "2024-list#1")
    assert [s["plan"] for s in found] == ["2024-list"]


def test_a_persons_link_may_skip_a_plan(make_plans: Callable[..., Path], run: Run) -> None:
    from tests.conftest import item

    plans = make_plans({
        "2022": small_plan(2022, [item(1, "加强防疫产品保障", ["市市场监管局"], text="严格落实防疫物资检验。")]),
        "2025": small_plan(2025, [item(1, "推进标准国际化", ["市市场监管局"], text="参与国际标准制定。")]),
        "2026": small_plan(2026, [item(1, "完善应急物资质量保障", ["市市场监管局"], text="应急物资抽检。",
                                       links={"continues": ["2022#1"]})]),
    }, units=UNITS)
    found = stages(run, plans, "2026#1")
    assert [[i["no"] for i in s["items"]] for s in found] == [[1], [], [1]]
    assert found[2]["items"][0]["from"] == [
        {"plan": "2022", "no": 1, "status": "continued", "score": None, "confirmed": True}]
    forward = stages(run, plans, "2022#1")
    assert [[i["no"] for i in s["items"]] for s in forward] == [[1], [], [1]]
    table = run("trace", "2026#1", plans=plans, env={"COLUMNS": "120"}).stdout
    assert "2022（一）" in table and "✔" in table
