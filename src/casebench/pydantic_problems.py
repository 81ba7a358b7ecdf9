"""Turn pydantic's validation errors into one-line problems a person can act on."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from casebench.errors import Problem, dotted
from casebench.yamlio import Document


def _data_path(loc: tuple[Any, ...], data: Any, error_type: str) -> tuple[str | int, ...]:
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


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: dict[str, Any], got: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see `casebench schema` for the fields)"
    text = str(error["msg"])
    text = text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in {"float_parsing", "float_type", "int_from_float"} or (
        kind in {"int_parsing", "int_type"} and not isinstance(got, float)
    ):
        expected = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {expected}, got {_describe(got)}"
    if kind.startswith("datetime_") or kind == "timezone_aware":  # datetime_parsing ...
        return (
            "expected a date and time as YYYY-MM-DDTHH:MM:SS with its UTC offset "
            f"(e.g. 2026-03-02T10:30:00+00:00), got {_describe(got)}"
        )
    if kind.startswith("date_"):  # date_parsing, date_from_datetime_inexact, date_type ...
        return f"expected a date as YYYY-MM-DD (e.g. 2017-12-01), got {_describe(got)}"
    if text.startswith("Input should be "):
        text = "expected " + text.removeprefix("Input should be ")
        return f"{text}, got {_describe(got)}"
    if kind == "string_pattern_mismatch":
        return f"expected a lower-case id of letters, digits and _ , got {_describe(got)}"
    if kind in {"string_too_short", "too_short"}:
        return "must not be empty"
    return text


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


_LOCATED = re.compile(r"^@(\[.*?\])@ (.*)$", re.DOTALL)


def _parse_path(text: str) -> tuple[str | int, ...]:
    return tuple(json.loads(text))


def problems_from_validation_error(
    exc: ValidationError, file: str, document: Document
) -> list[Problem]:
    """One problem per distinct field; alternatives of a union are folded into one message."""
    grouped: dict[tuple[str | int, ...], list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        path = _data_path(tuple(error["loc"]), document.data, error["type"])
        grouped.setdefault(path, []).append(error)
    problems = []
    for path, errors in grouped.items():
        got = _value_at(document.data, path)
        if errors[0]["loc"] and errors[0]["loc"][-1] == "[key]":
            got = path[-1] if path else got  # the mapping key is what is wrong
        if len(errors) == 1 or errors[0]["type"] in {"missing", "extra_forbidden"}:
            message = _message(errors[0], got)
        else:
            message = f"expected a number, a text or a list of texts, got {_describe(got)}"
        match = _LOCATED.match(message)
        if match:  # a model validator said where inside the model the problem is
            path = (*path, *_parse_path(match.group(1)))
            message = match.group(2)
        line, column = document.locate(path)
        problems.append(
            Problem(file=file, message=message, field=dotted(path), line=line, column=column)
        )
    return problems
