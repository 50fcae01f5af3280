"""What every command shares: messages on stderr, output to stdout or a file, loading the
plans folder with its warnings, progress on long jobs. `cli.py` and each command module
import this; it imports neither.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qplan.errors import QplanError
from qplan.options import META_ASCII
from qplan.safetext import visible
from qplan.workspace import Workspace

if TYPE_CHECKING:
    from qplan.report import Report


def warn(message: str) -> None:
    """A message for the person on stderr; text from plan files may be in it, so control
    characters are shown escaped rather than obeyed. On a terminal, long lines break between
    unit names and after punctuation rather than wherever the terminal's edge falls."""
    text = visible(message)[0]
    if sys.stderr.isatty():
        import shutil

        from qplan.render.measure import wrap

        text = "\n".join(wrap(text, shutil.get_terminal_size().columns, lists=True, last_resort=True))
    click.echo(text, err=True)


def read_unit(registry: Any, typed: str) -> str:
    """The unit a typed --dept names; where the name is a short form, say which unit it was
    read as (the person may have meant another)."""
    reading = registry.read_typed(typed)
    if reading.note:
        warn(f"注意：{reading.note}")
    return str(reading.canonical)


def ascii_marks() -> bool:
    context = click.get_current_context(silent=True)
    if context is not None and META_ASCII in context.meta:
        return bool(context.meta[META_ASCII])
    return os.environ.get("QPLAN_ASCII", "").strip().lower() in ("1", "true", "yes", "on")


def stdout_width() -> int | None:
    """The width to lay tables out for when stdout is not a terminal: COLUMNS if the user
    set it, else none (tables keep their natural width; nothing is cut)."""
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def stdout_is_a_file() -> bool:
    """True when stdout was redirected to a regular file (`> x.csv`), not a terminal or pipe."""
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def emit(text: str, output: Path | None, fmt: str) -> None:
    """Data goes to stdout, or atomically to the -o file.

    A CSV file starts with a BOM so that Excel reads its Chinese text right: in a -o file and
    when stdout is redirected to a file, not on a terminal or into a pipe, where programs
    expect plain UTF-8.
    """
    if output is None:
        if fmt == "csv" and stdout_is_a_file():
            text = "\ufeff" + text
        click.echo(text, nl=False)
        return
    from qplan.yamlio import atomic_write

    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with atomic_write(output, encoding=encoding) as handle:
        handle.write(text)
    warn(f"已写入 {output}")


def emit_encoded(data: bytes, output: Path | None) -> None:
    """UTF-8 text already encoded (a warm `show --format json`, qplan.digest), written as
    `emit` writes it: the same bytes, without decoding it only to encode it again."""
    stream = sys.stdout
    plain = (output is None and os.linesep == "\n" and isinstance(stream, io.TextIOWrapper)
             and codecs.lookup(stream.encoding).name == "utf-8")
    if output is None and not plain:
        emit(data.decode("utf-8"), output, "json")
        return
    if output is None:
        stream.flush()
        stream.buffer.write(data)
        return
    from qplan.yamlio import write_atomically

    write_atomically(output, data)
    warn(f"已写入 {output}")


def emit_report(report: Report, fmt: str, output: Path | None) -> None:
    """A report in the chosen format: in colour on a terminal, plain text otherwise."""
    from qplan.render.screen import Screen

    if output is None and fmt == "table" and sys.stdout.isatty():
        import shutil

        from qplan.render.screen import render_lines
        from qplan.render.terminal import print_lines

        lines, escaped = render_lines(report, Screen(shutil.get_terminal_size().columns, ascii_marks()))
        print_lines(lines)
    else:
        from qplan.render import render

        screen = Screen(None if output is not None else stdout_width(), ascii_marks())
        rendered = render(report, fmt, screen)
        emit(rendered.text, output, fmt)
        escaped = rendered.escaped
    warn_escaped(escaped)


def emit_workbook(report: Report, output: Path, title: str, *, force: bool = False) -> None:
    """A report as a workbook (qplan.excel.report): one sheet per table, print-ready."""
    from qplan.excel.report import write_report_workbook

    with busy("正在写入 Excel 工作簿"):
        messages = write_report_workbook(report, output, title=title, force=force)
    for message in messages:
        warn(f"警告：{message}")
    warn(f"已写入 {output}")


def emit_document(report: Report, output: Path, *, force: bool = False) -> None:
    """A report as a Word document (qplan.render.docx), written atomically and marked: a
    document a person edited since, or one qplan did not write, is replaced only with `force`."""
    from qplan.excel.mark import marked, refuse_to_replace
    from qplan.render.docx import to_docx
    from qplan.yamlio import write_atomically

    if not force:
        refuse_to_replace(output)
    with busy("正在写入 Word 文档"):
        write_atomically(output, marked(to_docx(report)))
    warn(f"已写入 {output}")


def warn_report(report: Report) -> None:
    """A report for the person, on stderr (the import report): wrapped for the terminal and
    with control characters escaped, like any table on stdout."""
    from qplan.render.screen import Screen, plain_text, render_lines

    if sys.stderr.isatty():
        import shutil

        width: int | None = shutil.get_terminal_size().columns
    else:
        width = stdout_width()
    lines, escaped = render_lines(report, Screen(width, ascii_marks()))
    click.echo(plain_text(lines), err=True, nl=False)
    warn_escaped(escaped)


def warn_escaped(escaped: list[str]) -> None:
    if not escaped:
        return
    sample = escaped[0] if len(escaped[0]) <= 40 else escaped[0][:40] + "…"
    warn(f"警告：{len(escaped)} 处文字含有控制字符（可能是终端转义序列），已写成 \\x1b 这样的转义形式，"
         f"没有原样输出，如“{sample}”。请检查计划文件或单位登记表中的这些文字。")


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
    plans, had_errors, _ = load_plans_counted(workspace, plan_ids, involving)[:3]
    return plans, had_errors


def load_plans_counted(workspace: Workspace, plan_ids: Sequence[str],
                       involving: set[str] | None = None) -> tuple[list[Any], bool, int, list[Any]]:
    """As load_plans, also returning how many plans were searched, and those skipped unread
    (qplan.workspace.SkippedPlan)."""
    require_plans(workspace, plan_ids)
    result = workspace.load(list(plan_ids), progress=progress_reporter("读取计划文件"), involving=involving)
    if result.errors and not result.plans:
        if len(result.errors) == 1:
            raise result.errors[0]
        for error in result.errors[1:]:
            warn(f"错误：{error}")
        raise result.errors[0]
    for error in result.errors:
        warn(f"错误：{error}")
    warn_notes(result.notes)
    if result.errors and result.plans:
        warn("以上计划文件无法读取，已跳过；其余计划照常显示。运行 `qplan validate` 查看详情。")
    from qplan.workspace import unknown_units

    warn_unknown({name for _, _, name in unknown_units(result.plans, workspace.registry)} | result.unknown_in_skipped,
                 involving)
    return result.plans, bool(result.errors), result.searched, result.skipped


def require_plans(workspace: Workspace, plan_ids: Sequence[str]) -> None:
    if not plan_ids and not workspace.plan_ids():
        raise QplanError(
            f"计划文件夹“{workspace.root}”中没有计划文件（*.yaml）。请放入计划文件，或用 --plans 指定文件夹。"
        )


def warn_notes(notes: Sequence[str]) -> None:
    for note in notes:
        warn(f"注意：{note}")


def warn_unknown(unknown: set[str], involving: set[str] | None) -> None:
    """Unit names the registry does not know, in the plans read (or skipped) for a command."""
    names = sorted(unknown)
    if names:
        warn(f"警告：{len(names)} 个单位不在单位登记表中（{'、'.join(names[:5])}"
             f"{'等' if len(names) > 5 else ''}），按原文显示。运行 `qplan validate` 查看详情。")
        if involving is not None:
            warn("　　如其中有本单位的误写或别称，本单位在那些条目中的任务没有列出："
                 "请改正计划文件，或把该写法加入 units.yaml 中本单位的 aliases。")


def load_two(plans_dir: Path, first: str, second: str) -> tuple[Workspace, Any, Any]:
    """Two plans a command holds against each other (diff, cover); either unreadable stops it."""
    workspace = open_workspace(plans_dir)
    workspace.plan_path(first)
    workspace.plan_path(second)
    plans = workspace.plan(first), workspace.plan(second)
    for note in workspace.notes:
        warn(f"注意：{note}")
    return workspace, *plans


def load_one(plans_dir: Path, plan_id: str) -> tuple[Any, Workspace]:
    """The plan and its workspace; a plan that cannot be read stops the command."""
    workspace = open_workspace(plans_dir)
    plans, had_errors = load_plans(workspace, [plan_id])
    if had_errors or not plans:
        raise click.exceptions.Exit(1)
    return plans[0], workspace
