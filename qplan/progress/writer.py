"""Writing entries into a progress file's text.

New entries are appended as text under the file's `reports:` when the file ends with that
list, as qplan writes it (and as people keep it): a batch of forty returns costs one small
piece of text, not a re-parse and re-dump of the whole file (ruamel.yaml takes seconds for
that). Strings are written bare only when they start with a Chinese character and hold
nothing YAML reads specially, as literal blocks when they run over several printable lines,
and as JSON strings (which YAML reads as double-quoted scalars) otherwise;
tests/test_progress_writer.py checks that every kind of text reads back unchanged.
Taking a unit's entries out (`--replace`), or a file laid out otherwise, goes through
ruamel.yaml's round-trip mode, which keeps every comment and the rest of the layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from qplan.names import normal_name
from qplan.periods import Period
from qplan.progress.records import TEXT_FIELDS, ProgressEntry, file_header
from qplan.vocabulary import PROGRESS_LABELS

# A string written bare must start with a CJK character and hold nothing YAML reads specially.
_PLAIN_RE = re.compile(r"^[\u3400-\u9fff\uff08][^\n\r\t#]*$")
_UNSAFE_IN_PLAIN = (": ", " #", ":\t")
_TOP_LEVEL_RE = re.compile(r"^[^\s#]")
_ITEM_RE = re.compile(r"^( *)- ")


@dataclass(slots=True)
class Change:
    """One unit's entries for the file, replacing whatever the unit had in it."""

    unit: str
    spellings: set[str]
    entries: list[ProgressEntry]
    note: str
    replaces: bool = False  # the unit has entries in the file that must go


@dataclass(slots=True)
class Target:
    plan_id: str
    plan_title: str
    period: Period
    path: Path
    changes: list[Change] = field(default_factory=list)


def new_text(text: str | None, target: Target) -> str:
    """The file's text with every change applied."""
    if not any(change.replaces for change in target.changes):
        indent = _append_indent(text)
        if indent is not None:
            return _appended(text, target, indent)
    return _round_trip(text, target)


# --- appending -----------------------------------------------------------------------------------


def _append_indent(text: str | None) -> int | None:
    """The indentation of `reports:`'s items where new ones can simply be added after the
    last line; None where the file is laid out otherwise."""
    if text is None:
        return 2
    lines = text.splitlines()
    top = [index for index, line in enumerate(lines) if _TOP_LEVEL_RE.match(line)]
    if not top or not re.fullmatch(r"reports:\s*(#.*)?", lines[top[-1]]):
        return None
    for line in lines[top[-1] + 1:]:
        found = _ITEM_RE.match(line)
        if found:
            return len(found.group(1))
    return 2


def _scalar(text: str) -> str:
    if _PLAIN_RE.match(text) and text.isprintable() and text == text.strip() \
            and not any(s in text for s in _UNSAFE_IN_PLAIN) and not text.endswith(":"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: str) -> str | None:
    """A literal block for a report of several lines, kept as the unit wrote it."""
    lines = text.split("\n")
    if not all(line.isprintable() for line in lines):
        return None
    if not lines[0] or lines[0].startswith(" ") or text != text.rstrip() or any(not line.strip() and line
                                                                             for line in lines):
        return None
    return "|-\n" + "\n".join(f"{indent}{line}" if line else "" for line in text.split("\n"))


def _comment(text: str) -> str:
    """A comment line holds one line of printable text."""
    return "".join(char if char.isprintable() else " " for char in text)


def entry_text(entry: ProgressEntry, indent: int) -> str:
    pad = " " * indent
    inner = pad + "  "
    lines = [f"{pad}- item: {entry.item}", f"{inner}unit: {_scalar(entry.unit)}",
             f"{inner}status: {_scalar(PROGRESS_LABELS[entry.status])}"]
    for name in TEXT_FIELDS:
        value = entry.text(name)
        block = _block(value, inner + "  ") if "\n" in value else None
        lines.append(f"{inner}{name}: {block if block is not None else _scalar(value)}")
    if entry.collected is not None:
        lines.append(f"{inner}collected: {entry.collected.isoformat()}")
    if entry.source is not None:
        lines.append(f"{inner}source: {{file: {json.dumps(entry.source.file, ensure_ascii=False)}, "
                     f"sha256: {json.dumps(entry.source.sha256)}}}")
    return "\n".join(lines) + "\n"


def _chunk(target: Target, indent: int) -> str:
    pad = " " * indent
    parts = []
    for change in target.changes:
        if change.entries:
            parts.append(f"{pad}# {_comment(change.note)}\n" + "".join(entry_text(e, indent) for e in change.entries))
    return "".join(parts)


def _appended(text: str | None, target: Target, indent: int) -> str:
    chunk = _chunk(target, indent)
    if text is None:
        header = "".join(f"# {line}\n" for line in file_header(target.plan_id, target.plan_title, target.period))
        return (f"{header}plan: {json.dumps(target.plan_id, ensure_ascii=False)}\n"
                f"period: {target.period.code}\nreports:\n{chunk}")
    return text + ("" if text.endswith("\n") else "\n") + chunk


# --- the round trip ------------------------------------------------------------------------------


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Entries share one date object: write it out each time, never as an anchor and alias.
    yaml.representer.ignore_aliases = lambda *_: True
    return yaml


def _round_trip(text: str | None, target: Target) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    from qplan.yamlio import parse_yaml

    yaml = _yaml()
    doc = parse_yaml(text, target.path) if text is not None and text.strip() else None
    if not isinstance(doc, dict):
        doc = CommentedMap()
        doc["plan"] = DoubleQuotedScalarString(target.plan_id)
        doc["period"] = target.period.code
        doc.yaml_set_start_comment("\n".join(file_header(target.plan_id, target.plan_title, target.period)))
    reports = doc.get("reports")
    if not isinstance(reports, CommentedSeq):
        reports = doc["reports"] = CommentedSeq(reports if isinstance(reports, list) else [])
    gone = set().union(*(change.spellings | {change.unit} for change in target.changes))
    for index in reversed(range(len(reports))):
        raw = reports[index]
        if isinstance(raw, dict) and normal_name(str(raw.get("unit", ""))) in gone:
            del reports[index]
    # The new entries are parsed from the same text an append writes, so both paths agree.
    for change in target.changes:
        if not change.entries:
            continue
        first = len(reports)
        added = yaml.load("".join(entry_text(e, 0) for e in change.entries))
        for entry in added:
            reports.append(entry)
        reports.yaml_set_comment_before_after_key(first, before=change.note, indent=2)
    out = StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def entries_chunk(entries: Sequence[ProgressEntry]) -> str:
    """The entries as qplan writes them (for tests and messages)."""
    return "".join(entry_text(e, 2) for e in entries)
