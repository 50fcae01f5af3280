"""Collecting returned forms into the progress files, without ever losing a report.

Each form is read and checked whole first (qplan.progress.returned); only a form with no
problem is written, in one atomic write of its period's file made under that file's lock
(qplan.locking), so that two people collecting different units into the same period at
the same time both keep what they collected. Per form:

    added      the unit had nothing for the period: its entries are added
    unchanged  the same file again, or a re-saved copy that says the same: nothing is written
    conflict   the unit already reported something else for the period: shown side by side,
               not applied (`replace` applies it; the file as it was goes to .history first)
    refused    a problem in the form, named with file, sheet and cell: nothing of it is written
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from qplan.errors import QplanError
from qplan.model import Plan
from qplan.names import INVISIBLE_ADVICE, name_problem
from qplan.periods import Period, parse_period, period_problem
from qplan.progress.form import META_KEYS, META_SHEET
from qplan.progress.records import (
    TEXT_FIELDS,
    ProgressEntry,
    ProgressFileError,
    entries_from_text,
    progress_path,
)
from qplan.progress.reporters import Reporters, plan_reporters
from qplan.progress.returned import (
    CheckedForm,
    FormRefused,
    ReturnedForm,
    check_returned,
    form_period,
    read_returned,
)
from qplan.progress.writer import Change, Target, new_text
from qplan.registry import Registry

Result = Literal["added", "unchanged", "replaced", "conflict", "refused"]


@dataclass(frozen=True, slots=True)
class Difference:
    """One field of one item where the recorded report and the returned one differ."""

    item: int
    field: str  # "status" or one of TEXT_FIELDS
    recorded: str
    returned: str


@dataclass(slots=True)
class Outcome:
    path: Path
    result: Result
    message: str = ""
    plan: str | None = None
    period: Period | None = None
    unit: str | None = None
    entries: int = 0
    target: Path | None = None
    notes: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    recorded_from: str | None = None  # where the recorded report came from (a file, or 手工填写)
    history: Path | None = None


@dataclass(slots=True)
class Expectation:
    """What the person collecting expects, where they said so (--plan, --period)."""

    plan: str | None = None
    period: Period | None = None


def _recorded_at(key: str) -> str:
    """Where a form records its plan or period: a cell of its hidden sheet (and its file's properties)."""
    row = list(META_KEYS).index(key) + 1
    return f"见隐藏工作表“{META_SHEET}”单元格 B{row}和表头上方的副标题"


class Collector:
    """Collects forms into one plans folder; plans and their reporters are read once."""

    def __init__(self, root: Path, load_plan: Callable[[str], Plan], registry: Registry, *,
                 expect: Expectation | None = None, replace: bool = False, today: dt.date | None = None):
        self.root = root
        self.load_plan = load_plan
        self.registry = registry
        self.expect = expect or Expectation()
        self.replace = replace
        self.today = today or dt.date.today()
        self._reporters: dict[str, Reporters] = {}

    def collect(self, paths: Sequence[Path]) -> list[Outcome]:
        """Every form checked first; then, per progress file, one locked read and one write for
        all the forms that go into it, in the order given."""
        outcomes: list[Outcome] = []
        batches: dict[Path, list[tuple[CheckedForm, Outcome]]] = {}
        for path in paths:
            outcome, checked = self._checked(path)
            outcomes.append(outcome)
            if checked is not None:
                assert outcome.target is not None
                batches.setdefault(outcome.target, []).append((checked, outcome))
        for target, batch in batches.items():
            try:
                self._merge(target, batch)
            except QplanError as exc:
                # The progress file itself cannot be used (broken by hand, locked too long …).
                text = str(exc) if exc.file else exc.message
                for _, outcome in batch:
                    outcome.result, outcome.message = "refused", f"{text}本文件未收录。"
        return outcomes

    def collect_one(self, path: Path) -> Outcome:
        return self.collect([path])[0]

    def _checked(self, path: Path) -> tuple[Outcome, CheckedForm | None]:
        try:
            form = read_returned(path)
        except QplanError as exc:
            return Outcome(path, "refused", exc.message), None
        try:
            checked = self._check(form)
        except QplanError as exc:
            period = parse_period(form.meta["period"]) if period_problem(form.meta["period"]) is None else None
            return Outcome(path, "refused", exc.message, form.meta.get("plan"), period, form.meta.get("unit")), None
        target = progress_path(self.root, checked.plan.id, checked.period)
        return Outcome(path, "added", plan=checked.plan.id, period=checked.period, unit=checked.unit,
                       entries=len(checked.entries), target=target, notes=checked.notes), checked

    def _check(self, form: ReturnedForm) -> CheckedForm:
        path = form.path
        plan_id, unit_written = form.meta["plan"], form.meta["unit"]
        period = form_period(form)
        if self.expect.plan is not None and plan_id != self.expect.plan:
            raise FormRefused(f"这是计划 {plan_id}（{form.meta.get('plan_title', '')}）的表格"
                              f"（{_recorded_at('plan')}），不是本次收录的计划 {self.expect.plan}。本文件未收录。",
                              file=path)
        if self.expect.period is not None and period.code != self.expect.period.code:
            raise FormRefused(f"这是 {period.label}（{period.code}）的表格（{_recorded_at('period')}），不是本次收录的 "
                              f"{self.expect.period.label}（{self.expect.period.code}）。本文件未收录。", file=path)
        try:
            plan = self.load_plan(plan_id)
        except QplanError as exc:
            raise FormRefused(f"表格属于计划 {plan_id}（{form.meta.get('plan_title', '')}），但无法使用这个计划："
                              f"{exc}。本文件未收录。", file=path) from None
        title = form.meta.get("plan_title")
        if title and title != plan.title:
            raise FormRefused(f"这是另一个计划的表格：表中记录的计划是“{title}”，本文件夹中的计划 {plan_id} "
                              f"是“{plan.title}”。请确认是否收录到了错误的计划文件夹。本文件未收录。", file=path)
        problem = name_problem(unit_written)
        if problem is not None:
            raise FormRefused(f"表中记录的单位名称{problem}{INVISIBLE_ADVICE}本文件未收录。", file=path)
        unit = self.registry.resolve(unit_written) or unit_written
        reporters = self._reporters_of(plan)
        duties = reporters.duties.get(unit)
        if not duties:
            raise FormRefused(f"表中的单位“{unit_written}”在计划 {plan_id} 中没有承担任务。本文件未收录。", file=path)
        return check_returned(form, plan, period, unit, duties, self.today)

    def _reporters_of(self, plan: Plan) -> Reporters:
        if plan.id not in self._reporters:
            self._reporters[plan.id] = plan_reporters(plan, self.registry)
        return self._reporters[plan.id]

    def _merge(self, path: Path, batch: list[tuple[CheckedForm, Outcome]]) -> None:
        from qplan.locking import editing, history_copy

        first = batch[0][0]
        target = Target(first.plan.id, first.plan.title, first.period, path)
        with editing(path, create=True) as edit:
            original = entries_from_text(edit.text, path)
            current = list(original)
            for checked, outcome in batch:
                spellings = {checked.unit, *self.registry.spellings_of(checked.unit)}
                recorded = [e for e in current if e.unit in spellings]
                if recorded:
                    outcome.recorded_from = _origin(recorded)
                    if _same_report(recorded, checked.entries):
                        outcome.result = "unchanged"
                        continue
                    if not self.replace:
                        outcome.result = "conflict"
                        outcome.differences = differences(recorded, checked.entries)
                        continue
                    outcome.result = "replaced"
                current = [e for e in current if e.unit not in spellings] + checked.entries
                target.changes = [c for c in target.changes if c.unit != checked.unit]
                note = f"{checked.unit}：{checked.form.path.name}（{self.today.isoformat()} 收录）"
                target.changes.append(Change(checked.unit, spellings, checked.entries, note,
                                             replaces=any(e.unit in spellings for e in original)))
            if not target.changes:
                return
            if any(change.replaces for change in target.changes):
                assert edit.text is not None
                replaced = "；".join(c.note for c in target.changes if c.replaces)
                kept = history_copy(path, edit.text, header=[
                    f"qplan collect --replace 替换之前的文件。替换为：{replaced}"])
                for _, outcome in batch:
                    if outcome.result == "replaced":
                        outcome.history = kept
            edit.write(new_text(edit.text, target))


def _same_report(recorded: list[ProgressEntry], returned: list[ProgressEntry]) -> bool:
    """The same file again (same hash), or one that says exactly the same."""
    hashes = {e.source.sha256 for e in recorded if e.source is not None}
    if len(hashes) == 1 and all(e.source is not None for e in recorded) and returned \
            and returned[0].source is not None and returned[0].source.sha256 in hashes:
        return True
    return {e.item: e.content for e in recorded} == {e.item: e.content for e in returned}


def _origin(recorded: list[ProgressEntry]) -> str:
    files = sorted({e.source.file for e in recorded if e.source is not None})
    if not files:
        return "手工填写"
    dates = sorted({e.collected.isoformat() for e in recorded if e.collected is not None})
    when = f"（{dates[-1]} 收录）" if dates else ""
    return "、".join(files) + when


def differences(recorded: list[ProgressEntry], returned: list[ProgressEntry]) -> list[Difference]:
    old = {e.item: e for e in recorded}
    new = {e.item: e for e in returned}
    found: list[Difference] = []
    for item in sorted(set(old) | set(new)):
        before, after = old.get(item), new.get(item)
        for name in ("status", *TEXT_FIELDS):
            old_text, new_text = _field(before, name), _field(after, name)
            if old_text.strip() != new_text.strip():
                found.append(Difference(item, name, old_text, new_text))
    return found


def _field(entry: ProgressEntry | None, name: str) -> str:
    from qplan.vocabulary import PROGRESS_LABELS

    if entry is None:
        return ""
    return PROGRESS_LABELS[entry.status] if name == "status" else entry.text(name)


__all__ = ["Collector", "Difference", "Expectation", "Outcome", "ProgressFileError"]
