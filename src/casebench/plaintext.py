"""The plain-text summary ``casebench compare`` prints: what every figure rests on, for two
cases or a thousand.

Up to :data:`MAX_COLUMNS` cases get a column each; past that, per-case tables give way to
distributions over the cases (median, quartiles, range), so the text grows with the
framework, not with the number of cases.
"""

from __future__ import annotations

import pandas as pd

from casebench.comparison import Comparison
from casebench.comparison.change import issues_summed

MAX_COLUMNS = 12
"""Cases shown one column (or one row) each; more are summarised."""

MAX_LISTED = 20
"""Case ids listed in the first line before "and N more"."""

NOT_RECORDED = "not recorded"
"""What a missing label or count prints as (never ``NaN``)."""


def _frame(table: pd.DataFrame, **formats: str) -> str:
    """A table as text: missing values as ``-``, floats by the given formats."""
    shown = table.copy()
    for column, spec in formats.items():
        if column not in shown:
            continue
        shown[column] = shown[column].map(lambda v, s=spec: "-" if pd.isna(v) else format(v, s))
    return shown.astype(object).where(shown.notna(), "-").to_string(index=False)


def _listed(ids: list[str]) -> str:
    more = len(ids) - MAX_LISTED
    return ", ".join(ids[:MAX_LISTED]) + (f" and {more} more" if more > 0 else "")


def _profiles(comparison: Comparison) -> list[str]:
    sections = comparison.profiles[comparison.profiles["level"].eq("section")]
    rule = (
        f"(* thin: fewer than {comparison.thresholds['thin_min_rated']} rated, or under "
        f"{comparison.thresholds['thin_min_share']:.0%} of its scale questions; "
        "- none rated)"
    )
    ids = comparison.case_ids
    if len(ids) <= MAX_COLUMNS:
        means = sections.pivot(index="section_id", columns="case_id", values="mean_rating")
        thin = sections.pivot(index="section_id", columns="case_id", values="thin")
        order = sections["section_id"].unique()
        means = means.reindex(index=order, columns=ids)
        thin = thin.reindex(index=order, columns=ids).fillna(False).astype(bool)
        text = means.map(lambda v: "-" if pd.isna(v) else f"{v:.2f}")
        shown = text.where(~thin, text + "*")
        return [f"Mean rating per section {rule}", shown.to_string()]
    stats = (
        sections.groupby("section_id", sort=False)
        .agg(
            cases_rated=("mean_rating", "count"),
            thin=("thin", "sum"),
            median=("mean_rating", "median"),
            q1=("mean_rating", lambda s: s.quantile(0.25)),
            q3=("mean_rating", lambda s: s.quantile(0.75)),
            lowest=("mean_rating", "min"),
            highest=("mean_rating", "max"),
        )
        .reset_index()
    )
    stats["cases_rated"] = stats["cases_rated"].astype(str) + f"/{len(ids)}"
    return [
        f"Mean rating per section, distribution over the {len(ids)} cases' means "
        "(cases_rated: cases with a mean; thin: of them, resting on few questions)",
        _frame(stats, median=".2f", q1=".2f", q3=".2f", lowest=".2f", highest=".2f"),
    ]


def _divergence(comparison: Comparison, top: int) -> list[str]:
    table = comparison.divergence
    ranked = table[table["ranked"]].head(top)
    n = len(comparison.cases)
    needed = comparison.thresholds["divergence_min_rated"]
    columns = ["rank", "question_id", "n_rated", "range", "std", "low_case", "high_case"]
    if n == 2:
        columns.insert(5, "difference")
    shown = ranked[columns].assign(n_rated=ranked["n_rated"].astype(str) + f"/{n}")
    left_out = int((~table["ranked"]).sum())
    note = (
        f"{left_out} question(s) rated by fewer than {needed} of the {n} cases, or with no "
        "spread, are not ranked."
        if left_out
        else "Every scale question is ranked."
    )
    head = (
        f"Most divergent questions: range, then standard deviation, over the questions "
        f"rated by at least {needed} of the {n} cases"
    )
    if ranked.empty:
        return [head, "No question was rated by enough cases to rank. " + note]
    return [head, _frame(shown, range=".0f", std=".2f", difference="+.0f"), note]


def _focus(comparison: Comparison, top: int) -> list[str]:
    table = comparison.focus_table
    if table is None:
        return []
    ranked = table[table["ranked"]].head(top)
    shown = ranked[
        ["rank", "question_id", "rating", "others_median", "others_min", "others_max", "gap"]
    ].assign(
        others_rated=ranked["n_others_rated"].astype(str) + "/" + ranked["n_others"].astype(str)
    )
    unrated = int(table["rating"].isna().sum())
    return [
        "",
        f"{comparison.focus} against the other {len(comparison.cases) - 1} cases: its rating, "
        "the others' median and range, most outstanding first",
        _frame(
            shown,
            rating=".0f",
            others_median=".1f",
            others_min=".0f",
            others_max=".0f",
            gap="+.1f",
        )
        if not ranked.empty
        else "No question both it and enough of the others rated.",
        f"{unrated} scale question(s) it did not rate are left out.",
    ]


def _groups(comparison: Comparison, top: int) -> list[str]:
    view = comparison.groups
    if view is None:
        return []
    members = ", ".join(
        f"{g} ({n})" for g, n in zip(view.members["group"], view.members["n_cases"], strict=True)
    )
    profiles = view.profiles.pivot(index="section_id", columns="group", values="mean_rating")
    profiles = profiles.reindex(
        index=view.profiles["section_id"].unique(), columns=list(view.order)
    )
    divergence = view.divergence[view.divergence["ranked"]].head(top)
    lines = [
        "",
        f"Groups by {view.label}: {members}",
        "Mean of the cases' section means, per group",
        profiles.map(lambda v: "-" if pd.isna(v) else f"{v:.2f}").to_string(),
        "",
        "Questions whose group means differ most (groups where enough cases rated it)",
    ]
    if divergence.empty:
        lines.append("No question was rated by enough cases in two groups.")
    else:
        lines.append(
            _frame(
                divergence[
                    [
                        "rank",
                        "question_id",
                        "gap",
                        "low_group",
                        "low_mean",
                        "high_group",
                        "high_mean",
                    ]
                ],
                gap=".2f",
                low_mean=".2f",
                high_mean=".2f",
            )
        )
    return lines


def _issues(comparison: Comparison) -> list[str]:
    issues = comparison.issues
    if len(issues) <= MAX_COLUMNS:
        shown = issues[["case_id", "label", "share"]].assign(
            label=issues["label"].fillna(NOT_RECORDED)
        )
        return ["Issues acted on of those raised", _frame(shown)]
    n_recorded, raised, acted_on, median = issues_summed(issues)
    if not n_recorded:
        return ["Issues acted on of those raised: no case records both counts."]
    bounds = int(issues["ratio_bound"].dropna().ne("exactly").sum())
    return [
        f"Issues acted on of those raised: {n_recorded} of {len(issues)} cases record both; "
        f"{acted_on} of {raised} in all; median share acted on {median}"
        + (
            f" ({bounds} of the shares are bounds, as the source qualifies the count)"
            if bounds
            else ""
        )
    ]


def _similarity(comparison: Comparison, top: int) -> list[str]:
    minimum = comparison.thresholds["similarity_min_shared"]
    head = (
        "Similarity (1 = same ratings on every question both rated; n_shared: questions both "
        f"rated; * thin: fewer than {minimum} shared)"
    )
    n = len(comparison.cases)
    best = comparison.pair_arrays.most_similar(top)
    if best.empty:
        return [head, "No two cases rated a question in common."]
    if n <= MAX_COLUMNS:
        shown = comparison.similarity.head(top * 2)
    else:
        shown = best
        head += f"; the {len(shown)} most similar of {n * (n - 1) // 2} pairs"
    shown = shown[["case_a", "case_b", "n_shared", "similarity"]].assign(
        n_shared=shown["n_shared"].astype(str) + shown["thin"].map({True: "*", False: ""})
    )
    return [head, _frame(shown, similarity=".2f")]


def comparison_to_text(comparison: Comparison, top: int = 10) -> str:
    """The plain-text summary: section means (per case, or their distribution), the ``top``
    ranked divergent questions with how many cases rated each, the focus and group views
    when asked for, issues, similarity."""
    framework = comparison.framework
    parts = [
        f"{len(comparison.cases)} cases compared along {framework.id} {framework.version}: "
        + _listed(comparison.case_ids),
        "",
        *_profiles(comparison),
        "",
        *_divergence(comparison, top),
        *_focus(comparison, top),
        *_groups(comparison, top),
        "",
        *_issues(comparison),
        "",
        *_similarity(comparison, top),
    ]
    return "\n".join(parts) + "\n"


__all__ = ["MAX_COLUMNS", "comparison_to_text"]
