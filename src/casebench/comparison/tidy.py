"""The tidy long table (one row per case x question) that every other table is built from.

Building it is the only step that walks the cases' assessments in Python; everything else
is a pandas groupby or pivot of it, so a comparison grows linearly with the number of cases.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from casebench.models.case import Answer, Assessment, Case
from casebench.models.framework import Framework, Question
from casebench.quotes import quote_text

QUESTION_COLUMNS = [
    "question_id",
    "question_order",
    "question_text",
    "kind",
    "part",
    "section_id",
    "section_order",
    "section_title",
    "subsection_id",
    "subsection_title",
    "scale_min",
    "scale_max",
]
"""Columns of :func:`question_frame`, repeated for every case in the tidy table."""

TIDY_COLUMNS = [
    "case_id",
    "case_order",
    *QUESTION_COLUMNS,
    "status",
    "assessed",
    "rating",
    "answer",
    "value",
    "confidence",
    "n_evidence",
    "first_quote",
    "first_attribution",
    "quotes",
    "memo",
]
"""Columns of :func:`tidy_table`, in order (documented in ``docs/compare-json.md``)."""

QUOTE_JOIN = " | "
"""Separator between several quotes (or descriptions) held in one text cell."""

ABSENT = "absent"
"""What the matrix shows for a practice the coder looked for and did not find: a judgement,
but not a rating, so it is left out of every mean and distance."""


def question_by_case(tidy: pd.DataFrame, column: str, n_cases: int) -> np.ndarray:
    """A column of the tidy table as a questions x cases array (a pivot without the hashing).

    The tidy table is case-major and complete: each case holds every question, in framework
    order, so a reshape is the pivot.
    """
    values = tidy[column].to_numpy(dtype=object if tidy[column].dtype.kind in "OT" else None)
    if n_cases == 0 or len(values) % n_cases:
        raise ValueError("the tidy table must hold every question for every case")
    return values.reshape(n_cases, len(values) // n_cases).T


def question_frame(framework: Framework) -> pd.DataFrame:
    """One row per question of the framework, in framework order, with where it sits."""
    section_order = {s.id: i for i, s in enumerate(framework.sections)}
    rows = []
    for order, (qid, info) in enumerate(framework.questions.items()):
        q = info.question
        scale = framework.scale_for(q) if q.kind == "scale" else None
        rows.append(
            {
                "question_id": qid,
                "question_order": order,
                "question_text": q.text,
                "kind": q.kind,
                "part": info.section.part,
                "section_id": info.section.id,
                "section_order": section_order[info.section.id],
                "section_title": info.section.title,
                "subsection_id": info.subsection.id if info.subsection else None,
                "subsection_title": info.subsection.title if info.subsection else None,
                "scale_min": float(min(scale.values)) if scale else np.nan,
                "scale_max": float(max(scale.values)) if scale else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=QUESTION_COLUMNS)


def _answer_text(answer: Answer | None) -> str | None:
    if answer is None:
        return None
    if isinstance(answer, list):
        return ", ".join(answer)
    return str(answer)


def _display(question: Question, a: Assessment) -> str | None:
    """What a matrix cell shows: the rating, the chosen option labels, the answer, or
    ``absent``."""
    if a.status == "absent":
        return ABSENT
    if not a.assessed:
        return None
    if a.rating is not None:
        return str(a.rating)
    if question.kind == "choice" and a.answer is not None:
        labels = {o.id: o.label for o in question.options}
        chosen = a.answer if isinstance(a.answer, list) else [str(a.answer)]
        return ", ".join(labels.get(c, c) for c in chosen)
    if isinstance(a.answer, float) and a.answer.is_integer():
        return str(int(a.answer))
    return _answer_text(a.answer)


_MISSING = Assessment(status="not_assessed")


def tidy_table(cases: Sequence[Case], framework: Framework) -> pd.DataFrame:
    """One row per case x question (cases in the order given, questions in framework order).

    ``status`` is ``assessed``, ``absent``, ``not_assessed`` or ``missing`` (the case file does
    not list the question; treated as not assessed). ``assessed`` is true for a judgement
    (rated, answered or absent), as coverage counts it. ``rating`` is NaN unless a scale
    question was rated: absent and not assessed are never a number, never 0.
    """
    questions = framework.questions
    infos = [(qid, info.question) for qid, info in questions.items()]
    cols: dict[str, list] = {
        k: []
        for k in (
            "status",
            "rating",
            "answer",
            "value",
            "confidence",
            "n_evidence",
            "first_quote",
            "first_attribution",
            "quotes",
            "memo",
        )
    }
    status, rating, answer, value = cols["status"], cols["rating"], cols["answer"], cols["value"]
    confidence, n_evidence, memo = cols["confidence"], cols["n_evidence"], cols["memo"]
    first_quote, first_attr, quotes = cols["first_quote"], cols["first_attribution"], cols["quotes"]
    for case in cases:
        given = case.assessments
        for qid, question in infos:
            a = given.get(qid)
            status.append("missing" if a is None else a.status)
            a = a or _MISSING
            assessed = a.assessed
            rating.append(a.rating if assessed and a.rating is not None else np.nan)
            answer.append(_answer_text(a.answer) if assessed else None)
            value.append(_display(question, a))
            confidence.append(a.confidence)
            n_evidence.append(len(a.evidence))
            memo.append(a.memo or None)
            if a.evidence:
                first_quote.append(a.evidence[0].quote)
                first_attr.append(a.evidence[0].attribution)
                quotes.append(QUOTE_JOIN.join(quote_text(e, located=False) for e in a.evidence))
            else:
                first_quote.append(None)
                first_attr.append(None)
                quotes.append(None)
    n_cases, qframe = len(cases), question_frame(framework)
    data: dict[str, object] = {
        "case_id": np.repeat(np.array([c.id for c in cases], dtype=object), len(infos)),
        "case_order": np.repeat(np.arange(n_cases), len(infos)),
    }
    for column in QUESTION_COLUMNS:
        data[column] = np.tile(qframe[column].to_numpy(), n_cases)
    data.update(cols)
    data["rating"] = np.asarray(rating, dtype=float)
    data["n_evidence"] = np.asarray(n_evidence, dtype=np.int64)
    tidy = pd.DataFrame(data)
    judged = tidy["status"].isin(["assessed", ABSENT])
    tidy.insert(tidy.columns.get_loc("rating"), "assessed", judged)
    return tidy[TIDY_COLUMNS]
