"""Coded segments of a REFI-QDA project -> evidence on the matching questions of a case.

Each segment coded with a question's code (matched by the codebook's GUID) becomes one
evidence item: the selected text as the quote, the source's name as the attribution (file
extension dropped: a transcript named "NHS Staff 13.docx" is attributed to "NHS Staff 13"),
the document's name as the source, and "chars START–END" as the location. Ratings are left
to the analyst: an assessment stays not_assessed unless it was already rated.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from casebench.caseio import case_text, new_case
from casebench.errors import InputError, Problem
from casebench.files import write_atomic
from casebench.models.case import Assessment, Case, Evidence
from casebench.models.framework import Framework
from casebench.refiqda.codebook import heading_guids, question_guids
from casebench.refiqda.project import Project, read_project
from casebench.registry import FrameworkSet, load_framework
from casebench.validation import load_case

_DOCUMENT_SUFFIXES = (".docx", ".doc", ".txt", ".rtf", ".pdf", ".odt")


@dataclass(frozen=True)
class ImportResult:
    """The case with the new evidence, where it was written, and what was added."""

    case: Case
    path: Path
    added: dict[str, int]
    """Question id -> number of new evidence items."""
    duplicates: int
    """Segments already present as evidence (importing the same project twice adds nothing)."""
    written: bool = True
    """False when the case already held every segment, so that its file was left alone."""


def _attribution(source_name: str) -> str:
    name = source_name.strip()
    stem, dot, suffix = name.rpartition(".")
    return stem.strip() if dot and f".{suffix.lower()}" in _DOCUMENT_SUFFIXES and stem else name


def evidence_by_question(
    project: Project, framework: Framework, where: str
) -> dict[str, list[Evidence]]:
    """Evidence per question id, in project order; InputError for codes outside the codebook
    (one line per code, at its first use) and for selections with no text."""
    questions = question_guids(framework)
    headings = heading_guids(framework)
    found: dict[str, list[Evidence]] = {}
    unknown: dict[str, list[int | None]] = {}
    problems: list[Problem] = []
    for segment in project.segments:
        qid = questions.get(segment.code_guid)
        if qid is None:
            unknown.setdefault(segment.code_guid, []).append(segment.line)
            continue
        location = f"chars {segment.start}–{segment.end}"
        try:
            item = Evidence(
                quote=segment.text,
                attribution=_attribution(segment.source_name),
                source=segment.source_name.strip(),
                location=location,
            )
        except ValidationError:
            problems.append(
                Problem(
                    where,
                    f"selection {location} of {segment.source_name!r} "
                    "holds no text (only white space)",
                    line=segment.line,
                )
            )
            continue
        found.setdefault(qid, []).append(item)
    for guid, lines in unknown.items():
        name = project.codes.get(guid, "")
        label = f"code {name!r} ({guid})" if name else f"code {guid} (not in the project)"
        count = f"{len(lines)} segment(s)"
        if guid in headings:
            message = (
                f"{label} is the heading {headings[guid]!r}, not a question; code "
                f"{count} with one of its questions"
            )
        else:
            hint = ""
            first = name.split(":", 1)[0].strip()
            if first in framework.questions:
                hint = (
                    f"; its name suggests {first}, but the GUID is not the codebook's: "
                    "import the codebook instead of recreating the code"
                )
            message = (
                f"{label} is not a question of {framework.id} ({count}); code only "
                f"with the codes of `casebench export --to qdc`{hint}"
            )
        problems.append(Problem(where, message, line=lines[0]))
    if problems:
        raise InputError(problems)
    return found


def add_evidence(case: Case, found: dict[str, list[Evidence]]) -> tuple[Case, dict[str, int], int]:
    """A new case with the evidence added (duplicates skipped); ratings are left as they are."""
    assessments = dict(case.assessments)
    added: dict[str, int] = {}
    duplicates = 0
    for qid, items in found.items():
        current = assessments.get(qid) or Assessment(status="not_assessed")
        evidence = list(current.evidence)
        present = set(evidence)  # a set: a project codes thousands of segments
        for item in items:
            if item in present:
                duplicates += 1
            else:
                evidence.append(item)
                present.add(item)
                added[qid] = added.get(qid, 0) + 1
        assessments[qid] = current.model_copy(update={"evidence": evidence})
    data = case.model_dump() | {"assessments": {q: a.model_dump() for q, a in assessments.items()}}
    return Case.model_validate(data), added, duplicates


def import_project(
    path: str | Path,
    *,
    case_path: str | Path | None = None,
    case_id: str | None = None,
    title: str | None = None,
    coder: str = "",
    framework: Framework | str = "farr2017",
    out_dir: str | Path = ".",
    force: bool = False,
    frameworks: FrameworkSet | None = None,
) -> ImportResult:
    """Add a project's coded segments to ``case_path``, or to a new case ``case_id`` written to
    ``out_dir/ID.yaml``. Everything is checked before anything is written."""
    if (case_path is None) == (case_id is None):
        raise ValueError("give either case_path (an existing case) or case_id (a new one)")
    path = Path(path)
    project = read_project(path)
    frameworks = frameworks or FrameworkSet()
    if case_path is not None:
        target = Path(case_path)
        case = load_case(target, frameworks)
        chosen = frameworks.get(case.framework.id, case.framework.version)
        assert chosen is not None  # load_case refuses a case whose framework is unknown
    else:
        chosen = load_framework(framework) if isinstance(framework, str) else framework
        target = Path(out_dir) / f"{case_id}.yaml"
        if target.exists() and not force:
            raise InputError.single(
                str(target),
                "file exists; add to it with --case, or pass "
                "--force to replace it (the old file is kept as .bak)",
            )
        try:
            case = new_case(str(case_id), title or project.name, chosen, coder=coder)
        except ValidationError as exc:
            error = exc.errors()[0]
            raise InputError.single(
                str(target), str(error["msg"]), field=".".join(map(str, error["loc"]))
            ) from None
    where = f"{path}:{project.qde}"
    found = evidence_by_question(project, chosen, where)
    updated, added, duplicates = add_evidence(case, found)
    if case_path is not None and not added:
        return ImportResult(case=case, path=target, added={}, duplicates=duplicates, written=False)
    text = case_text(updated, target)  # over the read limit: refused before anything is written
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    return ImportResult(case=updated, path=target, added=added, duplicates=duplicates)


def summary(result: ImportResult) -> str:
    """One line for the command line: how much evidence went where."""
    total = sum(result.added.values())
    if not result.written:
        return (
            f"{result.path} unchanged: no new evidence ({result.duplicates} coded segment(s) "
            "already in it); nothing written"
        )
    top = Counter(result.added).most_common(3)
    most = ", ".join(f"{qid} {n}" for qid, n in top)
    extra = f" (most: {most})" if top else ""
    skipped = f"; {result.duplicates} already present" if result.duplicates else ""
    return (
        f"wrote {result.path}: {total} evidence item(s) on {len(result.added)} question(s)"
        f"{extra}{skipped}; rate them in the case file"
    )
