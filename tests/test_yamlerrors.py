"""YAML syntax errors in Chinese: the file, the line where the mistake is (not where the parser
gave up), and what to do; the parser's English only for a problem not recognised."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import item, small_plan

HEAD = "title: 2025年要点\ndocument:\n  title: 要点\n  issuer: 市市场监管局\n  date: 2025-04-01\nitems:\n"


@pytest.mark.parametrize(("text", "line", "expected"), [
    pytest.param(HEAD + "  - no: 1\n    title 加强质量\n    lead: [市教委]\n", 8,
                 "这一行缺少冒号：每行应写成“键: 值”", id="could-not-find-expected-colon"),
    pytest.param(HEAD + "  - no： 1\n    title: 加强质量\n", 7,
                 "这一行的冒号是全角的“：”，YAML 只认半角冒号“:”，于是下一行被当成了它的续行。"
                 "请改成半角冒号并在后面加一个空格：“- no: 1”。", id="full-width-colon"),
    pytest.param(HEAD + "  - no: 1\n    title: 要点: 加强质量\n", 8,
                 "这一行的值里有“: ”（冒号加空格），YAML 会把它当作新的键。请把整个值放进双引号",
                 id="mapping-values-colon-in-a-value"),
    pytest.param("title: 要点\n  lead: 市教委\n", 2, "这一行不能出现“键: 值”：它比上一行缩进得多",
                 id="mapping-values-indented-key"),
    pytest.param(HEAD + "\t- no: 1\n", 7, "第 1 个字符是制表符（Tab）。YAML 只能用空格缩进", id="tab-indent"),
    pytest.param("title:\t要点\n", 1, "第 7 个字符是制表符（Tab）", id="tab-after-colon"),
    pytest.param(HEAD + "  - no: 1\n    title: a\n  lead: b\n", 9,
                 "这一行的缩进与同一层的其他行不一致（或上一行的值没有写完）", id="expected-block-end"),
    pytest.param("title: a\n- b\n", 2, "这里不能开始列表项“- ”：列表要写在某个键下面", id="block-end-found-dash"),
    pytest.param('title: "加强" 质量\n', 1, "引号结束后还有文字：引号内是一个完整的值", id="text-after-a-quote"),
    pytest.param("title: a\nlead: [a, b]]\n", 2, "这一行多了一个“]”，与前面的括号不配对", id="extra-bracket"),
    pytest.param("title: *要点\n", 1, "“*要点”是 YAML 的引用写法，但文件中没有对应的 &要点。", id="undefined-alias"),
    pytest.param("title: &\n", 1, "值不能以“&”开头：它在 YAML 中用于引用。", id="bare-anchor"),
    pytest.param("title: @要点\n", 1, "值不能以“@”开头：它在 YAML 中是保留字符。请把整个值放进双引号",
                 id="reserved-character"),
    pytest.param("title: a\nnumbering: chinese\ntitle: b\n", 3,
                 "键“title”在同一层出现了两次（第 1 行已经写过）。请删除或合并重复的键。", id="duplicate-key"),
    pytest.param(HEAD + '  - no: 1\n    title: "加强质量\n    lead: [市教委]\n', 8,
                 "从这一行开始的引号没有结束：双引号 \" 或单引号 ' 要成对出现", id="unclosed-double-quote"),
    pytest.param("title: '加强质量\nlead: []\n", 1, "从这一行开始的引号没有结束", id="unclosed-single-quote"),
    pytest.param("title: a\nlead: [市教委, 市卫生健康委\nsupport: []\n", 2,
                 "从这一行开始的“[”没有用“]”闭合，或其中各项之间缺少半角逗号", id="unclosed-flow-sequence"),
    pytest.param("title: a\nlead: [市教委,\n", 2, "文件在括号还没有闭合时就结束了：从这一行开始的“[”",
                 id="file-ends-inside-brackets"),
    pytest.param("acting: {甲: 乙\nx: 1\n", 1, "从这一行开始的“{”没有用“}”闭合", id="unclosed-flow-mapping"),
    pytest.param('source: "C:\\文件"\n', 1, "双引号中的反斜杠“\\”开始一个转义", id="bad-escape"),
    pytest.param("title: a\n---\ntitle: b\n", 2, "文件中有第二个文档", id="second-document"),
])
def test_known_problems_in_chinese(make_plans: Callable[..., Path], run: Callable[..., Result],
                                   text: str, line: int, expected: str) -> None:
    plans = make_plans({"2025": text, "2022": small_plan(2022, [item(1, "甲", ["市市场监管局"])])})
    result = run("validate", plans=plans)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0].replace(str(plans) + "/", "")
    assert first.startswith(f"2025.yaml:{line}: 错误 file-read: {expected}"), first
    assert "解析器" not in result.output and not re.search("[A-Za-z]{4,} [a-z]{3,}", first), first
    # The broken file stops no command that does not need it.
    assert run("show", "2022", plans=plans).exit_code == 0


def test_an_unknown_problem_keeps_the_english_as_a_second_hint(make_plans: Callable[..., Path],
                                                               run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": "%YAML 1.1\n%YAML 1.1\n---\ntitle: a\n"})
    first = run("validate", plans=plans).stdout.splitlines()[0].replace(str(plans) + "/", "")
    assert first == ("2025.yaml:2: 错误 file-read: YAML 语法错误。请检查该行及上一行的缩进、冒号、引号和括号是否配对。"
                     "（解析器的英文提示：found duplicate YAML directive）")


def test_show_says_it_too(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": "title: a\nlead: [市教委, 市卫生健康委\nsupport: []\n"})
    result = run("show", "2025", plans=plans)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "2025.yaml:2: 从这一行开始的“[”没有用“]”闭合" in result.stderr
