"""Renderers: one per format, each turning any report (qplan.report) into text.

    table     lines for a screen (qplan.render.screen); coloured on a terminal
              (qplan.render.terminal), plain text otherwise
    markdown  headings, pipe tables, quoted notes
    html      a page of its own
    csv       the report's records, formula-looking cells made inert
    json      the report's data

A renderer never reads files or exits, and knows no view. Text from plan files is shown
with control characters escaped; `Rendered.escaped` lists where, for a warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qplan.render.screen import Screen
    from qplan.report import Report

FORMATS = ("table", "json", "csv", "markdown", "html")


class Rendered:
    __slots__ = ("escaped", "text")

    def __init__(self, text: str, escaped: list[str]) -> None:
        self.text = text
        self.escaped = escaped


def render(report: Report, fmt: str, screen: Screen | None = None) -> Rendered:
    # Each format's module is imported when used: `qplan show` piped needs only the screen.
    if fmt == "table":
        from qplan.render.screen import Screen, plain_text, render_lines

        lines, escaped = render_lines(report, screen or Screen())
        return Rendered(plain_text(lines), escaped)
    from qplan.render.formats import Collector, to_csv, to_html, to_json, to_markdown

    if fmt == "json":
        return Rendered(to_json(report), [])
    clean = Collector()
    if fmt == "csv":
        text = to_csv(report, clean)
    elif fmt == "markdown":
        text = to_markdown(report, clean)
    elif fmt == "html":
        text = to_html(report, clean)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return Rendered(text, clean.escaped)
