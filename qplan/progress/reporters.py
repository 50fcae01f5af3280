"""Who reports on what: every unit a plan names reports on the items it leads or supports.

A group unit (市质量工作领导小组成员单位 …) cannot fill in a form. Where a person recorded its
members, each member reports on the group's items (marked △, as in `show --dept`); where
nobody did, the group's items are reported by the units named beside it, and the group is
listed so that the office knows why it got no form. A bureau acting for a body
(闵行区质量和标准化工作领导小组（闵行区市场监管局）) reports for that body, and a unit the plan
makes responsible for every item once (以下均需各区人民政府落实) reports on every item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qplan.model import Item, Plan, PlanWide, Role
from qplan.query import unit_role, wide_role
from qplan.registry import Registry


@dataclass(frozen=True, slots=True)
class Duty:
    """One item a unit reports on, with its role and what it holds the role through."""

    item: Item
    role: Role
    via: str | None = None  # the group (△) or 代<body> (▲), see qplan.query.ItemRow
    wide: PlanWide | None = None  # held through a responsibility the plan states once for every item


@dataclass(slots=True)
class Reporters:
    """The units that report on a plan, in the order the plan first names them."""

    duties: dict[str, list[Duty]] = field(default_factory=dict)
    # Groups named by the plan whose membership nobody recorded: no form of their own.
    unmembered_groups: list[str] = field(default_factory=list)

    @property
    def units(self) -> list[str]:
        return list(self.duties)


def _members(group: str, registry: Registry, seen: set[str]) -> list[str]:
    """A group's recorded members, groups among them opened up in turn."""
    found: list[str] = []
    for member in registry.units[group].members:
        if member in seen:
            continue
        seen.add(member)
        if registry.is_group(member) and registry.units[member].members:
            found += _members(member, registry, seen)
        else:
            found.append(member)
    return found


def _named_units(plan: Plan, item: Item, registry: Registry, unmembered: list[str]) -> list[str]:
    units: list[str] = []
    for name in [*item.units, *(wide.unit for wide in plan.wide_roles(item))]:
        if name in item.acting:
            units.append(item.acting[name])
        elif registry.is_group(name):
            members = _members(name, registry, {name})
            if members:
                units += members
            elif name not in unmembered:
                unmembered.append(name)
        else:
            units.append(name)
    return units


def plan_reporters(plan: Plan, registry: Registry) -> Reporters:
    result = Reporters()
    order: list[str] = []
    for item in plan.items:
        for unit in _named_units(plan, item, registry, result.unmembered_groups):
            if unit not in order:
                order.append(unit)
    for unit in order:
        duties = []
        for item in plan.items:
            found = unit_role(item, unit, registry)
            if found is not None:
                duties.append(Duty(item, found[0], found[1]))
            elif plan.plan_wide:
                wide = wide_role(plan, item, unit, registry)
                if wide is not None:
                    duties.append(Duty(item, wide[0].role, wide[1], wide[0]))
        result.duties[unit] = duties
    return result
