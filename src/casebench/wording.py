"""The words of casebench's messages about a value: one style whatever the input format.

A value outside a closed vocabulary reads ``'very' is not a confidence (expected one of low,
medium, high); did you mean ...?``; a value of the wrong type reads ``a rating must be a whole
number such as 3; this value is the text '3'`` (in a workbook: ``this cell holds the text
'3'``). YAML, XLSX and the editor all build their messages here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any, Literal

Place = Literal["value", "cell"]
"""Where a value was typed: a YAML value (and the editor's fields), or a workbook cell."""

LISTED = 30
"""Vocabularies up to this size are listed in full in a message; longer ones (a framework's
question ids) are named by count, with the command that lists them."""


def _fold(text: str) -> str:
    """Case, spaces and hyphens folded, so that 'Co-Design' finds co_design."""
    return re.sub(r"[\s\-]+", "_", text.strip()).casefold()


def nearest(value: object, allowed: Sequence[object], n: int = 1) -> list[str]:
    """The allowed values closest to ``value``: the one it abbreviates, else difflib's
    nearest, ignoring case, spaces and hyphens (none for numbers: 7 is not "nearly" 1)."""
    if value is None or isinstance(value, dict | list | bool | int | float):
        return []
    folded = {_fold(str(a)): str(a) for a in allowed}
    typed = _fold(str(value))
    if typed in folded and folded[typed] != str(value):
        return [folded[typed]]
    starts = [folded[f] for f in folded if len(typed) >= 2 and f.startswith(typed)]
    if len(starts) == 1:  # 'hi' for high, 'med' for medium
        return starts
    close = difflib.get_close_matches(typed, list(folded), n=n, cutoff=0.7)
    return [folded[c] for c in close if folded[c] != str(value)]


def shown(value: object) -> str:
    """A value as a message quotes it: text in quotes, numbers as typed, long ones cut."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def not_allowed(value: object, noun: str, allowed: Sequence[object], *, listing: str = "") -> str:
    """``'x' is not {noun} (expected one of a, b, c); did you mean b?``. ``listing`` replaces
    the list for long vocabularies (e.g. "53 questions: `casebench framework farr2017` lists
    them")."""
    if not listing:
        listing = (
            "expected one of " + ", ".join(str(a) for a in allowed)
            if len(allowed) <= LISTED
            else f"{len(allowed)} allowed values"
        )
    close = nearest(value, allowed, n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"{shown(value)} is not {noun} ({listing}){hint}"


def described(value: Any, place: Place = "value") -> str:
    """``this value is the text '3'`` / ``this cell holds the text '3'``."""
    lead = "this value is" if place == "value" else "this cell holds"
    if isinstance(value, bool):
        what = f"the yes/no value {str(value).lower()}"
    elif isinstance(value, str):
        what = f"the text {shown(value)}" if value.strip() else "blank text"
    elif isinstance(value, int | float):
        what = shown(value)
    elif isinstance(value, dict):
        what = "a mapping (key: value lines)"
    elif isinstance(value, list):
        what = "a list"
    elif value is None:
        return "this value is empty (null)" if place == "value" else "this cell is empty"
    else:
        what = shown(value)
    return f"{lead} {what}"


def must_be(subject: str, expected: str, value: Any, place: Place = "value") -> str:
    """``a rating must be a whole number such as 3; this value is the text '3'``."""
    return f"{subject} must be {expected}; {described(value, place)}"


def id_like(text: str) -> str:
    """What an id written as free text would be: 'NHS Case 1' -> 'nhs_case_1'."""
    slug = re.sub(r"[^a-z0-9_]+", "_", text.strip().lower()).strip("_")
    if slug and not slug[0].isalpha():
        slug = f"x_{slug}"
    return slug[:64]


__all__ = ["LISTED", "Place", "described", "id_like", "must_be", "nearest", "not_allowed", "shown"]
