"""Coverage: what share of each section (and of the whole framework) a case has assessed,
and backed with quotes. A question restating another of the same group counts once."""

from __future__ import annotations

import pandas as pd

from casebench.comparison.profiles import count_once

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


OVERVIEW_COLUMNS = [
    "case_id",
    "n_questions",
    "n_assessed",
    "n_rated",
    "n_evidenced",
    "assessed_share",
    "rated_share",
]


def _frame(tidy: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_order": tidy["case_order"],
            "section_order": tidy["section_order"],
            "question_id": tidy["question_id"],
            "counting_id": tidy["counting_id"],
            "is_scale": tidy["kind"].eq("scale"),
            "assessed": tidy["assessed"],
            "rated": tidy["rating"].notna(),
            "evidenced": tidy["assessed"] & tidy["n_evidence"].gt(0),
        }
    )


def overview_table(tidy: pd.DataFrame) -> pd.DataFrame:
    """Per case, over the whole framework (a restated question counted once): questions,
    how many assessed, rated (scale questions with a rating) and evidenced, and the shares
    assessed (of all questions) and rated (of the scale questions)."""
    frame = count_once(_frame(tidy), ["case_order"])
    out = (
        frame.groupby("case_order")
        .agg(
            n_questions=("assessed", "size"),
            n_scale=("is_scale", "sum"),
            n_assessed=("assessed", "sum"),
            n_rated=("rated", "sum"),
            n_evidenced=("evidenced", "sum"),
        )
        .reset_index()
    )
    cases = tidy.drop_duplicates("case_order").set_index("case_order")["case_id"]
    out["case_id"] = out["case_order"].map(cases)
    for column in ("n_questions", "n_assessed", "n_rated", "n_evidenced"):
        out[column] = out[column].astype("int64")
    out["assessed_share"] = out["n_assessed"] / out["n_questions"]
    out["rated_share"] = out["n_rated"] / out["n_scale"].where(out["n_scale"] > 0)
    return out[OVERVIEW_COLUMNS]


def coverage_table(tidy: pd.DataFrame) -> pd.DataFrame:
    """Per case x section: questions, how many assessed, how many assessed *with* at least
    one quote, and both as shares of the section's questions (0-1)."""
    keys = ["case_order", "section_order"]
    frame = count_once(_frame(tidy), keys)
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
