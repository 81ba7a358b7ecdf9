"""Similarity between cases that copes with missing answers.

The **distance** between two cases is the mean absolute difference of their ratings over the
scale questions *both* rated, each difference divided by its scale's range (so 0 = identical,
1 = opposite ends of every scale); ``similarity = 1 - distance``. ``n_shared`` says how many
questions it rests on; with none shared both are NaN. Questions only one case rated are left
out, never counted as 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

SIMILARITY_COLUMNS = ["case_a", "case_b", "n_shared", "distance", "similarity"]


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


def similarity_table(tidy: pd.DataFrame, case_ids: Sequence[str]) -> pd.DataFrame:
    """One row per unordered pair of cases (``case_a`` before ``case_b`` in comparison
    order) with the number of shared rated questions, the distance and the similarity."""
    scale = tidy[tidy["kind"].eq("scale")]
    n_cases = len(case_ids)
    n_questions = len(scale) // n_cases if n_cases else 0
    span = (scale["scale_max"] - scale["scale_min"]).to_numpy()
    normalised = (scale["rating"] - scale["scale_min"]).to_numpy() / np.where(span > 0, span, 1)
    values = normalised.reshape(n_cases, n_questions)  # tidy rows are case-major
    rated = ~np.isnan(values)
    total, shared = _pairwise_abs_sum(np.where(rated, values, 0.0), rated)
    a, b = np.triu_indices(n_cases, k=1)
    n_shared = shared[a, b]
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.where(n_shared > 0, total[a, b] / n_shared, np.nan)
    ids = np.asarray(case_ids, dtype=object)
    return pd.DataFrame(
        {
            "case_a": ids[a],
            "case_b": ids[b],
            "n_shared": np.rint(n_shared).astype("int64"),
            "distance": distance,
            "similarity": 1.0 - distance,
        },
        columns=SIMILARITY_COLUMNS,
    )


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
