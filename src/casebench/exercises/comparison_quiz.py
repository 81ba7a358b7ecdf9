"""Reading a comparison: questions about the cases whose expected answers are computed from the
comparison at run time, so the quiz stays true if the coding is revised, and nothing in the
notebook gives them away. Every message names the chart or table to look at, and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from casebench.comparison import Comparison
from casebench.exercises.feedback import Feedback, feedback

ISSUES = "the issues table (comparison.issues), columns raised, raised_qualifier and acted_on"
PROFILES = "the section profiles chart (charts.section_profiles_chart): one bar per case a section"
MECHANISMS = "the mechanisms table (comparison.mechanisms), columns mechanism_code and n_cases"
POWER = "the power profile chart (charts.power_profile_chart), left of the axis: domination"
DIVERGENCE = "the divergence chart (charts.divergence_chart): the questions rated furthest apart"


@dataclass(frozen=True)
class QuizQuestion:
    """One question; ``mark`` turns a student's answer into feedback."""

    id: str
    prompt: str
    kind: str  # "number" | "choice"
    options: tuple[str, ...] = ()
    mark: Callable[[Any], Feedback] = field(repr=False, default=lambda _: Feedback("", "", ""))


def _issues_question(comparison: Comparison) -> QuizQuestion | None:
    issues = comparison.issues.dropna(subset=["ratio"])
    if issues.empty:
        return None
    row = issues.iloc[0]
    expected = float(row["ratio"]) * 100
    qualifier = {
        "under": "Because the source says *over* that many were raised, the true share is "
        "below this figure.",
        "at_most": "Because the source says *at least* that many were raised, the true share is "
        "at most this figure.",
    }.get(row["ratio_bound"], "A share acted on says how far participants' issues led to change.")
    qid = "issues_share"
    where = f"{ISSUES}, row {row['case_id']}"

    def mark(answer: Any) -> Feedback:
        if answer in (None, ""):
            return feedback(
                qid,
                "not answered",
                "Not answered yet",
                where,
                "The share of issues acted on is one sign of impact rather than rhetoric "
                "(Farr's question on transfer of power).",
            )
        try:
            given = float(answer)
        except (TypeError, ValueError):
            return feedback(
                qid,
                "look again",
                f"{answer!r} is not a number",
                where,
                "Divide the issues acted on by the issues raised and give it as a percentage.",
            )
        if abs(given - expected) <= 1.5:
            return feedback(
                qid,
                "matches",
                f"Yes: {row['label']} issues, {row['share']}",
                f"{ISSUES}: raised_qualifier says how the source words the count",
                qualifier,
            )
        hint = (
            "acted on divided by raised, as a percentage"
            if given > 1.5
            else "a percentage (0-100), not a fraction"
        )
        return feedback(
            qid,
            "look again",
            "Not quite",
            where,
            f"The answer is {hint}; check both columns before dividing.",
        )

    return QuizQuestion(
        qid,
        f"What percentage of the issues raised in {row['case_id']} were acted on? (a whole number)",
        "number",
        mark=mark,
    )


def _section_question(comparison: Comparison) -> QuizQuestion:
    profiles = comparison.profiles[comparison.profiles["level"] == "section"]
    wide = profiles.pivot(index="section_id", columns="case_id", values="mean_rating")
    first, second = comparison.case_ids[:2]
    gaps = (wide[first] - wide[second]).abs().dropna().sort_values(ascending=False)
    best = gaps.index[0]
    options = tuple(profiles["section_id"].drop_duplicates())
    qid = "section_most_different"
    caution = (
        "A section mean is a rough summary of ordinal ratings: check how many questions each "
        "rests on before reading much into it (thin profiles are flagged)."
    )

    def mark(answer: Any) -> Feedback:
        if not answer:
            return feedback(
                qid,
                "not answered",
                "Not answered yet",
                PROFILES,
                "Compare the two bars of each section: the longest gap is the answer.",
            )
        if answer == best:
            return feedback(
                qid,
                "matches",
                f"Yes: the section means differ by {gaps.iloc[0]:.2f} points",
                f"{PROFILES}, and the profiles table's n_rated and thin columns",
                caution,
            )
        if answer not in gaps.index:
            return feedback(
                qid,
                "look again",
                f"{answer!r} has no mean rating for both cases",
                PROFILES,
                "A section needs ratings in both cases to be compared; pick another section.",
            )
        return feedback(
            qid,
            "look again",
            f"The means of {answer} differ by {gaps[answer]:.2f} points; another section "
            "differs more",
            PROFILES,
            "Compare the two bars of each section, not the height of one.",
        )

    return QuizQuestion(
        qid,
        f"In which section do {first} and {second} differ most (mean rating)?",
        "choice",
        options,
        mark,
    )


def _mechanism_question(comparison: Comparison) -> QuizQuestion:
    mechanisms = comparison.mechanisms
    shared = set(mechanisms.loc[mechanisms["recurrence"] == "shared", "mechanism_code"])
    unique = set(mechanisms.loc[mechanisms["recurrence"] == "unique", "mechanism_code"])
    options = tuple(mechanisms["mechanism_code"])
    qid = "shared_mechanism"
    realist = (
        "Realist synthesis looks for mechanisms that fire in different contexts (Pawson 2006): "
        "those are the patterns a comparison can generalise from."
    )

    def mark(answer: Any) -> Feedback:
        if not answer:
            return feedback(qid, "not answered", "Not answered yet", MECHANISMS, realist)
        if answer in shared:
            others = len(shared) - 1
            return feedback(
                qid,
                "matches",
                f"Yes, {answer} works in more than one case"
                + (f"; {others} other mechanism(s) recur too" if others else ""),
                f"{MECHANISMS}: compare its contexts column across the cases",
                realist,
            )
        if answer in unique:
            return feedback(
                qid,
                "look again",
                f"{answer} appears in one case only",
                MECHANISMS,
                realist + " Find a code whose n_cases is 2 or more.",
            )
        return feedback(
            qid,
            "look again",
            f"{answer!r} is not a mechanism code here",
            MECHANISMS,
            "Mechanism codes are the short shared labels that let the synthesis find a "
            "mechanism in several cases.",
        )

    return QuizQuestion(
        qid, "Name a mechanism that recurs across the cases.", "choice", options, mark
    )


def _power_question(comparison: Comparison) -> QuizQuestion | None:
    power = comparison.power
    domination = power[(power["mode"] == "domination") & (power["count"] > 0)]
    per_dimension = domination.groupby("dimension_id")["case_id"].nunique()
    everywhere = set(per_dimension[per_dimension == len(comparison.case_ids)].index)
    if not everywhere:
        return None
    titles = {d.id: d.title for d in comparison.framework.power_dimensions}
    descriptions = {d.id: d.description.strip() for d in comparison.framework.power_dimensions}
    options = tuple(titles)
    qid = "power_domination_everywhere"

    def mark(answer: Any) -> Feedback:
        if not answer:
            return feedback(
                qid,
                "not answered",
                "Not answered yet",
                POWER,
                "Each dimension of power can work as domination or as empowerment; look for a "
                "dimension with domination bars in every case.",
            )
        if answer in everywhere:
            return feedback(
                qid,
                "matches",
                f"Yes: {titles[answer]} shows domination in every case",
                f"{POWER}; hover a bar to read what was observed",
                f"The framework describes it as: “{descriptions[answer]}”",
            )
        if answer not in titles:
            return feedback(
                qid,
                "look again",
                f"{answer!r} is not a dimension of power of {comparison.framework.id}",
                POWER,
                "Choose one of the dimensions named on the chart's axis.",
            )
        return feedback(
            qid,
            "look again",
            f"{titles[answer]} does not show domination in every case",
            POWER,
            f"It is described as “{descriptions[answer]}”; find the dimension whose "
            "domination side has a bar for each case.",
        )

    return QuizQuestion(
        qid,
        "Which dimension of power shows domination in every case?",
        "choice",
        options,
        mark,
    )


def _divergence_question(comparison: Comparison) -> QuizQuestion | None:
    divergence = comparison.divergence.dropna(subset=["range"])
    if divergence.empty or divergence["range"].max() <= 0:
        return None
    widest = divergence["range"].max()
    top = divergence[divergence["range"] == widest]
    answers = set(top["question_id"])
    texts = dict(zip(divergence["question_id"], divergence["question_text"], strict=True))
    qid = "most_divergent_question"

    def mark(answer: Any) -> Feedback:
        if not answer:
            return feedback(
                qid,
                "not answered",
                "Not answered yet",
                DIVERGENCE,
                "A wide gap between cases on one question is where a comparison has most to "
                "explain.",
            )
        if answer in answers:
            tied = f" (one of {len(answers)} questions tied)" if len(answers) > 1 else ""
            return feedback(
                qid,
                "matches",
                f"Yes: the ratings of “{texts[answer]}” are {widest:.0f} points apart{tied}",
                f"{DIVERGENCE}; the divergence table gives each side's quote",
                "Read the two quotes before explaining the gap: a rating is only as strong as "
                "the evidence behind it.",
            )
        if answer not in texts:
            return feedback(
                qid,
                "look again",
                f"{answer!r} is not a question rated in both cases",
                DIVERGENCE,
                "The chart lists only questions rated in both cases.",
            )
        gap = float(divergence.loc[divergence["question_id"] == answer, "range"].iloc[0])
        return feedback(
            qid,
            "look again",
            f"“{texts[answer]}” is {gap:.0f} point(s) apart; others are further apart",
            DIVERGENCE,
            "The chart is sorted, most disputed first: look at the top rows.",
        )

    return QuizQuestion(
        qid,
        "Name a question on which the cases' ratings are furthest apart (its id).",
        "choice",
        tuple(divergence["question_id"]),
        mark,
    )


def comparison_quiz(comparison: Comparison) -> list[QuizQuestion]:
    """The questions this comparison can answer."""
    makers = (
        _issues_question,
        _section_question,
        _mechanism_question,
        _power_question,
        _divergence_question,
    )
    return [q for q in (make(comparison) for make in makers) if q is not None]


def mark_quiz(answers: dict[str, Any], quiz: list[QuizQuestion]) -> list[Feedback]:
    """Feedback for every question of the quiz (unanswered ones say where to look)."""
    return [question.mark(answers.get(question.id)) for question in quiz]
