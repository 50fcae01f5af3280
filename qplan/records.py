"""An item's JSON record as `show --format json` writes it: the item's part, the same in
every unit's view, and the part a unit's view adds. Shared by qplan.views.items, which
builds records from the model, and qplan.digest, which keeps them encoded in the parse
cache; nothing is imported here, so the digest's warm path stays light."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qplan.model import Item, Plan


def item_record(plan: Plan, item: Item) -> dict[str, Any]:
    """An item's JSON record, the same in every unit's view (qplan.digest keeps it encoded)."""
    section = plan.section_of(item)
    data: dict[str, Any] = {
        "plan": plan.id,
        "no": item.no,
        "label": plan.label(item),
        "section": section.title if section else None,
        "title": item.title,
        "text": item.text,
        "lead": list(item.lead),
        "support": list(item.support),
        "lead_stated": item.lead_stated,
        "open_ended": item.open_ended,
        "responsibility": item.responsibility,
        "deadline": item.deadline.text if item.deadline else None,
        "deadline_date": item.deadline.date.isoformat() if item.deadline and item.deadline.date else None,
    }
    if item.written:
        data["written"] = dict(item.written)
    if item.acting:
        data["acting"] = dict(item.acting)
    # Where the lead comes from when not from the item's own bracket (brief: inferences are shown).
    if item.lead_declared:
        data["lead_declared"] = True
    if item.units_from:
        data["units_from"] = item.units_from
    if section is not None and (section.lead or section.support):
        data["section_responsibility"] = {"lead": list(section.lead), "support": list(section.support),
                                          "text": section.responsibility}
    wide = plan.wide_roles(item)
    if wide:
        # Units the document puts on every item once (以下均需…，不再列出), not listed in lead/support.
        data["plan_wide"] = [{"unit": w.unit, "role": w.role, "note": w.note} for w in wide]
    return data


def role_fields(role: str | None, via_group: str | None, via_plan_wide: bool,
                acting_for: str | None) -> dict[str, Any]:
    """What a unit's view adds to an item's record (qplan.views.items.role_record)."""
    data: dict[str, Any] = {"role": role, "via_group": via_group, "via_plan_wide": via_plan_wide}
    if acting_for:
        data["acting_for"] = acting_for
    return data
