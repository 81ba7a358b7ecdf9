"""Where the cases disagree most: the top ranked questions by spread of ratings.

Up to :data:`~casebench.charts._common.MAX_CASE_MARKS` cases, each question is a row band
holding a line from the lowest to the highest rating and a mark per case (its colour and
shape), dodged within the band; a case that gave no rating has a hollow mark in a labelled
column left of the scale ("not assessed", "absent"), never no mark. Past that, each row is
the distribution of the ratings: range, quartiles and median, with how many cases rated it.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    LABEL_WIDTH,
    MAX_CASE_MARKS,
    ROW_STEP,
    STROKE,
    TOOLTIP_WIDTH,
    case_colour,
    case_fill,
    case_legend_selection,
    case_offset,
    case_shape,
    evidence_hrefs,
    fill_key,
    gutter_axis,
    link_encoding,
    listed,
    point_size,
    row_axis,
    row_bands,
    row_step,
    truncate,
)
from casebench.comparison import Comparison, statuses
from casebench.comparison.distribution import question_distribution
from casebench.quotes import quote_texts

TOP = 15
"""Questions shown by default (ranked ones: rated by enough cases, most divergent first)."""


def shown_questions(comparison: Comparison, top: int = TOP) -> pd.DataFrame:
    """The ranked divergence rows a chart draws, with an axis label each."""
    shown = comparison.divergence[comparison.divergence["ranked"]].head(top).copy()
    shown["question_label"] = truncate(
        shown["question_id"] + ": " + shown["question_text"], LABEL_WIDTH
    )
    return shown


def _cells(
    comparison: Comparison, shown: pd.DataFrame, lo: float, links: EvidenceLinks | None
) -> tuple[pd.DataFrame, list[str]]:
    """Every case x shown question: the rating, or the column of its status left of the
    scale (and, with ``links``, the link to the evidence behind a judgement); and the labels
    of those columns (in the order of the statuses)."""
    tidy = comparison.tidy
    rows = tidy[tidy["question_id"].isin(shown["question_id"])]
    short = {s.id: s.short for s in statuses.STATUSES}
    rated = rows["rating"].notna()
    status = rows["status"].map(short).where(~rated, "rated")
    gutter = list(dict.fromkeys(short[s.id] for s in statuses.STATUSES if not s.rated))
    gutter = [g for g in gutter if g in set(status)]
    position = {label: lo - 1 - i for i, label in enumerate(gutter)}
    cells = pd.DataFrame(
        {
            "case_id": rows["case_id"],
            "question_label": rows["question_id"].map(
                shown.set_index("question_id")["question_label"]
            ),
            "question_text": rows["question_text"],
            "status": status,
            "filled": rated,
            "x": rows["rating"].where(rated, status.map(position)),
            "rating": rows["rating"],
            "quote": truncate(
                quote_texts(rows["first_quote"], rows["first_attribution"]), TOOLTIP_WIDTH
            ),
        }
    )
    if links is not None:
        cells["href"] = evidence_hrefs(rows, links)
    return cells, gutter


def _per_case(
    comparison: Comparison, shown: pd.DataFrame, interactive: bool, links: EvidenceLinks | None
) -> alt.VConcatChart:
    ids = comparison.case_ids
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    cells, gutter = _cells(comparison, shown, lo, links)
    order = shown["question_label"].tolist()
    x_scale = alt.Scale(domain=[lo - len(gutter) - 0.5 if gutter else lo, hi], nice=False)
    for side in ("low_quote", "high_quote"):
        shown[side] = truncate(shown[side], TOOLTIP_WIDTH)
    two = len(ids) == 2
    rule = (
        alt.Chart(shown)
        .mark_rule(color="#888888", strokeWidth=2)
        .encode(
            y=row_axis("question_label", order),
            x=alt.X(
                "min_rating:Q",
                scale=x_scale,
                axis=gutter_axis(lo, hi, gutter, f"Rating ({scale.title})"),
            ),
            x2="max_rating:Q",
            tooltip=[
                alt.Tooltip("question_text:N", title="Question"),
                alt.Tooltip("n_rated:Q", title="Cases that rated it"),
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
    step = row_step(len(ids))
    layers: list[alt.Chart] = [row_bands("question_label", order, step), rule]
    if gutter:
        layers.append(
            alt.Chart(pd.DataFrame({"x": [lo - 0.5]}))
            .mark_rule(color="#bbbbbb", strokeDash=[2, 2])
            .encode(x=alt.X("x:Q", scale=x_scale))
        )
    pick = case_legend_selection()
    dots = (
        alt.Chart(cells)
        .mark_point(size=point_size(len(ids)), strokeWidth=STROKE, opacity=1)
        .encode(
            y=row_axis("question_label", order),
            yOffset=case_offset(ids),
            x=alt.X("x:Q", scale=x_scale),
            color=case_colour(ids),
            shape=case_shape(ids),
            fill=case_fill(ids),
            tooltip=[
                alt.Tooltip("case_id:N", title="Case"),
                alt.Tooltip("question_text:N", title="Question"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("rating:Q", title="Rating"),
                alt.Tooltip("quote:N", title="First quote"),
            ],
            **link_encoding(links),
        )
    )
    if interactive:
        dots = dots.encode(opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15))).add_params(
            pick
        )
    layers.append(dots)
    plot = alt.layer(*layers).properties(width=420, height=len(order) * step)
    key = fill_key(
        [(True, "filled: the case's rating")]
        + [(False, f"hollow, in the column “{g}”: the case gave no rating") for g in gutter]
    )
    return alt.vconcat(plot, key)


def _distribution(
    comparison: Comparison, shown: pd.DataFrame, links: EvidenceLinks | None
) -> alt.LayerChart:
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    spread = question_distribution(comparison.tidy, shown["question_id"].tolist())
    spread["question_label"] = spread["question_id"].map(
        shown.set_index("question_id")["question_label"]
    )
    spread["rated_text"] = (
        "rated by " + spread["n_rated"].astype(str) + " of " + spread["n_cases"].astype(str)
    )
    if links is not None:
        over = links.over_cases
        spread["href"] = [over.href(over.question("", q)) for q in spread["question_id"]]
    order = spread["question_label"].tolist()
    x = alt.X(
        "min:Q", scale=alt.Scale(domain=[lo, hi]), title=f"Rating ({scale.title}) over the cases"
    )
    base = alt.Chart(spread).encode(
        y=row_axis("question_label", order),
        **link_encoding(links),
        tooltip=[
            alt.Tooltip("question_text:N", title="Question"),
            alt.Tooltip("rated_text:N", title="Cases"),
            alt.Tooltip("min:Q", title="Lowest"),
            alt.Tooltip("q1:Q", title="Lower quartile"),
            alt.Tooltip("median:Q", title="Median"),
            alt.Tooltip("q3:Q", title="Upper quartile"),
            alt.Tooltip("max:Q", title="Highest"),
        ],
    )
    whisker = base.mark_rule(color="#555555").encode(x=x, x2="max:Q")
    box = base.mark_bar(color="#9ecae1", height={"band": 0.6}).encode(x="q1:Q", x2="q3:Q")
    median = base.mark_tick(color="#08306b", thickness=3, size=ROW_STEP).encode(x="median:Q")
    text = base.mark_text(align="left", dx=6, fontSize=10, color="#333333").encode(
        x=alt.value(424), text="rated_text:N"
    )
    step = 2 * ROW_STEP
    bands = row_bands("question_label", order, step)
    return alt.layer(bands, whisker, box, median, text).properties(
        width=420, height=len(order) * step
    )


def divergence_chart(
    comparison: Comparison,
    top: int = TOP,
    *,
    interactive: bool = True,
    links: EvidenceLinks | None = None,
) -> alt.TopLevelMixin:
    """The ``top`` most divergent ranked questions, most divergent at the top: a mark per
    case (up to 20 cases), else the distribution of the ratings per question. With
    ``links``, a click on a case's mark opens the evidence behind its judgement (on a
    distribution, the question's evidence summarised over the cases)."""
    ids = comparison.case_ids
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    shown = shown_questions(comparison, top)
    needed = comparison.thresholds["divergence_min_rated"]
    basis = f"rated by at least {needed} of the {len(ids)} cases"
    if shown.empty:
        summary = (
            f"No question was {basis} with different ratings, so none is ranked."
            if len(ids) > 2
            else "No question was rated by both cases with different ratings."
        )
    else:
        first = shown.iloc[0]
        summary = (
            f"The most divergent is {first['question_id']!r} (rated by {first['n_rated']} of "
            f"{len(ids)}): from {first['min_rating']:g} ({first['low_case']}) to "
            f"{first['max_rating']:g} ({first['high_case']})."
        )
    many = len(ids) > MAX_CASE_MARKS
    if many:
        chart = _distribution(comparison, shown, links)
        kind = (
            "Distribution chart (range as a line, quartiles as a bar, median as a tick) of the "
            "ratings"
        )
    else:
        chart = _per_case(comparison, shown, interactive, links)
        kind = (
            "Dot chart of each case's rating (a filled mark in the case's colour and shape, "
            "dodged within the question's row; hollow in a column left of the scale when the "
            "case gave no rating), with a line from the lowest to the highest rating"
        )
    return chart.properties(
        title=f"Divergence: the {len(shown)} questions the cases disagree on most ({basis})",
        description=(
            f"{kind}, {lo} to {hi}, of {len(ids)} cases ({listed(ids)}) on the questions {basis} "
            "with the widest range of ratings, most divergent at the top. " + summary
        ),
    )


__all__ = ["TOP", "divergence_chart", "shown_questions"]
