"""How long each notebook of notebooks/ takes to run end to end, against an empty notebook.

Run with ``python benchmarks/bench_notebooks.py``. Each notebook is executed with nbclient as
the tests do (parameters pointing at the bundled samples); the floor is an empty notebook run
the same way in the same process (kernel start and stop). Prints medians and ratios.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from notebooks import NOTEBOOKS, run_notebook  # noqa: E402

RUNS = 3
SAMPLES = str(ROOT / "data" / "sample_cases")
PARAMS = {
    "01_explore_sample_cases": {"cases_folder": SAMPLES},
    "02_enter_a_case": {"samples_folder": SAMPLES},
    "03_guided_exercises": {"samples_folder": SAMPLES},
    "04_comparison_report": {"case_paths": [SAMPLES]},
}


def _empty(folder: Path) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("")])
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()


def _median(action) -> float:
    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            action(Path(folder))
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    floor = _median(_empty)
    print(f"median of {RUNS} runs each; floor = an empty notebook: {floor:.2f} s")
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        name = path.stem
        params = dict(PARAMS.get(name, {}))

        def action(folder: Path, name: str = name, params: dict = params) -> None:
            extra = {"folder": str(folder / "cases")} if name == "02_enter_a_case" else {}
            run_notebook(name, {**params, **extra}, folder)

        seconds = _median(action)
        print(f"  {name:28s} {seconds:6.2f} s   {seconds / floor:5.2f}x floor")


if __name__ == "__main__":
    main()
