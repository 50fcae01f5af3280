"""Run every rule over the workspace and collect the problems.

Each file is checked as the C parser reads it (several times faster than the round-trip
parser, which keeps line numbers); only a file with something to report is read again with
line numbers, and checked again, so that every problem says where it is.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from qplan.errors import FileReadError, QplanError
from qplan.registry import Registry, build_registry
from qplan.rules import PlanContext, Problem, RegistryContext
from qplan.rules.deadlines import DEADLINE_RULES
from qplan.rules.items import ITEM_RULES
from qplan.rules.planwide import PLAN_WIDE_RULES
from qplan.rules.schema import (
    CARRY_KEYS,
    PLAN_SCHEMA_RULES,
    REF_RE,
    REGISTRY_SCHEMA_RULES,
    link_refs,
    plan_unknown_keys,
    registry_unknown_keys,
)
from qplan.rules.units import PLAN_UNIT_RULES, REGISTRY_RULES
from qplan.workspace import LEFTOVER_NOTE, Workspace, check_plan_entry, plan_id_problem
from qplan.yamlio import line_of, load_yaml, load_yaml_fast_stat

PLAN_RULES = [*PLAN_SCHEMA_RULES, plan_unknown_keys, *ITEM_RULES, *PLAN_UNIT_RULES, *PLAN_WIDE_RULES,
              *DEADLINE_RULES]


def _read_problem(exc: FileReadError, path: Path) -> Problem:
    return Problem(exc.file or path, exc.line, "file-read", "error", exc.message)


T = TypeVar("T")


def _checked(path: Path, check: Callable[[Any], tuple[list[Problem], T]]
             ) -> tuple[list[Problem], T | None, Any, os.stat_result | None]:
    """The problems `check` finds in a file, what it made of it, the document and the status
    of the file read.

    Checked on the C parser's reading; a file with problems is read again with line numbers
    (the round-trip parser) and checked again, so that each problem says where it is.
    """
    try:
        doc, status = load_yaml_fast_stat(path)
    except FileReadError as exc:
        return [_read_problem(exc, path)], None, None, None
    problems, made = check(doc)
    if not problems:
        return problems, made, doc, status
    try:
        doc = load_yaml(path)
    except FileReadError as exc:
        return [_read_problem(exc, path)], None, None, None
    problems, made = check(doc)
    return problems, made, doc, None


def _code_mark() -> str:
    """qplan's own source files by size and modification time: a check edited within one
    version (the cache is per version) finds no verdict of the check it replaced."""
    package = Path(__file__).resolve().parent
    marks = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                status = os.stat(os.path.join(folder, name))
                marks.append(f"{folder}/{name}:{status.st_size}:{status.st_mtime_ns}")
    data = "\n".join(marks).encode("utf-8")
    return f"{zlib.crc32(data):08x}:{len(data)}"


class Verdicts:
    """Files found free of problems, remembered in the parse cache: an unchanged file that
    passed is not read again, as long as what its checks depend on is unchanged too (the
    registry, and qplan's checks themselves). A plan with links is always read again: they
    point into other plans."""

    def __init__(self, workspace: Workspace, registry: Registry | None, code: str) -> None:
        self.cache = workspace.cache
        self.key: str | None = None
        if self.cache.enabled:
            path = workspace.registry_path
            try:
                mark = self.cache.fingerprint(path.name, path.stat())
            except OSError:
                mark = None
            if mark is not None:
                self.key = f"{code}:{mark}:{'built' if registry is not None else 'unread'}"

    @staticmethod
    def status(path: Path) -> os.stat_result | None:
        try:
            return path.stat()
        except OSError:
            return None

    def passed(self, path: Path) -> Any:
        """What was recorded when the file passed (see record), if it did and still would."""
        status = self.status(path) if self.key is not None else None
        found = self.cache.checked(path.name, status) if status is not None else None
        if isinstance(found, dict) and found.get("key") == self.key:
            return found
        return None

    def record(self, path: Path, status: os.stat_result | None, **facts: Any) -> None:
        if self.key is not None and status is not None:
            self.cache.put_checked(path.name, status, {"key": self.key, **facts})


def _registry_problems(workspace: Workspace, code: str) -> tuple[Registry | None, list[Problem]]:
    path = workspace.registry_path
    if not os.path.lexists(path):
        return None, [Problem(path, None, "registry-missing", "error",
                              "找不到单位登记表 units.yaml，无法核对单位名称。请在计划文件夹中创建它。")]

    def check(doc: Any) -> tuple[list[Problem], Registry | None]:
        ctx = RegistryContext(path, doc, None)
        problems = [p for rule in REGISTRY_SCHEMA_RULES for p in rule(ctx)]
        if any(p.level == "error" for p in problems):
            return problems, None
        problems += list(registry_unknown_keys(ctx))
        # Built from the document read with line numbers, where there are problems to report.
        registry = build_registry(doc, path)
        ctx.registry = registry
        problems += [p for rule in REGISTRY_RULES for p in rule(ctx)]
        return problems, registry

    clean = f"registry-clean:{code}"
    status = Verdicts.status(path) if workspace.cache.enabled else None
    if status is not None and workspace.cache.checked(path.name, status) == clean:
        # Passed before, unchanged since: the registry as the parse cache holds it.
        return workspace.registry, []
    problems, registry, _, status = _checked(path, check)
    if not problems and status is not None:
        try:
            workspace.registry  # noqa: B018 - the parse cache's entry, which the verdict goes in
        except QplanError:
            return registry, problems
        workspace.cache.put_checked(path.name, status, clean)
    return registry, problems


Known = dict[str, tuple[set[int], str] | None]


def _plan_items_by_id(workspace: Workspace) -> Known:
    """Item numbers and kind of every plan, or None for a plan that cannot be read."""
    numbers: Known = {}
    for plan_id in workspace.plan_ids():
        try:
            plan = workspace.plan(plan_id)
            numbers[plan_id] = ({item.no for item in plan.items}, plan.kind)
        except QplanError:
            numbers[plan_id] = None
    return numbers


def _link_targets(path: Path, doc: Any, plan_id: str, numbers: Known) -> Iterator[Problem]:
    for item, key, ref, line in link_refs(doc):
        match = REF_RE.match(ref)
        if match is None:
            continue
        target_plan, target_no = match.group(1), int(match.group(2))
        found = numbers.get(target_plan)
        if key in CARRY_KEYS and found is not None and found[1] != "multi-year":
            yield Problem(path, line, "link-target", "error",
                          f"第 {item.get('no')} 项的 {key} 链接“{ref}”指向的计划 {target_plan} 不是多年行动方案"
                          f"（kind: {found[1]}）。carries 只记录本条落实的多年行动方案任务；"
                          "跨年延续请写在 continues 中。")
        if target_plan == plan_id:
            yield Problem(path, line, "link-target", "error",
                          f"第 {item.get('no')} 项的链接“{ref}”指向本计划自身。链接应指向更早的计划。")
        elif target_plan not in numbers:
            yield Problem(path, line, "link-target", "error",
                          f"第 {item.get('no')} 项的链接“{ref}”指向不存在的计划 {target_plan}。"
                          "请改正计划编号，或删除该链接。")
        else:
            known = numbers[target_plan]
            if known is not None and target_no not in known[0]:
                yield Problem(path, line, "link-target", "error",
                              f"第 {item.get('no')} 项的链接“{ref}”指向不存在的条目："
                              f"计划 {target_plan} 没有第 {target_no} 项。请改正序号，或删除该链接。")


def _doc_year(doc: Any) -> int | None:
    document = doc.get("document") if isinstance(doc, dict) else None
    date = document.get("date") if isinstance(document, dict) else None
    text = str(date) if date is not None else ""
    return int(text[:4]) if text[:4].isdigit() else None


def _plan_file_problems(path: Path, plan_id: str, doc: Any) -> Iterator[Problem]:
    """Names and years that suggest a stray copy or a mislabelled file."""
    if plan_id_problem(plan_id) is not None:
        yield Problem(path, None, "plan-id", "warning",
                      f"文件名“{path.name}”不像计划编号（含空格或特殊字符），可能是副本。计划编号取自文件名，"
                      "请改名（如 2025.yaml）或把它移出计划文件夹。")
    year = _doc_year(doc)
    if plan_id[:4].isdigit() and year is not None and int(plan_id[:4]) != year:
        yield Problem(path, line_of(doc.get("document"), "date") if isinstance(doc, dict) else None,
                      "plan-year", "warning",
                      f"文件名是 {plan_id}，但发文日期在 {year} 年。请核对是否放错了文件或写错了日期。")


def _copy_key(doc: Any) -> list[str] | None:
    """What tells a copy of a plan: its title and date, as written."""
    if not isinstance(doc, dict) or not isinstance(doc.get("document"), dict):
        return None
    return [str(doc.get("title")), str(doc["document"].get("date"))]


def _duplicate_plans(docs: dict[str, tuple[Path, list[str] | None, Any]]) -> Iterator[Problem]:
    seen: dict[tuple[str, str], str] = {}
    for plan_id, (path, copy, doc) in docs.items():
        if not isinstance(copy, list) or len(copy) != 2:
            continue
        key = (str(copy[0]), str(copy[1]))
        if key in seen:
            located = doc if hasattr(doc, "lc") else load_yaml(path)
            yield Problem(path, line_of(located, "title"), "duplicate-plan", "warning",
                          f"与计划 {seen[key]} 的标题和日期相同，可能是副本；同一条目会被重复计算。"
                          "请删除多余的文件或把它移出计划文件夹。")
        else:
            seen[key] = plan_id


def _progress_problems(workspace: Workspace, plan_ids: list[str] | None, registry: Registry | None) -> list[Problem]:
    """Every progress file of the selected plans (all when none are named)."""
    from qplan.progress.records import progress_files
    from qplan.progress.reporters import plan_reporters
    from qplan.rules.progress import PROGRESS_RULES, ProgressContext

    found: list[Problem] = []
    known = set(workspace.plan_ids())
    try:
        paths = progress_files(workspace.root)
    except FileReadError as exc:
        return [_read_problem(exc, workspace.root)]
    for path in paths:
        plan_id = path.parent.name
        if plan_ids and plan_id not in plan_ids:
            continue
        plan = None
        if plan_id in known:
            try:
                plan = workspace.plan(plan_id)
            except QplanError:
                plan = None
        reporters = plan_reporters(plan, registry or Registry([], None)) if plan is not None else None

        def check(doc: Any, plan_id: str = plan_id, plan: Any = plan, reporters: Any = reporters,
                  path: Path = path) -> tuple[list[Problem], None]:
            ctx = ProgressContext(path, plan_id, doc, plan, registry, reporters)
            return [p for rule in PROGRESS_RULES for p in rule(ctx)], None

        found += _checked(path, check)[0]
    return found


def validate_workspace(workspace: Workspace, plan_ids: list[str] | None = None) -> list[Problem]:
    workspace.strict_registry = False
    code = _code_mark() if workspace.cache.enabled else ""
    registry, problems = _registry_problems(workspace, code)
    ids = plan_ids or workspace.plan_ids()
    verdicts = Verdicts(workspace, registry, code)
    # Plan id -> its file, the (title, date) that tells a copy, and the document where read.
    docs: dict[str, tuple[Path, list[str] | None, Any]] = {}
    numbers: Known | None = None

    def known_numbers() -> Known:
        nonlocal numbers
        if numbers is None:
            numbers = _plan_items_by_id(workspace)
        return numbers

    for plan_id in ids:
        path = workspace.plan_path(plan_id)
        try:
            check_plan_entry(path)
        except FileReadError as exc:
            problems.append(_read_problem(exc, path))
            continue

        def check(doc: Any, path: Path = path, plan_id: str = plan_id) -> tuple[list[Problem], None]:
            ctx = PlanContext(path, plan_id, doc, registry)
            found = [p for rule in PLAN_RULES for p in rule(ctx)]
            found += list(_plan_file_problems(path, plan_id, doc))
            # Every plan is read for the numbers its items have only where there are links to check.
            if any(True for _ in link_refs(doc)):
                found += list(_link_targets(path, doc, plan_id, known_numbers()))
            return found, None

        passed = verdicts.passed(path)
        if passed is not None:
            docs[plan_id] = (path, passed["copy"], None)
            continue
        found, _, doc, status = _checked(path, check)
        problems += found
        if doc is None:
            continue
        docs[plan_id] = (path, _copy_key(doc), doc)
        if not found and not any(True for _ in link_refs(doc)):
            verdicts.record(path, status, copy=_copy_key(doc))
    workspace.cache.save()
    problems += list(_duplicate_plans(docs))
    problems += _progress_problems(workspace, plan_ids, registry)
    problems += [Problem(path, None, "temp-leftover", "warning", LEFTOVER_NOTE)
                 for path in workspace.leftover_temp_files()]
    if not plan_ids:
        problems += [Problem(path, None, "unread-entry", "error", reason)
                     for path, reason in workspace.unread_entries()]
    return sorted(problems, key=lambda p: p.sort_key)
