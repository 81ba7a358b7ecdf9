"""Cases as one XLSX workbook and back: for teams who read, sort and edit in a spreadsheet.

``write_workbook`` exports cases (sheets cases, assessments, evidence, power, outcomes, cmo and
a README explaining the columns); ``read_workbook`` reads such a workbook, however a person
edited it, and reports problems as ``book.xlsx:sheet!D7: error: field: message``;
``import_workbook`` writes the case files only once every case in the workbook is valid.
"""

from __future__ import annotations

from pathlib import Path

from casebench.caseio import save_case
from casebench.errors import InputError, Problem
from casebench.registry import FrameworkSet
from casebench.spreadsheet.reader import read_workbook
from casebench.spreadsheet.writer import build_workbook, workbook_bytes, write_workbook


def import_workbook(
    path: str | Path,
    out_dir: str | Path,
    *,
    force: bool = False,
    frameworks: FrameworkSet | None = None,
) -> list[Path]:
    """Write each case of the workbook to ``out_dir/ID.yaml``; nothing is written unless every
    case is valid and (without ``force``) no target file exists yet."""
    cases = read_workbook(path, frameworks)
    out = Path(out_dir)
    targets = [out / f"{case.id}.yaml" for case in cases]
    if not force:
        clash = [
            Problem(str(t), "file exists; pass --force to overwrite (the old file is kept as .bak)")
            for t in targets
            if t.exists()
        ]
        if clash:
            raise InputError(clash)
    out.mkdir(parents=True, exist_ok=True)
    for case, target in zip(cases, targets, strict=True):
        save_case(case, target)
    return targets


__all__ = ["build_workbook", "import_workbook", "read_workbook", "workbook_bytes", "write_workbook"]
