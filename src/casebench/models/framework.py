"""The analytic framework as data: sections of questions, scales, power dimensions, levels.

A framework is loaded from YAML (see ``frameworks/farr2017.yaml``) so that a user can bring
their own and get forms, comparisons and reports for it without changing code.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from casebench.errors import problem_at
from casebench.models.vocabulary import QuestionKind
from casebench.wording import not_allowed

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64)
]
"""Lower-case snake_case ids, stable across versions: they key assessments in case files."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScaleLevel(_Frozen):
    """One labelled point of an ordinal scale."""

    value: int
    label: str = Field(min_length=1)
    description: str = ""


class Scale(_Frozen):
    """An ordinal rating scale; levels are ordered by value. ``rationale`` says why the
    framework rates on it, ``limits`` what a rating on it cannot say."""

    title: str = Field(min_length=1)
    description: str = ""
    rationale: str = ""
    limits: str = ""
    levels: list[ScaleLevel] = Field(min_length=2)

    @model_validator(mode="after")
    def _levels_distinct_and_ordered(self) -> Scale:
        values = [level.value for level in self.levels]
        if values != sorted(set(values)):
            raise ValueError("scale levels must have distinct values in increasing order")
        return self

    @property
    def values(self) -> list[int]:
        return [level.value for level in self.levels]

    def label(self, value: int) -> str:
        """The label of a level value (``KeyError`` if the value is off the scale)."""
        for level in self.levels:
            if level.value == value:
                return level.label
        raise KeyError(value)


class Option(_Frozen):
    """A named option of a choice question (``added_by``: who added an option the source does
    not give, e.g. "casebench"; empty when the source gives it)."""

    id: Identifier
    label: str = Field(min_length=1)
    added_by: str = ""


class Question(_Frozen):
    """A question an analyst answers for each case."""

    id: Identifier
    text: str = Field(min_length=1)
    kind: QuestionKind = "scale"
    scale: Identifier | None = None
    options: list[Option] = Field(default_factory=list)
    multiple: bool = False
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    guidance: str = ""
    power: list[Identifier] = Field(default_factory=list)
    citation: str = Field(min_length=1)
    draws_on: list[str] = Field(default_factory=list)
    draws_on_by: str = ""
    """Who attributes ``draws_on`` to this question when the source does not cite those works
    at this place (e.g. "casebench"); empty when the source itself cites them here."""
    power_by: str = ""
    """Who ties ``power`` to this question when the source does not; empty when it does."""
    repeats: Identifier | None = None
    """The question this one asks again in other words (e.g. a realist-element question that
    restates a Figure 1 question): figures that sum over questions count the pair once."""

    @model_validator(mode="after")
    def _kind_fields_fit(self) -> Question:
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError("a choice question needs at least two options")
        if self.kind != "choice" and (self.options or self.multiple):
            raise ValueError(f"options and multiple belong to choice questions, not {self.kind}")
        if self.kind != "scale" and self.scale is not None:
            raise ValueError(f"scale belongs to scale questions, not {self.kind}")
        if self.kind != "number" and (self.minimum is not None or self.maximum is not None):
            raise ValueError(f"minimum and maximum belong to number questions, not {self.kind}")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("minimum is greater than maximum")
        ids = [option.id for option in self.options]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids must be unique")
        return self

    @property
    def option_ids(self) -> list[str]:
        return [option.id for option in self.options]


def sources_text(question: Question) -> str:
    """The question's citation, the works it draws on and the dimensions of power tied to it,
    each marked with who attributes it when that is not the source: what a form, a codebook
    or a report shows beside the question."""
    parts = [question.citation.strip().rstrip(".")]
    if question.draws_on:
        by = f" (attributed by {question.draws_on_by})" if question.draws_on_by else ""
        parts.append(f"Draws on {'; '.join(question.draws_on)}{by}")
    if question.power:
        by = f" (attributed by {question.power_by})" if question.power_by else ""
        parts.append(f"Dimension of power: {', '.join(question.power)}{by}")
    added: dict[str, list[str]] = {}
    for option in question.options:
        if option.added_by:
            added.setdefault(option.added_by, []).append(option.label)
    for by, labels in added.items():
        parts.append(f"Options added by {by}: {'; '.join(labels)}")
    return ". ".join(parts) + "."


class Subsection(_Frozen):
    """A titled group of questions inside a section (``title_by``: who wrote the title when
    the source gives none; empty when the title is the source's)."""

    id: Identifier
    title: str = Field(min_length=1)
    title_by: str = ""
    questions: list[Question] = Field(min_length=1)


class Section(_Frozen):
    """A top-level part of the framework; holds questions directly or in subsections."""

    id: Identifier
    title: str = Field(min_length=1)
    title_by: str = ""
    part: str = ""
    citation: str = ""
    questions: list[Question] = Field(default_factory=list)
    subsections: list[Subsection] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_questions(self) -> Section:
        if not self.questions and not self.subsections:
            raise ValueError("a section needs questions or subsections")
        return self

    def iter_questions(self) -> list[tuple[Subsection | None, Question]]:
        """Questions in order, each with the subsection holding it (None when direct)."""
        pairs: list[tuple[Subsection | None, Question]] = [(None, q) for q in self.questions]
        for subsection in self.subsections:
            pairs.extend((subsection, q) for q in subsection.questions)
        return pairs


class PowerDimension(_Frozen):
    """A dimension of power (Lukes 2005, Digeser 1992) or *power with* (Allen et al. 2014)."""

    id: Identifier
    title: str = Field(min_length=1)
    description: str = ""
    citation: str = ""


class ChangeLevel(_Frozen):
    """A level at which change can happen (individual ... strategic/policy/structural).

    ``derived_by`` names who derived a level the source does not list as such (empty when
    the source lists it); its citation then says what it is derived from."""

    id: Identifier
    title: str = Field(min_length=1)
    description: str = ""
    citation: str = ""
    derived_by: str = ""


class AttributeSpec(_Frozen):
    """A case attribute the framework declares (e.g. country), so that cases are checked
    against its allowed values and forms and schemas offer them. ``sector``, ``setting`` and
    ``approach`` may be declared too, to restrict those fields."""

    id: Identifier
    label: str = Field(min_length=1)
    description: str = ""
    values: list[str] = Field(default_factory=list)
    """The allowed values, in the order groups are shown; empty: any short text."""

    @model_validator(mode="after")
    def _values_distinct(self) -> AttributeSpec:
        for i, value in enumerate(self.values):
            if not value.strip():
                raise problem_at(("values", i), "an allowed value cannot be empty")
            if value in self.values[:i]:
                raise problem_at(("values", i), f"{value!r} is listed twice")
        return self


class QuestionInfo(_Frozen):
    """A question together with where it sits in the framework."""

    question: Question
    section: Section
    subsection: Subsection | None


class Framework(_Frozen):
    """A whole framework: its identity, scales, power dimensions, levels and sections."""

    id: Identifier
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    citation: str = ""
    description: str = ""
    """What the framework is, how its questions are recorded, and what it adds to its source."""
    default_scale: Identifier
    scales: dict[Identifier, Scale] = Field(min_length=1)
    power_dimensions: list[PowerDimension] = Field(default_factory=list)
    levels_of_change: list[ChangeLevel] = Field(default_factory=list)
    parts: dict[str, str] = Field(default_factory=dict)
    """Titles of the parts sections belong to (``figure1: Figure 1``), for labels."""
    attributes: list[AttributeSpec] = Field(default_factory=list)
    """Case attributes the framework declares (optional)."""
    sections: list[Section] = Field(min_length=1)

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,))

    @model_validator(mode="after")
    def _references_resolve(self) -> Framework:
        scales = list(self.scales)
        if self.default_scale not in self.scales:
            raise problem_at(("default_scale",), not_allowed(self.default_scale, "a scale", scales))
        seen: set[str] = set()
        power_ids = [d.id for d in self.power_dimensions]
        for where, question in self._question_places():
            if question.id in seen:
                raise problem_at((*where, "id"), f"question id {question.id!r} is used twice")
            seen.add(question.id)
            if question.scale is not None and question.scale not in self.scales:
                raise problem_at((*where, "scale"), not_allowed(question.scale, "a scale", scales))
            for j, dimension in enumerate(question.power):
                if dimension not in power_ids:
                    raise problem_at(
                        (*where, "power", j), not_allowed(dimension, "a power dimension", power_ids)
                    )
        self._check_repeats()
        for field, ids in (
            ("sections", [s.id for s in self.sections]),
            ("power_dimensions", power_ids),
            ("levels_of_change", [lv.id for lv in self.levels_of_change]),
            ("attributes", [a.id for a in self.attributes]),
        ):
            for i, item_id in enumerate(ids):
                if item_id in ids[:i]:
                    raise problem_at((field, i, "id"), f"id {item_id!r} is used twice")
        return self

    def _check_repeats(self) -> None:
        """``repeats`` names another question of this framework, which repeats none itself,
        so that every group of restated questions has one question that counts for it."""
        places = self._question_places()
        kinds = {q.id: q.kind for _, q in places}
        repeated = {q.id: q.repeats for _, q in places}
        for where, question in places:
            target = question.repeats
            if target is None:
                continue
            if target == question.id or target not in kinds:
                raise problem_at((*where, "repeats"), f"{target!r} is not another question")
            if repeated[target] is not None:
                raise problem_at(
                    (*where, "repeats"),
                    f"{target!r} repeats {repeated[target]!r} itself: name that one",
                )
            if kinds[target] != question.kind:
                raise problem_at(
                    (*where, "repeats"),
                    f"{target!r} is a {kinds[target]} question, this one {question.kind}",
                )

    def _question_places(self) -> list[tuple[tuple[str | int, ...], Question]]:
        """Every question with its path in the framework file, for located error messages."""
        places: list[tuple[tuple[str | int, ...], Question]] = []
        for i, section in enumerate(self.sections):
            places.extend(
                (("sections", i, "questions", j), q) for j, q in enumerate(section.questions)
            )
            for k, sub in enumerate(section.subsections):
                places.extend(
                    (("sections", i, "subsections", k, "questions", j), q)
                    for j, q in enumerate(sub.questions)
                )
        return places

    @cached_property
    def questions(self) -> dict[str, QuestionInfo]:
        """Every question by id, in framework order, with its section and subsection."""
        return {
            q.id: QuestionInfo(question=q, section=s, subsection=sub)
            for s in self.sections
            for sub, q in s.iter_questions()
        }

    def only_sections(self, section_ids: list[str]) -> Framework:
        """The same framework (id and version) keeping only some sections, for filtered views.
        A kept question that restates one left out counts for itself in the view."""
        keep = [s.model_dump() for s in self.sections if s.id in set(section_ids)]
        groups = [g for s in keep for g in [s, *s["subsections"]]]
        kept = {q["id"] for g in groups for q in g["questions"]}
        for group in groups:
            for question in group["questions"]:
                if question["repeats"] not in kept:
                    question["repeats"] = None
        return Framework.model_validate(self.model_dump() | {"sections": keep})

    def scale_for(self, question: Question) -> Scale:
        """The scale a scale question is rated on (its own, or the framework default)."""
        return self.scales[question.scale or self.default_scale]

    def counting_id(self, question_id: str) -> str:
        """The question that stands for ``question_id`` where figures sum over questions:
        the one it repeats, or itself."""
        return self.questions[question_id].question.repeats or question_id

    def part_title(self, part: str) -> str:
        """The title of a part of the framework: as declared in ``parts``, else its id."""
        return self.parts.get(part, part)

    @property
    def power_dimension_ids(self) -> list[str]:
        return [d.id for d in self.power_dimensions]

    @property
    def level_ids(self) -> list[str]:
        return [lv.id for lv in self.levels_of_change]
