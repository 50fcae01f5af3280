"""Shared fixtures: a plans folder written from a dict, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from qplan.cli import cli

REPO = Path(__file__).resolve().parent.parent
SHIPPED_PLANS = REPO / "plans"

SMALL_UNITS: dict[str, Any] = {
    "units": [
        {"name": "市市场监管局", "full_name": "上海市市场监督管理局", "kind": "市政府部门",
         "aliases": ["市局"]},
        {"name": "市卫生健康委", "full_name": "上海市卫生健康委员会", "kind": "市政府部门",
         "aliases": ["市卫健委"]},
        {"name": "市教委", "kind": "市政府部门"},
        {"name": "市经济信息化委", "kind": "市政府部门"},
        {"name": "市质量工作领导小组成员单位", "kind": "单位群组",
         "aliases": ["市质量工作领导小组各成员单位"]},
    ]
}


def small_plan(year: int, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A plan document with one section holding the given items."""
    return {
        "title": f"{year}年质量工作要点",
        "document": {"title": f"{year}年质量工作要点", "issuer": "上海市质量工作领导小组",
                     "date": f"{year}-04-01"},
        "sections": [{"no": 1, "title": "第一部分", "items": items}],
        **extra,
    }


def item(no: int, title: str, lead: list[str], support: list[str] | None = None,
         *, stated: bool = True, text: str = "", **extra: Any) -> dict[str, Any]:
    return {"no": no, "title": title, "text": text or f"{title}的内容。", "lead": lead,
            "support": support or [], "lead_stated": stated, **extra}


def write_yaml(path: Path, data: Any) -> Path:
    yaml = YAML()
    yaml.width = 4096
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    return path


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the parse cache out of the user's home; QPLAN_CACHE=off in the environment still wins."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("QPLAN_CACHE_DIR", str(folder))
    return folder


def write_plans_folder(root: Path, plans: dict[str, Any], units: dict[str, Any] | None = SMALL_UNITS) -> Path:
    """A plans folder at `root`: each plan a dict (dumped as YAML), str or bytes (written as is)."""
    root.mkdir(parents=True, exist_ok=True)
    if units is not None:
        write_yaml(root / "units.yaml", units)
    for plan_id, content in plans.items():
        path = root / f"{plan_id}.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            write_yaml(path, content)
    return root


@pytest.fixture
def make_plans(tmp_path: Path) -> Callable[..., Path]:
    """Write a plans folder: make_plans({"2025": plan_dict, ...}, units=registry_dict)."""

    def make(plans: dict[str, Any], units: dict[str, Any] | None = SMALL_UNITS,
             folder: str = "plans") -> Path:
        return write_plans_folder(tmp_path / folder, plans, units)

    return make


@pytest.fixture
def shipped_plans(tmp_path: Path) -> Path:
    """A copy of the bundled plans folder that a test may change."""
    target = tmp_path / "shipped"
    shutil.copytree(SHIPPED_PLANS, target)
    return target


@pytest.fixture
def run() -> Callable[..., Result]:
    def invoke(*args: str, plans: Path | None = None, env: dict[str, str] | None = None) -> Result:
        argv = list(args)
        if plans is not None:
            argv += ["--plans", str(plans)]
        runner = CliRunner()
        return runner.invoke(cli, argv, env=env, catch_exceptions=False)

    return invoke


def provenance_plan() -> dict[str, Any]:
    """A plan whose leads come from elsewhere than each item's own bracket: a declared
    convention (lead_declared), a section's overall responsibility (units_from: section) and
    numbered sub-points (units_from: sub-points)."""
    return {
        "title": "2031年质量工作要点",
        "document": {"title": "2031年质量工作要点", "issuer": "上海市质量工作领导小组", "date": "2031-03-01"},
        "lead_convention": "列第一位者为牵头部门，下同",
        "sections": [
            {"no": 1, "title": "夯实质量基础", "lead": ["市市场监管局"], "support": ["市教委"], "lead_stated": True,
             "responsibility": "（市市场监管局总牵头，市教委配合）", "items": [
                 item(1, "完善标准体系", ["市市场监管局"], ["市经济信息化委"], lead_declared=True),
                 item(2, "加强计量能力", ["市市场监管局"], ["市教委"], units_from="section"),
                 item(3, "推进认证认可", ["市经济信息化委"], ["市市场监管局"], lead_declared=True)]},
            {"no": 2, "title": "提升服务质量", "items": [
                item(4, "提升医疗服务", ["市卫生健康委"], ["市教委"], units_from="sub-points"),
                item(5, "提升教育服务", ["市教委"], ["市卫生健康委"], stated=False)]},
        ],
    }


def workbook_text(path: Path) -> str:
    """Every cell's text of a workbook, one a line: what a reader of any sheet sees."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    return "\n".join(str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
                     for cell in row if cell.value is not None)
