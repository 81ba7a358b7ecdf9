"""The data each report chart draws, as a table in a ``<details>`` element after the chart:
the keyboard's and the screen reader's way to the same numbers, each linked to the evidence
behind it in the appendix.

Up to :data:`~casebench.charts._common.MAX_CASE_MARKS` cases the tables hold a row (or a
column) per case, linked to that case's evidence; past it the charts draw distributions over
the cases, and so do the tables, each row linked to the evidence summarised over the cases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from casebench.report import html as h

if TYPE_CHECKING:
    from markupsafe import Markup

    from casebench.anchors import EvidenceLinks
    from casebench.comparison import Comparison


def _many(comparison: Comparison) -> bool:
    """More cases than the charts draw a mark for: their data is a distribution too."""
    from casebench.charts._common import MAX_CASE_MARKS

    return len(comparison.cases) > MAX_CASE_MARKS


def _named(frame: pd.DataFrame, comparison: Comparison) -> pd.DataFrame:
    """The frame with each ``section_title`` told apart from any other section of the same
    title by its part of the framework, as the charts' axes label them (in full here)."""
    from casebench.charts._common import section_labels

    parts = {s.id: s.part for s in comparison.framework.sections}
    with_part = frame.assign(part=frame["section_id"].map(parts))
    labels = section_labels(with_part, comparison.framework, width=10_000)
    return frame.assign(section_title=labels)


def _linked(value: Any, href: str | None) -> Any:
    """A table cell linking to evidence (a missing value stays a plain dash)."""
    return value if href is None or h.is_missing(value) else h.link(href, value)


SPREAD = {
    "min": "Lowest",
    "q1": "Lower quartile",
    "median": "Median",
    "q3": "Upper quartile",
    "max": "Highest",
}
"""The five-number summary's columns and their headers."""


def _spread_table(
    frame: pd.DataFrame, lead: dict[str, str], caption: str, hrefs: list[str | None]
) -> Markup:
    """A distribution per row; the first column links to the row's evidence summarised over
    the cases."""
    rows = [
        (_linked(first, href), *rest)
        for (first, *rest), href in zip(
            frame[[*lead, *SPREAD]].itertuples(index=False, name=None), hrefs, strict=True
        )
    ]
    return h.table(rows, [*lead.values(), *SPREAD.values()], caption)


def _judged_sections(comparison: Comparison) -> set[str]:
    """Sections with a judgement by any case (their summarised evidence exists)."""
    tidy = comparison.tidy
    return set(tidy.loc[tidy["assessed"], "section_id"])


def _shown(tidy: pd.DataFrame) -> pd.Series:
    """Each cell as a table shows it: the rating, or what its status is called."""
    from casebench.comparison import statuses

    return (
        tidy["rating"]
        .astype("object")
        .where(tidy["rating"].notna(), tidy["status"].map(statuses.cell_labels()))
    )


def matrix_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """Rating (or status) per question and case, each linked to its evidence; past
    :data:`~casebench.charts.matrix.MAX_HEATMAP_CASES` cases, how many cases gave each
    rating per question, each question linked to its summarised evidence."""
    from casebench.charts.matrix import MAX_HEATMAP_CASES

    tidy = comparison.tidy
    if len(comparison.cases) > MAX_HEATMAP_CASES:
        from casebench.comparison.distribution import rating_counts

        over = links.over_cases
        counts = rating_counts(tidy)
        rows = [
            (h.link(over.href(over.question("", q)), q), outcome, n)
            for q, outcome, n in zip(
                counts["question_id"], counts["outcome"], counts["n_cases"], strict=True
            )
        ]
        return h.table(
            rows,
            ["Question", "Rating or status", "Cases"],
            "Cases per rating (or status) and question",
        )
    cells = {
        (q, c): _linked(value, links.href(links.question(c, q)) if assessed else None)
        for q, c, value, assessed in zip(
            tidy["question_id"], tidy["case_id"], _shown(tidy), tidy["assessed"], strict=True
        )
    }
    order = tidy.drop_duplicates("question_id")["question_id"]
    rows = [(qid, *(cells[(qid, c)] for c in comparison.case_ids)) for qid in order]
    return h.table(rows, ["Question", *comparison.case_ids], "Rating per question and case")


def profiles_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """Mean rating per section and case (linked to the case's evidence on the section), and
    whether it is thin; for many cases, the distribution of the cases' means per section."""
    if _many(comparison):
        from casebench.comparison.distribution import section_distribution

        over, judged = links.over_cases, _judged_sections(comparison)
        spread = _named(section_distribution(comparison.profiles), comparison)
        return _spread_table(
            spread,
            {
                "section_title": "Section",
                "n_cases": "Cases",
                "n_rated": "Cases with a mean",
                "n_thin": "Of them thin",
            },
            "Distribution of the cases' mean rating per section",
            [over.href(over.section("", s)) if s in judged else None for s in spread["section_id"]],
        )
    data = _named(comparison.profiles[comparison.profiles["level"].eq("section")], comparison)
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
    """Share of each section assessed, and assessed with quotes, per case; for many cases,
    the distribution of the share assessed (each section linked to its evidence)."""
    if _many(comparison):
        from casebench.comparison.distribution import share_distribution

        over, judged = links.over_cases, _judged_sections(comparison)
        spread = _named(share_distribution(comparison.coverage), comparison)
        return _spread_table(
            spread,
            {"section_title": "Section", "n_cases": "Cases"},
            "Distribution of the share of each section assessed",
            [over.href(over.section("", s)) if s in judged else None for s in spread["section_id"]],
        )
    data = _named(comparison.coverage, comparison).assign(
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
    """Similarity and distance per pair of cases (for many cases, each case's most similar
    others)."""
    many = _many(comparison)
    return h.frame_table(
        comparison.pairs() if many else comparison.similarity,
        {
            "case_a": "Case",
            "case_b": "Other case",
            "similarity": "Similarity",
            "distance": "Distance",
            "n_shared": "Questions both rated",
        },
        "Similarity per pair of cases" + (" (each case's most similar others)" if many else ""),
    )


def divergence_data(comparison: Comparison, links: EvidenceLinks, top: int = 15) -> Markup:
    """Each case's rating (or status) on the questions the divergence chart draws, linked
    to its evidence; for many cases, the distribution of the ratings per question."""
    from casebench.charts.divergence import TOP, shown_questions

    shown = shown_questions(comparison, min(top, TOP))
    if _many(comparison):
        from casebench.comparison.distribution import question_distribution

        over = links.over_cases
        spread = question_distribution(comparison.tidy, shown["question_id"].tolist())
        return _spread_table(
            spread,
            {"question_id": "Question", "n_cases": "Cases", "n_rated": "Cases that rated it"},
            "Ratings on the most divergent questions, over the cases",
            [over.href(over.question("", q)) for q in spread["question_id"]],
        )
    tidy = comparison.tidy[comparison.tidy["question_id"].isin(shown["question_id"])]
    cells = {
        (q, c): _linked(value, links.href(links.question(c, q)) if assessed else None)
        for q, c, value, assessed in zip(
            tidy["question_id"], tidy["case_id"], _shown(tidy), tidy["assessed"], strict=True
        )
    }
    rows = [
        (
            row.question_id,
            row.n_rated,
            row.range,
            *(cells[(row.question_id, c)] for c in comparison.case_ids),
        )
        for row in shown.itertuples()
    ]
    return h.table(
        rows,
        ["Question", "Cases that rated it", "Range", *comparison.case_ids],
        "Ratings on the most divergent questions",
    )


def power_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """Observations per dimension of power, mode and case, linked to the observations
    (summed over many cases, linked to the observations summarised per dimension)."""
    power = comparison.power
    if _many(comparison):
        over = links.over_cases
        power = (
            power.assign(case_id=f"all {len(comparison.cases)} cases")
            .groupby(
                ["dimension_id", "dimension_title", "mode", "case_id"], sort=False, as_index=False
            )["count"]
            .sum()
        )
        target = [over.power("", d) for d in power["dimension_id"]]
    else:
        target = [
            links.power(c, d) for c, d in zip(power["case_id"], power["dimension_id"], strict=True)
        ]
    rows = [
        (
            row.dimension_title,
            row.mode,
            row.case_id,
            _linked(row.count, links.href(anchor)) if row.count else 0,
        )
        for row, anchor in zip(power.itertuples(), target, strict=True)
    ]
    return h.table(
        rows,
        ["Dimension", "Mode", "Case", "Observations"],
        "Observations per dimension of power, mode and case",
    )


def levels_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """Outcomes per level and case by status (summed over many cases), then issues raised
    and acted on."""
    outcomes = comparison.outcomes
    if _many(comparison):
        outcomes = (
            outcomes.assign(case_id=f"all {len(comparison.cases)} cases")
            .groupby(["level_title", "case_id"], sort=False, as_index=False)[
                ["achieved", "partial", "not_achieved"]
            ]
            .sum()
        )
    table = h.frame_table(
        outcomes,
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
    return table + issues


def focus_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """The focal case's rating (linked to its evidence) and the others' median and range,
    per question the focus chart shows."""
    from casebench.charts.views import TOP

    table = comparison.focus_table
    if table is None or comparison.focus is None:
        raise ValueError("the comparison has no focus")
    focus = comparison.focus
    shown = table[table["ranked"]].head(TOP)
    rows = [
        (
            row.question_id,
            _linked(row.rating, links.href(links.question(focus, row.question_id))),
            row.others_median,
            row.others_min,
            row.others_max,
            row.n_others_rated,
        )
        for row in shown.itertuples()
    ]
    return h.table(
        rows,
        [
            "Question",
            focus,
            "Others' median",
            "Others' lowest",
            "Others' highest",
            "Others that rated it",
        ],
        "The focal case against the others",
    )


def group_profiles_data(comparison: Comparison, links: EvidenceLinks) -> Markup:
    """Each group's mean of its cases' section means, and their range."""
    view = comparison.groups
    if view is None:
        raise ValueError("the comparison has no groups")
    return h.frame_table(
        _named(view.profiles, comparison),
        {
            "section_title": "Section",
            "group": view.label,
            "n_cases": "Cases",
            "n_cases_rated": "Cases with a mean",
            "mean_rating": "Mean",
            "min_rating": "Lowest",
            "max_rating": "Highest",
        },
        "Section profiles by group",
    )


DATA = {
    "matrix": matrix_data,
    "profiles": profiles_data,
    "coverage": coverage_data,
    "similarity": similarity_data,
    "divergence": divergence_data,
    "power": power_data,
    "levels_of_change": levels_data,
    "focus": focus_data,
    "group_profiles": group_profiles_data,
}
"""The table behind each chart, by the chart's name in :data:`casebench.charts.CHARTS` or
:data:`casebench.charts.VIEW_CHARTS`."""


__all__ = ["DATA"]
