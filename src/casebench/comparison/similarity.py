"""Similarity between cases that copes with missing answers.

The **distance** between two cases is the mean absolute difference of their ratings over the
scale questions *both* rated, each difference divided by its scale's range (so 0 = identical,
1 = opposite ends of every scale); ``similarity = 1 - distance``. ``n_shared`` says how many
questions it rests on; with none shared both are NaN, and a pair sharing fewer than
``min_shared`` is flagged ``thin`` (charts grey it out). Questions only one case rated are
left out, never counted as 0; a question restating another counts once (the pair holds the
counting question's rating, or the restatement's when only it was rated).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casebench.comparison.tidy import pivot

SIMILARITY_COLUMNS = ["case_a", "case_b", "n_shared", "thin", "distance", "similarity"]

MIN_SHARED_SHARE = 0.5
"""By default a similarity resting on fewer than this share of the framework's (counted)
scale questions is ``thin``..."""
MIN_SHARED_FLOOR = 2
"""...and so is one resting on fewer than this many, whatever the framework."""


def default_min_shared(n_scale: int) -> int:
    """Shared rated questions a similarity needs not to be thin, for a framework with
    ``n_scale`` counted scale questions."""
    return max(MIN_SHARED_FLOOR, math.ceil(MIN_SHARED_SHARE * n_scale))


def normalised_ratings(tidy: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Cases x counted scale questions: each rating scaled to 0-1 by its scale (NaN where not
    rated), a restated question folded into the one it repeats. Returns (counting ids,
    array)."""
    scale = tidy.loc[
        tidy["kind"].eq("scale"),
        ["case_order", "question_id", "counting_id", "rating", "scale_min", "scale_max"],
    ]
    span = (scale["scale_max"] - scale["scale_min"]).to_numpy()
    normalised = (scale["rating"] - scale["scale_min"]).to_numpy() / np.where(span > 0, span, 1)
    frame = pd.DataFrame(
        {
            "case_order": scale["case_order"].to_numpy(),
            "counting_id": scale["counting_id"].to_numpy(),
            "repeat": scale["question_id"].ne(scale["counting_id"]).to_numpy(),
            "value": normalised,
        }
    )
    if frame["repeat"].any():
        frame = (
            frame.sort_values("repeat", kind="stable")
            .groupby(["case_order", "counting_id"], sort=False)["value"]
            .first()
            .reset_index()
        )
    counting, _, values = pivot(frame, "value", rows="counting_id", columns="case_order")
    return counting, values.T.astype(np.float64)


def _pairwise_abs_sum(values: np.ndarray, rated: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum of |x_i - x_j| over the questions both case i and case j rated, and their number.

    ``values`` is cases x questions in [0, 1] (0 where not rated). Ratings take few distinct
    values, so |x - y| = sum_k w_k |[x >= t_k] - [y >= t_k]| over the thresholds t_k between
    them, and for 0/1 indicators A <= M (M: rated) the sum over shared questions is
    A (M - A)^T plus its transpose. Stacking every threshold side by side makes it one matrix
    product, with no loop over pairs of cases.
    """
    mask = rated.astype(np.float64)
    shared = mask @ mask.T
    levels = np.unique(values[rated])
    if len(levels) < 2:
        return np.zeros_like(shared), shared
    above = [((values >= t) & rated).astype(np.float64) for t in levels[1:]]
    weights = np.diff(levels)
    left = np.hstack([w * a for w, a in zip(weights, above, strict=True)])
    right = np.hstack([mask - a for a in above])
    cross = left @ right.T
    return cross + cross.T, shared


@dataclass(frozen=True, eq=False)
class Pairs:
    """Every pair of cases as cases x cases arrays: how many rated questions they share and
    their distance (NaN when they share none). Pair tables of any size are cut from these."""

    case_ids: tuple[str, ...]
    shared: np.ndarray
    distance: np.ndarray
    min_shared: int

    def table(self, a: np.ndarray, b: np.ndarray) -> pd.DataFrame:
        """The pairs ``(a[i], b[i])`` (positions, ``a`` before ``b``) as table rows."""
        n_shared = self.shared[a, b]
        distance = self.distance[a, b]
        ids = np.asarray(self.case_ids, dtype=object)
        return pd.DataFrame(
            {
                "case_a": ids[a],
                "case_b": ids[b],
                "n_shared": n_shared,
                "thin": n_shared < self.min_shared,
                "distance": distance,
                "similarity": 1.0 - distance,
            },
            columns=SIMILARITY_COLUMNS,
        )

    def all(self) -> pd.DataFrame:
        """Every unordered pair, ``case_a`` before ``case_b`` in comparison order."""
        a, b = np.triu_indices(len(self.case_ids), k=1)
        return self.table(a, b)

    def _rank_key(self) -> np.ndarray:
        """Lower is better: pairs resting on enough questions (0..1) before thin ones
        (2..3), then by similarity; pairs sharing nothing, and a case with itself, never."""
        key = 2.0 * (self.shared < self.min_shared) + self.distance
        key = np.where(self.shared > 0, key, np.inf)
        np.fill_diagonal(key, np.inf)
        return key

    def top(self, k: int) -> pd.DataFrame:
        """The pairs among each case's ``k`` most similar others, each pair once, in
        comparison order: at most ``k`` x cases rows, so exports grow linearly."""
        if k < 1:
            raise ValueError("k must be at least 1")
        n = len(self.case_ids)
        take = min(k, n - 1)
        key = self._rank_key()
        best = np.argpartition(key, take - 1, axis=1)[:, :take]
        cases = np.repeat(np.arange(n), take)
        others = best.ravel()
        keep = np.isfinite(key[cases, others])
        low = np.minimum(cases[keep], others[keep])
        high = np.maximum(cases[keep], others[keep])
        flat = np.unique(low * n + high)
        return self.table(flat // n, flat % n)

    def most_similar(self, count: int) -> pd.DataFrame:
        """The ``count`` most similar pairs of all (those resting on enough questions
        first), most similar first."""
        a, b = np.triu_indices(len(self.case_ids), k=1)
        key = self._rank_key()[a, b]
        finite = np.flatnonzero(np.isfinite(key))
        order = finite[np.argsort(key[finite], kind="stable")][:count]
        return self.table(a[order], b[order])


def pairs(tidy: pd.DataFrame, case_ids: Sequence[str], min_shared: int | None = None) -> Pairs:
    """Shared rated questions and distance for every pair of cases (see the module's text):
    one matrix product, no loop over pairs. A pair sharing fewer than ``min_shared`` (by
    default :func:`default_min_shared`) is thin."""
    counting, values = normalised_ratings(tidy)
    if values.shape[0] != len(case_ids):
        raise ValueError("the tidy table does not hold the cases compared")
    if min_shared is None:
        min_shared = default_min_shared(len(counting))
    rated = ~np.isnan(values)
    total, shared = _pairwise_abs_sum(np.where(rated, values, 0.0), rated)
    n_shared = np.rint(shared).astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.where(n_shared > 0, total / np.maximum(n_shared, 1), np.nan)
    return Pairs(tuple(case_ids), n_shared, distance, min_shared)


def similarity_table(
    tidy: pd.DataFrame, case_ids: Sequence[str], min_shared: int | None = None
) -> pd.DataFrame:
    """One row per unordered pair of cases (``case_a`` before ``case_b`` in comparison
    order) with the number of shared rated questions, whether that is too few (``thin``:
    under ``min_shared``, by default :func:`default_min_shared`), the distance and the
    similarity."""
    return pairs(tidy, case_ids, min_shared).all()


def similarity_square(
    table: pd.DataFrame, case_ids: Sequence[str], value: str = "similarity"
) -> pd.DataFrame:
    """The pair table as a symmetric case x case matrix (diagonal NaN)."""
    both = pd.concat(
        [
            table[["case_a", "case_b", value]],
            table[["case_b", "case_a", value]].set_axis(["case_a", "case_b", value], axis=1),
        ]
    )
    square = both.pivot(index="case_a", columns="case_b", values=value)
    return square.reindex(index=list(case_ids), columns=list(case_ids))
