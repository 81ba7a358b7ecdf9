"""Agreement on set-valued codings: the options chosen on a multiple-choice question, the modes
of power observed in one dimension, the statuses of the outcomes at one level of change.

Two coders rarely give identical sets, and a near miss ({community, service} against
{service}) is not the same as a complete miss. Krippendorff's alpha takes any distance between
values; for sets the usual ones are the Jaccard distance, 1 - |A ∩ B| / |A ∪ B|, and MASI
(Passonneau 2006), which weights Jaccard's similarity by how the sets overlap: 1 when equal,
2/3 when one holds the other, 1/3 when they only intersect, 0 when disjoint. Both are 0 for
equal sets and 1 for disjoint ones, so on single values they give nominal alpha.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np

SetValue = frozenset[str]
SetDistance = Literal["masi", "jaccard"]
SET_DISTANCES: tuple[SetDistance, ...] = ("masi", "jaccard")


def jaccard_distance(first: SetValue, second: SetValue) -> float:
    """1 - |A ∩ B| / |A ∪ B|; two empty sets are equal (distance 0)."""
    union = first | second
    if not union:
        return 0.0
    return 1.0 - len(first & second) / len(union)


def masi_distance(first: SetValue, second: SetValue) -> float:
    """MASI distance (Passonneau 2006): 1 - Jaccard similarity x monotonicity, where
    monotonicity is 1 for equal sets, 2/3 when one is a subset of the other, 1/3 when they
    intersect otherwise and 0 when they are disjoint."""
    if first == second:
        return 0.0
    if first <= second or second <= first:
        monotonicity = 2 / 3
    elif first & second:
        monotonicity = 1 / 3
    else:
        monotonicity = 0.0
    return 1.0 - (1.0 - jaccard_distance(first, second)) * monotonicity


DISTANCES: dict[str, Callable[[SetValue, SetValue], float]] = {
    "masi": masi_distance,
    "jaccard": jaccard_distance,
}


def coded(
    rows: Sequence[Sequence[SetValue | None]],
) -> tuple[list[list[int | None]], list[SetValue]]:
    """Rows of sets as rows of codes (positions in the returned list of distinct sets, in
    sorted order), so that set-valued data goes through the same figures as ratings."""
    values = sorted({v for row in rows for v in row if v is not None}, key=lambda v: sorted(v))
    index = {v: i for i, v in enumerate(values)}
    return [[None if v is None else index[v] for v in row] for row in rows], values


def distance_matrix(values: Sequence[SetValue], distance: SetDistance) -> np.ndarray:
    """The distance between every two of ``values``."""
    measure = DISTANCES[distance]
    return np.array([[measure(a, b) for b in values] for a in values], dtype=float)


def label(value: SetValue) -> str:
    """A set as people read it: ``{community, service}``, or ``{}`` for none."""
    return "{" + ", ".join(sorted(value)) + "}"


__all__ = [
    "SET_DISTANCES",
    "SetDistance",
    "coded",
    "distance_matrix",
    "jaccard_distance",
    "label",
    "masi_distance",
]
