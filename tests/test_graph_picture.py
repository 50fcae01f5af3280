"""The picture renders with its labels: parse the SVG and check it as a reader would see it.

Label boxes are estimated here on their own (a CJK character is as wide as the font size,
other characters 0.6 of it), from the SVG attributes alone.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from qplan.workspace import Workspace

NS = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]


def width_of(text: str, size: float) -> float:
    return sum(size if unicodedata.east_asian_width(c) in "WFA" else 0.6 * size for c in text)


def text_box(element: ET.Element) -> Box:
    size = float(element.attrib["font-size"])
    anchor = element.get("text-anchor", "start")
    lines = list(element.iter(f"{NS}tspan")) or [element]
    boxes = []
    for line in lines:
        x, y = float(line.get("x") or element.attrib["x"]), float(line.get("y") or element.attrib["y"])
        width = width_of(line.text or "", size)
        left = x - width / 2 if anchor == "middle" else x
        boxes.append((left, y - size, left + width, y + 0.3 * size))
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def shape_box(element: ET.Element) -> Box:
    tag = element.tag.removeprefix(NS)
    if tag == "circle":
        cx, cy, r = (float(element.attrib[k]) for k in ("cx", "cy", "r"))
        return (cx - r, cy - r, cx + r, cy + r)
    if tag == "rect":
        x, y, w, h = (float(element.attrib[k]) for k in ("x", "y", "width", "height"))
        return (x, y, x + w, y + h)
    points = [tuple(map(float, p.split(","))) for p in element.attrib["points"].split()]
    return (min(p[0] for p in points), min(p[1] for p in points),
            max(p[0] for p in points), max(p[1] for p in points))


def intersect(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def label_text(element: ET.Element) -> str:
    return "".join(element.itertext())


def node_groups(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter(f"{NS}g") if "node" in g.get("class", "").split()]


def node_shapes(svg: ET.Element) -> dict[str, Box]:
    return {g.attrib["data-key"]: shape_box(next(child for child in g if child.tag != f"{NS}title"))
            for g in node_groups(svg)}


def segment_crosses(box: Box, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Sample the segment finely: enough for boxes tens of pixels wide."""
    steps = 400
    for i in range(1, steps):
        x = a[0] + (b[0] - a[0]) * i / steps
        y = a[1] + (b[1] - a[1]) * i / steps
        if box[0] < x < box[2] and box[1] < y < box[3]:
            return True
    return False


@pytest.fixture
def picture(shipped_plans: Path, run: Callable[..., Result], tmp_path: Path) -> Callable[..., ET.Element]:
    def draw(*args: str, name: str = "graph.svg") -> ET.Element:
        out = tmp_path / name
        result = run("graph", *args, "-o", str(out), plans=shipped_plans)
        assert result.exit_code == 0, result.output
        return ET.fromstring(out.read_text(encoding="utf-8"))
    return draw


def units_of(shipped_plans: Path, *plan_ids: str) -> set[str]:
    workspace = Workspace(shipped_plans)
    return {unit for plan_id in plan_ids for item in workspace.plan(plan_id).items for unit in item.units}


def test_every_unit_of_2025_has_its_label(picture: Callable[..., ET.Element], shipped_plans: Path) -> None:
    svg = picture("2025")
    labels = {el.attrib["data-key"]: label_text(el) for el in svg.iter(f"{NS}text")
              if "label" in el.get("class", "")}
    units = units_of(shipped_plans, "2025")
    assert len(units) == 26
    for unit in units:
        assert labels[unit] == unit
    assert labels["2025#7"] == "（七）深化产业链质量提升"
    nodes = {g.attrib["data-key"] for g in node_groups(svg)}
    assert nodes == units | {f"2025#{no}" for no in range(1, 16)}


@pytest.mark.parametrize("plan_ids", [pytest.param(("2025",), id="2025"), pytest.param(("2022",), id="2022"),
                                      pytest.param(("2022", "2025"), id="both")])
def test_no_two_labels_overlap(picture: Callable[..., ET.Element], plan_ids: tuple[str, ...]) -> None:
    svg = picture(*plan_ids)
    texts = [(label_text(el), text_box(el)) for el in svg.iter(f"{NS}text")]
    assert len(texts) > 40
    clashes = [(a[0], b[0]) for i, a in enumerate(texts) for b in texts[i + 1:] if intersect(a[1], b[1])]
    assert clashes == []


def test_labels_stay_off_other_nodes_and_inside_the_picture(picture: Callable[..., ET.Element]) -> None:
    svg = picture("2025")
    width, height = float(svg.attrib["width"]), float(svg.attrib["height"])
    shapes = node_shapes(svg)
    for label in svg.iter(f"{NS}text"):
        box = text_box(label)
        assert box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height, label_text(label)
        key = label.get("data-key")
        hits = [other for other, shape in shapes.items() if other != key and intersect(box, shape)]
        assert hits == [], label_text(label)


def test_no_line_passes_under_another_node_in_2025(picture: Callable[..., ET.Element]) -> None:
    svg = picture("2025")
    shapes = node_shapes(svg)
    centres = {key: ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for key, b in shapes.items()}
    for line in svg.iter(f"{NS}line"):
        if line.get("class") != "edge":
            continue
        a = (float(line.attrib["x1"]), float(line.attrib["y1"]))
        b = (float(line.attrib["x2"]), float(line.attrib["y2"]))
        ends = {key for key, c in centres.items() if (abs(c[0] - a[0]) < 0.2 and abs(c[1] - a[1]) < 0.2)
                or (abs(c[0] - b[0]) < 0.2 and abs(c[1] - b[1]) < 0.2)}
        assert len(ends) == 2
        crossed = [key for key, box in shapes.items() if key not in ends and segment_crosses(box, a, b)]
        assert crossed == [], line.findtext(f"{NS}title")


def test_units_are_sized_by_load(picture: Callable[..., ET.Element]) -> None:
    svg = picture("2025")
    radius = {}
    for group in node_groups(svg):
        circle = group.find(f"{NS}circle")
        if circle is not None:
            radius[group.attrib["data-key"]] = float(circle.attrib["r"])
    # Loads 25, 7, 3, 1.
    assert radius["市市场监管局"] > radius["市经济信息化委"] > radius["市委宣传部"] > radius["市教委"]


def test_roles_are_distinguishable_and_explained(picture: Callable[..., ET.Element]) -> None:
    svg = picture("2022")  # 2022 has stated leads, inferred leads and support
    styles: dict[str, set[tuple[str, str, str]]] = {}
    for line in svg.iter(f"{NS}line"):
        if line.get("class") == "edge":
            style = (line.attrib["stroke"], line.attrib["stroke-width"], line.get("stroke-dasharray", ""))
            styles.setdefault(line.attrib["data-role"], set()).add(style)
    assert set(styles) == {"lead", "inferred_lead", "support"}
    assert all(len(s) == 1 for s in styles.values())
    assert len({next(iter(s)) for s in styles.values()}) == 3
    legend = {el.text for el in svg.iter(f"{NS}text") if el.get("class") == "header"}
    assert {"牵头", "牵头※（推定）", "配合", "条目", "单位群组（代表多个单位）"} <= legend


def test_groups_have_their_own_shape(picture: Callable[..., ET.Element]) -> None:
    svg = picture("2022")
    kinds = {g.attrib["data-key"]: g.get("class") for g in node_groups(svg)}
    assert kinds["各区质量工作领导小组"] == "node group"
    assert kinds["市市场监管局"] == "node unit"
    group = next(g for g in svg.iter(f"{NS}g") if g.get("data-key") == "各区质量工作领导小组")
    polygon = group.find(f"{NS}polygon")
    assert polygon is not None and polygon.get("stroke-dasharray")
    no_groups = picture("2022", "--no-groups", name="no-groups.svg")
    keys = {g.attrib["data-key"] for g in node_groups(no_groups)}
    assert "各区质量工作领导小组" not in keys and "市市场监管局" in keys


def test_chinese_fonts_are_named(picture: Callable[..., ET.Element]) -> None:
    svg = picture("2025")
    fonts = svg.attrib["font-family"]
    names = ["Noto Sans CJK SC", "Source Han Sans", "Microsoft YaHei", "SimHei", "sans-serif"]
    positions = [fonts.find(name) for name in names]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)


def test_the_same_plans_give_the_same_picture(picture: Callable[..., ET.Element]) -> None:
    first = ET.tostring(picture("2025", name="a.svg"))
    assert first == ET.tostring(picture("2025", name="b.svg"))


def test_html_is_self_contained(shipped_plans: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "图.html"
    result = run("graph", "2025", "-o", str(out), plans=shipped_plans)
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert re.search(r"\b(src|href)=|https?://", page) is None
    # One picture; the rest are the legend's samples.
    assert page.count('<div class="qg-view"') == 1 and len(re.findall(r'<g class="node (unit|group|item)"', page)) == 41
    # The figures are the terminal's tables, rendered as HTML.
    assert "<h2>各单位负荷（牵头×2 + 配合×1）与介数</h2>" in page
    assert re.search(r"<td[^>]*>市市场监管局</td><td[^>]*>12（※12）</td>", page)
    assert "合作最多的单位对" in page and "合作群" in page


def test_dept_draws_the_units_corner(picture: Callable[..., ET.Element]) -> None:
    svg = picture("2025", "--dept", "市卫健委")
    keys = {g.attrib["data-key"] for g in node_groups(svg)}
    assert keys == {"市卫生健康委", "2025#12", "市市场监管局", "市商务委", "市民政局", "市文化旅游局"}
    focus = next(g for g in svg.iter(f"{NS}g") if g.get("data-key") == "市卫生健康委")
    circle = focus.find(f"{NS}circle")
    assert circle is not None and circle.attrib["stroke-width"] == "3.0"


def test_separation_pulls_stacked_boxes_apart() -> None:
    from qplan.graph.drawing import Node
    from qplan.graph.layout import overlapping_boxes, separate

    nodes = [Node(f"单位{i}", "unit", [f"市第{i}委员会"], 14.0, 12.0, 12.0, "#000", "#fff", "")
             for i in range(12)]
    assert len(overlapping_boxes([(n.key, n.box()) for n in nodes])) == 66
    separate(nodes)
    assert overlapping_boxes([(n.key, n.box()) for n in nodes]) == []


@pytest.mark.parametrize(("name", "lines"), [
    pytest.param("市教委", ["市教委"], id="short"),
    pytest.param("市质量工作领导小组成员单位", ["市质量工作领导小组", "成员单位"], id="after-group"),
    pytest.param("市政府质量奖审定委员会相关成员单位", ["市政府质量奖审定委员会", "相关成员单位"],
                 id="after-committee"),
])
def test_long_names_break_where_they_read_well(name: str, lines: list[str]) -> None:
    from qplan.graph.measure import split_name

    assert split_name(name) == lines
