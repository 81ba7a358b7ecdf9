"""Altair charts of a comparison: one function per view, each returning an Altair 6 chart
with a ``title`` and a ``description`` (its text alternative). A case keeps its colour in
every chart (:func:`case_colours`)."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt

from casebench.charts.divergence import divergence_chart
from casebench.charts.matrix import matrix_heatmap
from casebench.charts.palette import case_colours
from casebench.charts.power import levels_of_change_chart, power_profile_chart
from casebench.charts.profiles import coverage_chart, section_profiles_chart
from casebench.charts.similarity import similarity_heatmap
from casebench.comparison import Comparison

CHARTS: dict[str, Callable[[Comparison], alt.TopLevelMixin]] = {
    "matrix": matrix_heatmap,
    "profiles": section_profiles_chart,
    "divergence": divergence_chart,
    "power": power_profile_chart,
    "levels_of_change": levels_of_change_chart,
    "coverage": coverage_chart,
    "similarity": similarity_heatmap,
}
"""Every chart by name, in the order reports and exports show them."""


def all_charts(comparison: Comparison) -> dict[str, alt.TopLevelMixin]:
    """Every chart of a comparison, by name."""
    return {name: build(comparison) for name, build in CHARTS.items()}


__all__ = [
    "CHARTS",
    "all_charts",
    "case_colours",
    "coverage_chart",
    "divergence_chart",
    "levels_of_change_chart",
    "matrix_heatmap",
    "power_profile_chart",
    "section_profiles_chart",
    "similarity_heatmap",
]
