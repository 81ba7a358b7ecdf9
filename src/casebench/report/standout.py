"""The report's evidence for N cases: what sets each case apart from the others (its most
distinctive questions, chosen by :mod:`casebench.comparison.standout`, with its quotes), and,
when asked for, one case against the rest and the groups of cases. Cases are named by their
short titles."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from casebench.report import html as h
from casebench.report.figures import chart_figure

if TYPE_CHECKING:
    from casebench.models.case import Case
    from casebench.report.context import ReportContext


def per_case(n_cases: int) -> int:
    """Distinctive questions quoted per case: 3 up to 8 cases, 2 up to 20, then 1."""
    return 3 if n_cases <= 8 else 2 if n_cases <= 20 else 1


def _quotes(case: Case, question_id: str) -> str:
    from casebench.report.evidence import quotes_html

    assessment = case.assessments.get(question_id)
    evidence = assessment.evidence if assessment is not None else []
    memo = (
        f'<p class="cb-memo"><em>Coder\'s note:</em> {h.text(assessment.memo)}</p>'
        if assessment is not None and assessment.memo
        else ""
    )
    return memo + (quotes_html(evidence) or h.paragraph(h.text("No quote recorded.")))


def _standing(row: pd.Series, others: str = "the others") -> str:
    """One line: the case's rating against the others' median and range."""
    spread = (
        f"{row['others_min']:g}"
        if row["others_min"] == row["others_max"]
        else f"{row['others_min']:g}–{row['others_max']:g}"
    )
    return (
        f"Rated {row['rating']:g} against {others}' median {row['others_median']:g} "
        f"(range {spread}; {row['n_others_rated']} of {row['n_others']} rated it)."
    )


def _entries(context: ReportContext, rows: pd.DataFrame, anchor: str) -> str:
    by_id = {c.id: c for c in context.cases}
    parts = []
    for row in rows.itertuples(index=False):
        record = pd.Series(row._asdict())
        parts.append(
            '<div class="cb-judgement">'
            + h.paragraph(
                f"<strong>{h.text(f'{record.question_id}: {record.question_text}')}</strong> "
                + h.text(f"({record.section_title}) " + _standing(record))
            )
            + _quotes(by_id[record.case_id], record.question_id)
            + "</div>"
        )
    return f'<div id="{h.attr(anchor)}">' + "".join(parts) + "</div>"


def distinctive(context: ReportContext) -> str:
    """For every case, the questions on which it stands furthest from the other cases, with
    its evidence: the evidence of the whole corpus, not only of the widest pair."""
    comparison = context.comparison
    k = per_case(len(context.cases))
    table = comparison.distinctive(k)
    parts = [
        h.heading(3, "What sets each case apart", "distinctive"),
        h.paragraph(
            h.text(
                f"For each of the {len(context.cases)} cases, its {k} most distinctive "
                "question(s): where its rating stands furthest from the median of the other "
                "cases' ratings, among the questions it rated and enough of the others rated "
                "too (all of them up to three others, else 60 %), with the evidence behind "
                "its rating."
            )
        ),
    ]
    for case in context.cases:
        rows = table[table["case_id"].eq(case.id)]
        parts.append(
            h.heading(4, f"{case.short_name} ({case.id})", f"distinctive-{h.slug(case.id)}")
        )
        if rows.empty:
            parts.append(
                h.paragraph(
                    h.text(
                        "Its ratings do not stand out on any question enough cases rated "
                        "(or it rated none of them)."
                    )
                )
            )
        else:
            parts.append(_entries(context, rows, f"distinctive-{h.slug(case.id)}-entries"))
    return "".join(parts)


FOCUS_ROWS = 10
"""Questions the focus view quotes."""


def focus(context: ReportContext) -> str:
    """One case against the rest: its chart, then its most outstanding questions with its
    evidence (empty without a focus)."""
    comparison = context.comparison
    table = comparison.focus_table
    if table is None:
        return ""
    case = next(c for c in context.cases if c.id == comparison.focus)
    ranked = table[table["ranked"]].head(FOCUS_ROWS)
    unrated = int(table["rating"].isna().sum())
    return (
        h.heading(3, f"{case.short_name} against the other {len(context.cases) - 1} cases", "focus")
        + h.paragraph(
            h.text(
                f"Its rating of each question against the other cases' ratings, most "
                f"outstanding first; {unrated} scale question(s) it did not rate are left out."
            )
        )
        + chart_figure("focus", context)
        + (
            _entries(context, ranked, "focus-entries")
            if not ranked.empty
            else h.paragraph(h.text("No question both it and enough of the others rated."))
        )
    )


def groups(context: ReportContext) -> str:
    """The groups of cases: their section profiles and the questions their means differ
    on most (empty without ``by``)."""
    view = context.comparison.groups
    if view is None:
        return ""
    members = h.frame_table(
        view.members, {"group": view.label, "n_cases": "Cases", "cases": "Which"}, "The groups"
    )
    top = view.divergence[view.divergence["ranked"]].head(10)
    divergence = h.frame_table(
        top,
        {
            "question_id": "Question",
            "question_text": "Text",
            "gap": "Gap",
            "low_group": "Lowest group",
            "low_mean": "Its mean",
            "low_n_rated": "Cases rated",
            "high_group": "Highest group",
            "high_mean": "Its mean",
            "high_n_rated": "Cases rated",
        },
        "Questions whose group means differ most",
    )
    return (
        h.heading(3, f"Groups by {view.label.lower()}", "groups")
        + h.paragraph(
            h.text(
                "Each case counts once: a group's section mean is the mean of its cases' means; "
                "a question's group means are compared where enough of each group's cases "
                "rated it (all of them up to three, else 60 %)."
            )
        )
        + members
        + chart_figure("group_profiles", context)
        + divergence
    )


__all__ = ["distinctive", "focus", "groups", "per_case"]
