"""The comparison of two plans as a workbook: 比对摘要, 条目比对 (status coloured, with the
changes), 单位变化.

It reads the plain data `qplan.diff.diff_to_dict` returns, so it does not depend on how
the comparison was computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qplan.excel.safe import TextCleaner, join_item_labels, sheet_title
from qplan.excel.styles import (
    BODY,
    CENTER,
    HEADER,
    HEADER_ROW,
    SheetWriter,
    Style,
    measured_width,
    new_workbook,
    save_workbook,
)
from qplan.numerals import to_chinese_number
from qplan.vocabulary import INFERRED_MARK, ITEM_STATUSES, STATUS_LABELS, UNIT_STATUSES

ITEM_STATUS = {status: STATUS_LABELS[status] for status in ITEM_STATUSES}
UNIT_STATUS = {status: STATUS_LABELS[status] for status in UNIT_STATUSES}
STATUS_FILLS = {"continued": "E2EFDA", "possible": "FFF2CC", "added": "DDEBF7", "dropped": "FCE4D6",
                "changed": "FFF2CC", "same": None}
DELETED = "-C00000"  # struck through, dark red
INSERTED = "0070C0"  # underlined, blue
WHERE = "比对标题"


def _status_style(status: str) -> Style:
    return Style(horizontal="center", bold=True, fill=STATUS_FILLS.get(status))


class _Labels:
    """Item numbers as each plan writes them, from the items the diff lists."""

    def __init__(self, data: dict[str, Any]):
        self.old: dict[int, str] = {}
        self.new: dict[int, str] = {}
        self.chinese = any(str(item.get(key) or "").startswith("（")
                           for item in data["items"] for key in ("old_label", "new_label"))
        for item in data["items"]:
            if item["old"] is not None:
                self.old[item["old"]] = item["old_label"] or str(item["old"])
            if item["new"] is not None:
                self.new[item["new"]] = item["new_label"] or str(item["new"])

    def join(self, numbers: Sequence[int], side: str) -> str:
        labels = self.old if side == "old" else self.new
        # Items outside the rows listed (after --only) are written the same way as the rest.
        fallback = (lambda no: f"（{to_chinese_number(no)}）") if self.chinese else str
        return join_item_labels(numbers, lambda no: labels.get(no) or fallback(no))


def write_diff_workbook(data: dict[str, Any], path: Path, *, with_units: bool = True,
                        force: bool = False) -> list[str]:
    """Write the diff workbook atomically; returns warnings about text that was changed.
    Without units (the user asked for one kind of item only) there is no 单位变化 sheet."""
    cleaner = TextCleaner()
    taken: set[str] = set()
    labels = _Labels(data)
    title = f"{data['old_title']}与{data['new_title']}比对"
    workbook = new_workbook(cleaner.clean(title, "比对标题"))

    def sheet(name: str) -> SheetWriter:
        return SheetWriter(workbook.create_sheet(sheet_title(name, taken)), cleaner)

    _summary_sheet(sheet("比对摘要"), data, labels, title)
    _items_sheet(sheet("条目比对"), data, labels, title)
    if with_units:
        _units_sheet(sheet("单位变化"), data, labels, title)
    save_workbook(workbook, path, force=force)
    return cleaner.warnings


def _legend(data: dict[str, Any]) -> list[str]:
    old, new = data["old"], data["new"]
    thresholds = data.get("thresholds") or {}
    cut = ""
    if thresholds:
        cut = (f"（本次：{ITEM_STATUS['continued']} ≥ {thresholds['continued']:.2f}，"
               f"{ITEM_STATUS['possible']} ≥ {thresholds['possible']:.2f}）")
    return [
        f"{ITEM_STATUS['continued']}：{old} 与 {new} 的条目按标题、内容和单位判定为同一项工作；"
        f"{ITEM_STATUS['possible']}：相近，需人工确认（qplan link）；"
        f"{ITEM_STATUS['added']}：仅见于 {new}；{ITEM_STATUS['dropped']}：仅见于 {old}。",
        f"相似度为 0–1 之间的综合相似程度{cut}。“人工确认”为计划文件中已记录的对应关系，"
        "“推定”为工具按相似度判断，请核对。",
    ]


def _summary_sheet(sheet: SheetWriter, data: dict[str, Any], labels: _Labels, title: str) -> None:
    old, new = data["old"], data["new"]
    summary = data["summary"]
    row = sheet.start_table([18, 10, 70], title, f"{old} → {new}", ["项目", "数量", "说明"], WHERE)
    rows = [
        ("continued", f"{ITEM_STATUS['continued']}的条目", summary["continued"], "两年中判定为同一项工作的条目"),
        ("possible", f"{ITEM_STATUS['possible']}的条目", summary["possible"], "相近但不确定，请人工确认"),
        ("added", "新增条目", summary["added"], f"仅见于 {new} 的条目"),
        ("dropped", "不再列入的条目", summary["dropped"], f"仅见于 {old} 的条目"),
        ("changed", f"{UNIT_STATUS['changed']}的单位", summary["units_changed"],
         f"{UNIT_STATUS['added']}、{UNIT_STATUS['dropped']}或牵头、配合条目有变化的单位"),
    ]
    for status, label, count, note in rows:
        row += 1
        sheet.put(row, 1, label, _status_style(status))
        sheet.put(row, 2, count, CENTER)
        sheet.put(row, 3, note, BODY)
    for relation in data.get("relations") or []:
        row += 1
        kind = "合并" if relation["kind"] == "merge" else "拆分"
        text = (f"{old}{labels.join(relation['old'], 'old')} → {new}{labels.join(relation['new'], 'new')}")
        sheet.put(row, 1, f"条目{kind}", _status_style("possible"))
        sheet.put(row, 2, len(relation["old"]) if kind == "合并" else len(relation["new"]), CENTER)
        sheet.put(row, 3, text, BODY, "条目对应关系")
    sheet.end_table(row, _legend(data), WHERE, paper="A4", freeze=None, filter_to=None, page_title=title)


def _units_text(names: Sequence[str] | None, stated: bool | None) -> str:
    if not names:
        return ""
    text = "、".join(names)
    return text + INFERRED_MARK if stated is False else text


def _role_cell(item: dict[str, Any], role: str) -> str:
    """The units now holding the role, then what changed since the older plan."""
    side = "old" if item["new"] is None else "new"
    current = _units_text(item[f"{side}_{role}"], item[f"{side}_lead_stated"] if role == "lead" else None)
    changes = item.get("changes")
    if not changes:
        return current
    gained, lost = changes[role]["gained"], changes[role]["lost"]
    lines = [current or "（无）"]
    if gained:
        lines.append("增：" + "、".join(gained))
    if lost:
        lines.append("减：" + "、".join(lost))
    return "\n".join(lines)


def _text_runs(item: dict[str, Any]) -> list[tuple[str, str | None]]:
    changes = item.get("changes")
    if not changes:
        return [("—", None)]
    if not changes["text_changed"]:
        return [("内容未变", None)]
    colours = {"equal": None, "delete": DELETED, "insert": INSERTED}
    return [(segment["text"], colours[segment["op"]]) for segment in changes["text_folded"]]


def _items_sheet(sheet: SheetWriter, data: dict[str, Any], labels: _Labels, title: str) -> None:
    old, new = data["old"], data["new"]
    items = data["items"]
    headers = ["状态", "依据", "相似度", f"{old}序号", f"{old}重点任务", f"{new}序号", f"{new}重点任务",
               "牵头单位", "配合单位", "内容变化"]
    leads = [_role_cell(item, "lead") for item in items]
    supports = [_role_cell(item, "support") for item in items]
    number_width = measured_width(headers[3:4] + headers[5:6], minimum=8, maximum=14, size=HEADER.size)
    widths = [
        10, 9, 8, number_width,
        measured_width([i["old_title"] or "" for i in items], minimum=14, maximum=20),
        number_width,
        measured_width([i["new_title"] or "" for i in items], minimum=14, maximum=20),
        measured_width(leads, minimum=14, maximum=24),
        measured_width(supports, minimum=16, maximum=30),
        60,
    ]
    row = sheet.start_table(widths, f"{title}：条目", f"{old} → {new}；按状态排列", headers, WHERE)
    for item, lead, support in zip(items, leads, supports, strict=True):
        row += 1
        status = item["status"]
        also = ""
        if item.get("also_old"):
            also += f"\n另与{old}{labels.join(item['also_old'], 'old')}对应"
        if item.get("also_new"):
            also += f"\n另与{new}{labels.join(item['also_new'], 'new')}对应"
        sheet.put(row, 1, ITEM_STATUS.get(status, status) + also, _status_style(status))
        paired = status in ("continued", "possible")
        sheet.put(row, 2, ("人工确认" if item["confirmed"] else "推定") if paired else "", CENTER)
        sheet.put(row, 3, f"{item['score']:.2f}" if item["score"] is not None else "", CENTER)
        sheet.put(row, 4, item["old_label"] or "", CENTER)
        sheet.put(row, 5, item["old_title"] or "", BODY, f"{old} 条目标题")
        sheet.put(row, 6, item["new_label"] or "", CENTER)
        sheet.put(row, 7, item["new_title"] or "", BODY, f"{new} 条目标题")
        sheet.put(row, 8, lead, BODY, "牵头单位")
        sheet.put(row, 9, support, BODY, "配合单位")
        sheet.put_rich(row, 10, _text_runs(item), BODY, f"{old}{item['old_label']}与{new}{item['new_label']}的内容")
    notes = [
        *_legend(data),
        "“内容变化”中删去的文字标为红色删除线，新增的文字标为蓝色下划线，较长的未变部分以“…”省略。",
        f"“牵头单位”“配合单位”为 {new} 的单位（不再列入的条目为 {old} 的单位），"
        f"“增”“减”为相对 {old} 的变化；{INFERRED_MARK} 表示牵头单位为推定（原文件未写明）。",
    ]
    sheet.end_table(row, notes, WHERE, paper="A3", freeze=f"A{HEADER_ROW + 1}", filter_to="J", page_title=title)


def _units_sheet(sheet: SheetWriter, data: dict[str, Any], labels: _Labels, title: str) -> None:
    old, new = data["old"], data["new"]
    units = data["units"]
    headers = ["单位", "变化", f"{old}牵头", f"{old}配合", f"{new}牵头", f"{new}配合",
               "新增牵头", "新增配合", "不再牵头", "不再配合"]
    names = [u["unit"] + (f"（原{u['old_spelling']}）" if u.get("old_spelling") else "") for u in units]
    cells = [
        [labels.join(u["old"]["lead"], "old"), labels.join(u["old"]["support"], "old"),
         labels.join(u["new"]["lead"], "new"), labels.join(u["new"]["support"], "new"),
         labels.join(u["gained"]["lead"], "new"), labels.join(u["gained"]["support"], "new"),
         labels.join(u["lost"]["lead"], "old"), labels.join(u["lost"]["support"], "old")]
        for u in units
    ]
    widths = [
        measured_width([*names, "单位"], minimum=12, maximum=38), 11,
        *(measured_width([c[i] for c in cells] + [headers[i + 2]], minimum=9, maximum=22, size=HEADER.size)
          for i in range(8)),
    ]
    row = sheet.start_table(widths, f"{title}：单位", f"{old} → {new}；按变化排列", headers, WHERE)
    for unit, name, values in zip(units, names, cells, strict=True):
        row += 1
        sheet.put(row, 1, name, BODY, "单位名称")
        sheet.put(row, 2, UNIT_STATUS.get(unit["status"], unit["status"]), _status_style(unit["status"]))
        sheet.put_row(row, values, CENTER, start=3)
    notes = [
        f"表中为条目序号。“新增”“不再”按条目对应关系计算：{new} 中承担、而对应的 {old} 条目中未承担（或无对应条目）"
        "的为新增，反之为不再。",
        "单位名称已按单位登记表统一写法（如 市卫健委 即 市卫生健康委）；“原…”为登记表中记录的更名。",
    ]
    sheet.end_table(row, notes, WHERE, paper="A4", freeze=f"B{HEADER_ROW + 1}", filter_to="J", page_title=title)
