"""The nbconvert exporter of reports: HTMLExporter with casebench's offline template, inputs,
prompts and markdown cells left out, parameter cells removed.

:class:`ReportExporter` is HTMLExporter minus its final BeautifulSoup pass, which parses the
whole page and writes it out again to add alt text to ``<img>`` elements and ``tabindex`` to
JupyterLab output areas. The report has no images, and its template no such output areas
(tests/test_report.py checks both, and that the pass would change nothing else), while the
pass took 0.3 s for two cases and 1 s for 200, a tenth to a fifth of a whole report.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from casebench.report.speed import quick_jsonschema

TEMPLATE_DIR = Path(__file__).with_name("template")
TEMPLATE_NAME = "casebench_report"
OPTIONS: dict[str, Any] = {
    "template_name": TEMPLATE_NAME,
    "extra_template_basedirs": [str(TEMPLATE_DIR)],
    "exclude_input": True,
    "exclude_input_prompt": True,
    "exclude_output_prompt": True,
    "exclude_markdown": True,
    "exclude_raw": True,
    "exclude_unknown": True,
}
"""HTMLExporter settings of a report (a stock HTMLExporter with these renders the same)."""
REMOVED_TAGS = {"parameters", "injected-parameters"}


@functools.cache
def exporter_class() -> type:
    """:class:`ReportExporter`, defined on first use (nbconvert is imported then)."""
    with quick_jsonschema():
        from nbconvert import HTMLExporter
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):  # type: ignore[misc]
        """HTMLExporter without the BeautifulSoup post-pass (see the module docstring)."""

        def from_notebook_node(
            self, nb: Any, resources: dict[str, Any] | None = None, **kw: Any
        ) -> tuple[str, dict[str, Any]]:
            # As HTMLExporter.from_notebook_node (nbconvert 7), up to its soup.
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            self.register_filter("highlight_code", highlight)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter


def configure(exporter: Any) -> Any:
    """Remove the parameter cells, and compile the template now (while the kernel works)."""
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=REMOVED_TAGS), enabled=True
    )
    _ = exporter.template
    return exporter


@functools.cache
def exporter() -> Any:
    """The report exporter; one per process, its template compiled once."""
    return configure(exporter_class()(**OPTIONS))


def stock_exporter() -> Any:
    """nbconvert's own HTMLExporter with the same settings (tests compare the two)."""
    with quick_jsonschema():
        from nbconvert import HTMLExporter

    return configure(HTMLExporter(**OPTIONS))


__all__ = ["OPTIONS", "TEMPLATE_DIR", "TEMPLATE_NAME", "exporter", "stock_exporter"]
