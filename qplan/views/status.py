"""`qplan status`: the ledger (工作台账) of a period, and the chase list (督办) for a 通报."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qplan import columns
from qplan.columns import ItemCell
from qplan.progress.ledger import STATUS_ORDER, Latest, Ledger, LedgerRow
from qplan.query import acting_body
from qplan.registry import Registry
from qplan.report import Column, Notes, Paragraph, Records, Report, Span, Table, Text
from qplan.vocabulary import FLAG_LABELS, LEGEND_ACTING, LEGEND_INFERRED, LEGEND_VIA, LEGEND_WIDE, PROGRESS_LABELS

LEDGER_COLUMNS = (columns.LABEL, columns.TITLE)
LEGEND_FLAGS = ("预警：红——已过完成时限仍未完成，或报送为滞后；黄——本期未报送，或距完成时限不足 15%"
                "（从计划印发之日算起）；绿——其他。没有具体日期的完成时限（如长期坚持）不会逾期。")
LEGEND_TODAY = ("按{day}判断：完成时限为当天的尚未逾期。本期报送反映的是报送期末的情况；"
                "要看报送期结束时是否逾期，加 --at-period-end。")
LEGEND_PERIOD_END = ("按报送期末（{day}，当天结束时）判断：完成时限在报送期最后一天及以前而未完成的为逾期，"
                     "剩余时间从报送期末算起。")
CSV_FIELDS = ["plan", "period", "no", "title", "unit", "role", "deadline", "status", "reported", "overdue", "flag",
              "reasons", "progress", "problems", "next_steps", "evidence", "collected", "source"]


def chinese_date(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def _flagged(text: str, flag: str) -> Text:
    return (Span(text, f"flag-{flag}"),)  # type: ignore[arg-type]


def as_of_text(ledger: Ledger) -> str:
    return ledger.today.isoformat() + ("（报送期末）" if ledger.at_period_end else "")


def ledger_heading(ledger: Ledger, dept: str | None) -> str:
    who = f"{dept} · " if dept else ""
    return (f"{who}{ledger.plan.title} · {ledger.period.label}（{ledger.period.code}）工作台账"
            f"　截至 {as_of_text(ledger)}")


def basis_note(ledger: Ledger) -> str | None:
    """How the flags were judged, where it matters: always at a period's end; at a day after
    the period only where a deadline that fell after the period makes a row overdue."""
    if ledger.at_period_end:
        return LEGEND_PERIOD_END.format(day=chinese_date(ledger.today))
    late = ledger.late_after_period()
    if not late:
        return None
    labels = "、".join(dict.fromkeys(ledger.plan.label(row.item) for row in late))
    return (LEGEND_TODAY.format(day=chinese_date(ledger.today))
            + f"第{labels}项的完成时限在报送期（截至{chinese_date(ledger.period.end)}）之后，按今天判断为逾期。")


def totals_line(ledger: Ledger) -> str:
    totals = ledger.totals()
    parts = " · ".join(f"{PROGRESS_LABELS[code]} {totals[code]}" for code in STATUS_ORDER)
    return f"{parts}（共 {len(ledger.rows)} 项次）"


def flags_line(ledger: Ledger) -> str:
    flags = ledger.flags()
    return "预警：" + " · ".join(f"{FLAG_LABELS[flag]} {count}" for flag, count in flags.items())


def row_record(ledger: Ledger, row: LedgerRow) -> dict[str, Any]:
    item, entry = row.item, row.entry
    acting = acting_body(item, row.via)
    return {
        "plan": ledger.plan.id,
        "period": ledger.period.code,
        "no": item.no,
        "label": ledger.plan.label(item),
        "title": item.title,
        "unit": row.unit,
        "role": row.role,
        "via_group": None if acting else row.via,
        "via_plan_wide": row.wide is not None,
        "acting_for": acting,
        "deadline": item.deadline.text if item.deadline else None,
        "deadline_date": item.deadline.date.isoformat() if item.deadline and item.deadline.date else None,
        "status": row.status,
        "status_label": PROGRESS_LABELS[row.status],
        "reported": entry is not None,
        "overdue": row.overdue,
        "flag": row.flag,
        "reasons": list(row.reasons),
        "as_of": ledger.today.isoformat(),
        "at_period_end": ledger.at_period_end,
        "progress": entry.progress if entry else None,
        "problems": entry.problems if entry else None,
        "next_steps": entry.next_steps if entry else None,
        "evidence": entry.evidence if entry else None,
        "collected": entry.collected.isoformat() if entry and entry.collected else None,
        "source": entry.source.file if entry and entry.source else None,
    }


def ledger_report(ledger: Ledger, registry: Registry, dept: str | None = None) -> Report:
    """The ledger as a table; a 完成时限 column where the plan has any deadline, as in `show`."""
    plan = ledger.plan
    dated = any(item.deadline for item in plan.items)
    table = Table([*(c.column() for c in LEDGER_COLUMNS), Column("单位", "units"), Column("角色", "units"),
                   *([columns.DEADLINE.column()] if dated else []), Column("完成状态", "mark"), Column("预警", "mark"),
                   Column("说明", "text")], title=ledger_heading(ledger, dept), sheet="工作台账")
    for row in ledger.rows:
        cell = ItemCell(plan, row.item, registry, row.role, row.via, row.wide)
        table.add(*columns.cells(LEDGER_COLUMNS, cell), row.unit, columns.ROLE.cell(cell),
                  *([columns.DEADLINE.cell(cell)] if dated else []),
                  _flagged(PROGRESS_LABELS[row.status], row.flag), _flagged(FLAG_LABELS[row.flag], row.flag),
                  "；".join(row.reasons))
    data = [row_record(ledger, row) for row in ledger.rows]
    report = Report([Paragraph(totals_line(ledger), "strong"), Paragraph(flags_line(ledger), "strong"), table],
                    data=data, data_per_line=True)
    notes = [LEGEND_FLAGS]
    basis = basis_note(ledger)
    if basis:
        notes.append(basis)
    if any(row.role == "lead" and not row.item.lead_stated for row in ledger.rows):
        notes.append(LEGEND_INFERRED)
    if any(row.via and not acting_body(row.item, row.via) and not row.wide for row in ledger.rows):
        notes.append(LEGEND_VIA)
    if any(acting_body(row.item, row.via) for row in ledger.rows):
        notes.append(LEGEND_ACTING)
    if any(row.wide for row in ledger.rows):
        notes.append(LEGEND_WIDE)
    if ledger.unmembered_groups and dept is None:
        notes.append("单位群组" + "、".join(ledger.unmembered_groups) + "未登记成员，不单独报送、未列入台账"
                     "（其承担的任务由同一任务的其他单位报送）；"
                     "在 units.yaml 中为群组登记 members 后，成员单位逐一列入。")
    report.add(Notes(notes))
    report.records = Records(CSV_FIELDS, [
        [r["plan"], r["period"], r["no"], r["title"], r["unit"], r["role"], r["deadline"] or "", r["status"],
         r["reported"], r["overdue"], r["flag"], "；".join(r["reasons"]), r["progress"] or "", r["problems"] or "",
         r["next_steps"] or "", r["evidence"] or "", r["collected"] or "", r["source"] or ""] for r in data])
    return report


# --- chasing ------------------------------------------------------------------------------------

# What a unit is chased for, most serious first; each row is named under one of them only.
CHASE_KINDS = (("overdue", "已过完成时限仍未完成"), ("behind", "报送进度滞后"), ("unreported", "未报送推进情况"),
               ("near", "临近完成时限"))


def chase_kind(row: LedgerRow) -> str | None:
    if row.overdue:
        return "overdue"
    if row.status == "behind":
        return "behind"
    if row.status == "unreported":
        return "unreported"
    if row.flag == "yellow":
        return "near"
    return None


def _item_phrase(ledger: Ledger, row: LedgerRow, kind: str) -> str:
    plan, item = ledger.plan, row.item
    extra = []
    if kind in ("overdue", "near") and item.deadline is not None and item.deadline.date is not None:
        extra.append(f"完成时限{chinese_date(item.deadline.date)}")
        if kind == "near":
            extra.append(f"还剩 {(item.deadline.date - ledger.today).days} 天")
    if kind == "overdue" and row.status in ("unreported", "behind"):
        extra.append("未报送" if row.status == "unreported" else "报送为滞后")
    return f"{plan.label(item)}{item.title}" + (f"（{'，'.join(extra)}）" if extra else "")


def chase_groups(ledger: Ledger) -> list[tuple[str, dict[str, list[LedgerRow]]]]:
    """Per unit (in the plan's order of units), its rows by what it is chased for."""
    units: dict[str, dict[str, list[LedgerRow]]] = {}
    order: list[str] = []
    for row in ledger.rows:
        if row.unit not in order:
            order.append(row.unit)
        kind = chase_kind(row)
        if kind is not None:
            units.setdefault(row.unit, {}).setdefault(kind, []).append(row)
    return [(unit, units[unit]) for unit in _units_in_plan_order(ledger, order) if unit in units]


def _units_in_plan_order(ledger: Ledger, units: list[str]) -> list[str]:
    first: dict[str, int] = {}
    for index, row in enumerate(sorted(ledger.rows, key=lambda r: (r.item.no, r.role != "lead"))):
        first.setdefault(row.unit, index)
    return sorted(units, key=lambda unit: first.get(unit, len(first)))


def chase_report(ledger: Ledger, dept: str | None = None) -> Report:
    groups = chase_groups(ledger)
    plan, period = ledger.plan, ledger.period
    units = {row.unit for row in ledger.rows}
    reported = sum(1 for row in ledger.rows if row.entry is not None)
    day = chinese_date(ledger.today) + ("（报送期末）" if ledger.at_period_end else "")
    opening = (f"截至{day}，《{plan.title}》{period.label}推进情况应报送 {len(units)} 个单位"
               f" {len(ledger.rows)} 项次，已报送 {reported} 项次。")
    blocks: list[Any] = [Paragraph(f"{plan.title}{period.label}推进情况督办清单", "strong"), Paragraph(opening)]
    if not groups:
        who = "本单位" if dept else "各单位"
        blocks.append(Paragraph(f"{who}均已按时报送，没有逾期、滞后或临近完成时限的事项。"))
    else:
        blocks.append(Paragraph(f"以下 {len(groups)} 个单位有未报送、逾期、滞后或临近完成时限的事项："))
        for number, (unit, kinds) in enumerate(groups, start=1):
            clauses = []
            for kind, words in CHASE_KINDS:
                rows = kinds.get(kind, [])
                if rows:
                    clauses.append(f"{words} {len(rows)} 项："
                                   + "、".join(_item_phrase(ledger, row, kind) for row in rows))
            blocks.append(Paragraph(f"{number}．{unit}：" + "；".join(clauses) + "。"))
        blocks.append(Paragraph("请以上单位抓紧报送推进情况；对逾期、滞后事项说明原因，明确措施和时间，加快推进。"))
    data = [{"unit": unit, **{kind: [{"no": row.item.no, "label": plan.label(row.item), "title": row.item.title,
                                      "role": row.role, "status": row.status, "overdue": row.overdue}
                                     for row in kinds.get(kind, [])] for kind, _ in CHASE_KINDS}}
            for unit, kinds in groups]
    report = Report(blocks, data=data)
    report.records = Records(["unit", "kind", "no", "title", "role", "status", "overdue"], [
        [unit, kind, row.item.no, row.item.title, row.role, row.status, row.overdue]
        for unit, kinds in groups for kind, _ in CHASE_KINDS for row in kinds.get(kind, [])])
    return report


def lead_status_texts(leads: dict[int, list[tuple[str, Latest | None]]]) -> dict[int, str]:
    """The 分工表's 最新进展 cell of each item: its lead's latest status and period."""
    def text(latest: Latest | None) -> str:
        if latest is None:
            return PROGRESS_LABELS["unreported"]
        return f"{PROGRESS_LABELS[latest.entry.status]}（{latest.period.code}）"

    cells: dict[int, str] = {}
    for no, found in leads.items():
        if len(found) == 1:
            cells[no] = text(found[0][1])
        else:
            cells[no] = "；".join(f"{unit}：{text(latest)}" for unit, latest in found)
    return cells
