"""Physical lines to logical paragraphs, and what each paragraph is: a part heading
(第二部分), a numbered heading at one of the four levels official documents use
(一、 （一） 1． （1）), the end matter (抄送, 印发), a page number, or plain text."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from qplan.importer.blocks import Block, Paragraph
from qplan.numerals import NUMERAL_CHARS, YEAR_DIGIT_CHARS, parse_chinese_number

# Levels from the top: 一、 > （一） > 1． > （1）.
LEVELS = ("A", "B", "C", "D")
_CN = NUMERAL_CHARS
PART_RE = re.compile(rf"^第\s*([{_CN}]+)\s*部分[\s:：、．.]*(.*)$")
_LEVEL_RES = {
    "A": re.compile(rf"^([{_CN}]+)\s*(?:[、．]|\.(?!\d))\s*(.*)$"),
    "B": re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*(.*)$"),
    "C": re.compile(r"^(\d{1,3})\s*(?:[、．]|\.(?!\d))\s*(.*)$"),
    "D": re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*(.*)$"),
}
# Lines that end the text of a plan: distribution list, printing line, contacts.
END_RE = re.compile(
    r"^(抄送|抄报|主送|分送|联系人|联系电话|附件[：:]|（此件公开发布）|\(此件公开发布\))"
    r"|^附件\s*\d*$|[日月]\s*印发\s*$|^（?此件(公开发布|不公开)）?$"
)
PAGE_RE = re.compile(r"^[-—－–\s]*\d{1,3}[-—－–\s]*$|^第\s*\d+\s*页(\s*[，,/]?\s*共\s*\d+\s*页)?$"
                     r"|^\d{1,3}\s*/\s*\d{1,3}$")
TERMINAL = "。！？；：”’」』）)…!?;:"
# Dates as documents write them: 2025年4月1日, or 二〇二五年四月一日 in a formal 落款.
DATE = r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
CN_DATE = (
    rf"([{YEAR_DIGIT_CHARS}]{{4}})\s*年\s*([{NUMERAL_CHARS}]{{1,3}})\s*月"
    rf"\s*([{NUMERAL_CHARS}]{{1,3}})\s*日"
)
# A line that is only a date: the 成文日期 under a signature.
DATE_LINE_RE = re.compile(rf"^[（(]?\s*(?:{DATE}|{CN_DATE})\s*[）)]?$")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    line: int
    kind: str  # "part", one of LEVELS, "end", "page" or "text"
    number: int | None = None
    label: str = ""
    content: str = ""

    @property
    def numbered(self) -> bool:
        return self.kind in LEVELS


def classify(paragraph: Paragraph) -> Line:
    text = paragraph.text
    match = PART_RE.match(text)
    if match:
        number = _number(match.group(1))
        if number is not None:
            return Line(text, paragraph.line, "part", number, text[: match.start(2)].strip(),
                        match.group(2).strip())
    for level, pattern in _LEVEL_RES.items():
        match = pattern.match(text)
        if match is None:
            continue
        number = _number(match.group(1))
        if number is not None:
            return Line(text, paragraph.line, level, number, text[: match.start(2)].strip(),
                        match.group(2).strip())
    if PAGE_RE.match(text):
        return Line(text, paragraph.line, "page")
    if END_RE.search(text) or DATE_LINE_RE.match(text):
        return Line(text, paragraph.line, "end")
    return Line(text, paragraph.line, "text", content=text)


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return parse_chinese_number(text)
    except ValueError:
        return None


def starts_numbered(text: str) -> bool:
    return PART_RE.match(text) is not None or any(p.match(text) for p in _LEVEL_RES.values())


def join_wrapped(blocks: list[Block]) -> list[Block]:
    """Put back together paragraphs that a PDF export or a narrow editor broke into lines.

    A line is continued on the next when a bracket is left open (a unit list split over two
    lines), or, in a document whose lines are cut at a fixed width, when a full-width line
    ends in the middle of a sentence. A line that starts with a number never continues one.
    """
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    width = _wrap_width(paragraphs)
    joined: list[Block] = []
    pending: Paragraph | None = None
    last = ""  # the last physical line of the pending paragraph
    last_at = 0
    page_break = False
    open_joins = 0
    for block in blocks:
        if isinstance(block, Paragraph) and PAGE_RE.match(block.text):
            page_break = True  # a page number between the halves of a broken line
            continue
        if not isinstance(block, Paragraph):
            if pending is not None:
                joined.append(pending)
                pending = None
            joined.append(block)
            continue
        # A blank line ends a paragraph, except around a page number.
        gap = block.line - last_at > 1 and not page_break
        page_break = False
        if pending is not None and not gap and _continues(pending.text, last, block.text, width, open_joins):
            open_joins = open_joins + 1 if _open_brackets(pending.text) > 0 else 0
            pending, last, last_at = Paragraph(pending.text + block.text, pending.line), block.text, block.line
            continue
        if pending is not None:
            joined.append(pending)
        pending, last, last_at, open_joins = block, block.text, block.line, 0
    if pending is not None:
        joined.append(pending)
    return joined


def _continues(paragraph: str, previous: str, following: str, width: int | None,
               open_joins: int) -> bool:
    if starts_numbered(following) or PAGE_RE.match(following) or END_RE.search(following):
        return False
    if _open_brackets(paragraph) > 0 and open_joins < 4:
        return True
    if width is None or len(previous) < 0.85 * width:
        return False
    if previous[-1:] not in TERMINAL:
        return True
    # A full line that happens to end a sentence still goes on, unless a heading follows.
    heading = len(following) < 0.85 * width and following[-1:] not in TERMINAL
    return len(previous) >= width and not heading


def _open_brackets(text: str) -> int:
    return sum(text.count(c) for c in "（(") - sum(text.count(c) for c in "）)")


def _wrap_width(paragraphs: list[Paragraph]) -> int | None:
    """The line width of a hard-wrapped document, or None when lines are whole paragraphs.

    Wrapped text has many lines cut in mid-sentence at nearly the same length; headings and
    unit lists also end without punctuation, but they are few and of every length."""
    long_lines = [p.text for p in paragraphs if len(p.text) >= 15]
    cut = [len(t) for t in long_lines if t[-1] not in TERMINAL]
    if len(cut) < 8 or len(cut) < 0.4 * len(long_lines):
        return None
    width = statistics.median(cut)
    near = sum(1 for n in cut if abs(n - width) <= max(2, 0.1 * width))
    return int(width) if near >= 0.6 * len(cut) else None
