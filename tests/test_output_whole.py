"""Issue 11's promise: piped output never loses text.

For each view, piped (not a terminal) with COLUMNS unset, 80 and 60: every canonical unit
name the command's JSON output names is whole on one line; every table row that opens with
a border closes with one; and with COLUMNS unset every title the JSON names is whole on
one line too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

import pytest
from click.testing import Result

from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS

Run = Callable[..., Result]

COMMANDS = [
    pytest.param(["show"], id="show"),
    pytest.param(["show", "--dept", "市市场监管局"], id="show-dept"),
    pytest.param(["units"], id="units"),
    pytest.param(["plans"], id="plans"),
    pytest.param(["diff", "2022", "2025"], id="diff"),
    pytest.param(["trace", "2025#9"], id="trace"),
    pytest.param(["matrix", "2025"], id="matrix"),
    pytest.param(["graph", "2025"], id="graph"),
]
WIDTHS = [pytest.param(None, id="unset"), pytest.param("80", id="80"), pytest.param("60", id="60")]
BORDERS = "│┃┏┡└├┗┣"


def canonical_names() -> set[str]:
    return set(Workspace(SHIPPED_PLANS).registry.units)


def strings(data: Any) -> Iterator[str]:
    """Every string in the JSON, keys and values."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
    elif isinstance(data, str):
        yield data


def item_titles(data: Any) -> Iterator[str]:
    """Every item title in the JSON: `title` of a record with a `no`, and `old_title` and
    `new_title` of a comparison's rows."""
    if isinstance(data, dict):
        if "no" in data and isinstance(data.get("title"), str):
            yield data["title"]
        if "status" in data:
            yield from (data[key] for key in ("old_title", "new_title") if isinstance(data.get(key), str))
        for value in data.values():
            yield from item_titles(value)
    elif isinstance(data, list):
        for value in data:
            yield from item_titles(value)


def streams(text: str) -> list[list[str]]:
    """The runs of text a reader follows from one line to the next: each column of a bordered
    table, and the lines outside tables."""
    found: list[list[str]] = []
    outside: list[str] = []
    table: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line[:1] in ("│", "┃"):
            cells = [cell.strip() for cell in line.replace("┃", "│").split("│")[1:-1]]
            table.append(cells)
            continue
        if table:
            for column in range(max(len(row) for row in table)):
                found.append([row[column] for row in table if column < len(row)])
            table = []
        outside.append(line.strip())
    return [*found, outside]


def split_names(text: str, names: set[str]) -> list[tuple[str, str, str]]:
    """(name, end of one line, start of the next) wherever a name runs over a line break."""
    broken = []
    for stream in streams(text):
        for before, after in pairwise(stream):
            for name in names:
                for cut in range(1, len(name)):
                    if before.endswith(name[:cut]) and after.startswith(name[cut:]):
                        broken.append((name, before, after))
    return broken


def command_json(run: Run, args: list[str]) -> Any:
    result = run(*args, "--format", "json", plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("args", COMMANDS)
@pytest.mark.parametrize("columns", WIDTHS)
def test_piped_output_keeps_every_name_and_row_whole(run: Run, args: list[str], columns: str | None) -> None:
    result = run(*args, plans=SHIPPED_PLANS, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    text = result.stdout
    lines = text.splitlines()
    names = canonical_names() & set(strings(command_json(run, args)))
    assert names or args == ["plans"]
    for name in names:
        assert any(name in line for line in lines), name
    assert split_names(text, names) == []
    cut = [line for line in lines if line[:1] in BORDERS and line.rstrip()[-1:] not in "│┃┓┩┘┤┛┫"]
    assert cut == []
    if columns is not None:
        assert [line for line in lines if _width(line) > int(columns)] == []


@pytest.mark.parametrize("args", [param for param in COMMANDS if param.id not in ("units", "plans")])
def test_with_columns_unset_every_title_is_whole(run: Run, args: list[str]) -> None:
    lines = run(*args, plans=SHIPPED_PLANS, env={"COLUMNS": None}).stdout.splitlines()
    titles = set(item_titles(command_json(run, args)))
    assert titles
    for title in titles:
        assert any(title in line for line in lines), title


def test_the_real_command_through_a_pipe_matches(run: Run) -> None:
    """What `qplan diff 2022 2025 | cat` prints is what the tests above examine."""
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    env["COLUMNS"] = "80"
    piped = subprocess.run([sys.executable, "-m", "qplan", "diff", "2022", "2025", "--plans", str(SHIPPED_PLANS)],
                           capture_output=True, text=True, env=env, check=True)
    assert piped.stdout == run("diff", "2022", "2025", plans=SHIPPED_PLANS, env={"COLUMNS": "80"}).stdout
    assert "\x1b[" not in piped.stdout


def test_a_name_split_over_two_lines_is_caught() -> None:
    text = "│ 市卫生 │ 甲 │\n│ 健康委 │ 乙 │\n"
    assert split_names(text, {"市卫生健康委"}) == [("市卫生健康委", "市卫生", "健康委")]
    assert split_names("配合 十四、十\n五", {"十五"}) == [("十五", "配合 十四、十", "五")]


def _width(line: str) -> int:
    from qplan.render.measure import width

    return width(line)
