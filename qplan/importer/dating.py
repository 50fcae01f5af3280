"""A document without a date: what its own text says about when it was written, so that a
date a person gives (or a year) is recorded with what supports it, never as a bare fact."""

from __future__ import annotations

import re

# National Party Congresses a plan cites as its guidance (全面贯彻党的十九大精神): a document
# citing one was written after it met.
CONGRESSES = (("十八大", 2012, 11), ("十九大", 2017, 10), ("二十大", 2022, 10))
TARGET_RE = re.compile(r"到\s*((?:19|20)\d{2})\s*年")
# A month the text names (工作安排（2024年4—5月）): the document's date is near the earliest.
MONTH_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*(?:[—–\-~至]\s*\d{1,2}\s*)?月")


def date_clues(text: str) -> list[str]:
    """Datable statements of the text, in words: the latest Party Congress it cites, the target
    years it sets."""
    clues = []
    cited = [(name, year, month) for name, year, month in CONGRESSES if f"党的{name}" in text]
    if cited:
        name, year, month = cited[-1]
        clues.append(f"文中写“党的{name}”，成文应在党的{name}（{year}年{month}月）之后")
    targets = sorted({int(year) for year in TARGET_RE.findall(text)})
    if targets:
        clues.append("文中目标年为" + "、".join(f"“到{year}年”" for year in targets))
    months = sorted(MONTH_RE.finditer(text), key=lambda m: (int(m.group(1)), int(m.group(2))))
    if months:
        clues.append(f"文中写到的最早年月为“{months[0].group(0)}”")
    return clues


def clue_years(text: str) -> tuple[int | None, int | None]:
    """The earliest year the clues allow and the first target year (for a hint, not a date)."""
    cited = [year for name, year, _ in CONGRESSES if f"党的{name}" in text]
    targets = sorted(int(year) for year in TARGET_RE.findall(text))
    return (cited[-1] if cited else None), (targets[0] if targets else None)
