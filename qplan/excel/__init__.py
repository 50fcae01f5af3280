"""Excel workbooks for circulation and print: a plan's division of work, and a diff.

Nothing here imports openpyxl at module level; the writers import it when they run.
"""

from __future__ import annotations

import sys


def load_openpyxl() -> None:
    """Import openpyxl without numpy. openpyxl imports numpy wherever it is installed (a
    tenth of a second and more), only to accept numpy's numbers in cells; qplan writes none."""
    if "openpyxl" in sys.modules:
        return
    blocked = "numpy" not in sys.modules
    if blocked:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy: ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        if blocked:
            del sys.modules["numpy"]
