"""`qplan export` (the plan as an Excel workbook) and `qplan matrix` (who does what, at a glance)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qplan.clickzh import Command
from qplan.errors import OutputError, QplanError
from qplan.options import format_option, output_option, plans_option, resolve_format

DEFAULT_EXPORT_DIR = Path("exports")


def register(cli: click.Group) -> None:
    cli.add_command(export)
    cli.add_command(matrix)


def _refuse_invalid_plan(workspace: Any, plan_id: str, warn: Callable[[str], None]) -> None:
    """A workbook goes to every unit: never circulate one made from a plan that fails validation."""
    from qplan.validation import validate_workspace

    problems = [p for p in validate_workspace(workspace, [plan_id])
                if p.level == "error" and p.file.name != "units.yaml"]
    if not problems:
        return
    for problem in problems:
        warn(problem.format())
    raise QplanError(
        f"计划 {plan_id} 有 {len(problems)} 处错误（见上），未导出。请改正后再导出；"
        f"可用 `qplan validate {plan_id}` 复查。"
    )


def export_path(output: Path | None, plan_id: str) -> Path:
    """Where the workbook goes: -o as given, else ./exports/<PLAN>.xlsx (folder created)."""
    if output is None:
        try:
            DEFAULT_EXPORT_DIR.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"无法创建导出文件夹（{exc.strerror}）。请检查当前目录的权限，或用 -o 指定输出文件。",
                file=DEFAULT_EXPORT_DIR,
            ) from None
        return DEFAULT_EXPORT_DIR / f"{plan_id}.xlsx"
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(
            f"输出文件“{output}”不是 .xlsx 文件。Excel 工作簿请以 .xlsx 结尾；"
            "文本格式请用 `qplan show` 或 `qplan matrix` 的 -o。"
        )
    if output.is_dir():
        raise OutputError("这是一个文件夹。请给出文件名，例如 exports/2025.xlsx。", file=output)
    return output


@click.command(cls=Command)
@click.argument("plan_id", metavar="PLAN")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="输出的 Excel 文件（.xlsx）；默认为当前目录下的 exports/<PLAN>.xlsx。")
@click.option("--per-unit", is_flag=True,
              help="另为每个单位建一个工作表，列出它牵头、配合的条目。")
@click.option("--deadlines", is_flag=True,
              help="分工表加“完成时限”列，计划中没有完成时限时留空待填（有完成时限时总会加）。")
@click.option("--status", "with_status", is_flag=True,
              help="分工表加“最新进展”列：牵头单位最近一期报送的完成状态（qplan collect 收录的）。")
@click.option("--force", is_flag=True,
              help="输出文件在 qplan 生成后被人修改过，或不是 qplan 生成的，仍然覆盖它（默认拒绝）。")
@plans_option
def export(plan_id: str, output: Path | None, per_unit: bool, deadlines: bool, with_status: bool, force: bool,
           plans_dir: Path) -> None:
    """把一个计划导出为 Excel 工作簿，供印发、打印。

    \b
    工作表：
      分工表    序号、重点任务、主要内容、牵头单位、配合单位（A4 横向），
                计划有完成时限时加“完成时限”列
      责任矩阵  条目 × 单位，标明牵头、配合（A3 横向）
      单位汇总  各单位牵头、配合条目数，任务多的在前，附条形图
    加 --per-unit 时每个单位另有一个工作表。

    \b
    例：
      qplan export 2025
      qplan export 2025 -o 2025年任务分工.xlsx --per-unit
      qplan export 2025 --status          附各项任务的最新进展
    """
    from qplan.commands.common import busy, load_one, warn
    from qplan.excel.plan import write_plan_workbook

    plan, workspace = load_one(plans_dir, plan_id)
    registry = workspace.registry
    _refuse_invalid_plan(workspace, plan_id, warn)
    path = export_path(output, plan_id)
    statuses = None
    if with_status:
        from qplan.progress.ledger import lead_latest
        from qplan.views.status import lead_status_texts

        leads, errors = lead_latest(workspace.root, plan, registry)
        for error in errors:
            warn(f"警告：{error}（这一期的进展未计入）")
        statuses = lead_status_texts(leads)
    with busy("正在写入 Excel 工作簿"):
        messages = write_plan_workbook(plan, registry, path, per_unit=per_unit, force=force, deadlines=deadlines,
                                       statuses=statuses)
    for message in messages:
        warn(f"警告：{message}")
    sheets = "分工表、责任矩阵、单位汇总"
    if per_unit:
        from qplan.matrix import build_matrix

        sheets += f"及 {len(build_matrix(plan, registry).units)} 个单位表"
    warn(f"已写入 {path}（{sheets}）")


@click.command(cls=Command)
@click.argument("plan_id", metavar="PLAN")
@format_option()
@output_option
@plans_option
def matrix(plan_id: str, fmt: str | None, output: Path | None, plans_dir: Path) -> None:
    """一个计划的责任矩阵：单位为行、条目为列，● 牵头、◐ 推定牵头、○ 配合。

    单位按类别分组，组内负荷重的在前；末列为各单位牵头、配合条目数、合计和负荷，
    末行为各条目的单位数。屏幕不够宽时条目分几部分列出，单位名称重复。

    \b
    例：
      qplan matrix 2025
      qplan --ascii matrix 2025         终端把 ● ○ 显示为两格宽时
      qplan matrix 2025 -o 矩阵.csv
    """
    from qplan.commands.common import emit_report, load_one
    from qplan.matrix import build_matrix
    from qplan.views.matrix import matrix_report

    fmt = resolve_format(fmt, output)
    plan, workspace = load_one(plans_dir, plan_id)
    emit_report(matrix_report(build_matrix(plan, workspace.registry)), fmt, output)
