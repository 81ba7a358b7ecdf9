"""Agreement statistics: Cohen's (weighted) kappa, Fleiss' kappa and Krippendorff's alpha,
each also computed on many bootstrap resamples of the questions at once.

The point estimates come from scikit-learn (``cohen_kappa_score``), statsmodels
(``fleiss_kappa``) and the ``krippendorff`` package. The resamples use the same formulas
written over arrays, so that 2,000 resamples of a section cost a few array operations rather
than 2,000 library calls; the tests check that, on the unresampled data, they give the
libraries' values. Alpha with a distance of one's own (MASI or Jaccard between sets, see
``casebench.agreement.sets``) is computed by the array formula alone.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Literal

import numpy as np

Weights = Literal["linear", "quadratic"]
Level = Literal["ordinal", "nominal"]
CI_LEVEL = 0.95
"""Coverage of the bootstrap percentile intervals."""


def weighted_kappa(
    first: Sequence[int], second: Sequence[int], levels: Sequence[int], weights: Weights | None
) -> float:
    """Cohen's kappa of two coders over the ordered ``levels``: weighted (linear or quadratic
    distances between level positions) or, with ``weights=None``, unweighted (nominal)."""
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():  # an undefined kappa is NaN; callers explain why
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(first, second, labels=list(levels), weights=weights))


def krippendorff_alpha(
    matrix: Sequence[Sequence[float]], levels: Sequence[int], level: Level = "ordinal"
) -> float:
    """Krippendorff's alpha of a coders x units matrix (NaN marks a missing value)."""
    import krippendorff

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(
            krippendorff.alpha(
                reliability_data=matrix, value_domain=list(levels), level_of_measurement=level
            )
        )


def ordinal_alpha(matrix: Sequence[Sequence[float]], levels: Sequence[int]) -> float:
    """Krippendorff's ordinal alpha of a coders x units matrix (NaN marks a missing rating)."""
    return krippendorff_alpha(matrix, levels, "ordinal")


def fleiss_kappa(table: np.ndarray) -> float:
    """Fleiss' kappa of a units x categories table of counts (every unit coded by the same
    number of coders, three or more), from statsmodels."""
    from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        return float(statsmodels_fleiss(np.asarray(table, dtype=float), method="fleiss"))


def fleiss_of_counts(table: np.ndarray, times: np.ndarray) -> np.ndarray:
    """Fleiss' kappa for each row of ``times`` (resamples x units), from a units x categories
    table of counts with the same number of coders on every unit. A row of ones gives the
    plain kappa: P = mean of per-unit agreement, Pe = sum of squared category shares."""
    table = np.asarray(table, dtype=float)
    m = table.sum(axis=1)[0]
    per_unit = ((table**2).sum(axis=1) - m) / (m * (m - 1))
    n = times.sum(axis=1)
    observed = times @ per_unit / n
    shares = (times @ table) / (n * m)[:, None]
    expected = (shares**2).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = (observed - expected) / (1.0 - expected)
    return np.where(expected < 1.0, kappa, np.nan)


# --------------------------------------------------------------------- arrays of resamples


def _position(values: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Each value's position among the levels (values must be levels)."""
    return np.searchsorted(np.asarray(levels), values)


def _distance(k: int, weights: Weights | None) -> np.ndarray:
    """Kappa's disagreement weights between level positions: as scikit-learn's."""
    i = np.arange(k)
    d = np.abs(i[:, None] - i[None, :]).astype(float)
    if weights == "quadratic":
        return d**2
    return d if weights == "linear" else (d > 0).astype(float)


def _counts(draws: np.ndarray, n: int) -> np.ndarray:
    """How often each of ``n`` units is drawn in each resample: resamples x units."""
    b = draws.shape[0]
    flat = (np.arange(b)[:, None] * n + draws).ravel()
    return np.bincount(flat, minlength=b * n).reshape(b, n).astype(float)


def kappa_of_counts(
    first: np.ndarray, second: np.ndarray, k: int, weights: Weights | None, times: np.ndarray
) -> np.ndarray:
    """Kappa for each row of ``times`` (how often each unit counts: resamples x units), from
    two coders' level positions. A row of ones gives the plain kappa."""
    cells = np.zeros((len(first), k * k))
    cells[np.arange(len(first)), first * k + second] = 1.0
    confusion = (times @ cells).reshape(-1, k, k)
    n = confusion.sum(axis=(1, 2))
    w = _distance(k, weights)
    observed = (confusion * w).sum(axis=(1, 2))
    expected = np.einsum("bi,bj,ij->b", confusion.sum(axis=2), confusion.sum(axis=1), w) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        kappa = 1.0 - observed / expected
    return np.where(expected > 0, kappa, np.nan)


def alpha_of_counts(
    matrix: np.ndarray,
    levels: Sequence[int],
    level: Level,
    times: np.ndarray,
    distances: np.ndarray | None = None,
) -> np.ndarray:
    """Krippendorff's alpha for each row of ``times`` (resamples x units), from a coders x
    units matrix whose every unit has at least two values (NaN marks a missing one).

    Coincidences per unit, o_ck = (n_c n_k - [c = k] n_c) / (m - 1), are summed with the
    resample's weights; alpha = 1 - (n - 1) * sum(o * d2) / sum(n_c n_k d2), with the
    ordinal d2 computed from the resample's own value counts (Krippendorff 2011).
    ``distances`` (levels x levels) replaces d2 by a fixed distance between the values, e.g.
    MASI between the sets the levels stand for (Passonneau 2006).
    """
    k = len(levels)
    present = ~np.isnan(matrix)
    positions = _position(np.where(present, matrix, levels[0]), levels)
    per_unit = np.zeros((matrix.shape[1], k))
    for coder in range(matrix.shape[0]):
        np.add.at(per_unit, (np.arange(matrix.shape[1]), positions[coder]), present[coder])
    m = per_unit.sum(axis=1)
    units = per_unit[:, :, None] * per_unit[:, None, :] - np.einsum(
        "uc,ck->uck", per_unit, np.eye(k)
    )
    units /= (m - 1)[:, None, None]
    coincidence = (times @ units.reshape(len(m), k * k)).reshape(-1, k, k)
    n_c = coincidence.sum(axis=2)
    total = n_c.sum(axis=1)
    if distances is not None:
        d2 = np.broadcast_to(np.asarray(distances, dtype=float), coincidence.shape)
    elif level == "nominal":
        d2 = np.broadcast_to(1.0 - np.eye(k), coincidence.shape)
    else:
        low = np.minimum.outer(np.arange(k), np.arange(k))
        high = np.maximum.outer(np.arange(k), np.arange(k))
        cumulative = np.cumsum(n_c, axis=1)
        between = cumulative[:, high] - cumulative[:, low] + n_c[:, low]
        d2 = (between - (n_c[:, :, None] + n_c[:, None, :]) / 2) ** 2
    observed = (coincidence * d2).sum(axis=(1, 2))
    expected = (n_c[:, :, None] * n_c[:, None, :] * d2).sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = 1.0 - (total - 1) * observed / expected
    return np.where(expected > 0, alpha, np.nan)


def percentile_interval(values: np.ndarray) -> tuple[float, float, int]:
    """The bootstrap percentile interval at :data:`CI_LEVEL`, and how many resamples were
    undefined (no variation left in them) and so left out."""
    defined = values[~np.isnan(values)]
    if not len(defined):
        return math.nan, math.nan, len(values)
    tail = (1 - CI_LEVEL) / 2 * 100
    low, high = np.percentile(defined, [tail, 100 - tail])
    return float(low), float(high), len(values) - len(defined)


def resample_counts(n_units: int, resamples: int, seed: int) -> np.ndarray:
    """How often each unit is drawn in each of ``resamples`` bootstrap resamples (seeded)."""
    rng = np.random.default_rng(seed)
    return _counts(rng.integers(0, n_units, size=(resamples, n_units)), n_units)


__all__ = [
    "CI_LEVEL",
    "alpha_of_counts",
    "fleiss_kappa",
    "fleiss_of_counts",
    "kappa_of_counts",
    "krippendorff_alpha",
    "ordinal_alpha",
    "percentile_interval",
    "resample_counts",
    "weighted_kappa",
]
