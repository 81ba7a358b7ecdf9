"""The framework reference as one self-contained HTML page (Jinja2, every value escaped)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("casebench", "reference"),
        autoescape=True,  # every value of the framework file is text, never markup
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template("framework.html.j2")


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def render_html(ref: dict[str, Any]) -> str:
    """The reference as an HTML page that loads nothing from the network."""
    return _template().render(ref=ref, paragraphs=_paragraphs)


__all__ = ["render_html"]
