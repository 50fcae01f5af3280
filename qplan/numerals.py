"""Chinese item numerals as the plans write them: （七） is 7, （二十一） is 21."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"
_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"两": 2, "〇": 0}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_chinese_number(text: str) -> int:
    """Parse 一 … 九千九百九十九; raise ValueError on anything else."""
    if not text:
        raise ValueError("empty numeral")
    total = 0
    digit: int | None = None
    for char in text:
        if char in _VALUE:
            digit = _VALUE[char]
        elif char in _UNITS:
            # A bare 十 at the start means 一十.
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    if digit is not None:
        total += digit
    if total <= 0:
        raise ValueError(f"not a positive numeral: {text}")
    return total


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
