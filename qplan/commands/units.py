"""`qplan units` (how the work is spread over units) and `qplan plans` (what is in the folder)."""

from __future__ import annotations

from pathlib import Path

import click

from qplan.clickzh import Command
from qplan.options import (
    FORMATS,
    dept_option,
    format_option,
    output_option,
    output_option_for,
    plans_option,
    resolve_format,
)


@click.command(cls=Command)
@click.argument("plan_ids", nargs=-1, metavar="[PLAN]...")
@dept_option("只看这个单位：列出它在各计划中牵头、配合的全部条目。")
@format_option()
@output_option_for(FORMATS, extra=(".xlsx",))
@click.option("--force", is_flag=True, help="-o 的 .xlsx 已被人修改过或不是 qplan 生成的，仍然覆盖它。")
@plans_option
@click.pass_context
def units(ctx: click.Context, plan_ids: tuple[str, ...], dept: str | None, fmt: str | None,
          output: Path | None, force: bool, plans_dir: Path) -> None:
    """各单位在各计划中牵头、配合的条目数和负荷，负荷重的在前。

    负荷 = 牵头条目数×2 + 配合条目数×1，与 matrix、graph 相同。

    \b
    例：
      qplan units                       全部计划
      qplan units 2025                  一个计划
      qplan units 2022 2025 -o 任务量.xlsx
    """
    if dept is not None:
        from qplan.commands.show import show

        ctx.invoke(show, plan_ids=plan_ids, dept=dept, role=None, grep=None, fmt=fmt,
                   output=output, plans_dir=plans_dir)
        return
    from qplan.commands.common import emit_report, emit_workbook, load_plans, open_workspace
    from qplan.query import unit_loads
    from qplan.views.units import units_report

    workbook = output is not None and output.suffix.lower() == ".xlsx" and fmt is None
    if not workbook:
        fmt = resolve_format(fmt, output, extra_suffixes=(".xlsx",))
    workspace = open_workspace(plans_dir)
    plans, had_errors = load_plans(workspace, plan_ids)
    loads = unit_loads(plans, workspace.registry, include_idle=True)
    report = units_report(loads, plans, workspace.registry)
    if workbook:
        assert output is not None
        emit_workbook(report, output, "各单位任务量（" + "、".join(plan.id for plan in plans) + "）", force=force)
    else:
        emit_report(report, fmt or "table", output)
    if had_errors:
        ctx.exit(1)


@click.command(cls=Command)
@format_option()
@output_option
@plans_option
@click.pass_context
def plans(ctx: click.Context, fmt: str | None, output: Path | None, plans_dir: Path) -> None:
    """列出计划文件夹中的计划：标题、文号、日期和条目数。

    \b
    例：
      qplan plans
      qplan plans --plans 其他文件夹 --format json
    """
    from qplan.commands.common import emit_report, load_plans, open_workspace
    from qplan.views.units import plans_report

    fmt = resolve_format(fmt, output)
    workspace = open_workspace(plans_dir)
    loaded, had_errors = load_plans(workspace, ())
    emit_report(plans_report(loaded, workspace.root), fmt, output)
    if had_errors:
        ctx.exit(1)


def register(cli: click.Group) -> None:
    cli.add_command(units)
    cli.add_command(plans)
