"""`qplan cover`: an annual plan (or project list) held against the multi-year plan it
carries out."""

from __future__ import annotations

from pathlib import Path

import click

from qplan.clickzh import Command
from qplan.options import format_option, output_option_for, plans_option, resolve_format

COVER_FORMATS = ("table", "json", "csv", "markdown", "html")


@click.command(cls=Command)
@click.argument("multi_id", metavar="MULTI")
@click.argument("annual_id", metavar="ANNUAL")
@format_option(COVER_FORMATS)
@output_option_for(COVER_FORMATS, extra=(".xlsx",))
@click.option("--force", is_flag=True, help="-o 的 .xlsx 已被人修改过或不是 qplan 生成的，仍然覆盖它。")
@plans_option
def cover(multi_id: str, annual_id: str, fmt: str | None, output: Path | None, force: bool,
          plans_dir: Path) -> None:
    """对照多年行动方案与年度要点（或项目清单）：各项任务由哪些条目落实。

    按内容（标题、正文、共同措施、单位）对应，一条可落实多项任务，一项任务也可由多条落实；每对注明
    “较确定”或“待确认”及相似度。列出没有较确定落实条目的任务，和未落实任何任务的条目。

    人工判断用 `qplan link 年度#序号 --carries 方案#序号`（或 --not）记入年度计划文件，cover 与 trace 都会遵从。

    \b
    例：
      qplan cover 2023-2025 2025
      qplan cover 2023-2025 2024-chains
      qplan cover 2023-2025 2025 --format json
      qplan cover 2023-2025 2025 -o 落实情况.xlsx
    """
    from qplan.commands.common import busy, emit_report, emit_workbook, load_two, warn
    from qplan.cover import cover as hold
    from qplan.views.cover import cover_report

    workbook = output is not None and output.suffix.lower() == ".xlsx" and fmt is None
    if not workbook:
        fmt = resolve_format(fmt, output, COVER_FORMATS, (".xlsx",))
    workspace, multi, annual = load_two(plans_dir, multi_id, annual_id)
    if annual.sort_key < multi.sort_key:
        warn(f"注意：{annual_id} 早于 {multi_id}（{multi.document.date_text}），通常不是落实它的计划。")
    with busy(f"正在对照 {len(multi.items)} × {len(annual.items)} 项"):
        coverage = hold(multi, annual)
    report = cover_report(coverage, workspace.registry)
    if workbook:
        assert output is not None
        emit_workbook(report, output, f"{multi.title}落实情况（{annual.id}）", force=force)
    else:
        emit_report(report, fmt or "table", output)


def register(cli: click.Group) -> None:
    cli.add_command(cover)
