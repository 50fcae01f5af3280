"""How alike two plan items are, judged by what they are about rather than by their number.

Four signals, each computed so that what nearly every item says counts for little:

- text:  cosine of TF-IDF vectors of character 2- and 3-grams of title and body. IDF comes
         from the items of both plans, so 质量 / 提升 (in every item) weigh nothing and 防疫 /
         首席质量官 (in one item of each plan) weigh most. Generic policy verbs (加强, 推进 …)
         are cut out before the n-grams are taken, so they cannot glue words into false
         shared n-grams.
- theme: how much of each item's title (its theme, IDF-weighted) the other item covers,
         averaged over both directions. Titles are short and reworded; the theme of an old
         title usually survives somewhere in the new item's text.
- units: cosine of IDF-weighted unit vectors (a lead counts twice as much as a support).
- lead:  how surprising it is that both items are led by the same unit: -ln(pₒ·pₙ), pₒ and pₙ
         being the shares of items that unit leads in each plan. Sharing the bureau that
         leads most items says little; sharing a rarely leading unit says a lot.

The signals are on different scales, so each is turned into evidence against a null model:
the distribution of that signal over all cross pairs of the two plans (nearly all of which
are unrelated), e = -ln P(null ≥ value), with the null's top tenth extrapolated as an
exponential tail so that evidence keeps growing beyond the largest null value (capped at a
one-in-ten-thousand surprise per signal); a value of 0 carries no evidence, never a penalty —
units are re-assigned and titles rewritten, so a missing signal is weak evidence. The
evidence of a pair is the weighted sum, and its score is that evidence normalised by the
evidence each item has with itself, so an unchanged item scores 1.
"""

from __future__ import annotations

import bisect
import heapq
import math
import operator
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from qplan.model import Item

# Words that nearly every Chinese government plan uses whatever the subject: policy verbs,
# degree adverbs and connectives. Removing them is a general prior about the genre, not a
# tuning to one pair of plans; IDF then handles whatever else is ubiquitous in the plans.
STOP_PHRASES: tuple[str, ...] = (
    "进一步", "持续", "不断", "加强", "加快", "加大", "推进", "推动", "提升", "提高",
    "开展", "深化", "强化", "完善", "健全", "建立", "积极", "探索", "支持", "鼓励",
    "落实", "实施", "优化", "组织", "全面", "大力", "深入", "切实", "着力", "努力",
    "有效", "以及", "相关", "各类", "重点", "领域", "工作", "一批", "围绕", "聚焦",
    "做好", "做实", "做强", "办好", "继续", "逐步", "稳步", "率先", "坚持", "进行",
    "发挥", "作用", "注重", "突出", "扩大", "构建", "打造", "形成", "促进", "引导",
    "指导", "按照", "通过", "进而", "等", "的", "和", "与", "及", "在",
    "对", "为", "将", "把", "向", "从", "并", "或",
)
_STOP_RE = re.compile("|".join(re.escape(p) for p in sorted(STOP_PHRASES, key=len, reverse=True)))
_RUN_RE = re.compile(r"[\u3400-\u9fff]+|[A-Za-z0-9]+")
LEAD_WEIGHT = 2.0

SIGNALS = ("text", "theme", "units", "lead")
WEIGHTS = {"text": 1.0, "theme": 0.6, "units": 0.5, "lead": 0.5}
# The share of the null treated as its upper tail, and the most surprise one signal can
# carry (a one-in-ten-thousand value), so no single signal decides a pair on its own.
TAIL_SHARE = 0.1
MAX_SURPRISE = -math.log(1e-4)
_TAIL_SURPRISE = -math.log(TAIL_SHARE)
# Plans with at most this many pairs of items have every pair of siblings scored; larger
# ones only those that are near candidates of one item of the other plan (up to this many).
SIBLING_PAIRS_EXACT = 5000
SIBLING_NEAR = 4
# Pairs sampled to estimate each signal's null distribution when the plans are large.
NULL_SAMPLE = 4000
# Plans with at most this many cross pairs have every pair scored.
EXHAUSTIVE_PAIRS = 40000
# In larger plans, each newer item finds its candidate partners through its title's n-grams
# and then its heaviest ones (up to CANDIDATE_TERMS), skipping n-grams that more than
# POSTING_CAP older items share and stopping once POSTING_BUDGET postings were read: fixed
# numbers, so the search grows linearly with the plans. tests/test_diff_candidates.py shows
# that it loses no pair that matters.
CANDIDATE_TERMS = 120
POSTING_CAP = 20
POSTING_BUDGET = 500
# Each older item also keeps its LEFT_KEPT best partners among the newer items that rank it
# in their top RANKS_SEEN × per_item (the evaluation cases need 4 to come out the same).
LEFT_KEPT = 8
RANKS_SEEN = 4
# A prior for the null, so that plans of a few items still get sensible evidence: twenty
# quantiles (0 %, 5 % … 95 %) of each signal over unrelated pairs of the 2022 and 2025 plans
# (cross pairs and pairs within one plan). It counts as twenty observed pairs, which is
# decisive for a plan of three items and negligible for one of fifty.
PRIOR_NULL: tuple[tuple[float, ...], ...] = (
    (0.0, 0.0, 0.001, 0.002, 0.003, 0.005, 0.006, 0.006, 0.007, 0.009,
     0.01, 0.012, 0.014, 0.015, 0.018, 0.022, 0.027, 0.037, 0.046, 0.069),
    (0.0, 0.0, 0.0, 0.002, 0.004, 0.004, 0.005, 0.007, 0.008, 0.011,
     0.015, 0.02, 0.026, 0.031, 0.037, 0.044, 0.056, 0.088, 0.116, 0.21),
    (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.004, 0.007, 0.009, 0.011,
     0.015, 0.018, 0.02, 0.024, 0.028, 0.041, 0.058, 0.132, 0.273, 0.454),
    (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
     0.0, 0.0, 0.446, 0.446, 0.446, 0.916, 0.916, 0.916, 0.916, 1.386),
)


def terms(text: str) -> Counter[str]:
    """Character 2- and 3-grams of the Chinese runs and whole Latin words (ISO, CCC, 5G)."""
    grams: list[str] = []
    for run in _RUN_RE.findall(_STOP_RE.sub(" ", text)):
        if run.isascii():
            # Bare numbers are years and counts, not subjects.
            if not run.isdigit():
                grams.append(run.lower())
            continue
        # All 2-grams of the run, then all 3-grams, each in reading order.
        pairs = list(map(operator.add, run, run[1:]))
        grams += pairs
        grams += map(operator.add, pairs, run[2:])
    # One shared string per n-gram, not one per item: large plans hold millions of them.
    return Counter(map(sys.intern, grams))


def _normalise(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum([v * v for v in vector.values()]))
    if norm == 0:
        return {}
    return {key: value / norm for key, value in vector.items()}


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # Only shared keys add anything; the order of the sum is a's, as with every key.
    return sum([weight * b[key] for key, weight in a.items() if key in b], 0.0)


@dataclass(slots=True)
class Profile:
    """What one item is about, in the form the signals compare."""

    # The unit-length text vector: each n-gram's weight divided by the vector's norm.
    vector: dict[str, float]
    title: dict[str, float]
    title_mass: float
    units: dict[str, float]
    leads: frozenset[str]


def cosine(a: Profile, b: Profile) -> float:
    return dot(a.vector, b.vector)


Features = tuple[float, float, float, float]
Search = Literal["auto", "bounded", "exhaustive"]


class Corpus:
    """The items of two plans (older and newer) with the statistics the signals need.

    `context` items (other plans of the workspace) only add to the document frequencies.
    """

    def __init__(self, old: Sequence[Item], new: Sequence[Item], context: Iterable[Item] = ()):
        self.old_items = list(old)
        self.new_items = list(new)
        compared = [*self.old_items, *self.new_items]
        all_items = [*compared, *context]
        # Each compared item's n-grams and their counts as two tuples: a third of the memory
        # of a Counter, which matters while every item's vector is being built.
        counted: list[tuple[tuple[str, ...], tuple[int, ...]]] = []
        df: Counter[str] = Counter()
        for index, item in enumerate(all_items):
            counts = terms(f"{item.title}。{item.text}")
            df.update(counts.keys())
            if index < len(compared):
                counted.append((tuple(counts), tuple(counts.values())))
        total = len(all_items)
        # The BM25 form of IDF: near 0 for what every item says, yet still positive when
        # two small plans share a term (where ln(N/df) would be exactly 0).
        self.idf = {term: math.log((total - n + 0.5) / (n + 0.5) + 1) for term, n in df.items()}
        unit_df: Counter[str] = Counter()
        for item in all_items:
            unit_df.update(set(item.units))
        self.unit_idf = {u: math.log((total + 1) / (n + 1)) + 0.1 for u, n in unit_df.items()}
        self.old = [self._profile(item, counts) for item, counts in
                    zip(self.old_items, counted, strict=False)]
        self.new = [self._profile(item, counts) for item, counts in
                    zip(self.new_items, counted[len(self.old_items):], strict=False)]
        self.old_lead_share = _lead_shares(self.old_items)
        self.new_lead_share = _lead_shares(self.new_items)
        # Each compared item's n-grams and counts, by identity, for a text read with others
        # (combined_text): kept as the two tuples, a third of the memory of a Counter.
        self._grams = {id(item): grams for item, grams in zip(compared, counted, strict=True)}
        self._counted: dict[int, Counter[str]] = {}
        self._profiles = {id(item): profile for item, profile in
                          zip(compared, [*self.old, *self.new], strict=True)}
        self._null: list[list[float]] | None = None
        self._null_features: list[tuple[str, int, int, Features]] | None = None
        self._tails: list[tuple[float, float]] = []
        # Per signal: its weight, sorted null values and tail (start, scale), for `evidence`.
        self._scales: list[tuple[float, list[float], float, float]] = []

    def _profile(self, item: Item, counted: tuple[tuple[str, ...], tuple[int, ...]]) -> Profile:
        idf = self.idf
        grams, counts = counted
        # 1 + ln 1 is 1: most n-grams occur once, and the product is the same either way.
        weights = [idf[t] if c == 1 else (1 + math.log(c)) * idf[t] for t, c in zip(grams, counts, strict=True)]
        # The norm as _normalise takes it, and each weight divided by it, as _normalise does.
        norm = math.sqrt(sum([w * w for w in weights]))
        vector = dict(zip(grams, [w / norm for w in weights], strict=True)) if norm else {}
        title = {t: idf.get(t, 0.0) for t in terms(item.title)}
        title = {t: w for t, w in title.items() if w > 0}
        units: dict[str, float] = {}
        for name in item.support:
            units[name] = self.unit_idf.get(name, 1.0)
        for name in item.lead:
            units[name] = LEAD_WEIGHT * self.unit_idf.get(name, 1.0)
        return Profile(vector, title, sum(title.values()), _normalise(units), frozenset(item.lead))

    # -- signals ---------------------------------------------------------------------------

    def features(self, i: int, j: int) -> Features:
        """The four raw signals for old item i and new item j (indexes, not item numbers)."""
        a, b = self.old[i], self.new[j]
        return (cosine(a, b), _theme(a, b), dot(a.units, b.units),
                self._lead(a.leads, b.leads, self.old_lead_share, self.new_lead_share))

    def self_features(self, profile: Profile, shares: dict[str, float]) -> Features:
        text = 1.0 if profile.vector else 0.0
        theme = 1.0 if profile.title_mass > 0 else 0.0
        units = 1.0 if profile.units else 0.0
        return (text, theme, units, self._lead(profile.leads, profile.leads, shares, shares))

    @staticmethod
    def _lead(a: frozenset[str], b: frozenset[str], share_a: dict[str, float],
              share_b: dict[str, float]) -> float:
        shared = a & b
        if not shared:
            return 0.0
        return max(-math.log(share_a[u] * share_b[u]) for u in shared)

    # -- evidence against the null ---------------------------------------------------------

    def null_pairs(self) -> list[tuple[str, int, int]]:
        """Pairs whose signals make up the null: cross pairs of the two plans, and pairs of
        two different items of the same plan, which are distinct work lines by construction.
        All of them when few, else a fixed-seed sample."""
        n, m = len(self.old), len(self.new)
        cross = n * m
        within_old = n * (n - 1) // 2
        within_new = m * (m - 1) // 2
        if cross + within_old + within_new <= NULL_SAMPLE:
            pairs = [("x", i, j) for i in range(n) for j in range(m)]
            pairs += [("o", i, j) for i in range(n) for j in range(i + 1, n)]
            pairs += [("n", i, j) for i in range(m) for j in range(i + 1, m)]
            return pairs
        rng = random.Random(20250401)
        sample: list[tuple[str, int, int]] = []
        for kind, size_a, size_b, share in (("x", n, m, 2), ("o", n, n, 1), ("n", m, m, 1)):
            if size_a == 0 or size_b == 0 or (kind != "x" and size_a < 2):
                continue
            for _ in range(NULL_SAMPLE * share // 4):
                i, j = rng.randrange(size_a), rng.randrange(size_b)
                if kind != "x" and i == j:
                    continue
                sample.append((kind, i, j))
        return sample

    def pair_features(self, kind: str, i: int, j: int) -> Features:
        if kind == "x":
            return self.features(i, j)
        profiles, shares = (self.old, self.old_lead_share) if kind == "o" else (
            self.new, self.new_lead_share)
        a, b = profiles[i], profiles[j]
        return (cosine(a, b), _theme(a, b), dot(a.units, b.units),
                self._lead(a.leads, b.leads, shares, shares))

    def null_features(self) -> list[tuple[str, int, int, Features]]:
        """The null pairs with their signals (computed once: the calibration reads them too)."""
        if self._null_features is None:
            self._null_features = [(kind, i, j, self.pair_features(kind, i, j))
                                   for kind, i, j in self.null_pairs()]
        return self._null_features

    def null(self) -> list[list[float]]:
        """Sorted values of each signal over the null pairs."""
        if self._null is None:
            columns: list[list[float]] = [list(prior) for prior in PRIOR_NULL]
            for _, _, _, features in self.null_features():
                for column, value in zip(columns, features, strict=True):
                    column.append(value)
            self._null = [sorted(column) for column in columns]
            self._tails = [_tail(column) for column in self._null]
            self._scales = [(WEIGHTS[signal], column, *tail) for signal, column, tail in
                            zip(SIGNALS, self._null, self._tails, strict=True)]
        return self._null

    def evidence(self, features: Features) -> float:
        if self._null is None:
            self.null()
        total = 0.0
        for value, (weight, column, start, scale) in zip(features, self._scales, strict=True):
            if value <= 0:
                continue
            if value > start and scale > 0:
                surprise = _TAIL_SURPRISE + (value - start) / scale
            else:
                at_least = len(column) - bisect.bisect_left(column, value - 1e-12)
                surprise = -math.log((at_least + 1) / (len(column) + 1))
            total += weight * min(surprise, MAX_SURPRISE)
        return total

    def self_evidence(self) -> tuple[list[float], list[float]]:
        old = [self.evidence(self.self_features(p, self.old_lead_share)) for p in self.old]
        new = [self.evidence(self.self_features(p, self.new_lead_share)) for p in self.new]
        return old, new

    # -- candidates ------------------------------------------------------------------------

    def candidates(self, per_item: int = 8, search: Search = "auto") -> set[tuple[int, int]]:
        """Pairs (old, new) worth scoring: each item's best partners by shared distinctive
        n-grams. `search`: "auto" scores all pairs when the plans are small and searches
        with a bound otherwise; "bounded" and "exhaustive" force one way (for tests that
        show the bound loses no pair that matters)."""
        return _candidates(self.old, self.new, per_item, search)

    def siblings(self, kind: str, near: Iterable[tuple[int, int]] = ()) -> set[tuple[int, int]]:
        """Pairs (i, j), i < j, of two items of one plan ("o" older, "n" newer) worth scoring.

        All of them when the plan is small; in a large plan, items that are both near
        candidates of one item of the other plan (`near`: (old, new) pairs, best first), which
        are the siblings that could compete with a cross-plan match.
        """
        size = len(self.old if kind == "o" else self.new)
        if size * (size - 1) // 2 <= SIBLING_PAIRS_EXACT:
            return {(i, j) for i in range(size) for j in range(i + 1, size)}
        by_other: dict[int, list[int]] = {}
        for i, j in near:
            mine, other = (i, j) if kind == "o" else (j, i)
            found = by_other.setdefault(other, [])
            if len(found) < SIBLING_NEAR:
                found.append(mine)
        return {(min(a, b), max(a, b)) for found in by_other.values()
                for a in found for b in found if a != b}

    def combined_text(self, items: Sequence[Item]) -> dict[str, float]:
        """The text vector of several items read as one (the parts of a split or merge)."""
        if len(items) == 1 and id(items[0]) in self._profiles:
            return self._profiles[id(items[0])].vector  # the same vector, built faster
        counts: Counter[str] = Counter()
        for item in items:
            known = self._counted.get(id(item))
            if known is None:
                grams = self._grams.get(id(item))
                known = self._counted[id(item)] = (Counter(dict(zip(*grams, strict=True))) if grams
                                                   else terms(f"{item.title}。{item.text}"))
            counts.update(known)
        return _normalise({t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in counts.items()})


def _candidates(left: Sequence[Profile], right: Sequence[Profile], per_item: int,
                search: Search) -> set[tuple[int, int]]:
    """Pairs (left, right) worth scoring: each right item's best partners by shared n-grams.

    The two signals an index can find, text and theme, are summed over the n-grams that at
    most POSTING_CAP left items share (one that many share weighs little), reading the right
    item's title n-grams first and then its heaviest ones, until POSTING_BUDGET postings are
    read. So an item costs the same however large the plans are.
    """
    n, m = len(left), len(right)
    if search == "exhaustive" or (search == "auto" and n * m <= EXHAUSTIVE_PAIRS):
        return {(i, j) for i in range(n) for j in range(m)}
    in_text = _postings([(profile.vector, 1.0) for profile in left])
    # What an n-gram of a left title adds to that item's theme when the right text has it.
    in_title = _postings([(profile.title, 2 * profile.title_mass) for profile in left])
    pairs: set[tuple[int, int]] = set()
    # Each left item's best partners among the right items that rank it near their top (least
    # good first), so that the older item of a split, or one whose partner has closer rivals,
    # is not missed.
    kept: list[list[tuple[float, int]]] = [[] for _ in left]
    for j, profile in enumerate(right):
        scores = _near(profile, in_text, in_title)
        ranked = heapq.nlargest(per_item * RANKS_SEEN, scores.items(), key=lambda kv: kv[1])
        for i, _ in ranked[:per_item]:
            pairs.add((i, j))
        for i, value in ranked:
            best = kept[i]
            if len(best) < LEFT_KEPT:
                heapq.heappush(best, (value, j))
            elif value > best[0][0]:
                heapq.heapreplace(best, (value, j))
    pairs.update((i, j) for i, best in enumerate(kept) for _, j in best)
    return pairs


Postings = dict[str, list[tuple[int, float]]]


def _postings(vectors: Sequence[tuple[dict[str, float], float]]) -> Postings:
    """Each n-gram's (item, weight / divisor) list, for n-grams at most POSTING_CAP items share."""
    shared_by: Counter[str] = Counter()
    for vector, _ in vectors:
        shared_by.update(vector.keys())
    index: Postings = {}
    for i, (vector, divisor) in enumerate(vectors):
        for term, weight in vector.items():
            if shared_by[term] <= POSTING_CAP:
                index.setdefault(term, []).append((i, weight / divisor))
    return index


def _near(profile: Profile, in_text: Postings, in_title: Postings) -> dict[int, float]:
    """Text cosine plus theme of one item with the left items it shares indexed n-grams with."""
    title = profile.title
    # Title n-grams first (the theme finds reworded items the text barely links), then the
    # heaviest n-grams, which carry most of a cosine.
    heaviest = sorted(profile.vector.items(), key=operator.itemgetter(1), reverse=True)
    order = [kv for kv in heaviest if kv[0] in title] + [kv for kv in heaviest if kv[0] not in title]
    scores: dict[int, float] = {}
    spent = 0
    for term, weight in order[:max(CANDIDATE_TERMS, len(title))]:
        theme = title[term] / (2 * profile.title_mass) if term in title else 0.0
        postings = in_text.get(term, ())
        for i, other in postings:
            scores[i] = scores.get(i, 0.0) + weight * other + theme
        shares = in_title.get(term, ())
        for i, share in shares:
            scores[i] = scores.get(i, 0.0) + share
        spent += len(postings) + len(shares)
        if spent >= POSTING_BUDGET:
            break
    return scores


def _tail(column: list[float]) -> tuple[float, float]:
    """Where the null's upper tail starts and its exponential scale (mean excess).

    A few hundred null pairs cannot say how rare a value beyond their largest member is: the
    rank alone would give a text cosine of 0.6 hardly more evidence than one of 0.15. Above
    the top TAIL_SHARE of the null, the tail is extrapolated as exponential (the peaks-over-
    threshold model), so evidence keeps growing with the value.
    """
    start = column[min(len(column) - 1, int(len(column) * (1 - TAIL_SHARE)))]
    excess = [value - start for value in column if value > start]
    scale = sum(excess) / len(excess) if excess else 0.0
    return start, scale


def _theme(a: Profile, b: Profile) -> float:
    covered_a = sum([w for t, w in a.title.items() if t in b.vector]) / a.title_mass if a.title_mass else 0.0
    covered_b = sum([w for t, w in b.title.items() if t in a.vector]) / b.title_mass if b.title_mass else 0.0
    return (covered_a + covered_b) / 2


def _lead_shares(items: Sequence[Item]) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for item in items:
        counts.update(set(item.lead))
    total = len(items) or 1
    return {unit: count / total for unit, count in counts.items()}
