"""The case model: what an analyst records about one co-production or co-design case.

A case is checked in two steps: its shape here (types, required fields, internal
consistency), then against the framework it names (``casebench.validation``), which knows the
question ids, scales and options.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, model_validator

from casebench.errors import located
from casebench.models.framework import Identifier

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Free text that must say something (not empty, not only spaces)."""

Confidence = Literal["low", "medium", "high"]
SourceKind = Literal[
    "interviews",
    "meetings",
    "documents",
    "feedback_sheets",
    "focus_groups",
    "observations",
    "surveys",
    "other",
]
Answer = int | float | str | list[str]

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
    """The analyst's judgement on one question; "not assessed" is explicit, never a rating."""

    status: Literal["assessed", "not_assessed"] = "assessed"
    rating: StrictInt | None = None
    answer: Answer | None = None
    confidence: Confidence | None = None
    memo: str = ""
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_assessed_is_empty(self) -> Assessment:
        if self.status == "not_assessed" and (self.rating is not None or self.answer is not None):
            field = "rating" if self.rating is not None else "answer"
            raise ValueError(
                located((field,), "a question marked not_assessed cannot also have a " + field)
            )
        if self.rating is not None and self.answer is not None:
            raise ValueError(
                located(
                    ("answer",), "give either a rating (scale questions) or an answer, not both"
                )
            )
        return self

    @property
    def assessed(self) -> bool:
        return self.status == "assessed"


class FrameworkRef(_Frozen):
    """Which framework, and which version of it, a case was coded against."""

    id: Identifier
    version: str = Field(min_length=1)


class Period(_Frozen):
    """How long the case was followed."""

    months: float | None = Field(default=None, gt=0, le=1200)
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
                raise ValueError(located(("participants", role), "cannot be negative"))
        return self


class PowerObservation(_Frozen):
    """Evidence of one dimension of power working as domination or as empowerment."""

    dimension: Identifier
    mode: Literal["domination", "empowerment"]
    description: Text
    questions: list[Identifier] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Outcome(_Frozen):
    """A change (or a change that did not happen) at one level of change."""

    level: Identifier
    description: Text
    status: Literal["achieved", "partial", "not_achieved"] = "achieved"
    evidence: list[Evidence] = Field(default_factory=list)


class IssueCounts(_Frozen):
    """Issues participants raised and how many were acted on (e.g. 29 of over 36)."""

    raised: StrictInt | None = Field(default=None, ge=0, le=MAX_COUNT)
    raised_is_minimum: bool = False
    acted_on: StrictInt | None = Field(default=None, ge=0, le=MAX_COUNT)
    note: str = ""

    @model_validator(mode="after")
    def _acted_on_within_raised(self) -> IssueCounts:
        if self.raised is not None and self.acted_on is not None and self.acted_on > self.raised:
            raise ValueError(
                located(("acted_on",), f"{self.acted_on} cannot exceed raised ({self.raised})")
            )
        return self


Provenance = Literal["stated", "constructed"]
"""``stated``: the source gives it; ``constructed``: the coder assembled it from the source."""

OutcomeDirection = Literal["positive", "negative", "mixed", "no_change"]
"""Which way an outcome went for the people the process was meant to serve: better, worse,
both (some gained, some lost), or no change that the source reports."""


class ContextCondition(_Frozen):
    """One condition of a configuration's context: a short coded tag that other cases can
    share (``rural_community``), what it is in this case, and whether it held.

    ``present: false`` records a condition the coder looked for and found absent, which the
    synthesis can tell apart from one simply not recorded.
    """

    tag: Identifier
    text: Annotated[str, StringConstraints(strip_whitespace=True)] = ""
    present: bool = True

    @model_validator(mode="after")
    def _text_one_line(self) -> ContextCondition:
        if any(ch in self.text for ch in "\n\r\x85\u2028\u2029"):
            raise ValueError(located(("text",), "must be one line: say what the condition is here"))
        return self


class CmoConfiguration(_Frozen):
    """A context-mechanism-outcome configuration (Pawson and Tilley 1997; Pawson 2006).

    ``mechanism_code`` is a short shared label, so the same mechanism can be found in
    several cases by the cross-case synthesis. Following Dalkin et al. (2015) a mechanism can
    be split into the ``resource`` a process offers and the ``reasoning`` (response) it
    triggers. The coded parts (``context_conditions``, ``outcome_code``,
    ``outcome_direction``, ``outcome_level``) are what ``casebench.synthesis`` compares;
    every one is optional, so a configuration of text alone stays valid. ``provenance`` says
    whether the source states the configuration or the coder constructed it, and
    ``derived_from`` where in the source its parts come from, so that a reader can tell the
    study's findings from the coder's.
    """

    id: Identifier
    context: Text
    context_conditions: list[ContextCondition] = Field(default_factory=list)
    mechanism: Text
    mechanism_code: Identifier
    resource: str = Field(default="", description="What the process offers (Dalkin et al. 2015).")
    reasoning: str = Field(
        default="", description="The reasoning or response the resource triggers in people."
    )
    outcome: Text
    outcome_code: Identifier | None = Field(
        default=None, description="A short shared label of the outcome, as mechanism_code."
    )
    outcome_direction: OutcomeDirection | None = None
    outcome_level: Identifier | None = Field(
        default=None, description="The framework's level of change the outcome happened at."
    )
    provenance: Provenance | None = Field(
        default=None,
        description="stated: the source gives this configuration; constructed: the coder "
        "assembled it from the source's statements.",
    )
    derived_from: str = Field(
        default="", description="Where in the source the configuration or its parts come from."
    )
    confidence: Confidence | None = None
    power: list[Identifier] = Field(
        default_factory=list, description="The framework's dimensions of power it bears on."
    )
    questions: list[Identifier] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tags_and_dimensions_once(self) -> CmoConfiguration:
        tags = [c.tag for c in self.context_conditions]
        for i, tag in enumerate(tags):
            if tag in tags[:i]:
                raise ValueError(
                    located(("context_conditions", i, "tag"), f"tag {tag!r} is listed twice")
                )
        for i, dimension in enumerate(self.power):
            if dimension in self.power[:i]:
                raise ValueError(located(("power", i), f"{dimension!r} is listed twice"))
        return self

    @property
    def present_tags(self) -> frozenset[str]:
        """Tags of the context conditions that held."""
        return frozenset(c.tag for c in self.context_conditions if c.present)

    @property
    def absent_tags(self) -> frozenset[str]:
        """Tags of the context conditions recorded as absent."""
        return frozenset(c.tag for c in self.context_conditions if not c.present)


class Case(_Frozen):
    """One case coded against one framework."""

    format: Literal[1] = CASE_FORMAT
    id: Identifier
    title: Text
    framework: FrameworkRef
    coder: str = ""
    sector: str = ""
    setting: str = ""
    approach: str = ""
    period: Period = Field(default_factory=Period)
    draft: bool = False
    citation: str = ""
    summary: str = ""
    sources: list[DataSource] = Field(default_factory=list)
    assessments: dict[Identifier, Assessment] = Field(default_factory=dict)
    power: list[PowerObservation] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    issues: IssueCounts = Field(default_factory=IssueCounts)
    cmo: list[CmoConfiguration] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cmo_ids_unique(self) -> Case:
        ids = [c.id for c in self.cmo]
        for i, cmo_id in enumerate(ids):
            if cmo_id in ids[:i]:
                raise ValueError(located(("cmo", i, "id"), f"cmo id {cmo_id!r} is used twice"))
        return self

    def source_count(self, kind: str) -> int | None:
        """Total count of one kind of data source, or None when the case records none."""
        counts = [s.count for s in self.sources if s.kind == kind]
        return sum(counts) if counts else None
