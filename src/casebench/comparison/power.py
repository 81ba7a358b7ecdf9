"""The power profile: per dimension of power (Lukes 2005; *power with*, Allen et al. 2014),
mode (domination or empowerment) and case, the observations recorded and what they say."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from casebench.comparison.tidy import QUOTE_JOIN
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.models.vocabulary import MODE

MODES = tuple(MODE.values)

POWER_COLUMNS = [
    "dimension_id",
    "dimension_title",
    "mode",
    "case_id",
    "count",
    "n_evidence",
    "descriptions",
]


def power_profile(cases: Sequence[Case], framework: Framework) -> pd.DataFrame:
    """Every dimension x mode x case (zeros included, so absence shows), in framework order.

    ``descriptions`` joins the observations' descriptions with `` | `` (NaN when none).
    The loop below walks observations, not questions: its size is the number recorded.
    """
    records = [
        (obs.dimension, obs.mode, case.id, len(obs.evidence), obs.description)
        for case in cases
        for obs in case.power
    ]
    observed = pd.DataFrame(
        records, columns=["dimension_id", "mode", "case_id", "n_evidence", "description"]
    )
    keys = ["dimension_id", "mode", "case_id"]
    grouped = observed.groupby(keys, sort=False).agg(
        count=("description", "size"),
        n_evidence=("n_evidence", "sum"),
        descriptions=("description", QUOTE_JOIN.join),
    )
    dims = framework.power_dimensions
    full = pd.MultiIndex.from_product(
        [[d.id for d in dims], list(MODES), [c.id for c in cases]], names=keys
    )
    out = grouped.reindex(full).reset_index()
    out[["count", "n_evidence"]] = out[["count", "n_evidence"]].fillna(0).astype("int64")
    out["dimension_title"] = out["dimension_id"].map({d.id: d.title for d in dims})
    return out[POWER_COLUMNS]
