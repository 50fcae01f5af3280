from __future__ import annotations

import pytest

from qplan.errors import UnknownUnitError
from qplan.registry import Registry, Rename, Unit


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
