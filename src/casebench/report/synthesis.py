"""The synthesis section of the report (and the page ``casebench synthesis --format html``
writes): the mechanism x case matrix and the layered chart, demi-regularities, contrasts,
the programme theory tested, configurations case by case with links to their quotes, and the
RAMESES II checklist.

HTML comes from Jinja2 templates with autoescaping (``template/synthesis``): whatever a user
typed is text. Only the charts and the evidence links, built here from escaped parts, are
passed as :class:`markupsafe.Markup`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    import jinja2
    import pandas as pd

    from casebench.report.context import ReportContext
    from casebench.synthesis import Synthesis

PROVENANCE_TEXT = {
    "stated": "stated by the source",
    "constructed": "constructed by the coder",
    "not recorded": "provenance not recorded",
}
VERDICT_RULES = (
    "A configuration of a statement's mechanism supports it when every context condition of "
    "the statement held and the outcome is the one expected; refutes it when the context held "
    "and the outcome differs; refines it when the outcome followed although a condition did "
    "not hold, or followed only in part (mixed where positive or negative was expected); is "
    "consistent with it when a condition did not hold and the outcome differs; and leaves it "
    "untested when it does not code the outcome the statement expects."
)


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    folder = resources.files("casebench.report") / "template" / "synthesis"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )


def evidence_id(ref: str) -> str:
    """The element id of a quote (``case/cmo/N`` -> ``ev-case--cmo--N``: ids hold no ``-``,
    so two references never share an element id)."""
    return "ev-" + ref.replace("/", "--")


def _links(refs: Iterable[str], known: set[str]) -> Markup:
    """Links to the quotes (those listed in the page), else the references as text."""
    parts = [
        Markup('<a href="#{}">{}</a>').format(evidence_id(r), r) if r in known else escape(r)
        for r in refs
    ]
    return Markup(", ").join(parts) if parts else Markup("—")


def _joined(values: Iterable[str]) -> str:
    return ", ".join(values) or "—"


@dataclass(frozen=True)
class _Figure:
    anchor: str
    title: str
    description: str
    drawn: Markup
    table_caption: str
    columns: list[str]
    rows: list[tuple[Any, ...]]


def _drawn(spec: dict[str, Any], static: bool) -> Markup:
    from casebench.display import chart_html
    from casebench.report.figures import static_svg

    if static:
        label = spec.get("description") or spec.get("title") or "chart"
        return (
            Markup('<div class="casebench-chart cb-static" role="img" aria-label="{}">').format(
                label
            )
            + Markup(static_svg(spec))
            + Markup("</div>")
        )
    return Markup(chart_html(spec))


def _spec(chart: Any) -> dict[str, Any]:
    import altair as alt

    with alt.data_transformers.disable_max_rows():
        spec = chart.to_dict(validate=False)
    spec["usermeta"] = {**spec.get("usermeta", {}), "embedOptions": {"actions": False}}
    return spec


def _figures(synthesis: Synthesis, static: bool, anchor: str) -> list[_Figure]:
    from casebench.charts.synthesis import (
        cmo_layers_chart,
        layers_data,
        matrix_data,
        mechanism_case_matrix,
    )

    figures = []
    matrix = matrix_data(synthesis)
    _, links = layers_data(synthesis)
    for name, chart, caption, columns, rows in (
        (
            "mechanism-case",
            mechanism_case_matrix(synthesis),
            "Outcome direction per mechanism and case",
            ["Mechanism", "Case", "Outcome direction", "Configurations", "Provenance"],
            matrix[["mechanism_code", "case_id", "direction", "refs", "provenance"]].itertuples(
                index=False, name=None
            ),
        ),
        (
            "cmo-layers",
            cmo_layers_chart(synthesis),
            "Links from context conditions to mechanisms and from mechanisms to outcomes",
            ["From", "To", "Cases", "Which"],
            links[["source", "target", "n_cases", "cases"]].itertuples(index=False, name=None),
        ),
    ):
        spec = _spec(chart)
        figures.append(
            _Figure(
                anchor=f"{anchor}-{name}",
                title=str(spec.get("title", name)),
                description=str(spec.get("description", "")),
                drawn=_drawn(spec, static),
                table_caption=caption,
                columns=columns,
                rows=list(rows),
            )
        )
    return figures


def _coded_conditions(conditions: pd.DataFrame) -> dict[str, str]:
    """Per configuration reference, its conditions as ``tag (absent): text; ...``."""
    out: dict[str, list[str]] = {}
    for c in conditions.itertuples():
        said = f"{c.tag}{'' if c.present else ' (absent)'}{': ' + c.text if c.text else ''}"
        out.setdefault(c.ref, []).append(said)
    return {ref: "; ".join(items) for ref, items in out.items()}


def _context(row: Any, coded: dict[str, str]) -> str:
    return f"{row.context} [{coded[row.ref]}]" if row.ref in coded else str(row.context)


def _outcome(row: Any) -> str:
    coded = ", ".join(
        str(v)
        for v in (row.outcome_direction, row.outcome_code, row.outcome_level)
        if isinstance(v, str)
    )
    return f"{row.outcome} [{coded}]" if coded else str(row.outcome)


def _provenance(row: Any) -> str:
    text = PROVENANCE_TEXT.get(row.provenance, row.provenance)
    return f"{text}: {row.derived_from}" if row.derived_from else text


def _mechanism(row: Any) -> str:
    parts = [f"{row.mechanism_code}: {row.mechanism}"]
    if row.resource:
        parts.append(f"Resource: {row.resource}")
    if row.reasoning:
        parts.append(f"Reasoning: {row.reasoning}")
    return " ".join(parts)


def render_section(
    synthesis: Synthesis,
    *,
    static: bool = False,
    title: str = "",
    anchor: str = "synthesis",
    heading: str = "Realist synthesis: what works, for whom, in what circumstances",
    level: int = 2,
    detailed: bool = True,
    chart_synthesis: Synthesis | None = None,
) -> str:
    """The synthesis as one HTML ``<section>`` (headings from ``level``). ``detailed``
    lists every configuration and quote; the charts draw ``chart_synthesis`` (default: the
    same), e.g. the first cases of a long list."""
    from casebench.synthesis.rameses import STATUS_TEXT, checklist, citation
    from casebench.synthesis_exports import summary_sentence

    conf = synthesis.configurations
    coded = _coded_conditions(synthesis.conditions)
    known = set(synthesis.evidence["evidence_ref"]) if detailed else set()
    constructed = int((conf["provenance"] == "constructed").sum())
    stated = int((conf["provenance"] == "stated").sum())
    provenance = (
        f"Of {len(conf)} configurations, {stated} are stated by their source and "
        f"{constructed} constructed by the coder from it; "
        f"{len(conf) - stated - constructed} do not record their provenance. Each row below "
        "says which, and links to the quotes behind it."
    )
    values = dict(
        anchor=anchor,
        level=level,
        heading=heading,
        n_cases=len(synthesis.cases),
        summary=summary_sentence(synthesis),
        rules=synthesis.rules.describe(),
        provenance=provenance,
        figures=_figures(chart_synthesis or synthesis, static, anchor),
        demi_rows=[
            (
                r.id,
                r.mechanism_code,
                r.outcome_label,
                _joined(r.shared_conditions),
                _joined(r.cases),
                _joined(r.exceptions),
                _links(r.evidence_refs, known),
            )
            for r in synthesis.demi_regularities.itertuples()
        ],
        contrast_rows=[
            (
                c.id,
                c.mechanism_code,
                c.outcome_a,
                _joined(c.cases_a),
                c.outcome_b,
                _joined(c.cases_b),
                _joined(f"{t} (recorded absent)" if t in c.absent_in_b else t for t in c.only_a),
                _joined(f"{t} (recorded absent)" if t in c.absent_in_a else t for t in c.only_b),
                _links(c.evidence_refs, known),
            )
            for c in synthesis.contrasts.itertuples()
        ],
        theory=synthesis.theory,
        verdict_rules=VERDICT_RULES,
        statement_rows=[
            (
                s.statement_id,
                s.statement,
                s.verdict,
                _joined(s.cases_supports),
                _joined(s.cases_refutes),
                _joined(s.cases_refines),
            )
            for s in synthesis.statements.itertuples()
        ],
        verdict_rows=[
            (
                v.statement_id,
                v.ref,
                v.verdict,
                v.reason,
                PROVENANCE_TEXT.get(v.provenance, v.provenance),
                _links(v.evidence_refs, known),
            )
            for v in synthesis.verdicts.itertuples()
        ],
        mechanism_rows=[
            (
                m.mechanism_code,
                m.n_cases,
                _joined(m.cases),
                _joined(m.outcomes),
                _joined(m.context_tags),
            )
            for m in synthesis.mechanisms.itertuples()
        ],
        detailed=detailed,
        configuration_rows=[
            (
                r.ref,
                r.mechanism_code,
                _mechanism(r),
                _context(r, coded),
                _outcome(r),
                _provenance(r),
                r.confidence if isinstance(r.confidence, str) else "—",
                _links(r.evidence_refs, known),
            )
            for r in conf.sort_values("mechanism_code", kind="stable").itertuples()
        ],
        quotes=[
            {
                "id": evidence_id(e.evidence_ref),
                "ref": e.evidence_ref,
                "quote": e.quote,
                "attribution": e.attribution,
                "location": e.location,
            }
            for e in synthesis.evidence.itertuples()
        ],
        rameses_citation=citation(),
        rameses_rows=[
            (i.number, i.section, i.title, STATUS_TEXT[i.status], i.where)
            for i in checklist(synthesis, title)
        ],
    )
    return _environment().get_template("section.html.j2").render(**values)


def section(context: ReportContext) -> str:
    """The report's synthesis section, for the cases of ``context`` (anchor ``cmo``)."""
    from casebench.report.sections import TITLES
    from casebench.synthesis import synthesise

    synthesis = synthesise(context.cases, framework=context.framework)
    charted = context.chart_comparison.cases
    chart_synthesis = (
        synthesis
        if len(charted) == len(context.cases)
        else synthesise(charted, framework=context.framework)
    )
    return render_section(
        synthesis,
        static=context.static,
        title=context.title,
        anchor="cmo",
        heading=TITLES["cmo"],
        detailed=context.detailed,
        chart_synthesis=chart_synthesis,
    )


def page(
    synthesis: Synthesis, *, title: str = "", static: bool = False, generated: str = ""
) -> str:
    """A self-contained HTML page of the synthesis (opens offline: the charts' Vega bundle
    and the stylesheet are inside it)."""
    from casebench.display import vega_bundle_html
    from casebench.report.context import now_iso

    css = (
        resources.files("casebench.report")
        / "template"
        / "casebench_report"
        / "static"
        / "report.css"
    ).read_text(encoding="utf-8")
    title = title or f"Realist synthesis of {len(synthesis.cases)} case(s)"
    return (
        _environment()
        .get_template("page.html.j2")
        .render(
            title=title,
            css=Markup(css),
            bundle=Markup("" if static else vega_bundle_html()),
            generated=f"Generated {generated or now_iso()} by casebench from "
            f"{len(synthesis.cases)} case file(s): {_joined(synthesis.case_ids)}.",
            section=Markup(render_section(synthesis, static=static, title=title)),
        )
        + "\n"
    )


__all__ = ["evidence_id", "page", "render_section", "section"]
