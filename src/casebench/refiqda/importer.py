"""Coded segments of a REFI-QDA project -> evidence on the matching questions of a case.

Each segment coded with a question's code (matched by the codebook's GUID, else by the code's
name: see ``matching``) becomes one evidence item: the selected text as the quote, the source's
name as the attribution (file extension dropped: a transcript named "NHS Staff 13.docx" is
attributed to "NHS Staff 13"), the document's name as the source, and "chars START–END" as the
location. A source's text variables ``Attribution``, ``Source`` and ``Location`` (as
``casebench export --to qdpx`` writes them) take the place of these, so that an exported case
comes back as it was. Ratings are left to the analyst: an assessment stays not_assessed unless
it was already rated. An import that would add no evidence writes nothing and says why.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from casebench.caseio import case_text, new_case
from casebench.errors import InputError, Problem
from casebench.files import write_atomic
from casebench.models.case import Assessment, Case, Evidence
from casebench.models.framework import Framework
from casebench.refiqda.matching import CodeMatch, match_codes, unmatched_message
from casebench.refiqda.project import CodedSegment, Project, read_project
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
    matches: tuple[CodeMatch, ...] = ()
    """Every code the project used, with the question it matched (or None: skipped)."""
    warnings: tuple[Problem, ...] = ()
    """One per code skipped because it matched no question (--skip-unknown-codes)."""

    @property
    def skipped(self) -> list[CodeMatch]:
        """Codes that matched no question (imported without them: --skip-unknown-codes)."""
        return [m for m in self.matches if m.question is None]


def _attribution(source_name: str) -> str:
    name = source_name.strip()
    stem, dot, suffix = name.rpartition(".")
    return stem.strip() if dot and f".{suffix.lower()}" in _DOCUMENT_SUFFIXES and stem else name


def _evidence(segment: CodedSegment) -> Evidence:
    """The evidence item of one segment (ValidationError if it selects only white space)."""
    variables = {name.strip().casefold(): value for name, value in segment.variables}
    return Evidence(
        quote=segment.text,
        attribution=variables.get("attribution", "").strip() or _attribution(segment.source_name),
        source=variables.get("source", segment.source_name.strip()),
        location=variables.get("location", f"chars {segment.start}–{segment.end}"),
    )


def evidence_by_question(
    project: Project, framework: Framework, where: str, *, skip_unknown: bool = False
) -> tuple[dict[str, list[Evidence]], list[CodeMatch]]:
    """Evidence per question id, in project order, and how each code used was matched.
    InputError for selections with no text, and (unless ``skip_unknown``) for codes that
    match no question: one line per code, at its first use, with the nearest question ids."""
    uses: dict[str, tuple[int, int | None]] = {}
    for segment in project.segments:
        count, line = uses.get(segment.code_guid, (0, segment.line))
        uses[segment.code_guid] = (count + 1, line)
    matches = match_codes(project.codes, uses, framework)
    question = {m.guid: m.question for m in matches}
    problems = [
        Problem(where, unmatched_message(m, framework, skipped=False), line=m.line)
        for m in matches
        if m.question is None and not skip_unknown
    ]
    found: dict[str, list[Evidence]] = {}
    for segment in project.segments:
        qid = question[segment.code_guid]
        if qid is None:
            continue
        try:
            item = _evidence(segment)
        except ValidationError:
            problems.append(
                Problem(
                    where,
                    f"selection {segment.start}–{segment.end} of {segment.source_name!r} "
                    "holds no text (only white space)",
                    line=segment.line,
                )
            )
            continue
        found.setdefault(qid, []).append(item)
    if problems:
        raise InputError(problems)
    return found, matches


def _only_case(project: Project, name: str, path: Path) -> Project:
    """The project with only the segments of the sources its REFI-QDA case ``name`` holds."""
    if name not in project.cases:
        known = sorted(project.cases)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        listed = ", ".join(map(repr, known)) if known else "none"
        raise InputError.single(
            str(path),
            f"--qda-case: the project has no case {name!r}{hint}; its cases: {listed}",
        )
    sources = project.cases[name]
    return replace(
        project,
        name=project.case_descriptions.get(name) or name,
        segments=[s for s in project.segments if s.source_guid in sources],
    )


def _nothing_to_import(
    project: Project,
    matches: list[CodeMatch],
    path: Path,
    framework: Framework,
    qda_case: str | None,
) -> InputError:
    """Why an import adds no evidence: no codings at all, or no code matched a question."""
    if not project.segments:
        whose = f"the sources of case {qda_case!r} hold" if qda_case else "the project holds"
        return InputError.single(
            str(path),
            f"{whose} no coded text segments: nothing imported, nothing written (code "
            "the sources in the QDA program, then export the project again)",
        )
    where = f"{path}:{project.qde}"
    problems = [
        Problem(where, unmatched_message(m, framework, skipped=True), line=m.line) for m in matches
    ]
    problems.append(
        Problem(
            str(path),
            f"none of the {len(matches)} code(s) used matches a question of {framework.id}: "
            "nothing imported, nothing written",
        )
    )
    return InputError(problems)


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
    skip_unknown_codes: bool = False,
    qda_case: str | None = None,
) -> ImportResult:
    """Add a project's coded segments to ``case_path``, or to a new case ``case_id`` written to
    ``out_dir/ID.yaml``. Everything is checked before anything is written. ``qda_case`` keeps
    the segments of one REFI-QDA case's sources (and titles a new case by its description);
    ``skip_unknown_codes`` imports the codes that match a question and reports the others in
    ``ImportResult.skipped``."""
    if (case_path is None) == (case_id is None):
        raise ValueError("give either case_path (an existing case) or case_id (a new one)")
    path = Path(path)
    project = read_project(path)
    if qda_case is not None:
        project = _only_case(project, qda_case, path)
    elif project.origin.startswith("casebench") and len(project.cases) > 1:
        raise InputError.single(
            str(path),
            f"the project holds {len(project.cases)} cases exported by casebench "
            f"({', '.join(sorted(project.cases))}): choose one with --qda-case",
        )
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
    found, matches = evidence_by_question(project, chosen, where, skip_unknown=skip_unknown_codes)
    if not found:
        raise _nothing_to_import(project, matches, path, chosen, qda_case)
    updated, added, duplicates = add_evidence(case, found)
    result = ImportResult(
        case=updated,
        path=target,
        added=added,
        duplicates=duplicates,
        matches=tuple(matches),
        warnings=tuple(
            Problem(
                where, unmatched_message(m, chosen, skipped=True), line=m.line, severity="warning"
            )
            for m in matches
            if m.question is None
        ),
    )
    if case_path is not None and not added:
        return replace(result, case=case, written=False)
    text = case_text(updated, target)  # over the read limit: refused before anything is written
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    return result


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
