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

from itertools import combinations

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


def _groups(configurations: pd.DataFrame) -> dict[str, dict[str, pd.DataFrame]]:
    """Per mechanism, its configurations by outcome (its label stands for its key; uncoded
    outcomes left out), the groups in order of size (largest first), then of appearance."""
    coded = configurations[configurations["outcome_key"].notna()]
    out: dict[str, dict[str, pd.DataFrame]] = {}
    for mechanism, frame in coded.groupby("mechanism_code", sort=True):
        groups = {str(label): group for label, group in frame.groupby("outcome_label", sort=False)}
        ordered = sorted(groups, key=lambda k: -groups[k]["case_id"].nunique())
        out[str(mechanism)] = {k: groups[k] for k in ordered}
    return out


def _provenance(frame: pd.DataFrame) -> str:
    counts = frame["provenance"].value_counts(sort=False)
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def _evidence(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(ref for refs in frame["evidence_refs"] for ref in refs)


def _cases(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(dict.fromkeys(frame["case_id"]))


def _pairwise_similar(frame: pd.DataFrame, rules: Rules) -> bool:
    tags = [
        (case, frozenset(t))
        for case, t in zip(frame["case_id"], frame["context_tags"], strict=True)
    ]
    return all(
        contexts_similar(a, b, rules) for (ca, a), (cb, b) in combinations(tags, 2) if ca != cb
    )


def demi_regularities(configurations: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Every demi-regularity (see the module docstring): most cases first."""
    rows = []
    for mechanism, groups in _groups(configurations).items():
        everything = configurations[configurations["mechanism_code"] == mechanism]
        for key, group in groups.items():
            seen: set[frozenset[str]] = set()
            tags_in_order = dict.fromkeys(t for tags in group["context_tags"] for t in tags)
            for tag in tags_in_order:
                members = group[group["context_tags"].map(lambda tags, t=tag: t in tags)]
                refs = frozenset(members["ref"])
                if refs in seen:
                    continue
                seen.add(refs)
                if members["case_id"].nunique() < rules.min_cases:
                    continue
                shared = frozenset.intersection(*(frozenset(t) for t in members["context_tags"]))
                if len(shared) < rules.min_shared or not _pairwise_similar(members, rules):
                    continue
                holds_all = everything["context_tags"].map(lambda tags, s=shared: s <= set(tags))
                exceptions = everything[holds_all & everything["outcome_label"].ne(key)]
                rows.append(
                    (
                        mechanism,
                        key,
                        members["outcome_key"].iloc[0],
                        tuple(t for t in tags_in_order if t in shared),
                        members["case_id"].nunique(),
                        _cases(members),
                        tuple(members["ref"]),
                        round(mean_jaccard([frozenset(t) for t in members["context_tags"]]), 3),
                        tuple(exceptions["ref"]),
                        _provenance(members),
                        _evidence(members),
                    )
                )
    out = pd.DataFrame(rows, columns=DEMI_REGULARITY_COLUMNS[1:])
    out = out.sort_values(["n_cases", "mechanism_code"], ascending=[False, True], kind="stable")
    out.insert(0, "id", [f"DR{i}" for i in range(1, len(out) + 1)])
    return out.reset_index(drop=True)


def _held_throughout(frame: pd.DataFrame) -> frozenset[str]:
    return frozenset.intersection(*(frozenset(t) for t in frame["context_tags"]))


def _held_anywhere(frame: pd.DataFrame) -> frozenset[str]:
    return frozenset(t for tags in frame["context_tags"] for t in tags)


def _absent_throughout(frame: pd.DataFrame, tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t for t in tags if all(t in absent for absent in frame["absent_tags"]))


def contrasts(configurations: pd.DataFrame) -> pd.DataFrame:
    """Every contrast (see the module docstring), mechanism by mechanism."""
    rows = []
    for mechanism, groups in _groups(configurations).items():
        for a, b in combinations(groups.values(), 2):
            order_a = dict.fromkeys(t for tags in a["context_tags"] for t in tags)
            order_b = dict.fromkeys(t for tags in b["context_tags"] for t in tags)
            only_a = tuple(t for t in order_a if t in _held_throughout(a) - _held_anywhere(b))
            only_b = tuple(t for t in order_b if t in _held_throughout(b) - _held_anywhere(a))
            rows.append(
                (
                    mechanism,
                    a["outcome_label"].iloc[0],
                    _cases(a),
                    tuple(a["ref"]),
                    b["outcome_label"].iloc[0],
                    _cases(b),
                    tuple(b["ref"]),
                    only_a,
                    only_b,
                    _absent_throughout(b, only_a),
                    _absent_throughout(a, only_b),
                    _evidence(a) + _evidence(b),
                )
            )
    out = pd.DataFrame(rows, columns=CONTRAST_COLUMNS[1:])
    out.insert(0, "id", [f"CT{i}" for i in range(1, len(out) + 1)])
    return out


__all__ = ["CONTRAST_COLUMNS", "DEMI_REGULARITY_COLUMNS", "contrasts", "demi_regularities"]
