"""The case model: what an analyst records about one co-production or co-design case.

A case is checked in two steps: its shape here (types, required fields, internal
consistency), then against the framework it names (``casebench.validation``), which knows the
question ids, scales and options.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from casebench.errors import problem_at
from casebench.models.consensus import Decision, Disagreement
from casebench.models.framework import Identifier
from casebench.models.vocabulary import (
    STATUS,
    Confidence,
    Mode,
    OutcomeDirection,
    OutcomeStatus,
    Practice,
    Provenance,
    RaisedQualifier,
    SourceKind,
    Status,
)
from casebench.wording import must_be, not_allowed

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Free text that must say something (not empty, not only spaces)."""

Answer = int | float | str | list[str]
QuestionRef = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A question id as a case names it: checked against the framework (``validation``), whose
message lists the ids and suggests the nearest, rather than against the id pattern here."""
FrameworkTerm = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A power dimension or level of change id: the framework the case names says which exist."""

AttributeValue = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
"""The value of a case attribute: short text (a country, a kind of funding)."""

BUILT_IN_ATTRIBUTES = ("sector", "setting", "approach")
"""Attributes every case has as fields of its own; ``attributes`` holds any others."""

SHORT_TITLE_LENGTH = 40
"""Longest short title; a title longer than this is cut at a word where a short one is needed."""

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


def _check_judgement(status: str, rating: int | None, answer: Answer | None) -> None:
    """A rating or an answer only for an assessed question, and never both."""
    if status != "assessed" and (rating is not None or answer is not None):
        field = "rating" if rating is not None else "answer"
        raise problem_at(
            (field,),
            f"a question marked {status} cannot also have a {field}: set status: assessed, "
            f"or remove the {field}",
        )
    if rating is not None and answer is not None:
        raise problem_at(
            ("answer",), "give either a rating (scale questions) or an answer, not both"
        )


class Position(_Frozen):
    """One coder's judgement on a question the coders disagree on (``status: disputed``)."""

    coder: Text
    status: Status = "assessed"
    rating: StrictInt | None = None
    answer: Answer | None = None
    confidence: Confidence | None = None
    memo: str = ""
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _judgement(self) -> Position:
        _check_judgement(self.status, self.rating, self.answer)
        return self

    @property
    def summary(self) -> str:
        """The judgement in a few words: ``rated 2``, ``answered 'community'``, ``absent``."""
        if self.rating is not None:
            return f"rated {self.rating}"
        if self.answer is not None:
            answer = ", ".join(self.answer) if isinstance(self.answer, list) else self.answer
            return f"answered {str(answer)!r}"
        return self.status.replace("_", " ")


class Assessment(_Frozen):
    """The analyst's judgement on one question; "not assessed" is explicit, never a rating, and
    so is "absent" (looked for, not found), which is a judgement but not a point of the scale.

    ``disputed`` marks a question two codings disagree on (``casebench merge``): it holds each
    coder's position and no judgement of its own until the team decides."""

    status: Status | Literal["disputed"] = "assessed"
    rating: StrictInt | None = None
    answer: Answer | None = None
    confidence: Confidence | None = None
    memo: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    positions: list[Position] = Field(
        default_factory=list,
        description="Each coder's position on a disputed question (status: disputed only).",
    )

    @field_validator("status", mode="before")
    @classmethod
    def _known_status(cls, value: object) -> object:
        """``disputed`` is written by ``casebench merge``, so the message offers the others."""
        if value not in (*STATUS.values, "disputed"):
            raise STATUS.error(value)
        return value

    @model_validator(mode="after")
    def _judgement(self) -> Assessment:
        _check_judgement(self.status, self.rating, self.answer)
        if self.status == "disputed":
            if len(self.positions) < 2:
                raise problem_at(("positions",), "a disputed question needs two or more positions")
            for field in ("confidence", "memo", "evidence"):
                if getattr(self, field):
                    raise problem_at(
                        (field,),
                        f"a disputed question keeps each coder's {field} in its positions",
                    )
        elif self.positions:
            raise problem_at(("positions",), "positions are for status: disputed only")
        return self

    @property
    def assessed(self) -> bool:
        """Rated or answered (``absent`` is judged but carries no rating or answer)."""
        return self.status == "assessed"

    @property
    def judged(self) -> bool:
        """The coder made a judgement: rated, answered, or found the practice absent (a disputed
        question holds no agreed judgement yet)."""
        return self.status not in ("not_assessed", "disputed")

    @property
    def disputed(self) -> bool:
        """Coders disagree on this question and the team has not decided yet."""
        return self.status == "disputed"

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
            raise problem_at(("text",), "must be one line: say what the condition is here")
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
    outcome_level: FrameworkTerm | None = Field(
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
    power: list[FrameworkTerm] = Field(
        default_factory=list, description="The framework's dimensions of power it bears on."
    )
    questions: list[QuestionRef] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tags_and_dimensions_once(self) -> CmoConfiguration:
        tags = [c.tag for c in self.context_conditions]
        for i, tag in enumerate(tags):
            if tag in tags[:i]:
                raise problem_at(("context_conditions", i, "tag"), f"tag {tag!r} is listed twice")
        for i, dimension in enumerate(self.power):
            if dimension in self.power[:i]:
                raise problem_at(("power", i), f"{dimension!r} is listed twice")
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
    short_title: str = Field(default="", max_length=SHORT_TITLE_LENGTH)
    framework: FrameworkRef
    coder: str = ""
    coded_on: dt.date | None = Field(
        default=None, description="The date the coding was done or last revised (YYYY-MM-DD)."
    )
    sector: str = ""
    setting: str = ""
    approach: str = ""
    attributes: dict[Identifier, AttributeValue] = Field(default_factory=dict)
    """Further attributes to group cases by, e.g. ``country: UK``, ``funding: council``."""
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
    disagreements: list[Disagreement] = Field(
        default_factory=list,
        description="Items (besides questions) two codings differ on, until the team decides.",
    )
    decisions: list[Decision] = Field(
        default_factory=list, description="The team's decisions on disagreements, oldest first."
    )

    @model_validator(mode="after")
    def _attributes_not_built_in(self) -> Case:
        for name in self.attributes:
            if name in BUILT_IN_ATTRIBUTES:
                raise problem_at(
                    ("attributes", name), f"{name} is a field of its own: write {name}:"
                )
        return self

    @model_validator(mode="after")
    def _cmo_ids_unique(self) -> Case:
        ids = [c.id for c in self.cmo]
        for i, cmo_id in enumerate(ids):
            if cmo_id in ids[:i]:
                raise problem_at(("cmo", i, "id"), f"cmo id {cmo_id!r} is used twice")
        return self

    @property
    def short_name(self) -> str:
        """The short title, else the title cut at a word to fit :data:`SHORT_TITLE_LENGTH`."""
        if self.short_title.strip():
            return self.short_title.strip()
        if len(self.title) <= SHORT_TITLE_LENGTH:
            return self.title
        cut = self.title[: SHORT_TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:-(")
        return cut + "…"

    def attribute(self, name: str) -> str | None:
        """The value of an attribute (a built-in field or one of ``attributes``), None when
        the case records none."""
        value = getattr(self, name) if name in BUILT_IN_ATTRIBUTES else self.attributes.get(name)
        return (value.strip() or None) if isinstance(value, str) else None

    @model_validator(mode="after")
    def _positions_fit_their_part(self) -> Case:
        """Each coder's version of a disputed item must be a valid item of its part."""
        for i, disagreement in enumerate(self.disagreements):
            adapter = part_adapter(disagreement.about, disagreement.key)
            if adapter is None:
                raise problem_at(
                    ("disagreements", i, "key"),
                    not_allowed(disagreement.key, "a detail of a case", list(DETAILS)),
                )
            for j, position in enumerate(disagreement.positions):
                if position.value is None:
                    continue
                try:
                    adapter.validate_python(position.value)
                except ValidationError as exc:
                    error = exc.errors(include_url=False)[0]
                    where = ("disagreements", i, "positions", j, "value", *error["loc"])
                    raise problem_at(where, _plain_message(error)) from None
        return self

    @property
    def undecided(self) -> int:
        """How many disagreements the team has still to decide (questions and other items)."""
        return sum(a.disputed for a in self.assessments.values()) + len(self.disagreements)

    def unevidenced_judgements(self) -> list[str]:
        """Question ids judged (rated, answered or found absent) with neither evidence nor a
        memo: judgements a reader cannot check, which ``validate`` warns about."""
        return [qid for qid, a in self.assessments.items() if a.judged and not a.evidenced]

    def source_count(self, kind: str) -> int | None:
        """Total count of one kind of data source, or None when the case records none."""
        counts = [s.count for s in self.sources if s.kind == kind]
        return sum(counts) if counts else None


def _plain_message(error: Any) -> str:
    """A pydantic error inside a coder's version, worded as casebench words the others."""
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"].startswith("casebench_"):  # casebench's own words already
        return str(error["ctx"]["message"])
    if error["type"] == "missing":
        return "required field is missing"
    if message.startswith("Input should be "):
        return f"expected {message.removeprefix('Input should be ')}, got {error['input']!r}"
    return message


PART_MODELS: dict[str, type[BaseModel]] = {
    "power": PowerObservation,
    "outcomes": Outcome,
    "cmo": CmoConfiguration,
    "issues": IssueCounts,
}
"""The model of one item of each list-like part of a case."""

DETAILS = tuple(
    name
    for name in Case.model_fields
    if name
    not in {"format", "id", "framework", "draft", "assessments", "disagreements", "decisions"}
    and name not in PART_MODELS
)
"""Fields of a case that describe it (title, coder, summary, sources ...): not its identity,
its parts or its bookkeeping."""


@functools.cache
def part_adapter(part: str, key: str = "") -> TypeAdapter | None:
    """Validates one coder's version of a disputed item: a power observation, an outcome, a
    CMO configuration, the issue counts, or (``details``) the case field named by ``key``;
    None for a detail that is not one."""
    if part in PART_MODELS:
        return TypeAdapter(PART_MODELS[part])
    if key not in DETAILS:
        return None
    return TypeAdapter(Case.model_fields[key].annotation)
