"""The tidy long table (one row per case x question) that every other table is built from.

Building it is the only step that walks the cases' assessments in Python; everything else
is a pandas groupby or an explicit pivot of it (:func:`pivot`, placing each row by its
question and case codes), so a comparison grows linearly with the number of cases and no
table depends on the order of the tidy table's rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from casebench.comparison import statuses
from casebench.models.case import Answer, Assessment, Case
from casebench.models.framework import Framework
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
    "repeats",
    "counting_id",
]
"""Columns of :func:`question_frame`, repeated for every case in the tidy table.

``repeats`` names the question this one asks again in other words (or is missing);
``counting_id`` is the question that stands for it where figures sum or average over
questions (the one it repeats, else itself), so such a pair counts once."""

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


def pivot(
    tidy: pd.DataFrame, column: str, rows: str = "question_order", columns: str = "case_order"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column of the tidy table (or of a subset of its rows) as a 2-D array, each value put
    in place by its row and column keys, never by the order of the rows.

    Returns (row keys, column keys, array), the keys sorted. Raises ``ValueError`` unless
    every row key x column key pair occurs exactly once, so a gap or a duplicate cannot
    shift values into the wrong cell silently.
    """
    row_keys, row_at = np.unique(tidy[rows].to_numpy(), return_inverse=True)
    col_keys, col_at = np.unique(tidy[columns].to_numpy(), return_inverse=True)
    cells = len(row_keys) * len(col_keys)
    flat = row_at * len(col_keys) + col_at
    if len(flat) != cells or np.bincount(flat, minlength=cells).min(initial=1) != 1:
        raise ValueError(f"the tidy rows do not hold each {rows} x {columns} exactly once")
    source = tidy[column]
    values = source.to_numpy(dtype=object if source.dtype.kind in "OT" else None)
    out = np.empty(cells, dtype=values.dtype)
    out[flat] = values
    return row_keys, col_keys, out.reshape(len(row_keys), len(col_keys))


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
                "repeats": q.repeats,
                "counting_id": framework.counting_id(qid),
            }
        )
    return pd.DataFrame(rows, columns=QUESTION_COLUMNS)


def _answer_text(answer: Answer | None) -> str | None:
    if answer is None:
        return None
    if isinstance(answer, list):
        return ", ".join(answer)
    return str(answer)


def _display(a: Assessment, labels: dict[str, str] | None) -> str | None:
    """What a matrix cell of a counted answer shows: the rating, the chosen option labels
    (``labels``: option id -> label, for choice questions), or the answer."""
    if a.rating is not None:
        return str(a.rating)
    if labels is not None and a.answer is not None:
        chosen = a.answer if isinstance(a.answer, list) else [str(a.answer)]
        return ", ".join(labels.get(c, c) for c in chosen)
    if isinstance(a.answer, float) and a.answer.is_integer():
        return str(int(a.answer))
    return _answer_text(a.answer)


CELL_COLUMNS = (
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
"""The tidy columns read from a case's assessment, in the order :func:`_cell` gives them."""

_NOT_LISTED = ("missing", np.nan, None, None, None, 0, None, None, None, None)


def _cell(
    a: Assessment, counted: bool, labels: dict[str, str] | None, shown: str | None = None
) -> tuple:
    """One assessment as the values of :data:`CELL_COLUMNS` (``counted``: its status lets
    the rating and answer count; ``shown``: the matrix's word for a status that does not,
    such as ``absent``)."""
    evidence = a.evidence
    if evidence:
        first = evidence[0]
        quoted = (
            first.quote,
            first.attribution,
            QUOTE_JOIN.join([quote_text(e, located=False) for e in evidence]),
        )
    else:
        quoted = (None, None, None)
    return (
        a.status,
        a.rating if counted and a.rating is not None else np.nan,
        _answer_text(a.answer) if counted else None,
        _display(a, labels) if counted else shown,
        a.confidence,
        len(evidence),
        *quoted,
        a.memo or None,
    )


def tidy_table(cases: Sequence[Case], framework: Framework) -> pd.DataFrame:
    """One row per case x question (cases in the order given, questions in framework order).

    ``status`` is one of :data:`casebench.comparison.statuses.STATUSES` (``missing``: the
    case file does not list the question; it reads as not assessed); ``assessed`` says
    whether that status counts as assessed. ``rating`` is NaN unless a scale question was
    rated: not assessed is missing data, never 0.
    """
    infos = [
        (qid, {o.id: o.label for o in info.question.options} if info.question.options else None)
        for qid, info in framework.questions.items()
    ]
    rated = {s.id: s.rated for s in statuses.STATUSES}
    shown = {s.id: s.shown for s in statuses.STATUSES}
    rows = [
        _NOT_LISTED
        if (a := case.assessments.get(qid)) is None
        else _cell(a, rated.get(a.status, False), labels, shown.get(a.status))
        for case in cases
        for qid, labels in infos
    ]
    cols = (
        dict(zip(CELL_COLUMNS, zip(*rows, strict=True), strict=True))
        if rows
        else {c: () for c in CELL_COLUMNS}
    )
    n_cases, qframe = len(cases), question_frame(framework)
    data: dict[str, object] = {
        "case_id": np.repeat(np.array([c.id for c in cases], dtype=object), len(infos)),
        "case_order": np.repeat(np.arange(n_cases), len(infos)),
    }
    for column in QUESTION_COLUMNS:
        data[column] = np.tile(qframe[column].to_numpy(), n_cases)
    data.update({c: np.asarray(v, dtype=object) for c, v in cols.items()})
    data["rating"] = np.asarray(cols["rating"], dtype=float)
    data["n_evidence"] = np.asarray(cols["n_evidence"], dtype=np.int64)
    tidy = pd.DataFrame(data)
    unknown = set(tidy["status"].unique()) - set(statuses.BY_ID)
    if unknown:
        raise ValueError(f"status {sorted(unknown)[0]!r} is not in comparison.statuses")
    assessed = tidy["status"].isin(statuses.ids(assessed=True))
    tidy.insert(tidy.columns.get_loc("rating"), "assessed", assessed)
    return tidy[TIDY_COLUMNS]
