"""Problems found in user input, reported as one line each: file, line:column, field, message."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

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


def located(path: tuple[str | int, ...], message: str) -> str:
    """A validator message that tells the error reporter where inside the model it applies.

    Model validators raise ``ValueError(located(("sections", 0, "id"), "..."))`` and the
    reporter turns it into a problem at that field, with its line in the file.
    """
    return f"@{json.dumps(list(path))}@ {message}"
