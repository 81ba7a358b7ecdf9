"""The framework matrix as a heatmap: questions down, cases across, colour = rating.

A list of sections beside it filters the matrix on click (shift-click for several).
Question texts, sections and quotes ride in a small lookup table rather than in every cell,
so the spec grows with cases x questions only by a few short fields.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    LABEL_WIDTH,
    ROW_STEP,
    TOOLTIP_WIDTH,
    evidence_hrefs,
    link_encoding,
    listed,
    section_labels,
    truncate,
)
from casebench.comparison import Comparison
from casebench.comparison.tidy import QUOTE_JOIN

MAX_TEXT_CASES = 15
"""Ratings are also written in the cells (not only coloured) up to this many cases."""

NOT_ASSESSED = "not assessed"
_CELL = {"assessed": "answered, no rating", "absent": "absent (looked for, not found)"}
UNRATED = {  # background colour of each kind of cell without a rating
    NOT_ASSESSED: "#f0f0f0",
    _CELL["absent"]: "#f4cccc",
    _CELL["assessed"]: "#bdbdbd",
}


def _questions(comparison: Comparison) -> pd.DataFrame:
    tidy = comparison.tidy
    q = tidy.loc[
        tidy["case_order"].eq(0),
        ["question_id", "question_text", "part", "section_id", "section_title"],
    ].copy()
    q["question_label"] = truncate(q["question_id"] + ": " + q["question_text"], LABEL_WIDTH)
    return q


def _cells(comparison: Comparison, links: EvidenceLinks | None) -> pd.DataFrame:
    tidy = comparison.tidy
    first_two = tidy["quotes"].str.split(QUOTE_JOIN, n=2).str[:2].str.join(QUOTE_JOIN)
    cells = pd.DataFrame(
        {
            "case_id": tidy["case_id"],
            "question_id": tidy["question_id"],
            "rating": tidy["rating"],
            "shown": tidy["value"].fillna("not assessed"),
            "cell": tidy["status"].map(_CELL).fillna(NOT_ASSESSED),
            "confidence": tidy["confidence"],
            "n_evidence": tidy["n_evidence"],
            "first_quotes": truncate(first_two, TOOLTIP_WIDTH),
        }
    )
    if links is not None:
        cells["href"] = evidence_hrefs(tidy, links)
    return cells


def matrix_heatmap(
    comparison: Comparison, *, links: EvidenceLinks | None = None
) -> alt.HConcatChart:
    """Heatmap of every question (rows) x case (columns); tooltips give the full question
    and its first quotes. Unrated cells are light grey for not assessed, pale red for a
    practice found absent (a judgement, not a rating), darker grey for answers to text and
    choice questions. With ``links``, a click on an assessed cell opens the evidence behind
    it (the report's evidence appendix)."""
    ids = comparison.case_ids
    questions = _questions(comparison)
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    sections = alt.selection_point(fields=["section_id"], name="section_pick")
    lookup = alt.LookupData(
        questions, "question_id", ["question_label", "question_text", "section_id", "section_title"]
    )
    y = alt.Y(
        "question_label:N",
        sort=questions["question_label"].tolist(),
        title=None,
        axis=alt.Axis(labelLimit=320),
    )
    x = alt.X(
        "case_id:N",
        sort=ids,
        title="Case",
        axis=alt.Axis(labelAngle=-45, labelLimit=160, orient="top"),
    )
    tooltip = [
        alt.Tooltip("case_id:N", title="Case"),
        alt.Tooltip("question_text:N", title="Question"),
        alt.Tooltip("section_title:N", title="Section"),
        alt.Tooltip("shown:N", title="Rating or answer"),
        alt.Tooltip("confidence:N", title="Confidence"),
        alt.Tooltip("n_evidence:Q", title="Quotes"),
        alt.Tooltip("first_quotes:N", title="First quotes"),
    ]
    base = (
        alt.Chart(_cells(comparison, links))
        .transform_lookup(lookup="question_id", from_=lookup)
        .transform_filter(sections)
        .encode(x=x, y=y, tooltip=tooltip, **link_encoding(links))
    )
    background = base.mark_rect(stroke="white", strokeWidth=0.5).encode(
        color=alt.Color(
            "cell:N",
            title="Not rated",
            scale=alt.Scale(domain=list(UNRATED), range=list(UNRATED.values())),
        )
    )
    rated = (
        base.transform_filter("isValid(datum.rating)")
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            color=alt.Color(
                "rating:Q",
                title="Rating",
                scale=alt.Scale(domain=[lo, hi], scheme="viridis"),
                legend=alt.Legend(values=scale.values),
            )
        )
    )
    layers: list[alt.Chart] = [background, rated]
    if len(ids) <= MAX_TEXT_CASES:
        layers.append(
            base.transform_filter("isValid(datum.rating)")
            .mark_text(fontSize=9)
            .encode(
                text=alt.Text("rating:Q", format="d"),
                color=alt.condition(
                    f"datum.rating >= {(lo + hi) / 2}", alt.value("black"), alt.value("white")
                ),
            )
        )
    heatmap = (
        alt.layer(*layers)
        .resolve_scale(color="independent")
        .properties(width=alt.Step(max(12, 28 - len(ids) // 4)), height=alt.Step(ROW_STEP))
    )
    section_list = questions.drop_duplicates("section_id").assign(section_label=section_labels)
    picker = (
        alt.Chart(section_list)
        .mark_text(align="left", fontSize=11)
        .encode(
            y=alt.Y("section_id:N", sort=None, title=None, axis=None),
            x=alt.value(0),
            text="section_label:N",
            opacity=alt.condition(sections, alt.value(1.0), alt.value(0.35)),
            tooltip=alt.Tooltip("section_title:N", title="Filter to section"),
        )
        .add_params(sections)
        .properties(
            width=280,
            height=alt.Step(20),
            view=alt.ViewConfig(stroke=None),
            title="Sections (click to filter; shift-click for more)",
        )
    )
    n_rated = int(comparison.tidy["rating"].notna().sum())
    return alt.hconcat(picker, heatmap).properties(
        title=f"Framework matrix: {len(questions)} questions x {len(ids)} cases",
        description=(
            f"Heatmap of {comparison.framework.id} questions (rows, in framework order) by case "
            f"(columns: {listed(ids)}). Colour shows the rating from {lo} to {hi} on the "
            f"{scale.title!r} scale; {n_rated} cells are rated, the rest are answers to text or "
            "choice questions (dark grey), practices the coder found absent (pale red) or not "
            "assessed (light grey). The section list on the left filters the rows."
        ),
    )
