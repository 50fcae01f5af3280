"""Commands that live in their own modules (diff, export, import, graph …).

Each module defines `register(cli)`; only click is imported at module level so that
`qplan --help` and `qplan show` stay fast.
"""

from __future__ import annotations

import importlib

import click

MODULES: list[str] = ["graph", "export", "importer", "diff"]


def register(cli: click.Group) -> None:
    for name in MODULES:
        module = importlib.import_module(f"qplan.commands.{name}")
        module.register(cli)
