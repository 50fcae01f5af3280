"""Comments a person wrote in a plan file, found with the place they belong to, and put back
into a regenerated file at the same place.

A place is a path in the plan's structure rather than a line number: ("item", 7, "title")
is item 7's title line, ("top", "document", "date") the document's date. A comment on its
own line belongs to the next line with content (people write notes above what they
annotate); a comment after content belongs to that content's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from qplan.importer.writer import LEGACY_HEADER_LINES

Place = tuple[Any, ...]
_BLOCK_SCALAR_RE = re.compile(r"(?:^|[:\-]\s+)[|>][0-9+\-]*\s*$")


@dataclass(frozen=True, slots=True)
class Comment:
    text: str  # "# …", as written
    place: Place
    inline: bool  # after content on the same line, rather than on a line of its own
    line: int  # 1-based, in the old file


def split_comment(line: str, quote: str | None = None) -> tuple[str, str | None, str | None]:
    """(content, comment or None, quote still open at the end of the line)."""
    index = 0
    while index < len(line):
        char = line[index]
        if quote == '"':
            if char == "\\":
                index += 1
            elif char == '"':
                quote = None
        elif quote == "'":
            if char == "'":
                if line[index + 1:index + 2] == "'":
                    index += 1
                else:
                    quote = None
        elif char in "\"'" and (index == 0 or line[index - 1] in " \t[{,:-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index].rstrip(), line[index:].rstrip(), quote
        index += 1
    return line.rstrip(), None, quote


def places(doc: Any) -> dict[int, Place]:
    """0-based line -> place, for every line where a key or a list entry begins."""
    found: dict[int, Place] = {}
    if not isinstance(doc, dict):
        return found
    for key in doc:
        if key == "sections" and isinstance(doc[key], list):
            _record(found, doc, key, ("top", key))
            for section in doc[key]:
                if isinstance(section, dict):
                    _mapping(found, section, ("section", section.get("no")), items=True)
        elif key == "items" and isinstance(doc[key], list):
            _record(found, doc, key, ("top", key))
            _items(found, doc[key])
        else:
            _record(found, doc, key, ("top", key))
            if isinstance(doc[key], dict):
                _mapping(found, doc[key], ("top", key))
    return found


def _record(found: dict[int, Place], node: Any, key: Any, place: Place) -> None:
    try:
        lc = node.lc
        line = lc.key(key)[0] if isinstance(node, dict) else lc.item(key)[0]
    except (AttributeError, KeyError, IndexError, TypeError):
        return
    found.setdefault(int(line), place)


def _mapping(found: dict[int, Place], node: dict[Any, Any], prefix: Place, items: bool = False) -> None:
    for key, value in node.items():
        _record(found, node, key, (*prefix, key))
        if items and key == "items" and isinstance(value, list):
            _items(found, value)
        elif isinstance(value, dict):
            _mapping(found, value, (*prefix, key))


def _items(found: dict[int, Place], items: list[Any]) -> None:
    for entry in items:
        if isinstance(entry, dict):
            _mapping(found, entry, ("item", entry.get("no")))


def find_comments(text: str, doc: Any, generated: set[str]) -> list[Comment]:
    """Every comment in `text` that is not one qplan writes itself (`generated`, stripped)."""
    where = places(doc)
    lines = text.splitlines()
    found: list[Comment] = []
    pending: list[tuple[int, str]] = []
    current: Place | None = None
    quote: str | None = None
    block_indent: int | None = None
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if number in where:
            current = where[number]
            for old, comment in pending:
                found.append(Comment(comment, current, False, old + 1))
            pending = []
        if quote is None and line.lstrip().startswith("#"):
            pending.append((number, line.strip()))
            continue
        content, inline_comment, quote = split_comment(line, quote)
        if inline_comment is not None and current is not None:
            found.append(Comment(inline_comment, current, True, number + 1))
        if quote is None and _BLOCK_SCALAR_RE.search(content):
            block_indent = indent
    if pending and current is not None:
        found += [Comment(comment, current, False, old + 1) for old, comment in pending]
    return [c for c in found if not _is_generated(c.text, generated)]


_GENERATED_RE = re.compile(r"#\s*(Imported by `qplan import`|由 qplan import 从 |待补：|推定：)")


def _is_generated(comment: str, generated: set[str]) -> bool:
    text = comment.strip()
    return text in generated or text in LEGACY_HEADER_LINES or bool(_GENERATED_RE.match(text))


def comments_of(text: str) -> set[str]:
    """The comments a text holds, stripped: what qplan itself writes into a new file."""
    found: set[str] = set()
    quote: str | None = None
    for line in text.splitlines():
        _, comment, quote = split_comment(line, quote)
        if comment is not None:
            found.add(comment.strip())
    return found


def place_comments(text: str, doc: Any, comments: list[Comment],
                   item_map: Mapping[int, int]) -> tuple[str, list[Comment]]:
    """Put the comments into `text` (whose parsed form is `doc`) at their places, items
    renumbered by `item_map` (old number -> new). Returns the text and the comments that
    found no place (their item is gone)."""
    line_of: dict[Place, int] = {}
    for number, place in places(doc).items():
        line_of.setdefault(place, number)
    lines = text.splitlines()
    before: dict[int, list[str]] = {}
    after: dict[int, list[str]] = {}
    lost: list[Comment] = []
    for comment in comments:
        target = _target(comment.place, item_map, line_of)
        if target is None:
            lost.append(comment)
            continue
        at, exact = target
        if comment.inline and exact and split_comment(lines[at])[1] is None and at not in after:
            lines[at] = f"{lines[at]}  {comment.text}"
        elif comment.inline:
            after.setdefault(at, []).append(comment.text)
        else:
            before.setdefault(at, []).append(comment.text)
    out: list[str] = []
    for number, line in enumerate(lines):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        out += [indent + comment for comment in before.get(number, [])]
        out.append(line)
        inner = indent + ("  " if line.lstrip().startswith("- ") else "")
        out += [inner + comment for comment in after.get(number, [])]
    return "\n".join(out) + "\n", lost


def _target(place: Place, item_map: Mapping[int, int], line_of: Mapping[Place, int]) -> tuple[int, bool] | None:
    if place and place[0] == "item":
        new_no = item_map.get(place[1]) if isinstance(place[1], int) else None
        if new_no is None:
            return None
        place = ("item", new_no, *place[2:])
    for end in range(len(place), 1, -1):
        line = line_of.get(place[:end])
        if line is not None:
            return line, end == len(place)
    for candidate in _starts(place):
        if candidate in line_of:
            return line_of[candidate], False
    return None


def _starts(place: Place) -> Iterator[Place]:
    """Where an entry whose own key is gone begins (an item's `no`, a section's `no`)."""
    if len(place) >= 2 and place[0] in ("item", "section"):
        yield (place[0], place[1], "no")
