"""Checks on the items of one plan: numbering and who is responsible."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qplan.names import normal_name
from qplan.rules import PlanContext, Problem
from qplan.rules.schema import plan_items
from qplan.yamlio import line_of


def _str_list(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def duplicate_item_no(ctx: PlanContext) -> Iterator[Problem]:
    seen: dict[int, int | None] = {}
    for items, index, item in plan_items(ctx.doc):
        no = item.get("no")
        if not isinstance(no, int) or isinstance(no, bool):
            continue
        line = line_of(item, "no") or line_of(items, index)
        if no in seen:
            yield Problem(
                ctx.file, line, "duplicate-item-no", "error",
                f"序号 {no} 重复（第 {seen[no]} 行已有）。每个条目的序号必须唯一，请改正。",
            )
        else:
            seen[no] = line


def item_numbering(ctx: PlanContext) -> Iterator[Problem]:
    numbers = [
        (item.get("no"), line_of(item, "no"))
        for _, _, item in plan_items(ctx.doc)
        if isinstance(item.get("no"), int) and not isinstance(item.get("no"), bool)
    ]
    for expected, (no, line) in enumerate(numbers, start=1):
        if no != expected:
            yield Problem(
                ctx.file, line, "item-numbering", "warning",
                f"序号应连续：这里应为 {expected}，实际为 {no}。请核对原文件的编号。",
            )
            return


def no_lead(ctx: PlanContext) -> Iterator[Problem]:
    # A document that names no units at all (no_units: true) leaves every lead empty by design.
    if isinstance(ctx.doc, dict) and ctx.doc.get("no_units") is True:
        return
    for items, index, item in plan_items(ctx.doc):
        if "lead" in item and isinstance(item["lead"], list) and not item["lead"]:
            yield Problem(
                ctx.file, line_of(item, "lead") or line_of(items, index), "no-lead", "error",
                f"第 {item.get('no')} 项没有牵头单位。请按原文件填写 lead。",
            )


def _canonical(ctx: PlanContext, name: str) -> str:
    if ctx.registry is None:
        return normal_name(name)
    return ctx.registry.resolve(name) or normal_name(name)


def lead_and_support(ctx: PlanContext) -> Iterator[Problem]:
    for _, _, item in plan_items(ctx.doc):
        leads = {_canonical(ctx, n): n for n in _str_list(item.get("lead"))}
        support = item.get("support")
        for index, name in enumerate(_str_list(support)):
            canonical = _canonical(ctx, name)
            if canonical in leads:
                yield Problem(
                    ctx.file, line_of(support, index), "lead-and-support", "error",
                    f"第 {item.get('no')} 项中“{name}”既是牵头单位又是配合单位。"
                    "请只保留一个角色。",
                )


def duplicate_unit(ctx: PlanContext) -> Iterator[Problem]:
    for _, _, item in plan_items(ctx.doc):
        for key in ("lead", "support"):
            names = item.get(key)
            seen: set[str] = set()
            for index, name in enumerate(_str_list(names)):
                canonical = _canonical(ctx, name)
                if canonical in seen:
                    yield Problem(
                        ctx.file, line_of(names, index), "duplicate-unit", "warning",
                        f"第 {item.get('no')} 项的 {key} 中“{name}”重复出现。请删去重复项。",
                    )
                seen.add(canonical)


ITEM_RULES = [duplicate_item_no, item_numbering, no_lead, lead_and_support, duplicate_unit]
