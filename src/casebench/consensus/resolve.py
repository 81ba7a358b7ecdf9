"""Deciding disagreements: take one coder's position or write the team's own, with a reason.

Every decision is appended to the case's decision log (``Case.decisions``): what was decided,
each coder's position, the outcome, the reason, who decided and when. Pure functions on
cases: ``resolve`` returns a new case and never touches a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from casebench.consensus.items import plain, unite_evidence
from casebench.models.case import (
    PART_MODELS,
    Assessment,
    Case,
    Evidence,
    IssueCounts,
    part_adapter,
)
from casebench.models.consensus import Decision, ItemPosition

QUESTION = "assessments"
"""The ``part`` of a disagreement on a question."""


class ResolveError(ValueError):
    """A decision that cannot be applied (unknown disagreement or coder, no reason ...)."""


@dataclass(frozen=True)
class OpenDisagreement:
    """One disagreement the team has still to decide, with each coder's position as plain
    data (a judgement for a question; the item for the other parts; None: not recorded)."""

    about: str
    part: str
    key: str
    positions: tuple[ItemPosition, ...]

    @property
    def coders(self) -> tuple[str, ...]:
        return tuple(p.coder for p in self.positions)

    def position(self, coder: str) -> ItemPosition:
        for position in self.positions:
            if position.coder == coder:
                return position
        raise ResolveError(
            f"{coder!r} holds no position on {self.about} (positions: {', '.join(self.coders)})"
        )


def about_of(part: str, key: str) -> str:
    """How a disagreement is named in the decision log and in messages."""
    if part == QUESTION:
        return f"{QUESTION}.{key}"
    return f"{part}: {key}" if key else part


def open_disagreements(case: Case) -> list[OpenDisagreement]:
    """Every disagreement still open: the questions (in the file's order), then other items."""
    found = [
        OpenDisagreement(
            about_of(QUESTION, qid),
            QUESTION,
            qid,
            tuple(ItemPosition(coder=p.coder, value=_judgement_only(p)) for p in a.positions),
        )
        for qid, a in case.assessments.items()
        if a.disputed
    ]
    found += [
        OpenDisagreement(about_of(d.about, d.key), d.about, d.key, tuple(d.positions))
        for d in case.disagreements
    ]
    return found


def _judgement_only(position: BaseModel) -> dict[str, Any]:
    """A coder's position on a question as plain data, without the coder's name."""
    return {k: v for k, v in plain(position).items() if k != "coder"}


def find(case: Case, about: str) -> OpenDisagreement:
    """The open disagreement named ``about`` (as ``open_disagreements`` names them)."""
    every = open_disagreements(case)
    for item in every:
        if item.about == about:
            return item
    listed = ", ".join(i.about for i in every) or "none"
    raise ResolveError(f"no open disagreement on {about!r} (open: {listed})")


_UNSET: Any = object()


def now() -> dt.datetime:
    """The local date and time with its UTC offset, to the second, as decisions record it."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def resolve(
    case: Case,
    about: str,
    *,
    choose: str | None = None,
    write: Any = _UNSET,
    reason: str,
    by: str,
    at: dt.datetime | None = None,
) -> Case:
    """Decide one disagreement: ``choose`` a coder's position, or ``write`` the team's own
    judgement (for a question: an Assessment or its fields, with both coders' evidence
    united unless ``evidence`` is given; for an item: the item, or None to leave it out).

    Returns the new case, with the decision logged and ``draft`` cleared once nothing is
    left open. Raises ResolveError when the decision cannot be applied.
    """
    item = find(case, about)
    if (choose is None) == (write is _UNSET):
        raise ResolveError(f"{about}: choose a coder's position or write a judgement (one)")
    if not reason.strip():
        raise ResolveError(f"{about}: give the reason for the decision")
    if not by.strip():
        raise ResolveError(f"{about}: say who decided")
    value = item.position(choose).value if choose is not None else write
    try:
        result, resolved = _apply(case, item, value, written=choose is None)
        decision = Decision(
            about=about,
            positions=list(item.positions),
            chosen=choose or "",
            result=plain(result),
            reason=reason,
            decided_by=by,
            decided_at=at or now(),
        )
        decisions = [*resolved.decisions, decision]
        return resolved.model_copy(update={"decisions": decisions, "draft": resolved.undecided > 0})
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ResolveError(f"{about}: {where + ': ' if where else ''}{message}") from None


def united_evidence(item: OpenDisagreement) -> list[Evidence]:
    """Every coder's evidence on a disputed question, each quote once."""
    return unite_evidence(
        *[
            [Evidence.model_validate(e) for e in (p.value or {}).get("evidence", [])]
            for p in item.positions
        ]
    )


def _apply(case: Case, item: OpenDisagreement, value: Any, written: bool) -> tuple[Any, Case]:
    """The decided value as a model, and the case holding it in place of the disagreement."""
    if item.part == QUESTION:
        if isinstance(value, BaseModel):
            value = value.model_dump(exclude_defaults=True)
        fields = dict(value or {"status": "not_assessed"})
        if written and "evidence" not in fields:
            fields["evidence"] = united_evidence(item)
        assessment = Assessment.model_validate(fields)
        if assessment.disputed:
            raise ResolveError(f"{item.about}: a decision cannot leave the question disputed")
        assessments = {**case.assessments, item.key: assessment}
        return assessment, case.model_copy(update={"assessments": assessments})
    rest = [
        d for d in case.disagreements if (d.about, d.key) != (item.part, item.key)
    ]  # this disagreement settled
    update: dict[str, Any] = {"disagreements": rest}
    if isinstance(value, BaseModel):
        value = value.model_dump()
    model = None if value is None else part_adapter(item.part, item.key).validate_python(value)
    if item.part in PART_MODELS and item.part != "issues":
        update[item.part] = [*getattr(case, item.part), *([model] if model is not None else [])]
    elif item.part == "issues":
        update["issues"] = model if model is not None else IssueCounts()
    else:
        field = Case.model_fields[item.key]
        default = field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
        update[item.key] = model if model is not None else default
    resolved = Case.model_validate({**case.model_dump(), **_dumped(update)})
    return model, resolved


def _dumped(update: dict[str, Any]) -> dict[str, Any]:
    """Fields of a case as the model's own dump holds them, so that it validates again."""
    out = {}
    for name, value in update.items():
        if isinstance(value, list):
            out[name] = [v.model_dump() if isinstance(v, BaseModel) else v for v in value]
        elif isinstance(value, BaseModel):
            out[name] = value.model_dump()
        else:
            out[name] = value
    return out


__all__ = [
    "OpenDisagreement",
    "ResolveError",
    "about_of",
    "find",
    "now",
    "open_disagreements",
    "resolve",
    "united_evidence",
]
