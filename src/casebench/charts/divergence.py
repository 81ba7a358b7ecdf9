"""Where the cases disagree most: the top questions by spread of ratings.

Two cases give a dumbbell (a line from one case's rating to the other's); more give a line
from the lowest to the highest rating with a dot per case, offset within the row.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    LABEL_WIDTH,
    ROW_STEP,
    TOOLTIP_WIDTH,
    band_height,
    case_colour,
    case_legend_selection,
    evidence_hrefs,
    link_encoding,
    listed,
    truncate,
)
from casebench.comparison import Comparison
from casebench.quotes import quote_texts

TOP = 15
"""Questions shown by default (those with a defined spread, most divergent first)."""


def divergence_chart(
    comparison: Comparison, top: int = TOP, *, links: EvidenceLinks | None = None
) -> alt.LayerChart:
    """The ``top`` most divergent scale questions, most divergent at the top; with
    ``links``, a click on a case's dot opens the evidence behind its rating."""
    ids = comparison.case_ids
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    shown = comparison.divergence[comparison.divergence["range"].notna()].head(top).copy()
    shown["question_label"] = truncate(
        shown["question_id"] + ": " + shown["question_text"], LABEL_WIDTH
    )
    for side in ("low_quote", "high_quote"):
        shown[side] = truncate(shown[side], TOOLTIP_WIDTH)
    order = shown["question_label"].tolist()
    labels = shown.set_index("question_id")["question_label"]
    tidy = comparison.tidy
    points = tidy[tidy["question_id"].isin(labels.index) & tidy["rating"].notna()]
    points = pd.DataFrame(
        {
            "case_id": points["case_id"],
            "question_label": points["question_id"].map(labels),
            "question_text": points["question_text"],
            "rating": points["rating"],
            "quote": truncate(
                quote_texts(points["first_quote"], points["first_attribution"]), TOOLTIP_WIDTH
            ),
        }
    )
    if links is not None:
        points["href"] = evidence_hrefs(tidy.loc[points.index], links)
    y = alt.Y("question_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    two = len(ids) == 2
    x_scale = alt.Scale(domain=[lo, hi])
    rule = (
        alt.Chart(shown)
        .mark_rule(color="#888888", strokeWidth=2)
        .encode(
            y=y,
            x=alt.X("min_rating:Q", scale=x_scale, title=f"Rating ({scale.title})"),
            x2="max_rating:Q",
            tooltip=[
                alt.Tooltip("question_text:N", title="Question"),
                alt.Tooltip("range:Q", title="Range"),
                alt.Tooltip("std:Q", title="Std. dev.", format=".2f"),
                *([alt.Tooltip("difference:Q", title=f"{ids[1]} minus {ids[0]}")] if two else []),
                alt.Tooltip("low_case:N", title="Lowest"),
                alt.Tooltip("low_quote:N", title="Quote (lowest)"),
                alt.Tooltip("high_case:N", title="Highest"),
                alt.Tooltip("high_quote:N", title="Quote (highest)"),
            ],
        )
    )
    pick = case_legend_selection()
    dot_encoding = {"yOffset": alt.YOffset("case_id:N", sort=ids)} if not two else {}
    dots = (
        alt.Chart(points)
        .mark_circle(size=90, opacity=1)
        .encode(
            y=y,
            x=alt.X("rating:Q", scale=x_scale),
            color=case_colour(ids),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("case_id:N", title="Case"),
                alt.Tooltip("question_text:N", title="Question"),
                alt.Tooltip("rating:Q", title="Rating"),
                alt.Tooltip("quote:N", title="First quote"),
            ],
            **dot_encoding,
            **link_encoding(links),
        )
        .add_params(pick)
    )
    height = len(order) * 2 * ROW_STEP if two else band_height(len(order), len(ids), 4)
    if shown.empty:
        summary = "No question was rated by two or more cases, so none can be compared."
    else:
        first = shown.iloc[0]
        summary = (
            f"The most divergent is {first['question_id']!r}: from {first['min_rating']:g}"
            f" ({first['low_case']}) to {first['max_rating']:g} ({first['high_case']})."
        )
    kind = "Dumbbell chart" if two else "Range chart with a dot per case"
    return alt.layer(rule, dots).properties(
        width=420,
        height=max(height, 2 * ROW_STEP),
        title=f"Divergence: the {len(order)} questions the cases disagree on most",
        description=(
            f"{kind} of the ratings ({lo} to {hi}) of {len(ids)} cases ({listed(ids)}) on the "
            "questions with the widest range of ratings, most divergent at the top. " + summary
        ),
    )
