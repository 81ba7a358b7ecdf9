"""The framework reference: every section, question, scale point, option and id a coder may
use, as one plain-data structure (``framework_reference``) rendered as text, Markdown, HTML or
JSON (``render``). ``casebench framework`` prints it; ``docs/framework-farr2017.md`` is its
Markdown; the editor and the guided ``casebench new`` show the same guidance."""

from __future__ import annotations

from typing import Any

from casebench.models.framework import Framework
from casebench.reference.build import (
    REFERENCE_FORMAT,
    framework_reference,
    questions_of,
    section_labels,
)
from casebench.reference.text import render_json, render_markdown, render_text

FORMATS = ("text", "md", "html", "json")


def render(framework: Framework, fmt: str = "text") -> str:
    """The reference of ``framework`` in one of :data:`FORMATS`."""
    ref = framework_reference(framework)
    if fmt == "html":
        from casebench.reference.html import render_html

        return render_html(ref)
    renderers: dict[str, Any] = {"text": render_text, "md": render_markdown, "json": render_json}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return renderers[fmt](ref)


__all__ = [
    "FORMATS",
    "REFERENCE_FORMAT",
    "framework_reference",
    "questions_of",
    "render",
    "section_labels",
]
