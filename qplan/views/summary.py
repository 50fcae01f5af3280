"""`qplan summary`: a draft of the period's (or year's) 总结, in the plan's own order: each
section, each item, the lead unit's report and then the supporting units', and a visible
【未报送】 where a report is missing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qplan.model import Item, Plan
from qplan.numerals import to_chinese_number
from qplan.progress.ledger import STATUS_ORDER
from qplan.progress.records import ProgressEntry, ProgressFile
from qplan.progress.reporters import Duty, plan_reporters
from qplan.query import acting_body
from qplan.registry import Registry
from qplan.report import Heading, Notes, Paragraph, Report, Span
from qplan.views.status import chinese_date
from qplan.vocabulary import PROGRESS_LABELS, ROLE_LABELS

MISSING_MARK = "【未报送】"


def _status_counts(rows: list[tuple[str, Duty, ProgressEntry | None]]) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for _, _, entry in rows:
        counts[entry.status if entry else "unreported"] += 1
    return counts


def summary_report(plan: Plan, registry: Registry, progress: ProgressFile, today: dt.date) -> Report:
    period = progress.period
    reporters = plan_reporters(plan, registry)
    reported = {entry.key: entry for entry in progress.entries}
    per_item: dict[int, list[tuple[str, Duty, ProgressEntry | None]]] = {item.no: [] for item in plan.items}
    for unit, duties in reporters.duties.items():
        for duty in duties:
            per_item[duty.item.no].append((unit, duty, reported.get((duty.item.no, unit))))
    for item in plan.items:
        per_item[item.no].sort(key=lambda r: (r[1].role != "lead", _position(item, r[0])))
    leads = [row for item in plan.items for row in per_item[item.no] if row[1].role == "lead"]
    counts = _status_counts(leads)
    everyone = [row for rows in per_item.values() for row in rows]
    missing = sum(1 for row in everyone if row[2] is None)
    report = Report([], title=f"{plan.title}{period.label}推进情况总结（初稿）")
    told = "、".join(f"{PROGRESS_LABELS[code]} {counts[code]} 项次" for code in STATUS_ORDER)
    rest = f"尚有 {missing} 项次未报送，文中以{MISSING_MARK}标出" if missing else "均已报送"
    report.add(Paragraph(
        f"根据各单位报送的{period.label}推进情况汇总整理（截至{chinese_date(today)}）。"
        f"计划共 {len(plan.items)} 项任务；牵头单位：{told}。全部 {len(everyone)} 项次中{rest}。"))
    data: list[dict[str, Any]] = []
    section_no: int | None = None
    for item in plan.items:
        section = plan.section_of(item)
        if section is not None and section.no != section_no:
            section_no = section.no
            report.add(Heading(f"{to_chinese_number(section.no)}、{section.title}", 2))
        report.add(Heading(f"{plan.label(item)}{item.title}", 3))
        rows = per_item[item.no]
        if not rows:
            report.add(Paragraph("（本项由未登记成员的单位群组承担，没有单独报送的单位。）", "note"))
        for unit, duty, entry in rows:
            report.add(*_report_paragraphs(item, unit, duty, entry))
        data.append({"no": item.no, "label": plan.label(item), "title": item.title,
                     "reports": [_record(unit, duty, entry) for unit, duty, entry in rows]})
    report.data = {"plan": plan.id, "period": period.code, "today": today.isoformat(), "items": data}
    notes = [f"{MISSING_MARK}：该单位本期尚未报送推进情况，请催报后补入。",
             "本稿由 qplan 按各单位交回的推进情况表汇总生成，文字为各单位原文，须经人工修改润色后使用。"]
    if reporters.unmembered_groups:
        notes.append("单位群组" + "、".join(reporters.unmembered_groups) + "未登记成员，不单独报送。")
    report.add(Notes(notes))
    return report


def _position(item: Item, unit: str) -> int:
    return item.units.index(unit) if unit in item.units else len(item.units)


def _report_paragraphs(item: Item, unit: str, duty: Duty, entry: ProgressEntry | None) -> list[Paragraph]:
    who = f"{unit}（{_role_words(item, duty)}）"
    if entry is None:
        return [Paragraph((Span(MISSING_MARK, "flag-red"), Span(f"{who}本期未报送推进情况。")))]
    status = PROGRESS_LABELS[entry.status]
    # Each line the unit wrote is a paragraph of its own, as a document sets it.
    lines = _lines(entry.progress) or ["（未填写进展情况）"]
    paragraphs = [Paragraph((Span(f"{who}：", "strong"), Span(f"〔{status}〕"), Span(lines[0]))),
                  *(Paragraph(line) for line in lines[1:])]
    for label, text in (("存在问题", entry.problems), ("下步计划", entry.next_steps), ("佐证材料", entry.evidence)):
        found = _lines(text)
        if found:
            paragraphs += [Paragraph(f"{label}：{found[0]}"), *(Paragraph(line) for line in found[1:])]
    return paragraphs


def _role_words(item: Item, duty: Duty) -> str:
    """The role as a document words it: no marks, the group or body spelled out."""
    words = ROLE_LABELS[duty.role]
    if duty.wide is not None:
        words += "，全文通用"
    body = acting_body(item, duty.via)
    if body:
        return f"{words}，代{body}"
    return f"{words}，经由{duty.via}" if duty.via else words


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _record(unit: str, duty: Duty, entry: ProgressEntry | None) -> dict[str, Any]:
    return {"unit": unit, "role": duty.role, "status": entry.status if entry else "unreported",
            "progress": entry.progress if entry else None, "problems": entry.problems if entry else None,
            "next_steps": entry.next_steps if entry else None, "evidence": entry.evidence if entry else None}
