"""`qplan units` (the work per unit and plan) and `qplan plans` (what is in the folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qplan.columns import no_units_note
from qplan.model import Plan, kind_label
from qplan.query import UnitLoad
from qplan.registry import Registry
from qplan.report import Column, Records, Report, Table
from qplan.vocabulary import ACTING_MARK, INFERRED_MARK, LEGEND_ACTING, WIDE_MARK
from qplan.workload import LEGEND_LOAD, LOAD_HEADER, Workload

PER_PLAN_NOTE = (f"每个计划一栏：牵头条目数/配合条目数；牵头数后的（{INFERRED_MARK}n）：其中 n 项原文件未写明牵头单位，"
                 "按列序推定。合计为条目数。")


def unit_record(load: UnitLoad, plans: list[Plan], registry: Registry) -> dict[str, Any]:
    per_plan = {}
    for plan in plans:
        counted = load.per_plan.get(plan.id, Workload())
        per_plan[plan.id] = {"lead": counted.lead, "lead_inferred": counted.lead_inferred,
                             "support": counted.support, "plan_wide": counted.wide, "acting": counted.acting}
    return {
        "unit": load.unit,
        "kind": load.kind,
        "is_group": registry.is_group(load.unit),
        "lead": load.lead_total,
        "support": load.support_total,
        "total": load.total,
        "load": load.load,
        "plans": per_plan,
    }


def per_plan_cell(counted: Workload[int] | None) -> str:
    if counted is None or not counted.total:
        return ""
    inferred = f"（{INFERRED_MARK}{len(counted.lead_inferred)}）" if counted.lead_inferred else ""
    inferred += f"（{ACTING_MARK}{len(counted.acting)}）" if counted.acting else ""
    wide = f"（{WIDE_MARK}{len(counted.wide)}）" if counted.wide else ""
    return f"{len(counted.lead)}{inferred}/{len(counted.support)}{wide}"


def units_report(loads: list[UnitLoad], plans: list[Plan], registry: Registry) -> Report:
    busy = [load for load in loads if load.total]
    idle = [load.unit for load in loads if not load.total]
    table = Table([Column("单位", "units"), *(Column(f"{plan.id}\n牵头/配合", "number") for plan in plans),
                   Column("合计", "number"), Column(LOAD_HEADER, "number")],
                  title=f"各单位任务量（{len(busy)} 个单位）")
    for load in busy:
        table.add(load.unit + ("（未登记）" if load.kind is None else ""),
                  *(per_plan_cell(load.per_plan.get(plan.id)) for plan in plans), str(load.total), str(load.load))
    report = Report([table], data=[unit_record(load, plans, registry) for load in loads])
    notes = [LEGEND_LOAD, PER_PLAN_NOTE]
    if any(counted.wide for load in busy for counted in load.per_plan.values()):
        notes.append(f"（{WIDE_MARK}n）：其中 n 项由计划的全文通用说明承担（原文写一次、适用于全部条目，"
                     "如“以下均需各区人民政府落实,不再列出”），已计入牵头、配合数。")
    if any(counted.acting for load in busy for counted in load.per_plan.values()):
        notes.append(f"（{ACTING_MARK}n）：其中 n 项是代行。{LEGEND_ACTING}"
                     "代行的条目计入代行单位，也计入原文所写的机构。")
    notes += no_units_note(plans)
    if idle:
        notes.append(f"单位登记表中另有 {len(idle)} 个单位在所选计划中没有任务：{'、'.join(idle)}。")
    report.notes(notes)
    fields = ["unit", "kind"]
    for plan in plans:
        fields += [f"{plan.id}_lead", f"{plan.id}_lead_inferred", f"{plan.id}_support"]
    rows = []
    for load in loads:
        cells: list[Any] = [load.unit, load.kind or ""]
        for plan in plans:
            counted = load.per_plan.get(plan.id, Workload())
            cells += [len(counted.lead), len(counted.lead_inferred), len(counted.support)]
        rows.append([*cells, load.lead_total, load.support_total, load.total, load.load])
    report.records = Records([*fields, "lead", "support", "total", "load"], rows)
    return report


def plan_record(plan: Plan) -> dict[str, Any]:
    return {
        "plan": plan.id,
        "title": plan.title,
        "document": plan.document.title,
        "issuer": plan.document.issuer,
        "number": plan.document.number,
        "kind": plan.kind,
        "date": plan.document.date_iso,
        "date_inferred": plan.document.date_inferred,
        "date_basis": plan.document.date_basis,
        "sections": len(plan.sections),
        "items": len(plan.items),
        "file": str(plan.file) if plan.file else None,
    }


def plans_report(plans: list[Plan], root: Path) -> Report:
    table = Table([Column("计划", "items"), Column("类型", "units"), Column("标题"), Column("文号", "units"),
                   Column("日期", "units"), Column("条目数", "number")],
                  title=f"计划文件夹 {root}（{len(plans)} 个计划）")
    records = [plan_record(plan) for plan in plans]
    for plan, found in zip(plans, records, strict=True):
        date = plan.document.date_label
        table.add(plan.id, kind_label(plan.kind), plan.title, found["number"] or "", date, str(len(plan.items)))
    report = Report([table], data=records, records=Records(
        ["plan", "kind", "title", "number", "date", "items"],
        [[r["plan"], r["kind"], r["title"], r["number"] or "", r["date"] or "", r["items"]] for r in records]))
    # One note a plan: each basis is sentences of its own.
    report.notes([f"{plan.id} 日期推定的依据：{plan.document.date_basis}" for plan in plans
                  if plan.document.date_basis])
    return report
