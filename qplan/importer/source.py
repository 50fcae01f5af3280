"""Read a source document into paragraphs and tables, whatever its format and encoding.

Plain text comes as UTF-8 (with or without BOM), GB18030/GBK (what Chinese Windows saves
by default) or UTF-16 with a BOM; Word documents as .docx. The rest of the importer only
sees `Paragraph` and `Table` blocks with the place they came from.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from qplan.importer.blocks import Block, Paragraph, Table, clean, zero_width_counts
from qplan.importer.docx_reader import docx_blocks
from qplan.importer.errors import SourceError
from qplan.importer.limits import check_docx_parts, read_source_bytes

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .doc / .xls
_TAB_LINE_RE = re.compile(r"^\t|\S\t+\S")


@dataclass(slots=True)
class Source:
    path: Path
    encoding: str  # as shown to the user: UTF-8, UTF-8（带 BOM）, GB18030, Word 文档 …
    blocks: list[Block] = field(default_factory=list)
    # Text files are cited by line, Word documents by paragraph.
    place: str = "行"
    # Zero-width spaces and BOMs the reading dropped (a text file's leading BOM aside), by character.
    invisible: dict[str, int] = field(default_factory=dict)

    def where(self, line: int | None) -> str:
        return f"第 {line} {self.place}" if line else ""


def read_source(path: Path) -> Source:
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix == ".doc" or data.startswith(OLE_MAGIC):
        raise SourceError(
            "这是旧版 Word（.doc）或其他 Office 二进制文件，无法直接读取。"
            "请在 Word 中“另存为”.docx 或纯文本（.txt）后再导入。", file=path,
        )
    if data.startswith(b"%PDF"):
        raise SourceError(
            "这是 PDF 文件，无法直接读取。请从 PDF 中复制全文另存为 .txt（UTF-8），或找到原 Word 文件后再导入。",
            file=path,
        )
    if suffix == ".docx" or data.startswith(ZIP_MAGIC):
        raw: list[str] = []
        blocks = _read_docx(path, data, raw)
        return Source(path, "Word .docx 文档", blocks, "段", zero_width_counts(raw))
    text, encoding = decode_text(data, path)
    return Source(path, encoding, text_blocks(text), invisible=zero_width_counts([text]))


def _read_bytes(path: Path) -> bytes:
    data = read_source_bytes(path)
    if not data.strip():
        raise SourceError("文件为空，没有可导入的内容。请确认选对了文件。", file=path)
    return data


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode strictly: UTF-8 first (a GBK file almost never passes it), then GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), path), "UTF-16"
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data[:8192]:
        try:
            text = data.decode("utf-8-sig")
            return _checked(text, path), "UTF-8（带 BOM）" if data.startswith(b"\xef\xbb\xbf") else "UTF-8"
        except UnicodeDecodeError:
            pass
        try:
            return _checked(data.decode("gb18030"), path), "GB18030"
        except UnicodeDecodeError:
            pass
    raise SourceError(
        "这是二进制文件或无法识别的编码，不是文本或 Word 文档。"
        "请导入 .txt（UTF-8 或 GBK/GB18030 编码）或 .docx 文件。", file=path,
    )


def _checked(text: str, path: Path) -> str:
    """Bytes that happen to decode are still binary when the result is full of control codes."""
    sample = text[:20000]
    odd = sum(
        1 for char in sample
        if char not in "\t\n\r\f\v" and unicodedata.category(char) in ("Cc", "Co", "Cs", "Cn")
    )
    if odd > max(2, len(sample) // 200):
        raise UnicodeDecodeError("qplan", b"", 0, 1, "binary")
    if not text.strip():
        raise SourceError("文件为空，没有可导入的内容（只有空白）。请确认选对了文件。", file=path)
    return text


def text_blocks(text: str) -> list[Block]:
    """One paragraph per line; runs of tab-separated cells become tables."""
    lines = re.sub(r"\r\n?|\f|\u2028|\u2029", "\n", text).split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        if _TAB_LINE_RE.search(lines[index]):
            end, table = _tab_table(lines, index)
            if table is not None:
                blocks.append(table)
                index = end
                continue
        if lines[index].strip():
            blocks.append(Paragraph(clean(lines[index]), index + 1))
        index += 1
    return blocks


def _tab_table(lines: list[str], start: int) -> tuple[int, Table | None]:
    """A table written as tab-indented cells: one cell per line with blank lines between rows
    (as text copied out of Word or a web page), or one row per line with tabs between cells.
    A short line without tabs between rows is a row of its own (a section row 一、…)."""
    end = start
    last_tab = start
    while end < len(lines):
        line = lines[end]
        if _TAB_LINE_RE.search(line):
            last_tab = end
        elif line.strip() and not _tab_line_follows(lines, end):
            break
        end += 1
    end = last_tab + 1
    chunk = lines[start:end]
    if any(re.search(r"\S\t+\S", line) for line in chunk):
        indented = all(line.startswith("\t") for line in chunk if "\t" in line)
        rows = []
        for line in chunk:
            if not line.strip():
                continue
            cells = [clean(c) for c in line.rstrip(" \u3000\r\n").split("\t")]
            rows.append(cells[1:] if indented and "\t" in line else cells)
    else:
        rows = []
        current: list[str] = []
        for line in chunk:
            if line.strip():
                current.append(clean(line))
            elif current:
                rows.append(current)
                current = []
        if current:
            rows.append(current)
    # A run of indented paragraphs is not a table: a table has rows of two cells or more.
    wide = [row for row in rows if len(row) >= 2]
    if len(wide) < 2 or len(wide) < 0.6 * len(rows):
        return start, None
    return end, Table(rows, start + 1)


def _tab_line_follows(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if len(line) > 40 or line[-1:] in "。；;":
        return False
    following = [ln for ln in lines[index + 1 : index + 3] if ln.strip()]
    return bool(following) and _TAB_LINE_RE.search(following[0]) is not None


def _read_docx(path: Path, data: bytes, raw: list[str]) -> list[Block]:
    if not data.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise SourceError(
            "不是有效的 .docx 文件（.docx 应是 zip 压缩包，此文件不是）。"
            "文件可能已损坏，或是改了后缀名的其他文件。请在 Word 中重新另存为 .docx 后再导入。",
            file=path,
        )
    check_docx_parts(path, data)
    return docx_blocks(path, data, raw)
