"""The nbconvert exporter of reports: nbconvert's public ``TemplateExporter`` with casebench's
own page template (``template/casebench_report``).

The template is a whole page of its own rather than an extension of JupyterLab's: it shows
outputs and markdown cells and never code (inputs hidden), loads nothing from the network,
escapes by default (``{% autoescape true %}``; notebook HTML outputs are marked safe where
they are placed), builds the contents from the sections the notebook displayed, and holds
the stylesheet (reading, print, 400% zoom) and the small script that opens an evidence
block when a link leads to it. Cells tagged ``parameters``, ``injected-parameters`` or
``remove-cell`` are left out.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

TEMPLATE_DIR = Path(__file__).with_name("template")
TEMPLATE_NAME = "casebench_report"
REMOVED_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell"})
"""Cells with these tags are not in the report (parameters, notes for the notebook's
editors)."""


@functools.cache
def exporter() -> Any:
    """The report exporter, one per process; its template is compiled here, once."""
    from nbconvert.exporters import TemplateExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = TemplateExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        template_extension=".html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_raw=True,
        exclude_unknown=True,
    )
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(REMOVED_TAGS)), enabled=True
    )
    _ = exporter.template  # compile now, while the kernel works
    return exporter


def export(notebook: Any, title: str) -> str:
    """The executed notebook (an nbformat node) as the report's HTML page."""
    body, _ = exporter().from_notebook_node(notebook, resources={"metadata": {"name": title}})
    return body


__all__ = ["REMOVED_TAGS", "TEMPLATE_DIR", "TEMPLATE_NAME", "export", "exporter"]
