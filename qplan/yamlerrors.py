"""YAML syntax errors in Chinese: what is wrong, on which line, and what to do.

The parser (ruamel.yaml) says what it expected in English, and often on the line where it
gave up rather than where the mistake is: an unclosed quote is reported at the end of the
file, a missing colon on the line after. Each common problem is recognised from the parser's
own words and put in terms of what the person typed, with the line where it starts. A problem
not recognised here keeps the parser's English as a secondary hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

GENERAL_ADVICE = "请检查该行及上一行的缩进、冒号、引号和括号是否配对。"


@dataclass(frozen=True, slots=True)
class Problem:
    """What the parser said, with the text of the lines it points at."""

    problem: str
    context: str
    problem_line: int | None  # 1-based
    problem_column: int | None  # 1-based
    context_line: int | None
    lines: list[str]

    def text_of(self, line: int | None) -> str:
        return self.lines[line - 1] if line and 0 < line <= len(self.lines) else ""


def yaml_syntax_message(exc: Any, text: str) -> tuple[str, int | None]:
    """(message, line) for a ruamel MarkedYAMLError raised on `text`."""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    found = Problem(
        problem=exc.problem or "", context=exc.context or "",
        problem_line=problem_mark.line + 1 if problem_mark is not None else None,
        problem_column=problem_mark.column + 1 if problem_mark is not None else None,
        context_line=context_mark.line + 1 if context_mark is not None else None,
        lines=text.splitlines(),
    )
    for matches, explain in _KNOWN:
        if matches(found):
            return explain(found)
    hint = "；".join(part for part in (found.context, found.problem) if part)
    line = found.problem_line or found.context_line
    return f"YAML 语法错误。{GENERAL_ADVICE}（解析器的英文提示：{hint}）", line


def _tab(found: Problem) -> tuple[str, int | None]:
    line = found.problem_line
    where = f"第 {found.problem_column} 个字符" if found.problem_column else "该行"
    return (f"{where}是制表符（Tab）。YAML 只能用空格缩进，键和值之间也要用空格；"
            "请把该行的 Tab 换成空格（编辑器里可设置“用空格代替 Tab”）。", line)


def _tab_on_the_line(found: Problem) -> tuple[str, int | None]:
    written = found.text_of(found.problem_line)
    return _tab(Problem(found.problem, found.context, found.problem_line, written.index("\t") + 1,
                        found.context_line, found.lines))


def _reserved_start(found: Problem) -> tuple[str, int | None]:
    char = re.search(r"found character '(.+?)'", found.problem)
    shown = char.group(1) if char else "?"
    return (f"值不能以“{shown}”开头：它在 YAML 中是保留字符。请把整个值放进双引号，"
            f"如 title: \"{shown}……\"。", found.problem_line)


def _missing_colon(found: Problem) -> tuple[str, int | None]:
    line = found.context_line or found.problem_line
    written = found.text_of(line)
    if "：" in written and ":" not in written:
        return ("这一行的冒号是全角的“：”，YAML 只认半角冒号“:”。请改成半角冒号并在后面加一个空格："
                f"“{_half_width_colon(written)}”。", line)
    return ("这一行缺少冒号：每行应写成“键: 值”，冒号是半角的“:”，后面加一个空格（如 title: 加强质量）。"
            "如果这一行是上一行文字的续行，请把整段文字放进双引号。", line)


def _extra_colon(found: Problem) -> tuple[str, int | None]:
    line = found.problem_line
    written = found.text_of(line)
    above = _line_above(found, line)
    if above is not None and "：" in found.text_of(above) and ":" not in found.text_of(above):
        return ("这一行的冒号是全角的“：”，YAML 只认半角冒号“:”，于是下一行被当成了它的续行。"
                f"请改成半角冒号并在后面加一个空格：“{_half_width_colon(found.text_of(above))}”。", above)
    value = written.split(": ", 1)[1] if ": " in written else ""
    if ": " in value or value.rstrip().endswith(":"):
        return ("这一行的值里有“: ”（冒号加空格），YAML 会把它当作新的键。请把整个值放进双引号，"
                "如 title: \"要点: 说明\"，或把半角冒号改成全角“：”。", line)
    return ("这一行不能出现“键: 值”：它比上一行缩进得多，被当成了上一行的值的一部分。"
            "请让同一层的键左侧对齐（用空格），或把上一行的值放进引号。", line)


def _half_width_colon(written: str) -> str:
    key, _, value = written.strip().partition("：")
    return f"{key}: {value.strip()}"


def _line_above(found: Problem, line: int | None) -> int | None:
    """The nearest line above with something on it other than a comment."""
    if not line:
        return None
    return next((n for n in range(line - 1, 0, -1)
                 if found.text_of(n).strip() and not found.text_of(n).lstrip().startswith("#")), None)


def _unclosed_quote(found: Problem) -> tuple[str, int | None]:
    line = found.context_line or found.problem_line
    return ("从这一行开始的引号没有结束：双引号 \" 或单引号 ' 要成对出现。请在值的末尾补上同样的引号；"
            "值里本身有引号时，请换用另一种引号包住整个值（如 '他说\"好\"'）。", line)


def _unclosed_flow(found: Problem) -> tuple[str, int | None]:
    line = found.context_line or found.problem_line
    square = "]" in found.problem
    opening, closing = ("[", "]") if square else ("{", "}")
    example = "lead: [市教委, 市卫生健康委]" if square else "acting: {某领导小组: 某局}"
    return (f"从这一行开始的“{opening}”没有用“{closing}”闭合，或其中各项之间缺少半角逗号。"
            f"请在末尾补上“{closing}”，各项用半角逗号“,”分开，如 {example}。", line)


def _ends_inside_brackets(found: Problem) -> tuple[str, int | None]:
    line = _unclosed_bracket_line(found.lines) or found.problem_line
    return ("文件在括号还没有闭合时就结束了：从这一行开始的“[”或“{”缺少对应的“]”或“}”。"
            "请补上闭合的括号，如 lead: [市教委, 市卫生健康委]。", line)


def _unclosed_bracket_line(lines: list[str]) -> int | None:
    """The line where the outermost bracket still open at the end was opened (quotes and
    comments skipped roughly, as a person would read them)."""
    opened: list[int] = []
    for number, written in enumerate(lines, start=1):
        quote = ""
        for char in written:
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                opened.append(number)
            elif char in "]}" and opened:
                opened.pop()
    return opened[0] if opened else None


def _misaligned(found: Problem) -> tuple[str, int | None]:
    line = found.problem_line
    what = re.search(r"but found '(.+?)'$", found.problem)
    token = what.group(1) if what else ""
    if token == "-":
        return ("这里不能开始列表项“- ”：列表要写在某个键下面，每项比这个键多缩进两个空格"
                "（如在“lead:”下一行写“  - 市教委”）。请检查该行的缩进，或在上一行补上键。", line)
    value = found.text_of(line).split(":", 1)[-1].strip()
    if token == "<scalar>" and value[:1] in ("'", '"'):
        return ("引号结束后还有文字：引号内是一个完整的值。若值本身含有引号，请换用另一种引号包住整个值"
                "（如 title: '他说\"好\"'）。", line)
    if token in ("]", "}"):
        return (f"这一行多了一个“{token}”，与前面的括号不配对。请删去多余的“{token}”。", line)
    return ("这一行的缩进与同一层的其他行不一致（或上一行的值没有写完）。请用空格让同一层的键左侧对齐，"
            "列表项“- ”彼此对齐；值里有引号或冒号时，把整个值放进引号。", line)


def _undefined_alias(found: Problem) -> tuple[str, int | None]:
    name = re.search(r"found undefined alias '(.*?)'", found.problem)
    alias = f"*{name.group(1)}" if name else "*"
    return (f"“{alias}”是 YAML 的引用写法，但文件中没有对应的 &{alias[1:]}。若“*”是文字的一部分，"
            f"请把整个值放进双引号，如 title: \"{alias}……\"。", found.problem_line)


def _anchor(found: Problem) -> tuple[str, int | None]:
    mark = "&" if "anchor" in found.context else "*"
    return (f"值不能以“{mark}”开头：它在 YAML 中用于引用。请把整个值放进双引号，如 title: \"{mark}……\"。",
            found.problem_line)


def _duplicate_key(found: Problem) -> tuple[str, int | None]:
    key = re.search(r'found duplicate key "(.*?)"', found.problem)
    name = f"“{key.group(1)}”" if key else ""
    line = found.problem_line
    first = _first_key_line(found, key.group(1)) if key else None
    before = f"（第 {first} 行已经写过）" if first else ""
    return (f"键{name}在同一层出现了两次{before}。请删除或合并重复的键。", line)


def _first_key_line(found: Problem, key: str) -> int | None:
    """The line where the key was first written, at the duplicate's own indentation."""
    line = found.problem_line
    if not line:
        return None
    indent = len(found.text_of(line)) - len(found.text_of(line).lstrip(" -"))
    pattern = re.compile(rf"^[ -]{{{indent}}}['\"]?{re.escape(key)}['\"]?\s*:")
    start = found.context_line or 1
    return next((n for n in range(start, line) if pattern.match(found.text_of(n))), None)


def _escape(found: Problem) -> tuple[str, int | None]:
    return ("双引号中的反斜杠“\\”开始一个转义（如 \\n），这里的写法不是有效的转义。若要写反斜杠本身，"
            "请写成两个“\\\\”，或改用单引号包住整个值。", found.problem_line)


def _second_document(found: Problem) -> tuple[str, int | None]:
    return ("文件中有第二个文档（以“---”或“...”分隔）。一个计划文件只能有一个文档：请删去分隔行，"
            "或把它后面的内容合并到前面。", found.problem_line)


_KNOWN: list[tuple[Callable[[Problem], bool], Callable[[Problem], tuple[str, int | None]]]] = [
    (lambda p: "found character '\\t'" in p.problem, _tab),
    (lambda p: "that cannot start any token" in p.problem, _reserved_start),
    (lambda p: "could not find expected ':'" in p.problem, _missing_colon),
    (lambda p: "mapping values are not allowed here" in p.problem, _extra_colon),
    (lambda p: "while scanning a quoted scalar" in p.context, _unclosed_quote),
    (lambda p: bool(re.search(r"expected ',' or '[\]}]'", p.problem)), _unclosed_flow),
    (lambda p: "while parsing a flow" in p.context and "<stream end>" in p.problem, _ends_inside_brackets),
    (lambda p: "expected <block end>" in p.problem, _misaligned),
    (lambda p: "while scanning a double-quoted scalar" in p.context and "escape" in p.problem, _escape),
    (lambda p: "found undefined alias" in p.problem, _undefined_alias),
    (lambda p: "while scanning an anchor" in p.context or "while scanning an alias" in p.context, _anchor),
    (lambda p: "found duplicate key" in p.problem, _duplicate_key),
    (lambda p: "expected a single document" in p.context or "but found another document" in p.problem,
     _second_document),
    # A tab elsewhere on the line the parser stopped at is the likeliest cause of what is left.
    (lambda p: "\t" in p.text_of(p.problem_line), _tab_on_the_line),
]
