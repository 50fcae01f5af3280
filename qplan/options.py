"""Options shared by several commands, defined once."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "csv", "markdown", "html")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
                  ".txt": "table", ".html": "html", ".htm": "html"}
# Keys in the context's meta (shared by the whole command line) for options given before
# the command: `qplan --plans DIR show`.
META_PLANS = "qplan.plans"
META_ASCII = "qplan.ascii"
DEFAULT_PLANS = Path("plans")
PLANS_HELP = "计划文件夹，默认 ./plans（或环境变量 QPLAN_PLANS）；也可写在命令之前。"


def _plans_dir(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """--plans after the command, else before it, else $QPLAN_PLANS, else ./plans."""
    if value is not None:
        return value
    given = ctx.meta.get(META_PLANS)
    if given is not None:
        return Path(given)
    from_env = os.environ.get("QPLAN_PLANS", "").strip()
    return Path(from_env) if from_env else DEFAULT_PLANS


def plans_option(function: F) -> F:
    return click.option(
        # readable=False: the workspace says itself, in Chinese and with what to do, when the
        # folder cannot be read (click would check only part of it, and in English).
        "--plans", "plans_dir", type=click.Path(path_type=Path, readable=False), default=None, callback=_plans_dir,
        metavar="DIR", help=PLANS_HELP,
    )(function)


def format_help(formats: tuple[str, ...]) -> str:
    text = "输出格式（默认 table；给出 -o 时按文件后缀判断）。"
    if "csv" in formats:
        text += "csv 写入文件（-o 或 > 重定向）时带 BOM，便于 Excel 打开；到终端或管道时不带。"
    return text


def format_option(formats: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return click.option(
            "--format", "fmt", type=click.Choice(formats), default=None, help=format_help(formats),
        )(function)
    return decorate


def output_option_for(formats: tuple[str, ...] = FORMATS, extra: tuple[str, ...] = ()) -> Callable[[F], F]:
    """-o FILE, its help listing the suffixes this command really writes."""
    suffixes = [s for s, f in SUFFIX_FORMATS.items() if f in formats and s not in (".markdown", ".htm")]
    suffixes += list(extra)

    def decorate(function: F) -> F:
        return click.option(
            "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
            metavar="FILE", help=f"写入文件而不是屏幕；格式由后缀决定（{' '.join(suffixes)}）。",
        )(function)
    return decorate


output_option = output_option_for()


def _one_unit(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> str | None:
    if len(value) > 1:
        raise click.UsageError(f"--dept 只能给出一个单位，现在给了 {len(value)} 个（{'、'.join(value)}）。"
                               "请每个单位分别查询。", ctx)
    return value[0] if value else None


def dept_option(help_text: str) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        # multiple=True only so that a repeated --dept is refused rather than silently dropped.
        return click.option("--dept", metavar="UNIT", multiple=True, callback=_one_unit,
                            help=help_text)(function)
    return decorate


def resolve_format(fmt: str | None, output: Path | None, allowed: tuple[str, ...] = FORMATS,
                   extra_suffixes: tuple[str, ...] = ()) -> str:
    """The explicit --format, else the output file's suffix, else a table."""
    if output is None:
        return fmt or "table"
    suffix = output.suffix.lower()
    if suffix in extra_suffixes:
        raise click.UsageError(f"--format {fmt} 与输出文件后缀“{suffix}”不一致。请去掉 --format 或改后缀。")
    from_suffix = SUFFIX_FORMATS.get(suffix)
    if from_suffix is None or from_suffix not in allowed:
        usable = "、".join([s for s, f in SUFFIX_FORMATS.items() if f in allowed] + list(extra_suffixes))
        extra = "；Excel 工作簿请用 `qplan export`" if suffix == ".xlsx" and ".xlsx" not in extra_suffixes else ""
        raise click.UsageError(f"无法从后缀“{suffix or '（无）'}”判断输出格式。可用后缀：{usable}{extra}。")
    if fmt is not None and fmt != from_suffix:
        raise click.UsageError(f"--format {fmt} 与输出文件后缀“{suffix}”不一致。请去掉 --format 或改后缀。")
    return from_suffix
