"""How the workbooks lay out their pages: widths that fit the page at full size in any font,
lists broken between entries, row heights, and the page breaks qplan adds itself."""

from __future__ import annotations

import re

import pytest

from qplan.excel.safe import TextCleaner, display_width
from qplan.excel.styles import (
    BODY,
    CENTER,
    MIN_ZOOM,
    PAGE_POINTS,
    PIXELS_PER_WIDTH_UNIT,
    SECTION,
    SMALLEST_SIZE,
    WIDE_DIGIT_PX,
    SheetWriter,
    Style,
    break_list,
    entry_room,
    fit_widths,
    printed_scale,
    row_height,
)


@pytest.mark.parametrize("text", [
    pytest.param("（一）至（四）、（六）至（九）、（十二）至（十五）", id="runs"),
    pytest.param("市委组织部、市质量工作领导小组相关成员单位、市委宣传部、团市委、市总工会", id="units"),
    pytest.param("市经济信息化委、市国资委、市政府质量奖审定委员会相关成员单位", id="long-names"),
])
@pytest.mark.parametrize("width", [10.0, 14.0, 14.5, 17.0, 20.0, 24.0])
def test_lists_break_after_their_separator_and_a_long_name_where_a_name_may(text: str, width: float) -> None:
    lines = break_list(text, width, 11).split("\n")
    assert "".join(lines) == text
    entries = text.split("、")
    for line in lines:
        # A 、 never starts a line, nor stands alone on one.
        assert line and not line.startswith("、")
        parts = line.rstrip("、").split("、")
        if not all(part in entries for part in parts):
            # Part of a name too wide for the column, cut where a name may be.
            assert len(parts) == 1 and any(display_width(e + "、") > entry_room(width, 11) for e in entries)
            assert parts[0] in SENSIBLE_PARTS or re.fullmatch(r"（[一二三四五六七八九十]+）至?", parts[0]), line
        elif len(parts) > 1:
            assert display_width(line) <= entry_room(width, 11)


SENSIBLE_PARTS = {"市质量工作领导小组", "市质量工作", "领导小组", "相关成员单位", "市经济", "信息化委", "市政府",
                  "质量奖审定委员会", "市政府质量奖审定委员会"}


@pytest.mark.parametrize(("text", "width", "lines"), [
    # The trial's 配合单位 at 14.5: 市经济信息化委 fits, its 、 did not and stood alone.
    pytest.param("市经济信息化委、市国资委", 14.5, ["市经济", "信息化委、", "市国资委"], id="mark-never-alone"),
    pytest.param("市经济信息化委、市国资委", 18, ["市经济信息化委、", "市国资委"], id="fits-with-its-mark"),
    pytest.param("市人力资源社会保障局、市教委", 17, ["市人力资源", "社会保障局、", "市教委"], id="bureau"),
    pytest.param("市人力资源社会保障局、市教委", 25, ["市人力资源社会保障局、", "市教委"], id="bureau-whole"),
    pytest.param("市住房城乡建设管理委※", 17, ["市住房城乡建设", "管理委※"], id="lead-mark"),
    pytest.param("闵行区质量和标准化工作领导小组（闵行区市场监管局）", 36,
                 ["闵行区质量和标准化工作领导小组", "（闵行区市场监管局）"], id="acting-body"),
    pytest.param("闵行区质量和标准化工作领导小组（闵行区市场监管局）", 24,
                 ["闵行区质量和标准化工作", "领导小组", "（闵行区市场监管局）"], id="acting-body-narrow"),
    pytest.param("各区质量工作领导小组、市委组织部", 17, ["各区质量工作", "领导小组、", "市委组织部"], id="field"),
    # A run of item numbers too wide for the column is cut only after its 至.
    pytest.param("（十二）至（十五）", 10, ["（十二）至", "（十五）"], id="run"),
    pytest.param("（一）至（四）、（十二）至（十五）", 21, ["（一）至（四）、", "（十二）至（十五）"], id="runs-whole"),
])
def test_where_a_long_entry_breaks(text: str, width: float, lines: list[str]) -> None:
    assert break_list(text, width, 11).split("\n") == lines


def test_a_list_that_fits_stays_one_line() -> None:
    assert break_list("市教委、市卫生健康委", 30, 11) == "市教委、市卫生健康委"


def test_widths_fit_the_page_even_with_the_wider_digit() -> None:
    widths = [10, 18, 64, 26, 30]
    assert printed_scale(widths, "A4") < 1
    fitted = fit_widths(widths, "A4", minimums=[6, 14, 20, 12, 14])
    assert printed_scale(fitted, "A4", WIDE_DIGIT_PX) == 1.0
    assert printed_scale(fitted, "A4", PIXELS_PER_WIDTH_UNIT) == 1.0
    assert all(f >= m for f, m in zip(fitted, [6, 14, 20, 12, 14], strict=True))
    # Only as much as needed: half a unit more would not fit.
    assert printed_scale([*fitted[:-1], fitted[-1] + 1], "A4") < 1


def test_the_narrowing_goes_where_it_costs_fewest_lines() -> None:
    long_text = "加强质量技能培训，" * 20
    cells = [["（一）", long_text, "市教委"], ["（二）", long_text, "市卫生健康委"]]
    fitted = fit_widths([10, 90, 60], "A4", minimums=[6, 20, 12], cells=cells)
    # The unit column had room to spare; the text column keeps its width.
    assert fitted[1] > fitted[2]
    assert fitted[2] < 60


def test_names_and_titles_stay_whole_where_the_prose_column_can_give() -> None:
    # The shape of the 2025 分工表: the trial printed 配合单位 so narrow that 市经济信息化委's 、
    # stood alone and 重点任务 broke 培育质量领军/企业, with 主要内容 at 65 units.
    prose = "组织开展2025—2026年度上海市政府质量奖评审。开展政府质量奖培育孵化，推动导入卓越绩效评价。" * 3
    supports = "市经济信息化委、市国资委、市政府质量奖审定委员会相关成员单位"
    cells = [["（四）", "培育质量领军企业", prose, "市市场监管局※", supports],
             ["（六）", "壮大质量人才队伍", prose, "市市场监管局※", "市人力资源社会保障局、市教委"],
             ["（七）", "深化产业链质量提升", prose, "市经济信息化委※", "市经济信息化委"]]
    fitted = fit_widths([10, 20, 110, 26, 30], "A4", minimums=[10, 14, 20, 17, 14], cells=cells,
                        lists=[False, False, False, True, True])
    assert printed_scale(fitted, "A4") == 1.0
    assert entry_room(fitted[1], 11) >= display_width("培育质量领军企业")
    assert entry_room(fitted[4], 11) >= display_width("市经济信息化委、")
    assert fitted[2] < 65


def test_rows_have_room_for_the_tallest_font() -> None:
    # Noto Sans CJK, which stands in for 仿宋 where it is missing, takes about 1.46 em a line.
    for lines in (1, 3, 10):
        assert row_height(lines, 11) >= lines * 11 * 1.46 + 1.5


def _sheet(heights: dict[int, float], widths: list[float] | None = None) -> SheetWriter:
    from openpyxl import Workbook

    sheet = SheetWriter(Workbook().active, TextCleaner())
    sheet.set_widths(widths or [10, 40, 40, 20])
    for row, height in heights.items():
        sheet.min_height(row, height)
    return sheet


def test_a_heading_never_ends_a_page() -> None:
    page = PAGE_POINTS["A4"][1] - 72 * 1.3
    # Title rows, then items of 110 pt: the heading at row 7 would be the last on page 1.
    heights = {1: 30.0, 2: 20.0, 3: 20.0, 4: 110.0, 5: 110.0, 6: 110.0, 7: 20.0, 8: 110.0, 9: 110.0}
    assert sum(heights[r] for r in range(1, 8)) < page < sum(heights[r] for r in range(1, 9))
    sheet = _sheet(heights)
    sheet.keep_with_next(7)
    assert sheet.break_pages((3, 3), 9) == [7]
    assert [b.id for b in sheet.ws.row_breaks.brk] == [6]


def test_a_page_is_not_left_half_empty_for_a_heading() -> None:
    heights = {1: 30.0, 2: 20.0, 3: 20.0, 4: 100.0, 5: 20.0, 6: 400.0}
    sheet = _sheet(heights)
    sheet.keep_with_next(5)
    assert sheet.break_pages((3, 3), 6) == []


def test_notes_never_start_a_page_of_their_own() -> None:
    heights = {1: 30.0, 2: 20.0, 3: 20.0, **{r: 100.0 for r in range(4, 8)}, 8: 15.0, 9: 100.0, 10: 100.0}
    sheet = _sheet(heights)
    # Rows 4-7 fill page 1 to 470 pt; the notes (rows 8-10) would go to page 2 alone, and are
    # too long for a smaller print to hold them on page 1.
    sheet.keep_with_next(7, 3, fill=0.0)
    assert sheet.break_pages((3, 3), 10, body_last=7) == [7]
    assert sheet.zoom is None


def test_a_small_overflow_prints_smaller_instead_of_on_a_page_of_its_own() -> None:
    # 21 rows of 22 pt under the header: page 1 (501 pt) holds 19 of them, page 2 would
    # hold two stragglers and the notes.
    heights = {1: 30.0, 2: 20.0, 3: 20.0, **{r: 22.0 for r in range(4, 25)}, 25: 15.0, 26: 20.0}
    sheet = _sheet(heights)
    sheet.keep_with_next(24, 2, fill=0.0)
    assert sheet.break_pages((3, 3), 26, body_last=24) == []
    assert sheet.zoom is not None and MIN_ZOOM * 100 <= sheet.zoom < 100
    # The smallest text still prints at 9 pt.
    assert SMALLEST_SIZE * sheet.zoom / 100 >= 9.0 - 1e-9


def test_stragglers_too_many_to_shrink_take_rows_with_them() -> None:
    # Page 1 holds rows 4-8 (470 pt); row 9 alone would start page 2, and no print at 9 pt
    # or more holds it on page 1.
    heights = {1: 30.0, 2: 20.0, 3: 20.0, **{r: 80.0 for r in range(4, 10)}, 10: 15.0, 11: 20.0}
    sheet = _sheet(heights)
    sheet.keep_with_next(9, 2, fill=0.0)
    assert sheet.break_pages((3, 3), 11, body_last=9) == [7]
    assert sheet.zoom is None


def test_stacked_names_get_a_row_tall_enough() -> None:
    sheet = _sheet({}, [4, 4])
    stacked = Style(size=10.5, stacked=True)
    sheet.put(3, 1, "市市场监管局", stacked)
    sheet.put(3, 2, "市质量工作领导小组成员单位", stacked)
    sheet.finish_rows()
    assert sheet.ws.row_dimensions[3].height >= 13 * 10.5 * 1.4
    assert sheet.ws["B3"].alignment.textRotation == 255


def test_a_list_cell_is_broken_to_its_column() -> None:
    sheet = _sheet({}, [12])
    sheet.put(4, 1, "（一）至（四）、（六）至（九）、（十二）至（十五）", CENTER, lists=True)
    assert sheet.ws["A4"].value == break_list("（一）至（四）、（六）至（九）、（十二）至（十五）", 12, BODY.size)
    assert "\n" in sheet.ws["A4"].value
    sheet.put(5, 1, "一、持续加强质量协同", SECTION)
    assert sheet.ws["A5"].value == "一、持续加强质量协同"
