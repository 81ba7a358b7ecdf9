"""Patterns across cases (Pawson 2006): demi-regularities and contrasts of one mechanism.

A **demi-regularity** is a mechanism that produced similar outcomes in similar contexts in
several cases. For each mechanism and each group of configurations with similar outcomes,
every context condition that held in one of them picks out the configurations where it held;
those configurations form a demi-regularity when they come from at least ``min_cases`` cases,
share at least ``min_shared`` conditions (``shared_conditions``: those held in all of them)
and are pairwise similar by Jaccard. Configurations of the same mechanism that held all the
shared conditions but produced a different outcome are listed as its ``exceptions``.

A **contrast** is a mechanism that produced different outcomes: for every two groups of its
configurations with different outcomes, the conditions held throughout one group and in none
of the other ("for whom, in what circumstances"), and which of those the other group records
as absent (rather than simply not recorded).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any

import pandas as pd

from casebench.synthesis.rules import Rules, contexts_similar, mean_jaccard

DEMI_REGULARITY_COLUMNS = [
    "id",
    "mechanism_code",
    "outcome_label",
    "outcome_key",
    "shared_conditions",
    "n_cases",
    "cases",
    "refs",
    "context_similarity",
    "exceptions",
    "provenance",
    "evidence_refs",
]
CONTRAST_COLUMNS = [
    "id",
    "mechanism_code",
    "outcome_a",
    "cases_a",
    "refs_a",
    "outcome_b",
    "cases_b",
    "refs_b",
    "only_a",
    "only_b",
    "absent_in_b",
    "absent_in_a",
    "evidence_refs",
]


Record = dict[str, Any]


def _groups(configurations: pd.DataFrame) -> dict[str, dict[str, list[Record]]]:
    """Per mechanism (alphabetically), its configurations by outcome (the label stands for
    the key; uncoded outcomes left out), largest group first (in cases), then by appearance.
    Plain records: the groups are many and small, which pandas handles slowly."""
    by_mechanism: dict[str, dict[str, list[Record]]] = {}
    for record in configurations.to_dict(orient="records"):
        if record["outcome_key"] is None:
            continue
        groups = by_mechanism.setdefault(record["mechanism_code"], {})
        groups.setdefault(record["outcome_label"], []).append(record)
    out = {}
    for mechanism in sorted(by_mechanism):
        groups = by_mechanism[mechanism]
        ordered = sorted(groups, key=lambda label: -len(_cases(groups[label])))
        out[mechanism] = {label: groups[label] for label in ordered}
    return out


def _cases(records: list[Record]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r["case_id"] for r in records))


def _provenance(records: list[Record]) -> str:
    counts = Counter(r["provenance"] for r in records)
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def _evidence(records: list[Record]) -> tuple[str, ...]:
    return tuple(ref for r in records for ref in r["evidence_refs"])


def _tags_in_order(records: list[Record]) -> list[str]:
    return list(dict.fromkeys(t for r in records for t in r["context_tags"]))


def _pairwise_similar(records: list[Record], rules: Rules) -> bool:
    return all(
        contexts_similar(frozenset(a["context_tags"]), frozenset(b["context_tags"]), rules)
        for a, b in combinations(records, 2)
        if a["case_id"] != b["case_id"]
    )


def demi_regularities(configurations: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Every demi-regularity (see the module docstring): most cases first."""
    rows = []
    for mechanism, groups in _groups(configurations).items():
        everything = [r for group in groups.values() for r in group]
        for label, group in groups.items():
            seen: set[frozenset[str]] = set()
            order = _tags_in_order(group)
            for tag in order:
                members = [r for r in group if tag in r["context_tags"]]
                refs = frozenset(r["ref"] for r in members)
                if refs in seen:
                    continue
                seen.add(refs)
                cases = _cases(members)
                if len(cases) < rules.min_cases:
                    continue
                shared = frozenset.intersection(*(frozenset(r["context_tags"]) for r in members))
                if len(shared) < rules.min_shared or not _pairwise_similar(members, rules):
                    continue
                exceptions = [
                    r["ref"]
                    for r in everything
                    if r["outcome_label"] != label and shared <= set(r["context_tags"])
                ]
                rows.append(
                    (
                        mechanism,
                        label,
                        members[0]["outcome_key"],
                        tuple(t for t in order if t in shared),
                        len(cases),
                        cases,
                        tuple(r["ref"] for r in members),
                        round(mean_jaccard([frozenset(r["context_tags"]) for r in members]), 3),
                        tuple(exceptions),
                        _provenance(members),
                        _evidence(members),
                    )
                )
    out = pd.DataFrame(rows, columns=DEMI_REGULARITY_COLUMNS[1:])
    out = out.sort_values(["n_cases", "mechanism_code"], ascending=[False, True], kind="stable")
    out.insert(0, "id", [f"DR{i}" for i in range(1, len(out) + 1)])
    return out.reset_index(drop=True)


def _held_throughout(records: list[Record]) -> frozenset[str]:
    return frozenset.intersection(*(frozenset(r["context_tags"]) for r in records))


def _held_anywhere(records: list[Record]) -> frozenset[str]:
    return frozenset(t for r in records for t in r["context_tags"])


def _absent_throughout(records: list[Record], tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in tags if all(t in r["absent_tags"] for r in records))


def contrasts(configurations: pd.DataFrame) -> pd.DataFrame:
    """Every contrast (see the module docstring), mechanism by mechanism."""
    rows = []
    for mechanism, groups in _groups(configurations).items():
        for (label_a, a), (label_b, b) in combinations(groups.items(), 2):
            only_a = _held_throughout(a) - _held_anywhere(b)
            only_b = _held_throughout(b) - _held_anywhere(a)
            in_order_a = tuple(t for t in _tags_in_order(a) if t in only_a)
            in_order_b = tuple(t for t in _tags_in_order(b) if t in only_b)
            rows.append(
                (
                    mechanism,
                    label_a,
                    _cases(a),
                    tuple(r["ref"] for r in a),
                    label_b,
                    _cases(b),
                    tuple(r["ref"] for r in b),
                    in_order_a,
                    in_order_b,
                    _absent_throughout(b, in_order_a),
                    _absent_throughout(a, in_order_b),
                    _evidence(a) + _evidence(b),
                )
            )
    out = pd.DataFrame(rows, columns=CONTRAST_COLUMNS[1:])
    out.insert(0, "id", [f"CT{i}" for i in range(1, len(out) + 1)])
    return out


__all__ = ["CONTRAST_COLUMNS", "DEMI_REGULARITY_COLUMNS", "contrasts", "demi_regularities"]
