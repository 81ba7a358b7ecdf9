"""Synthetic cases for benchmarks and tests: deterministic, valid, with gaps; and a small
corpus with realist patterns planted in it, which the synthesis must recover.

Not data about any real project: ratings, answers and quotes are drawn from a seeded random
generator so that a run can be repeated exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from casebench.models.case import (
    Answer,
    Assessment,
    Case,
    CmoConfiguration,
    ContextCondition,
    Evidence,
    FrameworkRef,
    IssueCounts,
    Outcome,
    PowerObservation,
)
from casebench.models.framework import Framework, Question
from casebench.models.theory import ProgrammeTheory, TheoryStatement
from casebench.models.vocabulary import CONFIDENCE, MODE, OUTCOME_DIRECTION, OUTCOME_STATUS

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


@dataclass(frozen=True)
class Planted:
    """Synthetic cases with structure put in on purpose, for tests that the analysis finds
    it: two groups (``sector``) far apart on some sections, one case far out on one
    question, and questions only one or two cases rated."""

    cases: list[Case]
    groups: dict[str, str]
    """Case id -> its group (also its ``sector``)."""
    separating_sections: tuple[str, ...]
    """Sections where one group rates near the top of the scale and the other near the foot."""
    focal_case: str
    focal_question: str
    """The focal case rates it at the top of the scale, every other case at the foot."""
    rated_by_one: str
    rated_by_two: str
    """Questions only the first case (and the second) rated, at opposite ends of the scale."""


def planted_cases(framework: Framework, n: int, seed: int = 0) -> Planted:
    """``n`` (at least 3) cases with planted structure (see :class:`Planted`): groups alternate
    (``alpha``, ``beta``, ...) so that the comparison order does not give them away; other
    ratings are uniform at random, a tenth left not assessed; the focal case (the last) rates
    every question off the planted ones at the middle of the scale."""
    if n < 3:
        raise ValueError("planted structure needs at least three cases")
    rng = random.Random(seed)
    scale_sections = [
        s.id for s in framework.sections if any(q.kind == "scale" for _, q in s.iter_questions())
    ]
    separating = tuple(scale_sections[0:3:2])
    free = [
        qid
        for qid, info in framework.questions.items()
        if info.question.kind == "scale" and info.section.id not in separating
    ]
    focal_question, rated_by_one, rated_by_two = free[0], free[1], free[2]
    groups = {f"planted_{i:02d}": ("alpha", "beta")[i % 2] for i in range(n)}
    focal = f"planted_{n - 1:02d}"
    cases = []
    for index, (case_id, group) in enumerate(groups.items()):
        assessments: dict[str, Assessment] = {}
        for qid, info in framework.questions.items():
            question = info.question
            if question.kind != "scale":
                assessments[qid] = Assessment(answer=_answer(question, rng), memo="Synthetic.")
                continue
            values = framework.scale_for(question).values
            lo, hi = min(values), max(values)
            if qid == rated_by_one:
                rating = hi if index == 0 else None
            elif qid == rated_by_two:
                rating = (lo, hi)[index] if index < 2 else None
            elif qid == focal_question:
                rating = hi if case_id == focal else lo
            elif info.section.id in separating:
                rating = rng.choice(values[-2:] if group == "alpha" else values[:2])
            elif case_id == focal:
                rating = values[len(values) // 2]
            else:
                rating = None if rng.random() < 0.1 else rng.choice(values)
            assessments[qid] = (
                Assessment(status="not_assessed")
                if rating is None
                else Assessment(rating=rating, evidence=_evidence(rng, 1))
            )
        cases.append(
            Case(
                id=case_id,
                title=f"Planted case {index}",
                framework=FrameworkRef(id=framework.id, version=framework.version),
                sector=group,
                assessments=assessments,
            )
        )
    return Planted(
        cases=cases,
        groups=groups,
        separating_sections=separating,
        focal_case=focal,
        focal_question=focal_question,
        rated_by_one=rated_by_one,
        rated_by_two=rated_by_two,
    )


# ------------------------------------------------------------------ planted realist patterns

PLANTED_MECHANISM = "senior_sponsorship"
"""The mechanism of the planted demi-regularity and contrast."""
PLANTED_CONDITION = "senior_leader_involved"
"""The condition the first three planted cases share and the fourth lacks."""
REFUTED_MECHANISM = "paid_participation"
"""The mechanism of the planted statement that the cases refute."""
NOISE_TAGS = ("urban", "rural_area", "large_hospital", "volunteer_led", "austerity_pressure")
"""Context tags of the other configurations (and of the planted ones besides the condition)."""


def _planted(
    cmo_id: str,
    mechanism: str,
    tags: dict[str, bool],
    code: str,
    direction: str,
    rng: random.Random,
) -> CmoConfiguration:
    return CmoConfiguration(
        id=cmo_id,
        context="Synthetic context: " + ", ".join(tags) + ".",
        context_conditions=[
            ContextCondition(tag=t, text=f"Synthetic condition {t}.", present=held)
            for t, held in tags.items()
        ],
        mechanism=f"Synthetic mechanism {mechanism}.",
        mechanism_code=mechanism,
        resource="Synthetic resource.",
        reasoning="Synthetic reasoning.",
        outcome=f"Synthetic outcome {code}.",
        outcome_code=code,
        outcome_direction=direction,  # type: ignore[arg-type]
        provenance="constructed",
        derived_from="synthetic corpus",
        evidence=_evidence(rng, rng.randint(1, 2)),
    )


def _noise(cmo_id: str, rng: random.Random) -> CmoConfiguration:
    pool = [m for m in MECHANISM_CODES if m not in {PLANTED_MECHANISM, REFUTED_MECHANISM}]
    tags = rng.sample(NOISE_TAGS, rng.randint(0, 2))
    return _planted(
        cmo_id,
        rng.choice(pool),
        dict.fromkeys(tags, True),
        rng.choice(("engagement", "trust", "service_change")),
        rng.choice(OUTCOME_DIRECTION.values),
        rng,
    )


def planted_realist_cases(framework: Framework, seed: int = 0, n_extra: int = 2) -> list[Case]:
    """Synthetic cases with known realist patterns, for tests and the synthesis notebook.

    Mechanism :data:`PLANTED_MECHANISM` yields ``changes_implemented`` (positive) in the
    first three cases, which share :data:`PLANTED_CONDITION` (each with one other tag of its
    own), and ``changes_stalled`` (negative) in the fourth, which records that condition as
    absent. Cases 2 and 3 also have :data:`REFUTED_MECHANISM` lead to
    ``participants_disengage`` (negative). Every case has one other configuration drawn at
    random from the remaining mechanisms; ``n_extra`` more cases have only those.
    """
    rng = random.Random(seed)
    base = synthetic_cases(framework, 4 + n_extra, seed=seed)
    own = ("urban", "rural_area", "large_hospital")
    planted: list[list[CmoConfiguration]] = [
        [
            _planted(
                "sponsor",
                PLANTED_MECHANISM,
                {PLANTED_CONDITION: True, own[i]: True},
                "changes_implemented",
                "positive",
                rng,
            )
        ]
        for i in range(3)
    ]
    planted.append(
        [
            _planted(
                "sponsor",
                PLANTED_MECHANISM,
                {PLANTED_CONDITION: False, "urban": True},
                "changes_stalled",
                "negative",
                rng,
            )
        ]
    )
    for i in (1, 2):
        planted[i].append(
            _planted(
                "paid",
                REFUTED_MECHANISM,
                {"short_term_funding": True},
                "participants_disengage",
                "negative",
                rng,
            )
        )
    planted += [[] for _ in range(n_extra)]
    return [
        case.model_copy(update={"cmo": [*mine, _noise("other", rng)]})
        for case, mine in zip(base, planted, strict=True)
    ]


def planted_theory() -> ProgrammeTheory:
    """A programme theory for :func:`planted_realist_cases`: ``sponsorship_works`` is supported
    (three cases), ``paid_keeps_engaged`` refuted (two cases), ``sponsorship_rural`` supported
    by one case and refined by two (the outcome followed without its rural condition)."""
    return ProgrammeTheory(
        id="planted",
        title="Programme theory of the planted synthetic corpus",
        statements=[
            TheoryStatement(
                id="sponsorship_works",
                context_conditions=[PLANTED_CONDITION],
                resource="a senior sponsor",
                mechanism_code=PLANTED_MECHANISM,
                reasoning="staff feel licensed to change practice",
                outcome="changes implemented",
                outcome_code="changes_implemented",
                outcome_direction="positive",
            ),
            TheoryStatement(
                id="paid_keeps_engaged",
                resource="payment for participants' time",
                mechanism_code=REFUTED_MECHANISM,
                reasoning="participants feel valued",
                outcome="participants stay engaged",
                outcome_direction="positive",
            ),
            TheoryStatement(
                id="sponsorship_rural",
                context_conditions=[PLANTED_CONDITION, "rural_area"],
                mechanism_code=PLANTED_MECHANISM,
                outcome_code="changes_implemented",
                outcome_direction="positive",
            ),
        ],
    )


__all__ = [
    "Planted",
    "planted_cases",
    "planted_realist_cases",
    "planted_theory",
    "synthetic_case",
    "synthetic_cases",
]
