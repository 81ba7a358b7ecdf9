"""The power profile (domination left, empowerment right, per dimension of power) and the
levels of change (outcomes per level, one panel per status, and issues acted on of those
raised). Up to :data:`~casebench.charts._common.MAX_CASE_MARKS` cases each case has its own
bar in every row; past that, the bars count over all cases, with how many cases they
come from."""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    MAX_CASE_MARKS,
    TOOLTIP_WIDTH,
    case_colour,
    case_legend_selection,
    link_encoding,
    listed,
    row_axis,
    truncate,
)
from casebench.comparison import Comparison
from casebench.comparison.change import STATUSES

STATUS_LABELS = {"achieved": "achieved", "partial": "partial", "not_achieved": "not achieved"}
"""Outcome statuses as the panels of the levels-of-change chart name them."""


def _row_height(n_cases: int) -> int:
    """Pixels per row band holding a bar per case (or one bar, past 20 cases)."""
    return max(24, 8 * n_cases) if n_cases <= MAX_CASE_MARKS else 24


def power_profile_chart(
    comparison: Comparison, *, interactive: bool = True, links: EvidenceLinks | None = None
) -> alt.LayerChart:
    """Observations per dimension of power: domination as bars to the left of zero,
    empowerment to the right; a bar per case, or past 20 cases one bar for all of them.
    With ``links``, a click on a bar opens the observations behind it (one case's, or for
    all cases the observations summarised per dimension)."""
    ids = comparison.case_ids
    many = len(ids) > MAX_CASE_MARKS
    order = [d.title for d in comparison.framework.power_dimensions]
    axis = alt.X(
        "signed:Q",
        title="← domination · observations · empowerment →",
        axis=alt.Axis(format="d", labelExpr="abs(datum.value)"),
    )
    if many:
        data = (
            comparison.power.assign(any=comparison.power["count"].gt(0))
            .groupby(["dimension_id", "dimension_title", "mode"], sort=False)
            .agg(count=("count", "sum"), cases=("any", "sum"))
            .reset_index()
        )
        data["cases_text"] = data["cases"].astype(str) + f" of {len(ids)} cases"
        if links is not None:
            over = links.over_cases
            data["href"] = [
                over.href(over.power("", dimension)) if count else None
                for dimension, count in zip(data["dimension_id"], data["count"], strict=True)
            ]
        data["signed"] = data["count"].where(data["mode"].eq("empowerment"), -data["count"])
        bars = (
            alt.Chart(data)
            .mark_bar(color="#4c78a8")
            .encode(
                y=row_axis("dimension_title", order),
                yOffset=alt.YOffset("mode:N", sort=["domination", "empowerment"]),
                x=axis,
                tooltip=[
                    alt.Tooltip("dimension_title:N", title="Dimension"),
                    alt.Tooltip("mode:N", title="Mode"),
                    alt.Tooltip("count:Q", title="Observations"),
                    alt.Tooltip("cases_text:N", title="Cases with any"),
                ],
                **link_encoding(links),
            )
        )
        kind = (
            f"Diverging bar chart over all {len(ids)} cases ({listed(ids)}): for each "
            "dimension of power (Lukes 2005) and power with, the bar to the left counts "
            "observations of domination and the bar to the right of empowerment"
        )
    else:
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
        pick = case_legend_selection()
        bars = (
            alt.Chart(data)
            .mark_bar()
            .encode(
                y=row_axis("dimension_title", order),
                yOffset=alt.YOffset("case_id:N", sort=ids),
                x=axis,
                color=case_colour(ids),
                tooltip=[
                    alt.Tooltip("case_id:N", title="Case"),
                    alt.Tooltip("dimension_title:N", title="Dimension"),
                    alt.Tooltip("mode:N", title="Mode"),
                    alt.Tooltip("count:Q", title="Observations"),
                    alt.Tooltip("descriptions:N", title="What was observed"),
                ],
                **link_encoding(links),
            )
        )
        if interactive:
            bars = bars.encode(
                opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15))
            ).add_params(pick)
        kind = (
            f"Diverging bar chart for {len(ids)} cases ({listed(ids)}): for each dimension of "
            "power (Lukes 2005) and power with, bars to the left count observations of "
            "domination and bars to the right observations of empowerment, one bar per case"
        )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333333").encode(x="x:Q")
    totals = comparison.power.groupby("mode")["count"].sum()
    return alt.layer(bars, zero).properties(
        width=420,
        height=len(order) * _row_height(len(ids)),
        title="Power profile: domination and empowerment by dimension of power",
        description=(
            f"{kind}. In all, {int(totals.get('domination', 0))} observations of domination "
            f"and {int(totals.get('empowerment', 0))} of empowerment."
        ),
    )


def _outcome_counts(comparison: Comparison, many: bool) -> pd.DataFrame:
    counts = comparison.outcomes.melt(
        id_vars=["level_id", "level_title", "case_id"],
        value_vars=list(STATUSES),
        var_name="status",
        value_name="count",
    )
    counts["status"] = counts["status"].map(STATUS_LABELS)
    if not many:
        return counts
    out = (
        counts.assign(any=counts["count"].gt(0))
        .groupby(["level_id", "level_title", "status"], sort=False)
        .agg(count=("count", "sum"), cases=("any", "sum"))
        .reset_index()
    )
    out["cases_text"] = out["cases"].astype(str) + f" of {len(comparison.cases)} cases"
    return out


def _issues_panel(comparison: Comparison, many: bool) -> alt.LayerChart | None:
    ids = comparison.case_ids
    issues = comparison.issues[comparison.issues["raised"].notna()].copy()
    if issues.empty:
        return None
    issues["raised"] = issues["raised"].astype("float64")
    issues["acted_on"] = issues["acted_on"].astype("float64")
    if many:
        shares = issues.dropna(subset=["ratio"])
        if shares.empty:
            return None
        bounds = int(shares["ratio_bound"].ne("exactly").sum())
        summary = pd.DataFrame(
            {
                "row": ["share acted on"],
                "min": [shares["ratio"].min()],
                "q1": [shares["ratio"].quantile(0.25)],
                "median": [shares["ratio"].median()],
                "q3": [shares["ratio"].quantile(0.75)],
                "max": [shares["ratio"].max()],
                "text": [
                    f"{len(shares)} of {len(ids)} cases record both counts"
                    + (f" ({bounds} of the shares are bounds)" if bounds else "")
                ],
            }
        )
        base = alt.Chart(summary).encode(y=alt.Y("row:N", title=None))
        x = alt.X(
            "min:Q",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
            title="Share of the issues raised that were acted on, over the cases",
        )
        return alt.layer(
            base.mark_rule(color="#555555").encode(x=x, x2="max:Q"),
            base.mark_bar(color="#9ecae1", height=12).encode(x="q1:Q", x2="q3:Q"),
            base.mark_tick(color="#08306b", thickness=3).encode(x="median:Q"),
            base.mark_text(align="left", dx=6, fontSize=10).encode(x=alt.value(424), text="text:N"),
        ).properties(width=420, height=alt.Step(28), title="Issues raised and acted on")
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


def levels_of_change_chart(comparison: Comparison, *, interactive: bool = True) -> alt.VConcatChart:
    """Outcomes per level of change in one panel per status (achieved, partial, not
    achieved: told apart by position, so also in greyscale), a bar per case (or, past 20
    cases, one bar for all); below, issues acted on of those raised."""
    ids = comparison.case_ids
    many = len(ids) > MAX_CASE_MARKS
    counts = _outcome_counts(comparison, many)
    order = [lv.title for lv in comparison.framework.levels_of_change]
    maximum = max(1, int(counts["count"].max()) if len(counts) else 1)
    pick = case_legend_selection()
    panels = []
    for i, status in enumerate(STATUS_LABELS.values()):
        data = counts[counts["status"].eq(status)]
        y = row_axis("level_title", order)
        if i:
            y.axis = alt.Axis(labels=False, ticks=False, title=None)
        encoding: dict[str, object] = {
            "y": y,
            "x": alt.X(
                "count:Q",
                title="Outcomes",
                scale=alt.Scale(domain=[0, maximum]),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
        }
        if many:
            panel = (
                alt.Chart(data)
                .mark_bar(color="#4c78a8")
                .encode(
                    **encoding,
                    tooltip=[
                        alt.Tooltip("level_title:N", title="Level"),
                        alt.Tooltip("status:N", title="Status"),
                        alt.Tooltip("count:Q", title="Outcomes"),
                        alt.Tooltip("cases_text:N", title="Cases with any"),
                    ],
                )
            )
        else:
            panel = (
                alt.Chart(data)
                .mark_bar()
                .encode(
                    **encoding,
                    yOffset=alt.YOffset("case_id:N", sort=ids),
                    color=case_colour(ids),
                    tooltip=[
                        alt.Tooltip("case_id:N", title="Case"),
                        alt.Tooltip("level_title:N", title="Level"),
                        alt.Tooltip("status:N", title="Status"),
                        alt.Tooltip("count:Q", title="Outcomes"),
                    ],
                )
            )
            if interactive:
                panel = panel.encode(opacity=alt.condition(pick, alt.value(1.0), alt.value(0.15)))
                if i == 0:
                    panel = panel.add_params(pick)
        panels.append(
            panel.properties(
                width=150, height=len(order) * _row_height(len(ids)), title=status.capitalize()
            )
        )
    outcomes = alt.hconcat(*panels, spacing=8).properties(title="Outcomes per level of change")
    parts: list[alt.TopLevelMixin] = [outcomes]
    issues = _issues_panel(comparison, many)
    if issues is not None:
        parts.append(issues)
    with_issues = comparison.issues.dropna(subset=["label"]).head(8)
    issue_text = (
        "; ".join(
            f"{cid}: {label}"
            for cid, label in zip(with_issues["case_id"], with_issues["label"], strict=True)
        )
        if not with_issues.empty
        else "no case records issues raised"
    )
    by_level = comparison.outcomes.groupby("level_title", sort=False)[list(STATUSES)].sum()
    return alt.vconcat(*parts).properties(
        title="Levels of change",
        description=(
            f"Bar charts of outcomes per level of change for {len(ids)} cases "
            f"({listed(ids)}), in three panels: achieved, partial and not achieved"
            + (" (bars count over all cases)" if many else ", one bar per case")
            + ". Outcomes per level (achieved / partial / not achieved): "
            + ", ".join(
                f"{level} {int(r.achieved)}/{int(r.partial)}/{int(r.not_achieved)}"
                for level, r in by_level.iterrows()
            )
            + f". Issues acted on of those raised: {issue_text}."
        ),
    )


__all__ = ["STATUS_LABELS", "levels_of_change_chart", "power_profile_chart"]
