from __future__ import annotations

import pytest

from qplan.numerals import item_label, parse_chinese_number, to_chinese_number


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
    ],
)
def test_round_trip(text: str, value: int) -> None:
    assert parse_chinese_number(text) == value
    assert to_chinese_number(value) == text


@pytest.mark.parametrize("text", ["", "七a", "零"])
def test_rejects_non_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        parse_chinese_number(text)


def test_item_label() -> None:
    assert item_label(7) == "（七）"
    assert item_label(7, "arabic") == "7"
