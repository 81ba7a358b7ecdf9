"""The framework matrix: one row per question, and per case its value, confidence, evidence."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

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
        name
        for cid in case_ids
        for name in (cid, cid + CONFIDENCE_SUFFIX, cid + EVIDENCE_SUFFIX)
    ]
    return [*MATRIX_LEAD, *per_case]


def framework_matrix(tidy: pd.DataFrame, case_ids: Sequence[str]) -> pd.DataFrame:
    """Question x case: the value shown (rating, option labels or answer; NaN when not
    assessed), the confidence and the number of quotes, beside the question's section."""
    wide = tidy.pivot(
        index="question_id", columns="case_id", values=["value", "confidence", "n_evidence"]
    )
    lead = tidy.loc[tidy["case_order"].eq(0), MATRIX_LEAD].set_index("question_id")
    renamed = {
        "value": lambda cid: cid,
        "confidence": lambda cid: cid + CONFIDENCE_SUFFIX,
        "n_evidence": lambda cid: cid + EVIDENCE_SUFFIX,
    }
    wide.columns = [renamed[field](cid) for field, cid in wide.columns]
    matrix = lead.join(wide).reset_index()
    matrix = matrix[matrix_columns(case_ids)]
    evidence = [cid + EVIDENCE_SUFFIX for cid in case_ids]
    matrix[evidence] = matrix[evidence].astype("int64")
    return matrix
