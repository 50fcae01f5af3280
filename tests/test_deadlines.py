"""Deadlines (完成时限): the date each phrase means, reading them from plan files, and the
validate rules that check them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from qplan.deadlines import phrase_date, read_deadline
from qplan.model import Deadline
from qplan.planfile import read_plan
from tests.conftest import item, small_plan


@pytest.mark.parametrize(("phrase", "expected"), [
    pytest.param("2025年6月底前", dt.date(2025, 6, 30), id="month-end"),
    pytest.param("2026年6月底前完成", dt.date(2026, 6, 30), id="other-year"),
    pytest.param("6月底前", dt.date(2025, 6, 30), id="no-year"),
    pytest.param("2025年6月30日前", dt.date(2025, 6, 30), id="day"),
    pytest.param("2025年2月", dt.date(2025, 2, 28), id="month"),
    pytest.param("2024年2月底", dt.date(2024, 2, 29), id="leap-year"),
    pytest.param("2025年9月前", dt.date(2025, 8, 31), id="before-the-month"),
    pytest.param("十二月中旬", dt.date(2025, 12, 20), id="chinese-month"),
    pytest.param("年内完成", dt.date(2025, 12, 31), id="within-the-year"),
    pytest.param("年底前", dt.date(2025, 12, 31), id="year-end"),
    pytest.param("2026年底前完成", dt.date(2026, 12, 31), id="year-end-of"),
    pytest.param("2026年", dt.date(2026, 12, 31), id="year"),
    pytest.param("2024—2026年", dt.date(2026, 12, 31), id="range"),
    pytest.param("上半年", dt.date(2025, 6, 30), id="first-half"),
    pytest.param("2025年下半年", dt.date(2025, 12, 31), id="second-half"),
    pytest.param("三季度末", dt.date(2025, 9, 30), id="quarter"),
    pytest.param("第一季度", dt.date(2025, 3, 31), id="first-quarter"),
    pytest.param("2025-06-30", dt.date(2025, 6, 30), id="iso"),
    pytest.param("长期坚持", None, id="ongoing"),
    pytest.param("持续推进", None, id="continuing"),
    pytest.param("视情况而定", None, id="unreadable"),
    pytest.param("2025-02-30", None, id="impossible"),
])
def test_the_date_a_phrase_means(phrase: str, expected: dt.date | None) -> None:
    assert phrase_date(phrase, 2025) == expected


def test_a_phrase_without_a_year_needs_the_plans_year() -> None:
    assert phrase_date("年底前", None) is None
    assert phrase_date("2026年底前", None) == dt.date(2026, 12, 31)


@pytest.mark.parametrize(("value", "date", "inferred", "expected"), [
    pytest.param(dt.date(2025, 6, 30), None, None, Deadline("2025-06-30", dt.date(2025, 6, 30)), id="date"),
    pytest.param("2025-06-30", None, None, Deadline("2025-06-30", dt.date(2025, 6, 30)), id="date-as-text"),
    pytest.param("年内完成", None, None, Deadline("年内完成", dt.date(2025, 12, 31), True), id="phrase"),
    pytest.param("年内完成", "2025-11-30", None, Deadline("年内完成", dt.date(2025, 11, 30)), id="date-by-hand"),
    pytest.param("年内完成", dt.date(2025, 12, 31), True, Deadline("年内完成", dt.date(2025, 12, 31), True),
                 id="date-read-on-import"),
    pytest.param("长期坚持", None, None, Deadline("长期坚持"), id="ongoing"),
])
def test_reading_a_deadline(value: Any, date: Any, inferred: bool | None, expected: Deadline) -> None:
    assert read_deadline(value, 2025, date, inferred) == expected


def test_ongoing_work_has_no_date() -> None:
    assert Deadline("长期坚持").ongoing and Deadline("持续推进").ongoing
    assert not Deadline("视情况而定").ongoing
    assert not Deadline("年内完成", dt.date(2025, 12, 31), True).ongoing


def test_deadlines_in_a_plan_file(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": small_plan(2025, [
        item(1, "甲", ["市教委"], deadline=dt.date(2025, 6, 30)),
        item(2, "乙", ["市教委"], deadline="2025年9月底前", deadline_date="2025-09-30", deadline_inferred=True),
        item(3, "丙", ["市教委"], deadline="年内完成"),
        item(4, "丁", ["市教委"], deadline="持续推进"),
        item(5, "戊", ["市教委"]),
    ])})
    plan = read_plan(plans / "2025.yaml", "2025")
    assert [i.deadline for i in plan.items] == [
        Deadline("2025-06-30", dt.date(2025, 6, 30)), Deadline("2025年9月底前", dt.date(2025, 9, 30), True),
        Deadline("年内完成", dt.date(2025, 12, 31), True), Deadline("持续推进"), None]
    result = run("validate", "--strict", plans=plans)
    assert (result.exit_code, result.stdout) == (0, ""), result.output


# Line numbers refer to the YAML that conftest.write_yaml writes: the first item starts at
# line 10, its extra keys from line 17.
@pytest.mark.parametrize(("extra", "expected"), [
    pytest.param({"deadline": "2025-02-30"},
                 "2025.yaml:17: 错误 deadline: 第 1 项的完成时限“2025-02-30”不是有效日期", id="impossible-date"),
    pytest.param({"deadline": "视情况而定"},
                 "2025.yaml:17: 警告 deadline: 第 1 项的完成时限“视情况而定”读不出日期", id="unreadable"),
    pytest.param({"deadline_date": "2025-06-30"},
                 "2025.yaml:17: 警告 deadline: 第 1 项有 deadline_date 却没有 deadline", id="date-alone"),
    pytest.param({"deadline": "2024年底前"},
                 "2025.yaml:17: 警告 deadline: 第 1 项的完成时限 2024-12-31（2024年底前）早于计划的成文日期 2025-04-01",
                 id="before-the-plan"),
    pytest.param({"deadline": ""}, "2025.yaml:17: 错误 types: 第 1 项的 deadline 应为日期（如 2025-06-30）或原文写法",
                 id="empty"),
    pytest.param({"deadline": "年内完成", "deadline_date": "六月"},
                 "2025.yaml:18: 错误 types: 第 1 项的 deadline_date 应为日期", id="date-not-a-date"),
])
def test_each_deadline_problem(make_plans: Callable[..., Path], run: Callable[..., Result],
                               extra: dict[str, Any], expected: str) -> None:
    plans = make_plans({"2025": small_plan(2025, [item(1, "甲", ["市教委"], **extra)])})
    result = run("validate", plans=plans)
    lines = [line.replace(str(plans) + "/", "") for line in result.stdout.splitlines()]
    assert any(line.startswith(expected) for line in lines), lines
    assert result.exit_code == (1 if "错误" in expected else 0)
