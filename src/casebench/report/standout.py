"""The report's sections for N cases: what sets each case apart from the others (its most
distinctive questions, chosen by :mod:`casebench.comparison.standout`, with its evidence),
and, when the notebook's ``focus`` and ``by`` parameters ask for them, one case against the
rest and the groups of cases. Cases are named by their short titles; each rating links to
its evidence in the appendix. Without a focus (or groups) their sections are None, so the
notebook cell displays nothing."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from casebench.comparison.standout import once_per_repeat
from casebench.report import html as h
from casebench.report.evidence import judgement
from casebench.report.figures import chart_figure
from casebench.report.sections import TITLES

if TYPE_CHECKING:
    import pandas as pd
    from markupsafe import Markup

    from casebench.report.context import ReportContext

_parts = partial(h.module, "standout.html.j2")
"""The macros of ``standout.html.j2``."""


def per_case(n_cases: int) -> int:
    """Distinctive questions quoted per case: 3 up to 8 cases, 2 up to 20, then 1."""
    return 3 if n_cases <= 8 else 2 if n_cases <= 20 else 1


def _entries(context: ReportContext, rows: pd.DataFrame) -> list[Markup]:
    """Each row (a case's rating on a question against the others') with the case's
    judgement and quotes."""
    by_id = {c.id: c for c in context.cases}
    links = context.links
    entries = []
    for row in rows.itertuples(index=False):
        low, high = row.others_min, row.others_max
        spread = f"{low:g}" if low == high else f"{low:g}–{high:g}"
        about = _parts().standing(
            row.section_title,
            links.href(links.question(row.case_id, row.question_id)),
            row.rating,
            row.others_median,
            spread,
            row.n_others_rated,
            row.n_others,
        )
        entries.append(
            _parts().entry(
                f"{row.question_id}: {row.question_text}",
                about,
                judgement(context, by_id[row.case_id], row.question_id),
            )
        )
    return entries


def distinctive(context: ReportContext) -> h.Part:
    """For every case, the questions on which it stands furthest from the other cases, with
    its evidence: the evidence of the whole corpus, not only of the widest pair."""
    k = per_case(len(context.cases))
    table = context.comparison.distinctive(k)
    questions = "most distinctive question" if k == 1 else f"{k} most distinctive questions"
    intro = h.paragraph(
        f"For each of the {len(context.cases)} cases, its {questions} (a question restating "
        "one already chosen is passed over): where its rating stands furthest from the "
        "median of the other cases' ratings, among the questions it rated and enough of the "
        "others rated too (all of them up to three others, else 60 %), with the evidence "
        "behind its rating."
    )
    cases = [
        _parts().case(
            h.heading(3, f"{case.short_name} ({case.id})", f"distinctive-{h.slug(case.id)}"),
            _entries(context, table[table["case_id"].eq(case.id)]),
            "Its ratings do not stand out on any question enough cases rated (or it rated "
            "none of them).",
        )
        for case in context.cases
    ]
    return h.section("distinctive", TITLES["distinctive"], intro, *cases)


FOCUS_ROWS = 10
"""Questions the focus section quotes."""


def focus(context: ReportContext) -> h.Part | None:
    """One case against the rest: its chart, then its most outstanding questions with its
    evidence (None without a focus)."""
    comparison = context.comparison
    table = comparison.focus_table
    if table is None:
        return None
    case = next(c for c in context.cases if c.id == comparison.focus)
    ranked = once_per_repeat(table[table["ranked"]]).head(FOCUS_ROWS)
    unrated = int(table["rating"].isna().sum())
    n_others = len(context.cases) - 1
    against = "the other case" if n_others == 1 else f"the other {n_others} cases"
    left_out = (
        "it rated every scale question"
        if unrated == 0
        else f"{unrated} scale question{'s' if unrated > 1 else ''} it did not rate "
        f"{'are' if unrated > 1 else 'is'} left out"
    )
    intro = h.paragraph(
        f"{case.short_name} ({case.id}) against {against}: its rating of each question "
        "against the other cases' ratings, most outstanding first (a question restating one "
        f"above it is passed over); {left_out}."
    )
    body: list[Any] = [intro, chart_figure("focus", context)]
    body += _entries(context, ranked) or [
        h.paragraph("No question both it and enough of the others rated.")
    ]
    return h.section("focus", TITLES["focus"], *body)


def groups(context: ReportContext) -> h.Part | None:
    """The groups of cases: who is in each, their section profiles, the questions their
    means differ on most, and power and levels of change by group (None without groups)."""
    view = context.comparison.groups
    if view is None:
        return None
    label = view.label
    members = h.frame_table(
        view.members, {"group": label, "n_cases": "Cases", "cases": "Which"}, "The groups"
    )
    divergence = h.frame_table(
        view.divergence[view.divergence["ranked"]].head(10),
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
    power = h.frame_table(
        view.power,
        {
            "dimension_title": "Dimension",
            "mode": "Mode",
            "group": label,
            "n_cases": "Cases",
            "cases_with_any": "Cases with any",
            "count": "Observations",
        },
        f"Observations of power by {label.lower()}",
    )
    outcomes = h.frame_table(
        view.outcomes,
        {
            "level_title": "Level",
            "group": label,
            "n_cases": "Cases",
            "cases_with_any": "Cases with any",
            "achieved": "Achieved",
            "partial": "Partial",
            "not_achieved": "Not achieved",
        },
        f"Outcomes per level of change by {label.lower()}",
    )
    intro = h.paragraph(
        f"The cases grouped by {label.lower()}. Each case counts once: a group's section mean "
        "is the mean of its cases' means; a question's group means are compared where enough "
        "of each group's cases rated it (all of them up to three, else 60 %). Each case's "
        "evidence is in the appendix."
    )
    return h.section(
        "groups",
        TITLES["groups"],
        intro,
        members,
        chart_figure("group_profiles", context),
        divergence,
        power,
        outcomes,
    )


__all__ = ["FOCUS_ROWS", "distinctive", "focus", "groups", "per_case"]
