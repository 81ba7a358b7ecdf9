"""How long the case editor takes to build for the full framework, and the comparison
dashboard to redraw for 30 cases, inside a real kernel.

Run with ``python benchmarks/bench_editor.py``. Widgets talk to the front end through comm
messages, so the build is timed in an ipykernel (via nbclient), not in plain Python. The
baseline, measured in the same kernel, is one bare Dropdown per framework question: the least
any form of the framework could cost. Prints medians of several builds and the ratios.
"""

from __future__ import annotations

import json
import tempfile

import nbformat
from nbclient import NotebookClient

RUNS = 7

CODE = f"""
import json, statistics, tempfile, time
import ipywidgets as w
from casebench import load_framework
from casebench.widgets import CaseEditor

framework = load_framework("farr2017")
folder = tempfile.mkdtemp()
CaseEditor.new("warm", "Warm-up", folder).build_all()  # imports and caches out of the timing

def timed(build):
    times = []
    for i in range({RUNS}):
        start = time.perf_counter()
        build(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)

baseline = timed(lambda i: [w.Dropdown(options=["a", "b"]) for _ in framework.questions])
opening = timed(lambda i: CaseEditor.new(f"c{{i}}", "Case", folder))
full = timed(lambda i: CaseEditor.new(f"f{{i}}", "Case", folder).build_all())
from casebench import save_case
from casebench.synthetic import synthetic_cases
from casebench.widgets import CompareDashboard

cases_folder = tempfile.mkdtemp()
for case in synthetic_cases(framework, 30, seed=1):
    save_case(case, f"{{cases_folder}}/{{case.id}}.yaml")
dashboard = CompareDashboard(cases_folder)
sections = [s.id for s in framework.sections]
charts = list(dashboard.chart_picker.options)

def switch(i):
    dashboard.section_picker.value = sections[i % len(sections)]
    dashboard.chart_picker.value = charts[i % len(charts)]

redraw = timed(switch)

def slowest_part(i):
    editor = CaseEditor.new(f"t{{i}}", "Case", folder)
    times = []
    for index in range(len(editor.nav.accordion.children)):
        start = time.perf_counter()
        editor.nav.open(index)  # what a click on the part's title does
        times.append(time.perf_counter() - start)
    return max(times)

tab = statistics.median(slowest_part(i) for i in range({RUNS}))
print(json.dumps({{"baseline": baseline, "open": opening, "full": full, "redraw": redraw,
                  "tab": tab, "questions": len(framework.questions)}}))
"""


def main() -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CODE)])
    with tempfile.TemporaryDirectory() as folder:
        NotebookClient(  # thousands of widget messages precede the result: wait for them all
            nb,
            timeout=600,
            iopub_timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": folder}},
        ).execute()
    outputs = nb.cells[0].outputs  # the kernel may also write warnings (stderr)
    result = json.loads(next(o["text"] for o in outputs if o.get("name") == "stdout"))
    base = result["baseline"]
    print(f"case editor for {result['questions']} questions, median of {RUNS} builds in a kernel")
    print(f"  baseline ({result['questions']} bare Dropdowns): {base * 1000:8.1f} ms")
    print(
        f"  editor, opening (first part built):     {result['open'] * 1000:8.1f} ms"
        f"   {result['open'] / base:5.1f}x baseline"
    )
    print(
        f"  editor, every part built:               {result['full'] * 1000:8.1f} ms"
        f"   {result['full'] / base:5.1f}x baseline"
    )
    print(f"  editor, slowest part on its first showing: {result['tab'] * 1000:8.1f} ms")
    print(f"  dashboard, 30 cases, new section and chart: {result['redraw'] * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
