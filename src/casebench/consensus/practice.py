"""A second coding of a case to practise reaching consensus on (notebook 05, teaching).

Only ratings move, each by one level, with a memo saying it is practice; no quote is invented
and nothing else changes, so the disagreements are plain to see and easy to check.
"""

from __future__ import annotations

from pathlib import Path

from casebench.caseio import save_case
from casebench.models.case import Case
from casebench.validation import load_case

PRACTICE_CODER = "Practice coder B"
PRACTICE_MEMO = "Practice coding: this rating was moved one level to give the team a decision."


def practice_coding(case: Case, moves: int = 3) -> Case:
    """``case`` as a second coder might have coded it: the first ``moves`` rated questions
    one level lower (higher from 0), coded by :data:`PRACTICE_CODER`."""
    rated = [qid for qid, a in case.assessments.items() if a.rating is not None][:moves]
    changed = {}
    for qid in rated:
        old = case.assessments[qid]
        rating = old.rating - 1 if old.rating else 1  # type: ignore[operator]
        changed[qid] = old.model_copy(update={"rating": rating, "memo": PRACTICE_MEMO})
    return case.model_copy(
        update={"coder": PRACTICE_CODER, "assessments": {**case.assessments, **changed}}
    )


def practice_pair(sample: str | Path, folder: str | Path) -> tuple[Path, Path]:
    """Write ``folder/coder_a.yaml`` (the sample as it is) and ``folder/coder_b.yaml`` (its
    practice coding), unless they are there already; returns their paths."""
    folder = Path(folder)
    first, second = folder / "coder_a.yaml", folder / "coder_b.yaml"
    if not (first.exists() and second.exists()):
        case = load_case(sample)
        folder.mkdir(parents=True, exist_ok=True)
        save_case(case.model_copy(update={"coder": case.coder or "Coder A"}), first)
        save_case(practice_coding(case), second)
    return first, second


__all__ = ["PRACTICE_CODER", "practice_coding", "practice_pair"]
