"""What the case editor shows besides the questions: the case's lists (sources, power
observations, outcomes, CMO configurations) as field specs, and the check that a draft's shape
can be shown in the form at all."""

from __future__ import annotations

from typing import Any, get_args

from casebench import yamlio
from casebench.errors import InputError, Problem, dotted
from casebench.models.case import OutcomeDirection, SourceKind
from casebench.models.framework import Framework
from casebench.widgets.records import EVIDENCE_FIELDS, FieldSpec

SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
DIRECTIONS: tuple[str, ...] = get_args(OutcomeDirection)
NOT_RECORDED = ("(not recorded)", None)
"""The first choice of an optional dropdown: nothing is written for it."""


def _optional(values: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
    return (NOT_RECORDED, *((v.replace("_", " "), v) for v in values))


def list_specs(framework: Framework) -> dict[str, tuple[FieldSpec, ...]]:
    """Field specs of the case's lists, with the framework's own ids as the choices."""
    questions = tuple((qid, qid) for qid in framework.questions)
    evidence = FieldSpec("evidence", "Evidence", "evidence", nested=EVIDENCE_FIELDS)
    provenance = (
        FieldSpec(
            "provenance",
            "Provenance",
            "dropdown",
            (
                ("— say whose —", None),
                ("stated by the source", "stated"),
                ("constructed by the coder", "constructed"),
            ),
        ),
        FieldSpec("derived_from", "Derived from", placeholder="where in the source, e.g. lines"),
    )
    return {
        "sources": (
            FieldSpec("kind", "Kind", "dropdown", tuple((k, k) for k in SOURCE_KINDS)),
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
            FieldSpec(
                "mode",
                "Mode",
                "dropdown",
                (("domination", "domination"), ("empowerment", "empowerment")),
            ),
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
            FieldSpec(
                "status",
                "Status",
                "dropdown",
                (
                    ("achieved", "achieved"),
                    ("partial", "partial"),
                    ("not achieved", "not_achieved"),
                ),
            ),
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
            FieldSpec("outcome_direction", "Direction", "dropdown", _optional(DIRECTIONS)),
            FieldSpec(
                "outcome_level",
                "Level",
                "dropdown",
                (NOT_RECORDED, *((lv.title, lv.id) for lv in framework.levels_of_change)),
            ),
            *provenance,
            FieldSpec("confidence", "Confidence", "dropdown", _optional(("low", "medium", "high"))),
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
PRACTICES = (
    ("practice: —", None),
    ("co-production", "co_production"),
    ("co-design", "co_design"),
    ("both", "both"),
)
"""Choices of the case's ``practice`` (what the source calls the process)."""

RAISED_QUALIFIERS = (
    ("exactly N", "exactly"),
    ("at least N", "at_least"),
    ("over N (more than N)", "over"),
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
