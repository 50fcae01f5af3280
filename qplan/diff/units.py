"""What each unit leads and supports in two plans, and what it gained or lost between them.

Units are compared by canonical name (the workspace resolves aliases and recorded renames
when it loads a plan), so a unit the two documents spell differently is one unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from qplan.diff.result import ItemDiff, UnitDiff, UnitStatus
from qplan.model import Plan, Role

MATCHED = ("continued", "possible")


def unit_changes(old: Plan, new: Plan, rows: Sequence[ItemDiff],
                 renames: dict[str, str] | None = None) -> list[UnitDiff]:
    """One entry per unit named in either plan, sorted by status then name.

    An item's counterpart is whatever the matched rows (continued or possible) pair it with;
    a role held on both sides of a pair is kept, otherwise it is gained or lost.
    """
    successors: dict[int, set[int]] = {}
    predecessors: dict[int, set[int]] = {}
    for row in rows:
        if row.status in MATCHED and row.old is not None and row.new is not None:
            successors.setdefault(row.old.no, set()).add(row.new.no)
            predecessors.setdefault(row.new.no, set()).add(row.old.no)
    names = sorted({u for item in old.items for u in item.units}
                   | {u for item in new.items for u in item.units})
    old_holding, new_holding = _holding(old), _holding(new)
    result = []
    for name in names:
        entry = UnitDiff(unit=name, status="same")
        for role in ("lead", "support"):
            old_nos = old_holding.get((name, role), [])
            new_nos = new_holding.get((name, role), [])
            old_set, new_set = set(old_nos), set(new_nos)
            gained = [n for n in new_nos if predecessors.get(n, set()).isdisjoint(old_set)]
            lost = [o for o in old_nos if successors.get(o, set()).isdisjoint(new_set)]
            if role == "lead":
                entry.old_lead, entry.new_lead = old_nos, new_nos
                entry.gained_lead, entry.lost_lead = gained, lost
            else:
                entry.old_support, entry.new_support = old_nos, new_nos
                entry.gained_support, entry.lost_support = gained, lost
        entry.status = _status(entry)
        entry.old_spelling = _former_name(old, name, renames)
        result.append(entry)
    order = {"added": 0, "dropped": 1, "changed": 2, "same": 3}
    result.sort(key=lambda u: (order[u.status], u.unit))
    return result


def _holding(plan: Plan) -> dict[tuple[str, Role], list[int]]:
    """The numbers of the items each unit holds in each role, in plan order."""
    holding: dict[tuple[str, Role], list[int]] = {}
    for item in plan.items:
        roles: tuple[tuple[Role, list[str]], ...] = (("lead", item.lead), ("support", item.support))
        for role, names in roles:
            for name in dict.fromkeys(names):
                holding.setdefault((name, role), []).append(item.no)
    return holding


def _status(unit: UnitDiff) -> UnitStatus:
    had = unit.old_lead or unit.old_support
    has = unit.new_lead or unit.new_support
    if not had:
        return "added"
    if not has:
        return "dropped"
    if unit.gained_lead or unit.gained_support or unit.lost_lead or unit.lost_support:
        return "changed"
    return "same"


def _former_name(old: Plan, unit: str, renames: dict[str, str] | None) -> str | None:
    """The spelling the older plan used for the unit, where it is a recorded former name."""
    if not renames:
        return None
    for item in old.items:
        written = item.written.get(unit)
        if written and renames.get(written) == unit:
            return written
    return None
