"""Rich tables for the terminal. Colour appears only when stdout is a terminal."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text


def make_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence[str]],
               *, wrap_columns: Sequence[int] = (), caption: str | None = None) -> Table:
    # Text, not str, everywhere: a plain string is parsed as markup, which also costs an
    # import of rich's emoji table on every start.
    table = Table(title=Text(title) if title is not None else None, title_justify="left",
                  show_lines=False, caption=Text(caption) if caption is not None else None,
                  caption_justify="left", header_style="bold")
    for index, header in enumerate(headers):
        if index in wrap_columns:
            table.add_column(Text(header), overflow="fold", ratio=2 if index == wrap_columns[0] else 3)
        elif index == 0:
            # The row's name (a unit, an item number) keeps a readable width; others give way.
            widest = max((len(row[0]) * 2 for row in rows), default=4)
            table.add_column(Text(header), overflow="fold", min_width=min(widest, 16))
        else:
            table.add_column(Text(header), overflow="fold")
    for row in rows:
        table.add_row(*[Text(cell) for cell in row])
    return table


def render_to_text(tables: Sequence[Table | Text | str], width: int = 120) -> str:
    """Render to plain text, for -o FILE.txt: no colour codes, a fixed width."""
    console = Console(width=width, record=True, color_system=None, force_terminal=False,
                      file=io.StringIO())
    for table in tables:
        console.print(table)
    return console.export_text()
