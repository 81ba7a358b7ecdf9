"""The guided case file ``casebench new`` writes: a blank case that reads like a form.

Every field of a case is there with an empty value a valid draft may hold, and comments say
what goes where: each question's text, kind, what its answer must be (scale points with their
labels, option ids with theirs) and guidance; the allowed ids of every closed vocabulary; and
commented examples of a data source, a power observation, an outcome and a CMO configuration.
Comments survive every save (``caseio.save_case`` keeps them), so the form stays readable as
it is filled in.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

from casebench import yamlio
from casebench.caseio import schema_comment
from casebench.models.answers import expected_answer
from casebench.models.case import CASE_FORMAT
from casebench.models.framework import Framework, Question
from casebench.models.vocabulary import (
    CONFIDENCE,
    MODE,
    OUTCOME_DIRECTION,
    OUTCOME_STATUS,
    PRACTICE,
    PROVENANCE,
    RAISED_QUALIFIER,
    SOURCE_KIND,
    STATUS,
    Vocabulary,
)
from casebench.reference import section_labels

WIDTH = 96
COMMENT_COLUMN = 30
"""Where the end-of-line comments of fields start."""


def _one_of(vocabulary: Vocabulary) -> str:
    values = vocabulary.values
    return ", ".join(values[:-1]) + f" or {values[-1]}"


def _scalar(value: Any) -> str:
    """A value as YAML writes it (quoted where needed), for a line built here."""
    return yamlio.dumps({"v": value}).removeprefix("v:").strip()


def _comment(text: str, indent: int, hang: int = 2) -> list[str]:
    """``text`` as comment lines, wrapped to the width."""
    lead = " " * indent + "# "
    return textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=lead,
        subsequent_indent=lead + " " * hang,
        break_on_hyphens=False,
    ) or [lead.rstrip()]


def _noted(line: str, note: str, prefix: str = "") -> list[str]:
    """``line  # note``, the note wrapped onto comment lines below it when long (``prefix``
    starts those lines, "#" inside a commented example)."""
    if not note:
        return [line]
    column = max(COMMENT_COLUMN, len(line) + 2)
    parts = textwrap.wrap(note, WIDTH - column - 2, break_on_hyphens=False) or [""]
    lines = [line.ljust(column) + "# " + parts[0]]
    lines += [(prefix.ljust(column) if prefix else " " * column) + "# " + p for p in parts[1:]]
    return lines


def _field(key: str, value: Any, indent: int, note: str = "") -> list[str]:
    """``key: value  # note`` (no value: ``key:``, an empty field)."""
    line = f"{' ' * indent}{key}:"
    if value is not None:
        line += f" {_scalar(value)}"
    return _noted(line, note)


def _question(question: Question, framework: Framework) -> list[str]:
    """The comment block and empty fields of one question."""
    lines = [*_comment(f"{question.id} ({question.kind}): {question.text}", 2)]
    if question.kind == "scale":
        scale = framework.scale_for(question)
        points = "; ".join(f"{lv.value} {lv.label}" for lv in scale.levels)
        lines += _comment(f"Rating: {points}", 2)
    elif question.kind == "choice":
        options = "; ".join(f"{o.id} ({o.label})" for o in question.options)
        lines += _comment(f"Options: {options}", 2)
    if question.guidance:
        lines += _comment(f"Guidance: {question.guidance}", 2)
    lines.append(f"  {question.id}:")
    status = "assessed, absent (looked for, not found) or not_assessed"
    lines += _field("status", "not_assessed", 4, status)
    key = "rating" if question.kind == "scale" else "answer"
    wanted = expected_answer(question, framework)
    lines += _field(key, None, 4, f"{wanted}; then set status: assessed")
    lines += _field("confidence", None, 4, _one_of(CONFIDENCE))
    lines += _field("memo", "", 4, "why this judgement")
    lines += _field("evidence", [], 4, '- {quote: "...", attribution: "who said it"}')
    return lines


def _example(title: str, fields: list[tuple[str, str, str]], key: str) -> list[str]:
    """A commented example item of a list, then the empty list itself."""
    lines = _comment(title, 0)
    for n, (name, value, note) in enumerate(fields):
        lead = "#   - " if n == 0 else "#     "
        lines += _noted(f"{lead}{name}: {value}", note, prefix="#")
    return [*lines, f"{key}: []"]


def _lists(framework: Framework) -> list[str]:
    dimensions = "; ".join(f"{d.id} ({d.title})" for d in framework.power_dimensions)
    levels = "; ".join(f"{lv.id} ({lv.title})" for lv in framework.levels_of_change)
    dimension = framework.power_dimension_ids[0] if framework.power_dimensions else "..."
    level = framework.level_ids[0] if framework.levels_of_change else "..."
    provenance = f"{_one_of(PROVENANCE)}: does the source say so, or do you?"
    lines = [""]
    if framework.power_dimensions:
        lines += _comment(f"Dimensions of power: {dimensions}", 0)
    lines += _example(
        "power: each observation of a dimension of power at work. One item:",
        [
            ("dimension", dimension, f"one of {', '.join(framework.power_dimension_ids)}"),
            ("mode", MODE.values[0], _one_of(MODE)),
            ("description", '"..."', "what happened"),
            ("provenance", PROVENANCE.values[0], provenance),
            ("derived_from", '"..."', "where in the source it comes from"),
            ("questions", "[]", "related question ids"),
            ("evidence", "[]", "quotes, as for a question"),
        ],
        "power",
    )
    lines.append("")
    if framework.levels_of_change:
        lines += _comment(f"Levels of change: {levels}", 0)
    lines += _example(
        "outcomes: each change (or change that did not happen) at one level. One item:",
        [
            ("level", level, f"one of {', '.join(framework.level_ids)}"),
            ("description", '"..."', "what changed"),
            ("status", OUTCOME_STATUS.values[0], _one_of(OUTCOME_STATUS)),
            ("evidence", "[]", "quotes, as for a question"),
        ],
        "outcomes",
    )
    lines += [
        "",
        *_comment("issues: issues participants raised, and how many were acted on.", 0),
        "issues:",
        *_field("raised", None, 2, "a whole number, e.g. 36"),
        *_field(
            "raised_qualifier",
            RAISED_QUALIFIER.values[0],
            2,
            f"{_one_of(RAISED_QUALIFIER)}: the source's word for the number",
        ),
        *_field("acted_on", None, 2, "a whole number, at most raised"),
        *_field("note", "", 2),
        "",
    ]
    lines += _example(
        "cmo: context-mechanism-outcome configurations (Pawson and Tilley 1997). One item:",
        [
            ("id", "cmo_1", "a short id, unique in this case"),
            ("context", '"..."', ""),
            ("context_conditions", "[]", '- {tag: short_tag, text: "...", present: true}'),
            ("mechanism", '"..."', ""),
            ("mechanism_code", "short_label", "shared across cases for the same mechanism"),
            ("resource", '"..."', "what the process offers"),
            ("reasoning", '"..."', "how people respond to it"),
            ("outcome", '"..."', ""),
            ("outcome_code", "short_label", "shared across cases for the same outcome"),
            ("outcome_direction", OUTCOME_DIRECTION.values[0], _one_of(OUTCOME_DIRECTION)),
            ("outcome_level", level, f"one of {', '.join(framework.level_ids)}"),
            ("provenance", PROVENANCE.values[1], provenance),
            ("derived_from", '"..."', "where in the source its parts come from"),
            ("confidence", CONFIDENCE.values[1], _one_of(CONFIDENCE)),
            ("power", "[]", "dimension ids it bears on"),
            ("questions", "[]", "related question ids"),
            ("evidence", "[]", "quotes, as for a question"),
        ],
        "cmo",
    )
    return lines


def _header(framework: Framework, target: Path | None) -> list[str]:
    fid = framework.id
    intro = (
        f"A new case coded against {fid} {framework.version}: {framework.title}. Written by "
        "`casebench new` as a form: every field below is valid as it stands; fill in what "
        "the source supports. A question stays status: not_assessed until you judge it: then "
        "set status: assessed and give its rating or answer, or set status: absent when you "
        "looked and found no such practice. Back every judgement with evidence (quotes) or a "
        "memo. Comments like these are kept when casebench saves the file. "
        f"`casebench framework {fid}` prints every question, scale point and id in full; "
        "`casebench validate --warnings FILE` checks the case as you go."
    )
    return [
        f"# {schema_comment(target, fid)}",
        "#",
        *_comment(intro, 0, hang=0),
    ]


def _details(
    case_id: str, title: str, framework: Framework, coder: str, today: dt.date
) -> list[str]:
    sources = [
        ("kind", SOURCE_KIND.values[0], f"one of {', '.join(SOURCE_KIND.values)}"),
        ("count", "25", "how many"),
        ("participants", "{staff: 17, patients: 7}", "how many took part, by role"),
        ("description", '"..."', ""),
    ]
    return [
        *_field("format", CASE_FORMAT, 0),
        *_field("id", case_id, 0),
        *_field("title", title, 0),
        "framework:",
        *_field("id", framework.id, 2),
        *_field("version", framework.version, 2),
        *_field("draft", True, 0, "remove this line when the coding is complete"),
        *_field("coder", coder, 0, "who codes the case"),
        *_field("coded_on", today.isoformat(), 0, "the date of coding, YYYY-MM-DD"),
        *_field("sector", "", 0, "e.g. health, local government"),
        *_field("setting", "", 0, "where, e.g. two large hospitals in an urban area"),
        *_field("approach", "", 0, "e.g. experience-based co-design (EBCD)"),
        *_field("practice", None, 0, f"{_one_of(PRACTICE)}, as the source describes it"),
        *_field("interests", "", 0, "whose interests the process served, as you read it"),
        "period:",
        *_field("months", None, 2, "how long the case was followed, in months"),
        *_field("start", "", 2, "e.g. 2014-03"),
        *_field("end", "", 2),
        *_field("description", "", 2),
        *_field("citation", "", 0, "the source the case is coded from"),
        *_field("summary", "", 0, "a paragraph on the case"),
        "",
        *_example(
            "sources: each kind of data the analysis rests on. One item:", sources, "sources"
        ),
    ]


def guided_case_text(
    case_id: str,
    title: str,
    framework: Framework,
    *,
    coder: str = "",
    today: dt.date | None = None,
    target: Path | None = None,
) -> str:
    """The text of a guided blank case (``target``: where it will be saved, for the schema
    line's relative path)."""
    today = today or dt.date.today()
    lines = _header(framework, target)
    lines += _details(case_id, title, framework, coder, today)
    lines += ["", *_comment(f"Statuses: {_one_of(STATUS)}.", 0)]
    for scale_id, scale in framework.scales.items():
        lines += _comment(f"Scale {scale_id}: {scale.title}. {scale.description}", 0)
        for level in scale.levels:
            lines += _comment(f"  {level.value} {level.label}: {level.description}", 0, hang=4)
    lines.append("assessments:")
    labels = section_labels(framework)
    for section in framework.sections:
        rule = "  # " + "=" * (WIDTH - 4)
        lines += ["", rule, *_comment(f"{labels[section.id]} ({section.id})", 2), rule]
        current = None
        for subsection, question in section.iter_questions():
            if subsection is not None and subsection is not current:
                current = subsection
                lines += ["", *_comment(f"--- {subsection.title}", 2)]
            elif lines[-1] != rule:
                lines.append("")
            lines += _question(question, framework)
    lines += _lists(framework)
    return "\n".join(line.rstrip() for line in lines) + "\n"


__all__ = ["guided_case_text"]
