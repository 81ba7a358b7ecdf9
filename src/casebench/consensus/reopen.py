"""Decisions two branches took differently on the same question or item: the merge disputes
it again, between the two outcomes, so that the team decides once more (both decisions stay
in the log)."""

from __future__ import annotations

from casebench.consensus.items import LIST_PARTS, key_label
from casebench.models.case import Assessment, Case, Position
from casebench.models.consensus import Disagreement, ItemPosition


def reopen(
    case: Case, base: Case | None, ours: Case, theirs: Case, labels: tuple[str, str]
) -> tuple[Case, list[str]]:
    """A question or item the two branches decided differently is disputed again: the team
    decides once more between the two outcomes."""
    if base is None:
        return case, []
    before = list(base.decisions)
    new_ours = {d.about: d for d in ours.decisions if d not in before}
    new_theirs = {d.about: d for d in theirs.decisions if d not in before}
    reopened = []
    assessments = dict(case.assessments)
    disagreements = list(case.disagreements)
    lists = {part: list(getattr(case, part)) for part in LIST_PARTS}
    for about in [a for a in new_ours if a in new_theirs]:
        first, second = new_ours[about], new_theirs[about]
        if first.result == second.result:
            continue
        reopened.append(about)
        if about.startswith("assessments."):
            qid = about.removeprefix("assessments.")
            positions = [
                Position(
                    coder=f"{label} ({d.decided_by})", **(d.result or {"status": "not_assessed"})
                )
                for label, d in zip(labels, (first, second), strict=True)
            ]
            assessments[qid] = Assessment(status="disputed", positions=positions)
            continue
        part, _, key = about.partition(": ")
        if part in lists:
            lists[part] = [i for i in lists[part] if key_label(part, i) != key]
        disagreements.append(
            Disagreement(
                about=part,  # type: ignore[arg-type]
                key=key,
                positions=[
                    ItemPosition(coder=f"{label} ({d.decided_by})", value=d.result)
                    for label, d in zip(labels, (first, second), strict=True)
                ],
            )
        )
    if not reopened:
        return case, []
    update = {"assessments": assessments, "disagreements": disagreements, **lists}
    return case.model_copy(update=update), reopened


__all__ = ["reopen"]
