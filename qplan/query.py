"""What a unit leads and supports, and how the work is spread over units."""

from __future__ import annotations

from dataclasses import dataclass, field

from qplan import workload
from qplan.model import Item, Plan, PlanWide, Role
from qplan.registry import Registry
from qplan.workload import Workload

# `via` of a bureau that acts for a body the document names with it in brackets,
# 闵行区质量和标准化工作领导小组（闵行区市场监管局）: "代闵行区质量和标准化工作领导小组".
ACTING_PREFIX = "代"


@dataclass(frozen=True, slots=True)
class ItemRow:
    plan: Plan
    item: Item
    role: Role | None = None
    via: str | None = None  # the group through which the unit holds this role, or 代<body>
    # The plan-wide responsibility through which the unit holds this role (written once in
    # the document for every item, not on this item).
    wide: PlanWide | None = None

    @property
    def acting_for(self) -> str | None:
        return acting_body(self.item, self.via)

    @property
    def via_group(self) -> str | None:
        """The group of a role held through group membership (not through acting)."""
        return None if self.acting_for else self.via


def acting_body(item: Item, via: str | None) -> str | None:
    """The body a unit acts for, when `via` says it holds its role by acting."""
    if via and via.startswith(ACTING_PREFIX) and via[len(ACTING_PREFIX):] in item.acting:
        return via[len(ACTING_PREFIX):]
    return None


def unit_role(item: Item, unit: str, registry: Registry) -> tuple[Role, str | None] | None:
    """The unit's own role in the item, else the role of the body it acts for, else its
    role through a group it belongs to."""
    role = item.role_of(unit)
    if role is not None:
        return role, None
    for body, bureau in item.acting.items():
        body_role = item.role_of(body) if bureau == unit else None
        if body_role is not None:
            return body_role, f"{ACTING_PREFIX}{body}"
    for group in registry.groups_of(unit):
        group_role = item.role_of(group)
        if group_role is not None:
            return group_role, group
    return None


def wide_role(plan: Plan, item: Item, unit: str, registry: Registry) -> tuple[PlanWide, str | None] | None:
    """The plan-wide responsibility that gives the unit (or a group it belongs to) a role in
    this item, with the group it holds it through."""
    for wide in plan.wide_roles(item):
        if wide.unit == unit:
            return wide, None
    for group in registry.groups_of(unit):
        for wide in plan.wide_roles(item):
            if wide.unit == group:
                return wide, group
    return None


def unit_spellings(registry: Registry, canonical: str) -> set[str]:
    """Every way a plan file may name this unit or a group it is a recorded member of."""
    return registry.spellings_with_groups(canonical)


def unrecorded_group_items(plans: list[Plan], registry: Registry, unit: str) -> dict[str, int]:
    """Items per group unit whose membership nobody recorded, so this unit may be in it unseen."""
    return registry.unrecorded_groups(((name, 1) for plan in plans for item in plan.items for name in item.units),
                                      unit)


def select_items(
    plans: list[Plan],
    registry: Registry,
    *,
    dept: str | None = None,
    role: Role | None = None,
    grep: str | None = None,
) -> list[ItemRow]:
    needle = grep.casefold() if grep else None
    rows: list[ItemRow] = []
    for plan in plans:
        for item in plan.items:
            if needle and needle not in f"{item.title}\n{item.text}".casefold():
                continue
            if dept is None:
                if role is None:
                    rows.append(ItemRow(plan, item))
                continue
            found = unit_role(item, dept, registry)
            if found is None and plan.plan_wide:
                wide = wide_role(plan, item, dept, registry)
                if wide is not None and (role is None or wide[0].role == role):
                    rows.append(ItemRow(plan, item, wide[0].role, wide[1], wide[0]))
                continue
            if found is None or (role is not None and found[0] != role):
                continue
            rows.append(ItemRow(plan, item, found[0], found[1]))
    return rows


@dataclass(slots=True)
class UnitLoad:
    """A unit's items in each plan (numbers by role), for `units`."""

    unit: str
    kind: str | None
    per_plan: dict[str, Workload[int]] = field(default_factory=dict)

    @property
    def lead_total(self) -> int:
        return sum(len(load.lead) for load in self.per_plan.values())

    @property
    def support_total(self) -> int:
        return sum(len(load.support) for load in self.per_plan.values())

    @property
    def total(self) -> int:
        return self.lead_total + self.support_total

    @property
    def load(self) -> int:
        return workload.load(self.lead_total, self.support_total)


def unit_loads(plans: list[Plan], registry: Registry, *, include_idle: bool = False) -> list[UnitLoad]:
    """Every unit named in the plans with its items per plan, heaviest first.

    With `include_idle`, registered units the plans do not name follow, with no items.
    """
    loads: dict[str, UnitLoad] = {}
    for plan in plans:
        for item in plan.items:
            for held in workload.holdings(plan, item):
                load = loads.setdefault(held.unit, UnitLoad(held.unit, registry.kind_of(held.unit)))
                load.per_plan.setdefault(plan.id, Workload()).hold(item.no, held)
    ranked = sorted(loads.values(), key=lambda u: (*workload.heaviest_first(u.load, u.lead_total), u.unit))
    if include_idle:
        ranked += [UnitLoad(unit.name, unit.kind) for unit in registry.units.values() if unit.name not in loads]
    return ranked
