"""Every question on which coders disagree, with each coder's rating and evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from casebench.models.case import Case, Evidence
from casebench.models.framework import Framework
from casebench.quotes import quote_text


def _evidence_text(evidence: list[Evidence]) -> str:
    return "\n".join(quote_text(item) for item in evidence)


def disagreements(
    cases: Sequence[Case],
    framework: Framework,
    coders: tuple[str, ...],
    rating_of: Callable[[Case, str], int | None],
) -> pd.DataFrame:
    """One row per scale question the coders rated differently, or only some rated."""
    records = []
    for qid, info in framework.questions.items():
        if info.question.kind != "scale":
            continue
        ratings = [rating_of(case, qid) for case in cases]
        given = [r for r in ratings if r is not None]
        if not given:
            continue
        if len(given) < len(ratings):
            kind = "rated by some coders only"
        elif len(set(given)) > 1:
            kind = "rating"
        else:
            continue
        record: dict[str, object] = {
            "section": info.section.id,
            "question": qid,
            "text": info.question.text,
            "kind": kind,
            "spread": max(given) - min(given),
        }
        for coder, rating in zip(coders, ratings, strict=True):
            record[f"rating: {coder}"] = rating
        for coder, case in zip(coders, cases, strict=True):
            assessment = case.assessments.get(qid)
            record[f"evidence: {coder}"] = _evidence_text(assessment.evidence if assessment else [])
        records.append(record)
    columns = ["section", "question", "text", "kind", "spread"]
    columns += [f"rating: {c}" for c in coders] + [f"evidence: {c}" for c in coders]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for coder in coders:
        frame[f"rating: {coder}"] = frame[f"rating: {coder}"].astype("Int64")
    return frame.astype({"spread": "Int64"})
