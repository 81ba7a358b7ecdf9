"""Distributions over the cases, for views of many cases: per question, per section, per
level of change, the spread of the cases' figures (minimum, quartiles, median, maximum) and
how many cases each rests on. Charts of more than a score of cases draw these instead of a
mark per case; report tables of many cases show them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from pandas.api.typing import SeriesGroupBy


def _spread(grouped: SeriesGroupBy) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "min": grouped.min(),
            "q1": grouped.quantile(0.25),
            "median": grouped.median(),
            "q3": grouped.quantile(0.75),
            "max": grouped.max(),
        }
    )


def question_distribution(
    tidy: pd.DataFrame, question_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per scale question (framework order, or the order of ``question_ids``): cases, how
    many rated it, how many gave each status, and the five-number summary of the ratings."""
    scale = tidy.loc[
        tidy["kind"].eq("scale"),
        ["question_id", "question_order", "question_text", "status", "rating"],
    ]
    if question_ids is not None:
        scale = scale[scale["question_id"].isin(question_ids)]
    grouped = scale.groupby("question_id", sort=False)
    out = pd.DataFrame(
        {
            "question_text": grouped["question_text"].first(),
            "question_order": grouped["question_order"].first(),
            "n_cases": grouped.size(),
            "n_rated": grouped["rating"].count(),
        }
    ).join(_spread(grouped["rating"]))
    statuses = pd.crosstab(scale["question_id"], scale["status"])
    out = out.join(statuses.add_prefix("n_status_"), how="left").fillna(
        {c: 0 for c in statuses.add_prefix("n_status_").columns}
    )
    if question_ids is not None:
        out = out.reindex([q for q in question_ids if q in out.index])
    else:
        out = out.sort_values("question_order", kind="stable")
    return out.rename_axis("question_id").reset_index()


def section_distribution(profiles: pd.DataFrame) -> pd.DataFrame:
    """Per section: cases, how many have a mean, how many of those means are thin, and the
    five-number summary of the cases' section means."""
    sections = profiles[profiles["level"].eq("section")]
    sections = sections.assign(thin=sections["thin"] & sections["mean_rating"].notna())
    grouped = sections.groupby("section_id", sort=False)
    out = pd.DataFrame(
        {
            "part": grouped["part"].first(),
            "section_title": grouped["section_title"].first(),
            "n_cases": grouped.size(),
            "n_rated": grouped["mean_rating"].count(),
            "n_thin": grouped["thin"].sum().astype("int64"),
        }
    ).join(_spread(grouped["mean_rating"]))
    return out.reset_index()


def share_distribution(coverage: pd.DataFrame, column: str = "assessed_share") -> pd.DataFrame:
    """Per section: the five-number summary over the cases of a coverage share."""
    grouped = coverage.groupby("section_id", sort=False)
    out = pd.DataFrame(
        {"section_title": grouped["section_title"].first(), "n_cases": grouped.size()}
    ).join(_spread(grouped[column]))
    return out.reset_index()


def rating_counts(tidy: pd.DataFrame) -> pd.DataFrame:
    """Per scale question and rating (or non-rating status): how many cases, and their
    share of the cases; for a heatmap of many cases drawn as one distribution per row."""
    scale = tidy.loc[tidy["kind"].eq("scale"), ["question_id", "status", "rating"]]
    label = scale["rating"].map(lambda r: None if pd.isna(r) else f"{r:g}")
    outcome = label.where(scale["rating"].notna(), scale["status"])
    counts = (
        pd.DataFrame({"question_id": scale["question_id"], "outcome": outcome})
        .groupby(["question_id", "outcome"], sort=False)
        .size()
        .rename("n_cases")
        .reset_index()
    )
    totals = counts.groupby("question_id")["n_cases"].transform("sum")
    counts["share"] = counts["n_cases"] / totals
    return counts


__all__ = [
    "question_distribution",
    "rating_counts",
    "section_distribution",
    "share_distribution",
]
