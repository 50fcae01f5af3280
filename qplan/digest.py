"""What `show` needs of a plan, kept in the parse cache in the form it prints.

A warm `qplan show --format json` over hundreds of plans spent most of its time decoding
cached documents, building model objects and encoding them back into JSON. A digest keeps,
for one plan, each item's JSON record already encoded, and an index of which unit holds
which role in which item. From digests alone the fast path answers `show [PLAN]... [--dept
UNIT [--role R]] --format json`: it builds no model object, parses no YAML and renders
nothing, and prints byte for byte what the full path prints (tests/test_digest.py holds the
two against each other).

A digest depends on the plan file (it is kept in that file's cache entry, under the same
key) and on the registry's spellings, which decide the names a record carries: it is
stored with a fingerprint of them (`names_key`) and made again when they change. Choosing
a unit's rows follows qplan.query.select_items: the unit's own role first, then the role
of a body it acts for, then that of a group it is a recorded member of, then a plan-wide
responsibility.

Nothing heavy is imported here: the fast path must cost less than importing the model.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qplan.model import Plan

# Bumped whenever a digest's layout or a record's fields change.
DIGEST_SCHEMA = 1
# As qplan.query.ACTING_PREFIX: `via` of a bureau acting for the body it names.
ACTING_PREFIX = "代"
# date.min, for a plan without a date: such plans sort last, as in qplan.model.newest_first.
NO_DATE = "0001-01-01"

# (role, via, through a plan-wide responsibility) of a unit in one item.
Held = tuple[str, str | None, bool]


def names_key(names: Mapping[str, str]) -> str:
    """A fingerprint of the registry's spellings (spelling -> canonical name)."""
    data = json.dumps(sorted(names.items()), ensure_ascii=False).encode("utf-8")
    return f"{DIGEST_SCHEMA}:{zlib.crc32(data):08x}:{len(data)}"


def make_digest(plan: Plan) -> bytes:
    """The digest of a built plan: one line of JSON (the index), then each item's record
    without its closing brace, one a line (a JSON text never holds a raw newline)."""
    from qplan.render.jsontext import encode, escape_controls
    from qplan.views.items import item_record

    # In order of first mention, item by item, leads before supports: the order in which
    # the full path first meets each name (`show` lists unrecorded groups in that order).
    units: dict[str, list[list[int]]] = {}
    acting: list[list[Any]] = []
    for index, item in enumerate(plan.items):
        for name in item.lead:
            units.setdefault(name, [[], []])[0].append(index)
        for name in item.support:
            units.setdefault(name, [[], []])[1].append(index)
        acting += [[index, body, bureau] for body, bureau in item.acting.items()]
    date = plan.document.date
    head = {
        "title": plan.title,
        "date": date.isoformat() if date else None,
        "nos": [item.no for item in plan.items],
        "units": units,
        "acting": acting,
        "wide": [[wide.unit, wide.role, wide.from_item] for wide in plan.plan_wide],
    }
    records = [escape_controls(encode(item_record(plan, item)))[:-1] for item in plan.items]
    return "\n".join([json.dumps(head, ensure_ascii=False), *records]).encode("utf-8")


class Digest:
    """A plan's digest as read back from the cache."""

    __slots__ = ("_body", "acting", "date", "file", "nos", "plan_id", "title", "units", "wide")

    def __init__(self, plan_id: str, file: Any, blob: bytes) -> None:
        head, _, self._body = blob.partition(b"\n")
        index = json.loads(head)
        self.plan_id = plan_id
        self.file = file
        self.title: str = index["title"]
        self.date: str | None = index["date"]
        self.nos: list[int] = index["nos"]
        self.units: dict[str, list[list[int]]] = index["units"]
        self.acting: list[list[Any]] = index["acting"]
        self.wide: list[list[Any]] = index["wide"]

    @property
    def sort_key(self) -> tuple[str, str]:
        # ISO dates sort as the dates do: the order of qplan.model.Plan.sort_key.
        return (self.date or NO_DATE, self.plan_id)

    def records(self) -> list[bytes]:
        return self._body.split(b"\n") if self.nos else []

    def roles_of(self, name: str) -> dict[int, str]:
        """Item index -> the role `name` is listed with there (lead wins, as in Item.role_of)."""
        lists = self.units.get(name)
        if not lists:
            return {}
        found = dict.fromkeys(lists[1], "support")
        found.update(dict.fromkeys(lists[0], "lead"))
        return found

    def held(self, unit: str, groups: Sequence[str]) -> dict[int, Held]:
        """Where `unit` holds a role and how, as qplan.query.unit_role and wide_role decide."""
        roles: dict[str, dict[int, str]] = {}

        def roles_of(name: str) -> dict[int, str]:
            if name not in roles:
                roles[name] = self.roles_of(name)
            return roles[name]

        held: dict[int, Held] = {index: (role, None, False) for index, role in roles_of(unit).items()}
        for index, body, bureau in self.acting:
            if bureau == unit and index not in held:
                role = roles_of(body).get(index)
                if role is not None:
                    held[index] = (role, ACTING_PREFIX + body, False)
        for group in groups:
            for index, role in roles_of(group).items():
                held.setdefault(index, (role, group, False))
        if self.wide:
            for index, no in enumerate(self.nos):
                if index not in held:
                    found = self._wide_role(index, no, unit, groups, roles_of)
                    if found is not None:
                        held[index] = found
        return held

    def _wide_role(self, index: int, no: int, unit: str, groups: Sequence[str],
                   roles_of: Any) -> Held | None:
        reaching = [wide for wide in self.wide
                    if (wide[2] is None or no >= wide[2]) and index not in roles_of(wide[0])]
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

    def reached_wide_units(self) -> list[str]:
        """The plan-wide units that reach at least one item."""
        return [wide[0] for wide in self.wide if any(wide[2] is None or no >= wide[2] for no in self.nos)]


def newest_first(digests: Iterable[Digest]) -> list[Digest]:
    return sorted(digests, key=lambda digest: digest.sort_key, reverse=True)


class JsonRows:
    """The JSON text of `show` built from digests: the stored records with, in a unit's view,
    the unit's role appended."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._suffixes: dict[tuple[Any, ...], bytes] = {}
        self.count = 0

    def add_all(self, digest: Digest) -> None:
        for record in digest.records():
            self._add(record, b"}")

    def add_held(self, digest: Digest, held: Mapping[int, Held], role: str | None) -> None:
        records = digest.records()
        for index in sorted(held):
            found, via, wide = held[index]
            if role is not None and found != role:
                continue
            acting_for = digest.acting_body(index, via)
            self._add(records[index], self._suffix(found, None if acting_for else via, wide, acting_for))

    def _add(self, record: bytes, suffix: bytes) -> None:
        if self._parts:
            self._parts.append(b",\n")
        self._parts += (record, suffix)
        self.count += 1

    def _suffix(self, *fields: Any) -> bytes:
        suffix = self._suffixes.get(fields)
        if suffix is None:
            from qplan.render.jsontext import encode, escape_controls

            text = encode(role_fields(*fields))
            suffix = self._suffixes[fields] = escape_controls(", " + text[1:]).encode("utf-8")
        return suffix

    def text(self) -> bytes:
        """The whole output, framed as qplan.render.formats.to_json frames records."""
        if not self._parts:
            return b"[]\n"
        return b"".join([b"[\n", *self._parts, b"\n]\n"])


def role_fields(role: str | None, via_group: str | None, via_plan_wide: bool,
                acting_for: str | None) -> dict[str, Any]:
    """What a unit's view adds to an item's record (qplan.views.items.record)."""
    data: dict[str, Any] = {"role": role, "via_group": via_group, "via_plan_wide": via_plan_wide}
    if acting_for:
        data["acting_for"] = acting_for
    return data
