"""Cases as one XLSX workbook and back: for teams who read, sort and edit in a spreadsheet.

``write_workbook`` exports cases (sheets cases, assessments, evidence, power, outcomes, cmo and
a README explaining the columns); ``read_workbook`` reads such a workbook, however a person
edited it, and reports problems as ``book.xlsx:sheet!D7: error: field: message``;
``import_workbook`` writes the case files only once every case in the workbook is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casebench.caseio import case_text
from casebench.errors import InputError, Problem
from casebench.files import write_atomic
from casebench.models.case import Case
from casebench.registry import FrameworkSet
from casebench.spreadsheet.reader import read_workbook
from casebench.spreadsheet.writer import build_workbook, workbook_bytes, write_workbook


@dataclass(frozen=True)
class WorkbookImport:
    """The case files an import wrote, and those it left alone because they already held
    exactly the workbook's case."""

    written: list[Path]
    unchanged: list[Path]


def _holds(target: Path, case: Case, frameworks: FrameworkSet) -> bool:
    """True when ``target`` is a valid case file with exactly this case in it."""
    from casebench.validation import load_case

    try:
        return target.is_file() and load_case(target, frameworks) == case
    except InputError:
        return False


def import_workbook(
    path: str | Path,
    out_dir: str | Path,
    *,
    force: bool = False,
    frameworks: FrameworkSet | None = None,
) -> WorkbookImport:
    """Write each case of the workbook to ``out_dir/ID.yaml``. Nothing is written unless every
    case is valid, every file would be small enough to read back, and (without ``force``) no
    target file with other content exists; a file that already holds its case is left alone."""
    frameworks = frameworks or FrameworkSet()
    cases = read_workbook(path, frameworks)
    out = Path(out_dir)
    targets = [out / f"{case.id}.yaml" for case in cases]
    same = [_holds(t, case, frameworks) for case, t in zip(cases, targets, strict=True)]
    if not force:
        clash = [
            Problem(str(t), "file exists; pass --force to overwrite (the old file is kept as .bak)")
            for t, kept in zip(targets, same, strict=True)
            if t.exists() and not kept
        ]
        if clash:
            raise InputError(clash)
    texts, problems = {}, []
    for case, target, kept in zip(cases, targets, same, strict=True):
        if not kept:
            try:
                texts[target] = case_text(case, target)
            except InputError as exc:
                problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    out.mkdir(parents=True, exist_ok=True)
    for target, text in texts.items():
        write_atomic(target, text)
    return WorkbookImport(
        written=list(texts), unchanged=[t for t, kept in zip(targets, same, strict=True) if kept]
    )


__all__ = [
    "WorkbookImport",
    "build_workbook",
    "import_workbook",
    "read_workbook",
    "workbook_bytes",
    "write_workbook",
]
