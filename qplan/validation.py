"""Run every rule over the workspace and collect the problems."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qplan.errors import FileReadError, QplanError
from qplan.registry import Registry, build_registry
from qplan.rules import PlanContext, Problem, RegistryContext
from qplan.rules.items import ITEM_RULES
from qplan.rules.schema import (
    PLAN_SCHEMA_RULES,
    REF_RE,
    REGISTRY_SCHEMA_RULES,
    plan_items,
    plan_unknown_keys,
    registry_unknown_keys,
)
from qplan.rules.units import PLAN_UNIT_RULES, REGISTRY_RULES
from qplan.workspace import Workspace
from qplan.yamlio import line_of, load_yaml

PLAN_RULES = [*PLAN_SCHEMA_RULES, plan_unknown_keys, *ITEM_RULES, *PLAN_UNIT_RULES]


def _read_problem(exc: FileReadError, path: Path) -> Problem:
    return Problem(exc.file or path, exc.line, "file-read", "error", exc.message)


def _registry_problems(workspace: Workspace) -> tuple[Registry | None, list[Problem]]:
    path = workspace.registry_path
    if not path.exists():
        return None, [Problem(path, None, "registry-missing", "error",
                              "找不到单位登记表 units.yaml，无法核对单位名称。请在计划文件夹中创建它。")]
    try:
        doc = load_yaml(path)
    except FileReadError as exc:
        return None, [_read_problem(exc, path)]
    ctx = RegistryContext(path, doc, None)
    problems = [p for rule in REGISTRY_SCHEMA_RULES for p in rule(ctx)]
    if any(p.level == "error" for p in problems):
        return None, problems
    problems += list(registry_unknown_keys(ctx))
    # Built from the round-trip document so that registry problems carry line numbers.
    registry = build_registry(doc, path)
    ctx.registry = registry
    problems += [p for rule in REGISTRY_RULES for p in rule(ctx)]
    return registry, problems


def _plan_items_by_id(workspace: Workspace) -> dict[str, set[int] | None]:
    """Item numbers of every plan, or None for a plan that cannot be read."""
    numbers: dict[str, set[int] | None] = {}
    for plan_id in workspace.plan_ids():
        try:
            numbers[plan_id] = {item.no for item in workspace.plan(plan_id).items}
        except QplanError:
            numbers[plan_id] = None
    return numbers


def _link_targets(path: Path, doc: Any, plan_id: str, numbers: dict[str, set[int] | None]) -> Iterator[Problem]:
    for _, _, item in plan_items(doc):
        links = item.get("links")
        if not isinstance(links, dict):
            continue
        for key in ("continues", "not"):
            refs = links.get(key)
            if not isinstance(refs, list):
                continue
            for index, ref in enumerate(refs):
                match = REF_RE.match(ref) if isinstance(ref, str) else None
                if match is None:
                    continue
                target_plan, target_no = match.group(1), int(match.group(2))
                line = line_of(refs, index)
                if target_plan == plan_id:
                    yield Problem(path, line, "link-target", "error",
                                  f"第 {item.get('no')} 项的链接“{ref}”指向本计划自身。链接应指向更早的计划。")
                elif target_plan not in numbers:
                    yield Problem(path, line, "link-target", "error",
                                  f"第 {item.get('no')} 项的链接“{ref}”指向不存在的计划 {target_plan}。"
                                  "请改正计划编号，或删除该链接。")
                else:
                    known = numbers[target_plan]
                    if known is not None and target_no not in known:
                        yield Problem(path, line, "link-target", "error",
                                      f"第 {item.get('no')} 项的链接“{ref}”指向不存在的条目："
                                      f"计划 {target_plan} 没有第 {target_no} 项。请改正序号，或删除该链接。")


def validate_workspace(workspace: Workspace, plan_ids: list[str] | None = None) -> list[Problem]:
    registry, problems = _registry_problems(workspace)
    ids = plan_ids or workspace.plan_ids()
    numbers: dict[str, set[int] | None] | None = None
    for plan_id in ids:
        path = workspace.plan_path(plan_id)
        try:
            doc = load_yaml(path)
        except FileReadError as exc:
            problems.append(_read_problem(exc, path))
            continue
        ctx = PlanContext(path, plan_id, doc, registry)
        problems += [p for rule in PLAN_RULES for p in rule(ctx)]
        if numbers is None:
            numbers = _plan_items_by_id(workspace)
        problems += list(_link_targets(path, doc, plan_id, numbers))
    return sorted(problems, key=lambda p: p.sort_key)
