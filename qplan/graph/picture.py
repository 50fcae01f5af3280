"""A picture of the network that opens in any browser: an SVG, or an HTML page around it.

Units are circles sized by load and coloured by cluster, group units dashed hexagons,
items boxes; the line style tells the role. Labels never overlap: each node's box (shape
and label, a CJK character estimated one font size wide) is pushed apart from every other
box after the force layout, and `overlapping_boxes` checks the result.
"""

from __future__ import annotations

import html
import math
import random
import unicodedata
from dataclasses import dataclass, field

from qplan.graph.analysis import Overview, UnitStat
from qplan.graph.build import ROLE_NAMES, Graph, is_lead
from qplan.workload import LEAD_WEIGHT, SUPPORT_WEIGHT

FONT_FAMILY = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'Source Han Sans CN', "
               "'Microsoft YaHei', SimHei, sans-serif")
LINE_HEIGHT = 1.25  # of the font size
ASCENT = 1.0  # label box top above the baseline, of the font size
DESCENT = 0.3  # label box bottom below the last baseline, of the font size
GAP = 8.0  # least room between two node boxes, px
MARGIN = 28.0
SEED = 7
ITERATIONS = 300
SPREAD = 4.5  # drawing area per total box area before overlaps are pushed apart
ASPECT = 1.45  # screens are wider than high
MAX_SWEEPS = 3000
CLEAR_ROUNDS = 40
LABEL_SIDES = ("below", "above", "right", "left")

COMMUNITY_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                     "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6")
LONER_COLOUR = "#c3cbd3"
PLAN_COLOURS = ("#b08d57", "#5f8fb0", "#8a6fb0", "#6fa07a")
ITEM_FILL = "#fdf8ec"
TEXT_COLOUR = "#1f2933"
EDGE_STYLES: dict[str, tuple[str, float, str]] = {
    # role: (colour, width, dash pattern)
    "lead": ("#33415c", 2.6, ""),
    "inferred_lead": ("#33415c", 2.6, "8 5"),
    "support": ("#9aa5b1", 1.4, ""),
}
GROUP_DASH = "4 3"
# Where a long unit name reads best when split over two lines.
BREAK_AFTER = "组会委局部办"


def char_width(char: str, size: float) -> float:
    return size if unicodedata.east_asian_width(char) in "WFA" else size * 0.6


def text_width(text: str, size: float) -> float:
    return sum(char_width(char, size) for char in text)


def split_name(name: str, limit: int = 10) -> list[str]:
    """Two lines for a long name, broken after a word end near the middle where there is one."""
    if len(name) <= limit:
        return [name]
    middle = len(name) // 2
    # "委" ends a name but also begins "委员会": never split that word.
    candidates = [i + 1 for i, char in enumerate(name[:-1]) if char in BREAK_AFTER
                  and name[i + 1] != "员" and abs(i + 1 - middle) <= 3]
    cut = min(candidates, key=lambda i: abs(i - middle)) if candidates else middle
    return [name[:cut], name[cut:]]


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return (min(self.x1, other.x1) - max(self.x0, other.x0) > -gap
                and min(self.y1, other.y1) - max(self.y0, other.y0) > -gap)

    def union(self, other: Box) -> Box:
        return Box(min(self.x0, other.x0), min(self.y0, other.y0),
                   max(self.x1, other.x1), max(self.y1, other.y1))

    def shifted(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


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
    label_side: str = "below"  # for units: below, above, right or left of the shape
    x: float = 0.0
    y: float = 0.0
    label_width: float = field(init=False)

    def __post_init__(self) -> None:
        # Lines and font never change after the node is built: measure once.
        self.label_width = max(text_width(line, self.font) for line in self.lines)

    @property
    def label_height(self) -> float:
        return self.font * (ASCENT + DESCENT + LINE_HEIGHT * (len(self.lines) - 1))

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


@dataclass(slots=True)
class Drawing:
    title: str
    nodes: list[Node]
    edges: list[Edge]
    header: list[Label] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)  # legend shapes, ready SVG
    plans: list[str] = field(default_factory=list)  # oldest first; item box colours follow it
    width: float = 0.0
    height: float = 0.0

    def node(self, key: str) -> Node:
        return next(node for node in self.nodes if node.key == key)

    def svg(self) -> str:
        return render_svg(self)


# --- building the nodes ---------------------------------------------------------------------

def unit_radius(load: int) -> float:
    return 9.0 + 4.2 * math.sqrt(max(load, 1))


def unit_font(load: int) -> float:
    return round(14.0 + min(5.0, (load - 1) / 4), 1)


def colour_of(stat: UnitStat) -> str:
    if stat.community is None:
        return LONER_COLOUR
    return COMMUNITY_COLOURS[(stat.community - 1) % len(COMMUNITY_COLOURS)]


def unit_tooltip(stat: UnitStat) -> str:
    inferred = f"（其中推定 {len(stat.lead_inferred)} 项※）" if stat.lead_inferred else ""
    parts = [f"牵头 {len(stat.lead)} 项{inferred}", f"配合 {len(stat.support)} 项", f"负荷 {stat.load}"]
    if stat.betweenness is not None:
        parts.append(f"介数 {stat.betweenness:.3f}")
    if stat.community is not None:
        parts.append(f"合作群 {stat.community}")
    kind = "单位群组" if stat.is_group else stat.kind or "未登记"
    return f"{stat.unit}（{kind}）：" + "，".join(parts)


def item_lines(data: dict[str, object], multi_plan: bool) -> list[str]:
    number = f"{data['plan']}{data['label']}" if multi_plan else str(data["label"])
    if data.get("key_item"):
        number += "★"
    return [number, *split_name(str(data["title"]), 9)]


def item_tooltip(graph: Graph, key: str) -> str:
    data = graph.nodes[key]
    leads = [f"{u}{'※' if graph.edges[u, key]['role'] == 'inferred_lead' else ''}"
             for u in graph[key] if is_lead(graph.edges[u, key]["role"])]
    supports = [u for u in graph[key] if graph.edges[u, key]["role"] == "support"]
    return f"{key} {data['title']}\n牵头：{'、'.join(leads) or '无'}\n配合：{'、'.join(supports) or '无'}"


def build_nodes(graph: Graph, view: Overview) -> tuple[list[Node], list[Edge]]:
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
            height = font * (ASCENT + DESCENT + LINE_HEIGHT * (len(lines) - 1))
            stroke = PLAN_COLOURS[plans.index(data["plan"]) % len(PLAN_COLOURS)]
            nodes.append(Node(key, "item", lines, font, width / 2 + 8, height / 2 + 5,
                              ITEM_FILL, stroke, item_tooltip(graph, key)))
            continue
        stat = stats[key]
        radius = unit_radius(stat.load)
        if stat.is_group:
            nodes.append(Node(key, "group", split_name(key), 12.0, radius, radius, "#ffffff",
                              "#6b7785", unit_tooltip(stat), focus=key == focus))
        else:
            nodes.append(Node(key, "unit", split_name(key), unit_font(stat.load), radius, radius,
                              colour_of(stat), "#ffffff", unit_tooltip(stat),
                              bold=stat.load >= 5, focus=key == focus))
    edges = []
    for a, b, data in graph.edges(data=True):
        unit, item = (a, b) if graph.nodes[a]["type"] == "unit" else (b, a)
        tooltip = f"{unit} — {item} {graph.nodes[item]['title']}：{ROLE_NAMES[data['role']]}"
        edges.append(Edge(unit, item, data["role"], bool(graph.nodes[unit]["is_group"]), tooltip))
    return nodes, edges


# --- layout -----------------------------------------------------------------------------

def force_layout(nodes: list[Node], edges: list[Edge], seed: int = SEED,
                 iterations: int = ITERATIONS) -> list[tuple[float, float]]:
    """Fruchterman–Reingold in the unit square, repulsion scaled by each node's box size.

    Pure Python with a seeded generator, so the same plans always give the same picture.
    """
    count = len(nodes)
    rng = random.Random(seed)
    pos = [[rng.random(), rng.random()] for _ in nodes]
    if count < 2:
        return [(0.5, 0.5) for _ in nodes]
    sizes = [math.hypot(n.box().width, n.box().height) for n in nodes]
    mean = sum(sizes) / count
    weight = [s / mean for s in sizes]
    index = {node.key: i for i, node in enumerate(nodes)}
    links = [(index[e.unit], index[e.item], 1.5 if is_lead(e.role) else 1.0) for e in edges]
    k = math.sqrt(1.0 / count)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = [[0.0, 0.0] for _ in nodes]
        for i in range(count):
            xi, yi = pos[i]
            for j in range(i + 1, count):
                dx, dy = xi - pos[j][0], yi - pos[j][1]
                dist2 = max(dx * dx + dy * dy, 1e-6)
                force = k * k * weight[i] * weight[j] / dist2
                disp[i][0] += dx * force
                disp[i][1] += dy * force
                disp[j][0] -= dx * force
                disp[j][1] -= dy * force
        for i, j, strength in links:
            dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
            dist = math.hypot(dx, dy)
            force = dist / k * strength
            disp[i][0] -= dx * force
            disp[i][1] -= dy * force
            disp[j][0] += dx * force
            disp[j][1] += dy * force
        for i in range(count):
            # Gravity keeps loose pieces (a unit with its own item) from drifting off.
            disp[i][0] -= (pos[i][0] - 0.5) * 0.05 * count * k
            disp[i][1] -= (pos[i][1] - 0.5) * 0.05 * count * k
            length = math.hypot(disp[i][0], disp[i][1])
            if length > 0:
                step = min(length, temperature) / length
                pos[i][0] += disp[i][0] * step
                pos[i][1] += disp[i][1] * step
        temperature -= cooling
    return [(x, y) for x, y in pos]


def place(nodes: list[Node], positions: list[tuple[float, float]]) -> None:
    """Scale the unit-square layout to pixels so the boxes have room, then separate them."""
    if not nodes:
        return
    xs, ys = [p[0] for p in positions], [p[1] for p in positions]
    span_x, span_y = max(max(xs) - min(xs), 1e-6), max(max(ys) - min(ys), 1e-6)
    area = SPREAD * sum((n.box().width + GAP) * (n.box().height + GAP) for n in nodes)
    height = math.sqrt(area / ASPECT)
    scale_x, scale_y = height * ASPECT / span_x, height / span_y
    for node, (x, y) in zip(nodes, positions, strict=True):
        node.x, node.y = (x - min(xs)) * scale_x, (y - min(ys)) * scale_y
    separate(nodes)


def choose_label_sides(nodes: list[Node], edges: list[Edge]) -> None:
    """Put each unit's name on the side of its shape (below, above, right, left) where the
    fewest lines run through it and it covers the fewest other nodes."""
    by_key = {node.key: node for node in nodes}
    segments = [(by_key[e.unit], by_key[e.item]) for e in edges]
    for node in nodes:
        if node.kind == "item":
            continue
        scores = []
        for rank, side in enumerate(LABEL_SIDES):
            node.label_side = side
            box = node.label_box()
            inner = Box(box.x0 + 1, box.y0 + 1, box.x1 - 1, box.y1 - 1)
            lines = sum(crosses(inner, a.x, a.y, b.x, b.y) for a, b in segments)
            covered = sum(other.box().overlaps(box) for other in nodes if other is not node)
            scores.append((lines + 2 * covered, rank, side))
        node.label_side = min(scores)[2]


def separate(nodes: list[Node], gap: float = GAP) -> None:
    """Push overlapping boxes apart along the axis where they overlap least, until none do."""
    count = len(nodes)
    offsets = [node.box().shifted(-node.x, -node.y) for node in nodes]
    # Plain lists rather than Box objects: this loop runs over every pair, many times.
    x0 = [node.x + o.x0 for node, o in zip(nodes, offsets, strict=True)]
    x1 = [node.x + o.x1 for node, o in zip(nodes, offsets, strict=True)]
    y0 = [node.y + o.y0 for node, o in zip(nodes, offsets, strict=True)]
    y1 = [node.y + o.y1 for node, o in zip(nodes, offsets, strict=True)]
    for _ in range(MAX_SWEEPS):
        moved = False
        for i in range(count):
            for j in range(i + 1, count):
                # Conditional expressions, not min/max: this is the hot loop.
                over_x = (x1[i] if x1[i] < x1[j] else x1[j]) - (x0[i] if x0[i] > x0[j] else x0[j]) + gap
                if over_x <= 0:
                    continue
                over_y = (y1[i] if y1[i] < y1[j] else y1[j]) - (y0[i] if y0[i] > y0[j] else y0[j]) + gap
                if over_y <= 0:
                    continue
                moved = True
                low, high, over = (x0, x1, over_x) if over_x <= over_y else (y0, y1, over_y)
                # A little more than half each: exact halves can cycle among three boxes.
                shift = over / 2 + 0.5
                if low[i] + high[i] > low[j] + high[j]:
                    shift = -shift
                low[i] -= shift
                high[i] -= shift
                low[j] += shift
                high[j] += shift
        if not moved:
            break
    for node, offset, left, top in zip(nodes, offsets, x0, y0, strict=True):
        node.x, node.y = left - offset.x0, top - offset.y0


def crosses(box: Box, ax: float, ay: float, bx: float, by: float) -> bool:
    """Whether the segment a–b passes through the box (Liang–Barsky clipping)."""
    low, high = 0.0, 1.0
    dx, dy = bx - ax, by - ay
    for p, q in ((-dx, ax - box.x0), (dx, box.x1 - ax), (-dy, ay - box.y0), (dy, box.y1 - ay)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def clear_edges(nodes: list[Node], edges: list[Edge], rounds: int = CLEAR_ROUNDS) -> None:
    """Move nodes off the lines that pass through them.

    A line hidden under an item box looks as if it ended there, which would misstate who
    works on what; so each such node is pushed sideways off the line, then boxes are
    separated again, for a few rounds.
    """
    by_key = {node.key: node for node in nodes}
    for _ in range(rounds):
        moved = False
        boxes = {node.key: node.box() for node in nodes}
        for edge in edges:
            a, b = by_key[edge.unit], by_key[edge.item]
            length = math.hypot(b.x - a.x, b.y - a.y)
            if length < 1e-6:
                continue
            nx, ny = -(b.y - a.y) / length, (b.x - a.x) / length
            left, right = min(a.x, b.x) - 3, max(a.x, b.x) + 3
            top, bottom = min(a.y, b.y) - 3, max(a.y, b.y) + 3
            for node in nodes:
                if node is a or node is b:
                    continue
                box = boxes[node.key]
                if box.x1 < left or box.x0 > right or box.y1 < top or box.y0 > bottom:
                    continue
                if not crosses(Box(box.x0 - 3, box.y0 - 3, box.x1 + 3, box.y1 + 3), a.x, a.y, b.x, b.y):
                    continue
                cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
                side = (cx - a.x) * nx + (cy - a.y) * ny
                reach = box.width / 2 * abs(nx) + box.height / 2 * abs(ny) + 6
                push = (reach - abs(side)) * (1.0 if side >= 0 else -1.0)
                node.x += nx * push
                node.y += ny * push
                boxes[node.key] = node.box()
                moved = True
        separate(nodes)
        if not moved:
            return


def overlapping_boxes(boxes: list[tuple[str, Box]]) -> list[tuple[str, str]]:
    """Every pair of named boxes that intersect."""
    found = []
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1:]:
            if a.overlaps(b):
                found.append((name_a, name_b))
    return found


# --- header and legend -------------------------------------------------------------------

def highlights(view: Overview) -> str:
    heavy = "、".join(f"{s.unit} {s.load}" for s in view.units[:3])
    bridges = sorted((s for s in view.units if s.betweenness), key=lambda s: -(s.betweenness or 0))
    bridge = "、".join(f"{s.unit} {s.betweenness:.2f}" for s in bridges[:3])
    text = f"负荷最重：{heavy}"
    if bridge:
        text += f"；介数最高（连接不同单位的桥梁）：{bridge}"
    return text


def legend_entries(view: Overview, nodes: list[Node], edges: list[Edge],
                   plans: list[str]) -> list[tuple[str, str]]:
    """(sample kind, text) for every legend entry the picture needs."""
    roles = {edge.role for edge in edges}
    entries = [(f"edge:{role}", ROLE_NAMES[role] + ("（推定）" if role == "inferred_lead" else ""))
               for role in EDGE_STYLES if role in roles]
    present = {node.key.split("#")[0] for node in nodes if node.kind == "item"}
    if len(present) > 1:
        entries += [(f"item:{i}", f"{plan} 条目") for i, plan in enumerate(plans) if plan in present]
    else:
        entries.append(("item:0", "条目"))
    if any(node.kind == "group" for node in nodes):
        entries.append(("group", "单位群组（代表多个单位）"))
    if any(node.focus for node in nodes):
        entries.append(("focus", "粗黑边 = 所查单位"))
    shown = {node.key for node in nodes}
    for community in view.communities:
        members = [m for m in community.members if m in shown]
        if members:
            more = "等" if len(community.members) > 2 else ""
            entries.append((f"community:{community.number}",
                            f"群{community.number}：{'、'.join(community.members[:2])}{more}"))
    if any(node.kind == "unit" and node.fill == LONER_COLOUR for node in nodes):
        entries.append(("loner", "不属任何合作群"))
    return entries


def sample_svg(kind: str, x: float, y: float) -> str:
    """A 28 px wide legend sample whose vertical middle is y."""
    if kind.startswith("edge:"):
        colour, width, dash = EDGE_STYLES[kind[5:]]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        return (f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 28:.1f}" y2="{y:.1f}" stroke="{colour}" '
                f'stroke-width="{width}"{dashed}/>')
    if kind.startswith("item:"):
        stroke = PLAN_COLOURS[int(kind[5:]) % len(PLAN_COLOURS)]
        return (f'<rect x="{x + 2:.1f}" y="{y - 7:.1f}" width="24" height="14" rx="3" '
                f'fill="{ITEM_FILL}" stroke="{stroke}" stroke-width="1.2"/>')
    if kind == "group":
        return hexagon(x + 14, y, 8, "#ffffff", "#6b7785")
    if kind == "focus":
        return f'<circle cx="{x + 14:.1f}" cy="{y:.1f}" r="7" fill="{LONER_COLOUR}" stroke="#111111" stroke-width="3"/>'
    colour = LONER_COLOUR
    if kind.startswith("community:"):
        number = int(kind.split(":")[1])
        colour = COMMUNITY_COLOURS[(number - 1) % len(COMMUNITY_COLOURS)]
    return f'<circle cx="{x + 14:.1f}" cy="{y:.1f}" r="8" fill="{colour}"/>'


def header_lines(drawing: Drawing, view: Overview) -> list[Label]:
    """Title and notes, one above the other, starting at the left margin."""
    focus = next((node for node in drawing.nodes if node.focus), None)
    notes = [f"圆 = 单位：大小表示负荷（牵头×{LEAD_WEIGHT} + 配合×{SUPPORT_WEIGHT}），颜色表示合作群；"
             "方框 = 条目；连线 = 单位在条目中的角色。",
             focus.tooltip if focus else highlights(view)]
    y = MARGIN + 22
    lines = [Label(MARGIN, y, drawing.title, 22, bold=True)]
    for note in notes:
        y += 24
        lines.append(Label(MARGIN, y, note, 14, colour="#3e4c59"))
    return lines


def lay_out_header(drawing: Drawing, view: Overview, width: float) -> float:
    """Title, notes and legend above the graph; returns the height they take."""
    drawing.header = header_lines(drawing, view)
    y = drawing.header[-1].y + 30
    x = MARGIN
    for kind, text in legend_entries(view, drawing.nodes, drawing.edges, drawing.plans):
        entry_width = 34 + text_width(text, 13) + 22
        if x + entry_width > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 24
        drawing.samples.append(sample_svg(kind, x, y - 4.5))
        drawing.header.append(Label(x + 34, y, text, 13))
        x += entry_width
    return y + 22


def draw(graph: Graph, view: Overview, title: str) -> Drawing:
    nodes, edges = build_nodes(graph, view)
    place(nodes, force_layout(nodes, edges))
    # Labels first go where lines leave them free; moving nodes off lines can change
    # that, so they are chosen once more and the boxes separated a last time.
    for _ in range(2):
        choose_label_sides(nodes, edges)
        separate(nodes)
        clear_edges(nodes, edges)
    drawing = Drawing(f"单位关系网 · {title}", nodes, edges, plans=list(graph.graph.get("plans", [])))
    extent = Box(0, 0, 0, 0)
    for node in nodes:
        extent = node.box() if extent.width == 0 else extent.union(node.box())
    text_right = max(label.box().x1 for label in header_lines(drawing, view))
    width = max(extent.width + 2 * MARGIN, text_right + MARGIN, 960.0)
    top = lay_out_header(drawing, view, width)
    # Centre the graph under the header when the header is the wider of the two.
    dx = (width - extent.width) / 2 - extent.x0
    dy = top + 10 - extent.y0
    for node in nodes:
        node.x += dx
        node.y += dy
    drawing.width = math.ceil(width)
    drawing.height = math.ceil(top + 10 + extent.height + MARGIN)
    return drawing


# --- SVG ---------------------------------------------------------------------------------

def esc(text: str) -> str:
    return html.escape(text, quote=True)


def hexagon(cx: float, cy: float, r: float, fill: str, stroke: str, extra: str = "") -> str:
    points = " ".join(f"{cx + r * math.cos(math.pi / 3 * i):.1f},{cy + r * math.sin(math.pi / 3 * i):.1f}"
                      for i in range(6))
    return (f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="1.6" '
            f'stroke-dasharray="{GROUP_DASH}"{extra}/>')


def edge_svg(edge: Edge, drawing: Drawing) -> str:
    a, b = drawing.node(edge.unit), drawing.node(edge.item)
    colour, width, dash = EDGE_STYLES[edge.role]
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    if edge.to_group:
        # A group stands for many units: its ties are drawn fainter so they do not dominate.
        extra += ' stroke-opacity="0.45"'
    return (f'<line class="edge" data-role="{edge.role}" x1="{a.x:.1f}" y1="{a.y:.1f}" '
            f'x2="{b.x:.1f}" y2="{b.y:.1f}" stroke="{colour}" stroke-width="{width}"{extra}>'
            f'<title>{esc(edge.tooltip)}</title></line>')


def node_svg(node: Node) -> str:
    attrs = f'class="node {node.kind}" data-key="{esc(node.key)}"'
    if node.kind == "item":
        shape = (f'<rect x="{node.x - node.half_w:.1f}" y="{node.y - node.half_h:.1f}" '
                 f'width="{2 * node.half_w:.1f}" height="{2 * node.half_h:.1f}" rx="4" '
                 f'fill="{node.fill}" stroke="{node.stroke}" stroke-width="1.2"/>')
    elif node.kind == "group":
        shape = hexagon(node.x, node.y, node.half_w, node.fill, node.stroke)
    else:
        stroke, width = ("#111111", 3.0) if node.focus else (node.stroke, 1.5)
        shape = (f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{node.half_w:.1f}" '
                 f'fill="{node.fill}" stroke="{stroke}" stroke-width="{width}"/>')
    return f'<g {attrs}><title>{esc(node.tooltip)}</title>{shape}</g>'


def label_svg(node: Node) -> str:
    weight = ' font-weight="bold"' if node.bold or node.focus else ""
    colour = "#52606d" if node.kind == "group" else TEXT_COLOUR
    x = node.x + node.label_dx
    spans = "".join(f'<tspan x="{x:.1f}" y="{y:.1f}">{esc(line)}</tspan>'
                    for line, y in zip(node.lines, node.baselines(), strict=True))
    return (f'<text class="label {node.kind}-label halo" data-key="{esc(node.key)}" '
            f'font-size="{node.font}" text-anchor="middle" fill="{colour}"{weight}>{spans}</text>')


def header_svg(label: Label) -> str:
    weight = ' font-weight="bold"' if label.bold else ""
    return (f'<text class="header" x="{label.x:.1f}" y="{label.y:.1f}" font-size="{label.font}" '
            f'fill="{label.colour}"{weight}>{esc(label.text)}</text>')


def render_svg(drawing: Drawing) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width}" height="{drawing.height}" '
        f'viewBox="0 0 {drawing.width} {drawing.height}" font-family="{esc(FONT_FAMILY)}">',
        f"<title>{esc(drawing.title)}</title>",
        f"<style>text {{ font-family: {FONT_FAMILY}; }} .halo {{ paint-order: stroke; "
        "stroke: #ffffff; stroke-width: 3.5px; stroke-linejoin: round; }</style>",
        f'<rect width="{drawing.width}" height="{drawing.height}" fill="#ffffff"/>',
        '<g class="legend">', *drawing.samples, *(header_svg(label) for label in drawing.header),
        "</g>",
        '<g class="edges">', *(edge_svg(edge, drawing) for edge in drawing.edges), "</g>",
        '<g class="nodes">', *(node_svg(node) for node in drawing.nodes), "</g>",
        '<g class="labels">', *(label_svg(node) for node in drawing.nodes), "</g>",
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
