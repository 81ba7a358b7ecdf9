"""The evidence appendix: every assessed question's judgement and quotes for every case, in
collapsed ``<details>`` blocks that the charts' marks and the tables' numbers link to.

Up to :data:`~casebench.report.context.MAX_DETAIL_CASES` cases, one block per case and
section holds a block per assessed question (``ev-<case>-<question>``), then one per
dimension of power observed and one per context-mechanism-outcome configuration. Past that,
the appendix is summarised: one block per question (how many cases gave each rating, and the
evidence of the lowest and highest rated case), per section, per dimension of power and per
mechanism code (``evs-...``). Opening a link's target is done by
the small script in the report template (it opens the enclosing ``<details>``).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from casebench.quotes import quotes_html
from casebench.report import html as h
from casebench.report.evidence import judgement
from casebench.report.sections import TITLES, UNEVIDENCED

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markupsafe import Markup

    from casebench.anchors import EvidenceLinks
    from casebench.models.case import Case
    from casebench.models.framework import Section
    from casebench.report.context import ReportContext


_parts = partial(h.module, "appendix.html.j2")
"""The macros of ``appendix.html.j2``."""

PROVENANCE_TEXT = {
    "stated": "stated by the source",
    "constructed": "constructed by the coder",
}
"""Whose a configuration is, as the report says it."""
NO_PROVENANCE = "provenance not recorded"


def _quotes(n: int) -> str:
    return f"{n} quote{'s' if n != 1 else ''}"


def _mean(values: list[float]) -> str:
    return f"mean {sum(values) / len(values):.2f}" if values else "none rated"


def _case_section(context: ReportContext, case: Case, section: Section) -> Markup | None:
    links = context.links
    blocks = []
    ratings: list[float] = []
    for _, question in section.iter_questions():
        found = judgement(context, case, question.id)
        if found is None:
            continue
        assessment = case.assessments[question.id]
        if assessment.rating is not None:
            ratings.append(assessment.rating)
            shown = f"rated {assessment.rating}"
        else:
            shown = "found absent" if assessment.status == "absent" else "answered"
        n = len(assessment.evidence)
        about = f"{shown}, {n} quote{'s' if n != 1 else ''}"
        if not assessment.evidenced:
            about += f", ⚠ {UNEVIDENCED}"
        blocks.append(
            (
                links.question(case.id, question.id),
                f"{question.id}: {question.text} — {about}",
                found,
            )
        )
    if not blocks:
        return None
    summary = f"{section.title}: {len(blocks)} judged, {_mean(ratings)}"
    return _parts().block(links.section(case.id, section.id), summary, _parts().blocks(blocks))


def _case_power(context: ReportContext, case: Case) -> list[Markup]:
    """A block per dimension of power the case observed, in framework order."""
    links = context.links
    order = [d.id for d in context.framework.power_dimensions]
    titles = {d.id: d.title for d in context.framework.power_dimensions}
    by_dimension: dict[str, list[Any]] = {}
    for observation in case.power:
        by_dimension.setdefault(observation.dimension, []).append(observation)
    ranked = sorted(by_dimension, key=lambda d: order.index(d) if d in order else len(order))
    return [
        _parts().block(
            links.power(case.id, dimension),
            f"Power: {titles.get(dimension, dimension)} — {len(by_dimension[dimension])} "
            + ("observation" if len(by_dimension[dimension]) == 1 else "observations"),
            _parts().observations(
                [(o.mode, o.description, quotes_html(o.evidence)) for o in by_dimension[dimension]]
            ),
        )
        for dimension in ranked
    ]


def configuration_blocks(case: Case, links: EvidenceLinks) -> list[Markup]:
    """A block per context-mechanism-outcome configuration of the case: its context,
    mechanism and outcome, whose it is (stated by the source or constructed by the coder, and
    where from), and its quotes."""
    blocks = []
    for cmo in case.cmo:
        whose = PROVENANCE_TEXT.get(cmo.provenance or "", NO_PROVENANCE)
        facts = [("Context", cmo.context), ("Mechanism", cmo.mechanism), ("Outcome", cmo.outcome)]
        if cmo.derived_from:
            facts.append(("Derived from", cmo.derived_from))
        blocks.append(
            _parts().block(
                links.configuration(case.id, cmo.id, cmo.mechanism_code),
                f"Configuration {cmo.id} ({cmo.mechanism_code}): {whose}, "
                f"{_quotes(len(cmo.evidence))}",
                _parts().configuration(facts, quotes_html(cmo.evidence)),
            )
        )
    return blocks


def mechanism_blocks(cases: Sequence[Case], links: EvidenceLinks) -> list[Markup]:
    """A block per mechanism code (alphabetically): its configurations case by case, with
    their coded outcome, whose they are and how many quotes back them."""
    by_code: dict[str, list[tuple[Case, Any]]] = {}
    for case in cases:
        for cmo in case.cmo:
            by_code.setdefault(cmo.mechanism_code, []).append((case, cmo))
    blocks = []
    for code in sorted(by_code):
        found = by_code[code]
        rows = [
            (
                case.id,
                cmo.id,
                cmo.outcome_direction,
                cmo.outcome_code,
                PROVENANCE_TEXT.get(cmo.provenance or "", NO_PROVENANCE),
                len(cmo.evidence),
            )
            for case, cmo in found
        ]
        n_cases = len({case.id for case, _ in found})
        blocks.append(
            _parts().block(
                links.configuration("", "", code),
                f"Mechanism {code}: {len(found)} configurations in {n_cases} cases",
                h.table(
                    rows,
                    [
                        "Case",
                        "Configuration",
                        "Outcome direction",
                        "Outcome code",
                        "Whose",
                        "Quotes",
                    ],
                    f"Configurations of {code}",
                ),
            )
        )
    return blocks


def _per_case(context: ReportContext) -> list[Markup]:
    parts = []
    for case in context.cases:
        blocks = [
            b
            for section in context.framework.sections
            if (b := _case_section(context, case, section)) is not None
        ]
        blocks += _case_power(context, case)
        blocks += configuration_blocks(case, context.links)
        parts.append(_parts().case(f"ev-{case.id}", f"{case.title} ({case.id})", blocks))
    return parts


def _summary_question(context: ReportContext, question_id: str) -> Markup | None:
    tidy = context.comparison.tidy
    rows = tidy[tidy["question_id"].eq(question_id)]
    assessed = rows[rows["assessed"]]
    if assessed.empty:
        return None
    counts = assessed["rating"].value_counts().sort_index()
    spread = ", ".join(f"{v:g}: {n}" for v, n in counts.items()) or "no ratings"
    rated = assessed.dropna(subset=["rating"]).sort_values("rating", kind="stable")
    by_id = {c.id: c for c in context.cases}
    shown = []
    if not rated.empty:
        ends = dict.fromkeys([rated["case_id"].iloc[0], rated["case_id"].iloc[-1]])
        shown = [judgement(context, by_id[cid], question_id) for cid in ends]
    text = rows["question_text"].iloc[0]
    summary = (
        f"{question_id}: {text} — {len(assessed)} of {len(rows)} cases assessed; "
        f"ratings given (rating: cases) {spread}"
    )
    return _parts().block(context.links.question("", question_id), summary, _parts().ends(shown))


def _summarised(context: ReportContext) -> list[Markup]:
    links = context.links
    parts = []
    for section in context.framework.sections:
        blocks = [
            b
            for _, q in section.iter_questions()
            if (b := _summary_question(context, q.id)) is not None
        ]
        if blocks:
            parts.append(
                _parts().block(
                    links.section("", section.id),
                    f"{section.title}: {len(blocks)} questions assessed",
                    _parts().join(blocks),
                )
            )
    power = context.comparison.power
    for dimension in context.framework.power_dimensions:
        rows = power[power["dimension_id"].eq(dimension.id) & power["count"].gt(0)]
        if rows.empty:
            continue
        counts = rows.groupby("mode")["count"].sum()
        text = ", ".join(f"{mode} {int(n)}" for mode, n in counts.items())
        parts.append(
            _parts().block(
                links.power("", dimension.id),
                f"Power: {dimension.title} — {text} observations in {rows['case_id'].nunique()} "
                "cases",
                h.table(
                    rows[["case_id", "mode", "count", "descriptions"]].itertuples(
                        index=False, name=None
                    ),
                    ["Case", "Mode", "Observations", "What was observed"],
                    f"Observations of {dimension.title}",
                ),
            )
        )
    return parts + mechanism_blocks(context.cases, links)


def appendix(context: ReportContext) -> h.Part:
    """The evidence appendix (see the module docstring); keep it in a report whose charts
    link to it."""
    if context.detailed:
        intro = (
            "Every judgement of every case, with the coder's note and every quote, by case and "
            "section, then its observations of power and its context–mechanism–outcome "
            "configurations. A click on a rating in a chart or table, or on a configuration, "
            "opens its block here."
        )
        body = _per_case(context)
    else:
        intro = (
            f"With {len(context.cases)} cases the evidence is summarised per question: how "
            "many cases gave each rating, and the evidence of the lowest and the highest rated "
            "case; and per mechanism code, its configurations case by case. A click on a "
            "rating in a chart or table opens its question here."
        )
        body = _summarised(context)
    return h.section("evidence", TITLES["evidence"], h.paragraph(intro), *body)
