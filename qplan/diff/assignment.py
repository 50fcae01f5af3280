"""Optimal one-to-one assignment (Hungarian algorithm) on a sparse score table.

Only pairs worth considering are given; every other pair scores 0, which the assignment
treats as "leave both unmatched". The table is split into connected groups first, so two
plans of a thousand items, whose plausible pairs form many small groups, stay fast.
"""

from __future__ import annotations

from collections.abc import Mapping

# Larger connected groups are solved greedily (best pair first): exact O(n³) search in pure
# Python would take too long, and a group that large means the scores cannot tell its items
# apart anyway.
EXACT_LIMIT = 300


def assign(scores: Mapping[tuple[int, int], float]) -> list[tuple[int, int]]:
    """Pairs (row, column) maximising the total score, each row and column used at most once.

    Pairs with a score of 0 or less are never returned.
    """
    edges = {pair: s for pair, s in scores.items() if s > 0}
    result: list[tuple[int, int]] = []
    for group in _components(edges):
        rows = sorted({row for row, _ in group})
        cols = sorted({col for _, col in group})
        if len(group) == 1:
            result.append(next(iter(group)))
        elif min(len(rows), len(cols)) > EXACT_LIMIT:
            result += _greedy(group)
        else:
            result += _hungarian(group, rows, cols)
    return sorted(result)


def _components(edges: Mapping[tuple[int, int], float]) -> list[dict[tuple[int, int], float]]:
    """The edges split into connected groups (union-find over rows and columns)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for row, col in edges:
        a, b = find(("r", row)), find(("c", col))
        if a != b:
            parent[a] = b
    groups: dict[tuple[str, int], dict[tuple[int, int], float]] = {}
    for (row, col), score in edges.items():
        groups.setdefault(find(("r", row)), {})[(row, col)] = score
    return list(groups.values())


def _greedy(edges: Mapping[tuple[int, int], float]) -> list[tuple[int, int]]:
    used_rows: set[int] = set()
    used_cols: set[int] = set()
    chosen = []
    for (row, col), _ in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0])):
        if row not in used_rows and col not in used_cols:
            chosen.append((row, col))
            used_rows.add(row)
            used_cols.add(col)
    return chosen


def _hungarian(edges: Mapping[tuple[int, int], float], rows: list[int],
               cols: list[int]) -> list[tuple[int, int]]:
    """Shortest augmenting paths with potentials (O(n²·m)), minimising negated scores."""
    transpose = len(rows) > len(cols)
    if transpose:
        rows, cols = cols, rows
    n, m = len(rows), len(cols)
    row_at = {key: index for index, key in enumerate(rows)}
    col_at = {key: index for index, key in enumerate(cols)}
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for (a, b), score in edges.items():
        r_key, c_key = (b, a) if transpose else (a, b)
        cost[row_at[r_key] + 1][col_at[c_key] + 1] = -score

    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[c]: the row (1-based) holding column c, 0 for none
    way = [0] * (m + 1)
    for r in range(1, n + 1):
        owner[0] = r
        c0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[c0] = True
            r0 = owner[c0]
            cost_row = cost[r0]
            u_r0 = u[r0]
            delta = inf
            c1 = 0
            for c in range(1, m + 1):
                if used[c]:
                    continue
                current = cost_row[c] - u_r0 - v[c]
                if current < minv[c]:
                    minv[c] = current
                    way[c] = c0
                if minv[c] < delta:
                    delta = minv[c]
                    c1 = c
            for c in range(m + 1):
                if used[c]:
                    u[owner[c]] += delta
                    v[c] -= delta
                else:
                    minv[c] -= delta
            c0 = c1
            if owner[c0] == 0:
                break
        while c0:
            c1 = way[c0]
            owner[c0] = owner[c1]
            c0 = c1
    pairs = []
    for c in range(1, m + 1):
        r = owner[c]
        if r == 0 or cost[r][c] >= 0:
            continue
        pairs.append((cols[c - 1], rows[r - 1]) if transpose else (rows[r - 1], cols[c - 1]))
    return pairs
