"""What the case editor shows besides the questions: the case's lists (sources, power
observations, outcomes, CMO configurations) as field specs, and the check that a draft's shape
can be shown in the form at all."""

from __future__ import annotations

from typing import Any

from casebench import yamlio
from casebench.errors import InputError, Problem, dotted
from casebench.models.framework import Framework
from casebench.models.vocabulary import (
    CONFIDENCE,
    MODE,
    OUTCOME_DIRECTION,
    OUTCOME_STATUS,
    PRACTICE,
    PROVENANCE,
    RAISED_QUALIFIER,
    SOURCE_KIND,
    Vocabulary,
)
from casebench.widgets.records import EVIDENCE_FIELDS, FieldSpec

NOT_RECORDED = "(not recorded)"
"""The blank first choice of an optional drop-down: nothing is written for it."""


def choices(vocabulary: Vocabulary, blank: str | None = None) -> tuple[tuple[str, Any], ...]:
    """A drop-down's (label, value) pairs for a closed vocabulary, with an optional blank
    first choice (None): the values are the vocabulary's, never a copy of them."""
    pairs = tuple((value.replace("_", " "), value) for value in vocabulary.values)
    return ((blank, None), *pairs) if blank is not None else pairs


def list_specs(framework: Framework) -> dict[str, tuple[FieldSpec, ...]]:
    """Field specs of the case's lists, with the framework's own ids as the choices."""
    questions = tuple((qid, qid) for qid in framework.questions)
    evidence = FieldSpec("evidence", "Evidence", "evidence", nested=EVIDENCE_FIELDS)
    provenance = (
        FieldSpec("provenance", "Provenance", "dropdown", choices(PROVENANCE, "— say whose —")),
        FieldSpec("derived_from", "Derived from", placeholder="where in the source, e.g. lines"),
    )
    return {
        "sources": (
            FieldSpec("kind", "Kind", "dropdown", choices(SOURCE_KIND)),
            FieldSpec("count", "Count", "int"),
            FieldSpec("participants", "Participants", "participants"),
            FieldSpec("description", "Description"),
        ),
        "power": (
            FieldSpec(
                "dimension",
                "Dimension",
                "dropdown",
                tuple((d.title, d.id) for d in framework.power_dimensions),
            ),
            FieldSpec("mode", "Mode", "dropdown", choices(MODE)),
            FieldSpec("description", "Description", "textarea"),
            *provenance,
            FieldSpec("questions", "Questions", "tags", questions),
            evidence,
        ),
        "outcomes": (
            FieldSpec(
                "level",
                "Level",
                "dropdown",
                tuple((lv.title, lv.id) for lv in framework.levels_of_change),
            ),
            FieldSpec("status", "Status", "dropdown", choices(OUTCOME_STATUS)),
            FieldSpec("description", "Description", "textarea"),
            evidence,
        ),
        "cmo": (
            FieldSpec("id", "Id", placeholder="e.g. cmo_film"),
            FieldSpec("context", "Context", "textarea"),
            FieldSpec("mechanism", "Mechanism", "textarea"),
            FieldSpec(
                "mechanism_code",
                "Mechanism code",
                placeholder="short shared label, e.g. emotive_film_bridge",
            ),
            FieldSpec("resource", "Resource", "textarea", placeholder="what the process offers"),
            FieldSpec("reasoning", "Reasoning", "textarea", placeholder="how people respond"),
            FieldSpec("outcome", "Outcome", "textarea"),
            FieldSpec("outcome_code", "Outcome code", placeholder="short shared label"),
            FieldSpec(
                "outcome_direction",
                "Direction",
                "dropdown",
                choices(OUTCOME_DIRECTION, NOT_RECORDED),
            ),
            FieldSpec(
                "outcome_level",
                "Level",
                "dropdown",
                ((NOT_RECORDED, None), *((lv.title, lv.id) for lv in framework.levels_of_change)),
            ),
            *provenance,
            FieldSpec("confidence", "Confidence", "dropdown", choices(CONFIDENCE, NOT_RECORDED)),
            FieldSpec(
                "power", "Power", "tags", tuple((d.id, d.id) for d in framework.power_dimensions)
            ),
            FieldSpec("questions", "Questions", "tags", questions),
            evidence,
        ),
    }


TEXT_FIELDS = (
    ("id", "Case id"),
    ("title", "Title"),
    ("short_title", "Short title"),
    ("coder", "Coder"),
    ("coded_on", "Coded on"),
    ("sector", "Sector"),
    ("setting", "Setting"),
    ("approach", "Approach"),
    ("citation", "Citation"),
)
PRACTICES = choices(PRACTICE, "practice: —")
"""Choices of the case's ``practice`` (what the source calls the process)."""

RAISED_QUALIFIERS = tuple(
    zip(("exactly N", "at least N", "over N (more than N)"), RAISED_QUALIFIER.values, strict=True)
)
"""How the source words its count of issues raised ("From over 36 different issues")."""


DISPUTED = (
    "coders disagree here; decide it in the ConsensusEditor (casebench.widgets.ConsensusEditor) "
    "before editing the case"
)


def check_editable(document: yamlio.Document, name: str) -> None:
    """Refuse (with the place) a draft whose shape the form cannot show without losing part
    of it: e.g. an assessment or evidence list that is not a mapping or a list of mappings."""
    data = document.data
    problems: list[tuple[tuple[str | int, ...], str]] = []

    def records(value: Any, where: tuple[str | int, ...]) -> None:
        if value is None:
            return
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            problems.append((where, "must be a list of mappings for the editor to show it"))

    assessments = data.get("assessments", {})
    if not isinstance(assessments, dict):
        problems.append((("assessments",), "must be a mapping of question ids"))
        assessments = {}
    for qid, assessment in assessments.items():
        if not isinstance(assessment, dict):
            problems.append((("assessments", qid), "must be a mapping (rating, memo, ...)"))
        elif assessment.get("status") == "disputed":
            problems.append((("assessments", qid, "status"), DISPUTED))
        else:
            records(assessment.get("evidence"), ("assessments", qid, "evidence"))
    if data.get("disagreements"):
        problems.append((("disagreements",), DISPUTED))
    for key in ("sources", "power", "outcomes", "cmo"):
        records(data.get(key), (key,))
        for i, item in enumerate(data.get(key) or []):
            if isinstance(item, dict) and "evidence" in item:
                records(item["evidence"], (key, i, "evidence"))
    for key in ("period", "issues", "framework"):
        if key in data and not isinstance(data[key], dict):
            problems.append(((key,), "must be a mapping"))
    if problems:
        raise InputError(
            [
                Problem(
                    name,
                    message if message == DISPUTED else message + "; fix it in the file first",
                    field=dotted(where),
                    line=document.locate(where)[0],
                    column=document.locate(where)[1],
                )
                for where, message in problems
            ]
        )
