"""JSON text as qplan writes it: UTF-8 as is, and the characters that a terminal or a
reader's eye would obey written as \\u escapes.

Shared by the JSON renderer and by qplan.digest, which keeps each item's record encoded
in the parse cache: both must give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

# Characters JSON may carry raw (it escapes C0 itself) that a terminal or a reader's eye
# would still obey: written as \u escapes, which decode to the same data.
_JSON_CONTROLS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

encode: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False).encode


def escape_controls(text: str) -> str:
    """Each character of _JSON_CONTROLS as its escape: per character, so a text escaped in
    parts is the whole text escaped."""
    return _JSON_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_INFINITY = float("inf")


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (_INFINITY, -_INFINITY):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float_text(key)
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


CHUNK_PARTS = 4096


def encode_indented(data: Any, step: str = "  ") -> str:
    """json.dumps(data, ensure_ascii=False, indent=2), character for character, in half the
    time: with an indent the standard library leaves its C encoder for generators in Python,
    and a diff of large plans writes megabytes of it."""
    parts: list[str] = []
    append = parts.append
    # Megabytes of output are millions of small strings, each with its own object overhead
    # (several times its text): they are joined into chunks as they come.
    chunks: list[str] = []

    def settle() -> None:
        if len(parts) > CHUNK_PARTS:
            chunks.append("".join(parts))
            parts.clear()

    def write(value: Any, level: int) -> None:
        # The order of the standard encoder's checks: a bool is an int, a str subclass a str.
        if isinstance(value, str):
            append(encode_basestring(value))
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif isinstance(value, int):
            append(int.__repr__(value))
        elif isinstance(value, float):
            append(_float_text(value))
        elif isinstance(value, (list, tuple)):
            if not value:
                append("[]")
                return
            inner = "\n" + step * (level + 1)
            append("[")
            separator = inner
            for entry in value:
                append(separator)
                separator = "," + inner
                write(entry, level + 1)
                settle()
            append("\n" + step * level + "]")
        elif isinstance(value, dict):
            if not value:
                append("{}")
                return
            inner = "\n" + step * (level + 1)
            append("{")
            separator = inner
            for key, entry in value.items():
                append(separator + encode_basestring(_key_text(key)) + ": ")
                separator = "," + inner
                write(entry, level + 1)
                settle()
            append("\n" + step * level + "}")
        else:
            raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")

    write(data, 0)
    return "".join([*chunks, *parts])
