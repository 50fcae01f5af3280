"""Annual plans held against the multi-year plan they carry out (`qplan cover`).

`cover(multi, annual)` (qplan.cover.match) finds, for each task of a multi-year plan, the items
of an annual plan or project list that carry it, by meaning as `qplan diff` matches items
(qplan.cover.score reuses its similarity machinery), many-to-many, each pair banded confident
or possible with its score; a person's decisions (`links: carries / not_carries` on the
annual item) come first. `coverage_to_dict` gives the JSON every output is built from.
"""

from __future__ import annotations

from qplan.cover.match import CoverKindError, carried_tasks, cover, in_force
from qplan.cover.result import BANDS, Band, CarryPair, Coverage, coverage_to_dict

__all__ = ["BANDS", "Band", "CarryPair", "CoverKindError", "Coverage", "carried_tasks", "cover",
           "coverage_to_dict", "in_force"]
