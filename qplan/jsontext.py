"""JSON text as qplan writes it: UTF-8 as is, and the characters that a terminal or a
reader's eye would obey written as \\u escapes.

Shared by the JSON renderer and by qplan.digest, which keeps each item's record encoded
in the parse cache: both must give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

# Characters JSON may carry raw (it escapes C0 itself) that a terminal or a reader's eye
# would still obey: written as \u escapes, which decode to the same data.
_JSON_CONTROLS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

encode: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False).encode


def escape_controls(text: str) -> str:
    """Each character of _JSON_CONTROLS as its escape: per character, so a text escaped in
    parts is the whole text escaped."""
    return _JSON_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
