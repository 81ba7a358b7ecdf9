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


def similarity_table(
    tidy: pd.DataFrame, case_ids: Sequence[str], min_shared: int | None = None
) -> pd.DataFrame:
    """One row per unordered pair of cases (``case_a`` before ``case_b`` in comparison
    order) with the number of shared rated questions, whether that is too few (``thin``:
    under ``min_shared``, by default :func:`default_min_shared`), the distance and the
    similarity."""
    n_cases = len(case_ids)
    counting, values = normalised_ratings(tidy)
    if values.shape[0] != n_cases:
        raise ValueError("the tidy table does not hold the cases compared")
    if min_shared is None:
        min_shared = default_min_shared(len(counting))
    rated = ~np.isnan(values)
    total, shared = _pairwise_abs_sum(np.where(rated, values, 0.0), rated)
    a, b = np.triu_indices(n_cases, k=1)
    n_shared = np.rint(shared[a, b]).astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.where(n_shared > 0, total[a, b] / np.maximum(n_shared, 1), np.nan)
    ids = np.asarray(case_ids, dtype=object)
    return pd.DataFrame(
        {
            "case_a": ids[a],
            "case_b": ids[b],
            "n_shared": n_shared,
            "thin": n_shared < min_shared,
            "distance": distance,
            "similarity": 1.0 - distance,
        },
        columns=SIMILARITY_COLUMNS,
    )


def top_pairs(table: pd.DataFrame, case_ids: Sequence[str], k: int) -> pd.DataFrame:
    """The pairs among each case's ``k`` most similar others (pairs resting on enough
    questions before thin ones, then by similarity; pairs sharing nothing never), each pair
    once, in the table's order: at most ``k`` x cases rows, so exports grow linearly."""
    if k < 1:
        raise ValueError("k must be at least 1")
    n = len(case_ids)
    index = pd.Index(list(case_ids))
    a = index.get_indexer(table["case_a"])
    b = index.get_indexer(table["case_b"])
    # lower is better: pairs resting on enough questions (0..1) before thin ones (2..3)
    key = 2.0 * table["thin"].to_numpy() + (1.0 - table["similarity"].to_numpy())
    key = np.where(table["n_shared"].to_numpy() > 0, key, np.inf)
    square = np.full((n, n), np.inf)
    square[a, b] = square[b, a] = key
    row = np.full((n, n), -1, dtype=np.int64)
    row[a, b] = row[b, a] = np.arange(len(table))
    take = min(k, n - 1)
    if take < 1:
        return table.iloc[:0].reset_index(drop=True)
    best = np.argpartition(square, take - 1, axis=1)[:, :take]
    cases = np.repeat(np.arange(n), take)
    others = best.ravel()
    chosen = np.isfinite(square[cases, others])
    rows = np.unique(row[cases[chosen], others[chosen]])
    return table.iloc[rows[rows >= 0]].reset_index(drop=True)


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
