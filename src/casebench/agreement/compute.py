"""Agreement between codings of one case by different coders: the figures per section and
overall, on ratings and on statuses, with bootstrap intervals (see the package docstring)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from casebench.agreement.checks import (
    check_against,
    check_comparable,
    framework_for,
)
from casebench.agreement.disagreements import disagreements
from casebench.agreement.statistics import (
    Level,
    Weights,
    alpha_of_counts,
    kappa_of_counts,
    krippendorff_alpha,
    percentile_interval,
    resample_counts,
    weighted_kappa,
)
from casebench.models.case import Case
from casebench.models.framework import Framework, Question
from casebench.models.vocabulary import STATUS

WEIGHTS: tuple[Weights, ...] = ("linear", "quadratic")
MIN_QUESTIONS = 2
"""Fewest questions a kappa or alpha is computed on; one question says nothing about chance."""
SMALL_SAMPLE = 10
"""Below this many shared questions a figure is printed with a caution: with a handful of
questions one disagreement moves kappa a long way (a section of 2 questions can show 1.000)."""
RESAMPLES = 2000
"""Bootstrap resamples of the questions behind each interval (0: no intervals)."""
SEED = 2017
"""Seed of the bootstrap, so that the same codings always give the same intervals."""
STATUSES = tuple(STATUS.values)
"""The statuses compared by status agreement (a question not listed counts as not assessed)."""

FIGURE_COLUMNS = [
    "section",
    "title",
    "n_questions",
    "n_shared",
    "n_alpha",
    "percent_agreement",
    "kappa",
    "kappa_low",
    "kappa_high",
    "alpha",
    "alpha_low",
    "alpha_high",
    "note",
]


@dataclass(frozen=True)
class Agreement:
    """What two or more codings of one case agree on, per section and overall.

    ``per_section`` and ``overall`` compare ratings of scale questions; ``status_per_section``
    and ``status_overall`` compare statuses (assessed, absent, not assessed) of every question.
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


def _rating(case: Case, qid: str) -> int | None:
    assessment = case.assessments.get(qid)
    if assessment is None or not assessment.assessed:
        return None
    return assessment.rating


def _status(case: Case, qid: str) -> int:
    """The question's status as a position in :data:`STATUSES` (not listed: not assessed)."""
    assessment = case.assessments.get(qid)
    return STATUSES.index(assessment.status if assessment else "not_assessed")


@dataclass(frozen=True)
class _Measure:
    """How one kind of value is compared: its levels, kappa weights and alpha's level."""

    levels: list[int]
    weights: Weights | None
    level: Level
    name: str  # "rating" or "status", for the notes
    labels: tuple[str, ...] = ()  # names of the levels, where they are not numbers


def _interval(
    counts: np.ndarray | None,
    compute: Callable[[np.ndarray], np.ndarray],
    undefined: dict[str, int],
    what: str,
) -> tuple[float, float]:
    """The percentile interval of ``compute`` over the resamples (NaN without resamples);
    ``undefined`` records how many resamples had no variation left."""
    if counts is None:
        return math.nan, math.nan
    low, high, left_out = percentile_interval(compute(counts))
    if left_out:
        undefined[what] = left_out
    return low, high


def _figures(
    rows: list[list[int | None]], measure: _Measure, resamples: int, seed: int
) -> dict[str, object]:
    """The agreement figures for one set of questions (one list of values per question)."""
    n_coders = len(rows[0]) if rows else 0
    shared = [r for r in rows if all(v is not None for v in r)]
    pairable = [r for r in rows if sum(v is not None for v in r) >= 2]
    notes: list[str] = []
    undefined: dict[str, int] = {}
    percent = kappa = alpha = math.nan
    kappa_ci = alpha_ci = (math.nan, math.nan)
    word = measure.name
    if shared:
        percent = 100.0 * sum(len(set(r)) == 1 for r in shared) / len(shared)
    else:
        notes.append("no question rated by every coder")
    levels = measure.levels
    if n_coders != 2:
        notes.append("kappa is for two coders: read alpha")
    elif len(shared) < MIN_QUESTIONS:
        if shared:
            notes.append(f"kappa needs {MIN_QUESTIONS}+ questions both coders rated")
    elif len({v for r in shared for v in r}) == 1:
        notes.append(f"kappa undefined: every {word} is {_named(shared[0][0], measure)}")
    else:
        first = np.array([r[0] for r in shared])
        second = np.array([r[1] for r in shared])
        kappa = weighted_kappa(first, second, levels, measure.weights)
        positions = (np.searchsorted(levels, first), np.searchsorted(levels, second))
        counts = resample_counts(len(shared), resamples, seed) if resamples else None
        kappa_ci = _interval(
            counts,
            lambda c: kappa_of_counts(*positions, len(levels), measure.weights, c),
            undefined,
            "kappa",
        )
    if len(pairable) < MIN_QUESTIONS:
        if pairable:
            notes.append(f"alpha needs {MIN_QUESTIONS}+ questions two coders rated")
    elif len({v for r in pairable for v in r if v is not None}) == 1:
        value = next(v for v in pairable[0] if v is not None)
        notes.append(f"alpha undefined: every {word} is {_named(value, measure)}")
    else:
        matrix = np.array(
            [[math.nan if r[c] is None else float(r[c]) for r in pairable] for c in range(n_coders)]
        )
        alpha = krippendorff_alpha(matrix, levels, measure.level)
        counts = resample_counts(len(pairable), resamples, seed) if resamples else None
        alpha_ci = _interval(
            counts,
            lambda c: alpha_of_counts(matrix, levels, measure.level, c),
            undefined,
            "alpha",
        )
    if len(set(undefined.values())) == 1:
        left_out = next(iter(undefined.values()))
        notes.append(f"intervals leave out {left_out} of {resamples} resamples with no variation")
    else:
        notes += [
            f"{what} interval leaves out {n} of {resamples} resamples with no variation"
            for what, n in undefined.items()
        ]
    if 0 < len(shared) < SMALL_SAMPLE:
        notes.insert(0, f"caution: only {len(shared)} shared questions (fewer than {SMALL_SAMPLE})")
    return {
        "n_questions": len(rows),
        "n_shared": len(shared),
        "n_alpha": len(pairable),
        "percent_agreement": percent,
        "kappa": kappa,
        "kappa_low": kappa_ci[0],
        "kappa_high": kappa_ci[1],
        "alpha": alpha,
        "alpha_low": alpha_ci[0],
        "alpha_high": alpha_ci[1],
        "note": "; ".join(notes),
    }


def _named(value: int, measure: _Measure) -> str:
    return measure.labels[value] if measure.labels else str(value)


def _levels(framework: Framework, questions: list[str]) -> list[int]:
    """Every level of the scales the questions use (one scale in Farr 2017)."""
    values = {
        v
        for qid in questions
        for v in framework.scale_for(framework.questions[qid].question).values
    }
    return sorted(values)


def _table(
    cases: Sequence[Case],
    framework: Framework,
    value: Callable[[Case, str], int | None],
    keep: Callable[[Question], bool],
    measure_for: Callable[[list[str]], _Measure],
    title: str,
    resamples: int,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-section and overall figures of one measure; the overall counts each restated
    question once."""
    sections = []
    everything: list[str] = []
    for section in framework.sections:
        questions = [q.id for _, q in section.iter_questions() if keep(q)]
        if not questions:
            continue
        everything += questions
        rows = [[value(case, qid) for case in cases] for qid in questions]
        figures = _figures(rows, measure_for(questions), resamples, seed)
        sections.append({"section": section.id, "title": section.title, **figures})
    counted = [qid for qid in everything if framework.counting_id(qid) == qid]
    rows = [[value(case, qid) for case in cases] for qid in counted]
    restated = len(everything) - len(counted)
    overall = {
        "section": "overall",
        "title": title + (f" ({restated} restated questions counted once)" if restated else ""),
        **_figures(rows, measure_for(counted), resamples, seed),
    }
    return (
        pd.DataFrame.from_records(sections, columns=FIGURE_COLUMNS),
        pd.DataFrame.from_records([overall], columns=FIGURE_COLUMNS),
    )


def _status_measure(_: list[str]) -> _Measure:
    return _Measure([0, 1, 2], None, "nominal", "status", STATUSES)


def agreement(
    cases: Sequence[Case],
    framework: Framework | None = None,
    *,
    weights: Weights = "linear",
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> Agreement:
    """Agreement between codings of one case by different coders (see the package docstring).

    Raises ``IncomparableCases`` for different case ids or frameworks, a repeated or empty
    coder, or a coding that does not fit the framework.
    """
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}, not {weights!r}")
    if resamples < 0:
        raise ValueError(f"resamples must be 0 or more, not {resamples}")
    cases = list(cases)
    check_comparable(cases)
    framework = framework or framework_for(cases[0])
    check_against(cases, framework)
    coders = tuple(case.coder.strip() for case in cases)

    def rating_measure(questions: list[str]) -> _Measure:
        return _Measure(_levels(framework, questions), weights, "ordinal", "rating")

    per_section, overall = _table(
        cases,
        framework,
        _rating,
        lambda q: q.kind == "scale",
        rating_measure,
        "All scale questions",
        resamples,
        seed,
    )
    status_sections, status_overall = _table(
        cases,
        framework,
        _status,
        lambda q: True,
        _status_measure,
        "All questions",
        resamples,
        seed,
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
    )
