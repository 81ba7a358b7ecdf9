"""A synthetic class: students' codings of a vignette with difficulty planted, for trying the
class summary out, for its tests and for its benchmark.

On the ``hard`` questions students scatter over the whole scale (and sometimes say absent); on
the others most give the reference judgement and the rest a neighbouring rating. A few files
are broken on purpose (``invalid``), and ``empty`` files have no bytes at all.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from casebench.caseio import save_case
from casebench.exercises.vignette import Vignette
from casebench.exercises.vignette_file import ABSENT
from casebench.files import write_atomic
from casebench.models.case import Assessment, Evidence

LAYOUTS = ("flat", "nbgrader", "folders")
BROKEN = (
    "id: broken\ntitle: [not closed\n",  # YAML syntax error
    "format: 1\nid: off_scale\ntitle: Off the scale\nframework: {{id: {framework}, version: "
    '"{version}"}}\nassessments:\n  {question}:\n    rating: 7\n',  # a rating off the scale
    "format: 1\nid: other_version\ntitle: Old framework\n"
    'framework: {{id: {framework}, version: "0.9"}}\n',  # a version that does not exist
)


def _answer(vignette: Vignette, index: int, hard: bool, rng: random.Random) -> int | str:
    item = vignette.questions[index]
    values = item.scale.values
    if hard:
        return ABSENT if rng.random() < 0.1 else rng.choice(values)
    if rng.random() < 0.8 or item.reference == ABSENT:
        return item.reference
    position = values.index(int(item.reference))
    near = [values[p] for p in (position - 1, position + 1) if 0 <= p < len(values)]
    return rng.choice(near)


def _path(folder: Path, student: str, layout: str, assignment: str) -> Path:
    if layout == "nbgrader":
        return folder / "submitted" / student / assignment / "coding.yaml"
    if layout == "folders":
        return folder / f"{student}_{100000 + len(student)}_assignsubmission_file_" / "coding.yaml"
    return folder / f"{student}.yaml"


def write_class(
    folder: str | Path,
    vignette: Vignette,
    *,
    students: int = 30,
    hard: Sequence[str] = (),
    invalid: int = 3,
    empty: int = 1,
    layout: str = "flat",
    assignment: str = "coding",
    seed: int = 2017,
) -> list[Path]:
    """Write a class's case files into ``folder``; the last ``invalid + empty`` students'
    files are broken or empty. Returns the files written."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    rng = random.Random(seed)
    folder = Path(folder)
    reference = vignette.reference_case()
    hard_set = set(hard)
    written = []
    for n in range(students):
        student = f"student{n + 1:02d}"
        path = _path(folder, student, layout, assignment)
        path.parent.mkdir(parents=True, exist_ok=True)
        broken = n - (students - invalid - empty)
        if broken >= invalid:
            write_atomic(path, "", backup=False)
        elif broken >= 0:
            text = BROKEN[broken % len(BROKEN)].format(
                framework=vignette.framework.id,
                version=vignette.framework.version,
                question=vignette.questions[0].question.id,
            )
            write_atomic(path, text, backup=False)
        else:
            assessments = {}
            for index, item in enumerate(vignette.questions):
                answer = _answer(vignette, index, item.question.id in hard_set, rng)
                quote = Evidence(quote=item.evidence[0].quote, attribution="vignette")
                assessments[item.question.id] = (
                    Assessment(status="absent", evidence=[quote])
                    if answer == ABSENT
                    else Assessment(rating=int(answer), evidence=[quote])
                )
            case = reference.model_copy(update={"coder": student, "assessments": assessments})
            save_case(case, path, backup=False)
        written.append(path)
    return written
