"""`qplan graph` on the command line: tables, JSON, one unit's neighbourhood, change, errors."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import item, small_plan

GROUP = "市质量工作领导小组成员单位"
PLANS = {
    "2022": small_plan(2022, [
        item(1, "旧甲", ["市市场监管局"], ["市卫健委", "市教委"]),
        item(2, "旧乙", ["市市场监管局"], ["市教委"], stated=False),
    ]),
    "2025": small_plan(2025, [
        item(1, "甲", ["市市场监管局"], ["市教委", "市卫健委"], stated=False),
        item(2, "乙", ["市教委"], ["市市场监管局", "市质量工作领导小组各成员单位"]),
    ]),
}


def json_of(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_overview(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    data = json_of(run("graph", "2025", "--format", "json", plans=make_plans(PLANS)))
    assert data["plans"] == ["2025"] and data["items"] == 2
    assert data["method"]["load"] == {"lead": 2, "support": 1, "inferred_lead": 2}
    assert [(u["unit"], u["lead"], u["lead_inferred"], u["support"], u["load"], u["partners"],
             u["betweenness"], u["community"]) for u in data["units"]] == [
        ("市市场监管局", ["2025#1"], ["2025#1"], ["2025#2"], 3, 2, 0.0, 1),
        ("市教委", ["2025#2"], [], ["2025#1"], 3, 2, 0.0, 1),
        ("市卫生健康委", [], [], ["2025#1"], 1, 2, 0.0, 1),
    ]
    assert data["groups"] == [{
        "unit": GROUP, "kind": "单位群组", "is_group": True, "registered": True, "lead": [],
        "lead_inferred": [], "support": ["2025#2"], "acting": [], "load": 1, "partners": None,
        "betweenness": None, "community": None}]
    assert [(p["a"], p["b"], p["weight"], p["lead_support"], p["support_support"]) for p in data["pairs"]] == [
        ("市市场监管局", "市教委", 2, 2, 0),
        ("市市场监管局", "市卫生健康委", 1, 1, 0),
        ("市教委", "市卫生健康委", 1, 0, 1),
    ]
    assert data["pairs"][0]["items"][1] == {"item": "2025#2", "plan": "2025", "no": 2, "label": "（二）",
                                            "title": "乙", "role_a": "support", "role_b": "lead"}
    assert data["communities"][0]["summary"] == "群1（3个单位）市市场监管局、市教委、市卫生健康委：共同承担“甲”“乙”"


def test_table_states_the_weights_and_marks_groups(make_plans: Callable[..., Path],
                                                     run: Callable[..., Result]) -> None:
    result = run("graph", "2025", plans=make_plans(PLANS), env={"COLUMNS": "140"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "单位关系网 · 计划 2025（2 项条目，3 个单位，另有 1 个单位群组）"
    assert lines[1].startswith("各单位负荷（牵头×2 + 配合×1）与介数")
    row = next(line for line in lines if "│    1 │" in line)
    # Numbers are right-aligned.
    assert row.split("│")[1:-1] == ["    1 ", " 市市场监管局 ", " 1（※1） ", "    1 ", "    3 ", "        2 ",
                                    " 0.000 ", "      1 "]
    assert any("市市场监管局 │ 市教委" in line and "2025#1 甲（甲牵头※）" in line for line in lines)
    row = lines.index(next(line for line in lines if line.startswith("│ 群1 ")))
    assert [cell.strip() for cell in lines[row].split("│")[1:-1]] == [
        "群1", "市市场监管局、市教委、市卫生健康委", "2025#1 甲"]
    assert lines[row + 1].split("│")[3].strip() == "2025#2 乙"
    assert any(f"◇{GROUP}" in line for line in lines)
    assert "负荷 = 牵头条目数×2 + 配合条目数×1（按列序推定的牵头与写明的牵头同样计分）。" in lines
    assert any(line.startswith("◇单位群组") for line in lines)
    assert any(line.startswith("※牵头为推定") for line in lines)


def test_no_groups(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    data = json_of(run("graph", "2025", "--no-groups", "--format", "json", plans=make_plans(PLANS)))
    assert data["groups"] == [] and data["groups_left_out"] == [GROUP]
    table = run("graph", "2025", "--no-groups", plans=make_plans(PLANS), env={"COLUMNS": "200"}).stdout
    assert f"已按 --no-groups 略去 1 个单位群组：{GROUP}。" in table
    assert f"◇{GROUP}" not in table


def test_dept_accepts_any_spelling(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    data = json_of(run("graph", "2025", "--dept", "市卫健委", "--format", "json", plans=make_plans(PLANS)))
    assert data["unit"]["unit"] == "市卫生健康委"
    assert data["items"] == [{
        "item": "2025#1", "plan": "2025", "no": 1, "label": "（一）", "title": "甲", "role": "support",
        "acting_for": None,
        "others": [{"unit": "市市场监管局", "role": "inferred_lead"}, {"unit": "市教委", "role": "support"}]}]
    assert [(p["unit"], p["weight"], [(i["item"], i["role"], i["partner_role"]) for i in p["items"]])
            for p in data["partners"]] == [
        ("市市场监管局", 1, [("2025#1", "support", "inferred_lead")]),
        ("市教委", 1, [("2025#1", "support", "support")]),
    ]


def test_dept_table(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    result = run("graph", "2025", "--dept", "市教委", plans=make_plans(PLANS), env={"COLUMNS": "160"})
    lines = result.stdout.splitlines()
    assert lines[0] == "市教委 · 计划 2025：牵头 1 项，配合 1 项，负荷 3，与 2 个单位合作，介数 0.000，属合作群 1"
    assert any("市市场监管局 │        2 │" in line and "2025#1 甲（本单位配合，对方牵头※）" in line for line in lines)
    assert any(f"◇{GROUP}" in line and "2025#2 乙（本单位牵头，对方配合）" in line for line in lines)


@pytest.mark.parametrize(("args", "message", "code"), [
    pytest.param(("--dept", "市卫健"), "单位“市卫健”不在单位登记表中。您是否要找：市卫生健康委？", 2,
                 id="unknown-unit"),
    pytest.param(("--dept", "市经济信息化委"), "单位“市经济信息化委”在计划 2025 中没有牵头或配合的条目", 1,
                 id="unit-without-items"),
    pytest.param(("--dept", GROUP, "--no-groups"), f"“{GROUP}”是单位群组，已被 --no-groups 略去", 2,
                 id="group-left-out"),
    pytest.param(("--compare",), "--compare 需要正好两个计划", 2, id="compare-one-plan"),
    pytest.param(("--top", "-1"), "--top 的值无效：“-1”不可为负数", 2, id="negative-top"),
    pytest.param(("--projection",), "--projection 只用于导出 .graphml、.gexf 或 .dot 文件", 2, id="projection"),
])
def test_bad_requests(make_plans: Callable[..., Path], run: Callable[..., Result], args: tuple[str, ...],
                      message: str, code: int) -> None:
    result = run("graph", "2025", *args, plans=make_plans(PLANS))
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


@pytest.mark.parametrize(("name", "args", "message"), [
    pytest.param("图.png", (), "无法从后缀“.png”判断输出格式。qplan graph 可用后缀：", id="unknown-suffix"),
    pytest.param("图", (), "无法从后缀“（无）”判断输出格式", id="no-suffix"),
    pytest.param("图.svg", ("--format", "json"), "--format json 与输出文件后缀“.svg”不一致", id="format-clash"),
    pytest.param("变化.gexf", ("2022", "--compare"), "--compare 的结果可输出为表格（.txt）、JSON（.json）或关系图",
                 id="compare-to-a-graph-tool"),
])
def test_bad_output_leaves_the_file_alone(make_plans: Callable[..., Path], run: Callable[..., Result],
                                          tmp_path: Path, name: str, args: tuple[str, ...], message: str) -> None:
    target = tmp_path / name
    target.write_text("原有内容", encoding="utf-8")
    result = run("graph", "2025", *args, "-o", str(target), plans=make_plans(PLANS))
    assert result.exit_code == 2
    assert message in result.stderr
    assert target.read_text(encoding="utf-8") == "原有内容"


def test_output_files_by_suffix(make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path) -> None:
    root = make_plans(PLANS)
    assert run("graph", "2025", "-o", str(tmp_path / "g.json"), plans=root).exit_code == 0
    assert json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))["items"] == 2
    assert run("graph", "2025", "-o", str(tmp_path / "g.txt"), plans=root).exit_code == 0
    assert (tmp_path / "g.txt").read_text(encoding="utf-8").startswith("单位关系网 · 计划 2025")
    missing = run("graph", "2025", "-o", str(tmp_path / "无此目录" / "g.svg"), plans=root)
    assert missing.exit_code == 1 and "不存在" in missing.stderr


def test_compare_json(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    data = json_of(run("graph", "2025", "2022", "--compare", "--format", "json", plans=make_plans(PLANS)))
    assert (data["old_plans"], data["new_plans"]) == (["2022"], ["2025"])
    loads = {c["unit"]: (c["old_load"], c["new_load"], c["delta"]) for c in data["loads"]}
    # 市卫健委 (2022) and 市卫生健康委 (2025) are one unit: unchanged, not dropped and added.
    assert loads == {"市教委": (2, 3, 1), GROUP: (0, 1, 1), "市市场监管局": (4, 3, -1), "市卫生健康委": (1, 1, 0)}
    ties = {(t["a"], t["b"]): (t["old"], t["new"]) for t in data["ties"]}
    assert ties == {}  # the same three pairs, each the same number of items


def test_compare_table(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = {**PLANS, "2025": small_plan(2025, [item(1, "甲", ["市市场监管局"], ["市教委", "市经济信息化委"])])}
    result = run("graph", "2022", "2025", "--compare", plans=make_plans(plans), env={"COLUMNS": "160"})
    lines = result.stdout.splitlines()
    assert lines[0] == "单位关系网变化：2022（2 项）→ 2025（1 项）"
    row = next(line for line in lines if "│ 市经济信息化委" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "市经济信息化委", "—", "0/1", "0 → 1", "+1", "— → 0.000", "新出现"]
    row = next(line for line in lines if "│ 市市场监管局 " in line and "→" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == [
        "市市场监管局", "2（※1）/0", "1/0", "4 → 2", "-2", "0.000 → 0.000", ""]
    assert any("合作减弱的单位对（共 3 对）" in line for line in lines)
    assert not any("负荷未变" in line for line in lines)
    assert any("合作增强的单位对（共 2 对）" in line for line in lines)


def test_a_broken_plan_is_reported_and_the_rest_shown(make_plans: Callable[..., Path],
                                                      run: Callable[..., Result]) -> None:
    root = make_plans({**PLANS, "2023": "title: [unclosed"})
    result = run("graph", "--format", "json", plans=root)
    assert result.exit_code == 1
    assert "2023.yaml" in result.stderr
    assert json.loads(result.stdout)["plans"] == ["2022", "2025"]


def test_output_does_not_depend_on_the_hash_seed(shipped_plans: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        picture = tmp_path / f"ego{seed}.svg"
        argv = ["graph", "2025", "--dept", "市交通委", "-o", str(picture), "--plans", str(shipped_plans)]
        code = f"from qplan.cli import main; main({argv!r})"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=True)
        argv = ["graph", "2022", "2025", "--format", "json", "--plans", str(shipped_plans)]
        result = subprocess.run([sys.executable, "-c", f"from qplan.cli import main; main({argv!r})"],
                                env=env, capture_output=True, text=True, check=True)
        outputs.append((picture.read_text(encoding="utf-8"), result.stdout))
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0][1])["communities"]


def test_gexf_carries_the_pictures_colours_positions_and_weights(shipped_plans: Path, run: Callable[..., Result],
                                                                tmp_path: Path) -> None:
    import networkx as nx

    from qplan.graph.drawing import KIND_COLOURS

    out = tmp_path / "关系网.gexf"
    assert run("graph", "2025", "-o", str(out), plans=shipped_plans).exit_code == 0
    graph = nx.read_gexf(out)
    unit = graph.nodes["市卫生健康委"]
    colour = KIND_COLOURS["市政府部门"].lstrip("#")
    assert (unit["viz"]["color"]["r"], unit["viz"]["color"]["g"], unit["viz"]["color"]["b"]) == \
        tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))
    positions = {(data["viz"]["position"]["x"], data["viz"]["position"]["y"]) for _, data in graph.nodes(data=True)}
    assert len(positions) == graph.number_of_nodes()  # a layout, not everything at the origin
    assert graph.nodes["市市场监管局"]["viz"]["size"] > unit["viz"]["size"]
    weights = {data["role"]: data["weight"] for _, _, data in graph.edges(data=True)}
    assert weights == {"inferred_lead": 2.0, "support": 1.0}
    # The same layout as the picture: the SVG's circle centres, y flipped.
    svg = (tmp_path / "图.svg")
    assert run("graph", "2025", "-o", str(svg), plans=shipped_plans).exit_code == 0
    found = re.search(r'data-key="市卫生健康委"[^>]*><title>[^<]*</title><circle cx="([\d.]+)" cy="([\d.]+)"',
                      svg.read_text(encoding="utf-8"))
    assert found is not None
    assert (unit["viz"]["position"]["x"], -unit["viz"]["position"]["y"]) == \
        pytest.approx((float(found.group(1)), float(found.group(2))), abs=0.2)


def test_dot_has_colours_and_the_layout(shipped_plans: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "关系网.dot"
    assert run("graph", "2025", "-o", str(out), plans=shipped_plans).exit_code == 0
    text = out.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith('  "市卫生健康委" ['))
    assert 'fillcolor="#56B4E9"' in line and re.search(r'pos="-?\d+,-?\d+"', line)
