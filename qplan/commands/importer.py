"""`qplan import`: turn an official plan document into a plan file, with a report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qplan.clickzh import Command
from qplan.options import plans_option

if TYPE_CHECKING:
    from qplan.importer import ImportResult
    from qplan.workspace import Workspace


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[dt.date, bool] | None:
    """(date, year only): 2025-04-01, or 2018 for a document known only to about a year."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit() and len(text) == 4:
        return dt.date(int(text), 1, 1), True
    try:
        return dt.date.fromisoformat(text), False
    except ValueError:
        raise click.BadParameter(f"日期“{value}”格式不对，应写作 2025-04-01；只知年份时写 2018。") from None


@click.command("import", cls=Command)
@click.argument("source", type=click.Path(path_type=Path, dir_okay=True), metavar="SOURCE")
@click.option("--id", "plan_id", metavar="ID", default=None,
              help="必填：计划编号，即文件名（不含 .yaml），如 2026 或 2024-chains。")
@click.option("--force", is_flag=True,
              help="计划文件已存在时替换它：人工记录的判断（links）和注释带入新文件，原文件保存在 .history 中。")
@click.option("--dry-run", is_flag=True, help="只把生成的 YAML 打印到屏幕，不写文件。")
@click.option("--date", "date", metavar="YYYY-MM-DD", callback=_parse_date, default=None,
              help="成文日期；原文没有日期或需要更正时使用。只知大约年份时写年份（如 2018），"
                   "记为推定，并附上原文中可据以推定的线索。")
@click.option("--title", "title", metavar="TEXT", default=None,
              help="计划标题；原文（如网页转存的正文）没有标题时使用。")
@click.option("--kind", "kind", type=click.Choice(["plan", "projects", "multi-year"]), default=None,
              help="计划类型：plan 年度工作要点、projects 项目清单、multi-year 多年行动方案。"
                   "不给时按文件推定（标题写明跨年期限的为多年行动方案），并在报告中说明。")
@click.option("--register-new", is_flag=True,
              help="同时登记登记表中没有的单位（类别为推定，标明待核对）。")
@plans_option
def import_command(source: Path, plan_id: str | None, force: bool, dry_run: bool,
                   date: tuple[dt.date, bool] | None, title: str | None, kind: str | None,
                   register_new: bool, plans_dir: Path) -> None:
    """读取计划原文（.txt 或 .docx）并生成计划 YAML 文件，同时报告读取情况。

    \b
    支持 UTF-8（含 BOM）和 GBK/GB18030 编码的文本，以及 Word .docx 文件；
    “总结 + 要点”的文件只导入要点部分；各地各级的分工方案、任务分解
    也能读取。报告（输出到标准错误）逐项列出责任单位读自何处、牵头单位
    是原文写明、原文声明的惯例还是按列第一位推定，推断之处、不在单位
    登记表中的单位（及推定类别）、没有责任单位的条目和未导入的内容。

    \b
    示例：
      qplan import 2026年质量工作要点.txt --id 2026
      qplan import 项目名单.docx --id 2026-chains --dry-run
      qplan import 某省分工方案.docx --id 2026-某省 --register-new
      qplan import 方案.txt --id 2018-方案 --date 2018 --title 某某实施方案
    """
    from qplan.commands.common import busy, open_workspace, warn, warn_report
    from qplan.importer.document import Given
    from qplan.importer.reimport import summary_lines
    from qplan.importer.report import report_lines
    from qplan.importer.target import import_plan
    from qplan.views.messages import lines_report

    if plan_id is None:
        # Checked here rather than by click, whose "[required]" would show in English in the help.
        raise click.UsageError("缺少选项 --id：请给出计划编号（即文件名），如 --id 2026。")
    workspace = open_workspace(plans_dir)
    with busy("正在读取文件"):
        given = Given(date=date[0] if date else None, year_only=bool(date and date[1]),
                      title=title.strip() if title and title.strip() else None, kind=kind)
        imported = import_plan(workspace, source, plan_id, force=force, dry_run=dry_run, given=given)
    result, target = imported.result, imported.target
    registered = _register(workspace, result, register_new=register_new, dry_run=dry_run)
    if dry_run:
        click.echo(imported.carried.text, nl=False)
        where = "未写入文件（--dry-run）"
        if imported.replaced:
            where += f"；{target} 已存在，正式导入时需加 --force 才会替换"
    else:
        where = f"已写入 {target}"
    lines = report_lines(result, workspace.registry, where) + registered
    warn_report(lines_report([*lines, *summary_lines(imported.carried, imported.history, dry_run=dry_run)]))
    year = result.plan.document.date.year if result.plan.document.date else None
    if plan_id[:4].isdigit() and year is not None and int(plan_id[:4]) != year:
        warn(f"注意：计划编号 {plan_id} 与文件的日期（{year} 年）不一致。如编号写错，请改用 --id {year}"
             f"{plan_id[4:]} 重新导入。")
    if not dry_run:
        warn(f"请对照原文核对后运行 `qplan validate {plan_id}`。")


def _register(workspace: Workspace, result: ImportResult, *, register_new: bool, dry_run: bool) -> list[str]:
    """--register-new: the units the registry does not know go into it, marked for review."""
    from qplan.importer.register import new_units, register_units, review_note

    units = new_units(result.plan, workspace.registry)
    if not register_new or not units:
        return []
    path = workspace.registry_path
    if dry_run:
        return [f"--dry-run：以上 {len(units)} 个单位未登记；去掉 --dry-run 后将登记到 {path}。"]
    added = register_units(path, units, review_note(result.source.path.name))
    if not added:
        return [f"以上单位已在 {path} 中登记（可能刚由别人登记），未重复登记。"]
    return [f"已把 {len(added)} 个单位登记到 {path}（标有 review：由导入添加、类别为推定，请核对后删去该行）："
            + "、".join(f"{unit.name}（{unit.kind}）" for unit in added)]


def register(cli: click.Group) -> None:
    cli.add_command(import_command)
