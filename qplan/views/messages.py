"""Lines of a report for the person at the terminal (the import report), as a report, so
that they are wrapped and made safe like any table."""

from __future__ import annotations

from collections.abc import Sequence

from qplan.report import Paragraph, Report


def lines_report(lines: Sequence[str]) -> Report:
    blocks = []
    for line in lines:
        text = line.lstrip(" ")
        blocks.append(Paragraph(text, indent=len(line) - len(text)))
    return Report(list(blocks), data=list(lines))
