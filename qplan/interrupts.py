"""Whether the user pressed Ctrl-C while a command ran.

Some libraries turn the KeyboardInterrupt into an error of their own (openpyxl's descriptors
catch everything with a bare `except:` and raise TypeError). Whatever error follows an
interrupt is the interrupt, and the command line reports it as 已取消, not as a defect.
"""

from __future__ import annotations

received = False


def interrupt(signum: object = None, frame: object = None) -> None:
    """SIGINT handler while a command runs: remember it, then interrupt as Python would."""
    global received
    received = True
    raise KeyboardInterrupt
