"""Read an .xlsx with nothing but zipfile and ElementTree, to check what openpyxl wrote
without trusting openpyxl to read it back."""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"m": MAIN, "r": REL, "p": PKG_REL}


@dataclass(frozen=True)
class XmlCell:
    ref: str
    type: str | None
    text: str | None
    style: int
    has_formula: bool


class Xlsx:
    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.workbook = self.xml("xl/workbook.xml")
        rels = self.xml("xl/_rels/workbook.xml.rels")
        targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", NS)}
        self.sheet_parts: dict[str, str] = {}
        for sheet in self.workbook.findall("m:sheets/m:sheet", NS):
            target = str(targets[sheet.get(f"{{{REL}}}id")])
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            self.sheet_parts[str(sheet.get("name"))] = part
        styles = self.xml("xl/styles.xml")
        self.xfs = styles.findall("m:cellXfs/m:xf", NS)
        self.fonts = [f.find("m:name", NS) for f in styles.findall("m:fonts/m:font", NS)]

    def xml(self, part: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.parts[part])

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheet_parts)

    def sheet(self, name: str) -> ElementTree.Element:
        return self.xml(self.sheet_parts[name])

    def cells(self, name: str) -> dict[str, XmlCell]:
        found = {}
        for c in self.sheet(name).iter(f"{{{MAIN}}}c"):
            kind = c.get("t")
            if kind == "inlineStr":
                text: str | None = "".join(t.text or "" for t in c.iter(f"{{{MAIN}}}t"))
            else:
                value = c.find("m:v", NS)
                text = value.text if value is not None else None
            ref = str(c.get("r"))
            found[ref] = XmlCell(ref, kind, text, int(c.get("s", "0")),
                                 c.find("m:f", NS) is not None)
        return found

    def values(self, name: str) -> dict[str, str]:
        """Non-empty cells: reference -> text."""
        return {ref: c.text for ref, c in self.cells(name).items() if c.text not in (None, "")}

    def row(self, name: str, row: int, last: str) -> list[str | None]:
        cells = self.cells(name)
        columns = [chr(code) for code in range(ord("A"), ord(last) + 1)]
        return [cells[f"{col}{row}"].text if f"{col}{row}" in cells else None for col in columns]

    def quote_prefixed(self, cell: XmlCell) -> bool:
        return self.xfs[cell.style].get("quotePrefix") == "1"

    def font_of(self, cell: XmlCell) -> str | None:
        font = self.fonts[int(self.xfs[cell.style].get("fontId", "0"))]
        return font.get("val") if font is not None else None

    def formula_elements(self) -> list[str]:
        """Every <f> element in the workbook and its worksheets (chart series references
        live in the chart parts' own namespace and are not cell formulas)."""
        found = []
        for part, data in self.parts.items():
            if part == "xl/workbook.xml" or part.startswith("xl/worksheets/"):
                root = ElementTree.fromstring(data)
                found += [f"{part}: {f.text}" for f in root.iter(f"{{{MAIN}}}f")]
        return found

    def defined_names(self) -> list[tuple[str, str | None, str]]:
        return [(str(d.get("name")), d.get("localSheetId"), d.text or "")
                for d in self.workbook.findall("m:definedNames/m:definedName", NS)]

    def print_titles(self, name: str) -> str | None:
        index = str(self.sheet_names.index(name))
        for defined, sheet_id, text in self.defined_names():
            if defined == "_xlnm.Print_Titles" and sheet_id == index:
                return re.sub(r"^'.*'!", "", text)
        return None

    def attr(self, name: str, path: str, attribute: str) -> str | None:
        element = self.sheet(name).find(path, NS)
        return element.get(attribute) if element is not None else None

    def text_of(self, name: str, path: str) -> str | None:
        element = self.sheet(name).find(path, NS)
        return element.text if element is not None else None

    def merged(self, name: str) -> set[str]:
        return {str(m.get("ref")) for m in self.sheet(name).iter(f"{{{MAIN}}}mergeCell")}
