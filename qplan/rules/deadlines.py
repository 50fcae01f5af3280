"""Checks on items' deadlines (完成时限): a date that is no date, a phrase no date can be read
from, a date read beside a deadline that is missing, a deadline before the plan was issued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from qplan.deadlines import ISO_RE, read_deadline
from qplan.rules import PlanContext, Problem
from qplan.rules.schema import plan_items
from qplan.rules.units import plan_year
from qplan.yamlio import line_of


def _plan_date(doc: Any) -> dt.date | None:
    date = doc.get("document", {}).get("date") if isinstance(doc.get("document"), dict) else None
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(date) if isinstance(date, str) else None
    except ValueError:
        return None


def deadline_readable(ctx: PlanContext) -> Iterator[Problem]:
    year = plan_year(ctx.doc)
    for items, index, item in plan_items(ctx.doc):
        value = item.get("deadline")
        if not isinstance(value, str) or not value.strip() or "deadline_date" in item:
            continue
        line = line_of(item, "deadline") or line_of(items, index)
        deadline = read_deadline(value, year)
        if ISO_RE.match(value.strip()) and deadline is not None and deadline.date is None:
            yield Problem(
                ctx.file, line, "deadline", "error",
                f"第 {item.get('no')} 项的完成时限“{value}”不是有效日期。请改正，如 2025-06-30。",
            )
        elif deadline is not None and deadline.date is None and not deadline.ongoing:
            yield Problem(
                ctx.file, line, "deadline", "warning",
                f"第 {item.get('no')} 项的完成时限“{value}”读不出日期，台账无法判断是否逾期。"
                "如有具体日期，请在下一行加 deadline_date（如 deadline_date: 2025-06-30）。",
            )


def deadline_parts(ctx: PlanContext) -> Iterator[Problem]:
    for items, index, item in plan_items(ctx.doc):
        if "deadline" in item:
            continue
        for key in ("deadline_date", "deadline_inferred"):
            if key in item:
                yield Problem(
                    ctx.file, line_of(item, key) or line_of(items, index), "deadline", "warning",
                    f"第 {item.get('no')} 项有 {key} 却没有 deadline，{key} 不起作用。"
                    "请把完成时限写在 deadline 中（日期或原文写法）。",
                )


def deadline_before_plan(ctx: PlanContext) -> Iterator[Problem]:
    issued = _plan_date(ctx.doc)
    if issued is None:
        return
    year = plan_year(ctx.doc)
    for items, index, item in plan_items(ctx.doc):
        if "deadline" not in item:
            continue
        deadline = read_deadline(item.get("deadline"), year, item.get("deadline_date"), item.get("deadline_inferred"))
        if deadline is not None and deadline.date is not None and deadline.date < issued:
            yield Problem(
                ctx.file, line_of(item, "deadline") or line_of(items, index), "deadline", "warning",
                f"第 {item.get('no')} 项的完成时限 {deadline.date.isoformat()}（{deadline.text}）早于计划的成文日期 "
                f"{issued.isoformat()}。请核对年份。",
            )


DEADLINE_RULES = [deadline_readable, deadline_parts, deadline_before_plan]
