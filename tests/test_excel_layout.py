"""How the workbooks lay out their pages: widths that fit the page at full size in any font,
lists broken between entries, row heights, and the page breaks qplan adds itself."""

from __future__ import annotations

import pytest

from qplan.excel.safe import TextCleaner, display_width
from qplan.excel.styles import (
    BODY,
    CENTER,
    PAGE_POINTS,
    PIXELS_PER_WIDTH_UNIT,
    SECTION,
    WIDE_DIGIT_PX,
    SheetWriter,
    Style,
    break_list,
    capacity,
    fit_widths,
    printed_scale,
    row_height,
)


@pytest.mark.parametrize("text", [
    pytest.param("（一）至（四）、（六）至（九）、（十二）至（十五）", id="runs"),
    pytest.param("市委组织部、市质量工作领导小组相关成员单位、市委宣传部、团市委、市总工会", id="units"),
])
@pytest.mark.parametrize("width", [10.0, 14.0, 20.0])
def test_lists_break_only_after_their_separator(text: str, width: float) -> None:
    lines = break_list(text, width, 11).split("\n")
    assert "".join(lines) == text
    entries = text.split("、")
    for line in lines:
        # Each line is whole entries: never half a name or half a run.
        assert all(part in entries for part in line.rstrip("、").split("、"))
        assert display_width(line) <= capacity(width, 11) or "、" not in line.rstrip("、")


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
    heights = {1: 30.0, 2: 20.0, 3: 20.0, **{r: 100.0 for r in range(4, 8)}, 8: 15.0, 9: 20.0, 10: 20.0}
    sheet = _sheet(heights)
    # Rows 4-7 fill page 1 to 470 pt; the notes (rows 8-10) would go to page 2 alone.
    sheet.keep_with_next(7, 3, fill=0.0)
    assert sheet.break_pages((3, 3), 10) == [7]


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
