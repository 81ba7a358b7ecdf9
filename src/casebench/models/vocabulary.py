"""The case model's closed vocabularies, each defined once with what its values mean.

Each is a ``Literal`` (the source of its values, and of the JSON Schema's ``enum``) wrapped so
that a value outside it is reported in casebench's one style, listing the allowed values and
the nearest: ``'very' is not a confidence (expected one of low, medium, high)``. The framework
reference, the guided ``casebench new``, the workbook's drop-downs and the editor's menus take
their lists from here. The framework's own vocabularies (question ids, options, scale points,
power dimensions, levels of change) are data in the framework file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import ValidationError, WrapValidator
from pydantic_core import PydanticCustomError

from casebench.wording import not_allowed


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of values: its name (an id), the noun a message uses for one of its
    values, each value with its meaning (in order), and the field it fills."""

    name: str
    noun: str
    terms: tuple[tuple[str, str], ...]
    field: str
    """Where a case file uses it, e.g. ``assessments.<question>.status``."""

    @property
    def values(self) -> list[str]:
        return [value for value, _ in self.terms]

    def meaning(self, value: str) -> str:
        return dict(self.terms)[value]

    def refuse(self, value: object) -> str:
        """The message for a value outside the vocabulary."""
        return not_allowed(value, self.noun, self.values)

    def error(self, value: object) -> PydanticCustomError:
        """The validation error for a value outside the vocabulary (a validator raises it)."""
        return PydanticCustomError(
            "casebench_vocabulary",
            "{message}",
            {"message": self.refuse(value), "vocabulary": self.name},
        )


def _closed(
    literal: Any, name: str, noun: str, field: str, meanings: dict[str, str]
) -> tuple[Any, Vocabulary]:
    """The field type for ``literal`` and its vocabulary; ``meanings`` must cover the
    literal's values exactly (a programming error otherwise, caught on import)."""
    values = get_args(literal)
    if list(meanings) != list(values):
        raise ValueError(f"meanings of {name} do not match its values {values}")
    vocabulary = Vocabulary(name, noun, tuple(meanings.items()), field)

    def check(value: Any, handler: Any) -> Any:
        try:
            return handler(value)
        except ValidationError:
            raise vocabulary.error(value) from None

    return Annotated[literal, WrapValidator(check)], vocabulary


Status, STATUS = _closed(
    Literal["assessed", "absent", "not_assessed"],
    "status",
    "a status",
    "assessments.<question>.status",
    {
        "assessed": "rated (scale questions) or answered (other kinds)",
        "absent": "the coder looked and found no such practice in the case: a judgement, "
        "backed by evidence or a memo, but not a rating",
        "not_assessed": "no judgement made: the source says nothing either way",
    },
)
Confidence, CONFIDENCE = _closed(
    Literal["low", "medium", "high"],
    "confidence",
    "a confidence",
    "assessments.<question>.confidence, cmo[].confidence",
    {
        "low": "the judgement rests mainly on the coder's reading (say so in the memo)",
        "medium": "a judgement combining several statements of the source",
        "high": "a direct statement of the source or an unambiguous quote",
    },
)
SourceKind, SOURCE_KIND = _closed(
    Literal[
        "interviews",
        "meetings",
        "documents",
        "feedback_sheets",
        "focus_groups",
        "observations",
        "surveys",
        "other",
    ],
    "source_kind",
    "a kind of data source",
    "sources[].kind",
    {
        "interviews": "interviews (count them; participants by role)",
        "meetings": "meetings and events attended",
        "documents": "documents and reports",
        "feedback_sheets": "feedback sheets or forms",
        "focus_groups": "focus groups",
        "observations": "observations (field notes)",
        "surveys": "surveys or questionnaires",
        "other": "any other kind (say what in the description)",
    },
)
Practice, PRACTICE = _closed(
    Literal["co_production", "co_design", "both"],
    "practice",
    "a practice",
    "practice",
    {
        "co_production": "the source describes the process as co-production",
        "co_design": "the source describes it as co-design",
        "both": "the source describes it as both",
    },
)
Provenance, PROVENANCE = _closed(
    Literal["stated", "constructed"],
    "provenance",
    "a provenance",
    "power[].provenance, cmo[].provenance",
    {
        "stated": "the source itself states this finding or configuration",
        "constructed": "the coder assembled or classified it from the source's statements",
    },
)
Mode, MODE = _closed(
    Literal["domination", "empowerment"],
    "mode",
    "a mode of power",
    "power[].mode",
    {
        "domination": "the dimension of power works as domination",
        "empowerment": "the dimension of power works as empowerment",
    },
)
OutcomeStatus, OUTCOME_STATUS = _closed(
    Literal["achieved", "partial", "not_achieved"],
    "outcome_status",
    "an outcome status",
    "outcomes[].status",
    {
        "achieved": "the change happened",
        "partial": "the change happened in part, or in some places only",
        "not_achieved": "the change was sought but did not happen",
    },
)
OutcomeDirection, OUTCOME_DIRECTION = _closed(
    Literal["positive", "negative", "mixed", "no_change"],
    "outcome_direction",
    "an outcome direction",
    "cmo[].outcome_direction, statements[].outcome_direction (theory files)",
    {
        "positive": "better for the people the process was meant to serve",
        "negative": "worse for them",
        "mixed": "both: some gained, some lost",
        "no_change": "no change that the source reports",
    },
)

RaisedQualifier, RAISED_QUALIFIER = _closed(
    Literal["exactly", "at_least", "over"],
    "raised_qualifier",
    "a qualifier of issues raised",
    "issues.raised_qualifier",
    {
        "exactly": "the source gives the number of issues raised as such",
        "at_least": 'the source says "at least" that number',
        "over": 'the source says "over" or "more than" that number',
    },
)

QuestionKind, QUESTION_KIND = _closed(
    Literal["scale", "choice", "number", "text"],
    "question_kind",
    "a kind of question",
    "sections[].questions[].kind (framework files)",
    {
        "scale": "rated on a scale (the question's own, or the framework's default)",
        "choice": "answered with one option, or several when multiple is true",
        "number": "answered with a number, optionally between a minimum and a maximum",
        "text": "answered in words",
    },
)
"""The framework file's one closed vocabulary (not a case file's: see VOCABULARIES)."""

VOCABULARIES: dict[str, Vocabulary] = {
    v.name: v
    for v in (
        STATUS,
        CONFIDENCE,
        SOURCE_KIND,
        PRACTICE,
        PROVENANCE,
        MODE,
        OUTCOME_STATUS,
        OUTCOME_DIRECTION,
    )
}
"""Every closed vocabulary of the case model, by name."""

__all__ = [
    "CONFIDENCE",
    "MODE",
    "OUTCOME_DIRECTION",
    "OUTCOME_STATUS",
    "PRACTICE",
    "PROVENANCE",
    "QUESTION_KIND",
    "RAISED_QUALIFIER",
    "SOURCE_KIND",
    "STATUS",
    "VOCABULARIES",
    "Confidence",
    "Mode",
    "OutcomeDirection",
    "OutcomeStatus",
    "Practice",
    "Provenance",
    "QuestionKind",
    "RaisedQualifier",
    "SourceKind",
    "Status",
    "Vocabulary",
]
