"""The bundled plans say what the documents say."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from qplan.numerals import to_chinese_number
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS, workbook_text

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


# -- the multi-year plans ---------------------------------------------------------------------

ACTION_PLAN = SOURCES / "002_2846d98c788c2df9.txt"
IMPLEMENTATION = SOURCES / "003_58be386d2d57e46a.txt"


def test_the_action_plan_is_transcribed_verbatim() -> None:
    """2023–2025: tasks (一)…(二十二) under sections 二–七, each `(N)title。text(units)` in one
    paragraph, in half-width brackets as the document writes them."""
    plan = Workspace(SHIPPED_PLANS).plan("2023-2025")
    source = ACTION_PLAN.read_text(encoding="utf-8")
    assert plan.kind == "multi-year"
    assert [i.no for i in plan.items] == list(range(1, 23))
    assert [s.no for s in plan.sections] == [2, 3, 4, 5, 6, 7]
    for section in plan.sections:
        assert f"\n{to_chinese_number(section.no)}、{section.title}\n" in source
    for item in plan.items:
        paragraph = f"({to_chinese_number(item.no)}){item.title}。{item.text}{item.responsibility}\n"
        assert paragraph in source, item.no
    document = plan.document
    assert (document.date, document.date_inferred, document.number) == (dt.date(2023, 7, 7), False, None)
    assert document.title == source.strip().splitlines()[-1]
    # The 18 issuing units, as the signature block lists them (two to a line).
    issuers = document.issuer.split("、")
    assert len(issuers) == 18
    signature = source[:source.index("2023年7月7日")]
    assert "".join(issuers) == "".join(signature[signature.index("上海市市场监督管理局"):].split())


def test_the_action_plans_roles_match_its_brackets() -> None:
    plan = Workspace(SHIPPED_PLANS).plan("2023-2025")
    for item in plan.items:
        bracket = item.responsibility or ""
        listed = bracket.strip("()").split("等")[0].split("、")
        names = [item.written.get(name, name) for name in [*item.lead, *item.support]]
        assert names == listed, item.no  # every unit, in the document's order, the first leading
        assert not item.lead_stated and item.open_ended, item.no
        assert "各区人民政府" not in item.units


def test_the_action_plans_note_is_written_once_for_every_task() -> None:
    plan = Workspace(SHIPPED_PLANS).plan("2023-2025")
    (wide,) = plan.plan_wide
    assert (wide.unit, wide.role, wide.from_item) == ("各区人民政府", "support", 1)
    first = plan.items[0]
    assert first.responsibility is not None and wide.note in first.responsibility
    assert "各区人民政府负责落实" in first.responsibility
    assert (first.lead, first.support) == (["市农业农村委"], ["市市场监管局", "上海海关", "市知识产权局"])
    assert [item.no for item in plan.items if plan.wide_roles(item)] == list(range(1, 23))


def test_the_implementation_plan_is_transcribed_verbatim() -> None:
    """The 实施方案: items （一）…（三十三） with titles on their own lines and several paragraphs
    each, no responsible units at all, and no date in the text."""
    plan = Workspace(SHIPPED_PLANS).plan("2018-实施方案")
    source = IMPLEMENTATION.read_text(encoding="utf-8")
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    assert plan.kind == "multi-year" and plan.no_units
    assert [i.no for i in plan.items] == list(range(1, 34))
    assert [s.no for s in plan.sections] == [1, 2, 3, 4, 5, 6]
    for section in plan.sections:
        assert f"{to_chinese_number(section.no)}、{section.title}" in lines
    for item in plan.items:
        start = lines.index(f"（{to_chinese_number(item.no)}）{item.title}。")
        paragraphs = item.text.split("\n")
        assert lines[start + 1:start + 1 + len(paragraphs)] == paragraphs, item.no
        # The whole body: what follows is the next item, the next section or the closing words.
        following = lines[start + 1 + len(paragraphs)]
        assert re.match(r"（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|各区、各部门", following), item.no
        assert (item.lead, item.support, item.responsibility) == ([], [], None)
    # The closing words belong to no item.
    assert lines[-1].startswith("各区、各部门、各单位要根据本实施方案")
    assert all(lines[-1] not in item.text for item in plan.items)


def test_the_implementation_plans_date_is_inferred_not_stated() -> None:
    """The text carries no date: the year is recorded as inferred, with what supports it, and
    no output presents a month or a day."""
    document = Workspace(SHIPPED_PLANS).plan("2018-实施方案").document
    assert not re.search(r"(19|20)\d\d年\d{1,2}月\d{1,2}日", IMPLEMENTATION.read_text(encoding="utf-8"))
    assert (document.year_only, document.date_inferred, document.date_text, document.date_iso) == (
        True, True, "2018年", "2018")
    assert document.date_basis is not None
    assert "党的十九大" in document.date_basis and "到2020年" in document.date_basis


def test_the_project_lists_date_is_its_year_alone(run: Callable[..., Result], tmp_path: Path) -> None:
    """沪市监质发〔2024〕233号 carries no date: its year comes from the 文号, and no output
    presents a month or a day the document never gave."""
    source = (SOURCES / "004_ee20d0c499cb3e4a.txt").read_text(encoding="utf-8")
    assert not re.search(r"(19|20)\d\d年\d{1,2}月\d{1,2}日", source)
    document = Workspace(SHIPPED_PLANS).plan("2024-chains").document
    assert (document.year_only, document.date_inferred, document.date_text, document.date_iso) == (
        True, True, "2024年", "2024")
    assert document.date_basis is not None
    assert "沪市监质发〔2024〕233号" in document.date_basis and "2024年4—5月" in document.date_basis
    path = tmp_path / "chains.xlsx"
    assert run("export", "2024-chains", "-o", str(path), plans=SHIPPED_PLANS).exit_code == 0
    shown = [run("plans", plans=SHIPPED_PLANS).stdout, run("show", "2024-chains", plans=SHIPPED_PLANS).stdout,
             workbook_text(path)]
    for text in shown:
        assert "2024年（推定）" in text
        assert "2024-01-01" not in text and "1月1日" not in text


def test_five_plans_of_three_kinds(run: Callable[..., Result]) -> None:
    data = json.loads(run("plans", "--format", "json", plans=SHIPPED_PLANS).stdout)
    assert [(d["plan"], d["kind"], d["date"], d["date_inferred"]) for d in data] == [
        ("2025", "plan", "2025-04-01", False), ("2024-chains", "projects", "2024", True),
        ("2023-2025", "multi-year", "2023-07-07", False), ("2022", "plan", "2022-05-08", False),
        ("2018-实施方案", "multi-year", "2018", True)]
    table = run("plans", plans=SHIPPED_PLANS).stdout
    assert "2018年（推定）" in table and "多年行动方案" in table
    assert "2018-01-01" not in table
