"""`qplan graph`: the unit network — load, bridges, pairs, clusters — and its change."""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from qplan.graph.analysis import (
    COMMUNITY_METHOD,
    Community,
    Comparison,
    ItemInfo,
    LoadChange,
    Neighbourhood,
    Overview,
    OwnItem,
    Pair,
    Partner,
    SharedItem,
    TieChange,
    UnitStat,
)
from qplan.graph.build import ROLE_NAMES
from qplan.report import Column, Paragraph, Report, Table
from qplan.vocabulary import ACTING_MARK, GROUP_MARK, INFERRED_MARK, LEGEND_ACTING, WIDE_MARK
from qplan.workload import LEAD_WEIGHT, LEGEND_LOAD, SUPPORT_WEIGHT

BETWEENNESS_NOTE = ("介数：在单位关系网（两单位共同承担条目即相连）中，其他单位之间的最短路径经过该单位的比例，"
                    "0–1；越大越是连接不同单位的“桥梁”。")
GROUPS_NOTE = (f"{GROUP_MARK}单位群组（如“市质量工作领导小组成员单位”）代表多个单位，单独列出，"
               "不计入介数、合作单位、单位对和合作群；用 --no-groups 可完全略去。")
COMMUNITY_NOTE = ("合作群：在按共同条目数加权的单位关系网上做社区发现（贪心模块度算法，结果固定）；"
                  "每群的单位负荷重的在前，条目为两个以上成员共同承担的，共同承担的成员多的在前。")
SUMMARY_TITLES = 3
INFERRED_NOTE = (f"{INFERRED_MARK}牵头为推定：原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定；"
                 f"牵头数后的（{INFERRED_MARK}n）为其中推定的条目数。")

UNIT_COLUMNS = [Column("排名", "number"), Column("单位", "units"), Column("牵头", "number"),
                Column("配合", "number"), Column("负荷", "number"), Column("合作单位", "number"),
                Column("介数", "number"), Column("合作群", "number")]
PAIR_COLUMNS = [Column("单位甲", "units"), Column("单位乙", "units"), Column("共同条目", "number"),
                Column("牵头–配合", "number"), Column("同为配合", "number"), Column("条目（谁牵头）")]
COMMUNITY_COLUMNS = [Column("合作群", "items"), Column("单位", "units"), Column("共同承担的条目")]
GROUP_COLUMNS = [Column("单位群组", "units"), Column("牵头", "number"), Column("配合", "number"),
                 Column("负荷", "number"), Column("条目")]


def role_name(role: str) -> str:
    return ROLE_NAMES[role]


def item_text(item: ItemInfo) -> str:
    return f"{item.key} {item.title}"


def lead_cell(stat: UnitStat) -> str:
    if not stat.lead:
        return ""
    inferred = f"（{INFERRED_MARK}{len(stat.lead_inferred)}）" if stat.lead_inferred else ""
    acting = sum(key in stat.lead for key in stat.acting)
    return f"{len(stat.lead)}{inferred}" + (f"（{ACTING_MARK}{acting}）" if acting else "")


def number_cell(value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def plans_text(plans: list[str]) -> str:
    return "、".join(plans)


def pair_role_text(shared: SharedItem) -> str:
    """Who leads a shared item, naming the pair's columns 甲/乙 to keep cells short."""
    if shared.role_a != "support" and shared.role_b != "support":
        return "同为牵头" + (INFERRED_MARK if "inferred_lead" in (shared.role_a, shared.role_b) else "")
    if shared.role_a != "support":
        return "甲" + role_name(shared.role_a)
    if shared.role_b != "support":
        return "乙" + role_name(shared.role_b)
    return "同为配合"


def community_summary(community: Community) -> str:
    """One line: the members, heaviest first, and what their shared items are about."""
    head = f"群{community.number}（{len(community.members)}个单位）{'、'.join(community.members)}"
    titles = [item.title for item in community.items[:SUMMARY_TITLES]]
    if not titles:
        return f"{head}：无共同条目"
    more = f"等 {len(community.items)} 项" if len(community.items) > SUMMARY_TITLES else ""
    return f"{head}：共同承担“{'”“'.join(titles)}”{more}"


# --- overview -----------------------------------------------------------------------------

def overview_heading(view: Overview) -> str:
    groups = f"，另有 {len(view.groups)} 个单位群组" if view.groups else ""
    return (f"单位关系网 · 计划 {plans_text(view.plans)}"
            f"（{len(view.items)} 项条目，{len(view.units)} 个单位{groups}）")


def overview_report(view: Overview, shown: Container[str] | None = None) -> Report:
    """The overview; with `shown`, only the units a picture shows (and what links them)."""
    def kept(unit: str) -> bool:
        return shown is None or unit in shown

    units = Table(list(UNIT_COLUMNS), title=f"各单位负荷（牵头×{LEAD_WEIGHT} + 配合×{SUPPORT_WEIGHT}）与介数")
    for rank, stat in enumerate(view.units, start=1):
        if kept(stat.unit):
            units.add(str(rank), stat.unit, lead_cell(stat), str(len(stat.support)) if stat.support else "",
                      str(stat.load), number_cell(stat.partners), number_cell(stat.betweenness),
                      number_cell(stat.community))
    report = Report([Paragraph(overview_heading(view), "strong"), units], data=overview_data(view))
    pairs = [pair for pair in view.pairs if kept(pair.a) and kept(pair.b)]
    if pairs:
        table = Table(list(PAIR_COLUMNS), title=f"合作最多的单位对（前 {len(view.pairs)} 对，共 {view.pair_count} 对）")
        for pair in pairs:
            items = "\n".join(f"{item_text(s.item)}（{pair_role_text(s)}）" for s in pair.items)
            table.add(pair.a, pair.b, str(pair.weight), str(pair.lead_support), str(pair.support_support), items)
        report.add(table)
    communities = [c for c in view.communities if shown is None or any(kept(m) for m in c.members)]
    if communities:
        table = Table(list(COMMUNITY_COLUMNS), title=f"合作群（{len(communities)} 个）")
        for community in communities:
            table.add(f"群{community.number}", "、".join(community.members),
                      "\n".join(item_text(item) for item in community.items) or "（无）")
        report.add(table)
    groups = [stat for stat in view.groups if kept(stat.unit)]
    if groups:
        table = Table(list(GROUP_COLUMNS), title=f"单位群组（{len(groups)} 个，单独列出）")
        for stat in groups:
            held = sorted((view.items[key] for key in [*stat.lead, *stat.support]),
                          key=lambda item: (item.plan, item.no))
            table.add(f"{GROUP_MARK}{stat.unit}", lead_cell(stat), str(len(stat.support)) if stat.support else "",
                      str(stat.load), "\n".join(item_text(item) for item in held))
        report.add(table)
    report.notes(overview_notes(view, groups))
    return report


def overview_notes(view: Overview, groups: list[UnitStat]) -> list[str]:
    notes = [LEGEND_LOAD, BETWEENNESS_NOTE, COMMUNITY_NOTE]
    if view.groups_left_out:
        notes.append(f"已按 --no-groups 略去 {len(view.groups_left_out)} 个单位群组："
                     f"{'、'.join(view.groups_left_out)}。")
    elif groups:
        notes.append(GROUPS_NOTE)
    if view.loners:
        notes.append(f"不与其他单位共同承担任何条目的单位：{'、'.join(view.loners)}。")
    if any(stat.lead_inferred for stat in [*view.units, *view.groups]):
        notes.append(INFERRED_NOTE)
    if any(stat.acting for stat in [*view.units, *view.groups]):
        notes.append(f"{LEGEND_ACTING}代行单位承担所代机构的角色，计入负荷；它与所代机构不算作合作单位对。"
                     f"牵头数后的（{ACTING_MARK}n）：其中 n 项为代行。")
    if view.no_units:
        notes.append(f"{'、'.join(view.no_units)} 原文没有写任何责任单位（no_units），其条目不与任何单位相连。")
    if view.plan_wide:
        held = "、".join(f"{unit}（{count} 项）" for unit, count in view.plan_wide.items())
        notes.append(f"{WIDE_MARK} 全文通用：{held}由计划中写一次、适用于全部条目的说明承担"
                     "（如“以下均需各区人民政府落实,不再列出”），已计入负荷和关系网。")
    return notes


def item_record(item: ItemInfo) -> dict[str, Any]:
    return {"item": item.key, "plan": item.plan, "no": item.no, "label": item.label,
            "title": item.title}


def unit_record(stat: UnitStat) -> dict[str, Any]:
    return {
        "unit": stat.unit, "kind": stat.kind or None, "is_group": stat.is_group,
        "registered": stat.registered, "lead": stat.lead, "lead_inferred": stat.lead_inferred,
        "support": stat.support, "acting": stat.acting, "load": stat.load, "partners": stat.partners,
        "betweenness": stat.betweenness, "community": stat.community,
    }


def shared_record(shared: SharedItem, a: str = "role_a", b: str = "role_b") -> dict[str, Any]:
    return {**item_record(shared.item), a: shared.role_a, b: shared.role_b}


def pair_record(pair: Pair) -> dict[str, Any]:
    return {"a": pair.a, "b": pair.b, "weight": pair.weight, "lead_support": pair.lead_support,
            "support_support": pair.support_support, "lead_lead": pair.lead_lead,
            "items": [shared_record(s) for s in pair.items]}


def method_record() -> dict[str, Any]:
    return {"load": {"lead": LEAD_WEIGHT, "support": SUPPORT_WEIGHT, "inferred_lead": LEAD_WEIGHT},
            "betweenness": "不加权，规范化到 0–1，在不含单位群组的单位关系网上计算",
            "communities": f"贪心模块度（networkx {COMMUNITY_METHOD}_communities，按共同条目数加权）"}


def overview_data(view: Overview) -> dict[str, Any]:
    return {
        "plans": view.plans,
        "items": len(view.items),
        "method": method_record(),
        "units": [unit_record(stat) for stat in view.units],
        "groups": [unit_record(stat) for stat in view.groups],
        "groups_left_out": view.groups_left_out,
        "pairs": [pair_record(pair) for pair in view.pairs],
        "pair_count": view.pair_count,
        "communities": [{"community": c.number, "members": c.members,
                         "items": [item_record(i) for i in c.items],
                         "summary": community_summary(c)} for c in view.communities],
        "loners": view.loners,
        "plan_wide": view.plan_wide,
    }


# --- one unit's neighbourhood ---------------------------------------------------------------

def neighbourhood_heading(near: Neighbourhood, plans: list[str]) -> str:
    stat = near.stat
    inferred = f"（{INFERRED_MARK}{len(stat.lead_inferred)}）" if stat.lead_inferred else ""
    parts = [f"牵头 {len(stat.lead)} 项{inferred}", f"配合 {len(stat.support)} 项", f"负荷 {stat.load}"]
    if stat.partners is not None:
        parts.append(f"与 {stat.partners} 个单位合作")
        parts.append(f"介数 {number_cell(stat.betweenness)}")
    if stat.community is not None:
        parts.append(f"属合作群 {stat.community}")
    mark = GROUP_MARK if stat.is_group else ""
    return f"{mark}{near.unit} · 计划 {plans_text(plans)}：{'，'.join(parts)}"


def partner_items_text(partner: Partner) -> str:
    return "\n".join(f"{item_text(s.item)}（本单位{role_name(s.role_a)}，对方{role_name(s.role_b)}）"
                     for s in partner.items)


def others_text(own: OwnItem) -> str:
    def acting(unit: str) -> str:
        if unit == own.acting_for:
            return "，由本单位代行"
        return f"{ACTING_MARK}，代行本单位" if unit == own.acted_by else ""

    return "、".join(f"{unit}（{role_name(role)}{acting(unit)}）" for unit, role in own.others) or "（无）"


def own_role_text(own: OwnItem) -> str:
    return role_name(own.role) + (f"{ACTING_MARK}（代{own.acting_for}）" if own.acting_for else "")


def neighbourhood_report(near: Neighbourhood, plans: list[str]) -> Report:
    own = Table([Column("条目", "items"), Column("任务"), Column("本单位角色", "units"),
                 Column("同一条目上的其他单位", "units")], title=f"本单位的条目（{len(near.items)} 项）")
    for held in near.items:
        own.add(held.item.key, held.item.title, own_role_text(held), others_text(held))
    report = Report([Paragraph(neighbourhood_heading(near, plans), "strong"), own],
                    data=neighbourhood_data(near, plans))
    partner_columns = [Column("单位", "units"), Column("共同条目", "number"), Column("条目（角色）")]
    if near.partners:
        table = Table(list(partner_columns), title=f"合作单位（{len(near.partners)} 个，共同条目多的在前）")
        for partner in near.partners:
            table.add(partner.unit, str(partner.weight), partner_items_text(partner))
        report.add(table)
    if near.groups:
        table = Table([Column("单位群组", "units"), *partner_columns[1:]],
                      title=f"同一条目上的单位群组（{len(near.groups)} 个）")
        for partner in near.groups:
            table.add(f"{GROUP_MARK}{partner.unit}", str(partner.weight), partner_items_text(partner))
        report.add(table)
    notes = [LEGEND_LOAD]
    if near.alone:
        notes.append(f"本单位独自承担的条目：{'；'.join(item_text(i) for i in near.alone)}。")
    if near.groups or near.stat.is_group:
        notes.append(GROUPS_NOTE)
    roles = [role for held in near.items for role in (held.role, *(r for _, r in held.others))]
    if "inferred_lead" in roles:
        notes.append(INFERRED_NOTE)
    if any(held.acting_for or held.acted_by for held in near.items):
        notes.append(f"{LEGEND_ACTING}代行单位与所代机构不算作合作单位。")
    report.notes(notes)
    return report


def neighbourhood_data(near: Neighbourhood, plans: list[str]) -> dict[str, Any]:
    def partner(p: Partner) -> dict[str, Any]:
        return {"unit": p.unit, "is_group": p.is_group, "weight": p.weight,
                "items": [shared_record(s, "role", "partner_role") for s in p.items]}

    return {
        "plans": plans,
        "unit": unit_record(near.stat),
        "method": method_record(),
        "items": [{**item_record(own.item), "role": own.role, "acting_for": own.acting_for or None,
                   "others": [{"unit": unit, "role": role} for unit, role in own.others]}
                  for own in near.items],
        "partners": [partner(p) for p in near.partners],
        "groups": [partner(p) for p in near.groups],
        "alone": [item_record(i) for i in near.alone],
    }


# --- change between plans ---------------------------------------------------------------

def change_text(delta: int) -> str:
    return f"+{delta}" if delta > 0 else str(delta)


def roles_cell(stat: UnitStat | None) -> str:
    """Lead / support counts, e.g. "9（※4）/5"; a dash where the unit is absent."""
    if stat is None:
        return "—"
    return f"{lead_cell(stat) or 0}/{len(stat.support)}"


def load_change_cells(change: LoadChange) -> list[str]:
    mark = GROUP_MARK if change.is_group else ""
    note = "新出现" if change.old is None else "不再出现" if change.new is None else ""
    between = [number_cell(side.betweenness if side else None) for side in (change.old, change.new)]
    return [f"{mark}{change.unit}", roles_cell(change.old), roles_cell(change.new),
            f"{change.old_load} → {change.new_load}", change_text(change.delta),
            f"{between[0]} → {between[1]}", note]


def tie_change_cells(change: TieChange) -> list[str]:
    note = "新增" if not change.old else "消失" if not change.new else ""
    items = "\n".join(item_text(i) for i in change.new or change.old)
    return [change.a, change.b, str(len(change.old)), str(len(change.new)),
            change_text(change.delta), note, items]


def limited(changes: list[TieChange], top: int) -> tuple[list[TieChange], list[TieChange]]:
    """The `top` biggest rises and falls (top 0: all)."""
    grew = [c for c in changes if c.delta > 0]
    shrank = sorted((c for c in changes if c.delta < 0), key=lambda c: (c.delta, c.a, c.b))
    if top > 0:
        grew, shrank = grew[:top], shrank[:top]
    return grew, shrank


def compare_report(comparison: Comparison, top: int) -> Report:
    old, new = plans_text(comparison.old_plans), plans_text(comparison.new_plans)
    report = Report([Paragraph(f"单位关系网变化：{old}（{comparison.old_items} 项）→ "
                               f"{new}（{comparison.new_items} 项）", "strong")], data=compare_data(comparison))
    changed = [c for c in comparison.loads if c.delta != 0]
    loads = Table([Column("单位", "units"), Column(f"{old} 牵头/配合", "number"),
                   Column(f"{new} 牵头/配合", "number"), Column("负荷", "items"), Column("变化", "number"),
                   Column("介数", "items"), Column("说明", "units")],
                  title=f"负荷有变化的单位（{len(changed)} 个；增加的在前）")
    for load in changed:
        loads.add(*load_change_cells(load))
    report.add(loads)
    grew, shrank = limited(comparison.ties, top)
    tie_columns = [Column("单位甲", "units"), Column("单位乙", "units"), Column(old, "number"),
                   Column(new, "number"), Column("变化", "number"), Column("说明", "units"), Column("共同条目")]
    for title, rows, total in (("增强", grew, sum(c.delta > 0 for c in comparison.ties)),
                               ("减弱", shrank, sum(c.delta < 0 for c in comparison.ties))):
        if rows:
            shown = f"，列出前 {len(rows)} 对" if len(rows) < total else ""
            table = Table(list(tie_columns), title=f"合作{title}的单位对（共 {total} 对{shown}）")
            for change in rows:
                table.add(*tie_change_cells(change))
            report.add(table)
    unchanged = len(comparison.loads) - len(changed)
    notes = [LEGEND_LOAD, *([f"负荷未变的单位 {unchanged} 个未列出。"] if unchanged else []),
             f"单位对的数字为共同承担的条目数；“共同条目”列出 {new} 中的条目（消失的单位对列出 {old} 中的）。"
             "单位群组不计入单位对。"]
    if top > 0:
        notes.append("用 --top N 改变列出的单位对数（--top 0 列出全部）。")
    if any(side.lead_inferred for c in changed for side in (c.old, c.new) if side):
        notes.append(INFERRED_NOTE)
    report.notes(notes)
    return report


def compare_data(comparison: Comparison) -> dict[str, Any]:
    def side(stat: UnitStat | None) -> dict[str, Any] | None:
        return unit_record(stat) if stat else None

    return {
        "old_plans": comparison.old_plans,
        "new_plans": comparison.new_plans,
        "old_items": comparison.old_items,
        "new_items": comparison.new_items,
        "method": method_record(),
        "loads": [{"unit": c.unit, "is_group": c.is_group, "old_load": c.old_load,
                   "new_load": c.new_load, "delta": c.delta, "old": side(c.old), "new": side(c.new)}
                  for c in comparison.loads],
        "ties": [{"a": c.a, "b": c.b, "old": len(c.old), "new": len(c.new), "delta": c.delta,
                  "old_items": [item_record(i) for i in c.old],
                  "new_items": [item_record(i) for i in c.new]} for c in comparison.ties],
    }
