"""Any report as a workbook (qplan.excel.report), and `qplan units -o FILE.xlsx` built on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import Result

from qplan.excel.report import write_report_workbook
from qplan.report import Column, Notes, Paragraph, Report, Row, Span, Table
from tests.conftest import SHIPPED_PLANS


def test_a_report_becomes_a_print_ready_sheet_per_table(tmp_path: Path) -> None:
    table = Table([Column("单位", "units"), Column("条目", "items"), Column("状态", "mark"), Column("数", "number")],
                  title="台账", group="类别")
    table.rows.append(Row(["市教委", "（一）", (Span("滞后", "flag-red"),), "2"], group="市政府部门"))
    table.rows.append(Row(["=市A", "（二）", (Span("按进度推进", "flag-green"),), "1"], group="市政府部门"))
    table.footer.append(Row(["合计", "", "", "3"], "strong"))
    report = Report([Paragraph("2025 年上半年", "strong"), table, Notes(["红：已逾期。"])])
    path = tmp_path / "台账.xlsx"
    assert write_report_workbook(report, path, title="2025 台账") == []
    ws = openpyxl.load_workbook(path)["台账"]
    assert [c.value for c in ws[3]] == ["单位", "类别", "条目", "状态", "数"]
    assert [c.value for c in ws[4]] == ["市教委", "市政府部门", "（一）", "滞后", 2]
    assert ws["D4"].fill.start_color.rgb.endswith("F4B6B6") and ws["D5"].fill.start_color.rgb.endswith("C6EFCE")
    assert ws["A5"].value == "=市A" and ws["A5"].data_type == "s" and ws["A5"].quotePrefix
    assert ws["A6"].value == "合计" and ws["A6"].font.b
    assert ws["A2"].value == "2025 年上半年"
    assert ws["A8"].value == "注：红：已逾期。"
    assert ws.print_title_rows == "$3:$3" and ws.auto_filter.ref == "A3:E5" and ws.freeze_panes == "A4"
    assert ws.page_setup.orientation == "landscape"


def test_units_writes_a_workbook(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "任务量.xlsx"
    result = run("units", "2022", "2025", "-o", str(path), plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    assert f"已写入 {path}" in result.stderr and result.stdout == ""
    ws = openpyxl.load_workbook(path).active
    assert [c.value for c in ws[3]] == ["单位", "2025\n牵头/配合", "2022\n牵头/配合", "合计", "负荷"]
    assert [c.value for c in ws[4]] == ["市市场监管局", "12（※12）/1", "9（※4）/5", 27, 48]
    conflict = run("units", "-o", str(tmp_path / "x.xlsx"), "--format", "csv", plans=SHIPPED_PLANS)
    assert conflict.exit_code == 2 and "不一致" in conflict.stderr


def test_units_keeps_an_edited_workbook_unless_forced(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "任务量.xlsx"
    assert run("units", "2025", "-o", str(path), plans=SHIPPED_PLANS).exit_code == 0
    assert run("units", "2025", "-o", str(path), plans=SHIPPED_PLANS).exit_code == 0  # ours, unchanged
    workbook = openpyxl.load_workbook(path)
    workbook.active["A4"] = "某人改过"
    workbook.save(path)
    edited = path.read_bytes()
    refused = run("units", "2025", "-o", str(path), plans=SHIPPED_PLANS)
    assert refused.exit_code != 0 and "--force" in refused.stderr and str(path) in refused.stderr
    assert path.read_bytes() == edited
    assert run("units", "2025", "-o", str(path), "--force", plans=SHIPPED_PLANS).exit_code == 0
    assert openpyxl.load_workbook(path).active["A4"].value == "市市场监管局"
