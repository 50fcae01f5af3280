"""The diff workbook, written from data of the shape `qplan.diff.diff_to_dict` documents."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result
from openpyxl.cell.rich_text import CellRichText

from qplan.errors import OutputError
from qplan.excel.diff import (
    ITEM_STATUS,
    REASON_BELOW,
    REASON_CONFIDENT,
    REASON_CONFIRMED,
    REASON_PART,
    reason,
    write_diff_workbook,
)
from tests.conftest import SHIPPED_PLANS
from tests.excel_xml import MAIN, Xlsx


def side(prefix: str, no: int | None, label: str | None, title: str | None, lead: list[str] | None,
         support: list[str] | None, stated: bool | None) -> dict[str, Any]:
    return {prefix: no, f"{prefix}_label": label, f"{prefix}_title": title, f"{prefix}_lead": lead,
            f"{prefix}_support": support, f"{prefix}_lead_stated": stated}


def changes(*, text: list[tuple[str, str]] | None = None, lead: tuple[list[str], list[str]] = ([], []),
            support: tuple[list[str], list[str]] = ([], []), title: dict[str, str] | None = None) -> dict[str, Any]:
    segments = [{"op": op, "text": t} for op, t in text or []]
    return {"title": title, "lead": {"gained": lead[0], "lost": lead[1]},
            "support": {"gained": support[0], "lost": support[1]}, "text_changed": bool(text),
            "text": segments, "text_folded": segments}


TEXTS = {("old", 1): "组织开展宣贯。", ("new", 1): "组织开展评估。", ("old", 2): "数字化。", ("new", 2): "数字化。",
         ("new", 3): "新增的内容。", ("old", 3): "删去的内容。"}

DATA: dict[str, Any] = {
    "old": "2022", "new": "2025", "old_title": "2022年要点", "new_title": "=2025年要点",
    "thresholds": {"continued": 0.45, "possible": 0.3},
    "summary": {"continued": 1, "possible": 1, "added": 1, "dropped": 1, "units_changed": 2},
    "items": [
        {"status": "continued",
         **side("old", 1, "（一）", "加强制度建设", ["市市场监管局"], ["市教委"], True),
         **side("new", 1, "（一）", "强化政策供给", ["市市场监管局"], ["市卫生健康委"], False),
         "score": 0.8123, "confirmed": True, "also_old": [], "also_new": [],
         "changes": changes(text=[("equal", "组织开展"), ("delete", "宣贯"), ("insert", "评估"), ("equal", "。")],
                            support=(["市卫生健康委"], ["市教委"]),
                            title={"old": "加强制度建设", "new": "强化政策供给"})},
        {"status": "possible",
         **side("old", 2, "（二）", "推进数字化", ["市经济信息化委"], [], False),
         **side("new", 2, "（二）", "推进数字赋能", ["市经济信息化委"], [], False),
         "score": 0.4, "confirmed": False, "also_old": [3], "also_new": [],
         "changes": changes()},
        {"status": "added", **side("old", None, None, None, None, None, None),
         **side("new", 3, "（三）", "+新增任务", ["市卫生健康委"], ["市市场监管局"], True),
         "score": None, "confirmed": False, "also_old": [], "also_new": [], "changes": None},
        {"status": "dropped", **side("old", 3, "（三）", "-删去任务", ["市教委"], [], True),
         **side("new", None, None, None, None, None, None),
         "score": None, "confirmed": False, "also_old": [], "also_new": [], "changes": None},
    ],
    "relations": [{"kind": "merge", "old": [2, 3], "new": [2],
                   "scores": [{"old": 2, "new": 2, "score": 0.4}, {"old": 3, "new": 2, "score": 0.35}]}],
    "units": [
        {"unit": "市卫生健康委", "old_spelling": None, "status": "added",
         "old": {"lead": [], "support": []}, "new": {"lead": [3], "support": [1]},
         "gained": {"lead": [3], "support": [1]}, "lost": {"lead": [], "support": []}},
        {"unit": "市教委", "old_spelling": "市教育局", "status": "dropped",
         "old": {"lead": [3], "support": [1]}, "new": {"lead": [], "support": []},
         "gained": {"lead": [], "support": []}, "lost": {"lead": [3], "support": [1]}},
        {"unit": "市市场监管局", "old_spelling": None, "status": "same",
         "old": {"lead": [1], "support": []}, "new": {"lead": [1], "support": [3]},
         "gained": {"lead": [], "support": [3]}, "lost": {"lead": [], "support": []}},
    ],
}


for _item in DATA["items"]:
    _item["old_text"] = TEXTS.get(("old", _item["old"]))
    _item["new_text"] = TEXTS.get(("new", _item["new"]))


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "diff.xlsx"
    assert write_diff_workbook(copy.deepcopy(DATA), path) == []
    return path


def test_sheets_and_summary(workbook: Path) -> None:
    xlsx = Xlsx(workbook)
    assert xlsx.sheet_names == ["比对摘要", "条目比对", "单位变化"]
    values = xlsx.values("比对摘要")
    assert values["A1"] == "2022年要点与=2025年要点比对"
    assert [(values[f"A{r}"], values[f"B{r}"]) for r in range(4, 10)] == [
        ("延续的条目", "1"), ("待确认的条目", "1"), ("新增条目", "1"), ("不再列入的条目", "1"),
        ("分工有变化的单位", "2"), ("条目合并", "2")]
    assert values["C9"] == "2022（二）、（三） → 2025（二）"
    notes = [values[f"A{r}"] for r in range(11, 14)]
    # The cut-offs, and the rules that place a pair outside them.
    assert "相似度达到 0.450 的为“延续”，0.300 至 0.450 之间的为“待确认”，低于 0.300 的不作对应" in notes[1]
    assert "另有相近条目" in notes[2] and "拆分或合并的一部分" in notes[2] and "人工确认" in notes[2]


def test_items_row_by_row_with_status_colours(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["条目比对"]
    assert [c.value for c in ws[3]] == ["状态", "2022条目", "2025条目", "变化", "牵头单位", "配合单位",
                                        "2022内容", "2025内容"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=7)]
    assert rows == [
        ["延续\n相似度 0.812\n人工确认", "（一）加强制度建设", "（一）强化政策供给",
         "标题改动；配合单位变化；内容改动约 29%", "市市场监管局※", "市卫生健康委\n增：市卫生健康委\n减：市教委",
         "组织开展宣贯。", "组织开展评估。"],
        ["待确认\n相似度 0.400\n拆分或合并的一部分\n另与2022（三）对应", "（二）推进数字化", "（二）推进数字赋能",
         "未变", "市经济信息化委※", "（无）", "数字化。", "数字化。"],
        ["新增", None, "（三）+新增任务", None, "市卫生健康委", "市市场监管局", None, "新增的内容。"],
        ["不再列入", "（三）-删去任务", None, None, "市教委", None, "删去的内容。", None],
    ]
    fills = [ws.cell(row=r, column=1).fill.start_color.rgb for r in range(4, 8)]
    assert fills == ["00E2EFDA", "00FFF2CC", "00DDEBF7", "00FCE4D6"]


@pytest.mark.parametrize(("item", "expected"), [
    pytest.param({"status": "continued", "confirmed": True, "also_old": [], "also_new": [], "score": 0.2},
                 "人工确认", id="confirmed-whatever-the-score"),
    pytest.param({"status": "continued", "confirmed": False, "also_old": [], "also_new": [], "score": 0.6},
                 "相似度达到延续线", id="confident"),
    pytest.param({"status": "possible", "confirmed": False, "also_old": [], "also_new": [], "score": 0.40},
                 "相似度未达延续线", id="below"),
    pytest.param({"status": "possible", "confirmed": False, "also_old": [], "also_new": [], "score": 0.50},
                 "另有相近条目", id="above-yet-possible"),
    pytest.param({"status": "possible", "confirmed": False, "also_old": [], "also_new": [4], "score": 0.20},
                 "拆分或合并的一部分", id="part-below-the-cut-off"),
    pytest.param({"status": "added", "confirmed": False, "also_old": [], "also_new": [], "score": None},
                 "", id="added"),
])
def test_each_band_says_why(item: dict[str, Any], expected: str) -> None:
    assert reason(item, {"continued": 0.45, "possible": 0.3}) == expected


def test_the_shipped_bands_agree_with_their_scores_and_note(run: Callable[..., Result]) -> None:
    data = json.loads(run("diff", "2022", "2025", "--format", "json", plans=SHIPPED_PLANS).stdout)
    thresholds = data["thresholds"]
    for item in data["items"]:
        why = reason(item, thresholds)
        if why == REASON_CONFIDENT:
            assert item["score"] >= thresholds["continued"]
        if why == REASON_BELOW:
            assert item["score"] < thresholds["continued"]
        if item["status"] == "possible" and item["score"] < thresholds["possible"]:
            assert why == REASON_PART, item
        if item["status"] == "continued" and item["score"] < thresholds["continued"]:
            assert why in (REASON_CONFIRMED, REASON_PART), item


def test_texts_side_by_side_with_the_changes_marked(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook, rich_text=True)["条目比对"]
    old, new = ws["G4"].value, ws["H4"].value
    assert isinstance(old, CellRichText) and isinstance(new, CellRichText)
    assert [(str(b.text), bool(b.font.strike)) for b in old] == [("组织开展", False), ("宣贯", True), ("。", False)]
    assert [(str(b.text), b.font.u) for b in new] == [("组织开展", None), ("评估", "single"), ("。", None)]
    # The XML says the same, run by run.
    xml = Xlsx(workbook).sheet("条目比对")
    c = next(c for c in xml.iter(f"{{{MAIN}}}c") if c.get("r") == "G4")
    assert c.get("t") == "inlineStr"
    runs_xml = [(r.findtext(f"{{{MAIN}}}t"), r.find(f"{{{MAIN}}}rPr/{{{MAIN}}}strike") is not None)
                for r in c.iter(f"{{{MAIN}}}r")]
    assert runs_xml == [("组织开展", False), ("宣贯", True), ("。", False)]


def test_a_rewritten_text_is_shown_whole_and_unmarked(tmp_path: Path) -> None:
    data = copy.deepcopy(DATA)
    item = data["items"][0]
    item["old_text"], item["new_text"] = "甲乙丙丁戊己庚辛。", "子丑寅卯辰巳午未。"
    segments = [{"op": "delete", "text": "甲乙丙丁戊己庚辛"}, {"op": "insert", "text": "子丑寅卯辰巳午未"},
                {"op": "equal", "text": "。"}]
    item["changes"]["text"] = item["changes"]["text_folded"] = segments
    path = tmp_path / "rewritten.xlsx"
    write_diff_workbook(data, path)
    ws = openpyxl.load_workbook(path)["条目比对"]
    assert ws["D4"].value == "标题改动；配合单位变化；内容基本重写"
    assert (ws["G4"].value, ws["H4"].value) == ("甲乙丙丁戊己庚辛。", "子丑寅卯辰巳午未。")


def test_units(workbook: Path) -> None:
    ws = openpyxl.load_workbook(workbook)["单位变化"]
    assert [list(r) for r in ws.iter_rows(min_row=3, max_row=6, values_only=True)] == [
        ["单位", "变化", "牵头条目", "配合条目", "新增承担", "不再承担"],
        ["市卫生健康委", "新增", "2022：无\n2025：（三）", "2022：无\n2025：（一）",
         "2025：牵头 （三）；配合 （一）", None],
        ["市教委（原市教育局）", "不再列入", "2022：（三）\n2025：无", "2022：（一）\n2025：无", None,
         "2022：牵头 （三）；配合 （一）"],
        ["市市场监管局", "无变化", "2022：（一）\n2025：（一）", "2022：无\n2025：（三）", "2025：配合 （三）", None],
    ]
    # Six columns on A4 at full size: no 5-7 pt print.
    assert Xlsx(workbook).attr("单位变化", "m:pageSetup", "paperSize") == "9"


def test_every_unit_status_fits_its_column_on_one_line(workbook: Path) -> None:
    from qplan.excel.diff import UNIT_STATUS
    from qplan.excel.safe import display_width
    from qplan.excel.styles import BODY_SIZE, entry_room

    width = openpyxl.load_workbook(workbook)["单位变化"].column_dimensions["B"].width
    assert all(display_width(word) <= entry_room(width, BODY_SIZE) for word in UNIT_STATUS.values())


@pytest.mark.parametrize(("sheet", "paper"), [("比对摘要", "9"), ("条目比对", "8"), ("单位变化", "9")])
def test_print_setup_and_values_only(workbook: Path, sheet: str, paper: str) -> None:
    xlsx = Xlsx(workbook)
    assert xlsx.formula_elements() == []
    assert xlsx.attr(sheet, "m:pageSetup", "paperSize") == paper
    assert xlsx.attr(sheet, "m:pageSetup", "orientation") == "landscape"
    assert xlsx.attr(sheet, "m:sheetPr/m:pageSetUpPr", "fitToPage") == "1"
    assert xlsx.print_titles(sheet) == "$3:$3"
    assert (xlsx.text_of(sheet, "m:headerFooter/m:oddFooter") or "").endswith("&A　第 &P 页")
    title = xlsx.cells(sheet)["A1"]
    assert title.type == "inlineStr" and not title.has_formula


def test_text_looking_like_formulas_and_control_characters(tmp_path: Path) -> None:
    data = copy.deepcopy(DATA)
    data["old_title"] = "=HYPERLINK(\"http://example.com\",\"x\")"
    data["items"][0]["changes"]["text_folded"][1]["text"] = "宣\x07贯"
    data["items"][0]["changes"]["text_folded"][2]["text"] = "评\x07估"
    path = tmp_path / "d.xlsx"
    warnings = write_diff_workbook(data, path)
    assert warnings == ["2022（一）与2025（一）的内容含有 1 个 Excel 无法保存的控制字符，已删除。"]
    xlsx = Xlsx(path)
    assert xlsx.formula_elements() == []
    cell = xlsx.cells("比对摘要")["A1"]
    assert cell.text == "=HYPERLINK(\"http://example.com\",\"x\")与=2025年要点比对"
    assert xlsx.quote_prefixed(cell)
    dropped = xlsx.cells("条目比对")["B7"]
    assert (dropped.text, dropped.type) == ("（三）-删去任务", "inlineStr")


def test_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "diff.xlsx"
    path.write_bytes(b"old")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match="写入失败"):
        write_diff_workbook(copy.deepcopy(DATA), path, force=True)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["diff.xlsx"]


def test_diff_command_writes_the_workbook(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "比对.xlsx"
    result = run("diff", "2022", "2025", "-o", str(path), plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f"已写入 {path}\n")
    data = json.loads(run("diff", "2022", "2025", "--format", "json", plans=SHIPPED_PLANS).stdout)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["比对摘要", "条目比对", "单位变化"]
    summary = wb["比对摘要"]
    assert [summary.cell(row=r, column=2).value for r in range(4, 9)] == [
        data["summary"][key] for key in ("continued", "possible", "added", "dropped", "units_changed")]
    items = wb["条目比对"]
    statuses = [items.cell(row=r, column=1).value.split("\n")[0] for r in range(4, 4 + len(data["items"]))]
    # The workbook's bands are the terminal's words.
    assert set(statuses) <= {"延续", "待确认", "新增", "不再列入"}
    assert statuses == [ITEM_STATUS[item["status"]] for item in data["items"]]
    assert items.cell(row=4 + len(data["items"]), column=1).value is None
    units = wb["单位变化"]
    # A name too long for its column is broken into lines where a name may break.
    assert [units.cell(row=4 + i, column=1).value.replace("\n", "").split("（原")[0]
            for i in range(len(data["units"]))] == [unit["unit"] for unit in data["units"]]
    assert Xlsx(path).formula_elements() == []


def test_diff_command_only_one_status(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "dropped.xlsx"
    assert run("diff", "2022", "2025", "--only", "dropped", "-o", str(path), plans=SHIPPED_PLANS).exit_code == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["比对摘要", "条目比对"]
    assert {wb["条目比对"].cell(row=r, column=1).value for r in range(4, 7)} == {"不再列入"}
