"""Realist synthesis (Pawson 2006): context-mechanism-outcome configurations across cases,
grouped by ``mechanism_code`` into mechanisms that recur and those found in one case only."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from casebench.comparison.tidy import QUOTE_JOIN
from casebench.models.case import Case

CMO_COLUMNS = [
    "mechanism_code",
    "recurrence",
    "n_cases",
    "case_id",
    "cmo_id",
    "context",
    "mechanism",
    "outcome",
    "questions",
    "n_evidence",
]

MECHANISM_COLUMNS = [
    "mechanism_code",
    "recurrence",
    "n_cases",
    "n_configurations",
    "cases",
    "mechanisms",
    "contexts",
    "outcomes",
]


def cmo_configurations(cases: Sequence[Case]) -> pd.DataFrame:
    """One row per configuration; ``recurrence`` is ``shared`` when its mechanism code is
    found in two or more cases, else ``unique``. Shared mechanisms come first."""
    order = {c.id: i for i, c in enumerate(cases)}
    rows = [
        (
            cmo.mechanism_code,
            case.id,
            cmo.id,
            cmo.context,
            cmo.mechanism,
            cmo.outcome,
            ", ".join(cmo.questions) or None,
            len(cmo.evidence),
        )
        for case in cases
        for cmo in case.cmo
    ]
    out = pd.DataFrame(
        rows,
        columns=[
            "mechanism_code",
            "case_id",
            "cmo_id",
            "context",
            "mechanism",
            "outcome",
            "questions",
            "n_evidence",
        ],
    )
    out["n_cases"] = out.groupby("mechanism_code")["case_id"].transform("nunique")
    out["n_cases"] = out["n_cases"].astype("int64")
    out["recurrence"] = out["n_cases"].map(lambda n: "shared" if n >= 2 else "unique")
    out["_order"] = out["case_id"].map(order)
    out = out.sort_values(
        ["n_cases", "mechanism_code", "_order"], ascending=[False, True, True], kind="stable"
    )
    return out[CMO_COLUMNS].reset_index(drop=True)


def mechanisms(configurations: pd.DataFrame) -> pd.DataFrame:
    """One row per mechanism code: the cases it is found in (comparison order) and the
    contexts, mechanisms and outcomes it comes with, joined with `` | ``."""

    def join_unique(values: pd.Series) -> str:
        return QUOTE_JOIN.join(dict.fromkeys(values))

    out = configurations.groupby("mechanism_code", sort=False).agg(
        recurrence=("recurrence", "first"),
        n_cases=("n_cases", "first"),
        n_configurations=("cmo_id", "size"),
        cases=("case_id", lambda s: ", ".join(dict.fromkeys(s))),
        mechanisms=("mechanism", join_unique),
        contexts=("context", join_unique),
        outcomes=("outcome", join_unique),
    )
    return out.reset_index()[MECHANISM_COLUMNS]
