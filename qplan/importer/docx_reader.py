"""Paragraphs and tables of a .docx in document order, through python-docx.

Word's automatic numbering is not part of a paragraph's text: a plan typed with automatic
（一）（二）… would lose its numbers. Where a paragraph is numbered that way, the number is
worked out from numbering.xml and put back in front of the text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from qplan.importer.blocks import Block, Paragraph, Table, clean
from qplan.importer.errors import SourceError
from qplan.numerals import to_chinese_number

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHINESE_FORMATS = {
    "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
    "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographLegalTraditional",
}


def docx_blocks(path: Path, data: bytes) -> list[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise SourceError(
            f"这个压缩包不是 Word 文档（{type(exc).__name__}）。请确认文件是用 Word 或 WPS 保存的 .docx。",
            file=path,
        ) from None
    except Exception as exc:  # lxml and zipfile raise many kinds for a damaged file
        raise SourceError(
            f".docx 文件已损坏，无法读取（{type(exc).__name__}）。请在 Word 中重新另存为 .docx 后再导入。",
            file=path,
        ) from None
    numbering = _Numbering(document)
    blocks: list[Block] = []
    count = 0
    for content in document.iter_inner_content():
        count += 1
        if isinstance(content, docx.table.Table):
            rows = _table_rows(content)
            if rows:
                blocks.append(Table(rows, count))
            continue
        label = numbering.label(content)
        for piece in content.text.split("\n"):
            text = clean(piece)
            if label and text and not text.startswith(label):
                text = label + text
                label = ""
            if text:
                blocks.append(Paragraph(text, count))
    return blocks


def _table_rows(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A merged cell comes back once per grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append("\n".join(clean(p) for p in cell.text.split("\n") if clean(p)))
        if any(cells):
            rows.append(cells)
    return rows


class _Numbering:
    """Counters for Word's list numbering, enough for （一） 一、 1. （1） lists."""

    def __init__(self, document: Any):
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for abstract in root.iter(f"{W}abstractNum"):
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in abstract.iter(f"{W}lvl"):
                fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{W}lvlText")) or ""
                start = int(_val(lvl.find(f"{W}start")) or 1)
                levels[int(_val(lvl, "ilvl") or 0)] = (fmt, text, start)
            self.formats[_val(abstract, "abstractNumId") or ""] = levels
        for num in root.iter(f"{W}num"):
            abstract_id = _val(num.find(f"{W}abstractNumId"))
            if abstract_id is not None:
                self.abstract_of[_val(num, "numId") or ""] = abstract_id

    def label(self, paragraph: Any) -> str:
        num_pr = _num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id = _val(num_pr.find(f"{W}numId"))
        level = int(_val(num_pr.find(f"{W}ilvl")) or 0)
        abstract = self.abstract_of.get(num_id or "")
        levels = self.formats.get(abstract or "")
        if not levels or level not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(abstract or "", [0] * 9)
        fmt, text, start = levels[level]
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if fmt in ("bullet", "none"):
            return ""
        for index in range(level + 1):
            value = counters[index] or levels.get(index, ("decimal", "", 1))[2]
            index_fmt = levels.get(index, ("decimal", "", 1))[0]
            shown = to_chinese_number(value) if index_fmt in _CHINESE_FORMATS else str(value)
            text = text.replace(f"%{index + 1}", shown)
        return text


def _num_pr(paragraph: Any) -> Any:
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return p_pr.numPr
    style = paragraph.style
    while style is not None:
        style_pr = style.element.pPr
        if style_pr is not None and style_pr.numPr is not None:
            return style_pr.numPr
        style = style.base_style
    return None


def _val(element: Any, name: str = "val") -> str | None:
    if element is None:
        return None
    value = element.get(f"{W}{name}")
    return str(value) if value is not None else None
