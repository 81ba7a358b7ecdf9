"""Students' submissions: their case files, however the class handed them in.

Three layouts are read, as docs/teaching.md describes:

- **nbgrader**: ``submitted/<student>/<assignment>/...`` (the course folder, or its
  ``submitted`` folder, is given); ``assignment`` picks one assignment's folder.
- **a folder per student**, e.g. a Moodle download (``Ann Lee_81234_assignsubmission_file_/``):
  the student is the folder's name, without Moodle's ``_<id>_assignsubmission_...`` tail.
- **a flat folder**, one file a student, e.g. a Canvas download (``leeann_81234_99123_x.yaml``)
  or Blackboard's (``Coding_annlee_attempt_2025-01-31-10-00-00_x.yaml``): the student is the
  file's name without the LMS's tail.

A folder may also be a ``.zip`` of any of these (an LMS download as it comes). Every file is
read on its own: a bad one is listed with its problem, never stops the others.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from casebench import yamlio
from casebench.archives import Archive
from casebench.errors import InputError, Problem
from casebench.exercises.vignette import Vignette, answers_from_case
from casebench.models.case import Case
from casebench.registry import FrameworkSet
from casebench.validation import CASE_SUFFIXES, check_document

MAX_MEMBERS = 5000
"""Most files read from a zip of submissions."""
MAX_UNPACKED = 200 * 1024 * 1024
"""Most bytes a zip of submissions may unpack to (its case files are far smaller)."""

_MOODLE = re.compile(r"^(?P<student>.+?)_\d+_assignsubmission_\w*$")
_CANVAS = re.compile(r"^(?P<student>[^_]+?)(?:_LATE)?_\d+_\d+(?:_.*)?$")
_BLACKBOARD = re.compile(r"^.+?_(?P<student>[^_]+)_attempt_\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d(?:_.*)?$")

Status = str  # "ok" | "invalid" | "empty" | "missing"


@dataclass(frozen=True)
class Submission:
    """One student's submission: the case read from it, or why it cannot be used."""

    student: str
    file: str
    status: Status
    case: Case | None = None
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def problem(self) -> str:
        """The first problem, as one line (file:line: error: field: message)."""
        return str(self.problems[0]) if self.problems else ""


def student_of_folder(name: str) -> str:
    """A student folder's name without an LMS's tail (Moodle: ``_81234_assignsubmission_file_``)."""
    match = _MOODLE.match(name)
    return match.group("student").strip() if match else name.strip()


def student_of_file(stem: str) -> str:
    """A flat file's student: its name without Canvas's or Blackboard's tail."""
    for pattern in (_BLACKBOARD, _CANVAS):
        match = pattern.match(stem)
        if match:
            return match.group("student").strip()
    return stem.strip()


@dataclass(frozen=True)
class _File:
    """A submitted file: where it is (shown in messages), its path below the submissions
    folder, and how to read its bytes."""

    where: str
    parts: tuple[str, ...]
    read: Callable[[], bytes]

    def below(self) -> _File:
        return _File(self.where, self.parts[1:], self.read)


def _refuse_link() -> bytes:
    raise OSError(errno.EPERM, "a symbolic link, not read")


def _folder_files(root: Path) -> list[_File]:
    """Case files below ``root``, hidden ones left out; links to folders are not followed (a
    submission cannot make the summary read the rest of the disk), links to files are listed
    as not read."""
    files = []
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if name.startswith(".") or path.suffix.lower() not in CASE_SUFFIXES:
                continue
            read = _refuse_link if path.is_symlink() else path.read_bytes
            files.append(_File(str(path), path.relative_to(root).parts, read))
    return sorted(files, key=lambda f: f.parts)


def _zip_files(path: Path) -> list[_File]:
    with Archive(path, "a zip of submissions", max_members=MAX_MEMBERS) as archive:
        infos = []
        for info in archive.zip.infolist():
            name = PurePosixPath(info.filename.replace("\\", "/"))
            skipped = any(p.startswith(".") or p == "__MACOSX" for p in name.parts)
            if not info.is_dir() and not skipped and name.suffix.lower() in CASE_SUFFIXES:
                infos.append(info)
        archive.check_sizes(infos, MAX_UNPACKED, "the submissions")
        contents = {info.filename: archive.read(info, f"{path}:{info.filename}") for info in infos}
    files = [
        _File(f"{path}:{name}", PurePosixPath(name.replace("\\", "/")).parts, lambda d=data: d)
        for name, data in contents.items()
    ]
    tops = {f.parts[0] for f in files}
    wrapped = len(tops) == 1 and all(len(f.parts) > 2 for f in files)
    if wrapped and len({f.parts[1] for f in files}) > 1:  # one folder around the download
        files = [f.below() for f in files]
    return files


def _by_student(files: list[_File], assignment: str | None) -> dict[str, list[_File]]:
    """Files grouped by student, from where they sit (see the module docstring)."""
    if any(f.parts[0] == "submitted" and len(f.parts) > 1 for f in files):  # nbgrader
        files = [f.below() for f in files if f.parts[0] == "submitted" and len(f.parts) > 1]
    groups: dict[str, list[_File]] = {}
    for f in files:
        if len(f.parts) == 1:
            student = student_of_file(PurePosixPath(f.parts[0]).stem)
        elif assignment and (len(f.parts) < 3 or f.parts[1] != assignment):
            continue
        else:
            student = student_of_folder(f.parts[0])
        groups.setdefault(student, []).append(f)
    return groups


def _read(file: _File, frameworks: FrameworkSet) -> tuple[Case | None, list[Problem]]:
    try:
        raw = file.read()  # type: ignore[operator]
        if len(raw) > yamlio.MAX_BYTES:
            return None, [Problem(file.where, "file is over the 5 MiB a case file can be")]
        text = raw.decode("utf-8-sig")
        document = yamlio.loads(text, file.where)
    except UnicodeDecodeError:
        return None, [Problem(file.where, "file is not UTF-8 text; save it as UTF-8")]
    except InputError as exc:
        return None, list(exc.problems)
    except OSError as exc:
        return None, [Problem(file.where, f"cannot be read: {exc.strerror or exc}")]
    checked = check_document(document, file.where, frameworks)
    errors = [p for p in checked.problems if p.severity == "error"]
    return (checked.case if not errors else None), errors


def _judges_any(case: Case, vignette: Vignette) -> bool:
    answers, _ = answers_from_case(case)
    return any(answers.get(item.question.id) is not None for item in vignette.questions)


def _choose(
    student: str, files: list[_File], vignette: Vignette, frameworks: FrameworkSet
) -> Submission:
    """One submission from a student's files: their coding of the vignette's case."""
    read = [(f, *_read(f, frameworks)) for f in files]
    valid = [(f, case) for f, case, _ in read if case is not None]
    for_vignette = [(f, c) for f, c in valid if c.id == vignette.id]
    if not for_vignette and valid:  # a coding of another case would be scored as this one
        f, case = valid[-1]
        problem = Problem(
            f.where,
            f"a coding of case {case.id!r}, not of the vignette {vignette.id!r}",
            field="id",
        )
        return Submission(student, f.where, "invalid", None, (problem,))
    if not for_vignette:
        f, _, problems = read[-1]
        empty = any("file is empty" in p.message for p in problems)
        return Submission(student, f.where, "empty" if empty else "invalid", None, tuple(problems))
    f, case = for_vignette[-1]
    notes = ()
    if len(for_vignette) > 1:
        notes = (f"{len(for_vignette)} case files; used the last by name, {f.where}",)
    if (
        case.framework.id != vignette.framework.id
        or case.framework.version != vignette.framework.version
    ):
        problem = Problem(
            f.where,
            f"coded against {case.framework.id} {case.framework.version}; the vignette against "
            f"{vignette.framework.id} {vignette.framework.version}",
            field="framework",
        )
        return Submission(student, f.where, "invalid", None, (problem,), notes)
    if not _judges_any(case, vignette):
        problem = Problem(
            f.where,
            f"judges none of the vignette's {len(vignette.questions)} questions",
            field="assessments",
        )
        return Submission(student, f.where, "empty", None, (problem,), notes)
    return Submission(student, f.where, "ok", case, (), notes)


def read_roster(path: str | Path) -> list[str]:
    """Students expected to submit: one a line, or the ``student`` (else first) column of a
    CSV file; blank lines and lines starting with # are skipped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError.single(str(path), "roster is not UTF-8 text; save it as UTF-8") from None
    if path.suffix.lower() != ".csv":
        return [
            line.strip()
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError.single(str(path), "roster is empty")
    header = [cell.strip().lower() for cell in rows[0]]
    column = header.index("student") if "student" in header else 0
    return [row[column].strip() for row in rows[1:] if len(row) > column and row[column].strip()]


def collect(
    source: str | Path,
    vignette: Vignette,
    *,
    assignment: str | None = None,
    roster: Iterable[str] = (),
    frameworks: FrameworkSet | None = None,
) -> list[Submission]:
    """Every student's submission in ``source`` (a folder or a .zip), sorted by student, with
    students of ``roster`` who handed in nothing listed as missing."""
    source = Path(source)
    frameworks = frameworks or FrameworkSet([vignette.framework])
    if source.is_file() and source.suffix.lower() == ".zip":
        files = _zip_files(source)
    elif source.is_dir():
        files = _folder_files(source)
    elif source.exists():
        raise InputError.single(str(source), "submissions must be a folder or a .zip of one")
    else:
        raise InputError.single(str(source), "no such folder or file")
    groups = _by_student(files, assignment)
    submissions = [_choose(name, group, vignette, frameworks) for name, group in groups.items()]
    seen = {s.student for s in submissions}
    for student in roster:
        if student not in seen:
            submissions.append(
                Submission(student, "", "missing", None, (Problem(student, "no submission found"),))
            )
            seen.add(student)
    if source.is_dir():
        submissions += _empty_folders(source, seen, assignment)
    return sorted(submissions, key=lambda s: (s.student.lower(), s.file))


def _empty_folders(source: Path, seen: set[str], assignment: str | None) -> list[Submission]:
    """Student folders holding no case file: handed in nothing readable."""
    root = source / "submitted" if (source / "submitted").is_dir() else source
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        student = student_of_folder(folder.name)
        if student in seen:
            continue
        where = folder / assignment if assignment else folder
        out.append(
            Submission(
                student,
                str(where),
                "missing",
                None,
                (Problem(str(where), "holds no case file (.yaml)"),),
            )
        )
    return out
