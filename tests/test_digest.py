"""A warm `show --format json` answers from the plans' digests in the parse cache (qplan.digest):
byte for byte what building the plans prints, on stdout and on stderr, with the same exit
code; a digest is made again whenever its plan or the registry changes, and a damaged one is
never used."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from qplan.cache import ParseCache
from qplan.cli import cli
from qplan.registry import GROUP_KIND
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS, SMALL_UNITS, item, small_plan, write_plans_folder, write_yaml

Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Digests live in the parse cache: on even when the suite runs with QPLAN_CACHE=off."""
    monkeypatch.delenv("QPLAN_CACHE", raising=False)


def invoke(args: list[str], plans: Path) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(cli, [*args, "--plans", str(plans)], catch_exceptions=False)
    return result.exit_code, result.stdout_bytes, result.stderr


def full_path(args: list[str], plans: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes, str]:
    """The answer from the plans themselves, as if no digest were kept."""
    with monkeypatch.context() as patch:
        patch.setattr(Workspace, "load_digests", lambda *_, **__: None)
        return invoke(args, plans)


def digest_path(args: list[str], plans: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes, str]:
    """The answer from digests alone: building any plan fails the test."""
    invoke(args, plans)  # keeps the digests

    def no_plans(*_: Any, **__: Any) -> Any:
        raise AssertionError("the plans were loaded: the digests were not used")

    with monkeypatch.context() as patch:
        patch.setattr(Workspace, "load", no_plans)
        patch.setattr(Workspace, "plan", no_plans)
        return invoke(args, plans)


def same_answers(args: list[str], plans: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, bytes, str]:
    expected = full_path(args, plans, monkeypatch)
    assert digest_path(args, plans, monkeypatch) == expected
    return expected


# Every way a unit holds an item: its own role (lead before support), a spelling the registry
# maps to it, a former name, a body it acts for, a group it is a recorded member of, a group
# nobody recorded, a plan-wide responsibility (from an item on, or to a group), and text the
# JSON writes escaped (U+2028, a bidirectional control, a DEL).
UNITS: dict[str, Any] = {"units": [
    *SMALL_UNITS["units"],
    {"name": "市地方金融管理局", "kind": "市政府部门", "renamed_from": [{"name": "市金融局", "year": 2024}]},
    {"name": "闵行区质量和标准化工作领导小组", "kind": "议事协调机构"},
    {"name": "闵行区市场监管局", "kind": "区级单位"},
    {"name": "各区人民政府", "kind": GROUP_KIND, "members": ["闵行区市场监管局"]},
    {"name": "市教育系统", "kind": GROUP_KIND, "members": ["市教委"]},
]}
PLANS: dict[str, Any] = {
    "2023": small_plan(2023, [
        item(1, "强化政策供给", ["市局"], ["市卫健委", "市质量工作领导小组各成员单位"], deadline="2023-06-30"),
        item(2, "金融服务\u2028质量", ["市金融局"], ["市市场监管局", "市教育系统"], stated=False),
        item(3, "区级试点", ["闵行区质量和标准化工作领导小组"], ["市教委"],
             acting={"闵行区质量和标准化工作领导小组": "闵行区市场监管局"}),
        item(4, "未登记单位\u202e", ["市未登记局"], ["市市场监管局", "市市场监管局"], text="含\x7f的内容"),
        item(5, "教育质量", ["市教育系统"], []),
    ], plan_wide=[{"unit": "各区人民政府", "role": "support", "note": "以下各项均需各区落实", "from_item": 3},
                  {"unit": "市卫生健康委", "role": "lead", "note": "卫生健康领域由市卫生健康委牵头"}]),
    "2024": small_plan(2024, [
        item(1, "数字赋能", ["市经济信息化委"], ["市教委", "市市场监管局"], key=True),
        item(2, "服务质量", ["市卫生健康委"], ["市质量工作领导小组成员单位"], open_ended=True),
    ]),
    "2025": small_plan(2025, [item(1, "教育", ["市教委"], [])]),
}


def _units() -> list[str]:
    return [unit["name"] for unit in UNITS["units"]] + ["市局", "市金融局"]


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    return write_plans_folder(tmp_path / "plans", PLANS, UNITS)


def _cases() -> list[Any]:
    return list(_each_case())


def _each_case() -> Iterator[Any]:
    yield pytest.param([], id="every-plan")
    yield pytest.param(["2024", "2023"], id="two-plans")
    for unit in _units():
        yield pytest.param(["--dept", unit], id=unit)
    for role in ("lead", "support", "牵头"):
        yield pytest.param(["--dept", "市市场监管局", "--role", role], id=f"role-{role}")
    yield pytest.param(["2025", "--dept", "市市场监管局"], id="none-found")


@pytest.mark.parametrize("args", _cases())
def test_the_digest_answers_as_the_plans_do(plans: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    same_answers(["show", *args, "--format", "json"], plans, monkeypatch)


def test_the_cases_cover_every_kind_of_row(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases above are worth comparing: each kind of row and message occurs in them."""
    rows = []
    for args in (["--dept", unit] for unit in _units()):
        _, out, _ = same_answers(["show", *args, "--format", "json"], plans, monkeypatch)
        rows += json.loads(out)
    assert {r["via_group"] for r in rows} >= {None, "各区人民政府", "市教育系统"}
    assert any(r.get("acting_for") for r in rows) and any(r["via_plan_wide"] for r in rows)
    assert any(r.get("written") for r in rows) and any(r.get("plan_wide") for r in rows)
    _, _, err = same_answers(["show", "--dept", "市教委", "--format", "json"], plans, monkeypatch)
    assert "市质量工作领导小组成员单位（2 项）" in err and "市未登记局" in err
    text = same_answers(["show", "--format", "json"], plans, monkeypatch)[1].decode()
    assert "\\u2028" in text and "\\u202e" in text and "\\u007f" in text


def test_shipped_plans_for_every_unit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = tmp_path / "shipped"
    shutil.copytree(SHIPPED_PLANS, plans)
    same_answers(["show", "--format", "json"], plans, monkeypatch)
    workspace = Workspace(plans)
    named = sorted({name for plan in workspace.load().plans for item in plan.items for name in item.units})
    for unit in named:
        same_answers(["show", "--dept", unit, "--format", "json"], plans, monkeypatch)


def test_notes_and_output_file_are_the_same(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (plans / "2024 副本.yaml").write_text((plans / "2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _, _, err = same_answers(["show", "--format", "json"], plans, monkeypatch)
    assert "可能是副本" in err and "文件名不是计划编号" in err
    out = tmp_path / "out.json"
    code, _, err = full_path(["show", "--dept", "市局", "-o", str(out)], plans, monkeypatch)
    expected = out.read_bytes()
    out.unlink()
    assert digest_path(["show", "--dept", "市局", "-o", str(out)], plans, monkeypatch) == (code, b"", err)
    assert out.read_bytes() == expected


def _titles(plans: Path) -> list[str]:
    code, out, _ = invoke(["show", "--format", "json"], plans)
    assert code == 0
    return [row["title"] for row in json.loads(out)]


def test_a_changed_plan_is_read_again(plans: Path) -> None:
    assert "教育" in _titles(plans)
    (plans / "2025.yaml").write_text((plans / "2025.yaml").read_text(encoding="utf-8").replace("教育", "改过的标题"),
                                     encoding="utf-8")
    assert "改过的标题" in _titles(plans) and "教育" not in _titles(plans)


@pytest.mark.parametrize(("change", "expect"), [
    pytest.param(lambda u: u["units"][0]["aliases"].append("市局甲"), None, id="a-new-spelling"),
    pytest.param(lambda u: u["units"].pop(), "市教育系统", id="a-group-unregistered"),
    pytest.param(lambda u: u["units"][-1].pop("members"), "市教育系统（2 项）", id="members-no-longer-recorded"),
])
def test_a_changed_registry_makes_the_digests_again(plans: Path, monkeypatch: pytest.MonkeyPatch,
                                                      change: Callable[[dict[str, Any]], None],
                                                      expect: str | None) -> None:
    args = ["show", "--dept", "市教委", "--format", "json"]
    before = invoke(args, plans)
    invoke(args, plans)
    units = json.loads(json.dumps(UNITS))
    change(units)
    write_yaml(plans / "units.yaml", units)
    after = full_path(args, plans, monkeypatch)
    assert digest_path(args, plans, monkeypatch) == after
    if expect is not None:
        assert expect in after[2] and expect not in before[2]


def test_a_damaged_digest_is_never_used(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["show", "--dept", "市教委", "--format", "json"]
    expected = invoke(args, plans)
    invoke(args, plans)
    cache_file = next(Path(os.environ["QPLAN_CACHE_DIR"]).glob("*.cache"))
    data = cache_file.read_bytes()
    assert "教育质量".encode() in data  # first in the digest of 2023 (digests come before documents)
    cache_file.write_bytes(data.replace("教育质量".encode(), "教育假的".encode(), 1))
    used: list[bool] = []
    original = Workspace.load_digests

    def spy(self: Workspace, *args: Any, **kwargs: Any) -> Any:
        found = original(self, *args, **kwargs)
        used.append(found is not None)
        return found

    monkeypatch.setattr(Workspace, "load_digests", spy)
    assert invoke(args, plans) == expected
    assert used == [False]


def test_digests_are_kept_only_by_json_output_and_not_without_a_cache(plans: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def digests() -> int:
        cache = ParseCache(plans)
        return sum(1 for entry in cache.index.values() if "digest" in entry)

    invoke(["show", "--dept", "市教委"], plans)
    assert digests() == 0
    invoke(["show", "--dept", "市教委", "--format", "json"], plans)
    assert digests() == 3
    for path in Path(os.environ["QPLAN_CACHE_DIR"]).glob("*.cache"):
        path.unlink()
    monkeypatch.setenv("QPLAN_CACHE", "off")
    assert invoke(["show", "--dept", "市教委", "--format", "json"], plans)[0] == 0
    assert list(Path(os.environ["QPLAN_CACHE_DIR"]).glob("*.cache")) == []


def test_a_broken_plan_is_reported_as_before(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["show", "--dept", "市教委", "--format", "json"]
    invoke(args, plans)
    (plans / "2024.yaml").write_text("title: [\n", encoding="utf-8")
    code, out, err = invoke(args, plans)
    assert code == 1 and "2024.yaml:1: 文件在括号还没有闭合时就结束了" in err
    assert (code, out, err) == full_path(args, plans, monkeypatch)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_cold_and_warm_caches_say_the_same(plans: Path, fmt: str) -> None:
    """A warm cache lets a unit's query pass plans that do not name the unit unread; what it
    says about them (a copy of a plan, a file name that is no plan id, the items of groups
    nobody recorded the members of) is what reading every plan says."""
    (plans / "2023 副本.yaml").write_text((plans / "2023.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    args = ["show", "--dept", "市经济信息化委", "--format", fmt]
    cold = invoke(args, plans)
    assert "市质量工作领导小组成员单位（3 项）" in cold[2] and "可能是副本" in cold[2] and "不是计划编号" in cold[2]
    for _ in range(3):  # the cache filled, then the digests kept, then used
        assert invoke(args, plans) == cold
