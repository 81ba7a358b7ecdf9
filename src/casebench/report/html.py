"""The report's HTML, built by Jinja2 templates with autoescape on: every value that reaches
the page is escaped unless it is :class:`markupsafe.Markup` — HTML built by these same
templates (or by :func:`casebench.quotes.quote_html`). Nothing is assembled from strings.

The macros of ``template/parts/macros.html.j2`` are the building blocks (table, figure,
section, ...); :class:`Section` is what the report notebook displays.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

PARTS = Path(__file__).with_name("template") / "parts"
"""The templates of the report's parts."""

MISSING = "—"
"""Shown for a missing value (not assessed, not recorded)."""


def is_missing(value: Any) -> bool:
    """None, NaN and pandas' NA are missing; empty strings too."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    try:
        return bool(value != value)  # NaN is the one value unequal to itself
    except (TypeError, ValueError):  # pd.NA refuses to be a bool
        return True


def show(value: Any, missing: str = MISSING) -> Any:
    """A value as the page shows it: markup kept, numbers without a needless ``.0`` (others
    to two decimals), lists joined, missing values as a dash. Text is escaped after."""
    if hasattr(value, "__html__"):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if is_missing(value):
        return missing
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def slug(value: str) -> str:
    """An id fragment from an identifier or title (letters, digits and hyphens)."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


@functools.cache
def environment() -> Any:
    """The Jinja2 environment of the report's parts: autoescape on, undefined names an
    error, templates compiled once per process."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(PARTS)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["show"] = show
    env.filters["slug"] = slug
    return env


def module(template: str) -> Any:
    """The macros of one part template, as attributes (each returns Markup)."""
    return environment().get_template(template).module


def macros() -> Any:
    """The building blocks of ``macros.html.j2``."""
    return module("macros.html.j2")


def table(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], caption: str, *, row_header: bool = True
) -> Markup:
    """A captioned table (header cells ``scope="col"``, the first cell of a row a row
    header) in a box that scrolls sideways; cells are escaped unless they are Markup."""
    return macros().table(list(rows), list(columns), caption, row_header)


def frame_table(
    frame: Any, columns: dict[str, str], caption: str, *, row_header: bool = True
) -> Markup:
    """A pandas DataFrame as :func:`table`: ``columns`` maps column names to headers."""
    rows = frame[list(columns)].itertuples(index=False, name=None)
    return table(rows, list(columns.values()), caption, row_header=row_header)


def paragraph(text: Any, css: str = "") -> Markup:
    """A paragraph of text (escaped) or markup."""
    return macros().paragraph(text, css)


def heading(level: int, title: str, anchor: str = "") -> Markup:
    """``<hN id=...>`` with the title escaped."""
    return macros().heading(level, title, anchor)


def link(href: str, text: Any) -> Markup:
    """An in-page link."""
    return macros().link(href, text)


def listed(items: Sequence[str], limit: int = 8) -> str:
    """Items joined with commas: all of them, or the first ``limit`` and how many more."""
    shown = ", ".join(str(i) for i in items[:limit])
    more = len(items) - limit
    return f"{shown} and {more} more" if more > 0 else shown


@dataclass(frozen=True, repr=False)
class Part:
    """A piece of the report that a notebook cell displays: its HTML, and metadata saying
    what it is (``part``: "title" or "section"; a section's ``anchor`` and ``title``), which
    the report template reads to build the contents."""

    html: Markup
    part: str = "section"
    anchor: str = ""
    title: str = ""

    def __html__(self) -> Markup:
        return self.html

    def _repr_mimebundle_(self, **_: Any) -> tuple[dict[str, str], dict[str, Any]]:
        meta = {"part": self.part, "anchor": self.anchor, "title": self.title}
        return {"text/html": str(self.html), "text/plain": repr(self)}, {"casebench": meta}

    def __repr__(self) -> str:
        return f"<casebench report {self.part} {self.anchor or self.title!r}>"


def section(anchor: str, title: str, *body: Any) -> Part:
    """A report section: ``<section>`` with its h2 heading, then the body's parts."""
    return Part(macros().section(anchor, title, list(body)), "section", anchor, title)
