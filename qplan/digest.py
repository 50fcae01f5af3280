"""What `show` needs of a plan, kept in the parse cache in the form it prints.

A warm `qplan show --format json` over hundreds of plans spent most of its time decoding
cached documents, building model objects and encoding them back into JSON. A digest keeps,
for one plan, each item's JSON record already encoded, and an index of which unit holds
which role in which item. From digests alone the fast path answers `show [PLAN]... [--dept
UNIT [--role R]] --format json`: it builds no model object, parses no YAML and renders
nothing, and prints byte for byte what the full path prints (tests/test_digest.py holds the
two against each other).

A digest depends on the plan file (it is kept in that file's cache entry, under the same
key) and on the registry (the names a record carries, which names are unknown or groups):
it is stored with a fingerprint of the registry (`registry_key`) and made again when that
changes. Choosing
a unit's rows follows qplan.query.select_items: the unit's own role first, then the role
of a body it acts for, then that of a group it is a recorded member of, then a plan-wide
responsibility.

Nothing heavy is imported here: the fast path must cost less than importing the model.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qplan.model import Plan
    from qplan.registry import Registry

# Bumped whenever a digest's layout or a record's fields change.
DIGEST_SCHEMA = 3
# As qplan.query.ACTING_PREFIX: `via` of a bureau acting for the body it names.
ACTING_PREFIX = "代"
# date.min, for a plan without a date: such plans sort last, as in qplan.model.newest_first.
NO_DATE = "0001-01-01"

# (role, via, through a plan-wide responsibility) of a unit in one item.
Held = tuple[str, str | None, bool]


def registry_key(registry: Registry) -> str:
    """A fingerprint of what a digest takes from the registry: the spellings (the names the
    records carry), and each unit's kind and recorded members (which names are unknown,
    which are groups nobody recorded the members of)."""
    data = json.dumps([sorted(registry.names.items()),
                       sorted([unit.name, unit.kind, unit.members] for unit in registry.units.values())],
                      ensure_ascii=False).encode("utf-8")
    return f"{DIGEST_SCHEMA}:{zlib.crc32(data):08x}:{len(data)}"


def make_digest(plan: Plan, registry: Registry) -> bytes:
    """The digest of a built plan: one line of JSON (the index), then each item's record
    without its closing brace, one a line (a JSON text never holds a raw newline)."""
    from qplan.jsontext import encode, escape_controls
    from qplan.records import item_record

    # Item positions per unit, leads before ";" and supports after, in order of first mention,
    # item by item and leads first: the order in which the full path meets each name.
    roles: dict[str, list[list[int]]] = {}
    acting: list[list[Any]] = []
    for index, item in enumerate(plan.items):
        for name in item.lead:
            roles.setdefault(name, [[], []])[0].append(index)
        for name in item.support:
            roles.setdefault(name, [[], []])[1].append(index)
        acting += [[index, body, bureau] for body, bureau in item.acting.items()]
    nos = [item.no for item in plan.items]
    reached = [wide.unit for wide in plan.plan_wide if any(wide.applies_to(item) for item in plan.items)]
    date = plan.document.date
    head = {
        "title": plan.title,
        "date": date.isoformat() if date else None,
        "count": len(nos),
        # Numbers 1, 2, 3 … (nearly every plan) are not written out.
        "nos": None if nos == list(range(1, len(nos) + 1)) else nos,
        "units": _units_text(roles),
        "acting": acting,
        "wide": [[wide.unit, wide.role, wide.from_item] for wide in plan.plan_wide],
        # As qplan.workspace.unknown_units finds them: named in an item, or plan-wide in one.
        "unknown": sorted({name for name in [*roles, *reached] if name not in registry.units}),
        # Groups nobody recorded the members of (a member unit may hold their items unseen),
        # with their items, in order of first mention (qplan.registry.Registry.unrecorded_groups).
        "unrecorded": [[name, len(lists[0]) + len(lists[1])] for name, lists in roles.items()
                       if registry.is_group(name) and not registry.units[name].members],
    }
    records = [escape_controls(encode(item_record(plan, item)))[:-1].encode("utf-8") for item in plan.items]
    # Each record's length: read back, a record is a slice of the cache file, copied only once,
    # into the output.
    head["lengths"] = [len(record) for record in records]
    return b"\n".join([json.dumps(head, ensure_ascii=False).encode("utf-8"), *records])


def _units_text(roles: dict[str, list[list[int]]]) -> str | dict[str, str]:
    """Each unit's positions, "\nname\t0,11;14\n…": one string, read far faster than a
    mapping, in which a unit is found with one search. (A normalised name holds no tab or
    newline; should one ever, the mapping is kept.)"""
    lines = {name: ",".join(map(str, lists[0])) + ";" + ",".join(map(str, lists[1])) for name, lists in roles.items()}
    if any("\n" in name or "\t" in name for name in lines):
        return lines
    return "".join(f"\n{name}\t{positions}" for name, positions in lines.items()) + "\n"


def _positions(text: str) -> list[int]:
    return [int(number) for number in text.split(",")] if text else []


class Digest:
    """A plan's digest as read back from the cache: `span` is (data, start, end), where in
    `data` the digest lies."""

    __slots__ = ("_roles", "_span", "acting", "count", "date", "file", "lengths", "nos", "plan_id", "title",
                 "units", "unknown", "unrecorded", "wide")

    def __init__(self, plan_id: str, file: Any, span: tuple[bytes, int, int]) -> None:
        data, start, end = span
        newline = data.find(b"\n", start, end)
        index = json.loads(data[start:newline if newline >= 0 else end])
        self._span = (data, newline + 1, end)
        self.plan_id = plan_id
        self.file = file
        self.title: str = index["title"]
        self.date: str | None = index["date"]
        self.count: int = index["count"]
        self.lengths: list[int] = index["lengths"]
        self.nos: list[int] = index["nos"] or list(range(1, self.count + 1))
        self.units: str | dict[str, str] = index["units"]
        self.acting: list[list[Any]] = index["acting"]
        self.wide: list[list[Any]] = index["wide"]
        self.unknown: list[str] = index["unknown"]
        self.unrecorded: list[list[Any]] = index["unrecorded"]
        self._roles: dict[str, dict[int, str]] = {}
        if len(self.lengths) != self.count or sum(self.lengths) + self.count - 1 > end - self._span[1]:
            raise ValueError("a digest that does not hold its records")

    @property
    def sort_key(self) -> tuple[str, str]:
        # ISO dates sort as the dates do: the order of qplan.model.Plan.sort_key.
        return (self.date or NO_DATE, self.plan_id)

    def records(self) -> list[memoryview]:
        """Each item's record (without its closing brace), where it lies in the cache file."""
        view, starts, lengths = self.places()
        return [view[start:start + length] for start, length in zip(starts, lengths, strict=True)]

    def places(self) -> tuple[memoryview, list[int], list[int]]:
        """The cache file's bytes, and where each record starts and how long it is."""
        data, position, _ = self._span
        starts = list(accumulate([length + 1 for length in self.lengths], initial=position))
        starts.pop()  # where a record after the last would start
        return memoryview(data), starts, self.lengths

    def plain_roles(self, unit: str, groups: Sequence[str]) -> dict[int, str] | None:
        """The unit's roles (item index -> role) where it holds them only in its own name, as in
        nearly every plan: no group of it, no body it acts for, no plan-wide responsibility."""
        if groups or self.wide or any(bureau == unit for _, _, bureau in self.acting):
            return None
        return self.roles_of(unit)

    def roles_of(self, name: str) -> dict[int, str]:
        """Item index -> the role `name` is listed with there (lead wins, as in Item.role_of)."""
        found = self._roles.get(name)
        if found is None:
            leads, _, supports = self._positions_text(name).partition(";")
            found = dict.fromkeys(_positions(supports), "support")
            found.update(dict.fromkeys(_positions(leads), "lead"))
            self._roles[name] = found
        return found

    def _positions_text(self, name: str) -> str:
        if isinstance(self.units, dict):
            return self.units.get(name, ";")
        key = f"\n{name}\t"
        start = self.units.find(key)
        if start < 0:
            return ";"
        start += len(key)
        return self.units[start:self.units.index("\n", start)]

    def held(self, unit: str, groups: Sequence[str]) -> dict[int, Held]:
        """Where `unit` holds a role and how, as qplan.query.unit_role and wide_role decide."""
        held: dict[int, Held] = {index: (role, None, False) for index, role in self.roles_of(unit).items()}
        for index, body, bureau in self.acting:
            if bureau == unit and index not in held:
                role = self.roles_of(body).get(index)
                if role is not None:
                    held[index] = (role, ACTING_PREFIX + body, False)
        for group in groups:
            for index, role in self.roles_of(group).items():
                held.setdefault(index, (role, group, False))
        if self.wide:
            for index, no in enumerate(self.nos):
                if index not in held:
                    found = self._wide_role(index, no, unit, groups)
                    if found is not None:
                        held[index] = found
        return held

    def _wide_role(self, index: int, no: int, unit: str, groups: Sequence[str]) -> Held | None:
        reaching = [wide for wide in self.wide
                    if (wide[2] is None or no >= wide[2]) and index not in self.roles_of(wide[0])]
        for wide in reaching:
            if wide[0] == unit:
                return (wide[1], None, True)
        for group in groups:
            for wide in reaching:
                if wide[0] == group:
                    return (wide[1], group, True)
        return None

    def acting_body(self, index: int, via: str | None) -> str | None:
        """As qplan.query.acting_body: the body a unit acts for, when `via` says it does."""
        if not via or not via.startswith(ACTING_PREFIX):
            return None
        body = via[len(ACTING_PREFIX):]
        return body if any(i == index and b == body for i, b, _ in self.acting) else None


def newest_first(digests: Iterable[Digest]) -> list[Digest]:
    return sorted(digests, key=lambda digest: digest.sort_key, reverse=True)


class JsonRows:
    """The JSON text of `show` built from digests: the stored records with, in a unit's view,
    the unit's role appended. Each record is followed by its ending and a separator; the last
    separator is dropped in `text`."""

    def __init__(self) -> None:
        self._parts: list[bytes | memoryview] = []
        self._endings: dict[tuple[Any, ...], bytes] = {}
        self.count = 0

    def add_all(self, digest: Digest) -> None:
        parts = self._parts
        for record in digest.records():
            parts += (record, b"},\n")
            self.count += 1

    def add_held(self, digest: Digest, held: Mapping[int, Held], role: str | None) -> None:
        records = digest.records()
        parts = self._parts
        endings = self._endings
        for index in sorted(held):
            found, via, wide = held[index]
            if role is not None and found != role:
                continue
            # A bureau acting for a body (via 代…) is rare: the common rows take no call.
            acting_for = digest.acting_body(index, via) if via and via[0] == ACTING_PREFIX else None
            key = (found, None if acting_for else via, wide, acting_for)
            ending = endings.get(key)
            if ending is None:
                ending = self._ending(*key)
            parts += (records[index], ending)
            self.count += 1

    def add_roles(self, digest: Digest, roles: Mapping[int, str], role: str | None) -> None:
        """As add_held, for roles held in the unit's own name (Digest.plain_roles)."""
        view, starts, lengths = digest.places()
        parts = self._parts
        endings = {held: self._endings.get((held, None, False, None)) or self._ending(held, None, False, None)
                   for held in ("lead", "support")}
        for index in sorted(roles):
            held = roles[index]
            if role is None or held == role:
                start = starts[index]
                parts += (view[start:start + lengths[index]], endings[held])
                self.count += 1

    def _ending(self, *fields: Any) -> bytes:
        from qplan.jsontext import encode, escape_controls
        from qplan.records import role_fields

        text = encode(role_fields(*fields))
        ending = self._endings[fields] = escape_controls(", " + text[1:] + ",\n").encode("utf-8")
        return ending

    def text(self) -> bytes:
        """The whole output, framed as qplan.render.formats.to_json frames records."""
        if not self._parts:
            return b"[]\n"
        last = self._parts[-1]
        return b"".join([b"[\n", *self._parts[:-1], bytes(last)[:-2], b"\n]\n"])
