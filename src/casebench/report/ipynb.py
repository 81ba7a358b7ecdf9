"""The report notebook as data, and its parameters put in as papermill does.

``notebooks/04_comparison_report.ipynb`` is this notebook written out (a test keeps the two
the same); the package builds it from here, so ``casebench report`` works from an installed
wheel, which holds no notebooks folder.
"""

from __future__ import annotations

import copy
from typing import Any

NAME = "04_comparison_report"

INTRO = """\
# Comparison report

**What for:** a self-contained HTML report comparing co-production and co-design cases along \
the framework of Farr (2017), *Power dynamics and collaborative mechanisms in co-production and \
co-design processes* (Critical Social Policy, doi:10.1177/0261018317747444): methods, the \
framework matrix, charts, the evidence behind the largest divergences, power, levels of change, \
the context–mechanism–outcome synthesis and the questions of Farr's Figure 1 to reflect on.

**Who for:** researchers and practitioners who share a comparison with people who will not run \
Python. `casebench report CASES... -o report.html` runs this notebook with the case files as \
parameters and exports it with nbconvert, inputs hidden; the file opens offline in any browser. \
Run it here to see the same report in JupyterLab."""

PARAMETERS = """\
case_paths = ["../data/sample_cases"]  # case files, or folders of them
title = ""  # "" = "Comparison: A and B" (or "Comparison of N cases")
framework = None  # a framework file the cases name; None = the bundled framework
sections = []  # framework section ids to include, e.g. ["who_involved"]; [] = all
static = False  # True = charts as static SVG instead of interactive
generated = ""  # time stamp for the provenance footer; "" = now
focus = None  # a case id to set against the other cases; None = no focus view
by = None  # an attribute to compare groups by ("sector", "country", ...); None = no groups"""

HOW = """\
Everything below is computed by `casebench.report`: the notebook only calls it, so this \
notebook and the exported report always show the same thing."""

BUILD = """\
from casebench.report import notebook as report

context = report.prepare(case_paths, title=title, framework=framework, sections=sections,
                         static=static, generated=generated, focus=focus, by=by)
report.show(context)"""


def _cell(kind: str, source: str, cell_id: str, tags: list[str] | None = None) -> dict[str, Any]:
    cell: dict[str, Any] = {
        "cell_type": kind,
        "id": cell_id,
        "metadata": {"tags": tags} if tags else {},
        "source": source.splitlines(keepends=True),
    }
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return cell


def report_notebook() -> dict[str, Any]:
    """The report notebook (nbformat 4 JSON as a dict), stored without outputs."""
    return {
        "cells": [
            _cell("markdown", INTRO, "04-00"),
            _cell("code", PARAMETERS, "04-01", ["parameters"]),
            _cell("markdown", HOW, "04-02"),
            _cell("code", BUILD, "04-03"),
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def inject(notebook: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """A copy with a cell setting ``params`` after the ``parameters`` cell (as papermill
    does), so that the executed notebook shows what it was run with."""
    notebook = copy.deepcopy(notebook)
    cells = notebook["cells"]
    index = next(i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", []))
    source = "# Parameters\n" + "\n".join(f"{name} = {value!r}" for name, value in params.items())
    cells.insert(index + 1, _cell("code", source, "injected-parameters", ["injected-parameters"]))
    return notebook


__all__ = ["NAME", "inject", "report_notebook"]
