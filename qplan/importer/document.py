"""From a source file to a draft plan: read it, find the plan (running text or a table),
take the document's particulars, and keep account of everything that was not imported."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from qplan.deadlines import read_deadline
from qplan.importer.blocks import Block, Paragraph, Table, drop_zero_width
from qplan.importer.conventions import apply_conventions
from qplan.importer.dating import date_clues
from qplan.importer.draft import DraftDocument, DraftPlan, Skipped
from qplan.importer.errors import SourceError
from qplan.importer.header import Header, is_title_like, read_header
from qplan.importer.items import TextPlan
from qplan.importer.jurisdiction import Jurisdiction, foreign_place, qualify_units
from qplan.importer.lines import PAGE_RE, Line, classify, join_wrapped
from qplan.importer.notes import note_sentences
from qplan.importer.parts import body_start, part_name
from qplan.importer.source import Source, read_source
from qplan.importer.structure import read_text_plan
from qplan.importer.tables import KEY_MARKS, TablePlan, read_table_plan
from qplan.names import describe
from qplan.numerals import to_chinese_number
from qplan.registry import Registry


@dataclass(frozen=True, slots=True)
class Given:
    """What the person importing states where the document does not: its date (or only its
    year, `year_only`), its title, its kind."""

    date: dt.date | None = None
    year_only: bool = False
    title: str | None = None
    kind: str | None = None


# A title over several years: （2023—2025年）, 2021-2025年.
_YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})\s*[—\-–~至到]+\s*((?:19|20)\d{2})\s*年")
_SINGLE_YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年")
_MULTI_YEAR_WORDS = re.compile(r"行动方案|实施方案|行动计划|规划|纲要")


def plan_kind(title: str) -> tuple[str, str | None]:
    """The kind a plan's title suggests, and why (None where it is the ordinary yearly plan)."""
    span = _YEAR_RANGE_RE.search(title)
    if span:
        return "multi-year", f"标题写明跨年度的期限“{span.group(0)}”"
    found = _MULTI_YEAR_WORDS.search(title)
    if found and not _SINGLE_YEAR_RE.search(title):
        return "multi-year", f"标题为“{found.group(0)}”且未写单一年份"
    return "plan", None


@dataclass(slots=True)
class ImportResult:
    plan: DraftPlan
    source: Source
    skipped: list[Skipped] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    # The document's place where it is not the registry's (a province's notice in 上海市's folder).
    jurisdiction: Jurisdiction | None = None


def import_document(path: Path, date: dt.date | None = None, registry: Registry | None = None,
                    given: Given | None = None) -> ImportResult:
    """Read a document into a draft plan. With the plans folder's registry, units of a
    document of another place are kept apart from the registry's own (see jurisdiction)."""
    given = given or Given(date=date)
    source = read_source(path)
    flat = _flatten_layout_tables(_join_continued_tables(source.blocks))
    pages = sum(1 for b in flat if isinstance(b, Paragraph) and PAGE_RE.match(b.text))
    blocks = join_wrapped(flat)
    lines = [classify(b) for b in blocks if isinstance(b, Paragraph)]
    header = read_header(lines, body_start(lines))
    text_plan = read_text_plan(lines)
    tables = [plan for b in blocks if isinstance(b, Table) and (plan := read_table_plan(b)) and plan.items]
    table_plan = max(tables, key=lambda t: len(t.items), default=None)
    if text_plan is not None and text_plan.readable:
        result = _from_text(text_plan, lines, header, source)
        for table in tables:
            result.skipped.append(Skipped(table.table.line, f"表格（{len(table.items)} 行）",
                                          "正文条目已写明责任单位，表格未导入；如需导入表格请核对原文"))
    elif table_plan is not None:
        result = _from_table(table_plan, blocks, header, source)
        for table in tables:
            if table is not table_plan:
                result.skipped.append(Skipped(table.table.line, f"另一张表格（{len(table.items)} 行）",
                                              "一次只导入最大的一张表格；如需导入请把它单独存为文件"))
        if text_plan is not None and text_plan.items:
            result.skipped.insert(0, Skipped(
                lines[text_plan.part.start].line if text_plan.part.start < len(lines) else None,
                f"正文中的 {len(text_plan.items)} 个编号段落",
                "没有责任单位，是通知正文，不是计划条目；计划取自表格",
            ))
    elif text_plan is not None and text_plan.items:
        result = _from_text(text_plan, lines, header, source)
    else:
        raise SourceError(
            "没有找到可识别的计划条目。qplan 能读取的计划：按（一）（二）… 或 1．2．… 编号、"
            "条目末尾括注责任单位的工作要点，或带“序号、名称、牵头（链长/责任）单位”表头的表格。"
            "请确认选对了文件；如果是扫描件或图片，请先转成文字。", file=path,
        )
    asides = text_plan.asides if text_plan is not None and result.plan.items is text_plan.items else []
    apply_conventions(result.plan, [b for b in blocks if isinstance(b, Paragraph)], asides)
    _given_title_and_kind(result.plan, given)
    result.plan.no_units = bool(result.plan.items) and all(item.how == "none" for item in result.plan.items)
    text = "\n".join(line.text for line in lines)
    result.plan.document = _document(header, result.plan, source, given, text)
    if registry is not None:
        result.plan.document.issuer = split_issuers(result.plan.document.issuer, registry)
    _date_deadlines(result.plan)
    _prose_without_zero_width(result.plan)
    result.jurisdiction = foreign_place(result.plan, registry)
    if result.jurisdiction is not None:
        qualify_units(result.plan, result.jurisdiction)
    if pages:
        result.remarks.append(f"已略去页码行 {pages} 行。")
    if source.invisible:
        counts = "、".join(f"{describe(char)} {count} 个" for char, count in source.invisible.items())
        result.remarks.append(f"原文中有看不见的字符 {sum(source.invisible.values())} 个（{counts}），"
                              "网页复制的文字常带有，已删除；在单位名称中的，各条另有说明。")
    result.skipped.sort(key=lambda s: s.line or 0)
    return result


def _prose_without_zero_width(plan: DraftPlan) -> None:
    """Titles and text lose the zero-width spaces of a web copy, inside brackets too; the
    `responsibility` bracket stays as the document wrote it."""
    plan.title = drop_zero_width(plan.title)
    plan.notes = [drop_zero_width(note) for note in plan.notes]
    for section in plan.sections:
        section.title = drop_zero_width(section.title)
    for item in plan.items:
        item.title, item.text = drop_zero_width(item.title), drop_zero_width(item.text)


def _join_continued_tables(blocks: list[Block]) -> list[Block]:
    """A table broken by a page (in Word: two tables, the second often without its header)
    is one table when nothing but page numbers stands between and the columns match."""
    joined: list[Block] = []
    for block in blocks:
        previous = _last_table(joined)
        if isinstance(block, Table) and previous is not None and read_table_plan(previous) is not None \
                and _width(block) == _width(previous):
            index = joined.index(previous)
            joined[index] = Table(previous.rows + block.rows, previous.line)
            del joined[index + 1:]  # only page numbers stood between
            continue
        joined.append(block)
    return joined


def _last_table(blocks: list[Block]) -> Table | None:
    for block in reversed(blocks):
        if isinstance(block, Table):
            return block
        if not PAGE_RE.match(block.text):
            return None
    return None


def _width(table: Table) -> int:
    return max(len(row) for row in table.rows)


def _flatten_layout_tables(blocks: list[Block]) -> list[Block]:
    """A table that is not a plan (a layout grid holding the letterhead or the text) is
    read as paragraphs, so that nothing in it is lost."""
    flat: list[Block] = []
    for block in blocks:
        if not isinstance(block, Table) or read_table_plan(block) is not None:
            flat.append(block)
            continue
        for row in block.rows:
            cells = [c for c in row if c.strip()]
            texts = cells[0].split("\n") if len(set(cells)) == 1 else [" ".join(c.replace("\n", "") for c in cells)]
            flat += [Paragraph(t.strip(), block.line) for t in texts if t.strip()]
    return flat


def _from_text(text_plan: TextPlan, lines: list[Line], header: Header, source: Source) -> ImportResult:
    part = text_plan.part
    title = part.heading or _title_above(lines, part.start) or header.title or source.path.stem
    where = part.label or (part_name(part) if len(text_plan.parts) > 1 and not text_plan.merged else None)
    numbering = "arabic" if text_plan.item_level in ("C", "D") else "chinese"
    plan = DraftPlan(title=title, document=DraftDocument("", "", None), items=text_plan.items,
                     sections=text_plan.sections, numbering=numbering, notes=text_plan.notes, part=where)
    return ImportResult(plan, source, list(text_plan.skipped), list(text_plan.remarks))


def _title_above(lines: list[Line], start: int) -> str | None:
    """The title lines nearest above the plan's first heading, over a preamble if there is one."""
    found: list[str] = []
    for line in reversed(lines[max(0, start - 8):start]):
        if is_title_like(line) and not line.numbered:
            found.insert(0, line.text)
        elif found or line.kind in ("end", "part") or line.numbered:
            break
    return "".join(found) or None


def _from_table(table: TablePlan, blocks: list[Block], header: Header, source: Source) -> ImportResult:
    index = blocks.index(table.table)
    before = [b for b in blocks[max(0, index - 4):index] if isinstance(b, Paragraph)]
    title = next((p.text for p in reversed(before) if is_title_like(classify(p))
                  and not p.text.startswith("附件")), table.caption)
    attached = any(p.text.startswith("附件") for p in before)
    plan = DraftPlan(title=title or header.title or source.path.stem, document=DraftDocument("", "", None),
                     items=table.items, sections=table.sections,
                     kind="projects" if table.projects or "项目" in (title or "") else "plan",
                     numbering="arabic",
                     part="附件表格" if attached else "表格")
    result = ImportResult(plan, source, list(table.skipped), list(table.remarks))
    columns = "、".join(f"{h}（{_COLUMN_NAMES.get(r, r)}）" for h, r in table.roles.items())
    result.remarks.insert(0, f"表格列：{columns}")
    after = [b for b in blocks[index + 1:index + 4] if isinstance(b, Paragraph)]
    for paragraph in after:
        if any(mark in paragraph.text for mark in KEY_MARKS) and "重点" in paragraph.text:
            result.remarks.append(f"图例“{paragraph.text}”：带 ★ 的项目记为 key: true（重点项目）")
        else:
            plan.notes += note_sentences(paragraph.text)
    return result


_COLUMN_NAMES = {"no": "序号", "lead": "牵头单位，原文写明", "neutral": "责任单位，列第一位的推定为牵头",
                 "support": "配合单位", "key": "重点标记", "title": "名称", "text": "内容",
                 "other": "其他，记入内容", "section": "类别，作为部分标题", "deadline": "完成时限"}


def _given_title_and_kind(plan: DraftPlan, given: Given) -> None:
    if given.title:
        plan.title = given.title
    if given.kind:
        plan.kind = given.kind
        plan.kind_note = "按 --kind 指定"
    elif plan.kind == "plan":
        plan.kind, plan.kind_note = plan_kind(plan.title)


def _document(header: Header, plan: DraftPlan, source: Source, given: Given, text: str) -> DraftDocument:
    name = source.path.name
    date = given.date
    if given.year_only and date is not None:
        return _year_only_document(header, plan, source, date, text)
    document = DraftDocument(
        title=given.title or header.closing_title or header.title or plan.title,
        issuer=header.issuer or "",
        date=date or header.date,
        number=header.number,
        source=f"{name}（{plan.part}）" if plan.part else name,
    )
    if not document.issuer:
        document.issuer = "（原文未写明）"
        document.issuer_note = "原文中找不到发文机关（落款或文件头），已记为“（原文未写明）”，请按实际填写。"
    elif header.issuer_from and header.issuer_from != "落款":
        document.issuer_note = f"发文机关取自{header.issuer_from}（原文没有落款），请核对。"
    if date is not None and header.date is not None and date != header.date:
        document.date_note = (
            f"按 --date 记为 {date.isoformat()}（原文{header.date_from}为 {header.date.isoformat()}）。"
        )
    elif date is not None:
        document.date_note = f"按 --date 记为 {date.isoformat()}。"
    elif header.date is None:
        years = re.findall(r"((?:19|20)\d{2})\s*年", plan.title)
        year = header.year_hint or (int(years[-1]) if years else None)
        if year is None:
            clues = date_clues(text)
            found = f"文中可据以推定的线索：{'；'.join(clues)}。" if clues else ""
            raise SourceError(
                "原文中找不到成文日期（如“2025年4月1日”），也无法从文号或标题判断年份。"
                f"{found}请用 --date 指定日期，例如 --date 2025-04-01；只知大约年份时写 --date 2018"
                "（记为推定，并记下推定依据）。", file=source.path,
            )
        # The year alone is known: a 1 January would be a day the document never gave.
        where = f"文号“{header.number}”" if header.number and str(year) in header.number else "标题"
        clues = date_clues(text)
        document.date = dt.date(year, 1, 1)
        document.year_only = True
        document.date_inferred = True
        document.date_basis = (f"原文没有成文日期；按{where}中的年份记为 {year} 年（推定）"
                               + (f"。{'；'.join(clues)}" if clues else "") + "。")
        document.date_note = document.date_basis + "查到实际日期后可用 --date 重新导入，或直接修改计划文件。"
    elif header.date_from != "落款日期":
        document.date_note = f"日期取自{header.date_from}（原文没有落款日期）。"
    return document


def _year_only_document(header: Header, plan: DraftPlan, source: Source, date: dt.date,
                        text: str) -> DraftDocument:
    """--date 2018: the document is known only to about a year; recorded as inferred, with the
    clues of its own text beside the person's year."""
    name = source.path.name
    document = DraftDocument(
        title=header.title or plan.title, issuer=header.issuer or "（原文未写明）", date=date,
        number=header.number, source=f"{name}（{plan.part}）" if plan.part else name,
        date_inferred=True, year_only=True,
    )
    written = f"原文{header.date_from}为 {header.date.isoformat()}；" if header.date else "原文没有成文日期；"
    clues = date_clues(text)
    document.date_basis = (f"{written}按 --date 记为约 {date.year} 年（推定）"
                           + (f"。{'；'.join(clues)}" if clues else "") + "。")
    document.date_note = document.date_basis
    if not header.issuer:
        document.issuer_note = "原文中找不到发文机关（落款或文件头），已记为“（原文未写明）”，请按实际填写。"
    return document


def split_issuers(issuer: str, registry: Registry) -> str:
    """Issuers laid out in two columns run into each other where a long name wraps
    (中国银行保险监督管理委员会 上海监管局上海市工商业联合会): where the names, run together, are
    exactly a sequence of the registry's full names, that sequence is the list."""
    names = issuer.split("、")
    joined = "".join(names)
    if len(joined) > 600:
        return issuer
    known = sorted({unit.full_name for unit in registry.units.values() if unit.full_name}, key=len, reverse=True)
    found = _segment(joined, known)
    return "、".join(found) if found is not None and found != names else issuer


def _segment(text: str, known: list[str]) -> list[str] | None:
    """`text` as a sequence of known names, or None (longest names first, then backtracking)."""
    if not text:
        return []
    for name in known:
        if text.startswith(name):
            rest = _segment(text[len(name):], known)
            if rest is not None:
                return [name, *rest]
    return None


def _date_deadlines(plan: DraftPlan) -> None:
    """The date each deadline phrase means, read in the plan's year and marked as inferred."""
    year = plan.document.date.year if plan.document.date else None
    for item in plan.items:
        if item.deadline is not None:
            item.deadline = read_deadline(item.deadline.text, year)


def describe_numbering(plan: DraftPlan) -> str:
    if not plan.items:
        return ""
    first, last = plan.items[0].no, plan.items[-1].no
    if plan.numbering == "chinese":
        return f"（{to_chinese_number(first)}）至（{to_chinese_number(last)}）"
    return f"{first} 至 {last}"


__all__ = ["Given", "ImportResult", "describe_numbering", "import_document"]
