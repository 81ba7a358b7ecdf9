"""Merging codings of one case, question by question and item by item.

Two-way (``casebench merge A B``): two coders' files of the same case. What both coded alike
becomes one judgement; what one coder changed is taken; where they differ, both positions are
kept as a disagreement for the team to decide.

Three-way (the git merge driver): two versions of one file and their common ancestor. A unit
(a question, an item, a detail) that only one side changed since the ancestor takes that
side's version, as git does with lines; only units both sides changed differently become
disagreements.

When two versions agree on the judgement (status, rating or answer) but not on the rest, they
are united rather than disputed: evidence united with duplicates removed, both memos kept and
labelled by coder, the lower confidence. Items agreeing on everything but evidence and linked
questions are united the same way. See ``docs/team-workflows.md`` for every rule.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from casebench.consensus.items import (
    LIST_PARTS,
    item_key,
    key_label,
    merge_evidence,
    plain,
    rest,
    unite_items,
)
from casebench.consensus.reopen import reopen
from casebench.models.case import DETAILS, Assessment, Case, IssueCounts, Position
from casebench.models.consensus import Decision, Disagreement, ItemPosition

CONFIDENCE_ORDER = ("low", "medium", "high")


class MergeRefused(ValueError):
    """The versions cannot be merged question by question (different cases or frameworks)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Merged:
    """The merged case and what happened to its units (questions, items, details)."""

    case: Case
    agreed: int = 0
    united: int = 0
    disputes: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        """No disagreement is left for the team to decide."""
        return not self.disputes


def _pick(base: Any, ours: Any, theirs: Any, two_way: bool) -> tuple[bool, Any]:
    """(settled, value): the value both sides hold, or the one side's that changed since base."""
    if ours == theirs:
        return True, ours
    if not two_way:
        if ours == base:
            return True, theirs
        if theirs == base:
            return True, ours
    return False, None


def _judgement(a: Assessment) -> tuple[Any, ...]:
    """What coders must agree on for one judgement: status, rating, answer (options as a set)."""
    answer = a.answer
    if isinstance(answer, list):
        answer = tuple(sorted(set(answer)))
    return a.status, a.rating, answer


def _lower(first: str | None, second: str | None) -> str | None:
    given = [c for c in (first, second) if c is not None]
    return min(given, key=CONFIDENCE_ORDER.index) if given else None


def _labelled(ours: str, theirs: str, labels: tuple[str, str]) -> str:
    """Both memos, each under its coder's name (one memo when they say the same)."""
    ours, theirs = ours.strip(), theirs.strip()
    if ours == theirs:
        return ours
    parts = [f"{label}: {memo}" for label, memo in zip(labels, (ours, theirs), strict=True) if memo]
    return "\n\n".join(parts)


def _positions(a: Assessment | None, label: str) -> list[Position]:
    if a is None:
        return [Position(coder=label, status="not_assessed")]
    if a.disputed:
        return list(a.positions)
    return [Position(coder=label, **a.model_dump(exclude={"positions"}))]


def _unique(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _combined_names(first: str, second: str) -> str:
    names = [n.strip() for text in (first, second) for n in text.split(";") if n.strip()]
    return "; ".join(dict.fromkeys(names))


def _empty(name: str, value: Any) -> bool:
    info = Case.model_fields[name]
    default = info.default_factory() if info.default_factory else info.default  # type: ignore[call-arg]
    return value == default


@dataclass
class _Merge:
    base: Case | None
    ours: Case
    theirs: Case
    labels: tuple[str, str]
    agreed: int = 0
    united: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def two_way(self) -> bool:
        return self.base is None

    def dispute(self, about: str, key: str, ours: Any, theirs: Any) -> None:
        self.disagreements.append(
            Disagreement(
                about=about,  # type: ignore[arg-type]
                key=key,
                positions=[
                    ItemPosition(coder=self.labels[0], value=plain(ours)),
                    ItemPosition(coder=self.labels[1], value=plain(theirs)),
                ],
            )
        )

    # ------------------------------------------------------------------ questions
    def assessment(
        self, base: Assessment | None, ours: Assessment | None, theirs: Assessment | None
    ) -> Assessment | None:
        settled, value = _pick(base, ours, theirs, self.two_way)
        if settled:
            self.agreed += 1
            return value
        blank = Assessment(status="not_assessed")
        o, t = ours or blank, theirs or blank
        if not o.disputed and not t.disputed and _judgement(o) == _judgement(t):
            self.united += 1
            b = base if base is not None and not base.disputed else None
            two_way = b is None
            confidence = _pick(b.confidence if b else None, o.confidence, t.confidence, two_way)
            memo = _pick(b.memo if b else None, o.memo, t.memo, two_way)
            return o.model_copy(
                update={
                    "confidence": confidence[1]
                    if confidence[0]
                    else _lower(o.confidence, t.confidence),
                    "memo": memo[1] if memo[0] else _labelled(o.memo, t.memo, self.labels),
                    "evidence": merge_evidence(b.evidence if b else None, o.evidence, t.evidence),
                }
            )
        positions = _unique(
            [*_positions(ours, self.labels[0]), *_positions(theirs, self.labels[1])]
        )
        return Assessment(status="disputed", positions=positions)

    def assessments(self) -> dict[str, Assessment]:
        b = self.base.assessments if self.base else {}
        o, t = self.ours.assessments, self.theirs.assessments
        out = {}
        for qid in dict.fromkeys([*o, *t, *b]):
            merged = self.assessment(b.get(qid), o.get(qid), t.get(qid))
            if merged is not None:
                out[qid] = merged
        return out

    # ------------------------------------------------------------------ items
    def items(self, part: str) -> list[BaseModel]:
        def keyed(case: Case | None) -> dict[tuple[str, ...], BaseModel]:
            return {item_key(part, i): i for i in getattr(case, part)} if case else {}

        b, o, t = keyed(self.base), keyed(self.ours), keyed(self.theirs)
        out = []
        for key in dict.fromkeys([*o, *t, *b]):
            settled, value = _pick(b.get(key), o.get(key), t.get(key), self.two_way)
            if settled:
                self.agreed += 1
                if value is not None:
                    out.append(value)
                continue
            ours, theirs = o.get(key), t.get(key)
            if ours is not None and theirs is not None and rest(ours) == rest(theirs):
                self.united += 1
                out.append(unite_items(b.get(key), ours, theirs))
                continue
            shown = ours if ours is not None else theirs
            self.dispute(part, key_label(part, shown), ours, theirs)  # type: ignore[arg-type]
        return out

    def issues(self) -> IssueCounts:
        """The issue counts, field by field against the base; disputed, the first version is
        shown until the team decides."""
        b = self.base.issues if self.base else None
        o, t = self.ours.issues, self.theirs.issues
        settled, value = _pick(b, o, t, self.two_way)
        if not settled and self.two_way and IssueCounts() in (o, t):
            settled, value = True, t if o == IssueCounts() else o
        if not settled and b is not None:
            fields = {
                name: _pick(getattr(b, name), getattr(o, name), getattr(t, name), False)
                for name in IssueCounts.model_fields
            }
            if all(done for done, _ in fields.values()):
                with contextlib.suppress(ValidationError):  # each change fits; both must too
                    value = IssueCounts(**{n: v for n, (_, v) in fields.items()})
                    settled = True
        if settled:
            self.agreed += 1
            return value
        self.dispute("issues", "", o, t)
        return o

    # ------------------------------------------------------------------ details
    def details(self) -> dict[str, Any]:
        out = {}
        for name in DETAILS:
            b = getattr(self.base, name) if self.base else None
            o, t = getattr(self.ours, name), getattr(self.theirs, name)
            settled, value = _pick(b, o, t, self.two_way)
            if not settled and self.two_way and (_empty(name, o) or _empty(name, t)):
                settled, value = True, t if _empty(name, o) else o
            if settled:
                self.agreed += 1
            elif name == "coder":
                settled, value = True, _combined_names(o, t)
            elif name == "coded_on":
                settled, value = True, max(d for d in (o, t) if d is not None)
            else:
                value = o  # shown until the team decides
                self.dispute("details", name, o, t)
            out[name] = value
        return out

    # ------------------------------------------------------------------ records
    def carried(self) -> list[Disagreement]:
        """Disagreements the versions already held, merged like any other unit."""

        def keyed(case: Case | None) -> dict[tuple[str, str], Disagreement]:
            return {(d.about, d.key): d for d in case.disagreements} if case else {}

        b, o, t = keyed(self.base), keyed(self.ours), keyed(self.theirs)
        out = []
        for key in dict.fromkeys([*o, *t, *b]):
            settled, value = _pick(b.get(key), o.get(key), t.get(key), self.two_way)
            if not settled:
                both = [d for d in (o.get(key), t.get(key)) if d is not None]
                value = both[0].model_copy(
                    update={"positions": _unique(p for d in both for p in d.positions)}
                )
            if value is not None:
                out.append(value)
        return out

    def decisions(self) -> list[Decision]:
        """Every decision of either version once, oldest first (the log only grows)."""
        seen = [*(self.base.decisions if self.base else []), *self.ours.decisions]
        every = _unique([*seen, *self.theirs.decisions])
        return sorted(every, key=lambda d: d.decided_at)


def default_labels(ours: Case, theirs: Case, fallback: tuple[str, str]) -> tuple[str, str]:
    """The coders' names when both are given and differ, else ``fallback``."""
    names = (ours.coder.strip(), theirs.coder.strip())
    return names if all(names) and names[0] != names[1] else fallback


def _identity(base: Case | None, ours: Case, theirs: Case) -> None:
    checks: list[tuple[str, Callable[[Case], Any], str]] = [
        ("id", lambda c: c.id, "different cases"),
        ("framework", lambda c: c.framework, "different frameworks (or versions)"),
    ]
    for name, get, what in checks:
        settled, _ = _pick(get(base) if base else None, get(ours), get(theirs), base is None)
        if not settled:
            raise MergeRefused(
                f"the codings are of {what}: {get(ours)!s} and {get(theirs)!s}; merge compares "
                "codings of one case along one framework",
                name,
            )


def merge_cases(
    ours: Case,
    theirs: Case,
    base: Case | None = None,
    *,
    labels: tuple[str, str] | None = None,
) -> Merged:
    """Merge two codings of one case (with ``base``, three-way against their ancestor).

    ``labels`` name the two sides in the disagreements (default: the coders' names, or
    ``ours``/``theirs``). Raises ``MergeRefused`` for codings of different cases or
    frameworks.
    """
    _identity(base, ours, theirs)
    labels = labels or default_labels(ours, theirs, ("ours", "theirs"))
    merge = _Merge(base, ours, theirs, labels)
    assessments = merge.assessments()
    lists = {part: merge.items(part) for part in LIST_PARTS}
    issues = merge.issues()
    details = merge.details()
    disagreements = merge.carried()
    for new in merge.disagreements:
        same = next(
            (i for i, d in enumerate(disagreements) if (d.about, d.key) == (new.about, new.key)),
            None,
        )
        if same is None:
            disagreements.append(new)
        else:
            positions = _unique([*disagreements[same].positions, *new.positions])
            disagreements[same] = new.model_copy(update={"positions": positions})
    case = Case(
        id=theirs.id if base is not None and ours.id == base.id else ours.id,
        framework=theirs.framework
        if base is not None and ours.framework == base.framework
        else ours.framework,
        **details,
        assessments=assessments,
        **lists,
        issues=issues,
        disagreements=disagreements,
        decisions=merge.decisions(),
    )
    case, reopened = reopen(case, base, ours, theirs, labels)
    open_ = [f"assessments.{q}" for q, a in case.assessments.items() if a.disputed]
    open_ += [f"{d.about}: {d.key}" if d.key else d.about for d in case.disagreements]
    settled, draft = _pick(base.draft if base else None, ours.draft, theirs.draft, base is None)
    draft = bool(open_) or not settled or draft
    return Merged(
        case=case.model_copy(update={"draft": draft}),
        agreed=merge.agreed - len(reopened),
        united=merge.united,
        disputes=tuple(open_),
    )


__all__ = ["MergeRefused", "Merged", "default_labels", "merge_cases"]
