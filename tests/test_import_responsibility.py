"""Responsibility forms the importer meets beyond the bundled plans (qplan/responsibility.py):
roles written after the names, 会同, a (牵头) mark, lists joined by 和, a body with the bureau
acting for it. The bundled plans' forms are in test_responsibility.py."""

from __future__ import annotations

import pytest

from qplan.responsibility import Responsibility, parse_responsibility, split_acting, split_units
from qplan.workspace import Workspace
from tests.conftest import SHIPPED_PLANS


@pytest.mark.parametrize(("bracket", "expected"), [
    pytest.param("（市市场监管局牵头，市教委、市人社局配合）",
                 Responsibility(["市市场监管局"], ["市教委", "市人社局"], lead_stated=True), id="lead-then-support"),
    pytest.param("（市市场监管局牵头，市教委等配合）",
                 Responsibility(["市市场监管局"], ["市教委"], lead_stated=True, open_ended=True), id="support-等"),
    pytest.param("（市商务委会同市市场监管局）",
                 Responsibility(["市商务委"], ["市市场监管局"], lead_stated=True), id="会同"),
    pytest.param("（市委宣传部（牵头）、市文明办、市教委）",
                 Responsibility(["市委宣传部"], ["市文明办", "市教委"], lead_stated=True), id="marked-lead"),
    pytest.param("（市商务委和市市场监管局按职责分工负责）",
                 Responsibility(["市商务委"], ["市市场监管局"], duty_clause="按职责分工负责"), id="和-list"),
    pytest.param("（市科委、市经济信息化委分别负责）",
                 Responsibility(["市科委"], ["市经济信息化委"], duty_clause="分别负责"), id="分别负责"),
    pytest.param("（牵头单位：市市场监管局；配合单位：市教委）",
                 Responsibility(["市市场监管局"], ["市教委"], lead_stated=True), id="semicolon"),
    pytest.param("（责任单位：市教委、市卫健委）",
                 Responsibility(["市教委"], ["市卫健委"]), id="责任单位"),
    pytest.param("（市妇联、市科协）", Responsibility(["市妇联"], ["市科协"]), id="联-协"),
    pytest.param("（市市场监管局，2025年底前完成）",
                 Responsibility(["市市场监管局"], deadline="2025年底前完成"), id="bare-deadline"),
    pytest.param("（牵头单位：区人社局；配合单位：区总工会；完成时限：2026年12月）",
                 Responsibility(["区人社局"], ["区总工会"], lead_stated=True, deadline="2026年12月"),
                 id="labelled-deadline"),
    pytest.param("（区建设管理委、区房管局，各街镇，持续推进）",
                 Responsibility(["区建设管理委"], ["区房管局", "各街镇"], deadline="持续推进"),
                 id="街镇-ongoing"),
    pytest.param("责任单位：区市场监管局（牵头）、区委组织部",
                 Responsibility(["区市场监管局"], ["区委组织部"], lead_stated=True), id="marked-in-labelled"),
    pytest.param("（区市场监管局　区经委 区科委）", Responsibility(["区市场监管局"], ["区经委", "区科委"]),
                 id="space-separated"),
    pytest.param("（各区、各设区市、各县（市、区）人民政府）",
                 Responsibility(["各区"], ["各设区市", "各县（市、区）人民政府"]), id="every-area"),
    pytest.param("（区档案馆、新桥镇、九亭镇人民政府、各街道（镇）、漕河泾开发区）",
                 Responsibility(["区档案馆"], ["新桥镇", "九亭镇人民政府", "各街道（镇）", "漕河泾开发区"]),
                 id="馆-镇-街道-开发区"),
    pytest.param("（省发改委总牵头）", Responsibility(["省发改委"], lead_stated=True), id="总牵头"),
    pytest.param("（发展改革委牵头，工业和信息化部、财政部等按职责分工负责）",
                 Responsibility(["发展改革委"], ["工业和信息化部", "财政部"], lead_stated=True, open_ended=True,
                                duty_clause="按职责分工负责"), id="lead-then-duty"),
    pytest.param("省公安厅、省农业厅负责落实。", Responsibility(["省公安厅"], ["省农业厅"], duty_clause="负责落实"),
                 id="负责落实-is-no-role"),
])
def test_more_forms(bracket: str, expected: Responsibility) -> None:
    assert parse_responsibility(bracket) == expected


@pytest.mark.parametrize(("bracket", "lead", "support", "carried"), [
    pytest.param("省农业厅、卫生厅、质监局、食品药品监管局、省政府食安办负责落实",
                 ["省农业厅"], ["省卫生厅", "省质监局", "省食品药品监管局", "省政府食安办"],
                 (("卫生厅", "省卫生厅"), ("质监局", "省质监局"), ("食品药品监管局", "省食品药品监管局")), id="省"),
    pytest.param("（市工信局、科技局、市场监管局）", ["市工信局"], ["市科技局", "市市场监管局"],
                 (("科技局", "市科技局"), ("市场监管局", "市市场监管局")), id="市-and-市场"),
    pytest.param("（北海市质监局、工商局）", ["北海市质监局"], ["北海市工商局"], (("工商局", "北海市工商局"),),
                 id="named-city"),
    pytest.param("省质监局牵头，省发展改革委、财政厅配合", ["省质监局"], ["省发展改革委", "省财政厅"],
                 (("财政厅", "省财政厅"),), id="across-roles"),
    pytest.param("（市质监局、北海出入境检验检疫局、团市委、上海银保监局、人民银行上海分行）", ["市质监局"],
                 ["北海出入境检验检疫局", "团市委", "上海银保监局", "人民银行上海分行"], (), id="bodies-of-their-own"),
    pytest.param("（工业和信息化部、市场监管总局、国家标准委）", ["工业和信息化部"], ["市场监管总局", "国家标准委"], (),
                 id="national-no-prefix"),
    pytest.param("（省委组织部、宣传部）", ["省委组织部"], ["宣传部"], (), id="部-not-completed"),
])
def test_a_prefix_written_once_for_a_list(bracket: str, lead: list[str], support: list[str],
                                          carried: tuple[tuple[str, str], ...]) -> None:
    roles = parse_responsibility(bracket)
    assert roles is not None
    assert (roles.lead, roles.support, roles.carried) == (lead, support, carried)


@pytest.mark.parametrize(("bracket", "units", "groups"), [
    pytest.param("（市委组织部、各区、县级市）", ["市委组织部", "各区、县级市"], ("各区、县级市",), id="各区-县级市"),
    pytest.param("（各省辖市、省直管试点县(市)人民政府）", ["各省辖市、省直管试点县（市）人民政府"],
                 ("各省辖市、省直管试点县（市）人民政府",), id="省辖市-试点县"),
    pytest.param("（市教委、各县、市、区人民政府）", ["市教委", "各县、市、区人民政府"], ("各县、市、区人民政府",),
                 id="各县市区"),
    pytest.param("（各区、市市场监管局）", ["各区", "市市场监管局"], (), id="a-unit-after-各区"),
    pytest.param("（各区、漕河泾开发区）", ["各区", "漕河泾开发区"], (), id="a-named-place-after-各区"),
])
def test_group_phrases_are_kept_whole(bracket: str, units: list[str], groups: tuple[str, ...]) -> None:
    roles = parse_responsibility(bracket)
    assert roles is not None
    assert ([*roles.lead, *roles.support], roles.groups) == (units, groups)


@pytest.mark.parametrize(("bracket", "lead", "support", "asides"), [
    pytest.param("(省发改委(省能源局)、省统计局。列第一位者为牵头部门,下同)", ["省发改委（省能源局）"], ["省统计局"],
                 ("列第一位者为牵头部门,下同",), id="declaration"),
    pytest.param("（省教育厅、省科技厅，排在第一位的为牵头单位，其他为配合单位）", ["省教育厅"], ["省科技厅"],
                 ("排在第一位的为牵头单位，其他为配合单位",), id="declaration-after-a-comma"),
    pytest.param("(市农业农村委、市市场监管局等部门及各区人民政府负责落实。以下均需各区人民政府落实,不再列出)",
                 ["市农业农村委"], ["市市场监管局", "各区人民政府"], ("以下均需各区人民政府落实,不再列出",),
                 id="note-and-等部门及"),
])
def test_remarks_inside_a_bracket_are_not_units(bracket: str, lead: list[str], support: list[str],
                                                asides: tuple[str, ...]) -> None:
    roles = parse_responsibility(bracket)
    assert roles is not None
    assert (roles.lead, roles.support, roles.asides) == (lead, support, asides)


def test_等部门及_keeps_the_list_open() -> None:
    roles = parse_responsibility("（市农业农村委、市市场监管局等部门及各区人民政府负责落实）")
    assert roles is not None and roles.open_ended


@pytest.mark.parametrize("bracket", ["（2024年4—5月）", "（市市场监管局，重点推进）", "（试行）", "（2026年）",
                                     "（上海市）", "（市市场监管局，见附件）"])
def test_asides(bracket: str) -> None:
    assert parse_responsibility(bracket) is None


@pytest.mark.parametrize(("text", "units"), [
    pytest.param("市文化和旅游局、市发展和改革委员会", ["市文化和旅游局", "市发展和改革委员会"], id="和-inside-a-name"),
    pytest.param("市商务委和市市场监管局", ["市商务委", "市市场监管局"], id="和-between-names"),
    pytest.param("市教委及市科委以及市卫健委", ["市教委", "市科委", "市卫健委"], id="及-以及"),
])
def test_and_splits_only_between_units(text: str, units: list[str]) -> None:
    assert split_units(text) == units


@pytest.mark.parametrize(("name", "expected"), [
    pytest.param("闵行区质量和标准化工作领导小组（闵行区市场监管局）",
                 ("闵行区质量和标准化工作领导小组", "闵行区市场监管局"), id="acting"),
    pytest.param("中国（上海）自由贸易试验区管委会", ("中国（上海）自由贸易试验区管委会", None), id="bracket-inside"),
    pytest.param("市质量工作领导小组办公室", ("市质量工作领导小组办公室", None), id="plain"),
])
def test_split_acting(name: str, expected: tuple[str, str | None]) -> None:
    assert split_acting(name) == expected


def test_bundled_plans_read_as_before() -> None:
    """The additions change nothing on the shipped brackets: roles equal the plan files."""
    workspace = Workspace(SHIPPED_PLANS)
    for plan_id in ("2022", "2025"):
        for item in workspace.plan(plan_id).items:
            found = parse_responsibility(item.responsibility or "")
            assert found is not None
            assert [item.written.get(u, u) for u in item.lead] == found.lead
            assert [item.written.get(u, u) for u in item.support] == found.support
            assert (item.lead_stated, item.open_ended) == (found.lead_stated, found.open_ended)
