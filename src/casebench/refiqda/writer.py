"""Cases' evidence as a coded REFI-QDA project (``.qdpx``), for a team to go on in NVivo,
ATLAS.ti or MAXQDA, and that ``casebench import`` reads back as it was.

The project holds the framework's codebook (the ``.qdc`` codes, same GUIDs) and, per case, one
plain-text source per place the evidence comes from: one source for each attribution, source
and location of the case's evidence (``NHS Staff 13``, ``interview``, ``EBCD in breast cancer
services``). Its text is the source's name as a heading (so that no quote starts the file,
where a reader may take a leading U+FEFF for a byte-order mark), then the distinct quotes from
that place, one paragraph each; each quote is a ``PlainTextSelection`` coded with every
question it is evidence for. The three fields are the
source's text variables ``Attribution``, ``Source`` and ``Location``, and each case is a
REFI-QDA ``<Case>`` naming its sources (``casebench import --qda-case ID``). Coders are the
project's users. Evidence on power observations, outcomes and CMO configurations has no
question code and stays in the case files.

Every GUID is a UUID 5 of what it stands for, and the archive's members carry a fixed date, so
exporting the same cases again gives the same bytes.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from casebench.errors import InputError
from casebench.files import write_atomic
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.refiqda.codebook import GUID_NAMESPACE, PROJECT_NS, code_guid, codebook_tree
from casebench.validation import ValidationReport

VARIABLES = {
    "Attribution": "Who said or wrote it (casebench evidence: attribution).",
    "Source": "Where it comes from, e.g. interview or paper narrative (casebench: source).",
    "Location": "Where in that source, e.g. a section or page (casebench: location).",
}
"""The text variables of every exported source; the import reads them back."""
_STAMP = (1980, 1, 1, 0, 0, 0)
_NAME_LENGTH = 60


@dataclass(frozen=True)
class ExportedProject:
    """The ``.qdpx`` archive's bytes and what went into it."""

    data: bytes
    cases: int
    sources: int
    selections: int
    codings: int
    left_out: int
    """Evidence items on power observations, outcomes and CMO configurations (not exported)."""


def _guid(kind: str, *parts: str) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, json.dumps(["project", kind, *parts])))


@dataclass
class _Place:
    """One exported text source: the quotes from one attribution, source and location."""

    case: str
    attribution: str
    source: str
    location: str
    quotes: dict[str, list[str]]
    """Quote -> question ids it is evidence for, in framework order."""

    @property
    def guid(self) -> str:
        return _guid("source", self.case, self.attribution, self.source, self.location)

    @property
    def name(self) -> str:
        where = ", ".join(part for part in (self.source, self.location) if part)
        return f"{self.case} – {self.attribution}" + (f" ({where})" if where else "")


def _places(case: Case, framework: Framework) -> list[_Place]:
    places: dict[tuple[str, str, str], _Place] = {}
    order = list(framework.questions) + [
        q for q in case.assessments if q not in framework.questions
    ]
    for qid in order:
        assessment = case.assessments.get(qid)
        for item in assessment.evidence if assessment else ():
            key = (item.attribution, item.source, item.location)
            place = places.setdefault(key, _Place(case.id, *key, quotes={}))
            questions = place.quotes.setdefault(item.quote, [])
            if qid not in questions:
                questions.append(qid)
    return list(places.values())


def _left_out(case: Case) -> int:
    owners = [*case.power, *case.outcomes, *case.cmo]
    return sum(len(owner.evidence) for owner in owners)


def project_archive(cases: Sequence[Case], framework: Framework) -> ExportedProject:
    """The ``.qdpx`` of ``cases`` (all coded against ``framework``)."""
    from lxml import etree

    for case in cases:
        if case.framework.id != framework.id:
            raise ValueError(f"case {case.id} is coded against {case.framework.id}")
    P = f"{{{PROJECT_NS}}}"

    def element(parent, tag: str, text: str | None = None, **attrs: str):
        child = etree.SubElement(parent, f"{P}{tag}", {k: v for k, v in attrs.items() if v})
        if text is not None:
            child.text = text
        return child

    name = cases[0].title if len(cases) == 1 else f"{len(cases)} cases ({framework.id})"
    root = etree.Element(
        f"{P}Project",
        nsmap={None: PROJECT_NS},
        name=name,
        origin=f"casebench ({framework.id} {framework.version})",
    )
    coders = list(dict.fromkeys(case.coder.strip() for case in cases if case.coder.strip()))
    if coders:
        users = element(root, "Users")
        for coder in coders:
            element(users, "User", guid=_guid("user", coder), name=coder)
    root.append(codebook_tree(framework, namespace=PROJECT_NS))
    variables = element(root, "Variables")
    for variable, description in VARIABLES.items():
        holder = element(
            variables,
            "Variable",
            guid=_guid("variable", variable),
            name=variable,
            typeOfVariable="Text",
        )
        element(holder, "Description", description)
    places = {case.id: _places(case, framework) for case in cases}
    holder = element(root, "Cases")
    for case in cases:
        entry = element(holder, "Case", guid=_guid("case", case.id), name=case.id)
        element(entry, "Description", case.title)
        for place in places[case.id]:
            element(entry, "SourceRef", targetGUID=place.guid)
    texts: dict[str, str] = {}
    selections = codings = 0
    holder = element(root, "Sources")
    for case in cases:
        user = _guid("user", case.coder.strip()) if case.coder.strip() else ""
        for place in places[case.id]:
            source = element(
                holder,
                "TextSource",
                guid=place.guid,
                name=place.name,
                plainTextPath=f"internal://{place.guid}.txt",
                creatingUser=user,
            )
            text = f"{place.name}\n\n"  # a heading: and no quote starts the file
            for quote, questions in place.quotes.items():
                start = len(text)
                text += quote
                selection = element(
                    source,
                    "PlainTextSelection",
                    guid=_guid("selection", place.guid, str(start)),
                    name=_short(quote),
                    startPosition=str(start),
                    endPosition=str(len(text)),
                    creatingUser=user,
                )
                for qid in questions:
                    coding = element(
                        selection,
                        "Coding",
                        guid=_guid("coding", place.guid, str(start), qid),
                        creatingUser=user,
                    )
                    element(coding, "CodeRef", targetGUID=code_guid(framework.id, "question", qid))
                text += "\n\n"
                selections += 1
                codings += len(questions)
            for variable, value in zip(
                VARIABLES, (place.attribution, place.source, place.location), strict=True
            ):
                entry = element(source, "VariableValue")
                element(entry, "VariableRef", targetGUID=_guid("variable", variable))
                element(entry, "TextValue", value)
            texts[place.guid] = text.rstrip("\n") + "\n"
    qde = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _member(archive, "project.qde", qde)
        for guid, text in texts.items():
            _member(archive, f"sources/{guid}.txt", text.encode("utf-8"))
    return ExportedProject(
        data=buffer.getvalue(),
        cases=len(cases),
        sources=len(texts),
        selections=selections,
        codings=codings,
        left_out=sum(_left_out(case) for case in cases),
    )


def _short(quote: str) -> str:
    text = " ".join(quote.split())
    return text if len(text) <= _NAME_LENGTH else text[: _NAME_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, _STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def write_cases(report: ValidationReport, path: str | Path) -> str:
    """The valid cases of ``report`` as a project at ``path``; one line for the command line.
    InputError when they are coded against different frameworks (one codebook per project)."""
    cases = report.cases
    frameworks = {(c.framework.id, c.framework.version) for c in cases}
    if len(frameworks) > 1:
        first = cases[0].framework
        other = next(c for c in report.checked if c.case and c.case.framework != first)
        raise InputError.single(
            str(other.path),
            f"coded against {other.case.framework.id} {other.case.framework.version}, the "
            f"first case against {first.id} {first.version}: a project holds one codebook, "
            "so export the cases of each framework to a project of their own",
            field="framework",
        )
    exported = write_project(cases, report.framework_of(cases[0]), path)
    kept = (
        f"; {exported.left_out} evidence item(s) on power, outcomes and CMO configurations "
        "stay in the case files (they have no question code)"
        if exported.left_out
        else ""
    )
    return (
        f"wrote {path}: {exported.cases} case(s), {exported.sources} text source(s), "
        f"{exported.selections} quote(s) coded {exported.codings} time(s){kept}; open it in "
        "NVivo, ATLAS.ti or MAXQDA, or read it back with `casebench import`"
    )


def write_project(cases: Sequence[Case], framework: Framework, path: str | Path) -> ExportedProject:
    """Write the project to ``path`` (a ``.qdpx``); an older file there is kept as ``.bak``."""
    exported = project_archive(cases, framework)
    write_atomic(Path(path), exported.data)
    return exported


__all__ = ["VARIABLES", "ExportedProject", "project_archive", "write_cases", "write_project"]
