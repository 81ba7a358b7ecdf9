"""What the report notebook (notebooks/04_comparison_report.ipynb) calls: read and compare
the cases, then display each part of the report as one HTML output.

The notebook holds no logic of its own, so the report made by ``casebench report`` and the
notebook opened in JupyterLab show the same thing.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from casebench.report.context import ReportContext
from casebench.report.speed import quick_jsonschema


def parts(context: ReportContext) -> list[str]:
    """Every part of the report as an HTML string, in order."""
    from casebench.report import evidence, reflect, sections, synthesis

    renderers: list[Callable[[ReportContext], str]] = [
        sections.title_block,
        sections.contents,
        sections.methods,
        sections.matrix,
        sections.profiles,
        evidence.divergence,
        evidence.power,
        evidence.change,
        synthesis.section,
        reflect.reflect,
        sections.provenance,
    ]
    with warnings.catch_warnings():  # a warning printed would land in the report
        warnings.simplefilter("ignore")
        return [render(context) for render in renderers]


def prepare(
    case_paths: Sequence[str | Path],
    *,
    title: str = "",
    framework: str | None = None,
    sections: Sequence[str] = (),
    static: bool = False,
    generated: str = "",
) -> ReportContext:
    """Read, check and compare the cases (see :func:`casebench.report.context.prepare`)."""
    from casebench.report.context import prepare as _prepare

    with quick_jsonschema():
        import altair  # noqa: F401  (loaded here, with jsonschema, for the charts)
    return _prepare(
        [str(p) for p in case_paths],
        title=title,
        framework=framework,
        sections=sections,
        static=static,
        generated=generated,
    )


def warm() -> None:
    """Import what a report needs (pandas, Altair, the comparison and charts) and read the
    Vega bundle. ``casebench report`` has its kernel run this while booting, so the imports
    overlap the parent's checks; the notebook's results do not depend on it."""
    with quick_jsonschema():
        import altair  # noqa: F401
    import casebench.charts
    import casebench.comparison
    import casebench.validation  # noqa: F401
    from casebench.display import vega_bundle_js

    vega_bundle_js()


def show(context: ReportContext) -> None:
    """Display the report: the offline Vega bundle once (interactive charts), then each
    part as its own HTML output."""
    from IPython.display import HTML, display

    from casebench.display import vega_bundle_html

    pieces = parts(context)
    if not context.static:
        display(HTML(vega_bundle_html()))
    for piece in pieces:
        display(HTML(piece))


__all__ = ["parts", "prepare", "show", "warm"]
