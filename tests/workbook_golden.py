"""Every kind of workbook qplan writes, made from fixed plans, and a digest of its XML.

tests/fixtures/workbook_digests.json holds the digests of the workbooks as they were before
the Excel writers were made fast (issue 15): tests/test_workbook_golden.py makes them again
and requires every XML part to be byte for byte the same. The only parts left out are the
save time in docProps/core.xml and the content hash in docProps/custom.xml (a hash of the
parts, with that time in them).

A change that is meant to change a workbook writes the file again, and the diff of the
JSON shows which parts moved:

    python -m tests.workbook_golden --write
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from qplan.cli import cli
from tests.conftest import SHIPPED_PLANS, SMALL_UNITS, item, small_plan, write_plans_folder, write_yaml
from tests.progress_data import PLANS as PROGRESS_PLANS

DIGESTS = Path(__file__).resolve().parent / "fixtures" / "workbook_digests.json"
SKIPPED_PARTS = ("docProps/custom.xml",)
_SAVE_TIME_RE = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(<)")

Digest = dict[str, dict[str, str]]


def workbook_digest(path: Path) -> dict[str, str]:
    """sha256 of each part, the save time blanked out."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name in SKIPPED_PARTS:
                continue
            data = archive.read(name)
            if name == "docProps/core.xml":
                data = _SAVE_TIME_RE.sub(rb"\1\2", data)
            found[name] = hashlib.sha256(data).hexdigest()
    return found


def _run(*args: str) -> None:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise AssertionError(f"qplan {' '.join(args)} failed ({result.exit_code}): {result.output}")


# An item of each kind a workbook shows differently: formula-looking and control-character text,
# long lists of units, a group, an inferred lead, open-ended support, deadlines as a date and as
# a phrase, a key project, an alias spelling, a body another unit acts for, a plan-wide unit.
EDGE_UNITS: dict[str, Any] = {"units": [
    *SMALL_UNITS["units"],
    {"name": "闵行区质量和标准化工作领导小组", "kind": "议事协调机构"},
    {"name": "闵行区市场监管局", "kind": "区级单位"},
    *({"name": f"市测试{n:02d}局", "kind": "市政府部门"} for n in range(1, 13)),
]}
EDGE_PLAN = small_plan(2026, [
    item(1, "=SUM(1,2)", ["市市场监管局"], [f"市测试{n:02d}局" for n in range(1, 13)], deadline="2026-06-30",
         text="+稳步推进\u0007质量提升。"),
    item(2, "提升服务质量水平", ["市卫健委"], ["市教委", "市局"], stated=False, open_ended=True,
         deadline="2026年9月底前"),
    item(3, "推进质量数字赋能", ["市经济信息化委"], ["市质量工作领导小组各成员单位"], key=True, deadline="长期坚持"),
    item(4, "闵行区试点", ["闵行区质量和标准化工作领导小组"], ["市测试01局"],
         acting={"闵行区质量和标准化工作领导小组": "闵行区市场监管局"}),
    *(item(n, f"第{n}项任务" + "很长的标题" * (n % 4), [f"市测试{n % 12 + 1:02d}局"],
           [f"市测试{(n + k) % 12 + 1:02d}局" for k in range(1, n % 6 + 1)],
           text="加强质量基础设施建设。" * (n % 7 + 1)) for n in range(5, 41)),
], plan_wide=[{"unit": "市教委", "role": "support", "note": "以下各项均需市教委配合", "from_item": 10}])


def _shipped_copy(root: Path) -> Path:
    folder = root / "plans"
    shutil.copytree(SHIPPED_PLANS, folder)
    return folder


def _progress_folder(root: Path) -> Path:
    folder = write_plans_folder(root / "progress-plans", PROGRESS_PLANS)
    (folder / "progress" / "2025").mkdir(parents=True)
    write_yaml(folder / "progress" / "2025" / "2025H1.yaml", {
        "plan": "2025", "period": "2025H1", "reports": [
            {"item": 1, "unit": "市市场监管局", "status": "按进度推进", "progress": "已完成方案。",
             "collected": dt.date(2025, 7, 5)},
            {"item": 2, "unit": "市卫健委", "status": "滞后", "progress": "监测推迟。"},
            {"item": 3, "unit": "市经济信息化委", "status": "已完成", "progress": "已建成。"},
        ]})
    return folder


def _cases(root: Path) -> dict[str, Callable[[Path], list[Path]]]:
    shipped = _shipped_copy(root)
    edge = write_plans_folder(root / "edge", {"2026": EDGE_PLAN}, EDGE_UNITS)
    progress = _progress_folder(root)

    def export(plans: Path, plan_id: str, *extra: str) -> Callable[[Path], list[Path]]:
        def make(out: Path) -> list[Path]:
            target = out / f"{plan_id}.xlsx"
            _run("export", plan_id, "-o", str(target), *extra, "--plans", str(plans))
            return [target]
        return make

    def per_unit(out: Path) -> list[Path]:
        _run("export", "2026", "--per-unit", "-o", str(out / "units"), "--plans", str(edge))
        return sorted((out / "units").iterdir())

    def one(*args: str, name: str, plans: Path = shipped) -> Callable[[Path], list[Path]]:
        def make(out: Path) -> list[Path]:
            target = out / name
            _run(*args, "-o", str(target), "--plans", str(plans))
            return [target]
        return make

    def forms(out: Path) -> list[Path]:
        _run("forms", "2025", "--period", "2025H1", "-o", str(out / "forms"), "--plans", str(progress))
        return sorted((out / "forms").iterdir())

    cases: dict[str, Callable[[Path], list[Path]]] = {
        f"export-{plan.stem}": export(shipped, plan.stem) for plan in sorted(SHIPPED_PLANS.glob("*.yaml"))
        if plan.stem != "units"
    }
    cases |= {
        "export-2025-dept": export(shipped, "2025", "--dept", "市市场监管局"),
        "export-edge": export(edge, "2026", "--deadlines"),
        "export-edge-per-unit": per_unit,
        "export-status": export(progress, "2025", "--status"),
        "diff": one("diff", "2022", "2025", name="diff.xlsx"),
        "cover": one("cover", "2023-2025", "2025", name="cover.xlsx"),
        "units": one("units", "2025", name="units.xlsx"),
        "ledger": one("status", "2025", "--period", "2025H1", "--today", "2025-07-15", name="ledger.xlsx",
                      plans=progress),
        "forms": forms,
    }
    return cases


def make_digests(root: Path) -> dict[str, Digest]:
    """Every case's workbooks, made under `root`, and their digests."""
    found: dict[str, Digest] = {}
    for name, make in _cases(root).items():
        out = root / "out" / name
        out.mkdir(parents=True)
        found[name] = {path.name: workbook_digest(path) for path in make(out)}
    return found


def main() -> None:
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as folder:
        digests = make_digests(Path(folder))
    DIGESTS.write_text(json.dumps(digests, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {DIGESTS}: {sum(len(d) for d in digests.values())} workbooks")


if __name__ == "__main__":
    main()
