"""Word drafts whose numbers come from Word's automatic numbering (not typed): set on the
paragraph, through a paragraph style, through a list style, or a list started at another
number; and items whose units sit on their numbered sub-points."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import Result

from qplan.importer import import_document
from qplan.importer.source import read_source
from tests.test_import_structure import rows
from tests.word_docs import How, add_list, from_spec, number, restart_list

AUTO = """临海区2026年质量工作要点
#0 强化质量工作统筹
#1 完善质量工作机制。建立季度例会制度。（区市场监管局、区委组织部）
#1 开展质量工作考核。（牵头单位：区委组织部；配合单位：区市场监管局）
#0 提升民生服务质量
#1 提升公共服务质量。
#2 提升养老服务质量，开展养老机构评价。（区民政局）
#2 提升医疗服务质量，推进质控中心建设。（区卫生健康委）
#1 提升消费环境质量。开展放心消费创建。（区商务委、区市场监管局等）

临海区质量工作领导小组办公室
2026年2月10日
"""


@pytest.mark.parametrize("continuous", [False, True], ids=["restarting", "numbered-on"])
@pytest.mark.parametrize("how", ["paragraph", "style", "list-style"])
def test_a_plan_numbered_by_word_throughout(tmp_path: Path, how: How, continuous: bool) -> None:
    path = from_spec(AUTO, tmp_path / "要点.docx", how, continuous)
    texts = [block.text for block in read_source(path).blocks]
    assert texts[1:5] == [
        "一、强化质量工作统筹", "（一）完善质量工作机制。建立季度例会制度。（区市场监管局、区委组织部）",
        "（二）开展质量工作考核。（牵头单位：区委组织部；配合单位：区市场监管局）", "二、提升民生服务质量"]
    assert texts[6:8] == ["1．提升养老服务质量，开展养老机构评价。（区民政局）",
                          "2．提升医疗服务质量，推进质控中心建设。（区卫生健康委）"]
    plan = import_document(path).plan
    assert [(s.no, s.title) for s in plan.sections] == [(1, "强化质量工作统筹"), (2, "提升民生服务质量")]
    assert rows(plan) == [
        (1, 1, "完善质量工作机制", ["区市场监管局"], ["区委组织部"], False, False, "first-listed"),
        (2, 1, "开展质量工作考核", ["区委组织部"], ["区市场监管局"], True, False, "stated"),
        (3, 2, "提升公共服务质量", ["区民政局"], ["区卫生健康委"], False, False, "first-listed"),
        (4, 2, "提升消费环境质量", ["区商务委"], ["区市场监管局"], False, True, "first-listed"),
    ]
    # Word starts the items again under each heading unless the list says otherwise.
    labels = ["（一）", "（二）", "（三）", "（四）"] if continuous else ["（一）", "（二）", "（一）", "（二）"]
    assert [i.label for i in plan.items] == labels
    assert (plan.items[2].remarks == ["原文编号（一），按全文顺序改记为第 3 项"]) is not continuous


SUB_POINTS_GUESS = "本项没有写总的责任单位，取自分项 1、2 的括注，按出现顺序合并；牵头单位取第一个分项的第一个单位"


def word_draft(path: Path) -> Path:
    """A Shanghai-style draft typed in Word: items （一）（二） typed, （三） numbered by Word in a
    list set to start at 3, and （四）'s units written on its sub-points 1． 2．."""
    document = docx.Document()
    add_list(document, "paragraph")
    restart_list(document, 61, 60, 1, 3)
    for text in ["2026年上海市质量工作要点（征求意见稿）", "一、持续加强质量协同",
                 "（一）强化质量政策供给。组织开展中期评估。（市市场监管局、市发展改革委）",
                 "（二）深化质量强区建设。推进质量强区试点。（市市场监管局、各区人民政府）"]:
        document.add_paragraph(text)
    auto = document.add_paragraph("加强质量人才培养。实施首席质量官制度。（市人力资源社会保障局、市市场监管局）")
    number(document, auto, 1, num_id=61)
    for text in ["（四）提升民生服务质量。", "1．提升养老服务质量，开展养老机构服务质量评价。（市民政局）",
                 "2．提升医疗服务质量，推进医疗质量控制。（市卫生健康委）",
                 "（五）提升消费品质量。开展消费品质量提升行动。（市商务委、市市场监管局）",
                 "上海市质量工作领导小组", "2026年3月1日"]:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_a_word_draft_with_an_automatically_numbered_item_and_sub_points(tmp_path: Path) -> None:
    plan = import_document(word_draft(tmp_path / "征求意见稿.docx")).plan
    assert rows(plan) == [
        (1, 1, "强化质量政策供给", ["市市场监管局"], ["市发展改革委"], False, False, "first-listed"),
        (2, 1, "深化质量强区建设", ["市市场监管局"], ["各区人民政府"], False, False, "first-listed"),
        (3, 1, "加强质量人才培养", ["市人力资源社会保障局"], ["市市场监管局"], False, False, "first-listed"),
        (4, 1, "提升民生服务质量", ["市民政局"], ["市卫生健康委"], False, False, "first-listed"),
        (5, 1, "提升消费品质量", ["市商务委"], ["市市场监管局"], False, False, "first-listed"),
    ]
    fourth = plan.items[3]
    assert (fourth.units_from, fourth.found_in, fourth.responsibility) == (
        "sub-points", "sub-points", "1．（市民政局）；2．（市卫生健康委）")
    # The sub-points keep their brackets: they say whose each sub-point is.
    assert fourth.text == ("1．提升养老服务质量，开展养老机构服务质量评价。（市民政局）\n"
                           "2．提升医疗服务质量，推进医疗质量控制。（市卫生健康委）")
    assert fourth.guesses == [SUB_POINTS_GUESS]
    assert plan.items[2].text == "实施首席质量官制度。"


def test_the_report_on_the_draft_flags_what_was_guessed(run: Callable[..., Result], shipped_plans: Path,
                                                        tmp_path: Path) -> None:
    result = run("import", str(word_draft(tmp_path / "征求意见稿.docx")), "--id", "2026", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert "需要人工处理：无。" not in lines
    assert lines[lines.index("需要人工核对（1 项，以下读法是推断的，请对照原文）："):][1:2] == [
        f"  （四）提升民生服务质量：{SUB_POINTS_GUESS}"]
    assert ("  （四）提升民生服务质量 —— 读自各分项括注合并，按列第一位推定牵头：市民政局※；"
            "配合：市卫生健康委") in lines
    written = (shipped_plans / "2026.yaml").read_text(encoding="utf-8")
    assert "        units_from: sub-points\n" in written
    assert run("validate", "2026", plans=shipped_plans).exit_code == 0


def test_one_unit_list_on_the_last_sub_point_is_said_to_be_a_guess(tmp_path: Path) -> None:
    text = ("2026年要点\n一、甲\n（一）任务一。内容。（市教委）\n（二）任务二。\n1．分项甲。\n"
            "2．分项乙。（市科委、市教委）\n")
    item = read_text(tmp_path, text).plan.items[1]
    assert (item.lead, item.support, item.found_in) == (["市科委"], ["市教委"], "bracket")
    assert item.guesses == ["单位写在最后一个分项2．的末尾，按整项的责任单位读入"]


def read_text(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return import_document(path)


def test_sub_points_with_units_under_an_item_with_its_own(tmp_path: Path) -> None:
    """The item's own units win; the sub-points' brackets stay in its text."""
    text = ("2026年要点\n一、甲\n（一）任务一。（市教委）\n1．分项甲。（市科委）\n2．分项乙。（市卫健委）\n"
            "（二）任务二。内容。（市科委）\n")
    item = read_text(tmp_path, text).plan.items[0]
    assert (item.lead, item.support, item.units_from) == (["市教委"], [], None)
    assert item.text == "1．分项甲。（市科委）\n2．分项乙。（市卫健委）"


def test_word_formats_written_as_chinese_digits(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="93"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="ideographDigital"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="93"><w:abstractNumId w:val="93"/></w:num>'))
    for text in ["任务一。内容。（市教委）", "任务二。内容。（市科委）"]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="93"/></w:numPr>'))
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert [b.text for b in read_source(path).blocks] == [
        "（一）任务一。内容。（市教委）", "（二）任务二。内容。（市科委）"]


def test_zero_width_characters_of_paragraphs_and_cells_are_counted(tmp_path: Path) -> None:
    """A web copy pasted into Word scatters zero-width spaces: they are read away, and counted
    (once per cell, however many grid columns a merged cell spans) for the import report."""
    document = docx.Document()
    document.add_paragraph("2026年质量\u200b工作要点")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "序号"
    table.cell(0, 1).text = "名称\u200b"
    table.cell(0, 2).text = "牵头单位"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "\ufeff质量\u200b提升"
    path = tmp_path / "plan.docx"
    document.save(str(path))
    source = read_source(path)
    assert source.invisible == {"\u200b": 3, "\ufeff": 1}
    assert "2026年质量工作要点" in [b.text for b in source.blocks if hasattr(b, "text")]
