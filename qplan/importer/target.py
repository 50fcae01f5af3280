"""Where an imported plan goes, and how it gets there: <plans>/<id>.yaml, never over a file
without --force; over one with --force, keeping what people recorded in it (qplan.importer.
reimport), with the replaced file kept in <plans>/.history/, all under the file's lock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from qplan.errors import QplanError
from qplan.importer.document import Given, ImportResult, import_document
from qplan.importer.errors import TargetError
from qplan.importer.limits import check_source
from qplan.importer.reimport import Carried, Incoming, carry_over, history_header, incoming_links
from qplan.importer.writer import check_round_trip
from qplan.registry import Registry
from qplan.workspace import PLAN_SUFFIXES, Workspace, plan_id_problem


def check_plan_id(plan_id: str) -> None:
    if any(plan_id.lower().endswith(suffix) for suffix in PLAN_SUFFIXES) and "\n" not in plan_id:
        stem = plan_id.rsplit(".", 1)[0]
        raise TargetError(f"计划编号“{plan_id}”不要带后缀：请写 --id {stem}，文件名会是 {stem}.yaml。")
    problem = plan_id_problem(plan_id)
    if problem is not None:
        raise TargetError(f"{problem}。计划编号就是文件名，须在 Windows、macOS 和共享盘上都能使用："
                          "只用字母、数字、汉字和 - _ .，不以 . 或 - 开头或结尾。例如：2026、2024-chains。")


def target_path(workspace: Workspace, plan_id: str, *, force: bool) -> Path:
    files = workspace.plan_files()
    existing = files.get(plan_id)
    if existing is None:
        clash = next((known for known in files if known.casefold() == plan_id.casefold()), None)
        if clash is not None:
            raise TargetError(
                f"计划编号“{plan_id}”与已有的计划“{clash}”只差大小写；在 Windows 和 macOS 上它们是同一个文件。"
                f"如要重新导入该计划，请用 --id {clash} --force；否则请换一个编号。")
    if existing is not None and not force:
        raise TargetError(
            f"计划文件 {existing} 已存在，未作改动。如要用导入结果替换它，请加 --force"
            "（其中人工记录的判断和注释会带入新文件，原文件保存在 .history 中）；"
            "或换一个 --id；或先用 --dry-run 查看导入结果。"
        )
    return existing or workspace.root / f"{plan_id}.yaml"


@dataclass(slots=True)
class Imported:
    result: ImportResult
    target: Path
    carried: Carried
    replaced: bool  # a file was there before
    history: Path | None  # where the replaced file is (or, for a dry run, would be) kept
    written: bool


def import_plan(workspace: Workspace, source: Path, plan_id: str, *, force: bool = False,
                dry_run: bool = False, date: dt.date | None = None, given: Given | None = None) -> Imported:
    """Read `source` and write it as plan `plan_id` (nothing is written with dry_run).

    The source is checked before the target, so a typo in its name is reported as such.
    """
    check_plan_id(plan_id)
    check_source(source)
    target = target_path(workspace, plan_id, force=force or dry_run)
    result = import_document(source, registry=_registry(workspace), given=given or Given(date=date))
    names = _names(workspace)
    if dry_run:
        old_text = _read_old(target) if target.exists() else None
        carried = carry_over(old_text, result.plan, target, plan_id, names)
        check_round_trip(carried.text, result.plan, target)
        carried.incoming = _incoming(workspace, plan_id, carried)
        history = _history_name(target) if old_text is not None else None
        return Imported(result, target, carried, old_text is not None, history, False)
    from qplan.locking import editing, history_copy

    with editing(target, create=True, read=_read_old) as edit:
        if edit.text is not None and not force:
            raise TargetError(f"计划文件 {target} 刚刚由别人建立，未作改动。请先查看它，如要替换请加 --force。")
        carried = carry_over(edit.text, result.plan, target, plan_id, names)
        check_round_trip(carried.text, result.plan, target)
        history = None
        if edit.text is not None:
            history = history_copy(target, edit.text, header=history_header(carried, source))
        edit.write(carried.text)
    carried.incoming = _incoming(workspace, plan_id, carried)
    return Imported(result, target, carried, history is not None, history, True)


def _registry(workspace: Workspace) -> Registry | None:
    """The folder's registry, to keep a document of another place apart from its units."""
    try:
        return workspace.registry
    except QplanError:
        return None


def _incoming(workspace: Workspace, plan_id: str, carried: Carried) -> list[Incoming]:
    if not carried.moved:
        return []
    try:
        others = workspace.load([pid for pid in workspace.plan_ids() if pid != plan_id]).plans
    except QplanError:
        return []
    return incoming_links(others, plan_id, carried.moved)


def _names(workspace: Workspace) -> dict[str, str]:
    try:
        return dict(workspace.registry.names)
    except QplanError:
        return {}


def _read_old(path: Path) -> str:
    """The replaced file's text, even when it is not valid UTF-8: it is kept, not judged."""
    from qplan.yamlio import decode_text, read_bytes

    data = read_bytes(path)
    try:
        return decode_text(data, path)
    except QplanError:
        return data.decode("utf-8", "replace")


def _history_name(target: Path) -> Path:
    import time

    return target.parent / ".history" / f"{target.stem}.{time.strftime('%Y%m%dT%H%M%S')}{target.suffix}"
