"""The report's realist synthesis section (``report.synthesis``), and the page ``casebench
synthesis --format html`` writes: the mechanism x case matrix and the layered chart,
demi-regularities, contrasts, the programme theory tested, mechanisms and configurations case
by case, and the RAMESES II checklist.

Every row names its configurations and links to their evidence: the blocks of the evidence
appendix (:mod:`casebench.report.evidence_appendix`), which the page carries too. HTML comes
from the autoescaping templates of ``template/parts`` (``synthesis.html.j2``): whatever a user
typed is text.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from casebench.anchors import EvidenceLinks
from casebench.report import html as h
from casebench.report.evidence_appendix import NO_PROVENANCE, PROVENANCE_TEXT
from casebench.report.figures import figure_of
from casebench.report.sections import TITLES

if TYPE_CHECKING:
    import pandas as pd

    from casebench.report.context import ReportContext
    from casebench.synthesis import Synthesis

_parts = partial(h.module, "synthesis.html.j2")
"""The macros of ``synthesis.html.j2``."""

ANCHOR = "cmo"
"""The section's anchor: where the context-mechanism-outcome section has always been."""

STATIC = Path(__file__).with_name("template") / "casebench_report" / "static"
"""The report's stylesheet and script, which the standalone page holds too."""

VERDICT_RULES = (
    "A configuration of a statement's mechanism supports it when every context condition of "
    "the statement held and the outcome is the one expected; refutes it when the context held "
    "and the outcome differs; refines it when the outcome followed although a condition did "
    "not hold, or followed only in part (mixed where positive or negative was expected); is "
    "consistent with it when a condition did not hold and the outcome differs; and leaves it "
    "untested when it does not code the outcome the statement expects."
)


def _joined(values: Iterable[str]) -> str:
    return ", ".join(values) or h.MISSING


def _whose(provenance: str) -> str:
    return PROVENANCE_TEXT.get(provenance, NO_PROVENANCE)


def _evidence(refs: Iterable[str], mechanism: str, links: EvidenceLinks) -> Markup | str:
    """Links to the evidence of configurations (``case/cmo``) of one mechanism: each one's
    block, or (summarised) the mechanism's block once."""
    pairs: dict[str, str] = {}
    for ref in refs:
        case_id, cmo_id = ref.split("/", 1)
        anchor = links.configuration(case_id, cmo_id, mechanism)
        pairs.setdefault(anchor, ref if links.per_case else f"all of {mechanism}")
    if not pairs:
        return h.MISSING
    return _parts().links([(links.href(a), text) for a, text in pairs.items()])


def _spec(chart: Any) -> dict[str, Any]:
    """The chart's Vega-Lite spec (not re-validated: the chart functions' tests validate
    them), with Vega-Embed's action menu turned off, as the report's other charts."""
    import altair as alt

    with alt.data_transformers.disable_max_rows():
        spec = chart.to_dict(validate=False)
    spec["usermeta"] = {**spec.get("usermeta", {}), "embedOptions": {"actions": False}}
    return spec


def chart_specs(synthesis: Synthesis, links: EvidenceLinks) -> dict[str, dict[str, Any]]:
    """The specs of the section's two charts, by figure name."""
    from casebench.charts.synthesis import cmo_layers_chart, mechanism_case_matrix

    return {
        "mechanism-case": _spec(mechanism_case_matrix(synthesis, links=links)),
        "cmo-layers": _spec(cmo_layers_chart(synthesis)),
    }


def _figures(synthesis: Synthesis, links: EvidenceLinks, static: bool) -> list[Markup]:
    from casebench.charts.synthesis import layers_data, matrix_data

    matrix = matrix_data(synthesis)
    _, layers = layers_data(synthesis)
    tables = {
        "mechanism-case": h.table(
            [
                (
                    row.mechanism_code,
                    row.case_id,
                    row.direction,
                    _evidence(row.refs.split(", "), row.mechanism_code, links),
                    row.provenance,
                )
                for row in matrix.itertuples()
            ],
            ["Mechanism", "Case", "Outcome direction", "Configurations", "Provenance"],
            "Outcome direction per mechanism and case",
        ),
        "cmo-layers": h.frame_table(
            layers,
            {"source": "From", "target": "To", "n_cases": "Cases", "cases": "Which"},
            "Links from context conditions to mechanisms and from mechanisms to outcomes",
        ),
    }
    return [
        figure_of(spec, static=static, data_table=tables[name], name=f"cmo-{name}")
        for name, spec in chart_specs(synthesis, links).items()
    ]


def _coded_conditions(conditions: pd.DataFrame) -> dict[str, str]:
    """Per configuration reference, its conditions as ``tag (absent): text; ...``."""
    out: dict[str, list[str]] = {}
    for c in conditions.itertuples():
        said = f"{c.tag}{'' if c.present else ' (absent)'}{': ' + c.text if c.text else ''}"
        out.setdefault(c.ref, []).append(said)
    return {ref: "; ".join(items) for ref, items in out.items()}


def _outcome(row: Any) -> str:
    coded = ", ".join(
        str(v)
        for v in (row.outcome_direction, row.outcome_code, row.outcome_level)
        if isinstance(v, str)
    )
    return f"{row.outcome} [{coded}]" if coded else str(row.outcome)


def _mechanism(row: Any) -> str:
    parts = [f"{row.mechanism_code}: {row.mechanism}"]
    if row.resource:
        parts.append(f"Resource: {row.resource}")
    if row.reasoning:
        parts.append(f"Reasoning: {row.reasoning}")
    return " ".join(parts)


def _provenance_sentence(conf: pd.DataFrame) -> str:
    stated = int((conf["provenance"] == "stated").sum())
    constructed = int((conf["provenance"] == "constructed").sum())
    return (
        f"Of {len(conf)} configurations, {stated} are stated by their source and "
        f"{constructed} constructed by the coder from it; "
        f"{len(conf) - stated - constructed} do not record their provenance. Each row below "
        "says which, and links to the configurations' quotes in the evidence appendix."
    )


def _patterns(synthesis: Synthesis, links: EvidenceLinks) -> list[Markup]:
    """Demi-regularities and contrasts, each row linked to its configurations' evidence."""
    demi = h.table(
        [
            (
                r.id,
                r.mechanism_code,
                r.outcome_label,
                _joined(r.shared_conditions),
                _joined(r.cases),
                _joined(r.exceptions),
                _evidence(r.refs, r.mechanism_code, links),
            )
            for r in synthesis.demi_regularities.itertuples()
        ],
        ["Id", "Mechanism", "Outcome", "In contexts with", "Cases", "Exceptions", "Evidence"],
        "Demi-regularities: a mechanism with similar outcomes in similar contexts across cases",
    )
    contrasts = h.table(
        [
            (
                c.id,
                c.mechanism_code,
                c.outcome_a,
                _joined(c.cases_a),
                c.outcome_b,
                _joined(c.cases_b),
                _joined(f"{t} (recorded absent)" if t in c.absent_in_b else t for t in c.only_a),
                _joined(f"{t} (recorded absent)" if t in c.absent_in_a else t for t in c.only_b),
                _evidence((*c.refs_a, *c.refs_b), c.mechanism_code, links),
            )
            for c in synthesis.contrasts.itertuples()
        ],
        [
            "Id",
            "Mechanism",
            "Outcome",
            "Cases",
            "Other outcome",
            "Cases",
            "Conditions held only with the first",
            "Conditions held only with the second",
            "Evidence",
        ],
        "Contrasts: the same mechanism with different outcomes, and the conditions that differ",
    )
    return [
        h.heading(3, "Demi-regularities: what recurs, in what circumstances", "cmo-demi"),
        demi,
        h.heading(3, "Contrasts: for whom, in what circumstances", "cmo-contrasts"),
        contrasts,
    ]


def _theory(synthesis: Synthesis, links: EvidenceLinks) -> list[Markup]:
    """The programme theory's statements, their verdicts and each configuration's."""
    theory = synthesis.theory
    if theory is None:
        return []
    mechanism = dict(
        zip(
            synthesis.configurations["ref"], synthesis.configurations["mechanism_code"], strict=True
        )
    )
    statements = h.table(
        [
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
        ["Statement", "In words", "Verdict", "Supported by", "Refuted by", "Refined by"],
        "Statements of the programme theory and the verdict of the cases",
    )
    verdicts = h.table(
        [
            (
                v.statement_id,
                v.ref,
                v.verdict,
                v.reason,
                _whose(v.provenance),
                _evidence([v.ref], mechanism[v.ref], links),
            )
            for v in synthesis.verdicts.itertuples()
        ],
        ["Statement", "Configuration", "Verdict", "Why", "Provenance", "Evidence"],
        "Each configuration of a statement's mechanism, and why it supports, refutes or refines it",
    )
    return [
        h.heading(3, f"Programme theory: {theory.title}", "cmo-theory"),
        h.paragraph(VERDICT_RULES),
        statements,
        verdicts,
    ]


def _case_by_case(synthesis: Synthesis, links: EvidenceLinks, detailed: bool) -> list[Markup]:
    """Mechanisms with their cases, outcomes and conditions; the configurations themselves
    when there are few enough cases."""
    mechanisms = h.table(
        [
            (
                m.mechanism_code,
                m.n_cases,
                _joined(m.cases),
                _joined(m.outcomes),
                _joined(m.context_tags),
                _evidence(m.refs, m.mechanism_code, links),
            )
            for m in synthesis.mechanisms.itertuples()
        ],
        ["Mechanism", "Cases", "Which", "Outcomes", "Context conditions", "Evidence"],
        "Mechanisms, those found in most cases first",
    )
    parts = [h.heading(3, "Mechanisms, case by case", "cmo-mechanisms"), mechanisms]
    if not detailed:
        parts.append(
            h.paragraph(
                f"With {len(synthesis.cases)} cases the configurations are not listed here; "
                "“casebench synthesis --format md” on the same files lists every one."
            )
        )
        return parts
    coded = _coded_conditions(synthesis.conditions)
    conf = synthesis.configurations.sort_values("mechanism_code", kind="stable")
    configurations = h.table(
        [
            (
                r.ref,
                r.mechanism_code,
                _mechanism(r),
                f"{r.context} [{coded[r.ref]}]" if r.ref in coded else r.context,
                _outcome(r),
                f"{_whose(r.provenance)}: {r.derived_from}"
                if r.derived_from
                else _whose(r.provenance),
                r.confidence if isinstance(r.confidence, str) else h.MISSING,
                _evidence([r.ref], r.mechanism_code, links),
            )
            for r in conf.itertuples()
        ],
        [
            "Configuration",
            "Mechanism",
            "Resource and reasoning",
            "Context",
            "Outcome",
            "Provenance",
            "Confidence",
            "Evidence",
        ],
        "Configurations, mechanism by mechanism: contexts and outcomes case by case",
    )
    return [*parts, h.heading(3, "Configurations", "cmo-configurations"), configurations]


def _rameses(synthesis: Synthesis, title: str) -> list[Markup]:
    from casebench.synthesis.rameses import STATUS_TEXT, checklist, citation

    return [
        h.heading(3, "Reporting standard: RAMESES II", "cmo-rameses"),
        _parts().rameses_intro(citation()),
        h.table(
            [
                (i.number, i.section, i.title, STATUS_TEXT[i.status], i.where)
                for i in checklist(synthesis, title)
            ],
            ["Item", "Section", "Title", "Status", "What casebench has"],
            "RAMESES II items: what casebench documents and what the team must write",
        ),
    ]


def render_section(
    synthesis: Synthesis,
    *,
    static: bool = False,
    title: str = "",
    detailed: bool | None = None,
    heading: str = TITLES[ANCHOR],
) -> h.Part:
    """The synthesis as one section (anchor ``cmo``). ``detailed`` (default: up to
    :data:`~casebench.report.context.MAX_DETAIL_CASES` cases) lists every configuration and
    links each to its own evidence block, else to its mechanism's. The charts draw every
    case, as the report's other charts do."""
    from casebench.report.context import MAX_DETAIL_CASES
    from casebench.synthesis_exports import summary_sentence

    if detailed is None:
        detailed = len(synthesis.cases) <= MAX_DETAIL_CASES
    links = EvidenceLinks(per_case=detailed)
    body = [
        _parts().intro(len(synthesis.cases), summary_sentence(synthesis)),
        h.paragraph(synthesis.rules.describe()),
        h.paragraph(_provenance_sentence(synthesis.configurations)),
        *_figures(synthesis, links, static),
        *_patterns(synthesis, links),
        *_theory(synthesis, links),
        *_case_by_case(synthesis, links, detailed),
        *_rameses(synthesis, title),
    ]
    return h.section(ANCHOR, heading, *body)


def synthesis(context: ReportContext, theory: Any = None) -> h.Part:
    """The report's realist synthesis of the cases' context-mechanism-outcome configurations
    (Pawson 2006; Dalkin et al. 2015), with a programme theory tested when one is given (a
    :class:`~casebench.models.theory.ProgrammeTheory`). Keep the evidence appendix in the
    report: its rows link there."""
    from casebench.synthesis import synthesise

    return render_section(
        synthesise(context.cases, theory, framework=context.framework),
        static=context.static,
        title=context.title,
        detailed=context.detailed,
    )


def cmo(context: ReportContext) -> h.Part:
    """:func:`synthesis` under the name report notebooks copied before it existed call."""
    return synthesis(context)


def page(
    synthesis: Synthesis, *, title: str = "", static: bool = False, generated: str = ""
) -> str:
    """A self-contained HTML page of the synthesis, with the evidence of its configurations
    (opens offline: the charts' Vega bundle, the stylesheet and the script are inside)."""
    from casebench.display import vega_bundle_html
    from casebench.report.context import MAX_DETAIL_CASES, now_iso
    from casebench.report.evidence_appendix import configuration_blocks, mechanism_blocks

    title = title or f"Realist synthesis of {len(synthesis.cases)} case(s)"
    detailed = len(synthesis.cases) <= MAX_DETAIL_CASES
    links = EvidenceLinks(per_case=detailed)
    section = render_section(
        synthesis,
        static=static,
        title=title,
        detailed=detailed,
        heading="Realist synthesis: what works, for whom, in what circumstances",
    )
    if detailed:
        blocks = [
            h.module("appendix.html.j2").case(
                f"ev-{case.id}", f"{case.title} ({case.id})", configuration_blocks(case, links)
            )
            for case in synthesis.cases
        ]
    else:
        blocks = mechanism_blocks(synthesis.cases, links)
    return (
        _parts().page(
            title,
            Markup((STATIC / "report.css").read_text(encoding="utf-8")),
            Markup((STATIC / "report.js").read_text(encoding="utf-8")),
            Markup("") if static else vega_bundle_html(),
            f"Generated {generated or now_iso()} by casebench from {len(synthesis.cases)} "
            f"case file(s): {_joined(synthesis.case_ids)}.",
            section,
            blocks,
        )
        + "\n"
    )


__all__ = ["cmo", "page", "render_section", "synthesis"]
