"""What a report is about: the cases read from their files, compared, with the options.

Built in the report notebook's kernel by :func:`prepare`; the section renderers read it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from casebench.anchors import EvidenceLinks
from casebench.errors import InputError, Problem

if TYPE_CHECKING:
    from casebench.comparison import Comparison
    from casebench.models.case import Case
    from casebench.models.framework import Framework
    from casebench.validation import CheckedCase

MAX_DETAIL_CASES = 20
"""Up to this many cases, tables show every case; past it they are summarised per question
(the per-case values stay in ``casebench compare --format csv``)."""


def default_title(cases: Sequence[Case]) -> str:
    """ "Comparison: A and B" for two cases, "Comparison of N cases" for more."""
    if len(cases) == 2:
        return f"Comparison: {cases[0].title} and {cases[1].title}"
    return f"Comparison of {len(cases)} cases"


def now_iso() -> str:
    """The time now in UTC, to the second (ISO 8601)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, eq=False)
class ReportContext:
    """The comparison behind a report, the case files (comparison order) and options."""

    comparison: Comparison
    files: tuple[Path, ...]
    title: str
    static: bool = False
    generated: str = ""
    sections: tuple[str, ...] = ()

    @property
    def cases(self) -> tuple[Case, ...]:
        """The cases, in comparison order."""
        return self.comparison.cases

    @property
    def framework(self) -> Framework:
        """The framework compared along (only the sections asked for)."""
        return self.comparison.framework

    @property
    def detailed(self) -> bool:
        """Few enough cases to show each of them in every table."""
        return len(self.cases) <= MAX_DETAIL_CASES

    @property
    def links(self) -> EvidenceLinks:
        """Where charts and tables link to: each case's evidence, or (past
        :data:`MAX_DETAIL_CASES`) the summary per question."""
        return EvidenceLinks(per_case=self.detailed)

    @cached_property
    def file_names(self) -> tuple[str, ...]:
        """Case files relative to the folder they share (no user's home folder in a report)."""
        resolved = [p.resolve() for p in self.files]
        parents = {p.parent for p in resolved}
        if len(parents) == 1:
            return tuple(p.name for p in resolved)
        import os

        common = Path(os.path.commonpath([str(p) for p in parents]))
        return tuple(str(p.relative_to(common)) for p in resolved)


def read_cases(
    case_paths: Sequence[str | Path], framework: str | Path | None = None
) -> list[CheckedCase]:
    """The case files of the paths, read and checked: every problem raises
    :class:`~casebench.errors.InputError`, and so do fewer than two cases."""
    from casebench.validation import validate_paths

    report = validate_paths(case_paths, [framework] if framework else ())
    if report.errors:
        raise InputError(report.errors)
    checked = [c for c in report.checked if c.case is not None]
    if len(checked) < 2:
        where = str(case_paths[0]) if case_paths else "report"
        raise InputError.single(where, f"a report compares two or more cases, found {len(checked)}")
    return checked


def framework_of(
    cases: Sequence[Case], case_paths: Sequence[str | Path], framework: str | Path | None = None
) -> Framework:
    """The framework the cases name: from the file given, or from a framework file among the
    paths, or else the bundled one."""
    from casebench.registry import is_framework_file, load_framework, read_framework
    from casebench.validation import expand_paths

    wanted = (cases[0].framework.id, cases[0].framework.version)
    files, _ = expand_paths(case_paths)
    for path in [*([Path(framework)] if framework else []), *filter(is_framework_file, files)]:
        candidate = read_framework(path)
        if (candidate.id, candidate.version) == wanted:
            return candidate
    return load_framework(cases[0].framework.id)


def only_sections(framework: Framework, section_ids: Sequence[str]) -> Framework:
    """The framework keeping the sections asked for; unknown ids are one clear error."""
    known = [s.id for s in framework.sections]
    unknown = [s for s in section_ids if s not in known]
    if unknown:
        raise InputError(
            [
                Problem(
                    "--sections",
                    f"no section {unknown[0]!r} in {framework.id} "
                    f"{framework.version} (sections: {', '.join(known)})",
                )
            ]
        )
    return framework.only_sections(list(section_ids)) if section_ids else framework


def prepare(
    case_paths: Sequence[str | Path],
    *,
    title: str = "",
    framework: str | None = None,
    sections: Sequence[str] = (),
    static: bool = False,
    generated: str = "",
    focus: str | None = None,
    by: str | None = None,
) -> ReportContext:
    """Read and check the case files (and a framework file), compare them (with the focus
    and group views when ``focus`` or ``by`` is given); bad input raises
    :class:`~casebench.errors.InputError` with every problem."""
    from casebench.comparison import compare

    checked = read_cases(case_paths, framework)
    cases = [c.case for c in checked if c.case is not None]
    chosen = framework_of(cases, case_paths, framework)
    if (chosen.id, chosen.version) == (cases[0].framework.id, cases[0].framework.version):
        chosen = only_sections(chosen, sections)
    comparison = compare(cases, chosen, focus=focus, by=by)
    return ReportContext(
        comparison=comparison,
        files=tuple(c.path for c in checked),
        title=title or default_title(cases),
        static=static,
        generated=generated or now_iso(),
        sections=tuple(sections),
    )


__all__ = [
    "MAX_DETAIL_CASES",
    "ReportContext",
    "default_title",
    "framework_of",
    "only_sections",
    "prepare",
    "read_cases",
]
