"""Section profiles (mean rating per section and case) and coverage (share assessed and
evidenced per section and case): one row band per section, one mark per case within it."""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    band_height,
    case_colour,
    case_legend_selection,
    link_encoding,
    listed,
    section_labels,
)
from casebench.comparison import Comparison

THIN_LABEL = "thin: few questions rated"
FULL_LABEL = "rests on enough questions"


def _section_axis(data: pd.DataFrame) -> alt.Y:
    return alt.Y(
        "section_label:N",
        sort=data["section_label"].drop_duplicates().tolist(),
        title=None,
        axis=alt.Axis(labelLimit=320),
    )


def section_profiles_chart(
    comparison: Comparison, *, links: EvidenceLinks | None = None
) -> alt.LayerChart:
    """Mean rating per section, a dot per case; hollow triangles mark thin profiles
    (too few questions rated to rest a mean on). With ``links``, a click on a dot opens
    the case's evidence on that section."""
    ids = comparison.case_ids
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    data = comparison.profiles[comparison.profiles["level"].eq("section")].copy()
    data["section_label"] = section_labels(data)
    data["basis"] = data["thin"].map({True: THIN_LABEL, False: FULL_LABEL})
    data = data[
        [
            "case_id",
            "section_id",
            "section_title",
            "section_label",
            "mean_rating",
            "n_rated",
            "n_scale",
            "basis",
        ]
    ]
    if links is not None:
        data["href"] = [
            links.href(links.section(case, section))
            for case, section in zip(data["case_id"], data["section_id"], strict=True)
        ]
    pick = case_legend_selection()
    base = alt.Chart(data).encode(y=_section_axis(data), yOffset=alt.YOffset("case_id:N", sort=ids))
    rule = (
        alt.Chart(pd.DataFrame({"mid": [(lo + hi) / 2]}))
        .mark_rule(color="#999999", strokeDash=[3, 3])
        .encode(x="mid:Q")
    )
    points = (
        base.mark_point(size=70, filled=True)
        .encode(
            x=alt.X(
                "mean_rating:Q",
                title=f"Mean rating ({scale.title})",
                scale=alt.Scale(domain=[lo, hi]),
            ),
            color=case_colour(ids),
            shape=alt.Shape(
                "basis:N",
                title="Profile",
                scale=alt.Scale(domain=[FULL_LABEL, THIN_LABEL], range=["circle", "triangle-up"]),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("case_id:N", title="Case"),
                alt.Tooltip("section_title:N", title="Section"),
                alt.Tooltip("mean_rating:Q", title="Mean rating", format=".2f"),
                alt.Tooltip("n_rated:Q", title="Questions rated"),
                alt.Tooltip("n_scale:Q", title="Scale questions"),
                alt.Tooltip("basis:N", title="Profile"),
            ],
            **link_encoding(links),
        )
        .add_params(pick)
    )
    n_sections = data["section_id"].nunique()
    gaps = data.groupby("section_title")["mean_rating"].agg(lambda s: s.max() - s.min())
    widest = (
        f" The widest gap between cases is in {gaps.idxmax()!r} ({gaps.max():.2f} points)."
        if gaps.notna().any()
        else ""
    )
    return alt.layer(rule, points).properties(
        width=420,
        height=band_height(n_sections, len(ids)),
        title="Section profiles: mean rating per section",
        description=(
            f"Dot plot of the mean rating ({lo} to {hi}) per section for {len(ids)} cases "
            f"({listed(ids)}), one dot per case in the case's colour; not-assessed questions are "
            "left out of the mean, and triangles mark means resting on too few rated questions."
            + widest
        ),
    )


def coverage_chart(comparison: Comparison) -> alt.LayerChart:
    """Share of each section assessed (pale bar) and assessed with quotes (solid bar)."""
    ids = comparison.case_ids
    data = comparison.coverage.copy()
    data["part"] = data["section_id"].map({s.id: s.part for s in comparison.framework.sections})
    data["section_label"] = section_labels(data)
    pick = case_legend_selection()
    tooltip = [
        alt.Tooltip("case_id:N", title="Case"),
        alt.Tooltip("section_title:N", title="Section"),
        alt.Tooltip("n_questions:Q", title="Questions"),
        alt.Tooltip("n_assessed:Q", title="Assessed"),
        alt.Tooltip("assessed_share:Q", title="Share assessed", format=".0%"),
        alt.Tooltip("n_evidenced:Q", title="Assessed with quotes"),
        alt.Tooltip("evidenced_share:Q", title="Share evidenced", format=".0%"),
    ]
    base = alt.Chart(data).encode(
        y=_section_axis(data),
        yOffset=alt.YOffset("case_id:N", sort=ids),
        color=case_colour(ids),
        tooltip=tooltip,
    )
    x_scale = alt.Scale(domain=[0, 1])
    assessed = (
        base.mark_bar()
        .encode(
            x=alt.X(
                "assessed_share:Q",
                title="Share of the section's questions",
                scale=x_scale,
                axis=alt.Axis(format="%"),
            ),
            opacity=alt.condition(pick, alt.value(0.35), alt.value(0.08)),
        )
        .add_params(pick)
    )
    evidenced = base.mark_bar(height={"band": 0.5}).encode(
        x=alt.X("evidenced_share:Q", scale=x_scale),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
    )
    overall = data.groupby("case_id", sort=False)[["n_assessed", "n_questions"]].sum()
    least = (overall["n_assessed"] / overall["n_questions"]).idxmin()
    return alt.layer(assessed, evidenced).properties(
        width=420,
        height=band_height(data["section_id"].nunique(), len(ids)),
        title="Coverage: share of each section assessed and evidenced",
        description=(
            f"Bar chart per section for {len(ids)} cases ({listed(ids)}): the pale bar is the "
            "share of the section's questions assessed, the solid bar the share assessed with at "
            f"least one quote. The case with least assessed overall is {least}."
        ),
    )
