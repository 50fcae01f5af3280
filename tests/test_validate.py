from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import SMALL_UNITS, item, small_plan


def plan_with(*items: dict[str, Any]) -> dict[str, Any]:
    return small_plan(2025, list(items))


OK_ITEM = item(1, "甲", ["市市场监管局"])


def test_shipped_plans_are_clean(run: Callable[..., Result], shipped_plans: Path) -> None:
    result = run("validate", "--strict", plans=shipped_plans)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "检查通过" in result.stderr


# Line numbers refer to the YAML that conftest.write_yaml produces for small_plan: the first
# item starts at line 10 with no, title, text, lead (its entries on the following lines), support,
# lead_stated, then any extra keys.
@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        pytest.param(plan_with(OK_ITEM, item(1, "乙", ["市教委"])),
                     "2025.yaml:17: 错误 duplicate-item-no: 序号 1 重复（第 10 行已有）", id="duplicate-no"),
        pytest.param(plan_with(item(1, "甲", [])),
                     "2025.yaml:13: 错误 no-lead: 第 1 项没有牵头单位", id="no-lead"),
        pytest.param(plan_with(item(1, "甲", ["市卫建委"])),
                     "2025.yaml:14: 错误 unknown-unit: 第 1 项的单位“市卫建委”不在单位登记表中。"
                     "您是否要找：市卫生健康委？",
                     id="unknown-unit"),
        pytest.param(plan_with(item(1, "甲", ["市市场监管局"], ["市局"])),
                     "2025.yaml:16: 错误 lead-and-support: 第 1 项中“市局”既是牵头单位又是配合单位",
                     id="lead-and-support-through-alias"),
        pytest.param(plan_with({"no": 1, "title": "甲", "lead": ["市教委"]}),
                     "2025.yaml:10: 错误 required-fields: 第 1 项缺少必填字段 lead_stated", id="required"),
        pytest.param(plan_with(item(1, "甲", ["市教委"]) | {"lead_stated": "是"}),
                     "2025.yaml:16: 错误 types: 第 1 项的 lead_stated 应为true 或 false", id="type-bool"),
        pytest.param(plan_with(item(1, "甲", "市教委")),  # type: ignore[arg-type]
                     "2025.yaml:13: 错误 types: 第 1 项的 lead 应为文字列表", id="type-list"),
        pytest.param(plan_with(item(1, "甲", ["市教委"]) | {"suport": ["市局"]}),
                     "2025.yaml:17: 警告 unknown-key: 第 1 项中有未知字段“suport”", id="unknown-key"),
        pytest.param(plan_with(item(2, "甲", ["市教委"])),
                     "2025.yaml:10: 警告 item-numbering: 序号应连续：这里应为 1，实际为 2", id="numbering"),
        pytest.param(plan_with(item(1, "甲", ["市教委"]) | {"links": {"continues": ["2022-5"]}}),
                     "2025.yaml:19: 错误 link-format: 第 1 项的链接“2022-5”格式不对", id="link-format"),
        pytest.param(plan_with(item(1, "甲", ["市教委"]) | {"links": {"continues": ["2019#5"]}}),
                     "2025.yaml:19: 错误 link-target: 第 1 项的链接“2019#5”指向不存在的计划 2019", id="link-plan"),
        pytest.param(plan_with(item(1, "甲", ["市教委"]) | {"links": {"not": ["2022#9"]}}),
                     "2025.yaml:19: 错误 link-target: 第 1 项的链接“2022#9”指向不存在的条目", id="link-item"),
    ],
)
def test_each_broken_case_reported_with_file_and_line(
    make_plans: Callable[..., Path], run: Callable[..., Result], plan: dict[str, Any], expected: str
) -> None:
    plans = make_plans({"2022": small_plan(2022, [OK_ITEM]), "2025": plan})
    result = run("validate", plans=plans)
    lines = [line.replace(str(plans) + "/", "") for line in result.stdout.splitlines()]
    assert any(line.startswith(expected) for line in lines), lines
    is_error = "错误" in expected
    assert result.exit_code == (1 if is_error else 0)


def test_alias_in_plan_is_not_a_problem(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": plan_with(item(1, "甲", ["市卫健委"], ["市局"]))})
    result = run("validate", "--strict", plans=plans)
    assert (result.exit_code, result.stdout) == (0, "")


def test_strict_fails_on_warnings(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": plan_with(item(2, "甲", ["市教委"]))})
    assert run("validate", plans=plans).exit_code == 0
    assert run("validate", "--strict", plans=plans).exit_code == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param("title: [\n", "2025.yaml:1: 错误 file-read: 文件在括号还没有闭合时就结束了", id="syntax"),
        pytest.param(b"", "2025.yaml: 错误 file-read: 文件为空", id="empty"),
        pytest.param(b"\x00\x01\x02", "2025.yaml: 错误 file-read: 这是二进制文件", id="binary"),
        pytest.param("title: 质量\n".encode("gbk"), "2025.yaml:1: 错误 file-read: 文件不是 UTF-8 编码", id="gbk"),
    ],
)
def test_unreadable_files(make_plans: Callable[..., Path], run: Callable[..., Result],
                          content: str | bytes, expected: str) -> None:
    plans = make_plans({"2025": content, "2022": small_plan(2022, [OK_ITEM])})
    result = run("validate", plans=plans)
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0].replace(str(plans) + "/", "")
    assert first.startswith(expected)


GROUP_OF_ITSELF: dict[str, Any] = {"units": [
    {"name": "市局", "kind": "市政府部门"},
    {"name": "各成员单位", "kind": "单位群组", "members": ["市局", "各成员单位"]}]}
RENAME_CIRCLE: dict[str, Any] = {"units": [
    {"name": "甲局", "kind": "市政府部门", "renamed_from": [{"name": "乙局", "year": 2020}]},
    {"name": "乙局", "kind": "市政府部门", "renamed_from": [{"name": "甲局", "year": 2022}]}]}


@pytest.mark.parametrize(
    ("units", "expected"),
    [
        pytest.param({"units": [{"name": "甲局", "kind": "市政府部门", "aliases": ["某局"]},
                                {"name": "乙局", "kind": "市政府部门", "aliases": ["某局"]}]},
                     "units.yaml:6: 错误 alias-conflict: 写法“某局”同时指向多个单位：甲局、乙局", id="alias-conflict"),
        pytest.param({"units": [{"name": "甲局", "kind": "市政府部门"}, {"name": "甲局", "kind": "市政府部门"}]},
                     "units.yaml:4: 错误 duplicate-unit-name: 单位“甲局”登记了两次", id="duplicate-name"),
        pytest.param({"units": [{"name": "甲局"}]},
                     "units.yaml:2: 错误 required-fields: 单位“甲局”缺少必填字段 kind", id="missing-kind"),
        pytest.param({"units": [{"name": "甲局", "kind": "部门"}]},
                     "units.yaml:2: 警告 unknown-kind: 单位“甲局”的类别“部门”不是常用类别", id="unknown-kind"),
        pytest.param({"units": [{"name": "甲局", "kind": "市政府部门", "members": ["乙局"]}]},
                     "units.yaml:2: 错误 group-members: 单位“甲局”不是单位群组", id="members-on-non-group"),
        pytest.param(GROUP_OF_ITSELF, "units.yaml:4: 错误 group-cycle: 群组“各成员单位”把自己列为自己的成员",
                     id="group-of-itself"),
        pytest.param({"units": [{"name": "甲组", "kind": "单位群组", "members": ["乙组"]},
                                {"name": "乙组", "kind": "单位群组", "members": ["甲组"]}]},
                     "units.yaml:6: 错误 group-cycle: 群组之间互为成员：乙组 → 甲组 → 乙组", id="groups-in-each-other"),
        pytest.param({"units": [{"name": "甲局", "kind": "市政府部门",
                                 "renamed_from": [{"name": "甲局", "year": 2024}]}]},
                     "units.yaml:2: 错误 rename-cycle: 单位“甲局”登记为由自己更名而来", id="renamed-from-itself"),
        pytest.param(RENAME_CIRCLE, "units.yaml:2: 错误 rename-cycle: 更名记录绕成了圈：乙局 → 甲局 → 乙局",
                     id="rename-circle"),
    ],
)
def test_registry_rules(make_plans: Callable[..., Path], run: Callable[..., Result],
                        units: dict[str, Any], expected: str) -> None:
    plans = make_plans({}, units=units)
    result = run("validate", plans=plans)
    lines = [line.replace(str(plans) + "/", "") for line in result.stdout.splitlines()]
    assert any(line.startswith(expected) for line in lines), lines


def test_missing_registry(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2025": plan_with(OK_ITEM)}, units=None)
    result = run("validate", plans=plans)
    assert result.exit_code == 1
    assert "registry-missing: 找不到单位登记表 units.yaml" in result.stdout


def test_only_named_plans(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plans = make_plans({"2022": small_plan(2022, [OK_ITEM]), "2025": "title: [\n"})
    assert run("validate", "2022", plans=plans).exit_code == 0
    assert run("validate", "2030", plans=plans).exit_code == 2


def test_renamed_unit_in_later_plan_warns(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    units = {"units": [*SMALL_UNITS["units"],
                       {"name": "市金融办", "kind": "市政府部门",
                        "renamed_from": [{"name": "市金融局", "year": 2024}]}]}
    plans = make_plans({"2022": small_plan(2022, [item(1, "甲", ["市金融局"])]),
                        "2025": plan_with(item(1, "甲", ["市金融局"]))}, units=units)
    lines = run("validate", plans=plans).stdout.splitlines()
    assert len(lines) == 1
    assert "2025.yaml:14: 警告 renamed-unit: 第 1 项写的是“市金融局”，该单位已于 2024 年更名为“市金融办”" in lines[0]


def test_stray_copy_and_wrong_year_are_flagged(make_plans: Callable[..., Path], run: Callable[..., Result]) -> None:
    plan = plan_with(OK_ITEM)
    plans = make_plans({"2025": plan, "2025 副本": plan, "2023": plan})
    lines = [line.replace(str(plans) + "/", "") for line in run("validate", plans=plans).stdout.splitlines()]
    assert any(line.startswith("2025 副本.yaml: 警告 plan-id: 文件名“2025 副本.yaml”不像计划编号") for line in lines)
    assert any(line.startswith("2023.yaml:5: 警告 plan-year: 文件名是 2023，但发文日期在 2025 年") for line in lines)
    assert sum("duplicate-plan" in line for line in lines) == 2
