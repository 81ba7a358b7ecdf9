"""Course part 3, comparing a student's coding of a vignette with its reference coding.

Agreement comes from :mod:`casebench.agreement` (weighted kappa and Krippendorff's alpha with
bootstrap intervals, and agreement on statuses); the disagreements are listed with both sides'
evidence, largest first, and the largest gets a prompt for a memo, which can be added to the
student's case file (atomically, the old version kept as a backup).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from casebench.agreement import Agreement, IncomparableCases, agreement
from casebench.caseio import save_case
from casebench.errors import InputError
from casebench.exercises.vignette import Answer, Vignette, answers_from_case
from casebench.exercises.vignette_file import ABSENT
from casebench.models.case import Assessment, Case
from casebench.validation import load_case

STATUS_SIZE = 2
"""How large an absent-against-a-rating disagreement counts when disagreements are ranked: as
two scale points, since it is a different kind of judgement, not a near miss."""
MEMO_LEAD = "After comparing with the reference coding:"


@dataclass(frozen=True)
class ReferenceComparison:
    """A student's coding against the reference: the agreement figures, the disagreements
    (largest first) and a memo prompt on the largest."""

    student: str
    agreement: Agreement
    disagreements: pd.DataFrame
    not_judged: tuple[str, ...]
    largest: str | None
    memo_prompt: str

    def summary(self) -> str:
        """Plain text: kappa with its interval, then each disagreement."""
        overall = self.agreement.overall.iloc[0]
        kappa = overall["kappa"]
        figure = "n/a" if pd.isna(kappa) else f"{kappa:.2f}"
        interval = (
            f" (95% interval {overall['kappa_low']:.2f} to {overall['kappa_high']:.2f})"
            if not pd.isna(overall["kappa_low"])
            else ""
        )
        note = f"; {overall['note']}" if overall["note"] else ""
        lines = [
            f"Weighted kappa with the reference coding over {overall['n_shared']} questions: "
            f"{figure}{interval}{note}."
        ]
        for row in self.disagreements.itertuples(index=False):
            lines.append(f"{row.question}: you {row.student}; reference {row.reference}.")
        if self.not_judged:
            lines.append(f"Not judged yet: {', '.join(self.not_judged)}.")
        lines.append(self.memo_prompt)
        return "\n".join(lines)


def _student_case(case: Case, vignette: Vignette) -> Case:
    """The student's judgements of the vignette's questions only, as a coding of its case."""
    keep = {item.question.id for item in vignette.questions}
    coder = case.coder.strip() or "you"
    if coder == "reference coding":
        coder = "you"
    return case.model_copy(
        update={
            "id": vignette.id,
            "coder": coder,
            "assessments": {q: a for q, a in case.assessments.items() if q in keep},
        }
    )


def _evidence(assessment: Assessment | None) -> str:
    if assessment is None:
        return ""
    return "\n".join(f"“{e.quote}” — {e.attribution}" for e in assessment.evidence)


def _size(given: Answer, reference: int | str, values: list[int]) -> int:
    if ABSENT in (given, reference):
        return STATUS_SIZE
    return abs(values.index(int(given)) - values.index(int(reference)))


def compare_with_reference(case: Case, vignette: Vignette) -> ReferenceComparison:
    """The student's coding (a case) against the vignette's reference coding."""
    if (case.framework.id, case.framework.version) != (
        vignette.framework.id,
        vignette.framework.version,
    ):
        raise InputError.single(
            case.id,
            f"is coded against {case.framework.id} {case.framework.version}; the vignette's "
            f"reference coding is of {vignette.framework.id} {vignette.framework.version}",
            field="framework",
        )
    student = _student_case(case, vignette)
    reference = vignette.reference_case()
    try:
        result = agreement([student, reference], vignette.focused_framework())
    except IncomparableCases as exc:
        raise InputError.single(case.id, str(exc), field=exc.field_name) from None
    answers, _ = answers_from_case(student)
    records, not_judged = [], []
    for item in vignette.questions:
        qid = item.question.id
        given = answers.get(qid)
        if given is None:
            not_judged.append(qid)
            continue
        if given == item.reference:
            continue
        records.append(
            {
                "question": qid,
                "text": item.question.text,
                "section": item.section.title,
                "student": item.words(given),
                "reference": item.words(item.reference),
                "size": _size(given, item.reference, item.scale.values),
                "student_evidence": _evidence(student.assessments.get(qid)),
                "reference_evidence": _evidence(reference.assessments[qid]),
                "reasoning": item.why,
            }
        )
    columns = [
        "question",
        "text",
        "section",
        "student",
        "reference",
        "size",
        "student_evidence",
        "reference_evidence",
        "reasoning",
    ]
    table = pd.DataFrame.from_records(records, columns=columns)
    table = table.sort_values("size", ascending=False, kind="stable").reset_index(drop=True)
    largest = str(table.iloc[0]["question"]) if len(table) else None
    return ReferenceComparison(
        student.coder,
        result,
        table,
        tuple(not_judged),
        largest,
        memo_prompt(table, vignette),
    )


def memo_prompt(table: pd.DataFrame, vignette: Vignette) -> str:
    """What to write about the largest disagreement, in the scale's words."""
    if table.empty:
        return (
            "You agree with the reference coding on every question you judged. Write a memo on "
            "the judgement you found hardest: which passage decided it, and which neighbouring "
            "rating you weighed against it."
        )
    row = table.iloc[0]
    item = vignette.question(str(row["question"]))
    return (
        f"Write a memo on “{item.question.text.strip()}” ({row['question']}), your largest "
        f"disagreement: you judged {row['student']}, the reference {row['reference']}. Say "
        "which words of the vignette led you to your judgement, what the reference's evidence "
        f"(“{item.evidence[0].quote.strip()}”) shows, and which judgement you would defend now, "
        "in the scale's words."
    )


def add_memo(path: str | Path, question_id: str, memo: str) -> Path:
    """Add a memo to one question of the student's case file (after any memo already there);
    the file is saved atomically and its previous version kept as ``.bak``."""
    text = memo.strip()
    if not text:
        raise InputError.single(str(path), "the memo is empty; write it first", field="memo")
    case = load_case(path)
    assessment = case.assessments.get(question_id, Assessment(status="not_assessed"))
    added = f"{MEMO_LEAD} {text}"
    combined = f"{assessment.memo.rstrip()}\n\n{added}" if assessment.memo.strip() else added
    updated = case.model_copy(
        update={
            "assessments": case.assessments
            | {question_id: assessment.model_copy(update={"memo": combined})}
        }
    )
    save_case(updated, path)
    return Path(path)
