"""Provenance of a comparison: who coded each case and when, which exact files were read.

Pure functions over cases, paths and frameworks, so that a report, a notebook or the command
line can show the same facts: the coder and the date of coding recorded in each case, the
sha256 of each case file as read now, and the sha256 of the framework file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.registry import framework_sha256

NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class CaseProvenance:
    """One case file: the case, who coded it and when, and the file's sha256."""

    case_id: str
    coder: str
    coded_on: str
    file: str
    sha256: str


@dataclass(frozen=True)
class FrameworkProvenance:
    """The framework compared along: id, version and the sha256 of its file (or why none)."""

    id: str
    version: str
    title: str
    sha256: str


def file_sha256(path: str | Path) -> str:
    """sha256 of a file's bytes, as read now."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def case_provenance(
    cases: Sequence[Case], paths: Sequence[str | Path], names: Sequence[str] | None = None
) -> list[CaseProvenance]:
    """Per case (in the order given): coder, date of coding, file name and sha256.

    ``names`` are the file names to show (e.g. relative to a shared folder, so that no home
    folder appears in a report); by default the paths as given.
    """
    shown = list(names) if names is not None else [str(p) for p in paths]
    return [
        CaseProvenance(
            case_id=case.id,
            coder=case.coder.strip() or NOT_RECORDED,
            coded_on=case.coded_on.isoformat() if case.coded_on else NOT_RECORDED,
            file=name,
            sha256=file_sha256(path),
        )
        for case, path, name in zip(cases, paths, shown, strict=True)
    ]


def framework_provenance(framework: Framework) -> FrameworkProvenance:
    """The framework's identity and the sha256 of the file it was read from."""
    digest = framework_sha256(framework)
    return FrameworkProvenance(
        id=framework.id,
        version=framework.version,
        title=framework.title,
        sha256=digest or "not read from a file (built in code)",
    )


__all__ = [
    "CaseProvenance",
    "FrameworkProvenance",
    "case_provenance",
    "file_sha256",
    "framework_provenance",
]
