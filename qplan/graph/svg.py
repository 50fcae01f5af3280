"""The picture as SVG: a file that opens in any browser, or the picture inside the HTML page.

Each node is one group holding its tooltip, its shape and its name, so the tooltip shows
wherever the pointer is over either. Lines are drawn first and boxes over them half see-through:
a line that still runs under a box shows through it instead of seeming to end there.
"""

from __future__ import annotations

import html
import math

from qplan.graph.drawing import (
    EDGE_STYLES,
    GROUP_DASH,
    GROUP_STROKE,
    ITEM_FILL,
    PLAN_COLOURS,
    TEXT_COLOUR,
    WIDE_DASH,
    Drawing,
    Edge,
    Label,
    Node,
    kind_colour,
)
from qplan.graph.measure import FONT_FAMILY
from qplan.safetext import visible

ITEM_OPACITY = 0.82
SVG_NS = "http://www.w3.org/2000/svg"


def esc(text: str) -> str:
    # A control character (ESC from a pasted terminal line) is not allowed in XML at all: a
    # browser would refuse the whole picture. It is drawn written out, as on the terminal.
    return html.escape(visible(text)[0], quote=True)


def hexagon(cx: float, cy: float, r: float, fill: str, stroke: str, extra: str = "") -> str:
    points = " ".join(f"{cx + r * math.cos(math.pi / 3 * i):.1f},{cy + r * math.sin(math.pi / 3 * i):.1f}"
                      for i in range(6))
    return (f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="1.6" '
            f'stroke-dasharray="{GROUP_DASH}"{extra}/>')


def sample_svg(kind: str, x: float, y: float) -> str:
    """A 28 px wide legend sample whose vertical middle is y."""
    if kind.startswith("edge:"):
        role = kind[5:]
        colour, width, dash = EDGE_STYLES.get(role, EDGE_STYLES["support"])
        dash = WIDE_DASH if role == "wide" else dash
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        return (f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 28:.1f}" y2="{y:.1f}" stroke="{colour}" '
                f'stroke-width="{width}"{dashed}/>')
    if kind.startswith("item:"):
        stroke = PLAN_COLOURS[int(kind[5:]) % len(PLAN_COLOURS)]
        return (f'<rect x="{x + 2:.1f}" y="{y - 7:.1f}" width="24" height="14" rx="3" '
                f'fill="{ITEM_FILL}" stroke="{stroke}" stroke-width="1.6"/>')
    if kind == "group":
        return hexagon(x + 14, y, 8, "#ffffff", GROUP_STROKE)
    if kind == "focus":
        return f'<circle cx="{x + 14:.1f}" cy="{y:.1f}" r="7" fill="#dddddd" stroke="#111111" stroke-width="3"/>'
    if kind.startswith("kind:"):
        return f'<circle cx="{x + 14:.1f}" cy="{y:.1f}" r="8" fill="{kind_colour(kind[5:])}" stroke="#ffffff"/>'
    return ""  # a mark: its words say it


def edge_svg(edge: Edge, drawing: Drawing) -> str:
    a, b = drawing.node(edge.unit), drawing.node(edge.item)
    colour, width, dash = EDGE_STYLES[edge.role]
    if edge.wide:
        dash = WIDE_DASH
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    if edge.to_group:
        # A group stands for many units: its ties are drawn fainter so they do not dominate.
        extra += ' stroke-opacity="0.45"'
    wide = ' data-wide="1"' if edge.wide else ""
    return (f'<line class="edge" data-role="{edge.role}" data-unit="{esc(edge.unit)}" data-item="{esc(edge.item)}"'
            f'{wide} x1="{a.x:.1f}" y1="{a.y:.1f}" x2="{b.x:.1f}" y2="{b.y:.1f}" stroke="{colour}" '
            f'stroke-width="{width}"{extra}><title>{esc(edge.tooltip)}</title></line>')


def shape_svg(node: Node) -> str:
    if node.kind == "item":
        return (f'<rect x="{node.x - node.half_w:.1f}" y="{node.y - node.half_h:.1f}" '
                f'width="{2 * node.half_w:.1f}" height="{2 * node.half_h:.1f}" rx="4" '
                f'fill="{node.fill}" fill-opacity="{ITEM_OPACITY}" stroke="{node.stroke}" stroke-width="1.6"/>')
    if node.kind == "group":
        return hexagon(node.x, node.y, node.half_w, node.fill, node.stroke)
    stroke, width = ("#111111", 3.0) if node.focus else (node.stroke, 1.5)
    return (f'<circle cx="{node.x:.1f}" cy="{node.y:.1f}" r="{node.half_w:.1f}" '
            f'fill="{node.fill}" stroke="{stroke}" stroke-width="{width}"/>')


def label_svg(node: Node) -> str:
    weight = ' font-weight="bold"' if node.bold or node.focus else ""
    colour = "#52606d" if node.kind == "group" else TEXT_COLOUR
    x = node.x + node.label_dx
    spans = "".join(f'<tspan x="{x:.1f}" y="{y:.1f}">{esc(line)}</tspan>'
                    for line, y in zip(node.lines, node.baselines(), strict=True))
    return (f'<text class="label {node.kind}-label halo" data-key="{esc(node.key)}" '
            f'font-size="{node.font}" text-anchor="middle" fill="{colour}"{weight}>{spans}</text>')


def node_svg(node: Node) -> str:
    data = f' data-category="{esc(node.category)}"' if node.category else ""
    return (f'<g class="node {node.kind}" data-key="{esc(node.key)}"{data}><title>{esc(node.tooltip)}</title>'
            f"{shape_svg(node)}{label_svg(node)}</g>")


def header_svg(label: Label) -> str:
    weight = ' font-weight="bold"' if label.bold else ""
    return (f'<text class="header" x="{label.x:.1f}" y="{label.y:.1f}" font-size="{label.font}" '
            f'fill="{label.colour}"{weight}>{esc(label.text)}</text>')


def render_svg(drawing: Drawing, *, standalone: bool = True) -> str:
    """The picture; `standalone` for a .svg file (namespace, title, notes and legend drawn in),
    else the network alone for the HTML page, whose title and legend are HTML."""
    top = 0.0 if standalone else drawing.top - 10
    height = drawing.height - top
    namespace = f' xmlns="{SVG_NS}"' if standalone else ""
    parts = [
        f'<svg{namespace} width="{drawing.width}" height="{math.ceil(height)}" '
        f'viewBox="0 {top:.0f} {drawing.width} {math.ceil(height)}" font-family="{esc(FONT_FAMILY)}">',
        f"<title>{esc(drawing.title)}</title>",
        f"<style>text {{ font-family: {FONT_FAMILY}; }} .halo {{ paint-order: stroke; "
        "stroke: #ffffff; stroke-width: 3.5px; stroke-linejoin: round; }</style>",
        f'<rect class="background" x="0" y="{top:.0f}" width="{drawing.width}" height="{math.ceil(height)}" '
        'fill="#ffffff"/>',
    ]
    if standalone:
        parts += ['<g class="legend">', *drawing.samples, *(header_svg(label) for label in drawing.header), "</g>"]
    parts += [
        '<g class="edges">', *(edge_svg(edge, drawing) for edge in drawing.edges), "</g>",
        '<g class="nodes">', *(node_svg(node) for node in drawing.nodes), "</g>",
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
