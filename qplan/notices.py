"""Where the core's passing notes go ("waiting for another writer …"). The core never prints:
the command line installs a function here at start-up, without importing any writer."""

from __future__ import annotations

from collections.abc import Callable

Notify = Callable[[str], None]


def _quiet(_message: str) -> None:
    pass


_notify: Notify = _quiet


def set_notice(notify: Notify) -> None:
    global _notify
    _notify = notify


def notice(message: str) -> None:
    _notify(message)
