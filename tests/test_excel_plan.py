"""The plan workbook, read back cell by cell with openpyxl and with a plain XML reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from qplan.vocabulary import LEGEND_ACTING, LEGEND_INFERRED, LEGEND_INFERRED_SYMBOL, LEGEND_OPEN, LEGEND_UNITS_FROM
from tests.conftest import item, provenance_plan
from tests.excel_xml import Xlsx

PLAN: dict[str, Any] = {
    "title": "2030年质量工作要点",
    "document": {"title": "2029年总结和2030年质量工作要点", "issuer": "上海市质量工作领导小组",
                 "number": "沪质〔2030〕1号", "date": "2030-04-01"},
    "sections": [
        {"no": 1, "title": "加强质量协同", "items": [
            item(1, "强化政策供给", ["市市场监管局"], ["市卫健委", "市教委"], stated=False, text="内容一。"),
            item(2, "推进数字赋能", ["市经济信息化委"], [], text="内容二。", open_ended=True),
        ]},
        {"no": 2, "title": "守牢安全底线", "items": [
            item(3, "提升监管效能", ["市市场监管局", "市教委"], ["市质量工作领导小组各成员单位"],
                 text="内容三。"),
        ]},
    ],
}
SOURCE_NOTE = "资料来源：《2029年总结和2030年质量工作要点》（沪质〔2030〕1号）。"


@pytest.fixture
def workbook(make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path) -> Path:
    path = tmp_path / "out.xlsx"
    result = run("export", "2030", "-o", str(path), plans=make_plans({"2030": PLAN}))
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def unit_workbook(make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path) -> Path:
    path = tmp_path / "unit.xlsx"
    result = run("export", "2030", "--dept", "市教委", "-o", str(path), plans=make_plans({"2030": PLAN}))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"已写入 {path}（市教委的任务分工）\n"
    return path


def test_sheets(workbook: Path) -> None:
    names = ["分工表", "责任矩阵", "单位汇总", "负荷图"]
    assert openpyxl.load_workbook(workbook).sheetnames == names
    assert Xlsx(workbook).sheet_names == names


def test_division_sheet_cell_by_cell(workbook: Path) -> None:
    xlsx = Xlsx(workbook)
    assert xlsx.values("分工表") == {
        "A1": "2030年质量工作要点任务分工表",
        "A2": "上海市质量工作领导小组　沪质〔2030〕1号　2030年4月1日",
        "A3": "序号", "B3": "重点任务", "C3": "主要内容", "D3": "牵头单位", "E3": "配合单位",
        "A4": "一、加强质量协同",
        "A5": "（一）", "B5": "强化政策供给", "C5": "内容一。", "D5": "市市场监管局※",
        "E5": "市卫生健康委、市教委",
        "A6": "（二）", "B6": "推进数字赋能", "C6": "内容二。", "D6": "市经济信息化委等",
        "A7": "二、守牢安全底线",
        "A8": "（三）", "B8": "提升监管效能", "C8": "内容三。", "D8": "市市场监管局、市教委",
        "E8": "市质量工作领导小组成员单位",
        "A10": f"注：{LEGEND_INFERRED}",
        "A11": f"　　{LEGEND_OPEN}",
        "A12": f"　　{SOURCE_NOTE}",
    }
    assert {"A1:E1", "A2:E2", "A4:E4", "A7:E7", "A10:E10"} <= xlsx.merged("分工表")


def test_matrix_sheet_cell_by_cell(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["责任矩阵"]
    rows = [[cell for cell in row] for row in ws.iter_rows(min_row=2, max_row=10, values_only=True)]
    assert rows == [
        ["单位类别", None, "市政府部门", None, None, None, "单位群组", "单位数", None],
        ["序号", "重点任务", "市市场监管局", "市教委", "市经济信息化委", "市卫生健康委",
         "市质量工作领导小组成员单位", "牵头", "配合"],
        ["（一）", "强化政策供给", "※", "○", None, "○", None, 1, 2],
        ["（二）", "推进数字赋能", None, None, "●", None, None, 1, 0],
        ["（三）", "提升监管效能", "●", "●", None, None, "○", 2, 1],
        ["牵头（项）", None, 2, 1, 1, 0, 0, None, None],
        ["其中推定", None, 1, 0, 0, 0, 0, None, None],
        ["配合（项）", None, 0, 1, 0, 1, 1, None, None],
        ["合计（项）", None, 2, 2, 1, 1, 1, None, None],
    ]
    assert ws["A1"].value == "2030年质量工作要点责任矩阵"
    assert {"C2:F2", "H2:I2", "A7:B7"} <= {str(r) for r in ws.merged_cells.ranges}
    notes = [ws.cell(row=r, column=1).value for r in range(12, 16)]
    assert notes[0].startswith("注：● 牵头　○ 配合。")
    assert notes[1] == f"　　{LEGEND_INFERRED_SYMBOL}"
    assert notes[2] == f"　　第（二）项：{LEGEND_OPEN}"
    # Unit names read top to bottom over their narrow columns, never broken.
    assert ws["C3"].alignment.textRotation == 255 and ws["C3"].value == "市市场监管局"
    # Totals are numbers the writer computed, not formulas for a viewer to recalculate.
    cells = Xlsx(workbook).cells("责任矩阵")
    assert cells["C10"].type == "n" and cells["C10"].text == "2"


def test_summary_sheet_heaviest_first_with_a_bar_chart(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["单位汇总"]
    # Lists are broken into lines where the column needs it (between entries): read whole.
    rows = [tuple(v.replace("\n", "") if isinstance(v, str) else v for v in row)
            for row in ws.iter_rows(min_row=3, max_row=8, values_only=True)]
    assert rows == [
        ("序号", "单位", "类别", "牵头", "其中推定", "配合", "合计", "负荷", "牵头任务", "配合任务"),
        (1, "市市场监管局", "市政府部门", 2, 1, 0, 2, 4, "（一）※、（三）", None),
        (2, "市教委", "市政府部门", 1, 0, 1, 2, 3, "（三）", "（一）"),
        (3, "市经济信息化委", "市政府部门", 1, 0, 0, 1, 2, "（二）", None),
        (4, "市卫生健康委", "市政府部门", 0, 0, 1, 1, 1, None, "（一）"),
        (5, "市质量工作领导小组成员单位", "单位群组", 0, 0, 1, 1, 1, None, "（三）"),
    ]
    xlsx = Xlsx(workbook)
    chart = next(part for part in xlsx.parts if part.startswith("xl/charts/chart"))
    root = xlsx.xml(chart)
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    assert root.find(f".//{c}barChart/{c}barDir").get("val") == "bar"  # type: ignore[union-attr]
    refs = [f.text for f in root.iter(f"{c}f")]
    assert "'单位汇总'!$D$4:$D$8" in refs and "'单位汇总'!$F$4:$F$8" in refs
    assert "'单位汇总'!$B$4:$B$8" in refs


def test_unit_workbook(unit_workbook: Path) -> None:
    wb = openpyxl.load_workbook(unit_workbook)
    assert wb.sheetnames == ["市教委"]
    ws = wb["市教委"]
    assert ws["A1"].value == "市教委　2030年质量工作要点任务分工"
    assert ws["A2"].value == "牵头 1 项，配合 1 项　上海市质量工作领导小组　沪质〔2030〕1号　2030年4月1日"
    assert [list(r) for r in ws.iter_rows(min_row=3, max_row=5, values_only=True)] == [
        ["序号", "本单位", "重点任务", "主要内容", "牵头单位", "配合单位"],
        ["（一）", "配合", "强化政策供给", "内容一。", "市市场监管局※", "市卫生健康委、市教委"],
        ["（三）", "牵头", "提升监管效能", "内容三。", "市市场监管局、市教委", "市质量工作领导小组成员单位"],
    ]
    # The page header names the unit and the plan; pages are numbered within the sheet.
    assert ws.oddHeader.left.text == "市教委"
    assert ws.oddHeader.right.text == "2030年质量工作要点"
    assert ws.oddFooter.center.text == "&A　第 &P 页"
    assert ws.page_setup.useFirstPageNumber and ws.page_setup.firstPageNumber == 1
    xlsx = Xlsx(unit_workbook)
    assert xlsx.attr("市教委", "m:pageSetup", "paperSize") == "9"
    # The group it may belong to, unrecorded, is pointed out rather than silently left out.
    notes = [ws.cell(row=r, column=1).value or "" for r in range(7, ws.max_row + 1)]
    assert ("注：以下条目由单位群组承担，本表未列入：市质量工作领导小组成员单位：（三）。"
            "本单位如是其中群组的成员，请一并落实。") in notes


@pytest.mark.parametrize(("sheet", "paper", "titles", "freeze", "autofilter"), [
    pytest.param("分工表", "9", "$3:$3", "A4", "A3:E8", id="division-A4"),
    pytest.param("责任矩阵", "8", "$2:$3", "C4", "A3:I6", id="matrix-A3"),
    pytest.param("单位汇总", "9", "$3:$3", "A4", "A3:J8", id="summary-A4"),
])
def test_print_setup(workbook: Path, sheet: str, paper: str, titles: str, freeze: str,
                     autofilter: str) -> None:
    ws = openpyxl.load_workbook(workbook)[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == int(paper)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == titles
    assert ws.freeze_panes == freeze
    assert ws.auto_filter.ref == autofilter
    assert ws.oddFooter.center.text == "&A　第 &P 页"
    assert ws.page_setup.firstPageNumber == 1 and ws.page_setup.useFirstPageNumber

    xlsx = Xlsx(workbook)
    assert xlsx.attr(sheet, "m:sheetPr/m:pageSetUpPr", "fitToPage") == "1"
    assert xlsx.attr(sheet, "m:pageSetup", "orientation") == "landscape"
    assert xlsx.attr(sheet, "m:pageSetup", "paperSize") == paper
    assert xlsx.attr(sheet, "m:pageSetup", "fitToWidth") == "1"
    assert xlsx.attr(sheet, "m:pageSetup", "fitToHeight") == "0"
    assert xlsx.print_titles(sheet) == titles
    assert xlsx.attr(sheet, "m:sheetViews/m:sheetView/m:pane", "topLeftCell") == freeze
    assert xlsx.attr(sheet, "m:autoFilter", "ref") == autofilter
    footer = xlsx.text_of(sheet, "m:headerFooter/m:oddFooter") or ""
    assert footer.startswith("&C") and footer.endswith("&A　第 &P 页")


def test_look_fonts_borders_wrapping_and_row_heights(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["分工表"]
    assert ws["A1"].font.name == "宋体" and ws["A1"].font.bold
    assert ws["A3"].font.name == "黑体"
    assert ws["A4"].font.name == "黑体"
    body = ws["C5"]
    assert body.font.name == "仿宋"
    assert body.alignment.wrap_text
    assert body.border.left.style == body.border.bottom.style == "thin"
    assert ws.column_dimensions["C"].width > ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    assert all(ws.row_dimensions[r].height for r in range(1, 9))
    xlsx = Xlsx(workbook)
    cells = xlsx.cells("分工表")
    assert xlsx.font_of(cells["C5"]) == "仿宋"


def test_long_text_gets_a_taller_row(make_plans: Callable[..., Path], run: Callable[..., Result],
                                     tmp_path: Path) -> None:
    plan = {**PLAN, "sections": [{"no": 1, "title": "一", "items": [
        item(1, "短", ["市教委"], text="短。"),
        item(2, "长", ["市教委"], text="加强质量技能培训，" * 40),
    ]}]}
    path = tmp_path / "long.xlsx"
    run("export", "2030", "-o", str(path), plans=make_plans({"2030": plan}))
    ws = openpyxl.load_workbook(path)["分工表"]
    short, long = ws.row_dimensions[5].height, ws.row_dimensions[6].height
    # 360 CJK characters in a column of about 30 per line: 12 lines at least.
    assert long >= 12 * 11 * 1.3 > short


FORMULA_PLAN: dict[str, Any] = {
    **PLAN,
    "title": '=HYPERLINK("http://example.com","x")',
    "sections": [{"no": 1, "title": "-第一部分", "items": [
        item(1, "+1 提升质量", ["市教委"], text='=1+1'),
        item(2, "-减少投诉", ["市教委"], text="@提及"),
        item(3, "@提及单位", ["市教委"], text="=SUM(A1:A2)"),
    ]}],
}


def test_text_that_looks_like_a_formula_stays_text(make_plans: Callable[..., Path],
                                                   run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "formula.xlsx"
    plans = make_plans({"2030": FORMULA_PLAN})
    result = run("export", "2030", "-o", str(path), plans=plans)
    assert result.exit_code == 0, result.output
    assert run("export", "2030", "--per-unit", "-o", str(tmp_path / "units"), plans=plans).exit_code == 0
    xlsx = Xlsx(path)
    assert xlsx.formula_elements() == []
    cells = xlsx.cells("分工表")
    expected = {
        "A1": '=HYPERLINK("http://example.com","x")任务分工表', "A4": "一、-第一部分",
        "B5": "+1 提升质量", "C5": "=1+1", "B6": "-减少投诉", "C6": "@提及", "B7": "@提及单位",
        "C7": "=SUM(A1:A2)",
    }
    for ref, text in expected.items():
        cell = cells[ref]
        assert (cell.type, cell.text, cell.has_formula) == ("inlineStr", text, False), ref
        if text[0] in "=+-@":
            assert xlsx.quote_prefixed(cell), ref
    for sheet in xlsx.sheet_names:
        assert not any(c.has_formula for c in xlsx.cells(sheet).values()), sheet
    wb = openpyxl.load_workbook(path)
    assert wb["分工表"]["A1"].data_type == "s"
    assert wb["分工表"]["C7"].value == "=SUM(A1:A2)"
    assert wb["责任矩阵"]["A1"].value == '=HYPERLINK("http://example.com","x")责任矩阵'
    unit = Xlsx(tmp_path / "units" / "市教委.xlsx")
    assert unit.formula_elements() == []
    assert openpyxl.load_workbook(tmp_path / "units" / "市教委.xlsx")["市教委"]["C4"].value == "+1 提升质量"


def test_characters_excel_refuses_are_removed_with_a_warning(
        make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path) -> None:
    plan = {**PLAN, "sections": [{"no": 1, "title": "一", "items": [
        item(1, "强化\x07质量", ["市教委"], text="第一句。\x0b第二句。"),
        item(2, "正常", ["市教委"]),
    ]}]}
    path = tmp_path / "ctrl.xlsx"
    result = run("export", "2030", "-o", str(path), plans=make_plans({"2030": plan}))
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:2] == [
        "警告：计划 2030 第（一）项的标题含有 1 个 Excel 无法保存的控制字符，已删除。",
        "警告：计划 2030 第（一）项的内容含有 1 个 Excel 无法保存的控制字符，已删除。",
    ]
    assert Xlsx(path).values("分工表")["B5"] == "强化质量"
    assert openpyxl.load_workbook(path)["分工表"]["C5"].value == "第一句。第二句。"


def test_project_list_is_a_list(make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path) -> None:
    def project(no: int, title: str, lead: str, key: bool = False, acting: str | None = None) -> dict[str, Any]:
        found: dict[str, Any] = {"no": no, "title": title, "lead": [lead], "support": [], "lead_stated": True,
                                 "key": key, "responsibility": f"链长单位：{lead}"}
        if acting:
            found["acting"] = {lead: acting}
        return found

    plan = {"title": "项目名单", "kind": "projects", "numbering": "arabic",
            "document": {"title": "通知", "issuer": "上海市市场监督管理局", "date": "2024-01-01",
                         "date_inferred": True},
            "items": [project(1, "甲产业链", "市质量工作领导小组成员单位", key=True, acting="市局"),
                      project(2, "乙产业链", "市教委"),
                      project(3, "“国和一号”核电产业链质量提升示范工程", "市教委"), project(4, "丁产业链", "市卫健委")]}
    path = tmp_path / "projects.xlsx"
    result = run("export", "2024-x", "-o", str(path), plans=make_plans({"2024-x": plan}))
    assert result.exit_code == 0, result.output
    assert "（名单、责任矩阵、单位汇总、负荷图）" in result.stderr
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["名单", "责任矩阵", "单位汇总", "负荷图"]
    names = wb["名单"]
    # Titled as the document is; the guessed date says so.
    assert names["A1"].value == "项目名单"
    assert names["A2"].value == "上海市市场监督管理局　2024年1月1日（推定）"
    assert [c.value for c in names[3]] == ["序号", "项目名称", "链长单位", "重点项目", "代行单位"]
    assert [c.value for c in names[4]] == ["1", "甲产业链", "市质量工作领导小组成员单位", "★", "市市场监管局▲"]
    assert [c.value for c in names[5]] == ["2", "乙产业链", "市教委", None, None]
    notes = [names.cell(row=r, column=1).value for r in range(9, 13)]
    assert notes[0] == "注：★ 为重点项目。"
    assert notes[1] == f"　　{LEGEND_ACTING}"
    assert notes[2].endswith("原文件没有成文日期，表中日期为推定。")
    # The acting bureau is counted, and marked, in the matrix and the summary.
    matrix = wb["责任矩阵"]
    headers = [c.value for c in matrix[3]]
    assert matrix.cell(row=4, column=headers.index("市市场监管局") + 1).value == "▲"
    assert matrix.cell(row=4, column=headers.index("市质量工作领导小组成员单位") + 1).value == "●"
    summary = {row[1]: row for row in wb["单位汇总"].iter_rows(min_row=4, max_row=7, values_only=True)}
    assert summary["市市场监管局"][3] == 1 and summary["市市场监管局"][8] == "1▲"
    assert summary["市教委"][8] == "2、3"


def test_per_unit_writes_a_file_per_unit(make_plans: Callable[..., Path], run: Callable[..., Result],
                                         tmp_path: Path) -> None:
    plans = make_plans({"2030": PLAN})
    folder = tmp_path / "各单位"
    result = run("export", "2030", "--per-unit", "-o", str(folder), plans=plans)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["市市场监管局.xlsx", "市教委.xlsx", "市经济信息化委.xlsx", "市卫生健康委.xlsx"])
    # A group whose members nobody recorded gets no file; the note says so.
    assert "市质量工作领导小组成员单位" in result.stderr and "没有单独的文件" in result.stderr
    for path in folder.iterdir():
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == [path.stem]
        assert wb[path.stem].oddHeader.left.text == path.stem
    # Written again over its own files without --force; a file a person changed stops all.
    assert run("export", "2030", "--per-unit", "-o", str(folder), plans=plans).exit_code == 0
    edited = folder / "市教委.xlsx"
    wb = openpyxl.load_workbook(edited)
    wb["市教委"]["A1"] = "改过"
    wb.save(edited)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    refused = run("export", "2030", "--per-unit", "-o", str(folder), plans=plans)
    assert refused.exit_code != 0
    assert "市教委.xlsx" in refused.stderr and "一个文件也没有写入" in refused.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert run("export", "2030", "--per-unit", "-o", str(folder), "--force", plans=plans).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(("--per-unit", "-o", "x.xlsx"), "-o 应为文件夹", id="per-unit-to-a-file"),
    pytest.param(("--per-unit", "--dept", "市教委"), "不能同用", id="both"),
    pytest.param(("--dept", "市不存在局"), "不在单位登记表中", id="unknown-unit"),
])
def test_bad_unit_requests(make_plans: Callable[..., Path], run: Callable[..., Result], tmp_path: Path,
                           args: tuple[str, ...], message: str) -> None:
    result = run("export", "2030", *args, plans=make_plans({"2030": PLAN}))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list(tmp_path.glob("*.xlsx"))


def test_division_sheet_says_where_leads_come_from(make_plans: Callable[..., Path], run: Callable[..., Result],
                                                   tmp_path: Path) -> None:
    """A section's heading carries the overall responsibility the document states for it;
    leads taken from it or from sub-points are marked, each mark with its legend; a lead the
    document's declared convention states is said to be stated."""
    path = tmp_path / "2031.xlsx"
    result = run("export", "2031", "-o", str(path), plans=make_plans({"2031": provenance_plan()}))
    assert result.exit_code == 0, result.output
    values = Xlsx(path).values("分工表")
    assert values["A4"] == "一、夯实质量基础（市市场监管局总牵头，市教委配合）"
    assert (values["D5"], values["D6"]) == ("市市场监管局", "市市场监管局†")
    assert values["A8"] == "二、提升服务质量"
    assert (values["D9"], values["D10"]) == ("市卫生健康委‡", "市教委※")
    notes = [value for key, value in values.items() if key.startswith("A") and value.startswith(("注：", "　　"))]
    assert notes == [f"注：{LEGEND_INFERRED}", f"　　{LEGEND_UNITS_FROM['section']}",
                     f"　　{LEGEND_UNITS_FROM['sub-points']}",
                     "　　第（一）、（三）项的牵头单位按原文声明的“列第一位者为牵头部门，下同”读出，"
                     "是原文写明的，不是推定。",
                     "　　一、夯实质量基础：原文写明本部分的总体责任（市市场监管局总牵头，市教委配合）。",
                     "　　资料来源：《2031年质量工作要点》。"]
    unit = tmp_path / "unit.xlsx"
    assert run("export", "2031", "--dept", "市卫健委", "-o", str(unit),
               plans=make_plans({"2031": provenance_plan()}, folder="again")).exit_code == 0
    sheet = Xlsx(unit).values(Xlsx(unit).sheet_names[0])
    assert LEGEND_UNITS_FROM["sub-points"] in "".join(sheet.values())
    assert "夯实质量基础" not in "".join(sheet.values())
