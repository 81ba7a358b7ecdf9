"""Charts of the views a comparison has when asked for: one case against the rest
(``compare(..., focus=)``) and groups of cases (``compare(..., by=)``)."""

from __future__ import annotations

import altair as alt

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    LABEL_WIDTH,
    STROKE,
    case_colour,
    case_shape,
    fill_key,
    link_encoding,
    listed,
    point_size,
    row_axis,
    row_bands,
    row_step,
    section_labels,
    truncate,
)
from casebench.charts.palette import palette
from casebench.comparison import Comparison
from casebench.comparison.groups import NOT_RECORDED

TOP = 15
"""Questions the focus chart shows: the focal case's most outstanding ranked ones."""


def focus_chart(
    comparison: Comparison, top: int = TOP, *, links: EvidenceLinks | None = None
) -> alt.TopLevelMixin:
    """The focal case's rating (its mark) against the other cases' range (line) and median
    (tick) on its ``top`` most outstanding questions, most outstanding at the top. With
    ``links``, a click on its mark opens the evidence behind its rating."""
    table = comparison.focus_table
    if table is None:
        raise ValueError("focus_chart needs a comparison made with focus=CASE_ID")
    focus = comparison.focus
    ids = comparison.case_ids
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    shown = table[table["ranked"]].head(top).copy()
    shown["question_label"] = truncate(
        shown["question_id"] + ": " + shown["question_text"], LABEL_WIDTH
    )
    shown["others"] = (
        shown["n_others_rated"].astype(str) + " of " + shown["n_others"].astype(str) + " rated"
    )
    if links is not None:
        shown["href"] = [links.href(links.question(focus, q)) for q in shown["question_id"]]
    order = shown["question_label"].tolist()
    step = row_step(2)
    x = alt.X("others_min:Q", scale=alt.Scale(domain=[lo, hi]), title=f"Rating ({scale.title})")
    tooltip = [
        alt.Tooltip("question_text:N", title="Question"),
        alt.Tooltip("rating:Q", title=f"{focus}"),
        alt.Tooltip("others_median:Q", title="Others' median"),
        alt.Tooltip("others_min:Q", title="Others' lowest"),
        alt.Tooltip("others_max:Q", title="Others' highest"),
        alt.Tooltip("others:N", title="Other cases"),
    ]
    base = alt.Chart(shown).encode(y=row_axis("question_label", order), tooltip=tooltip)
    others = base.mark_rule(color="#888888", strokeWidth=2).encode(x=x, x2="others_max:Q")
    median = base.mark_tick(color="#555555", thickness=2, size=step * 0.6).encode(
        x="others_median:Q"
    )
    mark = base.mark_point(size=point_size(2), strokeWidth=STROKE, filled=True).encode(
        x="rating:Q",
        color=case_colour(ids, legend=False),
        shape=case_shape(ids),
        **link_encoding(links),
    )
    plot = alt.layer(row_bands("question_label", order, step), others, median, mark).properties(
        width=420, height=max(1, len(order)) * step
    )
    first = (
        f" It stands out most on {shown.iloc[0]['question_id']!r}: {shown.iloc[0]['rating']:g} "
        f"against the others' median {shown.iloc[0]['others_median']:g}."
        if not shown.empty
        else " No question was rated by it and by enough of the others."
    )
    others = [i for i in ids if i != focus]
    one = len(others) == 1
    against = "the other case" if one else f"the other {len(others)} cases"
    theirs = "the other case's" if one else f"the other {len(others)} cases'"
    return plot.properties(
        title=f"{focus} against {against}",
        description=(
            f"Chart of {focus}'s rating ({lo} to {hi}; its mark) against the range (line) and "
            f"median (tick) of {theirs} ratings ({listed(others)}), on the {len(shown)} "
            "questions where it stands out most." + first
        ),
    )


def group_profiles_chart(comparison: Comparison) -> alt.TopLevelMixin:
    """Per section, each group's mean of its cases' section means (filled mark) and their
    range (line), dodged within the section's row; a group that has no case with a mean
    gets no mark, and the key says so."""
    view = comparison.groups
    if view is None:
        raise ValueError("group_profiles_chart needs a comparison made with by=ATTRIBUTE")
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    data = view.profiles.copy()
    data["part"] = data["section_id"].map({s.id: s.part for s in comparison.framework.sections})
    data["section_label"] = section_labels(data, comparison.framework)
    data["rests_on"] = (
        data["n_cases_rated"].astype(str) + " of " + data["n_cases"].astype(str) + " cases"
    )
    groups = list(view.order)
    colours = palette(len(groups))
    if NOT_RECORDED in groups:
        colours[groups.index(NOT_RECORDED)] = "#999999"
    colour = alt.Color("group:N", scale=alt.Scale(domain=groups, range=colours), title=view.label)
    order = data["section_label"].drop_duplicates().tolist()
    step = row_step(len(groups))
    offset = alt.YOffset("group:N", sort=groups, scale=alt.Scale(domain=groups, padding=0.5))
    x = alt.X("min_rating:Q", scale=alt.Scale(domain=[lo, hi]), title="Mean of the cases' means")
    tooltip = [
        alt.Tooltip("group:N", title=view.label),
        alt.Tooltip("section_title:N", title="Section"),
        alt.Tooltip("mean_rating:Q", title="Mean", format=".2f"),
        alt.Tooltip("min_rating:Q", title="Lowest case mean", format=".2f"),
        alt.Tooltip("max_rating:Q", title="Highest case mean", format=".2f"),
        alt.Tooltip("rests_on:N", title="Cases with a mean"),
    ]
    base = alt.Chart(data).encode(
        y=row_axis("section_label", order), yOffset=offset, color=colour, tooltip=tooltip
    )
    ranges = base.mark_rule(strokeWidth=1.5).encode(x=x, x2="max_rating:Q")
    means = base.mark_point(size=point_size(len(groups)), filled=True, shape="diamond").encode(
        x="mean_rating:Q"
    )
    plot = alt.layer(row_bands("section_label", order, step), ranges, means).properties(
        width=420, height=len(order) * step
    )
    key = fill_key(
        [(True, "the group's mean of its cases' section means; the line spans their range")],
        title="Marks",
    )
    members = ", ".join(
        f"{g} ({n})" for g, n in zip(view.members["group"], view.members["n_cases"], strict=True)
    )
    return alt.vconcat(plot, key).properties(
        title=f"Section profiles by {view.label.lower()}",
        description=(
            f"Dot chart, per section, of each group of cases by {view.label.lower()} "
            f"({members}): the mean of the cases' section means (mark) and their range (line), "
            f"{lo} to {hi}; each case counts once."
        ),
    )


__all__ = ["focus_chart", "group_profiles_chart"]
