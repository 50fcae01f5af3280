"""`qplan forms`: one progress form per unit, with the locked columns filled in from the plan,
a drop-down for 完成状态, what the form is recorded where a clerk won't destroy it, and
print set-up like the 分工表."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from qplan.excel.styles import lines_needed, printed_scale, row_height
from tests.conftest import SHIPPED_PLANS, SMALL_UNITS, item, small_plan
from tests.excel_xml import Xlsx
from tests.progress_data import PLANS, fill, form_path

Run = Callable[..., Result]
def task(title: str) -> str:
    """The 任务 cell: the title, and the plan's text of the item below it."""
    return f"{title}\n{title}的内容。"


HEADERS = ["序号", "任务", "本单位角色", "完成时限", "进展情况", "完成状态", "存在问题", "下步计划", "佐证材料"]


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    return make_plans(PLANS)


@pytest.fixture
def forms(plans: Path, run: Run, tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    result = run("forms", "2025", "--period", "2025H1", "-o", str(folder), plans=plans)
    assert result.exit_code == 0, result.output
    return folder


def test_one_form_per_reporting_unit_named_by_its_canonical_name(forms: Path) -> None:
    assert sorted(p.name for p in forms.iterdir()) == sorted(
        f"{unit}_2025_2025H1_推进情况表.xlsx" for unit in ("市市场监管局", "市卫生健康委", "市教委", "市经济信息化委"))


def test_the_sheet_to_fill_has_exactly_the_columns_and_one_row_per_item(forms: Path) -> None:
    ws = openpyxl.load_workbook(form_path(forms, "市市场监管局"))["推进情况"]
    assert [c.value for c in ws[3]] == HEADERS
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=5, max_col=4)] == [
        ["（一）", task("强化质量政策供给"), "牵头", "2025-06-30"],
        ["（二）", task("提升服务质量水平"), "配合", "2025年9月底前"],
    ]
    assert ws["A1"].value == "市市场监管局　2025年上半年工作推进情况表"
    assert "《2025年质量工作要点》" in ws["A2"].value and "2025年1月1日至2025年6月30日" in ws["A2"].value
    assert str(ws["A7"].value).startswith("注：灰色各列按计划填好，请勿改动")


def test_an_inferred_lead_is_marked_with_its_legend(forms: Path) -> None:
    ws = openpyxl.load_workbook(form_path(forms, "市经济信息化委"))["推进情况"]
    assert [c.value for c in ws[4]][:4] == ["（三）", task("推进质量数字赋能"), "牵头※", "长期坚持"]
    notes = [str(ws.cell(row=r, column=1).value) for r in range(6, ws.max_row + 1) if ws.cell(row=r, column=1).value]
    assert any(note.strip().startswith("※ 牵头单位为推定") for note in notes)


def test_locked_columns_are_protected_and_the_rest_open(forms: Path) -> None:
    ws = openpyxl.load_workbook(form_path(forms, "市市场监管局"))["推进情况"]
    assert ws.protection.sheet is True
    # A clerk with a long report may still make a row taller or a column wider.
    assert ws.protection.formatRows is False and ws.protection.formatColumns is False
    assert [ws.cell(row=4, column=c).protection.locked for c in range(1, 10)] == [True] * 4 + [False] * 5
    assert ws["A1"].protection.locked and ws["B3"].protection.locked


def test_status_is_a_drop_down_of_the_four_words(forms: Path) -> None:
    ws = openpyxl.load_workbook(form_path(forms, "市市场监管局"))["推进情况"]
    [validation] = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"已完成,按进度推进,滞后,未启动"'
    assert str(validation.sqref) == "F4:F5"
    assert validation.showErrorMessage and not validation.showDropDown  # the arrow shows


def test_the_form_records_what_it_is_twice(forms: Path) -> None:
    workbook = openpyxl.load_workbook(form_path(forms, "市卫生健康委"))
    meta = workbook["qplan"]
    assert meta.sheet_state == "veryHidden" and meta.protection.sheet
    assert [[c.value for c in row] for row in meta.iter_rows(max_row=6, max_col=2)] == [
        ["表格", "qplan 推进情况表"], ["格式版本", "2"], ["计划", "2025"], ["计划标题", "2025年质量工作要点"],
        ["报送期", "2025H1"], ["单位", "市卫生健康委"]]
    assert [c.value for c in meta[10]] == [2, "（二）", task("提升服务质量水平"), "牵头", "2025年9月底前"]
    props = {p.name: p.value for p in workbook.custom_doc_props}
    assert {k: props[k] for k in ("qplan-form", "qplan-form-plan", "qplan-form-period", "qplan-form-unit")} == {
        "qplan-form": "qplan 推进情况表", "qplan-form-plan": "2025", "qplan-form-period": "2025H1",
        "qplan-form-unit": "市卫生健康委"}
    assert workbook.sheetnames[0] == "推进情况"


def test_print_ready_like_the_division_of_work(forms: Path) -> None:
    path = form_path(forms, "市市场监管局")
    ws = openpyxl.load_workbook(path)["推进情况"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddFooter.center.text == "&A　第 &P 页"
    assert ws["A4"].font.name == "仿宋" and ws["A3"].font.name == "黑体"
    xlsx = Xlsx(path)
    assert xlsx.print_titles("推进情况") == "$3:$3"
    assert xlsx.attr("推进情况", "m:sheetPr/m:pageSetUpPr", "fitToPage") == "1"
    # Room to write by hand on paper.
    assert ws.row_dimensions[4].height >= 45


def test_one_unit_by_any_spelling(plans: Path, run: Run, tmp_path: Path) -> None:
    result = run("forms", "2025", "--period", "2025Q3", "--dept", "市卫健委", "-o", str(tmp_path / "q3"), plans=plans)
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "q3").iterdir()] == ["市卫生健康委_2025_2025Q3_推进情况表.xlsx"]


def test_groups_without_members_get_no_form_and_the_office_hears_why(plans: Path, run: Run, tmp_path: Path) -> None:
    result = run("forms", "2025", "--period", "2025H1", "-o", str(tmp_path / "f"), "--format", "json", plans=plans)
    units = [d["unit"] for d in json.loads(result.stdout)]
    assert units == ["市市场监管局", "市卫生健康委", "市教委", "市经济信息化委"]
    assert "市质量工作领导小组成员单位未登记成员" in result.stderr


def test_recorded_members_report_on_their_groups_items(make_plans: Callable[..., Path], run: Run,
                                                        tmp_path: Path) -> None:
    units = {"units": [dict(u) for u in SMALL_UNITS["units"]]}
    units["units"][-1]["members"] = ["市教委", "市经济信息化委"]
    plans = make_plans(PLANS, units)
    result = run("forms", "2025", "--period", "2025H1", "--dept", "市教委", "-o", str(tmp_path / "f"), plans=plans)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(form_path(tmp_path / "f", "市教委"))["推进情况"]
    assert [c.value for c in ws[4]][:3] == ["（一）", task("强化质量政策供给"),
                                           "配合△（经由市质量工作领导小组成员单位）"]


def test_a_filled_in_form_is_never_overwritten_without_force(forms: Path, plans: Path, run: Run) -> None:
    path = form_path(forms, "市教委")
    fill(path, path, {"（二）": {"完成状态": "已完成", "进展情况": "已完成培训。"}})
    again = run("forms", "2025", "--period", "2025H1", "-o", str(forms), plans=plans)
    assert again.exit_code == 1
    assert "修改过" in again.stderr and "市教委" in again.stderr
    assert openpyxl.load_workbook(path)["推进情况"]["E4"].value == "已完成培训。"
    forced = run("forms", "2025", "--period", "2025H1", "-o", str(forms), "--force", plans=plans)
    assert forced.exit_code == 0
    assert openpyxl.load_workbook(path)["推进情况"]["E4"].value is None


@pytest.mark.parametrize(("args", "words"), [
    pytest.param(["--period", "2025H3"], "不是报送期", id="bad-period"),
    pytest.param([], "--period", id="period-missing"),
    pytest.param(["--period", "2025H1", "--dept", "市公安局"], "不在单位登记表中", id="unknown-unit"),
])
def test_usage_errors_are_explained(plans: Path, run: Run, args: list[str], words: str) -> None:
    result = run("forms", "2025", *args, plans=plans)
    assert result.exit_code == 2
    assert words in result.stderr


def test_every_unit_of_the_shipped_plan_gets_its_form(run: Run, tmp_path: Path) -> None:
    result = run("forms", "2025", "--period", "2025H1", "-o", str(tmp_path / "f"), "--format", "json",
                 plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    assert len(written) == len(list((tmp_path / "f").iterdir())) == 23
    lead = {d["unit"]: d["lead"] for d in written}
    assert lead["市市场监管局"] == 12 and lead["市住房城乡建设管理委"] == 1


def test_a_unit_the_plan_makes_responsible_for_every_item_reports_on_every_item(
        make_plans: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    wide = {"unit": "市教委", "role": "support", "note": "以下均需市教委落实，不再列出"}
    plan = {**PLANS["2025"], "plan_wide": [wide]}
    plans = make_plans({"2025": plan})
    result = run("forms", "2025", "--period", "2025", "--dept", "市教委", "-o", str(tmp_path / "f"), plans=plans)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(form_path(tmp_path / "f", "市教委", period="2025"))["推进情况"]
    assert [[c.value for c in row][:3] for row in ws.iter_rows(min_row=4, max_row=6)] == [
        ["（一）", task("强化质量政策供给"), "配合◎（全文通用）"], ["（二）", task("提升服务质量水平"), "配合"],
        ["（三）", task("推进质量数字赋能"), "配合◎（全文通用）"]]
    ledger = run("status", "2025", "--period", "2025", "--dept", "市教委", "--format", "json", plans=plans)
    assert [(r["no"], r["via_plan_wide"]) for r in json.loads(ledger.stdout)] == [(1, True), (2, False), (3, True)]


def test_a_plan_without_units_gets_no_forms(make_plans: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    plan = {**PLANS["2025"], "no_units": True, "sections": [{"no": 1, "title": "第一部分", "items": [
        {"no": 1, "title": "强化质量政策供给", "text": "内容。", "lead": [], "support": [], "lead_stated": False}]}]}
    result = run("forms", "2025", "--period", "2025", "-o", str(tmp_path / "f"), plans=make_plans({"2025": plan}))
    assert result.exit_code == 1
    assert "原文没有写任何责任单位，无法生成推进情况表" in result.stderr


def test_a_task_shows_its_text_under_a_bold_title_and_every_deadline_cell_is_filled(
        make_plans: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    """任务 carries the plan's text of the item so that a unit knows what it reports on; an
    item without a deadline says 未规定 rather than leaving a grey cell blank; the form still
    prints on A4 at full size with 任务 readable as a paragraph."""
    long_text = "组织开展质量强国建设纲要中期评估，聚焦阶段性目标全面评估工作成效。" * 4
    untexted = {key: value for key, value in item(2, "提升服务质量水平", ["市市场监管局"]).items() if key != "text"}
    plan = small_plan(2025, [item(1, "强化质量政策供给", ["市市场监管局"], text=long_text), untexted])
    plans = make_plans({"2025": plan})
    result = run("forms", "2025", "--period", "2025H1", "-o", str(tmp_path / "f"), plans=plans)
    assert result.exit_code == 0, result.output
    path = form_path(tmp_path / "f", "市市场监管局")
    ws = openpyxl.load_workbook(path)["推进情况"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=5, max_col=4)] == [
        ["（一）", f"强化质量政策供给\n{long_text}", "牵头", "未规定"],
        ["（二）", "提升服务质量水平", "牵头", "未规定"]]
    rich = openpyxl.load_workbook(path, rich_text=True)["推进情况"]["B4"].value
    assert [(block.text, bool(block.font.b)) for block in rich] == [("强化质量政策供给", True),
                                                                     (f"\n{long_text}", False)]
    notes = "".join(str(ws.cell(row=r, column=1).value or "") for r in range(6, ws.max_row + 1))
    assert ("灰色各列按计划填好，请勿改动（“任务”首行为任务名称，其下为计划中该项任务的主要内容；"
            "完成时限为“未规定”的，计划中没有写明完成时限）。") in notes
    widths = [ws.column_dimensions[letter].width for letter in "ABCDEFGHI"]
    assert printed_scale(widths, "A4") == 1.0 and widths[1] >= 24
    assert ws.row_dimensions[4].height >= row_height(lines_needed(ws["B4"].value, widths[1], 10.5), 10.5)
    meta = openpyxl.load_workbook(path)["qplan"]
    assert [c.value for c in meta[10]][2:5] == [f"强化质量政策供给\n{long_text}", "牵头", "未规定"]


def test_a_text_too_long_for_one_row_is_cut_after_a_sentence_and_says_so(
        make_plans: Callable[..., Path], run: Run, tmp_path: Path) -> None:
    """Excel cannot show a row higher than 409 points, nor print one longer than a page (with
    the notes under the table): a very long text is carried up to a full stop, with a note
    where the rest is."""
    sentence = "加强质量基础设施建设，推动计量、标准、认证认可、检验检测协同发展。"  # 33 characters
    plan = small_plan(2025, [item(1, "夯实质量基础", ["市市场监管局"], text=sentence * 20)])
    result = run("forms", "2025", "--period", "2025H1", "-o", str(tmp_path / "f"), plans=make_plans({"2025": plan}))
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(form_path(tmp_path / "f", "市市场监管局"))["推进情况"]
    title, text = ws["B4"].value.split("\n")
    assert title == "夯实质量基础" and text == sentence * 8 + "……（下略，全文见计划）"
    assert ws.row_dimensions[4].height <= 409
