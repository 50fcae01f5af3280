"""Plain data formats: JSON, CSV and Markdown tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_json_records(records: list[Any]) -> str:
    """A JSON array with one record per line.

    Still one valid JSON document, but written by the C encoder (indent forces the slow
    pure-Python one), which matters when a query returns thousands of items.
    """
    if not records:
        return "[]\n"
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    return "[\n" + ",\n".join(dumps(record) for record in records) + "\n]\n"


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue()


def md_escape(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = [
        "| " + " | ".join(md_escape(h) for h in headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
