"""The YAML the importer writes: the bundled layout, and any text survives the round trip."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from qplan.importer.draft import DraftDocument, DraftItem, DraftPlan, DraftSection
from qplan.importer.writer import LEGACY_HEADER_LINES, check_round_trip, plan_yaml, scalar
from qplan.planfile import build_plan
from qplan.yamlio import parse_yaml


@pytest.mark.parametrize(("value", "written"), [
    pytest.param("强化质量政策供给", "强化质量政策供给", id="plain"),
    pytest.param("（牵头单位：市市场监管局）", "（牵头单位：市市场监管局）", id="full-width-colon"),
    pytest.param("标题: 冒号", '"标题: 冒号"', id="half-width-colon"),
    pytest.param("2025", '"2025"', id="number"),
    pytest.param("true", '"true"', id="bool"),
    pytest.param("2025-04-01", '"2025-04-01"', id="date"),
    pytest.param("- 列表", '"- 列表"', id="dash"),
    pytest.param("# 注释", '"# 注释"', id="hash"),
    pytest.param('含"引号"', '"含\\"引号\\""', id="quote"),
    pytest.param("", '""', id="empty"),
])
def test_scalars(value: str, written: str) -> None:
    assert scalar(value) == written
    assert parse_yaml(f"k: {written}\n", Path("t.yaml"))["k"] == value


def test_flow_lists_quote_commas() -> None:
    assert scalar("甲,乙", flow=True) == '"甲,乙"'
    assert scalar("甲，乙", flow=True) == "甲，乙"


def odd_plan() -> DraftPlan:
    items = [
        DraftItem(no=1, title="标题: 有冒号 #号", text='第一段"引号"\\反斜杠\n第二段\t制表', lead=["甲,局"],
                  support=["[乙]委"], lead_stated=False, responsibility="(甲,局、[乙]委)", section=1,
                  how="first-listed"),
        DraftItem(no=2, title="yes", lead=[], lead_stated=False, section=1, how="none"),
        DraftItem(no=3, title="项目", lead=["甲领导小组"], acting={"甲领导小组": "甲局"}, key=True, section=None,
                  how="stated"),
    ]
    return DraftPlan(
        title="null", document=DraftDocument("2026: 要点", "甲市", dt.date(2026, 1, 2), "甲〔2026〕1号", "a.txt"),
        items=items, sections=[DraftSection(1, "一: 部分")], notes=["注: 以下不再列出"],
    )


def test_odd_values_survive_the_round_trip(tmp_path: Path) -> None:
    plan = odd_plan()
    text = plan_yaml(plan)
    check_round_trip(text, plan, tmp_path / "x.yaml")
    built = build_plan(parse_yaml(text, tmp_path / "x.yaml"), "x", None)
    assert built.title == "null"
    assert built.document.date == dt.date(2026, 1, 2)
    assert [(i.no, i.title, i.text, i.lead, i.support, i.key, i.acting, i.section) for i in built.items] == [
        (3, "项目", "", ["甲领导小组"], [], True, {"甲领导小组": "甲局"}, None),
        (1, "标题: 有冒号 #号", '第一段"引号"\\反斜杠\n第二段\t制表', ["甲,局"], ["[乙]委"], False, {}, 1),
        (2, "yes", "", [], [], False, {}, 1),
    ]


def test_items_that_need_a_person_are_marked() -> None:
    text = plan_yaml(odd_plan())
    assert "      # 待补：原文没有写责任单位；请按实际填写 lead，或删除本条。\n      - no: 2\n" in text
    assert "# 标“待补”的条目尚无牵头单位：请按原文填写 lead，再运行 qplan validate 检查。\n" in text


def header(text: str) -> list[str]:
    lines = text.splitlines()
    return lines[:next(index for index, line in enumerate(lines) if not line.startswith("#"))]


def test_the_header_speaks_chinese_for_every_kind_of_plan() -> None:
    """The office's staff read and edit these files: every header line is a Chinese sentence
    (field names and values aside), none of the English ones earlier versions wrote."""
    plans = []
    for kind in ("plan", "projects", "multi-year"):
        plan = odd_plan()
        plan.kind = kind
        plan.items[0].units_from = "section"
        plan.lead_convention = "列第一位的为牵头单位"
        plans.append(plan)
    for plan in plans:
        lines = header(plan_yaml(plan))
        assert len(lines) >= 4
        assert [line for line in lines[1:] if not re.search(r"[\u4e00-\u9fff]", line)] == []
        # No English sentence: at most two English words in a row (a field and its value).
        assert [line for line in lines if re.search(r"[A-Za-z]+ [A-Za-z]+ [A-Za-z]+", line)
                and "qplan import" not in line and "qplan validate" not in line] == []
        assert not set(lines) & LEGACY_HEADER_LINES
    assert "# 由 qplan import 从 a.txt 导入。请对照原文核对。" in header(plan_yaml(plans[0]))


def test_layout_of_a_section_item() -> None:
    plan = DraftPlan(
        title="2026年要点", document=DraftDocument("文件", "甲市", dt.date(2026, 1, 2), None, "a.txt（第二部分）"),
        items=[DraftItem(no=1, title="任务", text="内容。", lead=["市教委"], support=["市科委"], lead_stated=False,
                         open_ended=True, responsibility="（市教委、市科委等）", section=1, how="first-listed")],
        sections=[DraftSection(1, "部分")],
    )
    body = plan_yaml(plan).split("title: 2026年要点\n", 1)[1]
    assert body == (
        "document:\n  title: 文件\n  issuer: 甲市\n  date: 2026-01-02\n  source: a.txt（第二部分）\n"
        "sections:\n  - no: 1\n    title: 部分\n    items:\n      - no: 1\n        title: 任务\n"
        '        text: "内容。"\n        lead: [市教委]\n        support: [市科委]\n        lead_stated: false\n'
        "        open_ended: true\n        responsibility: （市教委、市科委等）\n"
    )
