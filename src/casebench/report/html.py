"""Small HTML builders for the report. Every value that reaches the page goes through
:func:`text`, so whatever a user typed is shown as text, never read as markup."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

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


def text(value: Any, missing: str = MISSING) -> str:
    """A value as escaped HTML text: numbers without a needless ``.0``, lists joined."""
    if isinstance(value, list | tuple):
        return html.escape(", ".join(str(v) for v in value))
    if is_missing(value):
        return html.escape(missing)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, float):
        value = f"{value:.2f}"
    return html.escape(str(value), quote=True)


def attr(value: Any) -> str:
    """A value for inside a double-quoted attribute."""
    return html.escape(str(value), quote=True)


def slug(value: str) -> str:
    """An id fragment from an identifier or title (letters, digits and hyphens)."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "x"


def heading(level: int, title: str, anchor: str = "") -> str:
    """``<hN id=...>`` with the title escaped."""
    ident = f' id="{attr(anchor)}"' if anchor else ""
    return f"<h{level}{ident}>{text(title)}</h{level}>"


def paragraph(*parts: str) -> str:
    """A paragraph of already-escaped HTML pieces."""
    return "<p>" + "".join(parts) + "</p>"


def scroll(inner: str, label: str) -> str:
    """A container that scrolls sideways on narrow screens (and takes keyboard focus, so
    the scrolling works without a mouse) instead of widening the page."""
    return (
        f'<div class="cb-scroll" role="group" tabindex="0" aria-label="{attr(label)}">{inner}</div>'
    )


def table(
    rows: Iterable[Sequence[Any]],
    columns: Sequence[str],
    caption: str,
    *,
    row_header: bool = True,
    raw: Sequence[int] = (),
) -> str:
    """A table with header cells (``scope="col"``), the first cell of a row a row header,
    inside a scrolling container. Cells are escaped, except the column positions in
    ``raw``, which must already be HTML built from escaped text."""
    head = "".join(f'<th scope="col">{text(c)}</th>' for c in columns)
    body = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            inner = value if i in raw else text(value)
            if i == 0 and row_header:
                cells.append(f'<th scope="row">{inner}</th>')
            else:
                cells.append(f"<td>{inner}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(columns)}">{text("(none recorded)")}</td></tr>')
    return scroll(
        f"<table><caption>{text(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>",
        f"Table: {caption}",
    )


def frame_table(
    frame: Any, columns: dict[str, str], caption: str, *, row_header: bool = True
) -> str:
    """A pandas DataFrame as :func:`table`: ``columns`` maps column names to headers."""
    rows = frame[list(columns)].itertuples(index=False, name=None)
    return table(rows, list(columns.values()), caption, row_header=row_header)


def quote(quote_text: str, attribution: str, where: str = "") -> str:
    """A quote with its attribution (``— NHS Staff 13``), both shown as text."""
    place = f" ({text(where)})" if where else ""
    return (
        f'<figure class="cb-quote"><blockquote><p>{text(quote_text)}</p></blockquote>'
        f"<figcaption>— <cite>{text(attribution)}</cite>{place}</figcaption></figure>"
    )


def listed(items: Sequence[str], limit: int = 8) -> str:
    """Items joined with commas: all of them, or the first ``limit`` and how many more."""
    shown = ", ".join(str(i) for i in items[:limit])
    more = len(items) - limit
    return f"{shown} and {more} more" if more > 0 else shown


def section(anchor: str, title: str, *body: str) -> str:
    """A report section: ``<section>`` with its h2 heading."""
    return (
        f'<section class="cb-section" aria-labelledby="{attr(anchor)}">'
        f"{heading(2, title, anchor)}{''.join(body)}</section>"
    )
