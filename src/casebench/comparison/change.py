"""Levels of change (Farr 2017, Discussion): outcomes per level and case, and issues acted on
out of issues raised, keeping the "at least" of counts such as "29 of over 36"."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from casebench.comparison.tidy import QUOTE_JOIN
from casebench.models.case import Case
from casebench.models.framework import Framework

STATUSES = ("achieved", "partial", "not_achieved")

OUTCOME_COLUMNS = [
    "level_id",
    "level_title",
    "case_id",
    *STATUSES,
    "total",
    "descriptions",
]

ISSUE_COLUMNS = [
    "case_id",
    "raised",
    "raised_is_minimum",
    "acted_on",
    "ratio",
    "ratio_is_maximum",
    "label",
    "note",
]


def levels_of_change(cases: Sequence[Case], framework: Framework) -> pd.DataFrame:
    """Every level x case with the number of outcomes by status (zeros included).

    ``descriptions`` joins the outcomes' descriptions with `` | ``, each not-achieved or
    partial one prefixed with its status in brackets.
    """
    records = [
        (
            o.level,
            case.id,
            o.status,
            o.description if o.status == "achieved" else f"({o.status}) {o.description}",
        )
        for case in cases
        for o in case.outcomes
    ]
    frame = pd.DataFrame(records, columns=["level_id", "case_id", "status", "description"])
    keys = ["level_id", "case_id"]
    counts = pd.crosstab([frame["level_id"], frame["case_id"]], frame["status"])
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    text = frame.groupby(keys, sort=False)["description"].agg(QUOTE_JOIN.join)
    levels = framework.levels_of_change
    full = pd.MultiIndex.from_product([[lv.id for lv in levels], [c.id for c in cases]], names=keys)
    out = counts.join(text.rename("descriptions"), how="outer").reindex(full).reset_index()
    out[list(STATUSES)] = out[list(STATUSES)].fillna(0).astype("int64")
    out["total"] = out[list(STATUSES)].sum(axis=1)
    out["level_title"] = out["level_id"].map({lv.id: lv.title for lv in levels})
    return out[OUTCOME_COLUMNS]


def _label(raised: int | None, minimum: bool, acted_on: int | None) -> str | None:
    if raised is None and acted_on is None:
        return None
    of = "?" if raised is None else f"{'at least ' if minimum else ''}{raised}"
    acted = "?" if acted_on is None else str(acted_on)
    return f"{acted} of {of}"


def issues_table(cases: Sequence[Case]) -> pd.DataFrame:
    """One row per case: issues raised and acted on, and the share acted on.

    When ``raised`` is a minimum ("over 36"), ``ratio`` is an upper bound and
    ``ratio_is_maximum`` says so; ``label`` reads e.g. "29 of at least 36".
    """
    rows = [
        (
            c.id,
            c.issues.raised,
            c.issues.raised_is_minimum,
            c.issues.acted_on,
            _label(c.issues.raised, c.issues.raised_is_minimum, c.issues.acted_on),
            c.issues.note or None,
        )
        for c in cases
    ]
    out = pd.DataFrame(
        rows, columns=["case_id", "raised", "raised_is_minimum", "acted_on", "label", "note"]
    )
    for column in ("raised", "acted_on"):
        out[column] = out[column].astype("Int64")
    raised = out["raised"].astype("float64")
    acted_on = out["acted_on"].astype("float64")
    out["ratio"] = acted_on / raised.where(raised > 0)
    out["ratio_is_maximum"] = out["raised_is_minimum"] & out["ratio"].notna()
    out["note"] = out["note"].astype("str")
    return out[ISSUE_COLUMNS]
