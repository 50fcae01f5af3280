"""The importer on division-of-work documents of other governments, each written for these
tests in a style such documents use: a province's 责任单位 notice whose tasks are the 1． 2．
paragraphs under each （一）, each followed by a line of units; a province's 分工方案 whose
first bracket declares 列第一位者为牵头部门，下同 and whose sections state an overall lead; a
city's task breakdown attached to its notice, numbered on across six parts; parts that
restart their numbering; three numbering levels; and plans whose sections are 第X部分."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qplan.importer import import_document
from qplan.importer.draft import DraftPlan
from qplan.model import Deadline, PlanWide
from tests.test_import_structure import read, rows, same_items
from tests.test_import_unseen import saved_as_docx

SOURCES = Path(__file__).parent / "fixtures" / "sources"
ZHONGYUAN = SOURCES / "synthetic_zhongyuan_food_safety_2013.txt"
HUAIYANG = SOURCES / "synthetic_huaiyang_energy_2014.txt"
BEIHAI = SOURCES / "synthetic_beihai_city_2012.txt"
S2023 = SOURCES / "002_2846d98c788c2df9.txt"


def read_in(plan: DraftPlan) -> list[str | None]:
    return [item.found_in for item in plan.items]


ZHONGYUAN_ROWS = [
    (1, 1, "深化农产品质量安全整治", ["省农业厅"], ["省卫生厅", "省质监局", "省食品药品监管局", "省政府食安办"],
     False, False, "first-listed"),
    (2, 1, "深化食品生产加工环节整治", ["省质监局"], ["省工商局"], False, False, "first-listed"),
    (3, 1, "深化餐饮服务环节整治", ["省食品药品监管局"], ["省教育厅", "省旅游局"], False, False, "first-listed"),
    (4, 2, "加强检验检测能力建设", ["省质监局"], ["省发展改革委", "省财政厅", "省卫生厅"], True, False, "stated"),
    (5, 2, "加强基层监管队伍建设", ["省编办"], ["省政府食安办"], False, False, "first-listed"),
    (6, 3, "加大案件查处力度", ["省公安厅"], ["省农业厅", "省质监局", "省工商局", "省食品药品监管局"], False, False,
     "first-listed"),
    (7, 3, "完善行政执法与刑事司法衔接机制", ["省公安厅"], ["省人民检察院", "省高级人民法院"], False, False,
     "first-listed"),
    (8, 4, "建立食品生产经营者信用档案", ["省商务厅"], ["省工商局", "省质监局", "省食品药品监管局"], True, False,
     "stated"),
    (9, 4, "开展食品安全宣传周活动", ["省政府食安办"], ["省委宣传部", "省卫生厅"], False, True, "first-listed"),
]


def test_a_provinces_notice_with_units_on_a_line_after_each_task() -> None:
    """（一） are sections; the tasks are the 1． paragraphs, each followed by
    `省农业厅、卫生厅、质监局…负责落实。` (the 省 written once for the whole list)."""
    result = import_document(ZHONGYUAN)
    plan = result.plan
    assert rows(plan) == ZHONGYUAN_ROWS
    assert [s.title for s in plan.sections] == ["深入开展食品安全专项整治", "加强食品安全监管能力建设",
                                                "严厉打击食品安全违法犯罪", "推进食品安全诚信体系建设"]
    assert read_in(plan) == ["line"] * 9
    assert plan.items[0].text == "严格农业投入品生产经营管理，开展蔬菜水果农药残留专项治理。"
    assert plan.items[0].responsibility == "省农业厅、卫生厅、质监局、食品药品监管局、省政府食安办负责落实。"
    # The prefix carried through a list is a reading, and the person is told.
    assert plan.items[0].guesses == [
        "单位名称按同一列表中写出的前缀补全：卫生厅 → 省卫生厅、质监局 → 省质监局、食品药品监管局 → 省食品药品监管局"]
    assert plan.items[4].guesses == []
    assert plan.notes == ["各省辖市、省直管试点县(市)人民政府负责本地区各项工作的组织落实，以下不再列出。"]
    document = plan.document
    assert (plan.title, document.issuer, document.number, document.date) == (
        "2013年全省食品安全重点工作责任分工", "中原省人民政府食品安全委员会办公室", "中食安办〔2013〕9号",
        dt.date(2013, 4, 12))


HUAIYANG_ROWS = [
    (1, 1, "控制煤炭消费总量", ["省发改委"], ["省统计局"], True, False, "declared"),
    (2, 1, "加快清洁能源替代利用", ["省发改委"], ["省住房城乡建设厅", "省国土资源厅"], True, False, "declared"),
    (3, 1, "推进煤炭清洁利用", ["省发改委"], ["省环保厅", "省质监局"], True, False, "declared"),
    (4, 2, "全面整治燃煤小锅炉", ["省环保厅"], ["省质监局", "省住房城乡建设厅", "各省辖市、省直管试点县（市）人民政府"],
     True, False, "declared"),
    (5, 2, "加快重点行业脱硫脱硝除尘改造", ["省环保厅"], ["省发改委", "省工业和信息化厅"], True, True, "declared"),
    (6, 3, "综合整治城市扬尘", ["省住房城乡建设厅"], ["省环保厅", "省交通运输厅"], True, False, "declared"),
    (7, 3, "开展餐饮油烟污染治理", ["省环保厅"], ["省工商局", "各省辖市人民政府"], True, False, "declared"),
    (8, 4, "完善地方法规", ["省政府法制办"], ["省环保厅"], True, False, "declared"),
]


def test_a_provinces_division_of_work_that_declares_its_convention() -> None:
    """(省发改委(省能源局)、省统计局。列第一位者为牵头部门,下同): the leads are stated by the
    document's declaration, from that item on; sections state an overall lead (总牵头)."""
    plan = import_document(HUAIYANG).plan
    assert rows(plan) == HUAIYANG_ROWS
    assert plan.lead_convention == "列第一位者为牵头部门,下同"
    assert all(item.lead_declared for item in plan.items)
    assert plan.items[0].acting == {"省发改委": "省能源局"}
    assert plan.items[0].responsibility == "(省发改委(省能源局)、省统计局。列第一位者为牵头部门,下同)"
    assert [(s.title, s.lead, s.responsibility) for s in plan.sections] == [
        ("加快调整能源结构", ["省发改委"], "(省发改委总牵头)"), ("强化工业污染治理", ["省环保厅"], "(省环保厅总牵头)"),
        ("深化面源污染治理", [], None), ("健全法规标准体系", [], None)]
    assert [s.roles.lead_stated for s in plan.sections[:2] if s.roles] == [True, True]
    assert plan.items[3].guesses == ["“各省辖市、省直管试点县（市）人民政府”按一个单位群组读入（不拆成几个单位）"]
    assert [i.deadline for i in plan.items if i.deadline] == [
        Deadline("2015年底前完成", dt.date(2015, 12, 31), True),
        Deadline("2014年12月底前", dt.date(2014, 12, 31), True)]


def test_a_declaration_inside_a_later_bracket_holds_from_there_on(tmp_path: Path) -> None:
    text = ("2026年要点\n一、甲\n1．任务一。内容。（省教育厅、省科技厅）\n"
            "2．任务二。内容。（省科技厅、省教育厅。列第一位者为牵头单位，下同）\n3．任务三。内容。（省财政厅、省教育厅）\n"
            "4．任务四。内容。（省财政厅、省科技厅。列第一位者为牵头单位）\n")
    plan = read(tmp_path, text).plan
    assert [(i.how, i.lead_stated, i.lead_declared) for i in plan.items] == [
        ("first-listed", False, False), ("declared", True, True), ("declared", True, True),
        ("declared", True, True)]
    assert plan.lead_convention == "列第一位者为牵头单位，下同"


def test_a_declaration_in_a_bracket_that_cannot_be_read_still_holds(tmp_path: Path) -> None:
    text = ("2026年要点\n一、甲\n1．任务一。内容。（教育部、待定。列第一位者为牵头单位，下同）\n"
            "2．任务二。内容。（科技部、教育部）\n")
    plan = read(tmp_path, text).plan
    assert [(i.how, i.lead) for i in plan.items] == [("unreadable", []), ("declared", ["科技部"])]
    assert plan.lead_convention == "列第一位者为牵头单位，下同"


def test_a_declaration_for_one_item_only(tmp_path: Path) -> None:
    text = ("2026年要点\n一、甲\n1．任务一。内容。（省教育厅、省科技厅）\n"
            "2．任务二。内容。（省科技厅、省教育厅。排在第一位的为牵头单位）\n3．任务三。内容。（省财政厅、省教育厅）\n")
    plan = read(tmp_path, text).plan
    assert [i.how for i in plan.items] == ["first-listed", "declared", "first-listed"]


def test_a_city_task_breakdown_attached_to_its_notice() -> None:
    """24 tasks numbered 1.–24. on across six parts; the notice declares 第一责任单位为牵头单位;
    its signature and date stand between the notice and the attachment."""
    result = import_document(BEIHAI)
    plan = result.plan
    assert len(plan.items) == 24 and [i.no for i in plan.items] == list(range(1, 25))
    assert [(s.no, s.title) for s in plan.sections] == [
        (1, "强化质量工作基础"), (2, "提升产品质量水平"), (3, "提升工程质量水平"), (4, "提升服务质量水平"),
        (5, "加强质量技术基础"), (6, "营造质量发展环境")]
    assert [len([i for i in plan.items if i.section == n]) for n in range(1, 7)] == [3, 4, 3, 4, 4, 6]
    assert plan.lead_convention == "各项任务的第一责任单位为牵头单位"
    assert {i.how for i in plan.items} == {"declared"}
    assert rows(plan)[21] == (22, 6, "严厉打击制售假冒伪劣产品违法行为", ["市工商局"], ["市公安局", "市质监局"],
                              True, True, "declared")
    assert rows(plan)[6] == (7, 2, "加强出口产品质量监管，培育出口质量安全示范区", ["北海出入境检验检疫局"], [], True,
                             False, "declared")
    assert (plan.document.issuer, plan.document.date, plan.document.date_note) == (
        "北海市人民政府", dt.date(2012, 3, 20), None)
    assert plan.title == "北海市2012年质量兴市工作任务分解"
    # The part's lead-in sentence is not an item, and is said so.
    assert [(s.line, s.what, s.why) for s in result.skipped] == [
        (9, "第 1 段编号内容的 3 个编号段落", "没有责任单位，是总结或说明，不是计划"),
        (25, "以提升主要产品质量为重点，推动企业落实质量主体责…", "导语或说明文字，不是条目")]


@pytest.mark.parametrize("source", [ZHONGYUAN, HUAIYANG, BEIHAI], ids=["zhongyuan", "huaiyang", "beihai"])
def test_the_same_documents_saved_as_word(tmp_path: Path, source: Path) -> None:
    same_items(import_document(saved_as_docx(source, tmp_path / "saved.docx")).plan, import_document(source).plan)


PARTS = ("西岭市2012年质量工作任务分解\n\n第一部分　质量基础\n1．建设计量测试中心。（市质监局、市科技局）\n"
         "2．推进标准化战略。（市质监局）\n第二部分　产品质量\n3．开展产品质量提升行动。（市经信委、市质监局）\n"
         "4．加强食品安全监管。（市食品药品监管局、市质监局、市工商局）\n第三部分　服务质量\n"
         "5．提升旅游服务质量。（市旅游局）\n\n西岭市人民政府\n2012年4月1日\n")


@pytest.mark.parametrize("restart", [False, True], ids=["numbered-on", "restarting"])
def test_tasks_under_part_headings_all_become_the_plan(tmp_path: Path, restart: bool) -> None:
    text = PARTS.replace("3．", "1．").replace("4．", "2．").replace("5．", "1．") if restart else PARTS
    result = read(tmp_path, text)
    plan = result.plan
    assert [(i.no, i.section, i.title, i.lead) for i in plan.items] == [
        (1, 1, "建设计量测试中心", ["市质监局"]), (2, 1, "推进标准化战略", ["市质监局"]),
        (3, 2, "开展产品质量提升行动", ["市经信委"]), (4, 2, "加强食品安全监管", ["市食品药品监管局"]),
        (5, 3, "提升旅游服务质量", ["市旅游局"])]
    assert [s.title for s in plan.sections] == ["质量基础", "产品质量", "服务质量"]
    assert (plan.title, plan.part) == ("西岭市2012年质量工作任务分解", None)
    assert "计划由 3 个部分组成，一并导入。" in result.remarks
    assert ("原文各部分分别从 1．编号，已按全文顺序连续编号。" in result.remarks) is restart
    if restart:
        assert plan.items[2].remarks == ["原文编号1．，按全文顺序改记为第 3 项"]


THREE_LEVELS = """东江市2026年质量强市建设重点任务分工

一、提升产业质量（市工信局总牵头）
（一）推动制造业质量提升
1．实施质量攻关。组织企业开展质量攻关30项。（市工信局、市科技局）
2．推广先进质量管理方法。（市市场监管局、市工信局）
（二）推动服务业质量提升
3．提升物流服务质量。（市交通运输局、市商务局）
4．提升养老服务质量。
二、夯实质量基础
（三）加强标准计量
5．推进标准化试点。（市市场监管局）
6．建设计量测试中心。（市市场监管局、市科技局，2026年12月底前）

东江市质量强市工作领导小组办公室
2026年2月1日
"""


def test_three_levels_with_tasks_at_the_third(tmp_path: Path) -> None:
    """一、 → （一） → 1．: the tasks are the 1． paragraphs, the （一） their sections under the
    一、 headings; an overall lead of 一、 holds for its sections, and a task without units of
    its own takes it, said as a guess."""
    result = read(tmp_path, THREE_LEVELS)
    plan = result.plan
    assert [(s.no, s.title, s.group, s.lead) for s in plan.sections] == [
        (1, "推动制造业质量提升", "提升产业质量", ["市工信局"]),
        (2, "推动服务业质量提升", "提升产业质量", ["市工信局"]),
        (3, "加强标准计量", "夯实质量基础", [])]
    assert [(i.no, i.section, i.title, i.lead, i.how, i.found_in, i.units_from) for i in plan.items] == [
        (1, 1, "实施质量攻关", ["市工信局"], "first-listed", "bracket", None),
        (2, 1, "推广先进质量管理方法", ["市市场监管局"], "first-listed", "bracket", None),
        (3, 2, "提升物流服务质量", ["市交通运输局"], "first-listed", "bracket", None),
        (4, 2, "提升养老服务质量", ["市工信局"], "stated", "section", "section"),
        (5, 3, "推进标准化试点", ["市市场监管局"], "first-listed", "bracket", None),
        (6, 3, "建设计量测试中心", ["市市场监管局"], "first-listed", "bracket", None)]
    assert plan.items[3].guesses == ["本项没有写责任单位，按上一级标题“提升产业质量”中的“（市工信局总牵头）”读入"]


def test_a_section_lead_fills_only_items_without_units(tmp_path: Path) -> None:
    text = ("2026年要点\n一、加快调整能源结构（牵头单位：省发改委；配合单位：省统计局）\n"
            "1．任务一。内容。（省能源局）\n2．任务二。内容。\n二、强化工业污染治理\n3．任务三。内容。（省环保厅）\n")
    plan = read(tmp_path, text).plan
    assert [(i.title, i.lead, i.support, i.how, i.units_from) for i in plan.items] == [
        ("任务一", ["省能源局"], [], "first-listed", None), ("任务二", ["省发改委"], ["省统计局"], "stated", "section"),
        ("任务三", ["省环保厅"], [], "first-listed", None)]
    assert plan.sections[0].title == "加快调整能源结构"


def test_the_action_plans_first_bracket_with_a_note_for_every_task() -> None:
    """002's item （一）: 市农业农村委…等部门及各区人民政府负责落实。以下均需各区人民政府落实,不再列出."""
    result = import_document(S2023)
    plan = result.plan
    first = plan.items[0]
    assert (first.lead, first.support, first.open_ended, first.how) == (
        ["市农业农村委"], ["市市场监管局", "上海海关", "市知识产权局"], True, "first-listed")
    # Written once, for this item and every later one: a plan-wide responsibility, not a note.
    assert plan.notes == []
    assert plan.plan_wide == [PlanWide("各区人民政府", "support", "以下均需各区人民政府落实,不再列出", from_item=1)]
    assert first.remarks == ["括注中的“以下均需各区人民政府落实,不再列出”适用于本项及以下全部 22 项：记为全文通用的责任"
                             "（plan_wide），“各区人民政府”配合这些条目，不在各条目中重复列出"]
    assert len(plan.items) == 22 and all(item.lead for item in plan.items)


def test_a_note_naming_no_unit_of_its_bracket_stays_a_note(tmp_path: Path) -> None:
    text = ("2026年要点\n一、甲\n1．任务一。内容。（省教育厅、省科技厅。以下各项均由各市负责落实，不再列出）\n"
            "2．任务二。内容。（省财政厅）\n")
    plan = read(tmp_path, text).plan
    assert plan.plan_wide == []
    assert plan.notes == ["以下各项均由各市负责落实，不再列出。"]


@pytest.mark.parametrize(("last", "lead", "found_in"), [
    pytest.param("省公安厅负责落实。", ["省公安厅"], "line", id="one-unit-with-a-duty"),
    pytest.param("省公安厅、省司法厅", ["省公安厅"], "line", id="a-bare-list"),
    pytest.param("省质监局牵头，省发展改革委配合。", ["省质监局"], "line", id="roles"),
    pytest.param("责任单位：省公安厅", ["省公安厅"], "line", id="labelled"),
    pytest.param("建设国家产业计量测试中心。", [], None, id="a-body-sentence-that-ends-like-a-unit"),
])
def test_units_on_a_line_of_their_own(tmp_path: Path, last: str, lead: list[str], found_in: str | None) -> None:
    text = f"2026年要点\n一、甲\n1．任务一。内容。\n{last}\n2．任务二。内容。（省教育厅）\n"
    item = read(tmp_path, text).plan.items[0]
    assert (item.lead, item.found_in) == (lead, found_in)
    if not lead:
        assert item.text == "内容。\n建设国家产业计量测试中心。"


@pytest.mark.parametrize("units", ["省公安厅、省司法厅负责落实。", "（省公安厅、省司法厅）",
                                   "责任单位：省公安厅、省司法厅"])
def test_a_deadline_on_the_last_line(tmp_path: Path, units: str) -> None:
    text = f"2026年要点\n一、甲\n1．任务一。内容。\n{units}\n完成时限：2026年6月底前\n2．任务二。内容。（省教育厅）\n"
    item = read(tmp_path, text).plan.items[0]
    assert (item.lead, item.support, item.text) == (["省公安厅"], ["省司法厅"], "内容。")
    assert item.deadline == Deadline("2026年6月底前", dt.date(2026, 6, 30), True)
