from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import item, small_plan

PLANS = {
    "2022": small_plan(2022, [
        item(1, "甲", ["市市场监管局"], ["市教委", "市卫健委"], stated=False),
        item(2, "乙", ["市教委"], ["市市场监管局"]),
    ]),
    "2025": small_plan(2025, [item(1, "丙", ["市市场监管局"], ["市卫生健康委"], stated=False)]),
}


def test_counts_per_plan_heaviest_first_then_most_leads(make_plans: Callable[..., Path],
                                                        run: Callable[..., Result]) -> None:
    result = run("units", "--format", "csv", plans=make_plans(PLANS))
    assert result.exit_code == 0
    assert result.stdout == (
        "unit,kind,2025_lead,2025_lead_inferred,2025_support,2022_lead,2022_lead_inferred,2022_support,"
        "lead,support,total,load\n"
        "市市场监管局,市政府部门,1,1,0,1,1,1,2,1,3,5\n"
        "市教委,市政府部门,0,0,0,1,0,1,1,1,2,3\n"
        "市卫生健康委,市政府部门,0,0,1,0,0,1,0,2,2,2\n"
        # registered units the plans give nothing to follow, so "who has nothing?" is answered too
        "市经济信息化委,市政府部门,0,0,0,0,0,0,0,0,0,0\n"
        "市质量工作领导小组成员单位,单位群组,0,0,0,0,0,0,0,0,0,0\n"
    )


def test_json_lists_item_numbers(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    data = json.loads(run("units", "2022", "--format", "json", plans=make_plans(PLANS)).stdout)
    assert data[0] == {
        "unit": "市市场监管局", "kind": "市政府部门", "is_group": False, "lead": 1, "support": 1, "total": 2,
        "load": 3,
        "plans": {"2022": {"lead": [1], "lead_inferred": [1], "support": [2], "plan_wide": [], "acting": []}},
    }


def test_table(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    result = run("units", "2025", plans=make_plans(PLANS), env={"COLUMNS": "120"})
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "各单位任务量（2 个单位）"
    row = next(line for line in lines if "市市场监管局" in line)
    assert "1（※1）" in row
    assert lines[-2].startswith("每个计划一栏：牵头条目数/配合条目数；牵头数后的（※n）")
    assert lines[-1] == ("单位登记表中另有 3 个单位在所选计划中没有任务："
                         "市教委、市经济信息化委、市质量工作领导小组成员单位。")
    assert not any(line.startswith("│ 市教委") for line in lines)


def test_dept_gives_the_units_full_list(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    data = json.loads(run("units", "--dept", "市卫健委", "--format", "json", plans=make_plans(PLANS)).stdout)
    assert [(d["plan"], d["no"], d["role"]) for d in data] == [("2025", 1, "support"), ("2022", 1, "support")]


def test_plans_command(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    result = run("plans", "--format", "csv", plans=make_plans(PLANS))
    assert result.stdout == (
        "plan,kind,title,number,date,items\n"
        "2025,plan,2025年质量工作要点,,2025-04-01,1\n"
        "2022,plan,2022年质量工作要点,,2022-04-01,2\n"
    )


def test_plans_lists_good_ones_and_reports_broken(make_plans: Callable[..., Path],
                                                   run: Callable[..., Result]) -> None:
    plans = make_plans({**PLANS, "2024": b"\xff\xfe\x00\x00"})
    result = run("plans", plans=plans, env={"COLUMNS": "120"})
    assert result.exit_code == 1
    assert "2022年质量工作要点" in result.stdout and "2025年质量工作要点" in result.stdout
    assert "2024.yaml: 这是二进制文件" in result.stderr


def test_inferred_date_is_shown_as_inferred(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plan = small_plan(2024, [item(1, "甲", ["市教委"])])
    plan["document"]["date_inferred"] = True
    plans = make_plans({"2024": plan})
    data = json.loads(run("plans", "--format", "json", plans=plans).stdout)
    assert (data[0]["date"], data[0]["date_inferred"]) == ("2024-04-01", True)
    assert "2024-04-01（推定）" in run("plans", plans=plans, env={"COLUMNS": "120"}).stdout
    assert "2024-04-01（推定）" in run("show", "--format", "markdown", plans=plans).stdout
