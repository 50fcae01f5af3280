"""One workload: `units`, `matrix`, `graph`, the workbook's 单位汇总 and `show --dept` count
every unit's roles alike (acting bureaus included) and give it the same 负荷 and order."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result

from qplan.graph.analysis import neighbourhood, overview
from qplan.graph.build import build_graph, project_units
from qplan.query import select_items
from qplan.workload import Holding, Workload, holdings, load
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS

SHIPPED = sorted(path.stem for path in SHIPPED_PLANS.glob("*.yaml") if path.stem != "units")

# unit -> (lead items, inferred lead items, support items, acting items, 负荷)
Counts = dict[str, tuple[int, int, int, int, int]]


def data(run: Callable[..., Result], *args: str) -> Any:
    result = run(*args, "--format", "json", plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def counted(record: dict[str, Any]) -> tuple[int, int, int, int, int]:
    acting = record["acting"]
    return (len(record["lead"]), len(record["lead_inferred"]), len(record["support"]), len(acting), record["load"])


@pytest.mark.parametrize("plan_id", [pytest.param(p, id=p) for p in SHIPPED])
def test_every_view_counts_alike(plan_id: str, run: Callable[..., Result], tmp_path: Path) -> None:
    units: Counts = {}
    for u in data(run, "units", plan_id):
        held = u["plans"].get(plan_id)
        if held and (held["lead"] or held["support"]):
            units[u["unit"]] = counted({**held, "load": u["load"]})
    matrix: Counts = {u["unit"]: counted(u) for u in data(run, "matrix", plan_id)["units"]}
    graph = data(run, "graph", plan_id)
    graph_counts: Counts = {u["unit"]: counted(u) for u in [*graph["units"], *graph["groups"]]}
    assert units == matrix == graph_counts
    # Heavier first in every view (ties are broken by name or by the document's order).
    for view in (graph["units"], data(run, "units", plan_id)):
        ranks = [(units[u["unit"]][4], units[u["unit"]][0]) for u in view if u["unit"] in units]
        assert ranks == sorted(ranks, reverse=True)

    # show --dept: the rows a unit holds by its own name or by acting (not through a group).
    workspace = Workspace(SHIPPED_PLANS)
    plan, registry = workspace.plan(plan_id), workspace.registry
    for unit, (lead, _, support, acting, _) in units.items():
        rows = [row for row in select_items([plan], registry, dept=unit) if row.via_group is None]
        assert (sum(r.role == "lead" for r in rows), sum(r.role == "support" for r in rows),
                sum(r.acting_for is not None for r in rows)) == (lead, support, acting), unit

    # The workbook's 单位汇总 (plans that name no units have none).
    target = tmp_path / "plan.xlsx"
    result = run("export", plan_id, "-o", str(target), plans=SHIPPED_PLANS)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target, read_only=True)
    if not units:
        assert "单位汇总" not in book.sheetnames
        return
    rows = list(book["单位汇总"].iter_rows(min_row=4, values_only=True))
    # A long name is broken into lines where a name may break (excel/styles.split_entry).
    sheet = {r[1].replace("\n", ""): (r[3], r[4], r[5], r[7]) for r in rows if isinstance(r[0], int)}
    assert sheet == {unit: (c[0], c[1], c[2], c[4]) for unit, c in units.items()}


def test_the_heaviest_unit_of_2025(run: Callable[..., Result]) -> None:
    loads = {u["unit"]: (u["load"], u["total"]) for u in data(run, "units", "2025")}
    assert loads["市市场监管局"] == (25, 13)  # 12 leads, 1 support


def test_the_shipped_project_list_counts_its_acting_bureaus(run: Callable[..., Result]) -> None:
    units = {u["unit"]: u for u in data(run, "units", "2024-chains")}
    # 普陀区市场监管局 leads item 11 itself and item 2 for 普陀区质量工作领导小组.
    held = units["普陀区市场监管局"]["plans"]["2024-chains"]
    assert (held["lead"], held["acting"], units["普陀区市场监管局"]["load"]) == ([2, 11], [2], 4)
    assert units["普陀区质量工作领导小组"]["plans"]["2024-chains"]["lead"] == [2]
    text = run("units", "2024-chains", plans=SHIPPED_PLANS).output
    assert "2（▲1）/0" in text and "（▲n）：其中 n 项是代行" in text
    # show --dept answers alike, cold and from the parse cache's digest.
    for _ in range(2):
        rows = data(run, "show", "2024-chains", "--dept", "普陀区市场监管局")
        assert [(r["no"], r["role"], r.get("acting_for")) for r in rows] == [
            (2, "lead", "普陀区质量工作领导小组"), (11, "lead", None)]


ACTING_PLAN: dict[str, Any] = {
    "title": "名单", "kind": "projects", "numbering": "arabic",
    "document": {"title": "名单", "issuer": "市市场监管局", "date": "2024-01-01"},
    "items": [
        {"no": 1, "title": "甲链", "lead": ["闵行区质量和标准化工作领导小组"], "support": ["市教委"],
         "lead_stated": True, "open_ended": False, "acting": {"闵行区质量和标准化工作领导小组": "闵行区市场监管局"}},
        {"no": 2, "title": "乙链", "lead": ["闵行区市场监管局"], "support": [],
         "lead_stated": True, "open_ended": False},
    ],
}
ACTING_UNITS: dict[str, Any] = {"units": [
    {"name": "闵行区质量和标准化工作领导小组", "kind": "议事协调机构"},
    {"name": "闵行区市场监管局", "kind": "区级单位"},
    {"name": "市教委", "kind": "市政府部门"},
]}


def test_an_acting_bureau_is_a_graph_node_but_no_partner_of_its_body(
        make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    folder = make_plans({"2024": ACTING_PLAN}, units=ACTING_UNITS)
    workspace = Workspace(folder)
    graph = build_graph([workspace.plan("2024")], workspace.registry)
    edge = graph.edges["闵行区市场监管局", "2024#1"]
    assert (edge["role"], edge["acting_for"]) == ("lead", "闵行区质量和标准化工作领导小组")
    assert graph.edges["闵行区质量和标准化工作领导小组", "2024#1"]["acting_for"] == ""
    # A bureau and the body it acts for are one body's work, not a tie; both work with 市教委.
    ties = {tuple(sorted(pair)) for pair in project_units(graph).edges()}
    assert ties == {("市教委", "闵行区市场监管局"), ("市教委", "闵行区质量和标准化工作领导小组")}
    view = overview(graph)
    bureau = next(s for s in view.units if s.unit == "闵行区市场监管局")
    assert (bureau.lead, bureau.acting, bureau.load) == (["2024#1", "2024#2"], ["2024#1"], 4)
    near = neighbourhood(graph, "闵行区市场监管局")
    assert [p.unit for p in near.partners] == ["市教委"]
    assert [item.key for item in near.alone] == ["2024#2"]
    text = run("graph", "2024", plans=folder).output
    assert "2（▲1）" in text and "它与所代机构不算作合作单位对" in text
    mine = run("graph", "2024", "--dept", "闵行区市场监管局", plans=folder, env={"COLUMNS": "200"}).output
    assert "牵头▲（代闵行区质量和标准化工作领导小组）" in mine and "（牵头，由本单位代行）" in mine
    body = run("graph", "2024", "--dept", "闵行区质量和标准化工作领导小组", plans=folder, env={"COLUMNS": "200"})
    assert "闵行区市场监管局（牵头▲，代行本单位）" in body.output
    items = json.loads(run("graph", "2024", "--dept", "闵行区市场监管局", "--format", "json", plans=folder).stdout)
    assert [(i["item"], i["acting_for"]) for i in items["items"]] == [
        ("2024#1", "闵行区质量和标准化工作领导小组"), ("2024#2", None)]


def test_graph_exports_say_who_acts(make_plans: Callable[..., Path], run: Callable[..., Result],
                                    tmp_path: Path) -> None:
    folder = make_plans({"2024": ACTING_PLAN}, units=ACTING_UNITS)
    for suffix in ("graphml", "gexf"):
        target = tmp_path / f"g.{suffix}"
        result = run("graph", "2024", "-o", str(target), plans=folder)
        assert result.exit_code == 0, result.output
        assert "牵头（代闵行区质量和标准化工作领导小组）" in target.read_text(encoding="utf-8")
    page = tmp_path / "g.html"
    assert run("graph", "2024", "-o", str(page), plans=folder).exit_code == 0
    assert "牵头▲（代闵行区质量和标准化工作领导小组）" in page.read_text(encoding="utf-8")


def test_holdings_one_role_per_unit() -> None:
    from qplan.model import Document, Item, Plan, PlanWide

    item = Item(1, "甲", lead=["组", "甲局", "甲局"], support=["乙局", "甲局"], lead_stated=False,
                acting={"组": "代局", "无此机构": "别局"})
    plan = Plan("p", "计划", Document("计划", "市局", None), [item],
                plan_wide=[PlanWide("各区人民政府", "support", "以下均需…"), PlanWide("乙局", "lead", "…")])
    assert holdings(plan, item) == [
        Holding("组", "lead", inferred=True), Holding("甲局", "lead", inferred=True), Holding("乙局", "support"),
        Holding("代局", "lead", inferred=True, acting_for="组"), Holding("各区人民政府", "support", wide=True),
    ]


def test_the_definition() -> None:
    held: Workload[int] = Workload()
    held.add(1, "lead", inferred=True)
    held.add(2, "support")
    held.hold(3, Holding("局", "lead", acting_for="组"))
    assert (held.total, held.load, held.lead_inferred, held.acting) == (3, 5, [1], [3])
    assert load(9, 5) == 23
