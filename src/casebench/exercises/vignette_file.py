"""The vignette file format (docs/teaching.md): a short case text, the framework it is coded
against, and a reference coding whose every judgement carries a quote from the text, a reason,
and why each neighbouring rating is less defensible.

``read_vignette_file`` checks a file completely and raises :class:`InputError` with one
located problem a line (file, line, field, message), as ``casebench validate`` does for cases.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError

from casebench import yamlio
from casebench.errors import InputError, Problem, dotted
from casebench.exercises.passages import closest_passage, is_verbatim
from casebench.models.framework import Framework, Identifier
from casebench.pydantic_problems import problems_from_validation_error
from casebench.registry import bundled_framework_ids, load_framework
from casebench.validation import unknown_question
from casebench.wording import not_allowed

ABSENT = "absent"
"""A judgement that the vignette shows no such practice: a judgement, not a point of the scale."""
VIGNETTE_FORMAT = 1
DOCS = "docs/teaching.md"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Judgement = StrictInt | Literal["absent"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class QuoteItem(_Frozen):
    """Words of the vignette, copied exactly; ``attribution`` names a speaker if there is one."""

    quote: Text
    attribution: str = ""


class ReferenceJudgement(_Frozen):
    """The reference coding of one scale question of the framework."""

    id: Identifier
    reference: Judgement
    cue: Text = Field(description="What to look at in the vignette, shown as a hint.")
    evidence: list[QuoteItem] = Field(min_length=1)
    why: Text
    neighbours: dict[Judgement, Text] = Field(
        min_length=1, description="Why each neighbouring judgement is less defensible."
    )


class ExampleConfiguration(_Frozen):
    """A context-mechanism-outcome configuration the vignette supports, shown as a model."""

    id: Identifier
    context: Text
    mechanism: Text
    mechanism_code: Identifier
    outcome: Text
    evidence: list[QuoteItem] = Field(min_length=1)


class VignetteFile(_Frozen):
    """What a vignette file holds (``format: 1``)."""

    format: Literal[1]
    id: Identifier
    title: Text
    sector: Text
    fictional: bool
    framework: Text = Field(description="A bundled framework id, or a framework file's path.")
    framework_version: str = ""
    text: Text
    questions: list[ReferenceJudgement] = Field(min_length=1)
    cmo: list[ExampleConfiguration] = Field(default_factory=list)


Where = tuple[str | int, ...]


def _framework(data: VignetteFile, path: Path) -> Framework:
    """The framework the vignette names: bundled by id, or a file beside the vignette."""
    if data.framework in bundled_framework_ids():
        return load_framework(data.framework)
    candidate = Path(data.framework)
    if not candidate.is_absolute():
        candidate = path.parent / candidate
    return load_framework(candidate)


def _judgement_problems(
    item: ReferenceJudgement, where: Where, framework: Framework, text: str
) -> list[tuple[Where, str]]:
    """What is wrong with one reference judgement, beyond its shape."""
    info = framework.questions.get(item.id)
    if info is None:
        return [((*where, "id"), unknown_question(item.id, framework))]
    question = info.question
    if question.kind != "scale":
        return [
            (
                (*where, "id"),
                f"{item.id} is a {question.kind} question; a vignette codes scale questions",
            )
        ]
    scale = framework.scale_for(question)
    values = scale.values
    on_scale = f"on the {scale.title!r} scale"
    found: list[tuple[Where, str]] = []
    reference = item.reference
    if reference != ABSENT and reference not in values:
        found.append(((*where, "reference"), not_allowed(reference, on_scale, [*values, ABSENT])))
        return found
    for key in item.neighbours:
        adjacent = key != reference and (
            key == ABSENT
            or reference == ABSENT
            or (key in values and abs(values.index(key) - values.index(reference)) == 1)
        )
        if key not in values and key != ABSENT:
            found.append(
                ((*where, "neighbours", key), not_allowed(key, on_scale, [*values, ABSENT]))
            )
        elif not adjacent:
            found.append(
                ((*where, "neighbours", key), f"{key} is not a judgement next to {reference}")
            )
    if reference != ABSENT:
        position = values.index(reference)
        missing = [
            values[p]
            for p in (position - 1, position + 1)
            if 0 <= p < len(values) and values[p] not in item.neighbours
        ]
        if missing:
            found.append(
                (
                    (*where, "neighbours"),
                    "say why each neighbouring rating is less defensible; missing: "
                    + ", ".join(map(str, missing)),
                )
            )
    elif not any(key != ABSENT for key in item.neighbours):
        found.append(((*where, "neighbours"), "say why a rating is less defensible than absent"))
    found += _quote_problems(item.evidence, (*where, "evidence"), text)
    return found


def _quote_problems(items: list[QuoteItem], where: Where, text: str) -> list[tuple[Where, str]]:
    return [
        (
            (*where, i, "quote"),
            "is not the vignette's text word for word; the closest passage is "
            f"{closest_passage(item.quote, text)!r}",
        )
        for i, item in enumerate(items)
        if not is_verbatim(item.quote, text)
    ]


def check_vignette_data(
    data: VignetteFile, path: Path
) -> tuple[Framework, list[tuple[Where, str]]]:
    """The framework a vignette names, and every problem of its content."""
    framework = _framework(data, path)
    found: list[tuple[Where, str]] = []
    if data.framework_version and data.framework_version != framework.version:
        found.append(
            (
                ("framework_version",),
                f"the reference coding is of {framework.id} {data.framework_version}, but "
                f"version {framework.version} was found",
            )
        )
    seen: dict[str, int] = {}
    for i, item in enumerate(data.questions):
        if item.id in seen:
            found.append(
                (
                    ("questions", i, "id"),
                    f"{item.id} is coded twice (also questions[{seen[item.id]}])",
                )
            )
            continue
        seen[item.id] = i
        found += _judgement_problems(item, ("questions", i), framework, data.text)
    for i, example in enumerate(data.cmo):
        found += _quote_problems(example.evidence, ("cmo", i, "evidence"), data.text)
    return framework, found


def read_vignette_file(path: str | Path) -> tuple[VignetteFile, Framework]:
    """Read and check a vignette file; InputError lists every problem, located."""
    path = Path(path)
    name = str(path)
    document = yamlio.read(path)
    if not isinstance(document.data, dict):
        raise InputError.single(name, "a vignette file must be a mapping of fields", line=1)
    try:
        data = VignetteFile.model_validate(document.data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, name, document)
        raise InputError([_pointing_at_docs(p) for p in problems]) from None
    try:
        framework, found = check_vignette_data(data, path)
    except InputError as exc:
        line, column = document.locate(("framework",))
        raise InputError.single(
            name,
            f"framework {data.framework!r} cannot be loaded: {exc.problems[0].message}",
            field="framework",
            line=line,
            column=column,
        ) from None
    if found:
        problems = [
            Problem(name, message, field=dotted(where), line=line, column=column)
            for where, message in found
            for line, column in [document.locate(where)]
        ]
        raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return data, framework


_UNION = "expected a number, a text or a list of texts, got "


def _pointing_at_docs(problem: Problem) -> Problem:
    """Messages in a vignette's terms: the case files' hint names `casebench schema`, and a
    judgement is a rating or absent, not any of a case answer's kinds."""
    if "casebench schema" in problem.message:
        return replace(problem, message=f"unknown field (check the spelling; see {DOCS})")
    if problem.message.startswith(_UNION) or "neighbours" in problem.field:
        got = problem.message.rsplit(", got ", 1)[-1] if ", got " in problem.message else ""
        shown = f", got {got}" if got else ""
        return replace(problem, message=f"expected a rating (a whole number) or absent{shown}")
    return problem
