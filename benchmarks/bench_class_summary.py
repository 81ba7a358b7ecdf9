"""Benchmark of ``casebench class summary``: reading a class's submissions and summarising them.

Run: ``python benchmarks/bench_class_summary.py [--repeat N] [--sizes 30,120,480]``. Writes a
synthetic class of each size (flat folder, three invalid files and one empty among them) and
prints the median time of reading the submissions and of the summary (with 2,000 bootstrap
resamples behind each student's interval), each as a ratio to the smallest class, the baseline
measured in the same run. The work grows with the class: the ratios should stay near the ratio
of class sizes, not its square (each student is compared with the rest of the class once).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from casebench.classroom import collect, summarise
from casebench.classroom.synthetic import write_class
from casebench.exercises import load_vignette

HARD = ["si_venues", "pp_diversity", "ch_rhetoric"]


def median_time(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print the medians and the ratios to the smallest class."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--sizes", default="30,120,480", help="class sizes, comma-separated")
    args = parser.parse_args(argv)
    vignette = load_vignette("riverside_libraries")
    sizes = [int(n) for n in args.sizes.split(",")]
    print(f"median of {args.repeat} runs; vignette {vignette.id}, 4 bad files a class\n")
    print(f"{'students':>8}  {'read s':>8}  {'ratio':>6}  {'summary s':>9}  {'ratio':>6}")
    base_read = base_summary = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"class{n}"
            write_class(folder, vignette, students=n, hard=HARD)
            found = collect(folder, vignette)
            read = median_time(lambda f=folder: collect(f, vignette), args.repeat)
            summary = median_time(lambda s=found: summarise(s, vignette), args.repeat)
            base_read, base_summary = base_read or read, base_summary or summary
            print(
                f"{n:>8}  {read:>8.3f}  {read / base_read:>6.2f}  "
                f"{summary:>9.3f}  {summary / base_summary:>6.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
