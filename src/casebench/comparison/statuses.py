"""The statuses a question can have for a case, with how tables count them and how charts
and printed matrices show them: the one place a new status is added.

Pure data (strings and flags), so the comparison, the charts, the exports and the report
read the same list and a new status needs no change elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    """One status of a case x question cell of the tidy table."""

    id: str
    """As in the ``status`` column of the tidy table."""
    label: str
    """Shown in legends, tooltips and tables."""
    short: str
    """Shown where space is short (a column of a chart's axis)."""
    assessed: bool
    """Counts as assessed in coverage (the coder looked at the question)."""
    rated: bool
    """Its rating or answer enters the statistics (means, spreads, similarity)."""
    filled: bool
    """Charts draw its mark solid (True) or hollow (False)."""
    colour: str
    """Fill of a heatmap cell with no rating (rated cells are coloured by the rating)."""
    glyph: str
    """Written in a heatmap cell with no rating, so the status reads in greyscale too."""
    shown: str | None
    """What the framework matrix (``value``) shows for it when it carries no answer: None
    for missing data (printed matrices show "—"), or a word for a judgement."""
    colour_name: str
    """The heatmap colour in words, for text alternatives."""
    phrase: str
    """What its cells are, for text alternatives ("practices the coder found absent")."""


STATUSES: tuple[Status, ...] = (
    Status(
        id="assessed",
        label="assessed",
        short="rated",
        assessed=True,
        rated=True,
        filled=True,
        colour="#bdbdbd",
        glyph="",
        shown=None,
        colour_name="dark grey",
        phrase="answers to text or choice questions",
    ),
    Status(
        id="absent",
        label="absent (looked for, not found)",
        short="absent",
        assessed=True,
        rated=False,
        filled=False,
        colour="#f4cccc",
        glyph="×",
        shown="absent",
        colour_name="pale red",
        phrase="practices the coder found absent",
    ),
    Status(
        id="not_assessed",
        label="not assessed",
        short="not assessed",
        assessed=False,
        rated=False,
        filled=False,
        colour="#f0f0f0",
        glyph="–",
        shown=None,
        colour_name="light grey",
        phrase="questions not assessed",
    ),
    Status(
        id="disputed",
        label="disputed (coders disagree, not yet decided)",
        short="disputed",
        assessed=False,
        rated=False,
        filled=False,
        colour="#fdd9b5",
        glyph="?",
        shown="disputed",
        colour_name="pale orange",
        phrase="questions the coders disagree on, not yet decided",
    ),
    Status(
        id="missing",
        label="not assessed",
        short="not assessed",
        assessed=False,
        rated=False,
        filled=False,
        colour="#f0f0f0",
        glyph="–",
        shown=None,
        colour_name="light grey",
        phrase="questions not assessed",
    ),
)
"""Every status, in the order legends list them. ``disputed`` marks a question two codings
disagree on (``casebench merge``) until the team decides it: no agreed judgement, so neither
assessed nor rated, but shown as such rather than as not assessed. ``missing`` marks a
question the case file does not list; it reads (and is labelled) as not assessed."""

BY_ID = {s.id: s for s in STATUSES}

ANSWERED_LABEL = "answered, no rating"
"""Heatmap label of an assessed text, choice or number question (it has no rating)."""


def status(status_id: str) -> Status:
    """The status of an id (``KeyError`` naming the known ones for any other)."""
    try:
        return BY_ID[status_id]
    except KeyError:
        known = ", ".join(BY_ID)
        raise KeyError(f"unknown status {status_id!r} (known: {known})") from None


def ids(*, assessed: bool | None = None, rated: bool | None = None) -> list[str]:
    """Status ids, optionally only those that count as assessed / rated (or not)."""
    return [
        s.id
        for s in STATUSES
        if (assessed is None or s.assessed == assessed) and (rated is None or s.rated == rated)
    ]


def cell_labels() -> dict[str, str]:
    """Label of an unrated heatmap cell by status id (labels shared by statuses appear once
    in a legend)."""
    return {s.id: (ANSWERED_LABEL if s.rated else s.label) for s in STATUSES}


__all__ = ["ANSWERED_LABEL", "BY_ID", "STATUSES", "Status", "cell_labels", "ids", "status"]
