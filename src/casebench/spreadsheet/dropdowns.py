"""Drop-down lists (data validation) for every workbook column with a closed list of values.

The lists come from where the values are defined: the case model's vocabularies (statuses,
confidences, source kinds, practice, modes, outcome statuses, provenance) and each case's
framework (the scale points of a scale question, the options of a choice question, power
dimensions, levels of change). A spreadsheet program then offers the values and refuses
others with a message listing them; ``casebench import`` checks everything again, so a value
pasted past the drop-down still gets its one-line error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.models.vocabulary import (
    CONFIDENCE,
    MODE,
    OUTCOME_STATUS,
    PRACTICE,
    PROVENANCE,
    RAISED_QUALIFIER,
    SOURCE_KIND,
    STATUS,
)
from casebench.registry import FrameworkSet
from casebench.spreadsheet import layout as L

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

SPARE_ROWS = 500
"""Rows below the data that a person may fill in and still get the drop-downs."""
LIST_LIMIT = 255
"""Longest inline list a spreadsheet program accepts (Excel's limit on the list formula)."""


def _validation(values: Sequence[object], *, strict: bool = True) -> DataValidation | None:
    """A drop-down of ``values`` (None when there are none, or too many to list inline: the
    import still checks them). ``strict``: refuse other values, with a message listing these."""
    from openpyxl.worksheet.datavalidation import DataValidation

    listed = ",".join(str(v) for v in values)
    if not values or len(listed) + 2 > LIST_LIMIT:
        return None
    message = f"Choose one of: {', '.join(str(v) for v in values)}"
    return DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=strict,
        errorTitle="Not in the list" if strict else None,
        error=message[:LIST_LIMIT] if strict else None,
    )


def _letter(columns: list[str], name: str) -> str | None:
    from openpyxl.utils import get_column_letter

    return get_column_letter(columns.index(name) + 1) if name in columns else None


def _whole_column(
    ws: Worksheet, columns: list[str], name: str, values: Sequence[object], last: int
) -> None:
    letter = _letter(columns, name)
    check = _validation(values)
    if letter is None or check is None:
        return
    check.add(f"{letter}2:{letter}{last}")
    ws.add_data_validation(check)


def _by_row(ws: Worksheet, letter: str, rows: dict[int, tuple[tuple[object, ...], bool]]) -> None:
    """One validation per distinct list, covering the rows (row -> (values, strict)) that
    take it, contiguous rows as one range."""
    groups: dict[tuple[tuple[object, ...], bool], list[int]] = {}
    for row, key in sorted(rows.items()):
        groups.setdefault(key, []).append(row)
    for (values, strict), numbers in groups.items():
        check = _validation(values, strict=strict)
        if check is None:
            continue
        start = previous = numbers[0]
        for row in [*numbers[1:], None]:
            if row is not None and row == previous + 1:
                previous = row
                continue
            check.add(
                f"{letter}{start}:{letter}{previous}" if previous > start else f"{letter}{start}"
            )
            if row is not None:
                start = previous = row
        ws.add_data_validation(check)


def _union(lists: Sequence[Sequence[object]]) -> list[object]:
    out: list[object] = []
    for values in lists:
        out += [v for v in values if v not in out]
    return out


class Rows(Protocol):
    """A sheet as the writer builds it: its column names and its data rows."""

    columns: list[str]
    rows: list[list[Any]]


def add_dropdowns(
    book: Workbook, sheets: Mapping[str, Rows], cases: Sequence[Case], frameworks: FrameworkSet
) -> None:
    """Add the drop-downs to a built workbook whose sheets hold ``sheets``' rows."""
    by_case = {c.id: frameworks.get(c.framework.id, c.framework.version) for c in cases}
    used: list[Framework] = []
    for framework in by_case.values():
        if framework is not None and not any(framework is f for f in used):
            used.append(framework)

    def last(sheet: str) -> int:
        return len(sheets[sheet].rows) + 1 + SPARE_ROWS

    cases_ws, cols = book[L.CASES], sheets[L.CASES].columns
    _whole_column(cases_ws, cols, "practice", PRACTICE.values, last(L.CASES))
    qualifiers = RAISED_QUALIFIER.values
    _whole_column(cases_ws, cols, "issues_raised_qualifier", qualifiers, last(L.CASES))
    for name in cols:
        if name.startswith("source") and name.endswith("_kind"):
            _whole_column(cases_ws, cols, name, SOURCE_KIND.values, last(L.CASES))

    ws, cols = book[L.ASSESSMENTS], sheets[L.ASSESSMENTS].columns
    _whole_column(ws, cols, "status", STATUS.values, last(L.ASSESSMENTS))
    _whole_column(ws, cols, "confidence", CONFIDENCE.values, last(L.ASSESSMENTS))
    _answers(ws, sheets[L.ASSESSMENTS], by_case, used, last(L.ASSESSMENTS))

    power, cols = book[L.POWER], sheets[L.POWER].columns
    dimensions = _union([f.power_dimension_ids for f in used])
    _whole_column(power, cols, "dimension", dimensions, last(L.POWER))
    _whole_column(power, cols, "mode", MODE.values, last(L.POWER))
    _whole_column(power, cols, "provenance", PROVENANCE.values, last(L.POWER))

    outcomes, cols = book[L.OUTCOMES], sheets[L.OUTCOMES].columns
    _whole_column(outcomes, cols, "level", _union([f.level_ids for f in used]), last(L.OUTCOMES))
    _whole_column(outcomes, cols, "status", OUTCOME_STATUS.values, last(L.OUTCOMES))
    cmo = sheets[L.CMO]
    _whole_column(book[L.CMO], cmo.columns, "provenance", PROVENANCE.values, last(L.CMO))


def _answers(
    ws: Worksheet,
    sheet: Rows,
    by_case: Mapping[str, Framework | None],
    used: list[Framework],
    last: int,
) -> None:
    """Ratings: the scale points of each row's question; answers: the options of a choice
    question (not strict for a multiple choice, whose cell may list several). Rows below the
    data get the scale points of every framework in the workbook."""
    cols = sheet.columns
    rating, answer = _letter(cols, "rating"), _letter(cols, "answer")
    ratings: dict[int, tuple[tuple[object, ...], bool]] = {}
    answers: dict[int, tuple[tuple[object, ...], bool]] = {}
    for row, values in enumerate(sheet.rows, start=2):
        framework = by_case.get(values[cols.index("case")])
        info = framework.questions.get(values[cols.index("question")]) if framework else None
        if framework is None or info is None:
            continue
        question = info.question
        if question.kind == "scale":
            ratings[row] = (tuple(framework.scale_for(question).values), True)
        elif question.kind == "choice":
            answers[row] = (tuple(question.option_ids), not question.multiple)
    spare = tuple(
        _union(
            [
                f.scale_for(i.question).values
                for f in used
                for i in f.questions.values()
                if i.question.kind == "scale"
            ]
        )
    )
    for extra in range(len(sheet.rows) + 2, last + 1):
        ratings[extra] = (spare, True)
    if rating:
        _by_row(ws, rating, ratings)
    if answer:
        _by_row(ws, answer, answers)


__all__ = ["LIST_LIMIT", "SPARE_ROWS", "add_dropdowns"]
