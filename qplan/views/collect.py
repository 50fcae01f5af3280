"""`qplan collect` and `qplan forms`: which forms went in and which did not, each conflict side
by side, and the forms that went out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qplan.model import Plan
from qplan.periods import Period
from qplan.progress.collect import Outcome
from qplan.progress.records import TEXT_LABELS
from qplan.progress.reporters import Reporters
from qplan.report import Column, Notes, Paragraph, Records, Report, Span, Table, Text

RESULT_LABELS = {"added": "已收录", "replaced": "已替换", "unchanged": "未改动", "conflict": "冲突，未收录",
                 "refused": "拒收"}
RESULT_STYLES = {"added": "flag-green", "replaced": "flag-green", "unchanged": None, "conflict": "flag-yellow",
                 "refused": "flag-red"}
FIELD_LABELS = {"status": "完成状态", **TEXT_LABELS}


def _result(outcome: Outcome) -> Text:
    style = RESULT_STYLES[outcome.result]
    label = RESULT_LABELS[outcome.result]
    return (Span(label, style),) if style else label  # type: ignore[arg-type]


def _explanation(outcome: Outcome) -> str:
    if outcome.result in ("added", "replaced"):
        text = f"收录 {outcome.entries} 项，写入 {outcome.target}"
        if outcome.result == "replaced":
            text += f"；替换了原有的（{outcome.recorded_from}），原文件留存于 {outcome.history}"
        return "；".join([text, *(note.rstrip("。") for note in outcome.notes)]) + "。"
    if outcome.result == "unchanged":
        return "与已收录的内容相同（同一文件或内容相同的副本），没有改动"
    if outcome.result == "conflict":
        return (f"该单位本期已有报送（{outcome.recorded_from}），与本文件不同，见下方对照表。"
                "确认以本文件为准，请加 --replace 重新收录（原有内容会留存一份副本）")
    return outcome.message


def collect_report(outcomes: Sequence[Outcome], plans: dict[str, Plan]) -> Report:
    table = Table([Column("文件", "text"), Column("单位", "units"), Column("计划", "items"), Column("报送期", "items"),
                   Column("结果", "mark"), Column("说明", "text")], title="收录结果")
    for outcome in outcomes:
        table.add(outcome.path.name, outcome.unit or "", outcome.plan or "",
                  outcome.period.code if outcome.period else "", _result(outcome), _explanation(outcome))
    counts = {key: sum(1 for o in outcomes if o.result == key) for key in RESULT_LABELS}
    went_in = counts["added"] + counts["replaced"]
    line = (f"共 {len(outcomes)} 个文件：收录 {went_in} 个，未改动 {counts['unchanged']} 个，"
            f"冲突 {counts['conflict']} 个，拒收 {counts['refused']} 个。")
    report = Report([Paragraph(line, "strong"), table], data=[_record(o) for o in outcomes])
    for outcome in outcomes:
        if outcome.result == "conflict":
            report.add(_conflict_table(outcome, plans.get(outcome.plan or "")))
    if counts["refused"]:
        report.add(Notes(["拒收的文件一项也没有写入；请按说明改正后重新收录。其余文件不受影响。"]))
    report.records = Records(["file", "result", "unit", "plan", "period", "entries", "target", "message"],
                             [[r["file"], r["result"], r["unit"] or "", r["plan"] or "", r["period"] or "",
                               r["entries"], r["target"] or "", r["message"]] for r in report.data])
    return report


def _conflict_table(outcome: Outcome, plan: Plan | None) -> Table:
    def label(no: int) -> str:
        item = plan.item(no) if plan else None
        return plan.label(item) if plan and item else str(no)

    table = Table([Column("序号", "items"), Column("栏目", "units"), Column("已收录", "text"),
                   Column("新交回", "text")],
                  title=f"冲突：{outcome.unit} · {outcome.period.label if outcome.period else ''}："
                        f"已收录 {outcome.recorded_from}，新交回 {outcome.path.name}")
    for difference in outcome.differences:
        table.add(label(difference.item), FIELD_LABELS[difference.field], difference.recorded or "（空）",
                  difference.returned or "（空）")
    return table


def _record(outcome: Outcome) -> dict[str, Any]:
    return {
        "file": str(outcome.path),
        "result": outcome.result,
        "unit": outcome.unit,
        "plan": outcome.plan,
        "period": outcome.period.code if outcome.period else None,
        "entries": outcome.entries,
        "target": str(outcome.target) if outcome.target else None,
        "message": _explanation(outcome),
        "notes": list(outcome.notes),
        "differences": [{"no": d.item, "field": d.field, "recorded": d.recorded, "returned": d.returned}
                        for d in outcome.differences],
    }


def unmembered_note(groups: list[str]) -> str:
    return ("单位群组" + "、".join(groups) + "未登记成员，没有单独的表格：其任务由同一任务的其他单位填报。"
            "如需成员单位逐一填报，请在 units.yaml 中为群组登记 members。")


def forms_report(plan: Plan, period: Period, reporters: Reporters, written: dict[str, Path],
                 failed: dict[str, str]) -> Report:
    table = Table([Column("单位", "units"), Column("牵头", "number"), Column("配合", "number"), Column("文件", "text")],
                  title=f"{plan.title} · {period.label}（{period.code}）推进情况表")
    data = []
    for unit, duties in reporters.duties.items():
        if unit not in written and unit not in failed:
            continue
        leads = sum(1 for d in duties if d.role == "lead")
        supports = len(duties) - leads
        where = str(written[unit]) if unit in written else f"未写入：{failed[unit]}"
        table.add(unit, str(leads), str(supports), where)
        data.append({"unit": unit, "lead": leads, "support": supports,
                     "file": str(written[unit]) if unit in written else None, "error": failed.get(unit)})
    report = Report([table], data=data)
    report.records = Records(["unit", "lead", "support", "file", "error"],
                             [[d["unit"], d["lead"], d["support"], d["file"] or "", d["error"] or ""] for d in data])
    return report
