"""Reporting periods: the month, quarter, half-year or year a unit reports progress for.

    2025      the year            2025-01-01 … 2025-12-31   2025年度
    2025H1    a half-year         2025-01-01 … 2025-06-30   2025年上半年
    2025Q3    a quarter           2025-07-01 … 2025-09-30   2025年第三季度
    2025-06   a month             2025-06-01 … 2025-06-30   2025年6月

The code is what files and commands use (plans/progress/2025/2025H1.yaml); the label is what
people read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from qplan.errors import UsageProblem

PeriodKind = Literal["year", "half", "quarter", "month"]
PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:(?P<half>[Hh][12])|(?P<quarter>[Qq][1-4])|-(?P<month>\d{1,2}))?$")
FIRST_YEAR, LAST_YEAR = 1990, 2100
QUARTER_WORDS = {1: "一", 2: "二", 3: "三", 4: "四"}
PERIOD_HELP = "报送期：2025（全年）、2025H1（上半年）、2025Q3（第三季度）或 2025-06（6月）"
# Longer periods first when two end on the same day (the year-end report after December's).
_KIND_ORDER: dict[PeriodKind, int] = {"month": 0, "quarter": 1, "half": 2, "year": 3}


class PeriodError(UsageProblem):
    """A period code that names no period."""


@dataclass(frozen=True, slots=True)
class Period:
    code: str
    kind: PeriodKind
    start: dt.date
    end: dt.date

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"{self.year}年度"
        if self.kind == "half":
            return f"{self.year}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == "quarter":
            return f"{self.year}年第{QUARTER_WORDS[(self.start.month - 1) // 3 + 1]}季度"
        return f"{self.year}年{self.start.month}月"

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        return (self.end, _KIND_ORDER[self.kind])

    def __str__(self) -> str:
        return self.code


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


def period_problem(text: str) -> str | None:
    """Why `text` names no period, or None when it does."""
    try:
        parse_period(text)
    except PeriodError as exc:
        return exc.message
    return None


def parse_period(text: str) -> Period:
    """The period a code names: 2025, 2025H1, 2025Q3, 2025-06 (also h1, q3, 2025-6)."""
    cleaned = str(text).strip().replace("－", "-").replace("—", "-")
    match = PERIOD_RE.match(cleaned)
    if match is None:
        raise PeriodError(f"“{text}”不是报送期。{PERIOD_HELP}。")
    year = int(match.group("year"))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(f"报送期“{text}”的年份 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间。请检查年份。")
    if match.group("half"):
        half = int(match.group("half")[1])
        start = dt.date(year, 1 if half == 1 else 7, 1)
        return Period(f"{year}H{half}", "half", start, _month_end(year, 6 if half == 1 else 12))
    if match.group("quarter"):
        quarter = int(match.group("quarter")[1])
        first = 3 * quarter - 2
        return Period(f"{year}Q{quarter}", "quarter", dt.date(year, first, 1), _month_end(year, first + 2))
    if match.group("month"):
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            raise PeriodError(f"报送期“{text}”的月份 {month} 不存在。月份写 01–12，如 {year}-06。")
        return Period(f"{year}-{month:02d}", "month", dt.date(year, month, 1), _month_end(year, month))
    return Period(str(year), "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
