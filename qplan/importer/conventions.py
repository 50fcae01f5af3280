"""What a document says once about all its items: its own convention for leads
(列第一位者为牵头部门，下同; 排在第一位的为牵头单位), and notes that put a unit on every item
written inside an item's bracket (以下均需各区人民政府落实，不再列出).

A declared convention makes the first-listed leads stated, by the document's declaration;
the plan records the declaration, and each item so read is marked as such.
"""

from __future__ import annotations

import re

from qplan.importer.blocks import Paragraph
from qplan.importer.draft import DraftItem, DraftPlan
from qplan.importer.notes import NOTE_RE, note_text
from qplan.model import PlanWide
from qplan.responsibility import DECLARATION_RE


def apply_conventions(plan: DraftPlan, paragraphs: list[Paragraph], asides: list[tuple[DraftItem, str]]) -> None:
    for item, aside in asides:
        for sentence in re.findall(r"[^。；;]+", aside):
            if DECLARATION_RE.search(sentence):
                _declare(plan, sentence, item)
            elif NOTE_RE.search(sentence) or "以下" in sentence:
                _note_in_bracket(plan, item, sentence)
    declared = _declaration_outside_items(plan, paragraphs)
    if declared is not None:
        _declare(plan, declared, None)


def _declaration_outside_items(plan: DraftPlan, paragraphs: list[Paragraph]) -> str | None:
    """A declaration in the notice, the preamble or a note (not inside an item's bracket)."""
    brackets = " ".join(item.responsibility or "" for item in plan.items)
    for paragraph in paragraphs:
        for sentence in re.findall(r"[^。；;]+", paragraph.text):
            match = DECLARATION_RE.search(sentence)
            if match and str(match.group(0)) not in brackets:
                return _declaring_clauses(str(sentence))
    return None


def _declaring_clauses(sentence: str) -> str:
    """The clause that declares, with those that go on about the same lists (其他为配合单位):
    各项任务中排在第一位的为牵头单位，其他为配合单位 — not what the sentence says next."""
    clauses = [c.strip() for c in re.split(r"[，,]", sentence.strip().strip("（）()"))]
    start = next(i for i, clause in enumerate(clauses) if DECLARATION_RE.search(clause))
    end = start + 1
    while end < len(clauses) and re.match(r"(其他|其余|下同|余为|其他单位|其余单位)", clauses[end]):
        end += 1
    return "，".join(clauses[start:end])


def _declare(plan: DraftPlan, sentence: str, item: DraftItem | None) -> None:
    """Leads listed first are stated by the declaration: from the item that declares it on
    (下同, or the first item), for that item alone otherwise, or for the whole plan."""
    sentence = sentence.strip().strip("（）()，,")
    if item is None or item is plan.items[0] or "下同" in sentence:
        start = 0 if item is None else plan.items.index(item)
        scope = plan.items[start:]
    else:
        scope = [item]
    plan.lead_convention = plan.lead_convention or sentence
    for each in scope:
        if each.units_from != "sub-points":
            each.declare_lead()


def _note_in_bracket(plan: DraftPlan, item: DraftItem, sentence: str) -> None:
    """以下均需各区人民政府落实，不再列出: a responsibility for this item and every later one,
    written once in a bracket. The unit it names (listed in the same bracket) is recorded once
    for the plan (plan_wide), not listed again as this item's; a note naming no unit of the
    bracket stays a note."""
    words = sentence.strip().strip("（）()，,")
    covered = [name for name in item.support if name in words]
    if not covered:
        note = note_text(sentence)
        if note not in plan.notes:
            plan.notes.append(note)
        item.remarks.append(f"括注中的“{words}”适用于全部条目，已记入计划说明（notes）")
        return
    item.support = [name for name in item.support if name not in covered]
    for name in covered:
        if not any(wide.unit == name for wide in plan.plan_wide):
            plan.plan_wide.append(PlanWide(name, "support", words, from_item=item.no))
    later = sum(1 for other in plan.items if other.no >= item.no)
    item.remarks.append(
        f"括注中的“{words}”适用于本项及以下全部 {later} 项：记为全文通用的责任（plan_wide），"
        f"“{'、'.join(covered)}”配合这些条目，不在各条目中重复列出")
