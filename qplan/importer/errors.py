"""What can stop an import; the command turns these into Chinese messages and exit codes."""

from __future__ import annotations

from qplan.errors import QplanError, UsageProblem


class SourceError(QplanError):
    """The source document cannot be read, or holds nothing that looks like a plan."""


class TargetError(UsageProblem):
    """The plan id or the target file does not allow writing the imported plan."""
