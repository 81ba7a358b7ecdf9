"""Divergence: scale questions ranked by how far the cases' ratings disagree.

The spread of a question is the **range** of its ratings (highest minus lowest) over the
cases that rated it, ties broken by the population **standard deviation** (ddof=0), then by
framework order. For two cases the range is the absolute difference, and ``difference`` holds
the signed one (second case minus first). A question fewer than two cases rated has no spread
(NaN) and is ranked last.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from casebench.quotes import quote_texts

DIVERGENCE_COLUMNS = [
    "rank",
    "question_id",
    "question_text",
    "section_id",
    "section_title",
    "subsection_id",
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


def _quote(rows: pd.DataFrame) -> pd.Series:
    """The first quote of each row as “quote” — attribution (NaN when there is none)."""
    return quote_texts(rows["first_quote"], rows["first_attribution"])


def ratings_wide(tidy: pd.DataFrame, case_ids: Sequence[str]) -> pd.DataFrame:
    """Scale questions (rows, framework order) x cases (columns): the rating or NaN."""
    scale = tidy[tidy["kind"].eq("scale")]
    wide = scale.pivot(index="question_id", columns="case_id", values="rating")
    order = scale.loc[scale["case_order"].eq(0), "question_id"]
    return wide.reindex(index=order.to_numpy(), columns=list(case_ids))


def divergence_table(tidy: pd.DataFrame, case_ids: Sequence[str]) -> pd.DataFrame:
    """One row per scale question, most divergent first, with the lowest- and the
    highest-rated case and the first quote on each side.

    ``low_case`` is the first case (in comparison order) with the lowest rating, ``high_case``
    the last with the highest, so two cases with equal ratings still show both sides.
    """
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

    rated = tidy[tidy["kind"].eq("scale") & tidy["rating"].notna()]
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
    ]
    meta = tidy.loc[tidy["case_order"].eq(0) & tidy["kind"].eq("scale"), meta_columns]
    out = meta.set_index("question_id").join(stats).join(sides).reset_index()
    out = out.sort_values(
        ["range", "std", "question_order"],
        ascending=[False, False, True],
        na_position="last",
        kind="stable",
    )
    out["rank"] = np.arange(1, len(out) + 1)
    for column in ("low_evidence", "high_evidence"):
        out[column] = out[column].astype("Int64")
    return out[DIVERGENCE_COLUMNS].reset_index(drop=True)
