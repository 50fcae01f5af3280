"""The unit registry (plans/units.yaml): one canonical name per unit, every spelling of it,
its kind, renames a user recorded, and group membership a user recorded."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan.errors import UnknownUnitError
from qplan.names import invisible_at, normal_name, typed_name

GROUP_KIND = "单位群组"
KNOWN_KINDS = (
    "市委部门",
    "市政府部门",
    "中央在沪单位",
    "群团组织",
    "司法机关",
    "议事协调机构",
    GROUP_KIND,
    "区级单位",
    "社会组织",
    "企事业单位",
    # Kinds of units of other governments' documents (qplan import infers them from the name).
    "省委部门",
    "省政府部门",
    "国务院部门",
    "中央驻地单位",
)


# Words that only say a unit's level, which people leave out when they type a name: 市场监管局
# for 市市场监管局. A short form reads as the one unit it is short for, never a guess among two.
LEVEL_PREFIXES = ("上海市", "上海", "市", "区", "县")
# Shanghai's districts, and the words of a district-wide group (各区…): the level of a unit.
DISTRICTS = ("黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区", "嘉定区",
             "浦东新区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区")
DISTRICT_KIND = "区级单位"


@dataclass(frozen=True, slots=True)
class Reading:
    """What a unit name a person typed was read as: `note` says so where the typed name is
    not itself a spelling of the unit (a short form, a prefix left out)."""

    canonical: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Rename:
    name: str
    year: int


@dataclass(slots=True)
class Unit:
    name: str
    kind: str
    full_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    renamed_from: list[Rename] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    line: int | None = None

    @property
    def is_group(self) -> bool:
        return self.kind == GROUP_KIND


@dataclass(frozen=True, slots=True)
class Resolution:
    canonical: str
    how: str  # "name", "alias", "full_name" or "rename"
    rename_year: int | None = None


class Registry:
    def __init__(self, units: list[Unit], file: Path | None = None):
        self.file = file
        self.units: dict[str, Unit] = {}
        self.conflicts: dict[str, list[str]] = {}
        self._lookup: dict[str, Resolution] = {}
        self._names: dict[str, str] | None = None
        self._short_forms: dict[str, list[str]] | None = None
        # Names registered twice: the first entry would win silently.
        self.duplicates: list[str] = []
        # Spellings with an invisible character in them (U+200B …): never registered, since
        # one that looks like another unit's name would silently take that unit's items.
        self.invisible: list[str] = []
        for unit in units:
            if unit.name in self.units:
                self.duplicates.append(unit.name)
            self.units.setdefault(unit.name, unit)
        for unit in units:
            self._add(unit.name, Resolution(unit.name, "name"))
            if unit.full_name:
                self._add(unit.full_name, Resolution(unit.name, "full_name"))
            for alias in unit.aliases:
                self._add(alias, Resolution(unit.name, "alias"))
            for rename in unit.renamed_from:
                self._add(rename.name, Resolution(unit.name, "rename", rename.year))
        self._add_derived_spellings()
        self._groups_of: dict[str, list[str]] = {}
        for unit in units:
            for member in unit.members:
                resolved = self.resolve(member) or member
                self._groups_of.setdefault(resolved, []).append(unit.name)

    @property
    def ambiguous(self) -> bool:
        """True when some name would resolve to a silent pick: a spelling of two units, a name
        registered twice, a group among its own members, or renames that go round in a circle.
        Every command that resolves names stops then (see qplan.rules.units.BLOCKING_RULES)."""
        return bool(self.conflicts or self.duplicates or self.invisible or self.member_cycles()
                    or self.rename_cycles())

    def member_cycles(self) -> list[list[str]]:
        """Groups that contain themselves, directly or through other groups."""
        edges = {unit.name: [self.resolve(m) or m for m in unit.members] for unit in self.units.values()
                 if unit.members}
        return _cycles(edges)

    def rename_cycles(self) -> list[list[str]]:
        """Units renamed from themselves, or from a unit that was in turn renamed from them."""
        edges: dict[str, list[str]] = {}
        for unit in self.units.values():
            for rename in unit.renamed_from:
                if rename.name in self.units:
                    edges.setdefault(rename.name, []).append(unit.name)
        return _cycles(edges)

    def _add_derived_spellings(self) -> None:
        """上海市X is also written 市X, and 市X also 上海市X: the same unit, never a guess.

        A derived spelling never displaces a registered one and never makes a conflict.
        """
        for spelling, resolution in list(self._lookup.items()):
            if spelling.startswith("上海市"):
                derived = spelling[2:]
            elif spelling.startswith("市"):
                derived = "上海" + spelling
            else:
                continue
            self._lookup.setdefault(derived, resolution)

    def _add(self, spelling: str, resolution: Resolution) -> None:
        spelling = normal_name(spelling)
        if invisible_at(spelling) is not None:
            self.invisible.append(spelling)
            return
        existing = self._lookup.get(spelling)
        if existing is None:
            self._lookup[spelling] = resolution
        elif existing.canonical != resolution.canonical:
            owners = self.conflicts.setdefault(spelling, [existing.canonical])
            if resolution.canonical not in owners:
                owners.append(resolution.canonical)

    @property
    def names(self) -> dict[str, str]:
        """Every known spelling mapped to its canonical name."""
        if self._names is None:
            self._names = {spelling: r.canonical for spelling, r in self._lookup.items()}
        return self._names

    def spellings_of(self, canonical: str) -> list[str]:
        return [spelling for spelling, r in self._lookup.items() if r.canonical == canonical]

    def resolution(self, spelling: str) -> Resolution | None:
        return self._lookup.get(normal_name(spelling))

    def resolve(self, spelling: str) -> str | None:
        found = self.resolution(spelling)
        return found.canonical if found else None

    def lenient_resolve(self, spelling: str) -> str | None:
        """Resolve what a person typed: also with or without the 上海 / 上海市 / 市 prefix.

        Only for user input; plan files must use a registered spelling (as normalised).
        """
        typed = normal_name(spelling)
        candidates = [typed]
        for prefix in ("上海市", "上海", "市"):
            if typed.startswith(prefix):
                candidates.append(typed[len(prefix):])
        bare = candidates[-1]
        candidates += ["市" + bare, "上海市" + bare, "上海" + bare]
        for candidate in candidates:
            found = self.resolve(candidate)
            if found is not None:
                return found
        return None

    @property
    def short_forms(self) -> dict[str, list[str]]:
        """Each spelling with its level word left out (市场监管局, 卫生健康委) -> the units it can
        be short for, in registry order. The command line and the graph page's search read a
        typed name by this one table."""
        if self._short_forms is None:
            forms: dict[str, list[str]] = {}
            for spelling, resolution in self._lookup.items():
                for prefix in LEVEL_PREFIXES:
                    short = spelling[len(prefix):]
                    if spelling.startswith(prefix) and len(short) >= 2 and short not in self._lookup:
                        owners = forms.setdefault(short, [])
                        if resolution.canonical not in owners:
                            owners.append(resolution.canonical)
            self._short_forms = forms
        return self._short_forms

    def read_typed(self, spelling: str) -> Reading:
        """What a name a person typed means: a spelling of one unit, a short form of exactly
        one, or an error that lists the units it could mean or suggests the nearest names."""
        if not normal_name(spelling):
            raise UnknownUnitError("单位名称为空。请写出单位名称，例如 --dept 市市场监管局。")
        typed = typed_name(spelling)
        if typed in self._lookup:
            return Reading(self._lookup[typed].canonical)
        owners = self.short_forms.get(typed, [])
        if len(owners) > 1:
            raise UnknownUnitError(
                f"“{typed}”可以指不止一个单位：{'、'.join(owners)}。请写出其中一个的名称，例如 --dept {owners[0]}。")
        found = owners[0] if owners else self.lenient_resolve(typed)
        if found is None:
            hint = self.suggestion_text(typed)
            raise UnknownUnitError(
                f"单位“{typed}”不在单位登记表中。{hint}"
                f"可用 `qplan units` 查看全部单位；如为新单位，请在 {self.file or 'units.yaml'} 中登记。"
            )
        return Reading(found, f"“{typed}”按“{found}”查找。")

    def require(self, spelling: str) -> str:
        """Canonical name for any spelling, or an error that suggests the nearest names."""
        return self.read_typed(spelling).canonical

    def suggest(self, spelling: str, limit: int = 3) -> list[str]:
        import difflib

        spelling = normal_name(spelling)
        scored: dict[str, float] = {}
        for known, resolution in self._lookup.items():
            ratio = difflib.SequenceMatcher(None, spelling, known).ratio()
            if spelling and (spelling in known or known in spelling):
                ratio = max(ratio, 0.6 + 0.4 * min(len(spelling), len(known)) / max(len(spelling), len(known)))
            if ratio >= 0.5:
                canonical = resolution.canonical
                scored[canonical] = max(scored.get(canonical, 0.0), ratio)
        ranked = sorted(scored.items(), key=lambda pair: (-pair[1], pair[0]))
        if not ranked:
            return []
        floor = max(0.55, ranked[0][1] - 0.15)
        return [name for name, score in ranked[:limit] if score >= floor]

    def suggestion_text(self, spelling: str) -> str:
        suggestions = self.suggest(spelling)
        if not suggestions:
            return ""
        return "您是否要找：" + "、".join(suggestions) + "？"

    def kind_of(self, name: str) -> str | None:
        unit = self.units.get(name)
        return unit.kind if unit else None

    def is_group(self, name: str) -> bool:
        unit = self.units.get(name)
        return bool(unit and unit.is_group)

    def groups_of(self, name: str) -> list[str]:
        """Groups whose recorded members include this unit."""
        return list(self._groups_of.get(name, []))

    def spellings_with_groups(self, canonical: str) -> set[str]:
        """Every way a plan file may name this unit or a group it is a recorded member of."""
        names = set(self.spellings_of(canonical)) | {canonical}
        for group in self.groups_of(canonical):
            names |= set(self.spellings_of(group)) | {group}
        return names

    def unrecorded_groups(self, mentions: Iterable[tuple[str, int]], unit: str) -> dict[str, int]:
        """Of the names mentioned ((name, times) in the order met), the groups whose membership
        nobody recorded and that could have `unit` among their members (a city unit is in no
        各区… group), so that `unit` may be in them unseen, with the times each is named."""
        if self.is_group(unit):
            return {}
        member_of = set(self.groups_of(unit))
        counts: dict[str, int] = {}
        for name, times in mentions:
            if self.is_group(name) and name not in member_of and not self.units[name].members \
                    and self.could_include(name, unit):
                counts[name] = counts.get(name, 0) + times
        return counts

    def district_of(self, name: str) -> str | None:
        """The district a unit belongs to (闵行区), "各区" for a district-wide group, "" for some
        district not named, None for a city-level unit or one of no known level."""
        for district in DISTRICTS:
            if name.startswith((district, "上海市" + district)):
                return district
        if name.startswith(("各区", "各县")):
            return "各区"
        return "" if self.kind_of(name) == DISTRICT_KIND else None

    def could_include(self, group: str, unit: str) -> bool:
        """Whether a group whose members nobody recorded could have `unit` among them, by level:
        a district group (各区质量工作领导小组) has district members, a city group
        (市质量工作领导小组成员单位) city ones; a group of neither kind, anyone."""
        group_district, unit_district = self.district_of(group), self.district_of(unit)
        if group_district is not None:
            return unit_district is not None and group_district in ("各区", "", unit_district)
        if group.startswith(("市", "上海市")):
            return unit_district is None
        return True


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of a small directed graph once, as the names along it."""
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for start in sorted(edges):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for following in edges.get(node, []):
                if following == start:
                    if frozenset(path) not in seen:
                        seen.add(frozenset(path))
                        found.append(path)
                elif following not in path and following > start:
                    stack.append((following, [*path, following]))
    return found


def build_registry(doc: Any, file: Path | None) -> Registry:
    """Build a registry from an already schema-checked units.yaml document."""
    from qplan.yamlio import line_of

    units: list[Unit] = []
    for index, entry in enumerate(doc.get("units") or []):
        units.append(
            Unit(
                name=normal_name(str(entry["name"])),
                kind=str(entry.get("kind") or "").strip(),
                full_name=_optional_name(entry.get("full_name")),
                aliases=[normal_name(str(a)) for a in entry.get("aliases") or []],
                renamed_from=[
                    Rename(normal_name(str(r["name"])), int(r["year"]))
                    for r in entry.get("renamed_from") or []
                ],
                members=[normal_name(str(m)) for m in entry.get("members") or []],
                line=line_of(doc["units"], index),
            )
        )
    return Registry(units, file)


def _optional_name(value: Any) -> str | None:
    return normal_name(str(value)) if value not in (None, "") else None
