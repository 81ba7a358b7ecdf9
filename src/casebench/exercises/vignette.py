"""Vignettes: short fictional cases with a reference coding, bundled or a lecturer's own file.

A vignette is resolved against its framework: each coded question comes with the framework's
question (text, guidance, scale), its section, the reference judgement, the quotes and reason
behind it and why each neighbouring judgement is less defensible.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from casebench.errors import InputError
from casebench.exercises.vignette_file import ABSENT, VignetteFile, read_vignette_file
from casebench.models.case import Assessment, Case, CmoConfiguration, Evidence, FrameworkRef
from casebench.models.framework import Framework, Question, Scale, Section

DEFAULT = "riverside_libraries"
REFERENCE_CODER = "reference coding"

Answer = int | str | None
"""A rating, ``"absent"``, or None for not answered."""


@dataclass(frozen=True)
class VignetteQuestion:
    """One question of the vignette with its reference judgement and the reasons for it."""

    question: Question
    section: Section
    scale: Scale
    reference: int | str  # a rating, or ABSENT
    cue: str
    why: str
    evidence: tuple[Evidence, ...]
    neighbours: dict[int | str, str]

    def words(self, judgement: int | str) -> str:
        """A judgement in the framework's words: ``1 – Mostly constraining`` or absent."""
        if judgement == ABSENT:
            return "absent (looked for, not found)"
        try:
            return f"{judgement} – {self.scale.label(int(judgement))}"
        except (KeyError, TypeError, ValueError):
            return repr(judgement)


@dataclass(frozen=True)
class Vignette:
    """A vignette resolved against its framework (see the module docstring)."""

    id: str
    title: str
    sector: str
    fictional: bool
    text: str
    framework: Framework
    questions: tuple[VignetteQuestion, ...]
    examples: tuple[CmoConfiguration, ...]
    source: str

    def question(self, question_id: str) -> VignetteQuestion:
        return next(item for item in self.questions if item.question.id == question_id)

    def sections(self) -> list[tuple[Section, list[VignetteQuestion]]]:
        """The framework sections the vignette codes, with its questions, both in the
        framework's order (the order the editor shows them in)."""
        order = {qid: i for i, qid in enumerate(self.framework.questions)}
        out = []
        for section in self.framework.sections:
            items = [q for q in self.questions if q.section.id == section.id]
            items.sort(key=lambda q: order[q.question.id])
            if items:
                out.append((section, items))
        return out

    def focused_framework(self) -> Framework:
        """The framework (same id and version) showing only the vignette's questions, so that
        a student's editor lists exactly what the vignette asks."""
        keep = {item.question.id for item in self.questions}
        data = self.framework.model_dump()
        sections = []
        for section in data["sections"]:
            section["questions"] = [q for q in section["questions"] if q["id"] in keep]
            for sub in section["subsections"]:
                sub["questions"] = [q for q in sub["questions"] if q["id"] in keep]
            section["subsections"] = [s for s in section["subsections"] if s["questions"]]
            if section["questions"] or section["subsections"]:
                sections.append(section)
        for section in sections:
            for q in [
                *section["questions"],
                *(q for s in section["subsections"] for q in s["questions"]),
            ]:
                if q["repeats"] not in keep:
                    q["repeats"] = None
        return Framework.model_validate(data | {"sections": sections})

    def reference_case(self) -> Case:
        """The reference coding as a case (coder ``reference coding``), for agreement."""
        assessments = {
            item.question.id: Assessment(
                status="absent" if item.reference == ABSENT else "assessed",
                rating=None if item.reference == ABSENT else int(item.reference),
                memo=item.why,
                evidence=list(item.evidence),
            )
            for item in self.questions
        }
        return Case(
            id=self.id,
            title=self.title,
            coder=REFERENCE_CODER,
            framework=FrameworkRef(id=self.framework.id, version=self.framework.version),
            sector=self.sector,
            assessments=assessments,
        )


def bundled_vignette_ids() -> list[str]:
    """Ids of the vignettes shipped with casebench."""
    folder = resources.files("casebench.exercises") / "vignettes"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def _resolve(data: VignetteFile, framework: Framework, source: str) -> Vignette:
    attribution = f"Vignette: {data.title}" + (" (fictional)" if data.fictional else "")
    questions = []
    for item in data.questions:
        info = framework.questions[item.id]
        questions.append(
            VignetteQuestion(
                question=info.question,
                section=info.section,
                scale=framework.scale_for(info.question),
                reference=item.reference,
                cue=item.cue,
                why=item.why,
                evidence=tuple(
                    Evidence(quote=q.quote, attribution=q.attribution or attribution)
                    for q in item.evidence
                ),
                neighbours=dict(item.neighbours),
            )
        )
    examples = tuple(
        CmoConfiguration(
            id=example.id,
            context=example.context,
            mechanism=example.mechanism,
            mechanism_code=example.mechanism_code,
            outcome=example.outcome,
            provenance="constructed",
            evidence=[
                Evidence(quote=q.quote, attribution=q.attribution or attribution)
                for q in example.evidence
            ],
        )
        for example in data.cmo
    )
    return Vignette(
        id=data.id,
        title=data.title,
        sector=data.sector,
        fictional=data.fictional,
        text=data.text,
        framework=framework,
        questions=tuple(questions),
        examples=examples,
        source=source,
    )


_cache: dict[str, Vignette] = {}


def load_vignette(name_or_path: str | Path = DEFAULT) -> Vignette:
    """A bundled vignette by id (``"riverside_libraries"``), or a lecturer's vignette file.

    A bad file raises :class:`InputError` with every problem located (file, line, field)."""
    key = str(name_or_path)
    if key in _cache:
        return _cache[key]
    if key in bundled_vignette_ids():
        source = resources.files("casebench.exercises") / "vignettes" / f"{key}.yaml"
        with resources.as_file(source) as path:
            data, framework = read_vignette_file(path)
    else:
        path = Path(key)
        if not path.is_file():
            known = ", ".join(bundled_vignette_ids())
            raise InputError.single(
                key, f"no such vignette file, and no bundled vignette of that id (bundled: {known})"
            )
        data, framework = read_vignette_file(path)
    vignette = _resolve(data, framework, key)
    if key in bundled_vignette_ids():
        _cache[key] = vignette  # a lecturer's file is read afresh: it may have been edited
    return vignette


def answers_from_case(
    data: dict[str, Any] | Case,
) -> tuple[dict[str, Answer], dict[str, list[str]]]:
    """A student's judgements (rating, ``"absent"`` or None) and evidence quotes, per question,
    from case data as the editor holds it (or a case read from a file)."""
    if isinstance(data, Case):
        data = data.model_dump(mode="json")
    assessments = data.get("assessments") or {}
    answers: dict[str, Answer] = {}
    quotes: dict[str, list[str]] = {}
    if not isinstance(assessments, dict):
        return answers, quotes
    for qid, assessment in assessments.items():
        if not isinstance(assessment, dict):
            continue
        status = assessment.get("status", "assessed")
        if status == "absent":
            answers[qid] = ABSENT
        elif status == "assessed" and assessment.get("rating") is not None:
            answers[qid] = assessment["rating"]
        else:
            answers[qid] = None
        evidence = assessment.get("evidence") or []
        quotes[qid] = [
            str(e.get("quote", "")) for e in evidence if isinstance(e, dict) and e.get("quote")
        ]
    return answers, quotes
