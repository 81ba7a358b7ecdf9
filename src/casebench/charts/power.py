"""The power profile (domination left, empowerment right, per dimension of power) and the
levels of change (outcomes per level by status, and issues acted on of those raised)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    TOOLTIP_WIDTH,
    band_height,
    case_colour,
    case_legend_selection,
    link_encoding,
    listed,
    truncate,
)
from casebench.comparison import Comparison

STATUS_LABELS = {"achieved": "achieved", "partial": "partial", "not_achieved": "not achieved"}
STATUS_OPACITY = [1.0, 0.55, 0.2]


def power_profile_chart(
    comparison: Comparison, *, links: EvidenceLinks | None = None
) -> alt.LayerChart:
    """Observations per dimension of power and case: domination as bars to the left of
    zero, empowerment to the right; with ``links``, a click on a bar opens the
    observations behind it."""
    ids = comparison.case_ids
    data = comparison.power.copy()
    if links is not None:
        data["href"] = [
            links.href(links.power(case, dimension)) if count else None
            for case, dimension, count in zip(
                data["case_id"], data["dimension_id"], data["count"], strict=True
            )
        ]
    data["signed"] = data["count"].where(data["mode"].eq("empowerment"), -data["count"])
    data["descriptions"] = truncate(data["descriptions"], TOOLTIP_WIDTH)
    order = [d.title for d in comparison.framework.power_dimensions]
    pick = case_legend_selection()
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("dimension_title:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("case_id:N", sort=ids),
            x=alt.X(
                "signed:Q",
                title="← domination · observations · empowerment →",
                axis=alt.Axis(format="d", labelExpr="abs(datum.value)"),
            ),
            color=case_colour(ids),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)),
            tooltip=[
                alt.Tooltip("case_id:N", title="Case"),
                alt.Tooltip("dimension_title:N", title="Dimension"),
                alt.Tooltip("mode:N", title="Mode"),
                alt.Tooltip("count:Q", title="Observations"),
                alt.Tooltip("descriptions:N", title="What was observed"),
            ],
            **link_encoding(links),
        )
        .add_params(pick)
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333333").encode(x="x:Q")
    totals = data.groupby("mode")["count"].sum()
    return alt.layer(bars, zero).properties(
        width=420,
        height=band_height(len(order), len(ids)),
        title="Power profile: domination and empowerment by dimension of power",
        description=(
            f"Diverging bar chart for {len(ids)} cases ({listed(ids)}): for each dimension of "
            "power (Lukes 2005) and power with, bars to the left count observations of "
            "domination and bars to the right observations of empowerment, one bar per case. "
            f"In all, {int(totals.get('domination', 0))} observations of domination and "
            f"{int(totals.get('empowerment', 0))} of empowerment."
        ),
    )


def _issues_panel(comparison: Comparison) -> alt.LayerChart | None:
    ids = comparison.case_ids
    issues = comparison.issues[comparison.issues["raised"].notna()].copy()
    if issues.empty:
        return None
    issues["raised"] = issues["raised"].astype("float64")
    issues["acted_on"] = issues["acted_on"].astype("float64")
    base = alt.Chart(issues).encode(
        y=alt.Y("case_id:N", sort=ids, title=None),
        color=case_colour(ids),
        tooltip=[
            alt.Tooltip("case_id:N", title="Case"),
            alt.Tooltip("label:N", title="Issues acted on"),
            alt.Tooltip("share:N", title="Share acted on"),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    raised = base.mark_bar(opacity=0.3).encode(
        x=alt.X("raised:Q", title="Issues raised (pale) and acted on (solid)")
    )
    acted = base.mark_bar(height={"band": 0.5}).encode(x="acted_on:Q")
    text = base.mark_text(align="left", dx=4, color="black").encode(x="raised:Q", text="label:N")
    return alt.layer(raised, acted, text).properties(
        width=420, height=alt.Step(22), title="Issues raised and acted on"
    )


def levels_of_change_chart(comparison: Comparison) -> alt.VConcatChart:
    """Outcomes per level of change (stacked by status: solid achieved, paler partial,
    palest not achieved) and, below, issues acted on of those raised."""
    ids = comparison.case_ids
    counts = comparison.outcomes.melt(
        id_vars=["level_id", "level_title", "case_id"],
        value_vars=list(STATUS_LABELS),
        var_name="status",
        value_name="count",
    )
    counts["status"] = counts["status"].map(STATUS_LABELS)
    order = [lv.title for lv in comparison.framework.levels_of_change]
    pick = case_legend_selection()
    outcomes = (
        alt.Chart(counts)
        .mark_bar(stroke="#555555", strokeWidth=0.3)
        .encode(
            y=alt.Y("level_title:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            yOffset=alt.YOffset("case_id:N", sort=ids),
            x=alt.X("count:Q", title="Outcomes", stack="zero", axis=alt.Axis(format="d")),
            color=case_colour(ids),
            opacity=alt.Opacity(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=list(STATUS_LABELS.values()), range=STATUS_OPACITY),
            ),
            order=alt.Order("status:N", sort="ascending"),
            tooltip=[
                alt.Tooltip("case_id:N", title="Case"),
                alt.Tooltip("level_title:N", title="Level"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("count:Q", title="Outcomes"),
            ],
        )
        .add_params(pick)
        .transform_filter(pick)
        .properties(
            width=420,
            height=band_height(len(order), len(ids)),
            title="Outcomes per level of change",
        )
    )
    panels: list[alt.TopLevelMixin] = [outcomes]
    issues = _issues_panel(comparison)
    if issues is not None:
        panels.append(issues)
    with_issues = comparison.issues.dropna(subset=["label"]).head(8)
    issue_text = (
        "; ".join(
            f"{cid}: {label}"
            for cid, label in zip(with_issues["case_id"], with_issues["label"], strict=True)
        )
        if not with_issues.empty
        else "no case records issues raised"
    )
    by_level = comparison.outcomes.groupby("level_title", sort=False)["achieved"].sum()
    return alt.vconcat(*panels).properties(
        title="Levels of change",
        description=(
            f"Stacked bar chart of outcomes per level of change for {len(ids)} cases "
            f"({listed(ids)}), by status; achieved outcomes per level: "
            + ", ".join(f"{level} {int(n)}" for level, n in by_level.items())
            + f". Issues acted on of those raised: {issue_text}."
        ),
    )
