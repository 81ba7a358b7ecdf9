"""The class summary: each student's agreement with the reference coding and with the class,
the questions the class finds hardest, and the spread of judgements on every question.

Agreement figures come from :mod:`casebench.agreement` (linear-weighted kappa with bootstrap
intervals; Krippendorff's ordinal alpha for the whole class). "With the class" compares a
student with the consensus of the others: per question, the status most of them chose and,
where that is a rating, their median rating (the lower of two middle values). A question is
harder the fewer students judged it as the reference does, then the wider its ratings spread
(Leik's ordinal dispersion: 0 when all agree, 1 when split between the scale's ends).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casebench.agreement import RESAMPLES, SEED, ordinal_alpha
from casebench.agreement.figures import MIN_QUESTIONS
from casebench.agreement.statistics import kappa_of_counts, percentile_interval, resample_counts
from casebench.classroom.submissions import Submission
from casebench.exercises.vignette import Answer, Vignette, VignetteQuestion, answers_from_case
from casebench.exercises.vignette_file import ABSENT

HARDEST = 3
"""How many questions the summary names as the class's hardest."""
NOT_JUDGED = "not judged"
CLASS_CODER = "the rest of the class"


def leik_dispersion(ratings: Sequence[int], values: Sequence[int]) -> float:
    """Leik's (1966) ordinal dispersion of ``ratings`` on the scale ``values``: 0 when every
    rating is the same, 1 when they are split evenly between the two ends; NaN for none."""
    if not ratings or len(values) < 2:
        return math.nan
    counts = Counter(ratings)
    cumulative = np.cumsum([counts.get(v, 0) for v in values])[:-1] / len(ratings)
    return float(2 * np.minimum(cumulative, 1 - cumulative).sum() / (len(values) - 1))


def _from_counts(counts: Counter[Answer], values: Sequence[int]) -> Answer:
    """The consensus of judgements counted: absent if most said absent, else the lower median
    rating; None when there are none."""
    judged = sum(counts.values())
    rated = judged - counts.get(ABSENT, 0)
    if not judged:
        return None
    if rated * 2 < judged:
        return ABSENT
    middle, seen = (rated - 1) // 2, 0
    for value in values:
        seen += counts.get(value, 0)
        if seen > middle:
            return value
    return None


class Consensus:
    """Each question's judgements counted over the class, so that the consensus of everyone
    but one student costs no more than taking that student's judgements out."""

    def __init__(self, answers: Sequence[dict[str, Answer]], vignette: Vignette) -> None:
        self.vignette = vignette
        self.counts = {
            item.question.id: Counter(
                a[item.question.id] for a in answers if a.get(item.question.id) is not None
            )
            for item in vignette.questions
        }

    def without(self, own: dict[str, Answer]) -> dict[str, Answer]:
        """The others' consensus per question (``own``: the student left out)."""
        out: dict[str, Answer] = {}
        for item in self.vignette.questions:
            qid = item.question.id
            counts = self.counts[qid].copy()
            if own.get(qid) is not None:
                counts[own[qid]] -= 1
            out[qid] = _from_counts(+counts, item.scale.values)
        return out


def consensus(answers: Sequence[dict[str, Answer]], vignette: Vignette) -> dict[str, Answer]:
    """Per question, the consensus of ``answers``: absent if most who judged it said absent,
    else their lower median rating; None when nobody judged it."""
    return Consensus(answers, vignette).without({})


@dataclass(frozen=True)
class ClassSummary:
    """Everything the lecturer's summary shows (see the module docstring)."""

    vignette: Vignette
    submissions: tuple[Submission, ...]
    students: pd.DataFrame
    questions: pd.DataFrame
    distribution: pd.DataFrame
    class_alpha: float
    resamples: int

    @property
    def used(self) -> list[Submission]:
        return [s for s in self.submissions if s.status == "ok"]

    @property
    def not_used(self) -> list[Submission]:
        """Missing, empty and invalid submissions, each with its problem."""
        return [s for s in self.submissions if s.status != "ok"]

    def hardest(self, n: int = HARDEST) -> pd.DataFrame:
        return self.questions.head(n)


def _judgement_words(item: VignetteQuestion, value: Answer) -> str:
    return NOT_JUDGED if value is None else item.words(value)


def _question_rows(vignette: Vignette, answers: list[dict[str, Answer]]) -> pd.DataFrame:
    records = []
    for item in vignette.questions:
        qid = item.question.id
        given = [a.get(qid) for a in answers]
        judged = [g for g in given if g is not None]
        ratings = [int(g) for g in judged if g != ABSENT]
        values = item.scale.values
        same = sum(g == item.reference for g in judged)
        distance = (
            float(
                np.mean([abs(values.index(r) - values.index(int(item.reference))) for r in ratings])
            )
            if ratings and item.reference != ABSENT
            else math.nan
        )
        q1, q3 = np.percentile(ratings, [25, 75], method="lower") if ratings else (None, None)
        modal = Counter(judged).most_common(1)
        records.append(
            {
                "question": qid,
                "text": item.question.text.strip(),
                "section": item.section.title,
                "reference": item.words(item.reference),
                "n_judged": len(judged),
                "n_not_judged": len(given) - len(judged),
                "agree_reference": same / len(judged) if judged else math.nan,
                "spread": leik_dispersion(ratings, values),
                "mean_distance": distance,
                "middle_half": "" if q1 is None else f"{int(q1)}–{int(q3)}",
                "n_absent": sum(g == ABSENT for g in judged),
                "modal": item.words(modal[0][0]) if modal else NOT_JUDGED,
                "modal_share": modal[0][1] / len(judged) if modal else math.nan,
            }
        )
    frame = pd.DataFrame.from_records(records)
    frame["_agree"] = frame["agree_reference"].fillna(2.0)  # a question nobody judged: last
    frame["_spread"] = frame["spread"].fillna(-1.0)
    frame = frame.sort_values(["_agree", "_spread"], ascending=[True, False], kind="stable")
    frame = frame.drop(columns=["_agree", "_spread"]).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


def _distribution(vignette: Vignette, answers: list[dict[str, Answer]]) -> pd.DataFrame:
    records = []
    for item in vignette.questions:
        qid = item.question.id
        counts = Counter(_judgement_words(item, a.get(qid)) for a in answers)
        options: list[Answer] = [*item.scale.values, ABSENT, None]
        for order, value in enumerate(options):
            label = _judgement_words(item, value)
            records.append(
                {
                    "question": qid,
                    "text": item.question.text.strip(),
                    "answer": label,
                    "order": order,
                    "count": counts.get(label, 0),
                    "share": counts.get(label, 0) / len(answers) if answers else math.nan,
                    "is_reference": value == item.reference,
                }
            )
    return pd.DataFrame.from_records(records)


def _ratings(answers: dict[str, Answer], vignette: Vignette) -> dict[str, int]:
    return {
        qid: int(given)  # type: ignore[arg-type]
        for qid, given in answers.items()
        if given not in (None, ABSENT) and any(i.question.id == qid for i in vignette.questions)
    }


def kappa_figures(
    first: dict[str, int], second: dict[str, int], levels: Sequence[int], resamples: int
) -> dict[str, object]:
    """Linear-weighted kappa of two codings over the questions both rated, with its bootstrap
    percentile interval (``resamples`` of the questions, the agreement package's seed), computed
    with the agreement package's array statistics so that a class of hundreds stays quick."""
    shared = [q for q in first if q in second]
    figures: dict[str, object] = {
        "kappa": math.nan,
        "kappa_low": math.nan,
        "kappa_high": math.nan,
        "n_shared": len(shared),
        "note": "",
    }
    if len(shared) < MIN_QUESTIONS:
        figures["note"] = f"kappa needs {MIN_QUESTIONS}+ questions both rated"
        return figures
    a = np.searchsorted(levels, [first[q] for q in shared])
    b = np.searchsorted(levels, [second[q] for q in shared])
    if len({*a.tolist(), *b.tolist()}) == 1:
        figures["note"] = f"kappa undefined: every rating is {levels[int(a[0])]}"
        return figures
    one = np.ones((1, len(shared)))
    figures["kappa"] = float(kappa_of_counts(a, b, len(levels), "linear", one)[0])
    if resamples:
        counts = resample_counts(len(shared), resamples, SEED)
        low, high, left_out = percentile_interval(
            kappa_of_counts(a, b, len(levels), "linear", counts)
        )
        figures["kappa_low"], figures["kappa_high"] = low, high
        if left_out:
            figures["note"] = (
                f"interval leaves out {left_out} of {resamples} resamples with no variation"
            )
    return figures


def _student_rows(
    vignette: Vignette, used: list[Submission], answers: list[dict[str, Answer]], resamples: int
) -> pd.DataFrame:
    levels = sorted({v for item in vignette.questions for v in item.scale.values})
    reference = _ratings({i.question.id: i.reference for i in vignette.questions}, vignette)
    class_counts = Consensus(answers, vignette)
    records = []
    for submission, own in zip(used, answers, strict=True):
        judged = [item for item in vignette.questions if own.get(item.question.id) is not None]
        same = sum(own.get(i.question.id) == i.reference for i in vignette.questions)
        mine = _ratings(own, vignette)
        with_reference = kappa_figures(mine, reference, levels, resamples)
        if len(answers) > 1:
            crowd = _ratings(class_counts.without(own), vignette)
            with_class = kappa_figures(mine, crowd, levels, 0)
        else:
            with_class = {"kappa": math.nan, "note": "no classmates to compare with"}
        notes = [n for n in (with_reference["note"], *submission.notes) if n]
        records.append(
            {
                "student": submission.student,
                "file": submission.file,
                "n_judged": len(judged),
                "n_questions": len(vignette.questions),
                "same_as_reference": same / len(judged) if judged else math.nan,
                "kappa_reference": with_reference["kappa"],
                "kappa_reference_low": with_reference["kappa_low"],
                "kappa_reference_high": with_reference["kappa_high"],
                "kappa_class": with_class["kappa"],
                "note": "; ".join(notes),
            }
        )
    columns = [
        "student",
        "file",
        "n_judged",
        "n_questions",
        "same_as_reference",
        "kappa_reference",
        "kappa_reference_low",
        "kappa_reference_high",
        "kappa_class",
        "note",
    ]
    return pd.DataFrame.from_records(records, columns=columns)


def summarise(
    submissions: Sequence[Submission], vignette: Vignette, *, resamples: int = RESAMPLES
) -> ClassSummary:
    """The class summary of ``submissions`` (as :func:`collect` returns them)."""
    used = [s for s in submissions if s.status == "ok" and s.case is not None]
    answers = [answers_from_case(s.case)[0] for s in used]  # type: ignore[arg-type]
    values = sorted({v for item in vignette.questions for v in item.scale.values})
    matrix = [
        [
            math.nan if a.get(i.question.id) in (None, ABSENT) else float(a[i.question.id])  # type: ignore[arg-type]
            for i in vignette.questions
        ]
        for a in answers
    ]
    rated = sum(1 for row in matrix for v in row if not math.isnan(v))
    alpha = ordinal_alpha(matrix, values) if len(answers) >= 2 and rated >= 2 else math.nan
    return ClassSummary(
        vignette=vignette,
        submissions=tuple(submissions),
        students=_student_rows(vignette, used, answers, resamples),
        questions=_question_rows(vignette, answers),
        distribution=_distribution(vignette, answers),
        class_alpha=alpha,
        resamples=resamples,
    )
