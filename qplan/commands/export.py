"""`qplan export` (the plan as an Excel workbook) and `qplan matrix` (who does what, at a glance)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qplan.clickzh import Command
from qplan.errors import OutputError, QplanError
from qplan.options import dept_option, format_option, output_option, plans_option, resolve_format

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


def _exports_folder() -> Path:
    try:
        DEFAULT_EXPORT_DIR.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"无法创建导出文件夹（{exc.strerror}）。请检查当前目录的权限，或用 -o 指定输出文件。",
            file=DEFAULT_EXPORT_DIR,
        ) from None
    return DEFAULT_EXPORT_DIR


def export_path(output: Path | None, name: str) -> Path:
    """Where a workbook goes: -o as given, else ./exports/<name>.xlsx (folder created)."""
    if output is None:
        return _exports_folder() / f"{name}.xlsx"
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(
            f"输出文件“{output}”不是 .xlsx 文件。Excel 工作簿请以 .xlsx 结尾；"
            "文本格式请用 `qplan show` 或 `qplan matrix` 的 -o。"
        )
    if output.is_dir():
        raise OutputError("这是一个文件夹。请给出文件名，例如 exports/2025.xlsx。", file=output)
    return output


def units_folder(output: Path | None, plan_id: str) -> Path:
    """Where --per-unit writes: the -o folder (created), else ./exports/<PLAN>各单位/."""
    folder = output if output is not None else _exports_folder() / f"{plan_id}各单位"
    if folder.suffix.lower() == ".xlsx" or (folder.exists() and not folder.is_dir()):
        raise click.UsageError(
            f"--per-unit 为每个单位各写一个文件，-o 应为文件夹，而“{folder}”是文件。"
            "请给出文件夹名，例如 -o exports/2025各单位。")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建文件夹（{exc.strerror}）。请检查权限，或用 -o 指定别的文件夹。",
                          file=folder) from None
    return folder


# Characters Windows does not allow in a file name, and path separators.
_UNSAFE_NAME_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def unit_file_name(unit: str) -> str:
    """A unit's file name: its canonical name, with characters no file system takes replaced."""
    name = _UNSAFE_NAME_RE.sub("_", unit).strip(" .") or "单位"
    return f"{name}.xlsx"


@click.command(cls=Command)
@click.argument("plan_id", metavar="PLAN")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, metavar="FILE|DIR",
              help="输出的 Excel 文件（.xlsx），默认为 exports/<PLAN>.xlsx；"
                   "加 --per-unit 时为存放各单位文件的文件夹，默认为 exports/<PLAN>各单位/。")
@dept_option("只导出这个单位的工作簿（它牵头、配合的条目），用于发给该单位；可用任何写法，如 市卫健委。")
@click.option("--per-unit", is_flag=True,
              help="为每个单位各写一个工作簿，以单位名称命名，放在 -o 指定的文件夹中。")
@click.option("--deadlines", is_flag=True,
              help="分工表加“完成时限”列，计划中没有完成时限时留空待填（有完成时限时总会加）。")
@click.option("--status", "with_status", is_flag=True,
              help="分工表加“最新进展”列：牵头单位最近一期报送的完成状态（qplan collect 收录的）。")
@click.option("--force", is_flag=True,
              help="输出文件在 qplan 生成后被人修改过，或不是 qplan 生成的，仍然覆盖它（默认拒绝）。")
@plans_option
def export(plan_id: str, output: Path | None, dept: str | None, per_unit: bool, deadlines: bool, with_status: bool,
           force: bool, plans_dir: Path) -> None:
    """把一个计划导出为 Excel 任务分工表，供印发、打印；也可为一个或每个单位各导出一份。

    \b
    工作表：
      分工表    序号、重点任务、主要内容、牵头单位、配合单位（A4 横向），
                计划有完成时限时加“完成时限”列；
                项目名单为“名单”：序号、项目名称、链长单位、★、代行单位
      责任矩阵  条目 × 单位，标明牵头、配合（A3 横向）
      单位汇总  各单位牵头、配合条目数，任务多的在前
      负荷图    各单位牵头、配合条目数的条形图
    --dept 只导出一个单位的工作簿；--per-unit 为每个单位各导出一个。

    \b
    例：
      qplan export 2025
      qplan export 2025 -o 2025年任务分工.xlsx
      qplan export 2025 --dept 市卫健委
      qplan export 2025 --per-unit -o 各单位分工
      qplan export 2025 --status          附各项任务的最新进展
    """
    from qplan.commands.common import busy, load_one, warn

    if dept and per_unit:
        raise click.UsageError("--dept 与 --per-unit 不能同用：--dept 导出一个单位，--per-unit 导出每个单位。")
    plan, workspace = load_one(plans_dir, plan_id)
    registry = workspace.registry
    _refuse_invalid_plan(workspace, plan_id, warn)
    if per_unit:
        _export_per_unit(plan, registry, output, force, workspace.registry_path)
        return
    if dept:
        from qplan.commands.common import read_unit
        from qplan.excel.plan import write_unit_workbook

        unit = read_unit(registry, dept)
        path = export_path(output, f"{plan_id}-{unit_file_name(unit)[:-5]}")
        with busy("正在写入 Excel 工作簿"):
            messages = write_unit_workbook(plan, registry, unit, path, force=force)
        sheets = f"{unit}的任务分工"
    else:
        from qplan.excel.plan import plan_sheets, write_plan_workbook

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
            messages = write_plan_workbook(plan, registry, path, force=force, deadlines=deadlines, statuses=statuses)
        sheets = "、".join(plan_sheets(plan, registry))
    for message in messages:
        warn(f"警告：{message}")
    warn(f"已写入 {path}（{sheets}）")


def _export_per_unit(plan: Any, registry: Any, output: Path | None, force: bool, registry_path: Path) -> None:
    """One workbook per unit. Every target is checked before any is written, so a refusal
    (a file someone edited) leaves the whole set as it was."""
    from qplan.commands.common import busy, warn
    from qplan.excel.mark import state_of
    from qplan.excel.plan import unit_sheets, write_unit_workbook

    folder = units_folder(output, plan.id)
    units, skipped = unit_sheets(plan, registry)
    paths: dict[str, Path] = {}
    taken: set[str] = set()
    for unit in units:
        name = unit_file_name(unit)
        number = 2
        while name.casefold() in taken:  # two names the file system cannot tell apart
            name = unit_file_name(f"{unit}（{number}）")
            number += 1
        taken.add(name.casefold())
        paths[unit] = folder / name
    if not force:
        refused = [path for path in paths.values() if state_of(path) in ("edited", "foreign")]
        if refused:
            names = "、".join(path.name for path in refused)
            raise OutputError(
                f"{len(refused)} 个文件在 qplan 生成之后被修改过，或不是 qplan 生成的：{names}。"
                "一个文件也没有写入。如确定用新导出的内容替换它们，请加 --force；或用 -o 另选文件夹。",
                file=folder)
    messages: list[str] = []
    with busy(f"正在写入 {len(paths)} 个单位的工作簿"):
        for unit, path in paths.items():
            messages += [m for m in write_unit_workbook(plan, registry, unit, path, force=True) if m not in messages]
    for message in messages:
        warn(f"警告：{message}")
    if skipped:
        warn(f"注意：{len(skipped)} 个单位群组未登记成员，没有单独的文件：{'、'.join(skipped)}。"
             f"它们的条目见分工表；在 {registry_path} 中登记 members 后，"
             "各成员单位的文件会列入这些条目，群组也会有自己的文件。")
    warn(f"已写入 {folder}：{len(paths)} 个单位的工作簿，每个单位一个文件。")


@click.command(cls=Command)
@click.argument("plan_id", metavar="PLAN")
@format_option()
@output_option
@plans_option
def matrix(plan_id: str, fmt: str | None, output: Path | None, plans_dir: Path) -> None:
    """一个计划的责任矩阵：单位为行、条目为列，● 牵头、※ 推定牵头、○ 配合。

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
