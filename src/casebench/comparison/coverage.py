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
    """Per case x section: questions, how many assessed (rated, answered or found absent:
    absence is a judgement), how many of those *with* at least one quote, and both as shares
    of the section's questions (0-1)."""
    frame = pd.DataFrame(
        {
            "case_order": tidy["case_order"],
            "section_order": tidy["section_order"],
            "assessed": tidy["assessed"],
            "evidenced": tidy["assessed"] & tidy["n_evidence"].gt(0),
        }
    )
    keys = ["case_order", "section_order"]
    out = (
        frame.groupby(keys)
        .agg(
            n_questions=("assessed", "size"),
            n_assessed=("assessed", "sum"),
            n_evidenced=("evidenced", "sum"),
        )
        .reset_index()
    )
    sections = tidy.drop_duplicates("section_order").set_index("section_order")
    cases = tidy.drop_duplicates("case_order").set_index("case_order")["case_id"]
    out["case_id"] = out["case_order"].map(cases)
    out["section_id"] = out["section_order"].map(sections["section_id"])
    out["section_title"] = out["section_order"].map(sections["section_title"])
    for column in ("n_questions", "n_assessed", "n_evidenced"):
        out[column] = out[column].astype("int64")
    out["assessed_share"] = out["n_assessed"] / out["n_questions"]
    out["evidenced_share"] = out["n_evidenced"] / out["n_questions"]
    return out[COVERAGE_COLUMNS]
