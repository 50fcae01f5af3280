"""The command line. The only module that prints or exits."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from qplan import __version__
from qplan.clickzh import Group, translate_usage_error
from qplan.errors import QplanError
from qplan.options import dept_option, format_option, output_option, plans_option, resolve_format
from qplan.workspace import Workspace


def stdout_console() -> Any:
    from rich.console import Console

    class PipeFriendlyConsole(Console):
        def on_broken_pipe(self) -> None:
            # `qplan show | head` is normal use: stop quietly, as for plain text output.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(0)

    return PipeFriendlyConsole(highlight=False, soft_wrap=False)


def warn(message: str) -> None:
    click.echo(message, err=True)


def emit(text: str, output: Path | None, fmt: str) -> None:
    """Data goes to stdout, or atomically to the -o file."""
    if output is None:
        click.echo(text, nl=False)
        return
    from qplan.yamlio import atomic_write

    # A BOM lets Excel open a CSV of Chinese text without garbling it.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with atomic_write(output, encoding=encoding) as handle:
        handle.write(text)
    warn(f"已写入 {output}")


def emit_tables(renderables: Sequence[Any], output: Path | None) -> None:
    if output is None:
        console = stdout_console()
        for renderable in renderables:
            console.print(renderable)
        return
    from qplan.render.terminal import render_to_text

    emit(render_to_text(renderables), output, "table")


def progress_reporter(label: str, minimum: int = 50) -> Callable[[int, int], None] | None:
    """A one-line counter on stderr for long jobs; nothing when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None
    import time

    started = time.monotonic()

    def report(done: int, total: int) -> None:
        if total < minimum or time.monotonic() - started < 0.5:
            return
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{label} {done}/{total}…{end}")
        sys.stderr.flush()

    return report


@contextmanager
def busy(label: str, after: float = 1.0) -> Iterator[None]:
    """A ticking "label… n 秒" line on stderr while a long job runs; nothing off a terminal.

    It appears only once the job has taken `after` seconds, and is cleared when it ends.
    """
    if not sys.stderr.isatty():
        yield
        return
    import threading
    import time

    done = threading.Event()
    started = time.monotonic()
    shown = False

    def tick() -> None:
        nonlocal shown
        while not done.wait(0.25):
            elapsed = time.monotonic() - started
            if elapsed >= after:
                shown = True
                sys.stderr.write(f"\r{label}… {elapsed:.0f} 秒")
                sys.stderr.flush()

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        if shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def open_workspace(plans_dir: Path) -> Workspace:
    return Workspace(plans_dir)


def load_plans(workspace: Workspace, plan_ids: Sequence[str],
               involving: set[str] | None = None) -> tuple[list[Any], bool]:
    """Load plans, reporting broken files on stderr; returns (plans, had_errors).

    With `involving`, plans known not to mention those unit spellings are skipped unread.
    """
    plans, had_errors, _ = load_plans_counted(workspace, plan_ids, involving)
    return plans, had_errors


def load_plans_counted(workspace: Workspace, plan_ids: Sequence[str],
                       involving: set[str] | None = None) -> tuple[list[Any], bool, int]:
    """As load_plans, also returning how many plans were searched."""
    if not plan_ids and not workspace.plan_ids():
        raise QplanError(
            f"计划文件夹“{workspace.root}”中没有计划文件（*.yaml）。请放入计划文件，或用 --plans 指定文件夹。"
        )
    result = workspace.load(list(plan_ids), progress=progress_reporter("读取计划文件"), involving=involving)
    if result.errors and not result.plans:
        if len(result.errors) == 1:
            raise result.errors[0]
        for error in result.errors[1:]:
            warn(f"错误：{error}")
        raise result.errors[0]
    for error in result.errors:
        warn(f"错误：{error}")
    if result.errors and result.plans:
        warn("以上计划文件无法读取，已跳过；其余计划照常显示。运行 `qplan validate` 查看详情。")
    from qplan.workspace import unknown_units

    names = sorted({name for _, _, name in unknown_units(result.plans, workspace.registry)}
                   | result.unknown_in_skipped)
    if names:
        warn(f"警告：{len(names)} 个单位不在单位登记表中（{'、'.join(names[:5])}"
             f"{'等' if len(names) > 5 else ''}），按原文显示。运行 `qplan validate` 查看详情。")
        if involving is not None:
            warn("　　如其中有本单位的误写或别称，本单位在那些条目中的任务没有列出："
                 "请改正计划文件，或把该写法加入 units.yaml 中本单位的 aliases。")
    return result.plans, bool(result.errors), result.searched


class QplanGroup(Group):
    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None:
            from qplan.commands import load_command

            found = load_command(self, cmd_name)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        from qplan.commands import LAZY_COMMANDS

        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            import difflib

            close = difflib.get_close_matches(args[0], self.list_commands(ctx), n=1, cutoff=0.6)
            hint = f"您是否要用 {close[0]}？" if close else "可用 `qplan --help` 查看全部命令。"
            raise click.UsageError(f"没有命令“{args[0]}”。{hint}", ctx)
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        run_guarded(super().main, args, complete_var=complete_var, **extra)


@click.group(cls=QplanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="qplan %(version)s", help="显示版本并退出。")
def cli() -> None:
    """qplan：上海市质量工作要点的分工查询、比对与导出。

    \b
    常用：
      qplan show --dept 市市场监管局     本单位牵头、配合的全部任务
      qplan units 2025                  各单位任务量
      qplan validate                    印发前检查计划文件
    """


@cli.command()
@click.argument("plan_ids", nargs=-1, metavar="[PLAN]...")
@dept_option("只看这个单位牵头或配合的任务（可用任何写法，如 市卫健委）。")
@click.option("--role", type=click.Choice(["lead", "support", "牵头", "配合"]), default=None,
              help="与 --dept 同用：只看牵头（lead 或 牵头）或配合（support 或 配合）。")
@click.option("--grep", metavar="TEXT", default=None, help="只看标题或内容含有此文字的任务。")
@format_option()
@output_option
@plans_option
@click.pass_context
def show(ctx: click.Context, plan_ids: tuple[str, ...], dept: str | None, role: str | None,
         grep: str | None, fmt: str | None, output: Path | None, plans_dir: Path) -> None:
    """列出计划条目及牵头、配合单位；不给 PLAN 时显示全部计划（新的在前）。"""
    from qplan.query import select_items, unit_spellings
    from qplan.render import show as render

    fmt = resolve_format(fmt, output)
    role = {"牵头": "lead", "配合": "support"}.get(role or "", role)
    if role is not None and dept is None:
        raise click.UsageError("--role 需要与 --dept 一起使用。")
    workspace = open_workspace(plans_dir)
    if dept is not None and not workspace.has_registry:
        raise QplanError(f"找不到单位登记表 {workspace.registry_path}，无法识别单位“{dept}”。"
                         "请恢复或创建 units.yaml（可参照 qplan 自带的 plans/units.yaml）。")
    canonical = workspace.registry.require(dept) if dept is not None else None
    involving = unit_spellings(workspace.registry, canonical) if canonical else None
    plans, had_errors, searched = load_plans_counted(workspace, plan_ids, involving)
    rows = select_items(plans, workspace.registry, dept=canonical, role=role, grep=grep)  # type: ignore[arg-type]
    with_role = canonical is not None
    if fmt == "json":
        emit(render.show_json(rows, with_role), output, fmt)
    elif fmt == "csv":
        emit(render.show_csv(rows, with_role), output, fmt)
    elif fmt == "markdown":
        emit(render.show_markdown(rows, workspace.registry, canonical), output, fmt)
    else:
        emit_tables(_show_tables(rows, workspace, canonical, searched), output)
    if not rows:
        warn("没有符合条件的条目。")
    if canonical is not None:
        hint = group_hint(plans, workspace, canonical)
        if hint:
            warn(hint)
    if had_errors:
        ctx.exit(1)


def group_hint(plans: list[Any], workspace: Workspace, unit: str) -> str | None:
    """Tell a member unit about group items it cannot see until membership is recorded."""
    from qplan.query import unrecorded_group_items

    counts = unrecorded_group_items(plans, workspace.registry, unit)
    if not counts:
        return None
    named = "、".join(f"{name}（{count} 项）" for name, count in sorted(counts.items(), key=lambda p: -p[1]))
    return (f"提示：以下单位群组承担的条目未计入：{named}。群组成员名单不在文件中；如本单位属于某群组，"
            f"可在 {workspace.registry_path} 中为该群组登记 members，这些条目便会列出（标 △）。")


def _show_tables(rows: list[Any], workspace: Workspace, dept: str | None, searched: int) -> list[Any]:
    from rich.text import Text

    from qplan.render import plan_heading
    from qplan.render.show import group_by_plan, legends, table_cells, table_headers
    from qplan.render.terminal import make_table

    with_role = dept is not None
    renderables: list[Any] = []
    if dept is not None:
        renderables.append(Text(f"{dept}：共 {len(rows)} 项（检索了 {searched} 个计划）", style="bold"))
    for plan, plan_rows in group_by_plan(rows):
        cells = [table_cells(row, workspace.registry, with_role) for row in plan_rows]
        renderables.append(make_table(plan_heading(plan), table_headers(with_role, dept), cells,
                                      wrap_columns=(1, 2, 3)))
    renderables += [Text(note, style="dim") for note in legends(rows)]
    return renderables


@cli.command()
@click.argument("plan_ids", nargs=-1, metavar="[PLAN]...")
@dept_option("只看这个单位：列出它在各计划中牵头、配合的全部条目。")
@format_option()
@output_option
@plans_option
@click.pass_context
def units(ctx: click.Context, plan_ids: tuple[str, ...], dept: str | None, fmt: str | None,
          output: Path | None, plans_dir: Path) -> None:
    """各单位在各计划中牵头、配合的条目数，任务多的在前。"""
    if dept is not None:
        ctx.invoke(show, plan_ids=plan_ids, dept=dept, role=None, grep=None, fmt=fmt,
                   output=output, plans_dir=plans_dir)
        return
    from qplan.query import unit_loads
    from qplan.render import units as render

    fmt = resolve_format(fmt, output)
    workspace = open_workspace(plans_dir)
    plans, had_errors = load_plans(workspace, plan_ids)
    loads = unit_loads(plans, workspace.registry, include_idle=True)
    if fmt == "json":
        emit(render.units_json(loads, plans, workspace.registry), output, fmt)
    elif fmt == "csv":
        emit(render.units_csv(loads, plans), output, fmt)
    elif fmt == "markdown":
        emit(render.units_markdown(loads, plans), output, fmt)
    else:
        from rich.text import Text

        from qplan.render.terminal import make_table

        busy_units = [load for load in loads if load.total]
        idle = [load.unit for load in loads if not load.total]
        table = make_table(f"各单位任务量（{len(busy_units)} 个单位）", render.units_headers(plans),
                           [render.units_cells(load, plans) for load in busy_units])
        note = Text("每个计划一栏：牵头条目数/配合条目数；牵头数后的（※n）：其中 n 项原文件未写明牵头单位，"
                    "按列序推定。", style="dim")
        notes = [note]
        if idle:
            notes.append(Text(f"单位登记表中另有 {len(idle)} 个单位在所选计划中没有任务：{'、'.join(idle)}。",
                              style="dim"))
        emit_tables([table, *notes], output)
    if had_errors:
        ctx.exit(1)


@cli.command()
@format_option()
@output_option
@plans_option
@click.pass_context
def plans(ctx: click.Context, fmt: str | None, output: Path | None, plans_dir: Path) -> None:
    """列出计划文件夹中的计划：标题、文号、日期和条目数。"""
    from qplan.render import units as render

    fmt = resolve_format(fmt, output)
    workspace = open_workspace(plans_dir)
    loaded, had_errors = load_plans(workspace, ())
    if fmt == "json":
        emit(render.plans_json(loaded), output, fmt)
    elif fmt == "csv":
        emit(render.plans_csv(loaded), output, fmt)
    elif fmt == "markdown":
        emit(render.plans_markdown(loaded), output, fmt)
    else:
        from qplan.render.terminal import make_table

        table = make_table(f"计划文件夹 {workspace.root}（{len(loaded)} 个计划）", render.PLANS_HEADERS,
                           [render.plans_cells(plan) for plan in loaded])
        emit_tables([table], output)
    if had_errors:
        ctx.exit(1)


@cli.command()
@click.argument("plan_ids", nargs=-1, metavar="[PLAN]...")
@click.option("--strict", is_flag=True, help="有警告也以 1 退出。")
@plans_option
@click.pass_context
def validate(ctx: click.Context, plan_ids: tuple[str, ...], strict: bool, plans_dir: Path) -> None:
    """检查计划文件和单位登记表：语法、字段、序号、单位名称等。

    每个问题一行：文件:行: 级别 规则: 说明。无错误时退出码 0，有错误时 1
    （--strict 时有警告也为 1），用法错误为 2。
    """
    from qplan.validation import validate_workspace

    workspace = open_workspace(plans_dir)
    problems = validate_workspace(workspace, list(plan_ids) or None)
    for problem in problems:
        click.echo(problem.format())
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    checked = len(plan_ids) or len(workspace.plan_ids())
    if not problems:
        warn(f"检查通过：{checked} 个计划文件和单位登记表没有发现问题。")
    else:
        warn(f"共发现 {errors} 个错误、{warnings} 个警告（检查了 {checked} 个计划文件）。")
    if errors or (strict and warnings):
        ctx.exit(1)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="qplan")


def run_guarded(entry: Callable[..., Any], argv: Sequence[str] | None, **extra: Any) -> NoReturn:
    """Run click without its own error printing, so every failure speaks Chinese."""
    try:
        code = entry(args=argv, prog_name="qplan", standalone_mode=False, **extra)
    except click.UsageError as exc:
        hint = ""
        if exc.ctx is not None:
            hint = f"\n运行 `{exc.ctx.command_path} --help` 查看用法。"
            click.echo(exc.ctx.get_usage().replace("Usage:", "用法："), err=True)
        _fail(f"用法错误：{translate_usage_error(exc.format_message())}{hint}", 2)
    except click.Abort:
        _fail("已取消。", 130)
    except QplanError as exc:
        _fail(f"错误：{exc}", exc.exit_code)
    except click.ClickException as exc:
        _fail(f"错误：{exc.format_message()}", exc.exit_code)
    except KeyboardInterrupt:
        _fail("已取消。", 130)
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:
        # Files are read and written through qplan.yamlio, which names them; what is left is
        # the output itself (stdout on a full disk, `> /dev/full`).
        from qplan.yamlio import os_reason

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        where = f"{exc.filename}：" if exc.filename else ""
        _fail(f"错误：{where}无法写出结果（{os_reason(exc)}），输出不完整。请检查磁盘空间或输出位置。", 1)
    except Exception as exc:
        if os.environ.get("QPLAN_DEBUG"):
            raise
        _fail(f"内部错误：{type(exc).__name__}: {exc}\n这是 qplan 的缺陷，请把上面这行和所用命令报告给维护者"
              "（设置 QPLAN_DEBUG=1 可看到详细信息）。", 3)
    sys.exit(code or 0)

