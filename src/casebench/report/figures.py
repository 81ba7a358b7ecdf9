"""Charts in the report: each a figure with its title, its description (the text
alternative) and the data it draws as a table in a ``<details>`` element after it.

Interactive charts are drawn by the Vega bundle the report holds once
(:func:`casebench.display.chart_html`); static ones are SVG rendered here by vl-convert.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any

from casebench.report import html as h

if TYPE_CHECKING:
    from casebench.comparison import Comparison
    from casebench.report.context import ReportContext

_svg_ids = itertools.count()


def chart_spec(name: str, comparison: Comparison) -> dict[str, Any]:
    """The Vega-Lite spec of one of :data:`casebench.charts.CHARTS` (not re-validated: the
    chart functions' specs are validated by their tests, and validation costs time), with
    Vega-Embed's action menu turned off."""
    import altair as alt

    from casebench.charts import CHARTS

    with alt.data_transformers.disable_max_rows():
        spec = CHARTS[name](comparison).to_dict(validate=False)
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


def static_svg(spec: dict[str, Any]) -> str:
    """SVG markup of a spec, its ids made unique in the page (several charts share one)."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(spec)
    prefix = f"cb{next(_svg_ids)}-"
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)


def figure(name: str, context: ReportContext, data_table: str, note: str = "") -> str:
    """One chart as a figure: caption (title, description, any note), the chart in a
    sideways-scrolling box, then the data it draws as a table."""
    from casebench.display import chart_html

    spec = chart_spec(name, context.chart_comparison)
    title = _caption_text(spec.get("title")) or name
    description = _caption_text(spec.get("description"))
    if context.static:
        drawn = (
            f'<div class="casebench-chart cb-static" role="img" '
            f'aria-label="{h.attr(description or title)}">{static_svg(spec)}</div>'
        )
    else:
        drawn = chart_html(spec)
    extra = f'<p class="cb-note">{h.text(note)}</p>' if note else ""
    return (
        f'<figure class="cb-figure" id="figure-{h.slug(name)}">'
        f"<figcaption><strong>{h.text(title)}</strong><p>{h.text(description)}</p>{extra}"
        f"</figcaption>{h.scroll(drawn, 'Chart: ' + title)}"
        f"<details><summary>Data of this chart as a table</summary>{data_table}</details>"
        "</figure>"
    )


def chart_note(context: ReportContext) -> str:
    """Says when charts draw only the first cases."""
    shown, total = len(context.chart_comparison.cases), len(context.cases)
    if shown == total:
        return ""
    return (
        f"This chart draws the first {shown} of {total} cases (in comparison order); the "
        "tables of the report cover every case."
    )


# ----------------------------------------------------------------- data of each chart


def matrix_data(comparison: Comparison) -> str:
    """Rating (or not rated) per question and case: what the heatmap colours."""
    tidy = comparison.tidy
    shown = (
        tidy["rating"]
        .astype("object")
        .where(
            tidy["rating"].notna(),
            tidy["status"]
            .map({"assessed": "answered, no rating", "absent": "absent (not a rating)"})
            .fillna("not assessed"),
        )
    )
    pivot = tidy.assign(shown=shown).pivot(index="question_id", columns="case_id", values="shown")
    order = tidy.drop_duplicates("question_id")["question_id"]
    rows = [(qid, *pivot.loc[qid, comparison.case_ids]) for qid in order]
    return h.table(rows, ["Question", *comparison.case_ids], "Rating per question and case")


def profiles_data(comparison: Comparison) -> str:
    """Mean rating per section and case, and whether it is thin."""
    data = comparison.profiles[comparison.profiles["level"].eq("section")]
    return h.frame_table(
        data.assign(thin=data["thin"].map({True: "yes", False: "no"})),
        {
            "section_title": "Section",
            "case_id": "Case",
            "mean_rating": "Mean rating",
            "n_rated": "Questions rated",
            "n_scale": "Scale questions",
            "thin": "Thin",
        },
        "Mean rating per section and case",
    )


def coverage_data(comparison: Comparison) -> str:
    """Share of each section assessed, and assessed with quotes, per case."""
    data = comparison.coverage.assign(
        assessed=lambda f: (f["assessed_share"] * 100).round().astype(int).astype(str) + "%",
        evidenced=lambda f: (f["evidenced_share"] * 100).round().astype(int).astype(str) + "%",
    )
    return h.frame_table(
        data,
        {
            "section_title": "Section",
            "case_id": "Case",
            "n_questions": "Questions",
            "assessed": "Assessed",
            "evidenced": "Assessed with quotes",
        },
        "Share of each section assessed and evidenced",
    )


def similarity_data(comparison: Comparison) -> str:
    """Similarity and distance per pair of cases."""
    return h.frame_table(
        comparison.similarity,
        {
            "case_a": "Case",
            "case_b": "Other case",
            "similarity": "Similarity",
            "distance": "Distance",
            "n_shared": "Questions both rated",
        },
        "Similarity per pair of cases",
    )


def divergence_data(comparison: Comparison, top: int = 15) -> str:
    """Each case's rating on the questions the divergence chart draws."""
    from casebench.charts.divergence import TOP

    shown = comparison.divergence[comparison.divergence["range"].notna()].head(min(top, TOP))
    tidy = comparison.tidy.set_index(["question_id", "case_id"])["rating"]
    rows = [
        (row.question_id, row.range, *(tidy.get((row.question_id, c)) for c in comparison.case_ids))
        for row in shown.itertuples()
    ]
    return h.table(
        rows, ["Question", "Range", *comparison.case_ids], "Ratings on the most divergent questions"
    )


def power_data(comparison: Comparison) -> str:
    """Observations per dimension of power, mode and case."""
    return h.frame_table(
        comparison.power,
        {
            "dimension_title": "Dimension",
            "mode": "Mode",
            "case_id": "Case",
            "count": "Observations",
        },
        "Observations per dimension of power, mode and case",
    )


def levels_data(comparison: Comparison) -> str:
    """Outcomes per level and case by status, then issues raised and acted on."""
    outcomes = h.frame_table(
        comparison.outcomes,
        {
            "level_title": "Level",
            "case_id": "Case",
            "achieved": "Achieved",
            "partial": "Partial",
            "not_achieved": "Not achieved",
        },
        "Outcomes per level and case",
    )
    issues = h.frame_table(
        comparison.issues,
        {
            "case_id": "Case",
            "raised": "Issues raised",
            "acted_on": "Acted on",
            "label": "As stated",
            "share": "Share acted on",
        },
        "Issues raised and acted on",
    )
    return outcomes + issues


DATA = {
    "matrix": matrix_data,
    "profiles": profiles_data,
    "coverage": coverage_data,
    "similarity": similarity_data,
    "divergence": divergence_data,
    "power": power_data,
    "levels_of_change": levels_data,
}
"""The table behind each chart, by the chart's name in :data:`casebench.charts.CHARTS`."""


def chart_figure(name: str, context: ReportContext) -> str:
    """The figure of one chart with its data table and any note about cases left out."""
    return figure(name, context, DATA[name](context.chart_comparison), chart_note(context))
