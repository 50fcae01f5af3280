"""Errors the core raises; only cli.py turns them into messages and exit codes."""

from __future__ import annotations

from pathlib import Path


class QplanError(Exception):
    """Base error: the message says what went wrong, where, and how to fix it."""

    exit_code = 1

    def __init__(self, message: str, *, file: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.message}"


class UsageProblem(QplanError):
    """The user asked for something that does not exist (a plan, an item, a unit)."""

    exit_code = 2


class WorkspaceError(UsageProblem):
    """The plans folder itself is missing or unusable."""


class UnknownPlanError(UsageProblem):
    pass


class UnknownUnitError(UsageProblem):
    pass


class UnknownItemError(UsageProblem):
    pass


class FileReadError(QplanError):
    """A file could not be read as UTF-8 YAML text (empty, binary, wrong encoding, bad syntax)."""


class PlanInvalidError(QplanError):
    """A plan file was read but breaks the schema; `problems` lists every reason."""

    def __init__(self, message: str, *, file: Path | str, line: int | None, problems: list[object]):
        super().__init__(message, file=file, line=line)
        self.problems = problems


class RegistryError(QplanError):
    pass


class OutputError(QplanError):
    """An output file could not be written."""
