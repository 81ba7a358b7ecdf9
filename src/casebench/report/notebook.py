"""What the report notebook (notebooks/04_comparison_report.ipynb) calls: ``prepare`` reads
and compares the cases, then each section function returns a displayable part.

The notebook holds no logic of its own, so the report made by ``casebench report`` and the
notebook opened in JupyterLab show the same thing; a team's copy adds its own markdown and
cells between them (:func:`figure` frames a chart of their own like the report's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from casebench.report.context import ReportContext
from casebench.report.html import Part


def prepare(
    case_paths: Sequence[str | Path],
    *,
    title: str = "",
    framework: str | Path | None = None,
    sections: Sequence[str] = (),
    static: bool = False,
    generated: str = "",
    focus: str | None = None,
    by: str | None = None,
) -> ReportContext:
    """Read, check and compare the cases (see :func:`casebench.report.context.prepare`;
    ``focus``: a case id to set against the others, ``by``: an attribute to group the cases
    by), and make Altair charts draw offline from here on (interactive: the Vega bundle is
    displayed once, now; ``static``: as inline SVG)."""
    from casebench.display import enable_offline_charts
    from casebench.report.context import prepare as _prepare

    context = _prepare(
        [str(p) for p in case_paths],
        title=title,
        framework=str(framework) if framework else None,
        sections=sections,
        static=static,
        generated=generated,
        focus=focus,
        by=by,
    )
    enable_offline_charts(force=True, static=static)
    return context


def renderers() -> list[Callable[[ReportContext], Part | None]]:
    """The parts of the bundled report, in order (the focus and groups parts are None
    unless the context was prepared with ``focus`` and ``by``)."""
    from casebench.report import (
        evidence,
        evidence_appendix,
        realist,
        reflection,
        sections,
        standout,
    )

    return [
        sections.title_block,
        sections.methods,
        sections.matrix,
        sections.profiles,
        evidence.divergence,
        standout.distinctive,
        standout.focus,
        standout.groups,
        evidence.power,
        evidence.change,
        realist.synthesis,
        reflection.reflect,
        evidence_appendix.appendix,
        sections.provenance,
    ]


def parts(context: ReportContext) -> list[Part]:
    """Every part of the bundled report the context asks for, in order."""
    return [part for render in renderers() if (part := render(context)) is not None]


def figure(chart: Any, context: ReportContext | None = None, *, note: str = "") -> Part:
    """A chart of your own framed as the report frames its charts: its title and
    description as caption (the description is the text alternative), drawn offline
    (static SVG when the report is static)."""
    import altair as alt

    from casebench.report.figures import figure_of

    with alt.data_transformers.disable_max_rows():
        spec = chart.to_dict()
    spec["usermeta"] = {**spec.get("usermeta", {}), "embedOptions": {"actions": False}}
    static = context.static if context is not None else False
    return Part(figure_of(spec, static=static, note=note), "figure")


def warm() -> None:
    """Import what a report needs (pandas, Altair, the comparison and charts), read the
    Vega bundle and the bundled framework, compile the part templates, and make one tiny
    chart (Altair loads its schema on the first). ``casebench report`` has its kernel run
    this while booting, so this work overlaps the parent's; results do not depend on it."""
    import altair as alt
    import pandas as pd

    import casebench.charts
    import casebench.comparison
    import casebench.report.chart_data
    import casebench.report.evidence_appendix
    import casebench.report.standout
    import casebench.validation  # noqa: F401
    from casebench.display import vega_bundle_js
    from casebench.registry import load_framework
    from casebench.report.html import macros

    vega_bundle_js()
    macros()
    load_framework()
    tiny = alt.Chart(pd.DataFrame({"x": [0]})).mark_point().encode(x="x:Q", tooltip=["x:Q"])
    tiny.to_dict(validate=False)


__all__ = ["figure", "parts", "prepare", "renderers", "warm"]
