"""The bundled plans say what the documents say."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from qplan.numerals import to_chinese_number
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS

SOURCES = Path(__file__).parent / "fixtures" / "sources"
DOCUMENTS = {"2022": "001_add14eaf8bae3576.txt", "2025": "000_2471ba8324952689.txt"}


def plan_part(plan_id: str) -> str:
    text = (SOURCES / DOCUMENTS[plan_id]).read_text(encoding="utf-8")
    return text[text.index("第二部分"):]


@pytest.mark.parametrize(("plan_id", "count", "sections"), [("2022", 18, 4), ("2025", 15, 5)])
def test_every_item_is_transcribed_verbatim(plan_id: str, count: int, sections: int) -> None:
    plan = Workspace(SHIPPED_PLANS).plan(plan_id)
    source = plan_part(plan_id)
    assert len(plan.items) == count
    assert len(plan.sections) == sections
    assert [i.no for i in plan.items] == list(range(1, count + 1))
    for section in plan.sections:
        assert f"{to_chinese_number(section.no)}、{section.title}" in source
    for item in plan.items:
        paragraph = f"（{to_chinese_number(item.no)}）{item.title}。{item.text}{item.responsibility}"
        assert paragraph in source, item.no


@pytest.mark.parametrize("plan_id", ["2022", "2025"])
def test_roles_match_the_brackets(plan_id: str) -> None:
    plan = Workspace(SHIPPED_PLANS).plan(plan_id)
    for item in plan.items:
        bracket = item.responsibility or ""
        assert item.lead_stated == ("牵头单位：" in bracket)
        assert item.open_ended == bool(re.search(r"等(部门)?(）|按)", bracket))
        for name in [*item.lead, *item.support]:
            assert name in bracket or item.written.get(name, "") in bracket


def test_2025_states_no_roles() -> None:
    assert not any(item.lead_stated for item in Workspace(SHIPPED_PLANS).plan("2025").items)


def test_health_commission_found_under_both_spellings(run: Callable[..., Result]) -> None:
    result = run("show", "--dept", "市卫健委", "--format", "json", plans=SHIPPED_PLANS)
    found = [(d["plan"], d["label"]) for d in json.loads(result.stdout) if d["plan"] in DOCUMENTS]
    assert found == [("2025", "（十二）"), ("2022", "（六）")]


def test_market_regulation_2022(run: Callable[..., Result]) -> None:
    result = run("show", "2022", "--dept", "市市场监管局", "--format", "json", plans=SHIPPED_PLANS)
    data = json.loads(result.stdout)
    assert len(data) == 14
    assert [d["no"] for d in data if d["role"] == "lead" and d["lead_stated"]] == [2, 3, 5, 9, 17]


def test_one_spelling_one_unit(run: Callable[..., Result]) -> None:
    data = json.loads(run("units", "2022", "2025", "--format", "json", plans=SHIPPED_PLANS).stdout)
    names = {d["unit"] for d in data}
    for variant in ["市卫健委", "市人社局", "市住房建设城乡管理委", "市质量工作领导小组各成员单位"]:
        assert variant not in names
    assert {"市卫生健康委", "市人力资源社会保障局", "市住房城乡建设管理委", "市质量工作领导小组成员单位",
            "市质量工作领导小组相关成员单位"} <= names
