"""`qplan graph`: the unit network as terminal tables and as JSON."""

from __future__ import annotations

from typing import Any

from qplan.graph.analysis import (
    COMMUNITY_METHOD,
    LEAD_WEIGHT,
    SUPPORT_WEIGHT,
    Community,
    Comparison,
    ItemInfo,
    LoadChange,
    Neighbourhood,
    Overview,
    Pair,
    Partner,
    SharedItem,
    TieChange,
    UnitStat,
)
from qplan.graph.build import ROLE_NAMES
from qplan.render import INFERRED_MARK
from qplan.render.text import to_json

GROUP_MARK = "◇"
WEIGHTS_NOTE = (f"负荷 = 牵头条目数×{LEAD_WEIGHT} + 配合条目数×{SUPPORT_WEIGHT}"
                "（按列序推定的牵头与写明的牵头同样计分）。")
BETWEENNESS_NOTE = ("介数：在单位关系网（两单位共同承担条目即相连）中，其他单位之间的最短路径经过该单位的比例，"
                    "0–1；越大越是连接不同单位的“桥梁”。")
GROUPS_NOTE = (f"{GROUP_MARK}单位群组（如“市质量工作领导小组成员单位”）代表多个单位，单独列出，"
               "不计入介数、合作单位、单位对和合作群；用 --no-groups 可完全略去。")
COMMUNITY_NOTE = "合作群：在按共同条目数加权的单位关系网上做社区发现（贪心模块度算法，结果固定）。"
SUMMARY_TITLES = 3
INFERRED_NOTE = (f"{INFERRED_MARK}牵头为推定：原文件未写明“牵头单位”，按“列第一位的为牵头单位”的惯例推定；"
                 f"牵头数后的（{INFERRED_MARK}n）为其中推定的条目数。")


def role_name(role: str) -> str:
    return ROLE_NAMES[role]


def item_text(item: ItemInfo) -> str:
    return f"{item.key} {item.title}"


def lead_cell(stat: UnitStat) -> str:
    if not stat.lead:
        return ""
    inferred = f"（{INFERRED_MARK}{len(stat.lead_inferred)}）" if stat.lead_inferred else ""
    return f"{len(stat.lead)}{inferred}"


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


UNIT_HEADERS = ["排名", "单位", "牵头", "配合", "负荷", "合作单位", "介数", "合作群"]


def unit_cells(rank: int, stat: UnitStat) -> list[str]:
    return [str(rank), stat.unit, lead_cell(stat),
            str(len(stat.support)) if stat.support else "", str(stat.load),
            number_cell(stat.partners), number_cell(stat.betweenness),
            number_cell(stat.community)]


PAIR_HEADERS = ["单位甲", "单位乙", "共同条目", "牵头–配合", "同为配合", "条目（谁牵头）"]


def pair_cells(pair: Pair) -> list[str]:
    items = "\n".join(f"{item_text(s.item)}（{pair_role_text(s)}）" for s in pair.items)
    return [pair.a, pair.b, str(pair.weight), str(pair.lead_support),
            str(pair.support_support), items]


GROUP_HEADERS = ["单位群组", "牵头", "配合", "负荷", "条目"]


def group_cells(stat: UnitStat, items_by_key: dict[str, ItemInfo]) -> list[str]:
    held = sorted((items_by_key[key] for key in [*stat.lead, *stat.support]),
                  key=lambda item: (item.plan, item.no))
    items = "\n".join(item_text(item) for item in held)
    return [f"{GROUP_MARK}{stat.unit}", lead_cell(stat),
            str(len(stat.support)) if stat.support else "", str(stat.load), items]


def overview_notes(view: Overview) -> list[str]:
    notes = [WEIGHTS_NOTE, BETWEENNESS_NOTE, COMMUNITY_NOTE]
    if view.groups_left_out:
        notes.append(f"已按 --no-groups 略去 {len(view.groups_left_out)} 个单位群组："
                     f"{'、'.join(view.groups_left_out)}。")
    elif view.groups:
        notes.append(GROUPS_NOTE)
    if view.loners:
        notes.append(f"不与其他单位共同承担任何条目的单位：{'、'.join(view.loners)}。")
    if any(stat.lead_inferred for stat in [*view.units, *view.groups]):
        notes.append(INFERRED_NOTE)
    return notes


def overview_renderables(view: Overview) -> list[Any]:
    from rich.text import Text

    from qplan.render.terminal import make_table

    out: list[Any] = [Text(overview_heading(view), style="bold")]
    out.append(make_table(
        f"各单位负荷（牵头×{LEAD_WEIGHT} + 配合×{SUPPORT_WEIGHT}）与介数", UNIT_HEADERS,
        [unit_cells(rank, stat) for rank, stat in enumerate(view.units, start=1)]))
    if view.pairs:
        out.append(make_table(
            f"合作最多的单位对（前 {len(view.pairs)} 对，共 {view.pair_count} 对）", PAIR_HEADERS,
            [pair_cells(pair) for pair in view.pairs], wrap_columns=(5,)))
    if view.communities:
        out.append(Text(f"\n合作群（{len(view.communities)} 个）", style="italic"))
        out += [Text(community_summary(c)) for c in view.communities]
        out.append(Text(""))
    if view.groups:
        out.append(make_table(f"单位群组（{len(view.groups)} 个，单独列出）", GROUP_HEADERS,
                              [group_cells(stat, view.items) for stat in view.groups], wrap_columns=(4,)))
    out += [Text(note, style="dim") for note in overview_notes(view)]
    return out


def item_record(item: ItemInfo) -> dict[str, Any]:
    return {"item": item.key, "plan": item.plan, "no": item.no, "label": item.label,
            "title": item.title}


def unit_record(stat: UnitStat) -> dict[str, Any]:
    return {
        "unit": stat.unit, "kind": stat.kind or None, "is_group": stat.is_group,
        "registered": stat.registered, "lead": stat.lead, "lead_inferred": stat.lead_inferred,
        "support": stat.support, "load": stat.load, "partners": stat.partners,
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


def overview_json(view: Overview) -> str:
    return to_json({
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
    })


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


def others_text(others: list[tuple[str, str]]) -> str:
    return "、".join(f"{unit}（{role_name(role)}）" for unit, role in others) or "（无）"


def neighbourhood_renderables(near: Neighbourhood, plans: list[str]) -> list[Any]:
    from rich.text import Text

    from qplan.render.terminal import make_table

    out: list[Any] = [Text(neighbourhood_heading(near, plans), style="bold")]
    out.append(make_table(
        f"本单位的条目（{len(near.items)} 项）", ["条目", "任务", "本单位角色", "同一条目上的其他单位"],
        [[own.item.key, own.item.title, role_name(own.role), others_text(own.others)]
         for own in near.items], wrap_columns=(1, 3)))
    if near.partners:
        out.append(make_table(
            f"合作单位（{len(near.partners)} 个，共同条目多的在前）", ["单位", "共同条目", "条目（角色）"],
            [[p.unit, str(p.weight), partner_items_text(p)] for p in near.partners],
            wrap_columns=(2,)))
    if near.groups:
        out.append(make_table(
            f"同一条目上的单位群组（{len(near.groups)} 个）", ["单位群组", "共同条目", "条目（角色）"],
            [[f"{GROUP_MARK}{p.unit}", str(p.weight), partner_items_text(p)] for p in near.groups],
            wrap_columns=(2,)))
    notes = [WEIGHTS_NOTE]
    if near.alone:
        notes.append(f"本单位独自承担的条目：{'；'.join(item_text(i) for i in near.alone)}。")
    if near.groups or near.stat.is_group:
        notes.append(GROUPS_NOTE)
    roles = [role for own in near.items for role in (own.role, *(r for _, r in own.others))]
    if "inferred_lead" in roles:
        notes.append(INFERRED_NOTE)
    out += [Text(note, style="dim") for note in notes]
    return out


def neighbourhood_json(near: Neighbourhood, plans: list[str]) -> str:
    def partner(p: Partner) -> dict[str, Any]:
        return {"unit": p.unit, "is_group": p.is_group, "weight": p.weight,
                "items": [shared_record(s, "role", "partner_role") for s in p.items]}

    return to_json({
        "plans": plans,
        "unit": unit_record(near.stat),
        "method": method_record(),
        "items": [{**item_record(own.item), "role": own.role,
                   "others": [{"unit": unit, "role": role} for unit, role in own.others]}
                  for own in near.items],
        "partners": [partner(p) for p in near.partners],
        "groups": [partner(p) for p in near.groups],
        "alone": [item_record(i) for i in near.alone],
    })


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


def compare_renderables(comparison: Comparison, top: int) -> list[Any]:
    from rich.text import Text

    from qplan.render.terminal import make_table

    old, new = plans_text(comparison.old_plans), plans_text(comparison.new_plans)
    out: list[Any] = [Text(f"单位关系网变化：{old}（{comparison.old_items} 项）→ "
                           f"{new}（{comparison.new_items} 项）", style="bold")]
    changed = [c for c in comparison.loads if c.delta != 0]
    headers = ["单位", f"{old} 牵头/配合", f"{new} 牵头/配合", "负荷", "变化", "介数", "说明"]
    out.append(make_table(f"负荷有变化的单位（{len(changed)} 个；增加的在前）", headers,
                          [load_change_cells(c) for c in changed]))
    grew, shrank = limited(comparison.ties, top)
    tie_headers = ["单位甲", "单位乙", old, new, "变化", "说明", "共同条目"]
    for title, rows, total in (("增强", grew, sum(c.delta > 0 for c in comparison.ties)),
                               ("减弱", shrank, sum(c.delta < 0 for c in comparison.ties))):
        if rows:
            shown = f"，列出前 {len(rows)} 对" if len(rows) < total else ""
            out.append(make_table(f"合作{title}的单位对（共 {total} 对{shown}）", tie_headers,
                                  [tie_change_cells(c) for c in rows], wrap_columns=(6,)))
    unchanged = len(comparison.loads) - len(changed)
    notes = [WEIGHTS_NOTE, *([f"负荷未变的单位 {unchanged} 个未列出。"] if unchanged else []),
             f"单位对的数字为共同承担的条目数；“共同条目”列出 {new} 中的条目（消失的单位对列出 {old} 中的）。"
             "单位群组不计入单位对。"]
    if top > 0:
        notes.append("用 --top N 改变列出的单位对数（--top 0 列出全部）。")
    if any(side.lead_inferred for c in changed for side in (c.old, c.new) if side):
        notes.append(INFERRED_NOTE)
    out += [Text(note, style="dim") for note in notes]
    return out


def compare_json(comparison: Comparison) -> str:
    def side(stat: UnitStat | None) -> dict[str, Any] | None:
        return unit_record(stat) if stat else None

    return to_json({
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
    })
