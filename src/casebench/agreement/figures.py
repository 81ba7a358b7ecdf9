"""The agreement figures on one set of questions (or other units): percentage agreement,
kappa and alpha with bootstrap intervals, and the notes that say where they cannot be trusted.

Values come as rows, one per unit, each holding every coder's value as a position among the
measure's levels (None: missing). Kappa is Cohen's for two coders (weighted as the measure
says) and Fleiss' for three or more (unweighted); alpha is Krippendorff's, at the measure's
level or with its own distance between levels (MASI between sets, for example).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from casebench.agreement.statistics import (
    Level,
    Weights,
    alpha_of_counts,
    fleiss_kappa,
    fleiss_of_counts,
    kappa_of_counts,
    krippendorff_alpha,
    percentile_interval,
    resample_counts,
    weighted_kappa,
)

MIN_QUESTIONS = 2
"""Fewest questions a kappa or alpha is computed on; one question says nothing about chance."""
SMALL_SAMPLE = 10
"""Below this many shared questions a figure is printed with a caution: with a handful of
questions one disagreement moves kappa a long way (a section of 2 questions can show 1.000)."""

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
class Measure:
    """How one kind of value is compared: its levels, kappa weights and alpha's level."""

    levels: list[int]
    weights: Weights | None
    level: Level
    name: str  # "rating", "status", "answer" ..., for the notes
    labels: tuple[str, ...] = ()  # names of the levels, where they are not numbers
    distances: np.ndarray | None = None  # alpha's distance between levels, where not level's
    unit: str = "question"  # what the rows are, for the notes
    verb: str = "rated"  # what a coder did to a unit, for the notes


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


def _kappa(
    shared: list[list[int | None]],
    measure: Measure,
    resamples: int,
    seed: int,
    notes: list[str],
    undefined: dict[str, int],
) -> tuple[float, tuple[float, float]]:
    """Cohen's kappa (two coders) or Fleiss' kappa (three or more) on the units every coder
    coded, with its interval; NaN and a note where it cannot be computed."""
    nan = (math.nan, (math.nan, math.nan))
    n_coders = len(shared[0]) if shared else 0
    unit, word = measure.unit, measure.name
    if measure.distances is not None:
        notes.append("kappa is for single values: read alpha")
        return nan
    if len(shared) < MIN_QUESTIONS:
        if shared:
            who = "both coders" if n_coders == 2 else "every coder"
            notes.append(f"kappa needs {MIN_QUESTIONS}+ {unit}s {who} {measure.verb}")
        return nan
    if len({v for r in shared for v in r}) == 1:
        notes.append(f"kappa undefined: every {word} is {named(shared[0][0], measure)}")
        return nan
    levels = measure.levels
    counts = resample_counts(len(shared), resamples, seed) if resamples else None
    if n_coders == 2:
        first = np.array([r[0] for r in shared])
        second = np.array([r[1] for r in shared])
        positions = (np.searchsorted(levels, first), np.searchsorted(levels, second))
        kappa = weighted_kappa(first, second, levels, measure.weights)
        interval = _interval(
            counts,
            lambda c: kappa_of_counts(*positions, len(levels), measure.weights, c),
            undefined,
            "kappa",
        )
        return kappa, interval
    table = np.zeros((len(shared), len(levels)))
    for i, row in enumerate(shared):
        for value in row:
            table[i, levels.index(value)] += 1  # type: ignore[arg-type]
    notes.append("kappa is Fleiss' (3+ coders, unweighted)")
    kappa = fleiss_kappa(table)
    return kappa, _interval(counts, lambda c: fleiss_of_counts(table, c), undefined, "kappa")


def figures(
    rows: list[list[int | None]], measure: Measure, resamples: int, seed: int
) -> dict[str, object]:
    """The agreement figures for one set of units (one list of values per unit)."""
    n_coders = len(rows[0]) if rows else 0
    shared = [r for r in rows if all(v is not None for v in r)]
    pairable = [r for r in rows if sum(v is not None for v in r) >= 2]
    notes: list[str] = []
    undefined: dict[str, int] = {}
    percent = alpha = math.nan
    alpha_ci = (math.nan, math.nan)
    unit, word = measure.unit, measure.name
    if shared:
        percent = 100.0 * sum(len(set(r)) == 1 for r in shared) / len(shared)
    else:
        notes.append(f"no {unit} {measure.verb} by every coder")
    kappa, kappa_ci = _kappa(shared, measure, resamples, seed, notes, undefined)
    levels = measure.levels
    if len(pairable) < MIN_QUESTIONS:
        if pairable:
            notes.append(f"alpha needs {MIN_QUESTIONS}+ {unit}s two coders {measure.verb}")
    elif len({v for r in pairable for v in r if v is not None}) == 1:
        value = next(v for v in pairable[0] if v is not None)
        notes.append(f"alpha undefined: every {word} is {named(value, measure)}")
    else:
        matrix = np.array(
            [[math.nan if r[c] is None else float(r[c]) for r in pairable] for c in range(n_coders)]
        )
        if measure.distances is None:
            alpha = krippendorff_alpha(matrix, levels, measure.level)
        else:
            once = np.ones((1, len(pairable)))
            alpha = float(
                alpha_of_counts(matrix, levels, measure.level, once, measure.distances)[0]
            )
        counts = resample_counts(len(pairable), resamples, seed) if resamples else None
        alpha_ci = _interval(
            counts,
            lambda c: alpha_of_counts(matrix, levels, measure.level, c, measure.distances),
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
        notes.insert(0, f"caution: only {len(shared)} shared {unit}s (fewer than {SMALL_SAMPLE})")
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


def named(value: int | None, measure: Measure) -> str:
    """A level as the notes name it."""
    if value is None:
        return "missing"
    return measure.labels[value] if measure.labels else str(value)


__all__ = ["FIGURE_COLUMNS", "MIN_QUESTIONS", "SMALL_SAMPLE", "Measure", "figures", "named"]
