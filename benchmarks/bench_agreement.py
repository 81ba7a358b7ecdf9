"""Benchmark of ``casebench.agreement``: what the bootstrap intervals cost.

Run: ``python benchmarks/bench_agreement.py [--repeat N] [--coders 2,3]``. Two (or more)
synthetic codings of one case against Farr (2017); prints the median time of the agreement
figures without intervals (the baseline: point estimates from scikit-learn and the krippendorff
package, per section and overall, on ratings and statuses) and with 500, 2,000 and 8,000
bootstrap resamples, and each as a ratio to the baseline. The resamples are computed as arrays,
so time should grow far slower than the number of resamples.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence

from casebench.agreement import agreement
from casebench.registry import load_framework
from casebench.synthetic import synthetic_case
from timing import median_time

SEED = 2017


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the medians and the ratios to the baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement")
    parser.add_argument("--coders", default="2,3", help="numbers of coders, comma-separated")
    args = parser.parse_args(argv)
    framework = load_framework("farr2017")
    rng = random.Random(SEED)
    print(f"median of {args.repeat} runs; {len(framework.questions)} questions, seed {SEED}\n")
    print(f"{'coders':>6}  {'resamples':>9}  {'median s':>9}  {'ratio':>6}")
    for n in (int(c) for c in args.coders.split(",")):
        base = synthetic_case(framework, 0, rng)
        codings = [
            synthetic_case(framework, 0, rng).model_copy(update={"id": base.id, "coder": f"c{i}"})
            for i in range(n)
        ]
        baseline = 0.0
        for resamples in (0, 500, 2000, 8000):
            took = median_time(
                lambda c=codings, r=resamples: agreement(c, framework, resamples=r), args.repeat
            )
            baseline = baseline or took
            print(f"{n:>6}  {resamples:>9}  {took:>9.3f}  {took / baseline:>6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
