"""XLSX workbook -> cases, with every problem placed at its sheet, row and column.

The workbook is turned into the same plain data a case file holds, remembering the cell each
field came from; the case model and ``validation.check_case`` then judge it exactly as they
judge a YAML file, and their field paths are mapped back to cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casebench.errors import InputError, Problem, dotted
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.pydantic_problems import problems_from_validation_error
from casebench.registry import FrameworkSet
from casebench.spreadsheet import layout as L
from casebench.spreadsheet.xlsx import Workbook, column_letters
from casebench.validation import check_case

Path_ = tuple[str | int, ...]
_STRIPPED = {
    "id",
    "framework_id",
    "framework_version",
    "case",
    "question",
    "owner",
    "status",
    "confidence",
    "dimension",
    "mode",
    "level",
    "n",
    "mechanism_code",
    "questions",
    "power",
    "outcome_code",
    "outcome_direction",
    "outcome_level",
    "practice",
    "provenance",
    "issues_raised_qualifier",
}
_NOT_TEXT = {
    "period_months",
    "draft",
    "issues_raised",
    "issues_raised_is_minimum",  # an older workbook's TRUE/FALSE (see OLDER_CASE_COLUMNS)
    "issues_acted_on",
    "rating",
    "answer",
    "n",
}
"""Columns holding numbers or yes/no; a number typed into any other column is read as text."""


@dataclass
class _Row:
    """One non-blank row: its number and, per column, the value and the cell's reference."""

    number: int
    cells: dict[str, tuple[Any, str]]

    def value(self, column: str) -> Any:
        return self.cells.get(column, (None, ""))[0]

    def ref(self, column: str) -> str:
        return self.cells[column][1] if column in self.cells else next(iter(self.cells.values()))[1]


@dataclass
class _Build:
    """A case being assembled from rows: its plain data and where each field came from."""

    row: _Row
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[Path_, str] = field(default_factory=dict)
    framework: Framework | None = None
    owners: dict[str, Path_] = field(default_factory=dict)

    def put(self, path: Path_, value: Any, ref: str) -> None:
        self.cells[path] = ref
        if value is None:
            return
        node = self.data
        for part in path[:-1]:
            node = node.setdefault(part, {})  # type: ignore[assignment]
        node[path[-1]] = value  # type: ignore[index]

    def locate(self, path: Path_) -> str:
        for end in range(len(path), -1, -1):
            if tuple(path[:end]) in self.cells:
                return self.cells[tuple(path[:end])]
        return self.row.ref("id")


class _Cells:
    """Stands in for a YAML document: ``locate`` answers with an index into ``refs``."""

    def __init__(self, build: _Build) -> None:
        self.data = build.data
        self.build = build
        self.refs: list[str] = []

    def locate(self, path: Path_) -> tuple[int, None]:
        self.refs.append(self.build.locate(path))
        return len(self.refs) - 1, None


class _Reader:
    def __init__(self, path: Path, frameworks: FrameworkSet) -> None:
        self.name = str(path)
        self.path = path
        self.frameworks = frameworks
        self.problems: list[Problem] = []
        self.builds: dict[str, _Build] = {}

    def problem(self, ref: str, message: str, field_: str = "") -> None:
        self.problems.append(Problem(f"{self.name}:{ref}", message, field=field_))

    # ------------------------------------------------------------------ sheets and rows
    def rows(self, book: Workbook, sheet: str) -> Iterator[_Row]:
        columns: dict[int, str] | None = None
        for number, values in book.rows(sheet):
            if columns is None:
                columns = self.header(sheet, values if number == 1 else {})
                if number == 1:
                    continue
            cells = {
                name: (
                    self.clean(name, values.get(index)),
                    f"{sheet}!{column_letters(index)}{number}",
                )
                for index, name in columns.items()
            }
            if any(v is not None for v, _ in cells.values()):
                yield _Row(number, cells)
        if columns is None and sheet == L.CASES:
            self.header(sheet, {})  # an emptied cases sheet still needs its id column
        self.problems.extend(book.problems)
        book.problems.clear()

    def header(self, sheet: str, first: dict[int, Any]) -> dict[int, str]:
        """Column index -> column name, from row 1; unknown and doubled names are problems."""
        case_columns = {**L.CASE_COLUMNS, **L.OLDER_CASE_COLUMNS} if sheet == L.CASES else {}
        known = set(L.COLUMNS.get(sheet, ())) | set(case_columns)
        columns: dict[int, str] = {}
        for index in sorted(first):
            name = str(first[index]).strip().lower()
            ref = f"{sheet}!{column_letters(index)}1"
            if not name:
                continue
            if name in columns.values():
                self.problem(ref, f"column {name!r} appears twice")
            elif name in known or (
                sheet == L.CASES and (L.SOURCE_COLUMN.match(name) or L.ATTRIBUTE_COLUMN.match(name))
            ):
                columns[index] = name
            else:
                self.problem(ref, L.unknown_column(name, sheet))
        for needed in L.REQUIRED[sheet]:
            if needed not in columns.values():
                self.problem(f"{sheet}!1", f"missing column {needed!r}")
        return columns

    @staticmethod
    def clean(column: str, value: Any) -> Any:
        if isinstance(value, dt.datetime | dt.date):
            return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
        if isinstance(value, dt.time | dt.timedelta):
            value = str(value)
        numeric = column in _NOT_TEXT or column.endswith(("_count", "_participants"))
        if isinstance(value, int | float) and not isinstance(value, bool) and not numeric:
            value = str(value)
        if isinstance(value, str):
            value = L.unescape(value)
            if column in _STRIPPED:
                value = value.strip() or None
        return value

    def case_for(self, row: _Row) -> _Build | None:
        case_id = row.value("case")
        build = self.builds.get(str(case_id))
        if build is None:
            message = (
                "case is missing"
                if case_id is None
                else (f"no case {case_id!r} in the cases sheet")
            )
            self.problem(row.ref("case"), message, "case")
        return build

    # ------------------------------------------------------------------ the sheets
    def read_cases(self, book: Workbook) -> None:
        for row in self.rows(book, L.CASES):
            case_id = row.value("id")
            if case_id is not None and str(case_id) in self.builds:
                self.problem(row.ref("id"), f"case id {case_id!r} is used twice", "id")
                continue
            build = _Build(row)
            self.builds[str(case_id)] = build
            for column, path in {**L.CASE_COLUMNS, **L.OLDER_CASE_COLUMNS}.items():
                if column in row.cells or column in L.CASE_COLUMNS:
                    build.put(path, row.value(column), row.ref(column))
            build.cells[("framework",)] = row.ref("framework_id")
            self.read_sources(build, row)
            self.read_attributes(build, row)
            ref = build.data.get("framework", {})
            build.framework = self.frameworks.get(str(ref.get("id")), str(ref.get("version")))

    def read_sources(self, build: _Build, row: _Row) -> None:
        groups: dict[int, dict[str, str]] = {}
        for column in row.cells:
            match = L.SOURCE_COLUMN.match(column)
            if match:
                groups.setdefault(int(match.group(1)), {})[match.group(2)] = column
        sources = []
        for n in sorted(groups):
            columns = groups[n]
            if all(row.value(c) is None for c in columns.values()):
                continue
            i = len(sources)
            source: dict[str, Any] = {}
            sources.append(source)
            for name, column in columns.items():
                ref = row.ref(column)
                build.cells[("sources", i, name)] = ref
                value = row.value(column)
                if name == "participants" and value is not None:
                    value = self.participants(value, ref, build, i)
                if value is not None:
                    source[name] = value
            build.cells[("sources", i)] = row.ref(columns.get("kind", next(iter(columns.values()))))
        if sources:
            build.data["sources"] = sources

    @staticmethod
    def read_attributes(build: _Build, row: _Row) -> None:
        """The attribute_NAME columns with a value, as the case's ``attributes``."""
        for column in row.cells:
            match = L.ATTRIBUTE_COLUMN.match(column)
            if match:
                build.put(("attributes", match.group(1)), row.value(column), row.ref(column))

    def participants(self, text: Any, ref: str, build: _Build, i: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in L.split_list(str(text)):
            role, sep, count = item.rpartition(":")
            if not sep or not role.strip():
                self.problem(
                    ref,
                    f"write participants as 'role: number; role: number', not {item!r}",
                    f"sources[{i}].participants",
                )
                continue
            count = count.strip()
            out[role.strip()] = int(count) if count.isdigit() else count
            build.cells[("sources", i, "participants", role.strip())] = ref
        return out

    def read_assessments(self, book: Workbook) -> None:
        for row in self.rows(book, L.ASSESSMENTS):
            build = self.case_for(row)
            qid = row.value("question")
            if build is None:
                continue
            if qid is None:
                self.problem(row.ref("question"), "question id is missing", "question")
                continue
            qid = str(qid)
            where = ("assessments", qid)
            if where in build.cells:
                self.problem(
                    row.ref("question"),
                    f"question {qid!r} is listed twice for case {build.row.value('id')!r}",
                    dotted(where),
                )
                continue
            build.cells[where] = row.ref("question")
            fields = ("status", "rating", "answer", "confidence", "memo")
            for name in fields:
                build.cells[(*where, name)] = row.ref(name)
            if all(row.value(name) is None for name in fields):
                continue  # not listed in the case
            for name in fields:
                value = row.value(name)
                if name == "answer":
                    value = self.answer(build.framework, qid, value)
                build.put((*where, name), value, row.ref(name))

    @staticmethod
    def answer(framework: Framework | None, qid: str, value: Any) -> Any:
        info = framework.questions.get(qid) if framework else None
        if value is None or info is None:
            return value
        question = info.question
        if question.kind == "choice":
            items = L.split_list(str(value))
            return items if question.multiple else (items[0] if len(items) == 1 else str(value))
        if question.kind == "text" and not isinstance(value, str):
            return str(value)
        return value

    def read_owned(self, book: Workbook, sheet: str, key: str, label: str) -> None:
        """power, outcomes and cmo: one list item per row; evidence finds them by ``key``."""
        for row in self.rows(book, sheet):
            build = self.case_for(row)
            if build is None:
                continue
            items = build.data.setdefault(sheet, [])
            i = len(items)
            item: dict[str, Any] = {}
            items.append(item)
            build.cells[(sheet, i)] = row.ref(key if key in row.cells else "case")
            for column in row.cells:
                if column in {"case", "n"}:
                    continue
                ref, value = row.ref(column), row.value(column)
                build.cells[(sheet, i, column)] = ref
                if column in {"questions", "power"}:
                    value = L.split_list(str(value)) if value is not None else None
                    for j in range(len(value or [])):
                        build.cells[(sheet, i, column, j)] = ref
                elif column == "context_conditions" and value is not None:
                    value = L.parse_conditions(str(value))
                    for j in range(len(value)):
                        build.cells[(sheet, i, column, j)] = ref
                if value is not None:
                    item[column] = value
            number = row.value(key)
            if number is not None:
                owner = f"{label} {number}"
                if owner in build.owners:
                    self.problem(row.ref(key), f"{key} {number!r} is used twice in {sheet}", key)
                build.owners[owner] = (sheet, i)

    def read_evidence(self, book: Workbook) -> None:
        for row in self.rows(book, L.EVIDENCE):
            build = self.case_for(row)
            if build is None:
                continue
            qid, owner = row.value("question"), row.value("owner")
            if (qid is None) == (owner is None):
                self.problem(
                    row.ref("question"),
                    "give either a question id or an owner "
                    "('power N', 'outcome N', 'cmo ID'), not both or neither",
                )
                continue
            if qid is not None:
                where: Path_ = ("assessments", str(qid))
                if where not in build.cells:
                    self.problem(
                        row.ref("question"),
                        f"question {qid!r} has no row in the assessments sheet for this case",
                        "question",
                    )
                    continue
                node = build.data.setdefault("assessments", {}).setdefault(str(qid), {})
            else:
                owner = " ".join(str(owner).split())
                if owner not in build.owners:
                    self.problem(
                        row.ref("owner"),
                        f"owner {owner!r} names no row of the power, "
                        "outcomes or cmo sheets for this case",
                        "owner",
                    )
                    continue
                where = build.owners[owner]
                node = build.data[where[0]][where[1]]
            evidence = node.setdefault("evidence", [])
            i = len(evidence)
            item = {}
            for name in ("quote", "attribution", "source", "location"):
                build.cells[(*where, "evidence", i, name)] = row.ref(name)
                if row.value(name) is not None:
                    item[name] = row.value(name)
            build.cells[(*where, "evidence", i)] = row.ref("quote")
            evidence.append(item)

    # ------------------------------------------------------------------ judging
    def judge(self, build: _Build) -> Case | None:
        try:
            case = Case.model_validate(build.data)
        except ValidationError as exc:
            cells = _Cells(build)
            for p in problems_from_validation_error(
                exc, self.name, cells, model=Case, place="cell"
            ):
                ref = cells.refs[p.line] if p.line is not None else build.locate(())
                self.problems.append(replace(p, file=f"{self.name}:{ref}", line=None))
            return None
        framework = self.frameworks.get(case.framework.id, case.framework.version)
        if framework is None:
            known = ", ".join(self.frameworks.ids())
            self.problem(
                build.locate(("framework", "id")),
                f"framework {case.framework.id} "
                f"{case.framework.version} is unknown (known: {known})",
                "framework",
            )
            return None
        for path, message, severity in check_case(case, framework, place="cell"):
            if severity == "error":
                self.problem(build.locate(path), message, dotted(path))
        return case


def read_workbook(path: str | Path, frameworks: FrameworkSet | None = None) -> list[Case]:
    """Every case in the workbook, or InputError with every problem found (sheet!cell each)."""
    path = Path(path)
    reader = _Reader(path, frameworks or FrameworkSet())
    with Workbook(path) as book:
        wrong = L.sheet_problems(str(path), book.sheetnames)
        if wrong:
            raise InputError(wrong)
        book.check_counts(list(L.DATA_SHEETS))
        reader.read_cases(book)
        reader.read_assessments(book)
        reader.read_owned(book, L.POWER, "n", "power")
        reader.read_owned(book, L.OUTCOMES, "n", "outcome")
        reader.read_owned(book, L.CMO, "id", "cmo")
        reader.read_evidence(book)
        if book.problems_seen:
            raise InputError(reader.problems)  # judging cases now would only add knock-ons
    if not reader.builds and not reader.problems:
        reader.problem(f"{L.CASES}!A2", "the cases sheet lists no case")
    cases = [reader.judge(build) for build in reader.builds.values()]
    if reader.problems:
        raise InputError(reader.problems)
    return [case for case in cases if case is not None]
