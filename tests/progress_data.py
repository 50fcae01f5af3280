"""A small plan for the progress loop, and a clerk who fills in, edits and re-saves forms."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import item, small_plan

# 市市场监管局 leads (一) and supports (二); 市卫生健康委 leads (二); 市教委 supports (二);
# 市经济信息化委 leads (三); (一)'s group has no recorded members.
PLAN_2025 = small_plan(2025, [
    item(1, "强化质量政策供给", ["市市场监管局"], ["市质量工作领导小组成员单位"], deadline="2025-06-30"),
    item(2, "提升服务质量水平", ["市卫生健康委"], ["市教委", "市市场监管局"], deadline="2025年9月底前"),
    item(3, "推进质量数字赋能", ["市经济信息化委"], [], stated=False, deadline="长期坚持"),
])
PLANS: dict[str, Any] = {"2025": PLAN_2025}
FORMS = Path("forms")


def form_path(folder: Path, unit: str, plan: str = "2025", period: str = "2025H1") -> Path:
    return folder / f"{unit}_{plan}_{period}_推进情况表.xlsx"


def headers(ws: Any, row: int = 3) -> dict[str, int]:
    return {str(cell.value): cell.column for cell in ws[row] if cell.value}


def data_rows(ws: Any) -> dict[str, int]:
    """序号 -> row number, for the rows of the table."""
    column = headers(ws)["序号"]
    return {str(ws.cell(row=r, column=column).value): r for r in range(4, ws.max_row + 1)
            if str(ws.cell(row=r, column=column).value or "").startswith("（")}


def fill(source: Path, target: Path, values: Mapping[str, Mapping[str, Any]],
         edit: Callable[[Any], None] | None = None) -> Path:
    """Fill a form as a clerk would (values: 序号 -> header -> value) and save it under a new name."""
    workbook = openpyxl.load_workbook(source)
    ws = workbook["推进情况"]
    columns = headers(ws)
    rows = data_rows(ws)
    for label, cells in values.items():
        for header, value in cells.items():
            ws.cell(row=rows[label], column=columns[header]).value = value
    if edit is not None:
        edit(workbook)
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


def move_column(ws: Any, header: str, to: int) -> None:
    """Cut a column and insert it elsewhere, as a clerk dragging it in Excel (values move)."""
    columns = headers(ws)
    source = columns[header]
    values = [ws.cell(row=r, column=source).value for r in range(1, ws.max_row + 1)]
    ws.delete_cols(source)
    ws.insert_cols(to)
    for r, value in enumerate(values, start=1):
        ws.cell(row=r, column=to).value = value


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def resave_with_libreoffice(source: Path, folder: Path) -> Path:
    """Open and save the workbook in LibreOffice (Calc's own .xlsx writer), as an office PC would."""
    program = libreoffice()
    assert program is not None
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / "profile"
    subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    saved = folder / source.name
    assert saved.exists(), list(folder.iterdir())
    return saved
