"""An initial programme theory: if-then statements a realist synthesis tests against cases.

Each statement says: in context C (context condition tags), resource R triggers reasoning M
(a mechanism code, as in the case files) leading to outcome O (a direction, an outcome code
and/or a level of change). The synthesis reports, per statement, the configurations that
support, refute or refine it (``casebench.synthesis.theory``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from casebench.errors import problem_at
from casebench.models.case import Text
from casebench.models.framework import Identifier
from casebench.models.vocabulary import OutcomeDirection

THEORY_FORMAT = 1
"""Version of the programme theory file format (``format`` in a file)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TheoryStatement(_Frozen):
    """In context C, resource R triggers reasoning M, leading to outcome O."""

    id: Identifier
    text: str = Field(default="", description="The statement in words, as the team wrote it.")
    context_conditions: list[Identifier] = Field(
        default_factory=list, description="Tags of the conditions the statement needs (C)."
    )
    resource: str = Field(default="", description="What the process offers (R).")
    mechanism_code: Identifier = Field(description="The mechanism, as coded in the cases.")
    reasoning: str = Field(default="", description="The reasoning or response triggered (M).")
    outcome: str = Field(default="", description="The expected outcome in words (O).")
    outcome_direction: OutcomeDirection | None = None
    outcome_code: Identifier | None = None
    outcome_level: Identifier | None = None
    citation: str = Field(default="", description="Where the statement comes from.")

    @model_validator(mode="after")
    def _expects_an_outcome(self) -> TheoryStatement:
        if (
            self.outcome_direction is None
            and self.outcome_code is None
            and self.outcome_level is None
        ):
            raise problem_at(
                ("outcome_direction",),
                "a statement must expect a coded outcome: give outcome_direction, "
                "outcome_code or outcome_level",
            )
        tags = self.context_conditions
        for i, tag in enumerate(tags):
            if tag in tags[:i]:
                raise problem_at(("context_conditions", i), f"tag {tag!r} is listed twice")
        return self

    def expected(self) -> dict[str, str]:
        """The outcome fields the statement gives (direction, code, level), by name."""
        values = {
            "direction": self.outcome_direction,
            "code": self.outcome_code,
            "level": self.outcome_level,
        }
        return {k: v for k, v in values.items() if v is not None}

    def sentence(self) -> str:
        """The statement in the words of its parts: "In contexts with C, R triggers M,
        leading to O" (its own ``text`` when given)."""
        if self.text.strip():
            return self.text.strip()
        where = (
            f"In contexts with {', '.join(self.context_conditions)}"
            if self.context_conditions
            else "In any context"
        )
        resource = self.resource.strip() or "the process"
        reasoning = self.reasoning.strip() or self.mechanism_code
        outcome = self.outcome.strip() or "; ".join(f"{k} {v}" for k, v in self.expected().items())
        return f"{where}, {resource} triggers “{reasoning}”, leading to {outcome}"


class ProgrammeTheory(_Frozen):
    """A named set of if-then statements."""

    format: Literal[1] = THEORY_FORMAT
    id: Identifier
    title: Text
    citation: str = ""
    statements: list[TheoryStatement] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_unique(self) -> ProgrammeTheory:
        ids = [s.id for s in self.statements]
        for i, sid in enumerate(ids):
            if sid in ids[:i]:
                raise problem_at(("statements", i, "id"), f"statement id {sid!r} is used twice")
        return self


__all__ = ["THEORY_FORMAT", "ProgrammeTheory", "TheoryStatement"]
