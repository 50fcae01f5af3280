"""Reading the cells of a returned form: a small reader of .xlsx values with the standard
library's zipfile and ElementTree.

Collecting forty returns must take well under a second, and openpyxl builds a full styled
model of every workbook (about 40 ms a form, and a quarter of a second to import); a form
needs only its cell values, merged ranges, sheet names and custom document properties.
Everything a writer may vary is allowed for: shared or inline strings, rich-text runs,
cells without a reference, relative or absolute part names, dates stored as numbers.
Nothing here resolves external entities, and the caller bounds the sizes first.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STRICT_REL_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
_REF_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")
# Number formats Excel builds in that show dates and times.
_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57}
_DATE_CODE_RE = re.compile(r"[ymdhs]", re.IGNORECASE)
_EPOCH = dt.datetime(1899, 12, 30)


class XlsxError(Exception):
    """The file is not a workbook this reader can make sense of."""


@dataclass(slots=True)
class Sheet:
    name: str
    state: str = "visible"
    cells: dict[tuple[int, int], Any] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min row, min col, max row, max col

    @property
    def max_row(self) -> int:
        return max((row for row, _ in self.cells), default=0)

    @property
    def max_column(self) -> int:
        return max((column for _, column in self.cells), default=0)

    def value(self, row: int, column: int) -> Any:
        return self.cells.get((row, column))

    def rows(self, first: int = 1, last: int | None = None) -> Iterator[tuple[int, list[Any]]]:
        width = self.max_column
        for row in range(first, (last if last is not None else self.max_row) + 1):
            yield row, [self.cells.get((row, column)) for column in range(1, width + 1)]


@dataclass(slots=True)
class Workbook:
    sheets: list[Sheet]
    properties: dict[str, str]

    @property
    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    def sheet(self, name: str) -> Sheet | None:
        return next((sheet for sheet in self.sheets if sheet.name == name), None)


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in element if _local(child.tag) == name]


def _parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        data = archive.read(name)
    except KeyError:
        return None
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise XlsxError(f"{name}: {exc}") from None


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part name) of a part."""
    folder, name = posixpath.split(part)
    root = _parse(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    found: dict[str, tuple[str, str]] = {}
    for rel in root if root is not None else []:
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return found


def _text_of(element: ElementTree.Element) -> str:
    """The text of a string item: its <t>, or its runs' <t>, never the phonetic guide (<rPh>)."""
    parts = []
    for child in element:
        local = _local(child.tag)
        if local == "t":
            parts.append(child.text or "")
        elif local == "r":
            parts += [t.text or "" for t in _children(child, "t")]
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    root = _parse(archive, part) if part else None
    return [_text_of(item) for item in root] if root is not None else []


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> set[int]:
    """Indexes of the cell formats that show a date."""
    root = _parse(archive, part) if part else None
    if root is None:
        return set()
    custom = {}
    for formats in _children(root, "numFmts"):
        for number_format in formats:
            custom[int(number_format.get("numFmtId", "0"))] = number_format.get("formatCode", "")
    dates = set()
    for xfs in _children(root, "cellXfs"):
        for index, xf in enumerate(xfs):
            format_id = int(xf.get("numFmtId", "0"))
            code = re.sub(r'"[^"]*"|\[[^]]*\]', "", custom.get(format_id, ""))
            if format_id in _DATE_FORMATS or (format_id in custom and _DATE_CODE_RE.search(code)):
                dates.add(index)
    return dates


def _cell_value(cell: ElementTree.Element, strings: list[str], dates: set[int]) -> Any:
    kind = cell.get("t", "n")
    value = next((child.text for child in cell if _local(child.tag) == "v"), None)
    if kind == "inlineStr":
        inline = next((child for child in cell if _local(child.tag) == "is"), None)
        return _text_of(inline) if inline is not None else ""
    if value is None:
        return None
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            raise XlsxError(f"shared string {value} missing") from None
    if kind in ("str", "e"):
        return value
    if kind == "b":
        return value.strip() == "1"
    try:
        number = float(value)
    except ValueError:
        return value
    if int(cell.get("s", "0")) in dates and 0 <= number < 2958466:
        return _EPOCH + dt.timedelta(days=number)
    return int(number) if number.is_integer() else number


def _position(ref: str | None, row: int, column: int) -> tuple[int, int]:
    if ref:
        found = _REF_RE.match(ref)
        if found is None:
            raise XlsxError(f"cell reference {ref}")
        letters, number = found.groups()
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        return int(number), column
    return row, column + 1


def _range(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(":")
    top, left = _position(first, 0, 0)
    bottom, right = _position(last or first, 0, 0)
    return top, left, bottom, right


def _sheet(archive: zipfile.ZipFile, part: str, sheet: Sheet, strings: list[str], dates: set[int]) -> None:
    root = _parse(archive, part)
    if root is None:
        raise XlsxError(f"worksheet part {part} missing")
    for section in root:
        local = _local(section.tag)
        if local == "sheetData":
            row_number = 0
            for row in section:
                row_number = int(row.get("r", row_number + 1))
                column = 0
                for cell in row:
                    if _local(cell.tag) != "c":
                        continue
                    position = _position(cell.get("r"), row_number, column)
                    column = position[1]
                    value = _cell_value(cell, strings, dates)
                    if value is not None and value != "":
                        sheet.cells[position] = value
        elif local == "mergeCells":
            sheet.merged += [_range(merge.get("ref", "")) for merge in section if merge.get("ref")]


def _properties(archive: zipfile.ZipFile) -> dict[str, str]:
    root = _parse(archive, "docProps/custom.xml")
    found: dict[str, str] = {}
    for prop in root if root is not None else []:
        name = prop.get("name")
        if name:
            found[name] = "".join(child.text or "" for child in prop)
    return found


def read_xlsx(data: bytes) -> Workbook:
    """The sheets (values only) and custom properties of a workbook's bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise XlsxError(str(exc)) from None
    try:
        with archive:
            return _read(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError, RuntimeError, NotImplementedError) as exc:
        raise XlsxError(str(exc)) from None


def _read(archive: zipfile.ZipFile) -> Workbook:
    package = _relationships(archive, "")
    workbook_part = next((target for kind, target in package.values() if kind.endswith("/officeDocument")),
                         "xl/workbook.xml")
    root = _parse(archive, workbook_part)
    if root is None:
        raise XlsxError("no workbook part")
    rels = _relationships(archive, workbook_part)
    strings_part = next((t for k, t in rels.values() if k.endswith("/sharedStrings")), None)
    styles_part = next((t for k, t in rels.values() if k.endswith("/styles")), None)
    strings = _shared_strings(archive, strings_part)
    dates = _date_styles(archive, styles_part)
    sheets = []
    for sheets_element in _children(root, "sheets"):
        for entry in sheets_element:
            rel_id = entry.get(REL_ID) or entry.get(STRICT_REL_ID) or ""
            if rel_id not in rels:
                continue
            kind, part = rels[rel_id]
            if not kind.endswith("/worksheet"):
                continue  # chart sheets, dialog sheets: no cells to read
            sheet = Sheet(entry.get("name", ""), entry.get("state", "visible"))
            _sheet(archive, part, sheet, strings, dates)
            sheets.append(sheet)
    return Workbook(sheets, _properties(archive))
