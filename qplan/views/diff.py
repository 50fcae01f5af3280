"""`qplan diff` and `qplan trace`: how work lines moved between plans."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qplan import columns
from qplan.columns import ItemCell, plan_heading
from qplan.diff import DiffResult, ItemDiff, Segment, UnitDiff, diff_to_dict
from qplan.diff.textdiff import changed_share, fold
from qplan.diff.trace import Trace, TraceItem
from qplan.model import Item, Plan
from qplan.numerals import to_chinese_number
from qplan.registry import Registry
from qplan.report import Bullets, Column, Heading, Notes, Paragraph, Report, Span, Table
from qplan.vocabulary import (
    CONFIRMED_MATCH,
    INFERRED_MARK,
    INFERRED_MATCH,
    LEGEND_INFERRED,
    LEGEND_KEY,
    LEGEND_MATCH,
    STATUS_LABELS,
)

LEGEND_TEXT = "正文变化：[-…-] 为删去的文字，{+…+} 为新增的文字，…… 处为省略的未改动文字。"
# Rewritten past this share of characters, a character diff says nothing a reader can use.
REWRITTEN_SHARE = 0.85

PAIR_COLUMNS = [Column("旧序号", "items"), Column("新序号", "items"), Column("任务（旧 → 新）"),
                Column("相似度", "number"), Column("变化", "units")]
UNIT_COLUMNS = [Column("单位", "units"), Column("状态", "units"), Column("牵头（旧 → 新）", "items"),
                Column("配合（旧 → 新）", "items"), Column("新增承担", "items"), Column("不再承担", "items")]
TRACE_COLUMNS = [Column("计划", "items"), Column("序号", "items"), Column("任务"), Column("牵头单位", "units"),
                 Column("配合单位", "units"), Column("承接上一计划", "units")]


def summary_line(result: DiffResult) -> str:
    return (f"{STATUS_LABELS['continued']} {result.count('continued')} · "
            f"{STATUS_LABELS['possible']} {result.count('possible')} · "
            f"{STATUS_LABELS['added']} {result.count('added')} · "
            f"{STATUS_LABELS['dropped']} {result.count('dropped')} · 单位变化 {result.units_changed}")


def diff_data(result: DiffResult, whole: DiffResult | None = None) -> dict[str, Any]:
    """The comparison as data; `whole` (before --only/--dept) gives the summary counts."""
    data = diff_to_dict(result)
    if whole is not None:
        data["summary"] = diff_to_dict(whole)["summary"]
    return data


def workbook_data(result: DiffResult, whole: DiffResult | None = None) -> dict[str, Any]:
    """The comparison as data, each item with its text (old_text, new_text): the workbook
    shows both texts, where JSON carries the character diff."""
    data = diff_data(result, whole)
    for row, item in zip(result.items, data["items"], strict=True):
        item["old_text"] = row.old.text if row.old is not None else None
        item["new_text"] = row.new.text if row.new is not None else None
    return data


# -- cell text -------------------------------------------------------------------------------

def label(plan: Plan, item: Item | None) -> str:
    return plan.label(item) if item is not None else ""


def short_no(plan: Plan, no: int) -> str:
    return to_chinese_number(no) if plan.numbering == "chinese" else str(no)


def match_text(row: ItemDiff) -> str:
    if row.score is None:
        return ""
    return f"{CONFIRMED_MATCH if row.confirmed else INFERRED_MATCH}{row.score:.2f}"


# A report looks items up by number thousands of times (each unit's gains and losses, each
# split and merge): each plan's index is made once. A plan is not changed once built; the index
# still stands only for the very list it was made from, at its length.
_INDEXES: dict[int, tuple[list[Item], int, dict[int, Item]]] = {}


def _by_no(plan: Plan) -> dict[int, Item]:
    """Each number's item, the first of that number as plan.item finds it."""
    items = plan.items
    known = _INDEXES.get(id(plan))
    if known is not None and known[0] is items and known[1] == len(items):
        return known[2]
    index: dict[int, Item] = {}
    for item in items:
        index.setdefault(item.no, item)
    if len(_INDEXES) >= 8:
        _INDEXES.clear()
    _INDEXES[id(plan)] = (items, len(items), index)
    return index


def _items(plan: Plan, nos: Sequence[int]) -> list[Item]:
    index = _by_no(plan)
    return [index[no] for no in nos if no in index]


def title_text(result: DiffResult, row: ItemDiff) -> str:
    if row.old is None and row.new is not None:
        return row.new.title
    if row.new is None and row.old is not None:
        return row.old.title
    assert row.old is not None and row.new is not None
    text = row.old.title if row.old.title == row.new.title else f"{row.old.title} → {row.new.title}"
    if row.also_new:
        others = "、".join(result.new.label(i) for i in _items(result.new, row.also_new))
        text += f"（拆分：另见新{others}）"
    if row.also_old:
        others = "、".join(result.old.label(i) for i in _items(result.old, row.also_old))
        text += f"（合并：另见旧{others}）"
    return text


def change_text(row: ItemDiff) -> str:
    changes = row.changes
    if changes is None:
        return ""
    parts = []
    if changes.title_changed:
        parts.append("标题改动")
    # ※ sits on the lead it qualifies: a gained lead is inferred in the new plan, a lost one
    # was inferred in the old plan.
    new_mark = INFERRED_MARK if row.new is not None and not row.new.lead_stated else ""
    old_mark = INFERRED_MARK if row.old is not None and not row.old.lead_stated else ""
    lead_bits = [f"+{name}{new_mark}" for name in changes.lead_gained]
    lead_bits += [f"−{name}{old_mark}" for name in changes.lead_lost]
    if lead_bits:
        parts.append("牵头 " + " ".join(lead_bits))
    if row.old is not None and row.new is not None and row.old.lead_stated != row.new.lead_stated:
        parts.append("牵头由推定改为原文写明" if row.new.lead_stated else "牵头由原文写明改为按列序推定")
    support_bits = [f"+{name}" for name in changes.support_gained]
    support_bits += [f"−{name}" for name in changes.support_lost]
    if support_bits:
        parts.append("配合 " + " ".join(support_bits))
    if changes.text_changed:
        share = changed_share(changes.text)
        parts.append("正文基本重写" if share >= REWRITTEN_SHARE else f"正文改动约 {share:.0%}")
    return "；".join(parts) or "无变化"


def diff_spans(segments: list[Segment]) -> tuple[Span, ...]:
    styles = {"delete": "deleted", "insert": "inserted"}
    return tuple(Span(segment.text, styles.get(segment.op)) for segment in fold(segments))  # type: ignore[arg-type]


def nos_text(plan: Plan, nos: Sequence[int], lead: bool = False) -> str:
    """Item numbers; as leads, those whose lead was inferred from list order carry ※."""
    inferred = {item.no for item in _items(plan, nos) if not item.lead_stated} if lead else set()
    return "、".join([short_no(plan, no) + (INFERRED_MARK if no in inferred else "") for no in nos]) or "—"


def unit_role_text(plan_old: Plan, plan_new: Plan, old: Sequence[int], new: Sequence[int],
                   lead: bool = False) -> str:
    if not old and not new:
        return ""
    return f"{nos_text(plan_old, old, lead)} → {nos_text(plan_new, new, lead)}"


def unit_delta(result: DiffResult, unit: UnitDiff, gained: bool) -> str:
    plan = result.new if gained else result.old
    lead = unit.gained_lead if gained else unit.lost_lead
    support = unit.gained_support if gained else unit.lost_support
    parts = []
    if lead:
        parts.append("牵头 " + nos_text(plan, lead, lead=True))
    if support:
        parts.append("配合 " + nos_text(plan, support))
    # Name the plan: gains are numbered as in the new plan, losses as in the old one.
    return f"{plan.id}：" + "；".join(parts) if parts else ""


def unit_name(unit: UnitDiff) -> str:
    return f"{unit.unit}（原{unit.old_spelling}）" if unit.old_spelling else unit.unit


def link_hint(result: DiffResult, row: ItemDiff) -> str:
    assert row.old is not None and row.new is not None
    new_ref = f"{result.new.id}#{row.new.no}"
    old_ref = f"{result.old.id}#{row.old.no}"
    return (f"{result.old.id}{result.old.label(row.old)} → {result.new.id}{result.new.label(row.new)}："
            f"确认 `qplan link {new_ref} --continues {old_ref}`，"
            f"否定 `qplan link {new_ref} --not {old_ref}`")


def relation_lines(result: DiffResult) -> list[str]:
    lines = []
    for relation in result.relations:
        olds = "、".join(result.old.label(i) for i in _items(result.old, relation.old))
        news = "、".join(result.new.label(i) for i in _items(result.new, relation.new))
        if relation.kind == "split":
            lines.append(f"拆分：{result.old.id}{olds} 的内容分入 {result.new.id}{news}")
        else:
            lines.append(f"合并：{result.old.id}{olds} 的内容并入 {result.new.id}{news}")
    return lines


def rows_of(result: DiffResult, status: str) -> list[ItemDiff]:
    return [row for row in result.items if row.status == status]


def _rewritten(row: ItemDiff) -> bool:
    return row.changes is not None and changed_share(row.changes.text) >= REWRITTEN_SHARE


def text_diff_rows(result: DiffResult) -> list[tuple[str, tuple[Span, ...]]]:
    """(heading, diff) for each matched pair whose text changed but was not rewritten."""
    found = []
    for row in result.items:
        if row.changes is None or not row.changes.text_changed or _rewritten(row):
            continue
        assert row.old is not None and row.new is not None
        head = (f"{result.old.id}{result.old.label(row.old)}{row.old.title} → "
                f"{result.new.id}{result.new.label(row.new)}{row.new.title}")
        found.append((head, diff_spans(row.changes.text)))
    return found


def rewritten_note(result: DiffResult) -> str | None:
    """One line naming the pairs whose text was rewritten, whose character diff is left out."""
    pairs = [f"{result.old.label(row.old)}→{result.new.label(row.new)}" for row in result.items
             if row.old is not None and row.new is not None and _rewritten(row)]
    if not pairs:
        return None
    return (f"正文基本重写（改动超过 {REWRITTEN_SHARE:.0%}）、逐字比对从略的 {len(pairs)} 对："
            + "、".join(pairs) + "。完整的逐字比对见 --format json 的 changes.text。")


def legends(result: DiffResult, with_text: bool) -> list[str]:
    notes = []
    if any(row.score is not None for row in result.items):
        notes.append(LEGEND_MATCH)
    shown = [item for row in result.items for item in (row.old, row.new) if item is not None]
    if any(not item.lead_stated for item in shown):
        notes.append(LEGEND_INFERRED)
    if any(item.key for item in shown):
        notes.append(LEGEND_KEY)
    if with_text:
        notes.append(LEGEND_TEXT)
    return notes


def diff_report(result: DiffResult, registry: Registry, *, show_units: bool = True,
                whole: DiffResult | None = None) -> Report:
    def fill(report: Report) -> None:
        _diff_blocks(report, result, registry, show_units, whole)

    return Report([], data=diff_data(result, whole), title=f"{result.old.id} → {result.new.id} 比对", fill=fill)


def _diff_blocks(report: Report, result: DiffResult, registry: Registry, show_units: bool,
                 whole: DiffResult | None) -> None:
    report.add(Bullets([f"旧：{plan_heading(result.old)}", f"新：{plan_heading(result.new)}"], "strong"),
               Paragraph(summary_line(whole or result), "strong"))
    for status in ("continued", "possible"):
        rows = rows_of(result, status)
        if not rows:
            continue
        table = Table(list(PAIR_COLUMNS), title=f"{STATUS_LABELS[status]}（{len(rows)} 项）")
        for row in rows:
            table.add(label(result.old, row.old), label(result.new, row.new), title_text(result, row),
                      match_text(row), change_text(row))
        report.add(table)
        if status == "possible":
            report.add(Bullets([link_hint(result, row) for row in rows], "note"))
    for status, plan in (("added", result.new), ("dropped", result.old)):
        rows = rows_of(result, status)
        if not rows:
            continue
        table = Table([column.column() for column in columns.ITEM_LIST],
                      title=f"{STATUS_LABELS[status]}（{len(rows)} 项）")
        for row in rows:
            item = row.new if status == "added" else row.old
            if item is not None:
                table.add(*columns.cells(columns.ITEM_LIST, ItemCell(plan, item, registry)))
        report.add(table)
    relations = relation_lines(result)
    if relations:
        report.add(Heading("拆分与合并"), Bullets(relations))
    if show_units:
        changed = [unit for unit in result.units if unit.status != "same"]
        same = len(result.units) - len(changed)
        if changed:
            table = Table(list(UNIT_COLUMNS), title=f"单位变化（{len(changed)} 个单位；序号为条目序号）")
            for unit in changed:
                table.add(unit_name(unit), STATUS_LABELS[unit.status],
                          unit_role_text(result.old, result.new, unit.old_lead, unit.new_lead, lead=True),
                          unit_role_text(result.old, result.new, unit.old_support, unit.new_support),
                          unit_delta(result, unit, gained=True), unit_delta(result, unit, gained=False))
            report.add(table)
        if same:
            names = "、".join(unit_name(unit) for unit in result.units if unit.status == "same")
            report.add(Paragraph(f"另有 {same} 个单位承担的条目一一对应、角色未变：{names}。", "note"))
    diffs = text_diff_rows(result)
    if diffs:
        report.add(Heading("正文变化"))
        for head, body in diffs:
            report.add(Paragraph(head, "strong"), Paragraph(body, indent=2))
    note = rewritten_note(result)
    if note:
        report.add(Paragraph(note, "note"))
    if not result.items and not (show_units and result.units):
        report.add(Paragraph("没有符合条件的条目。"))
    report.notes(legends(result, bool(diffs)))


# -- trace -----------------------------------------------------------------------------------

def step_text(trace_item: TraceItem, plans: dict[str, Plan]) -> str:
    parts = []
    for step in trace_item.came_from:
        plan = plans[step.plan]
        item = plan.item(step.no)
        mark = CONFIRMED_MATCH if step.confirmed else INFERRED_MATCH
        score = f"{mark}{step.score:.2f}" if step.score is not None else mark
        where = f"{step.plan}{plan.label(item) if item else step.no}"
        parts.append(f"{where} {STATUS_LABELS[step.status]} {score}")
    return "；".join(parts)


def trace_data(line: Trace) -> dict[str, Any]:
    stages = []
    for stage in line.stages:
        stages.append({
            "plan": stage.plan.id,
            "title": stage.plan.title,
            "items": [{
                "no": e.item.no,
                "label": stage.plan.label(e.item),
                "title": e.item.title,
                "lead": list(e.item.lead),
                "support": list(e.item.support),
                "lead_stated": e.item.lead_stated,
                "from": [{"plan": s.plan, "no": s.no, "status": s.status,
                          "score": round(s.score, 3) if s.score is not None else None,
                          "confirmed": s.confirmed} for s in e.came_from],
            } for e in stage.items],
        })
    return {"start": str(line.start), "stages": stages}


def trace_report(line: Trace, registry: Registry) -> Report:
    plans = {stage.plan.id: stage.plan for stage in line.stages}
    table = Table(list(TRACE_COLUMNS), title=f"{line.start} 的工作脉络（从早到晚，{len(line.stages)} 个计划）")
    first = next((i for i, s in enumerate(line.stages) if s.items), 0)
    for index, stage in enumerate(line.stages):
        if not stage.items:
            table.add(stage.plan.id, "", "（此前无对应条目）" if index < first else "（此后无对应条目）", "", "", "")
            continue
        for entry in stage.items:
            start = stage.plan.id == line.start.plan and entry.item.no == line.start.no
            table.add(stage.plan.id, stage.plan.label(entry.item),
                      entry.item.title + ("（所查条目）" if start else ""),
                      columns.lead_text(entry.item, registry), columns.support_text(entry.item, registry),
                      step_text(entry, plans) or ("—" if index == first else ""))
    notes = [LEGEND_MATCH]
    if any(not e.item.lead_stated for s in line.stages for e in s.items):
        notes.append(LEGEND_INFERRED)
    return Report([table, Notes(notes)], data=trace_data(line))
