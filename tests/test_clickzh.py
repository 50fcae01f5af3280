"""Every click message clickzh.py translates, produced by the click version installed, so that a
new click whose wording changed fails here instead of reaching users in English."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result

from qplan.clickzh import _PATTERNS, translate_usage_error
from tests.conftest import SHIPPED_PLANS

Run = Callable[..., Result]


def click_message(command: click.Command, args: list[str]) -> str:
    """The English message click itself gives for these arguments."""
    with pytest.raises(click.ClickException) as caught:
        command.main(args, standalone_mode=False)
    return caught.value.format_message()


@click.group()
def group() -> None:
    pass


@group.command()
@click.argument("old")
@click.option("--dept")
@click.option("--need", required=True)
@click.option("--top", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]))
@click.option("--source", type=click.Path(exists=True))
@click.option("-o", "output", type=click.Path(dir_okay=False))
def sample(**_: object) -> None:
    pass


CASES: list[tuple[str, list[str], str]] = [
    ("no-such-option", ["sample", "x", "--zzz"], "没有选项 --zzz。"),
    ("did-you-mean-one-of", ["sample", "x", "--nope"], "没有选项 --nope。您是否要用 --need、--top？"),
    ("did-you-mean", ["sample", "x", "--sourse", "1"], "没有选项 --sourse。您是否要用 --source？"),
    ("no-such-command", ["smaple"], "没有命令“smaple”。"),
    ("missing-argument", ["sample"], "缺少参数 OLD。"),
    ("missing-option", ["sample", "x"], "缺少选项 --need。"),
    ("needs-a-value", ["sample", "x", "--need"], "选项 --need 需要一个值。"),
    ("extra-argument", ["sample", "x", "y", "--need", "1"], "多余的参数：y。"),
    ("not-one-of", ["sample", "x", "--need", "1", "--format", "xml"], "--format 的值“xml”无效，可选："),
    ("not-an-integer", ["sample", "x", "--need", "1", "--top", "many"], "--top 的值“many”无效，应为整数。"),
    ("does-not-exist", ["sample", "x", "--need", "1", "--source", "/no/such/file"],
     "--source 给出的路径“/no/such/file”不存在。"),
    ("is-a-directory", ["sample", "x", "--need", "1", "-o", "/"], "-o 给出的“/”是一个文件夹。"),
]


@pytest.mark.parametrize(("args", "expected"), [pytest.param(a, e, id=i) for i, a, e in CASES])
def test_each_message_of_this_click_is_translated(args: list[str], expected: str) -> None:
    english = click_message(group, args)
    translated = translate_usage_error(english)
    assert expected in translated, english
    assert not re.search(r"\b(Invalid|Missing|No such|Got|Option|requires|Error|does not)\b", translated)


def test_an_unreadable_path_is_translated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "f"
    source.write_text("x", encoding="utf-8")
    # Whoever runs the tests (root in CI) may read any file: make this one unreadable to click.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if str(path) == str(source)
                        else real_access(path, mode, **kw))
    command = click.command()(click.option("--source", type=click.Path(exists=True, readable=True))(
        lambda **_: None))
    english = click_message(command, ["--source", str(source)])
    assert translate_usage_error(english) == f"--source 给出的“{source}”无法读取。请检查权限。"


def test_every_pattern_is_exercised() -> None:
    """Each translation above comes from a different pattern: none is dead."""
    used = set()
    for _, args, _ in CASES:
        english = click_message(group, args)
        used.add(next(i for i, (pattern, _) in enumerate(_PATTERNS) if re.match(pattern, english, flags=re.S)))
    # The last two (unreadable, and any other invalid value) are checked apart.
    assert used | {len(_PATTERNS) - 2, len(_PATTERNS) - 1} == set(range(len(_PATTERNS)))


def test_any_other_invalid_value_keeps_the_reason(run: Run) -> None:
    result = run("import", "x.txt", "--id", "2026", "--date", "明天", plans=SHIPPED_PLANS)
    assert result.exit_code == 2
    assert "--date 的值无效：日期“明天”格式不对，应写作 2025-04-01；只知年份时写 2018。" in result.stderr


@pytest.mark.parametrize(("args", "expected"), [
    pytest.param(["show", "--nope"], "没有选项 --nope。", id="option"),
    pytest.param(["shwo"], "没有命令“shwo”。您是否要用 show？", id="command"),
    pytest.param(["diff"], "缺少参数 OLD。", id="argument"),
    pytest.param(["show", "--grep"], "选项 --grep 需要一个值。", id="value"),
    pytest.param(["graph", "--top", "x"], "--top 的值“x”无效，应为整数。", id="integer"),
    pytest.param(["show", "-o", "/tmp"], "-o/--output 给出的“/tmp”是一个文件夹。请给出文件名，例如 /tmp/结果.json。",
                 id="folder"),
    pytest.param(["graph", "-o", "/tmp"], "请给出文件名，例如 /tmp/结果.txt。", id="folder-graph-suffix"),
    pytest.param(["summary", "2025", "--period", "2025", "-o", "/tmp"], "请给出文件名，例如 /tmp/结果.docx。",
                 id="folder-summary-suffix"),
    pytest.param(["diff", "2022", "2025", "-o", "/tmp"], "-o/--output 给出的“/tmp”是一个文件夹。", id="folder-diff"),
    pytest.param(["trace", "2025#1", "extra"], "多余的参数：extra。", id="extra"),
])
def test_qplan_says_it_in_chinese(run: Run, args: list[str], expected: str) -> None:
    result = run(*args, env={"QPLAN_PLANS": str(SHIPPED_PLANS)})
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Usage" not in result.output and "Error" not in result.output
