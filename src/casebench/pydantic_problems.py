"""Turn pydantic's validation errors into one-line problems a person can act on.

The words come from ``casebench.wording``, so a YAML file, a workbook and the editor say the
same thing about the same problem; only "this value is" becomes "this cell holds" for a cell.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from casebench.errors import Problem, dotted
from casebench.wording import Place, described, id_like, must_be, not_allowed

Path_ = tuple[str | int, ...]


class Located(Protocol):
    """What the problems are placed in: a YAML document, or a workbook's cells."""

    data: Any

    def locate(self, path: Path_) -> tuple[int | None, int | None]: ...


def _data_path(loc: tuple[Any, ...], data: Any, error_type: str) -> Path_:
    """The part of pydantic's ``loc`` that names places in the data (drops union branch tags)."""
    path: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
                continue
            if last and error_type in {"missing", "extra_forbidden"}:
                path.append(part)
            break
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
            continue
        break
    return tuple(path)


_SUBJECTS = {
    "rating": ("a rating", "3"),
    "count": ("a count", "12"),
    "raised": ("a count of issues", "36"),
    "acted_on": ("a count of issues", "29"),
    "months": ("months", "14"),
    "minimum": ("a minimum", "0"),
    "maximum": ("a maximum", "10"),
    "value": ("a scale point", "3"),
}
"""Field name -> (what a message calls its value, an example value)."""


def _subject(path: Path_) -> tuple[str, str]:
    if len(path) >= 2 and path[-2] == "participants":
        return "a count of participants", "17"
    name = path[-1] if path else ""
    return _SUBJECTS.get(str(name), ("the value", "3"))


_NOUNS = {
    "Case": "a field of a case",
    "Assessment": "a field of an assessment",
    "Evidence": "a field of an evidence item",
    "Period": "a field of period",
    "DataSource": "a field of a data source",
    "PowerObservation": "a field of a power observation",
    "Outcome": "a field of an outcome",
    "IssueCounts": "a field of issues",
    "CmoConfiguration": "a field of a CMO configuration",
    "FrameworkRef": "a field of framework",
    "Framework": "a field of a framework",
    "Scale": "a field of a scale",
    "ScaleLevel": "a field of a scale point",
    "Section": "a field of a section",
    "Subsection": "a field of a sub-section",
    "Question": "a field of a question",
    "Option": "a field of an option",
    "PowerDimension": "a field of a power dimension",
    "ChangeLevel": "a field of a level of change",
    "Position": "a field of a coder's position",
    "Disagreement": "a field of a disagreement",
    "ItemPosition": "a field of a coder's position",
    "Decision": "a field of a decision",
}


def _strip(annotation: Any) -> Any:
    """An annotation without ``Annotated`` and ``| None`` around it."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _model_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the fields at ``loc`` (through lists and mappings)."""
    annotation: Any = model
    for part in loc:
        annotation = _strip(annotation)
        origin = typing.get_origin(annotation)
        if origin in (list, dict):
            annotation = typing.get_args(annotation)[-1]
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return None
            annotation = field.annotation
        else:
            return None
    annotation = _strip(annotation)
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def _unknown_field(error: dict[str, Any], model: type[BaseModel] | None) -> str:
    holder = _model_at(model, tuple(error["loc"][:-1]))
    name = error["loc"][-1]
    if holder is None:
        return "unknown field (check the spelling; see `casebench schema` for the fields)"
    noun = _NOUNS.get(holder.__name__, "a field here")
    return not_allowed(name, noun, list(holder.model_fields))


_NUMBER_ERRORS = {"int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"}
_BOUNDS = {
    "greater_than": "greater than {gt}",
    "greater_than_equal": "at least {ge}",
    "less_than": "less than {lt}",
    "less_than_equal": "at most {le}",
}


def _message(error: dict[str, Any], path: Path_, got: Any, model: Any, place: Place) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in {"casebench_at", "casebench_vocabulary"}:
        return str(ctx["message"])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(error, model)
    subject, example = _subject(path)
    if kind in _NUMBER_ERRORS:
        expected = "a whole number" if kind.startswith("int") else "a number"
        return must_be(subject, f"{expected} such as {example}", got, place)
    if kind in _BOUNDS:
        return must_be(subject, _BOUNDS[kind].format(**ctx), got, place)
    if kind.startswith("datetime_") or kind == "timezone_aware":  # datetime_parsing ...
        when = "written YYYY-MM-DDTHH:MM:SS with its UTC offset, such as 2026-03-02T10:30:00+00:00"
        return must_be("a date and time", when, got, place)
    if kind.startswith("date"):  # date_parsing, date_from_datetime_inexact, date_type ...
        return must_be("a date", "written YYYY-MM-DD, such as 2017-12-01", got, place)
    if kind.startswith("bool"):
        return must_be("the value", "true or false", got, place)
    if kind == "string_type":
        return must_be("the value", "text", got, place)
    if kind == "string_pattern_mismatch":
        slug = id_like(str(got))
        such = f" such as {slug}" if slug else ""
        return must_be("an id", f"lower-case letters, digits and _{such}", got, place)
    if kind in {"string_too_short", "too_short"}:
        return "must not be empty"
    if kind == "string_too_long":
        return must_be("the value", f"at most {ctx.get('max_length')} characters long", got, place)
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return must_be("the value", "a mapping of fields (key: value lines)", got, place)
    if kind == "list_type":
        return must_be("the value", "a list (lines starting with '- ')", got, place)
    if kind == "literal_error":  # a Literal without a vocabulary of its own (format: 1)
        return not_allowed(got, "an allowed value", _literals(error))
    text = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return f"{text}; {described(got, place)}"


def _value_at(data: Any, path: Path_) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _literals(error: dict[str, Any]) -> list[str]:
    """The values a ``literal_error`` allows (pydantic gives them as "'a' or 'b'")."""
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return re.findall(r"'([^']*)'", expected) or [expected]


def _union_message(errors: list[dict[str, Any]], path: Path_, got: Any, place: Place) -> str:
    """Several errors at one place come from the branches of a union (a number or text ...)."""
    kinds = {e["type"] for e in errors}
    subject, example = _subject(path)
    if kinds <= _NUMBER_ERRORS:
        return must_be(subject, f"a number such as {example}", got, place)
    if "literal_error" in kinds and kinds <= _NUMBER_ERRORS | {"literal_error"}:
        # a number or a word, such as a judgement: 0 to 4 or absent
        words = [w for e in errors if e["type"] == "literal_error" for w in _literals(e)]
        whole = all(k.startswith("int") for k in kinds & _NUMBER_ERRORS)
        number = f"{'a whole number' if whole else 'a number'} such as {example}"
        listing = f"expected {number} or one of {', '.join(words)}"
        return not_allowed(got, "an allowed value", words, listing=listing)
    return must_be("an answer", "a number, a text or a list of texts", got, place)


def problems_from_validation_error(
    exc: ValidationError,
    file: str,
    document: Located,
    *,
    model: type[BaseModel] | None = None,
    place: Place = "value",
) -> list[Problem]:
    """One problem per distinct field; alternatives of a union are folded into one message.
    ``model`` (the class validated) lets an unknown field's message list the fields allowed;
    ``place`` is "cell" for a workbook."""
    grouped: dict[Path_, list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        path = _data_path(tuple(error["loc"]), document.data, error["type"])
        grouped.setdefault(path, []).append(error)
    problems = []
    for path, errors in grouped.items():
        got = _value_at(document.data, path)
        first = errors[0]
        if first["loc"] and first["loc"][-1] == "[key]":
            got = path[-1] if path else got  # the mapping key is what is wrong
        if len(errors) == 1 or first["type"] in {"missing", "extra_forbidden"}:
            message = _message(first, path, got, model, place)
        else:
            message = _union_message(errors, path, got, place)
        ctx = first.get("ctx") or {}
        if first["type"] == "casebench_at":  # a model validator said where inside the model
            path = (*path, *ctx["path"])
        line, column = document.locate(path)
        problems.append(
            Problem(file=file, message=message, field=dotted(path), line=line, column=column)
        )
    return problems
