"""`qplan diff`: what a user sees, in every format, with filters, files and exit codes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from rich.cells import cell_len

from tests.diff_data import NEW_ITEMS, OLD_ITEMS, UNITS, plan_2023, plan_2024

Run = Callable[..., Result]
WIDE = {"COLUMNS": "120"}


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    return make_plans({"2023": plan_2023(), "2024": plan_2024()}, units=UNITS)


def data(run: Run, plans: Path, *args: str) -> dict[str, Any]:
    result = run("diff", "2023", "2024", "--format", "json", *args, plans=plans)
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_table_starts_with_the_summary_line(run: Run, plans: Path) -> None:
    result = run("diff", "2023", "2024", plans=plans, env=WIDE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[2] == "延续 5 · 待确认 0 · 新增 1 · 不再列入 1 · 单位变化 10"
    for heading in ("延续（5 项）", "新增（1 项）", "不再列入（1 项）", "单位变化（10 个单位", "正文变化"):
        assert heading in result.stdout
    assert "加强防疫产品保障" in result.stdout and "推进绿色低碳认证" in result.stdout
    assert "[-深化企业-]{+加强质量技能培训，持续推进实施+}首席质量官制度" in result.stdout
    assert "≈ 对应关系由工具" in result.stdout


def test_table_fits_120_columns(run: Run, make_plans: Callable[..., Path]) -> None:
    long_text = copy.deepcopy(OLD_ITEMS)
    long_text[0]["text"] = long_text[0]["text"] * 6
    folder = make_plans({"2023": plan_2023(long_text), "2024": plan_2024()}, units=UNITS)
    result = run("diff", "2023", "2024", plans=folder, env=WIDE)
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 120


def test_json_has_the_documented_shape(run: Run, plans: Path) -> None:
    found = data(run, plans)
    assert (found["old"], found["new"]) == ("2023", "2024")
    assert found["summary"] == {"continued": 5, "possible": 0, "added": 1, "dropped": 1, "units_changed": 10}
    rows = {(row["old"], row["new"]): row for row in found["items"]}
    assert set(rows) == {(6, 1), (1, 2), (4, 4), (3, 5), (5, 6), (None, 3), (2, None)}
    added, dropped = rows[(None, 3)], rows[(2, None)]
    assert (added["status"], added["score"], added["changes"], added["confirmed"]) == ("added", None, None, False)
    assert (dropped["status"], dropped["new_title"], dropped["old_title"]) == ("dropped", None, "加强防疫产品保障")
    talent = rows[(1, 2)]
    assert talent["status"] == "continued" and 0 < talent["score"] < 1 and talent["confirmed"] is False
    assert talent["changes"]["title"] == {"old": "强化质量人才队伍建设", "new": "壮大质量人才队伍"}
    assert talent["changes"]["support"] == {"gained": [], "lost": ["市教委"]}
    assert talent["changes"]["lead"] == {"gained": [], "lost": []}
    assert {s["op"] for s in talent["changes"]["text"]} == {"equal", "insert", "delete"}
    old_text = "".join(s["text"] for s in talent["changes"]["text"] if s["op"] != "insert")
    assert old_text == OLD_ITEMS[0]["text"]
    units = {u["unit"]: u for u in found["units"]}
    assert units["市药品监管局"] == {
        "unit": "市药品监管局", "old_spelling": None, "status": "dropped",
        "old": {"lead": [], "support": [2]}, "new": {"lead": [], "support": []},
        "gained": {"lead": [], "support": []}, "lost": {"lead": [], "support": [2]}}
    assert units["市人社局"]["status"] == "same"


@pytest.mark.parametrize(("status", "expected"), [
    pytest.param("continued", {(6, 1), (1, 2), (4, 4), (3, 5), (5, 6)}, id="continued"),
    pytest.param("possible", set(), id="possible"),
    pytest.param("added", {(None, 3)}, id="added"),
    pytest.param("dropped", {(2, None)}, id="dropped"),
])
def test_only_keeps_one_kind_of_item(run: Run, plans: Path, status: str,
                                     expected: set[tuple[int | None, int | None]]) -> None:
    found = data(run, plans, "--only", status)
    assert {(row["old"], row["new"]) for row in found["items"]} == expected
    assert found["summary"]["continued"] == 5


def test_only_in_a_table_shows_that_section_alone(run: Run, plans: Path) -> None:
    result = run("diff", "2023", "2024", "--only", "dropped", plans=plans, env=WIDE)
    assert "不再列入（1 项）" in result.stdout
    assert "延续（" not in result.stdout and "单位变化（" not in result.stdout


def test_dept_keeps_that_units_items_under_any_spelling(run: Run, make_plans: Callable[..., Path]) -> None:
    old = copy.deepcopy(OLD_ITEMS)
    old[5]["support"] = ["市民政局", "市卫健委"]
    new = copy.deepcopy(NEW_ITEMS)
    new[0]["support"] = ["市民政局", "市卫生健康委"]
    folder = make_plans({"2023": plan_2023(old), "2024": plan_2024(new)}, units=UNITS)
    result = run("diff", "2023", "2024", "--dept", "市卫健委", "--format", "json", plans=folder)
    found = json.loads(result.stdout)
    assert [(row["old"], row["new"]) for row in found["items"]] == [(6, 1)]
    assert [(u["unit"], u["status"]) for u in found["units"]] == [("市卫生健康委", "same")]


def test_unknown_dept_is_a_clear_error(run: Run, plans: Path) -> None:
    result = run("diff", "2023", "2024", "--dept", "市卫建委", plans=plans)
    assert result.exit_code == 2
    assert "单位“市卫建委”不在单位登记表中" in result.stderr and "市卫生健康委" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(("2023", "2099"), "计划“2099”不存在", id="unknown-new"),
    pytest.param(("2019", "2024"), "计划“2019”不存在", id="unknown-old"),
])
def test_unknown_plan_is_a_clear_error(run: Run, plans: Path, args: tuple[str, str], message: str) -> None:
    result = run("diff", *args, plans=plans)
    assert result.exit_code == 2
    assert message in result.stderr and "现有计划：2023、2024" in result.stderr
    assert "Traceback" not in result.output


def test_plans_of_different_kinds_are_refused(run: Run, make_plans: Callable[..., Path]) -> None:
    folder = make_plans({"2023": plan_2023(), "2024": plan_2024(kind="projects")}, units=UNITS)
    result = run("diff", "2023", "2024", plans=folder)
    assert result.exit_code == 2
    assert "类型不同，不能逐条比对" in result.stderr


@pytest.mark.parametrize(("args", "code"), [
    pytest.param(("2023", "2023"), 0, id="no-differences"),
    pytest.param(("2023", "2024"), 1, id="differences"),
    pytest.param(("2023", "2099"), 2, id="unknown-plan"),
    pytest.param(("2023", "2024", "--only", "possible"), 0, id="nothing-of-that-kind"),
])
def test_exit_code_reports_differences(run: Run, plans: Path, args: tuple[str, ...], code: int) -> None:
    assert run("diff", *args, "--exit-code", plans=plans).exit_code == code


def test_exit_code_is_2_for_a_broken_plan_file(run: Run, make_plans: Callable[..., Path]) -> None:
    folder = make_plans({"2023": plan_2023(), "2024": "title: [unclosed\n"}, units=UNITS)
    assert run("diff", "2023", "2024", "--exit-code", plans=folder).exit_code == 2
    assert run("diff", "2023", "2024", plans=folder).exit_code == 1


def test_without_exit_code_differences_still_exit_0(run: Run, plans: Path) -> None:
    assert run("diff", "2023", "2024", plans=plans).exit_code == 0


@pytest.mark.parametrize(("name", "check"), [
    pytest.param("比对.json", lambda text: json.loads(text)["summary"]["added"] == 1, id="json"),
    pytest.param("比对.md", lambda text: text.startswith("# 2023 → 2024 比对")
                 and "| （二） | 加强防疫产品保障 |" in text and "~~" in text, id="markdown"),
    pytest.param("比对.txt", lambda text: "延续 5 · 待确认 0" in text and "\x1b[" not in text, id="text"),
])
def test_output_file_format_follows_the_suffix(run: Run, plans: Path, tmp_path: Path, name: str,
                                               check: Callable[[str], bool]) -> None:
    target = tmp_path / name
    result = run("diff", "2023", "2024", "-o", str(target), plans=plans)
    assert result.exit_code == 0 and result.stdout == ""
    assert f"已写入 {target}" in result.stderr
    assert check(target.read_text(encoding="utf-8"))


def test_confirmed_and_inferred_matches_are_marked(run: Run, make_plans: Callable[..., Path]) -> None:
    new = copy.deepcopy(NEW_ITEMS)
    new[1]["links"] = {"continues": ["2023#1"]}
    folder = make_plans({"2023": plan_2023(), "2024": plan_2024(new)}, units=UNITS)
    result = run("diff", "2023", "2024", plans=folder, env=WIDE)
    line = next(line for line in result.stdout.splitlines() if "壮大质量人才队伍" in line and "│" in line)
    assert "✔" in line
    other = next(line for line in result.stdout.splitlines() if "夯实计量基础" in line and "│" in line)
    assert "≈" in other
    found = json.loads(run("diff", "2023", "2024", "--format", "json", plans=folder).stdout)
    confirmed = {(row["old"], row["new"]) for row in found["items"] if row["confirmed"]}
    assert confirmed == {(1, 2)}


def test_possible_matches_show_how_to_decide(run: Run, make_plans: Callable[..., Path]) -> None:
    new = copy.deepcopy(NEW_ITEMS)
    # The same work line, barely reworded in its text but with a new title and new units.
    new[4] = {"no": 5, "title": "加强计量监督", "lead": ["市教委"], "support": [], "lead_stated": True,
              "text": "推进计量器具监督检查，开展诚信计量示范。"}
    folder = make_plans({"2023": plan_2023(), "2024": plan_2024(new)}, units=UNITS)
    found = json.loads(run("diff", "2023", "2024", "--format", "json", plans=folder).stdout)
    row = next(r for r in found["items"] if r["new"] == 5)
    assert row["old"] == 3
    if row["status"] == "possible":
        table = run("diff", "2023", "2024", plans=folder, env=WIDE).stdout
        assert "qplan link 2024#5 --continues 2023#3" in table
        assert "qplan link 2024#5 --not 2023#3" in table
    else:
        assert row["status"] == "continued"


def test_help_is_in_chinese(run: Run) -> None:
    result = run("diff", "--help")
    assert result.exit_code == 0
    assert "用法：qplan diff [选项] OLD NEW" in result.stdout
    for text in ("比对两个计划", "--only", "--exit-code", "0 无差异，1 有差异，2 出错"):
        assert text in result.stdout


def test_xlsx_output_is_not_silently_written_as_text(run: Run, plans: Path, tmp_path: Path) -> None:
    result = run("diff", "2023", "2024", "-o", str(tmp_path / "x.docx"), plans=plans)
    assert result.exit_code == 2
    assert not (tmp_path / "x.docx").exists()


def test_newer_plan_given_first_is_compared_as_asked_with_a_warning(run: Run, plans: Path) -> None:
    result = run("diff", "2024", "2023", "--format", "json", plans=plans)
    assert result.exit_code == 0
    assert "注意：2024 比 2023 新" in result.stderr and "`qplan diff 2023 2024`" in result.stderr
    found = json.loads(result.stdout)
    assert (found["old"], found["new"], found["summary"]["added"], found["summary"]["dropped"]) == (
        "2024", "2023", 1, 1)
