"""Exercise 2: questions about a comparison, marked against answers computed from it.

The expected answers are worked out from the comparison at run time, so the quiz stays true
if the sample coding is revised, and nothing in the notebook gives them away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from casebench.comparison import Comparison
from casebench.exercises.vignette import Feedback


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
    }.get(row["ratio_bound"], "")

    def mark(answer: Any) -> Feedback:
        if answer in (None, ""):
            return Feedback(
                "issues_share", "not answered", "Find the issues table of the comparison."
            )
        try:
            given = float(answer)
        except (TypeError, ValueError):
            return Feedback("issues_share", "look again", f"{answer!r} is not a number.")
        if abs(given - expected) <= 1.5:
            return Feedback(
                "issues_share",
                "matches",
                f"Yes: {row['label']} issues, {row['share']}. {qualifier}".strip(),
            )
        hint = (
            "acted on divided by raised" if given > 1.5 else "a percentage (0-100), not a fraction"
        )
        return Feedback(
            "issues_share",
            "look again",
            f"Not quite. Check the issues table of {row['case_id']}: {hint}.",
        )

    return QuizQuestion(
        "issues_share",
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

    def mark(answer: Any) -> Feedback:
        if not answer:
            return Feedback(
                "section_most_different", "not answered", "Look at the section profiles chart."
            )
        if answer == best:
            return Feedback(
                "section_most_different",
                "matches",
                f"Yes: the section means differ by {gaps.iloc[0]:.2f} points. "
                "Check how many questions each mean rests on before reading much "
                "into it (thin profiles are flagged).",
            )
        if answer not in gaps.index:
            return Feedback(
                "section_most_different",
                "look again",
                f"{answer!r} has no mean rating for both cases; pick another section.",
            )
        return Feedback(
            "section_most_different",
            "look again",
            f"The means of {answer} differ by {gaps[answer]:.2f} points; another "
            "section differs more. Compare the two bars of each section.",
        )

    return QuizQuestion(
        "section_most_different",
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

    def mark(answer: Any) -> Feedback:
        if not answer:
            return Feedback("shared_mechanism", "not answered", "Look at the CMO synthesis table.")
        if answer in shared:
            others = len(shared) - 1
            return Feedback(
                "shared_mechanism",
                "matches",
                f"Yes, {answer} works in more than one case"
                + (f"; {others} other mechanism(s) recur too." if others else "."),
            )
        if answer in unique:
            return Feedback(
                "shared_mechanism",
                "look again",
                f"{answer} appears in one case only. Realist synthesis looks for "
                "mechanisms that fire in different contexts (Pawson 2006).",
            )
        return Feedback(
            "shared_mechanism", "look again", f"{answer!r} is not a mechanism code here."
        )

    return QuizQuestion(
        "shared_mechanism",
        "Name a mechanism that recurs across the cases.",
        "choice",
        options,
        mark,
    )


def comparison_quiz(comparison: Comparison) -> list[QuizQuestion]:
    """The questions this comparison can answer."""
    questions = [_section_question(comparison), _mechanism_question(comparison)]
    issues = _issues_question(comparison)
    return [issues, *questions] if issues else questions


def mark_quiz(answers: dict[str, Any], quiz: list[QuizQuestion]) -> list[Feedback]:
    """Feedback for every question of the quiz (unanswered ones say where to look)."""
    return [question.mark(answers.get(question.id)) for question in quiz]
