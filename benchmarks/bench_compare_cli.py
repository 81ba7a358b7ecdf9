"""Benchmark of ``casebench compare DIR`` end to end, as a user runs it, on 1,000 case files.

Run: ``python benchmarks/bench_compare_cli.py [--cases 1000] [--repeat 5]``. Writes that
many synthetic farr2017 case files to a temporary folder, then times each command in a fresh
process (wall time and peak memory, from ``os.wait4``), printing medians and the ratio to a
baseline measured in the same run: a process that only imports what ``compare`` needs
(``casebench.cli``, the validation, pandas and the comparison), the least any run can cost.

Variants: ``--no-cache`` (every file read and validated), ``cold`` (an empty cache: read,
validate and remember), and each ``--format`` with the cache warm (files unchanged since
the last run: the usual case when re-running an analysis). Also prints the size of each
output and, for JSON, the size at a tenth of the cases, to show it grows linearly.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

GOAL_SECONDS = 1.5
GOAL_MB = 400
BASELINE = (
    "import casebench.cli, casebench.validation, casebench.casecache, pandas, "
    "casebench.comparison, casebench.exports"
)


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system: less swayed by other work on a shared
    machine), peak resident MB and bytes written to stdout of one process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        error = process.stderr.read().decode() if process.stderr else ""
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {error}")
        size = out.seek(0, os.SEEK_END)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, size


def write_cases(folder: Path, n: int) -> None:
    """``n`` synthetic case files (seed 2017, ~15% of questions not assessed)."""
    import casebench
    from casebench.caseio import save_case
    from casebench.synthetic import synthetic_cases

    framework = casebench.load_framework("farr2017")
    folder.mkdir(parents=True)
    for case in synthetic_cases(framework, n, seed=2017):
        save_case(case, folder / f"{case.id}.yaml", backup=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print medians, ratios to the baseline, memory and output sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per variant")
    args = parser.parse_args(argv)
    casebench_cmd = [sys.executable, "-m", "casebench.cli", "compare"]
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        write_cases(root / "cases", args.cases)
        write_cases(root / "tenth", max(2, args.cases // 10))
        print(
            f"wrote {args.cases} synthetic farr2017 case files in "
            f"{time.perf_counter() - start:.1f} s; median of {args.repeat} runs each\n"
        )
        env = dict(os.environ, CASEBENCH_CACHE_DIR=str(root / "cache"))
        folder = str(root / "cases")
        run([*casebench_cmd, folder, "--format", "table"], env)  # warm the cache

        def cold() -> list[str]:
            shutil.rmtree(root / "cold-cache", ignore_errors=True)
            return [*casebench_cmd, folder]

        variants: dict[str, object] = {
            "baseline (imports only)": [sys.executable, "-c", BASELINE],
            "--no-cache, table": [*casebench_cmd, folder, "--no-cache"],
            "cold cache, table": cold,
            **{
                f"warm cache, {fmt}": [*casebench_cmd, folder, "--format", fmt]
                for fmt in ("table", "json", "csv", "md")
            },
        }
        cold_env = dict(env, CASEBENCH_CACHE_DIR=str(root / "cold-cache"))
        results: dict[str, tuple[float, float, float, int]] = {}
        for name, command in variants.items():
            times, cpus, peaks, size = [], [], [], 0
            for _ in range(args.repeat):
                argv_ = command() if callable(command) else command
                elapsed, cpu, peak, size = run(argv_, cold_env if name.startswith("cold") else env)
                times.append(elapsed)
                cpus.append(cpu)
                peaks.append(peak)
            results[name] = (
                statistics.median(times),
                statistics.median(cpus),
                max(peaks),
                size,
            )
        *_, tenth_json = run([*casebench_cmd, str(root / "tenth"), "--format", "json"], env)

    base, base_cpu = results["baseline (imports only)"][:2]
    print(
        f"{'variant':<26} {'wall s':>8} {'x base':>7} {'cpu s':>7} {'x base':>7} "
        f"{'peak MB':>8} {'stdout MB':>10}"
    )
    for name, (median, cpu, peak, size) in results.items():
        print(
            f"{name:<26} {median:>8.3f} {median / base:>7.2f} {cpu:>7.3f} {cpu / base_cpu:>7.2f} "
            f"{peak:>8.0f} {size / 1e6:>10.2f}"
        )
    json_size = results["warm cache, json"][3]
    print(
        f"\nJSON: {json_size / 1e6:.1f} MB for {args.cases} cases, {tenth_json / 1e6:.1f} MB "
        f"for {max(2, args.cases // 10)}: x{json_size / tenth_json:.1f} for x10 the cases"
    )
    warm = {k: v for k, v in results.items() if k.startswith("warm")}
    slowest = max(v[0] for v in warm.values())
    busiest = max(v[1] for v in warm.values())
    heaviest = max(v[2] for v in warm.values())
    verdict = "within" if slowest < GOAL_SECONDS and heaviest < GOAL_MB else "OUTSIDE"
    print(
        f"warm formats: slowest {slowest:.2f} s wall ({busiest:.2f} s CPU), peak "
        f"{heaviest:.0f} MB: {verdict} the goal of {GOAL_SECONDS} s and {GOAL_MB} MB (the "
        f"baseline takes {base:.2f} s wall, {base_cpu:.2f} s CPU here)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
