"""Whether the user pressed Ctrl-C while a command ran.

Some libraries turn the KeyboardInterrupt into an error of their own (openpyxl's descriptors
catch everything with a bare `except:` and raise TypeError). Whatever error follows an
interrupt is the interrupt, and the command line reports it as 已取消, not as a defect.
"""

from __future__ import annotations

import sys
from typing import Any

received = False


def interrupt(signum: object = None, frame: object = None) -> None:
    """SIGINT handler while a command runs: remember it, then interrupt as Python would."""
    global received
    received = True
    raise KeyboardInterrupt


def quiet_lost_interrupt(unraisable: Any) -> None:
    """sys.unraisablehook while a command runs. An interrupt that lands in a callback Python
    cannot raise from (a weak reference's, the import lock's, a __del__) is lost: Python would
    print it as a traceback and carry on. It is remembered (see `interrupt`); the command
    carries on quietly and ends as it would have."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)
