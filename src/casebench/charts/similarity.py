"""Similarity between cases as a heatmap (1 = same ratings on every shared question)."""

from __future__ import annotations

import altair as alt

from casebench.charts._common import listed
from casebench.comparison import Comparison

MAX_TEXT_CASES = 12
"""Similarity values are written in the cells up to this many cases."""

MAX_CASES = 100
"""The heatmap draws at most this many cases (the first, in comparison order): its cells grow
with the square of the cases, and 100 cases already make 9,900 cells. The title says when
cases are left out; ``Comparison.similarity`` always holds every pair."""


def similarity_heatmap(comparison: Comparison, max_cases: int = MAX_CASES) -> alt.LayerChart:
    """Case x case heatmap of similarity (1 - mean scaled rating difference).

    The data holds each pair once; a fold transform draws it on both sides of the diagonal.
    """
    all_ids = comparison.case_ids
    ids = all_ids[:max_cases]
    table = comparison.similarity
    if len(ids) < len(all_ids):
        table = table[table["case_a"].isin(ids) & table["case_b"].isin(ids)]
    step = max(10, 40 - len(ids))
    base = (
        alt.Chart(table)
        .transform_fold(["case_a", "case_b"], as_=["role", "case"])
        .transform_calculate(
            other="datum.role === 'case_a' ? datum.case_b : datum.case_a",
        )
        .encode(
            x=alt.X("case:N", sort=ids, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=160)),
            y=alt.Y("other:N", sort=ids, title=None, axis=alt.Axis(labelLimit=160)),
            tooltip=[
                alt.Tooltip("case:N", title="Case"),
                alt.Tooltip("other:N", title="Other case"),
                alt.Tooltip("similarity:Q", title="Similarity", format=".2f"),
                alt.Tooltip("distance:Q", title="Distance", format=".2f"),
                alt.Tooltip("n_shared:Q", title="Questions both rated"),
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
            )
        )
    )
    layers: list[alt.Chart] = [empty, cells]
    if len(ids) <= MAX_TEXT_CASES:
        layers.append(
            base.transform_filter("isValid(datum.similarity)")
            .mark_text(fontSize=10)
            .encode(
                text=alt.Text("similarity:Q", format=".2f"),
                color=alt.condition(
                    "datum.similarity >= 0.5", alt.value("black"), alt.value("white")
                ),
            )
        )
    shown = (
        f"{len(ids)} cases"
        if len(ids) == len(all_ids)
        else (f"the first {len(ids)} of {len(all_ids)} cases")
    )
    table = table.dropna(subset=["similarity"])
    if table.empty:
        summary = "No two cases rated a question in common."
    else:
        best = table.loc[table["similarity"].idxmax()]
        summary = (
            f"The most similar pair is {best['case_a']} and {best['case_b']} "
            f"({best['similarity']:.2f} over {best['n_shared']} shared questions)."
        )
    return alt.layer(*layers).properties(
        width=alt.Step(step),
        height=alt.Step(step),
        title="Similarity between cases"
        + ("" if len(ids) == len(all_ids) else f" (first {len(ids)} of {len(all_ids)})"),
        description=(
            f"Heatmap of similarity between {shown} ({listed(ids)}): 1 minus the mean "
            "difference in ratings, scaled to the scale's range, over the questions both cases "
            "rated; grey cells share no rated question. " + summary
        ),
    )
