"""`qplan units` and `qplan plans`: summaries in every output format."""

from __future__ import annotations

from typing import Any

from qplan.model import Plan
from qplan.query import PlanLoad, UnitLoad
from qplan.registry import Registry
from qplan.render.text import md_table, to_csv, to_json


def unit_record(load: UnitLoad, plans: list[Plan], registry: Registry) -> dict[str, Any]:
    per_plan = {}
    for plan in plans:
        pl = load.per_plan.get(plan.id, PlanLoad())
        per_plan[plan.id] = {
            "lead": pl.lead, "lead_inferred": pl.lead_inferred, "support": pl.support,
        }
    return {
        "unit": load.unit,
        "kind": load.kind,
        "is_group": registry.is_group(load.unit),
        "lead": load.lead_total,
        "support": load.support_total,
        "total": load.total,
        "plans": per_plan,
    }


def units_headers(plans: list[Plan]) -> list[str]:
    headers = ["单位"]
    for plan in plans:
        headers.append(f"{plan.id}\n牵头/配合")
    return [*headers, "合计"]


def units_cells(load: UnitLoad, plans: list[Plan]) -> list[str]:
    cells = [load.unit + ("（未登记）" if load.kind is None else "")]
    for plan in plans:
        pl = load.per_plan.get(plan.id, PlanLoad())
        inferred = f"（※{len(pl.lead_inferred)}）" if pl.lead_inferred else ""
        cells.append(f"{len(pl.lead)}{inferred}/{len(pl.support)}" if pl.lead or pl.support else "")
    return [*cells, str(load.total)]


def units_json(loads: list[UnitLoad], plans: list[Plan], registry: Registry) -> str:
    return to_json([unit_record(load, plans, registry) for load in loads])


def units_csv(loads: list[UnitLoad], plans: list[Plan]) -> str:
    headers = ["unit", "kind"]
    for plan in plans:
        headers += [f"{plan.id}_lead", f"{plan.id}_lead_inferred", f"{plan.id}_support"]
    headers += ["lead", "support", "total"]
    rows = []
    for load in loads:
        cells: list[Any] = [load.unit, load.kind or ""]
        for plan in plans:
            pl = load.per_plan.get(plan.id, PlanLoad())
            cells += [len(pl.lead), len(pl.lead_inferred), len(pl.support)]
        rows.append([*cells, load.lead_total, load.support_total, load.total])
    return to_csv(headers, rows)


def units_markdown(loads: list[UnitLoad], plans: list[Plan]) -> str:
    note = "\n> 每个计划一栏：牵头条目数/配合条目数；牵头数后的（※n）：其中 n 项原文件未写明牵头单位，按列序推定。\n"
    idle = [load.unit for load in loads if not load.total]
    if idle:
        note += f"> 单位登记表中另有 {len(idle)} 个单位在所选计划中没有任务：{'、'.join(idle)}。\n"
    return md_table(units_headers(plans), [units_cells(load, plans) for load in loads if load.total]) + note


def plan_record(plan: Plan) -> dict[str, Any]:
    return {
        "plan": plan.id,
        "title": plan.title,
        "document": plan.document.title,
        "issuer": plan.document.issuer,
        "number": plan.document.number,
        "date": plan.document.date.isoformat() if plan.document.date else None,
        "date_inferred": plan.document.date_inferred,
        "sections": len(plan.sections),
        "items": len(plan.items),
        "file": str(plan.file) if plan.file else None,
    }


PLANS_HEADERS = ["计划", "标题", "文号", "日期", "条目数"]


def plans_cells(plan: Plan) -> list[str]:
    record = plan_record(plan)
    date = (record["date"] or "") + ("（推定）" if plan.document.date_inferred else "")
    return [plan.id, plan.title, record["number"] or "", date, str(len(plan.items))]


def plans_json(plans: list[Plan]) -> str:
    return to_json([plan_record(plan) for plan in plans])


def plans_csv(plans: list[Plan]) -> str:
    headers = ["plan", "title", "number", "date", "items"]
    return to_csv(headers, [[r["plan"], r["title"], r["number"] or "", r["date"] or "", r["items"]]
                            for r in map(plan_record, plans)])


def plans_markdown(plans: list[Plan]) -> str:
    return md_table(PLANS_HEADERS, [plans_cells(plan) for plan in plans])
