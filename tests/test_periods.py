"""Reporting periods: codes, their dates and labels, and codes that name no period."""

from __future__ import annotations

import datetime as dt

import pytest

from qplan.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("code", "canonical", "start", "end", "label"),
    [
        pytest.param("2025", "2025", "2025-01-01", "2025-12-31", "2025年度", id="year"),
        pytest.param("2025H1", "2025H1", "2025-01-01", "2025-06-30", "2025年上半年", id="first-half"),
        pytest.param("2025h2", "2025H2", "2025-07-01", "2025-12-31", "2025年下半年", id="second-half-lower-case"),
        pytest.param("2025Q3", "2025Q3", "2025-07-01", "2025-09-30", "2025年第三季度", id="quarter"),
        pytest.param("2024Q1", "2024Q1", "2024-01-01", "2024-03-31", "2024年第一季度", id="first-quarter"),
        pytest.param("2025-06", "2025-06", "2025-06-01", "2025-06-30", "2025年6月", id="month"),
        pytest.param("2024-2", "2024-02", "2024-02-01", "2024-02-29", "2024年2月", id="leap-february-one-digit"),
        pytest.param(" 2025－12 ", "2025-12", "2025-12-01", "2025-12-31", "2025年12月", id="full-width-dash"),
    ],
)
def test_a_period_knows_its_dates_and_label(code: str, canonical: str, start: str, end: str, label: str) -> None:
    period = parse_period(code)
    assert period.code == canonical
    assert (period.start, period.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert period.label == label


@pytest.mark.parametrize(
    ("code", "words"),
    [
        pytest.param("2025H3", "不是报送期", id="no-third-half"),
        pytest.param("2025Q5", "不是报送期", id="no-fifth-quarter"),
        pytest.param("2025-13", "月份 13 不存在", id="no-thirteenth-month"),
        pytest.param("2025-00", "月份 0 不存在", id="no-month-zero"),
        pytest.param("上半年", "不是报送期", id="words"),
        pytest.param("25H1", "不是报送期", id="two-digit-year"),
        pytest.param("1800", "不在 1990–2100", id="year-out-of-range"),
        pytest.param("", "不是报送期", id="empty"),
    ],
)
def test_a_code_that_names_no_period_is_explained(code: str, words: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(code)
    assert words in caught.value.message
    assert "2025H1" in caught.value.message or "年份" in caught.value.message or "月份" in caught.value.message


def test_periods_sort_by_end_then_length() -> None:
    codes = ["2025", "2025-12", "2025Q4", "2025H1", "2025-06", "2025H2"]
    ordered = sorted((parse_period(code) for code in codes), key=lambda p: p.sort_key)
    assert [p.code for p in ordered] == ["2025-06", "2025H1", "2025-12", "2025Q4", "2025H2", "2025"]
