"""`qplan validate`: check the plan files and the unit registry."""

from __future__ import annotations

from pathlib import Path

import click

from qplan.clickzh import Command
from qplan.options import format_option, output_option, plans_option, resolve_format


@click.command(cls=Command)
@click.argument("plan_ids", nargs=-1, metavar="[PLAN]...")
@click.option("--strict", is_flag=True, help="有警告也以 1 退出。")
@format_option()
@output_option
@plans_option
@click.pass_context
def validate(ctx: click.Context, plan_ids: tuple[str, ...], strict: bool, fmt: str | None,
             output: Path | None, plans_dir: Path) -> None:
    """检查计划文件和单位登记表：语法、字段、序号、单位名称等。

    每个问题一行：文件:行: 级别 规则: 说明。无错误时退出码 0，有错误时 1
    （--strict 时有警告也为 1），用法错误为 2。

    \b
    例：
      qplan validate                    全部计划文件
      qplan validate 2025 --strict      印发前：警告也算不通过
      qplan validate --format json      供脚本读取
    """
    from qplan.commands.common import emit_report, open_workspace, warn
    from qplan.validation import validate_workspace
    from qplan.views.problems import problems_report

    fmt = resolve_format(fmt, output)
    workspace = open_workspace(plans_dir)
    problems = validate_workspace(workspace, list(plan_ids) or None)
    if problems or fmt != "table":
        emit_report(problems_report(problems), fmt, output)
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    checked = len(plan_ids) or len(workspace.plan_ids())
    from qplan.errors import FileReadError
    from qplan.progress.records import progress_files

    try:
        progress = len([p for p in progress_files(workspace.root) if not plan_ids or p.parent.name in plan_ids])
    except FileReadError:
        progress = 0  # an unreadable progress folder is among the problems listed
    files = f"{checked} 个计划文件" + (f"、{progress} 个进展记录文件" if progress else "")
    if not problems:
        warn(f"检查通过：{files}和单位登记表没有发现问题。")
    else:
        warn(f"共发现 {errors} 个错误、{warnings} 个警告（检查了 {files}）。")
    if errors or (strict and warnings):
        ctx.exit(1)


def register(cli: click.Group) -> None:
    cli.add_command(validate)
