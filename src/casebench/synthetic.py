"""Synthetic cases for benchmarks and tests: deterministic, valid, with gaps.

Not data about any real project: ratings, answers and quotes are drawn from a seeded random
generator so that a run can be repeated exactly.
"""

from __future__ import annotations

import random

from casebench.models.case import (
    Answer,
    Assessment,
    Case,
    CmoConfiguration,
    Evidence,
    FrameworkRef,
    IssueCounts,
    Outcome,
    PowerObservation,
)
from casebench.models.framework import Framework, Question
from casebench.models.vocabulary import CONFIDENCE, MODE, OUTCOME_STATUS

MECHANISM_CODES = (
    "shared_stories",
    "facilitated_dialogue",
    "senior_sponsorship",
    "peer_support",
    "paid_participation",
    "professional_gatekeeping",
    "rhetorical_involvement",
    "community_mapping",
    "time_banking",
    "co_design_groups",
)
"""A small pool of mechanism codes, so that some recur across synthetic cases."""

CONFIDENCES = tuple(CONFIDENCE.values)


def _answer(question: Question, rng: random.Random) -> Answer:
    if question.kind == "choice":
        ids = question.option_ids
        if question.multiple:
            return rng.sample(ids, rng.randint(1, len(ids)))
        return rng.choice(ids)
    if question.kind == "number":
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum if question.maximum is not None else 100
        return rng.randint(int(low), int(high))
    return f"Synthetic answer {rng.randint(1, 999)}."


def _evidence(rng: random.Random, n: int) -> list[Evidence]:
    return [
        Evidence(
            quote=f"Synthetic quote {rng.randint(1, 9999)}.",
            attribution=f"Synthetic interview {rng.randint(1, 40)}",
        )
        for _ in range(n)
    ]


def synthetic_case(
    framework: Framework, index: int, rng: random.Random, not_assessed: float = 0.15
) -> Case:
    """One case answering every question, about ``not_assessed`` of them left not assessed."""
    assessments: dict[str, Assessment] = {}
    for qid, info in framework.questions.items():
        question = info.question
        if rng.random() < not_assessed:
            assessments[qid] = Assessment(status="not_assessed")
            continue
        scale = framework.scale_for(question) if question.kind == "scale" else None
        assessments[qid] = Assessment(
            rating=rng.choice(scale.values) if scale else None,
            answer=None if scale else _answer(question, rng),
            confidence=rng.choice(CONFIDENCES),
            evidence=_evidence(rng, rng.randint(0, 2)),
            memo="" if rng.random() < 0.5 else "Synthetic memo.",
        )
    power = [
        PowerObservation(
            dimension=rng.choice(framework.power_dimension_ids),
            mode=rng.choice(MODE.values),
            description=f"Synthetic observation {k}.",
        )
        for k in range(rng.randint(0, 4) if framework.power_dimensions else 0)
    ]
    outcomes = [
        Outcome(
            level=rng.choice(framework.level_ids),
            description=f"Synthetic outcome {k}.",
            status=rng.choice(OUTCOME_STATUS.values),
        )
        for k in range(rng.randint(0, 4) if framework.levels_of_change else 0)
    ]
    raised = rng.randint(0, 50)
    cmo = [
        CmoConfiguration(
            id=f"cmo_{k}",
            context=f"Synthetic context {k}.",
            mechanism=f"Synthetic mechanism {k}.",
            mechanism_code=rng.choice(MECHANISM_CODES),
            outcome=f"Synthetic outcome {k}.",
        )
        for k in range(rng.randint(0, 3))
    ]
    return Case(
        id=f"synthetic_{index:04d}",
        title=f"Synthetic case {index}",
        framework=FrameworkRef(id=framework.id, version=framework.version),
        assessments=assessments,
        power=power,
        outcomes=outcomes,
        issues=IssueCounts(
            raised=raised,
            raised_qualifier="over" if rng.random() < 0.3 else "exactly",
            acted_on=rng.randint(0, raised),
        ),
        cmo=cmo,
    )


def synthetic_cases(
    framework: Framework, n: int, seed: int = 0, not_assessed: float = 0.15
) -> list[Case]:
    """``n`` synthetic cases (ids ``synthetic_0000``...), the same for the same seed."""
    rng = random.Random(seed)
    return [synthetic_case(framework, i, rng, not_assessed) for i in range(n)]


__all__ = ["synthetic_case", "synthetic_cases"]
