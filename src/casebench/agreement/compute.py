"""Agreement between codings of one case by different coders: the figures per section and
overall, on ratings, statuses and choice answers, and on power observations and outcomes as
sets, with bootstrap intervals (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from casebench.agreement.checks import (
    check_against,
    check_comparable,
    framework_for,
)
from casebench.agreement.disagreements import disagreements
from casebench.agreement.figures import (
    FIGURE_COLUMNS,
    MIN_QUESTIONS,
    SMALL_SAMPLE,
    Measure,
    figures,
)
from casebench.agreement.sets import (
    SET_DISTANCES,
    SetDistance,
    SetValue,
    coded,
    distance_matrix,
    label,
)
from casebench.agreement.statistics import Weights
from casebench.models.case import Case
from casebench.models.framework import Framework, Question
from casebench.models.vocabulary import STATUS

WEIGHTS: tuple[Weights, ...] = ("linear", "quadratic")
RESAMPLES = 2000
"""Bootstrap resamples of the questions behind each interval (0: no intervals)."""
SEED = 2017
"""Seed of the bootstrap, so that the same codings always give the same intervals."""
STATUSES = tuple(STATUS.values)
"""The statuses compared by status agreement (a question not listed counts as not assessed)."""


@dataclass(frozen=True)
class Agreement:
    """What two or more codings of one case agree on, per section and overall.

    ``per_section`` and ``overall`` compare ratings of scale questions; ``status_per_section``
    and ``status_overall`` compare statuses (assessed, absent, not assessed) of every question;
    ``choice_per_section`` and ``choice_overall`` compare the answers to choice questions (as
    sets of options); ``sets`` compares power observations (the modes observed in each
    dimension) and outcomes (the statuses recorded at each level of change), one row each.
    ``counted_once`` lists (question, the question it restates) pairs left out of the overall
    figures so that each restated question counts once.
    """

    case_id: str
    framework: str
    coders: tuple[str, ...]
    weights: Weights
    per_section: pd.DataFrame
    overall: pd.DataFrame
    disagreements: pd.DataFrame
    status_per_section: pd.DataFrame = field(default_factory=pd.DataFrame)
    status_overall: pd.DataFrame = field(default_factory=pd.DataFrame)
    counted_once: tuple[tuple[str, str], ...] = ()
    resamples: int = RESAMPLES
    seed: int = SEED
    choice_per_section: pd.DataFrame = field(default_factory=pd.DataFrame)
    choice_overall: pd.DataFrame = field(default_factory=pd.DataFrame)
    sets: pd.DataFrame = field(default_factory=pd.DataFrame)
    set_distance: SetDistance = "masi"


def _rating(case: Case, qid: str) -> int | None:
    assessment = case.assessments.get(qid)
    if assessment is None or not assessment.assessed:
        return None
    return assessment.rating


def _status(case: Case, qid: str) -> int:
    """The question's status as a position in :data:`STATUSES` (not listed: not assessed)."""
    assessment = case.assessments.get(qid)
    return STATUSES.index(assessment.status if assessment else "not_assessed")


def _choice(case: Case, qid: str) -> SetValue | None:
    """The options chosen, as a set (one option: a set of one); None when not answered."""
    assessment = case.assessments.get(qid)
    if assessment is None or not assessment.assessed or assessment.answer is None:
        return None
    answer = assessment.answer
    return frozenset(str(a) for a in answer) if isinstance(answer, list) else frozenset([answer])


def _levels(framework: Framework, questions: list[str]) -> list[int]:
    """Every level of the scales the questions use (one scale in Farr 2017)."""
    values = {
        v
        for qid in questions
        for v in framework.scale_for(framework.questions[qid].question).values
    }
    return sorted(values)


def _set_figures(
    rows: list[list[SetValue | None]],
    distance: SetDistance,
    resamples: int,
    seed: int,
    name: str,
    unit: str,
) -> dict[str, object]:
    """Figures on set-valued rows: alpha with the set distance; when every set holds one
    value, they are plain nominal data and kappa is computed too."""
    codes, values = coded(rows)
    single = all(len(v) == 1 for v in values)
    measure = Measure(
        levels=list(range(len(values))),
        weights=None,
        level="nominal",
        name=name,
        labels=tuple(label(v) for v in values),
        distances=None if single else distance_matrix(values, distance),
        unit=unit,
        verb="coded" if unit != "question" else "answered",
    )
    return figures(codes, measure, resamples, seed)


def _table(
    framework: Framework,
    keep: Callable[[Question], bool],
    figures_for: Callable[[list[str]], dict[str, object]],
    title: str,
    *,
    skip_empty: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-section and overall figures of one measure; the overall counts each restated
    question once. With ``skip_empty``, a framework with no such question gives no rows."""
    sections = []
    everything: list[str] = []
    for section in framework.sections:
        questions = [q.id for _, q in section.iter_questions() if keep(q)]
        if not questions:
            continue
        everything += questions
        sections.append({"section": section.id, "title": section.title, **figures_for(questions)})
    counted = [qid for qid in everything if framework.counting_id(qid) == qid]
    restated = len(everything) - len(counted)
    overall = {
        "section": "overall",
        "title": title + (f" ({restated} restated questions counted once)" if restated else ""),
        **figures_for(counted),
    }
    overall_rows = [] if skip_empty and not everything else [overall]
    return (
        pd.DataFrame.from_records(sections, columns=FIGURE_COLUMNS),
        pd.DataFrame.from_records(overall_rows, columns=FIGURE_COLUMNS),
    )


def _sets_table(
    cases: Sequence[Case],
    framework: Framework,
    distance: SetDistance,
    resamples: int,
    seed: int,
) -> pd.DataFrame:
    """Power observations and outcomes as sets: per dimension of power, the modes a coder
    observed; per level of change, the statuses of the outcomes recorded there. A coder who
    recorded no power observation (or no outcome) at all is missing, not "none observed"."""
    records = []
    parts = [
        (
            "power",
            "Power observations: modes observed in each dimension",
            framework.power_dimension_ids,
            lambda case, unit: frozenset(o.mode for o in case.power if o.dimension == unit),
            lambda case: bool(case.power),
            "dimension",
        ),
        (
            "outcomes",
            "Outcomes: statuses recorded at each level of change",
            framework.level_ids,
            lambda case, unit: frozenset(o.status for o in case.outcomes if o.level == unit),
            lambda case: bool(case.outcomes),
            "level",
        ),
    ]
    for part, title, units, value, recorded, unit in parts:
        if not units:
            continue
        rows = [[value(c, u) if recorded(c) else None for c in cases] for u in units]
        figures_ = _set_figures(rows, distance, resamples, seed, "set", unit)
        records.append({"section": part, "title": title, **figures_})
    return pd.DataFrame.from_records(records, columns=FIGURE_COLUMNS)


def agreement(
    cases: Sequence[Case],
    framework: Framework | None = None,
    *,
    weights: Weights = "linear",
    resamples: int = RESAMPLES,
    seed: int = SEED,
    set_distance: SetDistance = "masi",
) -> Agreement:
    """Agreement between codings of one case by different coders (see the package docstring).

    Raises ``IncomparableCases`` for different case ids or frameworks, a repeated or empty
    coder, or a coding that does not fit the framework.
    """
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}, not {weights!r}")
    if set_distance not in SET_DISTANCES:
        raise ValueError(
            f"set_distance must be one of {', '.join(SET_DISTANCES)}, not {set_distance!r}"
        )
    if resamples < 0:
        raise ValueError(f"resamples must be 0 or more, not {resamples}")
    cases = list(cases)
    check_comparable(cases)
    framework = framework or framework_for(cases[0])
    check_against(cases, framework)
    coders = tuple(case.coder.strip() for case in cases)

    def ratings(questions: list[str]) -> dict[str, object]:
        rows = [[_rating(case, qid) for case in cases] for qid in questions]
        measure = Measure(_levels(framework, questions), weights, "ordinal", "rating")
        return figures(rows, measure, resamples, seed)

    def statuses(questions: list[str]) -> dict[str, object]:
        rows: list[list[int | None]] = [[_status(case, qid) for case in cases] for qid in questions]
        return figures(
            rows, Measure([0, 1, 2], None, "nominal", "status", STATUSES), resamples, seed
        )

    def choices(questions: list[str]) -> dict[str, object]:
        rows = [[_choice(case, qid) for case in cases] for qid in questions]
        return _set_figures(rows, set_distance, resamples, seed, "answer", "question")

    per_section, overall = _table(
        framework, lambda q: q.kind == "scale", ratings, "All scale questions"
    )
    status_sections, status_overall = _table(framework, lambda q: True, statuses, "All questions")
    choice_sections, choice_overall = _table(
        framework, lambda q: q.kind == "choice", choices, "All choice questions", skip_empty=True
    )
    counted_once = tuple(
        (qid, info.question.repeats)
        for qid, info in framework.questions.items()
        if info.question.repeats
    )
    return Agreement(
        case_id=cases[0].id,
        framework=f"{framework.id} {framework.version}",
        coders=coders,
        weights=weights,
        per_section=per_section,
        overall=overall,
        disagreements=disagreements(cases, framework, coders, _rating),
        status_per_section=status_sections,
        status_overall=status_overall,
        counted_once=counted_once,
        resamples=resamples,
        seed=seed,
        choice_per_section=choice_sections,
        choice_overall=choice_overall,
        sets=_sets_table(cases, framework, set_distance, resamples, seed),
        set_distance=set_distance,
    )


__all__ = [
    "FIGURE_COLUMNS",
    "MIN_QUESTIONS",
    "RESAMPLES",
    "SEED",
    "SMALL_SAMPLE",
    "STATUSES",
    "WEIGHTS",
    "Agreement",
    "agreement",
]
