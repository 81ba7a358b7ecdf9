"""The framework reference as plain data: everything a coder needs to know to fill in a case.

One structure (JSON-able dicts and lists, in framework order) that every format renders: the
framework's description, its scales with every point, each section and question (kind, text,
what an answer must be, options, guidance, ties to dimensions of power, citations and who
attributes each work, restated questions), the power dimensions, the levels of change, and
the case model's closed vocabularies (statuses, confidences, source kinds, modes ...).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from casebench.models.answers import allowed_values, expected_answer
from casebench.models.framework import Framework, Question, Section, Subsection, sources_text
from casebench.models.vocabulary import VOCABULARIES

REFERENCE_FORMAT = 1
"""Version of the JSON this module produces (``casebench framework --format json``)."""


def section_labels(framework: Framework) -> dict[str, str]:
    """Section id -> a title that tells it apart: a title two sections share gets the part of
    the framework it belongs to (or its id) in brackets, as the charts label it."""
    counts = Counter(s.title for s in framework.sections)
    return {
        s.id: s.title if counts[s.title] == 1 else f"{s.title} ({s.part or s.id})"
        for s in framework.sections
    }


def _question(
    question: Question, framework: Framework, section: Section, subsection: Subsection | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": question.id,
        "kind": question.kind,
        "text": question.text,
        "section": section.id,
        "subsection": subsection.id if subsection else None,
        "expected": expected_answer(question, framework),
        "allowed": allowed_values(question, framework),
        "scale": (question.scale or framework.default_scale) if question.kind == "scale" else None,
        "options": [{"id": o.id, "label": o.label} for o in question.options],
        "multiple": question.multiple,
        "minimum": question.minimum,
        "maximum": question.maximum,
        "unit": question.unit,
        "guidance": question.guidance,
        "power": list(question.power),
        "power_by": question.power_by,
        "citation": question.citation,
        "draws_on": list(question.draws_on),
        "draws_on_by": question.draws_on_by,
        "repeats": question.repeats,
        "sources": sources_text(question),
    }
    return out


def _section(section: Section, framework: Framework, label: str) -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    if section.questions:
        groups.append({"id": None, "title": None, "title_by": "", "questions": []})
        groups[0]["questions"] = [_question(q, framework, section, None) for q in section.questions]
    for sub in section.subsections:
        groups.append(
            {
                "id": sub.id,
                "title": sub.title,
                "title_by": sub.title_by,
                "questions": [_question(q, framework, section, sub) for q in sub.questions],
            }
        )
    return {
        "id": section.id,
        "title": section.title,
        "label": label,
        "title_by": section.title_by,
        "part": section.part,
        "citation": section.citation,
        "groups": groups,
    }


def framework_reference(framework: Framework) -> dict[str, Any]:
    """The reference of ``framework`` as plain data (what ``--format json`` prints)."""
    labels = section_labels(framework)
    return {
        "reference_format": REFERENCE_FORMAT,
        "id": framework.id,
        "version": framework.version,
        "title": framework.title,
        "citation": framework.citation,
        "description": framework.description,
        "default_scale": framework.default_scale,
        "scales": {
            scale_id: {
                "id": scale_id,
                "title": scale.title,
                "description": scale.description,
                "rationale": scale.rationale,
                "limits": scale.limits,
                "levels": [
                    {"value": lv.value, "label": lv.label, "description": lv.description}
                    for lv in scale.levels
                ],
            }
            for scale_id, scale in framework.scales.items()
        },
        "sections": [_section(s, framework, labels[s.id]) for s in framework.sections],
        "power_dimensions": [d.model_dump() for d in framework.power_dimensions],
        "levels_of_change": [lv.model_dump() for lv in framework.levels_of_change],
        "vocabularies": {
            name: {
                "noun": v.noun,
                "field": v.field,
                "values": [{"value": value, "meaning": meaning} for value, meaning in v.terms],
            }
            for name, v in VOCABULARIES.items()
        },
    }


def questions_of(reference: dict[str, Any]) -> list[dict[str, Any]]:
    """Every question of a reference, in order."""
    return [q for s in reference["sections"] for g in s["groups"] for q in g["questions"]]


__all__ = ["REFERENCE_FORMAT", "framework_reference", "questions_of", "section_labels"]
