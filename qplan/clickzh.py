"""Chinese help for click, which speaks English and measures text in characters: headings,
usage-error messages, and help laid out by display width (a Chinese character takes two
columns), so that `-h` fits 80 columns without the terminal wrapping lines back to column 0.

The messages translated here are click 8's (pyproject pins click to 8.x);
tests/test_clickzh.py makes click produce each of them and checks the translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import click


# The layout of help and usage text: imported when help is shown, not by every command
# (qplan.render.measure compiles its patterns when imported).
def display_width(text: str) -> int:
    from qplan.render.measure import width

    return width(text)


def wrap(text: str, size: int, **options: Any) -> list[str]:
    from qplan.render import measure

    return measure.wrap(text, size, **options)

_HELP_TEXT = "显示此帮助并退出。"
_CJK_EDGE = "\u2e80\u9fff\uff00\uffef\u3000\u303f"


def _cjk_edge(char: str) -> bool:
    """A character Chinese text joins without a space (ranges of _CJK_EDGE, curly quotes)."""
    return any(_CJK_EDGE[i] <= char <= _CJK_EDGE[i + 1] for i in range(0, len(_CJK_EDGE), 2)) or char in "“”‘’"


def _join_lines(lines: list[str]) -> str:
    """A paragraph's source lines as one: no space where Chinese meets Chinese."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and not (_cjk_edge(text[-1]) and line and _cjk_edge(line[0])):
            text += " "
        text += line
    return text


class ChineseHelpFormatter(click.HelpFormatter):
    """Help text wrapped by display width, breaking at spaces and after Chinese punctuation."""

    def _wrap(self, text: str, size: int) -> list[str]:
        return wrap(text, max(size, 20), lists=True, last_resort=True)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{'':>{self.current_indent}}{prefix or '用法：'}{prog}"
        indent = display_width(head) + 1
        if self.width - indent < 20:
            indent = self.current_indent + 4
            self.write(head + "\n")
            head = " " * (indent - 1)
        lines = self._wrap(args, self.width - indent) if args else [""]
        self.write("\n".join([f"{head} {lines[0]}".rstrip(), *(" " * indent + line for line in lines[1:])]) + "\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = re.split(r"\n[ \t]*\n", text.strip("\n"))
        out = []
        for paragraph in paragraphs:
            lines = paragraph.split("\n")
            if lines[0].strip() == "\b":
                out.append("\n".join(indent + line for line in lines[1:]))
            else:
                out.append("\n".join(indent + line for line in
                                      self._wrap(_join_lines(lines), self.width - self.current_indent)))
        self.write("\n\n".join(out) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_width = min(max((display_width(first) for first, _ in rows), default=0), col_max)
        column = self.current_indent + first_width + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            lines = self._wrap(second, self.width - column)
            if display_width(first) <= first_width:
                self.write(" " * (first_width + col_spacing - display_width(first)))
            else:
                self.write("\n" + " " * column)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * column + line + "\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class ChineseHelpMixin:
    context_class: type[click.Context] = ChineseContext

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


# A parameter as click names it: '--dept', or '-o' / '--output'.
_PARAM = r"(?P<param>'[^']+'(?: / '[^']+')*|[^':]+)"


def _names(text: str) -> str:
    """'-o' / '--output' -> -o/--output; 'a', 'b' -> a、b."""
    parts = re.findall(r"'([^']*)'", text)
    return "/".join(parts) if " / " in text else "、".join(parts) if parts else text.strip("'")


def _suggestion(match: re.Match[str]) -> str:
    found = match.group("hint")
    return f"您是否要用 {_names(found)}？" if found else ""


_HINT = r"(?:\s+\(?Did you mean(?: one of:)? (?P<hint>.+?)\??\)?)?"
_PATTERNS: list[tuple[str, Any]] = [
    (rf"^No such option:? '?(?P<name>[^'\s]+?)'?\.?{_HINT}$",
     lambda m: f"没有选项 {m.group('name')}。" + _suggestion(m)),
    (rf"^No such command '?(?P<name>[^'.]+)'?\.{_HINT}$",
     lambda m: f"没有命令“{m.group('name')}”。" + _suggestion(m)),
    (rf"^Missing argument {_PARAM}\.", lambda m: f"缺少参数 {_names(m.group('param'))}。"),
    (rf"^Missing option {_PARAM}\.", lambda m: f"缺少选项 {_names(m.group('param'))}。"),
    (rf"^Option {_PARAM} requires an argument\.", lambda m: f"选项 {_names(m.group('param'))} 需要一个值。"),
    (r"^Got unexpected extra arguments? \((.*)\)", lambda m: f"多余的参数：{m.group(1)}。"),
    (rf"^Invalid value for {_PARAM}: '?(?P<value>.*?)'? is not one of (?P<choices>.*)\.$",
     lambda m: f"{_names(m.group('param'))} 的值“{m.group('value')}”无效，可选：{_names(m.group('choices'))}。"),
    (rf"^Invalid value for {_PARAM}: '?(?P<value>.*?)'? is not a valid (?P<kind>integer|float|integer range)\.?$",
     lambda m: f"{_names(m.group('param'))} 的值“{m.group('value')}”无效，"
               f"应为{'整数' if 'integer' in m.group('kind') else '数字'}。"),
    (rf"^Invalid value for {_PARAM}: (?:File|Path|Directory) '?(?P<path>.*?)'? does not exist\.?$",
     lambda m: f"{_names(m.group('param'))} 给出的路径“{m.group('path')}”不存在。"),
    (rf"^Invalid value for {_PARAM}: (?:File|Path) '?(?P<path>.*?)'? is a directory\.?$",
     lambda m, suffix: f"{_names(m.group('param'))} 给出的“{m.group('path')}”是一个文件夹。"
                       f"请给出文件名，例如 {m.group('path').rstrip('/')}/结果{suffix}。"),
    (rf"^Invalid value for {_PARAM}: (?:File|Path|Directory) '?(?P<path>.*?)'? is not (?P<how>readable|writable)\.?$",
     lambda m: f"{_names(m.group('param'))} 给出的“{m.group('path')}”"
               f"无法{'读取' if m.group('how') == 'readable' else '写入'}。请检查权限。"),
    (rf"^Invalid value for {_PARAM}: (?P<why>.*)$",
     lambda m: f"{_names(m.group('param'))} 的值无效：{m.group('why')}"),
]


def translate_usage_error(message: str, param: click.Parameter | None = None) -> str:
    """Click's English message in Chinese; `param`, the option it is about, gives an example
    file name the suffix that option writes (graph -o: .txt, summary -o: .docx)."""
    suffix = re.search(r"\.[a-z]+", getattr(param, "help", None) or "")
    for pattern, build in _PATTERNS:
        match = re.match(pattern, message, flags=re.S)
        if match:
            if build.__code__.co_argcount == 2:
                return str(build(match, suffix.group() if suffix else ".json"))
            return str(build(match))
    return message
