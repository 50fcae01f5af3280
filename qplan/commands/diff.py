"""`qplan diff`, `qplan trace` and `qplan link`: follow work lines across years."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from qplan.clickzh import Command
from qplan.errors import QplanError
from qplan.options import dept_option, format_option, output_option_for, plans_option, resolve_format
from qplan.vocabulary import ITEM_STATUSES, STATUS_LABELS

DIFF_FORMATS = ("table", "json", "markdown", "html")


def register(cli: click.Group) -> None:
    cli.add_command(diff)
    cli.add_command(trace)
    cli.add_command(link)


@click.command(cls=Command)
@click.argument("old_id", metavar="OLD")
@click.argument("new_id", metavar="NEW")
@click.option("--only", type=click.Choice(ITEM_STATUSES), default=None,
              help="只列出一类条目：" + "、".join(f"{s} {STATUS_LABELS[s]}" for s in ITEM_STATUSES)
                   + "（不再列出单位变化）。")
@dept_option("只看这个单位牵头或配合的条目及其单位变化（可用任何写法，如 市卫健委）。")
@format_option(DIFF_FORMATS)
@output_option_for(DIFF_FORMATS, extra=(".xlsx",))
@click.option("--exit-code", "exit_code", is_flag=True,
              help="用退出码报告结果：0 无差异，1 有差异，2 出错（便于脚本判断）。")
@click.option("--force", is_flag=True, help="-o 的 .xlsx 已被人修改过或不是 qplan 生成的，仍然覆盖它。")
@plans_option
@click.pass_context
def diff(ctx: click.Context, old_id: str, new_id: str, only: str | None, dept: str | None, fmt: str | None,
         output: Path | None, exit_code: bool, force: bool, plans_dir: Path) -> None:
    """比对两个计划：哪些工作延续、哪些新增、哪些不再列入，各单位承担的变化。

    条目按内容（标题、正文、单位）对应，不按序号。

    把握大的列为“延续”，把握不足的列为“待确认”，可用 `qplan link` 确认或否定。

    人工判断记入较新计划的文件，以后的比对和追溯都会遵从。

    \b
    例：
      qplan diff 2022 2025
      qplan diff 2022 2025 --only dropped
      qplan diff 2022 2025 --dept 市卫健委 --format json
      qplan diff 2022 2025 -o 比对.md
    """
    try:
        xlsx = output is not None and output.suffix.lower() == ".xlsx" and fmt is None
        fmt = "xlsx" if xlsx else resolve_format(fmt, output, DIFF_FORMATS, (".xlsx",))
        result, registry = _compare(plans_dir, old_id, new_id)
        from qplan.commands.common import read_unit
        from qplan.diff import select

        canonical = read_unit(registry, dept) if dept else None
        whole = select(result, dept=canonical)
        view = select(whole, only=only)
        if xlsx:
            from qplan.commands.common import busy

            with busy("正在写入 Excel 工作簿"):
                _write_diff_xlsx(view, whole, output, show_units=only is None, force=force)
        else:
            from qplan.commands.common import emit_report
            from qplan.views.diff import diff_report

            emit_report(diff_report(view, registry, show_units=only is None, whole=whole), fmt, output)
    except QplanError as error:
        if exit_code:
            error.exit_code = 2
        raise
    # With --only the unit changes are not shown, so they do not count either.
    differs = view.has_differences if only is None else view.items_differ
    if exit_code and differs:
        ctx.exit(1)


def _compare(plans_dir: Path, old_id: str, new_id: str) -> tuple[Any, Any]:
    from qplan.commands.common import busy, load_two, warn
    from qplan.diff.align import compare
    from qplan.workspace import unknown_units

    workspace, old, new = load_two(plans_dir, old_id, new_id)
    if old.sort_key > new.sort_key:
        warn(f"注意：{old_id} 比 {new_id} 新，比对按给出的顺序进行（{old_id} 作为旧计划）。"
             f"通常应写 `qplan diff {new_id} {old_id}`。")
    unknown = sorted({name for _, _, name in unknown_units([old, new], workspace.registry)})
    if unknown:
        warn(f"警告：{len(unknown)} 个单位不在单位登记表中（{'、'.join(unknown[:5])}"
             f"{'等' if len(unknown) > 5 else ''}），按原文比对；同一单位的不同写法需在 "
             f"{workspace.registry_path} 中登记为别名才能合并。")
    with busy(f"正在比对 {len(old.items)} × {len(new.items)} 项"):
        return compare(old, new, registry=workspace.registry), workspace.registry


def _write_diff_xlsx(view: Any, whole: Any, output: Path | None, *, show_units: bool, force: bool) -> None:
    """The comparison as a workbook. `whole` is the comparison before --only/--dept, for the
    summary counts, as in the JSON output."""
    from qplan.commands.common import warn
    from qplan.excel.diff import write_diff_workbook
    from qplan.views.diff import workbook_data

    if output is None:
        raise click.UsageError("Excel 工作簿需要用 -o 给出 .xlsx 文件名。")
    for message in write_diff_workbook(workbook_data(view, whole), output, with_units=show_units, force=force):
        warn(f"警告：{message}")
    warn(f"已写入 {output}")


@click.command(cls=Command)
@click.argument("ref", metavar="PLAN#NO")
@format_option(DIFF_FORMATS)
@output_option_for(DIFF_FORMATS)
@plans_option
def trace(ref: str, fmt: str | None, output: Path | None, plans_dir: Path) -> None:
    """追溯一个条目在各年度计划中的来龙去脉及所落实的行动方案任务，并给出每一步的把握。

    同一类型的计划之间逐年追溯；另列本条落实的多年行动方案任务，以及落实同一任务的项目清单和其他年度条目
    （与 qplan cover 同一方法）。

    \b
    例：
      qplan trace 2025#6
      qplan trace 2025#7                含所落实的行动方案任务和项目名单
      qplan trace 2023-2025#15          哪些项目和年度条目落实这项任务
      qplan trace 2022#16 --format json
    """
    from qplan.commands.common import emit_report, open_workspace, warn
    from qplan.diff.align import compare
    from qplan.diff.trace import trace as follow
    from qplan.links import ref_of, require_item
    from qplan.views.diff import trace_report

    fmt = resolve_format(fmt, output, DIFF_FORMATS)
    start = ref_of(ref)
    workspace = open_workspace(plans_dir)
    start_plan = require_item(workspace, start)
    result = workspace.load()
    for error in result.errors:
        warn(f"警告：{error}（已跳过该计划）")
    for note in result.notes:
        warn(f"注意：{note}")
    plans = [plan for plan in result.plans if plan.kind == start_plan.kind]
    registry = workspace.registry
    line = follow(plans, start, lambda a, b: compare(a, b, registry=registry))
    report = trace_report(line, registry)
    if any(plan.kind != start_plan.kind for plan in result.plans):
        from qplan.cover.trace import across
        from qplan.views.cover import add_across

        add_across(report, across(result.plans, start), registry)
    emit_report(report, fmt, output)


@click.command(cls=Command)
@click.argument("ref", metavar="PLAN#NO")
@click.option("--continues", "continues", multiple=True, metavar="PLAN#NO",
              help="确认本条延续较早计划的这一条（可重复）。")
@click.option("--carries", "carries", multiple=True, metavar="PLAN#NO",
              help="确认本条（年度要点或项目清单的条目）落实多年行动方案的这项任务（可重复）。")
@click.option("--not", "rejects", multiple=True, metavar="PLAN#NO",
              help="否定：本条不是较早计划这一条的延续，或不落实这项任务，以后不再提示（可重复）。")
@click.option("--clear", "clear", multiple=True, metavar="PLAN#NO",
              help="撤销对这一条的确认或否定，交回工具判断（可重复）。")
@plans_option
def link(ref: str, continues: tuple[str, ...], carries: tuple[str, ...], rejects: tuple[str, ...],
         clear: tuple[str, ...], plans_dir: Path) -> None:
    """记录人工判断：一条是否延续较早计划的某一条，是否落实行动方案的某项任务；确认、否定或撤销。

    --continues 确认较新计划的一条延续较早计划的某一条；--carries 确认年度要点或项目清单的一条
    落实多年行动方案的某项任务；--not 否定二者之一；--clear 撤销判断，交回工具判断。

    判断写入较新计划（或落实任务的计划）文件中该条目的 links，文件原有的注释、顺序和格式不变。

    `qplan diff`、`qplan cover` 与 `qplan trace` 会遵从这些判断。不带选项时显示该条目已有的判断。

    \b
    例：
      qplan link 2025#6 --continues 2022#16     确认延续
      qplan link 2025#14 --not 2022#11          否定工具提示的对应
      qplan link 2025#14 --clear 2022#11        撤销判断
      qplan link 2025#7 --carries 2023-2025#15  确认落实行动方案的任务
      qplan link 2025#1 --not 2023-2025#19      否定落实
    """
    from qplan.commands.common import open_workspace, warn
    from qplan.links import record, ref_of, require_item
    from qplan.safetext import visible

    item_ref = ref_of(ref)
    workspace = open_workspace(plans_dir)
    if not (continues or carries or rejects or clear):
        plan = require_item(workspace, item_ref)
        item = plan.item(item_ref.no)
        assert item is not None
        click.echo(visible(f"{item_ref} {plan.label(item)}{item.title}")[0])
        click.echo("  确认延续：" + ("、".join(map(str, item.links.continues)) or "（无）"))
        click.echo("  否定对应：" + ("、".join(map(str, item.links.not_continues)) or "（无）"))
        if item.links.carries or item.links.not_carries:
            click.echo("  确认落实：" + ("、".join(map(str, item.links.carries)) or "（无）"))
            click.echo("  否定落实：" + ("、".join(map(str, item.links.not_carries)) or "（无）"))
        return
    change = record(workspace, item_ref, continues=[ref_of(r) for r in continues],
                    rejects=[ref_of(r) for r in rejects], clear=[ref_of(r) for r in clear],
                    carries=[ref_of(r) for r in carries])
    for note in workspace.notes:
        warn(f"注意：{note}")
    where = f"{change.file}:{change.line}" if change.line else str(change.file)
    if not change.changed:
        warn(f"{item_ref} 的判断已是如此，文件未改动（{where}）。")
        return
    words = {"continues": "确认延续", "not": "否定对应", "carries": "确认落实", "not_carries": "否定落实"}
    for key, target in change.added:
        warn(f"已记录：{item_ref} {words[key]} {target}")
    for key, target in change.removed:
        warn(f"已撤销：{item_ref} {words[key]} {target}")
    warn(f"已写入 {where}")
