"""The framework as a REFI-QDA codebook (``.qdc``, QDA-XML codebook 1.0, REFI-QDA 1.5 §5).

One Code per section, subsection and question, nested in that order. Sections and
subsections are headings (``isCodable="false"``); questions are the codes a team codes
transcripts with in NVivo, ATLAS.ti or MAXQDA. Every GUID is a UUID 5 of the framework id and
the item's id, so exporting again (or from another machine) gives the same GUIDs, and a coded
project maps back to the questions whatever the codes were renamed to.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from casebench.models.framework import Framework, Question, sources_text

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"

GUID_NAMESPACE = uuid.UUID("333bfe77-26c9-5dea-bce8-7e48532a1989")
"""``uuid5(NAMESPACE_URL, "urn:casebench:refi-qda:codebook")``: never change it, or coded
projects stop matching their questions."""

_PALETTE = ("#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F")
_NAME_LENGTH = 90


def code_guid(framework_id: str, kind: str, item_id: str) -> str:
    """The stable GUID of a section, subsection or question (``kind``) of a framework."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{framework_id}/{kind}/{item_id}"))


def question_guids(framework: Framework) -> dict[str, str]:
    """GUID -> question id, for every question of the framework."""
    return {code_guid(framework.id, "question", qid): qid for qid in framework.questions}


def heading_guids(framework: Framework) -> dict[str, str]:
    """GUID -> title, for the section and subsection headings (not codable)."""
    out = {}
    for section in framework.sections:
        out[code_guid(framework.id, "section", section.id)] = section.title
        for sub in section.subsections:
            out[code_guid(framework.id, "subsection", f"{section.id}/{sub.id}")] = sub.title
    return out


def question_code_name(question: Question) -> str:
    """``si_trust: How does trust develop ...``: the id first, so a coder can cite it."""
    text = " ".join(question.text.split())
    if len(text) > _NAME_LENGTH:
        text = text[: _NAME_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return f"{question.id}: {text}"


def _description(question: Question) -> str:
    parts = [question.text.strip()]
    if question.guidance.strip():
        parts.append(question.guidance.strip())
    parts.append(f"Source: {sources_text(question)}")
    return "\n\n".join(parts)


def codebook_tree(framework: Framework, namespace: str = CODEBOOK_NS):  # -> lxml _Element
    """The ``<CodeBook>`` element (in ``namespace``, so a project file can embed it too)."""
    from lxml import etree

    def element(parent, tag: str, **attrs: str):
        return etree.SubElement(parent, f"{{{namespace}}}{tag}", attrs)

    book = etree.Element(f"{{{namespace}}}CodeBook", nsmap={None: namespace})
    if namespace == CODEBOOK_NS:
        book.set("origin", f"casebench ({framework.id} {framework.version})")
    codes = element(book, "Codes")
    for i, section in enumerate(framework.sections):
        colour = _PALETTE[i % len(_PALETTE)]
        heading = element(
            codes,
            "Code",
            guid=code_guid(framework.id, "section", section.id),
            name=f"{section.title} [{section.id}]",
            isCodable="false",
            color=colour,
        )
        if section.citation:
            element(heading, "Description").text = section.citation
        groups = [(None, section.questions)] + [(s, s.questions) for s in section.subsections]
        for sub, questions in groups:
            parent = heading
            if sub is not None:
                parent = element(
                    heading,
                    "Code",
                    guid=code_guid(framework.id, "subsection", f"{section.id}/{sub.id}"),
                    name=sub.title,
                    isCodable="false",
                    color=colour,
                )
            for question in questions:
                code = element(
                    parent,
                    "Code",
                    guid=code_guid(framework.id, "question", question.id),
                    name=question_code_name(question),
                    isCodable="true",
                    color=colour,
                )
                element(code, "Description").text = _description(question)
    return book


def codebook_xml(framework: Framework) -> str:
    """The ``.qdc`` file's text: UTF-8 XML valid against the standard's Codebook.xsd."""
    from lxml import etree

    body = etree.tostring(codebook_tree(framework), encoding="unicode", pretty_print=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body


def write_codebook(framework: Framework, path: str | Path) -> Path:
    """Write the codebook to ``path`` (conventionally ``FRAMEWORK.qdc``)."""
    from casebench.yamlio import write_atomic

    path = Path(path)
    write_atomic(path, codebook_xml(framework), backup=False)
    return path
