"""Progress files: what units reported, one reviewable YAML file per plan and period.

    plans/progress/2025/2025H1.yaml

    plan: "2025"
    period: 2025H1
    reports:
      # 市市场监管局：市市场监管局_2025H1.xlsx（2025-07-10 收录）
      - item: 1
        unit: 市市场监管局
        status: 按进度推进
        progress: 已完成中期评估方案……
        problems: ""
        next_steps: ""
        evidence: ""
        collected: 2025-07-10
        source: {file: 市市场监管局_2025H1.xlsx, sha256: 3f7a…}

`qplan collect` writes them (under the file's lock, atomically); a person may also type
entries by hand, and `qplan validate` checks them. They live under the plans folder but are
never read as plans (the folder's plans are its top-level *.yaml files).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan.errors import FileReadError, QplanError
from qplan.names import has_invisible, name_problem, normal_name
from qplan.periods import Period, PeriodError, parse_period
from qplan.planfile import as_date
from qplan.vocabulary import PROGRESS_LABELS, PROGRESS_STATUSES, PROGRESS_SYNONYMS

PROGRESS_FOLDER = "progress"
TEXT_FIELDS = ("progress", "problems", "next_steps", "evidence")
# The form's headers for the texts, and what each field is called in messages.
TEXT_LABELS = {"progress": "进展情况", "problems": "存在问题", "next_steps": "下步计划", "evidence": "佐证材料"}
ENTRY_KEYS = ("item", "unit", "status", *TEXT_FIELDS, "collected", "source")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
STATUS_CHOICES = "、".join(PROGRESS_LABELS[code] for code in PROGRESS_STATUSES)


class ProgressFileError(QplanError):
    """A progress file that cannot be used (unreadable, or entries that make no sense)."""


def status_code(value: object) -> str | None:
    """The status code (done, on_track, behind, not_started) a written status means, or None."""
    if value is None:
        return None
    text = re.sub(r"\s+", "", str(value))
    for code, label in PROGRESS_LABELS.items():
        if text in (label, code) and code in PROGRESS_STATUSES:
            return code
    return PROGRESS_SYNONYMS.get(text)


@dataclass(frozen=True, slots=True)
class Source:
    """The returned form an entry was collected from."""

    file: str
    sha256: str


@dataclass(slots=True)
class ProgressEntry:
    item: int
    unit: str
    status: str  # a code of PROGRESS_STATUSES
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    evidence: str = ""
    collected: dt.date | None = None
    source: Source | None = None
    line: int | None = None

    @property
    def key(self) -> tuple[int, str]:
        return (self.item, self.unit)

    def text(self, name: str) -> str:
        value: str = getattr(self, name)
        return value

    @property
    def content(self) -> tuple[str, ...]:
        """What the unit said, without where and when it was collected."""
        return (self.status, *(self.text(name).strip() for name in TEXT_FIELDS))


@dataclass(slots=True)
class ProgressFile:
    plan: str
    period: Period
    path: Path
    entries: list[ProgressEntry] = field(default_factory=list)

    def of_unit(self, unit: str) -> list[ProgressEntry]:
        return [entry for entry in self.entries if entry.unit == unit]

    def entry(self, item: int, unit: str) -> ProgressEntry | None:
        return next((e for e in self.entries if e.item == item and e.unit == unit), None)


def progress_root(plans_root: Path) -> Path:
    return plans_root / PROGRESS_FOLDER


def progress_path(plans_root: Path, plan_id: str, period: Period) -> Path:
    return progress_root(plans_root) / plan_id / f"{period.code}.yaml"


def progress_files(plans_root: Path, plan_id: str | None = None) -> list[Path]:
    """Every progress file of one plan (or of all), in no particular order."""
    root = progress_root(plans_root)
    try:
        if not root.is_dir():
            return []
        folders = [root / plan_id] if plan_id is not None else sorted(p for p in root.iterdir() if p.is_dir())
        found: list[Path] = []
        for folder in folders:
            if not folder.is_dir() or folder.name.startswith("."):
                continue
            # Also entries that are no regular file (a broken symlink, a folder named 2025H1.yaml):
            # reading them fails with a message, instead of a period silently missing.
            found += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    except OSError as exc:
        from qplan.yamlio import os_reason

        raise FileReadError(f"无法读取进展记录文件夹（{os_reason(exc)}）。请检查该文件夹及其子文件夹的权限"
                            "（需要读取和进入权限）。", file=getattr(exc, "filename", None) or root) from None
    return found


def period_of_file(path: Path) -> Period | None:
    try:
        return parse_period(path.stem)
    except PeriodError:
        return None


# --- reading -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def entry_from_raw(raw: Any, line: int | None = None) -> ProgressEntry | None:
    """An entry from one mapping of `reports`, or None where it is not usable (the progress
    rules of `qplan validate` say why)."""
    if not isinstance(raw, dict):
        return None
    item, unit, status = raw.get("item"), raw.get("unit"), status_code(raw.get("status"))
    if not isinstance(item, int) or isinstance(item, bool) or not isinstance(unit, str) or not normal_name(unit):
        return None
    if status is None or has_invisible(unit):
        return None
    source = raw.get("source")
    found = None
    if isinstance(source, dict) and source.get("file") and source.get("sha256"):
        found = Source(str(source["file"]), str(source["sha256"]))
    progress, problems, next_steps, evidence = (_text(raw.get(name)).strip() for name in TEXT_FIELDS)
    return ProgressEntry(item, normal_name(unit), status, progress, problems, next_steps, evidence,
                         collected=as_date(raw.get("collected")), source=found, line=line)


def read_progress(path: Path, plan_id: str, period: Period) -> ProgressFile:
    """A progress file's entries; a file that cannot be read, or whose entries make no sense,
    is a ProgressFileError naming the file and line."""
    from qplan.yamlio import read_text

    try:
        text = read_text(path)
    except FileReadError as exc:
        raise ProgressFileError(exc.message, file=exc.file or path, line=exc.line) from None
    return ProgressFile(plan_id, period, path, entries_from_text(text, path))


def entries_from_text(text: str | None, path: Path) -> list[ProgressEntry]:
    """The entries of a progress file's text (None: a file not written yet)."""
    from qplan.yamlio import parse_yaml, parse_yaml_fast

    if text is None:
        return []
    try:
        doc = parse_yaml_fast(text, path)
    except FileReadError as exc:
        raise ProgressFileError(exc.message, file=exc.file or path, line=exc.line) from None
    reports = doc.get("reports") if isinstance(doc, dict) else None
    entries: list[ProgressEntry] = []
    usable = isinstance(doc, dict) and isinstance(reports, list | type(None))
    for raw in reports or []:
        entry = entry_from_raw(raw)
        if entry is None:
            usable = False
            break
        entries.append(entry)
    if not usable:
        line, what = _first_unusable(parse_yaml(text, path))
        raise ProgressFileError(f"{what}请改正后重试；`qplan validate` 列出全部问题。", file=path, line=line)
    return entries


def _first_unusable(doc: Any) -> tuple[int | None, str]:
    """Where a progress file first stops making sense, for the message."""
    from qplan.yamlio import line_of

    if not isinstance(doc, dict):
        return None, "进展记录文件应是一个映射（plan、period、reports）。"
    reports = doc.get("reports")
    if not isinstance(reports, list):
        return line_of(doc, "reports"), "reports 应是进展记录的列表（每条以 - 开头）。"
    for index, raw in enumerate(reports):
        if entry_from_raw(raw) is None:
            status = raw.get("status") if isinstance(raw, dict) else None
            unit = raw.get("unit") if isinstance(raw, dict) else None
            if isinstance(unit, str) and has_invisible(unit):
                return line_of(raw, "unit") or line_of(reports, index), f"unit 中的单位名称{name_problem(unit)}"
            if isinstance(raw, dict) and status is not None and status_code(status) is None:
                return (line_of(raw, "status") or line_of(reports, index),
                        f"完成状态“{status}”不是 {STATUS_CHOICES} 之一。")
            return (line_of(reports, index),
                    f"这条进展记录不完整：需要 item（条目序号）、unit（单位）和 status（{STATUS_CHOICES}）。")
    return None, "进展记录文件的格式不对。"


def load_period(plans_root: Path, plan_id: str, period: Period) -> ProgressFile:
    """The plan's progress file of the period; an empty one where nothing was reported yet."""
    path = progress_path(plans_root, plan_id, period)
    if not path.exists():
        return ProgressFile(plan_id, period, path)
    return read_progress(path, plan_id, period)


def recorded_periods(plans_root: Path, plan_id: str) -> list[Period]:
    """The periods with a progress file for the plan, latest last."""
    periods = [p for p in (period_of_file(path) for path in progress_files(plans_root, plan_id)) if p]
    return sorted(set(periods), key=lambda period: period.sort_key)


# --- writing -----------------------------------------------------------------------------------


def file_header(plan_id: str, plan_title: str, period: Period) -> list[str]:
    return [
        f"进展记录：{plan_title}（计划 {plan_id}）· {period.label}（{period.code}）",
        "由 qplan collect 从各单位交回的推进情况表汇总；也可手工填写，每项任务每个单位一条（item 为条目序号）。",
        "status 填 已完成、按进度推进、滞后 或 未启动。改动后可用 qplan validate 检查。",
    ]
