"""`qplan matrix` and the matrix core: every mark, grouping, order, totals, and width."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from rich.cells import cell_len

from qplan.matrix import build_matrix
from qplan.numerals import parse_chinese_number
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS
from tests.test_excel_plan import PLAN

SOURCE_2025 = Path(__file__).parent / "fixtures" / "sources" / "000_2471ba8324952689.txt"


@pytest.fixture
def small(make_plans: Callable[..., Path]) -> Path:
    return make_plans({"2030": PLAN})


def test_table(small: Path, run: Callable[..., Result]) -> None:
    result = run("matrix", "2030", plans=small, env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "2030 · 2030年质量工作要点 · 沪质〔2030〕1号 · 2030-04-01 — 责任矩阵（3 项 × 5 个单位）",
        "单位                         1  2  3  牵头 配合 合计 负荷",
        "─────────────────────────────────────────────────────────",
        "市政府部门（4）",
        "  市市场监管局               ※  ·  ●     2    0    2    4",
        "  市教委                     ○  ·  ●     1    1    2    3",
        "  市经济信息化委             ·  ●  ·     1    0    1    2",
        "  市卫生健康委               ○  ·  ·     0    1    1    1",
        "单位群组（1）",
        "  市质量工作领导小组成员单位 ·  ·  ○     0    1    1    1",
        "",
        "牵头单位数                   1  1  2",
        "配合单位数                   2  0  1",
        "● 牵头　○ 配合　· 无",
        "※ 推定牵头：原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定。",
        "第 2 项：“等”表示原文件所列单位未列全。",
        "合计为条目数；负荷 = 牵头条目数×2 + 配合条目数×1（按列序推定的牵头与写明的牵头同样计分）。",
        "列号即条目序号（1＝（一））：",
        " 1 强化政策供给    2 推进数字赋能    3 提升监管效能",
    ]


def test_csv(small: Path, run: Callable[..., Result]) -> None:
    assert run("matrix", "2030", "--format", "csv", plans=small).stdout == (
        "unit,kind,1,2,3,lead,lead_inferred,support,total,load\n"
        "市市场监管局,市政府部门,lead_inferred,,lead,2,1,0,2,4\n"
        "市教委,市政府部门,support,,lead,1,0,1,2,3\n"
        "市经济信息化委,市政府部门,,lead,,1,0,0,1,2\n"
        "市卫生健康委,市政府部门,support,,,0,0,1,1,1\n"
        "市质量工作领导小组成员单位,单位群组,,,support,0,0,1,1,1\n"
    )


def test_json(small: Path, run: Callable[..., Result]) -> None:
    data = json.loads(run("matrix", "2030", "--format", "json", plans=small).stdout)
    assert data["kinds"] == [
        {"kind": "市政府部门", "units": ["市市场监管局", "市教委", "市经济信息化委", "市卫生健康委"]},
        {"kind": "单位群组", "units": ["市质量工作领导小组成员单位"]},
    ]
    assert data["units"][0] == {"unit": "市市场监管局", "kind": "市政府部门", "lead": [1, 3], "lead_inferred": [1],
                                "support": [], "plan_wide": [], "total": 2, "load": 4,
                                "marks": {"1": "lead_inferred", "3": "lead"}, "acting": {}}
    assert [(i["no"], i["lead_units"], i["support_units"], i["open_ended"]) for i in data["items"]] == [
        (1, 1, 2, False), (2, 1, 0, True), (3, 2, 1, False)]


def test_markdown_and_file_output(small: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    text = run("matrix", "2030", "--format", "markdown", plans=small).stdout
    assert "| 市教委 | 市政府部门 | ○ | · | ● | 1 | 1 | 2 |" in text
    assert "> ※ 推定牵头：" in text
    out = tmp_path / "m.txt"
    result = run("matrix", "2030", "-o", str(out), plans=small)
    assert result.stderr == f"已写入 {out}\n"
    assert "  市教委                     ○  ·  ●     1    1    2    3" in out.read_text(encoding="utf-8")


def test_xlsx_output_points_to_export(small: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("matrix", "2030", "-o", str(tmp_path / "m.xlsx"), plans=small)
    assert result.exit_code == 2
    assert "Excel 工作簿请用 `qplan export`" in result.stderr


def test_unregistered_units_are_a_kind_of_their_own(make_plans: Callable[..., Path]) -> None:
    plan = {**PLAN, "sections": [{"no": 1, "title": "一", "items": [
        {"no": 1, "title": "甲", "text": "甲。", "lead": ["某新设机构"], "support": ["市教委", "市教委"],
         "lead_stated": True},
    ]}]}
    workspace = Workspace(make_plans({"2030": plan}))
    matrix = build_matrix(workspace.plan("2030"), workspace.registry)
    assert [(g.kind, [u.unit for u in g.units]) for g in matrix.groups] == [
        ("市政府部门", ["市教委"]), ("未登记", ["某新设机构"])]
    assert matrix.units[0].support == [1]


@pytest.mark.parametrize("plan_id", ["2025", "2022"])
def test_shipped_plans_fit_120_columns(run: Callable[..., Result], plan_id: str) -> None:
    result = run("matrix", plan_id, plans=SHIPPED_PLANS, env={"COLUMNS": "120"})
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 120
    # Every unit name is on one line: none of them is folded at 120 columns.
    data = json.loads(run("matrix", plan_id, "--format", "json", plans=SHIPPED_PLANS).stdout)
    for unit in data["units"]:
        assert sum(1 for line in lines if line.startswith(f"  {unit['unit']} ")) == 1, unit["unit"]


def shipped_marks(run: Callable[..., Result]) -> dict[tuple[str, int], str]:
    data = json.loads(run("matrix", "2025", "--format", "json", plans=SHIPPED_PLANS).stdout)
    return {(u["unit"], int(no)): mark for u in data["units"] for no, mark in u["marks"].items()}


def test_every_2025_mark_follows_the_plan_data(run: Callable[..., Result]) -> None:
    plan = Workspace(SHIPPED_PLANS).plan("2025")
    expected: dict[tuple[str, int], str] = {}
    for item in plan.items:
        for name in item.lead:
            expected[(name, item.no)] = "lead" if item.lead_stated else "lead_inferred"
        for name in item.support:
            expected[(name, item.no)] = "support"
    assert len(plan.items) == 15
    assert shipped_marks(run) == expected


def source_brackets() -> dict[int, list[str]]:
    """Item number -> the units in its closing bracket, read from the document itself."""
    text = SOURCE_2025.read_text(encoding="utf-8")
    part2 = text[text.index("第二部分"):]
    found: dict[int, list[str]] = {}
    for line in part2.splitlines():
        head = re.match(r"^（([一二三四五六七八九十]+)）", line)
        tail = re.search(r"（([^（）]+)）$", line.strip())
        if head and tail:
            found[parse_chinese_number(head.group(1))] = tail.group(1).split("、")
    return found


def test_every_2025_mark_follows_the_document(run: Callable[..., Result]) -> None:
    registry = Workspace(SHIPPED_PLANS).registry
    brackets = source_brackets()
    assert sorted(brackets) == list(range(1, 16))
    expected: dict[tuple[str, int], Any] = {}
    for no, names in brackets.items():
        # The 2025 document states no roles: the first-listed unit leads by convention.
        canonical = [registry.require(name) for name in names]
        expected[(canonical[0], no)] = "lead_inferred"
        expected.update({(name, no): "support" for name in canonical[1:]})
    assert shipped_marks(run) == expected
    # Spot checks read off the document by hand.
    assert expected[("市商务委", 10)] == "lead_inferred"
    assert expected[("市住房城乡建设管理委", 11)] == "lead_inferred"
    assert expected[("市人力资源社会保障局", 6)] == "support"
    assert expected[("市质量工作领导小组成员单位", 1)] == "support"
    assert [no for (unit, no), mark in expected.items() if unit == "市市场监管局" and mark == "support"] == [10]


def test_narrow_terminal_splits_items_and_keeps_unit_names(run: Callable[..., Result]) -> None:
    from tests.conftest import SHIPPED_PLANS

    result = run("matrix", "2022", plans=SHIPPED_PLANS, env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert any(line.startswith("（第 1/2 部分：条目 1–") for line in lines)
    assert any(line.startswith("（第 2/2 部分：条目 ") for line in lines)
    assert sum("  市市场监管局" in line for line in lines) == 2
    assert max(cell_len(line) for line in lines) <= 80
