"""Benchmark of ``casebench report`` against the floor of any nbconvert report.

Run: ``python benchmarks/bench_report.py [--repeat N]``. Times, as a user runs them (one
command each, in a fresh process), the median of ``--repeat`` runs of:

* the floor: ``jupyter nbconvert --execute --to html`` of an empty notebook;
* ``casebench report`` of the 2 sample cases;
* ``casebench report`` of 200 synthetic cases (``casebench.synthetic``, seed 2017);
* ``casebench report --per-folder`` of 20 folders, each holding the 2 sample cases (one
  kernel for all twenty);

then the ratios to the floor measured in the same run (the per-folder run against one
2-case report), and the 200-case report's size. Targets: 2 cases within 0.8x the floor, 200
cases within 1.0x, 20 folders within 5x one report, the 200-case file under 3 MB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).parents[1]
SEED = 2017
TARGETS = {"2 cases": 0.8, "200 cases": 1.0}
"""Ratio to the floor each report must stay within."""
FOLDERS = 20
PER_FOLDER_TARGET = 5.0
"""``--per-folder`` on :data:`FOLDERS` folders, as a multiple of one 2-case report."""
MAX_BYTES = 3_000_000


def _tool(name: str) -> list[str]:
    """The command of a console script installed beside this Python."""
    script = Path(sys.executable).with_name(name)
    return [str(script)] if script.exists() else [shutil.which(name) or name]


def median_time(command: list[str], repeat: int, cwd: Path) -> float:
    """Median wall time of ``repeat`` runs of a command, which must succeed."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=600)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def empty_notebook(path: Path) -> Path:
    """An nbformat 4 notebook with no cells, on the python3 kernel."""
    path.write_text(
        json.dumps(
            {
                "cells": [],
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {
                    "kernelspec": {
                        "name": "python3",
                        "display_name": "Python 3",
                        "language": "python",
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    return path


def synthetic_folder(folder: Path, n: int) -> Path:
    """``n`` synthetic case files in ``folder``."""
    from casebench import load_framework, save_case
    from casebench.synthetic import synthetic_cases

    folder.mkdir(parents=True, exist_ok=True)
    for case in synthetic_cases(load_framework("farr2017"), n, seed=SEED):
        save_case(case, folder / f"{case.id}.yaml")
    return folder


def folders_of_samples(folder: Path, n: int) -> Path:
    """``n`` subfolders of ``folder``, each a copy of the sample cases."""
    for i in range(n):
        group = folder / f"group_{i:02d}"
        group.mkdir(parents=True, exist_ok=True)
        for case in (ROOT / "data" / "sample_cases").glob("*.yaml"):
            shutil.copy(case, group / case.name)
    return folder


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print medians, ratios to the floor, and the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        work = Path(tmp)
        notebook = empty_notebook(work / "empty.ipynb")
        many = synthetic_folder(work / "synthetic", 200)
        groups = folders_of_samples(work / "groups", FOLDERS)
        commands = {
            "floor": [
                *_tool("jupyter"),
                "nbconvert",
                "--execute",
                "--to",
                "html",
                str(notebook),
                "--output",
                str(work / "empty.html"),
            ],
            "2 cases": [*_tool("casebench"), "report", "-o", str(work / "samples.html")],
            "200 cases": [
                *_tool("casebench"),
                "report",
                str(many),
                "-o",
                str(work / "synthetic.html"),
            ],
            f"{FOLDERS} folders": [
                *_tool("casebench"),
                "report",
                "--per-folder",
                str(groups),
                "-o",
                str(work / "per-folder"),
            ],
        }
        # one untimed run each: the Vega bundle cache, bytecode and disk caches warm up
        for command in commands.values():
            subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=600)
        print(f"median of {args.repeat} runs, each a fresh process\n")
        medians: dict[str, float] = {}
        for name, command in commands.items():
            medians[name] = median_time(command, args.repeat, ROOT)
        floor = medians["floor"]
        print(f"{'what':<12} {'median (s)':>11} {'x floor':>8} {'target':>7}  verdict")
        print(
            f"{'floor':<12} {floor:>11.2f} {1.0:>8.2f} {'':>7}  "
            "(jupyter nbconvert --execute --to html, empty notebook)"
        )
        failed = 0
        for name, target in TARGETS.items():
            ratio = medians[name] / floor
            ok = ratio <= target
            failed += not ok
            print(
                f"{name:<12} {medians[name]:>11.2f} {ratio:>8.2f} {target:>6.1f}x  "
                f"{'ok' if ok else 'OVER'}"
            )
        per_folder = medians[f"{FOLDERS} folders"] / medians["2 cases"]
        ok = per_folder < PER_FOLDER_TARGET
        failed += not ok
        print(
            f"{f'{FOLDERS} folders':<12} {medians[f'{FOLDERS} folders']:>11.2f} "
            f"{per_folder:>8.2f} {PER_FOLDER_TARGET:>6.1f}x  {'ok' if ok else 'OVER'}"
            "  (x one 2-case report, not x floor)"
        )
        grammar = median_time([sys.executable, "-c", "import rfc3987_syntax"], args.repeat, ROOT)
        bare = median_time([sys.executable, "-c", "pass"], args.repeat, ROOT)
        print(
            f"\nof which jsonschema's optional rfc3987_syntax import (Lark grammars): "
            f"{grammar - bare:.2f} s, paid once by the floor (nbformat) and twice by a report "
            "(nbformat in this process, Altair in the kernel, in parallel)"
        )
        size = (work / "synthetic.html").stat().st_size
        samples = (work / "samples.html").stat().st_size
        print(
            f"\nreport sizes: 2 cases {samples / 1e6:.2f} MB, 200 cases {size / 1e6:.2f} MB "
            f"({'under' if size < MAX_BYTES else 'OVER'} the 3 MB target)"
        )
        failed += size >= MAX_BYTES
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
