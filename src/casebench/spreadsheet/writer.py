"""Cases -> one XLSX workbook (sheets described in ``layout``), for reading and hand editing."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebench.errors import InputError, dotted
from casebench.files import write_atomic
from casebench.models.case import Case, Evidence
from casebench.registry import FrameworkSet
from casebench.spreadsheet import layout as L
from casebench.spreadsheet.dropdowns import add_dropdowns

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_WIDE = {
    "title",
    "summary",
    "memo",
    "quote",
    "question_text",
    "description",
    "context",
    "context_conditions",
    "resource",
    "reasoning",
    "derived_from",
    "mechanism",
    "outcome",
    "citation",
    "approach",
    "period_description",
    "meaning",
    "interests",
}


class _Sheet:
    """Rows of one sheet, with the case field each cell came from (for error messages)."""

    def __init__(self, name: str, columns: Sequence[str]) -> None:
        self.name = name
        self.columns = list(columns)
        self.rows: list[list[Any]] = []

    def add(self, case: Case, values: dict[str, Any], where: tuple[str | int, ...]) -> None:
        for column, value in values.items():
            if isinstance(value, str) and len(value) > L.EXCEL_CELL_LIMIT:
                raise InputError.single(
                    case.id,
                    f"{len(value)} characters is more than an Excel cell holds "
                    f"({L.EXCEL_CELL_LIMIT}); shorten it or keep this case in YAML",
                    field=dotted((*where, column)),
                )
        self.rows.append([values.get(column) for column in self.columns])


def _blank(value: Any) -> Any:
    """Default values stay blank so that the sheet shows what was actually recorded."""
    return None if value == "" or value == [] or value == {} else value


def _joined(items: Iterable[str]) -> str | None:
    return _blank(L.LIST_SEPARATOR.join(items))


def _case_row(case: Case, groups: int) -> dict[str, Any]:
    data = case.model_dump(mode="json")
    row: dict[str, Any] = {}
    for column, path in L.CASE_COLUMNS.items():
        value: Any = data
        for part in path:
            value = value[part]
        row[column] = _blank(value)
    row["draft"] = case.draft
    qualifier = case.issues.raised_qualifier
    row["issues_raised_qualifier"] = None if qualifier == "exactly" else qualifier
    for n in range(1, groups + 1):
        if n <= len(case.sources):
            source = case.sources[n - 1]
            row[f"source{n}_kind"] = source.kind
            row[f"source{n}_count"] = source.count
            row[f"source{n}_participants"] = _joined(
                f"{role}: {count}" for role, count in source.participants.items()
            )
            row[f"source{n}_description"] = _blank(source.description)
    for name, value in case.attributes.items():
        row[f"{L.ATTRIBUTE_PREFIX}{name}"] = value
    return row


def _evidence_rows(
    sheet: _Sheet,
    case: Case,
    key: dict[str, Any],
    items: list[Evidence],
    where: tuple[str | int, ...],
) -> None:
    for i, item in enumerate(items):
        values = {
            "case": case.id,
            **key,
            "quote": item.quote,
            "attribution": item.attribution,
            "source": _blank(item.source),
            "location": _blank(item.location),
        }
        sheet.add(case, values, (*where, "evidence", i))


def _answer(value: Any) -> Any:
    return _joined(value) if isinstance(value, list) else _blank(value)


def _fill(case: Case, frameworks: FrameworkSet, sheets: dict[str, _Sheet]) -> None:
    framework = frameworks.get(case.framework.id, case.framework.version)
    questions = framework.questions if framework else {}
    order = [*questions, *(q for q in case.assessments if q not in questions)]
    for qid in order:
        info = questions.get(qid)
        row: dict[str, Any] = {
            "case": case.id,
            "section": info.section.title if info else None,
            "question": qid,
            "question_text": info.question.text if info else None,
        }
        assessment = case.assessments.get(qid)
        if assessment is not None:
            row |= {
                "status": assessment.status,
                "rating": assessment.rating,
                "answer": _answer(assessment.answer),
                "confidence": assessment.confidence,
                "memo": _blank(assessment.memo),
            }
            _evidence_rows(
                sheets[L.EVIDENCE],
                case,
                {"question": qid},
                assessment.evidence,
                ("assessments", qid),
            )
        sheets[L.ASSESSMENTS].add(case, row, ("assessments", qid))
    for i, obs in enumerate(case.power):
        sheets[L.POWER].add(
            case,
            {
                "case": case.id,
                "n": i + 1,
                "dimension": obs.dimension,
                "mode": obs.mode,
                "description": obs.description,
                "provenance": obs.provenance,
                "derived_from": _blank(obs.derived_from),
                "questions": _joined(obs.questions),
            },
            ("power", i),
        )
        _evidence_rows(
            sheets[L.EVIDENCE], case, {"owner": f"power {i + 1}"}, obs.evidence, ("power", i)
        )
    for i, outcome in enumerate(case.outcomes):
        sheets[L.OUTCOMES].add(
            case,
            {
                "case": case.id,
                "n": i + 1,
                "level": outcome.level,
                "status": outcome.status,
                "description": outcome.description,
            },
            ("outcomes", i),
        )
        _evidence_rows(
            sheets[L.EVIDENCE],
            case,
            {"owner": f"outcome {i + 1}"},
            outcome.evidence,
            ("outcomes", i),
        )
    for i, cmo in enumerate(case.cmo):
        values = {
            "case": case.id,
            **cmo.model_dump(exclude={"evidence", "questions", "power", "context_conditions"}),
            "context_conditions": _blank(
                L.conditions_text(cmo.model_dump(mode="json")["context_conditions"])
            ),
            "power": _joined(cmo.power),
            "questions": _joined(cmo.questions),
        }
        sheets[L.CMO].add(case, values, ("cmo", i))
        _evidence_rows(
            sheets[L.EVIDENCE], case, {"owner": f"cmo {cmo.id}"}, cmo.evidence, ("cmo", i)
        )


def _write_sheet(ws: Worksheet, sheet: _Sheet) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append(sheet.columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(sheet.rows, start=2):
        for c, value in enumerate(values, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = L.escape(value)
                cell.data_type = "s"  # text stays text, even "=..." or "12"
            else:
                cell.value = value
            if sheet.columns[c - 1] in _WIDE:
                cell.alignment = wrap
    for c, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = 60 if column in _WIDE else 16
    ws.freeze_panes = "A2"


def _framework_rows(cases: Sequence[Case], frameworks: FrameworkSet) -> list[list[Any]]:
    """README rows listing each framework's power dimensions and levels of change."""
    rows: list[list[Any]] = []
    for ref in dict.fromkeys((c.framework.id, c.framework.version) for c in cases):
        framework = frameworks.get(*ref)
        if framework is None:
            continue
        for d in framework.power_dimensions:
            rows.append(["(values)", f"dimension ({framework.id}): {d.id}", d.title])
        for lv in framework.levels_of_change:
            rows.append(["(values)", f"level ({framework.id}): {lv.id}", lv.title])
    return rows


def build_workbook(cases: Sequence[Case], frameworks: FrameworkSet | None = None) -> Workbook:
    """The workbook for ``cases`` (the frameworks list each case's questions in order)."""
    from openpyxl import Workbook

    frameworks = frameworks or FrameworkSet()
    groups = max([len(case.sources) for case in cases] + [1])
    attributes = sorted({name for case in cases for name in case.attributes})
    case_columns = (
        [*L.CASE_COLUMNS]
        + [f"source{n}_{field}" for n in range(1, groups + 1) for field in L.SOURCE_FIELDS]
        + [f"{L.ATTRIBUTE_PREFIX}{name}" for name in attributes]
    )
    sheets = {L.CASES: _Sheet(L.CASES, case_columns)}
    sheets |= {name: _Sheet(name, columns) for name, columns in L.COLUMNS.items()}
    for case in cases:
        sheets[L.CASES].add(case, _case_row(case, groups), ())
        _fill(case, frameworks, sheets)
    book = Workbook()
    book.remove(book.active)
    for name in (L.CASES, L.ASSESSMENTS, L.EVIDENCE, L.POWER, L.OUTCOMES, L.CMO):
        _write_sheet(book.create_sheet(name), sheets[name])
    add_dropdowns(book, sheets, cases, frameworks)
    readme = _Sheet(L.README, ["sheet", "columns", "meaning"])
    readme.rows = [list(row) for row in [*L.README_ROWS, *L.VOCABULARY_ROWS]]
    readme.rows += _framework_rows(cases, frameworks)
    _write_sheet(book.create_sheet(L.README), readme)
    return book


def workbook_bytes(cases: Sequence[Case], frameworks: FrameworkSet | None = None) -> bytes:
    """The XLSX file's bytes."""
    buffer = io.BytesIO()
    build_workbook(cases, frameworks).save(buffer)
    return buffer.getvalue()


def write_workbook(
    cases: Sequence[Case], path: str | Path, frameworks: FrameworkSet | None = None
) -> Path:
    """Write the workbook atomically (a crash never leaves half a file)."""
    path = Path(path)
    data = workbook_bytes(cases, frameworks)
    write_atomic(path, data, backup=False)
    return path
