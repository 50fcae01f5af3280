"""Plans that are tables: the 2024 project list (序号, 链长单位, 项目名称, ★) and a division
of work (序号, 重点任务, 牵头单位, 配合单位, 完成时限), in text and in Word."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from qplan.importer import import_document
from qplan.importer.blocks import Table
from qplan.importer.tables import read_table_plan
from qplan.model import Deadline

SOURCES = Path(__file__).parent / "fixtures" / "sources"
S2024 = SOURCES / "004_ee20d0c499cb3e4a.txt"


def test_the_2024_project_list() -> None:
    result = import_document(S2024)
    plan = result.plan
    assert (plan.kind, plan.numbering, plan.title, plan.part) == (
        "projects", "arabic", "上海市产业链供应链质量联动提升项目名单", "附件表格")
    assert (plan.document.number, plan.document.issuer, plan.document.date) == (
        "沪市监质发〔2024〕233号", "上海市市场监督管理局", dt.date(2024, 1, 1))
    # No date in the text: the year of the 文号, inferred, and nothing more.
    assert (plan.document.year_only, plan.document.date_inferred) == (True, True)
    assert plan.sections == []
    assert [i.no for i in plan.items] == list(range(1, 29))
    assert [i.no for i in plan.items if i.key] == [1, 2, 3, 4]
    assert all(i.lead_stated and i.support == [] and i.how == "stated" for i in plan.items)
    first, second, third = plan.items[:3]
    assert (first.title, first.lead, first.acting) == (
        "空间新能源产业链质量提升", ["闵行区质量和标准化工作领导小组"],
        {"闵行区质量和标准化工作领导小组": "闵行区市场监管局"})
    assert first.responsibility == "链长单位：闵行区质量和标准化工作领导小组（闵行区市场监管局）"
    assert second.acting == {"普陀区质量工作领导小组": "普陀区市场监管局"}
    assert (third.title, third.lead, third.acting) == ("“国和一号”核电产业链质量提升", ["徐汇区市场监管局"], {})
    assert plan.items[27].title == "海洋装备产业链质量提升" and plan.items[27].lead == ["崇明区市场监管局"]
    assert (result.skipped[0].what, result.skipped[0].why) == (
        "正文中的 5 个编号段落", "没有责任单位，是通知正文，不是计划条目；计划取自表格")
    assert "图例“标注★的为重点项目”：带 ★ 的项目记为 key: true（重点项目）" in result.remarks


def test_the_project_list_from_word(tmp_path: Path) -> None:
    original = import_document(S2024).plan
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph("上海市产业链供应链质量联动提升项目名单")
    table = document.add_table(rows=0, cols=3)
    for values in [["序号", "链长单位", "产业链供应链质量联动提升项目名称"]] + [
            [f"{i.no}{'★' if i.key else ''}", i.responsibility.split("：", 1)[1] if i.responsibility else "", i.title]
            for i in original.items]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.add_paragraph("标注★的为重点项目")
    document.add_paragraph("上海市市场监督管理局")
    document.add_paragraph("2024年4月3日")
    path = tmp_path / "名单.docx"
    document.save(str(path))
    plan = import_document(path).plan
    assert [(i.no, i.title, i.lead, i.key, i.acting) for i in plan.items] == [
        (i.no, i.title, i.lead, i.key, i.acting) for i in original.items]
    assert (plan.kind, plan.document.date, plan.document.issuer) == (
        "projects", dt.date(2024, 4, 3), "上海市市场监督管理局")


def test_a_division_of_work_table() -> None:
    result = import_document(SOURCES / "synthetic_yunxi_table.txt")
    plan = result.plan
    assert (plan.kind, plan.numbering, plan.title) == ("plan", "arabic", "2026年云溪市质量工作重点任务分工表")
    assert [(s.no, s.title) for s in plan.sections] == [(1, "夯实质量基础"), (2, "提升重点领域质量")]
    assert [(i.no, i.section, i.title, i.lead, i.support, i.lead_stated, i.open_ended, i.how, i.text)
            for i in plan.items] == [
        (1, 1, "建设市级产业计量测试中心", ["市市场监管局"], ["市科技局", "市经信局"], True, False, "stated", ""),
        (2, 1, "开展质量基础设施“一站式”服务", ["市市场监管局", "市经信局"], ["各县（区）政府"], True, False, "stated",
         ""),
        (3, 2, "实施制造业质量攻关", ["市经信局"], ["市市场监管局"], True, True, "stated", ""),
        (4, 2, "提升养老服务质量", ["市民政局"], [], True, False, "stated", ""),
        (5, 2, "推进农产品“三品一标”建设", [], ["市农业农村局"], False, False, "no-lead", ""),
    ]
    # The 完成时限 column is each item's deadline, with the date read from it marked as inferred.
    assert [i.deadline for i in plan.items] == [
        Deadline("2026年12月底", dt.date(2026, 12, 31), True), Deadline("持续推进"),
        Deadline("2026年10月底", dt.date(2026, 10, 31), True), Deadline("2026年12月底", dt.date(2026, 12, 31), True),
        Deadline("2026年11月底", dt.date(2026, 11, 30), True)]
    assert plan.notes == ["各县（区）政府负责本地区任务落实，以下不再列出。"]
    assert plan.items[4].responsibility == "配合单位：市农业农村局"


def test_a_responsibility_column_lists_units_without_roles() -> None:
    table = Table([["编号", "工作内容", "责任单位"], ["1", "开展质量提升", "市教委、市卫健委"]], 1)
    plan = read_table_plan(table)
    assert plan is not None
    item = plan.items[0]
    assert (item.lead, item.support, item.lead_stated, item.how) == (["市教委"], ["市卫健委"], False, "first-listed")


def test_header_repeated_on_every_page_and_numbers_missing() -> None:
    header = ["序号", "项目名称", "牵头单位"]
    table = Table([header, ["", "项目甲", "市教委"], header, ["", "项目乙", "市科委"]], 1)
    plan = read_table_plan(table)
    assert plan is not None
    assert [(i.no, i.title, i.remarks) for i in plan.items] == [
        (1, "项目甲", ["序号缺失或无法识别，按表中顺序编号"]), (2, "项目乙", ["序号缺失或无法识别，按表中顺序编号"])]


def test_a_table_without_a_task_and_unit_header_is_not_a_plan() -> None:
    assert read_table_plan(Table([["签发人", "张三"], ["印发日期", "2026年1月1日"]], 1)) is None


def test_a_table_broken_by_a_page_in_word(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("2026年项目名单")
    first = document.add_table(rows=0, cols=3)
    for values in [["序号", "牵头单位", "项目名称"], ["1", "市教委", "项目甲"]]:
        for cell, value in zip(first.add_row().cells, values, strict=True):
            cell.text = value
    document.add_paragraph("- 2 -")
    second = document.add_table(rows=0, cols=3)
    for cell, value in zip(second.add_row().cells, ["2★", "市科委", "项目乙"], strict=True):
        cell.text = value
    document.add_paragraph("甲市教委")
    document.add_paragraph("2026年5月6日")
    path = tmp_path / "list.docx"
    document.save(str(path))
    plan = import_document(path).plan
    assert [(i.no, i.title, i.lead, i.key) for i in plan.items] == [
        (1, "项目甲", ["市教委"], False), (2, "项目乙", ["市科委"], True)]
    assert (plan.title, plan.kind, plan.document.date) == ("2026年项目名单", "projects", dt.date(2026, 5, 6))
