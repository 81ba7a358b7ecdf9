"""Exercise 1: code a short vignette against part of the framework and compare with a
reference coding."""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from casebench import yamlio
from casebench.models.framework import Framework, Question
from casebench.registry import load_framework

ABSENT = "absent"
"""A student's (or the reference's) answer that the vignette shows no such practice: a
judgement, not a point of the scale."""

Answer = int | str | None
"""A rating, ``"absent"``, or None for not answered."""


@dataclass(frozen=True)
class VignetteQuestion:
    question: Question
    reference: int | str  # a rating, or ABSENT
    cue: str
    why: str


@dataclass(frozen=True)
class Vignette:
    id: str
    title: str
    text: str
    framework: Framework
    questions: tuple[VignetteQuestion, ...]


@dataclass(frozen=True)
class Feedback:
    """Feedback on one answer: a verdict word and what to do with it."""

    question_id: str
    verdict: str  # "matches" | "close" | "look again" | "not answered"
    message: str


@dataclass(frozen=True)
class VignetteResult:
    feedback: tuple[Feedback, ...]
    kappa: float
    n_rated: int
    disagreements: tuple[tuple[str, int | str, str], ...]  # (question, student's answer, how)

    def summary(self) -> str:
        """A few lines of text a student can read."""
        lines = [f"{f.question_id}: {f.verdict}. {f.message}" for f in self.feedback]
        if self.n_rated >= 2 and not math.isnan(self.kappa):
            lines.append(
                f"Agreement with the reference coding over {self.n_rated} questions: "
                f"weighted kappa {self.kappa:.2f} ({_kappa_words(self.kappa)})."
            )
        else:
            lines.append("Rate at least two questions to see your agreement with the reference.")
        return "\n".join(lines)


def _kappa_words(kappa: float) -> str:
    """Landis and Koch's (1977) labels, a common if rough guide."""
    kappa = round(kappa, 2)  # the label of the figure the student reads
    for bound, words in (
        (0.0, "poor"),
        (0.2, "slight"),
        (0.4, "fair"),
        (0.6, "moderate"),
        (0.8, "substantial"),
    ):
        if kappa <= bound:
            return words
    return "almost perfect"


def load_vignette(name: str = "vignette") -> Vignette:
    """The bundled vignette, with its questions resolved in the framework it names."""
    source = resources.files("casebench.exercises") / f"{name}.yaml"
    with resources.as_file(source) as path:
        data: dict[str, Any] = yamlio.read(path).data
    framework = load_framework(data["framework"])
    questions = tuple(
        VignetteQuestion(
            framework.questions[q["id"]].question,
            ABSENT if q["reference"] == ABSENT else int(q["reference"]),
            q["cue"],
            q["why"],
        )
        for q in data["questions"]
    )
    return Vignette(data["id"], data["title"], data["text"], framework, questions)


def weighted_kappa(a: list[int], b: list[int], labels: list[int]) -> float:
    """Linear-weighted Cohen's kappa, as ``casebench agreement`` computes it, except that
    identical codings count as 1.0: a student who matches the reference everywhere has
    agreed perfectly, though kappa is undefined when neither coding varies."""
    if a == b:
        return 1.0
    from casebench.agreement import weighted_kappa as kappa

    return kappa(a, b, labels, "linear")


def _absence_feedback(item: VignetteQuestion, given: int | str) -> Feedback | None:
    """Feedback when the student or the reference records the practice as absent."""
    qid = item.question.id
    if given == ABSENT and item.reference == ABSENT:
        return Feedback(qid, "matches", f"Agrees with the reference coding. {item.why}")
    if given == ABSENT:
        return Feedback(
            qid,
            "look again",
            f"The vignette does show this practice: rate how far it enabled shared power "
            f"(absent is for a practice the case does not show at all). Look again at {item.cue}",
        )
    if item.reference == ABSENT:
        return Feedback(
            qid,
            "look again",
            "The vignette shows no such practice: record it as absent, a judgement but not a "
            f"rating (a low rating would read absence as domination). Look again at {item.cue}",
        )
    return None


def check_vignette(ratings: dict[str, Answer], vignette: Vignette | None = None) -> VignetteResult:
    """Formative feedback on a student's ratings (or "absent") of the vignette's questions;
    the kappa rests on the questions both the student and the reference rated."""
    vignette = vignette or load_vignette()
    feedback: list[Feedback] = []
    pairs: list[tuple[int, int]] = []
    disagreements: list[tuple[str, int, str]] = []
    scale_values = vignette.framework.scale_for(vignette.questions[0].question).values
    for item in vignette.questions:
        qid = item.question.id
        given = ratings.get(qid)
        if given is None:
            feedback.append(Feedback(qid, "not answered", f"Read the vignette for {item.cue}"))
            continue
        absence = _absence_feedback(item, given)
        if absence is not None:
            feedback.append(absence)
            if absence.verdict != "matches":
                disagreements.append((qid, given, "absent against a rating"))
            continue
        if given not in scale_values:
            feedback.append(
                Feedback(qid, "look again", f"{given} is not on the scale {scale_values}.")
            )
            continue
        pairs.append((given, item.reference))
        gap = given - item.reference
        direction = "higher" if gap > 0 else "lower"
        if gap == 0:
            feedback.append(
                Feedback(qid, "matches", f"Agrees with the reference coding. {item.why}")
            )
            continue
        disagreements.append((qid, given, f"{abs(gap)} point(s) {direction} than the reference"))
        if abs(gap) == 1:
            feedback.append(
                Feedback(
                    qid,
                    "close",
                    f"One point {direction} than the reference coding. Look again at {item.cue}",
                )
            )
        else:
            guidance = f" Guidance: {item.question.guidance}" if item.question.guidance else ""
            dimension = (
                f" Which dimension of power is at work here ({', '.join(item.question.power)})?"
                if item.question.power
                else ""
            )
            feedback.append(
                Feedback(
                    qid,
                    "look again",
                    f"{abs(gap)} points {direction} than the "
                    f"reference coding. Look again at {item.cue}{guidance}{dimension}",
                )
            )
    if len(pairs) >= 2:
        kappa = weighted_kappa([p[0] for p in pairs], [p[1] for p in pairs], scale_values)
    else:
        kappa = math.nan
    return VignetteResult(tuple(feedback), kappa, len(pairs), tuple(disagreements))
