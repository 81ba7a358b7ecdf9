"""One case against the rest: how far each case's rating of each scale question stands out
from the other cases' ratings, and each case's most distinctive questions with its evidence.

For a case and a question, the others' ratings give a median and a range; ``gap`` is the
case's rating minus that median, ``standout`` the gap's size as a share of the scale's range
(0-1, so questions on different scales compare), and ``beyond`` how many points the rating
lies outside the others' range (0 inside it). A question is ranked for a case only when the
case rated it and enough of the others did (every other case up to three, else 60 %).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from casebench.comparison.divergence import ALL_RATE_UP_TO, MIN_RATED_SHARE
from casebench.comparison.tidy import pivot

STANDOUT_COLUMNS = [
    "case_id",
    "rank",
    "ranked",
    "question_id",
    "question_text",
    "section_id",
    "section_title",
    "repeats",
    "status",
    "rating",
    "n_others",
    "n_others_rated",
    "others_median",
    "others_min",
    "others_max",
    "gap",
    "standout",
    "beyond",
    "confidence",
    "n_evidence",
    "quotes",
    "memo",
]

DISTINCTIVE_PER_CASE = 3
"""Questions :func:`distinctive` keeps per case by default."""


def others_needed(n_others: int) -> int:
    """How many of the ``n_others`` other cases must rate a question for a case's rating of
    it to be ranked: all of them up to :data:`ALL_RATE_UP_TO`, else
    :data:`MIN_RATED_SHARE` (rounded up), at least one."""
    if n_others <= ALL_RATE_UP_TO:
        return max(1, n_others)
    return math.ceil(MIN_RATED_SHARE * n_others)


def _others_stats(values: np.ndarray) -> tuple[np.ndarray, ...]:
    """For each case (column) of one question's ratings (NaN = not rated): how many others
    rated it, and the median, minimum and maximum of their ratings, without a loop over
    cases. The sorted ratings with the case's own left out are read by index arithmetic."""
    rated = ~np.isnan(values)
    n = int(rated.sum())
    order = np.argsort(np.where(rated, values, np.inf), kind="stable")
    ordered = values[order[:n]]
    position = np.empty(len(values), dtype=np.int64)
    position[order] = np.arange(len(values))
    m = np.where(rated, n - 1, n)  # how many of the others rated it
    removed = np.where(rated, position, n)  # where the case's own rating sat (n: nowhere)

    def element(k: np.ndarray) -> np.ndarray:
        if n == 0:
            return np.full(len(values), np.nan)
        index = np.where(k < removed, k, k + 1)
        return ordered[np.clip(index, 0, n - 1)]

    has = m > 0
    median = np.where(has, (element((m - 1) // 2) + element(m // 2)) / 2, np.nan)
    low = np.where(has, element(np.zeros_like(m)), np.nan)
    high = np.where(has, element(np.maximum(m - 1, 0)), np.nan)
    return m, median, low, high


def standout_table(tidy: pd.DataFrame, case_ids: Sequence[str]) -> pd.DataFrame:
    """Every case x scale question with the case's rating against the others' median and
    range, ranked within each case (most outstanding first; unranked rows after, in
    framework order)."""
    columns = [
        "case_order",
        "question_order",
        "case_id",
        "question_id",
        "question_text",
        "section_id",
        "section_title",
        "repeats",
        "status",
        "rating",
        "scale_min",
        "scale_max",
        "confidence",
        "n_evidence",
        "quotes",
        "memo",
    ]
    scale = tidy.loc[tidy["kind"].eq("scale"), columns]
    question_orders, case_orders, ratings = pivot(scale, "rating")
    ratings = ratings.astype(np.float64)
    n_cases = len(case_orders)
    stats = [_others_stats(row) for row in ratings]
    n_rated, median, low, high = (np.stack([s[k] for s in stats]) for k in range(4))
    lookup = scale.set_index(["question_order", "case_order"])
    cells = pd.MultiIndex.from_product([question_orders, case_orders])
    rows = lookup.reindex(cells)
    out = pd.DataFrame(
        {
            "case_order": rows.index.get_level_values(1),
            "question_order": rows.index.get_level_values(0),
            "case_id": rows["case_id"].to_numpy(),
            "question_id": rows["question_id"].to_numpy(),
            "question_text": rows["question_text"].to_numpy(),
            "section_id": rows["section_id"].to_numpy(),
            "section_title": rows["section_title"].to_numpy(),
            "repeats": rows["repeats"].to_numpy(),
            "status": rows["status"].to_numpy(),
            "rating": ratings.ravel(),
            "n_others": n_cases - 1,
            "n_others_rated": n_rated.ravel().astype("int64"),
            "others_median": median.ravel(),
            "others_min": low.ravel(),
            "others_max": high.ravel(),
            "confidence": rows["confidence"].to_numpy(),
            "n_evidence": rows["n_evidence"].to_numpy(),
            "quotes": rows["quotes"].to_numpy(),
            "memo": rows["memo"].to_numpy(),
        }
    )
    span = (rows["scale_max"] - rows["scale_min"]).to_numpy()
    out["gap"] = out["rating"] - out["others_median"]
    out["standout"] = out["gap"].abs() / np.where(span > 0, span, 1)
    out["beyond"] = np.fmax(
        np.fmax(out["rating"] - out["others_max"], out["others_min"] - out["rating"]), 0.0
    ).where(out["gap"].notna())
    out["ranked"] = out["gap"].notna() & out["n_others_rated"].ge(others_needed(n_cases - 1))
    out = out.sort_values(
        ["case_order", "ranked", "standout", "beyond", "n_others_rated", "question_order"],
        ascending=[True, False, False, False, False, True],
        kind="stable",
    )
    within = out.groupby("case_order", sort=False).cumcount() + 1
    out["rank"] = pd.array(within.where(out["ranked"]), dtype="Int64")
    return out[STANDOUT_COLUMNS].reset_index(drop=True)


def focus_table(standouts: pd.DataFrame, case_id: str) -> pd.DataFrame:
    """The rows of one case: its ratings against the others', most outstanding first."""
    return standouts[standouts["case_id"].eq(case_id)].reset_index(drop=True)


def once_per_repeat(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows without a question restating one that stands higher for the same case
    (``repeats`` links them): a point made twice in other words is quoted once."""
    counting = rows["repeats"].where(rows["repeats"].notna(), rows["question_id"])
    return rows[~pd.DataFrame({"c": rows["case_id"], "q": counting}).duplicated()]


def distinctive(standouts: pd.DataFrame, per_case: int = DISTINCTIVE_PER_CASE) -> pd.DataFrame:
    """Each case's ``per_case`` most distinctive questions: ranked ones on which its rating
    differs from the others' median, most outstanding first, cases in comparison order; a
    question restating one already chosen is passed over."""
    candidates = once_per_repeat(standouts[standouts["ranked"] & standouts["standout"].gt(0)])
    chosen = candidates.groupby("case_id", sort=False).head(per_case)
    return chosen.reset_index(drop=True)


__all__ = [
    "DISTINCTIVE_PER_CASE",
    "STANDOUT_COLUMNS",
    "distinctive",
    "focus_table",
    "once_per_repeat",
    "others_needed",
    "standout_table",
]
