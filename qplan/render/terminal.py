"""Screen lines on a terminal, in colour, through rich (imported only when stdout is one)."""

from __future__ import annotations

import os
import sys
from typing import IO, Any

from qplan.render.screen import Line

RICH_STYLES = {
    "strong": "bold", "note": "dim", "muted": "dim", "deleted": "red", "inserted": "green",
    "flag-red": "bold red", "flag-yellow": "yellow", "flag-green": "green",
}


def console(file: IO[str] | None = None) -> Any:
    from rich.console import Console

    class PipeFriendlyConsole(Console):
        def on_broken_pipe(self) -> None:
            # `qplan show | head` is normal use: stop quietly, as for plain text output.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(0)

    return PipeFriendlyConsole(file=file, highlight=False, soft_wrap=True, emoji=False, markup=False)


def print_lines(lines: list[Line], file: IO[str] | None = None) -> None:
    from rich.text import Text

    out = console(file)
    for line in lines:
        text = Text()
        for piece, style in line:
            text.append(piece, RICH_STYLES.get(style or ""))
        text.rstrip()
        # Lines were laid out for this width already: no wrapping, no cropping.
        out.print(text, soft_wrap=True, crop=False, overflow="ignore")
