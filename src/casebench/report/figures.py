"""Charts in the report: each a figure with its title, its description (the text
alternative) and the data it draws as a table in a ``<details>`` element after it.

Interactive charts are drawn by the Vega bundle the report holds once
(:func:`casebench.display.chart_html`); static ones are inline SVG
(:func:`casebench.display.static_chart_html`). The matrix, divergence, profile, power and
focus charts link each mark to its evidence in the appendix, and so do the numbers of their
data tables (:mod:`casebench.report.chart_data`, the keyboard's way to the same evidence).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from casebench.anchors import EvidenceLinks
from casebench.report import html as h

if TYPE_CHECKING:
    from casebench.comparison import Comparison
    from casebench.report.context import ReportContext

LINKED = frozenset({"matrix", "profiles", "divergence", "power", "focus"})
"""Charts whose marks link to the evidence behind them."""


def chart_spec(
    name: str,
    comparison: Comparison,
    links: EvidenceLinks | None = None,
    *,
    interactive: bool = True,
) -> dict[str, Any]:
    """The Vega-Lite spec of one of :data:`casebench.charts.CHARTS` or
    :data:`~casebench.charts.VIEW_CHARTS` (not re-validated: the chart functions' specs are
    validated by their tests, and validation costs time), with Vega-Embed's action menu
    turned off; ``interactive=False`` for a static report (no selections, no text inviting
    a click)."""
    import altair as alt

    from casebench.charts import CHARTS, VIEW_CHARTS

    options: dict[str, Any] = {"links": links} if links is not None and name in LINKED else {}
    with alt.data_transformers.disable_max_rows():
        if name in VIEW_CHARTS:
            chart = VIEW_CHARTS[name](comparison, **options)
        else:
            chart = CHARTS[name](comparison, interactive=interactive, **options)
        spec = chart.to_dict(validate=False)
    # No action menu: its icon-only button has no accessible name, and the chart is drawn
    # as one image (role="img") that must hold nothing focusable. (Vega-Embed reads these
    # options from the spec, over those of casebench.display.chart_html.)
    spec["usermeta"] = {**spec.get("usermeta", {}), "embedOptions": {"actions": False}}
    return spec


def _caption_text(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("text", "")
    if isinstance(value, list):
        value = " ".join(map(str, value))
    return str(value or "")


def figure_of(
    spec: dict[str, Any],
    *,
    static: bool,
    data_table: Markup | None = None,
    note: str = "",
    name: str = "",
) -> Markup:
    """One chart as a figure: caption (title, description, any note), the chart in a
    sideways-scrolling box, then the data it draws as a table."""
    from casebench.display import chart_html, static_chart_html

    title = _caption_text(spec.get("title")) or "Chart"
    description = _caption_text(spec.get("description"))
    drawn = static_chart_html(spec) if static else chart_html(spec)
    return h.macros().figure(name or title, title, description, note, drawn, data_table)


def chart_figure(name: str, context: ReportContext) -> Markup:
    """The figure of one chart, its marks linked to the evidence appendix, with its data
    table. Every case is drawn: past 20 cases the charts draw distributions over the cases,
    and their tables hold those."""
    from casebench.report.chart_data import DATA

    comparison, links = context.comparison, context.links
    return figure_of(
        chart_spec(name, comparison, links, interactive=not context.static),
        static=context.static,
        data_table=DATA[name](comparison, links),
        name=name,
    )
