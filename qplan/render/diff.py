"""`qplan diff` and `qplan trace` as terminal tables, Markdown and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qplan.diff import DiffResult, ItemDiff, Segment, UnitDiff, diff_to_dict
from qplan.diff.textdiff import changed_share, fold
from qplan.diff.trace import Trace, TraceItem
from qplan.model import Item, Plan
from qplan.numerals import to_chinese_number
from qplan.registry import Registry
from qplan.render import INFERRED_MARK, LEGEND_INFERRED, lead_text, plan_heading, support_text
from qplan.render.text import md_table, to_json

STATUS_LABELS = {"continued": "延续", "possible": "待确认", "added": "新增", "dropped": "不再列入"}
UNIT_STATUS_LABELS = {"added": "新增", "dropped": "不再承担", "changed": "有变化", "same": "无变化"}
INFERRED_MATCH = "≈"
CONFIRMED_MATCH = "✔"
DELETE_MARKS = ("[-", "-]")
INSERT_MARKS = ("{+", "+}")
LEGEND_MATCH = (f"{INFERRED_MATCH} 对应关系由工具按标题、正文和单位推断，数值为相似度（0–1，1 为未改动）；"
                f"{CONFIRMED_MATCH} 为人工确认（记录在较新计划文件的 links 中）。")
LEGEND_TEXT = (f"正文变化：{DELETE_MARKS[0]}…{DELETE_MARKS[1]} 为删去的文字，"
               f"{INSERT_MARKS[0]}…{INSERT_MARKS[1]} 为新增的文字，…… 处为省略的未改动文字。")
# Rewritten past this share of characters, a character diff says nothing a reader can use.
REWRITTEN_SHARE = 0.85


def summary_line(result: DiffResult) -> str:
    return (f"延续 {result.count('continued')} · 待确认 {result.count('possible')} · "
            f"新增 {result.count('added')} · 不再列入 {result.count('dropped')} · "
            f"单位变化 {result.units_changed}")


def heading(result: DiffResult) -> str:
    return f"{plan_heading(result.old)}\n  → {plan_heading(result.new)}"


def diff_json(result: DiffResult, whole: DiffResult | None = None) -> str:
    """JSON of `result`; `whole` (the comparison before --only) supplies the summary counts."""
    data = diff_to_dict(result)
    if whole is not None:
        data["summary"] = diff_to_dict(whole)["summary"]
    return to_json(data)


# -- shared cell text ----------------------------------------------------------------------

def label(plan: Plan, item: Item | None) -> str:
    return plan.label(item) if item is not None else ""


def short_no(plan: Plan, no: int) -> str:
    return to_chinese_number(no) if plan.numbering == "chinese" else str(no)


def match_text(row: ItemDiff) -> str:
    if row.score is None:
        return ""
    if row.confirmed:
        return f"{CONFIRMED_MATCH}{row.score:.2f}"
    return f"{INFERRED_MATCH}{row.score:.2f}"


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


def _items(plan: Plan, nos: Sequence[int]) -> list[Item]:
    return [item for item in (plan.item(no) for no in nos) if item is not None]


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


def diff_plain(segments: list[Segment]) -> str:
    parts = []
    for segment in fold(segments):
        if segment.op == "delete":
            parts.append(DELETE_MARKS[0] + segment.text + DELETE_MARKS[1])
        elif segment.op == "insert":
            parts.append(INSERT_MARKS[0] + segment.text + INSERT_MARKS[1])
        else:
            parts.append(segment.text)
    return "".join(parts)


def nos_text(plan: Plan, nos: Sequence[int], lead: bool = False) -> str:
    """Item numbers; as leads, those whose lead was inferred from list order carry ※."""
    parts = []
    for no in nos:
        item = plan.item(no)
        mark = INFERRED_MARK if lead and item is not None and not item.lead_stated else ""
        parts.append(short_no(plan, no) + mark)
    return "、".join(parts) or "—"


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


def legends(result: DiffResult) -> list[str]:
    notes = []
    if any(row.score is not None for row in result.items):
        notes.append(LEGEND_MATCH)
    shown = [item for row in result.items for item in (row.old, row.new) if item is not None]
    if any(not item.lead_stated for item in shown):
        notes.append(LEGEND_INFERRED)
    if text_diff_rows(result):
        notes.append(LEGEND_TEXT)
    return notes


PAIR_HEADERS = ("旧序号", "新序号", "任务（旧 → 新）", "相似度", "变化")
SINGLE_HEADERS = ("序号", "任务", "牵头单位", "配合单位")
UNIT_HEADERS = ("单位", "状态", "牵头（旧 → 新）", "配合（旧 → 新）", "新增承担", "不再承担")


def pair_cells(result: DiffResult, row: ItemDiff) -> list[str]:
    return [label(result.old, row.old), label(result.new, row.new), title_text(result, row),
            match_text(row), change_text(row)]


def single_cells(plan: Plan, item: Item, registry: Registry) -> list[str]:
    return [plan.label(item), item.title, lead_text(item, registry), support_text(item, registry)]


def unit_cells(result: DiffResult, unit: UnitDiff) -> list[str]:
    return [unit_name(unit), UNIT_STATUS_LABELS[unit.status],
            unit_role_text(result.old, result.new, unit.old_lead, unit.new_lead, lead=True),
            unit_role_text(result.old, result.new, unit.old_support, unit.new_support),
            unit_delta(result, unit, gained=True), unit_delta(result, unit, gained=False)]


def rows_of(result: DiffResult, status: str) -> list[ItemDiff]:
    return [row for row in result.items if row.status == status]


def text_diff_rows(result: DiffResult) -> list[tuple[str, str]]:
    """(heading, folded diff) for each matched pair whose text changed but was not rewritten."""
    found = []
    for row in result.items:
        if row.changes is None or not row.changes.text_changed or _rewritten(row):
            continue
        assert row.old is not None and row.new is not None
        head = (f"{result.old.id}{result.old.label(row.old)}{row.old.title} → "
                f"{result.new.id}{result.new.label(row.new)}{row.new.title}")
        found.append((head, diff_plain(row.changes.text)))
    return found


def _rewritten(row: ItemDiff) -> bool:
    return row.changes is not None and changed_share(row.changes.text) >= REWRITTEN_SHARE


def rewritten_note(result: DiffResult) -> str | None:
    """One line naming the pairs whose text was rewritten, whose character diff is left out."""
    pairs = [f"{result.old.label(row.old)}→{result.new.label(row.new)}" for row in result.items
             if row.old is not None and row.new is not None and _rewritten(row)]
    if not pairs:
        return None
    return (f"正文基本重写（改动超过 {REWRITTEN_SHARE:.0%}）、逐字比对从略的 {len(pairs)} 对："
            + "、".join(pairs) + "。完整的逐字比对见 --format json 的 changes.text。")


# -- terminal tables -----------------------------------------------------------------------

def diff_tables(result: DiffResult, registry: Registry, *, show_units: bool = True,
                whole: DiffResult | None = None) -> list[Any]:
    from rich.text import Text

    from qplan.render.terminal import make_table

    out: list[Any] = [Text(heading(result), style="bold"),
                      Text(summary_line(whole or result), style="bold")]
    for status in ("continued", "possible"):
        rows = rows_of(result, status)
        if rows:
            out.append(make_table(f"{STATUS_LABELS[status]}（{len(rows)} 项）", PAIR_HEADERS,
                                  [pair_cells(result, row) for row in rows], wrap_columns=(2, 4)))
        if status == "possible" and rows:
            out += [Text(link_hint(result, row), style="dim") for row in rows]
    for status, plan in (("added", result.new), ("dropped", result.old)):
        rows = rows_of(result, status)
        if rows:
            cells = [single_cells(plan, item, registry) for item in
                     (row.new if status == "added" else row.old for row in rows) if item is not None]
            out.append(make_table(f"{STATUS_LABELS[status]}（{len(rows)} 项）", SINGLE_HEADERS, cells,
                                  wrap_columns=(1, 2, 3)))
    relations = relation_lines(result)
    if relations:
        out.append(Text("拆分与合并", style="bold"))
        out += [Text(line) for line in relations]
    if show_units:
        changed = [unit for unit in result.units if unit.status != "same"]
        same = len(result.units) - len(changed)
        if changed:
            out.append(make_table(f"单位变化（{len(changed)} 个单位；序号为条目序号）", UNIT_HEADERS,
                                  [unit_cells(result, unit) for unit in changed],
                                  wrap_columns=(2, 3, 4, 5)))
        if same:
            out.append(Text(f"另有 {same} 个单位承担的条目一一对应、角色未变。", style="dim"))
    diffs = text_diff_rows(result)
    if diffs:
        out.append(Text("正文变化", style="bold"))
        for head, body in diffs:
            out.append(Text(head, style="bold"))
            out.append(_styled_diff(body))
    note = rewritten_note(result)
    if note:
        out.append(Text(note, style="dim"))
    if not result.items and not (show_units and result.units):
        out.append(Text("没有符合条件的条目。"))
    out += [Text(note, style="dim") for note in legends(result)]
    return out


def _styled_diff(body: str) -> Any:
    """Colour the marked runs; the marks stay, so the text reads the same without colour."""
    import re

    from rich.text import Text

    text = Text("  " + body)
    for pattern, style in ((r"\[-.*?-\]", "red"), (r"\{\+.*?\+\}", "green")):
        for match in re.finditer(pattern, text.plain, flags=re.S):
            text.stylize(style, match.start(), match.end())
    return text


# -- Markdown ------------------------------------------------------------------------------

def diff_markdown(result: DiffResult, registry: Registry, *, show_units: bool = True,
                  whole: DiffResult | None = None) -> str:
    parts = [f"# {result.old.id} → {result.new.id} 比对\n",
             f"- 旧：{plan_heading(result.old)}\n- 新：{plan_heading(result.new)}\n",
             f"**{summary_line(whole or result)}**\n"]
    for status in ("continued", "possible"):
        rows = rows_of(result, status)
        if rows:
            parts.append(f"## {STATUS_LABELS[status]}（{len(rows)} 项）\n")
            parts.append(md_table(PAIR_HEADERS, [pair_cells(result, row) for row in rows]))
            if status == "possible":
                parts.append("\n".join(f"- {link_hint(result, row)}" for row in rows) + "\n")
    for status, plan in (("added", result.new), ("dropped", result.old)):
        rows = rows_of(result, status)
        if rows:
            items = [row.new if status == "added" else row.old for row in rows]
            parts.append(f"## {STATUS_LABELS[status]}（{len(rows)} 项）\n")
            parts.append(md_table(SINGLE_HEADERS, [single_cells(plan, item, registry)
                                                   for item in items if item is not None]))
    relations = relation_lines(result)
    if relations:
        parts.append("## 拆分与合并\n\n" + "\n".join(f"- {line}" for line in relations) + "\n")
    if show_units:
        changed = [unit for unit in result.units if unit.status != "same"]
        if changed:
            parts.append(f"## 单位变化（{len(changed)} 个单位）\n")
            parts.append(md_table(UNIT_HEADERS, [unit_cells(result, unit) for unit in changed]))
    diffs = text_diff_rows(result)
    if diffs:
        parts.append("## 正文变化\n")
        for head, body in diffs:
            parts.append(f"**{head}**\n\n{_md_diff(body)}\n")
    note = rewritten_note(result)
    if note:
        parts.append(f"{note}\n")
    notes = legends(result)
    if notes:
        parts.append("\n".join(f"> {note}" for note in notes) + "\n")
    return "\n".join(parts)


def _md_diff(body: str) -> str:
    import re

    escaped = body.replace("*", r"\*").replace("~", r"\~")
    escaped = re.sub(r"\[-(.*?)-\]", r"~~\1~~", escaped, flags=re.S)
    return re.sub(r"\{\+(.*?)\+\}", r"**\1**", escaped, flags=re.S)


# -- trace -----------------------------------------------------------------------------------

TRACE_HEADERS = ("计划", "序号", "任务", "牵头单位", "承接上一计划")


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


def trace_rows(line: Trace, registry: Registry) -> list[list[str]]:
    plans = {stage.plan.id: stage.plan for stage in line.stages}
    rows = []
    first = next((i for i, s in enumerate(line.stages) if s.items), 0)
    for index, stage in enumerate(line.stages):
        if not stage.items:
            note = "（此前无对应条目）" if index < first else "（此后无对应条目）"
            rows.append([stage.plan.id, "", note, "", ""])
            continue
        for entry in stage.items:
            start = stage.plan.id == line.start.plan and entry.item.no == line.start.no
            title = entry.item.title + ("（所查条目）" if start else "")
            rows.append([stage.plan.id, stage.plan.label(entry.item), title,
                         lead_text(entry.item, registry),
                         step_text(entry, plans) or ("—" if index == first else "")])
    return rows


def trace_tables(line: Trace, registry: Registry) -> list[Any]:
    from rich.text import Text

    from qplan.render.terminal import make_table

    table = make_table(f"{line.start} 的工作脉络（从早到晚，{len(line.stages)} 个计划）", TRACE_HEADERS,
                       trace_rows(line, registry), wrap_columns=(2, 3, 4))
    return [table, *(Text(note, style="dim") for note in trace_legends(line))]


def trace_legends(line: Trace) -> list[str]:
    notes = [LEGEND_MATCH]
    if any(not e.item.lead_stated for s in line.stages for e in s.items):
        notes.append(LEGEND_INFERRED)
    return notes


def trace_markdown(line: Trace, registry: Registry) -> str:
    body = md_table(TRACE_HEADERS, trace_rows(line, registry))
    notes = "\n".join(f"> {note}" for note in trace_legends(line))
    return f"# {line.start} 的工作脉络\n\n{body}\n{notes}\n"


def trace_json(line: Trace) -> str:
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
    return to_json({"start": str(line.start), "stages": stages})


__all__ = ["INFERRED_MARK", "diff_json", "diff_markdown", "diff_tables", "summary_line",
           "trace_json", "trace_markdown", "trace_tables"]
