"""The one way casebench shows a quote: as text (tables, tooltips, agreement output) and as
HTML (report, dashboard), the HTML escaped by its type (:class:`markupsafe.Markup`).

Every view of evidence calls these, so a quote, its attribution and where it was found read
the same in a CSV, a tooltip, the dashboard and a published report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from casebench.models.case import Evidence

NO_QUOTE = "No quote recorded."
"""Shown where a judgement has no evidence."""

OPEN, CLOSE, DASH = "“", "”", " — "
"""How a quote reads as text: “words” — attribution."""


def where(evidence: Evidence) -> str:
    """Source and location of a quote (``"interviews, p. 4"``), or ``""``."""
    return ", ".join(part for part in (evidence.source, evidence.location) if part)


def quote_text(evidence: Evidence, *, located: bool = True) -> str:
    """``“text” — attribution (source, location)``; ``located=False`` leaves out the bracket."""
    place = where(evidence) if located else ""
    said = f"{OPEN}{evidence.quote}{CLOSE}{DASH}{evidence.attribution}"
    return said + (f" ({place})" if place else "")


def quote_texts(quotes: Any, attributions: Any) -> Any:
    """:func:`quote_text` (``located=False``) for whole pandas columns of quotes and
    attributions (missing where either is missing)."""
    return OPEN + quotes + CLOSE + DASH + attributions


def quote_html(evidence: Evidence) -> Markup:
    """A quote as ``<figure>``: the words in a blockquote, the attribution as a citation."""
    place = where(evidence)
    located = Markup(" ({})").format(place) if place else Markup("")
    return Markup(
        '<figure class="cb-quote"><blockquote><p>{}</p></blockquote>'
        "<figcaption>— <cite>{}</cite>{}</figcaption></figure>"
    ).format(evidence.quote, evidence.attribution, located)


def quotes_html(evidence: Iterable[Evidence]) -> Markup:
    """Every quote of a judgement, or a paragraph saying there is none."""
    shown = Markup("").join(quote_html(e) for e in evidence)
    return shown or Markup('<p class="cb-no-quote">{}</p>').format(NO_QUOTE)


__all__ = ["NO_QUOTE", "quote_html", "quote_text", "quote_texts", "quotes_html", "where"]
