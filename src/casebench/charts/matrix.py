"""The framework matrix as a heatmap: questions down, cases across, colour = rating.

Cells without a rating are coloured, and marked with a glyph, by status (one list in
:mod:`casebench.comparison.statuses`), so "not assessed" and "absent" read apart in
greyscale too. Cases can be ordered as given, by clustering, or in an order given. In an
interactive chart a list of sections beside the heatmap filters it on click. Past
:data:`MAX_HEATMAP_CASES` cases, each row becomes the distribution of the cases' ratings.
Question texts, sections and quotes ride in a small lookup table rather than in every cell.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from casebench.charts.palette import viridis
from casebench.comparison import Comparison, statuses
from casebench.comparison.distribution import rating_counts
from casebench.comparison.tidy import QUOTE_JOIN

MAX_TEXT_CASES = 15
"""Ratings are also written in the cells (not only coloured) up to this many cases."""

MAX_HEATMAP_CASES = 60
"""A column per case up to this many cases; past it, each row shows how the cases' ratings
are distributed (a heatmap of a thousand columns can be neither drawn nor read)."""


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
    labels = statuses.cell_labels()
    glyphs = {s.id: s.glyph for s in statuses.STATUSES}
    cells = pd.DataFrame(
        {
            "case_id": tidy["case_id"],
            "question_id": tidy["question_id"],
            "rating": tidy["rating"],
            "shown": tidy["value"].fillna(tidy["status"].map(labels)),
            "cell": tidy["status"].map(labels),
            "glyph": tidy["status"].map(glyphs).where(tidy["rating"].isna(), ""),
            "confidence": tidy["confidence"],
            "n_evidence": tidy["n_evidence"],
            "first_quotes": truncate(first_two, TOOLTIP_WIDTH),
        }
    )
    if links is not None:
        cells["href"] = evidence_hrefs(tidy, links)
    return cells


def _unrated() -> dict[str, str]:
    """Colour of an unrated cell by its label, each label once, in the order of the
    statuses (:mod:`casebench.comparison.statuses`)."""
    colours: dict[str, str] = {}
    for status in statuses.STATUSES:
        colours.setdefault(statuses.cell_labels()[status.id], status.colour)
    return colours


UNRATED = _unrated()
"""Background colour of each kind of cell without a rating, by its legend label."""


def _status_scale(present: set[str] | None = None) -> alt.Scale:
    """The colours of unrated cells, limited to the labels ``present`` (when given), so
    that a legend lists only what the chart shows."""
    shown = [label for label in UNRATED if present is None or label in present]
    return alt.Scale(domain=shown, range=[UNRATED[label] for label in shown])


def _distribution(
    comparison: Comparison, questions: pd.DataFrame, links: EvidenceLinks | None
) -> alt.Chart:
    """Per question, the share of the cases giving each rating (or each non-rating status),
    as a stacked bar: the matrix of many cases read row by row (with ``links``, a bar links
    to the question's evidence summarised over the cases)."""
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    counts = rating_counts(comparison.tidy)
    labels = statuses.cell_labels()
    counts["outcome"] = counts["outcome"].map(lambda o: labels.get(o, o))
    counts = counts.groupby(["question_id", "outcome"], sort=False, as_index=False)[
        ["n_cases", "share"]
    ].sum()
    counts = counts.merge(questions[["question_id", "question_label", "question_text"]])
    level_names = [f"{v:g}" for v in scale.values]
    unrated = [label for label in _status_scale().domain if label in set(counts["outcome"])]
    domain = level_names + [u for u in unrated if u not in level_names]
    colours = viridis(len(level_names)) + [
        dict(zip(_status_scale().domain, _status_scale().range, strict=True))[u]
        for u in domain[len(level_names) :]
    ]
    order = {name: i for i, name in enumerate(domain)}
    counts["order"] = counts["outcome"].map(order)
    if links is not None:
        over = links.over_cases
        counts["href"] = [over.href(over.question("", q)) for q in counts["question_id"]]
    return (
        alt.Chart(counts)
        .mark_bar(stroke="white", strokeWidth=0.5)
        .encode(
            y=alt.Y(
                "question_label:N",
                sort=questions["question_label"].tolist(),
                title=None,
                axis=alt.Axis(labelLimit=320),
            ),
            x=alt.X(
                "share:Q",
                stack="normalize",
                axis=alt.Axis(format="%"),
                title=f"Share of the {len(comparison.cases)} cases",
            ),
            color=alt.Color(
                "outcome:N",
                title=f"Rating ({lo} to {hi}) or status",
                scale=alt.Scale(domain=domain, range=colours),
            ),
            order=alt.Order("order:Q"),
            **link_encoding(links),
            tooltip=[
                alt.Tooltip("question_text:N", title="Question"),
                alt.Tooltip("outcome:N", title="Rating or status"),
                alt.Tooltip("n_cases:Q", title="Cases"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
            ],
        )
        .properties(width=420, height=alt.Step(ROW_STEP))
    )


def matrix_heatmap(
    comparison: Comparison,
    *,
    order: str | Sequence[str] = "given",
    interactive: bool = True,
    links: EvidenceLinks | None = None,
) -> alt.TopLevelMixin:
    """Heatmap of every question (rows) x case (columns, ``order``: ``"given"``,
    ``"cluster"`` or a list of the case ids); tooltips give the full question and its first
    quotes. Unrated cells are coloured and marked by status. With ``links``, a click on an
    assessed cell opens the evidence behind it (the report's evidence appendix)."""
    ids = comparison.order(order)
    questions = _questions(comparison)
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    n_rated = int(comparison.tidy["rating"].notna().sum())
    if len(ids) > MAX_HEATMAP_CASES:
        n_scale = int(
            questions["question_id"]
            .isin(comparison.tidy.loc[comparison.tidy["kind"].eq("scale"), "question_id"])
            .sum()
        )
        return _distribution(comparison, questions, links).properties(
            title=f"Framework matrix: how {len(ids)} cases rated each of {n_scale} scale questions",
            description=(
                f"Stacked bar chart, one row per {comparison.framework.id} question (framework "
                f"order), of the share of the {len(ids)} cases ({listed(ids)}) giving each "
                f"rating from {lo} to {hi} on the {scale.title!r} scale, or leaving it not "
                f"assessed; {n_rated} ratings in all."
            ),
        )
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
        title="Case" + (" (ordered by clustering)" if order == "cluster" else ""),
        axis=alt.Axis(labelAngle=-45, labelLimit=160, orient="top"),
    )
    tooltip = [
        alt.Tooltip("case_id:N", title="Case"),
        alt.Tooltip("question_text:N", title="Question"),
        alt.Tooltip("section_title:N", title="Section"),
        alt.Tooltip("shown:N", title="Rating, answer or status"),
        alt.Tooltip("confidence:N", title="Confidence"),
        alt.Tooltip("n_evidence:Q", title="Quotes"),
        alt.Tooltip("first_quotes:N", title="First quotes"),
    ]
    cells = _cells(comparison, links)
    unrated_labels = set(cells.loc[cells["rating"].isna(), "cell"]) or None
    base = alt.Chart(cells).transform_lookup(lookup="question_id", from_=lookup)
    if interactive:
        base = base.transform_filter(sections)
    base = base.encode(x=x, y=y, tooltip=tooltip, **link_encoding(links))
    background = base.mark_rect(stroke="white", strokeWidth=0.5).encode(
        color=alt.Color("cell:N", title="Not rated", scale=_status_scale(unrated_labels))
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
    glyphs = (
        base.transform_filter("datum.glyph != ''")
        .mark_text(fontSize=10, color="#333333")
        .encode(text="glyph:N")
    )
    layers: list[alt.Chart] = [background, rated, glyphs]
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
    unrated_statuses = set(comparison.tidy.loc[comparison.tidy["rating"].isna(), "status"])
    kinds = {
        f"{s.phrase} ({s.colour_name})" + (f" marked “{s.glyph}”" if s.glyph else ""): None
        for s in statuses.STATUSES
        if s.id in unrated_statuses
    }
    description = (
        f"Heatmap of {comparison.framework.id} questions (rows, in framework order) by case "
        f"(columns: {listed(ids)}"
        + (
            ", ordered by clustering so that similar cases sit together"
            if order == "cluster"
            else ""
        )
        + f"). Colour shows the rating from {lo} to {hi} on the {scale.title!r} scale; "
        f"{n_rated} cells are rated" + (f"; the others are {', '.join(kinds)}." if kinds else ".")
    )
    if not interactive:
        return heatmap.properties(
            title=f"Framework matrix: {len(questions)} questions x {len(ids)} cases",
            description=description,
        )
    section_list = questions.drop_duplicates("section_id").copy()
    section_list["section_label"] = section_labels(section_list, comparison.framework)
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
    return alt.hconcat(picker, heatmap).properties(
        title=f"Framework matrix: {len(questions)} questions x {len(ids)} cases",
        description=description + " The section list on the left filters the rows.",
    )


__all__ = ["MAX_HEATMAP_CASES", "MAX_TEXT_CASES", "matrix_heatmap"]
