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
# Formats Word and WPS show as 一 二 三 (the legal and traditional forms are read the same way).
_CHINESE_FORMATS = {
    "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
    "ideographDigital", "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand",
    "taiwaneseDigital", "ideographLegalTraditional", "koreanCounting", "koreanDigital",
}


def docx_blocks(path: Path, data: bytes, raw: list[str]) -> list[Block]:
    """The document's paragraphs and tables; `raw` receives each paragraph's and cell's text
    as written (before `clean`)."""
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
            rows = _table_rows(content, raw)
            if rows:
                blocks.append(Table(rows, count))
            continue
        label = numbering.label(content)
        raw.append(content.text)
        for piece in content.text.split("\n"):
            text = clean(piece)
            if label and text and not text.startswith(label):
                text = label + text
                label = ""
            if text:
                blocks.append(Paragraph(text, count))
    return blocks


def _table_rows(table: Any, raw: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A merged cell comes back once per grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            raw.append(cell.text)
            cells.append("\n".join(clean(p) for p in cell.text.split("\n") if clean(p)))
        if any(cells):
            rows.append(cells)
    return rows


class _Numbering:
    """Counters for Word's list numbering, enough for the 一、 （一） 1. （1） lists of plans,
    however Word or WPS wrote them: numbering set on the paragraph or through its style, a
    list defined through a list style (numStyleLink), a level tied to a heading style, and a
    list restarted or started at another number (startOverride)."""

    def __init__(self, document: Any):
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.continuing: set[tuple[str, int]] = set()  # (abstract, level) with lvlRestart 0
        self.abstract_of: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}  # numId -> level -> start
        self.level_of_style: dict[tuple[str, str], int] = {}  # (abstract, styleId) -> level
        self.counters: dict[str, list[int]] = {}
        self.started: set[tuple[str, int]] = set()  # (numId, level) whose override was applied
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        linked: dict[str, str] = {}  # abstract that defers to a list style -> that style
        defines: dict[str, str] = {}  # list style -> abstract that defines it
        for abstract in root.iter(f"{W}abstractNum"):
            abstract_id = _val(abstract, "abstractNumId") or ""
            levels: dict[int, tuple[str, str, int]] = {}
            for lvl in abstract.iter(f"{W}lvl"):
                level = int(_val(lvl, "ilvl") or 0)
                fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
                text = _val(lvl.find(f"{W}lvlText")) or ""
                start = int(_val(lvl.find(f"{W}start")) or 1)
                levels[level] = (fmt, text, start)
                if _val(lvl.find(f"{W}lvlRestart")) == "0":
                    self.continuing.add((abstract_id, level))  # numbered on across the levels above
                style = _val(lvl.find(f"{W}pStyle"))
                if style:
                    self.level_of_style[(abstract_id, style)] = level
            self.formats[abstract_id] = levels
            if _val(abstract.find(f"{W}numStyleLink")):
                linked[abstract_id] = _val(abstract.find(f"{W}numStyleLink")) or ""
            if _val(abstract.find(f"{W}styleLink")):
                defines[_val(abstract.find(f"{W}styleLink")) or ""] = abstract_id
        for abstract_id, style in linked.items():
            if style in defines:
                self.formats[abstract_id] = self.formats[defines[style]]
        for num in root.iter(f"{W}num"):
            num_id = _val(num, "numId") or ""
            refers_to = _val(num.find(f"{W}abstractNumId"))
            if refers_to is not None:
                self.abstract_of[num_id] = defines.get(linked.get(refers_to, ""), refers_to)
            for override in num.iter(f"{W}lvlOverride"):
                restart = _val(override.find(f"{W}startOverride"))
                if restart is not None and restart.isdigit():
                    self.overrides.setdefault(num_id, {})[int(_val(override, "ilvl") or 0)] = int(restart)

    def label(self, paragraph: Any) -> str:
        num_id, level, style = _numbering_of(paragraph)
        if num_id is None or num_id == "0":
            return ""
        abstract = self.abstract_of.get(num_id, "")
        levels = self.formats.get(abstract)
        if level is None:
            level = self.level_of_style.get((abstract, style or ""), 0)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, [0] * 9)
        fmt, text, start = levels[level]
        override = self.overrides.get(num_id, {}).get(level)
        if override is not None and (num_id, level) not in self.started:
            self.started.add((num_id, level))
            counters[level] = override
        else:
            counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 9):
            if (abstract, deeper) not in self.continuing:
                counters[deeper] = 0
        if fmt in ("bullet", "none"):
            return ""
        for index in range(level + 1):
            index_fmt, _, index_start = levels.get(index, ("decimal", "", 1))
            value = counters[index] or index_start
            shown = to_chinese_number(value) if index_fmt in _CHINESE_FORMATS else str(value)
            text = text.replace(f"%{index + 1}", shown)
        return text


def _numbering_of(paragraph: Any) -> tuple[str | None, int | None, str | None]:
    """The list and level of a paragraph: set on the paragraph, or inherited from its style
    (the paragraph may set only the level, or only the list)."""
    num_id: str | None = None
    level: str | None = None
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        num_id = _val(p_pr.numPr.find(f"{W}numId"))
        level = _val(p_pr.numPr.find(f"{W}ilvl"))
    style = paragraph.style
    style_id = getattr(style, "style_id", None)
    while style is not None and (num_id is None or level is None):
        style_pr = style.element.pPr
        if style_pr is not None and style_pr.numPr is not None:
            num_id = num_id or _val(style_pr.numPr.find(f"{W}numId"))
            level = level or _val(style_pr.numPr.find(f"{W}ilvl"))
        style = style.base_style
    return num_id, int(level) if level is not None and level.isdigit() else None, style_id


def _val(element: Any, name: str = "val") -> str | None:
    if element is None:
        return None
    value = element.get(f"{W}{name}")
    return str(value) if value is not None else None
