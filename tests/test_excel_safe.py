"""Safe text, sheet names, and the width and height estimates for Chinese text."""

from __future__ import annotations

import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as OPENPYXL_ILLEGAL

from qplan.excel.safe import (
    ILLEGAL_CHARACTERS_RE,
    TextCleaner,
    display_width,
    join_item_labels,
    looks_like_formula,
    sheet_title,
)
from qplan.excel.styles import lines_needed, measured_width, row_height
from qplan.numerals import to_chinese_number


def test_same_refused_characters_as_openpyxl() -> None:
    for code in range(0x110):
        char = chr(code)
        assert bool(ILLEGAL_CHARACTERS_RE.search(char)) == bool(OPENPYXL_ILLEGAL.search(char)), hex(code)


@pytest.mark.parametrize(("text", "width"), [
    pytest.param("abc", 3, id="ascii"),
    pytest.param("市教委", 6, id="cjk"),
    pytest.param("（一）", 6, id="fullwidth-brackets"),
    pytest.param("ISO数字", 7, id="mixed"),
])
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


@pytest.mark.parametrize(("text", "formula"), [
    ("=1", True), ("+1", True), ("-减少", True), ("@提及", True), ("市=局", False), ("", False),
])
def test_looks_like_formula(text: str, formula: bool) -> None:
    assert looks_like_formula(text) is formula


def test_cleaner_warns_once_per_place() -> None:
    cleaner = TextCleaner()
    assert cleaner.clean("甲\x00乙\x1f", "计划 2030 第（一）项的标题") == "甲乙"
    assert cleaner.clean("甲\x00", "计划 2030 第（一）项的标题") == "甲"
    assert cleaner.clean("换行\n与\t制表", "别处") == "换行\n与\t制表"
    assert cleaner.warnings == ["计划 2030 第（一）项的标题含有 2 个 Excel 无法保存的控制字符，已删除。",
                                "计划 2030 第（一）项的标题含有 1 个 Excel 无法保存的控制字符，已删除。"]


def test_cleaner_truncates_what_a_cell_cannot_hold() -> None:
    cleaner = TextCleaner()
    assert len(cleaner.clean("字" * 40000, "某处")) == 32767
    assert cleaner.warnings == ["某处超过 Excel 单元格上限 32767 字，已截断。"]


@pytest.mark.parametrize(("names", "expected"), [
    pytest.param(["a[b]c:d*e?f/g\\h"], ["abcdefgh"], id="forbidden-characters"),
    pytest.param(["'引号'"], ["引号"], id="apostrophes"),
    pytest.param(["Sheet", "sheet"], ["Sheet", "sheet（2）"], id="case-insensitive"),
    pytest.param(["History"], ["History（2）"], id="reserved"),
    pytest.param(["[]"], ["工作表"], id="nothing-left"),
    pytest.param(["字" * 40, "字" * 40], ["字" * 31, "字" * 28 + "（2）"], id="long"),
    pytest.param(["𠀀" * 20], ["𠀀" * 15], id="astral-counts-two"),
    pytest.param(["对照矩阵（行：2023-2025 的任务；列：2025 的条目序号）"], ["对照矩阵"], id="aside-cut-open-dropped"),
    pytest.param(["各任务（22 项）" + "字" * 30], ["各任务（22 项）" + "字" * 22], id="closed-aside-kept"),
])
def test_sheet_titles(names: list[str], expected: list[str]) -> None:
    taken: set[str] = set()
    assert [sheet_title(name, taken) for name in names] == expected


def test_line_and_width_estimates_follow_each_other() -> None:
    # A column measured for a text holds it on one line; a little over half of it, two.
    text = "市住房城乡建设管理委"
    width = measured_width([text], minimum=1, maximum=100)
    assert lines_needed(text, width, 11) == 1
    assert lines_needed(text, width / 2 + 1, 11) == 2
    assert lines_needed(text, width - 1, 11) == 2
    assert lines_needed("甲\n乙\n丙", width, 11) == 3
    assert measured_width([text], minimum=30, maximum=100) == 30
    assert measured_width([text], minimum=1, maximum=5) == 5
    assert row_height(2, 11) > row_height(1, 11) >= 11 * 1.3


@pytest.mark.parametrize(("numbers", "expected"), [
    pytest.param([], "", id="none"),
    pytest.param([3, 1], "（一）、（三）", id="sorted"),
    pytest.param([1, 2], "（一）、（二）", id="pair-stays"),
    pytest.param([1, 2, 3, 4, 6, 7, 8, 9, 12, 13, 14, 15], "（一）至（四）、（六）至（九）、（十二）至（十五）",
                 id="runs"),
])
def test_item_labels(numbers: list[int], expected: str) -> None:
    assert join_item_labels(numbers, lambda no: f"（{to_chinese_number(no)}）") == expected
