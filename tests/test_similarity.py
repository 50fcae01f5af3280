"""Item similarity: distinctive terms count, what every item says does not."""

from __future__ import annotations

import random

from qplan.diff.assignment import assign
from qplan.diff.similarity import Corpus, terms
from qplan.model import Item


def make(no: int, title: str, text: str, lead: list[str], support: list[str] | None = None) -> Item:
    return Item(no=no, title=title, text=text, lead=lead, support=support or [])


OLD = [
    make(1, "强化质量人才队伍建设", "深化企业首席质量官制度，加强质量技能人才培养。", ["市市场监管局"], ["市人社局"]),
    make(2, "加强防疫产品保障", "严格落实医用防疫物资质量安全监管，加强防疫用药监管。", ["上海海关"]),
    make(3, "推动计量体系建设", "推进国家产业计量测试中心建设，加强计量器具质量监督检查。", ["市市场监管局"]),
]
NEW = [
    make(1, "壮大质量人才队伍", "持续推进实施首席质量官制度，开展质量技能培训。", ["市市场监管局"], ["市人社局"]),
    make(2, "推进绿色低碳认证", "开展碳足迹认证试点，推广绿色产品质量认证。", ["市生态环境局"]),
    make(3, "夯实计量基础", "推进国家产业计量测试中心建设，加大计量器具质量监管力度。", ["市市场监管局"]),
]


def test_terms_are_character_ngrams_without_generic_policy_verbs() -> None:
    found = terms("加强首席质量官制度（ISO 9001）")
    assert "首席" in found and "首席质" in found and "质量官" in found
    assert "加强" not in found and "强首" not in found
    assert "iso" in found and "9001" not in found


def test_ubiquitous_terms_weigh_little_and_distinctive_terms_a_lot() -> None:
    corpus = Corpus(OLD, NEW)
    # 质量 is in all six items, 防疫 in one, 计量 in one item of each plan.
    assert corpus.idf["质量"] < 0.1
    assert corpus.idf["防疫"] > 4 * corpus.idf["质量"]
    assert corpus.idf["计量"] > 3 * corpus.idf["质量"]


def test_a_reworded_item_scores_higher_than_any_unrelated_one() -> None:
    corpus = Corpus(OLD, NEW)
    evidence = {(i, j): corpus.evidence(corpus.features(i, j)) for i in range(3) for j in range(3)}
    for i, j in ((0, 0), (2, 2)):
        rivals = [v for (a, b), v in evidence.items() if (a == i) != (b == j)]
        assert evidence[(i, j)] > max(rivals)
    assert evidence[(1, 1)] < evidence[(0, 0)] / 2


def test_an_item_compared_with_itself_has_top_features() -> None:
    corpus = Corpus(OLD, OLD)
    text, theme, units, lead = corpus.features(0, 0)
    assert round(text, 6) == 1.0 and round(theme, 6) == 1.0 and round(units, 6) == 1.0 and lead > 0


def test_candidates_of_large_plans_include_the_true_partner() -> None:
    rng = random.Random(3)
    vocabulary = [chr(0x4E00 + n) for n in range(3000)]
    olds, news = [], []
    for no in range(1, 301):
        words = "".join(rng.choice(vocabulary) for _ in range(40))
        olds.append(make(no, f"任务{no}", words, ["市市场监管局"]))
        news.append(make(no, f"任务{no}", words[5:] + "。", ["市市场监管局"]))
    corpus = Corpus(olds, news)
    found = corpus.candidates()
    assert len(found) < 300 * 300 / 4
    assert all((i, i) in found for i in range(300))


def brute_force(scores: dict[tuple[int, int], float]) -> float:
    rows = sorted({r for r, _ in scores})
    best = 0.0

    def walk(index: int, used: frozenset[int], total: float) -> None:
        nonlocal best
        if index == len(rows):
            best = max(best, total)
            return
        walk(index + 1, used, total)
        for (r, c), s in scores.items():
            if r == rows[index] and c not in used:
                walk(index + 1, used | {c}, total + s)

    walk(0, frozenset(), 0.0)
    return best


def test_the_assignment_is_optimal_and_one_to_one() -> None:
    rng = random.Random(11)
    for _ in range(200):
        scores = {(r, c): round(rng.random(), 3) for r in range(rng.randint(1, 5))
                  for c in range(rng.randint(1, 5)) if rng.random() < 0.6}
        chosen = assign(scores)
        assert len({r for r, _ in chosen}) == len(chosen) == len({c for _, c in chosen})
        assert abs(sum(scores[p] for p in chosen) - brute_force(scores)) < 1e-9


def test_the_assignment_prefers_one_strong_pair_over_greedy_choices() -> None:
    # Greedy would take (0, 0) and leave row 1 without its only partner.
    assert assign({(0, 0): 0.9, (0, 1): 0.85, (1, 0): 0.8}) == [(0, 1), (1, 0)]
    assert assign({(0, 0): 0.0, (1, 1): -0.5}) == []
