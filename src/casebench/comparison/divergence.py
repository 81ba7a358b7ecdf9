"""Divergence: scale questions ranked by how far the cases' ratings disagree.

The spread of a question is the **range** of its ratings (highest minus lowest) over the
cases that rated it, ties broken by the population **standard deviation** (ddof=0), then by
framework order. For two cases the range is the absolute difference, and ``difference`` holds
the signed one (second case minus first). A question fewer than two cases rated has no spread
(NaN).

Only questions rated by enough cases are ranked (:func:`min_rated`: every case up to three,
else 60 %), so that a disagreement between two of forty cases never reads as the corpus's;
the others follow with no rank, most rated first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from casebench.quotes import quote_texts

ALL_RATE_UP_TO = 3
"""Up to this many cases, a question is ranked only when every case rated it..."""
MIN_RATED_SHARE = 0.6
"""...past it, when at least this share of the cases did."""

DIVERGENCE_COLUMNS = [
    "rank",
    "ranked",
    "question_id",
    "question_text",
    "section_id",
    "section_title",
    "subsection_id",
    "repeats",
    "n_cases",
    "n_rated",
    "mean",
    "min_rating",
    "max_rating",
    "range",
    "std",
    "difference",
    "low_case",
    "low_rating",
    "low_evidence",
    "low_quote",
    "high_case",
    "high_rating",
    "high_evidence",
    "high_quote",
]


def min_rated(n_cases: int, rule: int | float | None = None) -> int:
    """How many of ``n_cases`` must rate a question for it to be ranked (at least 2).

    ``rule`` None: every case up to :data:`ALL_RATE_UP_TO` cases, else
    :data:`MIN_RATED_SHARE` of them (rounded up); an int is a count, a float in (0, 1] a
    share of the cases.
    """
    if rule is None:
        wanted = n_cases if n_cases <= ALL_RATE_UP_TO else math.ceil(MIN_RATED_SHARE * n_cases)
    elif isinstance(rule, bool) or not isinstance(rule, int | float):
        raise TypeError(f"min_rated must be a count or a share, not {rule!r}")
    elif isinstance(rule, float):
        if not 0 < rule <= 1:
            raise ValueError(f"a share of the cases is in (0, 1], not {rule}")
        wanted = math.ceil(rule * n_cases - 1e-9)
    else:
        wanted = rule
    return max(2, min(int(wanted), n_cases))


def _quote(rows: pd.DataFrame) -> pd.Series:
    """The first quote of each row as “quote” — attribution (NaN when there is none)."""
    return quote_texts(rows["first_quote"], rows["first_attribution"])


def ratings_wide(tidy: pd.DataFrame, case_ids: Sequence[str]) -> pd.DataFrame:
    """Scale questions (rows, framework order) x cases (columns): the rating or NaN."""
    scale = tidy.loc[tidy["kind"].eq("scale"), ["question_id", "case_id", "case_order", "rating"]]
    wide = scale.pivot(index="question_id", columns="case_id", values="rating")
    order = scale.loc[scale["case_order"].eq(0), "question_id"]
    return wide.reindex(index=order.to_numpy(), columns=list(case_ids))


def divergence_table(
    tidy: pd.DataFrame, case_ids: Sequence[str], needed: int | None = None
) -> pd.DataFrame:
    """One row per scale question: first those rated by at least ``needed`` cases (default
    :func:`min_rated`), most divergent first and ranked; then the others (``rank`` missing,
    ``ranked`` False), most rated first. Each row has the lowest- and the highest-rated case
    and the first quote on each side.

    ``low_case`` is the first case (in comparison order) with the lowest rating, ``high_case``
    the last with the highest, so two cases with equal ratings still show both sides.
    """
    needed = min_rated(len(case_ids)) if needed is None else needed
    wide = ratings_wide(tidy, case_ids)
    stats = pd.DataFrame(
        {
            "n_rated": wide.count(axis=1).astype("int64"),
            "mean": wide.mean(axis=1),
            "min_rating": wide.min(axis=1),
            "max_rating": wide.max(axis=1),
            "std": wide.std(axis=1, ddof=0),
        }
    )
    enough = stats["n_rated"] >= 2
    stats["range"] = (stats["max_rating"] - stats["min_rating"]).where(enough)
    stats["std"] = stats["std"].where(enough)
    if len(case_ids) == 2:
        stats["difference"] = wide[case_ids[1]] - wide[case_ids[0]]
    else:
        stats["difference"] = np.nan

    rated = tidy.loc[
        tidy["kind"].eq("scale") & tidy["rating"].notna(),
        [
            "question_id",
            "question_order",
            "case_id",
            "case_order",
            "rating",
            "n_evidence",
            "first_quote",
            "first_attribution",
        ],
    ]
    rated = rated.sort_values(["question_order", "rating", "case_order"], kind="stable")
    rated = rated.assign(quote=_quote(rated))
    side_columns = ["case_id", "rating", "n_evidence", "quote"]
    grouped = rated.groupby("question_id", sort=False)[side_columns]
    low = grouped.first().add_prefix("low_")
    high = grouped.last().add_prefix("high_")
    sides = low.join(high).rename(
        columns={
            "low_case_id": "low_case",
            "high_case_id": "high_case",
            "low_n_evidence": "low_evidence",
            "high_n_evidence": "high_evidence",
        }
    )

    meta_columns = [
        "question_id",
        "question_order",
        "question_text",
        "section_id",
        "section_title",
        "subsection_id",
        "repeats",
    ]
    meta = tidy.loc[tidy["case_order"].eq(0) & tidy["kind"].eq("scale"), meta_columns]
    out = meta.set_index("question_id").join(stats).join(sides).reset_index()
    out["n_cases"] = len(case_ids)
    out["ranked"] = out["n_rated"].ge(needed) & out["range"].notna()
    ranked = out[out["ranked"]].sort_values(
        ["range", "std", "question_order"], ascending=[False, False, True], kind="stable"
    )
    others = out[~out["ranked"]].sort_values(
        ["n_rated", "range", "std", "question_order"],
        ascending=[False, False, False, True],
        na_position="last",
        kind="stable",
    )
    out = pd.concat([ranked, others])
    n_ranked = len(ranked)
    out["rank"] = pd.array([*range(1, n_ranked + 1), *[None] * (len(out) - n_ranked)], "Int64")
    for column in ("low_evidence", "high_evidence"):
        out[column] = out[column].astype("Int64")
    return out[DIVERGENCE_COLUMNS].reset_index(drop=True)
