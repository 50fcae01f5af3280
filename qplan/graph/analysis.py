"""What the graph says: load per unit, bridges, strongest pairs, clusters, and change.

Group units (单位群组) stay in the item graph but not in the unit projection, so they
never count as bridges, partners or cluster members; they are reported on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qplan.graph.build import (
    TIE_KINDS,
    Graph,
    acts_for,
    is_lead,
    item_nodes,
    ordered_subgraph,
    project_units,
    unit_nodes,
)
from qplan.workload import Workload, heaviest_first

COMMUNITY_METHOD = "greedy_modularity"


@dataclass(frozen=True, slots=True)
class ItemInfo:
    key: str  # "2025#7"
    plan: str
    no: int
    label: str  # "（七）"
    title: str


@dataclass(slots=True)
class UnitStat(Workload[str]):
    """A unit's items (keys such as "2025#7") by role, and its place in the network."""

    unit: str
    kind: str
    is_group: bool
    registered: bool
    partners: int | None = None
    betweenness: float | None = None
    community: int | None = None


@dataclass(frozen=True, slots=True)
class SharedItem:
    item: ItemInfo
    role_a: str
    role_b: str


@dataclass(slots=True)
class Pair:
    a: str
    b: str
    items: list[SharedItem]
    lead_support: int = 0
    support_support: int = 0
    lead_lead: int = 0

    @property
    def weight(self) -> int:
        return len(self.items)


@dataclass(slots=True)
class Community:
    number: int
    members: list[str]  # heaviest load first
    items: list[ItemInfo]  # items on which two or more members work together


@dataclass(slots=True)
class Overview:
    plans: list[str]
    items: dict[str, ItemInfo]  # every item in the graph by key, in plan order
    units: list[UnitStat]  # ordinary units, heaviest load first
    groups: list[UnitStat]  # group units, marked and kept apart
    groups_left_out: list[str]  # groups dropped by --no-groups
    pairs: list[Pair]  # strongest first, at most `top`
    pair_count: int
    communities: list[Community]
    loners: list[str]  # units that share no item with another unit
    # Units holding items through a plan-wide responsibility (以下均需…，不再列出): how many.
    plan_wide: dict[str, int] = field(default_factory=dict)
    no_units: list[str] = field(default_factory=list)  # plans whose document names no units


def item_info(graph: Graph, key: str) -> ItemInfo:
    data = graph.nodes[key]
    return ItemInfo(key, data["plan"], data["no"], data["label"], data["title"])


def unit_stats(graph: Graph, projection: Graph) -> dict[str, UnitStat]:
    """Every unit's items by role; partners and betweenness for units in the projection."""
    import networkx as nx

    between = nx.betweenness_centrality(projection, normalized=True) if len(projection) else {}
    stats: dict[str, UnitStat] = {}
    for unit in unit_nodes(graph):
        data = graph.nodes[unit]
        stat = UnitStat(unit, data["kind"], data["is_group"], data["registered"])
        for item in graph[unit]:
            edge = graph.edges[unit, item]
            stat.add(item, "lead" if is_lead(edge["role"]) else "support", inferred=edge["role"] == "inferred_lead",
                     wide=bool(edge.get("plan_wide")), acting=bool(edge.get("acting_for")))
        if unit in projection:
            stat.partners = projection.degree(unit)
            stat.betweenness = round(float(between[unit]), 4)
        stats[unit] = stat
    return stats


def by_load(stats: list[UnitStat]) -> list[UnitStat]:
    return sorted(stats, key=lambda s: (*heaviest_first(s.load, len(s.lead)), s.unit))


def pair_of(graph: Graph, a: str, b: str, items: list[str]) -> Pair:
    """A pair oriented so that `a` is the unit that leads more of the shared items."""
    def leads(unit: str) -> int:
        return sum(is_lead(graph.edges[unit, item]["role"]) for item in items)

    if (leads(b), graph.degree(b)) > (leads(a), graph.degree(a)):
        a, b = b, a
    pair = Pair(a, b, [])
    for item in items:
        role_a, role_b = graph.edges[a, item]["role"], graph.edges[b, item]["role"]
        pair.items.append(SharedItem(item_info(graph, item), role_a, role_b))
    return pair


def strongest_pairs(graph: Graph, projection: Graph) -> list[Pair]:
    pairs = []
    for a, b, data in projection.edges(data=True):
        pair = pair_of(graph, a, b, data["items"])
        for kind in TIE_KINDS:
            setattr(pair, kind, data[kind])
        pairs.append(pair)
    return sorted(pairs, key=lambda p: (-p.weight, -p.lead_support, p.a, p.b))


def find_communities(graph: Graph, projection: Graph,
                     stats: dict[str, UnitStat]) -> tuple[list[Community], list[str]]:
    """Clusters of units that work together (greedy modularity on the weighted projection).

    The algorithm has no randomness; with the projection's sorted node order its result is
    the same on every run. Units without any partner are returned apart as loners.
    """
    from networkx.algorithms.community import greedy_modularity_communities

    connected = ordered_subgraph(projection, (n for n in projection if projection.degree(n) > 0))
    loners = sorted(n for n in projection if projection.degree(n) == 0)
    if connected.number_of_edges() == 0:
        return [], loners
    found = greedy_modularity_communities(connected, weight="weight")

    def heavy(unit: str) -> tuple[int, int, str]:
        return (*heaviest_first(stats[unit].load, len(stats[unit].lead)), unit)

    ordered = sorted((sorted(c, key=heavy) for c in found),
                     key=lambda members: (-len(members), heavy(members[0])))
    communities = []
    for number, members in enumerate(ordered, start=1):
        inside = set(members)
        together = {item: sum(unit in inside for unit in graph[item]) for item in item_nodes(graph)}
        # Items most members share first: they say best what the cluster is about.
        shared = [item_info(graph, item)
                  for item in sorted(together, key=lambda i: -together[i]) if together[item] >= 2]
        for unit in members:
            stats[unit].community = number
        communities.append(Community(number, members, shared))
    return communities, loners


def overview(graph: Graph, *, top: int = 10) -> Overview:
    projection = project_units(graph)
    stats = unit_stats(graph, projection)
    communities, loners = find_communities(graph, projection, stats)
    pairs = strongest_pairs(graph, projection)
    every = list(stats.values())
    return Overview(
        plans=list(graph.graph.get("plans", [])),
        items={key: item_info(graph, key) for key in item_nodes(graph)},
        units=by_load([s for s in every if not s.is_group]),
        groups=by_load([s for s in every if s.is_group]),
        groups_left_out=list(graph.graph.get("groups_left_out", [])),
        pairs=pairs[:top],
        pair_count=len(pairs),
        communities=communities,
        loners=loners,
        plan_wide=plan_wide_counts(graph),
        no_units=list(graph.graph.get("no_units", [])),
    )


def plan_wide_counts(graph: Graph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for a, b, data in graph.edges(data=True):
        if data.get("plan_wide"):
            unit = a if graph.nodes[a]["type"] == "unit" else b
            counts[unit] = counts.get(unit, 0) + 1
    return dict(sorted(counts.items()))


@dataclass(slots=True)
class Partner:
    unit: str
    is_group: bool
    items: list[SharedItem]  # role_a: the focus unit's role; role_b: the partner's

    @property
    def weight(self) -> int:
        return len(self.items)


@dataclass(slots=True)
class OwnItem:
    item: ItemInfo
    role: str
    others: list[tuple[str, str]]  # every other unit on the item, with its role
    acting_for: str = ""  # the body, among `others`, that this unit acts for here
    acted_by: str = ""  # the bureau, among `others`, that acts for this unit here


@dataclass(slots=True)
class Neighbourhood:
    unit: str
    stat: UnitStat
    items: list[OwnItem]
    partners: list[Partner]  # ordinary units, most shared items first
    groups: list[Partner]  # group units it shares items with
    alone: list[ItemInfo]  # items the unit holds with no other unit


def neighbourhood(graph: Graph, unit: str) -> Neighbourhood:
    projection = project_units(graph)
    stats = unit_stats(graph, projection)
    find_communities(graph, projection, stats)
    stat = stats[unit]
    items = []
    for key in graph[unit]:
        others = [(other, graph.edges[other, key]["role"]) for other in graph[key] if other != unit]
        acted_by = next((other for other, _ in others if graph.edges[other, key].get("acting_for") == unit), "")
        items.append(OwnItem(item_info(graph, key), graph.edges[unit, key]["role"], others,
                             graph.edges[unit, key].get("acting_for", ""), acted_by))
    items.sort(key=lambda own: (own.item.plan, own.item.no))
    partners: dict[str, Partner] = {}
    for own in items:
        for other, role in own.others:
            if acts_for(graph, unit, other, own.item.key):
                continue  # one body's work, not a partnership (as in the unit projection)
            partner = partners.setdefault(
                other, Partner(other, graph.nodes[other]["is_group"], []))
            partner.items.append(SharedItem(own.item, own.role, role))
    alone = [own.item for own in items
             if not any(not acts_for(graph, unit, other, own.item.key) for other, _ in own.others)]
    ranked = sorted(partners.values(), key=lambda p: (-p.weight, p.unit))
    return Neighbourhood(unit, stat, items, [p for p in ranked if not p.is_group],
                         [p for p in ranked if p.is_group], alone)


@dataclass(slots=True)
class LoadChange:
    unit: str
    is_group: bool
    old: UnitStat | None
    new: UnitStat | None

    @property
    def old_load(self) -> int:
        return self.old.load if self.old else 0

    @property
    def new_load(self) -> int:
        return self.new.load if self.new else 0

    @property
    def delta(self) -> int:
        return self.new_load - self.old_load


@dataclass(slots=True)
class TieChange:
    a: str
    b: str
    old: list[ItemInfo]
    new: list[ItemInfo]

    @property
    def delta(self) -> int:
        return len(self.new) - len(self.old)


@dataclass(slots=True)
class Comparison:
    old_plans: list[str]
    new_plans: list[str]
    old_items: int
    new_items: int
    loads: list[LoadChange]  # every unit in either, biggest growth first
    ties: list[TieChange]  # ties whose weight changed, biggest growth first


def compare(old_graph: Graph, new_graph: Graph) -> Comparison:
    """Load and ties of the same units in two graphs (unit names are canonical already)."""
    old_projection, new_projection = project_units(old_graph), project_units(new_graph)
    old_stats = unit_stats(old_graph, old_projection)
    new_stats = unit_stats(new_graph, new_projection)
    loads = []
    for unit in sorted(set(old_stats) | set(new_stats)):
        old, new = old_stats.get(unit), new_stats.get(unit)
        is_group = any(stat.is_group for stat in (old, new) if stat)
        loads.append(LoadChange(unit, is_group, old, new))
    loads.sort(key=lambda c: (-c.delta, -c.new_load, c.unit))

    def ties(graph: Graph, projection: Graph) -> dict[tuple[str, str], list[ItemInfo]]:
        return {tuple(sorted((a, b))): [item_info(graph, i) for i in data["items"]]
                for a, b, data in projection.edges(data=True)}

    old_ties, new_ties = ties(old_graph, old_projection), ties(new_graph, new_projection)
    changes = [TieChange(a, b, old_ties.get((a, b), []), new_ties.get((a, b), []))
               for a, b in sorted(set(old_ties) | set(new_ties))]
    changes = [c for c in changes if c.delta != 0]
    changes.sort(key=lambda c: (-c.delta, -len(c.new), c.a, c.b))
    return Comparison(
        old_plans=list(old_graph.graph.get("plans", [])),
        new_plans=list(new_graph.graph.get("plans", [])),
        old_items=len(item_nodes(old_graph)),
        new_items=len(item_nodes(new_graph)),
        loads=loads,
        ties=changes,
    )
