"""The ledger (工作台账): per item and reporting unit, the status reported for a period and a
three-colour flag (三色预警).

    red     the deadline has passed and the item is not done, or the unit reported 滞后
    yellow  no report came in for the period, or less than 15% of the time to the deadline
            is left (counted from the plan's date) and the item is not done
    green   otherwise

A deadline with no date (长期坚持, 持续推进) is never overdue.

Flags are judged at a day: by default today (or `--today`), a day under way, so a deadline
that falls on it has not passed yet. A period's reports describe the state at the period's
end, so a past period may also be judged at its end (`at_period_end`): that day is over, a
deadline on it has passed, and the time left is counted from it. This answers "was it late
when the period closed?", which judging a long-past period at today cannot: by today every
deadline of the year has passed, whatever the period's reports said.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from qplan.model import Item, Plan, PlanWide, Role
from qplan.periods import Period
from qplan.progress.records import (
    ProgressEntry,
    ProgressFile,
    ProgressFileError,
    load_period,
    recorded_periods,
)
from qplan.progress.reporters import plan_reporters
from qplan.registry import Registry

STATUS_ORDER = ("done", "on_track", "behind", "not_started", "unreported")
WARNING_SHARE = 0.15


@dataclass(slots=True)
class LedgerRow:
    item: Item
    unit: str
    role: Role
    via: str | None
    entry: ProgressEntry | None
    status: str  # a code of STATUS_ORDER
    overdue: bool
    flag: str  # red, yellow, green
    reasons: list[str] = field(default_factory=list)
    wide: PlanWide | None = None  # the role comes from a responsibility the plan states for every item


@dataclass(slots=True)
class Ledger:
    plan: Plan
    period: Period
    today: dt.date  # the day flags are judged at
    rows: list[LedgerRow]
    unmembered_groups: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # entries of the file that name no duty
    # True where `today` is the period's last day, judged as over (see the module's docstring).
    at_period_end: bool = False

    def late_after_period(self) -> list[LedgerRow]:
        """Rows judged overdue although their deadline fell after the period the reports are
        for: a later period's report may already say more."""
        return [row for row in self.rows if row.overdue and row.item.deadline is not None
                and row.item.deadline.date is not None and row.item.deadline.date > self.period.end]

    def totals(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_ORDER, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def flags(self) -> dict[str, int]:
        counts = {"red": 0, "yellow": 0, "green": 0}
        for row in self.rows:
            counts[row.flag] += 1
        return counts


def start_of(plan: Plan, period: Period) -> dt.date:
    """Where the time to a deadline is counted from: the plan's date, else its period's year."""
    return plan.document.date or dt.date(period.year, 1, 1)


def flag_of(status: str, item: Item, today: dt.date, start: dt.date, *, day_over: bool = False
            ) -> tuple[str, bool, list[str]]:
    """(flag, overdue, reasons) of one item and unit, judged at `today`; `day_over` judges at
    the end of that day (a period's last day), when a deadline on it has passed."""
    deadline = item.deadline.date if item.deadline else None
    passed = deadline is not None and (today > deadline or (day_over and today == deadline))
    overdue = passed and status != "done"
    reasons: list[str] = []
    if overdue:
        assert deadline is not None
        reasons.append(f"已过完成时限（{deadline.isoformat()}）未完成")
    if status == "behind":
        reasons.append("报送为滞后")
    if overdue or status == "behind":
        if status == "unreported":
            reasons.append("本期未报送")
        return "red", overdue, reasons
    if status == "unreported":
        reasons.append("本期未报送")
    if status != "done" and deadline is not None and not passed:
        total = (deadline - start).days
        left = (deadline - today).days
        if total <= 0 or left < WARNING_SHARE * total:
            reasons.append(f"距完成时限不足 15%（还剩 {left} 天）")
    return ("yellow" if reasons else "green"), overdue, reasons


def build_ledger(plan: Plan, registry: Registry, progress: ProgressFile, today: dt.date,
                 dept: str | None = None, *, at_period_end: bool = False) -> Ledger:
    """The ledger judged at `today`, or with `at_period_end` at the end of the period's last day."""
    if at_period_end:
        today = progress.period.end
    reporters = plan_reporters(plan, registry)
    start = start_of(plan, progress.period)
    rows: list[LedgerRow] = []
    duties = [(unit, duty) for unit, unit_duties in reporters.duties.items() if dept in (None, unit)
              for duty in unit_duties]
    known = {(duty.item.no, unit) for unit, duty in duties}
    reported = {(entry.item, registry.resolve(entry.unit) or entry.unit): entry for entry in progress.entries}
    for unit, duty in duties:
        entry = reported.get((duty.item.no, unit))
        status = entry.status if entry else "unreported"
        flag, overdue, reasons = flag_of(status, duty.item, today, start, day_over=at_period_end)
        rows.append(LedgerRow(duty.item, unit, duty.role, duty.via, entry, status, overdue, flag, reasons, duty.wide))
    order = {item.no: index for index, item in enumerate(plan.items)}
    rows.sort(key=lambda r: (order[r.item.no], r.role != "lead", _unit_position(r.item, r.unit)))
    problems = [f"{progress.path}：第 {e.item} 项、{e.unit} 的记录与计划不符（该单位不承担此项，或没有此项），"
                "未计入台账。请运行 `qplan validate` 查看。"
                for e in progress.entries
                if (e.item, registry.resolve(e.unit) or e.unit) not in known and dept in (None, e.unit)]
    return Ledger(plan, progress.period, today, rows, reporters.unmembered_groups, problems, at_period_end)


def _unit_position(item: Item, unit: str) -> int:
    units = item.units
    return units.index(unit) if unit in units else len(units)


@dataclass(slots=True)
class Latest:
    """A unit's most recent report on an item, and the period it was for."""

    period: Period
    entry: ProgressEntry


def latest_reports(root: Path, plan: Plan, registry: Registry
                   ) -> tuple[dict[tuple[int, str], Latest], list[ProgressFileError]]:
    """Every (item, unit)'s report of the latest period it reported in; unreadable progress
    files are returned for a warning and skipped."""
    found: dict[tuple[int, str], Latest] = {}
    errors: list[ProgressFileError] = []
    for period in recorded_periods(root, plan.id):
        try:
            progress = load_period(root, plan.id, period)
        except ProgressFileError as exc:
            errors.append(exc)
            continue
        for entry in progress.entries:
            found[(entry.item, registry.resolve(entry.unit) or entry.unit)] = Latest(period, entry)
    return found, errors


def lead_latest(root: Path, plan: Plan, registry: Registry
                ) -> tuple[dict[int, list[tuple[str, Latest | None]]], list[ProgressFileError]]:
    """Per item, each lead reporter's latest report (None where it never reported)."""
    reports, errors = latest_reports(root, plan, registry)
    leads: dict[int, list[tuple[str, Latest | None]]] = {item.no: [] for item in plan.items}
    for unit, duties in plan_reporters(plan, registry).duties.items():
        for duty in duties:
            if duty.role == "lead":
                leads[duty.item.no].append((unit, reports.get((duty.item.no, unit))))
    return leads, errors
