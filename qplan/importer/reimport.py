"""Import over an existing plan file without losing what people recorded in it.

A re-import (`qplan import NEW.docx --id 2025 --force`, a revised 征求意见稿) regenerates the
file from the document. What no document holds is carried over: every `links:` decision goes
to the item it belongs to (same number and title, or the item the matcher finds to continue
it, said as such), and hand-written comments go back where their item survived. Whatever
cannot be carried is listed, and the replaced file is kept whole in plans/.history/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan.errors import QplanError
from qplan.importer.comments import Comment, comments_of, find_comments, place_comments
from qplan.importer.draft import DraftPlan
from qplan.importer.writer import plan_yaml

LINK_KEYS = ("continues", "not", "carries", "not_carries")
LINK_WORDS = {"continues": "确认延续", "not": "否定对应", "carries": "确认落实", "not_carries": "否定落实"}


@dataclass(frozen=True, slots=True)
class Decision:
    old_no: int
    old_title: str
    key: str  # "continues", "not", "carries" or "not_carries"
    ref: str


@dataclass(slots=True)
class Carried:
    """What a re-import kept of the old file, and what it could not keep."""

    text: str  # the new file, with the kept decisions and comments
    decisions: list[tuple[Decision, int, str]] = field(default_factory=list)  # (decision, new no, how)
    dropped: list[tuple[Decision, int | None]] = field(default_factory=list)  # (decision, possible new no)
    comments_kept: int = 0
    comments_lost: list[Comment] = field(default_factory=list)
    unreadable: str | None = None  # why the old file could not be read, if it could not
    # Old item numbers that no longer name the same item: the new number, or None when gone.
    moved: dict[int, int | None] = field(default_factory=dict)
    # Decisions in other plans that point at a moved item: (plan id, item no, ref, new no).
    incoming: list[tuple[str, int, str, int | None]] = field(default_factory=list)  # see Incoming

    @property
    def anything_lost(self) -> bool:
        return bool(self.dropped or self.comments_lost or self.unreadable)


def carry_over(old_text: str | None, draft: DraftPlan, path: Path, plan_id: str,
               names: dict[str, str] | None = None) -> Carried:
    """The new file's text for `draft`, keeping the old file's decisions and comments."""
    from qplan.yamlio import parse_yaml

    plain = plan_yaml(draft)
    if old_text is None:
        return Carried(plain)
    try:
        old_doc = parse_yaml(old_text, path)
        old_items = _items(old_doc)
    except QplanError as exc:
        return Carried(plain, unreadable=exc.message)
    new_by_no = {item.no: item for item in draft.items}
    mapping, hows, possible = _match(old_doc, old_items, draft, plan_id, path, names or {})
    carried = Carried(plain)
    carried.moved = {no: mapping.get(no) for no in old_items if mapping.get(no) != no}
    links: dict[int, dict[str, list[str]]] = {}
    for no, entry in old_items.items():
        for key in LINK_KEYS:
            for ref in _refs(entry, key):
                decision = Decision(no, str(entry.get("title") or ""), key, ref)
                new_no = mapping.get(no)
                if new_no is None or new_no not in new_by_no:
                    carried.dropped.append((decision, possible.get(no)))
                    continue
                refs = links.setdefault(new_no, {}).setdefault(key, [])
                if ref not in refs:
                    refs.append(ref)
                carried.decisions.append((decision, new_no, hows[no]))
    with_links = plan_yaml(draft, links=links)
    comments = find_comments(old_text, old_doc, comments_of(with_links))
    text, lost = place_comments(with_links, parse_yaml(with_links, path), comments, mapping)
    if _same_data(text, with_links, path):
        carried.text = text
        carried.comments_kept = len(comments) - len(lost)
        carried.comments_lost = lost
    else:  # a comment that changed the data would be our bug: keep the data, list the comments
        carried.text = with_links
        carried.comments_lost = comments
    return carried


Incoming = tuple[str, int, str, int | None]  # (plan id, item no, ref, the ref's new number or None)


def incoming_links(plans: list[Any], plan_id: str, moved: dict[int, int | None]) -> list[Incoming]:
    """Decisions recorded in other plans that point at items of `plan_id` that moved or went."""
    found = []
    for plan in plans:
        if plan.id == plan_id:
            continue
        for item in plan.items:
            links = item.links
            for ref in [*links.continues, *links.not_continues, *links.carries, *links.not_carries]:
                if ref.plan == plan_id and ref.no in moved:
                    found.append((plan.id, item.no, str(ref), moved[ref.no]))
    return found


def _items(doc: Any) -> dict[int, Any]:
    found: dict[int, Any] = {}
    if not isinstance(doc, dict):
        return found
    lists = [doc.get("items") or []] + [s.get("items") or [] for s in doc.get("sections") or []
                                        if isinstance(s, dict)]
    for entries in lists:
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("no"), int):
                found.setdefault(entry["no"], entry)
    return found


def _refs(entry: Any, key: str) -> list[str]:
    links = entry.get("links")
    values = links.get(key) if isinstance(links, dict) else None
    return [str(value) for value in values] if isinstance(values, list) else []


def _match(old_doc: Any, old_items: dict[int, Any], draft: DraftPlan, plan_id: str, path: Path,
           names: dict[str, str]) -> tuple[dict[int, int], dict[int, str], dict[int, int]]:
    """old item number -> new number, how each was matched, and likely (unconfirmed) matches.

    Same number and same title is the same item. Otherwise the cross-year matcher (the one
    `qplan diff` uses) pairs them by meaning; only its confident pairs carry decisions.
    """
    new_titles = {item.no: item.title.strip() for item in draft.items}
    mapping: dict[int, int] = {}
    hows: dict[int, str] = {}
    for no, entry in old_items.items():
        if new_titles.get(no) == str(entry.get("title") or "").strip():
            mapping[no], hows[no] = no, "same"
    possible: dict[int, int] = {}
    if len(mapping) == len(old_items):
        return mapping, hows, possible
    try:
        from qplan.diff.align import compare
        from qplan.planfile import build_plan, plan_from_doc
        from qplan.yamlio import parse_yaml_fast

        old_plan = plan_from_doc(old_doc, f"{plan_id}（原）", path, names)
        new_plan = build_plan(parse_yaml_fast(plan_yaml(draft), path), plan_id, path, names)
        rows = compare(old_plan, new_plan).items
    except (QplanError, KeyError, TypeError, ValueError):
        return mapping, hows, possible
    taken = set(mapping.values())
    for row in rows:
        if row.old is None or row.new is None or row.old.no in mapping:
            continue
        if row.status == "continued" and row.new.no not in taken:
            mapping[row.old.no], hows[row.old.no] = row.new.no, "matched"
            taken.add(row.new.no)
        elif row.status == "possible":
            possible[row.old.no] = row.new.no
    return mapping, hows, possible


def _same_data(text: str, reference: str, path: Path) -> bool:
    from qplan.yamlio import parse_yaml_fast

    try:
        return bool(parse_yaml_fast(text, path) == parse_yaml_fast(reference, path))
    except QplanError:
        return False


def summary_lines(carried: Carried, history: Path | None, *, dry_run: bool) -> list[str]:
    """What the person must know about the replaced file, in the import report's words."""
    lines: list[str] = []
    kept = "将保留" if dry_run else "已保留"
    if carried.unreadable:
        lines.append(f"原计划文件无法读取（{carried.unreadable}），其中的人工判断和注释无法带入新文件。")
    moved = [(d, new_no) for d, new_no, how in carried.decisions if how == "matched"]
    if carried.decisions:
        lines.append(f"人工判断：{kept} {len(carried.decisions)} 项（links）。")
    for decision, new_no in moved:
        lines.append(f"　　原第 {decision.old_no} 条“{decision.old_title}”的判断（{LINK_WORDS[decision.key]} "
                     f"{decision.ref}）按内容对应转到新第 {new_no} 条，请核对。")
    if carried.dropped:
        lines.append(f"人工判断：{len(carried.dropped)} 项无法带入（原条目在新文件中找不到对应）：")
        for decision, maybe in carried.dropped:
            hint = f"；可能对应新第 {maybe} 条" if maybe is not None else ""
            lines.append(f"　　原第 {decision.old_no} 条“{decision.old_title}”：{LINK_WORDS[decision.key]} "
                         f"{decision.ref}{hint}。核对后可用 `qplan link` 重新记录。")
    if carried.comments_kept:
        lines.append(f"手写注释：{kept} {carried.comments_kept} 条。")
    if carried.comments_lost:
        lines.append(f"手写注释：{len(carried.comments_lost)} 条无法带入（所属条目已不在）：")
        lines += [f"　　原第 {c.line} 行 {c.text}" for c in carried.comments_lost[:10]]
        if len(carried.comments_lost) > 10:
            lines.append(f"　　……另有 {len(carried.comments_lost) - 10} 条")
    if carried.incoming:
        lines.append(f"其他计划中有 {len(carried.incoming)} 项人工判断指向本计划中位置已变的条目，"
                     "请核对后用 `qplan link` 改正：")
        for other, no, ref, now in carried.incoming:
            where = f"现为第 {now} 条" if now is not None else "新文件中已没有这一条"
            lines.append(f"　　计划 {other} 第 {no} 条的判断指向 {ref}：{where}。")
    if history is not None:
        verb = "将保存到" if dry_run else "已保存到"
        lines.append(f"原文件{verb} {history}（不会当作计划读取），其中保留全部原内容。")
    return lines


def history_header(carried: Carried, source: Path) -> list[str]:
    """The comment lines at the top of the kept copy: why it was replaced, what did not come along."""
    import time

    lines = [f"qplan import 于 {time.strftime('%Y-%m-%d %H:%M:%S')} 用 {source.name} 重新导入时替换下的原文件。"]
    if carried.dropped:
        lines.append("以下人工判断未能带入新文件：")
        lines += [f"  原第 {d.old_no} 条 {LINK_WORDS[d.key]} {d.ref}" for d, _ in carried.dropped]
    return lines
