"""Checks on how unit names are written, wherever they are written (plans, the registry,
progress files), through the one normalisation of qplan.names:

- an invisible character in a name (U+200B 零宽空格, a bidirectional control, ESC …) is an
  error that names the character and its position: such a name matches nothing, and in the
  registry it is never registered, since an alias that looks like another unit's name would
  take that unit's items;
- a name read only after normalising (a trailing no-break space, full-width letters, ASCII
  brackets) is a warning, so that the file's spelling never differs silently from the
  name qplan uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qplan.names import INVISIBLE_ADVICE, is_invisible, name_problem, normal_name, shown, spelling_changes
from qplan.registry import Registry
from qplan.rules import PlanContext, Problem, RegistryContext
from qplan.yamlio import line_of


@dataclass(frozen=True, slots=True)
class Mention:
    """One unit name as a file writes it: where (for the message), and its container and key
    (for the line)."""

    where: str
    container: Any
    key: Any
    raw: str
    owner: str | None = None  # the registry unit an alias, full name or former name belongs to

    @property
    def line(self) -> int | None:
        return line_of(self.container, self.key)


def _names_in(value: Any, where: str, owner: str | None = None) -> Iterator[Mention]:
    if isinstance(value, list):
        for index, name in enumerate(value):
            if isinstance(name, str):
                yield Mention(where, value, index, name, owner)


def plan_mentions(doc: Any) -> Iterator[Mention]:
    """Every unit name a plan file writes: leads and supports of items and sections, acting
    bodies and bureaus, plan-wide units."""
    if not isinstance(doc, dict):
        return
    lists: list[tuple[str, Any]] = [("", doc.get("items"))]
    sections = doc.get("sections")
    for number, section in enumerate(sections if isinstance(sections, list) else [], start=1):
        if isinstance(section, dict):
            for key in ("lead", "support"):
                yield from _names_in(section.get(key), f"第 {section.get('no', number)} 部分的 {key}")
            lists.append(("", section.get("items")))
    for _, items in lists:
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            label = f"第 {item.get('no')} 项"
            for key in ("lead", "support"):
                yield from _names_in(item.get(key), f"{label}的 {key}")
            acting = item.get("acting")
            if isinstance(acting, dict):
                for body, bureau in acting.items():
                    for name in (body, bureau):
                        if isinstance(name, str):
                            yield Mention(f"{label}的 acting", acting, body, name)
    wide = doc.get("plan_wide")
    for index, entry in enumerate(wide if isinstance(wide, list) else [], start=1):
        if isinstance(entry, dict) and isinstance(entry.get("unit"), str):
            yield Mention(f"plan_wide 第 {index} 条", entry, "unit", entry["unit"])


def registry_mentions(doc: Any) -> Iterator[Mention]:
    """Every spelling the registry records: names, full names, aliases, former names, members."""
    units = doc.get("units") if isinstance(doc, dict) else None
    for index, unit in enumerate(units if isinstance(units, list) else []):
        if not isinstance(unit, dict):
            continue
        name = unit.get("name")
        owner = normal_name(name) if isinstance(name, str) else None
        label = f"单位“{shown(owner)}”" if owner else f"第 {index + 1} 个单位"
        if isinstance(name, str):
            yield Mention(f"{label}的 name", unit, "name", name, owner)
        if isinstance(unit.get("full_name"), str):
            yield Mention(f"{label}的 full_name", unit, "full_name", unit["full_name"], owner)
        yield from _names_in(unit.get("aliases"), f"{label}的 aliases", owner)
        yield from _names_in(unit.get("members"), f"{label}的 members", None)
        renames = unit.get("renamed_from")
        for rename in renames if isinstance(renames, list) else []:
            if isinstance(rename, dict) and isinstance(rename.get("name"), str):
                yield Mention(f"{label}的 renamed_from", rename, "name", rename["name"], owner)


def invisible_problem(file: Path, mention: Mention, registry: Registry | None = None) -> Problem | None:
    """The error for a name with an invisible character, or None."""
    problem = name_problem(mention.raw)
    if problem is None:
        return None
    taken = ""
    if registry is not None and mention.owner is not None:
        meant = normal_name("".join(c for c in normal_name(mention.raw) if not is_invisible(c)))
        other = registry.resolve(meant)
        if other is not None and other != mention.owner:
            what = "名称" if meant == other else f"写法“{meant}”"
            taken = (f"这正是单位“{other}”的{what}：如果登记，写成这样的条目会被算到“{mention.owner}”名下，"
                     f"看上去却是“{other}”的。")
    return Problem(file, mention.line, "invisible-character", "error",
                   f"{_in(mention.where)}的单位名称{problem}{taken}{INVISIBLE_ADVICE}")


def _in(where: str) -> str:
    """第 1 项的 lead 中: a space after a field name, none after Chinese."""
    return f"{where} 中" if where[-1:].isascii() else f"{where}中"


def spelling_problem(file: Path, mention: Mention) -> Problem | None:
    """The warning for a name qplan reads only after normalising it, or None."""
    changes = spelling_changes(mention.raw)
    if not changes or name_problem(mention.raw) is not None:
        return None
    name = normal_name(mention.raw)
    return Problem(file, mention.line, "unit-spelling", "warning",
                   f"{_in(mention.where)}的单位名称“{shown(mention.raw)}”{'；'.join(changes)}，按“{name}”识别。"
                   f"请改写为“{name}”，以免与其他文件、表格中的写法对不上。")


def invisible_in_plan(ctx: PlanContext) -> Iterator[Problem]:
    yield from (p for m in plan_mentions(ctx.doc) if (p := invisible_problem(ctx.file, m)) is not None)


def plan_spelling(ctx: PlanContext) -> Iterator[Problem]:
    yield from (p for m in plan_mentions(ctx.doc) if (p := spelling_problem(ctx.file, m)) is not None)


def invisible_in_registry(ctx: RegistryContext) -> Iterator[Problem]:
    found = (invisible_problem(ctx.file, m, ctx.registry) for m in registry_mentions(ctx.doc))
    yield from (p for p in found if p is not None)


def registry_spelling(ctx: RegistryContext) -> Iterator[Problem]:
    yield from (p for m in registry_mentions(ctx.doc) if (p := spelling_problem(ctx.file, m)) is not None)
