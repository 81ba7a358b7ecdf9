"""Notebook 03's quick check: ratings of a vignette's questions against its reference coding,
with formative feedback that never gives away a reference rating the student has not reached,
and agreement as weighted Cohen's kappa."""

from __future__ import annotations

import math
from dataclasses import dataclass

from casebench.exercises.coding import judgement_feedback
from casebench.exercises.feedback import Feedback
from casebench.exercises.vignette import Answer, Vignette, load_vignette
from casebench.exercises.vignette_file import ABSENT


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
                f"weighted kappa {self.kappa:.2f} ({kappa_words(self.kappa)})."
            )
        else:
            lines.append("Rate at least two questions to see your agreement with the reference.")
        return "\n".join(lines)


def kappa_words(kappa: float) -> str:
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


def weighted_kappa(a: list[int], b: list[int], labels: list[int]) -> float:
    """Linear-weighted Cohen's kappa, as ``casebench agreement`` computes it, except that
    identical codings count as 1.0: a student who matches the reference everywhere has
    agreed perfectly, though kappa is undefined when neither coding varies."""
    if a == b:
        return 1.0
    from casebench.agreement import weighted_kappa as kappa

    return kappa(a, b, labels, "linear")


def _disagreement(item_reference: int | str, given: int | str, values: list[int]) -> str | None:
    if given == item_reference:
        return None
    if ABSENT in (given, item_reference):
        return "absent against a rating"
    gap = values.index(int(given)) - values.index(int(item_reference))
    direction = "higher" if gap > 0 else "lower"
    return f"{abs(gap)} point(s) {direction} than the reference"


def check_vignette(ratings: dict[str, Answer], vignette: Vignette | None = None) -> VignetteResult:
    """Formative feedback on a student's ratings (or "absent") of the vignette's questions;
    the kappa rests on the questions both the student and the reference rated."""
    vignette = vignette or load_vignette()
    feedback: list[Feedback] = []
    pairs: list[tuple[int, int]] = []
    disagreements: list[tuple[str, int | str, str]] = []
    for item in vignette.questions:
        qid = item.question.id
        given = ratings.get(qid)
        result = judgement_feedback(item, given, vignette, reveal=False)
        feedback.append(result)
        values = item.scale.values
        if given is None or (given != ABSENT and given not in values) or isinstance(given, bool):
            continue
        how = _disagreement(item.reference, given, values)
        if how:
            disagreements.append((qid, given, how))
        if ABSENT not in (given, item.reference):
            pairs.append((int(given), int(item.reference)))
    labels = vignette.questions[0].scale.values
    kappa = (
        weighted_kappa([p[0] for p in pairs], [p[1] for p in pairs], labels)
        if len(pairs) >= 2
        else math.nan
    )
    return VignetteResult(tuple(feedback), kappa, len(pairs), tuple(disagreements))
