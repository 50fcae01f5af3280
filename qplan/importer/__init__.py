"""`qplan import`: read an official plan document (.txt or .docx) into a plan file.

No click here and no printing: the command in qplan/commands/importer.py does that.
"""

from __future__ import annotations

from qplan.importer.document import ImportResult, import_document

__all__ = ["ImportResult", "import_document"]
