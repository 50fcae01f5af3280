"""`qplan validate`: one line per problem, `file:line: 级别 rule: message`."""

from __future__ import annotations

from collections.abc import Sequence

from qplan.report import Bullets, Records, Report
from qplan.rules import LEVEL_LABELS, Problem


def problems_report(problems: Sequence[Problem]) -> Report:
    data = [{"file": str(p.file), "line": p.line, "rule": p.rule, "level": p.level,
             "level_label": LEVEL_LABELS[p.level], "message": p.message} for p in problems]
    report = Report([Bullets([problem.format() for problem in problems])] if problems else [], data=data)
    report.records = Records(["file", "line", "level", "rule", "message"],
                             [[str(p.file), p.line, p.level, p.rule, p.message] for p in problems])
    return report
