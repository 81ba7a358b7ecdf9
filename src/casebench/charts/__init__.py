"""Altair charts of a comparison: one function per view, each returning an Altair 6 chart
with a ``title`` and a ``description`` (its text alternative). A case keeps its colour and
shape in every chart (:func:`case_colours`). Every chart takes ``interactive=False`` for
static exports (SVG, PNG, static reports): no selections, and no text inviting a click."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from casebench.charts.divergence import divergence_chart
from casebench.charts.matrix import matrix_heatmap
from casebench.charts.palette import case_colours
from casebench.charts.power import levels_of_change_chart, power_profile_chart
from casebench.charts.profiles import coverage_chart, section_profiles_chart
from casebench.charts.similarity import similarity_heatmap
from casebench.charts.views import focus_chart, group_profiles_chart
from casebench.comparison import Comparison

CHARTS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "matrix": matrix_heatmap,
    "profiles": section_profiles_chart,
    "divergence": divergence_chart,
    "power": power_profile_chart,
    "levels_of_change": levels_of_change_chart,
    "coverage": coverage_chart,
    "similarity": similarity_heatmap,
}
"""Every chart by name, in the order reports and exports show them; each is called as
``chart(comparison, interactive=..., links=...)`` (``links`` is taken by the matrix,
profiles, divergence and power charts: their marks then link to the evidence behind them)."""

VIEW_CHARTS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    "focus": focus_chart,
    "group_profiles": group_profiles_chart,
}
"""Charts of the focus and group views, drawn when the comparison has them; each is called
as ``chart(comparison)`` (the focus chart also takes ``links=``)."""


def all_charts(comparison: Comparison, *, interactive: bool = True) -> dict[str, alt.TopLevelMixin]:
    """Every chart of a comparison, by name: :data:`CHARTS`, then the focus and group
    charts when the comparison was made with ``focus`` or ``by``."""
    charts = {name: build(comparison, interactive=interactive) for name, build in CHARTS.items()}
    if comparison.focus is not None:
        charts["focus"] = focus_chart(comparison)
    if comparison.groups is not None:
        charts["group_profiles"] = group_profiles_chart(comparison)
    return charts


__all__ = [
    "CHARTS",
    "VIEW_CHARTS",
    "all_charts",
    "case_colours",
    "coverage_chart",
    "divergence_chart",
    "focus_chart",
    "group_profiles_chart",
    "levels_of_change_chart",
    "matrix_heatmap",
    "power_profile_chart",
    "section_profiles_chart",
    "similarity_heatmap",
]
