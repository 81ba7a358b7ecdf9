"""The framework matrix: one row per question, and per case its value, confidence, evidence."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from casebench.comparison.tidy import pivot

MATRIX_LEAD = [
    "question_id",
    "question_text",
    "kind",
    "part",
    "section_id",
    "section_title",
    "subsection_id",
    "subsection_title",
]
"""Columns before the per-case ones."""

CONFIDENCE_SUFFIX = ".confidence"
EVIDENCE_SUFFIX = ".evidence"
"""Per case ``<case_id>`` holds the value; these suffixes name its confidence and quote count.

Case ids never contain a dot, so the names cannot clash (and R's ``read.csv`` keeps them).
"""


def matrix_columns(case_ids: Sequence[str]) -> list[str]:
    """Every column of the matrix, in order, for these cases."""
    per_case = [
        name for cid in case_ids for name in (cid, cid + CONFIDENCE_SUFFIX, cid + EVIDENCE_SUFFIX)
    ]
    return [*MATRIX_LEAD, *per_case]


def framework_matrix(tidy: pd.DataFrame, case_ids: Sequence[str]) -> pd.DataFrame:
    """Question x case: the value shown (rating, option labels or answer; NaN when not
    assessed), the confidence and the number of quotes, beside the question's section.

    Each column is an explicit pivot of the tidy table (:func:`~casebench.comparison.tidy.pivot`
    on question and case positions); the loop below runs once per case to name and type its
    three columns.
    """
    _, case_orders, value = pivot(tidy, "value")
    if len(case_orders) != len(case_ids):
        raise ValueError("the tidy table does not hold the cases compared")
    confidence = pivot(tidy, "confidence")[2]
    evidence = pivot(tidy, "n_evidence")[2]
    first = tidy["case_order"].eq(case_orders[0])
    questions = tidy.loc[first, [*MATRIX_LEAD, "question_order"]].sort_values("question_order")
    columns: dict[str, object] = {name: questions[name].to_numpy() for name in MATRIX_LEAD}
    for k, cid in enumerate(case_ids):
        columns[cid] = pd.array(value[:, k], dtype="str")
        columns[cid + CONFIDENCE_SUFFIX] = pd.array(confidence[:, k], dtype="str")
        columns[cid + EVIDENCE_SUFFIX] = evidence[:, k]
    matrix = pd.DataFrame(columns, copy=False)
    for name in MATRIX_LEAD:
        matrix[name] = matrix[name].astype(tidy[name].dtype)
    return matrix
