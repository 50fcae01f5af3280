"""Finding the plan in a document and reading it item by item, on documents in other styles
than the bundled ones: other cities, no 第X部分 headings, numbered 1．, hard-wrapped text,
Word files, titles on their own line, roles written every way DOMAIN.md lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import docx
import pytest

from qplan.importer import ImportResult, import_document
from qplan.importer.draft import DraftPlan
from qplan.model import Deadline

SOURCES = Path(__file__).parent / "fixtures" / "sources"
S2025 = SOURCES / "000_2471ba8324952689.txt"
S2022 = SOURCES / "001_add14eaf8bae3576.txt"


def rows(plan: DraftPlan) -> list[tuple[Any, ...]]:
    return [(i.no, i.section, i.title, i.lead, i.support, i.lead_stated, i.open_ended, i.how) for i in plan.items]


def read(tmp_path: Path, text: str, name: str = "plan.txt") -> ImportResult:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_document(path)


LINJIANG = [
    (1, 1, "完善质量政策体系", ["市市场监管局"], ["市发展改革委", "市经信局"], True, False, "stated"),
    (2, 1, "深化质量强区建设", ["市市场监管局"], ["市委组织部", "市统计局"], True, False, "stated"),
    (3, 1, "加强质量宣传", ["市委宣传部"], ["市市场监管局", "团市委"], False, True, "first-listed"),
    (4, 1, "壮大质量人才队伍", ["市人社局"], ["市市场监管局", "市教育局"], False, True, "first-listed"),
    (5, 1, "完善质量激励", ["市市场监管局", "市财政局"], [], True, False, "stated"),
    (6, 1, "推进标准化改革", ["市市场监管局"], [], False, False, "first-listed"),
    (7, 1, "开展质量状况调查", [], [], False, False, "none"),
    (8, 2, "提升服务质量", ["市卫健委"], ["市民政局"], False, False, "first-listed"),
    (9, 2, "推进质量数字赋能", ["市经信局"], ["市市场监管局"], True, False, "stated"),
    (10, 2, "强化重点产业链质量", ["市经信局"], ["市市场监管局", "市商务局"], True, False, "stated"),
    (11, 2, "提升消费品质量", ["市商务局"], ["市市场监管局"], False, False, "first-listed"),
    (12, 2, "提升工程质量", ["市建委"], ["市交通运输局", "市水利局"], False, False, "first-listed"),
    (13, 2, "提升农产品质量", ["市农业农村局"], [], False, False, "first-listed"),
    (14, 2, "提升旅游服务质量", ["市文化广电旅游局"], [], False, False, "first-listed"),
    (15, 2, "加强计量服务", ["市市场监管局"], ["市科技局"], False, False, "first-listed"),
    (16, 2, "推进认证提升", ["市市场监管局"], [], False, False, "first-listed"),
    (17, 2, "加强检验检测", ["市市场监管局"], ["市发展改革委"], False, False, "first-listed"),
    (18, 3, "加强产品质量监管", ["市市场监管局"], ["市公安局"], False, False, "first-listed"),
    (19, 3, "强化风险监测", ["市市场监管局"], ["临江海关"], False, False, "first-listed"),
    (20, 3, "打击侵权假冒", ["市市场监管局"], ["市公安局", "市中级法院"], False, False, "first-listed"),
    (21, 3, "加强特种设备安全", ["市市场监管局"], ["市住建局"], False, False, "first-listed"),
]


def test_another_citys_plan_item_by_item() -> None:
    result = import_document(SOURCES / "synthetic_linjiang_2026.txt")
    plan = result.plan
    assert rows(plan) == LINJIANG
    assert [(s.no, s.title) for s in plan.sections] == [(1, "强化质量发展统筹"), (2, "推动产业质量升级"),
                                                         (3, "守牢质量安全底线")]
    assert plan.title == "2026年临江市质量工作要点"
    document = plan.document
    assert (document.title, document.issuer, document.number, document.date, document.source) == (
        "2026年临江市质量工作要点", "临江市质量强市建设领导小组", "临质强〔2026〕2号", dt.date(2026, 3, 10),
        "synthetic_linjiang_2026.txt",
    )
    assert plan.notes == ["各区、县（市）人民政府负责本地区各项任务的组织实施，以下不再列出。"]


def test_title_on_its_own_line_and_a_body_of_two_paragraphs() -> None:
    item = import_document(SOURCES / "synthetic_linjiang_2026.txt").plan.items[0]
    assert item.title == "完善质量政策体系"
    assert item.text == "制定质量强市建设三年行动方案，明确阶段目标。\n开展质量政策实施效果评估，形成评估报告。"
    assert item.responsibility == "（牵头单位：市市场监管局；配合单位：市发展改革委、市经信局）"


def test_what_could_not_be_read_is_kept_and_reported() -> None:
    result = import_document(SOURCES / "synthetic_linjiang_2026.txt")
    dated, missing = result.plan.items[5], result.plan.items[6]
    # A deadline after the units is not a unit: it is the item's deadline, its date inferred.
    assert dated.responsibility == "（市市场监管局，2026年底前完成）"
    assert dated.text == "开展标准化综合改革试点。"
    assert dated.deadline == Deadline("2026年底前完成", dt.date(2026, 12, 31), True)
    assert missing.responsibility is None and missing.text == "开展制造业质量竞争力调查分析。"
    skipped = [(s.line, s.what, s.why) for s in result.skipped]
    assert (45, "四、保障措施（2 段）", "整个部分没有责任单位，是总体要求或保障措施，不是任务条目") in skipped
    assert (49, "抄送：各区市场监管局。", "文末信息（落款日期、抄送、印发、附件说明等）") in skipped
    assert (17, "2026年是“十五五”开局之年。",
            "导语或说明文字，不是条目（其中适用于全部条目的一句已记入 notes）") in skipped


def test_summary_then_plan_without_part_headings_numbered_1_2() -> None:
    result = import_document(SOURCES / "synthetic_pujiang_gb18030.txt")
    plan = result.plan
    assert result.source.encoding == "GB18030"
    assert plan.numbering == "arabic"
    assert plan.title == "2026年质量工作要点"
    assert plan.document.title == "浦江区2025年质量工作总结和2026年质量工作要点"
    assert plan.document.issuer == "浦江区质量工作领导小组办公室"
    assert plan.document.date == dt.date(2026, 2, 20)
    assert rows(plan) == [
        (1, 1, "完善区级质量工作机制", ["区市场监管局"], ["区委组织部"], False, False, "first-listed"),
        (2, 1, "落实质量工作考核", ["区市场监管局"], ["区委组织部", "区统计局"], True, True, "stated"),
        (3, 2, "推进质量强链", ["区经委"], ["区市场监管局"], False, False, "first-listed"),
        (4, 2, "提升服务质量", ["区民政局"], ["区卫健委"], False, False, "first-listed"),
    ]
    assert plan.items[2].text == ("聚焦生物医药、智能制造2条产业链开展质量联动提升。\n1）梳理产业链质量问题清单；\n"
                                  "2）组织链上企业开展质量攻关。")
    assert plan.items[0].responsibility == "责任单位：区市场监管局、区委组织部"
    first = result.skipped[0]
    assert (first.what, first.why) == ("“2025年质量工作总结”的 3 个编号段落", "没有责任单位，是总结或说明，不是计划")
    assert [(s.what, s.why) for s in result.skipped[1:]] == [
        ("浦江区质量工作领导小组办公室", "落款"), ("2026年2月20日", "文末信息（落款日期、抄送、印发、附件说明等）"),
    ]


def wrap(text: str, width: int) -> str:
    """Cut every line at `width` characters and put a page number every 40 lines, as text
    copied out of a PDF looks."""
    out: list[str] = []
    for line in text.split("\n"):
        for start in range(0, max(len(line), 1), width):
            out.append(line[start:start + width])
            if len(out) % 40 == 0:
                out += ["", f"- {len(out) // 40} -", ""]
    return "\n".join(out)


def same_items(a: DraftPlan, b: DraftPlan) -> None:
    assert (a.title, a.document.title, a.document.issuer, a.document.date, a.document.number) == (
        b.title, b.document.title, b.document.issuer, b.document.date, b.document.number)
    assert [(s.no, s.title) for s in a.sections] == [(s.no, s.title) for s in b.sections]
    assert [(i.no, i.title, i.text, i.lead, i.support, i.responsibility) for i in a.items] == [
        (i.no, i.title, i.text, i.lead, i.support, i.responsibility) for i in b.items]


@pytest.mark.parametrize("width", [22, 28, 33, 40])
@pytest.mark.parametrize("source", [S2025, S2022], ids=["2025", "2022"])
def test_hard_wrapped_text_with_page_numbers(tmp_path: Path, source: Path, width: int) -> None:
    original = import_document(source)
    wrapped = read(tmp_path, wrap(source.read_text(encoding="utf-8"), width))
    same_items(wrapped.plan, original.plan)
    assert any(r.startswith("已略去页码行") for r in wrapped.remarks)


@pytest.mark.parametrize("source", [S2025, S2022], ids=["2025", "2022"])
def test_docx_saved_from_the_text(tmp_path: Path, source: Path) -> None:
    document = docx.Document()
    for line in source.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "saved.docx"
    document.save(str(path))
    result = import_document(path)
    same_items(result.plan, import_document(source).plan)
    assert result.plan.document.source == "saved.docx（第二部分）"
    assert result.source.place == "段"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_other_encodings_of_the_2025_source(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "000.txt"
    path.write_bytes(S2025.read_text(encoding="utf-8").encode(encoding))
    same_items(import_document(path).plan, import_document(S2025).plan)


def test_half_width_brackets_throughout(tmp_path: Path) -> None:
    text = S2022.read_text(encoding="utf-8").replace("（", "(").replace("）", ")")
    plan = read(tmp_path, text).plan
    assert len(plan.items) == 18
    assert plan.items[2].lead == ["市市场监管局", "市委组织部"] and plan.items[2].lead_stated
    assert plan.items[17].responsibility == "(牵头单位：市质量工作领导小组成员单位、各区质量工作领导小组)"


def test_items_at_the_top_level_without_sections(tmp_path: Path) -> None:
    text = ("2026年东城区标准化工作要点\n\n一、实施标准化战略。制定标准化发展规划。（区市场监管局、区发展改革委）\n"
            "二、培育团体标准。支持社会团体制定标准。（区民政局）\n三、开展标准宣传。\n")
    plan = read(tmp_path, text).plan
    assert plan.sections == []
    assert rows(plan) == [
        (1, None, "实施标准化战略", ["区市场监管局"], ["区发展改革委"], False, False, "first-listed"),
        (2, None, "培育团体标准", ["区民政局"], [], False, False, "first-listed"),
        (3, None, "开展标准宣传", [], [], False, False, "none"),
    ]
    assert plan.numbering == "chinese"


def test_numbering_restarting_in_each_section_is_made_continuous(tmp_path: Path) -> None:
    text = ("2026年计划\n一、甲\n（一）任务一。内容。（市教委）\n（二）任务二。内容。（市教委）\n"
            "二、乙\n（一）任务三。内容。（市科委）\n")
    result = read(tmp_path, text)
    assert [(i.no, i.section, i.title) for i in result.plan.items] == [
        (1, 1, "任务一"), (2, 1, "任务二"), (3, 2, "任务三")]
    assert "原文各部分分别从（一）编号，已按全文顺序连续编号。" in result.remarks
    assert result.plan.items[2].remarks == ["原文编号（一），按全文顺序改记为第 3 项"]


def test_numbers_past_ten(tmp_path: Path) -> None:
    body = "".join(f"（{n}）任务{i}。内容。（市教委）\n" for i, n in enumerate(
        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
         "十七", "十八", "十九", "二十", "二十一"], start=1))
    plan = read(tmp_path, "2026年计划\n一、全部\n" + body).plan
    assert [i.no for i in plan.items] == list(range(1, 22))
    assert plan.items[20].label == "（二十一）"


def test_item_one_thousand_is_not_merged_into_item_999(tmp_path: Path) -> None:
    body = "".join(f"（{n}）任务{n}。内容。（市教委）\n" for n in ["九百九十八", "九百九十九", "一千", "一千零一"])
    plan = read(tmp_path, "2026年计划\n一、全部\n" + body).plan
    assert [(i.no, i.label, i.title, i.text) for i in plan.items] == [
        (998, "（九百九十八）", "任务九百九十八", "内容。"), (999, "（九百九十九）", "任务九百九十九", "内容。"),
        (1000, "（一千）", "任务一千", "内容。"), (1001, "（一千零一）", "任务一千零一", "内容。")]


def test_a_note_inside_the_plan_part(tmp_path: Path) -> None:
    text = ("第二部分　2026年要点\n\n注：市质量工作领导小组各成员单位均为各项任务的配合单位，以下不再列出。\n"
            "一、甲\n（一）任务。内容。（市教委）\n")
    plan = read(tmp_path, text).plan
    assert plan.notes == ["市质量工作领导小组各成员单位均为各项任务的配合单位，以下不再列出。"]


def test_a_document_without_a_date_gets_the_year_of_its_number(tmp_path: Path) -> None:
    result = read(tmp_path, "某某局文件\n\n某质发〔2023〕7号\n\n2023年要点\n一、甲\n（一）任务。内容。（市教委）\n")
    document = result.plan.document
    assert (document.issuer, document.number, document.date) == ("某某局", "某质发〔2023〕7号", dt.date(2023, 1, 1))
    assert document.date_note is not None and "推定" in document.date_note


def test_no_date_and_no_year_asks_for_one(tmp_path: Path) -> None:
    from qplan.importer.errors import SourceError

    with pytest.raises(SourceError, match="请用 --date 指定日期"):
        read(tmp_path, "工作要点\n一、甲\n（一）任务。内容。（市教委）\n")


def test_a_signature_with_a_chinese_date(tmp_path: Path) -> None:
    text = "2026年要点\n一、甲\n（一）任务。内容。（市教委）\n\n甲市质量办\n二〇二六年十二月三十一日\n"
    result = read(tmp_path, text)
    assert (result.plan.document.issuer, result.plan.document.date) == ("甲市质量办", dt.date(2026, 12, 31))
    assert result.plan.items[0].text == "内容。"


def test_odd_layouts_of_one_plan(tmp_path: Path) -> None:
    """第二部分 and its title on two lines, a number alone on its line, a bracket on a line of
    its own, a note in brackets in the preamble."""
    text = (
        "第一部分　2025年总结\n一、回顾\n（一）做了甲。成效明显。\n（二）做了乙。成效明显。\n"
        "第二部分\n2026年工作要点\n（各区人民政府负责本区各项任务的落实，以下不再列出）\n"
        "一、部分一\n（一）\n任务甲\n内容甲。\n（市教委、市科委）\n"
        "（二）任务乙。内容乙。\n（牵头单位：市科委）\n"
        "二、部分二\n（三）任务丙：内容丙。（市卫健委等）\n\n市政府办公厅\n2026年3月1日\n"
    )
    result = read(tmp_path, text)
    plan = result.plan
    assert (plan.title, plan.part, plan.document.source) == ("2026年工作要点", "第二部分", "plan.txt（第二部分）")
    assert plan.notes == ["各区人民政府负责本区各项任务的落实，以下不再列出。"]
    assert rows(plan) == [
        (1, 1, "任务甲", ["市教委"], ["市科委"], False, False, "first-listed"),
        (2, 1, "任务乙", ["市科委"], [], True, False, "stated"),
        (3, 2, "任务丙", ["市卫健委"], [], False, True, "first-listed"),
    ]
    assert [i.text for i in plan.items] == ["内容甲。", "内容乙。", "内容丙。"]
    assert (plan.document.issuer, plan.document.date) == ("市政府办公厅", dt.date(2026, 3, 1))
    assert result.skipped[0].what == "第一部分“2025年总结”的 2 个编号段落"


def test_a_summary_with_units_is_still_not_the_plan(tmp_path: Path) -> None:
    text = ("第一部分　2025年工作总结\n一、回顾\n（一）做了甲。（市教委）\n（二）做了乙。（市教委）\n"
            "（三）做了丙。（市教委）\n"
            "第二部分　2026年工作要点\n一、部分\n（一）任务。内容。（市科委）\n")
    plan = read(tmp_path, text).plan
    assert (plan.title, [i.title for i in plan.items]) == ("2026年工作要点", ["任务"])


def test_text_after_the_last_items_units_is_not_part_of_it(tmp_path: Path) -> None:
    text = ("2026年要点\n一、部分\n（一）任务甲（市教委）\n内容甲。\n（二）任务乙。内容乙。（市科委）\n"
            "各单位要结合实际抓好落实。\n")
    result = read(tmp_path, text)
    assert [(i.title, i.text, i.lead) for i in result.plan.items] == [
        ("任务甲", "内容甲。", ["市教委"]), ("任务乙", "内容乙。", ["市科委"])]
    assert [(s.line, s.what, s.why) for s in result.skipped] == [
        (6, "各单位要结合实际抓好落实。", "在（二）的责任单位之后，不属于该条目")]
