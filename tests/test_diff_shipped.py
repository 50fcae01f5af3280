"""`qplan diff 2022 2025` on the bundled plans: the account a careful reader of both documents expects."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

Run = Callable[..., Result]

# Work lines a reader of both documents follows from 2022 to 2025 (old item, new item).
CONTINUED = {(1, 1), (2, 4), (3, 2), (5, 7), (6, 12), (7, 11), (10, 10), (13, 15), (14, 9), (15, 5),
             (16, 6), (18, 3)}
# 2022 items with no successor in 2025, and 2025 items with no predecessor.
DROPPED = {4, 8, 9, 11, 12}
ADDED = {8, 14}


def diff_json(run: Run, plans: Path) -> dict[str, Any]:
    result = run("diff", "2022", "2025", "--format", "json", plans=plans)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def by_status(found: dict[str, Any], *statuses: str) -> set[tuple[int | None, int | None]]:
    return {(row["old"], row["new"]) for row in found["items"] if row["status"] in statuses}


def test_the_shipped_diff_reads_right(run: Run, shipped_plans: Path) -> None:
    found = diff_json(run, shipped_plans)
    assert by_status(found, "continued") == CONTINUED
    assert {o for o, _ in by_status(found, "dropped")} == DROPPED
    assert {n for _, n in by_status(found, "added")} == ADDED
    confirmed = {(row["old"], row["new"]) for row in found["items"] if row["confirmed"]}
    assert confirmed == {(16, 6), (2, 4)}


def strip_links(plans: Path) -> None:
    path = plans / "2025.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\n        links:\n(          .*\n)+", "\n", text), encoding="utf-8")


def test_the_matcher_alone_follows_the_clear_lines(run: Run, shipped_plans: Path) -> None:
    strip_links(shipped_plans)
    assert "\n        links:" not in (shipped_plans / "2025.yaml").read_text(encoding="utf-8")
    found = diff_json(run, shipped_plans)
    matched = by_status(found, "continued", "possible")
    assert matched >= CONTINUED
    # 防疫产品保障 has no successor: the matcher may ask about it, never assert it continues.
    assert not any(o == 11 for o, _ in by_status(found, "continued"))
    assert {o for o, _ in by_status(found, "dropped")} >= {4, 8, 9}
    assert (16, 6) in by_status(found, "continued")


def test_a_unit_spelled_differently_across_the_years_is_one_unit(run: Run, shipped_plans: Path) -> None:
    found = diff_json(run, shipped_plans)
    units = {unit["unit"]: unit for unit in found["units"]}
    assert "市卫健委" not in units and "市住房建设城乡管理委" not in units
    assert units["市卫生健康委"]["status"] == "same"
    assert units["市住房城乡建设管理委"]["status"] == "same"


@pytest.mark.parametrize("ref", ["2025#6", "2022#16"])
def test_trace_links_the_talent_line(run: Run, shipped_plans: Path, ref: str) -> None:
    result = run("trace", ref, "--format", "json", plans=shipped_plans)
    stages = json.loads(result.stdout)["stages"]
    assert [(s["plan"], [i["no"] for i in s["items"]]) for s in stages] == [("2022", [16]), ("2025", [6])]
    assert stages[1]["items"][0]["from"][0]["confirmed"] is True


def test_confirming_one_half_of_a_merge_keeps_the_other_half(run: Run, shipped_plans: Path) -> None:
    before = diff_json(run, shipped_plans)
    assert (14, 9) in by_status(before, "continued")
    assert (17, 9) in by_status(before, "possible")
    result = run("link", "2025#9", "--continues", "2022#17", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    after = diff_json(run, shipped_plans)
    assert {(14, 9), (17, 9)} <= by_status(after, "continued")
    assert [(r["kind"], r["old"], r["new"]) for r in after["relations"]
            if r["new"] == [9]] == [("merge", [14, 17], [9])]
