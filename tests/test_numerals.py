from __future__ import annotations

import pytest

from qplan.numerals import item_label, parse_chinese_digits, parse_chinese_number, to_chinese_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("一", 1, id="one"),
        pytest.param("十", 10, id="ten"),
        pytest.param("十一", 11, id="eleven"),
        pytest.param("二十", 20, id="twenty"),
        pytest.param("二十一", 21, id="twenty-one"),
        pytest.param("一百零二", 102, id="hundred-and-two"),
        pytest.param("一百一十", 110, id="hundred-ten"),
        pytest.param("九百九十九", 999, id="nine-nine-nine"),
        pytest.param("一千", 1000, id="thousand"),
        pytest.param("一千零一", 1001, id="thousand-and-one"),
        pytest.param("二千零一十", 2010, id="two-thousand-ten"),
        pytest.param("九千九百九十九", 9999, id="largest"),
    ],
)
def test_round_trip(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value
    assert to_chinese_number(value) == text


def test_every_number_to_9999_reads_back() -> None:
    assert all(parse_chinese_number(to_chinese_number(value)) == value for value in range(1, 10000))


def test_other_ways_of_writing() -> None:
    assert parse_chinese_number("两千") == 2000
    assert parse_chinese_number("一千〇五") == 1005


@pytest.mark.parametrize("text", ["", "七a", "零", "一二", "十百", "一千一千", "二十二十"])
def test_rejects_non_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_number(text)


def test_item_label() -> None:
    assert item_label(7) == "（七）"
    assert item_label(7, "arabic") == "7"


@pytest.mark.parametrize(("text", "value"), [
    pytest.param("二〇二六", 2026, id="ling-circle"),
    pytest.param("二○二六", 2026, id="white-circle"),
    pytest.param("二零一二", 2012, id="ling"),
])
def test_years_written_digit_by_digit(text: str, value: int) -> None:
    assert parse_chinese_digits(text) == value


@pytest.mark.parametrize("text", ["", "二十", "二〇二六年"])
def test_digit_by_digit_rejects_counting_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_digits(text)
