"""Unit changes between two plans: by canonical unit, through aliases and recorded renames."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qplan.diff import DiffResult, UnitDiff
from qplan.diff.align import compare
from qplan.workspace import Workspace
from tests.conftest import item
from tests.diff_data import OLD_ITEMS, UNITS, plan_2023, plan_2024


def diff_of(make_plans: Callable[..., Path], old: dict[str, Any], new: dict[str, Any],
            units: dict[str, Any] = UNITS) -> DiffResult:
    workspace = Workspace(make_plans({"2023": old, "2024": new}, units=units))
    return compare(workspace.plan("2023"), workspace.plan("2024"), registry=workspace.registry)


def unit(result: DiffResult, name: str) -> UnitDiff:
    return next(u for u in result.units if u.unit == name)


def test_a_unit_spelled_two_ways_is_one_unit(make_plans: Callable[..., Path]) -> None:
    old = [item(1, "提升医疗服务质量", ["市卫健委"], text="聚焦智慧医疗开展标准研制，提高医疗服务水平。")]
    new = [item(1, "提升医疗服务质量", ["市卫生健康委"], text="聚焦智慧医疗开展标准研制，提高医疗服务水平。")]
    result = diff_of(make_plans, plan_2023(old), plan_2024(new))
    names = [u.unit for u in result.units]
    assert names == ["市卫生健康委"]
    assert unit(result, "市卫生健康委").status == "same"
    assert result.items[0].changes is not None and not result.items[0].changes.units_changed


def test_a_recorded_rename_is_one_unit_and_names_the_former_name(make_plans: Callable[..., Path]) -> None:
    units = copy.deepcopy(UNITS)
    units["units"].append({"name": "市数据局", "kind": "市政府部门",
                           "renamed_from": [{"name": "市大数据中心", "year": 2024}]})
    old = [item(1, "推进数据质量管理", ["市大数据中心"], text="探索推进数据质量管理方法、工具及评估研究。")]
    new = [item(1, "推进数据质量管理", ["市数据局"], text="探索推进数据质量管理方法、工具及评估研究。")]
    result = diff_of(make_plans, plan_2023(old), plan_2024(new), units)
    assert [(u.unit, u.status, u.old_spelling) for u in result.units] == [("市数据局", "same", "市大数据中心")]


def test_roles_gained_lost_and_units_added_dropped(make_plans: Callable[..., Path]) -> None:
    old = [item(1, "推动计量体系建设", ["市市场监管局"], ["市教委"],
                text="推进国家产业计量测试中心建设，开展重点计量器具监督检查。")]
    new = [item(1, "夯实计量基础", ["市教委"], ["市市场监管局", "市卫生健康委"],
                text="推进国家产业计量测试中心建设，加大重点计量器具监管力度。")]
    result = diff_of(make_plans, plan_2023(old), plan_2024(new))
    got = {u.unit: (u.status, u.gained_lead, u.lost_lead, u.gained_support, u.lost_support)
           for u in result.units}
    assert got == {
        "市卫生健康委": ("added", [], [], [1], []),
        "市市场监管局": ("changed", [], [1], [1], []),
        "市教委": ("changed", [1], [], [], [1]),
    }
    assert [u.unit for u in result.units] == ["市卫生健康委", "市市场监管局", "市教委"]
    changes = result.items[0].changes
    assert changes is not None
    assert (changes.lead_gained, changes.lead_lost) == (["市教委"], ["市市场监管局"])
    assert (changes.support_gained, changes.support_lost) == (["市市场监管局", "市卫生健康委"], ["市教委"])


def test_a_dropped_item_takes_its_units_roles_with_it(make_plans: Callable[..., Path]) -> None:
    result = diff_of(make_plans, plan_2023(), plan_2024(OLD_ITEMS[:1]))
    drug = unit(result, "市药品监管局")
    assert (drug.status, drug.old_support, drug.new_support, drug.lost_support) == ("dropped", [2], [], [2])
    bureau = unit(result, "市市场监管局")
    assert bureau.status == "changed" and bureau.lost_lead == [3, 4, 5, 6] and bureau.gained_lead == []
