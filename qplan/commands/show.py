"""`qplan show`: a plan's items, or one unit's items across plans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from qplan.clickzh import Command
from qplan.errors import QplanError
from qplan.options import dept_option, format_option, output_option, plans_option, resolve_format
from qplan.workspace import NO_DATE, Workspace


@click.command(cls=Command)
@click.argument("plan_ids", nargs=-1, metavar="[PLAN]...")
@dept_option("只看这个单位牵头或配合的任务（可用任何写法，如 市卫健委）。")
@click.option("--role", type=click.Choice(["lead", "support", "牵头", "配合"]), default=None,
              help="与 --dept 同用：只看牵头（lead 或 牵头）或配合（support 或 配合）。")
@click.option("--grep", metavar="TEXT", default=None, help="只看标题或内容含有此文字的任务。")
@click.option("--status", "with_status", is_flag=True,
              help="与 --dept 同用：每项任务旁列出本单位最近一期报送的完成状态（qplan collect 收录的）。")
@format_option()
@output_option
@plans_option
@click.pass_context
def show(ctx: click.Context, plan_ids: tuple[str, ...], dept: str | None, role: str | None,
         grep: str | None, with_status: bool, fmt: str | None, output: Path | None, plans_dir: Path) -> None:
    """列出计划条目及牵头、配合单位，或一个单位的全部任务（--dept）；不给 PLAN 时用全部计划。

    \b
    例：
      qplan show --dept 市卫健委              本单位在各年计划中的任务
      qplan show 2025 --dept 市市场监管局 --role lead
      qplan show 2025 --grep 标准             标题或内容含“标准”的条目
      qplan show 2025 --dept 市卫健委 --status  每项任务最近一期的完成状态
      qplan show 2025 --format csv > 2025.csv
    """
    from qplan.commands.common import open_workspace, read_unit

    fmt = resolve_format(fmt, output)
    role = {"牵头": "lead", "配合": "support"}.get(role or "", role)
    if role is not None and dept is None:
        raise click.UsageError("--role 需要与 --dept 一起使用。")
    if with_status and dept is None:
        raise click.UsageError("--status 需要与 --dept 一起使用：完成状态是各单位分别报送的。")
    workspace = open_workspace(plans_dir)
    if dept is not None and not workspace.has_registry:
        raise QplanError(f"找不到单位登记表 {workspace.registry_path}，无法识别单位“{dept}”。"
                         "请恢复或创建 units.yaml（可参照 qplan 自带的 plans/units.yaml）。")
    canonical = read_unit(workspace.registry, dept) if dept is not None else None
    involving = workspace.registry.spellings_with_groups(canonical) if canonical else None
    if fmt == "json" and grep is None and not with_status \
            and json_from_digests(workspace, plan_ids, canonical, role, involving, output):
        return
    from qplan.commands.common import emit_report, load_plans_counted, warn
    from qplan.query import select_items
    from qplan.views.items import show_report

    plans, had_errors, searched, skipped = load_plans_counted(workspace, plan_ids, involving)
    rows = select_items(plans, workspace.registry, dept=canonical, role=role, grep=grep)  # type: ignore[arg-type]
    latest = latest_statuses(workspace, rows, canonical) if with_status and canonical else None
    emit_report(show_report(rows, workspace.registry, canonical, searched, latest), fmt, output)
    if fmt == "json":
        # What the next `show --format json` over these plans needs, in the form it prints.
        workspace.keep_digests(plans)
    if not rows:
        warn("没有符合条件的条目。")
    if canonical is not None:
        read = [(plan_key(plan), ((name, 1) for item in plan.items for name in item.units)) for plan in plans]
        hint = group_hint(workspace, read, skipped, canonical)
        if hint:
            warn(hint)
    if had_errors:
        ctx.exit(1)


def json_from_digests(workspace: Workspace, plan_ids: tuple[str, ...], unit: str | None, role: str | None,
                      involving: set[str] | None, output: Path | None) -> bool:
    """`show --format json` from the plans' digests in the parse cache (qplan.digest), with the
    same output and messages as from the plans; False, having printed nothing, where some plan
    to be read has no digest yet."""
    from qplan.commands.common import emit_encoded, require_plans, warn, warn_notes, warn_unknown
    from qplan.digest import JsonRows

    require_plans(workspace, plan_ids)
    loaded = workspace.load_digests(plan_ids, involving)
    if loaded is None:
        return False
    registry = workspace.registry
    warn_notes(loaded.notes)
    warn_unknown({name for digest in loaded.digests for name in digest.unknown} | loaded.unknown_in_skipped, involving)
    rows = JsonRows()
    groups = registry.groups_of(unit) if unit is not None else []
    for digest in loaded.digests:
        if unit is None:
            rows.add_all(digest)
            continue
        plain = digest.plain_roles(unit, groups)
        if plain is not None:
            rows.add_roles(digest, plain, role)
        else:
            rows.add_held(digest, digest.held(unit, groups), role)
    emit_encoded(rows.text(), output)
    if not rows.count:
        warn("没有符合条件的条目。")
    if unit is not None:
        read = [(digest.sort_key, ((name, times) for name, times in digest.unrecorded)) for digest in loaded.digests]
        hint = group_hint(workspace, read, loaded.skipped, unit)
        if hint:
            warn(hint)
    return True


def plan_key(plan: Any) -> tuple[str, str]:
    date = plan.document.date
    return (date.isoformat() if date else NO_DATE, plan.id)


def latest_statuses(workspace: Workspace, rows: list[Any], unit: str) -> dict[tuple[str, int], Any]:
    """The unit's latest reported status per (plan, item), from the progress files."""
    from qplan.commands.common import warn
    from qplan.progress.ledger import latest_reports
    from qplan.views.items import LatestStatus

    found: dict[tuple[str, int], Any] = {}
    for plan in {row.plan.id: row.plan for row in rows}.values():
        reports, errors = latest_reports(workspace.root, plan, workspace.registry)
        for error in errors:
            warn(f"警告：{error}（这一期的进展未计入）")
        for (no, reporter), latest in reports.items():
            if reporter == unit:
                found[(plan.id, no)] = LatestStatus(latest.entry.status, latest.period.code, latest.period.label)
    return found


def group_hint(workspace: Workspace, read: list[tuple[tuple[str, str], Any]], skipped: list[Any],
               unit: str) -> str | None:
    """Tell a member unit about group items it cannot see until membership is recorded: the
    items of each such group in every plan searched, read (`read`: sort key and mentions) or
    skipped because it does not name the unit (the same answer as when every plan is read)."""
    from qplan.workspace import searched_mentions

    registry = workspace.registry
    counts = registry.unrecorded_groups(searched_mentions(read, skipped, registry.names), unit)
    if not counts:
        return None
    named = "、".join(f"{name}（{count} 项）" for name, count in sorted(counts.items(), key=lambda p: -p[1]))
    return (f"提示：以下单位群组承担的条目未计入：{named}。群组成员名单不在文件中；如本单位属于某群组，"
            f"可在 {workspace.registry_path} 中为该群组登记 members，这些条目便会列出（标 △）。")


def register(cli: click.Group) -> None:
    cli.add_command(show)
