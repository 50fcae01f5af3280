"""A parse cache for plan files, so that a workspace of hundreds of plans reads instantly.

One file per plans folder in the user's cache folder: a header line, an index line (each
file's size and modification time, and the unit names it mentions), then each file's parsed
content as JSON. A query for one unit parses only the plans that mention it.

An entry is used only when its file's size and modification time match and the cache was
written by this version of qplan for this folder; a corrupt, foreign or damaged cache is
ignored and rebuilt. Writing the cache is best effort: a read-only cache folder never stops
a command.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from qplan import __version__

CACHE_FORMAT = "qplan-parse-cache"
CACHE_SCHEMA = 5  # 4: the unit index includes plan_wide units; 5: names normalised (qplan.names)


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


def mentioned_units(doc: Any) -> list[str]:
    """Every unit name a plan document mentions, normalised as the model reads it: the index
    must answer exactly what parsing the file would (a name written `市市场监管局 ` is
    市市场监管局 on a warm cache too)."""
    from qplan.names import normal_name

    names: set[str] = set()
    sections = doc.get("sections") or []
    item_lists = [doc.get("items") or []] + [s.get("items") or [] for s in sections]
    for items in item_lists:
        for item in items:
            names.update(item.get("lead") or ())
            names.update(item.get("support") or ())
            acting = item.get("acting") or {}
            names.update(acting)
            names.update(acting.values())
    # A unit the document puts on every item once (plan_wide) is named in every item.
    for entry in doc.get("plan_wide") or ():
        if isinstance(entry, dict) and isinstance(entry.get("unit"), str):
            names.add(entry["unit"])
    return sorted({normal_name(str(name)) for name in names})


class ParseCache:
    def __init__(self, root: Path):
        self.enabled = not cache_disabled()
        self.root = str(root.resolve())
        self.path = cache_dir() / f"{zlib.crc32(self.root.encode('utf-8')):08x}-{len(self.root)}.cache"
        self.index: dict[str, dict[str, Any]] = {}
        self.body = b""
        self.fresh: dict[str, bytes] = {}
        # Racy entries whose content this process has checked (or parsed itself).
        self.verified: set[str] = set()
        self.dirty = False
        if self.enabled:
            self._read()

    def _read(self) -> None:
        try:
            data = self.path.read_bytes()
            header_end = data.index(b"\n")
            header = json.loads(data[:header_end])
            rest = data[header_end + 1:]
            if (
                not isinstance(header, dict)
                or header.get("format") != CACHE_FORMAT
                or header.get("schema") != CACHE_SCHEMA
                or header.get("version") != __version__
                or header.get("root") != self.root
                or header.get("checksum") != _checksum(rest)
            ):
                return
            index_end = rest.index(b"\n")
            index = json.loads(rest[:index_end])
            if isinstance(index, dict):
                self.index, self.body = index, rest[index_end + 1:]
        except (OSError, ValueError, UnicodeDecodeError):
            self.index, self.body = {}, b""

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

    def units(self, name: str, stat: os.stat_result) -> list[str] | None:
        """The unit names a cached, unchanged file mentions, without parsing its content."""
        entry = self._entry(name, stat)
        units = entry.get("units") if entry else None
        return units if isinstance(units, list) else None

    def get(self, name: str, stat: os.stat_result) -> Any | None:
        entry = self._entry(name, stat)
        if entry is None:
            return None
        if name in self.fresh:
            return json.loads(self.fresh[name])
        try:
            start, length = int(entry["offset"]), int(entry["length"])
            if start < 0 or start + length > len(self.body):
                return None
            return json.loads(self.body[start:start + length])
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, name: str, stat: os.stat_result, doc: Any, units: list[str] | None = None,
            content: bytes | None = None) -> None:
        """Remember a parsed file. `content`, the bytes parsed, lets a racily new file be cached."""
        if not self.enabled:
            return
        entry: dict[str, Any] = {"key": _key(stat), "units": units}
        if not settled(stat):
            if content is None:
                return
            entry["crc"] = _checksum(content)
        self.fresh[name] = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
        self.index[name] = entry
        self.verified.add(name)
        self.dirty = True

    def forget_missing(self, names: set[str]) -> None:
        for name in list(self.index):
            if name not in names:
                del self.index[name]
                self.fresh.pop(name, None)
                self.dirty = True

    def save(self) -> None:
        if not (self.enabled and self.dirty):
            return
        blobs: list[bytes] = []
        index: dict[str, dict[str, Any]] = {}
        offset = 0
        for name, entry in self.index.items():
            if name in self.fresh:
                blob = self.fresh[name]
            else:
                try:
                    start, length = int(entry["offset"]), int(entry["length"])
                except (KeyError, TypeError, ValueError):
                    continue
                blob = self.body[start:start + length]
            index[name] = {**entry, "offset": offset, "length": len(blob)}
            blobs.append(blob)
            offset += len(blob)
        rest = json.dumps(index, ensure_ascii=False).encode("utf-8") + b"\n" + b"".join(blobs)
        header = {"format": CACHE_FORMAT, "schema": CACHE_SCHEMA, "version": __version__,
                  "root": self.root, "checksum": _checksum(rest)}
        self._write(json.dumps(header).encode("utf-8") + b"\n" + rest)

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
