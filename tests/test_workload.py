"""One workload: `units`, `matrix` and `graph` give every unit the same 负荷 and the same order."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from click.testing import Result

from qplan.workload import Workload, load
from tests.conftest import SHIPPED_PLANS


def test_units_matrix_and_graph_agree(run: Callable[..., Result]) -> None:
    def data(*args: str) -> Any:
        result = run(*args, "--format", "json", plans=SHIPPED_PLANS)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    units = {u["unit"]: (u["load"], u["total"]) for u in data("units", "2025") if u["total"]}
    matrix = {u["unit"]: (u["load"], u["total"]) for u in data("matrix", "2025")["units"]}
    graph = data("graph", "2025")
    graph_loads = {u["unit"]: u["load"] for u in [*graph["units"], *graph["groups"]]}
    assert units == matrix
    assert {unit: pair[0] for unit, pair in units.items()} == graph_loads
    assert units["市市场监管局"] == (25, 13)  # 12 leads, 1 support
    # The same order everywhere: heavier first, then more leads.
    order = [u["unit"] for u in graph["units"]]
    assert order == [name for name in units if name in order]


def test_the_definition() -> None:
    held: Workload[int] = Workload()
    held.add(1, "lead", inferred=True)
    held.add(2, "support")
    assert (held.total, held.load, held.lead_inferred) == (2, 3, [1])
    assert load(9, 5) == 23
