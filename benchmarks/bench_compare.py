"""Benchmark of ``casebench.compare`` and the charts on 10, 100 and 1,000 synthetic cases.

Run: ``python benchmarks/bench_compare.py [--repeat N] [--sizes 10,100,1000]``. Prints the
median time per case count for: a baseline (``pd.DataFrame`` of the raw assessment records,
the least any comparison must do), the tidy table, the whole ``compare`` with every table
built (tables are built on first use, so ``compare`` alone builds only the tidy one), and
building every chart spec from a ready comparison (``to_dict()``); then the growth ratios
t(10n)/t(n).
Linear growth gives ratios near 10; the baseline's ratios show what linear looks like here.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable, Sequence

import altair as alt
import pandas as pd

from casebench.charts import all_charts
from casebench.comparison import Comparison, compare
from casebench.comparison.tidy import tidy_table
from casebench.models.case import Case
from casebench.registry import load_framework
from casebench.synthetic import synthetic_cases

SEED = 2017


def median_time(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baseline(cases: Sequence[Case]) -> pd.DataFrame:
    """The raw records as a DataFrame: one row per case x listed assessment."""
    return pd.DataFrame(
        [
            (case.id, qid, a.status, a.rating, len(a.evidence))
            for case in cases
            for qid, a in case.assessments.items()
        ],
        columns=["case_id", "question_id", "status", "rating", "n_evidence"],
    )


def build_charts(comparison: Comparison) -> None:
    """Build every chart spec of a comparison (validated, as ``to_dict()`` does by default)."""
    for chart in all_charts(comparison).values():
        chart.to_dict()


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the table of medians and growth ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--sizes", default="10,100,1000", help="case counts, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    framework = load_framework("farr2017")
    alt.data_transformers.disable_max_rows()  # the 1,000-case matrix has 53,000 cells

    start = time.perf_counter()
    pool = synthetic_cases(framework, max(sizes), seed=SEED)
    print(
        f"generated {len(pool)} synthetic cases x {len(framework.questions)} questions "
        f"in {time.perf_counter() - start:.2f} s (seed {SEED}, ~15% not assessed)"
    )
    print(f"median of {args.repeat} runs (charts: of {max(1, args.repeat // 2)})\n")

    steps: dict[str, Callable[[Sequence[Case]], object]] = {
        "baseline": baseline,
        "tidy": lambda cases: tidy_table(cases, framework),
        "compare": lambda cases: compare(cases, framework).tables(),
    }
    names = [*steps, "charts"]
    results: dict[str, dict[int, float]] = {name: {} for name in names}
    print(f"{'cases':>6} " + " ".join(f"{name + ' (s)':>13}" for name in names))
    for n in sizes:
        cases = pool[:n]
        for name, step in steps.items():
            results[name][n] = median_time(lambda step=step, cases=cases: step(cases), args.repeat)
        comparison = compare(cases, framework)
        results["charts"][n] = median_time(
            lambda c=comparison: build_charts(c), max(1, args.repeat // 2)
        )
        print(f"{n:>6} " + " ".join(f"{results[name][n]:>13.4f}" for name in names))

    print("\ngrowth ratios (10x the cases; linear ~ 10)")
    for small, large in itertools.pairwise(sizes):
        ratios = "  ".join(
            f"{name} {results[name][large] / results[name][small]:.1f}" for name in names
        )
        print(f"  t({large})/t({small}): {ratios}")
    largest = max(sizes)
    verdict = "under" if results["compare"][largest] < 1.0 else "OVER"
    print(
        f"\ncompare on {largest} cases: {results['compare'][largest]:.3f} s "
        f"({verdict} the 1 s target)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
