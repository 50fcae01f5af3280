"""`qplan import`: turn an official plan document into a plan file, with a report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from qplan.clickzh import Command
from qplan.options import plans_option


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期“{value}”格式不对，应写作 2025-04-01。") from None


@click.command("import", cls=Command)
@click.argument("source", type=click.Path(path_type=Path, dir_okay=True), metavar="SOURCE")
@click.option("--id", "plan_id", metavar="ID", default=None,
              help="必填：计划编号，即文件名（不含 .yaml），如 2026 或 2024-chains。")
@click.option("--force", is_flag=True,
              help="计划文件已存在时替换它：人工记录的判断（links）和注释带入新文件，原文件保存在 .history 中。")
@click.option("--dry-run", is_flag=True, help="只把生成的 YAML 打印到屏幕，不写文件。")
@click.option("--date", "date", metavar="YYYY-MM-DD", callback=_parse_date, default=None,
              help="成文日期；原文没有日期或需要更正时使用。")
@plans_option
def import_command(source: Path, plan_id: str | None, force: bool, dry_run: bool, date: dt.date | None,
                   plans_dir: Path) -> None:
    """读取计划文件（.txt 或 .docx）并生成计划 YAML 文件，同时报告读取情况。

    \b
    支持 UTF-8（含 BOM）和 GBK/GB18030 编码的文本，以及 Word .docx 文件；
    “总结 + 要点”的文件只导入要点部分。报告（输出到标准错误）列出每项的
    牵头单位是原文写明还是按列第一位推定、不在单位登记表中的单位、
    没有责任单位的条目和未导入的内容。

    \b
    示例：
      qplan import 2026年质量工作要点.txt --id 2026
      qplan import 项目名单.docx --id 2026-chains --dry-run
    """
    from qplan.commands.common import busy, open_workspace, warn, warn_report
    from qplan.importer.reimport import summary_lines
    from qplan.importer.report import report_lines
    from qplan.importer.target import import_plan
    from qplan.views.messages import lines_report

    if plan_id is None:
        # Checked here rather than by click, whose "[required]" would show in English in the help.
        raise click.UsageError("缺少选项 --id：请给出计划编号（即文件名），如 --id 2026。")
    workspace = open_workspace(plans_dir)
    with busy("正在读取文件"):
        imported = import_plan(workspace, source, plan_id, force=force, dry_run=dry_run, date=date)
    result, target = imported.result, imported.target
    if dry_run:
        click.echo(imported.carried.text, nl=False)
        where = "未写入文件（--dry-run）"
        if imported.replaced:
            where += f"；{target} 已存在，正式导入时需加 --force 才会替换"
    else:
        where = f"已写入 {target}"
    lines = report_lines(result, workspace.registry, where)
    warn_report(lines_report([*lines, *summary_lines(imported.carried, imported.history, dry_run=dry_run)]))
    year = result.plan.document.date.year if result.plan.document.date else None
    if plan_id[:4].isdigit() and year is not None and int(plan_id[:4]) != year:
        warn(f"注意：计划编号 {plan_id} 与文件的日期（{year} 年）不一致。如编号写错，请改用 --id {year}"
             f"{plan_id[4:]} 重新导入。")
    if not dry_run:
        warn(f"请对照原文核对后运行 `qplan validate {plan_id}`。")


def register(cli: click.Group) -> None:
    cli.add_command(import_command)
