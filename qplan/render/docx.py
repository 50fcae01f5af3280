"""Any report as a Word document in the style of a Chinese official document (GB/T 9704):
A4, the title in 方正小标宋 二号, 一、 headings in 黑体, （一） headings in 楷体, body text in
仿宋 三号 with a two-character first-line indent and fixed line spacing, page numbers
“— 1 —” at the foot.

Offices do not all have the 方正 and _GB2312 fonts: each font the document names is listed
in its font table with the Windows font to use instead (altName) and its character set, so
that Word, WPS and LibreOffice substitute a font of the same kind, not an arbitrary one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from qplan.report import Bullets, Heading, Index, Notes, Paragraph, Report, Table, Text
from qplan.safetext import visible

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
# name -> (the font to use where it is missing, family)
FONT_FALLBACKS = {
    TITLE_FONT: ("宋体", "roman"),
    HEADING_FONT: ("SimHei", "modern"),
    SUBHEADING_FONT: ("楷体", "script"),
    BODY_FONT: ("仿宋", "modern"),
    PAGE_NUMBER_FONT: ("SimSun", "auto"),
}
TITLE_PT, BODY_PT, NOTE_PT, TABLE_PT, PAGE_NUMBER_PT = 22, 16, 14, 12, 14
LINE_PT = 28
RED = "C00000"


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    _page(document)
    _base_style(document)
    if report.title:
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.first_line_indent = Pt(0)
        title.paragraph_format.space_after = Pt(LINE_PT)
        _run(title, report.title, TITLE_FONT, TITLE_PT)
        document.core_properties.title = _clean(report.title)
    for block in report.blocks:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            paragraph = document.add_paragraph()
            if block.indent:
                paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * (2 + 2 * block.indent))
            _spans(paragraph, block.text, bold=block.style == "strong")
        elif isinstance(block, Bullets):
            for line in block.lines:
                _spans(document.add_paragraph(), line)
        elif isinstance(block, Notes):
            _notes(document, block.lines)
        elif isinstance(block, Index):
            _notes(document, [block.heading + "　".join(entry.strip() for entry in block.entries)])
        elif isinstance(block, Table):
            _table(document, block)
    document.core_properties.author = "qplan"
    buffer = io.BytesIO()
    document.save(buffer)
    return _finish(buffer.getvalue())


def _clean(text: str) -> str:
    # Word refuses control characters; show them written out, as every other output does.
    return visible(text)[0]


def _page(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = 0
    _run(footer, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = _run(footer, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    field.append(run._r)
    footer._p.append(field)
    _run(footer, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_PT)


def _base_style(document: Any) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    style = document.styles["Normal"]
    _set_font(style.font, style.element, BODY_FONT, BODY_PT)
    paragraph = style.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = Pt(LINE_PT)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(0)
    paragraph.first_line_indent = Pt(BODY_PT * 2)
    paragraph.widow_control = True
    # Chinese text: viewers that lack the named fonts fall back to a Simplified Chinese one.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "zh-CN")
    language.set(qn("w:eastAsia"), "zh-CN")
    style.element.get_or_add_rPr().append(language)


def _set_font(font: Any, element: Any, name: str, size: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font.name = LATIN_FONT if name == BODY_FONT else name
    font.size = Pt(size)
    font.bold = bold
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _run(paragraph: Any, text: str, font: str, size: float, *, bold: bool = False, colour: str | None = None) -> Any:
    from docx.shared import RGBColor

    run = paragraph.add_run(_clean(text))
    _set_font(run.font, run._r, font, size, bold=bold)
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    return run


def _spans(paragraph: Any, text: Text, *, bold: bool = False, font: str = BODY_FONT, size: float = BODY_PT) -> None:
    if isinstance(text, str):
        _run(paragraph, text, font, size, bold=bold)
        return
    for span in text:
        strong = bold or span.style in ("strong", "flag-red")
        colour = RED if span.style in ("flag-red", "deleted") else None
        _run(paragraph, span.text, font, size, bold=strong, colour=colour)


def _heading(document: Any, block: Heading) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    if block.level <= 1:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = 0
        _run(paragraph, block.text, TITLE_FONT, TITLE_PT)
    elif block.level == 2:
        _run(paragraph, block.text, HEADING_FONT, BODY_PT)
    elif block.level == 3:
        _run(paragraph, block.text, SUBHEADING_FONT, BODY_PT)
    else:
        _run(paragraph, block.text, BODY_FONT, BODY_PT, bold=True)


def _notes(document: Any, lines: Sequence[str]) -> None:
    from docx.shared import Pt

    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(0)
        paragraph.paragraph_format.left_indent = Pt(NOTE_PT * 2)
        paragraph.paragraph_format.first_line_indent = Pt(-NOTE_PT * 2) if index == 0 else Pt(0)
        paragraph.paragraph_format.line_spacing = Pt(NOTE_PT * 1.6)
        _run(paragraph, ("注：" if index == 0 else "") + line, BODY_FONT, NOTE_PT)


def _table(document: Any, table: Table) -> None:
    from docx.shared import Pt

    if table.title:
        heading = document.add_paragraph()
        heading.paragraph_format.keep_with_next = True
        _run(heading, table.title, HEADING_FONT, BODY_PT)
    rows = [*table.rows, *table.footer]
    grid = document.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    for column, header in enumerate(table.columns):
        _cell(grid.cell(0, column), header.header, bold=True, font=HEADING_FONT)
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row.cells):
            _cell(grid.cell(index, column), value, bold=index > len(table.rows))
    for cell in grid.rows[0].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    # The header row repeats on every page.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(header)
    document.add_paragraph().paragraph_format.line_spacing = Pt(TABLE_PT)


def _cell(cell: Any, text: Text, *, bold: bool = False, font: str = BODY_FONT) -> None:
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(TABLE_PT * 1.4)
    _spans(paragraph, text, bold=bold, font=font, size=TABLE_PT)


def _font_entry(name: str, alternative: str, family: str) -> str:
    return (f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:charset w:val="86"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>')


CUSTOM_PART = "docProps/custom.xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def _custom_properties() -> bytes:
    """qplan's mark (qplan.excel.mark) with its placeholder: a document a person edited is
    then never replaced without --force, as with the workbooks."""
    from qplan.excel.mark import PLACEHOLDER, PROPERTY

    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{PROPERTY}">'
            f"<vt:lpwstr>{PLACEHOLDER}</vt:lpwstr></property></Properties>").encode()


def _finish(data: bytes) -> bytes:
    """The saved document with every CJK font it names in its font table, each with a
    fallback, and with qplan's mark (still to be filled in by qplan.excel.mark.marked)."""
    entries = "".join(_font_entry(name, alt, family) for name, (alt, family) in FONT_FALLBACKS.items())
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == CUSTOM_PART:
                continue
            text = source.read(info.filename)
            if info.filename == "word/fontTable.xml":
                text = re.sub(rb"(<w:fonts\b[^>]*>)", lambda m: m.group(1) + entries.encode("utf-8"), text, count=1)
            elif info.filename == "_rels/.rels":
                text = text.replace(b"</Relationships>", f'<Relationship Id="rIdQplanMark" Type="{CUSTOM_REL}" '
                                    f'Target="{CUSTOM_PART}"/></Relationships>'.encode())
            elif info.filename == "[Content_Types].xml":
                text = text.replace(b"</Types>", f'<Override PartName="/{CUSTOM_PART}" '
                                    f'ContentType="{CUSTOM_TYPE}"/></Types>'.encode())
            target.writestr(info, text)
        target.writestr(CUSTOM_PART, _custom_properties())
    return out.getvalue()
