"""Benchmark of ``casebench.synthesis`` on 10, 100 and 1,000 synthetic cases with coded
configurations (``planted_realist_cases``: the planted patterns plus a random configuration each).

Run: ``python benchmarks/bench_synthesis.py [--repeat N] [--sizes 10,100,1000]``. Prints the
median time per case count for: a baseline (``pd.DataFrame`` of the raw configuration
records, the least any synthesis must do), the synthesis without and with a programme theory,
its Markdown and JSON outputs, and the report section with both charts; then the growth
ratios t(10n)/t(n). Linear growth gives ratios near 10; the baseline's show what linear
looks like here.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable, Sequence

import pandas as pd

from casebench.models.case import Case
from casebench.registry import load_framework
from casebench.report.realist import render_section
from casebench.synthesis import synthesise
from casebench.synthesis_exports import synthesis_to_json, synthesis_to_markdown
from casebench.synthetic import planted_realist_cases, planted_theory

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
    """The raw configuration records as a DataFrame: one row per configuration."""
    return pd.DataFrame(
        [
            (case.id, c.id, c.mechanism_code, tuple(t.tag for t in c.context_conditions))
            for case in cases
            for c in case.cmo
        ],
        columns=["case_id", "cmo_id", "mechanism_code", "tags"],
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the table of medians and growth ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--sizes", default="10,100,1000", help="case counts, comma-separated")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    framework = load_framework("farr2017")
    theory = planted_theory()
    start = time.perf_counter()
    pool = planted_realist_cases(framework, seed=SEED, n_extra=max(sizes) - 4)
    n_conf = sum(len(c.cmo) for c in pool)
    print(
        f"generated {len(pool)} cases, {n_conf} configurations, in "
        f"{time.perf_counter() - start:.2f} s (seed {SEED})"
    )
    print(f"median of {args.repeat} runs (section: of {max(1, args.repeat // 2)})\n")
    steps: dict[str, Callable[[Sequence[Case]], object]] = {
        "baseline": baseline,
        "synthesise": lambda cases: synthesise(cases),
        "with theory": lambda cases: synthesise(cases, theory),
    }
    names = [*steps, "md+json", "section"]
    render_section(synthesise(pool[:4]), static=False)  # warm up: Altair and the templates
    results: dict[str, dict[int, float]] = {name: {} for name in names}
    print(f"{'cases':>6} " + " ".join(f"{name + ' (s)':>16}" for name in names))
    for n in sizes:
        cases = pool[:n]
        for name, step in steps.items():
            results[name][n] = median_time(lambda step=step, cases=cases: step(cases), args.repeat)
        s = synthesise(cases, theory)
        results["md+json"][n] = median_time(
            lambda s=s: (synthesis_to_markdown(s), synthesis_to_json(s)), args.repeat
        )
        results["section"][n] = median_time(
            lambda s=s: render_section(s, static=False), max(1, args.repeat // 2)
        )
        print(f"{n:>6} " + " ".join(f"{results[name][n]:>16.4f}" for name in names))
    print("\ngrowth ratios (10x the cases; linear ~ 10)")
    for small, large in itertools.pairwise(sizes):
        ratios = "  ".join(
            f"{name} {results[name][large] / results[name][small]:.1f}" for name in names
        )
        print(f"  t({large})/t({small}): {ratios}")
    largest = max(sizes)
    print(
        f"\nsynthesis with theory on {largest} cases: {results['with theory'][largest]:.3f} s, "
        f"{results['with theory'][largest] / results['baseline'][largest]:.0f}x the baseline"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
