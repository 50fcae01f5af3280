"""Text from plan files that must not be turned against the people who read qplan's output.

Plan files are typed by people and pasted from elsewhere, so a title may hold an escape
sequence (which a terminal would obey) or start with `=` (which a spreadsheet would run
as a formula). Every renderer passes text through here.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL and C1 controls (ESC and CSI start terminal
# escape sequences; CR and BS overwrite what is shown), and the bidirectional controls that
# reorder what a reader sees.
CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# OWASP's CSV-injection list: a cell starting with one of these is run as a formula by
# Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> tuple[str, int]:
    """The text with every control character written out as `\\x1b` or `\\u202e`, and
    how many there were."""
    if text.isprintable() or CONTROL_RE.search(text) is None:
        return text, 0
    return CONTROL_RE.subn(_escape, text)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def inert(text: str) -> str:
    """A spreadsheet cell that is shown as typed: a leading apostrophe makes a formula text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
