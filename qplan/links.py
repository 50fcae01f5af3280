"""Record a person's decision about a cross-year match in the newer plan's file.

The file is edited in place in ruamel.yaml's round-trip mode, so comments, key order, quoting
and layout survive; only the item's `links` mapping changes. The file is read, changed and
written under its lock (qplan.locking), so simultaneous decisions on one plan all stay. The
new text is checked (it must parse and still pass the schema) before it replaces the file.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from qplan.errors import QplanError, UnknownItemError, UsageProblem
from qplan.model import ItemRef, Plan, kind_label
from qplan.numerals import parse_chinese_number
from qplan.planfile import parse_ref
from qplan.workspace import Workspace

CONTINUES = "continues"
REJECTS = "not"
CARRIES = "carries"
NOT_CARRIES = "not_carries"
# Each kind of decision and its opposite: a later decision on a pair replaces the earlier one.
OPPOSITE = {CONTINUES: REJECTS, REJECTS: CONTINUES, CARRIES: NOT_CARRIES, NOT_CARRIES: CARRIES}
KEYS = (CONTINUES, REJECTS, CARRIES, NOT_CARRIES)


class LinkError(UsageProblem):
    """A decision that cannot be recorded as asked (wrong direction, contradiction …)."""


@dataclass(slots=True)
class LinkChange:
    """What one `qplan link` call changed, for the message to the user."""

    item: ItemRef
    file: Path
    line: int | None
    continues: list[str] = field(default_factory=list)
    rejects: list[str] = field(default_factory=list)
    carries: list[str] = field(default_factory=list)
    not_carries: list[str] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)  # (key, ref)
    removed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def ref_of(text: str) -> ItemRef:
    """Parse 2022#5 (also 2022＃5 typed with a Chinese keyboard), or explain the form."""
    cleaned = text.strip().replace("＃", "#")
    plan_part, _, number = cleaned.rpartition("#")
    number = number.strip().strip("（）()")
    if plan_part and number and not number.isdigit():
        # Every output writes items as （十二）: accept that form too.
        with contextlib.suppress(ValueError):
            cleaned = f"{plan_part}#{parse_chinese_number(number)}"
    try:
        return parse_ref(cleaned)
    except ValueError:
        raise UsageProblem(
            f"“{text}”不是条目引用。请写成“计划#序号”，例如 2025#7（计划 2025 的第 7 条）。"
        ) from None


def require_item(workspace: Workspace, ref: ItemRef) -> Plan:
    """The plan holding `ref`, or an error naming what exists."""
    plan = workspace.plan(ref.plan)
    if plan.item(ref.no) is None:
        nos = [item.no for item in plan.items]
        span = f"第 {min(nos)}–{max(nos)} 条" if nos else "没有条目"
        raise UnknownItemError(
            f"计划“{plan.id}”中没有第 {ref.no} 条（该计划共 {len(nos)} 条，{span}）。"
            f"可用 `qplan show {plan.id}` 查看条目序号。"
        )
    return plan


def record(workspace: Workspace, item_ref: ItemRef, *, continues: Sequence[ItemRef] = (),
           rejects: Sequence[ItemRef] = (), clear: Sequence[ItemRef] = (),
           carries: Sequence[ItemRef] = ()) -> LinkChange:
    """Record decisions on the item `item_ref` and rewrite its plan file.

    continues: older items of its kind it continues (confirmed by a person); carries: tasks of
    a multi-year plan it carries out; rejects: items a person says it does not continue, or
    tasks it does not carry (by the other plan's kind); clear: items or tasks whose decision
    is withdrawn. A later decision about the same pair replaces an earlier one.
    """
    plan = require_item(workspace, item_ref)
    _check_consistent([*continues, *carries], rejects, clear)
    not_continues: list[ItemRef] = []
    not_carries: list[ItemRef] = []
    for option, refs in (("--continues", continues), ("--carries", carries), ("--not", rejects),
                         ("--clear", clear)):
        for ref in refs:
            other = require_item(workspace, ref)
            if option == "--clear":
                continue
            if option == "--carries" or (option == "--not" and _is_task_of(plan, other)):
                _check_carries(plan, other, item_ref, ref, option)
                if option == "--not":
                    not_carries.append(ref)
                continue
            _check_direction(plan, other, item_ref, ref, option)
            if option == "--not":
                not_continues.append(ref)
    path = workspace.plan_path(plan.id)
    from qplan.locking import editing

    # Read, change and write under the file's lock: a decision recorded at the same moment by
    # someone else is in the text read here, and stays.
    with editing(path) as edit:
        assert edit.text is not None
        new_text, change = edit_links(edit.text, path, item_ref, continues=continues, rejects=not_continues,
                                      clear=clear, carries=carries, not_carries=not_carries)
        if change.changed:
            _check_still_valid(new_text, path, plan.id)
            edit.write(new_text)
    return change


def _check_consistent(confirms: Sequence[ItemRef], rejects: Sequence[ItemRef],
                      clear: Sequence[ItemRef]) -> None:
    for ref in confirms:
        if ref in rejects:
            raise LinkError(f"{ref} 不能同时用 --continues（或 --carries）和 --not。请只保留一个。")
    for ref in clear:
        if ref in confirms or ref in rejects:
            raise LinkError(f"{ref} 不能在同一命令中既记录又清除。请只保留一个。")


def _is_task_of(plan: Plan, other: Plan) -> bool:
    """Whether `other` is a multi-year plan whose tasks `plan` (annual or project list) carries."""
    return other.kind == "multi-year" and plan.kind != "multi-year"


def _check_carries(plan: Plan, other: Plan, item_ref: ItemRef, ref: ItemRef, option: str) -> None:
    if plan.kind == "multi-year" and other.kind != "multi-year":
        raise LinkError(
            f"判断应记在落实任务的条目上：{ref} 所在的计划 {other.id} 是{kind_label(other.kind)}，"
            f"{item_ref} 是多年行动方案的任务。请改为 `qplan link {ref} {option} {item_ref}`。")
    if other.kind != "multi-year":
        raise LinkError(
            f"{ref} 不是多年行动方案的任务（计划 {other.id} 是{kind_label(other.kind)}）。--carries 记录"
            "本条落实的多年行动方案任务；同类计划之间的延续请用 --continues。")
    if plan.kind == "multi-year":
        raise LinkError(
            f"{item_ref} 与 {ref} 都是多年行动方案的条目。--carries 记录年度要点或项目清单的条目落实哪项任务；"
            "两个多年行动方案之间的延续请用 --continues。")


def _check_direction(plan: Plan, other: Plan, item_ref: ItemRef, ref: ItemRef, option: str) -> None:
    if other.id == plan.id:
        raise LinkError(f"{item_ref} 与 {ref} 在同一计划中；links 只记录跨计划（跨年度）的对应关系。")
    if other.kind != plan.kind:
        hint = (f"如本条落实该多年行动方案的任务，请用 `qplan link {item_ref} --carries {ref}`。"
                if other.kind == "multi-year" else "")
        raise LinkError(
            f"计划“{plan.id}”与“{other.id}”类型不同（{kind_label(plan.kind)} / {kind_label(other.kind)}），"
            f"不能建立延续关系。{hint}"
        )
    if other.sort_key >= plan.sort_key:
        raise LinkError(
            f"判断应记在较新计划的条目上，而计划 {other.id} 并不早于 {plan.id}。"
            f"请改为 `qplan link {ref} {option} {item_ref}`。"
        )


def edit_links(text: str, path: Path, item_ref: ItemRef, *, continues: Sequence[ItemRef] = (),
               rejects: Sequence[ItemRef] = (), clear: Sequence[ItemRef] = (), carries: Sequence[ItemRef] = (),
               not_carries: Sequence[ItemRef] = ()) -> tuple[str, LinkChange]:
    """The file text with the item's links changed, and what changed. Pure: no file access."""
    from qplan.yamlio import line_of, parse_yaml_fast

    yaml = _round_trip(text)
    # Parse with the checking reader first (it explains bad YAML in Chinese; the C parser,
    # unless there is something to explain), then load again with the writer's settings so
    # quoting is remembered for the dump.
    parse_yaml_fast(text, path)
    doc = yaml.load(text)
    node = _find_item(doc, item_ref, path)
    change = LinkChange(item_ref, path, line_of(node))
    links = node.get("links")
    if links is not None and not isinstance(links, dict):
        raise QplanError(f"{item_ref} 的 links 不是映射（应为 continues:/not:/carries:/not_carries: 列表）。"
                         "请先手工修正该条目。", file=path, line=line_of(node, "links"))
    current = {key: [str(r) for r in (links or {}).get(key) or []] for key in KEYS}
    wanted = {key: list(values) for key, values in current.items()}
    for key, refs in ((CONTINUES, continues), (REJECTS, rejects), (CARRIES, carries), (NOT_CARRIES, not_carries)):
        other = OPPOSITE[key]
        for ref in map(str, refs):
            if ref in wanted[other]:
                wanted[other].remove(ref)
                change.removed.append((other, ref))
            if ref not in wanted[key]:
                wanted[key].append(ref)
                change.added.append((key, ref))
    for ref in map(str, clear):
        for key in KEYS:
            if ref in wanted[key]:
                wanted[key].remove(ref)
                change.removed.append((key, ref))
    change.continues, change.rejects = wanted[CONTINUES], wanted[REJECTS]
    change.carries, change.not_carries = wanted[CARRIES], wanted[NOT_CARRIES]
    if not change.changed:
        return text, change
    _write_links(node, links, wanted)
    buffer = StringIO()
    yaml.dump(doc, buffer)
    return buffer.getvalue(), change


def _round_trip(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    # Never re-wrap long lines: item texts are single long strings.
    yaml.width = 1 << 16
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


_DASH_RE = re.compile(r"^( *)- ")
_KEY_RE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")


def _indentation(text: str) -> tuple[int, int, int]:
    """Guess the file's indentation (mapping, sequence, dash offset) so a dump keeps it."""
    lines = text.splitlines()
    mapping = 2
    for index, line in enumerate(lines[:-1]):
        key = _KEY_RE.match(line)
        if not key:
            continue
        following = lines[index + 1]
        dash = _DASH_RE.match(following)
        if dash:
            offset = max(0, len(dash.group(1)) - len(key.group(1)))
            return mapping, offset + 2, offset
        nested = re.match(r"^( *)\S", following)
        if nested and len(nested.group(1)) > len(key.group(1)):
            mapping = len(nested.group(1)) - len(key.group(1))
    return mapping, mapping + 2, mapping


def _find_item(doc: Any, ref: ItemRef, path: Path) -> Any:
    candidates: list[Any] = []
    if isinstance(doc, dict):
        candidates += list(doc.get("items") or [])
        for section in doc.get("sections") or []:
            if isinstance(section, dict):
                candidates += list(section.get("items") or [])
    for node in candidates:
        if isinstance(node, dict) and str(node.get("no")) == str(ref.no):
            return node
    raise UnknownItemError(f"文件中找不到第 {ref.no} 条。", file=path)


def _write_links(node: Any, links: Any, wanted: dict[str, list[str]]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if not any(wanted[key] for key in KEYS):
        if "links" in node:
            del node["links"]
        return
    if links is None:
        links = CommentedMap()
        node["links"] = links
    for key in KEYS:
        refs = wanted[key]
        if not refs:
            if key in links:
                del links[key]
            continue
        existing = links.get(key)
        if isinstance(existing, CommentedSeq):
            # Edit the list in place so its style, quoting and comments stay.
            for index in reversed(range(len(existing))):
                if str(existing[index]) not in refs:
                    del existing[index]
            present = [str(value) for value in existing]
            existing.extend(DoubleQuotedScalarString(r) for r in refs if r not in present)
        else:
            seq = CommentedSeq(DoubleQuotedScalarString(r) for r in refs)
            seq.fa.set_flow_style()
            if key == CONTINUES:
                links.insert(0, key, seq)
            else:
                links[key] = seq


def _check_still_valid(text: str, path: Path, plan_id: str) -> None:
    from qplan.planfile import schema_problems
    from qplan.yamlio import parse_yaml_fast

    problems = [p for p in schema_problems(parse_yaml_fast(text, path), path, plan_id)
                if p.level == "error"]
    if problems:
        raise QplanError(f"修改后的文件未通过检查（{problems[0].message}），原文件未改动。"
                         "请运行 `qplan validate` 查看该文件的问题。", file=path)
