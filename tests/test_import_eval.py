"""The scorer of the held-back set (tests/import_eval.py) counts what it should: the held-back
scores themselves are printed by `python -m tests.import_eval`, never asserted, so that the
set is not tuned on."""

from __future__ import annotations

from pathlib import Path

from qplan.importer import import_document
from tests.import_eval import documents, score, table
from tests.test_import_governments import ZHONGYUAN


def test_the_scorer_counts_rights_and_wrongs() -> None:
    plan = import_document(ZHONGYUAN).plan
    expected = {"sections": ["深入开展食品安全专项整治", "加强食品安全监管能力建设", "严厉打击食品安全违法犯罪",
                             "推进食品安全诚信体系建设"],
                "tasks": [
                    [1, "深化农产品质量安全整治", ["省农业厅"],
                     ["省卫生厅", "省质监局", "省食品药品监管局", "省政府食安办"], "first-listed", "line", None],
                    [2, "深化食品生产加工环节整治", ["省质监局"], ["省工商局"], "stated", "line"],  # wrong basis
                    [4, "加强检验检测能力", ["省质监局"], ["省财政厅"], "stated", "line", "2013年底前"],  # 3 wrongs
                    [12, "不存在的任务", ["省教育厅"], [], "first-listed", "bracket"],
                ]}
    result = score("中原", plan, expected)
    assert (result.tasks, result.found, result.units, result.lead, result.reading) == (4, 2, 2, 3, 2)
    assert (result.deadlines, result.deadlines_right, result.extra, result.sections_right) == (2, 1, 6, True)
    assert "12: 没有读出" in result.misses
    assert "4: 完成时限 None ≠ 2013年底前" in result.misses
    assert table([result]).splitlines()[1].split()[:8] == ["中原", "4", "2", "2", "3", "2", "1/2", "6"]


def test_every_held_back_document_is_measured(tmp_path: Path) -> None:
    found = documents(tmp_path)
    assert len(found) == 3 + 2 * 3  # three texts, two Word documents built three ways
    assert all(path.exists() for _, path, _ in found)
