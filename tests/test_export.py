"""`qplan export`: where the workbook goes, and that writing it never loses a file."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result
from openpyxl.writer.excel import ExcelWriter

from qplan import yamlio
from tests.conftest import REPO, SHIPPED_PLANS, item, small_plan
from tests.excel_xml import Xlsx

PLANS = {"2030": small_plan(2030, [
    item(1, "强化政策供给", ["市市场监管局"], ["市教委"], stated=False),
    item(2, "推进数字赋能", ["市经济信息化委"], ["市市场监管局"]),
])}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_default_goes_to_exports_in_the_current_folder(make_plans: Callable[..., Path],
                                                       run: Callable[..., Result], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    plans = make_plans(PLANS, folder="elsewhere/plans")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = run("export", "2030", plans=plans)
    assert result.exit_code == 0, result.output
    target = work / "exports" / "2030.xlsx"
    assert result.stderr == f"已写入 {Path('exports') / '2030.xlsx'}（分工表、责任矩阵、单位汇总、负荷图）\n"
    assert result.stdout == ""
    assert Xlsx(target).sheet_names == ["分工表", "责任矩阵", "单位汇总", "负荷图"]
    assert not (plans.parent / "exports").exists()
    # A second run replaces the file in place.
    assert run("export", "2030", plans=plans).exit_code == 0
    assert leftovers(work / "exports") == []


def test_shipped_2025(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "2025.xlsx"
    result = run("export", "2025", "-o", str(path), plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    assert result.stderr == f"已写入 {path}（分工表、责任矩阵、单位汇总、负荷图）\n"
    wb = openpyxl.load_workbook(path)
    division = wb["分工表"]
    assert division["A1"].value == "2025年上海市质量工作要点任务分工表"
    labels = [division.cell(row=r, column=1).value for r in range(4, division.max_row + 1)]
    assert labels.count("（十五）") == 1
    assert sum(1 for label in labels if label and label.startswith("（")) == 15
    assert Xlsx(path).formula_elements() == []
    summary = [c.value for c in wb["单位汇总"][4]]
    assert summary == [1, "市市场监管局", "市政府部门", 12, 12, 1, 13, 25,
                       "（一）至（四）、\n（六）至（九）、\n（十二）至（十五）", "（十）"]


def test_shipped_2025_per_unit(run: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "units"
    result = run("export", "2025", "--per-unit", "-o", str(folder), plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    files = sorted(p.stem for p in folder.iterdir())
    assert len(files) == 23 and "市卫生健康委" in files and "市市场监管局" in files
    assert result.stderr.endswith(f"已写入 {folder}：23 个单位的工作簿，每个单位一个文件。\n")
    # Units named in the plan as a group without recorded members get none, and are named.
    for group in ("市质量工作领导小组成员单位", "市质量工作领导小组相关成员单位", "市政府质量奖审定委员会相关成员单位"):
        assert group not in files and group in result.stderr
    ws = openpyxl.load_workbook(folder / "市卫生健康委.xlsx")["市卫生健康委"]
    assert ws["A1"].value == "市卫生健康委　2025年上海市质量工作要点任务分工"
    assert ws["A4"].value == "（十二）"


# What only the office knows how to act on: qplan, its files and its options.
TOOL_WORDS = ("qplan", ".yaml", "units", "members", "--", "登记")


def reader_text(path: Path) -> str:
    """Every cell a reader of the workbook can see (very hidden sheets are qplan's own)."""
    book = openpyxl.load_workbook(path)
    return "\n".join(str(cell.value) for sheet in book.worksheets if sheet.sheet_state == "visible"
                     for row in sheet.iter_rows() for cell in row if cell.value is not None)


@pytest.mark.parametrize("args", [
    pytest.param(("--dept", "市卫生健康委"), id="one-unit"),
    pytest.param((), id="whole-plan"),
    pytest.param(("--status", "--deadlines"), id="with-status"),
])
def test_a_circulated_workbook_speaks_to_its_reader(run: Callable[..., Result], tmp_path: Path,
                                                    args: tuple[str, ...]) -> None:
    """Workbooks go to the units: their notes say what to do with the work, never how to use
    qplan or its files (that is for the office, in the terminal)."""
    path = tmp_path / "out.xlsx"
    result = run("export", "2025", *args, "-o", str(path), plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    text = reader_text(path)
    assert [word for word in TOOL_WORDS if word in text] == []
    if args[:1] == ("--dept",):
        assert ("以下条目由单位群组承担，本表未列入：市质量工作领导小组成员单位：（一）；"
                "市质量工作领导小组相关成员单位：（二）；市政府质量奖审定委员会相关成员单位：（四）。"
                "本单位如是其中群组的成员，请一并落实。") in text


def test_a_form_speaks_to_its_reader(run: Callable[..., Result], tmp_path: Path) -> None:
    result = run("forms", "2025", "--period", "2025H1", "--dept", "市卫健委", "-o", str(tmp_path / "forms"),
                 plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    (form,) = (tmp_path / "forms").iterdir()
    text = reader_text(form)
    assert [word for word in TOOL_WORDS if word in text] == []


def test_unit_file_names_are_legal_and_unique(make_plans: Callable[..., Path],
                                              run: Callable[..., Result], tmp_path: Path) -> None:
    units = {"units": [
        {"name": "市[重点]项目办:联络*组?/\\附属", "kind": "市政府部门"},
        {"name": "市重点项目办/联络组", "kind": "市政府部门"},
        {"name": "市重点项目办:联络组", "kind": "市政府部门"},
        {"name": "上海市质量和标准化工作领导小组办公室联络员会议全体成员单位之一甲", "kind": "市政府部门"},
        {"name": "上海市质量和标准化工作领导小组办公室联络员会议全体成员单位之一乙", "kind": "市政府部门"},
        {"name": "分工表", "kind": "社会组织"},
    ]}
    plans = make_plans({"2030": small_plan(2030, [item(1, "甲", [u["name"] for u in units["units"]])])},
                       units=units)
    folder = tmp_path / "out"
    assert run("export", "2030", "--per-unit", "-o", str(folder), plans=plans).exit_code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 6
    assert "市[重点]项目办_联络_组___附属.xlsx" in names
    assert "市重点项目办_联络组.xlsx" in names and "市重点项目办_联络组（2）.xlsx" in names
    for name in names:
        sheets = openpyxl.load_workbook(folder / name).sheetnames
        assert len(sheets) == 1 and len(sheets[0]) <= 31


@pytest.mark.parametrize(("output", "code", "message"), [
    pytest.param("missing/out.xlsx", 1, "输出文件夹“{tmp}/missing”不存在。请先创建该文件夹，或换一个输出路径。",
                 id="missing-folder"),
    pytest.param("out.csv", 2, "输出文件“{tmp}/out.csv”不是 .xlsx 文件。", id="wrong-suffix"),
    pytest.param("folder.xlsx", 1, "{tmp}/folder.xlsx: 这是一个文件夹。请给出文件名", id="a-folder"),
])
def test_bad_output_paths(make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path,
                          output: str, code: int, message: str) -> None:
    (tmp_path / "folder.xlsx").mkdir()
    result = run("export", "2030", "-o", str(tmp_path / output), plans=make_plans(PLANS))
    assert result.exit_code == code
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.output


def test_exports_cannot_be_created(make_plans: Callable[..., Path], run: Callable[..., Result],
                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = make_plans(PLANS)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").write_text("not a folder", encoding="utf-8")
    result = run("export", "2030", plans=plans)
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：exports: 无法创建导出文件夹（File exists）。")


def test_unwritable_folder(make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    plans = make_plans(PLANS)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(yamlio, "_open_temp", refuse)
    result = run("export", "2030", "-o", str(tmp_path / "out.xlsx"), plans=plans)
    assert result.exit_code == 1
    assert result.stderr == (f"错误：{tmp_path}/out.xlsx: 无法在“{tmp_path}”中写入文件（没有权限）。"
                             "请检查文件夹权限，或换一个输出路径。\n")
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize(("failure", "code"), [
    pytest.param("disk-full", 1, id="disk-full"),
    pytest.param("bug", 3, id="bug"),
])
def test_a_failed_save_keeps_the_old_file_and_leaves_no_temp(
        make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, failure: str, code: int) -> None:
    plans = make_plans(PLANS)
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"previous workbook")

    def half_save(self: Any) -> None:
        self._archive.writestr("xl/half.xml", b"half a workbook")
        raise RuntimeError("boom")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    if failure == "bug":
        monkeypatch.setattr(ExcelWriter, "save", half_save)
    else:  # the data is written, and the disk fills up as it is flushed
        monkeypatch.setattr(os, "fsync", disk_full)
    result = run("export", "2030", "-o", str(path), "--force", plans=plans)
    assert result.exit_code == code
    if failure == "disk-full":
        assert result.stderr == f"错误：{path}: 写入失败（磁盘空间不足）。原文件未被改动。\n"
    assert path.read_bytes() == b"previous workbook"
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "plans"]


def test_a_workbook_a_person_edited_is_replaced_only_with_force(
        make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path) -> None:
    plans = make_plans(PLANS)
    path = tmp_path / "out.xlsx"
    assert run("export", "2030", "-o", str(path), plans=plans).exit_code == 0
    assert run("export", "2030", "-o", str(path), plans=plans).exit_code == 0  # unchanged: replaced
    workbook = openpyxl.load_workbook(path)
    workbook.worksheets[0]["A1"] = "经办人改过的标题"
    workbook.save(path)
    edited = path.read_bytes()
    refused = run("export", "2030", "-o", str(path), plans=plans)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"错误：{path}: 这个工作簿在 qplan 生成之后被修改过")
    assert "--force" in refused.stderr and path.read_bytes() == edited
    forced = run("export", "2030", "-o", str(path), "--force", plans=plans)
    assert forced.exit_code == 0 and path.read_bytes() != edited
    assert openpyxl.load_workbook(path).worksheets[0]["A1"].value != "经办人改过的标题"


def test_a_file_qplan_did_not_write_is_replaced_only_with_force(
        make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path) -> None:
    plans = make_plans(PLANS)
    path = tmp_path / "科里的表.xlsx"
    foreign = openpyxl.Workbook()
    foreign.active["A1"] = "别人的表"
    foreign.save(path)
    before = path.read_bytes()
    refused = run("export", "2030", "-o", str(path), plans=plans)
    assert refused.exit_code == 1
    assert refused.stderr.startswith(f"错误：{path}: 这个文件不是 qplan 生成的，未覆盖。如确定要替换它，请加 --force")
    assert path.read_bytes() == before
    assert run("export", "2030", "-o", str(path), "--force", plans=plans).exit_code == 0


def test_broken_or_unknown_plan(make_plans: Callable[..., Path], run: Callable[..., Result],
                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = make_plans({**PLANS, "2031": "title: [unclosed\n"})
    monkeypatch.chdir(tmp_path)
    unknown = run("export", "2040", plans=plans)
    assert unknown.exit_code == 2
    assert "计划“2040”不存在" in unknown.stderr
    broken = run("export", "2031", plans=plans)
    assert broken.exit_code == 1
    assert broken.stderr.startswith(f"错误：{plans / '2031.yaml'}")
    assert not (tmp_path / "exports" / "2031.xlsx").exists()


def test_show_does_not_import_openpyxl() -> None:
    code = ("import sys\nfrom qplan.cli import main\n"
            "try:\n    main(['show', '2025', '--plans', sys.argv[1]])\n"
            "except SystemExit:\n    pass\n"
            "sys.stderr.write('openpyxl' + str('openpyxl' in sys.modules))\n")
    env = {**os.environ, "COLUMNS": "120"}
    done = subprocess.run([sys.executable, "-c", code, str(SHIPPED_PLANS)], capture_output=True, text=True,
                          cwd=REPO, env=env, check=False)
    assert done.stderr.endswith("openpyxlFalse"), done.stderr


def test_plan_with_errors_is_not_exported(make_plans: Callable[..., Path], run: Callable[..., Result],
                                          tmp_path: Path) -> None:
    from tests.conftest import item, small_plan

    broken = small_plan(2030, [item(1, "甲", []), item(2, "乙", ["市教委"], ["市教委"])])
    plans = make_plans({"2030": broken})
    target = tmp_path / "out.xlsx"
    result = run("export", "2030", "-o", str(target), plans=plans)
    assert result.exit_code == 1
    assert "no-lead" in result.stderr and "lead-and-support" in result.stderr
    assert "计划 2030 有 2 处错误（见上），未导出" in result.stderr
    assert not target.exists()
