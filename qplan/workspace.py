"""The plans folder: one YAML file per plan, named by its id, beside units.yaml."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from qplan.errors import QplanError, UnknownPlanError, WorkspaceError
from qplan.model import Item, Plan, newest_first
from qplan.planfile import read_plan, read_registry
from qplan.registry import Registry

REGISTRY_FILE = "units.yaml"
PLAN_SUFFIXES = (".yaml", ".yml")
PLAN_ID_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.\-\u4e00-\u9fff]*$")


def default_plans_dir() -> Path:
    return Path(os.environ.get("QPLAN_PLANS") or "plans")


@dataclass
class LoadResult:
    plans: list[Plan] = field(default_factory=list)
    errors: list[QplanError] = field(default_factory=list)


class Workspace:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        if not self.root.exists():
            raise WorkspaceError(
                f"计划文件夹“{self.root}”不存在。请用 --plans 指定计划文件夹，"
                "或设置环境变量 QPLAN_PLANS，或在含有 plans/ 的目录中运行。"
            )
        if not self.root.is_dir():
            raise WorkspaceError(f"“{self.root}”不是文件夹。--plans 应指向存放计划 YAML 文件的文件夹。")
        self._registry: Registry | None = None
        self._plans: dict[str, Plan] = {}

    @property
    def registry_path(self) -> Path:
        return self.root / REGISTRY_FILE

    def plan_files(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        for path in sorted(self.root.iterdir()):
            if path.name.startswith(".") or path.suffix not in PLAN_SUFFIXES:
                continue
            if path.name in (REGISTRY_FILE, "units.yml") or not path.is_file():
                continue
            found.setdefault(path.stem, path)
        return found

    def plan_ids(self) -> list[str]:
        return list(self.plan_files())

    def plan_path(self, plan_id: str) -> Path:
        files = self.plan_files()
        if plan_id not in files:
            known = "、".join(files) or "（无）"
            raise UnknownPlanError(
                f"计划“{plan_id}”不存在：“{self.root}”中没有 {plan_id}.yaml。"
                f"现有计划：{known}。可用 `qplan plans` 查看。"
            )
        return files[plan_id]

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            if not self.registry_path.exists():
                self._registry = Registry([], None)
            else:
                self._registry = read_registry(self.registry_path)
        return self._registry

    @property
    def has_registry(self) -> bool:
        return self.registry_path.exists()

    def plan(self, plan_id: str) -> Plan:
        """The plan with every unit name resolved to its canonical name where known."""
        if plan_id not in self._plans:
            raw = read_plan(self.plan_path(plan_id), plan_id)
            self._plans[plan_id] = canonicalise(raw, self.registry)
        return self._plans[plan_id]

    def load(self, plan_ids: list[str] | tuple[str, ...] | None = None) -> LoadResult:
        """Load the named plans (all when none are named), newest first.

        A broken file is reported in `errors` and does not stop the others; an unknown
        plan id the user typed is an error for the whole command.
        """
        ids = list(plan_ids) if plan_ids else self.plan_ids()
        for plan_id in ids:
            self.plan_path(plan_id)
        result = LoadResult()
        for plan_id in ids:
            try:
                result.plans.append(self.plan(plan_id))
            except UnknownPlanError:
                raise
            except QplanError as exc:
                result.errors.append(exc)
        result.plans = newest_first(result.plans)
        return result


def canonicalise(plan: Plan, registry: Registry) -> Plan:
    for item in plan.items:
        for name in [*item.lead, *item.support, *item.acting, *item.acting.values()]:
            canonical = _canonical(registry, name)
            if canonical != name:
                item.written[canonical] = name
        item.lead = [_canonical(registry, name) for name in item.lead]
        item.support = [_canonical(registry, name) for name in item.support]
        item.acting = {
            _canonical(registry, k): _canonical(registry, v) for k, v in item.acting.items()
        }
    return plan


def _canonical(registry: Registry, name: str) -> str:
    return registry.resolve(name) or name


def unknown_units(plans: list[Plan], registry: Registry) -> list[tuple[Plan, Item, str]]:
    found = []
    for plan in plans:
        for item in plan.items:
            for name in item.units:
                if name not in registry.units:
                    found.append((plan, item, name))
    return found
