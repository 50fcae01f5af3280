"""The renderers: where text may wrap, how tables fit a screen, and output that cannot be
turned against its reader (formulas in CSV and Markdown, escape sequences on a terminal)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from qplan.render import render
from qplan.render.measure import width, wrap
from qplan.render.screen import Screen, plain_text, render_lines
from qplan.report import Column, Notes, Paragraph, Records, Report, Span, Table
from tests.conftest import SHIPPED_PLANS, item, small_plan

Run = Callable[..., Result]

HOSTILE_TITLE = "\x1b]0;PWNED\x07清屏\x1b[2J标题"
FORMULA_TITLE = '=HYPERLINK("http://example.com","点我")'
FORMULA_UNIT = "@SUM(1+1)"
BIDI_TITLE = "质量\u202e提升"


@pytest.fixture
def hostile(make_plans: Callable[..., Path]) -> Path:
    return make_plans({"2030": small_plan(2030, [
        item(1, HOSTILE_TITLE, ["市市场监管局"], ["市教委"]),
        item(2, FORMULA_TITLE, [FORMULA_UNIT], ["-市教委"]),
        item(3, BIDI_TITLE, ["市教委"]),
    ])})


# --- wrapping ---------------------------------------------------------------------------------

@pytest.mark.parametrize("size", range(8, 40))
def test_unit_lists_break_only_between_names(size: int) -> None:
    names = ["市质量工作领导小组成员单位", "各区质量工作领导小组", "市委组织部", "市卫生健康委"]
    lines = wrap("、".join(names), size, lists=True)
    assert "".join(lines) == "、".join(names)
    for line in lines:
        assert all(part in names for part in line.rstrip("、").split("、")), line
        assert not line.startswith("、")


@pytest.mark.parametrize("size", range(6, 30))
def test_item_numbers_and_words_stay_whole_in_prose(size: int) -> None:
    text = "加强质量基础设施能力建设（合并：另见旧（十七）、（十八））2025#7 ≈0.48"
    lines = wrap(text, size, lists=False)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    joined = "\n".join(lines)
    for whole in ("（十七）", "（十八）", "2025#7", "0.48"):
        assert whole in joined
    assert not any(line[:1] in "、，。）" for line in lines)
    # Only a piece that may not break ("（十七）、" is 10 wide) runs over a narrower line.
    assert all(width(line) <= max(size, 10) for line in lines)


def test_a_name_wider_than_the_line_is_kept_whole() -> None:
    assert wrap("市政府质量奖审定委员会相关成员单位、市教委", 10, lists=True) == [
        "市政府质量奖审定委员会相关成员单位、", "市教委"]


def report_with(table: Table) -> Report:
    return Report([table, Notes(["说明：市质量工作领导小组成员单位、各区质量工作领导小组按原文列出。"])])


def units_table() -> Table:
    table = Table([Column("序号", "items"), Column("任务"), Column("配合单位", "units"), Column("数", "number")],
                  title="示例")
    table.add("（十四）", "强化质量政策供给", "市政府质量奖审定委员会相关成员单位、市委组织部", "12")
    table.add("（十五）", "提升服务质量水平", "市卫生健康委", "3")
    return table


def test_a_table_keeps_its_natural_width_without_a_screen() -> None:
    lines = plain_text(render_lines(report_with(units_table()), Screen())[0]).splitlines()
    assert any("市政府质量奖审定委员会相关成员单位、市委组织部" in line for line in lines)
    assert lines[-1] == "说明：市质量工作领导小组成员单位、各区质量工作领导小组按原文列出。"


def test_a_table_too_wide_folds_into_blocks() -> None:
    text = plain_text(render_lines(report_with(units_table()), Screen(48))[0])
    lines = text.splitlines()
    assert "序号：（十四）" in lines
    assert "  配合单位：市政府质量奖审定委员会相关成员单位、" in lines
    assert all(width(line) <= 48 for line in lines)
    assert not any(line.startswith(("│", "┃", "┏")) for line in lines)


def test_a_narrower_table_shrinks_its_widest_column_first() -> None:
    lines = plain_text(render_lines(report_with(units_table()), Screen(80))[0]).splitlines()
    assert all(width(line) <= 80 for line in lines)
    assert any("│ 强化质量政策供给 │" in line for line in lines)  # the title stays whole
    assert any("│ 市委组织部" in line for line in lines)  # the list wrapped after 、


def header_lines(lines: list[str]) -> list[list[str]]:
    """Per column, the lines of its header in a bordered table."""
    rows = [line.strip("┃").split("┃") for line in lines[lines.index(next(x for x in lines if x.startswith("┏"))) + 1:]
            if line.startswith("┃")]
    return [[row[i].strip() for row in rows if row[i].strip()] for i in range(len(rows[0]))]


def test_headers_break_between_their_words() -> None:
    # A unit's --status view at 80 columns: the trial saw 本单/位角/色 and 最新进/展.
    table = Table([Column("序号", "items"), Column("任务"), Column("牵头单位", "units"), Column("配合单位", "units"),
                   Column("本单位角色", "units"), Column("最新进展", "units")])
    supports = "市商务委、市卫生健康委、市民政局、市文化旅游局"
    table.add("（十二）", "提升服务质量水平", "市市场监管局※", supports, "配合", "未报送")
    lines = plain_text(render_lines(Report([table]), Screen(80))[0]).splitlines()
    assert all(width(line) <= 80 for line in lines)
    assert header_lines(lines) == [["序号"], ["任务"], ["牵头单位"], ["配合单位"],
                                   ["本", "单位", "角色"], ["最新", "进展"]]
    assert any("│ 提升服务质量水平 │ 市市场监管局※ │ 市商务委、" in line for line in lines)


def test_an_empty_column_gives_its_room_to_the_others() -> None:
    # The trial's 2024-chains at 80 columns: titles broken (质量提/升) beside an empty 配合单位.
    table = Table([Column("序号", "items"), Column("任务"), Column("牵头单位", "units"), Column("配合单位", "units")])
    table.add("1", "★空间新能源产业链质量提升", "闵行区质量和标准化工作领导小组（闵行区市场监管局）", "")
    table.add("5", "针织时尚服饰产业链质量提升", "黄浦区市场监管局", "")
    lines = plain_text(render_lines(Report([table]), Screen(80))[0]).splitlines()
    assert all(width(line) <= 80 for line in lines)
    assert header_lines(lines)[3] == ["配合", "单位"]
    assert any("│ 针织时尚服饰产业链质量提升 " in line for line in lines)


def test_numbers_right_and_marks_centred() -> None:
    table = Table([Column("名", "units"), Column("数", "number"), Column("标记", "mark")])
    table.add("甲", "7", "●")
    row = plain_text(render_lines(Report([table]), Screen())[0]).splitlines()[3]
    assert row == "│ 甲 │  7 │  ●   │"


def test_split_columns_repeat_the_key() -> None:
    table = Table([Column("单位", "units"), *(Column(str(n), "mark") for n in range(1, 21)),
                   Column("合计", "number")], compact=True, split="条目 {first}–{last}")
    table.add("市市场监管局", *(["●"] * 20), "20")
    lines = plain_text(render_lines(Report([table]), Screen(50))[0]).splitlines()
    assert [line for line in lines if line.startswith("（第")] == [
        "（第 1/2 部分：条目 1–10）", "（第 2/2 部分：条目 11–20）"]
    assert sum(line.startswith("市市场监管局") for line in lines) == 2
    assert "合计" in lines[lines.index("（第 2/2 部分：条目 11–20）") + 1]


def test_deleted_and_inserted_text_reads_the_same_without_colour() -> None:
    report = Report([Paragraph((Span("保留"), Span("删去", "deleted"), Span("加上", "inserted")))])
    assert render(report, "table").text == "保留[-删去-]{+加上+}\n"
    assert render(report, "markdown").text == "保留~~删去~~**加上**\n"
    assert "<del>删去</del><ins>加上</ins>" in render(report, "html").text


def test_a_terminal_gets_colour_and_the_same_layout() -> None:
    from qplan.render.terminal import print_lines

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    lines, _ = render_lines(report_with(units_table()), Screen(60))
    screen = Terminal()
    print_lines(lines, screen)
    shown = screen.getvalue()
    assert "\x1b[1m" in shown  # bold headings
    assert re.sub(r"\x1b\[[0-9;]*m", "", shown) == plain_text(lines)


# --- output that cannot be turned against its reader --------------------------------------------

def test_escape_sequences_never_reach_the_terminal(hostile: Path, run: Run) -> None:
    for args in (["show"], ["matrix", "2030"], ["show", "--format", "markdown"], ["show", "--format", "csv"],
                 ["units"]):
        result = run(*args, plans=hostile, env={"COLUMNS": "100"})
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
        if args[0] == "show":
            assert "\\x1b]0;PWNED\\x07清屏\\x1b[2J标题" in result.stdout, args
            assert "控制字符" in result.stderr and "\\x1b" in result.stderr, args


def test_json_keeps_the_data_and_escapes_it(hostile: Path, run: Run) -> None:
    result = run("show", "--format", "json", plans=hostile)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\u001b" in result.stdout and "\\u202e" in result.stdout
    titles = [record["title"] for record in json.loads(result.stdout)]
    assert titles == [HOSTILE_TITLE, FORMULA_TITLE, BIDI_TITLE]


def test_csv_cells_never_start_a_formula(hostile: Path, run: Run) -> None:
    show = run("show", "--format", "csv", plans=hostile).stdout
    assert "'=HYPERLINK(" in show and ",'@SUM(1+1)," in show and ",'-市教委," in show
    matrix = run("matrix", "2030", "--format", "csv", plans=hostile).stdout
    units = run("units", "--format", "csv", plans=hostile).stdout
    for text in (show, matrix, units):
        for row in csv.reader(io.StringIO(text)):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row
    assert "\n'@SUM(1+1),未登记" not in units and "'@SUM(1+1)," in units


def test_markdown_cells_never_start_a_formula(hostile: Path, run: Run) -> None:
    text = run("show", "--format", "markdown", plans=hostile).stdout
    assert "| （二） | '=HYPERLINK(\"http://example.com\",\"点我\") | '@SUM(1+1) | '-市教委 |" in text


def test_the_import_report_escapes_control_characters(tmp_path: Path, run: Run) -> None:
    source = tmp_path / "要点.txt"
    source.write_text("2030年质量工作要点\n一、第一部分\n（一）\x1b[2J强化质量政策供给。开展工作。（市市场监管局）\n",
                      encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "units.yaml").write_text((SHIPPED_PLANS / "units.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("import", str(source), "--id", "2030", "--dry-run", plans=plans)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stderr
    assert "\\x1b[2J" in result.stderr and "控制字符" in result.stderr


# --- CSV to stdout: the BOM goes to files ------------------------------------------------------------

def qplan_process(args: list[str], stdout: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "QPLAN_CACHE": "off"}
    return subprocess.run([sys.executable, "-m", "qplan", *args, "--plans", str(SHIPPED_PLANS)],
                          stdout=stdout, stderr=subprocess.PIPE, env=env, check=True)  # type: ignore[call-overload]


def test_csv_redirected_to_a_file_starts_with_a_bom(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    with target.open("wb") as handle:
        qplan_process(["show", "--format", "csv"], handle)
    assert target.read_bytes().startswith(b"\xef\xbb\xbfplan,no,title")


def test_csv_into_a_pipe_has_no_bom() -> None:
    piped = qplan_process(["show", "--format", "csv"], subprocess.PIPE)
    assert piped.stdout.startswith(b"plan,no,title")


def test_html_is_a_page_of_its_own(hostile: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "任务.html"
    assert run("show", "-o", str(target), plans=hostile).exit_code == 0
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page
    assert "\x1b" not in page and "&quot;http://example.com&quot;" in page
    assert "<script" not in page


def test_records_render_as_csv() -> None:
    report = Report([], records=Records(["a", "b"], [["=1+2", 3], [None, True]]))
    assert render(report, "csv").text == "a,b\n'=1+2,3\n,true\n"


def test_deferred_blocks_are_built_once_and_only_for_formats_that_show_them() -> None:
    built: list[str] = []

    def fill(report: Report) -> None:
        built.append("blocks")
        report.add(Paragraph("正文"))

    report = Report([Paragraph("开头")], data={"n": 1}, fill=fill)
    assert render(report, "json", Screen(None)).text == '{\n  "n": 1\n}\n'
    assert built == []
    markdown = render(report, "markdown", Screen(None)).text
    assert markdown.index("开头") < markdown.index("正文")
    render(report, "markdown", Screen(None))
    assert built == ["blocks"]


def test_widths_agree_with_unicode_east_asian_width() -> None:
    """Two columns for wide and full-width characters, one for the rest (as terminals and rich
    count), checked over every assigned character of the planes Chinese text uses."""
    import unicodedata

    wrong = []
    for code in [*range(0x20, 0x30000, 1), 0x3134A]:
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cn", "Cs", "Co", "Cc", "Cf", "Mn", "Me"):
            continue
        expected = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width(char) != expected:
            wrong.append(hex(code))
    assert wrong == []
    assert width("市市场监管局※", ambiguous_wide=True) == width("市市场监管局※") + 1
