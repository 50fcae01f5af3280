"""`qplan link`: a person's decision, written into the newer plan file without disturbing it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.diff_data import UNITS, plan_2023, plan_2024

Run = Callable[..., Result]

# A hand-written plan file: comments, quoting and key order a person chose.
PLAN_2024 = """\
# 2024年质量工作要点（测试用）
title: 2024年质量工作要点   # 标题
document:
  title: 2024年质量工作要点
  issuer: 上海市质量工作领导小组
  date: 2024-04-01
sections:
  - no: 1
    title: 第一部分
    items:
      # 人才
      - no: 1
        title: 壮大质量人才队伍
        lead_stated: true
        lead: [市市场监管局]
        text: "加强质量技能培训，持续推进实施首席质量官制度。"
        support: [市人社局]
      - no: 2
        title: 推进绿色低碳认证
        text: 开展碳足迹认证试点。
        lead: [市生态环境局]
        support: []
        lead_stated: true
        links:
          not: ['2023#2']   # 已否定
"""


@pytest.fixture
def plans(make_plans: Callable[..., Path]) -> Path:
    return make_plans({"2023": plan_2023(), "2024": PLAN_2024}, units=UNITS)


def test_confirming_a_link_changes_only_that_item_and_keeps_comments(run: Run, plans: Path) -> None:
    result = run("link", "2024#1", "--continues", "2023#1", plans=plans)
    assert result.exit_code == 0, result.output
    expected = PLAN_2024.replace(
        "        support: [市人社局]\n",
        '        support: [市人社局]\n        links:\n          continues: ["2023#1"]\n')
    assert (plans / "2024.yaml").read_text(encoding="utf-8") == expected
    assert "已记录：2024#1 确认延续 2023#1" in result.stderr
    assert f"已写入 {plans / '2024.yaml'}:12" in result.stderr


def test_adding_to_existing_links_keeps_their_quoting_and_comment(run: Run, plans: Path) -> None:
    assert run("link", "2024#2", "--not", "2023#4", "--continues", "2023#6", plans=plans).exit_code == 0
    text = (plans / "2024.yaml").read_text(encoding="utf-8")
    assert text.endswith("""\
        links:
          continues: ["2023#6"]
          not: ['2023#2', "2023#4"] # 已否定
""")
    assert text.startswith(PLAN_2024[:PLAN_2024.index("        links:")])


def test_clearing_the_last_decision_removes_the_links_key(run: Run, plans: Path) -> None:
    assert run("link", "2024#2", "--clear", "2023#2", plans=plans).exit_code == 0
    text = (plans / "2024.yaml").read_text(encoding="utf-8")
    assert "links" not in text and "2023#2" not in text
    assert text.startswith(PLAN_2024[:PLAN_2024.index("        links:")])


def test_a_new_decision_replaces_the_opposite_one(run: Run, plans: Path) -> None:
    result = run("link", "2024#2", "--continues", "2023#2", plans=plans)
    assert "已撤销：2024#2 否定对应 2023#2" in result.stderr
    text = (plans / "2024.yaml").read_text(encoding="utf-8")
    assert 'continues: ["2023#2"]' in text and "not:" not in text


def test_repeating_a_decision_leaves_the_file_alone(run: Run, plans: Path) -> None:
    before = (plans / "2024.yaml").stat().st_mtime_ns
    result = run("link", "2024#2", "--not", "2023#2", plans=plans)
    assert result.exit_code == 0 and "文件未改动" in result.stderr
    assert (plans / "2024.yaml").stat().st_mtime_ns == before


def test_without_options_it_shows_the_recorded_decisions(run: Run, plans: Path) -> None:
    result = run("link", "2024#2", plans=plans)
    assert result.stdout == "2024#2 （二）推进绿色低碳认证\n  确认延续：（无）\n  否定对应：2023#2\n"


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(("2024#9", "--continues", "2023#1"), "计划“2024”中没有第 9 条", id="unknown-item"),
    pytest.param(("2024#1", "--continues", "2023#99"), "计划“2023”中没有第 99 条", id="unknown-target"),
    pytest.param(("2024#1", "--continues", "2020#1"), "计划“2020”不存在", id="unknown-plan"),
    pytest.param(("2024#1", "--continues", "2024#2"), "在同一计划中", id="same-plan"),
    pytest.param(("2023#1", "--continues", "2024#1"), "`qplan link 2024#1 --continues 2023#1`",
                 id="wrong-direction"),
    pytest.param(("2024#1", "--continues", "2023#1", "--not", "2023#1"), "不能同时用", id="contradiction"),
    pytest.param(("2024-1", "--continues", "2023#1"), "不是条目引用", id="bad-ref"),
])
def test_bad_requests_are_refused_and_the_file_is_untouched(run: Run, plans: Path, args: tuple[str, ...],
                                                             message: str) -> None:
    result = run("link", *args, plans=plans)
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.startswith("错误：")
    assert (plans / "2024.yaml").read_text(encoding="utf-8") == PLAN_2024


def test_plans_of_another_kind_cannot_be_linked(run: Run, make_plans: Callable[..., Path]) -> None:
    folder = make_plans({"2023": plan_2023(kind="projects"), "2024": plan_2024()}, units=UNITS)
    result = run("link", "2024#1", "--continues", "2023#1", plans=folder)
    assert result.exit_code == 2 and "类型不同" in result.stderr


def test_a_chinese_hash_sign_is_accepted(run: Run, plans: Path) -> None:
    assert run("link", "2024＃1", "--continues", "2023＃1", plans=plans).exit_code == 0
    assert 'continues: ["2023#1"]' in (plans / "2024.yaml").read_text(encoding="utf-8")


def test_written_links_pass_validate_and_steer_diff(run: Run, plans: Path) -> None:
    assert run("link", "2024#2", "--continues", "2023#2", plans=plans).exit_code == 0
    assert run("validate", plans=plans).exit_code == 0
    found = json.loads(run("diff", "2023", "2024", "--format", "json", plans=plans).stdout)
    row = next(r for r in found["items"] if r["new"] == 2)
    assert (row["old"], row["status"], row["confirmed"]) == (2, "continued", True)
