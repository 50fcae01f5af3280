"""Renderers turn analysis results into text; none of them reads files or exits."""

from __future__ import annotations

from qplan.model import Item, Plan
from qplan.query import acting_body
from qplan.registry import Registry

INFERRED_MARK = "※"
VIA_GROUP_MARK = "△"
LEGEND_INFERRED = (
    f"{INFERRED_MARK} 牵头单位为推定：原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定。"
)
LEGEND_OPEN = "“等”表示原文件所列单位未列全。"
LEGEND_VIA = f"{VIA_GROUP_MARK} 经由所属单位群组承担（群组成员由用户登记）。"
ACTING_MARK = "▲"
LEGEND_ACTING = f"{ACTING_MARK} 代行：原文件写作“领导小组（某局）”，括号内的单位代该机构承担。"


def unit_label(item: Item, name: str, registry: Registry) -> str:
    """A canonical name, with the former name where the document used a recorded old name."""
    written = item.written.get(name)
    if written:
        found = registry.resolution(written)
        if found is not None and found.how == "rename":
            return f"{name}（原{written}）"
    return name


def lead_text(item: Item, registry: Registry) -> str:
    names = [unit_label(item, n, registry) + (f"（{item.acting[n]}）" if n in item.acting else "")
             for n in item.lead]
    text = "、".join(names)
    if names and not item.lead_stated:
        text += INFERRED_MARK
    if item.open_ended and not item.support:
        text += "等"
    return text


def support_text(item: Item, registry: Registry) -> str:
    text = "、".join(unit_label(item, n, registry) for n in item.support)
    if item.open_ended and item.support:
        text += "等"
    return text


def role_text(role: str | None, item: Item, via: str | None) -> str:
    if role is None:
        return ""
    text = "牵头" if role == "lead" else "配合"
    if role == "lead" and not item.lead_stated:
        text += INFERRED_MARK
    if acting_body(item, via):
        text += f"{ACTING_MARK}（{via}）"
    elif via:
        text += f"{VIA_GROUP_MARK}（经由{via}）"
    return text


def plan_heading(plan: Plan) -> str:
    parts = [plan.id, plan.title]
    if plan.document.number:
        parts.append(plan.document.number)
    if plan.document.date:
        parts.append(plan.document.date.isoformat() + ("（日期推定）" if plan.document.date_inferred else ""))
    return " · ".join(parts)
