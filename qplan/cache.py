"""A parse cache for plan files, so that a workspace of hundreds of plans reads instantly.

One file per plans folder in the user's cache folder: a header line, an index line (each
file's size, modification time and inode, and the unit names it mentions), then the
blobs: each file's parsed content as JSON and, for plans `show --format json` has listed,
their digest (qplan.digest: the records as that view prints them). A query for one unit
parses only the plans that mention it; a warm `show --format json` reads only digests.

An entry is used only when its file's size, modification time and inode match and the cache
was written by this version of qplan for this folder; every blob carries its own checksum,
checked when it is used, so that a damaged or hand-edited cache is ignored and rebuilt
without hashing the blobs a command does not read. Writing the cache is best effort: a
read-only cache folder never stops a command.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from qplan import __version__

CACHE_FORMAT = "qplan-parse-cache"
# 4: the unit index includes plan_wide units; 5: names normalised (qplan.names); 6: a checksum
# per blob, digests, validation verdicts.
CACHE_SCHEMA = 6


def cache_disabled() -> bool:
    return os.environ.get("QPLAN_CACHE", "").lower() in ("0", "off", "no", "false")


def cache_dir() -> Path:
    explicit = os.environ.get("QPLAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qplan"


def _checksum(data: bytes) -> str:
    # Detects a damaged or hand-edited cache; CRC costs about a millisecond per 10 MB.
    return f"crc32:{zlib.crc32(data):08x}:{len(data)}"


def _key(stat: os.stat_result) -> list[int]:
    # Every qplan write is a rename, which makes a new inode: with the inode in the key, two
    # writes within one tick of the file system's clock still give two keys.
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


# A file changed less than this long ago could change again within the same tick of its
# modification time (2 s on FAT, coarse on network shares) without the key noticing
# ("racily clean", as git calls it): its entry also keeps a checksum of the content, checked
# against the file until the file has settled.
RACY_SECONDS = 3.0


def settled(stat: os.stat_result) -> bool:
    import time

    return time.time_ns() - stat.st_mtime_ns > RACY_SECONDS * 1e9


def mentioned_units(doc: Any) -> list[tuple[str, int]]:
    """Every unit name a plan document mentions, normalised as the model reads it (the index
    must answer exactly what parsing the file would: a name written `市市场监管局 ` is
    市市场监管局 on a warm cache too), each with the times items list it as a lead or a
    support, in the order the model first meets them; then the names only an acting body or
    a plan-wide responsibility mentions (listed by no item: 0 times)."""
    from qplan.names import normal_name

    counts: dict[str, int] = {}
    others: list[Any] = []
    sections = doc.get("sections") or []
    item_lists = [doc.get("items") or []] + [s.get("items") or [] for s in sections]
    for items in item_lists:
        for item in items:
            for name in [*(item.get("lead") or ()), *(item.get("support") or ())]:
                name = normal_name(str(name))
                counts[name] = counts.get(name, 0) + 1
            acting = item.get("acting") or {}
            others += [*acting, *acting.values()]
    # A unit the document puts on every item once (plan_wide) is named in every item.
    for entry in doc.get("plan_wide") or ():
        if isinstance(entry, dict) and isinstance(entry.get("unit"), str):
            others.append(entry["unit"])
    for name in others:
        counts.setdefault(normal_name(str(name)), 0)
    return list(counts.items())


# The blobs an entry may have, in the order the file keeps them: each plan's digest
# (qplan.digest), then each file's parsed document. Each kind is read from the file only
# when first needed: a warm `show --format json` reads no document.
SLOTS = ("digest", "doc")


# Blobs read one by one before a whole region is read instead.
SINGLE_READS = 8


def _blob_sum(blob: bytes | memoryview) -> str:
    return f"{zlib.crc32(blob):08x}"


def _pack_units(units: list[tuple[str, int]] | None) -> Any:
    # One string ("name\ttimes\n…") is read far faster than a list; a normalised name holds
    # no tab or newline (should one ever, the list is kept).
    if units is not None and all(name and "\n" not in name and "\t" not in name for name, _ in units):
        return "".join(f"{name}\t{times}\n" for name, times in units)
    return units


def _unpack_units(value: Any) -> list[tuple[str, int]] | None:
    try:
        if isinstance(value, str):
            return [(name, int(times)) for name, _, times in (line.partition("\t") for line in value.splitlines())]
        if isinstance(value, list):
            return [(str(name), int(times)) for name, times in value]
    except (TypeError, ValueError):
        pass
    return None


class ParseCache:
    def __init__(self, root: Path):
        self.enabled = not cache_disabled()
        self.root = str(root.resolve())
        self.path = cache_dir() / f"{zlib.crc32(self.root.encode('utf-8')):08x}-{len(self.root)}.cache"
        self.index: dict[str, dict[str, Any]] = {}
        # Where the blobs start in the file read, where each kind of blob lies from there, and
        # which file that was (a region is read later, only from the same file).
        self._base = 0
        self._layout: dict[str, Any] = {}
        self._identity: tuple[int, int, int] | None = None
        self._regions: dict[str, bytes] = {}
        self._single_reads = 0
        # Blobs made by this process, by (file name, slot), not yet saved.
        self.fresh: dict[tuple[str, str], bytes] = {}
        # Racy entries whose content this process has checked (or parsed itself).
        self.verified: set[str] = set()
        self.dirty = False
        if self.enabled:
            self._read()

    def _read(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                status = os.fstat(handle.fileno())
                header = json.loads(handle.readline(1 << 16))
                index_line = handle.readline()
                if (
                    not isinstance(header, dict)
                    or header.get("format") != CACHE_FORMAT
                    or header.get("schema") != CACHE_SCHEMA
                    or header.get("version") != __version__
                    or header.get("root") != self.root
                    or not index_line.endswith(b"\n")
                    or header.get("checksum") != _checksum(index_line[:-1])
                    or not isinstance(header.get("regions"), dict)
                ):
                    return
                index = json.loads(index_line)
                if isinstance(index, dict):
                    self.index, self._layout, self._base = index, header["regions"], handle.tell()
                    self._identity = _identity(status)
        except (OSError, ValueError, UnicodeDecodeError):
            self.index, self._layout, self._identity = {}, {}, None

    def _region(self, slot: str) -> bytes:
        """All blobs of one kind, read from the cache file the index came from."""
        found = self._regions.get(slot)
        if found is None:
            try:
                start, length = (int(number) for number in self._layout[slot])
            except (KeyError, TypeError, ValueError):
                start, length = 0, -1
            found = self._regions[slot] = self._read_at(start, length)
        return found

    def _read_at(self, start: int, length: int) -> bytes:
        """`length` bytes from `start` of the blobs, from the cache file the index came from
        (not one another process has put in its place since); b"" where that cannot be."""
        if start < 0 or length < 0:
            return b""
        try:
            with open(self.path, "rb") as handle:
                if _identity(os.fstat(handle.fileno())) != self._identity:
                    return b""
                handle.seek(self._base + start)
                data = handle.read(length)
        except OSError:
            return b""
        return data if len(data) == length else b""

    def _entry(self, name: str, stat: os.stat_result) -> dict[str, Any] | None:
        entry = self.index.get(name)
        if not isinstance(entry, dict) or entry.get("key") != _key(stat):
            return None
        if entry.get("crc") is not None and not self._same_content(name, entry):
            return None
        return entry

    def _same_content(self, name: str, entry: dict[str, Any]) -> bool:
        """For an entry made while its file was racily new: is the file still what was parsed?"""
        if name in self.verified:
            return True
        from qplan.errors import QplanError
        from qplan.yamlio import read_file

        try:
            data, stat = read_file(Path(self.root) / name)
        except QplanError:
            return False
        if _key(stat) != entry.get("key") or _checksum(data) != entry.get("crc"):
            return False
        self.verified.add(name)
        if settled(stat):
            del entry["crc"]
            self.dirty = True
        return True

    def _span(self, name: str, entry: dict[str, Any], slot: str) -> tuple[bytes, int, int] | None:
        """Where a blob of an entry lies, (data, start, end), if it is there and its checksum holds."""
        pending = self.fresh.get((name, slot))
        if pending is not None:
            return pending, 0, len(pending)
        try:
            start, length, checksum = entry[slot]
            start, length = int(start), int(length)
        except (KeyError, TypeError, ValueError):
            return None
        try:
            region_start = int(self._layout[slot][0])
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        if slot in self._regions or self._single_reads >= SINGLE_READS:
            data = self._region(slot)
        else:
            # The registry and a plan or two are read alone; after a few, all of them at once.
            self._single_reads += 1
            data, start = self._read_at(region_start + start, length), 0
        if start < 0 or length < 0 or start + length > len(data):
            return None
        if _blob_sum(memoryview(data)[start:start + length]) != checksum:
            return None
        return data, start, start + length

    def _blob(self, name: str, entry: dict[str, Any], slot: str) -> bytes | None:
        found = self._span(name, entry, slot)
        return found[0][found[1]:found[2]] if found is not None else None

    def units(self, name: str, stat: os.stat_result) -> list[str] | None:
        """The unit names a cached, unchanged file mentions, without parsing its content."""
        found = self.mentions(name, stat)
        return sorted(name for name, _ in found) if found is not None else None

    def mentions_none(self, name: str, stat: os.stat_result, spellings: set[str]) -> bool:
        """True when a cached, unchanged file is known to mention none of `spellings` (found
        without reading the whole list: a warm query looks at every plan)."""
        entry = self._entry(name, stat)
        packed = entry.get("units") if entry else None
        if isinstance(packed, str):
            lines = "\n" + packed
            return not any(f"\n{spelling}\t" in lines for spelling in spellings)
        found = _unpack_units(packed)
        return found is not None and spellings.isdisjoint(name for name, _ in found)

    def mentions(self, name: str, stat: os.stat_result) -> list[tuple[str, int]] | None:
        """As mentioned_units found them in a cached, unchanged file."""
        entry = self._entry(name, stat)
        return _unpack_units(entry.get("units")) if entry else None

    def summary(self, name: str, stat: os.stat_result) -> tuple[str, str | None] | None:
        """A cached, unchanged plan's title and date (ISO), as the model reads them."""
        entry = self._entry(name, stat)
        found = entry.get("plan") if entry else None
        if isinstance(found, list) and len(found) == 2 and isinstance(found[0], str):
            return found[0], found[1] if isinstance(found[1], str) else None
        return None

    def get(self, name: str, stat: os.stat_result) -> Any | None:
        entry = self._entry(name, stat)
        blob = self._blob(name, entry, "doc") if entry is not None else None
        if blob is None:
            return None
        try:
            return json.loads(blob)
        except ValueError:
            return None

    def put(self, name: str, stat: os.stat_result, doc: Any, units: list[tuple[str, int]] | None = None,
            content: bytes | None = None, summary: tuple[str, str | None] | None = None) -> None:
        """Remember a parsed file. `content`, the bytes parsed, lets a racily new file be cached;
        `units` (mentioned_units) and `summary` (title and date) are kept for a plan."""
        if not self.enabled:
            return
        entry: dict[str, Any] = {"key": _key(stat), "units": _pack_units(units)}
        if summary is not None:
            entry["plan"] = list(summary)
        if not settled(stat):
            if content is None:
                return
            entry["crc"] = _checksum(content)
        self.fresh[(name, "doc")] = json.dumps(doc, ensure_ascii=False, separators=(",", ":"),
                                               default=str).encode("utf-8")
        # A new entry: what was known of the file's former content goes with it.
        self.fresh.pop((name, "digest"), None)
        self.index[name] = entry
        self.verified.add(name)
        self.dirty = True

    def digest(self, name: str, stat: os.stat_result, key: str) -> tuple[bytes, int, int] | None:
        """Where the digest of an unchanged plan lies, (data, start, end), if it was made under
        the registry `key` names."""
        entry = self._entry(name, stat)
        if entry is None or entry.get("digest_key") != key:
            return None
        return self._span(name, entry, "digest")

    def put_digest(self, name: str, stat: os.stat_result, key: str, blob: bytes) -> None:
        entry = self._entry(name, stat)
        if entry is None:
            return
        entry["digest_key"] = key
        self.fresh[(name, "digest")] = blob
        self.dirty = True

    def checked(self, name: str, stat: os.stat_result) -> Any:
        """What put_checked recorded of an unchanged file, if anything."""
        entry = self._entry(name, stat)
        return entry.get("checked") if entry else None

    def put_checked(self, name: str, stat: os.stat_result, verdict: Any) -> None:
        """Remember that the file, unchanged, passed the checks `verdict` describes (JSON)."""
        entry = self._entry(name, stat)
        if entry is not None and entry.get("checked") != verdict:
            entry["checked"] = verdict
            self.dirty = True

    def fingerprint(self, name: str, stat: os.stat_result) -> str | None:
        """A mark of an unchanged file's parsed content (its document's checksum)."""
        entry = self._entry(name, stat)
        if entry is None:
            return None
        pending = self.fresh.get((name, "doc"))
        if pending is not None:
            return f"{_blob_sum(pending)}:{len(pending)}"
        where = entry.get("doc")
        return f"{where[2]}:{where[1]}" if isinstance(where, list) and len(where) == 3 else None

    def forget_missing(self, names: set[str]) -> None:
        for name in list(self.index):
            if name not in names:
                del self.index[name]
                for slot in SLOTS:
                    self.fresh.pop((name, slot), None)
                self.dirty = True

    def save(self) -> None:
        if not (self.enabled and self.dirty):
            return
        index = {name: {key: value for key, value in entry.items() if key not in SLOTS}
                 for name, entry in self.index.items()}
        regions: dict[str, list[int]] = {}
        blobs: list[bytes] = []
        offset = 0
        for slot in SLOTS:
            start = offset
            for name, entry in self.index.items():
                blob = self._blob(name, entry, slot)
                if blob is not None:
                    index[name][slot] = [offset - start, len(blob), _blob_sum(blob)]
                    blobs.append(blob)
                    offset += len(blob)
            regions[slot] = [start, offset - start]
        for entry in index.values():
            if "digest" not in entry:
                entry.pop("digest_key", None)
        index = {name: entry for name, entry in index.items() if "doc" in entry}
        index_line = json.dumps(index, ensure_ascii=False).encode("utf-8")
        header = {"format": CACHE_FORMAT, "schema": CACHE_SCHEMA, "version": __version__,
                  "root": self.root, "checksum": _checksum(index_line), "regions": regions}
        content = b"".join(blobs)
        self._write(json.dumps(header).encode("utf-8") + b"\n" + index_line + b"\n" + content)
        if not self.dirty:
            # What was saved is what this process reads from now on, from memory: the file it
            # read before is gone, and a blob not read yet would otherwise be lost at the next
            # save (a command may save more than once).
            self.index, self._layout, self._identity = index, regions, None
            self._regions = {slot: content[start:start + length] for slot, (start, length) in regions.items()}
            self.fresh = {}

    def _write(self, data: bytes) -> None:
        from qplan.errors import QplanError
        from qplan.yamlio import write_atomically

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Several readers may save at once: each rename is whole, the last one wins, and
            # every entry is keyed by its file's status, so no winner can serve stale content.
            write_atomically(self.path, data, durable=False)
            self.dirty = False
        except (OSError, QplanError):
            pass


def _identity(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_ino, status.st_size, status.st_mtime_ns)
