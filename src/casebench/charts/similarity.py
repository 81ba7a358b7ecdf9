"""Similarity between cases as a heatmap (1 = same ratings on every shared question).

Cases are ordered by hierarchical clustering (the dendrogram's leaf order) by default, so
that groups of similar cases show as blocks; pairs resting on few shared questions
(``thin``) are drawn pale and unlabelled. Past :data:`MAX_CASES` cases, a histogram of the
pairs' similarity replaces the heatmap (every pair counted)."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from casebench.charts._common import listed
from casebench.comparison import Comparison

MAX_TEXT_CASES = 12
"""Similarity values are written in the cells up to this many cases."""

MAX_CASES = 60
"""The heatmap has a row and a column per case up to this many cases (3,540 cells); past
it, the chart is the distribution of the similarity over every pair."""

THIN_OPACITY = 0.3


BIN = 0.05
"""Width of a bar of the similarity histogram."""


def _histogram(comparison: Comparison) -> alt.Chart:
    """Pairs per similarity bin, counted here (the spec holds 40 bars, not every pair)."""
    arrays = comparison.pair_arrays
    a, b = np.triu_indices(len(arrays.case_ids), k=1)
    similarity = 1.0 - arrays.distance[a, b]
    thin = arrays.shared[a, b] < arrays.min_shared
    edges = np.linspace(0.0, 1.0, round(1 / BIN) + 1)
    rows = []
    for is_thin, basis in (
        (False, "enough shared questions"),
        (True, "thin: few shared questions"),
    ):
        values = similarity[(thin == is_thin) & ~np.isnan(similarity)]
        counts, _ = np.histogram(values, bins=edges)
        rows.extend(
            {"start": lo, "end": hi, "pairs": int(n), "basis": basis}
            for lo, hi, n in zip(edges[:-1], edges[1:], counts, strict=True)
        )
    data = pd.DataFrame(rows)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("start:Q", scale=alt.Scale(domain=[0, 1]), title="Similarity"),
            x2="end:Q",
            y=alt.Y("pairs:Q", stack="zero", title="Pairs of cases"),
            color=alt.Color(
                "basis:N",
                title="Rests on",
                scale=alt.Scale(
                    domain=["enough shared questions", "thin: few shared questions"],
                    range=["#3b528b", "#c6dbef"],
                ),
            ),
            tooltip=[
                alt.Tooltip("start:Q", title="From", format=".2f"),
                alt.Tooltip("end:Q", title="To", format=".2f"),
                alt.Tooltip("pairs:Q", title="Pairs"),
                alt.Tooltip("basis:N", title="Rests on"),
            ],
        )
        .properties(width=420, height=220)
    )


def similarity_heatmap(
    comparison: Comparison,
    *,
    order: str | Sequence[str] = "cluster",
    interactive: bool = True,
) -> alt.TopLevelMixin:
    """Case x case heatmap of similarity (1 - mean scaled rating difference), cases in
    ``order`` (``"cluster"``, ``"given"`` or a list of the case ids).

    The data holds each pair once; a fold transform draws it on both sides of the diagonal.
    ``interactive`` is accepted for symmetry with the other charts (nothing here needs it).
    """
    all_ids = comparison.case_ids
    minimum = comparison.thresholds["similarity_min_shared"]
    table = comparison.similarity
    known = table.dropna(subset=["similarity"])
    reliable = known[~known["thin"]]
    if reliable.empty:
        summary = (
            "No two cases rated a question in common."
            if known.empty
            else f"No pair of cases shares {minimum} or more rated questions."
        )
    else:
        best = reliable.loc[reliable["similarity"].idxmax()]
        summary = (
            f"The most similar pair resting on enough questions is {best['case_a']} and "
            f"{best['case_b']} ({best['similarity']:.2f} over {best['n_shared']} shared "
            "questions)."
        )
    thin = int(known["thin"].sum())
    if thin == 0:
        rule = f" Every pair shares {minimum} or more rated questions."
    else:
        one = thin == 1
        rule = (
            f" {thin} of {len(table)} pairs {'shares' if one else 'share'} fewer than {minimum} "
            "rated questions (thin)"
            + (f" and {'is' if one else 'are'} drawn pale." if len(all_ids) <= MAX_CASES else ".")
        )
    if len(all_ids) > MAX_CASES:
        return _histogram(comparison).properties(
            title=f"Similarity between cases: {len(table)} pairs of {len(all_ids)} cases",
            description=(
                f"Histogram of the similarity of every pair of the {len(all_ids)} cases "
                f"({listed(all_ids)}): 1 minus the mean difference in ratings, scaled to the "
                "scale's range, over the questions both cases rated." + rule + " " + summary
            ),
        )
    ids = comparison.order(order)
    step = max(10, 40 - len(ids))
    base = (
        alt.Chart(table)
        .transform_fold(["case_a", "case_b"], as_=["role", "case"])
        .transform_calculate(other="datum.role === 'case_a' ? datum.case_b : datum.case_a")
        .encode(
            x=alt.X("case:N", sort=ids, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=160)),
            y=alt.Y("other:N", sort=ids, title=None, axis=alt.Axis(labelLimit=160)),
            tooltip=[
                alt.Tooltip("case:N", title="Case"),
                alt.Tooltip("other:N", title="Other case"),
                alt.Tooltip("similarity:Q", title="Similarity", format=".2f"),
                alt.Tooltip("distance:Q", title="Distance", format=".2f"),
                alt.Tooltip("n_shared:Q", title="Questions both rated"),
                alt.Tooltip("thin:N", title="Thin (few shared)"),
            ],
        )
    )
    empty = base.mark_rect(color="#f0f0f0")
    cells = (
        base.transform_filter("isValid(datum.similarity)")
        .mark_rect()
        .encode(
            color=alt.Color(
                "similarity:Q", title="Similarity", scale=alt.Scale(domain=[0, 1], scheme="viridis")
            ),
            opacity=alt.condition("datum.thin", alt.value(THIN_OPACITY), alt.value(1.0)),
        )
    )
    layers: list[alt.Chart] = [empty, cells]
    if len(ids) <= MAX_TEXT_CASES:
        layers.append(
            base.transform_filter("isValid(datum.similarity) && !datum.thin")
            .mark_text(fontSize=10)
            .encode(
                text=alt.Text("similarity:Q", format=".2f"),
                color=alt.condition(
                    "datum.similarity >= 0.5", alt.value("black"), alt.value("white")
                ),
            )
        )
    ordered = order == "cluster" and len(ids) > 2
    return alt.layer(*layers).properties(
        width=alt.Step(step),
        height=alt.Step(step),
        title="Similarity between cases" + (" (ordered by clustering)" if ordered else ""),
        description=(
            f"Heatmap of similarity between {len(ids)} cases ({listed(ids)})"
            + (
                ", ordered by average-linkage clustering so that similar cases sit together"
                if ordered
                else ""
            )
            + ": 1 minus the mean difference in ratings, scaled to the scale's range, over the "
            "questions both cases rated; grey cells share no rated question." + rule + " " + summary
        ),
    )


__all__ = ["MAX_CASES", "MAX_TEXT_CASES", "similarity_heatmap"]
