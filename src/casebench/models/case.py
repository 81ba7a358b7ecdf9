"""The case model: what an analyst records about one co-production or co-design case.

A case is checked in two steps: its shape here (types, required fields, internal
consistency), then against the framework it names (``casebench.validation``), which knows the
question ids, scales and options.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, model_validator

from casebench.errors import problem_at
from casebench.models.framework import Identifier
from casebench.models.vocabulary import (
    Confidence,
    Mode,
    OutcomeStatus,
    Practice,
    Provenance,
    RaisedQualifier,
    SourceKind,
    Status,
)
from casebench.wording import must_be

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Free text that must say something (not empty, not only spaces)."""

Answer = int | float | str | list[str]
QuestionRef = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A question id as a case names it: checked against the framework (``validation``), whose
message lists the ids and suggests the nearest, rather than against the id pattern here."""
FrameworkTerm = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A power dimension or level of change id: the framework the case names says which exist."""
LEGACY_MINIMUM = "raised_is_minimum"
"""The boolean that ``raised_qualifier`` replaced (true meant ``at_least``); still read."""

MAX_COUNT = 10**9
"""Upper bound of counts (sources, participants, issues): catches typos and overflow."""

CASE_FORMAT = 1
"""Version of the case file format (``format`` in a file); bumped on incompatible changes."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A quote backing a judgement, with who said it (e.g. "NHS Staff 13")."""

    quote: Text
    attribution: Text
    source: str = ""
    location: str = ""


class Assessment(_Frozen):
    """The analyst's judgement on one question; "not assessed" is explicit, never a rating, and
    so is "absent" (looked for, not found), which is a judgement but not a point of the scale."""

    status: Status = "assessed"
    rating: StrictInt | None = None
    answer: Answer | None = None
    confidence: Confidence | None = None
    memo: str = ""
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_assessed_is_empty(self) -> Assessment:
        if self.status != "assessed" and (self.rating is not None or self.answer is not None):
            field = "rating" if self.rating is not None else "answer"
            raise problem_at(
                (field,),
                f"a question marked {self.status} cannot also have a {field}: set status: "
                f"assessed, or remove the {field}",
            )
        if self.rating is not None and self.answer is not None:
            raise problem_at(
                ("answer",), "give either a rating (scale questions) or an answer, not both"
            )
        return self

    @property
    def assessed(self) -> bool:
        """Rated or answered (``absent`` is judged but carries no rating or answer)."""
        return self.status == "assessed"

    @property
    def judged(self) -> bool:
        """The coder made a judgement: rated, answered, or found the practice absent."""
        return self.status != "not_assessed"

    @property
    def evidenced(self) -> bool:
        """Backed by at least one quote or by a memo saying why."""
        return bool(self.evidence) or bool(self.memo.strip())


class FrameworkRef(_Frozen):
    """Which framework, and which version of it, a case was coded against."""

    id: Identifier
    version: str = Field(min_length=1)


class Period(_Frozen):
    """How long the case was followed."""

    months: int | float | None = Field(default=None, gt=0, le=1200)
    """Whole months stay whole (``months: 14``, not 14.0) through every save and workbook."""
    start: str = ""
    end: str = ""
    description: str = ""


class DataSource(_Frozen):
    """One kind of data the analysis rests on, with counts (participants counted by role)."""

    kind: SourceKind
    count: StrictInt = Field(ge=0, le=MAX_COUNT)
    participants: dict[str, Annotated[StrictInt, Field(le=MAX_COUNT)]] = Field(default_factory=dict)
    description: str = ""

    @model_validator(mode="after")
    def _participants_not_negative(self) -> DataSource:
        for role, number in self.participants.items():
            if number < 0:
                raise problem_at(("participants", role), "cannot be negative")
        return self


class PowerObservation(_Frozen):
    """Evidence of one dimension of power working as domination or as empowerment.

    ``provenance`` says whether the source names the dimension for this finding (stated) or
    the coder classified it (constructed), ``derived_from`` where in the source it comes from.
    """

    dimension: FrameworkTerm
    mode: Mode
    description: Text
    provenance: Provenance | None = Field(
        default=None,
        description="stated: the source names this dimension for the finding; constructed: "
        "the coder's classification.",
    )
    derived_from: str = Field(default="", description="Where in the source the finding comes from.")
    questions: list[QuestionRef] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Outcome(_Frozen):
    """A change (or a change that did not happen) at one level of change."""

    level: FrameworkTerm
    description: Text
    status: OutcomeStatus = "achieved"
    evidence: list[Evidence] = Field(default_factory=list)


class IssueCounts(_Frozen):
    """Issues participants raised and how many were acted on (e.g. 29 of over 36).

    ``raised_qualifier`` keeps the source's word for ``raised``: ``exactly`` N, ``at_least``
    N, or ``over`` N (more than N, as in Farr's "From over 36 different issues"), so that
    what is shown reads as the source does and a share acted on is known to be a bound.
    """

    raised: StrictInt | None = Field(default=None, ge=0, le=MAX_COUNT)
    raised_qualifier: RaisedQualifier = Field(
        default="exactly",
        description="How the source qualifies raised: exactly N, at_least N, or over N "
        "(more than N).",
    )
    acted_on: StrictInt | None = Field(default=None, ge=0, le=MAX_COUNT)
    note: str = ""

    @model_validator(mode="before")
    @classmethod
    def _old_minimum_flag(cls, data: Any) -> Any:
        """Files written before the qualifier existed say ``raised_is_minimum: true``, whose
        documented meaning was "at least N"; ``casebench validate`` warns to check it."""
        if not isinstance(data, dict) or LEGACY_MINIMUM not in data:
            return data
        data = dict(data)
        minimum = data.pop(LEGACY_MINIMUM)
        if not isinstance(minimum, bool):
            raise problem_at((LEGACY_MINIMUM,), must_be("the value", "true or false", minimum))
        if "raised_qualifier" in data:
            raise problem_at(
                (LEGACY_MINIMUM,), "is the old form of raised_qualifier: give raised_qualifier only"
            )
        if minimum:
            data["raised_qualifier"] = "at_least"
        return data

    @model_validator(mode="after")
    def _acted_on_within_raised(self) -> IssueCounts:
        if self.raised is not None and self.acted_on is not None and self.acted_on > self.raised:
            raise problem_at(("acted_on",), f"{self.acted_on} cannot exceed raised ({self.raised})")
        return self


class CmoConfiguration(_Frozen):
    """A context-mechanism-outcome configuration (Pawson and Tilley 1997; Pawson 2006).

    ``mechanism_code`` is a short shared label, so the same mechanism can be found in
    several cases by the cross-case synthesis. ``provenance`` says whether the source states
    the configuration or the coder constructed it, and ``derived_from`` where in the source
    its parts come from, so that a reader can tell the study's findings from the coder's.
    """

    id: Identifier
    context: Text
    mechanism: Text
    mechanism_code: Identifier
    outcome: Text
    provenance: Provenance | None = Field(
        default=None,
        description="stated: the source gives this configuration; constructed: the coder "
        "assembled it from the source's statements.",
    )
    derived_from: str = Field(
        default="", description="Where in the source the configuration or its parts come from."
    )
    questions: list[QuestionRef] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Case(_Frozen):
    """One case coded against one framework."""

    format: Literal[1] = CASE_FORMAT
    id: Identifier
    title: Text
    framework: FrameworkRef
    coder: str = ""
    coded_on: dt.date | None = Field(
        default=None, description="The date the coding was done or last revised (YYYY-MM-DD)."
    )
    sector: str = ""
    setting: str = ""
    approach: str = ""
    practice: Practice | None = Field(
        default=None,
        description="Whether the case is co-production, co-design, or both, as the source "
        "describes it (Farr 2017 treats co-design as built on co-production's principles).",
    )
    interests: str = Field(
        default="",
        description="The coder's reading of whose interests the process served: Farr's framing "
        "question of whether co-production deepens managerialism or transforms power relations.",
    )
    period: Period = Field(default_factory=Period)
    draft: bool = False
    citation: str = ""
    summary: str = ""
    sources: list[DataSource] = Field(default_factory=list)
    assessments: dict[QuestionRef, Assessment] = Field(default_factory=dict)
    power: list[PowerObservation] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    issues: IssueCounts = Field(default_factory=IssueCounts)
    cmo: list[CmoConfiguration] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cmo_ids_unique(self) -> Case:
        ids = [c.id for c in self.cmo]
        for i, cmo_id in enumerate(ids):
            if cmo_id in ids[:i]:
                raise problem_at(("cmo", i, "id"), f"cmo id {cmo_id!r} is used twice")
        return self

    def unevidenced_judgements(self) -> list[str]:
        """Question ids judged (rated, answered or found absent) with neither evidence nor a
        memo: judgements a reader cannot check, which ``validate`` warns about."""
        return [qid for qid, a in self.assessments.items() if a.judged and not a.evidenced]

    def source_count(self, kind: str) -> int | None:
        """Total count of one kind of data source, or None when the case records none."""
        counts = [s.count for s in self.sources if s.kind == kind]
        return sum(counts) if counts else None
