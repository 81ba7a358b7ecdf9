"""Charts in the report: each a figure with its title, its description (the text
alternative) and the data it draws as a table in a ``<details>`` element after it.

Interactive charts are drawn by the Vega bundle the report holds once
(:func:`casebench.display.chart_html`); static ones are inline SVG
(:func:`casebench.display.static_chart_html`). The matrix, divergence, profile and power
charts link each mark to its evidence in the appendix, and so do the numbers of their data
tables (the keyboard's way to the same evidence).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from casebench.anchors import EvidenceLinks
from casebench.report import html as h

if TYPE_CHECKING:
    from casebench.comparison import Comparison
    from casebench.report.context import ReportContext

LINKED = frozenset({"matrix", "profiles", "divergence", "power"})
"""Charts whose marks link to the evidence behind them."""


def chart_spec(
    name: str, comparison: Comparison, links: EvidenceLinks | None = None
) -> dict[str, Any]:
    """The Vega-Lite spec of one of :data:`casebench.charts.CHARTS` (not re-validated: the
    chart functions' specs are validated by their tests, and validation costs time), with
    Vega-Embed's action menu turned off."""
    import altair as alt

    from casebench.charts import CHARTS

    options = {"links": links} if links is not None and name in LINKED else {}
    with alt.data_transformers.disable_max_rows():
        spec = CHARTS[name](comparison, **options).to_dict(validate=False)
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


def _linked(value: Any, href: str | None) -> Any:
    """A table cell linking to evidence (a missing value stays a plain dash)."""
    return value if href is None or h.is_missing(value) else h.link(href, value)


def matrix_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """Rating (or not rated) per question and case: what the heatmap colours, each linked to
    its evidence."""
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
    cells = {
        (q, c): _linked(value, links.href(links.question(c, q)) if assessed else None)
        for q, c, value, assessed in zip(
            tidy["question_id"], tidy["case_id"], shown, tidy["assessed"], strict=True
        )
    }
    order = tidy.drop_duplicates("question_id")["question_id"]
    rows = [(qid, *(cells[(qid, c)] for c in comparison.case_ids)) for qid in order]
    return h.table(rows, ["Question", *comparison.case_ids], "Rating per question and case")


def profiles_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """Mean rating per section and case (linked to the case's evidence on the section), and
    whether it is thin."""
    data = comparison.profiles[comparison.profiles["level"].eq("section")]
    rows = [
        (
            row.section_title,
            row.case_id,
            _linked(row.mean_rating, links.href(links.section(row.case_id, row.section_id))),
            row.n_rated,
            row.n_scale,
            "yes" if row.thin else "no",
        )
        for row in data.itertuples()
    ]
    return h.table(
        rows,
        ["Section", "Case", "Mean rating", "Questions rated", "Scale questions", "Thin"],
        "Mean rating per section and case",
    )


def coverage_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
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


def similarity_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
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


def divergence_data(comparison: Comparison, links: EvidenceLinks, top: int = 15) -> Markup:
    """Each case's rating on the questions the divergence chart draws, linked to its
    evidence."""
    from casebench.charts.divergence import TOP

    shown = comparison.divergence[comparison.divergence["range"].notna()].head(min(top, TOP))
    tidy = comparison.tidy.set_index(["question_id", "case_id"])["rating"]
    rows = [
        (
            row.question_id,
            row.range,
            *(
                _linked(
                    tidy.get((row.question_id, c)),
                    links.href(links.question(c, row.question_id)),
                )
                for c in comparison.case_ids
            ),
        )
        for row in shown.itertuples()
    ]
    return h.table(
        rows, ["Question", "Range", *comparison.case_ids], "Ratings on the most divergent questions"
    )


def power_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """Observations per dimension of power, mode and case, linked to the observations."""
    rows = [
        (
            row.dimension_title,
            row.mode,
            row.case_id,
            _linked(row.count, links.href(links.power(row.case_id, row.dimension_id)))
            if row.count
            else 0,
        )
        for row in comparison.power.itertuples()
    ]
    return h.table(
        rows,
        ["Dimension", "Mode", "Case", "Observations"],
        "Observations per dimension of power, mode and case",
    )


def levels_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
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


def chart_figure(name: str, context: ReportContext) -> Markup:
    """The figure of one chart, its marks linked to the evidence appendix, with its data
    table and any note about cases left out."""
    comparison, links = context.chart_comparison, context.links
    return figure_of(
        chart_spec(name, comparison, links),
        static=context.static,
        data_table=DATA[name](comparison, links),
        note=chart_note(context),
        name=name,
    )
