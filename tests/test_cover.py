"""`qplan cover`: tasks of a multi-year plan held against the annual plan (or project list)
that carries them out; `link --carries` / `--not`, and `trace` across kinds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from tests.conftest import SHIPPED_PLANS, item, small_plan

Run = Callable[..., Result]


def data(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def pairs(found: Any) -> dict[tuple[int, int], dict[str, Any]]:
    return {(p["task"], p["item"]): p for p in found["pairs"]}


def test_the_json_is_exactly_the_documented_shape(run: Run) -> None:
    found = data(run("cover", "2023-2025", "2025", "--format", "json", plans=SHIPPED_PLANS))
    assert set(found) == {"pairs", "uncovered", "unplanned"}
    for pair in found["pairs"]:
        assert set(pair) == {"task", "item", "band", "score", "confirmed"}
        assert isinstance(pair["task"], int) and isinstance(pair["item"], int)
        assert pair["band"] in ("confident", "possible") and 0 <= pair["score"] <= 1
    assert all(isinstance(no, int) for no in [*found["uncovered"], *found["unplanned"]])


def test_the_product_chain_task_is_carried_by_2025_item_7(run: Run) -> None:
    found = data(run("cover", "2023-2025", "2025", "--format", "json", plans=SHIPPED_PLANS))
    by_pair = pairs(found)
    assert by_pair[(15, 7)]["band"] == "confident" and not by_pair[(15, 7)]["confirmed"]
    assert by_pair[(15, 7)]["score"] == max(p["score"] for p in found["pairs"] if p["task"] == 15)
    # Many to many: 2025（七） carries parts of several tasks, （十六） is carried by several items.
    assert sum(1 for p in found["pairs"] if p["item"] == 7 and p["band"] == "confident") >= 2
    assert sum(1 for p in found["pairs"] if p["task"] == 16 and p["band"] == "confident") >= 2
    # Uncovered: no item carries them with confidence, whatever is left to confirm.
    confident_tasks = {p["task"] for p in found["pairs"] if p["band"] == "confident"}
    assert found["uncovered"] == [no for no in range(1, 23) if no not in confident_tasks]
    assert 15 not in found["uncovered"] and 2 in found["uncovered"]
    confident_items = {p["item"] for p in found["pairs"] if p["band"] == "confident"}
    assert found["unplanned"] == [no for no in range(1, 16) if no not in confident_items]


def test_the_table_names_what_no_item_carries(run: Run) -> None:
    text = run("cover", "2023-2025", "2025", plans=SHIPPED_PLANS, env={"COLUMNS": "200"}).stdout
    assert "没有较确定落实条目的任务" in text and "没有较确定对应任务的年度工作要点条目" in text
    row = next(line for line in text.splitlines() if "推动产业链供应链质量联动提升" in line and "│" in line)
    assert "（七）深化产业链质量提升 0.77" in row
    assert "确认 `qplan link 2025#1 --carries 2023-2025#19`" in text
    assert "● 较确定：相似度 ≥ 0.31（按相似度推断，仍可能有误，请核对）" in text


def test_a_persons_decisions_are_obeyed(run: Run, shipped_plans: Path) -> None:
    before = pairs(data(run("cover", "2023-2025", "2025", "--format", "json", plans=shipped_plans)))
    assert before[(19, 1)]["band"] == "possible"
    result = run("link", "2025#1", "--carries", "2023-2025#19", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    assert "已记录：2025#1 确认落实 2023-2025#19" in result.stderr
    text = (shipped_plans / "2025.yaml").read_text(encoding="utf-8")
    assert '        links:\n          carries: ["2023-2025#19"]\n' in text
    after = data(run("cover", "2023-2025", "2025", "--format", "json", plans=shipped_plans))
    assert pairs(after)[(19, 1)] == {**before[(19, 1)], "band": "confident", "confirmed": True}
    assert 19 not in after["uncovered"]
    # --not takes a pair out, even a confident one; --clear gives it back to the matcher.
    assert run("link", "2025#7", "--not", "2023-2025#15", plans=shipped_plans).exit_code == 0
    assert (15, 7) not in pairs(data(run("cover", "2023-2025", "2025", "--format", "json", plans=shipped_plans)))
    assert run("link", "2025#7", "--clear", "2023-2025#15", plans=shipped_plans).exit_code == 0
    assert pairs(data(run("cover", "2023-2025", "2025", "--format", "json", plans=shipped_plans)))[(15, 7)][
        "band"] == "confident"
    shown = run("link", "2025#1", plans=shipped_plans).stdout
    assert "  确认落实：2023-2025#19\n  否定落实：（无）\n" in shown
    assert run("validate", "--strict", plans=shipped_plans).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(("2023-2025#19", "--carries", "2025#1"),
                 "判断应记在落实任务的条目上：2025#1 所在的计划 2025 是年度工作要点，"
                 "2023-2025#19 是多年行动方案的任务。请改为 `qplan link 2025#1 --carries 2023-2025#19`。",
                 id="the-wrong-way-round"),
    pytest.param(("2025#1", "--carries", "2022#3"),
                 "2022#3 不是多年行动方案的任务（计划 2022 是年度工作要点）", id="not-a-task"),
    pytest.param(("2025#1", "--continues", "2023-2025#19"),
                 "如本条落实该多年行动方案的任务，请用 `qplan link 2025#1 --carries 2023-2025#19`。",
                 id="continues-a-task"),
    pytest.param(("2025#1", "--carries", "2023-2025#19", "--not", "2023-2025#19"),
                 "2023-2025#19 不能同时用 --continues（或 --carries）和 --not", id="both"),
    pytest.param(("2025#1", "--carries", "2023-2025#30"), "计划“2023-2025”中没有第 30 条", id="no-such-task"),
])
def test_link_errors(run: Run, shipped_plans: Path, args: tuple[str, ...], message: str) -> None:
    before = (shipped_plans / "2025.yaml").read_bytes()
    result = run("link", *args, plans=shipped_plans)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert (shipped_plans / "2025.yaml").read_bytes() == before


def test_validate_checks_carries_links(make_plans: Callable[..., Path], run: Run) -> None:
    multi = small_plan(2023, [item(1, "甲", ["市教委"])], kind="multi-year")
    annual = small_plan(2025, [item(1, "乙", ["市教委"], links={"carries": ["2024#1", "2023#5"]})])
    folder = make_plans({"2023": multi, "2024": small_plan(2024, [item(1, "丙", ["市教委"])]), "2025": annual})
    result = run("validate", plans=folder)
    assert "错误 link-target: 第 1 项的 carries 链接“2024#1”指向的计划 2024 不是多年行动方案" in result.stdout
    assert "错误 link-target: 第 1 项的链接“2023#5”指向不存在的条目" in result.stdout


def test_a_project_list_carries_what_its_title_names(run: Run) -> None:
    """The 2024 list is the carrying out of task （十五）: every project carries it; projects on
    a subject of their own carry that too (新材料（石墨烯） → （六） 强化材料质量保障能力)."""
    found = data(run("cover", "2023-2025", "2024-chains", "--format", "json", plans=SHIPPED_PLANS))
    by_pair = pairs(found)
    assert all(by_pair[(15, no)]["band"] == "confident" for no in range(1, 29))
    assert by_pair[(6, 16)]["band"] == "confident"
    assert found["unplanned"] == []
    text = run("cover", "2023-2025", "2024-chains", plans=SHIPPED_PLANS, env={"COLUMNS": "200"}).stdout
    assert "项目名单全部 28 项（按名单标题）" in text
    assert "项目名单的标题表明整个名单落实（十五）：名单中的每个项目都计为落实该任务。" in text


@pytest.mark.parametrize(("multi", "annual", "message"), [
    pytest.param("2025", "2023-2025", "计划“2025”是年度工作要点，不是多年行动方案。请把多年行动方案写在前面："
                 "`qplan cover 2023-2025 2025`。", id="swapped"),
    pytest.param("2018-实施方案", "2023-2025", "两个多年行动方案之间的延续请用 `qplan diff 2018-实施方案 2023-2025`",
                 id="two-multi-year-plans"),
    pytest.param("2023-2025", "2026", "计划“2026”不存在", id="unknown"),
])
def test_kind_errors(run: Run, multi: str, annual: str, message: str) -> None:
    result = run("cover", multi, annual, plans=SHIPPED_PLANS)
    assert result.exit_code != 0
    assert message in result.stderr and "Traceback" not in result.output


def test_an_earlier_annual_plan_is_pointed_out(run: Run) -> None:
    result = run("cover", "2023-2025", "2022", "--format", "json", plans=SHIPPED_PLANS)
    assert result.exit_code == 0
    assert "注意：2022 早于 2023-2025（2023-07-07），通常不是落实它的计划。" in result.stderr


def test_the_workbook_has_the_matrix_and_the_two_lists(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "落实情况.xlsx"
    result = run("cover", "2023-2025", "2025", "-o", str(out), plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(out)
    names = workbook.sheetnames
    matrix = workbook[next(name for name in names if name.startswith("对照矩阵"))]
    values = [[cell.value for cell in row] for row in matrix.iter_rows()]
    header = next(row for row in values if row[0] == "任务")
    assert header[1:16] == [str(no) for no in range(1, 16)]
    rows = [row for row in values if isinstance(row[0], str) and row[0][:2].strip().isdigit()]
    assert len(rows) == 22
    chain = next(row for row in rows if "推动产业链供应链质量联动提升" in row[0])
    assert chain[7] == "●"
    assert any(name.startswith("没有较确定落实条目的任务") for name in names)
    assert any(name.startswith("没有较确定对应任务") for name in names)


def test_markdown_and_csv(run: Run) -> None:
    markdown = run("cover", "2023-2025", "2025", "--format", "markdown", plans=SHIPPED_PLANS).stdout
    assert markdown.startswith("# 2023-2025 → 2025 落实情况")
    csv = run("cover", "2023-2025", "2025", "--format", "csv", plans=SHIPPED_PLANS).stdout.splitlines()
    assert csv[0] == "task,task_title,item,item_title,band,score,confirmed"
    assert "15,推动产业链供应链质量联动提升,7,深化产业链质量提升,confident,0.766,false" in csv


def test_small_plans_match_by_meaning_not_number(make_plans: Callable[..., Path], run: Run) -> None:
    multi = small_plan(2023, [
        item(1, "推进智能工厂建设", ["市经济信息化委"], text="实施智能工厂领航行动计划，建设一批标杆性智能工厂。"),
        item(2, "完善首席质量官制度", ["市市场监管局"], text="落实企业首席质量官制度，培养专业型质量人才梯队。"),
        item(3, "加强学校质量教育", ["市教委"], text="加强中小学质量教育实践基地建设。"),
    ], kind="multi-year")
    annual = small_plan(2025, [
        item(1, "壮大质量人才队伍", ["市市场监管局"], text="持续推进实施首席质量官制度，扩大企业覆盖面。"),
        item(2, "推进质量数字赋能", ["市经济信息化委"], text="实施智能工厂领航计划，加快企业数字化转型。"),
    ])
    found = data(run("cover", "2023", "2025", "--format", "json", plans=make_plans({"2023": multi, "2025": annual})))
    assert {(p["task"], p["item"]) for p in found["pairs"] if p["band"] == "confident"} == {(1, 2), (2, 1)}
    assert found["uncovered"] == [3] and found["unplanned"] == []


def test_trace_crosses_into_the_multi_year_plan_and_the_project_list(run: Run) -> None:
    found = data(run("trace", "2025#7", "--format", "json", plans=SHIPPED_PLANS))
    assert [stage["plan"] for stage in found["stages"]] == ["2022", "2025"]  # the same-kind line
    across = found["across"]
    task = across.index(next(step for step in across if step["plan"] == "2023-2025" and step["items"] == [15]))
    following = across[task + 1:task + 3]
    assert [(step["plan"], step["items"], step["via_list"]) for step in following] == [
        ("2024-chains", list(range(1, 29)), True), ("2025", [7], False)]
    assert all(step["task"] == "2023-2025#15" and step["band"] == "confident" for step in following)
    text = run("trace", "2025#7", plans=SHIPPED_PLANS, env={"COLUMNS": "200"}).stdout
    assert "跨类型：2025#7 落实的多年行动方案任务，及落实同一任务的其他计划" in text
    assert "项目清单全部 28 项" in text


def test_trace_from_a_task_and_a_persons_link(run: Run, shipped_plans: Path) -> None:
    found = data(run("trace", "2023-2025#15", "--format", "json", plans=shipped_plans))
    assert [(step["plan"], step["items"][:1]) for step in found["across"]] == [
        ("2023-2025", [15]), ("2024-chains", [1]), ("2025", [7])]
    assert run("link", "2025#1", "--carries", "2023-2025#19", plans=shipped_plans).exit_code == 0
    across = data(run("trace", "2025#1", "--format", "json", plans=shipped_plans))["across"]
    mine = next(step for step in across if step["task"] == "2023-2025#19" and step["role"] == "carries")
    assert (mine["plan"], mine["items"], mine["confirmed"], mine["band"]) == ("2025", [1], True, "confident")
    assert "人工确认落实2023-2025（十九） ✔" in run("trace", "2025#1", plans=shipped_plans,
                                                   env={"COLUMNS": "200"}).stdout
