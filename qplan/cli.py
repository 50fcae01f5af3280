"""The command line: the `qplan` group, options given before a command, and the guard that
turns every failure into a Chinese message and an exit code. The commands themselves live
in `qplan.commands`, one module each, loaded only when used."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from qplan import __version__, interrupts
from qplan.clickzh import Group, translate_usage_error
from qplan.errors import QplanError
from qplan.options import META_ASCII, META_PLANS, PLANS_HELP
from qplan.safetext import visible


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


@click.group(cls=QplanGroup, invoke_without_command=True, no_args_is_help=False,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--plans", "plans_dir", type=click.Path(path_type=Path, readable=False), default=None, metavar="DIR",
              help=PLANS_HELP)
@click.option("--ascii", "ascii_marks", is_flag=True, default=None, envvar="QPLAN_ASCII",
              help="表格线和 ※ ● ○ 等标记改用 ASCII（* # o …）。终端把这些符号显示为两格宽、"
                   "表格错位时使用（也可设环境变量 QPLAN_ASCII=1）。")
@click.version_option(__version__, "--version", message="qplan %(version)s", help="显示版本并退出。")
@click.pass_context
def cli(ctx: click.Context, plans_dir: Path | None, ascii_marks: bool | None) -> None:
    """qplan：上海市质量工作要点的分工查询、比对与导出。

    \b
    常用：
      qplan show --dept 市市场监管局   本单位牵头、配合的全部任务
      qplan units 2025                各单位任务量
      qplan diff 2022 2025            两年计划比对
      qplan validate                  印发前检查计划文件
    每个命令都有 -h 帮助和例子，如 qplan show -h。
    """
    if plans_dir is not None:
        ctx.meta[META_PLANS] = plans_dir
    if ascii_marks is not None:
        ctx.meta[META_ASCII] = ascii_marks
    if ctx.invoked_subcommand is None:
        # A bare `qplan` is a request for help, not a mistake.
        click.echo(ctx.get_help())
        ctx.exit(0)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="qplan")


def _fail(message: str, code: int) -> NoReturn:
    if interrupts.received:
        # Whatever failed after Ctrl-C failed because of it (a library may have turned the
        # interrupt into an error of its own): report what the user did, not a defect.
        message, code = "已取消。", 130
    click.echo(visible(message)[0], err=True)
    sys.exit(code)


def run_guarded(entry: Callable[..., Any], argv: Sequence[str] | None, **extra: Any) -> NoReturn:
    """Run click without its own error printing, so every failure speaks Chinese."""
    try:
        code = entry(args=argv, prog_name="qplan", standalone_mode=False, **extra)
    except click.UsageError as exc:
        hint = ""
        if exc.ctx is not None:
            hint = f"\n运行 `{exc.ctx.command_path} --help` 查看用法。"
            click.echo(exc.ctx.get_usage(), err=True)
        _fail(f"用法错误：{translate_usage_error(exc.format_message(), getattr(exc, 'param', None))}{hint}", 2)
    except click.Abort:
        _fail("已取消。", 130)
    except QplanError as exc:
        _fail(f"错误：{exc}", exc.exit_code)
    except click.ClickException as exc:
        _fail(f"错误：{translate_usage_error(exc.format_message())}", exc.exit_code)
    except KeyboardInterrupt:
        _fail("已取消。", 130)
    except BrokenPipeError:
        # Output piped into `head` and the like: not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:
        # Files are read and written through qplan.yamlio, which names them; what is left is
        # the output itself (stdout on a full disk, `> /dev/full`), or a path the system
        # refused to look at (a folder without read or search permission).
        from qplan.yamlio import os_reason

        if exc.filename is not None:
            _fail(f"错误：{exc.filename}：无法访问（{os_reason(exc)}）。请检查它和所在文件夹的权限。", 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        _fail(f"错误：无法写出结果（{os_reason(exc)}），输出不完整。请检查磁盘空间或输出位置。", 1)
    except Exception as exc:
        if os.environ.get("QPLAN_DEBUG"):
            raise
        _fail(f"内部错误：{type(exc).__name__}: {exc}\n这是 qplan 的缺陷，请把上面这行和所用命令报告给维护者"
              "（设置 QPLAN_DEBUG=1 可看到详细信息）。", 3)
    sys.exit(code or 0)
