"""Reading a source document: encodings, tab tables in text, and .docx paragraphs and tables."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from qplan.importer.blocks import Paragraph, Table
from qplan.importer.errors import SourceError
from qplan.importer.source import read_source, text_blocks

SOURCES = Path(__file__).parent / "fixtures" / "sources"
SAMPLE = "2026年质量工作要点\n\n一、强化质量治理\n（一）完善机制。开展评估。（市市场监管局、市卫健委）\n"


@pytest.mark.parametrize(("encoding", "data", "shown"), [
    pytest.param("utf-8", SAMPLE.encode("utf-8"), "UTF-8", id="utf-8"),
    pytest.param("utf-8-sig", SAMPLE.encode("utf-8-sig"), "UTF-8（带 BOM）", id="utf-8-bom"),
    pytest.param("gb18030", SAMPLE.encode("gb18030"), "GB18030", id="gb18030"),
    pytest.param("gbk", SAMPLE.encode("gbk"), "GB18030", id="gbk"),
    pytest.param("utf-16", SAMPLE.encode("utf-16"), "UTF-16", id="utf-16-bom"),
    pytest.param("crlf", SAMPLE.replace("\n", "\r\n").encode("gb18030"), "GB18030", id="gbk-crlf"),
])
def test_encodings_are_detected(tmp_path: Path, encoding: str, data: bytes, shown: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    source = read_source(path)
    assert source.encoding == shown
    assert source.blocks == [
        Paragraph("2026年质量工作要点", 1),
        Paragraph("一、强化质量治理", 3),
        Paragraph("（一）完善机制。开展评估。（市市场监管局、市卫健委）", 4),
    ]


def test_gb18030_fixture_reads_as_utf8_would(tmp_path: Path) -> None:
    source = read_source(SOURCES / "synthetic_pujiang_gb18030.txt")
    assert source.encoding == "GB18030"
    assert Paragraph("责任单位：区民政局、区卫健委按职责分工负责", 24) in source.blocks


def test_bytes_that_decode_but_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(1, 32)) * 100)
    with pytest.raises(SourceError, match="这是二进制文件或无法识别的编码"):
        read_source(path)


def test_indentation_and_odd_spaces_are_cleaned() -> None:
    blocks = text_blocks("\u3000\u3000（一）标题。正文。\u00a0\n　　\n\ufeff一、部分\n")
    assert blocks == [Paragraph("（一）标题。正文。", 1), Paragraph("一、部分", 3)]


def test_tab_indented_cells_each_on_a_line() -> None:
    text = ("名单\n\n\t序号\n\t链长单位\n\t项目名称\n\n\t1★\n\t甲区市场监管局\n\t项目甲\n\n"
            "\t2\n\t乙区市场监管局\n\t项目乙\n\n\n标注★的为重点项目\n")
    blocks = text_blocks(text)
    assert blocks == [
        Paragraph("名单", 1),
        Table([["序号", "链长单位", "项目名称"], ["1★", "甲区市场监管局", "项目甲"],
               ["2", "乙区市场监管局", "项目乙"]], 3),
        Paragraph("标注★的为重点项目", 16),
    ]


def test_one_row_per_line_keeps_empty_cells_and_section_rows() -> None:
    text = "序号\t任务\t牵头单位\t配合单位\n一、基础\n1\t任务甲\t\t市教委\n2\t任务乙\t市卫健委\t\n"
    assert text_blocks(text) == [Table([
        ["序号", "任务", "牵头单位", "配合单位"], ["一、基础"], ["1", "任务甲", "", "市教委"],
        ["2", "任务乙", "市卫健委", ""],
    ], 1)]


def test_indented_paragraphs_are_not_a_table() -> None:
    text = "\t（一）标题。正文。\n\n\t（二）标题。正文。\n\n\t（三）标题。正文。\n"
    assert text_blocks(text) == [
        Paragraph("（一）标题。正文。", 1), Paragraph("（二）标题。正文。", 3), Paragraph("（三）标题。正文。", 5),
    ]


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("项目名单")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [["序号", "链长单位", "项目名称"], ["1★", "甲区市场监管局", "项目甲"],
                                        ["2", "乙区市场监管局", "项目乙"]], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = table.add_row().cells
    merged[0].merge(merged[2]).text = "二、续表"
    document.add_paragraph("标注★的为重点项目")
    path = tmp_path / "list.docx"
    document.save(str(path))
    source = read_source(path)
    assert source.encoding == "Word .docx 文档"
    assert source.where(2) == "第 2 段"
    assert source.blocks == [
        Paragraph("项目名单", 1),
        Table([["序号", "链长单位", "项目名称"], ["1★", "甲区市场监管局", "项目甲"], ["2", "乙区市场监管局", "项目乙"],
               ["二、续表"]], 2),
        Paragraph("标注★的为重点项目", 3),
    ]


def test_docx_automatic_numbering_is_put_back(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、夯实基础")
    document.add_paragraph("完善标准体系。（市市场监管局）", style="List Number")
    document.add_paragraph("培育领跑者。（市市场监管局）", style="List Number")
    document.add_paragraph("软换行的第一行\n第二行")
    path = tmp_path / "auto.docx"
    document.save(str(path))
    assert [b.text for b in read_source(path).blocks if isinstance(b, Paragraph)] == [
        "一、夯实基础", "1.完善标准体系。（市市场监管局）", "2.培育领跑者。（市市场监管局）",
        "软换行的第一行", "第二行",
    ]


def test_a_zip_that_is_not_word(tmp_path: Path) -> None:
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(SourceError, match="这个压缩包不是 Word 文档") as caught:
        read_source(path)
    assert caught.value.file == path


def test_a_docx_renamed_to_txt_is_still_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、部分")
    path = tmp_path / "saved-as.txt"
    document.save(str(path))
    assert read_source(path).blocks == [Paragraph("一、部分", 1)]
