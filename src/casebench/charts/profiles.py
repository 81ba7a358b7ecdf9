"""Section profiles (mean rating per section and case) and coverage (share assessed and
evidenced per section and case): one row band per section, every case's mark inside it.

Up to :data:`~casebench.charts._common.MAX_CASE_MARKS` cases each case has a mark per
section (its colour and shape; hollow when the mean rests on too few rated questions, and
in a "none rated" column when the case rated none of the section); past that, each row is
the distribution over the cases."""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    MAX_CASE_MARKS,
    ROW_STEP,
    STROKE,
    case_colour,
    case_fill,
    case_legend_selection,
    case_offset,
    case_shape,
    fill_key,
    gutter_axis,
    link_encoding,
    listed,
    point_size,
    row_axis,
    row_bands,
    row_step,
    section_hrefs,
    section_labels,
)
from casebench.comparison import Comparison
from casebench.comparison.distribution import section_distribution, share_distribution

NONE_RATED = "none rated"
"""The column, left of the scale, of cases that rated no question of a section."""


def _profiles(comparison: Comparison) -> pd.DataFrame:
    data = comparison.profiles[comparison.profiles["level"].eq("section")].copy()
    data["section_label"] = section_labels(data, comparison.framework)
    return data


def _spread_layers(
    data: pd.DataFrame, order: list[str], x: alt.X, counted: str, linked: bool = False
) -> list:
    """Range (line), quartiles (bar), median (tick) per row, and what each row rests on
    (``linked``: the rows' ``href`` column links them to their evidence)."""
    base = alt.Chart(data).encode(
        y=row_axis("section_label", order),
        **({"href": alt.Href("href:N")} if linked else {}),
        tooltip=[
            alt.Tooltip("section_title:N", title="Section"),
            alt.Tooltip("rests_on:N", title="Cases"),
            alt.Tooltip("min:Q", title="Lowest", format=".2f"),
            alt.Tooltip("q1:Q", title="Lower quartile", format=".2f"),
            alt.Tooltip("median:Q", title="Median", format=".2f"),
            alt.Tooltip("q3:Q", title="Upper quartile", format=".2f"),
            alt.Tooltip("max:Q", title="Highest", format=".2f"),
        ],
    )
    step = 2 * ROW_STEP
    return [
        row_bands("section_label", order, step),
        base.mark_rule(color="#555555").encode(x=x, x2="max:Q"),
        base.mark_bar(color="#9ecae1", height=step * 0.5).encode(x="q1:Q", x2="q3:Q"),
        base.mark_tick(color="#08306b", thickness=3, size=step * 0.6).encode(x="median:Q"),
        base.mark_text(align="left", dx=6, fontSize=10, color="#333333").encode(
            x=alt.value(424), text=f"{counted}:N"
        ),
    ]


def _profiles_distribution(
    comparison: Comparison, lo: float, hi: float, title: str, links: EvidenceLinks | None
) -> alt.LayerChart:
    spread = section_distribution(comparison.profiles)
    if links is not None:
        judged = set(comparison.tidy.loc[comparison.tidy["assessed"], "section_id"])
        over = links.over_cases
        spread["href"] = [
            over.href(over.section("", s)) if s in judged else None for s in spread["section_id"]
        ]
    spread["section_label"] = section_labels(spread, comparison.framework)
    spread["rests_on"] = (
        spread["n_rated"].astype(str)
        + " of "
        + spread["n_cases"].astype(str)
        + " cases rated"
        + spread["n_thin"].map(lambda n: f" ({n} thin)" if n else "")
    )
    order = spread["section_label"].tolist()
    x = alt.X("min:Q", scale=alt.Scale(domain=[lo, hi]), title=title)
    return alt.layer(
        *_spread_layers(spread, order, x, "rests_on", linked=links is not None)
    ).properties(width=420, height=len(order) * 2 * ROW_STEP)


def _profiles_per_case(
    comparison: Comparison,
    lo: float,
    hi: float,
    title: str,
    interactive: bool,
    links: EvidenceLinks | None,
) -> alt.VConcatChart:
    ids = comparison.case_ids
    data = _profiles(comparison)
    rated = data["mean_rating"].notna()
    data["filled"] = rated & ~data["thin"]
    data["basis"] = data["thin"].map({True: "thin: few questions rated", False: "enough rated"})
    data["basis"] = data["basis"].where(rated, NONE_RATED)
    gutter = [NONE_RATED] if (~rated).any() else []
    data["x"] = data["mean_rating"].where(rated, lo - 1)
    if links is not None:
        data["href"] = section_hrefs(comparison.tidy, data["case_id"], data["section_id"], links)
    data = data[
        [
            "case_id",
            "section_title",
            "section_label",
            "mean_rating",
            "x",
            "n_rated",
            "n_scale",
            "basis",
            "filled",
            *(["href"] if links is not None else []),
        ]
    ]
    order = data["section_label"].drop_duplicates().tolist()
    x_scale = alt.Scale(domain=[lo - 1.5 if gutter else lo, hi], nice=False)
    step = row_step(len(ids))
    pick = case_legend_selection()
    points = (
        alt.Chart(data)
        .mark_point(size=point_size(len(ids)), strokeWidth=STROKE, opacity=1)
        .encode(
            y=row_axis("section_label", order),
            yOffset=case_offset(ids),
            x=alt.X("x:Q", scale=x_scale, axis=gutter_axis(lo, hi, gutter, title)),
            color=case_colour(ids),
            shape=case_shape(ids),
            fill=case_fill(ids),
            tooltip=[
                alt.Tooltip("case_id:N", title="Case"),
                alt.Tooltip("section_title:N", title="Section"),
                alt.Tooltip("mean_rating:Q", title="Mean rating", format=".2f"),
                alt.Tooltip("n_rated:Q", title="Questions rated"),
                alt.Tooltip("n_scale:Q", title="Scale questions"),
                alt.Tooltip("basis:N", title="Mean rests on"),
            ],
            **link_encoding(links),
        )
    )
    if interactive:
        points = points.encode(
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15))
        ).add_params(pick)
    layers: list[alt.Chart] = [row_bands("section_label", order, step)]
    if gutter:
        layers.append(
            alt.Chart(pd.DataFrame({"x": [lo - 0.5]}))
            .mark_rule(color="#bbbbbb", strokeDash=[2, 2])
            .encode(x=alt.X("x:Q", scale=x_scale))
        )
    layers.append(
        alt.Chart(pd.DataFrame({"mid": [(lo + hi) / 2]}))
        .mark_rule(color="#999999", strokeDash=[3, 3])
        .encode(x=alt.X("mid:Q", scale=x_scale))
    )
    layers.append(points)
    key = fill_key(
        [
            (True, "filled: a mean resting on enough rated questions"),
            (False, "hollow: a thin mean (few questions rated): read with care"),
        ]
        + ([(False, f"hollow, in the column “{NONE_RATED}”: no question rated")] if gutter else [])
    )
    plot = alt.layer(*layers).properties(width=420, height=len(order) * step)
    return alt.vconcat(plot, key)


def section_profiles_chart(
    comparison: Comparison, *, interactive: bool = True, links: EvidenceLinks | None = None
) -> alt.TopLevelMixin:
    """Mean rating per section: a mark per case (filled, or hollow when thin), or past 20
    cases the distribution of the cases' means per section. With ``links``, a click on a
    mark opens the case's evidence on that section (on a distribution, the section's
    evidence summarised over the cases)."""
    ids = comparison.case_ids
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    title = f"Mean rating ({scale.title})"
    data = _profiles(comparison)
    gaps = data.groupby("section_title")["mean_rating"].agg(lambda s: s.max() - s.min())
    widest = (
        f" The widest gap between cases is in {gaps.idxmax()!r} ({gaps.max():.2f} points)."
        if gaps.notna().any()
        else ""
    )
    none = int(data["mean_rating"].isna().sum())
    many = len(ids) > MAX_CASE_MARKS
    missing = (
        f" {none} case-section pairs have no rated question ("
        + ("each row says how many cases rated the section)." if many else "marked, not dropped).")
        if none
        else ""
    )
    cases = f"{len(ids)} cases ({listed(ids)})"
    if many:
        chart = _profiles_distribution(comparison, lo, hi, title + " over the cases", links)
        kind = (
            f"Distribution chart of the cases' mean rating ({lo} to {hi}) per section over "
            f"{cases}: range as a line, quartiles as a bar, median as a tick, and how many "
            "cases rated the section"
        )
    else:
        chart = _profiles_per_case(comparison, lo, hi, title, interactive, links)
        kind = (
            f"Dot chart of the mean rating ({lo} to {hi}) per section for {cases}, one mark "
            "per case in its colour and shape, dodged within the section's row; hollow marks "
            "are thin means"
        )
    return chart.properties(
        title="Section profiles: mean rating per section",
        description=f"{kind}; not-assessed questions are left out of the means." + missing + widest,
    )


def coverage_chart(comparison: Comparison, *, interactive: bool = True) -> alt.TopLevelMixin:
    """Share of each section assessed (pale bar) and assessed with quotes (solid bar), a
    pair of bars per case; past 20 cases, the distribution of the share assessed."""
    ids = comparison.case_ids
    data = comparison.coverage.copy()
    data["part"] = data["section_id"].map({s.id: s.part for s in comparison.framework.sections})
    data["section_label"] = section_labels(data, comparison.framework)
    order = data["section_label"].drop_duplicates().tolist()
    overview = comparison.overview.set_index("case_id")["assessed_share"]
    least = overview.idxmin()
    summary = (
        f" The case with least assessed overall is {least} ({overview[least]:.0%} of the "
        "questions, a restated question counted once)."
    )
    x_scale = alt.Scale(domain=[0, 1])
    if len(ids) > MAX_CASE_MARKS:
        spread = share_distribution(data)
        spread["section_label"] = spread["section_id"].map(
            data.drop_duplicates("section_id").set_index("section_id")["section_label"]
        )
        spread["rests_on"] = spread["n_cases"].astype(str) + " cases"
        x = alt.X("min:Q", scale=x_scale, axis=alt.Axis(format="%"), title="Share assessed")
        chart = alt.layer(*_spread_layers(spread, order, x, "rests_on")).properties(
            width=420, height=len(order) * 2 * ROW_STEP
        )
        kind = "Distribution chart of the share of each section's questions the cases assessed"
    else:
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
            y=row_axis("section_label", order),
            yOffset=alt.YOffset("case_id:N", sort=ids),
            color=case_colour(ids),
            tooltip=tooltip,
        )
        assessed = base.mark_bar().encode(
            x=alt.X(
                "assessed_share:Q",
                title="Share of the section's questions: assessed (pale), with quotes (solid)",
                scale=x_scale,
                axis=alt.Axis(format="%"),
            ),
            opacity=alt.value(0.35),
        )
        evidenced = base.mark_bar(height={"band": 0.5}).encode(
            x=alt.X("evidenced_share:Q", scale=x_scale), opacity=alt.value(1.0)
        )
        if interactive:
            assessed = assessed.encode(
                opacity=alt.condition(pick, alt.value(0.35), alt.value(0.08))
            ).add_params(pick)
            evidenced = evidenced.encode(
                opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15))
            )
        chart = alt.layer(assessed, evidenced).properties(
            width=420, height=len(order) * max(24, len(ids) * 8)
        )
        kind = (
            "Bar chart per section, a pair of bars per case: the pale bar is the share of the "
            "section's questions assessed, the solid bar the share assessed with at least one "
            "quote"
        )
    return chart.properties(
        title="Coverage: share of each section assessed and evidenced",
        description=f"{kind}, for {len(ids)} cases ({listed(ids)}).{summary}",
    )


__all__ = ["NONE_RATED", "coverage_chart", "section_profiles_chart"]
