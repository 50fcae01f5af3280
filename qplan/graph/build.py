"""The graph of items and units, and its projection onto units.

Item nodes are keyed like "2025#7" (an ItemRef); unit nodes by their canonical name. Each
unit–item edge carries the unit's role: "lead" (stated in the document), "inferred_lead"
(first listed, lead not stated) or "support", `plan_wide`: true where the role comes from
a responsibility the document states once for every item rather than on the item, and
`acting_for`: the body a bureau acts for (领导小组（某局）), else "". Roles are those of
qplan.workload.holdings, so the graph counts the units every other view counts: a bureau
that acts for a body is a unit node holding the body's role.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations
from typing import Any, Literal

from qplan.model import ItemRef, Plan, oldest_first
from qplan.registry import Registry
from qplan.workload import holdings

EdgeRole = Literal["lead", "inferred_lead", "support"]
TieKind = Literal["lead_support", "support_support", "lead_lead"]

ROLE_NAMES: dict[str, str] = {"lead": "牵头", "inferred_lead": "牵头※", "support": "配合"}
TIE_KINDS: tuple[TieKind, ...] = ("lead_support", "support_support", "lead_lead")

# Networkx graphs are untyped; this alias says which kind a function expects.
Graph = Any


def item_key(plan_id: str, no: int) -> str:
    return str(ItemRef(plan_id, no))


def is_lead(role: str) -> bool:
    return role in ("lead", "inferred_lead")


def build_graph(plans: list[Plan], registry: Registry, *, groups: bool = True) -> Graph:
    """Items and units as nodes, one edge per role a unit holds in an item.

    With groups=False, group units (单位群组) are left out entirely.
    """
    import networkx as nx

    graph = nx.Graph()
    graph.graph["plans"] = [plan.id for plan in oldest_first(plans)]
    graph.graph["no_units"] = [plan.id for plan in oldest_first(plans) if plan.no_units]
    left_out: set[str] = set()
    for plan in oldest_first(plans):
        for item in plan.items:
            key = item_key(plan.id, item.no)
            section = plan.section_of(item)
            graph.add_node(
                key, type="item", plan=plan.id, no=item.no, label=plan.label(item),
                title=item.title, section=section.title if section else "",
                lead_stated=item.lead_stated, open_ended=item.open_ended, key_item=item.key,
            )
            for held in holdings(plan, item):
                name = held.unit
                group = registry.is_group(name)
                if group and not groups:
                    left_out.add(name)
                    continue
                if name not in graph:
                    graph.add_node(name, type="unit", kind=registry.kind_of(name) or "",
                                   is_group=group, registered=name in registry.units)
                role: EdgeRole = "support" if held.role == "support" else "inferred_lead" if held.inferred else "lead"
                graph.add_edge(name, key, role=role, plan_wide=held.wide, acting_for=held.acting_for or "")
    graph.graph["groups_left_out"] = sorted(left_out)
    return graph


def unit_nodes(graph: Graph, *, groups: bool = True) -> list[str]:
    return [node for node, data in graph.nodes(data=True)
            if data["type"] == "unit" and (groups or not data["is_group"])]


def item_nodes(graph: Graph) -> list[str]:
    return [node for node, data in graph.nodes(data=True) if data["type"] == "item"]


def tie_kind(role_a: str, role_b: str) -> TieKind:
    leads = is_lead(role_a) + is_lead(role_b)
    return ("support_support", "lead_support", "lead_lead")[leads]


def acts_for(graph: Graph, a: str, b: str, item: str) -> bool:
    """Whether, in this item, one of the two units acts for the other: one body's work, not a
    partnership, so the pair is no tie."""
    return bool(graph.edges[a, item].get("acting_for") == b or graph.edges[b, item].get("acting_for") == a)


def project_units(graph: Graph, *, groups: bool = False) -> Graph:
    """Units linked when they share items: weight = shared items, split by kind of tie.

    Group units are left out unless groups=True: a group such as 各成员单位 stands for
    many units at once, and as one node it would seem to bridge everything.
    """
    import networkx as nx

    projection = nx.Graph()
    # Sorted insertion keeps community detection and betweenness output stable.
    for unit in sorted(unit_nodes(graph, groups=groups)):
        projection.add_node(unit, **graph.nodes[unit])
    for item in item_nodes(graph):
        members = sorted((unit, graph.edges[unit, item]["role"]) for unit in graph[item]
                         if unit in projection)
        for (a, role_a), (b, role_b) in combinations(members, 2):
            if acts_for(graph, a, b, item):
                continue
            if not projection.has_edge(a, b):
                projection.add_edge(a, b, weight=0, items=[], lead_support=0,
                                    support_support=0, lead_lead=0)
            data = projection.edges[a, b]
            data["weight"] += 1
            data["items"].append(item)
            data[tie_kind(role_a, role_b)] += 1
    return projection


def ordered_subgraph(graph: Graph, nodes: Iterable[str]) -> Graph:
    """A copy of the graph on these nodes, in the graph's own node and edge order.

    networkx's subgraph views may iterate a small subset in set order, which changes with
    Python's hash seed; layouts and communities must not.
    """
    keep = set(nodes)
    sub = graph.__class__()
    sub.graph.update(graph.graph)
    sub.add_nodes_from((node, data) for node, data in graph.nodes(data=True) if node in keep)
    sub.add_edges_from((a, b, data) for a, b, data in graph.edges(data=True) if a in keep and b in keep)
    return sub


def ego_graph(graph: Graph, unit: str) -> Graph:
    """The unit, its items, and every unit on those items: what --dept draws and exports."""
    nodes = {unit}
    for item in graph[unit]:
        nodes.add(item)
        nodes.update(graph[item])
    sub = ordered_subgraph(graph, nodes)
    sub.graph["focus"] = unit
    return sub
