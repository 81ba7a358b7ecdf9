"""Feedback on one answer of an exercise: a verdict word, what to look at and why.

Every message of the course is built from ``look_at`` (the passage, chart, table or part of the
framework to look at) and ``why`` (the reason, in the framework's or the paper's words), so that
none only says "wrong"; ``tests/test_course_feedback.py`` checks this over many answers.
"""

from __future__ import annotations

from dataclasses import dataclass

VERDICTS = ("matches", "close", "look again", "not answered")


@dataclass(frozen=True)
class Feedback:
    """Feedback on one answer (``question_id`` names the question or item answered)."""

    question_id: str
    verdict: str  # one of VERDICTS
    message: str
    look_at: str = ""
    why: str = ""
    lead: str = ""
    """The verdict in a sentence; ``message`` is ``lead``, "Look at ``look_at``", ``why``."""


def sentence(text: str) -> str:
    """``text`` ending in a full stop (or the mark it has)."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def feedback(question_id: str, verdict: str, lead: str, look_at: str, why: str) -> Feedback:
    """Feedback whose message is ``lead``, then "Look at <look_at>", then the reason."""
    message = " ".join(
        part for part in (sentence(lead), f"Look at {sentence(look_at)}", why) if part
    )
    return Feedback(question_id, verdict, message, look_at=look_at, why=why, lead=sentence(lead))
