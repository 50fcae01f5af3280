"""Commands that live in their own modules (diff, export, import, graph …).

Each module defines `register(cli)`. A module is imported only when one of its commands is
run or listed in help, so that `qplan show` does not pay for the others.
"""

from __future__ import annotations

import importlib

import click

# command name -> module under qplan.commands that defines it
LAZY_COMMANDS: dict[str, str] = {
    "diff": "diff",
    "trace": "diff",
    "link": "diff",
    "export": "export",
    "matrix": "export",
    "import": "importer",
    "graph": "graph",
}
MODULES: list[str] = sorted(set(LAZY_COMMANDS.values()))


def load_command(cli: click.Group, name: str) -> click.Command | None:
    module_name = LAZY_COMMANDS.get(name)
    if module_name is None:
        return None
    module = importlib.import_module(f"qplan.commands.{module_name}")
    module.register(cli)
    return cli.commands.get(name)


def register(cli: click.Group) -> None:
    """Import every command module now (for tools that want the full command table)."""
    for name in MODULES:
        importlib.import_module(f"qplan.commands.{name}").register(cli)
