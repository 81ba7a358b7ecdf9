"""Programme theory files (``*.theory.yaml``): read safely and checked, every problem one
located line, as case files are."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from casebench import yamlio
from casebench.errors import InputError, Problem, dotted
from casebench.models.framework import Framework
from casebench.models.theory import ProgrammeTheory
from casebench.pydantic_problems import problems_from_validation_error
from casebench.wording import not_allowed

THEORY_SUFFIXES = (".theory.yaml", ".theory.yml")
"""Names that mark a programme theory file, so that a folder of case files can hold one."""


def is_theory_file(path: str | Path) -> bool:
    """A ``*.theory.yaml`` file: a programme theory, not a case."""
    return Path(path).name.endswith(THEORY_SUFFIXES)


def read_theory(path: str | Path, framework: Framework | None = None) -> ProgrammeTheory:
    """Read and check a programme theory file; every problem is one located line of an
    :class:`InputError`. With a framework, levels of change must be its levels."""
    name = str(path)
    document = yamlio.read(path)
    if not isinstance(document.data, dict):
        raise InputError.single(
            name, "a programme theory file must be a mapping (id: ..., statements: ...)", line=1
        )
    try:
        theory = ProgrammeTheory.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation_error(exc, name, document)) from None
    if framework is not None:
        problems = []
        levels = framework.level_ids
        for i, statement in enumerate(theory.statements):
            if statement.outcome_level is not None and statement.outcome_level not in levels:
                where = ("statements", i, "outcome_level")
                line, column = document.locate(where)
                problems.append(
                    Problem(
                        name,
                        not_allowed(
                            statement.outcome_level, f"a level of change of {framework.id}", levels
                        ),
                        field=dotted(where),
                        line=line,
                        column=column,
                    )
                )
        if problems:
            raise InputError(problems)
    return theory


__all__ = ["THEORY_SUFFIXES", "is_theory_file", "read_theory"]
