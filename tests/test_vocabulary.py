"""One vocabulary: a mark means the same thing, and looks the same, in every output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result

from qplan.vocabulary import INFERRED_MARK, MARK_SYMBOLS
from tests.conftest import REPO, SHIPPED_PLANS, workbook_text

# Marks that were once used for an inferred lead beside ※ (the matrix drew ◐).
OTHER_INFERRED_MARKS = "◐◑"


@pytest.mark.parametrize("args", [
    pytest.param(("show", "2025"), id="show"),
    pytest.param(("show", "2025", "--dept", "市卫健委"), id="show-dept"),
    pytest.param(("units", "2025"), id="units"),
    pytest.param(("matrix", "2025"), id="matrix"),
    pytest.param(("diff", "2022", "2025"), id="diff"),
    pytest.param(("graph", "2025"), id="graph"),
])
def test_an_inferred_lead_has_one_mark_in_every_view(run: Callable[..., Result], args: tuple[str, ...]) -> None:
    # The 2025 plan states no roles: every lead in it is inferred, so every view marks some.
    result = run(*args, plans=SHIPPED_PLANS, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert INFERRED_MARK in result.stdout
    assert not set(OTHER_INFERRED_MARKS) & set(result.stdout)


def test_the_matrix_cell_and_its_legend_use_the_mark_after_a_name(run: Callable[..., Result]) -> None:
    assert MARK_SYMBOLS["lead_inferred"] == INFERRED_MARK
    text = run("matrix", "2025", plans=SHIPPED_PLANS, env={"COLUMNS": "200"}).stdout
    assert f"{INFERRED_MARK} 推定牵头：" in text


def test_the_workbook_and_the_readme_use_the_same_mark(run: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "2025.xlsx"
    assert run("export", "2025", "-o", str(path), plans=SHIPPED_PLANS).exit_code == 0
    sheets = openpyxl.load_workbook(path).sheetnames
    assert "责任矩阵" in sheets
    text = workbook_text(path)
    assert INFERRED_MARK in text and not set(OTHER_INFERRED_MARKS) & set(text)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert not set(OTHER_INFERRED_MARKS) & set(readme)
