"""Problems found in user input, reported as one line each: file, line:column, field, message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic_core import PydanticCustomError

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (or worth a look in) an input file."""

    file: str
    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {self.severity}: {field}{self.message}"


class InputError(Exception):
    """Raised when an input file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        super().__init__(str(problems[0]))

    @classmethod
    def single(cls, file: str, message: str, **where: object) -> InputError:
        """An error with one problem (``field``, ``line`` and ``column`` may be given)."""
        return cls([Problem(file=file, message=message, **where)])  # type: ignore[arg-type]


def dotted(path: tuple[str | int, ...]) -> str:
    """``("assessments", "si_trust", "evidence", 0)`` -> ``assessments.si_trust.evidence[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def problem_at(path: tuple[str | int, ...], message: str) -> PydanticCustomError:
    """A model validator's error that says where inside the model it applies.

    ``raise problem_at(("sections", 0, "id"), "...")`` in a validator: the place travels as
    structured data (the error's context), and the reporter turns it into a problem at that
    field, with its line in the file (or its cell in a workbook).
    """
    return PydanticCustomError(
        "casebench_at", "{message}", {"message": message, "path": list(path)}
    )
