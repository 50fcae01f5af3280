"""The `qplan` console script's entry point: the first qplan code that runs.

Ctrl-C must end any command with 已取消 and exit 130, never a traceback, whenever it comes.
While the libraries load (click, rich, ruamel.yaml: most of a short command's time) nothing
can be half done, so an interrupt then ends the process at once. Once the command runs,
an interrupt is a KeyboardInterrupt again, so that writes in progress clean up their temp
files and release their locks before the command line reports it. After the command, the
output is flushed here, where a full disk or a closed pipe can still be reported cleanly.
"""

from __future__ import annotations

# The C module, not `signal`: that one imports enum, which alone takes longer than the rest of
# Python's start-up, and the handler must be in place as early as possible.
import _signal  # type: ignore[import-not-found]
import os
import sys

CANCELLED = "已取消。\n"
EXIT_INTERRUPTED = 130


def _cancel_now(signum: object = None, frame: object = None) -> NoReturn:
    try:
        os.write(2, CANCELLED.encode("utf-8"))
    finally:
        os._exit(EXIT_INTERRUPTED)


# Installed on import, before even `typing` loads: the console script imports this module
# first thing, and only Python's own start-up (a few milliseconds) comes before it.
_signal.signal(_signal.SIGINT, _cancel_now)

import signal  # noqa: E402
from contextlib import suppress  # noqa: E402
from typing import NoReturn  # noqa: E402


def _note(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _flush_stdout(code: int) -> int:
    """Flush what the command printed; a full device is an error with a message, not a traceback."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as exc:
        if code == 0:
            from qplan.yamlio import os_reason

            _note(f"错误：无法写出结果（{os_reason(exc)}），输出不完整。请检查输出位置的磁盘空间。")
            code = 1
    else:
        return code
    # Nothing more can be written there; the interpreter's own final flush must not fail again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return code


# Objects a command allocates before the cyclic collector runs again. Python's default (700)
# suits long-lived programs; a command that builds a whole plan's workbook or matches two
# plans of thousands of items spent a tenth of its time in collections that found nothing
# (its data hold no cycles), and the process ends, freeing everything, moments later.
GC_ALLOCATIONS = 100_000


def main() -> NoReturn:
    signal.signal(signal.SIGINT, _cancel_now)  # again, for a caller that imported this module earlier
    import gc

    gc.set_threshold(GC_ALLOCATIONS, *gc.get_threshold()[1:])
    from qplan.cli import main as run_command
    from qplan.interrupts import interrupt, quiet_lost_interrupt
    from qplan.notices import set_notice

    set_notice(_note)
    sys.unraisablehook = quiet_lost_interrupt
    signal.signal(signal.SIGINT, interrupt)
    try:
        run_command()
        code: object = 0
    except SystemExit as exit_request:
        code = exit_request.code
    except KeyboardInterrupt:
        _cancel_now()
    # From here on only exiting is left: an interrupt ends it at once.
    signal.signal(signal.SIGINT, _cancel_now)
    number = code if isinstance(code, int) else (0 if code is None else 1)
    if not isinstance(code, (int, type(None))):
        _note(str(code))
    number = _flush_stdout(number)
    with suppress(OSError):
        sys.stderr.flush()
    # Python's own shutdown puts the default SIGINT action back while it tears modules down: an
    # interrupt then would kill the finished command without a word. Nothing is left to clean
    # up (writes, locks and worker pools end inside the command), so leave at once.
    os._exit(number)
