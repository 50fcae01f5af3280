"""What the picture of the network shows, before it is placed: a node per unit and item with
its shape, colour, label and tooltip, an edge per role, and the legend.

Colours are fixed, never chosen per picture: a unit's fill says its kind (市委部门, 市政府部门 …)
in every plan and year, from the Okabe–Ito palette, which stays distinguishable under red-green
colour blindness; group units are white dashed hexagons; an item's box outline says its plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from qplan.graph.analysis import Comparison, Overview, UnitStat
from qplan.graph.build import ROLE_NAMES, Graph, is_lead
from qplan.graph.measure import ASCENT, DESCENT, LINE_HEIGHT, Box, block_height, split_name, text_width
from qplan.registry import GROUP_KIND
from qplan.vocabulary import ACTING_MARK, INFERRED_MARK, KEY_MARK, LEGEND_ACTING, WIDE_MARK
from qplan.workload import LEAD_WEIGHT, SUPPORT_WEIGHT

# Okabe & Ito, "Color Universal Design" (2008): eight colours told apart with any common
# colour-vision deficiency. Each kind of unit keeps its colour in every picture.
KIND_COLOURS: dict[str, str] = {
    "市政府部门": "#56B4E9",  # sky blue
    "市委部门": "#E69F00",  # orange
    "中央在沪单位": "#009E73",  # bluish green
    "群团组织": "#CC79A7",  # reddish purple
    "司法机关": "#D55E00",  # vermillion
    "议事协调机构": "#0072B2",  # blue
    "区级单位": "#F0E442",  # yellow
    "社会组织": "#999999",  # grey
    "企事业单位": "#999999",
    "省委部门": "#E69F00",
    "省政府部门": "#56B4E9",
    "国务院部门": "#0072B2",
    "中央驻地单位": "#009E73",
}
OTHER_COLOUR = "#BBBBBB"  # a kind the registry does not know, or an unregistered unit
OTHER_KIND = "其他或未登记"
PLAN_COLOURS = ("#8C6D1F", "#3B6EA5", "#7A4FA3", "#3F8A55", "#B5452F", "#2E8C8C")
ITEM_FILL = "#FDF8EC"
TEXT_COLOUR = "#1F2933"
GROUP_STROKE = "#6B7785"
EDGE_STYLES: dict[str, tuple[str, float, str]] = {
    # role: (colour, width, dash pattern)
    "lead": ("#33415C", 2.6, ""),
    "inferred_lead": ("#33415C", 2.6, "8 5"),
    "support": ("#9AA5B1", 1.4, ""),
}
GROUP_DASH = "4 3"
WIDE_DASH = "2 4"  # a role the document states once for every item
MARGIN = 28.0


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


@dataclass(slots=True)
class Node:
    key: str
    kind: str  # "unit", "group" or "item"
    lines: list[str]
    font: float
    half_w: float  # half the shape's width and height
    half_h: float
    fill: str
    stroke: str
    tooltip: str
    bold: bool = False
    focus: bool = False
    category: str = ""  # a unit's kind as the legend names it; an item's plan
    aliases: list[str] = field(default_factory=list)  # what else a reader may look it up by
    label_side: str = "below"  # for units: below, above, right or left of the shape
    x: float = 0.0
    y: float = 0.0
    label_width: float = field(init=False)

    def __post_init__(self) -> None:
        # Lines and font never change after the node is built: measure once.
        self.label_width = max(text_width(line, self.font) for line in self.lines)

    @property
    def label_height(self) -> float:
        return block_height(len(self.lines), self.font)

    @property
    def label_top(self) -> float:
        """The label block's top, relative to the node centre."""
        if self.kind == "item" or self.label_side in ("right", "left"):
            return -self.label_height / 2
        if self.label_side == "above":
            return -self.half_h - 3 - self.label_height
        return self.half_h + 3

    @property
    def label_dx(self) -> float:
        """The label block's horizontal centre, relative to the node centre."""
        if self.kind == "item" or self.label_side in ("below", "above"):
            return 0.0
        shift = self.half_w + 4 + self.label_width / 2
        return shift if self.label_side == "right" else -shift

    def baselines(self) -> list[float]:
        top = self.y + self.label_top + self.font * ASCENT
        return [top + i * self.font * LINE_HEIGHT for i in range(len(self.lines))]

    def label_box(self) -> Box:
        centre, half = self.x + self.label_dx, self.label_width / 2
        top = self.y + self.label_top
        return Box(centre - half, top, centre + half, top + self.label_height)

    def shape_box(self) -> Box:
        return Box(self.x - self.half_w, self.y - self.half_h, self.x + self.half_w, self.y + self.half_h)

    def box(self) -> Box:
        return self.shape_box().union(self.label_box())


@dataclass(frozen=True, slots=True)
class Edge:
    unit: str
    item: str
    role: str
    to_group: bool
    tooltip: str
    wide: bool = False  # held through a plan-wide responsibility


@dataclass(frozen=True, slots=True)
class Label:
    """A line of header or legend text, placed where nothing else is."""

    x: float
    y: float  # baseline
    text: str
    font: float
    bold: bool = False
    colour: str = TEXT_COLOUR

    def box(self) -> Box:
        return Box(self.x, self.y - self.font * ASCENT, self.x + text_width(self.text, self.font),
                   self.y + self.font * DESCENT)


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """A legend line: a sample shape and its words; `toggle` names what the HTML page's
    legend shows or hides (role:lead, kind:市政府部门, plan:2025, group …), empty for a mark."""

    sample: str
    text: str
    toggle: str = ""


@dataclass(slots=True)
class Drawing:
    title: str
    nodes: list[Node]
    edges: list[Edge]
    legend: list[LegendEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines under the title
    header: list[Label] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)  # legend shapes, ready SVG
    plans: list[str] = field(default_factory=list)  # oldest first; item box colours follow it
    width: float = 0.0
    height: float = 0.0
    top: float = 0.0  # where the network starts, below the header
    _index: dict[str, Node] = field(default_factory=dict)

    def node(self, key: str) -> Node:
        if len(self._index) != len(self.nodes):
            self._index = {node.key: node for node in self.nodes}
        return self._index[key]


# --- building the nodes ---------------------------------------------------------------------

def unit_radius(load: int) -> float:
    return 9.0 + 4.2 * math.sqrt(max(load, 1))


def unit_font(load: int) -> float:
    return round(14.0 + min(5.0, (load - 1) / 4), 1)


def plan_colour(plans: list[str], plan: str) -> str:
    return PLAN_COLOURS[plans.index(plan) % len(PLAN_COLOURS)] if plan in plans else PLAN_COLOURS[0]


def unit_tooltip(stat: UnitStat, change: str = "") -> str:
    inferred = f"（其中推定 {len(stat.lead_inferred)} 项{INFERRED_MARK}）" if stat.lead_inferred else ""
    parts = [f"牵头 {len(stat.lead)} 项{inferred}", f"配合 {len(stat.support)} 项", f"负荷 {stat.load}"]
    if stat.betweenness is not None:
        parts.append(f"介数 {stat.betweenness:.3f}")
    if stat.community is not None:
        parts.append(f"合作群 {stat.community}")
    kind = GROUP_KIND if stat.is_group else stat.kind or "未登记"
    return f"{stat.unit}（{kind}）：" + "，".join(parts) + change


def item_lines(data: dict[str, object], multi_plan: bool) -> list[str]:
    number = f"{data['plan']}{data['label']}" if multi_plan else str(data["label"])
    if data.get("key_item"):
        number += KEY_MARK
    return [number, *split_name(str(data["title"]), 9)]


def item_tooltip(graph: Graph, key: str) -> str:
    data = graph.nodes[key]

    def mark(unit: str) -> str:
        edge = graph.edges[unit, key]
        return ((INFERRED_MARK if edge["role"] == "inferred_lead" else "")
                + (WIDE_MARK if edge.get("plan_wide") else "") + (ACTING_MARK if edge.get("acting_for") else ""))

    leads = [f"{u}{mark(u)}" for u in graph[key] if is_lead(graph.edges[u, key]["role"])]
    supports = [f"{u}{mark(u)}" for u in graph[key] if graph.edges[u, key]["role"] == "support"]
    title = f"{KEY_MARK}{data['title']}" if data.get("key_item") else data["title"]
    return f"{key} {title}\n牵头：{'、'.join(leads) or '无'}\n配合：{'、'.join(supports) or '无'}"


def _change_text(comparison: Comparison | None, unit: str) -> tuple[str, str]:
    """(label suffix, tooltip suffix) for a unit's change of load between two plans."""
    if comparison is None:
        return "", ""
    found = next((c for c in comparison.loads if c.unit == unit), None)
    if found is None:
        return "", ""
    old, new = "、".join(comparison.old_plans), "、".join(comparison.new_plans)
    if found.old is None:
        return f"（新，{found.new_load}）", f"\n仅见于 {new}：负荷 {found.new_load}"
    if found.new is None:
        return f"（不再，{found.old_load}）", f"\n仅见于 {old}：负荷 {found.old_load}"
    delta = found.new_load - found.old_load
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    return f"（{sign}{abs(delta)}）", f"\n负荷 {old} → {new}：{found.old_load} → {found.new_load}"


def build_nodes(graph: Graph, view: Overview, comparison: Comparison | None = None) -> tuple[list[Node], list[Edge]]:
    stats = {stat.unit: stat for stat in [*view.units, *view.groups]}
    plans = list(graph.graph.get("plans", []))
    multi_plan = len(plans) > 1
    focus = graph.graph.get("focus")
    nodes: list[Node] = []
    for key, data in graph.nodes(data=True):
        if data["type"] == "item":
            lines = item_lines(data, multi_plan)
            font = 13.0
            width = max(text_width(line, font) for line in lines)
            height = block_height(len(lines), font)
            aliases = [f"{data['plan']}{data['label']}", str(data["title"])]
            if not multi_plan:
                aliases.append(str(data["label"]))
            nodes.append(Node(key, "item", lines, font, width / 2 + 8, height / 2 + 5, ITEM_FILL,
                              plan_colour(plans, data["plan"]), item_tooltip(graph, key), category=data["plan"],
                              aliases=aliases))
            continue
        stat = stats[key]
        radius = unit_radius(stat.load)
        suffix, change = _change_text(comparison, key)
        lines = split_name(key)
        if suffix:
            lines = [*lines, suffix]
        if stat.is_group:
            nodes.append(Node(key, "group", lines, 12.0, radius, radius, "#ffffff", GROUP_STROKE,
                              unit_tooltip(stat, change), focus=key == focus, category=GROUP_KIND))
        else:
            kind = stat.kind if stat.kind in KIND_COLOURS else OTHER_KIND
            nodes.append(Node(key, "unit", lines, unit_font(stat.load), radius, radius, kind_colour(stat.kind),
                              "#ffffff", unit_tooltip(stat, change), bold=stat.load >= 5, focus=key == focus,
                              category=kind))
    edges = []
    for a, b, data in graph.edges(data=True):
        unit, item = (a, b) if graph.nodes[a]["type"] == "unit" else (b, a)
        wide = bool(data.get("plan_wide"))
        role = ROLE_NAMES[data["role"]] + (f"{WIDE_MARK}（全文通用）" if wide else "")
        if data.get("acting_for"):
            role += f"{ACTING_MARK}（代{data['acting_for']}）"
        tooltip = f"{unit} — {item} {graph.nodes[item]['title']}：{role}"
        edges.append(Edge(unit, item, data["role"], bool(graph.nodes[unit]["is_group"]), tooltip, wide))
    return nodes, edges


# --- legend and header --------------------------------------------------------------------

def highlights(view: Overview) -> str:
    heavy = "、".join(f"{s.unit} {s.load}" for s in view.units[:3])
    bridges = sorted((s for s in view.units if s.betweenness), key=lambda s: -(s.betweenness or 0))
    bridge = "、".join(f"{s.unit} {s.betweenness:.2f}" for s in bridges[:3])
    text = f"负荷最重：{heavy}"
    if bridge:
        text += f"；介数最高（连接不同单位的桥梁）：{bridge}"
    return text


def legend_entries(nodes: list[Node], edges: list[Edge], plans: list[str],
                   comparison: Comparison | None = None) -> list[LegendEntry]:
    """Every legend entry the picture needs: line styles, kinds of unit, plans, shapes, marks."""
    roles = {edge.role for edge in edges}
    entries = [LegendEntry(f"edge:{role}", ROLE_NAMES[role] + ("（推定）" if role == "inferred_lead" else ""),
                           f"role:{role}") for role in EDGE_STYLES if role in roles]
    if any(edge.wide for edge in edges):
        entries.append(LegendEntry("edge:wide", f"{WIDE_MARK} 全文通用（原文写一次、适用于各条目）", "wide"))
    kinds = {node.category for node in nodes if node.kind == "unit"}
    order = [*dict.fromkeys(KIND_COLOURS), OTHER_KIND]
    entries += [LegendEntry(f"kind:{kind}", kind, f"kind:{kind}") for kind in order if kind in kinds]
    if any(node.kind == "group" for node in nodes):
        entries.append(LegendEntry("group", "单位群组（代表多个单位）", "group"))
    present = [plan for plan in plans if any(node.kind == "item" and node.category == plan for node in nodes)]
    if len(present) > 1:
        entries += [LegendEntry(f"item:{plans.index(plan)}", f"{plan} 条目", f"plan:{plan}") for plan in present]
    elif present:
        entries.append(LegendEntry(f"item:{plans.index(present[0])}", "条目", f"plan:{present[0]}"))
    if any(node.focus for node in nodes):
        entries.append(LegendEntry("focus", "粗黑边 = 所查单位"))
    if any(KEY_MARK in node.lines[0] for node in nodes if node.kind == "item"):
        entries.append(LegendEntry("mark", f"{KEY_MARK} 重点项目"))
    if any(f"{ACTING_MARK}（代" in edge.tooltip for edge in edges):
        entries.append(LegendEntry("mark", LEGEND_ACTING))
    if comparison is not None:
        entries.append(LegendEntry("mark", "单位名后（+n）（−n）为负荷的增减，（新）（不再）为仅见于一方"))
    return entries


def changes(comparison: Comparison) -> str:
    grew = [c for c in comparison.loads if c.delta > 0][:3]
    fell = sorted((c for c in comparison.loads if c.delta < 0), key=lambda c: c.delta)[:3]
    parts = []
    if grew:
        parts.append("负荷增加最多：" + "、".join(f"{c.unit} +{c.delta}" for c in grew))
    if fell:
        parts.append("减少最多：" + "、".join(f"{c.unit} −{-c.delta}" for c in fell))
    return "；".join(parts) or "各单位负荷没有变化"


def header_notes(nodes: list[Node], view: Overview, comparison: Comparison | None = None) -> list[str]:
    focus = next((node for node in nodes if node.focus), None)
    size = "两份计划合计的负荷" if comparison is not None else "负荷"
    return [f"圆 = 单位：大小表示{size}（牵头×{LEAD_WEIGHT} + 配合×{SUPPORT_WEIGHT}），颜色表示单位类别；"
            "方框 = 条目；连线 = 单位在条目中的角色。",
            changes(comparison) if comparison is not None else focus.tooltip if focus else highlights(view)]
