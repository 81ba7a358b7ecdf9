"""Merging case files: two coders' files into a consensus file, and git's merge driver.

Git runs a merge driver as ``casebench merge --git %O %A %B --path %P --marker-size %L``:
the ancestor's, our and their versions in temporary files. The driver leaves the result in
``%A`` and exits 0 when the merge is clean, 1 when disagreements remain (git then marks the
file as conflicted until it is added again). A version that is not a case file at all is
merged by git's own line merge (``git merge-file``), with ordinary conflict markers.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from casebench import yamlio
from casebench.caseio import save_case
from casebench.consensus.merge import Merged, MergeRefused, default_labels, merge_cases
from casebench.errors import InputError, Problem
from casebench.models.case import Case
from casebench.pydantic_problems import problems_from_validation_error

EXIT_CLEAN = 0
EXIT_DISAGREEMENTS = 1


def case_of(document: yamlio.Document, name: str) -> Case:
    """The case YAML data holds (its shape checked, not its fit to the framework)."""
    if not isinstance(document.data, dict):
        raise InputError.single(name, "a case file must be a mapping of fields", line=1)
    try:
        return Case.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation_error(exc, name, document)) from None


def merge_files(first: str | Path, second: str | Path, output: str | Path) -> Merged:
    """Merge two codings of one case into ``output`` (a draft while disagreements remain).

    The coders' names label their positions; when they are missing or the same, the files'
    names do. Raises InputError for an unusable file or codings of different cases.
    """
    first, second = Path(first), Path(second)
    cases = [case_of(yamlio.read(p), str(p)) for p in (first, second)]
    names = (first.stem, second.stem) if first.stem != second.stem else ("first", "second")
    labels = default_labels(cases[0], cases[1], names)
    try:
        merged = merge_cases(cases[0], cases[1], labels=labels)
    except MergeRefused as exc:
        raise InputError([Problem(str(second), str(exc), field=exc.field)]) from None
    save_case(merged.case, output)
    return merged


# --------------------------------------------------------------------------- git


@dataclass(frozen=True)
class DriverResult:
    """What the merge driver did: ``code`` is its exit status, ``message`` one line for git."""

    code: int
    message: str


def _git(*args: str) -> str:
    """Output of a git command run in the repository being merged ('' when it fails)."""
    try:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, timeout=30, check=False
        )
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def git_labels(ours: Case, theirs: Case) -> tuple[str, str]:
    """Names for the two sides: the coders' when they differ, else the branches' (git tells a
    merge driver the other branch's name in a ``GITHEAD_<commit>`` variable)."""
    heads = [value for name, value in os.environ.items() if name.startswith("GITHEAD_")]
    branch = _git("symbolic-ref", "--short", "-q", "HEAD") or "HEAD"
    other = heads[0] if len(heads) == 1 else "other branch"
    return default_labels(ours, theirs, (f"ours ({branch})", f"theirs ({other})"))


def _line_merge(base: Path, ours: Path, theirs: Path, name: str, marker_size: int) -> int:
    """git's own line merge into ``ours``, with conflict markers: 0 clean, 1 conflicts."""
    try:
        done = subprocess.run(
            [
                "git",
                "merge-file",
                f"--marker-size={marker_size}",
                "-L",
                f"{name} (ours)",
                "-L",
                f"{name} (base)",
                "-L",
                f"{name} (theirs)",
                str(ours),
                str(base),
                str(theirs),
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return EXIT_DISAGREEMENTS  # no git to call: leave ours in place, marked conflicted
    return EXIT_CLEAN if done.returncode == 0 else EXIT_DISAGREEMENTS


def git_merge(
    base: str | Path, ours: str | Path, theirs: str | Path, name: str = "", marker_size: int = 7
) -> DriverResult:
    """Three-way merge of one case file for git: the result is written into ``ours``."""
    base, ours, theirs = Path(base), Path(ours), Path(theirs)
    name = name or str(ours)
    try:
        cases = []
        for path, side in ((base, "base"), (ours, "ours"), (theirs, "theirs")):
            text = path.read_text(encoding="utf-8-sig")
            if side == "base" and not text.strip():
                cases.append(None)  # no common ancestor: both sides added the file
                continue
            label = f"{name} ({side})"
            cases.append(case_of(yamlio.loads(text, label), label))
        merged = merge_cases(cases[1], cases[2], cases[0], labels=git_labels(cases[1], cases[2]))
    except (InputError, MergeRefused, OSError, UnicodeDecodeError) as exc:
        problem = exc.problems[0] if isinstance(exc, InputError) else exc
        code = _line_merge(base, ours, theirs, name, marker_size)
        return DriverResult(
            code,
            f"{name}: merged line by line, not question by question ({problem})",
        )
    save_case(merged.case, ours, backup=False, location=name)
    if merged.clean:
        return DriverResult(EXIT_CLEAN, f"{name}: merged question by question")
    return DriverResult(
        EXIT_DISAGREEMENTS,
        f"{name}: {len(merged.disputes)} disagreement(s) recorded in the file; "
        "`casebench validate` lists them, the ConsensusEditor resolves them",
    )


__all__ = [
    "DriverResult",
    "case_of",
    "git_labels",
    "git_merge",
    "merge_files",
]
