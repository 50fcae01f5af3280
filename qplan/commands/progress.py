"""The loop after circulation: `qplan forms` (progress forms out), `qplan collect` (back in),
`qplan status` (the ledger and chasing) and `qplan summary` (the draft 总结)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from qplan.clickzh import Command
from qplan.options import FORMATS, dept_option, format_option, output_option_for, plans_option, resolve_format

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_FORMS_DIR = Path("exports") / "forms"
PERIOD_HELP = "报送期：2025（全年）、2025H1（上半年）、2025Q3（第三季度）、2025-06（6月）。"


def register(cli: click.Group) -> None:
    for command in (forms, collect, status, summary):
        cli.add_command(command)


def _period(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from qplan.periods import PeriodError, parse_period

    try:
        return parse_period(value)
    except PeriodError as exc:
        raise click.BadParameter(exc.message) from None


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"“{value}”不是日期。请写成 年-月-日，如 2025-07-15。") from None


def period_option(required: bool, help_text: str = PERIOD_HELP) -> Callable[[F], F]:
    return click.option("--period", metavar="PERIOD", callback=_period, required=required, help=help_text)


today_option = click.option("--today", metavar="DATE", callback=_date, default=None,
                            help="按这一天判断逾期和预警（年-月-日），默认今天。")


def _load_plan(plans_dir: Path, plan_id: str) -> tuple[Any, Any]:
    from qplan.commands.common import load_one

    return load_one(plans_dir, plan_id)


def _unit(workspace: Any, dept: str | None) -> str | None:
    from qplan.commands.common import read_unit

    return read_unit(workspace.registry, dept) if dept is not None else None


# --- forms ---------------------------------------------------------------------------------------


@click.command(cls=Command)
@click.argument("plan_id", metavar="PLAN")
@period_option(True)
@dept_option("只为这个单位生成（可用任何写法）。")
@click.option("-o", "--output", "folder", type=click.Path(path_type=Path, file_okay=False), default=None,
              metavar="DIR", help=f"写入的文件夹；默认为 {DEFAULT_FORMS_DIR}/<PLAN>-<PERIOD>。")
@click.option("--force", is_flag=True, help="覆盖已被人修改过的同名表格（默认拒绝，以免覆盖已填写的表）。")
@format_option(("table", "json", "csv"))
@plans_option
@click.pass_context
def forms(ctx: click.Context, plan_id: str, period: Any, dept: str | None, folder: Path | None, force: bool,
          fmt: str | None, plans_dir: Path) -> None:
    """为各单位生成推进情况表（每个单位一个 Excel 文件），供下发填报。

    每个表列出本单位牵头、配合的任务：序号、任务、本单位角色、完成时限由 qplan
    填好并锁定；进展情况、完成状态（下拉选择）、存在问题、下步计划、佐证材料由
    单位填写。文件改名、另存、调整列顺序后仍能用 qplan collect 收回。

    \b
    例：
      qplan forms 2025 --period 2025H1
      qplan forms 2025 --period 2025Q3 --dept 市卫健委 -o 下发
    """
    from qplan.commands.common import busy, emit_report, warn
    from qplan.commands.export import _refuse_invalid_plan
    from qplan.errors import QplanError
    from qplan.excel.forms import write_form
    from qplan.progress.form import form_file_name, form_spec
    from qplan.progress.reporters import plan_reporters
    from qplan.views.collect import forms_report, unmembered_note

    plan, workspace = _load_plan(plans_dir, plan_id)
    _refuse_invalid_plan(workspace, plan_id, warn)
    unit = _unit(workspace, dept)
    reporters = plan_reporters(plan, workspace.registry)
    if not reporters.duties:
        why = "原文没有写任何责任单位" if plan.no_units else "没有可以填报的单位（只有未登记成员的单位群组）"
        raise QplanError(f"计划 {plan_id} {why}，无法生成推进情况表。"
                         "请先在计划文件中写明各项任务的牵头、配合单位，或在 units.yaml 中为群组登记 members。")
    if unit is not None and unit not in reporters.duties:
        raise QplanError(f"单位“{unit}”在计划 {plan_id} 中没有需要报送的任务。"
                         f"可用 `qplan show {plan_id} --dept {unit}` 查看。")
    target = folder or DEFAULT_FORMS_DIR / f"{plan_id}-{period.code}"
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        from qplan.yamlio import os_reason

        raise QplanError(f"无法创建文件夹（{os_reason(exc)}）。请检查权限，或用 -o 指定别的文件夹。",
                         file=target) from None
    written: dict[str, Path] = {}
    failed: dict[str, str] = {}
    today = dt.date.today()
    with busy("正在生成推进情况表"):
        for name, duties in reporters.duties.items():
            if unit is not None and name != unit:
                continue
            path = target / form_file_name(name, plan_id, period)
            try:
                for message in write_form(form_spec(plan, name, duties, period, today), path, force=force):
                    warn(f"警告：{message}")
                written[name] = path
            except QplanError as exc:
                failed[name] = exc.message
                warn(f"错误：{exc}")
    emit_report(forms_report(plan, period, reporters, written, failed), resolve_format(fmt, None), None)
    if reporters.unmembered_groups and unit is None:
        warn(f"注意：{unmembered_note(reporters.unmembered_groups)}")
    warn(f"已在 {target} 中写入 {len(written)} 个推进情况表（{period.label}）。"
         + (f"{len(failed)} 个未写入，见上。" if failed else "填写后交回，用 qplan collect 收录。"))
    if failed:
        ctx.exit(1)


# --- collect -------------------------------------------------------------------------------------


def _form_files(paths: tuple[Path, ...]) -> list[Path]:
    """The files given; a folder stands for the .xlsx files in it (Excel's ~$ lock files left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir()
                            if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".")))
        else:
            found.append(path)
    return found


@click.command(cls=Command)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="FILE...")
@click.option("--plan", "plan_id", metavar="PLAN", default=None, help="只收录这个计划的表格，其他计划的拒收。")
@period_option(False, "只收录这个报送期的表格，其他报送期的拒收（如 2025H1）。")
@click.option("--replace", is_flag=True,
              help="单位本期已有报送而内容不同时，以新交回的为准（原内容留存副本）；默认不收录并列出差异。")
@format_option(("table", "json", "csv"))
@plans_option
@click.pass_context
def collect(ctx: click.Context, files: tuple[Path, ...], plan_id: str | None, period: Any, replace: bool,
            fmt: str | None, plans_dir: Path) -> None:
    """收录各单位交回的推进情况表，汇总到计划文件夹的进展记录中。

    每个计划、每个报送期一个进展记录文件（如 plans/progress/2025/2025H1.yaml）。
    同一文件重复收录不会改动；同一单位同一报送期交回不同内容时列出差异、不收录
    （加 --replace 以新的为准）；其他计划或报送期的表、被改动的锁定单元格、无法
    识别的序号或完成状态、损坏的文件都会拒收并指明单元格，其余文件照常收录。

    \b
    例：
      qplan collect 收回/*.xlsx
      qplan collect 收回 --plan 2025 --period 2025H1
      qplan collect 市卫健委_2025_2025H1_推进情况表.xlsx --replace
    """
    from qplan.commands.common import busy, emit_report, open_workspace, warn
    from qplan.progress.collect import Collector, Expectation
    from qplan.views.collect import collect_report

    fmt = resolve_format(fmt, None)
    workspace = open_workspace(plans_dir)
    paths = _form_files(files)
    if not paths:
        raise click.UsageError("给出的文件夹中没有 .xlsx 文件。请给出交回的推进情况表。")
    if plan_id is not None:
        workspace.plan_path(plan_id)
    plans: dict[str, Any] = {}

    def load_plan(name: str) -> Any:
        if name not in plans:
            plans[name] = workspace.plan(name)
        return plans[name]

    collector = Collector(workspace.root, load_plan, workspace.registry, expect=Expectation(plan_id, period),
                          replace=replace)
    with busy("正在收录推进情况表"):
        outcomes = collector.collect(paths)
    for outcome in outcomes:
        if outcome.result == "refused":
            warn(f"错误：{outcome.path}：{outcome.message}")
    emit_report(collect_report(outcomes, plans), fmt, None)
    if any(o.result in ("refused", "conflict") for o in outcomes):
        ctx.exit(1)


# --- status ---------------------------------------------------------------------------------------


def _progress(workspace: Any, plan: Any, period: Any) -> Any:
    from qplan.errors import QplanError
    from qplan.progress.records import load_period, recorded_periods

    if period is None:
        periods = recorded_periods(workspace.root, plan.id)
        if not periods:
            raise QplanError(f"计划 {plan.id} 还没有进展记录（{workspace.root / 'progress' / plan.id} 中没有文件）。"
                             "请用 --period 指定报送期，如 --period 2025H1；收录交回的表格用 `qplan collect`。")
        period = periods[-1]
    return load_period(workspace.root, plan.id, period)


@click.command(cls=Command)
@click.argument("plan_id", metavar="PLAN")
@period_option(False, "报送期（如 2025H1）；默认为已有进展记录的最近一期。")
@dept_option("只看这个单位。")
@today_option
@click.option("--at-period-end", is_flag=True,
              help="按报送期末判断逾期和预警（报送期最后一天结束时）：回看某一期结束时是否逾期。不能与 --today 同用。")
@click.option("--chase", is_flag=True, help="按单位列出未报送、逾期、滞后和临近完成时限的事项，可直接用于通报。")
@format_option()
@output_option_for(FORMATS, extra=(".xlsx",))
@click.option("--force", is_flag=True, help="-o 的工作簿在 qplan 生成后被人修改过，仍然覆盖它（默认拒绝）。")
@plans_option
@click.pass_context
def status(ctx: click.Context, plan_id: str, period: Any, dept: str | None, today: dt.date | None,
           at_period_end: bool, chase: bool, fmt: str | None, output: Path | None, force: bool,
           plans_dir: Path) -> None:
    """工作台账：各任务、各单位本期的完成状态、是否报送、完成时限和三色预警。

    红：已过完成时限仍未完成，或报送为滞后；黄：本期未报送，或距完成时限不足
    15%；绿：其他。顶部为已完成、按进度推进、滞后、未启动、未报送的合计。

    预警按今天（或 --today 给出的日期）判断，完成时限为当天的尚未逾期；
    本期报送反映的是报送期末的情况，回看过去某一期结束时是否逾期，用
    --at-period-end（完成时限在报送期最后一天及以前而未完成的为逾期）。

    \b
    例：
      qplan status 2025 --period 2025H1
      qplan status 2025 --period 2025H1 --today 2025-07-15 -o 台账.xlsx
      qplan status 2025 --period 2025H1 --chase > 通报.txt
      qplan status 2025 --period 2025Q1 --at-period-end
      qplan status 2025 --dept 市卫健委 --format json
    """
    from qplan.commands.common import emit_report, emit_workbook, warn
    from qplan.progress.ledger import build_ledger
    from qplan.views.status import chase_report, ledger_heading, ledger_report

    if at_period_end and today is not None:
        raise click.UsageError("--at-period-end 按报送期末判断，不能与 --today 同用；请只用其中一个。")
    workbook = output is not None and output.suffix.lower() == ".xlsx" and fmt is None
    if workbook and chase:
        raise click.UsageError("督办清单是文字，请写入 .txt、.md 或 .html 文件（如 -o 通报.txt）；"
                               "台账工作簿请去掉 --chase。")
    if not workbook:
        fmt = resolve_format(fmt, output, extra_suffixes=(".xlsx",))
    plan, workspace = _load_plan(plans_dir, plan_id)
    unit = _unit(workspace, dept)
    progress = _progress(workspace, plan, period)
    if at_period_end and progress.period.end >= dt.date.today():
        from qplan.errors import QplanError

        raise QplanError(f"报送期 {progress.period.code} 到 {progress.period.end.isoformat()} 才结束，"
                         "还不能按报送期末判断。请去掉 --at-period-end（按今天判断），或用 --today 指定日期。")
    ledger = build_ledger(plan, workspace.registry, progress, today or dt.date.today(), unit,
                          at_period_end=at_period_end)
    for problem in ledger.problems:
        warn(f"警告：{problem}")
    if unit is not None and not ledger.rows:
        warn(f"单位“{unit}”在计划 {plan_id} 中没有需要报送的任务。")
    elif not ledger.rows:
        warn(f"计划 {plan_id} 没有需要报送的单位（原文没有写责任单位，或只有未登记成员的单位群组）。")
    report = chase_report(ledger, unit) if chase else ledger_report(ledger, workspace.registry, unit)
    if workbook:
        assert output is not None
        emit_workbook(report, output, ledger_heading(ledger, unit), force=force)
    else:
        emit_report(report, fmt or "table", output)


# --- summary --------------------------------------------------------------------------------------


@click.command(cls=Command)
@click.argument("plan_id", metavar="PLAN")
@period_option(True)
@today_option
@format_option(("table", "markdown", "html", "json"))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
              help="写入文件；格式由后缀决定（.docx .md .html .txt .json）。")
@click.option("--force", is_flag=True,
              help=".docx 在 qplan 生成后被人修改过（如已在 Word 中改稿），仍然覆盖它（默认拒绝）。")
@plans_option
def summary(plan_id: str, period: Any, today: dt.date | None, fmt: str | None, output: Path | None, force: bool,
            plans_dir: Path) -> None:
    """按计划的顺序起草推进情况总结：每项任务先列牵头单位、再列配合单位的报送内容。

    未报送的单位标“【未报送】”。.docx 按公文格式排版（A4，方正小标宋标题，黑体、
    楷体标题层次，仿宋正文，页码）。

    \b
    例：
      qplan summary 2025 --period 2025 -o 2025年总结（初稿）.docx
      qplan summary 2025 --period 2025H1 -o 上半年.md
    """
    from qplan.commands.common import emit_document, emit_report, warn
    from qplan.progress.records import load_period
    from qplan.views.summary import summary_report

    document = output is not None and output.suffix.lower() == ".docx"
    if document and fmt is not None:
        raise click.UsageError(f"--format {fmt} 与输出文件后缀“.docx”不一致。请去掉 --format 或改后缀。")
    if not document:
        fmt = resolve_format(fmt, output, ("table", "markdown", "html", "json"), extra_suffixes=(".docx",))
    plan, workspace = _load_plan(plans_dir, plan_id)
    progress = load_period(workspace.root, plan.id, period)
    if not progress.path.exists():
        warn(f"注意：{progress.path} 不存在，计划 {plan_id} {period.label}还没有收录任何报送，各单位均标为未报送。")
    report = summary_report(plan, workspace.registry, progress, today or dt.date.today())
    if document:
        assert output is not None
        emit_document(report, output, force=force)
    else:
        emit_report(report, fmt or "table", output)
