"""Progress entries written as text: every kind of text a unit may type reads back exactly,
and new entries go in after whatever a person wrote, however the file is laid out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from qplan.periods import parse_period
from qplan.progress.records import ProgressEntry, Source, entries_from_text
from qplan.progress.writer import Change, Target, entry_text, new_text

TRICKY = [
    "", "已完成。", "（一）已完成", "市局: 已完成", "已完成 #1", "已完成：第一阶段", "已完成:", "2025-06-30", "true",
    "null", "123", "1e5", "- 已完成", "* 重点", "& 锚", "! 标签", "% 指令", "@ 符号", "` 反引号", "'单引号'",
    '"双引号"', "{花括号}", "[方括号]", "> 折叠", "| 竖线", "? 问号", ": 冒号", "# 井号", " 前导空格", "尾随空格 ",
    "第一行\n第二行", "第一行\n\n第三行", "第一行\n  缩进的第二行", "  缩进的第一行\n第二行", "第一行\n第二行\n",
    "\n前导换行", "含\t制表符", "含\r回车\r\n", "全角　空格", "第一行\n \n空格行", "=1+1", "\\反斜杠\\n",
    "emoji 😀", "\u2028分隔符", "\x1b[31m转义", "零宽\u200b字符", "｛全角｝", "~", "…", "日期 2025-06-30 完成",
    "进展情况" * 200,
]


def _entry(text: str, item: int = 1) -> ProgressEntry:
    return ProgressEntry(item, "市市场监管局", "on_track", text, text, text, text, collected=dt.date(2025, 7, 10),
                         source=Source("交回（第 1 版）: a#b.xlsx", "ab" * 32))


@pytest.mark.parametrize("text", TRICKY, ids=[f"t{index}" for index in range(len(TRICKY))])
def test_every_text_reads_back_unchanged(text: str) -> None:
    written = entry_text(_entry(text), 2)
    for loader in (YAML(typ="safe", pure=False), YAML(typ="rt")):
        [data] = loader.load(written)
        assert [data[name] for name in ("progress", "problems", "next_steps", "evidence")] == [text] * 4, written
        assert data["source"]["file"] == "交回（第 1 版）: a#b.xlsx"
    [entry] = entries_from_text("reports:\n" + written, Path("x.yaml"))
    assert entry.progress == text.strip()


def _target(*changes: Change) -> Target:
    return Target("2025", "2025年质量工作要点", parse_period("2025H1"), Path("2025H1.yaml"), list(changes))


def _change(unit: str, texts: list[str], replaces: bool = False) -> Change:
    entries = [ProgressEntry(no, unit, "done", text) for no, text in enumerate(texts, start=1)]
    return Change(unit, {unit}, entries, f"{unit}：a.xlsx（2025-07-10 收录）", replaces)


@pytest.mark.parametrize("existing", [
    pytest.param(None, id="new-file"),
    pytest.param("plan: '2025'\nperiod: 2025H1\nreports:\n", id="empty-list"),
    pytest.param("plan: '2025'\nperiod: 2025H1\nreports:\n- item: 9\n  unit: 市教委\n  status: 滞后",
                 id="no-indent-no-newline"),
    pytest.param("# 手工记录\nplan: '2025'\nperiod: 2025H1\nreports:  # 以下为报送\n    - item: 9\n      unit: 市教委\n"
                 "      status: 滞后  # 电话核实\n\n# 结束\n", id="wide-indent-comments"),
    pytest.param("plan: '2025'\nreports:\n  - item: 9\n    unit: 市教委\n    status: 滞后\nperiod: 2025H1\n",
                 id="reports-not-last"),
    pytest.param("plan: '2025'\nperiod: 2025H1\nreports: [{item: 9, unit: 市教委, status: 滞后}]\n", id="flow-list"),
])
def test_new_entries_go_after_what_is_there(existing: str | None) -> None:
    text = new_text(existing, _target(_change("市市场监管局", ["已完成。", "第一行\n第二行"])))
    entries = entries_from_text(text, Path("x.yaml"))
    before = entries_from_text(existing, Path("x.yaml")) if existing else []
    assert [(e.item, e.unit, e.progress) for e in entries] == [
        *[(e.item, e.unit, e.progress) for e in before],
        (1, "市市场监管局", "已完成。"), (2, "市市场监管局", "第一行\n第二行")]
    if existing:
        for line in existing.splitlines():
            if line.strip().startswith("#") or "# 电话核实" in line:
                assert line.strip() in text  # comments a person wrote stay


def test_replacing_takes_the_units_old_entries_out_and_keeps_comments() -> None:
    existing = ("plan: '2025'\nperiod: 2025H1\nreports:\n  # 市教委：电话\n  - item: 2\n    unit: 市教委\n"
                "    status: 滞后\n  - item: 1\n    unit: 市局  # 别称\n    status: 滞后\n")
    change = _change("市市场监管局", ["新报告"], replaces=True)
    change.spellings = {"市市场监管局", "市局"}
    text = new_text(existing, _target(change))
    assert [(e.item, e.unit, e.progress) for e in entries_from_text(text, Path("x.yaml"))] == [
        (2, "市教委", ""), (1, "市市场监管局", "新报告")]
    assert "# 市教委：电话" in text and "# 市市场监管局：a.xlsx（2025-07-10 收录）" in text
