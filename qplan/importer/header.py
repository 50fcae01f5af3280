"""The document's own particulars: title, issuer, 文号 and date, read from its head
(发文机关标志, 文号, 标题) and its signature (落款 and 成文日期)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from qplan.importer.lines import CN_DATE, DATE, DATE_LINE_RE, Line
from qplan.numerals import parse_chinese_digits, parse_chinese_number
from qplan.responsibility import looks_like_unit

NUMBER_RE = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号"
)
PRINTED_RE = re.compile(rf"^(.*?)\s*(?:{DATE}|{CN_DATE})\s*(印发|发布)\s*$")
_NOT_TITLE_END = "。，；：,;:！？"
_NOTICE_RE = re.compile(r"《(.+?)》\s*的?\s*(通知|决定|意见|函|批复)?$")
# 关于印发2026年全省质量工作要点的通知: the same without 《》.
_BARE_NOTICE_RE = re.compile(r"关于(?:印发|转发|发布|下达)(.+?)的?(?:通知|决定)$")


@dataclass(slots=True)
class Header:
    title: str | None = None  # the document's title (for a notice that issues a plan: the plan's)
    notice_title: str | None = None
    issuer: str | None = None
    issuer_from: str | None = None  # where the issuer was read: 落款, 发文机关标志 …
    number: str | None = None
    date: dt.date | None = None
    date_from: str | None = None
    year_hint: int | None = None  # from the 文号 or title, when the date is missing
    # The notice issuing the plan, where a web copy prints it at the end: …关于印发《X》的通知.
    closing_title: str | None = None


def read_header(lines: list[Line], body_start: int) -> Header:
    header = Header()
    head = lines[:body_start]
    _read_number(header, head, lines)
    date_index = _read_date(header, lines, body_start)
    _read_titles(header, head)
    _read_closing_title(header, lines)
    _read_issuer(header, lines, date_index)
    if header.year_hint is None and header.title:
        years = re.findall(r"((?:19|20)\d{2})\s*年", header.title)
        if years:
            header.year_hint = int(years[-1])
    return header


def _read_number(header: Header, head: list[Line], lines: list[Line]) -> None:
    # The number stands on a line of its own under the issuer's mark; a number quoted in the
    # text (依据《…》（国市监质发〔2024〕6号）) is someone else's.
    for line in head or lines[:12]:
        match = NUMBER_RE.search(line.text)
        if match and len(line.text) - len(match.group(0)) <= 6:
            header.number = re.sub(r"\s+", "", match.group(0))
            header.year_hint = int(match.group(1))
            return


def _read_date(header: Header, lines: list[Line], body_start: int) -> int | None:
    for index, line in enumerate(lines):
        match = DATE_LINE_RE.match(line.text)
        # The 成文日期 under the signature: at the head or the end, or between a notice and
        # the plan attached to it.
        signed = index > 0 and is_signature(lines[index - 1].text)
        if match and (index < body_start or index > len(lines) - 15 or signed):
            header.date = _date(match.groups())
            if header.date is not None:
                header.date_from = "落款日期"
                return index
    for line in lines:
        match = PRINTED_RE.match(line.text)
        if match:
            header.date = _date(match.groups()[1:7])
            if header.date is not None:
                header.date_from = "印发日期"
                return None
    return None


def _date(groups: tuple[str | None, ...]) -> dt.date | None:
    year, month, day, cn_year, cn_month, cn_day = groups[:6]
    try:
        if year and month and day:
            return dt.date(int(year), int(month), int(day))
        if cn_year and cn_month and cn_day:
            return dt.date(parse_chinese_digits(cn_year), parse_chinese_number(cn_month),
                           parse_chinese_number(cn_day))
    except ValueError:
        return None
    return None


def is_title_like(line: Line) -> bool:
    text = line.text
    # A whole line in brackets with sentences in it is an aside (以下不再列出), not a title;
    # （2026—2028年） under a title is part of it.
    aside = text[:1] in "（(" and text[-1:] in "）)" and re.search(r"[，,。；;]", text) is not None
    return (
        line.kind == "text" and 2 <= len(text) <= 60 and text[-1] not in _NOT_TITLE_END
        and DATE_LINE_RE.match(text) is None and NUMBER_RE.search(text) is None and not aside
    )


def _read_titles(header: Header, head: list[Line]) -> None:
    """The first run of title lines at the top, after the issuer's mark and the number."""
    block: list[str] = []
    for line in head:
        text = line.text
        # The issuer's mark (…文件, or the issuer's name alone) stands above the title.
        if not block and ((text.endswith("文件") and len(text) <= 30) or NUMBER_RE.search(text)
                          or text.startswith(("签发人", "附件")) or line.kind == "end"
                          or (looks_like_unit(text) and " " not in text) or is_signature(text)
                          or PUBLIC_RE.fullmatch(text)):
            continue
        if is_title_like(line) and (not block or title_continues("".join(block), text)):
            block.append(text)
            continue
        if block:
            break
    if not block:
        return
    joined = "".join(block)
    header.notice_title = joined
    match = _NOTICE_RE.search(joined) or _BARE_NOTICE_RE.search(joined)
    header.title = match.group(1).strip() if match else joined.strip("《》")


# (此件公开发布), (此件主动公开): a mark under the signature, never a title.
PUBLIC_RE = re.compile(r"[（(]\s*此件[^（）()]{0,8}公开[^（）()]{0,4}[）)]")


def _read_closing_title(header: Header, lines: list[Line]) -> None:
    """The notice title printed after the plan (web copies do): it names the plan's title."""
    for line in lines[-3:]:
        match = _NOTICE_RE.search(line.text)
        if match and "关于" in line.text and (header.title is None or match.group(1).strip() == header.title):
            header.closing_title = line.text.strip()
            header.title = header.title or match.group(1).strip()
            return


def title_continues(joined: str, following: str) -> bool:
    """A title broken over lines goes on where the words so far cannot end it
    (…关于 / 印发《… / …总结 和…); a complete title followed by another line is two titles."""
    if joined.count("《") > joined.count("》"):
        return True
    return joined.endswith(_TITLE_OPEN_ENDS) or following.startswith(_TITLE_JOINERS)


_TITLE_OPEN_ENDS = ("关于", "印发", "转发", "和", "及", "与", "暨", "的", "、", "，", "《")
_TITLE_JOINERS = ("和", "及", "与", "暨", "的", "《", "》", "印发", "（")


def _read_issuer(header: Header, lines: list[Line], date_index: int | None) -> None:
    if date_index is not None:
        names: list[str] = []
        index = date_index - 1
        while index >= 0 and date_index - index <= 12 and is_signature(lines[index].text):
            names[:0] = lines[index].text.split()
            index -= 1
        if names:
            header.issuer, header.issuer_from = "、".join(names), "落款"
            return
    for line in lines[:5]:
        if line.text.endswith("文件") and 4 < len(line.text) <= 30:
            header.issuer, header.issuer_from = line.text[:-2].strip(), "发文机关标志"
            return
    if header.notice_title and "关于" in header.notice_title:
        issuer = header.notice_title.split("关于", 1)[0].strip()
        if issuer and looks_like_unit(issuer.split()[-1]):
            header.issuer, header.issuer_from = issuer, "标题"
            return
    for line in lines:
        match = PRINTED_RE.match(line.text)
        if match and match.group(1).strip():
            header.issuer, header.issuer_from = match.group(1).strip(), "印发机关"
            return


def is_signature(text: str) -> bool:
    if any(c in text for c in _NOT_TITLE_END) or len(text) > 80:
        return False
    parts = text.split()
    return bool(parts) and all(looks_like_unit(part) for part in parts)
