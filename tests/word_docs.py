"""Word documents for the importer's tests, built with python-docx the way Word and WPS save
them: numbers typed into the text, or Word's automatic numbering (numPr), set on the
paragraph, through a paragraph style, or through a list style (numStyleLink).

A spec is text, one paragraph a line: `#0 …` `#1 …` `#2 …` `#3 …` are paragraphs numbered
automatically at level 0 (一、), 1 (（一）), 2 (1．) or 3 (（1））; `| a | b |` lines are table
rows (a row of one cell is merged across the table, `\\n` breaks a line inside a cell);
`#` followed by a space starts a comment; anything else is a paragraph typed as it stands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import docx
from docx.oxml import parse_xml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3．"), ("decimal", "（%4）")]
How = Literal["paragraph", "style", "list-style"]


def _levels_xml(continuous: bool) -> str:
    """With `continuous`, the items （一） number on across the 一、 headings (lvlRestart 0), as
    plans number them; Word's default starts them again under each heading."""
    return "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        + ('<w:lvlRestart w:val="0"/>' if continuous and level == 1 else "")
        + f'<w:lvlText w:val="{text}"/><w:pStyle w:val="PlanLevel{level}"/></w:lvl>'
        for level, (fmt, text) in enumerate(LEVELS)
    )


def add_list(document: Any, how: How, num_id: int = 60, continuous: bool = False) -> None:
    """One multi-level list (一、 （一） 1． （1）), defined directly or through a list style."""
    numbering = document.part.numbering_part.element
    if how == "list-style":
        # The list is defined once under a list style; the list used refers to that style.
        numbering.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="{num_id + 1}">'
                                      f'<w:styleLink w:val="PlanList"/>{_levels_xml(continuous)}</w:abstractNum>'))
        numbering.insert(1, parse_xml(f'<w:abstractNum {W} w:abstractNumId="{num_id}">'
                                      f'<w:numStyleLink w:val="PlanList"/></w:abstractNum>'))
    else:
        numbering.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="{num_id}">{_levels_xml(continuous)}'
                                      '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))
    if how == "style":
        # Heading-like styles tied to the list's levels: the paragraph names only its style.
        for level in range(len(LEVELS)):
            document.styles.element.append(parse_xml(
                f'<w:style {W} w:type="paragraph" w:styleId="PlanLevel{level}"><w:name w:val="Plan Level {level}"/>'
                f'<w:pPr><w:numPr><w:numId w:val="{num_id}"/></w:numPr></w:pPr></w:style>'))


def restart_list(document: Any, num_id: int, list_of: int, level: int, start: int) -> None:
    """Another instance of a list that starts at `start` (Word's 'Set numbering value')."""
    document.part.numbering_part.element.append(parse_xml(
        f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{list_of}"/><w:lvlOverride w:ilvl="{level}">'
        f'<w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'))


def number(document: Any, paragraph: Any, level: int, num_id: int = 60, how: How = "paragraph") -> None:
    if how == "style":
        paragraph.style = document.styles[f"Plan Level {level}"]
        return
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def from_spec(spec: str, path: Path, how: How = "paragraph", continuous: bool = False) -> Path:
    document = docx.Document()
    add_list(document, how, continuous=continuous)
    rows: list[list[str]] = []
    for line in [*spec.split("\n"), ""]:
        if line.startswith("|"):
            rows.append([cell.strip().replace("\\n", "\n") for cell in line.strip().strip("|").split("|")])
            continue
        if rows:
            _table(document, rows)
            rows = []
        if not line.strip() or line.startswith("# "):
            continue
        if len(line) > 2 and line[0] == "#" and line[1].isdigit() and line[2] == " ":
            number(document, document.add_paragraph(line[3:]), int(line[1]), how=how)
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def _table(document: Any, rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        if len(row) == 1:
            table.cell(r, 0).merge(table.cell(r, width - 1)).text = row[0]
            continue
        for c, value in enumerate(row):
            table.cell(r, c).text = value
