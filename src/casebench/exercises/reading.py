"""Course part 1, reading the framework: which section does a question belong to, and which
dimension of power is it tied to? The answers come from the framework itself (any framework
works); the feedback quotes the paper where ``paper_quotes.yaml`` has a passage for the
framework, and the framework's own descriptions otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from casebench import yamlio
from casebench.exercises.feedback import Feedback, feedback, sentence
from casebench.models.framework import Framework, Question, Section


@dataclass(frozen=True)
class ReadingItem:
    """One question of the quiz: place ``question`` in a section, or name its dimension."""

    id: str
    question: Question
    asks: str  # "section" | "power"
    prompt: str
    options: tuple[tuple[str, str], ...]  # (label, value)
    answer: str


@functools.cache
def _paper_quotes() -> dict[str, Any]:
    source = resources.files("casebench.exercises") / "paper_quotes.yaml"
    with resources.as_file(source) as path:
        return yamlio.read(path).data


def paper_quote(framework: Framework, kind: str, key: str) -> str:
    """The paper's passage on a section or dimension, with where it stands, or ""."""
    entry = _paper_quotes().get(framework.id, {})
    found = entry.get(kind, {}).get(key)
    if not found:
        return ""
    return f"“{found['quote'].strip()}” ({entry['source']}, line {found['line']})"


def _first_part(framework: Framework) -> list[Section]:
    """The sections of the framework's first part (Figure 1 in Farr 2017), or all of them."""
    part = framework.sections[0].part
    return [s for s in framework.sections if s.part == part] if part else list(framework.sections)


def _plain_questions(section: Section, framework: Framework) -> list[Question]:
    """Scale questions of a section that restate none and that none restates: each belongs
    to its section alone."""
    repeated = {info.question.repeats for info in framework.questions.values()}
    return [
        q
        for _, q in section.iter_questions()
        if q.kind == "scale" and q.repeats is None and q.id not in repeated
    ]


def reading_quiz(framework: Framework) -> list[ReadingItem]:
    """One section item per section of the first part, and one item per dimension of power
    (the first question tied to it, preferring a tie the source makes itself)."""
    sections = _first_part(framework)
    section_options = tuple((s.title, s.id) for s in sections)
    items = []
    for section in sections:
        plain = _plain_questions(section, framework)
        if not plain:
            continue
        question = plain[len(plain) // 2]
        items.append(
            ReadingItem(
                f"section.{question.id}",
                question,
                "section",
                f"Which section holds the question “{question.text.strip()}”",
                section_options,
                section.id,
            )
        )
    dimension_options = tuple((d.title, d.id) for d in framework.power_dimensions)
    for dimension in framework.power_dimensions:
        tied = [
            i.question for i in framework.questions.values() if dimension.id in i.question.power
        ]
        if not tied:
            continue
        question = sorted(tied, key=lambda q: bool(q.power_by))[0]
        items.append(
            ReadingItem(
                f"power.{question.id}",
                question,
                "power",
                f"Which dimension of power is the question “{question.text.strip()}” tied to",
                dimension_options,
                dimension.id,
            )
        )
    return items


def _section_feedback(item: ReadingItem, given: str, framework: Framework) -> Feedback:
    sections = {s.id: s for s in framework.sections}
    titles = "; ".join(f"“{label}”" for label, _ in item.options)
    asks = f"the question “{item.question.text.strip()}”"
    if not given:
        return feedback(
            item.id,
            "not answered",
            "Not answered yet",
            f"{asks} and the section headings: {titles}",
            "Each section gathers the questions about one side of a co-production process; "
            "ask which side this question is about.",
        )
    if given not in sections:
        return feedback(
            item.id,
            "look again",
            f"{given!r} is not a section of {framework.id}",
            f"the section headings: {titles}",
            "Choose one of them: each gathers the questions about one side of the process.",
        )
    if given == item.answer:
        section = sections[given]
        quote = paper_quote(framework, "sections", given) or sentence(section.citation)
        siblings = [q for q in _plain_questions(section, framework) if q.id != item.question.id]
        look = (
            f"the section's other questions, such as “{siblings[0].text.strip()}”"
            if siblings
            else (f"the section “{section.title}”")
        )
        return feedback(
            item.id,
            "matches",
            f"Yes: it sits in “{section.title}”",
            look,
            f"The paper: {quote}",
        )
    chosen = sections[given]
    others = "; ".join(f"“{label}”" for label, value in item.options if value != given)
    quote = paper_quote(framework, "sections", given)
    described = f" The paper on this side of co-production: {quote}" if quote else ""
    return feedback(
        item.id,
        "look again",
        f"Not in “{chosen.title}”",
        f"{asks} and what it is about",
        f"“{chosen.title}” gathers questions such as "
        f"“{_plain_questions(chosen, framework)[0].text.strip()}”.{described} "
        f"Which of the other headings fits better: {others}?",
    )


def _power_feedback(item: ReadingItem, given: str, framework: Framework) -> Feedback:
    dimensions = {d.id: d for d in framework.power_dimensions}
    question = item.question
    guidance = f" and its guidance “{question.guidance.strip()}”" if question.guidance else ""
    words = f"the question's words “{question.text.strip()}”{guidance}"
    if not given or given not in dimensions:
        lead = "Not answered yet" if not given else f"{given!r} is not a dimension of power here"
        listed = " ".join(
            f"{d.title}: {sentence(d.description.strip())}" for d in dimensions.values()
        )
        return feedback(item.id, "not answered" if not given else "look again", lead, words, listed)
    if given == item.answer:
        dimension = dimensions[given]
        quote = paper_quote(framework, "power_dimensions", given) or sentence(
            dimension.description.strip()
        )
        by = (
            f" The tie is {question.power_by}'s attribution; the paper itself makes it elsewhere."
            if question.power_by
            else ""
        )
        return feedback(
            item.id,
            "matches",
            f"Yes: {dimension.title}",
            f"where the tie comes from: {sentence(question.citation.strip())}",
            f"The paper: {quote}{by}",
        )
    chosen = dimensions[given]
    quote = paper_quote(framework, "power_dimensions", given) or f"“{chosen.description.strip()}”"
    return feedback(
        item.id,
        "look again",
        f"Not {chosen.title}",
        words,
        f"The paper describes the {chosen.title.split(' (')[0].lower()} this way: {quote} "
        "Does the question ask about that? Read the other dimensions' descriptions.",
    )


def mark_reading(
    answers: Mapping[str, str | None], items: list[ReadingItem], framework: Framework
) -> list[Feedback]:
    """Feedback on every item (unanswered ones say where to look)."""
    out = []
    for item in items:
        given = answers.get(item.id) or ""
        mark = _section_feedback if item.asks == "section" else _power_feedback
        out.append(mark(item, str(given), framework))
    return out
