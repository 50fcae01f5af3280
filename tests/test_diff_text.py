"""The character-level text diff: readable for Chinese, folded where nothing changed."""

from __future__ import annotations

import pytest

from qplan.diff import Segment
from qplan.diff.textdiff import changed_share, fold, plain, text_diff


def test_identical_texts_have_one_equal_run() -> None:
    assert text_diff("加强质量人才培养。", "加强质量人才培养。") == [Segment("equal", "加强质量人才培养。")]
    assert text_diff("", "") == []


def test_only_the_changed_run_is_marked() -> None:
    segments = text_diff("持续开展计量器具监督检查。", "持续开展计量器具专项整治。")
    assert plain(segments) == "持续开展计量器具[-监督检查-]{+专项整治+}。"


def test_short_kept_runs_between_changes_join_the_change() -> None:
    # difflib alone keeps the shared 质 and 量 and cuts the rest into confetti.
    segments = text_diff("推进质量基础设施服务", "加快质量品牌建设工程")
    assert [s.op for s in segments] == ["delete", "insert"]
    assert segments[0].text == "推进质量基础设施服务"


def test_deletions_come_before_insertions_in_each_change() -> None:
    segments = text_diff("甲乙丙丁戊己庚辛", "甲乙丙丁壬己庚辛")
    assert [s.op for s in segments] == ["equal", "delete", "insert", "equal"]


@pytest.mark.parametrize(("segments", "expected"), [
    pytest.param([Segment("equal", "一" * 30), Segment("insert", "新")],
                 [Segment("equal", "…" + "一" * 8), Segment("insert", "新")], id="leading-run"),
    pytest.param([Segment("delete", "旧"), Segment("equal", "二" * 30)],
                 [Segment("delete", "旧"), Segment("equal", "二" * 8 + "…")], id="trailing-run"),
    pytest.param([Segment("delete", "旧"), Segment("equal", "三" * 10 + "四" * 20), Segment("insert", "新")],
                 [Segment("delete", "旧"), Segment("equal", "三" * 8 + "…" + "四" * 8), Segment("insert", "新")],
                 id="middle-run"),
    pytest.param([Segment("equal", "五" * 20), Segment("insert", "新")],
                 [Segment("equal", "五" * 20), Segment("insert", "新")], id="short-run-kept"),
])
def test_long_unchanged_runs_fold(segments: list[Segment], expected: list[Segment]) -> None:
    assert fold(segments) == expected


def test_changed_share_counts_both_texts() -> None:
    assert changed_share(text_diff("甲乙丙丁", "甲乙丙丁")) == 0.0
    assert changed_share(text_diff("甲乙", "丙丁")) == 1.0
    assert changed_share([Segment("equal", "甲乙"), Segment("insert", "丙丁")]) == pytest.approx(2 / 6)
