"""Coverage: what share of each section a case has assessed, and backed with quotes."""

from __future__ import annotations

import pandas as pd

COVERAGE_COLUMNS = [
    "case_id",
    "section_id",
    "section_title",
    "n_questions",
    "n_assessed",
    "n_evidenced",
    "assessed_share",
    "evidenced_share",
]


def coverage_table(tidy: pd.DataFrame) -> pd.DataFrame:
    """Per case x section: questions, how many assessed, how many assessed *with* at least
    one quote, and both as shares of the section's questions (0-1)."""
    frame = tidy.assign(evidenced=tidy["assessed"] & tidy["n_evidence"].gt(0))
    keys = ["case_order", "case_id", "section_order", "section_id", "section_title"]
    out = frame.groupby(keys, sort=True).agg(
        n_questions=("question_id", "size"),
        n_assessed=("assessed", "sum"),
        n_evidenced=("evidenced", "sum"),
    ).reset_index()
    for column in ("n_questions", "n_assessed", "n_evidenced"):
        out[column] = out[column].astype("int64")
    out["assessed_share"] = out["n_assessed"] / out["n_questions"]
    out["evidenced_share"] = out["n_evidenced"] / out["n_questions"]
    return out[COVERAGE_COLUMNS]
