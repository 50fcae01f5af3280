"""Write a draft plan as YAML in the layout of the bundled plans (plans/2025.yaml): header
comments, document particulars, sections with their items, one field per line, unit lists
in brackets, texts in double quotes.

The text is written by hand rather than dumped, so that the file reads like the ones a
person wrote; `check_round_trip` then parses it back to prove nothing was mangled.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qplan.importer.draft import NEEDS_PERSON, DraftItem, DraftPlan, DraftSection
from qplan.names import is_invisible
from qplan.yamlio import parse_yaml_fast

_UNSAFE_START = set("-?:,[]{}#&*!|>'\"%@`~ \t")
_FLOW_UNSAFE = set(",[]{}")
_IMPLICIT_RE = re.compile(
    r"^(?:[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|\.inf|\.nan|0x[0-9a-fA-F]+|0o[0-7]+)"
    r"|true|false|yes|no|on|off|null|y|n|~|\d{4}-\d{1,2}-\d{1,2}.*)$",
    re.I,
)


def scalar(value: str, flow: bool = False) -> str:
    """The value as a plain YAML scalar where that is safe, else double-quoted."""
    plain = (
        value != "" and value == value.strip() and value[0] not in _UNSAFE_START
        and not any(c in value for c in "#:\n\r\t\\\"'") and _IMPLICIT_RE.match(value) is None
        and not (flow and any(c in value for c in _FLOW_UNSAFE))
        and value.isprintable()
    )
    return value if plain else quoted(value)


def quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar. Invisible characters (U+202E, U+200B …)
    # are written as \u escapes: the value is the same, but the file (and --dry-run on a
    # terminal) shows where they are instead of carrying them raw.
    text = json.dumps(value, ensure_ascii=False)
    if value.isprintable():
        return text
    return "".join((f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}") if is_invisible(c) else c
                   for c in text)


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"


def flow_map(values: dict[str, str]) -> str:
    return "{" + ", ".join(f"{scalar(k, True)}: {scalar(v, True)}" for k, v in values.items()) + "}"


TOOL_NOTE = "请对照原文核对。"


def header_comments(plan: DraftPlan, tool_note: str) -> list[str]:
    """The comments at the top of a plan file, in Chinese: the people who read and edit the
    file are the office's staff."""
    source = plan.document.source or ""
    lines = [plan.title, f"由 qplan import 从 {source} 导入。{tool_note}".rstrip()]
    if plan.kind == "multi-year":
        lines.append("kind: multi-year —— 跨年度的行动方案、实施方案，由年度要点落实。")
    if plan.kind == "projects":
        lines += [
            "kind: projects —— 项目名单，不是年度工作要点。key: true 为重点项目（★）。",
            "lead 为表中所列单位（链长单位/牵头单位）；写作“领导小组（某局）”时，lead 为该机构，",
            "括号内代行的局记在 acting: {机构: 局} 中。",
        ]
    else:
        lines += [
            "lead_stated: true 为原文写明“牵头单位：…”；false 为原文未写明，按“列第一位的为",
            "牵头单位”的惯例推定，各项输出标 ※。",
            "open_ended: true 为原文所列单位以“等”结尾（未列全）。",
        ]
    if plan.lead_convention:
        lines.append("lead_declared: true 为按原文自己声明的惯例（lead_convention）确定的牵头单位。")
    if plan.plan_wide:
        lines.append("plan_wide 为原文写一次、适用于各条目的责任（以下均需…，不再列出）：该单位自 from_item")
        lines.append("起在每个条目中承担该角色，条目中不再逐一列出。")
    if plan.no_units:
        lines.append("no_units: true —— 原文没有写责任单位，lead 为空不是遗漏。")
    if any(item.units_from for item in plan.items):
        lines.append("units_from 为条目本身没有写单位时单位的来处：section（所在部分的总牵头单位）或")
        lines.append("sub-points（各小点括注中的单位，按顺序合并）。请核对。")
    if any(item.how in NEEDS_PERSON for item in plan.items) and not plan.no_units:
        lines.append("标“待补”的条目尚无牵头单位：请按原文填写 lead，再运行 qplan validate 检查。")
    return [f"# {line}" for line in lines]


# What earlier versions wrote at the top of a plan file, in English: a re-import of such a
# file replaces these with the Chinese ones instead of keeping them as a person's comments.
LEGACY_HEADER_LINES = frozenset({
    "# kind: multi-year - a plan over several years (行动方案, 实施方案) that annual plans carry out.",
    "# kind: projects - a project list, not a year's 工作要点. key: true marks a key project (★).",
    "# lead: the unit the table names (链长单位/牵头单位); where a body is named with the bureau",
    "# that acts for it, 领导小组（某局）, lead is the body and acting: {body: bureau}.",
    "# lead_stated: true where the document says 牵头单位：…; false where the lead is the",
    "# first-listed unit of a list (the convention 列第一位的为牵头单位), which qplan marks as inferred.",
    "# open_ended: true where the list ends in 等 (the document does not name every unit).",
    "# lead_declared: true where the lead is stated by the document's own convention (lead_convention).",
    "# plan_wide: what the document states once for every item (以下均需…，不再列出): the unit holds",
    "# that role in each item from from_item on, without being listed on the items.",
    "# no_units: true - the document names no responsible units; empty leads are not omissions.",
    "# units_from: where an item names no units itself - section (its section's overall lead) or",
    "# sub-points (the brackets of its numbered sub-points, merged in order). Check these.",
    "# Items marked 待补 have no lead yet: fill in lead from the document, then run qplan validate.",
})


Links = Mapping[int, Mapping[str, Sequence[str]]]


def plan_yaml(plan: DraftPlan, tool_note: str = TOOL_NOTE, links: Links | None = None) -> str:
    """The plan file's text; `links` (item number -> {"continues"/"not": refs}) are decisions a
    person recorded on an earlier version of the file, carried over by a re-import."""
    out = [*header_comments(plan, tool_note), f"title: {scalar(plan.title)}"]
    if plan.kind != "plan":
        out.append(f"kind: {plan.kind}")
    if plan.numbering != "chinese":
        out.append(f"numbering: {plan.numbering}")
    document = plan.document
    out.append("document:")
    out.append(f"  title: {scalar(document.title)}")
    out.append(f"  issuer: {scalar(document.issuer)}")
    if document.number:
        out.append(f"  number: {scalar(document.number)}")
    shown = (str(document.date.year) if document.year_only else document.date.isoformat()) if document.date else "null"
    date_line = f"  date: {shown}"
    inferred = document.date_inferred or bool(document.date_note and "推定" in document.date_note)
    if inferred:
        date_line += "  # 推定：原文没有成文日期，请核对"
    out.append(date_line)
    if inferred:
        out.append("  date_inferred: true")
    if document.date_basis:
        out.append(f"  date_basis: {scalar(document.date_basis)}")
    if document.source:
        out.append(f"  source: {scalar(document.source)}")
    if plan.lead_convention:
        out.append(f"lead_convention: {scalar(plan.lead_convention)}")
    if plan.no_units:
        out.append("no_units: true")
    if plan.plan_wide:
        out.append("plan_wide:")
        for wide in plan.plan_wide:
            out.append(f"  - unit: {scalar(wide.unit)}")
            out.append(f"    role: {wide.role}")
            if wide.from_item is not None:
                out.append(f"    from_item: {wide.from_item}")
            out.append(f"    note: {scalar(wide.note)}")
    if plan.notes:
        out.append("notes:")
        out += [f"  - {scalar(note)}" for note in plan.notes]
    loose = [item for item in plan.items if item.section is None]
    if loose or not plan.sections:
        out.append("items:")
        out += [line for item in loose for line in _item_lines(item, "  ", links, plan.no_units)]
    if plan.sections:
        out.append("sections:")
        for section in plan.sections:
            out.append(f"  - no: {section.no}")
            out.append(f"    title: {scalar(section.title)}")
            out += _section_lines(section)
            members = [item for item in plan.items if item.section == section.no]
            out.append("    items:" if members else "    items: []")
            out += [line for item in members for line in _item_lines(item, "      ", links, plan.no_units)]
    return "\n".join(out) + "\n"


def _section_lines(section: DraftSection) -> list[str]:
    """The heading above the section, and the lead it states for the whole section."""
    lines = [f"    group: {scalar(section.group)}"] if section.group else []
    if section.roles is not None:
        lines.append(f"    lead: {flow_list(section.lead)}")
        lines.append(f"    support: {flow_list(section.support)}")
        lines.append(f"    lead_stated: {'true' if section.roles.lead_stated else 'false'}")
        if section.responsibility:
            lines.append(f"    responsibility: {scalar(section.responsibility)}")
    return lines


def _item_lines(item: DraftItem, indent: str, links: Links | None = None, no_units: bool = False) -> list[str]:
    # A document that names no units at all leaves nothing for a person to fill in.
    lines = [] if no_units else _todo_comment(item, indent)
    lines.append(f"{indent}- no: {item.no}")
    inner = indent + "  "
    lines.append(f"{inner}title: {scalar(item.title)}")
    if item.text:
        lines.append(f"{inner}text: {quoted(item.text)}")
    lines.append(f"{inner}lead: {flow_list(item.lead)}")
    lines.append(f"{inner}support: {flow_list(item.support)}")
    lines.append(f"{inner}lead_stated: {'true' if item.lead_stated else 'false'}")
    if item.lead_declared:
        lines.append(f"{inner}lead_declared: true")
    if item.units_from:
        lines.append(f"{inner}units_from: {item.units_from}")
    lines.append(f"{inner}open_ended: {'true' if item.open_ended else 'false'}")
    if item.key:
        lines.append(f"{inner}key: true")
    if item.acting:
        lines.append(f"{inner}acting: {flow_map(item.acting)}")
    if item.responsibility:
        lines.append(f"{inner}responsibility: {scalar(item.responsibility)}")
    lines += _deadline_lines(item, inner)
    decisions = (links or {}).get(item.no) or {}
    if any(decisions.values()):
        # As `qplan link` writes them, so a later link edits them in place.
        lines.append(f"{inner}links:")
        lines += [f"{inner}  {key}: [{', '.join(quoted(ref) for ref in refs)}]"
                  for key, refs in decisions.items() if refs]
    return lines


def _todo_comment(item: DraftItem, indent: str) -> list[str]:
    if item.how == "unreadable":
        return [f"{indent}# 待补：责任单位无法识别，原文见 responsibility；请填写 lead 和 support。"]
    if item.how == "no-lead":
        return [f"{indent}# 待补：原文只写了配合单位，没有牵头单位；请按实际填写 lead。"]
    if item.how == "none":
        return [f"{indent}# 待补：原文没有写责任单位；请按实际填写 lead，或删除本条。"]
    return []


def _deadline_lines(item: DraftItem, inner: str) -> list[str]:
    """The phrase as the document writes it, and beside it the date read from it (inferred)."""
    deadline = item.deadline
    if deadline is None:
        return []
    lines = [f"{inner}deadline: {scalar(deadline.text)}"]
    if deadline.date is not None and deadline.text != deadline.date.isoformat():
        lines.append(f"{inner}deadline_date: {deadline.date.isoformat()}  # 推定：按原文“{deadline.text}”读出")
        lines.append(f"{inner}deadline_inferred: true")
    return lines


def check_round_trip(text: str, plan: DraftPlan, path: Path) -> None:
    """Parse the written YAML back and compare it with the draft; a difference is our bug.
    (Through the C parser: the round-trip parser took three quarters of an import.)"""
    doc = parse_yaml_fast(text, path)
    if len(_written_order(plan)) != len(plan.items):
        raise AssertionError("an item belongs to no section that is written")
    expected = _expected(plan)
    found = _found(doc)
    if found != expected:
        raise AssertionError(f"YAML round trip differs: {found!r} != {expected!r}")


def _expected(plan: DraftPlan) -> list[Any]:
    return [plan.title, plan.document.title, plan.document.issuer, plan.document.number,
            plan.notes, [(w.unit, w.role, w.from_item, w.note) for w in plan.plan_wide],
            [(s.title, s.group, s.lead if s.roles else None) for s in plan.sections],
            [(i.no, i.title, i.text, i.lead, i.support, i.acting, i.responsibility,
              i.deadline.text if i.deadline else None, i.lead_declared, i.units_from) for i in _written_order(plan)]]


def _written_order(plan: DraftPlan) -> list[DraftItem]:
    """Items outside any section come first, then each section's items."""
    order = [item for item in plan.items if item.section is None]
    for section in plan.sections:
        order += [item for item in plan.items if item.section == section.no]
    return order


def _found(doc: Any) -> list[Any]:
    items = list(doc.get("items") or [])
    for section in doc.get("sections") or []:
        items += list(section.get("items") or [])
    document = doc["document"]
    return [
        doc["title"], document["title"], document["issuer"], document.get("number"),
        list(doc.get("notes") or []),
        [(w["unit"], w["role"], w.get("from_item"), w["note"]) for w in doc.get("plan_wide") or []],
        [(s["title"], s.get("group"), list(s["lead"]) if "lead" in s else None) for s in doc.get("sections") or []],
        [(i["no"], i["title"], i.get("text", ""), list(i["lead"]), list(i["support"]),
          dict(i.get("acting") or {}), i.get("responsibility"), _deadline_text(i.get("deadline")),
          bool(i.get("lead_declared", False)), i.get("units_from")) for i in items],
    ]


def _deadline_text(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else None if value is None else str(value)
