"""Where the picture's nodes go: a force layout, boxes pushed apart until no two overlap,
nodes moved off lines that would pass under them, and unit names put on the side of their
circle that lines leave free.

Every step that compares nodes with nodes looks only at near ones, through a grid of cells
about a box wide (a spatial index), so a picture of a thousand items costs seconds, not the
hours an all-pairs loop would take. Small pictures (where all pairs are cheap) use the exact
force layout. Everything is seeded: the same plans always give the same picture.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from qplan.graph.build import is_lead
from qplan.graph.drawing import Edge, Node
from qplan.graph.measure import Box

Progress = Callable[[float], None]

GAP = 8.0  # least room between two node boxes, px
SEED = 7
ITERATIONS = 300
EXACT_UP_TO = 160  # nodes: above this the force layout works on near pairs only
LARGE_ROUNDS = 40  # force-layout rounds over all nodes of a large picture
SPREAD = 4.5  # drawing area per total box area before overlaps are pushed apart
ASPECT = 1.45  # screens are wider than high
MAX_SWEEPS = 3000
CLEAR_ROUNDS = 40
LARGE_CLEAR_ROUNDS = 0
LABEL_SIDES = ("below", "above", "right", "left")


def _quiet(fraction: float) -> None:
    return None


class Grid:
    """Points (or boxes, by a point of theirs) bucketed by a square cell: near ones are in the
    same or a neighbouring cell."""

    def __init__(self, cell: float):
        self.cell = max(cell, 1e-9)
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)

    def key(self, x: float, y: float) -> tuple[int, int]:
        return (math.floor(x / self.cell), math.floor(y / self.cell))

    def add(self, index: int, x: float, y: float) -> None:
        self.cells[self.key(x, y)].append(index)

    def near(self, x: float, y: float) -> Iterable[int]:
        cx, cy = self.key(x, y)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                yield from self.cells.get((cx + dx, cy + dy), ())

    def along(self, ax: float, ay: float, bx: float, by: float) -> set[int]:
        """Everything in the cells a segment passes through, and their neighbours."""
        steps = max(1, math.ceil(math.hypot(bx - ax, by - ay) / (self.cell / 2)))
        keys: set[tuple[int, int]] = set()
        for step in range(steps + 1):
            t = step / steps
            keys.add(self.key(ax + (bx - ax) * t, ay + (by - ay) * t))
        found: set[int] = set()
        for cx, cy in keys:
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    found.update(self.cells.get((cx + dx, cy + dy), ()))
        return found


# --- force layout -----------------------------------------------------------------------------

def force_layout(nodes: list[Node], edges: list[Edge], seed: int = SEED, iterations: int = ITERATIONS,
                 progress: Progress = _quiet) -> list[tuple[float, float]]:
    """Fruchterman–Reingold in the unit square, repulsion scaled by each node's box size."""
    count = len(nodes)
    if count < 2:
        return [(0.5, 0.5) for _ in nodes]
    rng = random.Random(seed)
    index = {node.key: i for i, node in enumerate(nodes)}
    links = [(index[e.unit], index[e.item], 1.5 if is_lead(e.role) else 1.0) for e in edges]
    sizes = [math.hypot(n.box().width, n.box().height) for n in nodes]
    mean = sum(sizes) / count
    weight = [s / mean for s in sizes]
    if count <= EXACT_UP_TO:
        pos = [[rng.random(), rng.random()] for _ in nodes]
        _exact_rounds(pos, links, weight, iterations, progress)
        return [(x, y) for x, y in pos]
    pos = _seeded_positions(nodes, edges, index, weight, rng, progress)
    _near_rounds(pos, links, weight, LARGE_ROUNDS, 0.03, lambda f: progress(0.5 + f / 2))
    return [(x, y) for x, y in pos]


def _exact_rounds(pos: list[list[float]], links: Sequence[tuple[int, int, float]], weight: Sequence[float],
                  iterations: int, progress: Progress) -> None:
    """Every pair repels every other."""
    _near_rounds(pos, links, weight, iterations, 0.1, progress, reach=math.inf)


def _near_rounds(pos: list[list[float]], links: Sequence[tuple[int, int, float]], weight: Sequence[float],
                 iterations: int, temperature: float, progress: Progress, reach: float | None = None) -> None:
    """The forces, repulsion only between nodes closer than `reach` (default 2k), found
    through a grid of cells that wide."""
    count = len(pos)
    k = math.sqrt(1.0 / count)
    reach = 2 * k if reach is None else reach
    cell = reach if math.isfinite(reach) else 1e9
    cooling = temperature / (iterations + 1)
    for round_no in range(iterations):
        grid = Grid(cell)
        for i, (x, y) in enumerate(pos):
            grid.add(i, x, y)
        disp = [[0.0, 0.0] for _ in pos]
        for members in grid.cells.values():
            x, y = pos[members[0]]
            near = list(grid.near(x, y))
            for i in members:
                xi, yi = pos[i]
                for j in near:
                    if j <= i:
                        continue
                    dx, dy = xi - pos[j][0], yi - pos[j][1]
                    dist2 = dx * dx + dy * dy
                    if dist2 > reach * reach:
                        continue
                    force = k * k * weight[i] * weight[j] / max(dist2, 1e-6)
                    disp[i][0] += dx * force
                    disp[i][1] += dy * force
                    disp[j][0] -= dx * force
                    disp[j][1] -= dy * force
        _attract_and_move(pos, disp, links, k, temperature)
        temperature -= cooling
        if round_no % 10 == 0:
            progress(round_no / iterations)


def _attract_and_move(pos: list[list[float]], disp: list[list[float]], links: Sequence[tuple[int, int, float]],
                      k: float, temperature: float) -> None:
    count = len(pos)
    for i, j, strength in links:
        dx, dy = pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]
        force = math.hypot(dx, dy) / k * strength
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


def _seeded_positions(nodes: list[Node], edges: list[Edge], index: dict[str, int], weight: Sequence[float],
                      rng: random.Random, progress: Progress) -> list[list[float]]:
    """Start of a large layout: the units laid out among themselves (linked by shared items),
    each item at the middle of its units, a little scattered."""
    units = [i for i, node in enumerate(nodes) if node.kind != "item"]
    local = {node_index: n for n, node_index in enumerate(units)}
    by_item: dict[int, list[int]] = defaultdict(list)
    for edge in edges:
        by_item[index[edge.item]].append(index[edge.unit])
    shared: dict[tuple[int, int], float] = defaultdict(float)
    for members in by_item.values():
        ordered = sorted(members)
        # An item with many units ties each less: it says less about any pair.
        tie = 1.0 / max(1, len(ordered) - 1)
        for a in range(len(ordered)):
            for b in range(a + 1, len(ordered)):
                shared[(local[ordered[a]], local[ordered[b]])] += tie
    unit_pos = [[rng.random(), rng.random()] for _ in units]
    unit_links = [(a, b, min(3.0, w)) for (a, b), w in sorted(shared.items())]
    unit_weight = [weight[i] for i in units]
    if len(units) <= EXACT_UP_TO:
        _exact_rounds(unit_pos, unit_links, unit_weight, 150, lambda f: progress(f / 2))
    else:
        _near_rounds(unit_pos, unit_links, unit_weight, 80, 0.1, lambda f: progress(f / 2))
    pos: list[list[float]] = [[0.0, 0.0] for _ in nodes]
    for n, node_index in enumerate(units):
        pos[node_index] = unit_pos[n]
    spread = math.sqrt(1.0 / len(nodes))
    for i, node in enumerate(nodes):
        if node.kind != "item":
            continue
        held = by_item.get(i)
        if held:
            pos[i] = [sum(pos[u][0] for u in held) / len(held) + rng.gauss(0, spread),
                      sum(pos[u][1] for u in held) / len(held) + rng.gauss(0, spread)]
        else:
            pos[i] = [rng.random(), rng.random()]
    return pos


# --- from the unit square to pixels, boxes apart ---------------------------------------------------

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


def separate(nodes: list[Node], gap: float = GAP, sweeps: int = MAX_SWEEPS) -> None:
    """Push overlapping boxes apart along the axis where they overlap least, until none do.

    Only boxes in neighbouring cells of a grid as wide as the largest box can overlap, and
    after the first sweep only the boxes that moved in the last one need looking at."""
    count = len(nodes)
    if count < 2:
        return
    offsets = [node.box().shifted(-node.x, -node.y) for node in nodes]
    # Plain lists rather than Box objects: this loop runs over many pairs, many times.
    x0 = [node.x + o.x0 for node, o in zip(nodes, offsets, strict=True)]
    x1 = [node.x + o.x1 for node, o in zip(nodes, offsets, strict=True)]
    y0 = [node.y + o.y0 for node, o in zip(nodes, offsets, strict=True)]
    y1 = [node.y + o.y1 for node, o in zip(nodes, offsets, strict=True)]
    cell = max(max(o.width for o in offsets), max(o.height for o in offsets)) + gap
    active = list(range(count))
    for _ in range(sweeps):
        cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        where = []
        for i in range(count):
            key = (math.floor((x0[i] + x1[i]) / 2 / cell), math.floor((y0[i] + y1[i]) / 2 / cell))
            cells[key].append(i)
            where.append(key)
        waiting = set(active)
        moved: set[int] = set()
        for i in active:
            cx, cy = where[i]
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for j in cells.get((cx + dx, cy + dy), ()):
                        # A pair of two boxes both looked at is done once, from the lower one.
                        if j == i or (j < i and j in waiting):
                            continue
                        # Conditional expressions, not min/max: this is the hot loop.
                        over_x = (x1[i] if x1[i] < x1[j] else x1[j]) - (x0[i] if x0[i] > x0[j] else x0[j]) + gap
                        if over_x <= 0:
                            continue
                        over_y = (y1[i] if y1[i] < y1[j] else y1[j]) - (y0[i] if y0[i] > y0[j] else y0[j]) + gap
                        if over_y <= 0:
                            continue
                        a, b = (i, j) if i < j else (j, i)
                        low, high, over = (x0, x1, over_x) if over_x <= over_y else (y0, y1, over_y)
                        # A little more than half each: exact halves can cycle among three boxes.
                        shift = over / 2 + 0.5
                        if low[a] + high[a] > low[b] + high[b]:
                            shift = -shift
                        low[a] -= shift
                        high[a] -= shift
                        low[b] += shift
                        high[b] += shift
                        moved.update((a, b))
        if not moved:
            break
        active = sorted(moved)
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


def _box_grid(nodes: list[Node]) -> Grid:
    boxes = [node.box() for node in nodes]
    grid = Grid(max(max(b.width for b in boxes), max(b.height for b in boxes)) + GAP)
    for i, box in enumerate(boxes):
        grid.add(i, (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    return grid


def clear_edges(nodes: list[Node], edges: list[Edge], rounds: int | None = None) -> None:
    """Move nodes off the lines that pass through them.

    A line hidden under an item box looks as if it ended there, which would misstate who
    works on what; so each such node is pushed sideways off the line, then boxes are
    separated again, for a few rounds. A large picture skips this (each round moves boxes that
    then push many others): its boxes are drawn see-through over the lines, so a line under a
    box still shows.
    """
    if rounds is None:
        rounds = CLEAR_ROUNDS if len(nodes) <= EXACT_UP_TO else LARGE_CLEAR_ROUNDS
    by_key = {node.key: node for node in nodes}
    for _ in range(rounds):
        moved = False
        grid = _box_grid(nodes)
        boxes = [node.box() for node in nodes]
        for edge in edges:
            a, b = by_key[edge.unit], by_key[edge.item]
            length = math.hypot(b.x - a.x, b.y - a.y)
            if length < 1e-6:
                continue
            nx, ny = -(b.y - a.y) / length, (b.x - a.x) / length
            for index in grid.along(a.x, a.y, b.x, b.y):
                node = nodes[index]
                if node is a or node is b:
                    continue
                box = boxes[index]
                if not crosses(Box(box.x0 - 3, box.y0 - 3, box.x1 + 3, box.y1 + 3), a.x, a.y, b.x, b.y):
                    continue
                cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
                side = (cx - a.x) * nx + (cy - a.y) * ny
                reach = box.width / 2 * abs(nx) + box.height / 2 * abs(ny) + 6
                push = (reach - abs(side)) * (1.0 if side >= 0 else -1.0)
                node.x += nx * push
                node.y += ny * push
                boxes[index] = node.box()
                moved = True
        separate(nodes)
        if not moved:
            return


def choose_label_sides(nodes: list[Node], edges: list[Edge]) -> None:
    """Put each unit's name on the side of its shape (below, above, right, left) where the
    fewest lines run through it and it covers the fewest other nodes."""
    by_key = {node.key: node for node in nodes}
    segments = [(by_key[e.unit], by_key[e.item]) for e in edges]
    node_grid = _box_grid(nodes)
    line_grid = Grid(node_grid.cell)
    for index, (a, b) in enumerate(segments):
        steps = max(1, math.ceil(math.hypot(b.x - a.x, b.y - a.y) / (line_grid.cell / 2)))
        keys = {line_grid.key(a.x + (b.x - a.x) * step / steps, a.y + (b.y - a.y) * step / steps)
                for step in range(steps + 1)}
        for key in keys:
            line_grid.cells[key].append(index)
    for node in nodes:
        if node.kind == "item":
            continue
        scores = []
        for rank, side in enumerate(LABEL_SIDES):
            node.label_side = side
            box = node.label_box()
            inner = Box(box.x0 + 1, box.y0 + 1, box.x1 - 1, box.y1 - 1)
            candidates = set(line_grid.near((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2))
            lines = sum(crosses(inner, a.x, a.y, b.x, b.y) for a, b in (segments[i] for i in candidates))
            covered = sum(nodes[i].box().overlaps(box) for i in node_grid.near(node.x, node.y)
                          if nodes[i] is not node)
            scores.append((lines + 2 * covered, rank, side))
        node.label_side = min(scores)[2]


def overlapping_boxes(boxes: list[tuple[str, Box]]) -> list[tuple[str, str]]:
    """Every pair of named boxes that intersect."""
    found = []
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1:]:
            if a.overlaps(b):
                found.append((name_a, name_b))
    return found


def lay_out(nodes: list[Node], edges: list[Edge], progress: Progress = _quiet) -> None:
    """Place every node: force layout, then boxes apart, names where lines leave them free,
    nodes off the lines."""
    place(nodes, force_layout(nodes, edges, progress=lambda f: progress(0.6 * f)))
    progress(0.65)
    # Labels first go where lines leave them free; moving nodes off lines can change
    # that, so they are chosen once more and the boxes separated a last time.
    for step in range(2):
        choose_label_sides(nodes, edges)
        separate(nodes)
        clear_edges(nodes, edges)
        progress(0.8 + 0.1 * step)
