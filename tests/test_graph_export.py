"""GraphML, GEXF and DOT exports read back with their Chinese labels intact."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import Result

from qplan.graph.export import dot_quote
from tests.conftest import item, small_plan

PLANS = {
    "2025": small_plan(2025, [
        item(1, "强化“质量”政策", ["市市场监管局"], ["市卫健委", "市质量工作领导小组各成员单位"]),
        item(2, "培育领军企业", ["市经济信息化委"], ["市市场监管局", "市卫生健康委"], stated=False),
    ]),
}


@pytest.fixture
def export(make_plans: Callable[..., Path], run: Callable[..., Result],
           tmp_path: Path) -> Callable[..., Path]:
    root = make_plans(PLANS)

    def write(name: str, *args: str) -> Path:
        out = tmp_path / name
        result = run("graph", *args, "-o", str(out), plans=root)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert f"已写入 {out}" in result.stderr
        return out
    return write


def check_graph(graph: Any) -> None:
    assert graph.nodes["市市场监管局"]["label"] == "市市场监管局"
    assert graph.nodes["市市场监管局"]["load"] == 3
    assert graph.nodes["市市场监管局"]["betweenness"] == pytest.approx(0.0)
    assert graph.nodes["市经济信息化委"]["lead_inferred"] == 1
    assert graph.nodes["2025#1"]["title"] == "强化“质量”政策"
    assert graph.nodes["2025#1"]["label"] == "2025#1 强化“质量”政策"
    assert graph.nodes["市质量工作领导小组成员单位"]["is_group"] in (True, "true")
    assert graph.edges["市市场监管局", "2025#1"]["role"] == "lead"
    assert graph.edges["市经济信息化委", "2025#2"]["role"] == "inferred_lead"
    assert graph.edges["市卫生健康委", "2025#2"]["label"] == "配合"
    assert graph.number_of_nodes() == 6 and graph.number_of_edges() == 6


def test_graphml_reads_back(export: Callable[..., Path]) -> None:
    path = export("关系网.graphml", "2025")
    assert "强化“质量”政策" in path.read_text(encoding="utf-8")
    check_graph(nx.read_graphml(path))


def test_gexf_reads_back(export: Callable[..., Path]) -> None:
    graph = nx.read_gexf(export("关系网.gexf", "2025"))
    # GEXF keeps the label apart from the other attributes.
    assert {n: d["label"] for n, d in graph.nodes(data=True)}["市卫生健康委"] == "市卫生健康委"
    check_graph(graph)


def test_projection_export_has_weighted_unit_ties(export: Callable[..., Path]) -> None:
    graph = nx.read_graphml(export("单位.graphml", "2025", "--projection"))
    assert set(graph) == {"市市场监管局", "市卫生健康委", "市经济信息化委"}
    tie = graph.edges["市市场监管局", "市卫生健康委"]
    assert (tie["weight"], tie["lead_support"], tie["support_support"], tie["items"]) == (2, 1, 1, "2025#1、2025#2")


def test_no_groups_export(export: Callable[..., Path]) -> None:
    graph = nx.read_graphml(export("无群组.graphml", "2025", "--no-groups"))
    assert "市质量工作领导小组成员单位" not in graph


def test_dot_text(export: Callable[..., Path]) -> None:
    text = export("关系网.dot", "2025").read_text(encoding="utf-8")
    assert text.startswith("// qplan graph")
    assert "\ngraph qplan {\n" in text and text.endswith("}\n")
    assert '  "市市场监管局" [label="市市场监管局", shape=ellipse' in text
    assert '  "2025#1" [label="2025#1 强化“质量”政策", shape=box' in text
    # Placed as in the picture (pos, for neato -n).
    group = "市质量工作领导小组成员单位"
    assert re.search(rf'  "{group}" \[label="{group}", shape=hexagon, style=dashed, pos="-?\d+,-?\d+"\];', text)
    assert re.search(r'"市市场监管局" -- "2025#1" \[style=solid, penwidth=2\.4', text)
    assert re.search(r'"市经济信息化委" -- "2025#2" \[style=dashed', text)
    assert re.search(r'"市市场监管局" -- "2025#2" \[style=solid, penwidth=1\.2', text)
    assert 'fontname="Noto Sans CJK SC"' in text


def test_dot_projection(export: Callable[..., Path]) -> None:
    text = export("单位.dot", "2025", "--projection").read_text(encoding="utf-8")
    assert "共同条目数" in text.splitlines()[0]
    assert '"市卫生健康委" -- "市市场监管局" [penwidth=3, label="2"];' in text
    assert "2025#1" not in text.split("graph qplan {")[1]


@pytest.mark.parametrize(("text", "quoted"), [
    pytest.param("市市场监管局", '"市市场监管局"', id="chinese"),
    pytest.param('称"优"质', '"称\\"优\\"质"', id="quote"),
    pytest.param("a\\b", '"a\\\\b"', id="backslash"),
    pytest.param("两\n行", '"两\\n行"', id="newline"),
])
def test_dot_quoting(text: str, quoted: str) -> None:
    assert dot_quote(text) == quoted


@pytest.mark.parametrize("suffix", [".svg", ".html", ".graphml", ".gexf", ".dot"])
def test_control_characters_are_written_out_in_every_graph_file(make_plans: Callable[..., Path],
                                                                run: Callable[..., Result], tmp_path: Path,
                                                                suffix: str) -> None:
    """XML may not hold ESC at all (a browser would refuse the picture, the GraphML writer the
    file); DOT would carry it to Graphviz. Each file writes it out as \\x1b, as the screen does."""
    import xml.dom.minidom

    title = "加强\x1b[2J质量\x1b]0;PWNED\x07工作\u202e"
    root = make_plans({"2025": small_plan(2025, [item(1, title, ["市市场监管局"], ["市教委"])])})
    out = tmp_path / f"关系图{suffix}"
    result = run("graph", "2025", "-o", str(out), plans=root)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", text)
    assert "加强\\x1b[2J质量\\x1b]0;PWNED\\x07工作\\u202e" in text.replace("\\\\", "\\")
    if suffix not in (".dot", ".html"):
        xml.dom.minidom.parseString(text.encode("utf-8"))
    assert "处文字含有控制字符" in result.stderr
