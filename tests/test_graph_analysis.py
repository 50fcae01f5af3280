"""The unit graph and what it says, on small plans whose answers can be worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qplan.graph.analysis import compare, neighbourhood, overview
from qplan.graph.build import build_graph, ego_graph, project_units
from qplan.workspace import Workspace
from tests.conftest import item, small_plan

GROUP = "市质量工作领导小组成员单位"
UNITS: dict[str, Any] = {
    "units": [
        {"name": "市市场监管局", "kind": "市政府部门", "aliases": ["市局"]},
        {"name": "市教委", "kind": "市政府部门"},
        {"name": "市科委", "kind": "市政府部门"},
        {"name": "市人力资源社会保障局", "kind": "市政府部门", "aliases": ["市人社局"]},
        {"name": "市商务委", "kind": "市政府部门"},
        {"name": "市文化旅游局", "kind": "市政府部门"},
        {"name": "市交通委", "kind": "市政府部门"},
        {"name": "市卫生健康委", "kind": "市政府部门", "aliases": ["市卫健委"]},
        {"name": GROUP, "kind": "单位群组", "aliases": ["市质量工作领导小组各成员单位"]},
    ]
}

# Two triangles that meet only in 市市场监管局: it lies on every path between them.
BRIDGE = [
    item(1, "教育质量", ["市教委"], ["市科委", "市市场监管局"]),
    item(2, "消费质量", ["市商务委"], ["市文化旅游局", "市市场监管局"], stated=False),
]
# Two clusters of three that share three items each, joined by one weak item.
CLUSTERS = [
    item(1, "人才一", ["市教委"], ["市科委", "市人力资源社会保障局"]),
    item(2, "人才二", ["市教委"], ["市科委", "市人力资源社会保障局"]),
    item(3, "人才三", ["市科委"], ["市教委", "市人力资源社会保障局"]),
    item(4, "消费一", ["市商务委"], ["市文化旅游局", "市交通委"]),
    item(5, "消费二", ["市商务委"], ["市文化旅游局", "市交通委"]),
    item(6, "消费三", ["市文化旅游局"], ["市商务委", "市交通委"]),
    item(7, "跨界", ["市教委"], ["市商务委"]),
]


@pytest.fixture
def graph_of(make_plans: Callable[..., Path]) -> Callable[..., Any]:
    def build(plans: dict[str, Any], *, groups: bool = True, ids: tuple[str, ...] = ()) -> Any:
        root = make_plans(plans, units=UNITS)
        workspace = Workspace(root)
        return build_graph(workspace.load(list(ids)).plans, workspace.registry, groups=groups)
    return build


def test_nodes_and_edges_carry_roles(graph_of: Callable[..., Any]) -> None:
    graph = graph_of({"2025": small_plan(2025, BRIDGE)})
    assert graph.nodes["2025#1"]["type"] == "item"
    assert graph.nodes["2025#1"]["title"] == "教育质量"
    assert graph.nodes["市教委"]["type"] == "unit"
    assert graph.edges["市教委", "2025#1"]["role"] == "lead"
    assert graph.edges["市商务委", "2025#2"]["role"] == "inferred_lead"
    assert graph.edges["市市场监管局", "2025#2"]["role"] == "support"
    assert graph.number_of_nodes() == 2 + 5
    assert graph.number_of_edges() == 6


def test_loads_weight_lead_above_support(graph_of: Callable[..., Any]) -> None:
    graph = graph_of({"2025": small_plan(2025, [
        item(1, "一", ["市市场监管局"], ["市教委", "市科委"]),
        item(2, "二", ["市教委"], ["市市场监管局"], stated=False),
        item(3, "三", ["市市场监管局"]),
    ])})
    view = overview(graph)
    loads = [(s.unit, len(s.lead), len(s.lead_inferred), len(s.support), s.load) for s in view.units]
    assert loads == [
        ("市市场监管局", 2, 0, 1, 5),  # 2 leads x 2 + 1 support x 1
        ("市教委", 1, 1, 1, 3),
        ("市科委", 0, 0, 1, 1),
    ]


def test_betweenness_of_the_bridge_unit(graph_of: Callable[..., Any]) -> None:
    view = overview(graph_of({"2025": small_plan(2025, BRIDGE)}))
    between = {s.unit: s.betweenness for s in view.units}
    # Four of the six pairs among the other four units must pass through the bridge:
    # 4 / C(4, 2) = 4 / 6.
    assert between["市市场监管局"] == pytest.approx(0.6667, abs=1e-4)
    assert {unit: value for unit, value in between.items() if unit != "市市场监管局"} == {
        "市教委": 0.0, "市科委": 0.0, "市商务委": 0.0, "市文化旅游局": 0.0}
    assert {s.unit: s.partners for s in view.units}["市市场监管局"] == 4


def test_two_obvious_clusters(graph_of: Callable[..., Any]) -> None:
    view = overview(graph_of({"2025": small_plan(2025, CLUSTERS)}))
    assert [set(c.members) for c in view.communities] == [
        {"市教委", "市科委", "市人力资源社会保障局"}, {"市商务委", "市文化旅游局", "市交通委"}]
    first = view.communities[0]
    assert first.members[0] == "市教委"  # heaviest first: 3 leads
    assert [i.title for i in first.items] == ["人才一", "人才二", "人才三"]
    assert {s.unit: s.community for s in view.units}["市交通委"] == 2


def test_communities_are_the_same_on_every_run(graph_of: Callable[..., Any]) -> None:
    graph = graph_of({"2025": small_plan(2025, CLUSTERS)})
    runs = [[c.members for c in overview(graph).communities] for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_pair_weights_and_kinds_of_tie(graph_of: Callable[..., Any]) -> None:
    view = overview(graph_of({"2025": small_plan(2025, CLUSTERS)}), top=100)
    pairs = {(p.a, p.b): (p.weight, p.lead_support, p.support_support) for p in view.pairs}
    assert pairs[("市教委", "市科委")] == (3, 3, 0)
    # Both support in items 1 and 2; 市科委 leads item 3.
    assert pairs[("市科委", "市人力资源社会保障局")] == (3, 1, 2)
    assert pairs[("市教委", "市商务委")] == (1, 1, 0)
    assert view.pair_count == 7
    # Equal weight and kind: in name order.
    assert [(p.a, p.b) for p in view.pairs[:2]] == [("市商务委", "市文化旅游局"), ("市教委", "市科委")]
    shared = view.pairs[1].items[2]
    assert (shared.item.key, shared.role_a, shared.role_b) == ("2025#3", "support", "lead")


def test_projection_weights(graph_of: Callable[..., Any]) -> None:
    projection = project_units(graph_of({"2025": small_plan(2025, CLUSTERS)}))
    edge = projection.edges["市商务委", "市交通委"]
    assert (edge["weight"], edge["lead_support"], edge["support_support"]) == (3, 2, 1)
    assert edge["items"] == ["2025#4", "2025#5", "2025#6"]


WITH_GROUP = [
    item(1, "教育质量", ["市教委"], ["市科委", GROUP]),
    item(2, "消费质量", ["市商务委"], ["市文化旅游局", "市质量工作领导小组各成员单位"]),
]


def test_groups_are_kept_apart_not_made_a_bridge(graph_of: Callable[..., Any]) -> None:
    graph = graph_of({"2025": small_plan(2025, WITH_GROUP)})
    assert graph.nodes[GROUP]["is_group"] is True
    view = overview(graph)
    assert [s.unit for s in view.groups] == [GROUP]
    assert GROUP not in {s.unit for s in view.units}
    group = view.groups[0]
    assert (group.support, group.betweenness, group.partners, group.community) == (
        ["2025#1", "2025#2"], None, None, None)
    # Without the group the two items share no unit: no bridge, no tie across.
    assert {s.unit: s.betweenness for s in view.units} == {
        "市教委": 0.0, "市科委": 0.0, "市商务委": 0.0, "市文化旅游局": 0.0}
    assert {(p.a, p.b) for p in view.pairs} == {("市教委", "市科委"), ("市商务委", "市文化旅游局")}
    assert project_units(graph, groups=True).degree(GROUP) == 4


def test_no_groups_leaves_them_out(graph_of: Callable[..., Any]) -> None:
    graph = graph_of({"2025": small_plan(2025, WITH_GROUP)}, groups=False)
    assert GROUP not in graph
    assert graph.graph["groups_left_out"] == [GROUP]
    view = overview(graph)
    assert view.groups == []
    assert view.groups_left_out == [GROUP]


def test_neighbourhood_lists_partners_items_and_roles(graph_of: Callable[..., Any]) -> None:
    graph = graph_of({"2025": small_plan(2025, [*CLUSTERS, item(8, "独办", ["市教委"]),
                                                item(9, "群组", ["市教委"], [GROUP])])})
    near = neighbourhood(graph, "市教委")
    assert [(own.item.key, own.role) for own in near.items] == [
        ("2025#1", "lead"), ("2025#2", "lead"), ("2025#3", "support"), ("2025#7", "lead"),
        ("2025#8", "lead"), ("2025#9", "lead")]
    assert near.items[2].others == [("市科委", "lead"), ("市人力资源社会保障局", "support")]
    assert [(p.unit, p.weight) for p in near.partners] == [
        ("市人力资源社会保障局", 3), ("市科委", 3), ("市商务委", 1)]
    trade = near.partners[2].items[0]
    assert (trade.item.key, trade.role_a, trade.role_b) == ("2025#7", "lead", "support")
    assert [(p.unit, p.weight) for p in near.groups] == [(GROUP, 1)]
    assert [i.key for i in near.alone] == ["2025#8"]
    assert near.stat.community == 1


def test_ego_graph_keeps_the_units_corner(graph_of: Callable[..., Any]) -> None:
    graph = graph_of({"2025": small_plan(2025, CLUSTERS)})
    ego = ego_graph(graph, "市商务委")
    assert set(ego) == {"市商务委", "市文化旅游局", "市交通委", "市教委",
                        "2025#4", "2025#5", "2025#6", "2025#7"}
    assert ego.graph["focus"] == "市商务委"


def test_compare_across_years_with_canonical_names(graph_of: Callable[..., Any]) -> None:
    plans = {
        "2022": small_plan(2022, [item(1, "旧", ["市市场监管局"], ["市卫健委", "市教委"]),
                                  item(2, "旧二", ["市市场监管局"], ["市教委"])]),
        "2025": small_plan(2025, [item(1, "新", ["市卫生健康委"], ["市市场监管局", "市商务委"])]),
    }
    graph_of(plans)  # writes the folder once
    old = graph_of(plans, ids=("2022",))
    new = graph_of(plans, ids=("2025",))
    result = compare(old, new)
    loads = {c.unit: (c.old_load, c.new_load, c.delta) for c in result.loads}
    assert loads == {
        "市卫生健康委": (1, 2, 1),  # 市卫健委 in 2022 is the same unit
        "市商务委": (0, 1, 1),
        "市市场监管局": (4, 1, -3),
        "市教委": (2, 0, -2),
    }
    assert [c.unit for c in result.loads] == ["市卫生健康委", "市商务委", "市教委", "市市场监管局"]
    ties = {(c.a, c.b): (len(c.old), len(c.new)) for c in result.ties}
    assert ties == {
        ("市卫生健康委", "市商务委"): (0, 1),
        ("市商务委", "市市场监管局"): (0, 1),
        ("市卫生健康委", "市教委"): (1, 0),
        ("市市场监管局", "市教委"): (2, 0),
    }
    assert result.ties[0].delta == 1 and result.ties[-1].delta == -2
