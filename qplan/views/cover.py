"""`qplan cover`: which tasks of a multi-year plan an annual plan (or project list) carries,
and, for `qplan trace`, the tasks and project lists an item's line crosses into."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qplan import columns
from qplan.columns import plan_heading
from qplan.cover import CarryPair, Coverage, coverage_to_dict
from qplan.cover.trace import Across, AcrossStep
from qplan.model import Item, Plan, kind_label
from qplan.registry import Registry
from qplan.report import Bullets, Column, Heading, Notes, Paragraph, Records, Report, Row, Span, Table, Text
from qplan.vocabulary import CONFIRMED_MATCH, INFERRED_MARK, LEGEND_INFERRED

BAND_LABELS = {"confident": "较确定", "possible": "待确认"}
BAND_MARKS = {"confident": "●", "possible": "○"}
BAND_FLAGS = {"confident": "flag-green", "possible": "flag-yellow"}
NO_PAIR = "·"
# Project-list entries carried through the list's title are named together, not one by one.
LIST_WORDS = "项目名单全部 {count} 项（按名单标题）"


def score_text(pair: CarryPair) -> str:
    return f"{CONFIRMED_MATCH}{pair.score:.2f}" if pair.confirmed else f"{pair.score:.2f}"


def ref(plan: Plan, item: Item) -> str:
    return f"{plan.label(item)}{item.title}"


def pairs_text(coverage: Coverage, pairs: Sequence[CarryPair], side: str) -> str:
    """The other side of each pair, with its score; entries carried through the list as one."""
    via_list = [pair for pair in pairs if pair.via_list] if side == "item" else []
    parts = []
    if via_list:
        parts.append(LIST_WORDS.format(count=len(via_list)) + f" {score_text(via_list[0])}")
    for pair in pairs:
        if pair in via_list:
            continue
        plan, item = (coverage.annual, pair.item) if side == "item" else (coverage.multi, pair.task)
        parts.append(f"{ref(plan, item)} {score_text(pair)}")
    return "；".join(parts)


def summary(coverage: Coverage) -> str:
    tasks, items = coverage.multi.items, coverage.annual.items
    carried = len(tasks) - len(coverage.uncovered)
    only_possible = sum(1 for task in coverage.uncovered if coverage.of_task(task.no))
    return (f"任务 {len(tasks)} 项：有较确定落实条目的 {carried} 项，只有待确认条目的 {only_possible} 项，"
            f"无对应条目的 {len(coverage.uncovered) - only_possible} 项；"
            f"{coverage.annual.id} 的 {len(items)} 项中，落实了任务的 {len(items) - len(coverage.unplanned)} 项，"
            f"未对应任务的 {len(coverage.unplanned)} 项。")


def task_table(coverage: Coverage) -> Table:
    table = Table([Column("序号", "items"), Column("任务"), Column("落实条目（较确定）", "units"),
                   Column("待确认", "units")], title=f"各任务的落实情况（{len(coverage.multi.items)} 项）")
    for task in coverage.multi.items:
        pairs = coverage.of_task(task.no)
        sure = [pair for pair in pairs if pair.band == "confident"]
        maybe = [pair for pair in pairs if pair.band == "possible"]
        table.add(coverage.multi.label(task), task.title, pairs_text(coverage, sure, "item") or "—",
                  pairs_text(coverage, maybe, "item"))
    return table


def matrix_table(coverage: Coverage) -> Table:
    """Tasks as rows, the annual plan's items as columns: the sheet a workbook opens with."""
    items = coverage.annual.items
    marks: dict[tuple[int, int], CarryPair] = {(p.task.no, p.item.no): p for p in coverage.pairs}
    table = Table([Column("任务", "units"), *(Column(str(item.no), "mark") for item in items)],
                  title=f"对照矩阵（行：{coverage.multi.id} 的任务；列：{coverage.annual.id} 的条目序号）",
                  compact=True, split="条目 {first}–{last}")
    for task in coverage.multi.items:
        cells: list[Text] = [f"{task.no:>2} {task.title}"]
        for item in items:
            pair = marks.get((task.no, item.no))
            if pair is None:
                cells.append((Span(NO_PAIR, "muted"),))
            else:
                mark = CONFIRMED_MATCH if pair.confirmed else BAND_MARKS[pair.band]
                cells.append((Span(mark, BAND_FLAGS[pair.band]),))  # type: ignore[arg-type]
        table.rows.append(Row(cells))
    return table


def uncovered_table(coverage: Coverage, registry: Registry) -> Table:
    table = Table([Column("序号", "items"), Column("任务"), Column("牵头单位", "units"), Column("待确认", "units")],
                  title=f"没有较确定落实条目的任务（{len(coverage.uncovered)} 项）")
    for task in coverage.uncovered:
        table.add(coverage.multi.label(task), task.title, columns.lead_text(task, registry),
                  pairs_text(coverage, coverage.of_task(task.no), "item"))
    return table


def unplanned_table(coverage: Coverage, registry: Registry) -> Table:
    table = Table([Column("序号", "items"), Column("条目"), Column("牵头单位", "units"), Column("待确认", "units")],
                  title=f"没有较确定对应任务的{kind_label(coverage.annual.kind)}条目（{len(coverage.unplanned)} 项）")
    for item in coverage.unplanned:
        table.add(coverage.annual.label(item), columns.title_text(item), columns.lead_text(item, registry),
                  pairs_text(coverage, coverage.of_item(item.no), "task"))
    return table


def link_hints(coverage: Coverage) -> list[str]:
    hints = []
    for pair in coverage.pairs:
        if pair.band != "possible":
            continue
        item_ref = f"{coverage.annual.id}#{pair.item.no}"
        task_ref = f"{coverage.multi.id}#{pair.task.no}"
        hints.append(f"{coverage.annual.id}{coverage.annual.label(pair.item)} → {coverage.multi.id}"
                     f"{coverage.multi.label(pair.task)}：确认 `qplan link {item_ref} --carries {task_ref}`，"
                     f"否定 `qplan link {item_ref} --not {task_ref}`")
    return hints


def legend(coverage: Coverage) -> list[str]:
    cut = coverage.cutoffs
    lines = [f"{BAND_MARKS['confident']} 较确定：相似度 ≥ {cut.confident:.2f}（按相似度推断，仍可能有误，请核对），"
             f"或人工确认（{CONFIRMED_MATCH}，记录在"
             f"{coverage.annual.id} 文件的 links: carries 中）；{BAND_MARKS['possible']} 待确认：相似度 "
             f"{cut.possible:.2f}–{cut.confident:.2f}，请用 `qplan link` 确认或否定；{NO_PAIR} 无对应。",
             "相似度（0–1）按标题、正文、共同的具体措施和单位计算，与 qplan diff 同一方法；一个条目可以落实多项任务，"
             "一项任务也可以由多个条目落实。分界值由人工核对的评估集确定（见 README）。"]
    if coverage.list_tasks:
        named = "、".join(coverage.multi.label(task) for task in coverage.multi.items if task.no in coverage.list_tasks)
        lines.append(f"项目名单的标题表明整个名单落实{named}：名单中的每个项目都计为落实该任务。")
    shown = [*coverage.uncovered, *coverage.unplanned]
    if any(item.lead and not item.lead_stated for item in shown):
        lines.append(LEGEND_INFERRED)
    return lines


def cover_report(coverage: Coverage, registry: Registry) -> Report:
    multi, annual = coverage.multi, coverage.annual
    report = Report([], data=coverage_to_dict(coverage), title=f"{multi.id} → {annual.id} 落实情况")
    report.add(Bullets([f"多年行动方案：{plan_heading(multi)}",
                        f"{kind_label(annual.kind)}：{plan_heading(annual)}"], "strong"),
               Paragraph(summary(coverage), "strong"),
               task_table(coverage), matrix_table(coverage),
               uncovered_table(coverage, registry), unplanned_table(coverage, registry))
    hints = link_hints(coverage)
    if hints:
        report.add(Heading("待确认的对应（确认或否定后记入年度计划文件）", 3), Bullets(hints, "note"))
    report.notes(legend(coverage))
    report.records = Records(
        ["task", "task_title", "item", "item_title", "band", "score", "confirmed"],
        [[p.task.no, p.task.title, p.item.no, p.item.title, p.band, round(p.score, 3), p.confirmed]
         for p in coverage.pairs])
    return report


# -- trace across kinds --------------------------------------------------------------------

ACROSS_COLUMNS = [Column("计划", "items"), Column("类型", "units"), Column("序号", "items"), Column("任务或条目"),
                  Column("牵头单位", "units"), Column("关系", "units")]


def relation_text(step: AcrossStep) -> str:
    if step.pair is None:
        return "所查条目" if step.start else "多年行动方案的任务"
    pair = step.pair
    word = "人工确认落实" if pair.confirmed else f"{BAND_LABELS[pair.band]}落实"
    how = "（按项目名单标题）" if pair.via_list else ""
    return f"{word}{step.task_plan}{step.task_label}{how} {score_text(pair)}"


def across_data(across: Across) -> list[dict[str, Any]]:
    return [{
        "role": "carries" if step.pair else "task", "start": step.start,
        "plan": step.plan.id, "kind": step.plan.kind, "items": [item.no for item in step.items],
        "title": step.items[0].title if len(step.items) == 1 else None,
        "task": f"{step.task_plan}#{step.task_no}" if step.task_no is not None else None,
        "band": step.pair.band if step.pair else None,
        "score": round(step.pair.score, 3) if step.pair else None,
        "confirmed": step.pair.confirmed if step.pair else None,
        "via_list": step.pair.via_list if step.pair else None,
    } for step in across.steps]


def add_across(report: Report, across: Across, registry: Registry) -> None:
    """The tasks of multi-year plans the traced item's line carries, and every other item and
    project list that carries them, oldest first, after the same-kind line."""
    if not across.steps:
        if across.multis:
            report.add(Paragraph(f"跨类型：没有找到本条落实的多年行动方案任务（已对照 {'、'.join(across.multis)}）。",
                                 "note"))
        return
    table = Table(list(ACROSS_COLUMNS),
                  title=f"跨类型：{across.start} 落实的多年行动方案任务，及落实同一任务的其他计划")
    for step in across.steps:
        plan = step.plan
        if len(step.items) > 1:
            label = f"{plan.label(step.items[0])}至{plan.label(step.items[-1])}"
            title = f"{kind_label(plan.kind)}全部 {len(step.items)} 项"
            lead = ""
        else:
            item = step.items[0]
            label, title = plan.label(item), columns.title_text(item) + ("（所查条目）" if step.start else "")
            lead = columns.lead_text(item, registry)
        table.add(plan.id, kind_label(plan.kind), label, title, lead, relation_text(step))
    report.add(table)
    notes = ["跨类型的对应与 qplan cover 相同：● 较确定、○ 待确认（数值为相似度），✔ 人工确认（links: carries）。"]
    if any(not item.lead_stated and item.lead for step in across.steps for item in step.items):
        notes.append(f"{INFERRED_MARK} 牵头单位为推定。")
    report.add(Notes(notes))
    if isinstance(report.data, dict):
        report.data["across"] = across_data(across)
