"""Levels of change (Farr 2017, Discussion): outcomes per level and case, and issues acted on
out of issues raised, keeping the source's qualifier of counts such as "29 of over 36"."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from casebench.comparison.tidy import QUOTE_JOIN
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.models.vocabulary import OUTCOME_STATUS

STATUSES = tuple(OUTCOME_STATUS.values)

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
    "raised_qualifier",
    "acted_on",
    "ratio",
    "ratio_bound",
    "label",
    "share",
    "note",
]

RAISED_WORDS = {"exactly": "", "at_least": "at least ", "over": "over "}
"""How a qualified count of issues raised reads: "36", "at least 36", "over 36"."""
RATIO_BOUNDS = {"exactly": "exactly", "at_least": "at_most", "over": "under"}
"""What a qualifier of issues raised makes of the share acted on: with "over 36" raised,
29 acted on is a share under 29/36, never reached; with "at least 36", at most 29/36."""
SHARE_WORDS = {"exactly": "", "at_most": "at most ", "under": "under "}


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


def _label(raised: int | None, qualifier: str, acted_on: int | None) -> str | None:
    if raised is None and acted_on is None:
        return None
    of = "?" if raised is None else f"{RAISED_WORDS[qualifier]}{raised}"
    acted = "?" if acted_on is None else str(acted_on)
    return f"{acted} of {of}"


def share_text(ratio: float | None, bound: str | None) -> str | None:
    """A share as a whole percentage with its bound: "81%", "at most 81%", "under 81%".

    A bound is rounded up, so that it stays true ("under 81%" for 29 of over 36, 80.6%)."""
    if pd.isna(ratio) or pd.isna(bound):
        return None
    if bound == "exactly":
        return f"{ratio:.0%}"
    return f"{SHARE_WORDS[bound]}{math.ceil(round(ratio * 100, 9))}%"


def issues_table(cases: Sequence[Case]) -> pd.DataFrame:
    """One row per case: issues raised and acted on, and the share acted on.

    ``raised_qualifier`` is the source's word for ``raised`` (``exactly``, ``at_least``,
    ``over``); ``label`` reads as the source does, e.g. "29 of over 36". When ``raised`` is
    qualified, ``ratio`` (acted on / raised) is a bound of the true share: ``ratio_bound``
    says which (``at_most``, or ``under`` when it cannot be reached), and ``share`` reads
    e.g. "under 81%".
    """
    rows = [
        (
            c.id,
            c.issues.raised,
            None if c.issues.raised is None else c.issues.raised_qualifier,
            c.issues.acted_on,
            _label(c.issues.raised, c.issues.raised_qualifier, c.issues.acted_on),
            c.issues.note or None,
        )
        for c in cases
    ]
    out = pd.DataFrame(
        rows, columns=["case_id", "raised", "raised_qualifier", "acted_on", "label", "note"]
    )
    for column in ("raised", "acted_on"):
        out[column] = out[column].astype("Int64")
    raised = out["raised"].astype("float64")
    acted_on = out["acted_on"].astype("float64")
    out["ratio"] = acted_on / raised.where(raised > 0)
    bound = out["raised_qualifier"].map(RATIO_BOUNDS).astype("object")
    out["ratio_bound"] = bound.where(out["ratio"].notna(), None)
    out["share"] = [share_text(r, b) for r, b in zip(out["ratio"], out["ratio_bound"], strict=True)]
    out["note"] = out["note"].astype("str")
    return out[ISSUE_COLUMNS]


def issues_summed(issues: pd.DataFrame) -> tuple[int, str, int, str | None]:
    """Over the cases recording both counts: how many they are, issues raised summed (with the
    qualifier the sum keeps: "over 46" when any count is "over"), issues acted on summed, and
    the median share acted on. The median of bounds bounds the median, so it reads "at most"
    when any share is a bound."""
    recorded = issues.dropna(subset=["raised", "acted_on"])
    qualifiers = set(recorded["raised_qualifier"])
    summed = "over" if "over" in qualifiers else "at_least" if "at_least" in qualifiers else ""
    raised = f"{RAISED_WORDS.get(summed, '')}{int(recorded['raised'].sum())}"
    bound = "exactly" if set(recorded["ratio_bound"].dropna()) <= {"exactly"} else "at_most"
    median = share_text(recorded["ratio"].median(), bound) if len(recorded) else None
    return len(recorded), raised, int(recorded["acted_on"].sum()), median
