"""Compare two plans by meaning: which work lines continue, which are new, which were dropped,
and what every unit gained or lost.

`compare(old, new, registry)` (in qplan.diff.align) returns a `DiffResult`; `diff_to_dict`
turns it into plain data for JSON, Excel and any other renderer.
"""

from __future__ import annotations

from typing import Any

from qplan.diff.result import (
    ITEM_STATUSES,
    UNIT_STATUSES,
    DiffResult,
    ItemChanges,
    ItemDiff,
    Relation,
    Segment,
    Thresholds,
    UnitDiff,
)
from qplan.diff.textdiff import fold
from qplan.model import Item, Plan

__all__ = [
    "ITEM_STATUSES",
    "UNIT_STATUSES",
    "DiffResult",
    "ItemChanges",
    "ItemDiff",
    "Relation",
    "Segment",
    "Thresholds",
    "UnitDiff",
    "diff_to_dict",
    "select",
]


def select(result: DiffResult, only: str | None = None, dept: str | None = None) -> DiffResult:
    """The part of a comparison a user asked for.

    only: keep item rows of this status ("continued", "possible", "added", "dropped").
    dept: a canonical unit name; keep item rows where it leads or supports on either side,
    and only that unit's entry among the unit changes.
    """
    rows = list(result.items)
    units = list(result.units)
    if only is not None:
        rows = [row for row in rows if row.status == only]
    if dept is not None:
        rows = [row for row in rows if any(
            item is not None and dept in item.units for item in (row.old, row.new))]
        units = [unit for unit in units if unit.unit == dept]
    kept = {(r.old.no if r.old else None, r.new.no if r.new else None) for r in rows}
    relations = [rel for rel in result.relations
                 if any((o, n) in kept for o in rel.old for n in rel.new)]
    return DiffResult(result.old, result.new, rows, units, relations, result.thresholds)


def diff_to_dict(result: DiffResult) -> dict[str, Any]:
    """The comparison as plain JSON-ready data. The shape is stable; renderers rely on it.

    Top level:
      old, new            plan ids compared (older, newer), e.g. "2022", "2025".
      old_title, new_title  the plans' titles.
      thresholds          {"continued": float, "possible": float}: the score cut-offs used for
                          this pair (they adapt to the plans; see qplan.diff.align).
      summary             {"continued", "possible", "added", "dropped", "units_changed"}: counts
                          (units_changed = units whose status is not "same").
      items               list, in order continued, possible, added, dropped; within a status by
                          new item number, then old item number. Each item:
        status            "continued" (a confident match, or one a person confirmed),
                          "possible" (a likely match for a person to confirm),
                          "added" (only in the newer plan), "dropped" (only in the older plan).
        old, new          item numbers (int) in the older / newer plan; null where absent.
        old_label, new_label  the numbers as the documents write them, e.g. "（十六）"; or null.
        old_title, new_title  item titles; null where absent.
        old_lead, old_support, new_lead, new_support
                          canonical unit names per role; null where the item is absent.
        old_lead_stated, new_lead_stated
                          false where the lead was inferred from list order (not stated);
                          null where the item is absent.
        score             similarity of the pair in [0, 1] rounded to 3 places; null for
                          added/dropped.
        confirmed         true when a person recorded the link (links.continues); false when the
                          tool inferred it (or for added/dropped).
        also_old, also_new  item numbers on the other side that this item also feeds or is fed
                          by (a split or merge); empty lists otherwise.
        changes           null for added/dropped; for a pair:
          title           {"old": str, "new": str} or null when unchanged.
          lead            {"gained": [unit], "lost": [unit]} (canonical names).
          support         {"gained": [unit], "lost": [unit]}.
          text_changed    bool.
          text            [{"op": "equal"|"insert"|"delete", "text": str}], the full
                          character-level diff of the item texts (old -> new).
          text_folded     the same with long unchanged runs shortened around "…", for display.
      relations           splits and merges: [{"kind": "split"|"merge", "old": [int], "new": [int],
                          "scores": [{"old": int, "new": int, "score": float}]}].
      units               list sorted by status (added, dropped, changed, same), then name. Each:
        unit              canonical unit name (aliases and recorded renames already resolved).
        old_spelling      a former name the older plan used (recorded rename), else null.
        status            "added" (items only in the newer plan), "dropped" (only in the older),
                          "changed" (its lead/support items do not correspond one to one through
                          the matched pairs), "same".
        old, new          {"lead": [int], "support": [int]}: its item numbers in each plan.
        gained            {"lead": [int], "support": [int]}: newer items it holds in that role
                          whose matched older item it did not hold in that role (or none matched).
        lost              {"lead": [int], "support": [int]}: older items it held in that role
                          whose matched newer item it does not hold in that role (or none matched).
    Matched pairs used for units are those with status continued or possible.
    """
    return {
        "old": result.old.id,
        "new": result.new.id,
        "old_title": result.old.title,
        "new_title": result.new.title,
        "thresholds": {
            "continued": round(result.thresholds.continued, 3),
            "possible": round(result.thresholds.possible, 3),
        },
        "summary": {
            "continued": result.count("continued"),
            "possible": result.count("possible"),
            "added": result.count("added"),
            "dropped": result.count("dropped"),
            "units_changed": result.units_changed,
        },
        "items": [_item_dict(row, result.old, result.new) for row in result.items],
        "relations": [_relation_dict(relation) for relation in result.relations],
        "units": [_unit_dict(unit) for unit in result.units],
    }


def _side(item: Item | None, plan: Plan, prefix: str) -> dict[str, Any]:
    return {
        prefix: item.no if item else None,
        f"{prefix}_label": plan.label(item) if item else None,
        f"{prefix}_title": item.title if item else None,
        f"{prefix}_lead": list(item.lead) if item else None,
        f"{prefix}_support": list(item.support) if item else None,
        f"{prefix}_lead_stated": item.lead_stated if item else None,
    }


def _item_dict(row: ItemDiff, old: Plan, new: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {"status": row.status}
    data.update(_side(row.old, old, "old"))
    data.update(_side(row.new, new, "new"))
    data["score"] = round(row.score, 3) if row.score is not None else None
    data["confirmed"] = row.confirmed
    data["also_old"] = list(row.also_old)
    data["also_new"] = list(row.also_new)
    data["changes"] = _changes_dict(row.changes) if row.changes is not None else None
    return data


def _segments(segments: list[Segment]) -> list[dict[str, str]]:
    return [{"op": segment.op, "text": segment.text} for segment in segments]


def _changes_dict(changes: ItemChanges) -> dict[str, Any]:
    return {
        "title": ({"old": changes.old_title, "new": changes.new_title}
                  if changes.title_changed else None),
        "lead": {"gained": list(changes.lead_gained), "lost": list(changes.lead_lost)},
        "support": {"gained": list(changes.support_gained), "lost": list(changes.support_lost)},
        "text_changed": changes.text_changed,
        "text": _segments(changes.text),
        "text_folded": _segments(fold(changes.text)),
    }


def _relation_dict(relation: Relation) -> dict[str, Any]:
    return {
        "kind": relation.kind,
        "old": list(relation.old),
        "new": list(relation.new),
        "scores": [{"old": o, "new": n, "score": round(score, 3)}
                   for (o, n), score in sorted(relation.scores.items())],
    }


def _unit_dict(unit: UnitDiff) -> dict[str, Any]:
    return {
        "unit": unit.unit,
        "old_spelling": unit.old_spelling,
        "status": unit.status,
        "old": {"lead": list(unit.old_lead), "support": list(unit.old_support)},
        "new": {"lead": list(unit.new_lead), "support": list(unit.new_support)},
        "gained": {"lead": list(unit.gained_lead), "support": list(unit.gained_support)},
        "lost": {"lead": list(unit.lost_lead), "support": list(unit.lost_support)},
    }
