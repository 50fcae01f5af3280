"""Validation rules. Each rule is one small function that yields problems; adding a check
means adding one function to one of the lists at the bottom of its module."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from qplan.registry import Registry

Level = Literal["error", "warning"]
LEVEL_LABELS: dict[str, str] = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True, slots=True)
class Problem:
    file: Path
    line: int | None
    rule: str
    level: Level
    message: str

    def format(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {LEVEL_LABELS[self.level]} {self.rule}: {self.message}"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.file), self.line or 0, self.rule)


@dataclass(slots=True)
class PlanContext:
    file: Path
    plan_id: str
    doc: Any
    registry: Registry | None


@dataclass(slots=True)
class RegistryContext:
    file: Path
    doc: Any
    registry: Registry | None

