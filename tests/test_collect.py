"""`qplan collect`: returned forms into progress files, each rule of the issue one test or case:
the same file twice changes nothing, a second different return is a conflict shown side by
side (applied only with --replace), every kind of bad form is refused with file, sheet and
cell named and nothing of it written, and the rest of the batch still goes in."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result
from ruamel.yaml import YAML

from tests.conftest import item, small_plan
from tests.progress_data import PLANS, fill, form_path, libreoffice, move_column, resave_with_libreoffice

Run = Callable[..., Result]
PROGRESS = Path("progress") / "2025" / "2025H1.yaml"


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    return make_plans(PLANS)


@pytest.fixture
def forms(plans: Path, run: Run, tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    assert run("forms", "2025", "--period", "2025H1", "-o", str(folder), plans=plans).exit_code == 0
    return folder


@pytest.fixture
def returned(tmp_path: Path) -> Path:
    folder = tmp_path / "returned"
    folder.mkdir()
    return folder


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def collect(run: Run, plans: Path, *files: Path | str) -> Result:
    return run("collect", *map(str, files), plans=plans)


GOOD = {"（一）": {"完成状态": "按进度推进", "进展情况": "已完成中期评估方案。\n正在组织专家评审。", "存在问题": "无"},
        "（二）": {"完成状态": "已完成", "进展情况": "配合开展服务质量监测。"}}


def test_a_form_goes_in_as_one_entry_per_item_with_its_source(plans: Path, forms: Path, returned: Path,
                                                               run: Run) -> None:
    path = fill(form_path(forms, "市市场监管局"), returned / "监管局上半年.xlsx", GOOD)
    result = collect(run, plans, path)
    assert result.exit_code == 0, result.output
    assert "收录 1 个" in result.stdout
    doc = load(plans / PROGRESS)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    today = dt.date.today()
    assert doc == {"plan": "2025", "period": "2025H1", "reports": [
        {"item": 1, "unit": "市市场监管局", "status": "按进度推进",
         "progress": "已完成中期评估方案。\n正在组织专家评审。", "problems": "无", "next_steps": "", "evidence": "",
         "collected": today, "source": {"file": "监管局上半年.xlsx", "sha256": digest}},
        {"item": 2, "unit": "市市场监管局", "status": "已完成", "progress": "配合开展服务质量监测。", "problems": "",
         "next_steps": "", "evidence": "", "collected": today,
         "source": {"file": "监管局上半年.xlsx", "sha256": digest}},
    ]}
    text = (plans / PROGRESS).read_text(encoding="utf-8")
    assert text.startswith("# 进展记录：2025年质量工作要点（计划 2025）· 2025年上半年（2025H1）")
    assert f"  # 市市场监管局：监管局上半年.xlsx（{today.isoformat()} 收录）" in text
    assert "&" not in text and "*" not in text  # no YAML anchors or aliases


def test_the_same_file_twice_changes_nothing(plans: Path, forms: Path, returned: Path, run: Run) -> None:
    path = fill(form_path(forms, "市市场监管局"), returned / "a.xlsx", GOOD)
    assert collect(run, plans, path).exit_code == 0
    before = tree(plans)
    again = collect(run, plans, path)
    assert again.exit_code == 0
    assert "未改动 1 个" in again.stdout
    assert tree(plans) == before


def test_a_resaved_copy_that_says_the_same_changes_nothing(plans: Path, forms: Path, returned: Path,
                                                            run: Run) -> None:
    first = fill(form_path(forms, "市市场监管局"), returned / "a.xlsx", GOOD)
    def taller(workbook: Any) -> None:
        workbook["推进情况"].row_dimensions[4].height = 90

    copy = fill(first, returned / "a（副本）.xlsx", {}, taller)
    assert first.read_bytes() != copy.read_bytes()
    assert collect(run, plans, first).exit_code == 0
    before = tree(plans)
    assert collect(run, plans, copy).exit_code == 0
    assert tree(plans) == before


def test_a_second_different_return_is_a_conflict_shown_side_by_side(plans: Path, forms: Path, returned: Path,
                                                                     run: Run) -> None:
    first = fill(form_path(forms, "市市场监管局"), returned / "第一次.xlsx", GOOD)
    second = fill(form_path(forms, "市市场监管局"), returned / "第二次.xlsx",
                  {"（一）": {"完成状态": "滞后", "进展情况": "评估推迟到三季度。"}})
    assert collect(run, plans, first).exit_code == 0
    before = tree(plans)
    result = run("collect", str(second), "--format", "json", plans=plans)
    assert result.exit_code == 1
    [outcome] = json.loads(result.stdout)
    assert outcome["result"] == "conflict"
    assert {(d["no"], d["field"], d["recorded"], d["returned"]) for d in outcome["differences"]} >= {
        (1, "status", "按进度推进", "滞后"),
        (1, "progress", "已完成中期评估方案。\n正在组织专家评审。", "评估推迟到三季度。"),
        (2, "status", "已完成", "")}
    assert tree(plans) == before
    table = collect(run, plans, second)
    assert "冲突：市市场监管局 · 2025年上半年：已收录 第一次.xlsx" in table.stdout
    assert "--replace" in table.stdout


def test_replace_applies_the_new_return_and_keeps_the_old_file(plans: Path, forms: Path, returned: Path,
                                                                run: Run) -> None:
    first = fill(form_path(forms, "市市场监管局"), returned / "第一次.xlsx", GOOD)
    second = fill(form_path(forms, "市市场监管局"), returned / "第二次.xlsx",
                  {"（一）": {"完成状态": "滞后", "进展情况": "评估推迟到三季度。"}})
    assert collect(run, plans, first).exit_code == 0
    old = (plans / PROGRESS).read_text(encoding="utf-8")
    result = run("collect", str(second), "--replace", plans=plans)
    assert result.exit_code == 0, result.output
    entries = load(plans / PROGRESS)["reports"]
    assert [(e["item"], e["status"], e["source"]["file"]) for e in entries] == [(1, "滞后", "第二次.xlsx")]
    [kept] = (plans / PROGRESS).parent.joinpath(".history").iterdir()
    assert kept.read_text(encoding="utf-8").endswith(old)
    assert "第二次.xlsx" in kept.read_text(encoding="utf-8").splitlines()[0]


def test_other_units_go_in_beside_each_other(plans: Path, forms: Path, returned: Path, run: Run) -> None:
    a = fill(form_path(forms, "市市场监管局"), returned / "a.xlsx", GOOD)
    b = fill(form_path(forms, "市卫生健康委"), returned / "b.xlsx", {"（二）": {"完成状态": "未启动"}})
    assert collect(run, plans, a).exit_code == 0
    assert collect(run, plans, b).exit_code == 0
    entries = load(plans / PROGRESS)["reports"]
    assert [(e["item"], e["unit"], e["status"]) for e in entries] == [
        (1, "市市场监管局", "按进度推进"), (2, "市市场监管局", "已完成"), (2, "市卫生健康委", "未启动")]


def _cell(ref: str, value: Any, sheet: str = "推进情况") -> Callable[[Any], None]:
    def edit(workbook: Any) -> None:
        workbook[sheet][ref].value = value
    return edit


def _drop_meta(workbook: Any) -> None:
    del workbook["qplan"]
    workbook.custom_doc_props.props = []


def _props_say(unit: str) -> Callable[[Any], None]:
    def edit(workbook: Any) -> None:
        for prop in workbook.custom_doc_props:
            if prop.name == "qplan-form-unit":
                prop.value = unit
    return edit


def _two_rows_for_one_item(workbook: Any) -> None:
    workbook["推进情况"]["A5"].value = "（一）"


def _row_without_number(workbook: Any) -> None:
    ws = workbook["推进情况"]
    ws.protection.sheet = False
    ws.insert_rows(5)
    ws["E5"].value = "补充说明：另有两场培训。"


def _headers_gone(workbook: Any) -> None:
    for cell in workbook["推进情况"][3]:
        cell.value = None


FILLED = {"（一）": {"完成状态": "按进度推进", "进展情况": "推进中。"}}


@pytest.mark.parametrize(("values", "edit", "words"), [
    pytest.param(FILLED, _cell("B4", "强化质量政策供给和评估"), ["单元格 B4（任务）被改动", "强化质量政策供给和评估"],
                 id="locked-title-edited"),
    pytest.param(FILLED, _cell("C4", "配合"), ["单元格 C4（本单位角色）被改动"], id="locked-role-edited"),
    pytest.param(FILLED, _cell("A4", "（九）"), ["单元格 A4（序号）", "在计划中不存在"], id="unknown-item"),
    pytest.param(FILLED, _cell("A4", "（三）"), ["单元格 A4（序号）", "不是本单位承担的任务"], id="another-units-item"),
    pytest.param({"（一）": {"完成状态": "差不多", "进展情况": "推进中。"}}, None,
                 ["单元格 F4（完成状态）", "“差不多”不是"], id="invalid-status"),
    pytest.param({"（二）": {"进展情况": "已配合。"}}, None, ["单元格 F5（完成状态）", "没有选择完成状态"],
                 id="text-without-status"),
    pytest.param({}, None, ["还没有填写任何进展"], id="nothing-filled"),
    pytest.param(FILLED, _two_rows_for_one_item, ["单元格 A5（序号）", "出现了两行"], id="two-rows-one-item"),
    pytest.param(FILLED, _row_without_number, ["单元格 A5（序号）", "没有序号"], id="row-without-number"),
    pytest.param(FILLED, _drop_meta, ["不是 qplan 生成的推进情况表"], id="records-removed"),
    pytest.param(FILLED, _props_say("市教委"), ["两处记录的单位不一致"], id="records-disagree"),
    pytest.param(FILLED, _headers_gone, ["找不到推进情况表的表头"], id="headers-removed"),
])
def test_a_bad_form_is_refused_naming_file_and_cell_and_nothing_is_written(
        plans: Path, forms: Path, returned: Path, run: Run, values: dict[str, Any],
        edit: Callable[[Any], None] | None, words: list[str]) -> None:
    good = fill(form_path(forms, "市卫生健康委"), returned / "好的.xlsx", {"（二）": {"完成状态": "已完成"}})
    bad = fill(form_path(forms, "市市场监管局"), returned / "有问题.xlsx", values, edit)
    before = tree(plans)
    result = collect(run, plans, bad)
    assert result.exit_code == 1
    for word in ["有问题.xlsx", "本文件未收录", *words]:
        assert word in result.stderr, (word, result.stderr)
    assert "工作表“推进情况”" in result.stderr or not any("单元格" in w for w in words)
    assert tree(plans) == before
    # The rest of a batch still goes in, and the summary says which did not.
    batch = collect(run, plans, bad, good)
    assert batch.exit_code == 1
    assert "共 2 个文件：收录 1 个，未改动 0 个，冲突 0 个，拒收 1 个。" in batch.stdout
    assert [e["unit"] for e in load(plans / PROGRESS)["reports"]] == ["市卫生健康委"]


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(("damage", "words"), [
    pytest.param(_truncated, "已损坏", id="truncated"),
    pytest.param(lambda p: p.write_text("序号,任务\n1,x\n", encoding="utf-8"), "不是 Excel 工作簿", id="csv-renamed"),
    pytest.param(lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".xls", id="old-xls"),
    pytest.param(lambda p: p.write_bytes(b""), "文件为空", id="empty"),
])
def test_a_damaged_file_is_refused(plans: Path, forms: Path, returned: Path, run: Run,
                                   damage: Callable[[Path], None], words: str) -> None:
    path = fill(form_path(forms, "市市场监管局"), returned / "坏的.xlsx", FILLED)
    damage(path)
    before = tree(plans)
    result = collect(run, plans, path)
    assert result.exit_code == 1
    assert "坏的.xlsx" in result.stderr and words in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert tree(plans) == before


def test_a_zip_bomb_is_not_opened(plans: Path, returned: Path, run: Run) -> None:
    path = returned / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
        for _ in range(8):
            part.write(b"\0" * (1 << 24))
    result = collect(run, plans, path)
    assert result.exit_code == 1
    assert "解压后过大" in result.stderr


def test_a_form_of_another_plan_or_period_is_refused_when_one_is_named(
        make_plans: Callable[..., Path], run: Run, tmp_path: Path, returned: Path) -> None:
    plans = make_plans({**PLANS, "2026": small_plan(2026, [item(1, "新任务", ["市市场监管局"])])})
    assert run("forms", "2026", "--period", "2026Q1", "-o", str(tmp_path / "f26"), plans=plans).exit_code == 0
    assert run("forms", "2025", "--period", "2025H1", "-o", str(tmp_path / "f25"), plans=plans).exit_code == 0
    other_plan = fill(form_path(tmp_path / "f26", "市市场监管局", "2026", "2026Q1"), returned / "x.xlsx",
                      {"（一）": {"完成状态": "未启动"}})
    this_plan = fill(form_path(tmp_path / "f25", "市市场监管局"), returned / "y.xlsx", FILLED)
    before = tree(plans)
    wrong_plan = run("collect", str(other_plan), "--plan", "2025", plans=plans)
    assert wrong_plan.exit_code == 1
    assert ("这是计划 2026（2026年质量工作要点）的表格（见隐藏工作表“qplan”单元格 B3和表头上方的副标题），"
            "不是本次收录的计划 2025") in wrong_plan.stderr
    wrong_period = run("collect", str(this_plan), "--period", "2025Q3", plans=plans)
    assert wrong_period.exit_code == 1
    assert ("这是 2025年上半年（2025H1）的表格（见隐藏工作表“qplan”单元格 B5和表头上方的副标题），"
            "不是本次收录的 2025年第三季度（2025Q3）") in wrong_period.stderr
    assert tree(plans) == before
    # Without --plan, each form goes into its own plan's progress file.
    both = run("collect", str(other_plan), str(this_plan), plans=plans)
    assert both.exit_code == 0, both.output
    assert (plans / "progress" / "2026" / "2026Q1.yaml").exists() and (plans / PROGRESS).exists()


def test_a_form_made_from_another_folders_plan_is_refused(make_plans: Callable[..., Path], run: Run,
                                                           tmp_path: Path, returned: Path) -> None:
    ours = make_plans(PLANS)
    other = make_plans({"2025": small_plan(2025, [item(1, "强化质量政策供给", ["市市场监管局"])],
                                           title="2025年某区质量工作要点")}, folder="other")
    assert run("forms", "2025", "--period", "2025H1", "-o", str(tmp_path / "f"), plans=other).exit_code == 0
    path = fill(form_path(tmp_path / "f", "市市场监管局"), returned / "z.xlsx", FILLED)
    result = collect(run, ours, path)
    assert result.exit_code == 1
    assert "这是另一个计划的表格：表中记录的计划是“2025年某区质量工作要点”" in result.stderr
    assert not (ours / "progress").exists()


def test_moved_columns_and_a_new_name_are_read_by_their_headers(plans: Path, forms: Path, returned: Path,
                                                                 run: Run) -> None:
    def rearrange(workbook: Any) -> None:
        ws = workbook["推进情况"]
        ws.protection.sheet = False
        move_column(ws, "完成状态", 1)
        move_column(ws, "存在问题", 3)
        workbook["推进情况"].title = "上半年"

    path = fill(form_path(forms, "市市场监管局"), returned / "请查收.xlsx", GOOD, rearrange)
    assert openpyxl.load_workbook(path)["上半年"]["A3"].value == "完成状态"
    result = collect(run, plans, path)
    assert result.exit_code == 0, result.output
    entries = load(plans / PROGRESS)["reports"]
    assert [(e["item"], e["status"], e["problems"]) for e in entries] == [(1, "按进度推进", "无"), (2, "已完成", "")]


@pytest.mark.parametrize("keep", ["sheet", "properties"])
def test_one_record_of_what_the_form_is_is_enough(plans: Path, forms: Path, returned: Path, run: Run,
                                                  keep: str) -> None:
    def drop_one(workbook: Any) -> None:
        if keep == "sheet":
            workbook.custom_doc_props.props = []
        else:
            del workbook["qplan"]

    path = fill(form_path(forms, "市市场监管局"), returned / "a.xlsx", FILLED, drop_one)
    result = collect(run, plans, path)
    assert result.exit_code == 0, result.output
    assert [e["item"] for e in load(plans / PROGRESS)["reports"]] == [1]


def test_a_row_left_empty_or_deleted_is_unreported_and_said_so(plans: Path, forms: Path, returned: Path,
                                                                run: Run) -> None:
    def delete_row(workbook: Any) -> None:
        ws = workbook["推进情况"]
        ws.protection.sheet = False
        ws.delete_rows(5)

    path = fill(form_path(forms, "市市场监管局"), returned / "a.xlsx", FILLED, delete_row)
    result = run("collect", str(path), "--format", "json", plans=plans)
    assert result.exit_code == 0, result.output
    assert "表中缺少第（二）项的行，按未报送处理" in json.loads(result.stdout)[0]["message"]


def test_a_plan_changed_after_the_forms_went_out(make_plans: Callable[..., Path], run: Run, tmp_path: Path,
                                                 returned: Path) -> None:
    plans = make_plans(PLANS)
    assert run("forms", "2025", "--period", "2025H1", "-o", str(tmp_path / "f"), plans=plans).exit_code == 0
    path = fill(form_path(tmp_path / "f", "市市场监管局"), returned / "a.xlsx", FILLED)
    text = (plans / "2025.yaml").read_text(encoding="utf-8")
    (plans / "2025.yaml").write_text(text.replace("deadline: '2025-06-30'", "deadline: '2025-05-31'"),
                                     encoding="utf-8")
    moved = run("collect", str(path), "--format", "json", plans=plans)
    assert moved.exit_code == 0, moved.output
    assert "“完成时限”已改为“2025-05-31”" in json.loads(moved.stdout)[0]["message"]
    (plans / "2025.yaml").write_text(text.replace("强化质量政策供给", "强化质量政策研究"), encoding="utf-8")
    retitled = collect(run, plans, fill(path, returned / "b.xlsx", {"（一）": {"完成状态": "已完成"}}))
    assert retitled.exit_code == 1
    assert "可能已不是同一项任务" in retitled.stderr and "qplan forms" in retitled.stderr


def test_progress_typed_by_hand_is_a_prior_return(plans: Path, forms: Path, returned: Path, run: Run) -> None:
    folder = plans / "progress" / "2025"
    folder.mkdir(parents=True)
    (folder / "2025H1.yaml").write_text(
        "plan: '2025'\nperiod: 2025H1\nreports:\n  - item: 2\n    unit: 市卫健委  # 电话记录\n    status: 滞后\n",
        encoding="utf-8")
    path = fill(form_path(forms, "市卫生健康委"), returned / "a.xlsx", {"（二）": {"完成状态": "已完成"}})
    result = run("collect", str(path), "--format", "json", plans=plans)
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["result"] == "conflict"
    assert "手工填写" in json.loads(result.stdout)[0]["message"]
    assert run("collect", str(path), "--replace", plans=plans).exit_code == 0
    assert [(e["unit"], e["status"]) for e in load(folder / "2025H1.yaml")["reports"]] == [("市卫生健康委", "已完成")]


def test_a_folder_stands_for_its_workbooks(plans: Path, forms: Path, returned: Path, run: Run) -> None:
    fill(form_path(forms, "市市场监管局"), returned / "a.xlsx", FILLED)
    fill(form_path(forms, "市教委"), returned / "b.xlsx", {"（二）": {"完成状态": "已完成"}})
    (returned / "~$a.xlsx").write_bytes(b"lock")
    result = run("collect", str(returned), plans=plans)
    assert result.exit_code == 0, result.output
    assert "共 2 个文件：收录 2 个" in result.stdout


@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc)")
def test_a_form_saved_through_libreoffice_is_collected(plans: Path, forms: Path, returned: Path, run: Run,
                                                        tmp_path: Path) -> None:
    filled = fill(form_path(forms, "市市场监管局"), returned / "监管局.xlsx", GOOD)
    saved = resave_with_libreoffice(filled, tmp_path / "libreoffice")
    workbook = openpyxl.load_workbook(saved)
    assert workbook["qplan"].sheet_state in ("hidden", "veryHidden")
    result = collect(run, plans, saved)
    assert result.exit_code == 0, result.output
    entries = load(plans / PROGRESS)["reports"]
    assert [(e["item"], e["status"], e["progress"]) for e in entries] == [
        (1, "按进度推进", "已完成中期评估方案。\n正在组织专家评审。"), (2, "已完成", "配合开展服务质量监测。")]
    # The LibreOffice copy says what the openpyxl file said: collecting that one too changes nothing.
    before = tree(plans)
    assert "未改动 1 个" in collect(run, plans, filled).stdout
    assert tree(plans) == before


def test_a_form_whose_recorded_unit_has_an_invisible_character_is_refused(plans: Path, forms: Path,
                                                                          returned: Path, run: Run) -> None:
    """The unit a form records is read through the one normalisation of names: an invisible
    character in it is named, never taken as another unit or as none."""
    def poison(workbook: Any) -> None:
        workbook.custom_doc_props.props = []
        for row in workbook["qplan"].iter_rows():
            if row[0].value == "单位":
                row[1].value = "市市场监管局\u200b"

    path = fill(form_path(forms, "市市场监管局"), returned / "a.xlsx", GOOD, poison)
    result = collect(run, plans, path)
    assert result.exit_code == 1
    assert "表中记录的单位名称“市市场监管局[U+200B]”含有看不见的字符：" \
           "第 7 个字符（“市市场监管局”之后）是 U+200B 零宽空格" in result.output
    assert not (plans / PROGRESS).exists()


def _as_version_one(workbook: Any) -> None:
    """What a form written before the task text and 未规定 (format version 1) looks like: 任务
    holds the title only, everywhere the form records it."""
    from openpyxl.packaging.custom import StringProperty

    for ws in (workbook["推进情况"], workbook["qplan"]):
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "\n" in cell.value and cell.value.split("\n")[0].startswith("强化"):
                    cell.value = cell.value.split("\n")[0]
    workbook["qplan"]["B2"].value = "1"
    props = workbook.custom_doc_props
    kept = [p for p in props if p.name != "qplan-form-version"]
    props.props = [*kept, StringProperty(name="qplan-form-version", value="1")]


def test_a_form_of_the_first_format_version_is_still_collected(plans: Path, forms: Path, returned: Path,
                                                               run: Run) -> None:
    """Forms sent out before 任务 carried the item's text come back and are read against the
    texts their own version wrote, without a false note of a change."""
    path = fill(form_path(forms, "市市场监管局"), returned / "old.xlsx", {"（一）": {"完成状态": "已完成"}},
                _as_version_one)
    assert openpyxl.load_workbook(path)["推进情况"]["B4"].value == "强化质量政策供给"
    result = run("collect", str(path), "--format", "json", plans=plans)
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)[0]
    assert outcome["result"] == "added" and not any("已改为" in note for note in outcome["notes"])
    assert [(e["item"], e["status"]) for e in load(plans / PROGRESS)["reports"]] == [(1, "已完成")]


def test_the_text_under_a_task_changed_by_the_office_or_by_a_clerk(plans: Path, forms: Path, returned: Path,
                                                                    run: Run) -> None:
    """The office rewording an item's text after the forms went out keeps the row the same
    item (taken, with a note); a clerk editing the text in the locked cell is refused."""
    path = fill(form_path(forms, "市市场监管局"), returned / "a.xlsx", FILLED)
    text = (plans / "2025.yaml").read_text(encoding="utf-8")
    (plans / "2025.yaml").write_text(text.replace("强化质量政策供给的内容。", "修订后的内容。"), encoding="utf-8")
    reworded = run("collect", str(path), "--format", "json", plans=plans)
    assert reworded.exit_code == 0, reworded.output
    notes = json.loads(reworded.stdout)[0]["notes"]
    assert "表格生成之后，计划中第（一）项的主要内容有修改（任务名称未变）；已按现行计划收录。" in notes
    (plans / "2025.yaml").write_text(text, encoding="utf-8")
    edited = fill(form_path(forms, "市市场监管局"), returned / "b.xlsx", FILLED,
                  _cell("B4", "强化质量政策供给\n本单位改写的内容。"))
    before = tree(plans)
    refused = collect(run, plans, edited)
    assert refused.exit_code == 1
    assert ("单元格 B4（任务）被改动：表中为“强化质量政策供给……”，计划中为“强化质量政策供给……”"
            in refused.stderr.replace("\n", ""))
    assert tree(plans) == before
