"""CompareDashboard: pick cases from a folder, filter by section, switch charts, and read the
evidence behind one question side by side."""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import ipywidgets as w

from casebench import charts
from casebench.comparison import Comparison, compare
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.quotes import quotes_html
from casebench.validation import validate_paths

CHARTS: dict[str, Callable[[Comparison], Any]] = {
    "Matrix": charts.matrix_heatmap,
    "Section profiles": charts.section_profiles_chart,
    "Divergence": charts.divergence_chart,
    "Power": charts.power_profile_chart,
    "Levels of change": charts.levels_of_change_chart,
    "Coverage": charts.coverage_chart,
    "Similarity": charts.similarity_heatmap,
}
ALL = "__all__"


def evidence_html(cases: list[Case], framework: Framework, question_id: str) -> str:
    """One column per case: the rating or answer, memo and quotes on one question (escaped)."""
    info = framework.questions[question_id]
    question = info.question
    cells = []
    for case in cases:
        a = case.assessments.get(question_id)
        if a is None or not a.judged:
            body = "<p><i>not assessed</i></p>"
        else:
            if a.status == "absent":
                shown = "absent: looked for, not found (not a rating)"
            elif a.rating is not None:
                shown = f"{a.rating} – {framework.scale_for(question).label(a.rating)}"
            else:
                shown = ", ".join(a.answer) if isinstance(a.answer, list) else str(a.answer)
            quotes = quotes_html(a.evidence)
            confidence = f" (confidence: {html.escape(a.confidence)})" if a.confidence else ""
            body = (
                f"<p><b>{html.escape(shown)}</b>{confidence}</p>"
                f"<p>{html.escape(a.memo)}</p>{quotes}"
            )
        cells.append(
            f"<td style='vertical-align:top;padding:6px;min-width:220px'>"
            f"<h4>{html.escape(case.title)}</h4>{body}</td>"
        )
    return (
        f"<h3>{html.escape(question.text)} <code>{question.id}</code></h3>"
        f"<table><tr>{''.join(cells)}</tr></table>"
    )


class CompareDashboard:
    """Widgets over ``casebench.compare`` and ``casebench.charts``; holds no analysis itself."""

    def __init__(
        self, folder: str | Path | list[str | Path], *, chart: str = "Section profiles"
    ) -> None:
        paths = folder if isinstance(folder, list) else [folder]
        report = validate_paths(paths)
        self.problems = report.errors
        self.cases = {c.id: c for c in report.cases}
        first = next(iter(self.cases.values()), None)
        self.framework: Framework | None = report.framework_of(first) if first else None
        self.case_picker = w.SelectMultiple(
            options=[(c.title, c.id) for c in self.cases.values()],
            value=tuple(self.cases),
            description="Cases",
            rows=min(8, max(2, len(self.cases))),
            layout=w.Layout(width="95%"),
        )
        sections = [(s.title, s.id) for s in self.framework.sections] if self.framework else []
        self.section_picker = w.Dropdown(
            options=[("All sections", ALL), *sections], description="Section"
        )
        self.chart_picker = w.ToggleButtons(options=list(CHARTS), value=chart)
        self.question_picker = w.Dropdown(description="Question", layout=w.Layout(width="95%"))
        self.message = w.HTML()
        self.chart_output = w.Output()
        self.evidence = w.HTML()
        for control in (self.case_picker, self.section_picker, self.chart_picker):
            control.observe(lambda _: self.redraw(), names="value")
        self.question_picker.observe(lambda _: self._show_evidence(), names="value")
        self.widget = w.VBox(
            [
                self.case_picker,
                self.section_picker,
                self.chart_picker,
                self.message,
                self.chart_output,
                self.question_picker,
                self.evidence,
            ]
        )
        self._compare = lru_cache(maxsize=64)(self._compare_uncached)
        self.redraw()

    def _compare_uncached(self, ids: tuple[str, ...], section: str) -> Comparison:
        assert self.framework is not None
        framework = self.framework
        if section != ALL:
            framework = framework.only_sections([section])
        return compare([self.cases[i] for i in ids], framework)

    @property
    def comparison(self) -> Comparison | None:
        """The comparison for the current selection (None when fewer than two cases)."""
        ids = tuple(self.case_picker.value)
        if len(ids) < 2 or self.framework is None:
            return None
        return self._compare(ids, self.section_picker.value)

    def current_chart(self) -> Any:
        comparison = self.comparison
        return None if comparison is None else CHARTS[self.chart_picker.value](comparison)

    def redraw(self) -> None:
        """Recompute and redraw for the current selection."""
        comparison = self.comparison
        self.chart_output.clear_output(wait=True)
        if comparison is None:
            found = "; ".join(str(p) for p in self.problems[:3])
            self.message.value = "<b>Pick at least two cases.</b>" + (
                f"<br>Some files could not be read: {html.escape(found)}" if found else ""
            )
            self.question_picker.options = []
            return
        self.message.value = ""
        with self.chart_output:
            from IPython.display import display

            display(CHARTS[self.chart_picker.value](comparison))
        options = [
            (f"{qid} – {info.question.text[:70]}", qid)
            for qid, info in comparison.framework.questions.items()
        ]
        keep = self.question_picker.value
        self.question_picker.options = options
        if keep in dict((v, k) for k, v in options):
            self.question_picker.value = keep
        self._show_evidence()

    def _show_evidence(self) -> None:
        comparison = self.comparison
        qid = self.question_picker.value
        if comparison is None or not qid:
            self.evidence.value = ""
            return
        self.evidence.value = evidence_html(list(comparison.cases), comparison.framework, qid)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
