"""The command line itself: bare `qplan`, options before the command, help that fits 80 columns
with examples, a repeated --dept, and --ascii."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from qplan.commands import LAZY_COMMANDS
from qplan.render.measure import width
from tests.conftest import SHIPPED_PLANS

Run = Callable[..., Result]


def test_bare_qplan_prints_help_and_exits_0(run: Run) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout.startswith("用法：qplan [选项] 命令 [参数]...")
    assert "命令：" in result.stdout and "show" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("name", ["", *sorted(LAZY_COMMANDS)])
def test_help_fits_80_columns_and_has_examples(run: Run, name: str) -> None:
    result = run(*([name] if name else []), "-h", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line for line in lines if width(line) > 80] == []
    assert any(line.strip() in ("例：", "示例：", "常用：") for line in lines), name
    assert "qplan " + name in "\n".join(line for line in lines if line.startswith("    qplan"))


@pytest.mark.parametrize(("name", "words"), [
    # link records three kinds of judgement (--continues, --carries, --not) and takes them back.
    pytest.param("link", ("延续", "落实", "否定", "撤销"), id="link"),
    pytest.param("show", ("--dept",), id="show"),
    pytest.param("export", ("分工表", "每个单位"), id="export"),
    # import reads a document, not one of qplan's plan files.
    pytest.param("import", ("原文",), id="import"),
    pytest.param("trace", ("行动方案",), id="trace"),
])
def test_the_command_list_says_what_each_command_does(run: Run, name: str, words: tuple[str, ...]) -> None:
    listing = run("--help").stdout.split("命令：\n", 1)[1].splitlines()
    start = next(index for index, line in enumerate(listing) if line.startswith(f"  {name} "))
    summary = listing[start]
    for line in listing[start + 1:]:
        if not line.startswith("    "):  # the next command
            break
        summary += line.strip()
    assert [word for word in words if word not in summary] == []


def test_plans_before_the_command(run: Run, tmp_path: Path) -> None:
    before = run("--plans", str(SHIPPED_PLANS), "plans", "--format", "json")
    assert before.exit_code == 0, before.output
    assert {plan["plan"] for plan in json.loads(before.stdout)} == {
        "2022", "2025", "2024-chains", "2023-2025", "2018-实施方案"}
    # After the command wins; then before it; then $QPLAN_PLANS; then ./plans.
    empty = tmp_path / "empty"
    empty.mkdir()
    after = run("--plans", str(empty), "plans", "--plans", str(SHIPPED_PLANS), "--format", "json")
    assert after.exit_code == 0
    from_env = run("--plans", str(SHIPPED_PLANS), "plans", "--format", "json", env={"QPLAN_PLANS": str(empty)})
    assert from_env.exit_code == 0
    missing = run("plans", env={"QPLAN_PLANS": str(empty)})
    assert missing.exit_code != 0 and str(empty) in missing.stderr


@pytest.mark.parametrize("args", [
    pytest.param(["show"], id="show"),
    pytest.param(["units"], id="units"),
    pytest.param(["diff", "2022", "2025"], id="diff"),
    pytest.param(["graph", "2025"], id="graph"),
])
def test_a_repeated_dept_is_refused_not_dropped(run: Run, args: list[str]) -> None:
    result = run(*args, "--dept", "市卫健委", "--dept", "市教委", plans=SHIPPED_PLANS)
    assert result.exit_code == 2
    assert "--dept 只能给出一个单位，现在给了 2 个（市卫健委、市教委）。请每个单位分别查询。" in result.stderr
    assert result.stdout == ""


def by_column(line: str, ambiguous_wide: bool) -> dict[int, str]:
    """Each character of a line at the screen column where a terminal draws it."""
    return {width(line[:index], ambiguous_wide): char for index, char in enumerate(line)}


def marks_under_item_numbers(text: str, ambiguous_wide: bool) -> set[str]:
    lines = text.splitlines()
    header = by_column(next(line for line in lines if line.startswith("单位 ")), ambiguous_wide)
    row = by_column(next(line for line in lines if line.startswith("  市市场监管局")), ambiguous_wide)
    columns = [column for column, char in header.items() if char.isdigit() and header.get(column - 1) == " "]
    assert len(columns) == 15
    return {row.get(column, "") for column in columns}


def test_ascii_marks_and_lines_stay_aligned_in_an_ambiguous_wide_terminal(run: Run) -> None:
    plain = run("matrix", "2025", plans=SHIPPED_PLANS, env={"COLUMNS": "120"}).stdout
    ascii_text = run("--ascii", "matrix", "2025", plans=SHIPPED_PLANS, env={"COLUMNS": "120"}).stdout
    assert ascii_text == run("matrix", "2025", plans=SHIPPED_PLANS,
                             env={"COLUMNS": "120", "QPLAN_ASCII": "1"}).stdout
    for glyph in "●※○·─":
        assert glyph in plain and glyph not in ascii_text
    # Every mark sits under its item number: the usual marks where ※ ● are one cell wide, the
    # ASCII marks where they are two (the ASCII matrix has none of them, so anywhere).
    assert marks_under_item_numbers(plain, ambiguous_wide=False) == {"※", "○", "·"}
    assert marks_under_item_numbers(ascii_text, ambiguous_wide=True) == {"*", "o", "."}
    assert marks_under_item_numbers(ascii_text, ambiguous_wide=False) == {"*", "o", "."}


def test_ascii_boxes(run: Run) -> None:
    result = run("--ascii", "plans", plans=SHIPPED_PLANS, env={"COLUMNS": "120"})
    lines = result.stdout.splitlines()
    assert lines[1].startswith("+=") and lines[2].startswith("| 计划")
    assert all(ord(char) < 0x2500 or ord(char) > 0x257f for char in result.stdout)
