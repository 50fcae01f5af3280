"""Deadlines (完成时限) as plans write them, and the date each one means.

A deadline is an ISO date a person typed (2025-06-30) or the document's own phrase:
2025年6月底前, 年底前完成, 上半年, 三季度末, 长期坚持, 持续推进. The date read from a phrase
is the tool's reading, recorded as inferred; a phrase with no end (长期坚持) has no date.
A phrase without a year (6月底前, 年内完成) belongs to the plan's year.
"""

from __future__ import annotations

import datetime as dt
import re

from qplan.model import ONGOING_WORDS, Deadline
from qplan.numerals import NUMERAL_CHARS, parse_chinese_number

__all__ = ["Deadline", "phrase_date", "read_deadline"]

ONGOING_RE = re.compile(rf"^({'|'.join(ONGOING_WORDS)})")
ISO_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_YEAR = r"(?:(?P<year>(?:19|20)\d{2})\s*年)?"
_FROM_YEAR = r"(?:(?:19|20)\d{2}\s*年?\s*[—\-－~至到]\s*)?"  # 2024—2025年: the end of the range counts
_END_WORDS = r"(?:前|以前|之前|内)?(?:完成|启动|见效|落实|建成|出台|到位|实现)?"
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DEADLINE_RE = re.compile(
    rf"^{_FROM_YEAR}{_YEAR}\s*"
    r"(?:"
    r"(?P<month>\d{1,2}|[" + NUMERAL_CHARS + r"]{1,3})\s*月\s*"
    r"(?:(?P<day>\d{1,2})\s*日|(?P<part>上旬|中旬|下旬|底|末|份)?)"
    r"|(?P<half>上半年|下半年)"
    r"|第?(?P<quarter>[一二三四1234])\s*季度(?:末|底)?"
    r"|(?P<year_end>年底|年末|底|年内|内|全年)"
    r")?\s*" + _END_WORDS + r"$"
)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).strip("。；;，,")


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


def _month(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese_number(text)


def phrase_date(text: str, year: int | None) -> dt.date | None:
    """The last day a phrase allows, or None for an open-ended or unreadable phrase.

    `year` is the plan's year, for phrases that name none (年底前, 6月底前)."""
    squeezed = _squeeze(text)
    if ISO_RE.match(squeezed):
        try:
            return dt.date.fromisoformat("-".join(f"{int(p):02d}" for p in squeezed.split("-")))
        except ValueError:
            return None
    match = _DEADLINE_RE.match(squeezed)
    if match is None or not squeezed or ONGOING_RE.match(squeezed):
        return None
    written_year = match.group("year")
    if written_year is None and year is None:
        return None
    y = int(written_year) if written_year else int(year or 0)
    try:
        if match.group("month"):
            return _month_date(y, _month(match.group("month")), match.group("day"), match.group("part"),
                               squeezed)
        if match.group("half"):
            return dt.date(y, 6, 30) if match.group("half") == "上半年" else dt.date(y, 12, 31)
        if match.group("quarter"):
            return _month_end(y, 3 * _QUARTER[match.group("quarter")])
    except ValueError:
        return None
    if match.group("year_end") or written_year:
        return dt.date(y, 12, 31)  # 年底前, 年内完成, 2026年, 2026年底
    return None


def _month_date(year: int, month: int, day: str | None, part: str | None, text: str) -> dt.date:
    if day:
        return dt.date(year, month, int(day))
    if part == "上旬":
        return dt.date(year, month, 10)
    if part == "中旬":
        return dt.date(year, month, 20)
    if part is None and re.search(r"月(前|以前|之前)", text):
        # 9月前: before September begins.
        return dt.date(year, month, 1) - dt.timedelta(days=1)
    return _month_end(year, month)


def read_deadline(value: object, year: int | None, date: object = None,
                  inferred: bool | None = None) -> Deadline | None:
    """A deadline from a plan file's `deadline` (and `deadline_date`, `deadline_inferred`)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Deadline(value.isoformat(), value, False)
    text = str(value).strip()
    given = _as_date(date)
    if given is not None:
        return Deadline(text, given, bool(inferred))
    found = phrase_date(text, year)
    if found is not None and ISO_RE.match(_squeeze(text)):
        return Deadline(text, found, False)
    return Deadline(text, found, found is not None)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
