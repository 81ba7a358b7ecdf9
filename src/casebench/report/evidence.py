"""The report's middle: the evidence behind the largest divergences, the power profile, and
levels of change with issues acted on (the realist synthesis is
:mod:`casebench.report.realist`)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from casebench.comparison.change import issues_summed
from casebench.quotes import quotes_html
from casebench.report import html as h
from casebench.report.figures import chart_figure
from casebench.report.sections import TITLES

if TYPE_CHECKING:
    from markupsafe import Markup

    from casebench.models.case import Case
    from casebench.report.context import ReportContext


_parts = partial(h.module, "sections.html.j2")
"""The macros of ``sections.html.j2``."""


TOP_DIVERGENT = 5
"""Questions whose evidence the report quotes, most divergent first."""

ALL_CASES_UP_TO = 8
"""Up to this many cases each case's judgement is quoted; past it, the lowest and highest."""


def judgement(context: ReportContext, case: Case, question_id: str) -> Markup | None:
    """One case's judgement on one question: rating (or answer, or practice found absent),
    confidence, the coder's note and every quote; None where no judgement was made."""
    assessment = case.assessments.get(question_id)
    if assessment is None or not assessment.judged:
        return None
    if assessment.status == "absent":
        said = f"{case.short_name} ({case.id}): found absent (looked for, not found; not a rating)"
    elif assessment.rating is not None:
        scale = context.framework.scale_for(context.framework.questions[question_id].question)
        try:
            label = scale.label(assessment.rating)
        except KeyError:
            label = ""
        said = f"{case.short_name} ({case.id}): rated {assessment.rating} – {label}"
    else:
        answer = assessment.answer
        shown = ", ".join(answer) if isinstance(answer, list) else str(answer or "")
        said = f"{case.short_name} ({case.id}): answered “{shown}”"
    if assessment.confidence:
        said += f", confidence {assessment.confidence}"
    return _parts().judgement(said, assessment.memo, quotes_html(assessment.evidence))


def divergence(context: ReportContext) -> h.Part:
    """The most divergent questions, each with every case's (or the lowest and highest
    case's) rating, the coder's note and the quotes behind it."""
    comparison = context.comparison
    divergence = comparison.divergence
    table = divergence[divergence["ranked"] & (divergence["range"].fillna(0) > 0)]
    shown = table.head(TOP_DIVERGENT)
    needed = comparison.thresholds["divergence_min_rated"]
    n = len(context.cases)
    by_id = {c.id: c for c in context.cases}
    parts: list[Markup] = [
        h.paragraph(
            f"The {len(shown)} questions with the widest spread of ratings (of {len(table)} "
            f"rated by at least {needed} of the {n} cases on which their ratings differ), "
            "each with the evidence behind every rating, quote by quote."
            if n <= ALL_CASES_UP_TO
            else f"The {len(shown)} questions with the widest spread of ratings (rated by at "
            f"least {needed} of the {n} cases), each with the evidence of the lowest and the "
            "highest rated case, quote by quote."
        )
    ]
    for rank, row in enumerate(shown.itertuples(), start=1):
        if len(context.cases) <= ALL_CASES_UP_TO:
            rated = [
                c
                for c in context.cases
                if (a := c.assessments.get(row.question_id)) and a.rating is not None
            ]
            rated.sort(key=lambda c: c.assessments[row.question_id].rating or 0)
        else:
            rated = [by_id[row.low_case], by_id[row.high_case]]
        summary = (
            f"Ratings from {row.min_rating:g} to {row.max_rating:g} (range "
            f"{row.range:g}, {row.n_rated} cases rated it)."
        )
        parts.append(
            _parts().divergent(
                h.heading(
                    3, f"{rank}. {row.question_text}", f"divergent-{h.slug(row.question_id)}"
                ),
                f"{row.section_title} · {row.question_id}. {summary}",
                [judgement(context, c, row.question_id) for c in rated],
            )
        )
    if shown.empty:
        parts.append(h.paragraph("No question rated by enough cases was rated differently."))
    return h.section(
        "divergence", TITLES["divergence"], chart_figure("divergence", context), *parts
    )


def power(context: ReportContext) -> h.Part:
    """Power observations per dimension (Lukes 2005) and *power with*, by mode."""
    comparison = context.comparison
    titles = {d.id: d.title for d in context.framework.power_dimensions}
    if context.detailed:
        rows = [
            (
                titles.get(o.dimension, o.dimension),
                o.mode,
                case.id,
                o.description,
                quotes_html(o.evidence) if o.evidence else None,
            )
            for case in context.cases
            for o in case.power
        ]
        table = h.table(
            rows,
            ["Dimension", "Mode", "Case", "What was observed", "Evidence"],
            "Observations of power, case by case",
        )
    else:
        totals = comparison.power.groupby(["dimension_title", "mode"], sort=False).agg(
            observations=("count", "sum"), cases=("count", lambda s: int((s > 0).sum()))
        )
        table = h.table(
            [
                (*key, *vals)
                for key, vals in zip(
                    totals.index, totals.itertuples(index=False, name=None), strict=True
                )
            ],
            ["Dimension", "Mode", "Observations", "Cases with any"],
            "Observations of power, summed over the cases",
        )
    intro = h.paragraph(
        "Each dimension of power (Lukes 2005; Digeser 1992; read through Haugaard 2012) and "
        "power with (Allen et al. 2014) can work as domination or as empowerment; the chart "
        "counts the observations of each, the table gives what was observed."
    )
    return h.section("power", TITLES["power"], intro, chart_figure("power", context), table)


def change(context: ReportContext) -> h.Part:
    """Outcomes per level of change, and issues raised and acted on."""
    comparison = context.comparison
    titles = {lv.id: lv.title for lv in context.framework.levels_of_change}
    if context.detailed:
        outcomes = h.table(
            [
                (
                    titles.get(o.level, o.level),
                    case.id,
                    o.status.replace("_", " "),
                    o.description,
                    quotes_html(o.evidence) if o.evidence else None,
                )
                for case in context.cases
                for o in case.outcomes
            ],
            ["Level", "Case", "Status", "Outcome", "Evidence"],
            "Outcomes, case by case",
        )
        issues = h.frame_table(
            comparison.issues,
            {
                "case_id": "Case",
                "label": "Issues acted on",
                "share": "Share acted on",
                "note": "Note",
            },
            "Issues raised and acted on",
        )
    else:
        sums = comparison.outcomes.groupby("level_title", sort=False)[
            ["achieved", "partial", "not_achieved"]
        ].sum()
        outcomes = h.table(
            [
                (lv, *vals)
                for lv, vals in zip(
                    sums.index, sums.itertuples(index=False, name=None), strict=True
                )
            ],
            ["Level", "Achieved", "Partial", "Not achieved"],
            "Outcomes summed over the cases",
        )
        issues = h.table(
            [("all cases", *issues_summed(comparison.issues))],
            ["Cases", "Cases recording issues", "Raised", "Acted on", "Median share acted on"],
            "Issues raised and acted on, summed over the cases",
        )
    intro = h.paragraph(
        "Levels at which change happened (Farr 2017, Discussion): individual, local "
        "community, organisational service, organisational culture, and strategic, policy "
        "and structural, where the paper found little change."
    )
    return h.section(
        "change",
        TITLES["change"],
        intro,
        chart_figure("levels_of_change", context),
        outcomes,
        issues,
    )
