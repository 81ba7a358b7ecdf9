"""YAML errors as one problem each, with the line and column where the mistake is: a quoted
string left open is reported where it starts (libyaml notices only at the end of the file, or
at a later line), a control character such as NUL at its own line and column."""

from __future__ import annotations

import re
from typing import Any

import yaml

from casebench.errors import InputError

_KEY_LINE = re.compile(r"\n[ \t]*(?:- )?[A-Za-z_][\w-]*:(?:[ \t]|$)", re.MULTILINE)
"""A line that starts a ``key:`` entry: found inside a quoted string, its closing quote was
probably forgotten and the string swallowed the lines after it."""


def _where_mark(mark: Any) -> dict[str, int]:
    return {"line": mark.line + 1, "column": mark.column + 1}


def _runaway_string(text: str, loader: Any) -> InputError | None:
    """A quoted string that swallowed following ``key:`` lines (or ran to the end of the
    file), located where it starts: the error libyaml reports comes later, or at the end."""
    try:
        for token in yaml.scan(text, Loader=loader):
            if not isinstance(token, yaml.ScalarToken) or token.style not in ("'", '"'):
                continue
            start, end = token.start_mark, token.end_mark
            if start.line != end.line and _KEY_LINE.search(text[start.index : end.index]):
                return InputError.single(
                    "",
                    f"the quoted string that starts here runs on to line {end.line + 1}: "
                    f"is its closing {token.style} missing?",
                    **_where_mark(start),
                )
    except yaml.MarkedYAMLError as exc:
        if exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
            quote = text[exc.context_mark.index : exc.context_mark.index + 1] or '"'
            return InputError.single(
                "",
                f"the quoted string that starts here is never closed: add its closing {quote}",
                **_where_mark(exc.context_mark),
            )
    except yaml.YAMLError:
        pass
    return None


def syntax_error(exc: yaml.MarkedYAMLError, name: str, text: str, loader: Any) -> InputError:
    """A YAML syntax error as one problem, placed where the mistake is rather than where the
    parser gave up, when that can be told (a quoted string left open)."""
    runaway = _runaway_string(text, loader)
    if runaway is not None:
        problem = runaway.problems[0]
        return InputError.single(
            name, f"not valid YAML: {problem.message}", line=problem.line, column=problem.column
        )
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    problem = " ".join(problem.split())
    if mark is not None and "cannot start any token" in problem:
        line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        if line[mark.column : mark.column + 1] == "\t":
            problem = "a tab cannot indent YAML; indent with spaces"
    where: dict[str, Any] = {}
    if mark is not None:
        where = _where_mark(mark)
    return InputError.single(name, f"not valid YAML: {problem or 'syntax error'}", **where)


def reader_error(exc: yaml.reader.ReaderError, name: str, text: str) -> InputError:
    """A character YAML does not allow (NUL, other control characters), at its line:column."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    index = text.find(char)
    code = f"U+{ord(char):04X}" + (" (NUL)" if char == "\0" else "")
    where: dict[str, int] = {}
    if index >= 0:
        where = {
            "line": text.count("\n", 0, index) + 1,
            "column": index - (text.rfind("\n", 0, index) + 1) + 1,
        }
    return InputError.single(
        name,
        f"holds the control character {code}, which YAML does not allow; remove it",
        **where,
    )


__all__ = ["reader_error", "syntax_error"]
