from __future__ import annotations

import pytest

from qplan.responsibility import Dropped, Responsibility, parse_responsibility, split_units


@pytest.mark.parametrize(
    ("bracket", "expected"),
    [
        pytest.param(
            "（牵头单位：市市场监管局、市委组织部，配合单位：市质量工作领导小组成员单位、各区质量工作领导小组）",
            Responsibility(["市市场监管局", "市委组织部"], ["市质量工作领导小组成员单位", "各区质量工作领导小组"],
                           lead_stated=True),
            id="stated-two-leads",
        ),
        pytest.param(
            "（牵头单位：市质量工作领导小组成员单位、各区质量工作领导小组）",
            Responsibility(["市质量工作领导小组成员单位", "各区质量工作领导小组"], [], lead_stated=True),
            id="stated-no-support",
        ),
        pytest.param(
            "（牵头单位：市经济信息化委、市市场监管局，配合单位：市统计局等）",
            Responsibility(["市经济信息化委", "市市场监管局"], ["市统计局"], lead_stated=True, open_ended=True),
            id="stated-open-ended",
        ),
        pytest.param(
            "（市商务委、市市场监管局按照职责分工实施）",
            Responsibility(["市商务委"], ["市市场监管局"], duty_clause="按照职责分工实施"),
            id="duty-clause",
        ),
        pytest.param(
            "（市商务委、市市场监管局等按职责分工负责）",
            Responsibility(["市商务委"], ["市市场监管局"], open_ended=True, duty_clause="按职责分工负责"),
            id="duty-clause-open-ended",
        ),
        pytest.param(
            "（市市场监管局、市委宣传部、团市委、市总工会）",
            Responsibility(["市市场监管局"], ["市委宣传部", "团市委", "市总工会"]),
            id="bare-list",
        ),
        pytest.param("（市经济信息化委）", Responsibility(["市经济信息化委"]), id="single-unit"),
        pytest.param("(市统计局等部门)", Responsibility(["市统计局"], open_ended=True), id="half-width-等部门"),
    ],
)
def test_forms(bracket: str, expected: Responsibility) -> None:
    assert parse_responsibility(bracket) == expected


@pytest.mark.parametrize("bracket", ["（NQI）", "（暂名）", "（IDI）", "（2021—2023年）", "（）"])
def test_asides_are_not_unit_lists(bracket: str) -> None:
    assert parse_responsibility(bracket) is None


def test_split_keeps_bracketed_acting_unit_whole() -> None:
    assert split_units("闵行区质量和标准化工作领导小组（闵行区市场监管局）、徐汇区市场监管局") == [
        "闵行区质量和标准化工作领导小组（闵行区市场监管局）",
        "徐汇区市场监管局",
    ]


@pytest.mark.parametrize(("bracket", "lead", "support", "dropped"), [
    pytest.param("（市市场监管局\u200b、市教委）", ["市市场监管局"], ["市教委"],
                 [Dropped("市市场监管局", "市市场监管局\u200b", 7, "\u200b")], id="zero-width-space-after"),
    pytest.param("（牵头单位：\u2060市教委，配合单位：市卫健委\u200d）", ["市教委"], ["市卫健委"],
                 [Dropped("市教委", "\u2060市教委", 1, "\u2060"), Dropped("市卫健委", "市卫健委\u200d", 5, "\u200d")],
                 id="word-joiner-and-zwj"),
    pytest.param("（市市\u202e场监管局）", ["市市场监管局"], [],
                 [Dropped("市市场监管局", "市市\u202e场监管局", 3, "\u202e")], id="bidi-inside-a-name"),
    pytest.param("（市卫(健)委\ufeff、市教委）", ["市卫（健）委"], ["市教委"],
                 [Dropped("市卫（健）委", "市卫(健)委\ufeff", 7, "\ufeff")], id="bom-after-ascii-brackets"),
    pytest.param("（牵头\u200b单位：市教委）", ["市教委"], [],
                 [Dropped(None, "（牵头\u200b单位：市教委）", 4, "\u200b")], id="inside-a-label"),
    pytest.param("（市教委、市卫健委）", ["市教委"], ["市卫健委"], [], id="none"),
])
def test_invisible_characters_are_dropped_and_placed(bracket: str, lead: list[str], support: list[str],
                                                     dropped: list[Dropped]) -> None:
    found = parse_responsibility(bracket)
    assert found is not None
    assert (found.lead, found.support, list(found.dropped)) == (lead, support, dropped)
