from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from qplan.errors import UnknownUnitError
from qplan.registry import Reading, Registry, Rename, Unit
from tests.conftest import SMALL_UNITS, item, small_plan


@pytest.fixture
def registry() -> Registry:
    return Registry([
        Unit("市卫生健康委", "市政府部门", full_name="上海市卫生健康委员会", aliases=["市卫健委"]),
        Unit("市市场监管局", "市政府部门", full_name="上海市市场监督管理局", aliases=["市局"]),
        Unit("市金融办", "市政府部门", renamed_from=[Rename("市地方金融监管局", 2024)]),
        Unit("市质量工作领导小组成员单位", "单位群组", aliases=["市质量工作领导小组各成员单位"],
             members=["市局"]),
        Unit("市质量工作领导小组相关成员单位", "单位群组"),
    ])


@pytest.mark.parametrize(
    ("spelling", "canonical", "how"),
    [
        pytest.param("市卫健委", "市卫生健康委", "alias", id="alias"),
        pytest.param("上海市卫生健康委员会", "市卫生健康委", "full_name", id="full-name"),
        pytest.param("市卫生健康委", "市卫生健康委", "name", id="canonical"),
        pytest.param("市地方金融监管局", "市金融办", "rename", id="rename"),
        pytest.param("市质量工作领导小组各成员单位", "市质量工作领导小组成员单位", "alias", id="group-alias"),
    ],
)
def test_resolution(registry: Registry, spelling: str, canonical: str, how: str) -> None:
    found = registry.resolution(spelling)
    assert found is not None
    assert (found.canonical, found.how) == (canonical, how)


def test_related_members_is_not_all_members(registry: Registry) -> None:
    assert registry.resolve("市质量工作领导小组相关成员单位") == "市质量工作领导小组相关成员单位"


def test_unknown_unit_suggests_nearest(registry: Registry) -> None:
    with pytest.raises(UnknownUnitError) as caught:
        registry.require("市卫建委")
    assert "市卫生健康委" in caught.value.message
    assert caught.value.exit_code == 2


def test_membership_is_recorded_not_guessed(registry: Registry) -> None:
    assert registry.groups_of("市市场监管局") == ["市质量工作领导小组成员单位"]
    assert registry.groups_of("市卫生健康委") == []


def test_alias_pointing_at_two_units_is_a_conflict() -> None:
    registry = Registry([Unit("甲局", "市政府部门", aliases=["某局"]), Unit("乙局", "市政府部门", aliases=["某局"])])
    assert registry.conflicts == {"某局": ["甲局", "乙局"]}


AMBIGUOUS_REGISTRIES = [
    pytest.param([{"name": "市发展改革委", "kind": "市政府部门", "aliases": ["市局"]}], id="spelling-of-two-units"),
    pytest.param([{"name": "市市场监管局", "kind": "市政府部门"}], id="unit-registered-twice"),
    pytest.param([{"name": "各成员单位", "kind": "单位群组", "members": ["市局", "各成员单位"]}], id="group-of-itself"),
    pytest.param([{"name": "市教育局", "kind": "市政府部门", "renamed_from": [{"name": "市教委", "year": 2020}]},
                  {"name": "市教委2", "kind": "市政府部门", "renamed_from": [{"name": "市教委2", "year": 2021}]}],
                 id="renamed-from-itself"),
]
NAME_RESOLVING_COMMANDS = [
    ["show", "--dept", "市局"], ["show"], ["units", "2025"], ["export", "2025"], ["matrix", "2025"],
    ["diff", "2024", "2025"], ["graph", "2025"],
]


@pytest.mark.parametrize("extra_units", AMBIGUOUS_REGISTRIES)
def test_an_ambiguous_registry_stops_every_command_that_resolves_names(
        make_plans: Callable[..., Path], run: Callable[..., Result], extra_units: list[dict[str, Any]],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never a silent pick of one of two units: the error validate reports, with its file and line."""
    units = {"units": [*SMALL_UNITS["units"], *extra_units]}
    plan = [item(1, "任务", ["市局"], ["市教委"])]
    plans = make_plans({"2024": small_plan(2024, plan), "2025": small_plan(2025, plan)}, units=units)
    monkeypatch.chdir(tmp_path)
    validated = run("validate", plans=plans)
    assert validated.exit_code == 1
    first_error = next(line for line in validated.stdout.splitlines() if " 错误 " in line)
    where, _, rest = first_error.partition(": 错误 ")
    message = rest.split(": ", 1)[1]
    for argv in NAME_RESOLVING_COMMANDS:
        result = run(*argv, plans=plans)
        assert result.exit_code == 1, (argv, result.output)
        assert result.stderr.startswith(f"错误：{where}: {message}"), (argv, result.stderr)
    assert not (tmp_path / "exports").exists() or not list((tmp_path / "exports").iterdir())


@pytest.mark.parametrize(("typed", "canonical", "note"), [
    pytest.param("市市场监管局", "市市场监管局", None, id="a-name"),
    pytest.param("市局", "市市场监管局", None, id="an-alias"),
    pytest.param("市场监管局", "市市场监管局", "“市场监管局”按“市市场监管局”查找。", id="level-word-left-out"),
    pytest.param("卫生健康委员会", "市卫生健康委", "“卫生健康委员会”按“市卫生健康委”查找。", id="of-a-full-name"),
    pytest.param("卫健委", "市卫生健康委", "“卫健委”按“市卫生健康委”查找。", id="of-an-alias"),
])
def test_a_typed_name_reads_as_one_unit_and_says_how(registry: Registry, typed: str, canonical: str,
                                                     note: str | None) -> None:
    assert (registry.read_typed(typed).canonical, registry.read_typed(typed).note) == (canonical, note)
    assert registry.require(typed) == canonical


def test_a_short_form_of_two_units_is_refused_naming_both() -> None:
    """A district office's registry: its own bureau (区市场监管局) beside the city's."""
    registry = Registry([Unit("市市场监管局", "市政府部门"), Unit("区市场监管局", "区级单位"),
                         Unit("区卫生健康委", "区级单位")])
    with pytest.raises(UnknownUnitError) as caught:
        registry.read_typed("市场监管局")
    assert caught.value.message == ("“市场监管局”可以指不止一个单位：市市场监管局、区市场监管局。"
                                    "请写出其中一个的名称，例如 --dept 市市场监管局。")
    assert caught.value.exit_code == 2
    assert registry.short_forms["市场监管局"] == ["市市场监管局", "区市场监管局"]
    assert registry.read_typed("卫生健康委") == Reading("区卫生健康委", "“卫生健康委”按“区卫生健康委”查找。")


@pytest.mark.parametrize(("group", "unit", "could"), [
    pytest.param("市质量工作领导小组成员单位", "市卫生健康委", True, id="city-group-city-unit"),
    pytest.param("各区质量工作领导小组", "市卫生健康委", False, id="district-group-city-unit"),
    pytest.param("各区人民政府", "上海海关", False, id="district-group-central-unit"),
    pytest.param("各区质量工作领导小组", "闵行区质量和标准化工作领导小组", True, id="district-group-district-body"),
    pytest.param("各区市场监管局", "浦东新区市场监管局", True, id="district-group-district-unit"),
    pytest.param("市质量工作领导小组成员单位", "闵行区市场监管局", False, id="city-group-district-unit"),
    pytest.param("闵行区质量工作领导小组成员单位", "徐汇区市场监管局", False, id="another-district"),
    pytest.param("闵行区质量工作领导小组成员单位", "闵行区市场监管局", True, id="same-district"),
    pytest.param("有关行业协会", "市卫生健康委", True, id="group-of-no-level"),
])
def test_a_group_whose_members_nobody_recorded_could_include_units_of_its_level(
        group: str, unit: str, could: bool) -> None:
    registry = Registry([Unit(group, "单位群组"), Unit(unit, "区级单位" if "区" in unit else "市政府部门")])
    assert registry.could_include(group, unit) is could
