"""Records of team coding kept in a case file: disagreements still open and decisions taken.

When two codings of a case are merged (``casebench merge``), whatever the coders agree on
becomes one judgement; whatever they differ on is kept as a disagreement holding each coder's
position, until the team decides. Each decision is logged with both positions, the outcome,
the reason, who decided and when, so that the consensus can be audited later (Lincoln and
Guba's dependability audit). A disagreement on a question lives in the question itself
(``status: disputed``, see ``Assessment``); disagreements on the case's other parts (power
observations, outcomes, issue counts, CMO configurations, case details) live in the case's
``disagreements`` list. Positions hold plain data; the case model checks each against the
model of its part.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A name or a reason: not empty, not only spaces."""

Part = Literal["power", "outcomes", "cmo", "issues", "details"]
"""The parts of a case besides its questions that coders can disagree on."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ItemPosition(_Frozen):
    """One coder's version of a disputed item; no ``value``: this coder did not record it."""

    coder: Label
    value: Any = Field(
        default=None,
        description="The coder's version as plain data (a power observation, an outcome, a "
        "CMO configuration, issue counts, a case detail, or a judgement); null: not recorded.",
    )


class Disagreement(_Frozen):
    """Coders differ on one item of a case other than a question (see the module docstring).

    ``key`` names the item: ``dimension mode: description`` for a power observation,
    ``level: description`` for an outcome, the configuration's id for a CMO configuration,
    the field's name for a case detail, empty for the issue counts.
    """

    about: Part
    key: str = ""
    positions: list[ItemPosition] = Field(min_length=2)


class Decision(_Frozen):
    """How the team resolved one disagreement: both positions, the outcome, why, who, when."""

    about: Label = Field(
        description="What was decided: assessments.<question>, power, outcomes, cmo, issues "
        "or details, with the item's key after a colon where there is one."
    )
    positions: list[ItemPosition] = Field(min_length=2)
    chosen: str = Field(
        default="",
        description="The coder whose position the team took; empty: the team wrote its own.",
    )
    result: Any = Field(
        default=None, description="What the case holds now (null: the item was left out)."
    )
    reason: Label
    decided_by: Label
    decided_at: AwareDatetime = Field(
        description="ISO date and time of the decision, with its UTC offset."
    )


__all__ = ["Decision", "Disagreement", "ItemPosition", "Label", "Part"]
