"""`qplan --help` and `qplan show` must not pay for libraries they do not use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHIPPED_PLANS

HEAVY = ("openpyxl", "networkx", "docx", "lxml", "numpy", "filelock")
PROBE = """
import json, sys
from qplan.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({heavy!r}))
print("\\n" + json.dumps(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--help"], id="help"),
        pytest.param(["show", "2025", "--dept", "市市场监管局", "--plans", str(SHIPPED_PLANS)], id="show-table"),
        pytest.param(["show", "--format", "json", "--plans", str(SHIPPED_PLANS)], id="show-json"),
    ],
)
def test_light_paths_import_no_heavy_library(argv: list[str]) -> None:
    result = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, heavy=HEAVY)],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []
    assert result.stdout


def test_help_listing_matches_each_commands_own_help() -> None:
    import click

    from qplan.cli import cli
    from qplan.commands import LAZY_COMMANDS, SHORT_HELP

    with click.Context(cli) as ctx:
        for name in LAZY_COMMANDS:
            command = cli.get_command(ctx, name)
            assert command is not None
            assert command.get_short_help_str(limit=60) == SHORT_HELP[name], name


def test_export_does_not_load_numpy_where_it_is_installed(tmp_path: Path) -> None:
    """openpyxl imports numpy wherever it is installed; qplan's workbooks hold no numpy number."""
    fake = tmp_path / "site" / "numpy"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('import sys\nsys.stderr.write("numpy imported\\n")\nraise ImportError\n',
                                      encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), *sys.path]), "QPLAN_CACHE": "off"}
    plain = subprocess.run([sys.executable, "-c", "import openpyxl"], capture_output=True, text=True, env=env,
                           check=True)
    assert "numpy imported" in plain.stderr  # what openpyxl does on its own
    export = subprocess.run([sys.executable, "-m", "qplan", "export", "2025", "--plans", str(SHIPPED_PLANS),
                             "-o", str(tmp_path / "2025.xlsx")], capture_output=True, text=True, env=env, check=False)
    assert export.returncode == 0, export.stderr
    assert "numpy imported" not in export.stderr
    assert (tmp_path / "2025.xlsx").stat().st_size > 0
