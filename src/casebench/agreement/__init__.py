"""Inter-coder agreement: two or more coders code the same case; how far do they agree?

Per section of the framework and overall:

- on **ratings** of scale questions: percentage agreement (share of questions on which every
  coder gave the same rating); weighted Cohen's kappa (two coders only; linear weights by
  default, quadratic on request, scikit-learn's ``cohen_kappa_score``, with every level of the
  scale passed as a label so that unused levels still count in the distances); Krippendorff's
  alpha, ordinal (the ``krippendorff`` package), for any number of coders;
- on **statuses** of every question (assessed, absent, not assessed): whether coders agree a
  question was judged at all, and found the practice absent, is a coding decision too.
  Percentage agreement, unweighted kappa and nominal alpha.

- on **answers to choice questions**, compared as sets of options (one option: a set of
  one), and on **power observations** (per dimension, the modes observed) and **outcomes**
  (per level of change, the statuses recorded), as sets: alpha with the MASI distance
  (Passonneau 2006) or, on request, Jaccard's; kappa only where every set holds one value;
- with **three or more coders**, kappa is Fleiss' (statsmodels), alpha as above.

Percentage agreement and kappa rest on the questions every coder rated (``n_shared``); alpha
handles missing ratings as Krippendorff defines it and rests on the questions at least two
coders rated (``n_alpha``). A question marked absent or not assessed, listed without a rating,
or missing is a missing rating, never a value. Each kappa and alpha has a 95% bootstrap
percentile interval from :data:`RESAMPLES` resamples of the questions, seeded with
:data:`SEED`; below :data:`SMALL_SAMPLE` shared questions the note carries a caution. The
overall figures count each question that restates another (``repeats`` in the framework) once,
as the question it restates. Where a figure cannot be computed it is NaN and ``note`` says why.
"""

from casebench.agreement.checks import IncomparableCases
from casebench.agreement.compute import (
    FIGURE_COLUMNS,
    RESAMPLES,
    SEED,
    SMALL_SAMPLE,
    STATUSES,
    WEIGHTS,
    Agreement,
    agreement,
)
from casebench.agreement.render import render_csv, render_json, render_table
from casebench.agreement.sets import SET_DISTANCES, jaccard_distance, masi_distance
from casebench.agreement.statistics import fleiss_kappa, ordinal_alpha, weighted_kappa

__all__ = [
    "FIGURE_COLUMNS",
    "RESAMPLES",
    "SEED",
    "SET_DISTANCES",
    "SMALL_SAMPLE",
    "STATUSES",
    "WEIGHTS",
    "Agreement",
    "IncomparableCases",
    "agreement",
    "fleiss_kappa",
    "jaccard_distance",
    "masi_distance",
    "ordinal_alpha",
    "render_csv",
    "render_json",
    "render_table",
    "weighted_kappa",
]
