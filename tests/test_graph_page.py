"""The HTML picture as a person uses it, in headless Chromium (tests/browser.py): it zooms and
pans by wheel, drag and buttons, finds a unit by any spelling, lights up a unit's items and
partners on a click, shows a tooltip wherever the pointer is over a node or its name, hides
and shows legend entries, and loads nothing from anywhere. Skipped, saying why, where
Chromium is missing (.ci/run installs it)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qplan.workspace import Workspace
from tests.browser import Browser, find_chromium
from tests.conftest import SHIPPED_PLANS

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed: apt-get install chromium")

PAGES = {
    "2025.html": ("2025",),
    "compare.html": ("2022", "2025", "--compare"),
    "dept.html": ("2025", "--dept", "市卫健委"),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    env = {**os.environ, "QPLAN_CACHE": "off"}
    for name, args in PAGES.items():
        done = subprocess.run([sys.executable, "-m", "qplan", "graph", *args, "-o", str(folder / name),
                               "--plans", str(SHIPPED_PLANS)], capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stderr
    return {name: folder / name for name in PAGES}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    # Tall enough that the whole picture is on screen: points are touched where a person would.
    found = Browser(CHROMIUM, width=1280, height=1400)
    yield found
    found.close()


def opened(browser: Browser, page: Path) -> Browser:
    browser.open(page)
    assert browser.js("typeof window.qplanGraph") == "object", "the page's script did not run"
    # Opening the same page again would restore its scroll position.
    browser.js("window.scrollTo(0, 0)")
    return browser


def attr(browser: Browser, name: str) -> Any:
    return browser.js(f"document.getElementById('qgraph').getAttribute({json.dumps(name)})")


def rect(browser: Browser, selector: str) -> dict[str, float]:
    found = browser.js(f"(function () {{ var r = document.querySelector({json.dumps(selector)})"
                       ".getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; })()")
    assert found is not None, selector
    return dict(found)


def view_box(browser: Browser) -> list[float]:
    return [float(v) for v in browser.js("document.querySelector('#qg-view svg').getAttribute('viewBox')").split()]


def node(key: str, part: str = "") -> str:
    return f'#qg-view g.node[data-key="{key}"] {part}'.strip()


def test_the_page_loads_nothing_from_anywhere(browser: Browser, pages: dict[str, Path]) -> None:
    for page in pages.values():
        opened(browser, page)
        assert browser.requested() == [page.resolve().as_uri()]
        assert browser.errors() == []
        text = page.read_text(encoding="utf-8")
        assert re.search(r"https?://|\b(src|href)=|@import|url\(", text) is None, page.name


@pytest.mark.parametrize("page", ["2025.html", "compare.html", "dept.html"])
def test_it_zooms_and_pans(browser: Browser, pages: dict[str, Path], page: str) -> None:
    opened(browser, pages[page])
    view = rect(browser, "#qg-view")
    centre = (view["x"] + view["w"] / 2, view["y"] + view["h"] / 2)
    before = view_box(browser)
    browser.wheel(*centre, -240)
    after = view_box(browser)
    assert after[2] < before[2] * 0.9 and float(attr(browser, "data-zoom")) > 1.1
    browser.drag(centre[0], centre[1], 150, 0)
    panned = view_box(browser)
    assert panned[0] < after[0] - 10 and abs(panned[1] - after[1]) < 1
    browser.click(*(lambda r: (r["x"] + r["w"] / 2, r["y"] + r["h"] / 2))(rect(browser, '[data-act="fit"]')))
    assert view_box(browser) == pytest.approx(before)
    browser.click(*(lambda r: (r["x"] + r["w"] / 2, r["y"] + r["h"] / 2))(rect(browser, '[data-act="in"]')))
    assert view_box(browser)[2] < before[2]


@pytest.mark.parametrize("spelling", ["市卫健委", "市卫生健康委", "上海市卫生健康委员会", " 市卫健委 "])
def test_it_finds_a_unit_by_any_spelling(browser: Browser, pages: dict[str, Path], spelling: str) -> None:
    opened(browser, pages["2025.html"])
    browser.js("document.getElementById('qg-search').focus()")
    browser.type(spelling)
    browser.key("Enter", 13)
    assert attr(browser, "data-lit") == "市卫生健康委"
    lit = browser.js("Array.prototype.map.call(document.querySelectorAll('#qg-view .hl, #qg-view .near'), "
                     "function (e) { return e.getAttribute('data-key') || 'edge'; })")
    # Its item, and the units it works with there.
    assert {"市卫生健康委", "2025#12", "市市场监管局", "市商务委"} <= set(lit)
    # The view moved to it: the unit is on screen.
    shown = rect(browser, node("市卫生健康委", "circle"))
    view = rect(browser, "#qg-view")
    assert view["x"] <= shown["x"] <= view["x"] + view["w"] and view["y"] <= shown["y"] <= view["y"] + view["h"]


def test_it_finds_an_item_and_says_when_nothing_matches(browser: Browser, pages: dict[str, Path]) -> None:
    opened(browser, pages["2025.html"])
    assert browser.js("window.qplanGraph.find('（十二）')") == "2025#12"
    assert browser.js("window.qplanGraph.find('深化产业链质量提升')") == "2025#7"
    assert browser.js("window.qplanGraph.find('不存在的单位')") is None
    assert "没有找到" in browser.js("document.getElementById('qg-status').textContent")


def test_a_short_form_reads_as_on_the_command_line(browser: Browser, pages: dict[str, Path]) -> None:
    """市场监管局 is the city bureau, said so, though 17 units' names contain it."""
    opened(browser, pages["2025.html"])
    assert browser.js("window.qplanGraph.find('市场监管局')") == "市市场监管局"
    assert browser.js("document.getElementById('qg-status').textContent").startswith(
        "“市场监管局”按“市市场监管局”查找。")
    assert attr(browser, "data-lit") == "市市场监管局"


@pytest.mark.parametrize("spelling", ["上海卫健委", "上海市卫健委", "卫生健康委"])
def test_a_name_with_another_city_prefix_reads_as_on_the_command_line(browser: Browser, pages: dict[str, Path],
                                                                     spelling: str,
                                                                     run: Callable[..., Any]) -> None:
    opened(browser, pages["2025.html"])
    assert browser.js(f"window.qplanGraph.find('{spelling}')") == "市卫生健康委"
    assert attr(browser, "data-lit") == "市卫生健康委"
    # The command line reads the same spelling as the same unit.
    shown = run("show", "2025", "--dept", spelling, "--format", "json", plans=SHIPPED_PLANS)
    records = json.loads(shown.stdout)
    assert records and all("市卫生健康委" in (*record["lead"], *record["support"]) for record in records)


def test_a_short_form_of_two_units_names_both_and_picks_none(browser: Browser, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(SHIPPED_PLANS, plans)
    with (plans / "units.yaml").open("a", encoding="utf-8") as registry:
        registry.write("  - name: 区市场监管局\n    kind: 区级单位\n")
    page = tmp_path / "page.html"
    done = subprocess.run([sys.executable, "-m", "qplan", "graph", "2025", "-o", str(page), "--plans", str(plans)],
                          capture_output=True, text=True, env={**os.environ, "QPLAN_CACHE": "off"}, check=False)
    assert done.returncode == 0, done.stderr
    opened(browser, page)
    assert browser.js("window.qplanGraph.find('市场监管局')") is None
    assert "“市场监管局”可以指不止一个单位：市市场监管局、区市场监管局" in browser.js(
        "document.getElementById('qg-status').textContent")


def test_a_click_lights_up_a_units_items_and_partners(browser: Browser, pages: dict[str, Path]) -> None:
    opened(browser, pages["2025.html"])
    circle = rect(browser, node("市经济信息化委", "circle"))
    browser.click(circle["x"] + circle["w"] / 2, circle["y"] + circle["h"] / 2)
    assert attr(browser, "data-lit") == "市经济信息化委"
    near = set(browser.js("Array.prototype.map.call(document.querySelectorAll('#qg-view g.node.near'), "
                          "function (e) { return e.getAttribute('data-key'); })"))
    plan = Workspace(SHIPPED_PLANS).plan("2025")
    items = [item for item in plan.items if "市经济信息化委" in item.units]
    partners = {unit for item in items for unit in item.units} - {"市经济信息化委"}
    assert near == {f"2025#{item.no}" for item in items} | partners
    assert "市水务局" not in near
    dimmed = browser.js("getComputedStyle(document.querySelector('#qg-view g.node[data-key=\"市水务局\"]')).opacity")
    assert float(dimmed) < 0.5
    # A click on empty ground clears it.
    view = rect(browser, "#qg-view")
    browser.click(view["x"] + 5, view["y"] + 5)
    assert attr(browser, "data-lit") is None


def _tip_at(browser: Browser, x: float, y: float) -> str:
    browser.move(x, y)
    return str(browser.js("document.getElementById('qg-tip').hidden ? '' : "
                          "document.getElementById('qg-tip').textContent"))


def test_tooltips_over_every_unit_its_name_and_every_part_of_an_item(browser: Browser,
                                                                     pages: dict[str, Path]) -> None:
    opened(browser, pages["2025.html"])
    keys = browser.js("Array.prototype.map.call(document.querySelectorAll('#qg-view g.node'), "
                      "function (e) { return e.getAttribute('data-key'); })")
    assert len(keys) == 41
    for key in keys:
        for part in ("text", ":is(circle, rect, polygon)"):
            box = rect(browser, node(key, part))
            if "#" in key and part != "text":
                points = [(box["x"] + box["w"] * fx, box["y"] + box["h"] * fy)
                          for fx in (0.08, 0.5, 0.92) for fy in (0.12, 0.5, 0.88)]
            else:
                points = [(box["x"] + box["w"] / 2, box["y"] + box["h"] / 2)]
            for x, y in points:
                tip = _tip_at(browser, x, y)
                assert tip.startswith(key), (key, part, x, y, tip)


def test_legend_entries_hide_and_show_their_part(browser: Browser, pages: dict[str, Path]) -> None:
    opened(browser, pages["2025.html"])
    toggle = rect(browser, '.qg-toggle[data-toggle="role:support"]')
    shown = "Array.prototype.filter.call(document.querySelectorAll('#qg-view line.edge[data-role=\"support\"]'), " \
            "function (e) { return getComputedStyle(e).display !== 'none'; }).length"
    total = browser.js(shown)
    assert total > 10
    browser.click(toggle["x"] + toggle["w"] / 2, toggle["y"] + toggle["h"] / 2)
    assert browser.js(shown) == 0
    browser.click(toggle["x"] + toggle["w"] / 2, toggle["y"] + toggle["h"] / 2)
    assert browser.js(shown) == total
    kind = rect(browser, '.qg-toggle[data-toggle="kind:市委部门"]')
    browser.click(kind["x"] + kind["w"] / 2, kind["y"] + kind["h"] / 2)
    assert browser.js("getComputedStyle(document.querySelector('#qg-view g.node[data-key=\"市委宣传部\"]')).display") \
        == "none"


def test_the_compare_picture_shows_both_years_and_what_moved(browser: Browser, pages: dict[str, Path]) -> None:
    opened(browser, pages["compare.html"])
    # Typed into the search box, as a person would.
    browser.js("document.getElementById('qg-search').focus()")
    browser.type("市卫健委")
    browser.key("Enter", 13)
    assert attr(browser, "data-lit") == "市卫生健康委"
    circle = rect(browser, node("市经济信息化委", "circle"))
    browser.click(circle["x"] + circle["w"] / 2, circle["y"] + circle["h"] / 2)
    assert attr(browser, "data-lit") == "市经济信息化委"
    keys = set(browser.js("Array.prototype.map.call(document.querySelectorAll('#qg-view g.node.item'), "
                          "function (e) { return e.getAttribute('data-key'); })"))
    assert {key.split("#")[0] for key in keys} == {"2022", "2025"}
    label = browser.js("document.querySelector('#qg-view text[data-key=\"市市场监管局\"]').textContent")
    assert re.search(r"（[+−±]\d+）", label), label
    assert browser.js("window.qplanGraph.find('市卫健委')") == "市卫生健康委"
    assert "负荷 2022 → 2025" in browser.js(
        "document.querySelector('#qg-view g.node[data-key=\"市卫生健康委\"]').getAttribute('data-tip')")


def test_the_dept_page_lists_only_the_units_own_partners(pages: dict[str, Path]) -> None:
    text = pages["dept.html"].read_text(encoding="utf-8")
    assert "本单位的条目" in text and "合作单位" in text
    assert "合作最多的单位对" not in text


def test_the_search_box_shows_its_whole_hint(browser: Browser, pages: dict[str, Path]) -> None:
    # The trial saw 查找单位（任何写法）或条E: the hint cut by the box's own edge.
    for page in pages.values():
        opened(browser, page)
        found = browser.js(
            "(function () { var box = document.getElementById('qg-search'), style = getComputedStyle(box);"
            " var pen = document.createElement('canvas').getContext('2d'); pen.font = style.font;"
            " var text = pen.measureText(box.placeholder).width;"
            " var room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);"
            " box.value = box.placeholder; var over = box.scrollWidth - box.clientWidth; box.value = '';"
            " return {hint: box.placeholder, text: text, room: room, em: parseFloat(style.fontSize), over: over}; })()")
        assert found["hint"] and found["over"] <= 0, found
        # Beside the hint, room for the search box's clear button and its list's arrow.
        assert found["text"] + 3 * found["em"] <= found["room"], found
