"""The configurations of many cases as tables: one row per configuration, per context
condition and per quote, and per mechanism the cases it is found in.

Every configuration has a reference ``case_id/cmo_id`` and every quote one
``case_id/cmo_id/N`` (N from 1), so that any row of the synthesis can point at its evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from casebench.models.case import Case, CmoConfiguration
from casebench.models.framework import Framework
from casebench.synthesis.rules import NOT_RECORDED, Rules, outcome_key, outcome_label

CONFIGURATION_COLUMNS = [
    "ref",
    "case_id",
    "cmo_id",
    "mechanism_code",
    "mechanism",
    "resource",
    "reasoning",
    "context",
    "context_tags",
    "absent_tags",
    "outcome",
    "outcome_code",
    "outcome_direction",
    "outcome_level",
    "outcome_key",
    "outcome_label",
    "provenance",
    "derived_from",
    "confidence",
    "power",
    "questions",
    "sections",
    "n_evidence",
    "evidence_refs",
]
"""Columns of :func:`configurations`; list-like cells are tuples."""

CONDITION_COLUMNS = ["ref", "case_id", "cmo_id", "mechanism_code", "tag", "text", "present"]
EVIDENCE_COLUMNS = [
    "evidence_ref",
    "ref",
    "case_id",
    "cmo_id",
    "quote",
    "attribution",
    "source",
    "location",
]
MECHANISM_COLUMNS = [
    "mechanism_code",
    "n_cases",
    "n_configurations",
    "cases",
    "outcomes",
    "context_tags",
    "refs",
]


def configuration_ref(case: Case, cmo: CmoConfiguration) -> str:
    """``case_id/cmo_id``: a configuration's name across cases."""
    return f"{case.id}/{cmo.id}"


def _sections(cmo: CmoConfiguration, framework: Framework | None) -> tuple[str, ...]:
    """Ids of the framework sections of the questions it bears on, in framework order."""
    if framework is None:
        return ()
    found = {framework.questions[q].section.id for q in cmo.questions if q in framework.questions}
    return tuple(s.id for s in framework.sections if s.id in found)


def configurations(
    cases: Sequence[Case], rules: Rules, framework: Framework | None = None
) -> pd.DataFrame:
    """One row per configuration, in case order then file order."""
    rows = []
    for case in cases:
        for cmo in case.cmo:
            ref = configuration_ref(case, cmo)
            values = {
                "direction": cmo.outcome_direction,
                "code": cmo.outcome_code,
                "level": cmo.outcome_level,
            }
            key = outcome_key(values, rules.outcome_fields)
            rows.append(
                (
                    ref,
                    case.id,
                    cmo.id,
                    cmo.mechanism_code,
                    cmo.mechanism,
                    cmo.resource,
                    cmo.reasoning,
                    cmo.context,
                    tuple(c.tag for c in cmo.context_conditions if c.present),
                    tuple(c.tag for c in cmo.context_conditions if not c.present),
                    cmo.outcome,
                    cmo.outcome_code,
                    cmo.outcome_direction,
                    cmo.outcome_level,
                    key,
                    outcome_label(key, rules.outcome_fields),
                    cmo.provenance or NOT_RECORDED,
                    cmo.derived_from,
                    cmo.confidence,
                    tuple(cmo.power),
                    tuple(cmo.questions),
                    _sections(cmo, framework),
                    len(cmo.evidence),
                    tuple(f"{ref}/{i}" for i in range(1, len(cmo.evidence) + 1)),
                )
            )
    return pd.DataFrame(rows, columns=CONFIGURATION_COLUMNS)


def conditions(cases: Sequence[Case]) -> pd.DataFrame:
    """One row per context condition of a configuration (tidy: tag, its text, held or not)."""
    rows = [
        (
            configuration_ref(case, cmo),
            case.id,
            cmo.id,
            cmo.mechanism_code,
            c.tag,
            c.text,
            c.present,
        )
        for case in cases
        for cmo in case.cmo
        for c in cmo.context_conditions
    ]
    return pd.DataFrame(rows, columns=CONDITION_COLUMNS)


def evidence(cases: Sequence[Case]) -> pd.DataFrame:
    """One row per quote backing a configuration, with its reference ``case/cmo/N``."""
    rows = [
        (
            f"{configuration_ref(case, cmo)}/{i}",
            configuration_ref(case, cmo),
            case.id,
            cmo.id,
            e.quote,
            e.attribution,
            e.source,
            e.location,
        )
        for case in cases
        for cmo in case.cmo
        for i, e in enumerate(cmo.evidence, start=1)
    ]
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def _unique(values: pd.Series) -> tuple:
    return tuple(dict.fromkeys(values))


def mechanisms(configurations: pd.DataFrame) -> pd.DataFrame:
    """One row per mechanism code, found in most cases first (then alphabetically): its
    cases, the outcomes it produced and the context conditions it fired in."""
    if configurations.empty:
        return pd.DataFrame(columns=MECHANISM_COLUMNS)
    grouped = configurations.groupby("mechanism_code", sort=False)
    out = pd.DataFrame(
        {
            "n_cases": grouped["case_id"].nunique(),
            "n_configurations": grouped.size(),
            "cases": grouped["case_id"].agg(_unique),
            "outcomes": grouped["outcome_label"].agg(_unique),
            "context_tags": grouped["context_tags"].agg(
                lambda s: tuple(dict.fromkeys(t for tags in s for t in tags))
            ),
            "refs": grouped["ref"].agg(tuple),
        }
    ).reset_index()
    out = out.sort_values(["n_cases", "mechanism_code"], ascending=[False, True], kind="stable")
    return out[MECHANISM_COLUMNS].reset_index(drop=True)


__all__ = [
    "CONDITION_COLUMNS",
    "CONFIGURATION_COLUMNS",
    "EVIDENCE_COLUMNS",
    "MECHANISM_COLUMNS",
    "conditions",
    "configuration_ref",
    "configurations",
    "evidence",
    "mechanisms",
]
