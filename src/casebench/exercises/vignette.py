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


@dataclass(frozen=True)
class VignetteQuestion:
    question: Question
    reference: int
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
    disagreements: tuple[tuple[str, int, str], ...]  # (question id, student rating, direction)

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
            framework.questions[q["id"]].question, int(q["reference"]), q["cue"], q["why"]
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


def check_vignette(
    ratings: dict[str, int | None], vignette: Vignette | None = None
) -> VignetteResult:
    """Formative feedback on a student's ratings of the vignette's questions."""
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
