"""`qplan validate` checks progress files too, one small rule each, with file and line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.progress_data import PLANS

Run = Callable[..., Result]

GOOD = """plan: "2025"
period: 2025H1
reports:
  - item: 1
    unit: 市市场监管局
    status: 按进度推进
    progress: 已完成方案。
    collected: 2025-07-05
    source: {file: a.xlsx, sha256: %s}
  - item: 2
    unit: 市卫健委   # 电话记录，手工录入
    status: 达进度
""" % ("ab" * 32)


def _folder(make_plans: Callable[..., Path], text: str, name: str = "2025H1.yaml", plan: str = "2025") -> Path:
    plans = make_plans(PLANS)
    folder = plans / "progress" / plan
    folder.mkdir(parents=True)
    (folder / name).write_text(text, encoding="utf-8")
    return plans


def _problems(run: Run, plans: Path) -> list[tuple[str, int | None, str, str]]:
    result = run("validate", "--format", "json", plans=plans)
    return [(Path(p["file"]).name, p["line"], p["level"], p["message"]) for p in json.loads(result.stdout)]


def test_a_good_progress_file_passes(make_plans: Callable[..., Path], run: Run) -> None:
    plans = _folder(make_plans, GOOD)
    result = run("validate", plans=plans)
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.stderr and "1 个进展记录文件" in result.stderr


@pytest.mark.parametrize(("old", "new", "line", "level", "words"), [
    pytest.param("status: 按进度推进", "status: 差不多", 6, "error", "完成状态“差不多”不是", id="status"),
    pytest.param("item: 1", "item: 9", 4, "error", "计划 2025 没有第 9 项", id="unknown-item"),
    pytest.param("item: 1", "item: 一", 4, "error", "item 应为条目序号", id="item-not-a-number"),
    pytest.param("unit: 市市场监管局", "unit: 市教委", 5, "error", "单位“市教委”不承担计划 2025 第 1 项",
                 id="not-its-item"),
    pytest.param("unit: 市市场监管局", "unit: 市外办", 5, "error", "（“市外办”不在单位登记表中）", id="unknown-unit"),
    pytest.param("collected: 2025-07-05", "collected: 七月五日", 8, "error", "collected 应为日期", id="collected"),
    pytest.param("sha256: " + "ab" * 32, "sha256: abc", 9, "error", "sha256 应为 64 位", id="source-hash"),
    pytest.param("progress: 已完成方案。", "progres: 已完成方案。", 7, "warning", "未知的键“progres”", id="typo-key"),
    pytest.param('plan: "2025"', 'plan: "2022"', 1, "error", "plan 应为“2025”", id="plan-of-another-folder"),
    pytest.param("period: 2025H1", "period: 2025Q1", 2, "error", "period 应为“2025H1”", id="period-not-file-name"),
    pytest.param("  - item: 2\n    unit: 市卫健委", "  - item: 1\n    unit: 市局", 10, "error", "有两条记录",
                 id="duplicate"),
])
def test_each_rule(make_plans: Callable[..., Path], run: Run, old: str, new: str, line: int, level: str,
                   words: str) -> None:
    assert old in GOOD
    plans = _folder(make_plans, GOOD.replace(old, new))
    found = [p for p in _problems(run, plans) if p[0] == "2025H1.yaml"]
    assert any(p[1] == line and p[2] == level and words in p[3] for p in found), found
    result = run("validate", plans=plans)
    assert result.exit_code == (1 if level == "error" else 0)


def test_a_file_name_that_is_no_period(make_plans: Callable[..., Path], run: Run) -> None:
    plans = _folder(make_plans, GOOD, name="上半年.yaml")
    assert any("文件名不是报送期" in p[3] for p in _problems(run, plans))


def test_progress_of_a_plan_that_is_not_there(make_plans: Callable[..., Path], run: Run) -> None:
    plans = _folder(make_plans, GOOD.replace('plan: "2025"', 'plan: "2030"'), plan="2030")
    assert any("没有可读的计划 2030" in p[3] for p in _problems(run, plans))


def test_a_progress_file_that_is_no_yaml(make_plans: Callable[..., Path], run: Run) -> None:
    plans = _folder(make_plans, "reports: [\n")
    [problem] = [p for p in _problems(run, plans) if p[0] == "2025H1.yaml"]
    assert problem[2] == "error" and problem[1] == 1 and "文件在括号还没有闭合时就结束了" in problem[3], problem


def test_progress_files_are_never_read_as_plans(make_plans: Callable[..., Path], run: Run) -> None:
    plans = _folder(make_plans, GOOD)
    listed = json.loads(run("plans", "--format", "json", plans=plans).stdout)
    assert [entry["plan"] for entry in listed] == ["2025"]


def test_validating_one_plan_checks_only_its_progress(make_plans: Callable[..., Path], run: Run) -> None:
    plans = _folder(make_plans, GOOD.replace("status: 按进度推进", "status: 差不多"))
    assert run("validate", "2025", plans=plans).exit_code == 1
