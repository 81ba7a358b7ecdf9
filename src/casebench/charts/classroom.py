"""The class summary's chart: how the class's judgements spread on each question of a vignette,
hardest question first, with the reference judgement outlined."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from casebench.charts._common import LABEL_WIDTH, truncate

ANSWER_COLOURS = ("#b2182b", "#ef8a62", "#d9d9d9", "#67a9cf", "#2166ac")
"""Diverging colours from the lowest to the highest level (ColorBrewer RdBu, colour-blind safe)."""
ABSENT_COLOUR = "#8c6bb1"
NOT_JUDGED_COLOUR = "#f7f7f7"


def _colours(n_levels: int) -> list[str]:
    if n_levels == len(ANSWER_COLOURS):
        return list(ANSWER_COLOURS)
    from casebench.charts.palette import palette

    return palette(n_levels)


def rating_distribution_chart(
    distribution: pd.DataFrame, order: Sequence[str], title: str = "Judgements per question"
) -> alt.LayerChart:
    """Stacked bars: per question (in ``order``, hardest first), how many students gave each
    judgement; the reference judgement's bar has a thick black outline."""
    data = distribution.copy()
    data["label"] = truncate(data["question"] + ": " + data["text"], LABEL_WIDTH)
    labels = data.drop_duplicates("question").set_index("question")["label"]
    answers = data.sort_values("order").drop_duplicates("answer")["answer"].tolist()
    n_levels = len(answers) - 2  # the scale's levels, then absent and not judged
    colours = [*_colours(n_levels), ABSENT_COLOUR, NOT_JUDGED_COLOUR]
    data["reference"] = data["is_reference"].map({True: "reference judgement", False: ""})
    y = alt.Y(
        "label:N",
        sort=[labels[q] for q in order],
        title=None,
        axis=alt.Axis(labelLimit=360),
    )
    bars = (
        alt.Chart(data[data["count"] > 0])
        .mark_bar(stroke="#000000")
        .encode(
            y=y,
            x=alt.X("count:Q", title="Students", stack="zero", axis=alt.Axis(format="d")),
            color=alt.Color(
                "answer:N",
                sort=answers,
                scale=alt.Scale(domain=answers, range=colours),
                legend=alt.Legend(title="Judgement", orient="bottom", columns=2, labelLimit=260),
            ),
            order=alt.Order("order:Q"),
            strokeWidth=alt.condition("datum.is_reference", alt.value(3), alt.value(0)),
            tooltip=[
                alt.Tooltip("question:N", title="Question"),
                alt.Tooltip("text:N", title="Text"),
                alt.Tooltip("answer:N", title="Judgement"),
                alt.Tooltip("count:Q", title="Students"),
                alt.Tooltip("reference:N", title="Reference"),
            ],
        )
    )
    n_questions = len(order)
    return alt.layer(bars).properties(
        title=title,
        width=420,
        height=alt.Step(26),
        description=(
            f"Stacked bars for {n_questions} questions, hardest first: how many students gave "
            "each judgement, from the lowest level to the highest, then absent and not judged. "
            "The reference judgement's bar is outlined in black."
        ),
    )
