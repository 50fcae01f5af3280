"""Chinese help headings and usage-error messages for click, which speaks English."""

from __future__ import annotations

import re
from typing import Any

import click

_HELP_TEXT = "显示此帮助并退出。"


class ChineseHelpMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        if isinstance(self, click.Group):
            self.subcommand_metavar: str = "命令 [参数]..."

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(param, click.Argument):
                continue
            record = param.get_help_record(ctx)
            if record is not None:
                rows.append(record)
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _HELP_TEXT
        return option  # type: ignore[no-any-return]


class Command(ChineseHelpMixin, click.Command):
    pass


class Group(ChineseHelpMixin, click.Group):
    command_class = Command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from qplan.commands import SHORT_HELP

        rows = []
        for name in self.list_commands(ctx):
            if name in SHORT_HELP and name not in self.commands:
                rows.append((name, SHORT_HELP[name]))
                continue
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=60)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


_PATTERNS: list[tuple[str, Any]] = [
    (r"^No such option:? '?([^'\s]+?)'?\.?(?:\s+Did you mean '?([^'\s?]+)'?\?)?$",
     lambda m: f"没有选项 {m.group(1)}。" + (f"您是否要用 {m.group(2)}？" if m.group(2) else "")),
    (r"^No such command '?([^'.]+)'?\.(?:\s+Did you mean '?([^'\s?]+)'?\?)?",
     lambda m: f"没有命令“{m.group(1)}”。" + (f"您是否要用 {m.group(2)}？" if m.group(2) else "")),
    (r"^Missing argument '?([^'.]+)'?\.", lambda m: f"缺少参数 {m.group(1)}。"),
    (r"^Missing option '?([^'.]+)'?\.", lambda m: f"缺少选项 {m.group(1)}。"),
    (r"^Option '?([^']+)'? requires an argument\.", lambda m: f"选项 {m.group(1)} 需要一个值。"),
    (r"^Got unexpected extra arguments? \((.*)\)", lambda m: f"多余的参数：{m.group(1)}。"),
    (r"^Invalid value for '?([^':]+)'?: '?(.*?)'? is not one of (.*)\.$",
     lambda m: f"{m.group(1)} 的值“{m.group(2)}”无效，可选：{m.group(3)}。"),
    (r"^Invalid value for '?([^':]+)'?: '?(.*?)'? is not a valid (integer|float|integer range)\.?$",
     lambda m: f"{m.group(1)} 的值“{m.group(2)}”无效，应为{'整数' if 'integer' in m.group(3) else '数字'}。"),
    (r"^Invalid value for '?([^':]+)'?: (?:File|Path|Directory) '?(.*?)'? does not exist\.?$",
     lambda m: f"{m.group(1)} 给出的路径“{m.group(2)}”不存在。"),
    (r"^Invalid value for '?([^':]+)'?: (?:File|Path) '?(.*?)'? is a directory\.?$",
     lambda m: f"{m.group(1)} 给出的“{m.group(2)}”是一个文件夹。请给出文件名，例如 {m.group(2)}/结果.json。"),
    (r"^Invalid value for '?([^':]+)'?: (.*)$", lambda m: f"{m.group(1)} 的值无效：{m.group(2)}"),
]


def translate_usage_error(message: str) -> str:
    for pattern, build in _PATTERNS:
        match = re.match(pattern, message, flags=re.S)
        if match:
            return str(build(match))
    return message
