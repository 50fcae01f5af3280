"""A picture of the network: the nodes (qplan.graph.drawing) placed (qplan.graph.layout) under
a title, notes and legend, ready to render as SVG (qplan.graph.svg) or as the HTML page
(qplan.graph.page).

A picture has a size limit: past it, no layout makes it readable, and the message says what
to draw instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from qplan.errors import QplanError
from qplan.graph.analysis import Comparison, Overview
from qplan.graph.build import Graph
from qplan.graph.drawing import MARGIN, Drawing, Label, build_nodes, header_notes, legend_entries
from qplan.graph.layout import lay_out
from qplan.graph.measure import Box, text_width
from qplan.graph.svg import render_svg, sample_svg

# Past these a picture is a blot, and its layout takes minutes.
MAX_NODES = 4000
MAX_EDGES = 20000


class PictureTooLarge(QplanError):
    pass


def check_size(graph: Graph) -> None:
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    if nodes > MAX_NODES or edges > MAX_EDGES:
        raise PictureTooLarge(
            f"关系网有 {nodes} 个节点、{edges} 条连线，超过关系图的上限（{MAX_NODES} 个节点、{MAX_EDGES} 条连线），"
            "画出来也无法辨认。请少选几个计划，或用 --dept 只画一个单位的合作网；"
            "要看全貌，可导出 .graphml 用 Gephi、yEd 打开。")


def header_lines(title: str, notes: list[str]) -> list[Label]:
    """Title and notes, one above the other, starting at the left margin."""
    y = MARGIN + 22
    lines = [Label(MARGIN, y, title, 22, bold=True)]
    for note in notes:
        y += 24
        lines.append(Label(MARGIN, y, note, 14, colour="#3e4c59"))
    return lines


def lay_out_header(drawing: Drawing, width: float) -> float:
    """Title, notes and legend above the graph; returns the height they take."""
    drawing.header = header_lines(drawing.title, drawing.notes)
    y = drawing.header[-1].y + 30
    x = MARGIN
    for entry in drawing.legend:
        entry_width = 34 + text_width(entry.text, 13) + 22
        if x + entry_width > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + 24
        drawing.samples.append(sample_svg(entry.sample, x, y - 4.5))
        drawing.header.append(Label(x + 34, y, entry.text, 13))
        x += entry_width
    return y + 22


def draw(graph: Graph, view: Overview, title: str, *, comparison: Comparison | None = None,
         progress: Callable[[float], None] | None = None) -> Drawing:
    check_size(graph)
    nodes, edges = build_nodes(graph, view, comparison)
    lay_out(nodes, edges, progress or (lambda fraction: None))
    plans = list(graph.graph.get("plans", []))
    drawing = Drawing(f"单位关系网 · {title}", nodes, edges, plans=plans,
                      legend=legend_entries(nodes, edges, plans, comparison),
                      notes=header_notes(nodes, view, comparison))
    extent = Box(0, 0, 0, 0)
    for node in nodes:
        extent = node.box() if extent.width == 0 else extent.union(node.box())
    text_right = max(label.box().x1 for label in header_lines(drawing.title, drawing.notes))
    width = max(extent.width + 2 * MARGIN, text_right + MARGIN, 960.0)
    top = lay_out_header(drawing, width)
    # Centre the graph under the header when the header is the wider of the two.
    dx = (width - extent.width) / 2 - extent.x0
    dy = top + 10 - extent.y0
    for node in nodes:
        node.x += dx
        node.y += dy
    drawing.top = top + 10
    drawing.width = math.ceil(width)
    drawing.height = math.ceil(top + 10 + extent.height + MARGIN)
    return drawing


def svg(drawing: Drawing) -> str:
    return render_svg(drawing)
