"""Follow work lines from an older plan to a newer one: match items by meaning, say how sure
the match is, honour a person's decisions, and notice splits and merges.

How the bands are set (for every pair of plans anew, never fixed numbers):

1. Every pair of items gets a score in [0, 1] from qplan.diff.similarity (1 = unchanged).
2. The null: scores of pairs that are not the same work line — two different items of one
   plan (distinct by construction) and the cross pairs that are neither the best of their
   row nor of their column. Its mean μ and spread σ say how alike unrelated items of these
   two plans look.
3. An item chooses among N candidates (N = the larger plan's size), so even an unrelated
   item has a best candidate, and that best of N unrelated ones reaches μ + σ·z(q^(1/N))
   with probability 1 − q. A pair is shown at all (`possible`) above the level such a best
   reaches only one time in five (q = 0.8), and is `continued` without asking above the
   level it reaches one time in twenty (q = 0.95). Unrelated scores have a heavier tail
   than the normal curve, so the `possible` cut-off is also at least the level that four
   items in five stay under with their best match inside their own plan (observed, not
   modelled). With few items the null says little, so the cut-offs lean toward prior
   values (0.3 / 0.38) in proportion.
4. An optimal one-to-one assignment (Hungarian) over the pairs above the `possible` cut-off,
   each weighing by how far it clears that cut-off, so two doubtful pairs never outweigh
   one clear match. A `continued` pair must also stand clear of its best rival (by σ): a
   rival is another partner of either item that would rather be with it than where it is;
   and it must be more alike than either item is to any other item of its own plan (its
   siblings: different work lines by construction). Otherwise the pair is only
   `possible`. Items left without a partner are `added` / `dropped`: unrelated leftovers
   are never paired.
5. A leftover item whose best partner is already matched is a part of a split (one older
   item feeds two newer ones) or a merge only if the parts together read more like the
   whole than the parts it already has, or if it is the item that best carries what those
   parts leave of the whole. A part the matcher infers is `possible`.
6. A person's decisions (links in the newer plan) come first: confirmed pairs are taken as
   they are, rejected pairs are never scored. A confirmation never lowers the band of a
   pair the matcher would have made on its own: the other half of a merge a person
   confirmed stays `continued` if it was.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from qplan.diff.assignment import assign
from qplan.diff.result import (
    DiffResult,
    ItemChanges,
    ItemDiff,
    ItemStatus,
    Relation,
    Thresholds,
)
from qplan.diff.similarity import Corpus, Profile, Search, dot
from qplan.diff.textdiff import text_diff
from qplan.diff.units import unit_changes
from qplan.errors import UsageProblem
from qplan.model import Item, Plan
from qplan.registry import Registry

# Prior cut-offs the estimates lean toward when the plans are too small to say much (about
# the median of the cut-offs calibrated on the bundled 2022/2025 pair and the evaluation
# pairs in tests/fixtures/diff_cases), and how many null pairs count as much as the prior.
PRIOR = Thresholds(continued=0.38, possible=0.3)
PRIOR_WEIGHT = 30
CONTINUED_TAIL = 0.95
SIBLINGS_KEPT = 4
POSSIBLE_TAIL = 0.8


class KindMismatchError(UsageProblem):
    """Two plans of different kinds (a year's 工作要点 and a project list) cannot be matched."""


@dataclass(slots=True)
class Decisions:
    """What a person recorded in the plan files about pairs of these two plans."""

    confirmed: set[tuple[int, int]] = field(default_factory=set)
    rejected: set[tuple[int, int]] = field(default_factory=set)


def decisions_between(old: Plan, new: Plan) -> Decisions:
    """Links recorded on either plan's items that point into the other plan.

    They normally live on the newer plan's items; links on the older plan pointing forward
    are honoured as well, so the result does not depend on which plan a person edited.
    Links to items that do not exist are left to `qplan validate`.
    """
    found = Decisions()
    for source, target, forward in ((new, old, False), (old, new, True)):
        target_nos = {item.no for item in target.items}
        for item in source.items:
            for refs, into in ((item.links.continues, found.confirmed),
                               (item.links.not_continues, found.rejected)):
                for ref in refs:
                    if ref.plan == target.id and ref.no in target_nos:
                        into.add((item.no, ref.no) if forward else (ref.no, item.no))
    found.rejected -= found.confirmed
    return found


def compare(old: Plan, new: Plan, context: Sequence[Plan] = (),
            registry: Registry | None = None, search: Search = "auto") -> DiffResult:
    """Match the items of `old` to those of `new`.

    `context` plans only sharpen the n-gram weights; `registry` lets the unit changes name a
    unit's former name where the older plan used a recorded rename; `search` is how candidate
    pairs are found (see Corpus.candidates).
    """
    if old.kind != new.kind:
        raise KindMismatchError(
            f"计划“{old.id}”（{_kind_label(old.kind)}）与“{new.id}”（{_kind_label(new.kind)}）"
            "类型不同，不能逐条比对。请比较同一类型的两个计划（可用 `qplan plans` 查看）。"
        )
    renames = {}
    if registry is not None:
        renames = {r.name: unit.name for unit in registry.units.values() for r in unit.renamed_from}
    return _Matcher(old, new, context, renames, search).run()


def _kind_label(kind: str) -> str:
    return {"plan": "年度工作要点", "projects": "项目清单"}.get(kind, kind)


class _Matcher:
    def __init__(self, old: Plan, new: Plan, context: Sequence[Plan], renames: dict[str, str],
                 search: Search):
        self.renames = renames
        self.old = old
        self.new = new
        others = [item for plan in context if plan.id not in (old.id, new.id)
                  and plan.kind == old.kind for item in plan.items]
        self.corpus = Corpus(old.items, new.items, others)
        self.decisions = decisions_between(old, new)
        self.index_old = {item.no: i for i, item in enumerate(old.items)}
        self.index_new = {item.no: j for j, item in enumerate(new.items)}
        self.old_by_no = {item.no: item for item in old.items}
        self.new_by_no = {item.no: item for item in new.items}
        self.old_self, self.new_self = self.corpus.self_evidence()
        self.scores: dict[tuple[int, int], float] = {}
        # In a fixed order, so that ties between scores break the same way however the pairs
        # were found.
        for i, j in sorted(self.corpus.candidates(search=search)):
            pair = (old.items[i].no, new.items[j].no)
            if pair not in self.decisions.rejected:
                self.scores[pair] = self._score(i, j)
        for o, n in self.decisions.confirmed:
            if (o, n) not in self.scores:
                self.scores[(o, n)] = self._score(self._old_index(o), self._new_index(n))
        near = [(self.index_old[o], self.index_new[n]) for (o, n), _ in
                sorted(self.scores.items(), key=lambda kv: -kv[1])]
        self.old_sibling = self._sibling_best("o", near)
        self.new_sibling = self._sibling_best("n", near)
        self.thresholds, self.spread = self._calibrate()

    def _sibling_best(self, kind: str, near: list[tuple[int, int]]) -> list[list[tuple[float, int]]]:
        """Each item's best scores against other items of its own plan (a different work line
        by construction, so the level an unrelated candidate reaches for that item), best
        first, with the other item's index; a few, so a merge partner can be set aside."""
        selves = self.old_self if kind == "o" else self.new_self
        best: list[list[tuple[float, int]]] = [[] for _ in selves]
        for i, j in self.corpus.siblings(kind, near):
            evidence = self.corpus.evidence(self.corpus.pair_features(kind, i, j))
            score = self._normalised(evidence, selves[i], selves[j])
            best[i].append((score, j))
            best[j].append((score, i))
        return [sorted(found, reverse=True)[:SIBLINGS_KEPT] for found in best]

    def _old_index(self, no: int) -> int:
        return self.index_old[no]

    def _new_index(self, no: int) -> int:
        return self.index_new[no]

    def _score(self, i: int, j: int) -> float:
        a, b = self.old.items[i], self.new.items[j]
        if (a.title, a.text, a.lead, a.support) == (b.title, b.text, b.lead, b.support):
            # Unchanged by definition, whatever the rest of the two plans looks like.
            return 1.0
        return self._normalised(self.corpus.evidence(self.corpus.features(i, j)),
                                self.old_self[i], self.new_self[j])

    @staticmethod
    def _normalised(evidence: float, self_a: float, self_b: float) -> float:
        scale = math.sqrt(self_a * self_b)
        return min(1.0, evidence / scale) if scale > 0 else 0.0

    # -- calibration -----------------------------------------------------------------------

    def _null_scores(self) -> list[float]:
        corpus = self.corpus
        cross: dict[tuple[int, int], float] = {}
        values: list[float] = []
        for kind, i, j, features in corpus.null_features():
            evidence = corpus.evidence(features)
            if kind == "x":
                cross[(i, j)] = self._normalised(evidence, self.old_self[i], self.new_self[j])
            elif kind == "o":
                values.append(self._normalised(evidence, self.old_self[i], self.old_self[j]))
            else:
                values.append(self._normalised(evidence, self.new_self[i], self.new_self[j]))
        # A cross pair that is the best of its row or column may be a true match: leave it out.
        best_row: dict[int, tuple[float, int]] = {}
        best_col: dict[int, tuple[float, int]] = {}
        for (i, j), score in cross.items():
            if score > best_row.get(i, (-1.0, -1))[0]:
                best_row[i] = (score, j)
            if score > best_col.get(j, (-1.0, -1))[0]:
                best_col[j] = (score, i)
        for (i, j), score in cross.items():
            if best_row[i][1] != j and best_col[j][1] != i:
                values.append(score)
        return values

    def _calibrate(self) -> tuple[Thresholds, float]:
        values = self._null_scores()
        within_best = sorted(found[0][0] if found else 0.0
                             for found in (*self.old_sibling, *self.new_sibling))
        size = max(len(self.old.items), len(self.new.items), 2)
        if len(values) >= 2:
            mean = statistics.fmean(values)
            spread = statistics.pstdev(values)
        else:
            mean, spread = 0.0, 0.0
        normal = statistics.NormalDist()
        possible = mean + spread * normal.inv_cdf(POSSIBLE_TAIL ** (1 / size))
        continued = mean + spread * normal.inv_cdf(CONTINUED_TAIL ** (1 / size))
        # Unrelated scores have a heavier upper tail than a normal curve: where the items of a
        # plan resemble each other (a plan on one subject, shared boilerplate), the best
        # unrelated candidate of an item reaches further. Each item's best match within its
        # own plan is that best observed directly; the level four items in five stay under
        # is a floor for showing a pair at all. (Not for `continued`: two items of one plan
        # that a later plan merges are alike by nature, so the top of this list is not all
        # unrelated; the sibling test in `_band` covers `continued` item by item.)
        parts = possible
        if within_best:
            possible = max(possible, _quantile(within_best, POSSIBLE_TAIL))
        weight = len(values) / (len(values) + PRIOR_WEIGHT)
        possible = weight * possible + (1 - weight) * PRIOR.possible
        parts = weight * parts + (1 - weight) * PRIOR.possible
        continued = weight * continued + (1 - weight) * PRIOR.continued
        # Keep the cut-offs meaningful whatever the null looks like.
        possible = min(max(possible, 0.05), 0.8)
        continued = min(max(continued, possible), 0.9)
        spread = max(spread, 0.02)
        # A part of a split or merge must also pass the test that the parts together read
        # more like the whole, so it needs no floor against similar-looking siblings.
        self.parts_floor = min(max(parts, 0.05), possible)
        return Thresholds(continued=continued, possible=possible), spread

    # -- matching --------------------------------------------------------------------------

    def run(self) -> DiffResult:
        confirmed = self.decisions.confirmed
        taken_old = {o for o, _ in confirmed}
        taken_new = {n for _, n in confirmed}
        # Each pair weighs by how far it clears the `possible` cut-off, so two doubtful pairs
        # never outweigh one clear match of the same items.
        floor = self.thresholds.possible
        edges = {pair: score - floor + 1e-9 for pair, score in self.scores.items()
                 if score >= floor and pair[0] not in taken_old and pair[1] not in taken_new}
        primary = assign(edges)
        matched = set(primary) | confirmed
        secondary = self._secondary(matched)
        # What the matcher would have paired with no decisions made: a person confirming one
        # pair must not lower its confidence in another (the other half of a merge).
        own = set(primary) if not confirmed else set(assign(
            {pair: score - floor + 1e-9 for pair, score in self.scores.items() if score >= floor}))
        all_pairs = matched | set(secondary)
        rows: list[ItemDiff] = []
        for pair in sorted(confirmed):
            rows.append(self._pair_row(pair, "continued", confirmed=True))
        rivals = _Rivals(self.scores, all_pairs)
        for pair in primary:
            rows.append(self._pair_row(pair, self._band(pair, rivals)))
        # A split or merge the matcher infers is a question for a person: which parts went
        # where. But a part the matcher would have paired on its own, had a person not
        # confirmed another part, keeps the band it has on its own.
        for pair in secondary:
            status = self._band(pair, rivals) if pair in own else "possible"
            rows.append(self._pair_row(pair, status))
        used_old = {o for o, _ in all_pairs}
        used_new = {n for _, n in all_pairs}
        for item in self.old.items:
            if item.no not in used_old:
                rows.append(ItemDiff("dropped", item, None))
        for item in self.new.items:
            if item.no not in used_new:
                rows.append(ItemDiff("added", None, item))
        relations = _relations(rows, self.scores)
        rows.sort(key=_row_order)
        units = unit_changes(self.old, self.new, rows, self.renames)
        return DiffResult(self.old, self.new, rows, units, relations, self.thresholds)

    def _secondary(self, matched: set[tuple[int, int]]) -> list[tuple[int, int]]:
        """Leftover items whose best partner is already matched: parts of splits and merges.

        Resembling a matched item is not enough (a new item on a neighbouring subject
        resembles it too): a leftover joins as a part only if the whole reads more like the
        parts together than like the parts it already has. An unrelated item only dilutes
        the parts' text, so its gain is negative; a true part adds what the others lack.
        """
        used_old = {o for o, _ in matched}
        used_new = {n for _, n in matched}
        best: dict[tuple[str, int], tuple[float, tuple[int, int]]] = {}
        for (o, n), score in self.scores.items():
            for side, no in (("old", o), ("new", n)):
                if score > best.get((side, no), (-1.0, (0, 0)))[0]:
                    best[(side, no)] = (score, (o, n))
        # Leftovers by the matched item they would join, strongest first.
        joining: dict[tuple[str, int], list[tuple[float, int]]] = {}
        for (side, no), (score, (o, n)) in best.items():
            if score < self.parts_floor:
                continue
            if side == "old" and no not in used_old and n in used_new:
                joining.setdefault(("new", n), []).append((score, o))
            elif side == "new" and no not in used_new and o in used_old:
                joining.setdefault(("old", o), []).append((score, n))
        if not joining:
            return []
        matched_with: dict[tuple[str, int], list[int]] = {}
        for o, n in matched:
            matched_with.setdefault(("new", n), []).append(o)
            matched_with.setdefault(("old", o), []).append(n)
        scored_with: dict[tuple[str, int], list[int]] = {}
        for o, n in self.scores:
            scored_with.setdefault(("new", n), []).append(o)
            scored_with.setdefault(("old", o), []).append(n)
        found: list[tuple[int, int]] = []
        for (side, shared), leftovers in sorted(joining.items()):
            mine, theirs = ((self.new_by_no, self.old_by_no) if side == "new"
                            else (self.old_by_no, self.new_by_no))
            whole = mine[shared]
            have = [theirs[no] for no in matched_with.get((side, shared), ()) if no in theirs]
            target = self.corpus.combined_text([whole])
            covering = self.corpus.combined_text(have)
            fit = dot(target, covering)
            # The items that could carry any of the whole's subject: its scored partners.
            profiles, index = ((self.corpus.old, self.index_old) if side == "new"
                               else (self.corpus.new, self.index_new))
            pool = [profiles[index[no]] for no in scored_with.get((side, shared), ())]
            for _, no in sorted(leftovers, reverse=True):
                part = theirs[no]
                joined_text = self.corpus.combined_text([*have, part])
                joined = dot(target, joined_text)
                if joined > fit or self._explains_rest(target, covering, part, pool):
                    have.append(part)
                    covering = joined_text
                    fit = max(fit, joined)
                    found.append((no, shared) if side == "new" else (shared, no))
        return sorted(found)

    def _explains_rest(self, target: dict[str, float], covered: dict[str, float], part: Item,
                       pool: Sequence[Profile]) -> bool:
        """Whether `part` matches what the parts so far (their text: `covered`) leave of the
        whole better than any other item of its plan does: a long part can dilute the whole's
        text while still being the one item that carries its remaining subject."""
        rest = {term: weight for term, weight in target.items() if term not in covered}
        if not rest:
            return False
        own = dot(rest, self.corpus.combined_text([part]))
        return own > 0 and sum(1 for other in pool if dot(rest, other.vector) >= own) <= 1

    def _band(self, pair: tuple[int, int], rivals: _Rivals) -> ItemStatus:
        score = self.scores.get(pair, 0.0)
        if score < self.thresholds.continued:
            return "possible"
        if score - rivals.best_against(pair) < self.spread:
            return "possible"
        # Two items are confidently one work line only if they are more alike than either is
        # to another item of its own plan (a different work line by construction); parts of
        # the same split or merge are not such others.
        o, n = pair
        o_index, n_index = self._old_index(o), self._new_index(n)
        partners_old_index = {self._old_index(a) for a in rivals.partners_of_new.get(n, ())}
        partners_new_index = {self._new_index(b) for b in rivals.partners_of_old.get(o, ())}
        sibling = max(_best_outside(self.old_sibling[o_index], partners_old_index),
                      _best_outside(self.new_sibling[n_index], partners_new_index))
        return "continued" if score > sibling else "possible"

    def _pair_row(self, pair: tuple[int, int], status: ItemStatus,
                  confirmed: bool = False) -> ItemDiff:
        old_item = self.old_by_no[pair[0]]
        new_item = self.new_by_no[pair[1]]
        return ItemDiff(status, old_item, new_item, score=self.scores.get(pair, 0.0),
                        confirmed=confirmed, changes=item_changes(old_item, new_item))


class _Rivals:
    """The best rival of a pair: another partner of either item that would rather be with
    that item than where it is. Split and merge partners are part of the result, not
    rivals; an item that holds a better match of its own is no threat."""

    def __init__(self, scores: dict[tuple[int, int], float], accepted: set[tuple[int, int]]):
        self.held_old: dict[int, float] = {}
        self.held_new: dict[int, float] = {}
        # The accepted partners of each item: the other parts of its split or merge.
        self.partners_of_old: dict[int, list[int]] = {}
        self.partners_of_new: dict[int, list[int]] = {}
        for a, b in accepted:
            self.partners_of_old.setdefault(a, []).append(b)
            self.partners_of_new.setdefault(b, []).append(a)
            score = scores.get((a, b), 0.0)
            self.held_old[a] = max(self.held_old.get(a, 0.0), score)
            self.held_new[b] = max(self.held_new.get(b, 0.0), score)
        self.by_old: dict[int, list[tuple[float, int]]] = {}
        self.by_new: dict[int, list[tuple[float, int]]] = {}
        for (a, b), score in scores.items():
            if (a, b) not in accepted:
                self.by_old.setdefault(a, []).append((score, b))
                self.by_new.setdefault(b, []).append((score, a))
        for table in (self.by_old, self.by_new):
            for entries in table.values():
                entries.sort(reverse=True)

    def best_against(self, pair: tuple[int, int]) -> float:
        o, n = pair
        best = 0.0
        for score, other in self.by_old.get(o, ()):
            if other != n and score >= self.held_new.get(other, 0.0):
                best = score
                break
        for score, other in self.by_new.get(n, ()):
            if score <= best:
                break
            if other != o and score >= self.held_old.get(other, 0.0):
                best = score
                break
        return best


def _best_outside(found: list[tuple[float, int]], excluded: set[int]) -> float:
    return next((score for score, index in found if index not in excluded), 0.0)


def _quantile(ordered: list[float], share: float) -> float:
    """The value below which `share` of the (sorted) values lie."""
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def item_changes(old: Item, new: Item) -> ItemChanges:
    return ItemChanges(
        old_title=old.title,
        new_title=new.title,
        lead_gained=[u for u in new.lead if u not in old.lead],
        lead_lost=[u for u in old.lead if u not in new.lead],
        support_gained=[u for u in new.support if u not in old.support],
        support_lost=[u for u in old.support if u not in new.support],
        text=text_diff(old.text, new.text),
    )


def _relations(rows: list[ItemDiff], scores: dict[tuple[int, int], float]) -> list[Relation]:
    """Splits (an older item in several pairs) and merges (a newer item in several pairs)."""
    pairs = [(row, row.old.no, row.new.no) for row in rows if row.old is not None and row.new is not None]
    relations: list[Relation] = []
    for kind in ("split", "merge"):
        groups: dict[int, list[tuple[ItemDiff, int]]] = {}
        for row, o, n in pairs:
            shared, other = (o, n) if kind == "split" else (n, o)
            groups.setdefault(shared, []).append((row, other))
        for shared, group in sorted(groups.items()):
            if len(group) < 2:
                continue
            others = sorted(other for _, other in group)
            for row, other in group:
                rest = [x for x in others if x != other]
                if kind == "split":
                    row.also_new = rest
                else:
                    row.also_old = rest
            keys = [(shared, x) if kind == "split" else (x, shared) for x in others]
            olds, news = ([shared], others) if kind == "split" else (others, [shared])
            relations.append(Relation("split" if kind == "split" else "merge", olds, news,
                                      {key: scores.get(key, 0.0) for key in keys}))
    return relations


_STATUS_ORDER = {"continued": 0, "possible": 1, "added": 2, "dropped": 3}


def _row_order(row: ItemDiff) -> tuple[int, int, int]:
    return (_STATUS_ORDER[row.status], row.new.no if row.new else 0, row.old.no if row.old else 0)
