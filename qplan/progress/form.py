"""A progress form (推进情况表): what it holds and how it records itself, shared by the writer
(qplan.excel.forms) and the reader (qplan.progress.returned).

The sheet to fill has one header row with exactly the columns of `HEADERS`: the first four
are filled in from the plan and locked, the last five are for the unit. The form records
what it is in two places a clerk does not see and that Excel, WPS and LibreOffice keep when
they re-save a file: custom document properties, and a very hidden sheet that also lists
each item with the locked texts as they were written. The reader finds columns by their
header text, never by position, so a form with columns moved is still read right.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from qplan.columns import role_text, title_text
from qplan.model import Plan
from qplan.periods import Period
from qplan.progress.reporters import Duty
from qplan.query import acting_body
from qplan.vocabulary import (
    LEGEND_ACTING,
    LEGEND_INFERRED,
    LEGEND_KEY,
    LEGEND_VIA,
    LEGEND_WIDE,
    PROGRESS_LABELS,
    PROGRESS_STATUSES,
)

FORM_KIND = "qplan 推进情况表"
# Version 2 writes the item's 主要内容 under its title in 任务, and 未规定 where an item has no
# deadline; a returned form is checked against the texts of the version it was written in.
FORM_VERSION = "2"
NO_DEADLINE = "未规定"
# The most of an item's text a form carries: a row must stay under Excel's highest row (409
# points) and leave room on an A4 page for the notes under the table (tests/test_print_layout.py);
# a longer text is cut after a sentence, said in the cell.
MAX_TASK_TEXT = 300
TEXT_CUT = "……（下略，全文见计划）"
FILL_SHEET = "推进情况"
META_SHEET = "qplan"
LOCKED_HEADERS = ("序号", "任务", "本单位角色", "完成时限")
FILL_HEADERS = ("进展情况", "完成状态", "存在问题", "下步计划", "佐证材料")
HEADERS = (*LOCKED_HEADERS, *FILL_HEADERS)
# The field of a progress entry each column to fill goes into.
FIELD_OF_HEADER = {"进展情况": "progress", "完成状态": "status", "存在问题": "problems", "下步计划": "next_steps",
                   "佐证材料": "evidence"}
STATUS_CHOICES = tuple(PROGRESS_LABELS[code] for code in PROGRESS_STATUSES)

# Custom document properties (name -> what it holds).
PROP_KIND = "qplan-form"
PROP_VERSION = "qplan-form-version"
PROP_PLAN = "qplan-form-plan"
PROP_PLAN_TITLE = "qplan-form-plan-title"
PROP_PERIOD = "qplan-form-period"
PROP_UNIT = "qplan-form-unit"
# Keys of the hidden sheet's first rows (column A), values in column B.
META_KEYS = {"kind": "表格", "version": "格式版本", "plan": "计划", "plan_title": "计划标题", "period": "报送期",
             "unit": "单位", "made": "生成日期"}
# The hidden sheet lists the items below this marker row, one a row, in the columns of LOCKED_HEADERS
# after the item number.
META_ITEMS = "条目"
FILE_NAME_FORBIDDEN_RE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class FormRow:
    """One item of a form: its number and the locked texts as the form shows them."""

    no: int
    label: str
    title: str
    role: str
    deadline: str

    @property
    def locked(self) -> dict[str, str]:
        return dict(zip(LOCKED_HEADERS, (self.label, self.title, self.role, self.deadline), strict=True))


@dataclass(slots=True)
class FormSpec:
    """Everything one unit's form holds."""

    plan_id: str
    plan_title: str
    plan_number: str | None
    period: Period
    unit: str
    rows: list[FormRow]
    made: dt.date
    notes: list[str] = field(default_factory=list)

    @property
    def meta(self) -> dict[str, str]:
        return {"kind": FORM_KIND, "version": FORM_VERSION, "plan": self.plan_id, "plan_title": self.plan_title,
                "period": self.period.code, "unit": self.unit, "made": self.made.isoformat()}

    @property
    def title(self) -> str:
        return f"{self.unit}　{self.period.label}工作推进情况表"

    @property
    def subtitle(self) -> str:
        number = f"（{self.plan_number}）" if self.plan_number else ""
        return (f"《{self.plan_title}》{number}　报送期：{self.period.label}"
                f"（{self.period.start:%Y年%-m月%-d日}至{self.period.end:%Y年%-m月%-d日}）")


def row_of(plan: Plan, duty: Duty, version: str = FORM_VERSION) -> FormRow:
    """The locked texts of one item's row as a form of `version` writes them: 任务 is the
    title, then (from version 2) the plan's text of the item on the lines below it, so that a
    unit reads what it reports on; 完成时限 is never left blank from version 2."""
    item = duty.item
    title = title_text(item)
    deadline = item.deadline.text if item.deadline else ""
    if version != "1":
        title += f"\n{task_text(item.text)}" if item.text else ""
        deadline = deadline or NO_DEADLINE
    return FormRow(item.no, plan.label(item), title, role_text(duty.role, item, duty.via, duty.wide), deadline)


def task_text(text: str) -> str:
    """An item's text as a form carries it: whole, or up to the last full stop that fits."""
    if len(text) <= MAX_TASK_TEXT:
        return text
    room = text[:MAX_TASK_TEXT - len(TEXT_CUT)]
    stop = max(room.rfind("。"), room.rfind("；"))
    return (room[:stop + 1] if stop > 0 else room) + TEXT_CUT


def first_line(text: str) -> str:
    return text.split("\n", 1)[0]


def form_notes(duties: list[Duty]) -> list[str]:
    """A few lines under the table: a task's row may take most of a page, and the notes
    must fit on the page with the last row (no page of notes alone)."""
    about = []
    if any(d.item.text for d in duties):
        about.append("“任务”首行为任务名称，其下为计划中该项任务的主要内容")
    if any(d.item.deadline is None for d in duties):
        about.append(f"完成时限为“{NO_DEADLINE}”的，计划中没有写明完成时限")
    notes = [
        "灰色各列按计划填好，请勿改动" + (f"（{'；'.join(about)}）" if about else "") + "。请在“"
        + "”“".join(FILL_HEADERS) + "”各列填写，一项任务一行；“完成状态”请从下拉列表中选择："
        + "、".join(STATUS_CHOICES) + "。",
        "牵头单位请汇总配合单位的情况一并填报，配合单位填写本单位承担的部分。可以修改文件名、调整行高；"
        "请勿增删行、改动表头，交回时请保存为 .xlsx 格式（WPS 中选择“Excel 文件”）。",
    ]
    if any(d.role == "lead" and not d.item.lead_stated for d in duties):
        notes.append(LEGEND_INFERRED)
    if any(d.via and acting_body(d.item, d.via) is None for d in duties):
        notes.append(LEGEND_VIA)
    if any(acting_body(d.item, d.via) for d in duties):
        notes.append(LEGEND_ACTING)
    if any(d.item.key for d in duties):
        notes.append(LEGEND_KEY)
    if any(d.wide for d in duties):
        notes.append(LEGEND_WIDE)
    return notes


def form_spec(plan: Plan, unit: str, duties: list[Duty], period: Period, made: dt.date) -> FormSpec:
    return FormSpec(plan.id, plan.title, plan.document.number, period, unit, [row_of(plan, d) for d in duties],
                    made, form_notes(duties))


def form_file_name(unit: str, plan_id: str, period: Period) -> str:
    """The unit's canonical name first, so that a folder of forms sorts by unit."""
    safe = FILE_NAME_FORBIDDEN_RE.sub("_", unit).strip(". ") or "单位"
    return f"{safe}_{plan_id}_{period.code}_推进情况表.xlsx"


def squeeze(text: object) -> str:
    """A cell's text for comparing: whitespace (including the line breaks viewers add) removed."""
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return re.sub(r"\s+", "", str(text))
