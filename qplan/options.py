"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "json", "csv", "markdown")
SUFFIX_FORMATS = {".json": "json", ".csv": "csv", ".md": "markdown", ".markdown": "markdown",
                  ".txt": "table"}


def plans_option(function: F) -> F:
    return click.option(
        "--plans", "plans_dir", type=click.Path(path_type=Path), envvar="QPLAN_PLANS",
        default=Path("plans"), metavar="DIR",
        help="计划文件夹，默认 ./plans（也可用环境变量 QPLAN_PLANS 指定）。",
    )(function)


def format_option(formats: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return click.option(
            "--format", "fmt", type=click.Choice(formats), default=None,
            help="输出格式：" + "|".join(formats) + "（默认 table；给出 -o 时按文件后缀判断）。",
        )(function)
    return decorate


def output_option_for(formats: tuple[str, ...] = FORMATS, extra: tuple[str, ...] = ()) -> Callable[[F], F]:
    """-o FILE, its help listing the suffixes this command really writes."""
    suffixes = [s for s, f in SUFFIX_FORMATS.items() if f in formats and s != ".markdown"] + list(extra)

    def decorate(function: F) -> F:
        return click.option(
            "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
            metavar="FILE", help=f"写入文件而不是屏幕；格式由后缀决定（{' '.join(suffixes)}）。",
        )(function)
    return decorate


output_option = output_option_for()


def dept_option(help_text: str) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return click.option("--dept", metavar="UNIT", default=None, help=help_text)(function)
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
