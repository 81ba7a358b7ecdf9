"""A case's units (questions, items, details) described in a few words, and what changed
between two versions of a case: the vocabulary of the audit trail."""

from __future__ import annotations

from typing import Any

from casebench.consensus.items import LIST_PARTS, key_label
from casebench.consensus.resolve import about_of
from casebench.models.case import DETAILS, Assessment, Case, IssueCounts

SHORT = 70
"""Longest piece of free text quoted in a change (the rest is cut with an ellipsis)."""


def short(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def judgement_text(value: dict[str, Any] | Assessment | None) -> str:
    """A judgement in a few words: ``rated 2``, ``answered 'service'``, ``absent``, and for a
    disputed question each coder's position."""
    if value is None:
        return "not listed"
    data = value if isinstance(value, dict) else value.model_dump(exclude_defaults=True)
    if data.get("status") == "disputed":
        said = ", ".join(f"{p['coder']} {judgement_text(p)}" for p in data.get("positions", []))
        return f"disputed ({said})"
    if data.get("rating") is not None:
        return f"rated {data['rating']}"
    if data.get("answer") is not None:
        answer = data["answer"]
        answer = ", ".join(map(str, answer)) if isinstance(answer, list) else answer
        return f"answered {short(str(answer))!r}"
    return str(data.get("status", "assessed")).replace("_", " ")


def _issues_text(issues: IssueCounts) -> str:
    raised = "?" if issues.raised is None else issues.raised
    over = {"exactly": "", "at_least": "at least ", "over": "over "}[issues.raised_qualifier]
    acted = "?" if issues.acted_on is None else issues.acted_on
    return f"{acted} of {over}{raised} issues acted on"


def units(case: Case) -> dict[str, tuple[Any, str]]:
    """Every unit of a case: its name (as the decision log names it) -> (value, description)."""
    out: dict[str, tuple[Any, str]] = {}
    for qid, assessment in case.assessments.items():
        out[about_of("assessments", qid)] = (assessment, judgement_text(assessment))
    for part in LIST_PARTS:
        for item in getattr(case, part):
            out[about_of(part, key_label(part, item))] = (item, "recorded")
    out["issues"] = (case.issues, _issues_text(case.issues))
    for name in DETAILS:
        value = getattr(case, name)
        shown = short(value) if isinstance(value, str) else short(str(value))
        out[about_of("details", name)] = (value, shown or "empty")
    for d in case.disagreements:
        out[about_of(d.about, d.key)] = (
            d,
            "disputed (" + ", ".join(p.coder for p in d.positions) + ")",
        )
    return out


def changes(
    before: dict[str, tuple[Any, str]], after: dict[str, tuple[Any, str]]
) -> list[tuple[str, str, str]]:
    """(unit, from, to) for every unit whose value differs between two versions; a unit that
    appears or goes is shown as added or removed."""
    out = []
    for name in dict.fromkeys([*after, *before]):
        old, new = before.get(name), after.get(name)
        if old is not None and new is not None and old[0] == new[0]:
            continue
        was = old[1] if old else "—"
        now = new[1] if new else "removed"
        if was == now:
            now += " (memo, evidence or wording revised)"
        out.append((name, was, now))
    return out


__all__ = ["changes", "judgement_text", "short", "units"]
