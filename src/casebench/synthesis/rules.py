"""What "similar" means in the synthesis: the rules that decide when two configurations have
similar outcomes and similar contexts. Explicit and configurable, so a team can state (and a
reader can check) the judgement behind every demi-regularity and contrast.

*Outcomes* are similar when they agree on every field named in ``Rules.outcome_fields``
(by default the direction and the outcome code). A field one configuration leaves unrecorded
matches only a configuration that leaves it unrecorded too, so the relation is an
equivalence: the configurations of a mechanism fall into outcome groups. A configuration that
records none of those fields has no outcome key and is left out of patterns (it is still
listed, case by case).

*Contexts* are similar when they share at least ``Rules.min_shared`` context conditions that
held (tags with ``present: true``), and their Jaccard similarity (conditions held by both over
conditions held by either) is at least ``Rules.min_jaccard``. The default Jaccard threshold of
0 leaves the shared conditions to decide: coders tag the conditions that matter, and a few
tags specific to each case should not hide a condition the cases share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

OUTCOME_FIELDS = ("direction", "code", "level")
"""The outcome fields similarity can be judged on (``outcome_<field>`` of a configuration)."""

NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class Rules:
    """Thresholds of the synthesis (see the module docstring for what they mean)."""

    outcome_fields: tuple[str, ...] = ("direction", "code")
    min_shared: int = 1
    min_jaccard: float = 0.0
    min_cases: int = 2

    def __post_init__(self) -> None:
        unknown = [f for f in self.outcome_fields if f not in OUTCOME_FIELDS]
        if unknown or not self.outcome_fields:
            raise ValueError(
                f"outcome_fields must be some of {', '.join(OUTCOME_FIELDS)}, got "
                f"{', '.join(self.outcome_fields) or 'none'}"
            )
        if self.min_shared < 1:
            raise ValueError(
                "min_shared must be at least 1: a context is similar by what it shares"
            )
        if not 0.0 <= self.min_jaccard <= 1.0:
            raise ValueError(f"min_jaccard must be between 0 and 1, got {self.min_jaccard}")
        if self.min_cases < 2:
            raise ValueError("min_cases must be at least 2: a pattern recurs across cases")

    def describe(self) -> str:
        """The rules in one sentence, for reports and command output."""
        fields = " and ".join(f"outcome {f}" for f in self.outcome_fields)
        jaccard = (
            f" and a Jaccard similarity of at least {self.min_jaccard:g}"
            if self.min_jaccard > 0
            else ""
        )
        return (
            f"Outcomes are similar when they have the same {fields} (unrecorded matches only "
            f"unrecorded). Contexts are similar when they share at least {self.min_shared} "
            f"context condition(s) that held{jaccard}. A demi-regularity is a mechanism with "
            f"similar outcomes in similar contexts in at least {self.min_cases} cases; a "
            "contrast is a mechanism with different outcomes, with the context conditions "
            "that differ between the cases."
        )


def outcome_key(values: dict[str, str | None], fields: Iterable[str]) -> tuple[str, ...] | None:
    """The outcome's values on ``fields`` (unrecorded ones as :data:`NOT_RECORDED`), or None
    when none of them is recorded: such an outcome cannot be compared."""
    picked = [values.get(f) for f in fields]
    if all(v is None for v in picked):
        return None
    return tuple(NOT_RECORDED if v is None else str(v) for v in picked)


def outcome_label(key: tuple[str, ...] | None, fields: Iterable[str]) -> str:
    """``direction: positive; code: staff_commitment`` (or "outcome not coded")."""
    if key is None:
        return "outcome not coded"
    return "; ".join(f"{f}: {v}" for f, v in zip(fields, key, strict=True))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Conditions both hold over conditions either holds (1.0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def contexts_similar(a: frozenset[str], b: frozenset[str], rules: Rules) -> bool:
    """Two sets of conditions that held are similar contexts under ``rules``."""
    return len(a & b) >= rules.min_shared and jaccard(a, b) >= rules.min_jaccard


def mean_jaccard(tag_sets: list[frozenset[str]]) -> float:
    """Mean pairwise Jaccard similarity of several contexts (1.0 for fewer than two)."""
    pairs = list(combinations(tag_sets, 2))
    return sum(jaccard(a, b) for a, b in pairs) / len(pairs) if pairs else 1.0


__all__ = [
    "NOT_RECORDED",
    "OUTCOME_FIELDS",
    "Rules",
    "contexts_similar",
    "jaccard",
    "mean_jaccard",
    "outcome_key",
    "outcome_label",
]
