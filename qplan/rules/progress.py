"""Checks on progress files (plans/progress/<PLAN>/<PERIOD>.yaml), whether `qplan collect`
wrote them or a person typed them: the file names its plan and period, each entry names an
item of the plan and a unit that reports on it, a status qplan knows, texts, a date, and
where it was collected from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qplan.model import Plan
from qplan.names import has_invisible, normal_name
from qplan.periods import period_problem
from qplan.progress.records import ENTRY_KEYS, SHA256_RE, STATUS_CHOICES, TEXT_FIELDS, status_code
from qplan.progress.reporters import Reporters
from qplan.registry import Registry
from qplan.rules import Problem
from qplan.yamlio import line_of

TOP_KEYS = ("plan", "period", "reports")
RULE = "progress"


@dataclass(slots=True)
class ProgressContext:
    file: Path
    plan_id: str  # the folder's name
    doc: Any
    plan: Plan | None  # None where the plan is missing or cannot be read
    registry: Registry | None
    reporters: Reporters | None


def _problem(ctx: ProgressContext, line: int | None, message: str, level: str = "error") -> Problem:
    return Problem(ctx.file, line, RULE, level, message)  # type: ignore[arg-type]


def _entries(ctx: ProgressContext) -> Iterator[tuple[int, Any, int | None]]:
    reports = ctx.doc.get("reports") if isinstance(ctx.doc, dict) else None
    if isinstance(reports, list):
        for index, raw in enumerate(reports):
            yield index, raw, line_of(reports, index)


def progress_header(ctx: ProgressContext) -> Iterator[Problem]:
    doc = ctx.doc
    if not isinstance(doc, dict):
        yield _problem(ctx, None, "进展记录文件应是一个映射，含 plan、period 和 reports。")
        return
    for key in doc:
        if key not in TOP_KEYS:
            yield _problem(ctx, line_of(doc, key), f"未知的键“{key}”。进展记录文件只有 plan、period、reports。",
                           "warning")
    plan = doc.get("plan")
    if plan is None or str(plan) != ctx.plan_id:
        yield _problem(ctx, line_of(doc, "plan") if "plan" in doc else None,
                       f"plan 应为“{ctx.plan_id}”（本文件所在文件夹的名称），现在是“{plan}”。"
                       "请改正，或把文件移到对应计划的文件夹中。")
    stem_problem = period_problem(ctx.file.stem)
    if stem_problem is not None:
        yield _problem(ctx, None, f"文件名不是报送期：{stem_problem}请把文件改名为报送期，如 2025H1.yaml。")
    period = doc.get("period")
    if period is None or str(period) != ctx.file.stem:
        yield _problem(ctx, line_of(doc, "period") if "period" in doc else None,
                       f"period 应为“{ctx.file.stem}”（与文件名相同），现在是“{period}”。")
    if ctx.plan is None:
        yield _problem(ctx, None, f"计划文件夹中没有可读的计划 {ctx.plan_id}，无法核对这些进展记录。"
                                  f"请确认 {ctx.plan_id}.yaml 存在且没有错误。")
    reports = doc.get("reports")
    if reports is not None and not isinstance(reports, list):
        yield _problem(ctx, line_of(doc, "reports"), "reports 应是进展记录的列表（每条以 - 开头）。")


def progress_entry_fields(ctx: ProgressContext) -> Iterator[Problem]:
    for _, raw, line in _entries(ctx):
        if not isinstance(raw, dict):
            yield _problem(ctx, line, "每条进展记录应是一个映射（item、unit、status …）。")
            continue
        for key in raw:
            if key not in ENTRY_KEYS:
                yield _problem(ctx, line_of(raw, key) or line, f"未知的键“{key}”。可用的键：{'、'.join(ENTRY_KEYS)}。",
                               "warning")
        item = raw.get("item")
        if not isinstance(item, int) or isinstance(item, bool):
            yield _problem(ctx, line_of(raw, "item") or line, f"item 应为条目序号（整数，如 7），现在是“{item}”。")
        unit = raw.get("unit")
        if not isinstance(unit, str) or not normal_name(unit):
            yield _problem(ctx, line_of(raw, "unit") or line, "unit 应为报送单位的名称。")
        else:
            yield from _unit_name(ctx, raw)
        if status_code(raw.get("status")) is None:
            yield _problem(ctx, line_of(raw, "status") or line,
                           f"完成状态“{raw.get('status')}”不是 {STATUS_CHOICES} 之一。")
        for name in TEXT_FIELDS:
            value = raw.get(name)
            if value is not None and not isinstance(value, str | int | float | dt.date):
                yield _problem(ctx, line_of(raw, name) or line, f"{name} 应为文字。")
        collected = raw.get("collected")
        if collected is not None and not isinstance(collected, dt.date):
            yield _problem(ctx, line_of(raw, "collected") or line,
                           f"collected 应为日期（如 2025-07-10），现在是“{collected}”。")
        yield from _source(ctx, raw, line)


def _unit_name(ctx: ProgressContext, raw: Any) -> Iterator[Problem]:
    from qplan.rules.names import Mention, invisible_problem, spelling_problem

    mention = Mention(f"第 {raw.get('item')} 项的记录", raw, "unit", raw["unit"])
    for found in (invisible_problem(ctx.file, mention), spelling_problem(ctx.file, mention)):
        if found is not None:
            yield found


def _source(ctx: ProgressContext, raw: Any, line: int | None) -> Iterator[Problem]:
    if "source" not in raw or raw["source"] is None:
        return
    source = raw["source"]
    where = line_of(raw, "source") or line
    if not isinstance(source, dict) or not source.get("file"):
        yield _problem(ctx, where, "source 应写明收录的文件：{file: 文件名, sha256: 文件的哈希值}。")
    elif not SHA256_RE.match(str(source.get("sha256", ""))):
        yield _problem(ctx, where, "source 的 sha256 应为 64 位十六进制的哈希值（由 qplan collect 写入）。"
                                   "手工填写的记录请删去 source。")


def progress_entry_duties(ctx: ProgressContext) -> Iterator[Problem]:
    """Each entry names an item of the plan and a unit that reports on it."""
    if ctx.plan is None or ctx.reporters is None:
        return
    numbers = {item.no for item in ctx.plan.items}
    for _, raw, line in _entries(ctx):
        if not isinstance(raw, dict):
            continue
        item, unit = raw.get("item"), raw.get("unit")
        if isinstance(item, int) and item not in numbers:
            yield _problem(ctx, line_of(raw, "item") or line, f"计划 {ctx.plan_id} 没有第 {item} 项。请改正序号。")
            continue
        if not isinstance(item, int) or not isinstance(unit, str) or not normal_name(unit) or has_invisible(unit):
            continue
        canonical = ctx.registry.resolve(unit) if ctx.registry else None
        name = canonical or normal_name(unit)
        duties = ctx.reporters.duties.get(name, [])
        if not any(duty.item.no == item for duty in duties):
            hint = "" if canonical or ctx.registry is None else f"（“{unit}”不在单位登记表中）"
            yield _problem(ctx, line_of(raw, "unit") or line,
                           f"单位“{unit}”{hint}不承担计划 {ctx.plan_id} 第 {item} 项，这条记录不会计入台账。"
                           f"请核对单位或序号；可用 `qplan show {ctx.plan_id} --dept 单位` 查看该单位的任务。")


def progress_duplicates(ctx: ProgressContext) -> Iterator[Problem]:
    seen: dict[tuple[int, str], int | None] = {}
    for _, raw, line in _entries(ctx):
        if not isinstance(raw, dict) or not isinstance(raw.get("item"), int) or not isinstance(raw.get("unit"), str):
            continue
        unit = normal_name(raw["unit"])
        if ctx.registry is not None:
            unit = ctx.registry.resolve(unit) or unit
        key = (raw["item"], unit)
        if key in seen:
            yield _problem(ctx, line, f"第 {key[0]} 项、{unit} 有两条记录（另一条在第 {seen[key]} 行）。"
                                      "每项任务每个单位只留一条，请合并。")
        else:
            seen[key] = line


PROGRESS_RULES = [progress_header, progress_entry_fields, progress_entry_duties, progress_duplicates]
