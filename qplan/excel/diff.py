"""The comparison of two plans as a workbook: 比对摘要, 条目比对 (status coloured, why each pair
is in its band, both texts side by side with the changes marked), 单位变化.

It reads the plain data `qplan.diff.diff_to_dict` returns (with each item's text added, see
qplan.views.diff.workbook_data), so it does not depend on how the comparison was computed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qplan.diff import Segment, textdiff
from qplan.excel.safe import TextCleaner, join_item_labels, sheet_title
from qplan.excel.styles import (
    BODY,
    CENTER,
    HEADER_ROW,
    SheetWriter,
    Style,
    measured_width,
    new_workbook,
    save_workbook,
)
from qplan.numerals import to_chinese_number
from qplan.views.diff import REWRITTEN_SHARE
from qplan.vocabulary import INFERRED_MARK, ITEM_STATUSES, STATUS_LABELS, UNIT_STATUSES

ITEM_STATUS = {status: STATUS_LABELS[status] for status in ITEM_STATUSES}
UNIT_STATUS = {status: STATUS_LABELS[status] for status in UNIT_STATUSES}
STATUS_FILLS = {"continued": "E2EFDA", "possible": "FFF2CC", "added": "DDEBF7", "dropped": "FCE4D6",
                "changed": "FFF2CC", "same": None}
DELETED = "-C00000"  # struck through, dark red
INSERTED = "0070C0"  # underlined, blue
WHERE = "比对标题"

REASON_CONFIRMED = "人工确认"
REASON_CONFIDENT = "相似度达到延续线"
REASON_PART = "拆分或合并的一部分"
REASON_BELOW = "相似度未达延续线"
REASON_RIVAL = "另有相近条目"


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


def band_notes(data: dict[str, Any]) -> list[str]:
    """What the statuses mean, the cut-offs of this comparison, and the rules that put a pair
    in another band than its score alone would."""
    old, new = data["old"], data["new"]
    thresholds = data.get("thresholds") or {}
    continued, possible = ITEM_STATUS["continued"], ITEM_STATUS["possible"]
    notes = [
        f"{continued}：{old} 与 {new} 的条目按标题、内容和单位判定为同一项工作；{possible}：相近，需人工确认"
        f"（qplan link）；{ITEM_STATUS['added']}：仅见于 {new}；{ITEM_STATUS['dropped']}：仅见于 {old}。",
    ]
    if thresholds:
        high, low = thresholds["continued"], thresholds["possible"]
        if high > low:
            cut = (f"相似度达到 {high:.3f} 的为“{continued}”，{low:.3f} 至 {high:.3f} 之间的为“{possible}”，"
                   f"低于 {low:.3f} 的不作对应")
        else:
            cut = f"相似度达到 {high:.3f} 的为“{continued}”，低于的不作对应"
        notes.append(f"相似度为 0–1 之间的综合相似程度（1 为未改动）。本次比对的分界"
                     f"（按两份计划的条目自动确定）：{cut}。")
    notes.append(
        f"达到延续线的一对，如另有条目与其中一方几乎同样相近，或不如其中一方与本计划其他条目相近，"
        f"仍为“{possible}”（依据：{REASON_RIVAL}）；拆分、合并中由工具推断的部分为“{possible}”，"
        f"相似度可低于上述分界（依据：{REASON_PART}）；人工确认的对应为“{continued}”，不论相似度（依据：{REASON_CONFIRMED}）。")
    return notes


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
    sheet.end_table(row, band_notes(data), WHERE, freeze=None, filter_to=None, page_title=title)


def reason(item: dict[str, Any], thresholds: dict[str, float]) -> str:
    """Why a pair is in its band, as the band note states the rules."""
    if item["status"] not in ("continued", "possible"):
        return ""
    if item["confirmed"]:
        return REASON_CONFIRMED
    if item["status"] == "continued":
        return REASON_PART if item["also_old"] or item["also_new"] else REASON_CONFIDENT
    if item["also_old"] or item["also_new"]:
        return REASON_PART
    if thresholds and item["score"] is not None and item["score"] < thresholds["continued"]:
        return REASON_BELOW
    return REASON_RIVAL


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


def changed_share(segments: Sequence[dict[str, str]]) -> float:
    return textdiff.changed_share([Segment(s["op"], s["text"]) for s in segments])  # type: ignore[arg-type]


def _rewritten(item: dict[str, Any]) -> bool:
    # Past REWRITTEN_SHARE a marked-up diff says nothing a reader can use: both texts are
    # shown as they are (the share the terminal uses too).
    changes = item.get("changes")
    return bool(changes and changes["text_changed"] and changed_share(changes["text"]) >= REWRITTEN_SHARE)


def change_cell(item: dict[str, Any]) -> str:
    changes = item.get("changes")
    if changes is None:
        return ""
    parts = []
    if changes.get("title"):
        parts.append("标题改动")
    if changes["lead"]["gained"] or changes["lead"]["lost"]:
        parts.append("牵头单位变化")
    if changes["support"]["gained"] or changes["support"]["lost"]:
        parts.append("配合单位变化")
    if changes["text_changed"]:
        share = changed_share(changes["text"])
        parts.append("内容基本重写" if share >= REWRITTEN_SHARE else f"内容改动约 {share:.0%}")
    return "；".join(parts) or "未变"


def _text_runs(item: dict[str, Any], side: str) -> list[tuple[str, str | None]]:
    """One side's text: the older with what was deleted struck through, the newer with what
    was inserted underlined, long unchanged stretches shortened; a rewritten text, or an item
    on one side only, whole and plain."""
    changes = item.get("changes")
    whole = item.get(f"{side}_text") or ""
    if changes is None or not changes["text_changed"] or _rewritten(item):
        return [(whole, None)] if item[side] is not None else []
    shown = "delete" if side == "old" else "insert"
    colour = DELETED if side == "old" else INSERTED
    return [(segment["text"], colour if segment["op"] == shown else None)
            for segment in changes["text_folded"] if segment["op"] in ("equal", shown)]


def _item_cell(item: dict[str, Any], side: str) -> str:
    if item[side] is None:
        return ""
    return f"{item[f'{side}_label'] or item[side]}{item[f'{side}_title'] or ''}"


def status_cell(item: dict[str, Any], thresholds: dict[str, float], labels: _Labels, old: str, new: str) -> str:
    """The band, the pair's score and why it is in that band, and the other items of a split
    or merge it belongs to."""
    lines = [ITEM_STATUS.get(item["status"], item["status"])]
    if item["score"] is not None:
        lines.append(f"相似度 {item['score']:.3f}")
    why = reason(item, thresholds)
    if why:
        lines.append(why)
    if item.get("also_old"):
        lines.append(f"另与{old}{labels.join(item['also_old'], 'old')}对应")
    if item.get("also_new"):
        lines.append(f"另与{new}{labels.join(item['also_new'], 'new')}对应")
    return "\n".join(lines)


def _items_sheet(sheet: SheetWriter, data: dict[str, Any], labels: _Labels, title: str) -> None:
    old, new = data["old"], data["new"]
    items = data["items"]
    thresholds = data.get("thresholds") or {}
    headers = ["状态", f"{old}条目", f"{new}条目", "变化", "牵头单位", "配合单位", f"{old}内容", f"{new}内容"]
    cells = [[status_cell(item, thresholds, labels, old, new), _item_cell(item, "old"), _item_cell(item, "new"),
              change_cell(item), _role_cell(item, "lead"), _role_cell(item, "support"),
              "".join(t for t, _ in _text_runs(item, "old")), "".join(t for t, _ in _text_runs(item, "new"))]
             for item in items]
    limits = [(10, 12), (12, 18), (12, 18), (10, 12), (14, 20), (16, 24), (24, 48), (24, 48)]
    widths = [measured_width([header, *(row[i] for row in cells)], minimum=low, maximum=high)
              for i, (header, (low, high)) in enumerate(zip(headers, limits, strict=True))]
    row = sheet.start_table(widths, f"{title}：条目", f"{old} → {new}；按状态排列", headers, WHERE, paper="A3",
                            minimums=[low for low, _ in limits], cells=cells,
                            lists=[False, False, False, False, True, True, False, False])
    for item, values in zip(items, cells, strict=True):
        row += 1
        sheet.put(row, 1, values[0], _status_style(item["status"]))
        sheet.put(row, 2, values[1], BODY, f"{old} 条目标题")
        sheet.put(row, 3, values[2], BODY, f"{new} 条目标题")
        sheet.put(row, 4, values[3], CENTER)
        sheet.put(row, 5, values[4], BODY, "牵头单位", lists=True)
        sheet.put(row, 6, values[5], BODY, "配合单位", lists=True)
        where = f"{old}{item['old_label']}与{new}{item['new_label']}的内容"
        sheet.put_rich(row, 7, _text_runs(item, "old"), BODY, where)
        sheet.put_rich(row, 8, _text_runs(item, "new"), BODY, where)
    notes = [
        *band_notes(data),
        f"“{old}内容”中删去的文字标为红色删除线，“{new}内容”中新增的文字标为蓝色下划线，较长的未变部分以“…”省略；"
        f"内容基本重写（改动超过 {REWRITTEN_SHARE:.0%}）的，两年全文照录，不作标记。",
        f"“牵头单位”“配合单位”为 {new} 的单位（不再列入的条目为 {old} 的单位），"
        f"“增”“减”为相对 {old} 的变化；{INFERRED_MARK} 表示牵头单位为推定（原文件未写明）。",
    ]
    sheet.end_table(row, notes, WHERE, freeze=f"A{HEADER_ROW + 1}", filter_to="H", page_title=title)


def _roles_text(unit: dict[str, Any], role: str, labels: _Labels, old: str, new: str) -> str:
    if not unit["old"][role] and not unit["new"][role]:
        return ""
    parts = []
    for plan, side in ((old, "old"), (new, "new")):
        numbers = unit[side][role]
        parts.append(f"{plan}：{labels.join(numbers, side) if numbers else '无'}")
    return "\n".join(parts)


def _delta_text(unit: dict[str, Any], key: str, labels: _Labels, plan: str, side: str) -> str:
    parts = []
    for role, word in (("lead", "牵头"), ("support", "配合")):
        if unit[key][role]:
            parts.append(f"{word} {labels.join(unit[key][role], side)}")
    return f"{plan}：" + "；".join(parts) if parts else ""


def _units_sheet(sheet: SheetWriter, data: dict[str, Any], labels: _Labels, title: str) -> None:
    old, new = data["old"], data["new"]
    units = data["units"]
    headers = ["单位", "变化", "牵头条目", "配合条目", "新增承担", "不再承担"]
    cells = [[u["unit"] + (f"（原{u['old_spelling']}）" if u.get("old_spelling") else ""),
              UNIT_STATUS.get(u["status"], u["status"]),
              _roles_text(u, "lead", labels, old, new), _roles_text(u, "support", labels, old, new),
              _delta_text(u, "gained", labels, new, "new"), _delta_text(u, "lost", labels, old, "old")]
             for u in units]
    # 变化 holds up to 分工有变化: five characters on one line.
    limits = [(14, 30), (12, 12), (16, 30), (16, 30), (16, 30), (16, 30)]
    widths = [measured_width([header, *(row[i] for row in cells)], minimum=low, maximum=high)
              for i, (header, (low, high)) in enumerate(zip(headers, limits, strict=True))]
    row = sheet.start_table(widths, f"{title}：单位", f"{old} → {new}；按变化排列；表中为条目序号", headers, WHERE,
                            minimums=[low for low, _ in limits], cells=cells, lists=[True, False, *[True] * 4])
    for unit, values in zip(units, cells, strict=True):
        row += 1
        # A name too long for the column breaks where a name may (see styles.split_entry).
        sheet.put(row, 1, values[0], BODY, "单位名称", lists=True)
        sheet.put(row, 2, values[1], _status_style(unit["status"]))
        for column in range(3, 7):
            sheet.put(row, column, values[column - 1], BODY, lists=True)
    notes = [
        f"“新增承担”“不再承担”按条目对应关系计算：{new} 中承担、而对应的 {old} 条目中未承担（或无对应条目）"
        "的为新增，反之为不再。",
        "单位名称已按单位登记表统一写法（如 市卫健委 即 市卫生健康委）；“原…”为登记表中记录的更名。",
    ]
    sheet.end_table(row, notes, WHERE, freeze=f"B{HEADER_ROW + 1}", filter_to="F", page_title=title)
