"""Reports as Markdown, HTML, CSV and JSON text."""

from __future__ import annotations

import csv
import html
import io
from typing import Any

from qplan.jsontext import encode, encode_indented, escape_controls
from qplan.report import Block, Bullets, Heading, Index, Notes, Paragraph, Report, Row, Table, Text
from qplan.safetext import inert, visible


class Collector:
    """Escapes control characters and remembers the texts it had to change."""

    def __init__(self) -> None:
        self.escaped: list[str] = []

    def __call__(self, text: str) -> str:
        shown, count = visible(text)
        if count:
            self.escaped.append(shown)
        return shown


# --- JSON -------------------------------------------------------------------------------------

def to_json(report: Report) -> str:
    data = report.data
    if report.data_per_line and isinstance(data, list):
        # One record a line (qplan.digest writes the same framing from stored records).
        text = "[\n" + ",\n".join(encode(record) for record in data) + "\n]\n" if data else "[]\n"
    else:
        text = encode_indented(data) + "\n"
    return escape_controls(text)


# --- CSV ----------------------------------------------------------------------------------------

def to_csv(report: Report, clean: Collector) -> str:
    if report.records is None:
        raise ValueError("this report has no CSV form")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(report.records.fields)
    for row in report.records.rows:
        writer.writerow([_csv_cell(cell, clean) for cell in row])
    return buffer.getvalue()


def _csv_cell(value: Any, clean: Collector) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return inert(clean(value))
    return value


# --- Markdown -------------------------------------------------------------------------------------

def to_markdown(report: Report, clean: Collector) -> str:
    chunks = [f"# {clean(report.title)}\n"] if report.title else []
    for block in report.blocks:
        chunks += _markdown_block(block, clean)
    return "\n".join(chunks)


def _md_text(text: Text, clean: Collector) -> str:
    if isinstance(text, str):
        return clean(text)
    diff = any(span.style in ("deleted", "inserted") for span in text)
    out = []
    for span in text:
        piece = clean(span.text)
        if diff:
            piece = piece.replace("*", r"\*").replace("~", r"\~")
        if span.style == "deleted":
            piece = f"~~{piece}~~"
        elif span.style in ("inserted", "strong"):
            piece = f"**{piece}**"
        out.append(piece)
    return "".join(out)


def _md_cell(text: Text, clean: Collector) -> str:
    return inert(_md_text(text, clean)).replace("|", "\\|").replace("\n", " ")


def _markdown_block(block: Block, clean: Collector) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * block.level} {clean(block.text)}\n"]
    if isinstance(block, Paragraph):
        text = _md_text(block.text, clean)
        return [f"**{text}**\n" if block.style == "strong" else f"{text}\n"]
    if isinstance(block, Bullets):
        return ["".join(f"- {_md_text(line, clean)}\n" for line in block.lines)]
    if isinstance(block, Notes):
        return ["".join(f"> {clean(line)}\n" for line in block.lines)]
    if isinstance(block, Index):
        return [f"> {clean(block.heading)}" + "　".join(clean(e).strip() for e in block.entries) + "\n"]
    chunks = [f"## {clean(block.title)}\n"] if block.title else []
    headers, rows = _flat_table(block)
    lines = ["| " + " | ".join(_md_cell(h, clean) for h in headers) + " |",
             "| " + " | ".join("---" for _ in headers) + " |"]
    lines += ["| " + " | ".join(_md_cell(c, clean) for c in row) + " |" for row in rows]
    chunks.append("\n".join(lines) + "\n")
    return chunks


def _flat_table(table: Table) -> tuple[list[Text], list[list[Text]]]:
    """Headers and rows with the group (if any) as a column after the key, footer last."""
    headers: list[Text] = [column.header for column in table.columns]
    every: list[Row] = [*table.rows, *table.footer]
    if table.group is None:
        return headers, [row.cells for row in every]
    at = table.key + 1
    headers.insert(at, table.group)
    return headers, [[*row.cells[:at], row.group or "", *row.cells[at:]] for row in every]


# --- HTML -----------------------------------------------------------------------------------------

PAGE_STYLE = (
    "body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; color: #1f2933; "
    "margin: 24px; } table { border-collapse: collapse; margin: 8px 0 16px; } th, td { border: 1px solid #cbd2d9; "
    "padding: 3px 10px; text-align: left; vertical-align: top; } th { background: #f0f2f5; } "
    "td.number { text-align: right; white-space: nowrap; } td.mark { text-align: center; white-space: nowrap; } "
    # Unit names and item numbers break only after 、 and the like, as on a terminal.
    "td.units, td.items { word-break: keep-all; } tr.group td { font-weight: bold; "
    "background: #f7f8fa; } tfoot td { font-weight: bold; } .note { color: #52606d; font-size: 14px; } "
    "del { color: #b42318; } ins { color: #067647; } .flag-red { background: #fde2e1; } "
    ".flag-yellow { background: #fff3c4; } .flag-green { background: #dcf5e3; } "
    ".picture svg { max-width: 100%; height: auto; border: 1px solid #e4e7eb; }"
)


def to_html_body(report: Report, clean: Collector) -> str:
    return "\n".join(_html_block(block, clean) for block in report.blocks)


def to_html(report: Report, clean: Collector, *, before: str = "") -> str:
    """A page of its own: no scripts, no outside files. `before` is trusted markup (a picture)."""
    title = html.escape(clean(report.title or _first_text(report)))
    heading = f"<h1>{title}</h1>\n" if report.title else ""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n<body>\n{heading}"
            + (before + "\n" if before else "") + to_html_body(report, clean) + "\n</body>\n</html>\n")


def _first_text(report: Report) -> str:
    for block in report.blocks:
        if isinstance(block, Heading):
            return block.text
        if isinstance(block, Table) and block.title:
            return block.title
        if isinstance(block, Paragraph):
            return _plain(block.text)
    return "qplan"


def _plain(text: Text) -> str:
    return text if isinstance(text, str) else "".join(span.text for span in text)


def _html_text(text: Text, clean: Collector) -> str:
    spans = [(text, None)] if isinstance(text, str) else [(s.text, s.style) for s in text]
    out = []
    for piece, style in spans:
        escaped = html.escape(clean(piece)).replace("\n", "<br>")
        if style == "deleted":
            escaped = f"<del>{escaped}</del>"
        elif style == "inserted":
            escaped = f"<ins>{escaped}</ins>"
        elif style == "strong":
            escaped = f"<strong>{escaped}</strong>"
        elif style:
            escaped = f'<span class="{style}">{escaped}</span>'
        out.append(escaped)
    return "".join(out)


def _html_block(block: Block, clean: Collector) -> str:
    if isinstance(block, Heading):
        level = min(6, block.level)
        return f"<h{level}>{html.escape(clean(block.text))}</h{level}>"
    if isinstance(block, Paragraph):
        text = _html_text(block.text, clean)
        return f"<p><strong>{text}</strong></p>" if block.style == "strong" else f"<p>{text}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_html_text(line, clean)}</li>" for line in block.lines) + "</ul>"
    if isinstance(block, Notes):
        return "".join(f'<p class="note">{html.escape(clean(line))}</p>' for line in block.lines)
    if isinstance(block, Index):
        items = "".join(f"<li>{html.escape(clean(entry.strip()))}</li>" for entry in block.entries)
        return f'<p class="note">{html.escape(clean(block.heading))}</p><ul class="index">{items}</ul>'
    return _html_table(block, clean)


def _html_table(table: Table, clean: Collector) -> str:
    kinds = [column.kind for column in table.columns]
    if table.group is not None:
        kinds.insert(table.key + 1, "text")
    headers, _ = _flat_table(table)
    flat = _flat_table(Table(table.columns, table.rows, group=table.group, key=table.key))[1]
    footer = _flat_table(Table(table.columns, table.footer, group=table.group, key=table.key))[1]

    def row_html(cells: list[Text], tag: str = "td") -> str:
        return "<tr>" + "".join(f'<{tag} class="{kind}">{_html_text(cell, clean)}</{tag}>'
                                for cell, kind in zip(cells, kinds, strict=True)) + "</tr>"

    parts = [f"<h2>{html.escape(clean(table.title))}</h2>"] if table.title else []
    parts.append("<table><thead><tr>" + "".join(f"<th>{_html_text(h, clean)}</th>" for h in headers)
                 + "</tr></thead><tbody>" + "".join(row_html(cells) for cells in flat) + "</tbody>"
                 + ("<tfoot>" + "".join(row_html(cells) for cells in footer) + "</tfoot>" if footer else "")
                 + "</table>")
    return "".join(parts)
