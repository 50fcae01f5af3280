"""The import report: what was read, how each item's roles were read, and everything a
person has to check or finish (unknown units, items without units, text not imported)."""

from __future__ import annotations

from pathlib import Path

from qplan.importer.document import ImportResult, describe_numbering
from qplan.importer.draft import FOUND_IN_LABELS, HOW_LABELS, NEEDS_PERSON, DraftItem, DraftPlan, DraftSection
from qplan.importer.jurisdiction import Jurisdiction, infer_kind, level_of
from qplan.model import kind_label
from qplan.numerals import item_label, to_chinese_number
from qplan.registry import Registry
from qplan.vocabulary import INFERRED_MARK, ROLE_LABELS


def unknown_units(plan: DraftPlan, registry: Registry) -> dict[str, list[DraftItem]]:
    found: dict[str, list[DraftItem]] = {}
    for item in plan.items:
        for name in item.named_units:
            if registry.resolve(name) is None and item not in found.setdefault(name, []):
                found[name].append(item)
    return found


def needs_person(plan: DraftPlan) -> list[DraftItem]:
    """Items a person has to finish (no lead) or check (the reader had to guess)."""
    return [item for item in plan.items if item.how in NEEDS_PERSON or item.guesses]


def report_lines(result: ImportResult, registry: Registry, target: str) -> list[str]:
    plan, source = result.plan, result.source
    document = plan.document
    where = f"，计划取自{plan.part}" if plan.part else ""
    lines = [f"已读取 {source.path}（{source.encoding}）{where}，{target}。"]
    kind = f"（{kind_label(plan.kind)}" + (f"：{plan.kind_note}" if plan.kind_note else "") + "）"
    lines.append(f"计划：{plan.title}" + (kind if plan.kind != "plan" else ""))
    lines.append(f"  文件：{document.title}")
    date = document.date_label or "无日期"
    particulars = [document.issuer, document.number or "无文号", date]
    lines.append("  发文：" + " · ".join(particulars))
    for note in (document.issuer_note, document.date_note):
        if note:
            lines.append(f"  注意：{note}")
    lines += _sections(plan)
    lines += _roles(plan, registry)
    if plan.lead_convention:
        declared = sum(1 for item in plan.items if item.lead_declared)
        lines.append(f"原文声明的牵头惯例：“{plan.lead_convention}”。据此 {declared} 项的牵头单位记为原文写明"
                     "（lead_declared: true），不是推定。")
    if plan.notes:
        lines.append("适用于全部条目的说明（已记入 notes）：")
        lines += [f"  {note}" for note in plan.notes]
    for wide in plan.plan_wide:
        reached = [item for item in plan.items if wide.from_item is None or item.no >= wide.from_item]
        start = _label(plan, reached[0]) if reached else ""
        lines.append(f"全文通用的责任（plan_wide，原文写一次）：{wide.unit}{ROLE_LABELS[wide.role]}{start}及以下 "
                     f"{len(reached)} 项，原文“{wide.note}”。各条目中不再重复列出，查询该单位时全部列出。")
    if plan.no_units:
        lines.append("原文各条目都没有写责任单位：记为 no_units: true，各条目 lead 为空不是遗漏，无需补填。")
    lines += _foreign(result.jurisdiction)
    lines += _unknown(plan, registry, result.jurisdiction)
    lines += _todo(plan, len(unknown_units(plan, registry)), str(registry.file or "units.yaml"))
    if result.skipped:
        lines.append(f"未导入的内容（{len(result.skipped)} 处）：")
        for skipped in result.skipped:
            place = f"{source.where(skipped.line)}：" if skipped.line else ""
            lines.append(f"  {place}{skipped.what} —— {skipped.why}")
    remarks = list(result.remarks)
    remarks += [f"{_label(plan, item)}{remark}" for item in plan.items for remark in item.remarks]
    if remarks:
        lines.append("其他说明：")
        lines += [f"  {remark}" for remark in remarks]
    return lines


def _label(plan: DraftPlan, item: DraftItem) -> str:
    label = item_label(item.no, plan.numbering)
    return label if plan.numbering == "chinese" else f"第 {label} 项 "


def _refs(plan: DraftPlan, items: list[DraftItem], limit: int = 6) -> str:
    more = "等" if len(items) > limit else ""
    labels = [item_label(item.no, plan.numbering) for item in items[:limit]]
    if plan.numbering == "chinese":
        return "、".join(labels) + more
    return f"第 {'、'.join(labels)}{more} 项"


def _sections(plan: DraftPlan) -> list[str]:
    count = len(plan.items)
    span = describe_numbering(plan)
    if not plan.sections:
        return [f"条目：{count} 项，{span}。"]
    lines = [f"条目：{count} 项，{span}，分 {len(plan.sections)} 个部分："]
    loose = [item for item in plan.items if item.section is None]
    if loose:
        lines.append(f"  （部分标题之前）：{len(loose)} 项")
    for section in plan.sections:
        members = [item for item in plan.items if item.section == section.no]
        group = f"（属“{section.group}”）" if section.group else ""
        lines.append(f"  {to_chinese_number(section.no)}、{section.title}{group}{_section_lead(section)}："
                     f"{len(members)} 项")
    return lines


def _section_lead(section: DraftSection) -> str:
    """一、加快调整能源结构（省发改委总牵头）: the lead the document states for the whole section."""
    if section.roles is None:
        return ""
    where = "上一级标题所写的总牵头" if section.roles_from_group else "本部分总牵头"
    text = f"〔{where}：{'、'.join(section.lead)}"
    if section.support:
        text += f"；配合：{'、'.join(section.support)}"
    return text + f"，原文“{section.responsibility}”〕"


def _roles(plan: DraftPlan, registry: Registry) -> list[str]:
    counts = {how: sum(1 for item in plan.items if item.how == how) for how in HOW_LABELS}
    summary = "；".join(f"{label} {counts[how]} 项" for how, label in HOW_LABELS.items() if counts[how])
    lines = [f"牵头单位的读法：{summary}。"]
    if counts["first-listed"]:
        lines.append(f"  {INFERRED_MARK} = 原文未写明牵头单位，按“列第一位的为牵头单位”推定。")
    lines.append("逐项：")
    for item in plan.items:
        lines.append(f"  {_label(plan, item)}{'★' if item.key else ''}{item.title} —— {_roles_text(item)}")
    return lines


def _roles_text(item: DraftItem) -> str:
    if item.how == "none":
        return HOW_LABELS["none"] + _deadline_text(item)
    if item.how == "unreadable":
        return f"{HOW_LABELS['unreadable']}：{item.responsibility}" + _deadline_text(item)
    if item.how == "no-lead":
        return f"{HOW_LABELS['no-lead']}：配合 {'、'.join(item.support)}" + _deadline_text(item)
    lead = "、".join(f"{name}（{item.acting[name]}代行）" if name in item.acting else name
                     for name in item.lead)
    where = f"读自{FOUND_IN_LABELS[item.found_in]}，" if item.found_in else ""
    text = f"{where}{HOW_LABELS[item.how]}：{lead}{INFERRED_MARK if item.how == 'first-listed' else ''}"
    if item.support:
        text += f"；配合：{'、'.join(item.support)}"
    if item.open_ended:
        text += "（原文以“等”结尾，未列全）"
    return text + _deadline_text(item)


def _deadline_text(item: DraftItem) -> str:
    deadline = item.deadline
    if deadline is None:
        return ""
    if deadline.date is not None and deadline.inferred:
        return f"；完成时限：{deadline.text}（推定为 {deadline.date.isoformat()}）"
    return f"；完成时限：{deadline.text}"


def _foreign(jurisdiction: Jurisdiction | None) -> list[str]:
    if jurisdiction is None:
        return []
    lines = [f"这是{jurisdiction.place}的文件，单位登记表是{jurisdiction.home}的：文件中的单位不会并入登记表中"
             "名称相同或相近的单位。"]
    if jurisdiction.qualified:
        shown = "、".join(f"{written} → {full}" for written, full in jurisdiction.qualified[:4])
        more = f"等 {len(jurisdiction.qualified)} 个" if len(jurisdiction.qualified) > 4 else ""
        lines.append(f"  {jurisdiction.place}自己的部门按原文简称前加“{jurisdiction.place}”记录（{shown}{more}），"
                     "以免与登记表中同名的单位混淆；原文写法保留在 responsibility 中。")
    return lines


def _unknown(plan: DraftPlan, registry: Registry, jurisdiction: Jurisdiction | None = None) -> list[str]:
    unknown = unknown_units(plan, registry)
    if not unknown:
        return ["单位：全部在单位登记表中。"]
    file = registry.file or "units.yaml"
    lines = [f"不在单位登记表中的单位（{len(unknown)} 个，类别按名称推定；请在 {file} 中登记或改正写法，"
             "或加 --register-new 一次登记，登记后请核对）："]
    for name, items in unknown.items():
        where = _refs(plan, items)
        # A unit of another place is never pointed at a registered unit of this one.
        hint = [] if jurisdiction is not None else [
            known for known in registry.suggest(name) if level_of(known) == level_of(name)]
        suggestion = f" —— 您是否要找：{'、'.join(hint)}？" if hint else ""
        lines.append(f"  {name}（{infer_kind(name)}；{where}）{suggestion}")
    return lines


def _todo(plan: DraftPlan, unknown: int, registry_file: Path | str) -> list[str]:
    todo = [item for item in plan.items if item.how in NEEDS_PERSON and not plan.no_units]
    guessed = [item for item in plan.items if item.guesses]
    if not todo and not guessed and not unknown:
        return ["需要人工处理：无。"]
    lines = []
    if unknown:
        # Unknown units leave the plan failing `validate` just as an empty lead does.
        lines.append(f"需要人工处理：上面 {unknown} 个单位不在单位登记表中，请在 {registry_file} 中登记或改正"
                     "计划文件中的写法（或重新导入并加 --register-new），`qplan validate` 会报错直到处理完。")
    if todo:
        lines.append(f"需要人工处理（{len(todo)} 项，lead 为空，`qplan validate` 会报错直到填写）：")
    if todo and len(todo) == len(plan.items):
        lines.insert(0, "注意：所有条目都没有读出牵头单位。请确认这是一份计划文件，责任单位是否写在别处（如附表）。")
    lines += _unfinished(plan, todo)
    if guessed:
        lines.append(f"需要人工核对（{len(guessed)} 项，以下读法是推断的，请对照原文）：")
        for item in guessed:
            lines += [f"  {_label(plan, item)}{item.title}：{guess}" for guess in item.guesses]
    return lines


def _unfinished(plan: DraftPlan, todo: list[DraftItem]) -> list[str]:
    lines = []
    for item in todo:
        if item.how == "unreadable":
            unread = "、".join(f"“{name}”" for name in item.unread)
            why = f"（{unread}不是可识别的单位名称）" if unread else ""
            lines.append(f"  {_label(plan, item)}{item.title}：责任单位无法识别，原文“{item.responsibility}”{why}")
        elif item.how == "no-lead":
            lines.append(f"  {_label(plan, item)}{item.title}：原文只写了配合单位，没有牵头单位")
        else:
            lines.append(f"  {_label(plan, item)}{item.title}：原文没有写责任单位")
    return lines
