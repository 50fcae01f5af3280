"""A responsibility the document states once for every item (以下均需各区人民政府落实，不再列出):
modelled once in the plan file (`plan_wide`), and shown wherever a unit's items are listed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from tests.conftest import SHIPPED_PLANS, SMALL_UNITS, item, small_plan, write_yaml

DISTRICTS = "各区人民政府"
UNITS = {"units": [*SMALL_UNITS["units"], {"name": DISTRICTS, "kind": "单位群组", "aliases": ["各区政府"]},
                   {"name": "浦东新区人民政府", "kind": "区级单位"}]}
NOTE = "以下均需各区人民政府落实,不再列出"
WIDE = {"unit": DISTRICTS, "role": "support", "from_item": 2, "note": NOTE}
PLANS = {"2030": small_plan(2030, [
    item(1, "甲", ["市市场监管局"], ["市教委"], stated=False),
    item(2, "乙", ["市经济信息化委"], ["市教委"], stated=False, responsibility=f"（市经济信息化委、市教委。{NOTE}）"),
    item(3, "丙", ["市教委"], ["市市场监管局"], stated=False),
], plan_wide=[WIDE])}


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    return make_plans(PLANS, units=UNITS)


def ok(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return result.stdout


def test_show_dept_lists_every_item_the_note_reaches(plans: Path, run: Callable[..., Result]) -> None:
    data = json.loads(ok(run("show", "--dept", "各区政府", "--format", "json", plans=plans)))
    assert [(d["no"], d["role"], d["via_plan_wide"]) for d in data] == [(2, "support", True), (3, "support", True)]
    assert data[0]["support"] == ["市教委"]  # the note is not copied into the item
    assert data[0]["plan_wide"] == [{"unit": DISTRICTS, "role": "support", "note": NOTE}]
    text = ok(run("show", "--dept", DISTRICTS, plans=plans))
    assert text.count("配合◎（全文通用）") == 2
    assert "◎ 全文通用：原文件写一次、适用于全部条目的责任" in text
    assert "◎ 各区人民政府配合（二）至（三）共 2 项（原文（二）括注：“以下均需各区人民政府落实,不再列出”）。" in text
    csv = ok(run("show", "--dept", DISTRICTS, "--role", "support", "--format", "csv", plans=plans))
    assert csv.splitlines()[1].endswith(",support,,true")
    assert ok(run("show", "--dept", DISTRICTS, "--role", "lead", "--format", "json", plans=plans)).strip() == "[]"


def test_a_member_of_the_group_sees_the_items_through_it(make_plans: Callable[..., Path],
                                                         run: Callable[..., Result]) -> None:
    members = {"units": [{**unit, "members": ["浦东新区人民政府"]} if unit["name"] == DISTRICTS else unit
                         for unit in UNITS["units"]]}
    plans = make_plans(PLANS, units=members)
    data = json.loads(ok(run("show", "--dept", "浦东新区人民政府", "--format", "json", plans=plans)))
    assert [(d["no"], d["via_group"], d["via_plan_wide"]) for d in data] == [
        (2, DISTRICTS, True), (3, DISTRICTS, True)]


def test_the_plans_own_listing_says_it_once(plans: Path, run: Callable[..., Result]) -> None:
    text = ok(run("show", "2030", plans=plans))
    assert [line for line in text.splitlines() if DISTRICTS in line] == [
        "◎ 各区人民政府配合（二）至（三）共 2 项（原文（二）括注：“以下均需各区人民政府落实,不再列出”）。"]
    assert "◎ 各区人民政府配合（二）至（三）共 2 项" in text


def test_the_cache_index_knows_the_unit(plans: Path, run: Callable[..., Result]) -> None:
    """`show --dept` skips plans the parse cache says do not mention the unit: a unit named only
    in plan_wide must not make its plan look empty to the second (cached) run."""
    for _ in range(2):
        data = json.loads(ok(run("show", "--dept", DISTRICTS, "--format", "json", plans=plans)))
        assert [d["no"] for d in data] == [2, 3]


def test_units_and_matrix_count_it(plans: Path, run: Callable[..., Result]) -> None:
    units = {d["unit"]: d for d in json.loads(ok(run("units", "--format", "json", plans=plans)))}
    assert units[DISTRICTS]["plans"]["2030"] == {"lead": [], "lead_inferred": [], "support": [2, 3],
                                                 "plan_wide": [2, 3], "acting": []}
    assert (units[DISTRICTS]["total"], units[DISTRICTS]["load"]) == (2, 2)
    assert "0/2（◎2）" in ok(run("units", plans=plans, env={"COLUMNS": "200"}))
    matrix = json.loads(ok(run("matrix", "2030", "--format", "json", plans=plans)))
    row = next(u for u in matrix["units"] if u["unit"] == DISTRICTS)
    assert row["marks"] == {"2": "support_wide", "3": "support_wide"} and row["plan_wide"] == [2, 3]
    assert [i["support_units"] for i in matrix["items"]] == [1, 2, 2]
    text = ok(run("matrix", "2030", plans=plans, env={"COLUMNS": "200"}))
    assert any(line.split()[:4] == [DISTRICTS, "·", "◎", "◎"] for line in text.splitlines())


def test_graph_links_the_unit_to_every_item(plans: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    data = json.loads(ok(run("graph", "2030", "--format", "json", plans=plans)))
    group = next(g for g in data["groups"] if g["unit"] == DISTRICTS)
    assert group["support"] == ["2030#2", "2030#3"]
    assert data["plan_wide"] == {DISTRICTS: 2}
    assert "◎ 全文通用：各区人民政府（2 项）" in ok(run("graph", "2030", plans=plans))
    out = tmp_path / "g.graphml"
    ok(run("graph", "2030", "-o", str(out), plans=plans))
    assert 'plan_wide' in out.read_text(encoding="utf-8")


def test_the_workbook_shows_it(plans: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    ok(run("export", "2030", "-o", str(out), plans=plans))
    ok(run("export", "2030", "--dept", DISTRICTS, "-o", str(tmp_path / "districts.xlsx"), plans=plans))
    workbook = openpyxl.load_workbook(out)
    division = [str(c.value) for row in workbook["分工表"].iter_rows() for c in row if c.value]
    assert any("◎ 各区人民政府配合（二）至（三）共 2 项" in v for v in division)
    matrix = [str(c.value) for row in workbook["责任矩阵"].iter_rows() for c in row if c.value]
    assert matrix.count("◎") == 2
    unit = openpyxl.load_workbook(tmp_path / "districts.xlsx")[DISTRICTS]
    sheet = [str(c.value) for row in unit.iter_rows() for c in row if c.value]
    assert sheet.count("配合◎（全文通用）") == 2


@pytest.mark.parametrize(("wide", "items", "expected"), [
    pytest.param({**WIDE, "unit": "各区政付"}, None, "错误 unknown-unit: plan_wide 中的单位“各区政付”不在单位登记表中",
                 id="unknown-unit"),
    pytest.param({**WIDE, "from_item": 9}, None,
                 "错误 plan-wide: plan_wide 第 1 条的 from_item 是 9，但本计划没有第 9 项", id="from-a-missing-item"),
    pytest.param({**WIDE, "role": "协办"}, None,
                 "错误 types: plan_wide 第 1 条的 role 只能是 lead（牵头）或 support（配合）", id="role"),
    pytest.param({k: v for k, v in WIDE.items() if k != "note"}, None,
                 "错误 required-fields: plan_wide 第 1 条缺少必填字段 note", id="no-note"),
    pytest.param(WIDE, [item(1, "甲", ["市市场监管局"]), item(2, "乙", ["市教委"], ["各区政府"])],
                 "警告 plan-wide-repeated: 第 2 项的 support 又写了“各区政府”，而 plan_wide 已规定它承担全部条目",
                 id="repeated-on-an-item"),
])
def test_validate(make_plans: Callable[..., Path], run: Callable[..., Result], wide: dict[str, Any],
                  items: list[dict[str, Any]] | None, expected: str) -> None:
    plan = small_plan(2030, items or PLANS["2030"]["sections"][0]["items"], plan_wide=[wide])
    result = run("validate", "--strict", plans=make_plans({"2030": plan}, units=UNITS))
    assert result.exit_code == 1
    assert expected in result.stdout


def test_an_item_before_from_item_may_name_the_unit(make_plans: Callable[..., Path],
                                                     run: Callable[..., Result]) -> None:
    plan = small_plan(2030, [item(1, "甲", ["市市场监管局"], [DISTRICTS]), item(2, "乙", ["市教委"])],
                      plan_wide=[WIDE])
    result = run("validate", "--strict", plans=make_plans({"2030": plan}, units=UNITS))
    assert result.exit_code == 0, result.output


def test_a_plan_without_units(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    """no_units: the document names no units, so empty leads are not errors; units there are."""
    quiet = small_plan(2018, [item(1, "甲", []), item(2, "乙", [])], no_units=True)
    result = run("validate", "--strict", plans=make_plans({"2018": quiet}, units=UNITS))
    assert result.exit_code == 0, result.output
    loud = small_plan(2018, [item(1, "甲", []), item(2, "乙", ["市教委"])], no_units=True)
    result = run("validate", "--strict", plans=make_plans({"2018": loud}, units=UNITS, folder="loud"))
    assert "警告 no-units: 计划写明 no_units: true（原文未写任何责任单位），但第 2 项写了单位" in result.stdout
    text = ok(run("show", "2018", plans=make_plans({"2018": quiet}, units=UNITS, folder="show")))
    assert "本计划原文没有写任何责任单位（no_units）" in text


def test_a_date_known_to_the_year(make_plans: Callable[..., Path], run: Callable[..., Result],
                                  tmp_path: Path) -> None:
    plan = small_plan(2018, [item(1, "甲", ["市教委"])])
    plan["document"] = {**plan["document"], "date": 2018, "date_inferred": True, "date_basis": "文中写“党的十九大”"}
    folder = make_plans({"2018": plan}, units=UNITS)
    assert ok(run("validate", "--strict", plans=folder)) == ""
    data = json.loads(ok(run("plans", "--format", "json", plans=folder)))
    assert (data[0]["date"], data[0]["date_basis"]) == ("2018", "文中写“党的十九大”")
    assert "2018 · 2018年质量工作要点 · 2018年（推定）" in ok(run("show", plans=folder))
    bad = small_plan(2018, [item(1, "甲", ["市教委"])])
    bad["document"] = {**bad["document"], "date": 18}
    write_yaml(folder / "2018.yaml", bad)
    assert "document的 date 应为日期（如 2025-04-01），只知年份时写年份（如 2018）" in run(
        "validate", plans=folder).stdout


def test_the_shipped_action_plan(run: Callable[..., Result]) -> None:
    data = json.loads(ok(run("show", "--dept", DISTRICTS, "--format", "json", plans=SHIPPED_PLANS)))
    assert [(d["plan"], d["no"]) for d in data] == [("2023-2025", no) for no in range(1, 23)]
    assert all(d["via_plan_wide"] and d["role"] == "support" for d in data)
