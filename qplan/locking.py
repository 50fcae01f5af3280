"""Safe edits of files that several people share: the one way qplan changes a file in the
plans folder (a plan, the registry, a progress file).

    with editing(path) as edit:          # waits for any other qplan writing this file
        new_text = change(edit.text)     # edit.text: the file as it is now, read under the lock
        edit.write(new_text)             # atomic; mode, owner and symlinks kept

A writer holds an exclusive lock on the file for its whole read-modify-write, so a second
writer waits (saying so) and then applies its change on top of the first instead of over
it. Readers take no lock: every write is a rename, so a reader sees the old file or the new
one, never half of one. The lock is the `filelock` library's (flock on POSIX, msvcrt on
Windows, a lock file elsewhere), imported only here, so commands that only read never load it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from qplan.errors import OutputError, QplanError
from qplan.notices import Notify, notice
from qplan.yamlio import atomic_write, check_writable, is_temp_leftover, read_text, write_target

# How long a writer waits for another before giving up (a writer holds a lock for well
# under a second; a minute means something is stuck).
DEFAULT_WAIT_SECONDS = 60.0


class LockTimeoutError(QplanError):
    """Another writer held the file for longer than a writer waits."""


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def wait_seconds() -> float:
    try:
        return float(os.environ.get("QPLAN_LOCK_WAIT", DEFAULT_WAIT_SECONDS))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextmanager
def locked(path: Path, notify: Notify | None = None) -> Iterator[Path]:
    """Hold the exclusive lock of `path` (of its target, for a symlink); yields the target.

    Leftover temp files of this file, from a writer that was killed, are removed once the
    lock is held: no live writer can own them then.
    """
    from filelock import FileLock, Timeout

    target = write_target(path)
    guard = lock_path(target)
    lock = FileLock(str(guard), mode=0o666)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            (notify or notice)(f"另一个 qplan 命令正在修改 {path}，等待它完成后再接着修改……")
            waited = wait_seconds()
            try:
                lock.acquire(timeout=waited)
            except Timeout:
                raise LockTimeoutError(
                    f"等了 {waited:.0f} 秒，另一个 qplan 命令仍在修改此文件，未作改动。请稍后重试；"
                    f"如确认没有其他 qplan 在运行，请删除锁文件 {guard} 后重试。", file=path) from None
    except OSError as exc:
        from qplan.yamlio import os_reason

        raise OutputError(f"无法在文件所在文件夹中建立锁文件 {guard.name}（{os_reason(exc)}），未作改动。"
                          "请检查文件夹的写入权限。", file=path) from None
    try:
        _remove_leftovers(target, notify or notice)
        yield target
    finally:
        lock.release()


def _remove_leftovers(target: Path, notify: Notify) -> None:
    prefix = f".{target.name}."
    try:
        names = [entry.name for entry in os.scandir(target.parent)
                 if entry.name.startswith(prefix) and is_temp_leftover(entry.name)]
    except OSError:
        return
    for name in names:
        try:
            (target.parent / name).unlink()
        except OSError:
            continue
        notify(f"已删除上次写入中断时留下的临时文件 {target.parent / name}（{target.name} 本身完好）。")


@dataclass(slots=True)
class Edit:
    """One file being edited under its lock."""

    path: Path
    text: str | None  # as it is now, read under the lock; None when the file does not exist
    written: bool = False

    def write(self, text: str) -> None:
        """Replace the file atomically (mode, owner and a symlink kept); nothing when unchanged."""
        if text == self.text:
            return
        with atomic_write(self.path) as handle:
            handle.write(text)
        self.text = text
        self.written = True


@contextmanager
def editing(path: Path, *, notify: Notify | None = None, create: bool = False,
            read: Callable[[Path], str] = read_text) -> Iterator[Edit]:
    """Lock `path`, read it afresh, let the caller change it, release.

    create: the file may not exist yet (edit.text is None; its folder is created).
    read: how to read the current text (default: UTF-8 with Chinese errors).
    An exception before edit.write() leaves the file as it was.
    """
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            from qplan.yamlio import os_reason

            raise OutputError(f"无法创建文件夹（{os_reason(exc)}）。请检查权限。", file=path.parent) from None
    _refuse_unwritable(path)
    with locked(path, notify):
        if path.exists():
            text: str | None = read(path)
        elif create:
            text = None
        else:
            raise OutputError("文件不存在（可能刚被删除或改名）。未作改动。", file=path)
        yield Edit(path, text)


def _refuse_unwritable(path: Path) -> None:
    """Fail before waiting for a lock, not after: a read-only file will not become writable."""
    target = write_target(path)
    try:
        existing = target.stat()
    except OSError:
        return
    check_writable(target, existing)


def rewrite(path: Path, change: Callable[[str | None], str | None], *, notify: Notify | None = None,
            create: bool = False) -> bool:
    """The common case in one call: `change` gets the current text (None for a new file) and
    returns the new text, or None to leave the file alone. True when the file was written."""
    with editing(path, notify=notify, create=create) as edit:
        new_text = change(edit.text)
        if new_text is not None:
            edit.write(new_text)
        return edit.written


def history_copy(path: Path, text: str, *, header: list[str] | None = None,
                 folder_name: str = ".history") -> Path:
    """Keep the text a writer is about to replace in <folder>/.history/<stem>.<time>.yaml
    (never read as a plan: the folder's name starts with a dot). Returns the copy's path."""
    folder = path.parent / folder_name
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        from qplan.yamlio import os_reason

        raise OutputError(f"无法创建历史副本文件夹（{os_reason(exc)}），原文件未改动。请检查文件夹权限。",
                          file=folder) from None
    stamp = time.strftime("%Y%m%dT%H%M%S")
    copy = folder / f"{path.stem}.{stamp}{path.suffix}"
    number = 2
    while copy.exists():
        copy = folder / f"{path.stem}.{stamp}-{number}{path.suffix}"
        number += 1
    body = "".join(f"# {line}\n" for line in header or []) + text
    with atomic_write(copy) as handle:
        handle.write(body)
    return copy
