"""Exports for graph tools: GraphML and GEXF (Gephi, yEd) through networkx, and DOT
(Graphviz) written here, since pydot and pygraphviz are not dependencies.

Given the picture's layout (`Look`), GEXF carries each node's colour, size and position (its
`viz` elements) and DOT its colours and position, so Gephi or Graphviz open the network as
qplan draws it; edge weights are numbers (a lead counts LEAD_WEIGHT, a support SUPPORT_WEIGHT,
a unit pair the items it shares)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qplan.graph.analysis import Overview
from qplan.graph.build import ROLE_NAMES, Graph, is_lead, project_units
from qplan.graph.drawing import Drawing
from qplan.safetext import visible
from qplan.workload import LEAD_WEIGHT, SUPPORT_WEIGHT


@dataclass(frozen=True, slots=True)
class Look:
    """How the picture draws a node: centre (px, y downwards), radius or half-width, fill."""

    x: float
    y: float
    size: float
    colour: str


def looks_of(drawing: Drawing) -> dict[str, Look]:
    return {node.key: Look(node.x, node.y, max(node.half_w, node.half_h),
                           node.stroke if node.kind in ("item", "group") else node.fill)
            for node in drawing.nodes}


def _viz(look: Look) -> dict[str, Any]:
    colour = look.colour.lstrip("#")
    red, green, blue = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    # GEXF's y axis points up, the picture's down.
    return {"color": {"r": red, "g": green, "b": blue, "a": 1.0}, "size": round(look.size, 1),
            "position": {"x": round(look.x, 1), "y": round(-look.y, 1), "z": 0.0}}


def annotated(graph: Graph, view: Overview, *, projection: bool, looks: dict[str, Look] | None = None,
              viz: bool = False) -> Graph:
    """A copy whose attributes are all plain scalars, as GraphML and GEXF require; with
    `viz`, GEXF's colour, size and position from `looks`."""
    stats = {stat.unit: stat for stat in [*view.units, *view.groups]}
    source = project_units(graph) if projection else graph
    out = source.__class__()
    out.graph.update({"plans": "、".join(graph.graph.get("plans", [])),
                      "load": "牵头×2 + 配合×1"})
    for node, data in source.nodes(data=True):
        attrs: dict[str, Any] = {"label": node, "type": data["type"]}
        if data["type"] == "item":
            attrs.update(label=f"{node} {data['title']}", plan=data["plan"], no=data["no"],
                         title=data["title"], section=data["section"],
                         lead_stated=data["lead_stated"], open_ended=data["open_ended"])
        else:
            stat = stats[node]
            attrs.update(kind=data["kind"], is_group=data["is_group"], lead=len(stat.lead),
                         lead_inferred=len(stat.lead_inferred), support=len(stat.support),
                         load=stat.load)
            if stat.betweenness is not None:
                attrs["betweenness"] = stat.betweenness
            if stat.community is not None:
                attrs["community"] = stat.community
        if looks and node in looks:
            attrs["colour"] = looks[node].colour
            if viz:
                attrs["viz"] = _viz(looks[node])
        out.add_node(node, **attrs)
    for a, b, data in source.edges(data=True):
        if projection:
            out.add_edge(a, b, weight=data["weight"], lead_support=data["lead_support"],
                         support_support=data["support_support"], lead_lead=data["lead_lead"],
                         items="、".join(data["items"]))
        else:
            acting = data.get("acting_for", "")
            label = (ROLE_NAMES[data["role"]] + ("（全文通用）" if data.get("plan_wide") else "")
                     + (f"（代{acting}）" if acting else ""))
            weight = LEAD_WEIGHT if is_lead(data["role"]) else SUPPORT_WEIGHT
            out.add_edge(a, b, role=data["role"], label=label, plan_wide=bool(data.get("plan_wide")),
                         acting_for=acting, weight=weight)
    return out


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: any UTF-8 text, with quotes and backslashes escaped."""
    escaped = visible(text)[0].replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


DOT_EDGE_STYLES = {
    "lead": 'style=solid, penwidth=2.4, color="#33415c"',
    "inferred_lead": 'style=dashed, penwidth=2.4, color="#33415c"',
    "support": 'style=solid, penwidth=1.2, color="#9aa5b1"',
}


def to_dot(graph: Graph, *, projection: bool, positions: dict[str, tuple[float, float]] | None = None) -> str:
    positions = positions or {}
    legend = ("单位关系网：两单位共同承担条目即相连，线上数字和线宽 = 共同条目数。" if projection else
              "单位与条目的关系网。实线粗线 = 牵头，虚线粗线 = 牵头（推定），细灰线 = 配合；六边形 = 单位群组。")
    lines = [
        f"// qplan graph：{legend}",
        "// 用 Graphviz 出图：neato -n -Tsvg 本文件 -o 关系图.svg 按 qplan 的布局（pos），"
        "dot -Tsvg 则重新布局（中文需系统装有 Noto Sans CJK SC 等字体）",
        "graph qplan {",
        '  graph [layout=neato, fontname="Noto Sans CJK SC", overlap=false, splines=true];',
        '  node [fontname="Noto Sans CJK SC", fontsize=11];',
        '  edge [fontname="Noto Sans CJK SC"];',
    ]
    for node, data in graph.nodes(data=True):
        colour = data.get("colour")
        if data["type"] == "item":
            attrs = f'label={dot_quote(data["label"])}, shape=box, style="rounded,filled", fillcolor="#fdf8ec"'
            if colour:
                attrs += f', color="{colour}"'
        elif data["is_group"]:
            attrs = f"label={dot_quote(node)}, shape=hexagon, style=dashed"
        else:
            load = data.get("load", 1)
            attrs = (f"label={dot_quote(node)}, shape=ellipse, style=filled, fillcolor=\"{colour or '#dbe7f3'}\", "
                     f"width={0.6 + 0.12 * load ** 0.5:.2f}")
        if node in positions:
            x, y = positions[node]
            # Points, y upwards; `neato -n` keeps them.
            attrs += f', pos="{x:.0f},{-y:.0f}"'
        lines.append(f"  {dot_quote(node)} [{attrs}];")
    for a, b, data in graph.edges(data=True):
        if graph.nodes[a]["type"] == "item" or (projection and b < a):
            a, b = b, a  # unit before item; unit pairs in name order
        if projection:
            style = f"penwidth={1 + data['weight']}, label={dot_quote(str(data['weight']))}"
        else:
            style = DOT_EDGE_STYLES[data["role"]]
        lines.append(f"  {dot_quote(a)} -- {dot_quote(b)} [{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def export_text(graph: Graph, view: Overview, fmt: str, *, projection: bool = False,
                drawing: Drawing | None = None) -> str:
    """The network for a graph tool; with the `drawing` the picture would be, its layout and
    colours too."""
    import io

    import networkx as nx

    looks = looks_of(drawing) if drawing is not None else None
    out = annotated(graph, view, projection=projection, looks=looks, viz=fmt == "gexf" and looks is not None)
    # XML may not hold control characters (the GraphML writer refuses them, the GEXF writer
    # writes a file no tool opens): texts holding one are written out as \x1b, as on screen.
    out = nx.relabel_nodes(out, {node: visible(node)[0] for node in out if visible(node)[1]})
    for _, data in [*out.nodes(data=True), *((None, d) for *_, d in out.edges(data=True))]:
        for key, value in data.items():
            if isinstance(value, str):
                data[key] = visible(value)[0]
    if fmt in ("graphml", "gexf"):
        # The writers (unlike networkx's generate_* helpers) keep Chinese as UTF-8 text
        # rather than &#...; references, so the file reads in any editor.
        buffer = io.BytesIO()
        writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
        writer(out, buffer, encoding="utf-8")
        return buffer.getvalue().decode("utf-8").rstrip("\n") + "\n"
    if fmt == "dot":
        positions = {key: (look.x, look.y) for key, look in looks.items()} if looks else None
        return to_dot(out, projection=projection, positions=positions)
    raise ValueError(f"unknown graph export format: {fmt}")
