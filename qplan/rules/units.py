"""Checks that tie plans to the unit registry, and checks on the registry itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from qplan.names import has_invisible, normal_name, shown
from qplan.registry import KNOWN_KINDS
from qplan.rules import PlanContext, Problem, RegistryContext
from qplan.rules.names import invisible_in_registry, plan_spelling, registry_spelling
from qplan.rules.schema import plan_items
from qplan.yamlio import line_of


def plan_year(doc: Any) -> int | None:
    document = doc.get("document") if isinstance(doc, dict) else None
    date = document.get("date") if isinstance(document, dict) else None
    year = getattr(date, "year", None)
    if isinstance(year, int):
        return year
    if isinstance(date, str) and date[:4].isdigit():
        return int(date[:4])
    return None


def _unit_mentions(doc: Any) -> Iterator[tuple[Any, Any, int, str]]:
    for _, _, item in plan_items(doc):
        for key in ("lead", "support"):
            names = item.get(key)
            if isinstance(names, list):
                for index, name in enumerate(names):
                    if isinstance(name, str):
                        yield item, names, index, name
        acting = item.get("acting")
        if isinstance(acting, dict):
            for group, bureau in acting.items():
                if isinstance(bureau, str):
                    yield item, acting, group, bureau


def unknown_unit(ctx: PlanContext) -> Iterator[Problem]:
    if ctx.registry is None:
        return
    for item, container, key, name in _unit_mentions(ctx.doc):
        if ctx.registry.resolve(name) is None and not has_invisible(name):
            hint = ctx.registry.suggestion_text(name)
            yield Problem(
                ctx.file, line_of(container, key), "unknown-unit", "error",
                f"第 {item.get('no')} 项的单位“{shown(normal_name(name))}”不在单位登记表中。{hint}"
                f"请改正拼写，或在 {ctx.registry.file or 'units.yaml'} 中登记该单位"
                "（或把这个写法加入某单位的 aliases）。",
            )


def unknown_section_unit(ctx: PlanContext) -> Iterator[Problem]:
    """A lead stated for a whole section (一、…（省发改委总牵头）) names registered units too."""
    sections = ctx.doc.get("sections") if isinstance(ctx.doc, dict) else None
    if ctx.registry is None or not isinstance(sections, list):
        return
    for section in sections:
        if not isinstance(section, dict):
            continue
        for key in ("lead", "support"):
            names = section.get(key)
            for index, name in enumerate(names if isinstance(names, list) else []):
                if isinstance(name, str) and ctx.registry.resolve(name) is None and not has_invisible(name):
                    yield Problem(
                        ctx.file, line_of(names, index), "unknown-unit", "error",
                        f"第 {section.get('no')} 部分“{section.get('title')}”的单位“{shown(normal_name(name))}”"
                        "不在单位登记表中。"
                        f"{ctx.registry.suggestion_text(name)}请改正拼写，或在 {ctx.registry.file or 'units.yaml'} "
                        "中登记该单位。",
                    )


def renamed_unit(ctx: PlanContext) -> Iterator[Problem]:
    if ctx.registry is None:
        return
    year = plan_year(ctx.doc)
    if year is None:
        return
    for item, container, key, name in _unit_mentions(ctx.doc):
        found = ctx.registry.resolution(name)
        if found and found.how == "rename" and found.rename_year is not None and year >= found.rename_year:
            yield Problem(
                ctx.file, line_of(container, key), "renamed-unit", "warning",
                f"第 {item.get('no')} 项写的是“{name}”，该单位已于 {found.rename_year} 年更名为"
                f"“{found.canonical}”。请核对原文件。",
            )


def alias_conflict(ctx: RegistryContext) -> Iterator[Problem]:
    if ctx.registry is None:
        return
    for spelling, owners in sorted(ctx.registry.conflicts.items()):
        lines = [ctx.registry.units[o].line for o in owners if o in ctx.registry.units]
        line = max((n for n in lines if n), default=None)
        yield Problem(
            ctx.file, line, "alias-conflict", "error",
            f"写法“{spelling}”同时指向多个单位：{'、'.join(owners)}。"
            "一个写法只能属于一个单位，请从其中一个单位的 aliases 中删去。",
        )


def duplicate_unit_name(ctx: RegistryContext) -> Iterator[Problem]:
    units = ctx.doc.get("units") if isinstance(ctx.doc, dict) else None
    if not isinstance(units, list):
        return
    seen: set[str] = set()
    for index, unit in enumerate(units):
        name = unit.get("name") if isinstance(unit, dict) else None
        if isinstance(name, str):
            name = normal_name(name)
            if name in seen:
                yield Problem(
                    ctx.file, line_of(units, index), "duplicate-unit-name", "error",
                    f"单位“{name}”登记了两次。请合并为一条。",
                )
            seen.add(name)


def unknown_kind(ctx: RegistryContext) -> Iterator[Problem]:
    if ctx.registry is None:
        return
    for unit in ctx.registry.units.values():
        if unit.kind not in KNOWN_KINDS:
            yield Problem(
                ctx.file, unit.line, "unknown-kind", "warning",
                f"单位“{unit.name}”的类别“{unit.kind}”不是常用类别（{'、'.join(KNOWN_KINDS)}）。"
                "请核对。",
            )


def group_members(ctx: RegistryContext) -> Iterator[Problem]:
    if ctx.registry is None:
        return
    for unit in ctx.registry.units.values():
        if unit.members and not unit.is_group:
            yield Problem(
                ctx.file, unit.line, "group-members", "error",
                f"单位“{unit.name}”不是单位群组（kind: 单位群组），不能登记 members。",
            )
        for member in unit.members:
            if ctx.registry.resolve(member) is None and not has_invisible(member):
                hint = ctx.registry.suggestion_text(member)
                yield Problem(
                    ctx.file, unit.line, "group-members", "error",
                    f"群组“{unit.name}”的成员“{member}”不在单位登记表中。{hint}请改正或先登记该单位。",
                )


def units_to_review(ctx: RegistryContext) -> Iterator[Problem]:
    """Units `qplan import --register-new` added: one reminder until a person has checked them."""
    units = ctx.doc.get("units") if isinstance(ctx.doc, dict) else None
    marked = [(index, unit.get("name")) for index, unit in enumerate(units if isinstance(units, list) else [])
              if isinstance(unit, dict) and unit.get("review")]
    if marked:
        names = "、".join(str(name) for _, name in marked[:8]) + (" 等" if len(marked) > 8 else "")
        yield Problem(
            ctx.file, line_of(units, marked[0][0]), "unit-review", "warning",
            f"有 {len(marked)} 个单位由 qplan import 自动登记，类别是推定的，尚待核对：{names}。"
            "请核对名称和类别，核对后删去各单位的 review 行。",
        )


def _cycle_problems(ctx: RegistryContext, rule: str, cycles: list[list[str]], own_unit: int,
                    alone: str, circle: str) -> Iterator[Problem]:
    """One problem per cycle; `alone` and `circle` are messages with {name} / {path} in them."""
    assert ctx.registry is not None
    for cycle in cycles:
        unit = ctx.registry.units[cycle[own_unit]]
        message = alone.format(name=unit.name) if len(cycle) == 1 else circle.format(
            path=" → ".join([*cycle, cycle[0]]))
        yield Problem(ctx.file, unit.line, rule, "error", message)


def group_member_cycle(ctx: RegistryContext) -> Iterator[Problem]:
    if ctx.registry is not None:
        yield from _cycle_problems(
            ctx, "group-cycle", ctx.registry.member_cycles(), 0,
            "群组“{name}”把自己列为自己的成员。请从它的 members 中删去。",
            "群组之间互为成员：{path}。成员关系不能绕回自身，请删去其中一处。")


def rename_cycle(ctx: RegistryContext) -> Iterator[Problem]:
    if ctx.registry is not None:
        yield from _cycle_problems(
            ctx, "rename-cycle", ctx.registry.rename_cycles(), -1,
            "单位“{name}”登记为由自己更名而来。请从它的 renamed_from 中删去自己的名称。",
            "更名记录绕成了圈：{path}。请只保留实际发生的那次更名。")


PLAN_UNIT_RULES = [unknown_unit, unknown_section_unit, renamed_unit, plan_spelling]
REGISTRY_RULES = [alias_conflict, duplicate_unit_name, unknown_kind, group_members, group_member_cycle,
                  rename_cycle, units_to_review, invisible_in_registry, registry_spelling]
# Errors that would make a command silently pick one of two units: they stop every command
# that resolves unit names, with the message validate gives.
BLOCKING_RULES = [alias_conflict, duplicate_unit_name, group_member_cycle, rename_cycle, invisible_in_registry]
