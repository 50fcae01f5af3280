"""Matching the items of two plans: pairing by meaning, bands, decisions, splits and merges."""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qplan.diff import DiffResult
from qplan.diff.align import KindMismatchError, compare
from qplan.workspace import Workspace
from tests.conftest import item
from tests.diff_data import (
    CONTINUED,
    NEW_ITEMS,
    OLD_ITEMS,
    UNITS,
    numbered,
    plan_2023,
    plan_2024,
    renumbered,
)


def diff_of(make_plans: Callable[..., Path], old: dict[str, Any], new: dict[str, Any]) -> DiffResult:
    workspace = Workspace(make_plans({"2023": old, "2024": new}, units=UNITS))
    return compare(workspace.plan("2023"), workspace.plan("2024"), registry=workspace.registry)


def pairs(result: DiffResult, *statuses: str) -> set[tuple[int, int]]:
    return {(row.old.no, row.new.no) for row in result.items
            if row.status in statuses and row.old is not None and row.new is not None}


def singles(result: DiffResult, status: str) -> set[int]:
    found = set()
    for row in result.items:
        if row.status == status:
            side = row.new if status == "added" else row.old
            assert side is not None
            found.add(side.no)
    return found


def test_a_plan_compared_with_itself_is_all_continued_without_changes(make_plans: Callable[..., Path]) -> None:
    result = diff_of(make_plans, plan_2023(), plan_2024(OLD_ITEMS))
    assert [row.status for row in result.items] == ["continued"] * len(OLD_ITEMS)
    assert pairs(result, "continued") == {(n, n) for n in range(1, 7)}
    assert all(row.score == pytest.approx(1.0) for row in result.items)
    assert not any(row.changes is not None and row.changes.any for row in result.items)
    assert {unit.status for unit in result.units} == {"same"}
    assert not result.has_differences


def test_reordering_and_renumbering_items_changes_nothing(make_plans: Callable[..., Path]) -> None:
    order = [4, 6, 1, 3, 2, 5]
    result = diff_of(make_plans, plan_2023(), plan_2024(renumbered(OLD_ITEMS, order)))
    assert pairs(result, "continued") == {(old, new) for new, old in enumerate(order, start=1)}
    assert not any(row.changes is not None and row.changes.any for row in result.items)
    assert {unit.status for unit in result.units} == {"same"}


def test_reworded_items_are_followed_and_unrelated_leftovers_are_not_paired(
        make_plans: Callable[..., Path]) -> None:
    result = diff_of(make_plans, plan_2023(), plan_2024())
    assert pairs(result, "continued", "possible") == CONTINUED
    assert singles(result, "dropped") == {2}
    assert singles(result, "added") == {3}


def test_order_of_new_items_does_not_change_the_pairing(make_plans: Callable[..., Path]) -> None:
    order = [5, 3, 1, 6, 2, 4]
    shuffled = renumbered(NEW_ITEMS, order)
    result = diff_of(make_plans, plan_2023(), plan_2024(shuffled))
    position = {old_no: new_no for new_no, old_no in enumerate(order, start=1)}
    assert pairs(result, "continued", "possible") == {(o, position[n]) for o, n in CONTINUED}


def test_unrelated_plans_pair_nothing(make_plans: Callable[..., Path]) -> None:
    new = [item(1, "推进绿色低碳认证", ["市生态环境局"], text="开展碳排放核算与碳足迹认证试点，推广绿色产品认证。"),
           item(2, "发展智慧交通", ["市发展改革委"], text="建设车路协同示范区，推广公交专用道信号优先。")]
    result = diff_of(make_plans, plan_2023(OLD_ITEMS[:3]), plan_2024(new))
    assert pairs(result, "continued", "possible") == set()
    assert singles(result, "dropped") == {1, 2, 3}
    assert singles(result, "added") == {1, 2}


def test_a_single_reworded_item_still_matches(make_plans: Callable[..., Path]) -> None:
    result = diff_of(make_plans, plan_2023(OLD_ITEMS[:1]), plan_2024(renumbered(NEW_ITEMS, [2])))
    assert pairs(result, "continued") == {(1, 1)}


def test_a_confirmed_link_overrides_the_matcher(make_plans: Callable[..., Path]) -> None:
    new = copy.deepcopy(NEW_ITEMS)
    # A person says the green-certification item continues the 防疫 item: unlikely, but theirs.
    new[2]["links"] = {"continues": ["2023#2"]}
    result = diff_of(make_plans, plan_2023(), plan_2024(new))
    confirmed = [row for row in result.items if row.confirmed]
    assert [(row.old.no, row.new.no, row.status) for row in confirmed if row.old and row.new] == [
        (2, 3, "continued")]
    assert pairs(result, "continued", "possible") == CONTINUED | {(2, 3)}
    assert not singles(result, "added") and not singles(result, "dropped")


def test_a_confirmed_link_does_not_lower_what_the_matcher_is_sure_of(
        make_plans: Callable[..., Path]) -> None:
    new = copy.deepcopy(NEW_ITEMS)
    new[1]["links"] = {"continues": ["2023#3"]}  # 人才 item said to continue 计量
    result = diff_of(make_plans, plan_2023(), plan_2024(new))
    # The person added a link, and rejected nothing: the matcher's own clear pairs of the same
    # items stay continued, and the link makes a merge and a split.
    assert pairs(result, "continued") == CONTINUED | {(3, 2)}
    assert [row.confirmed for row in result.items if row.old and row.new
            and (row.old.no, row.new.no) == (3, 2)] == [True]
    assert sorted((r.kind, r.old, r.new) for r in result.relations) == [
        ("merge", [1, 3], [2]), ("split", [3], [2, 5])]


def merge_plans() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """2023 items 1 (计量) and 2 (标准) become one 2024 item 1; two other lines continue."""
    old = [item(1, "加强计量监管", ["市市场监管局"],
                text="推进国家产业计量测试中心建设，加强加油机、充电桩等计量器具监督检查。"),
           item(2, "推进标准化建设", ["市市场监管局"],
                text="深化标准化创新基地建设，开展上海标准培育评价，推动企业联合标准制度。"),
           *renumbered(OLD_ITEMS, [4, 5])]
    merged = item(1, "夯实计量标准基础", ["市市场监管局"],
                  text="推进国家产业计量测试中心建设，加强加油机、充电桩等计量器具监督检查。"
                       "深化标准化创新基地建设，开展上海标准培育评价，推动企业联合标准制度。")
    return numbered(old), numbered([merged, *renumbered(NEW_ITEMS, [4, 6])])


def test_confirming_one_half_of_a_merge_keeps_the_other_half(make_plans: Callable[..., Path]) -> None:
    old, new = merge_plans()
    alone = diff_of(make_plans, plan_2023(old), plan_2024(new))
    before = {pair: row.status for row in alone.items if row.old and row.new
              for pair in [(row.old.no, row.new.no)]}
    new[0]["links"] = {"continues": ["2023#2"]}
    linked = diff_of(make_plans, plan_2023(old), plan_2024(new))
    after = {pair: row.status for row in linked.items if row.old and row.new
             for pair in [(row.old.no, row.new.no)]}
    assert after[(2, 1)] == "continued"
    # The half nobody touched keeps the band the matcher gave it.
    assert after[(1, 1)] == before[(1, 1)]
    assert [(r.kind, r.old, r.new) for r in linked.relations] == [("merge", [1, 2], [1])]


def test_a_rejected_match_is_never_suggested_again(make_plans: Callable[..., Path]) -> None:
    new = copy.deepcopy(NEW_ITEMS)
    new[1]["links"] = {"not": ["2023#1"]}
    result = diff_of(make_plans, plan_2023(), plan_2024(new))
    assert (1, 2) not in pairs(result, "continued", "possible")
    assert 1 in singles(result, "dropped") and 2 in singles(result, "added")


def test_links_to_other_plans_are_ignored(make_plans: Callable[..., Path]) -> None:
    new = copy.deepcopy(NEW_ITEMS)
    new[1]["links"] = {"not": ["2020#1"], "continues": ["2020#5"]}
    workspace = Workspace(make_plans({"2023": plan_2023(), "2024": plan_2024(new)}, units=UNITS))
    result = compare(workspace.plan("2023"), workspace.plan("2024"))
    assert pairs(result, "continued", "possible") == CONTINUED


def test_one_old_item_split_into_two_is_reported(make_plans: Callable[..., Path]) -> None:
    old = [item(1, "加强质量基础设施建设", ["市市场监管局"],
                text="推进国家产业计量测试中心建设，加强计量器具监督检查。深化标准化创新基地建设，开展上海标准培育评价。"),
           *OLD_ITEMS[3:5]]
    old = numbered(old)
    new = [item(1, "夯实计量基础", ["市市场监管局"],
                text="推进国家产业计量测试中心建设，加强计量器具监督检查，推广计量器具智能监管。"),
           item(2, "强化标准引领", ["市市场监管局"],
                text="深化标准化创新基地建设，开展上海标准培育评价，推动企业联合标准制度。"),
           *renumbered(NEW_ITEMS, [4, 6])]
    new = numbered(new)
    result = diff_of(make_plans, plan_2023(old), plan_2024(new))
    assert [(r.kind, r.old, r.new) for r in result.relations] == [("split", [1], [1, 2])]
    split_rows = [row for row in result.items if row.old is not None and row.old.no == 1]
    assert sorted(row.also_new for row in split_rows) == [[1], [2]]
    assert pairs(result, "continued", "possible") == {(1, 1), (1, 2), (2, 3), (3, 4)}


def test_two_old_items_merged_into_one_is_reported(make_plans: Callable[..., Path]) -> None:
    old, new = merge_plans()
    result = diff_of(make_plans, plan_2023(old), plan_2024(new))
    assert [(r.kind, r.old, r.new) for r in result.relations] == [("merge", [1, 2], [1])]
    assert pairs(result, "continued", "possible") == {(1, 1), (2, 1), (3, 2), (4, 3)}


def test_plans_of_different_kinds_are_not_compared(make_plans: Callable[..., Path]) -> None:
    workspace = Workspace(make_plans({"2023": plan_2023(), "2024": plan_2024(kind="projects")},
                                     units=UNITS))
    with pytest.raises(KindMismatchError, match="类型不同"):
        compare(workspace.plan("2023"), workspace.plan("2024"))


def test_thresholds_are_ordered_and_within_range(make_plans: Callable[..., Path]) -> None:
    result = diff_of(make_plans, plan_2023(), plan_2024())
    assert 0 < result.thresholds.possible <= result.thresholds.continued < 1


def test_rewording_by_synonyms_and_sentence_order_keeps_every_line(make_plans: Callable[..., Path]) -> None:
    """A synthetic next year: sentences reordered and verbs swapped; nothing may be lost."""
    rng = random.Random(7)
    swaps = [("加强", "强化"), ("推进", "推动"), ("持续", "不断"), ("开展", "组织开展")]
    reworded = []
    for entry in copy.deepcopy(OLD_ITEMS):
        sentences = [s + "。" for s in entry["text"].split("。") if s]
        rng.shuffle(sentences)
        text = "".join(sentences)
        for a, b in swaps:
            text = text.replace(a, b)
        entry["text"] = text
        reworded.append(entry)
    order = [3, 1, 6, 2, 5, 4]
    result = diff_of(make_plans, plan_2023(), plan_2024(renumbered(reworded, order)))
    assert pairs(result, "continued") == {(old, new) for new, old in enumerate(order, start=1)}


def test_rows_come_in_status_order(make_plans: Callable[..., Path]) -> None:
    result = diff_of(make_plans, plan_2023(), plan_2024())
    order = {"continued": 0, "possible": 1, "added": 2, "dropped": 3}
    ranks = [order[row.status] for row in result.items]
    assert ranks == sorted(ranks)
