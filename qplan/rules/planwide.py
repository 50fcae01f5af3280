"""Checks on what a plan states once for all its items: plan-wide responsibilities
(`plan_wide`, 以下均需各区人民政府落实，不再列出) and a document without any units (`no_units`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qplan.names import has_invisible, normal_name
from qplan.rules import PlanContext, Problem
from qplan.rules.schema import plan_items
from qplan.yamlio import line_of


def _entries(doc: Any) -> Iterator[tuple[Any, int, dict[str, Any]]]:
    wide = doc.get("plan_wide") if isinstance(doc, dict) else None
    for index, entry in enumerate(wide if isinstance(wide, list) else []):
        if isinstance(entry, dict) and isinstance(entry.get("unit"), str):
            yield wide, index, entry


def _canonical(ctx: PlanContext, name: str) -> str:
    return (ctx.registry.resolve(name) if ctx.registry is not None else None) or normal_name(name)


def plan_wide_unit(ctx: PlanContext) -> Iterator[Problem]:
    """The unit of a plan-wide responsibility is a registered unit like any other."""
    if ctx.registry is None:
        return
    for _, _, entry in _entries(ctx.doc):
        name = entry["unit"]
        if ctx.registry.resolve(name) is None and not has_invisible(name):
            yield Problem(
                ctx.file, line_of(entry, "unit"), "unknown-unit", "error",
                f"plan_wide 中的单位“{name}”不在单位登记表中。{ctx.registry.suggestion_text(name)}"
                f"请改正拼写，或在 {ctx.registry.file or 'units.yaml'} 中登记该单位。",
            )


def plan_wide_from(ctx: PlanContext) -> Iterator[Problem]:
    """from_item names an item of the plan."""
    numbers = {item.get("no") for _, _, item in plan_items(ctx.doc)}
    for _, index, entry in _entries(ctx.doc):
        start = entry.get("from_item")
        if isinstance(start, int) and not isinstance(start, bool) and start not in numbers:
            yield Problem(
                ctx.file, line_of(entry, "from_item"), "plan-wide", "error",
                f"plan_wide 第 {index + 1} 条的 from_item 是 {start}，但本计划没有第 {start} 项。"
                "请写出该说明所在的条目序号（适用于全部条目时删去 from_item）。",
            )


def plan_wide_repeated(ctx: PlanContext) -> Iterator[Problem]:
    """An item that lists a plan-wide unit again in the same role: the document writes it once."""
    for _, _, entry in _entries(ctx.doc):
        unit = _canonical(ctx, entry["unit"])
        role = entry.get("role") if entry.get("role") in ("lead", "support") else "support"
        start = entry.get("from_item") if isinstance(entry.get("from_item"), int) else None
        for _, _, item in plan_items(ctx.doc):
            no = item.get("no")
            if start is not None and isinstance(no, int) and no < start:
                continue
            names = item.get(role)
            for index, name in enumerate(names if isinstance(names, list) else []):
                if isinstance(name, str) and _canonical(ctx, name) == unit:
                    yield Problem(
                        ctx.file, line_of(names, index), "plan-wide-repeated", "warning",
                        f"第 {no} 项的 {role} 又写了“{name}”，而 plan_wide 已规定它承担全部条目"
                        f"（{entry.get('note') or ''}）。请从该条目中删去，以免重复计算。",
                    )


def units_in_a_plan_without_units(ctx: PlanContext) -> Iterator[Problem]:
    """`no_units: true` says the document names no units; an item that has some contradicts it."""
    if not isinstance(ctx.doc, dict) or ctx.doc.get("no_units") is not True:
        return
    for items, index, item in plan_items(ctx.doc):
        if any(isinstance(item.get(key), list) and item[key] for key in ("lead", "support")):
            yield Problem(
                ctx.file, line_of(item, "lead") or line_of(items, index), "no-units", "warning",
                f"计划写明 no_units: true（原文未写任何责任单位），但第 {item.get('no')} 项写了单位。"
                "请核对原文：如原文确有责任单位，请删去 no_units。",
            )


PLAN_WIDE_RULES = [plan_wide_unit, plan_wide_from, plan_wide_repeated, units_in_a_plan_without_units]
