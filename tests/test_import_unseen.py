"""The importer on documents written the way other districts, provinces and years write
them: each expected plan below was worked out by hand from the document, item by item.

District plans (区市场监管局, 各街道办事处, 各镇人民政府), a provincial plan, full-width
digits, units on paragraphs of their own (责任单位：…, 牵头单位：… / 配合单位：…), sub-points
1． and （1） inside items, deadlines in the bracket, notes before and after the items, a
summary whose paragraphs also name units, a summary and a plan under 一、 and 二、, Word
files with automatic numbering, and 任务分工表 tables with merged cells and repeated headers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result
from docx.oxml import parse_xml

from qplan.importer import import_document
from qplan.model import Deadline
from tests.test_import_structure import rows, same_items

SOURCES = Path(__file__).parent / "fixtures" / "sources"
QINGHE = SOURCES / "synthetic_qinghe_district_2026.txt"
JIANGNAN = SOURCES / "synthetic_jiangnan_province_2026.txt"
SONGLIN = SOURCES / "synthetic_songlin_summary_units.txt"
HEXI = SOURCES / "synthetic_hexi_standards_2026.txt"
NANHU = SOURCES / "synthetic_nanhu_review_and_plan.txt"
END = "文末信息（落款日期、抄送、印发、附件说明等）"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

QINGHE_ROWS = [
    (1, 1, "完善质量工作机制", ["区市场监管局"], ["区委组织部", "区统计局"], True, False, "stated"),
    (2, 1, "深化质量强镇建设", ["区市场监管局"], ["各街道办事处", "各镇人民政府"], True, False, "stated"),
    (3, 1, "加强质量人才培养", ["区人社局"], ["区市场监管局", "区总工会"], True, False, "stated"),
    (4, 2, "推进制造业质量攻关", ["区经委"], ["区科委", "区市场监管局"], False, False, "first-listed"),
    (5, 2, "提升服务业质量", ["区民政局"], ["区卫健委", "区教育局"], True, False, "stated"),
    (6, 2, "提升建设工程质量", ["区建设管理委"], ["区房管局", "各街镇"], False, False, "first-listed"),
    (7, 3, "加强重点产品质量监管", ["区市场监管局"], ["区商务委", "区公安分局"], False, True, "first-listed"),
    (8, 3, "强化特种设备安全监管", ["区市场监管局"], ["区房管局", "各街道办事处", "各镇人民政府"], False, False,
     "first-listed"),
]


def test_a_district_plan_with_full_width_digits_and_units_on_their_own_lines() -> None:
    result = import_document(QINGHE)
    plan = result.plan
    assert rows(plan) == QINGHE_ROWS
    assert [(s.no, s.title) for s in plan.sections] == [(1, "健全质量工作体系"), (2, "推动产业质量提升"),
                                                         (3, "守牢质量安全底线")]
    document = plan.document
    assert (plan.title, document.title, document.issuer, document.number, document.date) == (
        "清河区2026年质量工作要点", "清河区2026年质量工作要点", "清河区质量强区工作领导小组办公室",
        "清质强办〔2026〕3号", dt.date(2026, 3, 10))
    # The note after the last item applies to every item; it is not the last item's text.
    assert plan.notes == ["以上各项任务，各街道办事处、各镇人民政府按照属地职责负责落实，不再一一列出。"]
    first, second, third, fourth = plan.items[:4]
    assert first.text.splitlines() == [
        "1．调整区质量强区工作领导小组组成人员，修订工作规则。", "2．建立领导小组成员单位季度例会制度。",
        "3．制定质量强区建设评价指标，开展年度评价。"]
    assert second.responsibility == "牵头单位：区市场监管局 配合单位：各街道办事处、各镇人民政府"
    assert third.text.splitlines() == ["推行首席质量官制度，全年培训首席质量官200名。", "组织开展质量管理小组活动。"]
    assert third.deadline == Deadline("2026年12月", dt.date(2026, 12, 31), True)
    assert fourth.text.splitlines() == [
        "1．聚焦集成电路、生物医药产业，组织重点企业开展质量技术攻关：", "（1）梳理产业链质量短板清单；",
        "（2）组织产学研联合攻关。", "2．推广先进质量管理方法，推动企业导入卓越绩效模式。",
        "3．培育区级质量标杆企业10家。"]
    assert [(s.line, s.why) for s in result.skipped] == [
        (12, "导语或说明文字，不是条目"), (44, "落款"), (45, END)]


def saved_as_docx(source: Path, target: Path, *, soft_breaks: bool = False) -> Path:
    """The text typed into Word one paragraph a line; with soft_breaks, an item's lines are
    kept in one paragraph with line breaks (Shift+Enter), as people often type them."""
    document = docx.Document()
    paragraph = None
    for line in source.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            paragraph = None
            continue
        if soft_breaks and paragraph is not None and not re.match(r"^[（(一二三四五六七八九十]", line):
            paragraph.add_run().add_break()
            paragraph.add_run(line)
            continue
        paragraph = document.add_paragraph(line)
    document.save(str(target))
    return target


@pytest.mark.parametrize("soft_breaks", [False, True], ids=["paragraphs", "line-breaks"])
def test_the_district_plan_saved_as_word(tmp_path: Path, soft_breaks: bool) -> None:
    result = import_document(saved_as_docx(QINGHE, tmp_path / "清河.docx", soft_breaks=soft_breaks))
    same_items(result.plan, import_document(QINGHE).plan)
    assert rows(result.plan) == QINGHE_ROWS
    assert result.plan.notes == import_document(QINGHE).plan.notes


JIANGNAN_ROWS = [
    (1, 1, "实施质量强省战略", ["省市场监管局"], ["省质量强省工作领导小组各成员单位"], True, False, "stated"),
    (2, 1, "完善质量考核评价", ["省委组织部"], ["省市场监管局", "省统计局"], False, False, "first-listed"),
    (3, 1, "健全质量政策体系", ["省市场监管局"], ["省财政厅", "省发展改革委"], True, False, "stated"),
    (4, 2, "开展质量技术攻关", ["省科技厅"], ["省工业和信息化厅", "省市场监管局"], False, True, "first-listed"),
    (5, 2, "推进制造业数字化质量管理", ["省工业和信息化厅"], ["省市场监管局", "省发展改革委"], True, False, "stated"),
    (6, 2, "提升工程建设质量", ["省住房城乡建设厅"], ["省交通运输厅", "省水利厅"], False, False, "first-listed"),
    (7, 2, "提升农产品质量安全水平", ["省农业农村厅"], ["省市场监管局"], False, False, "first-listed"),
    (8, 2, "提升消费品质量", ["省商务厅"], ["省市场监管局"], True, False, "stated"),
    (9, 2, "提升旅游服务质量", ["省文化和旅游厅"], ["省市场监管局"], False, False, "first-listed"),
    (10, 2, "提升公共服务质量", ["省卫生健康委"], ["省民政局", "省医保局"], False, False, "first-listed"),
    (11, 2, "加强质量品牌建设", ["省质量强省工作领导小组各成员单位"], [], False, False, "first-listed"),
    (12, 3, "加强计量能力建设", ["省市场监管局"], ["省科技厅"], False, False, "first-listed"),
    (13, 3, "推进标准化建设", ["省市场监管局"], ["省发展改革委", "省工业和信息化厅"], False, False, "first-listed"),
    (14, 3, "推进质量基础设施“一站式”服务", ["省市场监管局", "省知识产权局"], ["各设区市人民政府"], True, False,
     "stated"),
    (15, 4, "打击质量违法行为", ["省市场监管局"], ["省公安厅", "省高级人民法院", "省人民检察院"], False, False,
     "first-listed"),
    (16, 4, "加强安全生产领域质量监管", ["省应急厅"], ["省市场监管局", "省消防救援总队"], False, False, "first-listed"),
    (17, 4, "加强药品质量监管", ["省药监局"], ["省卫生健康委"], False, False, "first-listed"),
]


def test_a_provincial_plan() -> None:
    result = import_document(JIANGNAN)
    plan = result.plan
    assert rows(plan) == JIANGNAN_ROWS
    document = plan.document
    # 关于印发2026年全省质量工作要点的通知: a title without 《》 still names the plan.
    assert (plan.title, document.title, document.issuer, document.number, document.date) == (
        "2026年全省质量工作要点", "2026年全省质量工作要点", "江南省质量强省工作领导小组", "江质强〔2026〕1号",
        dt.date(2026, 2, 28))
    assert plan.notes == ["各设区市人民政府负责本行政区域内各项任务的落实，以下不再列出。"]
    assert [(s.line, s.what, s.why) for s in result.skipped if s.line and s.line > 38] == [
        (39, "五、加强组织保障", "这个部分没有编号条目（只有说明文字）"),
        (40, "各成员单位要加强协作，形成合力。省质量强省工作领…", "导语或说明文字，不是条目"),
        (42, "抄送：国家市场监督管理总局。", END),
        (43, "江南省质量强省工作领导小组办公室 2026年3月…", END),
    ]


def with_word_numbering(source: Path, target: Path) -> Path:
    """The plan typed in Word with automatic （一）（二）… numbering: the numbers are not in
    the paragraphs' text, only in numbering.xml."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for line in source.read_text(encoding="utf-8").split("\n"):
        number = re.match(r"^[（(][一二三四五六七八九十]+[）)]", line)
        if not line.strip():
            continue
        paragraph = document.add_paragraph(line[number.end():] if number else line)
        if number:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    document.save(str(target))
    return target


def test_the_provincial_plan_typed_with_word_numbering(tmp_path: Path) -> None:
    result = import_document(with_word_numbering(JIANGNAN, tmp_path / "要点.docx"))
    assert rows(result.plan) == JIANGNAN_ROWS
    assert result.plan.items[10].label == "（十一）"


def test_a_summary_whose_paragraphs_also_name_units() -> None:
    result = import_document(SONGLIN)
    plan = result.plan
    assert (plan.title, plan.part) == ("2026年质量工作要点", "“2026年质量工作要点”")
    assert rows(plan) == [
        (1, 1, "优化质量工作格局", ["区市场监管局"], ["区委组织部"], False, False, "first-listed"),
        (2, 1, "推进质量强链", ["区经委"], ["区市场监管局"], False, False, "first-listed"),
        (3, 2, "提升医疗养老服务质量", ["区卫健委"], ["区民政局"], False, False, "first-listed"),
        (4, 2, "提升教育服务质量", ["区教育局"], ["区市场监管局"], True, False, "stated"),
        (5, 2, "提升文旅服务质量", ["区文化旅游局"], ["区市场监管局"], False, False, "first-listed"),
    ]
    assert [(s.line, s.what, s.why) for s in result.skipped] == [
        (5, "“2025年质量工作总结”的 3 个编号段落", "是总结（虽然也括注了单位），不是计划"),
        (21, "松林区质量强区工作领导小组", "落款"), (22, "2026年1月20日", END),
    ]


def test_items_numbered_1_with_sub_points_and_brackets_that_cannot_be_read() -> None:
    result = import_document(HEXI)
    plan = result.plan
    assert plan.numbering == "arabic"
    assert plan.title == "河西区2026年标准化工作要点"  # not the bracketed note under it
    assert plan.notes == ["区各有关部门，各街镇、各园区按照职责分工落实以下各项任务，以下不再列出。"]
    assert rows(plan) == [
        (1, 1, "推进标准化综合改革", ["区市场监管局"], ["区科委", "区发展改革委"], True, False, "stated"),
        (2, 1, "培育先进标准", ["区市场监管局"], ["区经委"], True, False, "stated"),
        (3, 1, "加强团体标准建设", ["区民政局"], ["区市场监管局"], False, False, "first-listed"),
        (4, 2, "推进服务业标准化", ["区民政局"], ["区商务委", "区政务服务办"], False, False, "first-listed"),
        (5, 2, "加强农业标准化", ["区农业农村委"], [], False, False, "first-listed"),
        (6, 2, "开展标准实施评估", ["区市场监管局"], [], False, False, "first-listed"),
        (7, 2, "加强标准化人才培养", [], [], False, False, "unreadable"),
        (8, 2, "推进企业标准自我声明公开", [], [], False, False, "unreadable"),
    ]
    assert len(plan.items[0].text.splitlines()) == 5
    assert plan.items[2].text == "规范社会团体标准化活动，培育团体标准20项。"
    assert plan.items[5].text == "对地方标准开展实施效果评估。"
    assert plan.items[5].deadline == Deadline("2026年9月底前", dt.date(2026, 9, 30), True)
    assert [(i.responsibility, i.unread) for i in plan.items[6:]] == [
        ("（责任单位：待定）", ["待定"]), ("（区市场监管局、有关行业协会、重点企业）", ["重点企业"])]


def test_the_report_names_what_could_not_be_read(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("import", str(HEXI), "--id", "2026-hexi", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "牵头单位的读法：原文写明牵头 2 项；按列第一位推定牵头 4 项；责任单位无法识别 2 项。" in lines
    assert "  第 7 项 加强标准化人才培养 —— 责任单位无法识别：（责任单位：待定）" in lines
    # A district's plan in the city's folder: the district's own units are written with its name.
    assert "这是河西区的文件，单位登记表是上海市的：文件中的单位不会并入登记表中名称相同或相近的单位。" in lines
    assert [line for line in lines if line.startswith("  第 8 项 推进企业标准自我声明公开：")] == [
        "  第 8 项 推进企业标准自我声明公开：责任单位无法识别，原文“（区市场监管局、有关行业协会、重点企业）”"
        "（“重点企业”不是可识别的单位名称）"]
    assert ("  第 6 项 开展标准实施评估 —— 读自括注，按列第一位推定牵头：河西区市场监管局※；"
            "完成时限：2026年9月底前（推定为 2026-09-30）") in lines
    written = (shipped_plans / "2026-hexi.yaml").read_text(encoding="utf-8")
    assert written.count("# 待补：责任单位无法识别") == 2
    assert ("        deadline: 2026年9月底前\n        deadline_date: 2026-09-30  # 推定：按原文“2026年9月底前”读出\n"
            "        deadline_inferred: true\n") in written
    validate = run("validate", "2026-hexi", plans=shipped_plans)
    assert validate.exit_code == 1  # the two items without a lead are errors until a person fills them in


def test_a_summary_and_a_plan_under_one_and_two() -> None:
    """一、2025年工作总结 / 二、2026年工作安排, each with （一） sections and 1． items."""
    result = import_document(NANHU)
    plan = result.plan
    assert (plan.title, plan.part) == ("2026年质量工作安排", "“2026年质量工作安排”")
    assert [(s.no, s.title) for s in plan.sections] == [(1, "强化质量基础支撑"), (2, "提升产业质量水平")]
    assert rows(plan) == [
        (1, 1, "建设质量基础设施服务站", ["区市场监管局"], ["区科委"], False, False, "first-listed"),
        (2, 1, "推进计量惠民", ["区市场监管局"], [], False, False, "first-listed"),
        (3, 2, "实施质量技术攻关", ["区经委"], ["区市场监管局"], True, False, "stated"),
        (4, 2, "培育质量品牌", ["区市场监管局"], ["区经委", "区科委"], False, True, "first-listed"),
    ]
    assert [(s.line, s.what, s.why) for s in result.skipped] == [
        (4, "“2025年质量工作总结”的 2 个编号段落", "没有责任单位，是总结或说明，不是计划"),
        (17, "三、工作要求", "这一部分没有编号条目（只有说明文字），不是计划条目"),
        (18, "各单位要按照任务分工抓好落实，每季度末报送工作进…", "属于上面这一部分，未导入"),
        (20, "南湖区市场监督管理局", "落款"), (21, "2026年1月15日", END),
    ]


def fill(table: docx.table.Table, cells: list[list[str]]) -> None:
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


HEADER = ["序号", "重点任务", "主要内容", "牵头单位", "配合单位", "完成时限"]


def division_of_work(path: Path) -> Path:
    """A notice with a 任务分工表 attached: section rows merged across the table, the header
    repeated where a new page starts, a lead merged down two rows, units on lines of a cell."""
    document = docx.Document()
    for text in ["东湖区市场监督管理局", "东湖市监〔2026〕12号", "关于印发《东湖区2026年质量工作重点任务分工》的通知",
                 "各街道办事处、各镇人民政府，区各有关部门：", "现将《东湖区2026年质量工作重点任务分工》印发给你们。",
                 "一、提高思想认识。各单位要充分认识质量工作的重要意义。", "二、加强协同配合。牵头单位要主动对接。",
                 "东湖区市场监督管理局", "2026年3月10日", "附件", "东湖区2026年质量工作重点任务分工表"]:
        document.add_paragraph(text)
    cells = [
        HEADER, ["一、夯实质量基础"] * 6,
        ["1", "建设区级产业计量测试中心", "围绕生物医药产业建设计量测试服务平台。", "区市场监管局", "区科委\n区经委",
         "2026年12月"],
        ["2", "推进质量基础设施“一站式”服务", "建设“一站式”服务站点10个。", "区市场监管局",
         "各街道办事处、各镇人民政府", "持续推进"],
        HEADER, ["二、提升重点领域质量"] * 6,
        ["3", "实施制造业质量攻关", "组织重点企业开展质量技术攻关。", "区经委", "区市场监管局等部门", "2026年10月"],
        ["4", "提升养老服务质量", "开展养老机构服务质量评价。", "区民政局", "", "2026年12月"],
        ["5", "提升托育服务质量", "开展托育机构服务质量评估。", "区民政局", "区卫健委", "2026年12月"],
    ]
    table = document.add_table(rows=len(cells), cols=6)
    fill(table, cells)
    for row in (1, 5):
        table.cell(row, 0).merge(table.cell(row, 5)).text = cells[row][0]
    table.cell(7, 3).merge(table.cell(8, 3)).text = "区民政局"
    document.add_paragraph("注：各街道办事处、各镇人民政府负责本辖区各项任务的落实，表中不再列出。")
    document.save(str(path))
    return path


def test_a_division_of_work_table_in_word(tmp_path: Path) -> None:
    result = import_document(division_of_work(tmp_path / "分工.docx"))
    plan = result.plan
    assert (plan.title, plan.part, plan.numbering) == ("东湖区2026年质量工作重点任务分工表", "附件表格", "arabic")
    document = plan.document
    assert (document.title, document.issuer, document.number, document.date) == (
        "东湖区2026年质量工作重点任务分工", "东湖区市场监督管理局", "东湖市监〔2026〕12号", dt.date(2026, 3, 10))
    assert [(s.no, s.title) for s in plan.sections] == [(1, "夯实质量基础"), (2, "提升重点领域质量")]
    assert rows(plan) == [
        (1, 1, "建设区级产业计量测试中心", ["区市场监管局"], ["区科委", "区经委"], True, False, "stated"),
        (2, 1, "推进质量基础设施“一站式”服务", ["区市场监管局"], ["各街道办事处", "各镇人民政府"], True, False,
         "stated"),
        (3, 2, "实施制造业质量攻关", ["区经委"], ["区市场监管局"], True, True, "stated"),
        (4, 2, "提升养老服务质量", ["区民政局"], [], True, False, "stated"),
        (5, 2, "提升托育服务质量", ["区民政局"], ["区卫健委"], True, False, "stated"),
    ]
    assert plan.items[0].text == "围绕生物医药产业建设计量测试服务平台。"
    assert [i.deadline for i in plan.items] == [
        Deadline("2026年12月", dt.date(2026, 12, 31), True), Deadline("持续推进"),
        Deadline("2026年10月", dt.date(2026, 10, 31), True), Deadline("2026年12月", dt.date(2026, 12, 31), True),
        Deadline("2026年12月", dt.date(2026, 12, 31), True)]
    assert plan.notes == ["各街道办事处、各镇人民政府负责本辖区各项任务的落实，表中不再列出。"]
    assert [(s.what, s.why) for s in result.skipped] == [
        ("正文中的 2 个编号段落", "没有责任单位，是通知正文，不是计划条目；计划取自表格")]


def test_a_task_list_grouped_by_a_category_column_over_two_tables(tmp_path: Path) -> None:
    """类别 merged down the rows of each group; the table goes on after a page number without
    its header; a title row inside the table; ★ after a task's name."""
    document = docx.Document()
    document.add_paragraph("附件")
    header = ["类别", "序号", "任务名称", "具体内容", "责任单位", "完成时间"]
    first = document.add_table(rows=5, cols=6)
    fill(first, [
        ["西城区2026年质量提升重点任务清单"] * 6, header,
        ["质量基础", "1", "建设计量测试服务平台★", "建设区级计量测试服务平台。", "区市场监管局\n区科委", "2026年12月"],
        ["质量基础", "2", "推进标准化试点", "开展标准化试点项目3个。", "区市场监管局", "2026年10月"],
        ["产业质量", "3", "实施质量攻关", "组织企业质量攻关。", "区经委、区市场监管局等", "2026年12月"],
    ])
    first.cell(0, 0).merge(first.cell(0, 5)).text = "西城区2026年质量提升重点任务清单"
    first.cell(2, 0).merge(first.cell(3, 0)).text = "质量基础"
    document.add_paragraph("- 2 -")
    second = document.add_table(rows=2, cols=6)
    fill(second, [["产业质量", "4", "培育质量品牌", "推动企业创建品牌。", "区商务委", "2026年12月"],
                  ["民生质量", "5", "提升养老服务质量", "开展养老机构质量评价。", "区民政局", "持续推进"]])
    document.add_paragraph("注：★为年度重点任务。")
    path = tmp_path / "清单.docx"
    document.save(str(path))
    plan = import_document(path).plan
    assert [(s.no, s.title) for s in plan.sections] == [(1, "质量基础"), (2, "产业质量"), (3, "民生质量")]
    assert rows(plan) == [
        (1, 1, "建设计量测试服务平台", ["区市场监管局"], ["区科委"], False, False, "first-listed"),
        (2, 1, "推进标准化试点", ["区市场监管局"], [], False, False, "first-listed"),
        (3, 2, "实施质量攻关", ["区经委"], ["区市场监管局"], False, True, "first-listed"),
        (4, 2, "培育质量品牌", ["区商务委"], [], False, False, "first-listed"),
        (5, 3, "提升养老服务质量", ["区民政局"], [], False, False, "first-listed"),
    ]
    assert [i.key for i in plan.items] == [True, False, False, False, False]
    assert plan.items[4].text == "开展养老机构质量评价。"
    assert plan.items[4].deadline == Deadline("持续推进")
    assert plan.document.date == dt.date(2026, 1, 1) and plan.document.date_note is not None


@pytest.mark.parametrize(("line", "expected"), [
    pytest.param("２０２６年３月１０日", dt.date(2026, 3, 10), id="full-width"),
    pytest.param("二〇二六年三月十日", dt.date(2026, 3, 10), id="chinese"),
    pytest.param("二○二六年十二月三十一日", dt.date(2026, 12, 31), id="circle-zero"),
    pytest.param("2026年3月10日", dt.date(2026, 3, 10), id="arabic"),
])
def test_signature_dates_written_every_way(tmp_path: Path, line: str, expected: dt.date) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(f"北山区2026年质量工作要点\n一、甲\n（一）任务。内容。（区市场监管局）\n\n北山区市场监管局\n{line}\n",
                    encoding="utf-8")
    document = import_document(path).plan.document
    assert (document.issuer, document.date, document.date_note) == ("北山区市场监管局", expected, None)
