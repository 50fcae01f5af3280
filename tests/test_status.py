"""`qplan status`: the ledger of a period with three-colour flags, totals on top, JSON with
the issue's fields, the ledger workbook, and `--chase` worded for a 通报."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from qplan.deadlines import read_deadline
from qplan.model import Item
from qplan.progress.ledger import flag_of
from tests.conftest import write_yaml
from tests.progress_data import PLANS

Run = Callable[..., Result]
START = dt.date(2025, 4, 1)


def _item(deadline: str | None) -> Item:
    return Item(1, "任务", deadline=read_deadline(deadline, 2025) if deadline else None)


@pytest.mark.parametrize(("status", "deadline", "today", "flag", "overdue"), [
    pytest.param("on_track", "2025-06-30", "2025-07-15", "red", True, id="deadline-passed-not-done"),
    pytest.param("unreported", "2025-06-30", "2025-07-15", "red", True, id="deadline-passed-unreported"),
    pytest.param("done", "2025-06-30", "2025-07-15", "green", False, id="deadline-passed-done"),
    pytest.param("on_track", "2025-06-30", "2025-06-30", "yellow", False, id="deadline-day-itself"),
    pytest.param("behind", None, "2025-07-15", "red", False, id="reported-behind"),
    pytest.param("behind", "2025-12-31", "2025-07-15", "red", False, id="behind-before-deadline"),
    pytest.param("unreported", None, "2025-07-15", "yellow", False, id="unreported"),
    pytest.param("unreported", "2025-12-31", "2025-07-15", "yellow", False, id="unreported-time-left"),
    # 2025-04-01 to 2025-06-30 is 90 days; under 15% left is under 13.5 days.
    pytest.param("on_track", "2025-06-30", "2025-06-17", "yellow", False, id="thirteen-days-left"),
    pytest.param("on_track", "2025-06-30", "2025-06-16", "green", False, id="fourteen-days-left"),
    pytest.param("not_started", "2025-06-30", "2025-06-20", "yellow", False, id="not-started-near"),
    pytest.param("done", "2025-06-30", "2025-06-29", "green", False, id="done-near"),
    pytest.param("on_track", "长期坚持", "2030-01-01", "green", False, id="ongoing-never-overdue"),
    pytest.param("on_track", "年内完成", "2026-01-01", "red", True, id="phrase-read-as-year-end"),
    pytest.param("on_track", None, "2025-07-15", "green", False, id="no-deadline"),
])
def test_three_colours(status: str, deadline: str | None, today: str, flag: str, overdue: bool) -> None:
    found, late, _ = flag_of(status, _item(deadline), dt.date.fromisoformat(today), START)
    assert (found, late) == (flag, overdue)


@pytest.mark.parametrize(("status", "deadline", "day", "flag", "overdue", "reason"), [
    pytest.param("on_track", "2025-06-30", "2025-06-30", "red", True, "已过完成时限（2025-06-30）未完成",
                 id="deadline-on-the-last-day-has-passed"),
    pytest.param("done", "2025-06-30", "2025-06-30", "green", False, None, id="done-by-the-last-day"),
    # 90 days from 2025-04-01; at the end of 2025-06-17 thirteen days are left: under 15%.
    pytest.param("on_track", "2025-06-30", "2025-06-17", "yellow", False, "距完成时限不足 15%（还剩 13 天）",
                 id="time-left-counted-from-the-day-s-end"),
    pytest.param("on_track", "2025-09-30", "2025-06-30", "green", False, None, id="deadline-after-the-period"),
])
def test_judged_at_the_end_of_a_day(status: str, deadline: str, day: str, flag: str, overdue: bool,
                                    reason: str | None) -> None:
    found, late, reasons = flag_of(status, _item(deadline), dt.date.fromisoformat(day), START, day_over=True)
    assert (found, late) == (flag, overdue)
    assert reasons == ([reason] if reason else [])


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    folder = make_plans(PLANS)
    (folder / "progress" / "2025").mkdir(parents=True)
    write_yaml(folder / "progress" / "2025" / "2025H1.yaml", {
        "plan": "2025", "period": "2025H1", "reports": [
            {"item": 1, "unit": "市市场监管局", "status": "按进度推进", "progress": "已完成方案。", "problems": "",
             "next_steps": "", "evidence": "", "collected": dt.date(2025, 7, 5)},
            {"item": 2, "unit": "市卫健委", "status": "滞后", "progress": "监测推迟。"},
            {"item": 3, "unit": "市经济信息化委", "status": "已完成", "progress": "已建成。"},
        ]})
    return folder


def _status(run: Run, plans: Path, *args: str) -> Result:
    return run("status", "2025", "--period", "2025H1", "--today", "2025-07-15", *args, plans=plans)


def test_json_has_one_object_per_item_and_unit_with_the_issue_fields(plans: Path, run: Run) -> None:
    result = _status(run, plans, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    short = [{k: r[k] for k in ("plan", "no", "unit", "role", "status", "overdue", "flag")} for r in rows]
    assert short == [
        {"plan": "2025", "no": 1, "unit": "市市场监管局", "role": "lead", "status": "on_track", "overdue": True,
         "flag": "red"},
        {"plan": "2025", "no": 2, "unit": "市卫生健康委", "role": "lead", "status": "behind", "overdue": False,
         "flag": "red"},
        {"plan": "2025", "no": 2, "unit": "市教委", "role": "support", "status": "unreported", "overdue": False,
         "flag": "yellow"},
        {"plan": "2025", "no": 2, "unit": "市市场监管局", "role": "support", "status": "unreported",
         "overdue": False, "flag": "yellow"},
        {"plan": "2025", "no": 3, "unit": "市经济信息化委", "role": "lead", "status": "done", "overdue": False,
         "flag": "green"},
    ]
    assert rows[0]["reported"] is True and rows[2]["reported"] is False
    assert rows[0]["deadline_date"] == "2025-06-30" and rows[0]["collected"] == "2025-07-05"
    assert rows[1]["deadline"] == "2025年9月底前" and rows[1]["deadline_date"] == "2025-09-30"
    assert rows[0]["reasons"] == ["已过完成时限（2025-06-30）未完成"]


def test_table_has_totals_on_top_and_a_legend(plans: Path, run: Run) -> None:
    result = _status(run, plans)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "已完成 1 · 按进度推进 1 · 滞后 1 · 未启动 0 · 未报送 2（共 5 项次）"
    assert lines[1] == "预警：红 2 · 黄 2 · 绿 1"
    assert lines[2] == "2025年质量工作要点 · 2025年上半年（2025H1）工作台账　截至 2025-07-15"
    assert any("预警：红——已过完成时限仍未完成" in line for line in lines)
    assert any("市质量工作领导小组成员单位未登记成员" in line for line in lines)


def test_csv_and_markdown_come_from_the_same_report(plans: Path, run: Run) -> None:
    csv = _status(run, plans, "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("plan,period,no,title,unit,role,deadline,status,reported,overdue,flag")
    assert csv[1].startswith("2025,2025H1,1,强化质量政策供给,市市场监管局,lead,2025-06-30,on_track,true,true,red")
    markdown = _status(run, plans, "--format", "markdown").stdout
    assert "| （二） | 提升服务质量水平 | 市卫生健康委 | 牵头 | 2025年9月底前 | 滞后 | 红 | 报送为滞后 |" in markdown


def test_one_unit(plans: Path, run: Run) -> None:
    result = _status(run, plans, "--dept", "市卫健委", "--format", "json")
    assert [(r["no"], r["status"]) for r in json.loads(result.stdout)] == [(2, "behind")]


def test_the_ledger_workbook_is_coloured_filtered_and_print_ready(plans: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    result = _status(run, plans, "-o", str(target))
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(target).worksheets[0]
    # The heading is too long for a sheet's name, which the page footer shows: the sheet says what it is.
    assert ws.title == "工作台账" and ws["A1"].value.startswith("2025年质量工作要点 · 2025年上半年（2025H1）工作台账")
    assert "已完成 1 · 按进度推进 1" in ws["A2"].value
    header = [c.value for c in ws[3]]
    assert header == ["序号", "任务", "单位", "角色", "完成时限", "完成状态", "预警", "说明"]
    flags = {ws.cell(row=r, column=3).value: (ws.cell(row=r, column=7).value,
                                               ws.cell(row=r, column=7).fill.start_color.rgb) for r in range(4, 9)}
    assert flags["市卫生健康委"] == ("红", "00F4B6B6")
    assert flags["市教委"] == ("黄", "00FFE699")
    assert flags["市经济信息化委"] == ("绿", "00C6EFCE")
    assert ws.auto_filter.ref == "A3:H8"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"


def test_chase_names_units_with_item_numbers_and_titles(plans: Path, run: Run) -> None:
    result = _status(run, plans, "--chase")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "2025年质量工作要点2025年上半年推进情况督办清单",
        "截至2025年7月15日，《2025年质量工作要点》2025年上半年推进情况应报送 4 个单位 5 项次，已报送 3 项次。",
        "以下 3 个单位有未报送、逾期、滞后或临近完成时限的事项：",
        "1．市市场监管局：已过完成时限仍未完成 1 项：（一）强化质量政策供给（完成时限2025年6月30日）；"
        "未报送推进情况 1 项：（二）提升服务质量水平。",
        "2．市卫生健康委：报送进度滞后 1 项：（二）提升服务质量水平。",
        "3．市教委：未报送推进情况 1 项：（二）提升服务质量水平。",
        "请以上单位抓紧报送推进情况；对逾期、滞后事项说明原因，明确措施和时间，加快推进。",
    ]


def test_chase_near_deadline_and_all_clear(plans: Path, run: Run) -> None:
    near = run("status", "2025", "--period", "2025H1", "--today", "2025-09-20", "--chase", "--dept", "市卫生健康委",
               plans=plans)
    assert "报送进度滞后 1 项" in near.stdout
    clear = run("status", "2025", "--period", "2025H1", "--chase", "--dept", "市经济信息化委", plans=plans)
    assert "本单位均已按时报送，没有逾期、滞后或临近完成时限的事项。" in clear.stdout


def _flags(result: Result) -> list[tuple[int, str, str, bool]]:
    assert result.exit_code == 0, result.output
    return [(r["no"], r["unit"], r["flag"], r["overdue"]) for r in json.loads(result.stdout)]


def test_a_past_period_is_judged_at_today_or_at_its_end(plans: Path, run: Run) -> None:
    """Item 2's deadline (2025-09-30) falls after 2025H1: in October it has passed (red, and a
    note says why and how to ask about the period's end); at the period's end it had not."""
    late = run("status", "2025", "--period", "2025H1", "--today", "2025-10-15", "--format", "json", plans=plans)
    assert _flags(late)[1:4] == [(2, "市卫生健康委", "red", True), (2, "市教委", "red", True),
                                 (2, "市市场监管局", "red", True)]
    table = run("status", "2025", "--period", "2025H1", "--today", "2025-10-15", plans=plans).stdout
    assert ("按2025年10月15日判断：完成时限为当天的尚未逾期。本期报送反映的是报送期末的情况；"
            "要看报送期结束时是否逾期，加 --at-period-end。第（二）项的完成时限在报送期（截至2025年6月30日）之后，"
            "按今天判断为逾期。") in table
    closed = run("status", "2025", "--period", "2025H1", "--at-period-end", "--format", "json", plans=plans)
    assert _flags(closed) == [(1, "市市场监管局", "red", True), (2, "市卫生健康委", "red", False),
                              (2, "市教委", "yellow", False), (2, "市市场监管局", "yellow", False),
                              (3, "市经济信息化委", "green", False)]
    first = json.loads(closed.stdout)[0]
    assert (first["as_of"], first["at_period_end"]) == ("2025-06-30", True)
    heading = run("status", "2025", "--period", "2025H1", "--at-period-end", plans=plans).stdout
    assert "工作台账　截至 2025-06-30（报送期末）" in heading
    assert "按报送期末（2025年6月30日，当天结束时）判断" in heading
    chase = run("status", "2025", "--period", "2025H1", "--at-period-end", "--chase", plans=plans).stdout
    assert chase.splitlines()[1].startswith("截至2025年6月30日（报送期末），")


def test_no_note_where_today_and_the_period_agree(plans: Path, run: Run) -> None:
    result = _status(run, plans)
    assert "--at-period-end" not in result.stdout and json.loads(
        _status(run, plans, "--format", "json").stdout)[0]["at_period_end"] is False


@pytest.mark.parametrize(("args", "words"), [
    pytest.param(["--period", "2025H1", "--at-period-end", "--today", "2025-07-01"], "不能与 --today 同用",
                 id="with-today"),
    pytest.param(["--period", "2099H1", "--at-period-end"], "2099-06-30 才结束", id="period-not-over"),
])
def test_at_period_end_refusals(plans: Path, run: Run, args: list[str], words: str) -> None:
    write_yaml(plans / "progress" / "2025" / "2099H1.yaml", {"plan": "2025", "period": "2099H1", "reports": []})
    result = run("status", "2025", *args, plans=plans)
    assert result.exit_code != 0 and words in result.stderr and "Traceback" not in result.output


def test_the_period_defaults_to_the_latest_with_progress(plans: Path, run: Run) -> None:
    write_yaml(plans / "progress" / "2025" / "2025Q3.yaml", {"plan": "2025", "period": "2025Q3", "reports": []})
    result = run("status", "2025", "--format", "json", plans=plans)
    assert {r["period"] for r in json.loads(result.stdout)} == {"2025Q3"}


@pytest.mark.parametrize(("args", "code", "words"), [
    pytest.param(["--period", "2025H5"], 2, "不是报送期", id="bad-period"),
    pytest.param(["--today", "2025-13-01"], 2, "不是日期", id="bad-today"),
    pytest.param(["--dept", "市外办"], 2, "不在单位登记表中", id="unknown-unit"),
    pytest.param(["--chase", "-o", "通报.xlsx"], 2, "督办清单是文字", id="chase-as-workbook"),
])
def test_usage_errors(plans: Path, run: Run, args: list[str], code: int, words: str) -> None:
    result = run("status", "2025", *args, plans=plans)
    assert result.exit_code == code
    assert words in result.stderr


def test_no_progress_yet_asks_for_a_period(make_plans: Callable[..., Path], run: Run) -> None:
    plans = make_plans(PLANS)
    result = run("status", "2025", plans=plans)
    assert result.exit_code == 1
    assert "还没有进展记录" in result.stderr and "--period" in result.stderr
    everyone = run("status", "2025", "--period", "2025H1", "--format", "json", plans=plans)
    assert {r["status"] for r in json.loads(everyone.stdout)} == {"unreported"}


def test_a_broken_progress_file_is_named_with_its_line(plans: Path, run: Run) -> None:
    path = plans / "progress" / "2025" / "2025H1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: 滞后", "status: 还行"), encoding="utf-8")
    result = _status(run, plans)
    assert result.exit_code == 1
    assert f"{path}:" in result.stderr and "完成状态“还行”不是" in result.stderr


def test_show_dept_status_gives_the_latest_report(plans: Path, run: Run) -> None:
    write_yaml(plans / "progress" / "2025" / "2025Q3.yaml", {"plan": "2025", "period": "2025Q3", "reports": [
        {"item": 2, "unit": "市市场监管局", "status": "已完成"}]})
    result = run("show", "2025", "--dept", "市市场监管局", "--status", "--format", "json", plans=plans)
    assert result.exit_code == 0, result.output
    assert [(d["no"], d["latest_status"], d["latest_period"]) for d in json.loads(result.stdout)] == [
        (1, "on_track", "2025H1"), (2, "done", "2025Q3")]
    table = run("show", "2025", "--dept", "市市场监管局", "--status", plans=plans).stdout
    assert "按进度推进（2025H1）" in table and "已完成（2025Q3）" in table and "最新进展" in table
    refused = run("show", "2025", "--status", plans=plans)
    assert refused.exit_code == 2 and "--status 需要与 --dept 一起使用" in refused.stderr


def test_show_has_a_deadline_column_when_the_plan_has_deadlines(plans: Path, run: Run,
                                                                 make_plans: Callable[..., Path]) -> None:
    table = run("show", "2025", plans=plans).stdout
    assert "完成时限" in table and "2025年9月底前" in table and "长期坚持" in table
    assert run("show", "2025", "--format", "csv", plans=plans).stdout.splitlines()[0].endswith(",deadline")
    plain = make_plans({"2025": _without_deadlines(PLANS["2025"])}, folder="plain")
    assert "完成时限" not in run("show", "2025", plans=plain).stdout


def _without_deadlines(plan: dict[str, Any]) -> dict[str, Any]:
    items = [{k: v for k, v in entry.items() if k != "deadline"} for entry in plan["sections"][0]["items"]]
    return {**plan, "sections": [{**plan["sections"][0], "items": items}]}


def test_export_adds_deadlines_and_the_latest_status(plans: Path, run: Run, tmp_path: Path,
                                                     make_plans: Callable[..., Path]) -> None:
    target = tmp_path / "分工表.xlsx"
    result = run("export", "2025", "-o", str(target), "--status", plans=plans)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(target)["分工表"]
    assert [c.value for c in ws[3]] == ["序号", "重点任务", "主要内容", "牵头单位", "配合单位", "完成时限", "最新进展"]
    assert [ws.cell(row=r, column=6).value for r in (5, 6, 7)] == ["2025-06-30", "2025年9月底前", "长期坚持"]
    assert [ws.cell(row=r, column=7).value for r in (5, 6, 7)] == ["按进度推进（2025H1）", "滞后（2025H1）",
                                                                    "已完成（2025H1）"]
    assert ws.auto_filter.ref == "A3:G7"
    plain = make_plans({"2025": _without_deadlines(PLANS["2025"])}, folder="plain")
    run("export", "2025", "-o", str(tmp_path / "a.xlsx"), plans=plain)
    assert [c.value for c in openpyxl.load_workbook(tmp_path / "a.xlsx")["分工表"][3]][-1] == "配合单位"
    run("export", "2025", "-o", str(tmp_path / "b.xlsx"), "--deadlines", plans=plain)
    assert [c.value for c in openpyxl.load_workbook(tmp_path / "b.xlsx")["分工表"][3]][-1] == "完成时限"


def test_a_ledger_workbook_someone_edited_is_kept(plans: Path, run: Run, tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    assert _status(run, plans, "-o", str(target)).exit_code == 0
    workbook = openpyxl.load_workbook(target)
    workbook.worksheets[0]["H4"].value = "已电话催报"
    workbook.save(target)
    refused = _status(run, plans, "-o", str(target))
    assert refused.exit_code == 1 and "修改过" in refused.stderr
    assert openpyxl.load_workbook(target).worksheets[0]["H4"].value == "已电话催报"
    assert _status(run, plans, "-o", str(target), "--force").exit_code == 0
