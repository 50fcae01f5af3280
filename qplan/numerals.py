"""Chinese numerals as plan documents write them: item numbers （七） is 7, （二十一） is 21,
（一千） is 1000; and the digit-by-digit years of a formal date, 二〇二六 is 2026.

Every reader of Chinese numbers goes through here, so that a character one of them knows
(千, 两, 〇) is known to all of them.
"""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"两": 2, "〇": 0, "○": 0}
_UNITS = {"十": 10, "百": 100, "千": 1000}
# Every character a counting numeral may contain, for building patterns: [{NUMERAL_CHARS}]+.
NUMERAL_CHARS = DIGITS[1:] + "".join(_UNITS) + "零〇两"
# The characters of a year written digit by digit: 二〇二六, 二○二六.
YEAR_DIGIT_CHARS = DIGITS + "〇○"


def parse_chinese_number(text: str) -> int:
    """Parse 一 … 九千九百九十九; raise ValueError on anything else."""
    if not text:
        raise ValueError("empty numeral")
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for char in text:
        if char in _VALUE:
            if digit is not None and digit != 0 and _VALUE[char] != 0:
                raise ValueError(f"two digits in a row: {text}")  # 一二 is not a number
            digit = _VALUE[char]
        elif char in _UNITS:
            unit = _UNITS[char]
            if unit >= last_unit:
                raise ValueError(f"units out of order: {text}")  # 十百, 一千一千
            # A bare 十 at the start means 一十.
            total += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    if digit is not None:
        total += digit
    if total <= 0:
        raise ValueError(f"not a positive numeral: {text}")
    return total


def parse_chinese_digits(text: str) -> int:
    """A number written digit by digit, as the year of a formal date: 二〇二六 is 2026."""
    if not text or any(char not in YEAR_DIGIT_CHARS for char in text):
        raise ValueError(f"not a digit-by-digit numeral: {text}")
    return int("".join(str(_VALUE[char]) for char in text))


def to_chinese_number(value: int) -> str:
    """Write 1 … 9999 the way plan documents number their items."""
    if not 0 < value < 10000:
        return str(value)
    parts: list[str] = []
    pending_zero = False
    for unit_value, unit_char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit_value % 10
        if digit == 0:
            if parts:
                pending_zero = True
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        if unit_char == "十" and digit == 1 and not parts:
            parts.append("十")
        else:
            parts.append(DIGITS[digit] + unit_char)
    return "".join(parts)


def item_label(no: int, numbering: str = "chinese") -> str:
    return f"（{to_chinese_number(no)}）" if numbering == "chinese" else str(no)
