"""Reading a returned progress form, and checking it against the plan.

A form comes back by e-mail or OA: renamed, re-saved by Excel, WPS or LibreOffice, sometimes
with columns moved or a locked cell typed over. It is read by what it records about itself
(qplan.progress.form) and by its header texts, never by file name or column position, and
every row is checked against the plan: a form of another plan or period, an unknown item, a
changed locked cell, an invalid status or a damaged file is refused with the file, sheet
and cell named, and nothing of it is taken in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan.errors import FileReadError, QplanError
from qplan.model import Plan
from qplan.periods import Period, PeriodError, parse_period
from qplan.progress.form import (
    FIELD_OF_HEADER,
    FILL_HEADERS,
    FORM_KIND,
    HEADERS,
    LOCKED_HEADERS,
    META_ITEMS,
    META_KEYS,
    META_SHEET,
    PROP_KIND,
    PROP_PERIOD,
    PROP_PLAN,
    PROP_PLAN_TITLE,
    PROP_UNIT,
    PROP_VERSION,
    STATUS_CHOICES,
    FormRow,
    first_line,
    row_of,
    squeeze,
)
from qplan.progress.records import ProgressEntry, Source, status_code
from qplan.progress.reporters import Duty
from qplan.progress.xlsx import Sheet, Workbook, XlsxError, column_letter, read_xlsx
from qplan.yamlio import megabytes, read_file

# A form is tens of kilobytes; the limits leave room for pasted pictures and stop a zip bomb.
MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_PARTS = 2000
MAX_PART_BYTES = 40 * 1024 * 1024
MAX_INFLATED_BYTES = 100 * 1024 * 1024
HEADER_SEARCH_ROWS = 20
REQUIRED_HEADERS = (*LOCKED_HEADERS[:2], "完成状态")
# Locked cells the office may change in the plan after the forms went out without the row
# becoming another item's: a form that still shows the old text is taken, with a note.
CHANGE_TOLERATED = ("本单位角色", "完成时限")
PROPERTY_META = {PROP_KIND: "kind", PROP_VERSION: "version", PROP_PLAN: "plan", PROP_PLAN_TITLE: "plan_title",
                 PROP_PERIOD: "period", PROP_UNIT: "unit"}
# Parts that are parsed (worksheets, shared strings) stay well under this; pictures may be larger.
MAX_XML_PART_BYTES = 16 * 1024 * 1024
NOTE_PREFIXES = ("注：", "　　")
RESEND = "请把 qplan 生成的原表发给该单位重新填写，或在原表中改回后再交回。"


class FormRefused(QplanError):
    """A returned form that is not taken in; the message says which sheet and cell, and what to do."""


@dataclass(slots=True)
class FormCell:
    ref: str
    value: Any


@dataclass(slots=True)
class FormLine:
    """One row of the table below the header: its cells by header."""

    row: int
    cells: dict[str, FormCell]

    def text(self, header: str) -> str:
        cell = self.cells.get(header)
        return cell_text(cell.value) if cell is not None else ""


@dataclass(slots=True)
class ReturnedForm:
    path: Path
    sha256: str
    meta: dict[str, str]
    # The items as the form was written (from its hidden sheet), by squeezed 序号.
    recorded: dict[str, FormRow] = field(default_factory=dict)
    sheet: str = ""
    lines: list[FormLine] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # columns to fill that were deleted


@dataclass(slots=True)
class CheckedForm:
    form: ReturnedForm
    plan: Plan
    period: Period
    unit: str
    entries: list[ProgressEntry]
    notes: list[str] = field(default_factory=list)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- reading ---------------------------------------------------------------------------------


def _refuse(path: Path, message: str) -> FormRefused:
    return FormRefused(message + "本文件未收录。", file=path)


def _check_container(path: Path, data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(path, "这是旧版 Excel（.xls）或 WPS（.et）格式的文件，qplan 只读 .xlsx。"
                            "请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再收录。")
    if not data.startswith(b"PK"):
        raise _refuse(path, "这不是 Excel 工作簿（.xlsx），也可能已损坏。请确认选对了文件，"
                            "或请该单位用 Excel/WPS 另存为 .xlsx 后重新交回。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(path, "文件已损坏（不是完整的 .xlsx 压缩包，可能在传送中被截断）。"
                            "请让该单位重新发送，或用 Excel/WPS 打开后另存一份。") from None
    if len(parts) > MAX_PARTS:
        raise _refuse(path, f"文件含有 {len(parts)} 个部件，远多于推进情况表应有的数量，可能是损坏或恶意构造的文件。")
    total = 0
    for part in parts:
        total += part.file_size
        parsed = part.filename.endswith((".xml", ".rels"))
        if part.file_size > (MAX_XML_PART_BYTES if parsed else MAX_PART_BYTES) or total > MAX_INFLATED_BYTES:
            raise _refuse(path, f"文件解压后过大（部件 {part.filename} 为 {megabytes(part.file_size)}；上限 "
                                f"{megabytes(MAX_PART_BYTES)}，全部 {megabytes(MAX_INFLATED_BYTES)}），"
                                "可能是损坏或恶意构造的文件（压缩炸弹），qplan 不打开它。")


def _open_workbook(path: Path, data: bytes) -> Workbook:
    try:
        return read_xlsx(data)
    except XlsxError:
        raise _refuse(path, "文件已损坏，无法作为 Excel 工作簿打开。"
                            "请让该单位用 Excel/WPS 打开后另存为 .xlsx 重新交回。") from None


def read_returned(path: Path) -> ReturnedForm:
    try:
        data, _ = read_file(path, limit=MAX_FORM_BYTES)
    except FileReadError as exc:
        raise FormRefused(exc.message.rstrip("。") + "。本文件未收录。", file=path) from None
    if not data:
        raise _refuse(path, "文件为空（0 字节），可能在传送中出错。请让该单位重新发送。")
    _check_container(path, data)
    workbook = _open_workbook(path, data)
    form = ReturnedForm(path, hashlib.sha256(data).hexdigest(), {})
    _read_meta(form, workbook)
    _read_table(form, workbook)
    return form


def _read_meta(form: ReturnedForm, workbook: Workbook) -> None:
    """Plan, period and unit from the hidden sheet and the document properties; they must agree."""
    from_sheet: dict[str, str] = {}
    meta = workbook.sheet(META_SHEET)
    if meta is not None:
        labels = {label: key for key, label in META_KEYS.items()}
        in_items = False
        for _, values in meta.rows():
            first = cell_text(values[0]) if values else ""
            if in_items:
                if first.isdigit() and len(values) >= 1 + len(LOCKED_HEADERS):
                    texts = [cell_text(v) for v in values[1:1 + len(LOCKED_HEADERS)]]
                    form.recorded[squeeze(texts[0])] = FormRow(int(first), *texts)
            elif first == META_ITEMS:
                in_items = True
            elif first in labels and len(values) > 1:
                from_sheet[labels[first]] = cell_text(values[1])
    from_props = {key: workbook.properties[name].strip() for name, key in PROPERTY_META.items()
                  if name in workbook.properties}
    for key in ("kind", "version", "plan", "plan_title", "period", "unit"):
        sheet_value, prop_value = from_sheet.get(key), from_props.get(key)
        if sheet_value and prop_value and sheet_value != prop_value:
            raise _refuse(form.path, f"表格中两处记录的{META_KEYS[key]}不一致（隐藏工作表为“{sheet_value}”，"
                                     f"文件属性为“{prop_value}”），可能是从别的表格复制拼接而成。{RESEND}")
        value = sheet_value or prop_value
        if value:
            form.meta[key] = value
    if form.meta.get("kind") != FORM_KIND or not all(form.meta.get(k) for k in ("plan", "period", "unit")):
        raise _refuse(form.path, "这不是 qplan 生成的推进情况表，或表格中记录的计划、报送期和单位已被删除"
                                 "（复制到新文件的表格不带这些记录）。请用 `qplan forms` 生成的原表填写后交回。")


def _header_row(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for number, values in sheet.rows(1, min(HEADER_SEARCH_ROWS, sheet.max_row)):
        found: dict[str, int] = {}
        duplicated = []
        for column, value in enumerate(values, start=1):
            text = squeeze(value)
            if text in HEADERS:
                if text in found:
                    duplicated.append(text)
                found.setdefault(text, column)
        if all(header in found for header in REQUIRED_HEADERS):
            if duplicated:
                raise ValueError(duplicated[0])
            return number, found
    return None


def _note_rows(sheet: Sheet) -> set[int]:
    """Rows of the legend below the table: cells merged across the width."""
    rows: set[int] = set()
    for top, left, bottom, right in sheet.merged:
        if right - left >= 2:
            rows.update(range(top, bottom + 1))
    return rows


def _read_table(form: ReturnedForm, workbook: Workbook) -> None:
    for sheet in workbook.sheets:
        if sheet.name == META_SHEET:
            continue
        try:
            found = _header_row(sheet)
        except ValueError as exc:
            raise _refuse(form.path, f"工作表“{sheet.name}”的表头“{exc}”出现了两次。"
                                     "请删去多余的一列后再交回。") from None
        if found is None:
            continue
        header_row, columns = found
        form.sheet = sheet.name
        form.missing = [h for h in HEADERS if h not in columns]
        notes = _note_rows(sheet)
        for number in range(header_row + 1, sheet.max_row + 1):
            if number in notes:
                continue
            cells = {header: FormCell(f"{column_letter(column)}{number}", sheet.value(number, column))
                     for header, column in columns.items()}
            line = FormLine(number, cells)
            if _is_note(line):
                continue
            if any(line.text(header) for header in columns):
                form.lines.append(line)
        return
    raise _refuse(form.path, "找不到推进情况表的表头（" + "、".join(HEADERS) + "）。表头可能被改动或删除；"
                             + RESEND)


def _is_note(line: FormLine) -> bool:
    """A legend line (in the 序号 column) that lost its merge, as some programs do when rows are
    deleted; a row with anything else in it is never taken for one."""
    others = [line.text(header) for header in line.cells if header != "序号"]
    return line.text("序号").startswith(NOTE_PREFIXES) and not any(others)


# --- checking against the plan -----------------------------------------------------------------


def _where(form: ReturnedForm, cell: FormCell, header: str) -> str:
    return f"工作表“{form.sheet}”单元格 {cell.ref}（{header}）"


def check_returned(form: ReturnedForm, plan: Plan, period: Period, unit: str, duties: list[Duty],
                   collected: dt.date) -> CheckedForm:
    """The form's entries, each row checked against the plan; any problem refuses the whole form."""
    # A form is checked against the texts its own version wrote (forms out before an upgrade still come back).
    version = form.meta.get("version") or "1"
    expected = {squeeze(plan.label(d.item)): row_of(plan, d, version) for d in duties}
    by_label: dict[str, FormLine] = {}
    entries: list[ProgressEntry] = []
    notes: list[str] = []
    source = Source(form.path.name, form.sha256)
    for line in form.lines:
        label_cell = line.cells["序号"]
        label = squeeze(label_cell.value)
        wanted = expected.get(label)
        if wanted is None:
            _unknown_row(form, line, label, plan)
        if label in by_label:
            raise _refuse(form.path, f"{_where(form, label_cell, '序号')}：第{line.text('序号')}项出现了两行"
                                     f"（另一行在第 {by_label[label].row} 行）。请把两行合并为一行后再交回。")
        by_label[label] = line
        assert wanted is not None
        _check_locked(form, line, wanted, notes)
        entry = _entry(form, line, wanted, unit, collected, source)
        if entry is not None:
            entries.append(entry)
    if not entries:
        raise _refuse(form.path, f"工作表“{form.sheet}”中还没有填写任何进展（“完成状态”等各列都是空的）。"
                                 "请该单位填写后再交回。")
    absent = [row for key, row in expected.items() if key not in by_label]
    if absent:
        notes.append("表中缺少第" + "、".join(row.label for row in absent) + "项的行，按未报送处理。")
    blank = [expected[key].label for key, line in by_label.items() if not _reported(line)]
    if blank:
        notes.append("第" + "、".join(blank) + "项未填写，按未报送处理。")
    if form.missing:
        notes.append("表中没有“" + "”“".join(form.missing) + "”列，按空白处理。")
    entries.sort(key=lambda e: e.item)
    return CheckedForm(form, plan, period, unit, entries, notes)


def _unknown_row(form: ReturnedForm, line: FormLine, label: str, plan: Plan) -> None:
    cell = line.cells["序号"]
    if not label:
        raise _refuse(form.path, f"{_where(form, cell, '序号')}：第 {line.row} 行有填写内容，但没有序号，"
                                 "无法确定属于哪一项任务。请把内容并入相应任务的行中，删去这一行后再交回。")
    known = any(squeeze(plan.label(item)) == label for item in plan.items)
    why = "不是本单位承担的任务" if known else "在计划中不存在"
    raise _refuse(form.path, f"{_where(form, cell, '序号')}：“{line.text('序号')}”{why}。"
                             f"序号一列不应改动；{RESEND}")


def _check_locked(form: ReturnedForm, line: FormLine, wanted: FormRow, notes: list[str]) -> None:
    recorded = form.recorded.get(squeeze(wanted.label))
    for header, text in wanted.locked.items():
        cell = line.cells.get(header)
        if cell is None:
            raise _refuse(form.path, f"工作表“{form.sheet}”中没有“{header}”列（被删除或表头被改动）。{RESEND}")
        found = squeeze(cell.value)
        if found == squeeze(text):
            continue
        shown = brief(cell_text(cell.value)) or "（空）"
        planned = brief(text) or "（空）"
        if recorded is not None and found == squeeze(recorded.locked[header]):
            if header == "任务" and same_title(recorded.title, text):
                # The clerk left the cell alone; the office edited the item's text since. Same item.
                notes.append(f"表格生成之后，计划中第{wanted.label}项的主要内容有修改（任务名称未变）；已按现行计划收录。")
                continue
            if header in CHANGE_TOLERATED:
                # The clerk left the cell alone; the office changed the plan since. Same item.
                notes.append(f"表格生成之后，计划中第{wanted.label}项的“{header}”已改为“{planned}”"
                             f"（表中为“{shown}”）；已按现行计划收录。")
                continue
            raise _refuse(form.path, f"{_where(form, cell, header)}：表格生成之后，计划中第{wanted.label}项的"
                                     f"“{header}”已改为“{planned}”（表中仍为“{shown}”），"
                                     "可能已不是同一项任务。"
                                     "请用 `qplan forms` 重新生成本单位的表格，把填写的内容移过去后再收录。")
        raise _refuse(form.path, f"{_where(form, cell, header)}被改动：表中为“{shown}”，计划中为“{planned}”。"
                                 f"这一列由 qplan 填写，不应改动；{RESEND}")


def brief(text: str) -> str:
    """A locked text for a message: a 任务 cell by its title line, the item's text cut."""
    return first_line(text) + ("……" if "\n" in text else "")


def same_title(written: str, now: str) -> bool:
    """Two 任务 texts whose title line is the same: only the item's text below it changed."""
    return squeeze(first_line(written)) == squeeze(first_line(now))


def _reported(line: FormLine) -> bool:
    return any(line.text(header) for header in FILL_HEADERS)


def _entry(form: ReturnedForm, line: FormLine, wanted: FormRow, unit: str, collected: dt.date,
           source: Source) -> ProgressEntry | None:
    if not _reported(line):
        return None
    status_cell = line.cells["完成状态"]
    written = line.text("完成状态")
    if not written:
        raise _refuse(form.path, f"{_where(form, status_cell, '完成状态')}：第{wanted.label}项填写了内容，"
                                 f"但没有选择完成状态。请从下拉列表中选择（{'、'.join(STATUS_CHOICES)}）后再交回。")
    code = status_code(written)
    if code is None:
        raise _refuse(form.path, f"{_where(form, status_cell, '完成状态')}：“{written}”不是可用的完成状态。"
                                 "请从下拉列表中选择（" + "、".join(STATUS_CHOICES) + "）后再交回。")
    texts = {FIELD_OF_HEADER[h]: line.text(h) for h in FILL_HEADERS if h != "完成状态"}
    return ProgressEntry(wanted.no, unit, code, texts["progress"], texts["problems"], texts["next_steps"],
                         texts["evidence"], collected=collected, source=source)


def form_period(form: ReturnedForm) -> Period:
    try:
        return parse_period(form.meta["period"])
    except PeriodError:
        raise _refuse(form.path, f"表格中记录的报送期“{form.meta['period']}”无法识别。{RESEND}") from None
