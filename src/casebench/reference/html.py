"""The framework reference as one self-contained HTML page (Jinja2, every value escaped)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("casebench", "reference"),
        autoescape=True,  # every value of the framework file is text, never markup
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def _question_macro() -> Any:
    return _environment().get_template("question.html.j2").module.guidance  # type: ignore[attr-defined]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def render_html(ref: dict[str, Any]) -> str:
    """The reference as an HTML page that loads nothing from the network."""
    return _environment().get_template("framework.html.j2").render(ref=ref, paragraphs=_paragraphs)


def question_guidance_html(question: dict[str, Any], scale: dict[str, Any] | None = None) -> str:
    """One question's guidance as an HTML fragment, as the framework page shows it (with the
    points of its ``scale`` listed when given): what the editor shows beside the question."""
    return str(_question_macro()(question, scale, False))


__all__ = ["question_guidance_html", "render_html"]
