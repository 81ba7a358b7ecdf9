"""The workbook round trip loses nothing: export -> import of the samples gives byte-identical
case files (comments, folded text and all), whole numbers stay whole, an edit changes only what
was edited, and every closed-vocabulary column offers a drop-down of exactly its values."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from casebench import load_case, load_framework
from casebench.caseio import case_text, dumps_case
from casebench.cli import main
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
from casebench.spreadsheet import import_workbook, read_workbook

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "data" / "sample_cases").glob("*.yaml"))
FARR = load_framework("farr2017")


def _export(tmp_path: Path) -> Path:
    book = tmp_path / "cases.xlsx"
    assert main(["export", "--to", "xlsx", *map(str, SAMPLES), "-o", str(book)]) == 0
    return book


def _copies(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in SAMPLES:
        shutil.copy(path, folder / path.name)
    return folder


def test_export_then_import_gives_byte_identical_sample_files(tmp_path: Path) -> None:
    book = _export(tmp_path)
    for case, original in zip(read_workbook(book), SAMPLES, strict=True):
        # what an import would write over the original: the original, byte for byte
        assert case_text(case, original) == original.read_text(encoding="utf-8")
    folder = _copies(tmp_path)
    result = import_workbook(book, folder, force=True)
    assert result.written == [] and len(result.unchanged) == 2
    for original in SAMPLES:
        assert (folder / original.name).read_bytes() == original.read_bytes()
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in SAMPLES)


def test_a_workbook_saved_again_by_a_spreadsheet_program_changes_nothing(tmp_path: Path) -> None:
    book = _export(tmp_path)
    workbook = openpyxl.load_workbook(book)  # read and written again, as a program would
    workbook.save(book)
    folder = _copies(tmp_path)
    assert import_workbook(book, folder, force=True).written == []
    for original in SAMPLES:
        assert (folder / original.name).read_bytes() == original.read_bytes()


def test_an_edit_changes_only_its_own_lines_and_keeps_comments(tmp_path: Path) -> None:
    book = _export(tmp_path)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["assessments"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = dict(zip(header, (c.value for c in row), strict=False))
        if (values["case"], values["question"]) == ("nhs_ebcd_breast_cancer", "pp_diversity"):
            row[header.index("memo")].value = "A new memo."
            row[header.index("rating")].value = 2
    workbook.save(book)
    folder = _copies(tmp_path)
    result = import_workbook(book, folder, force=True)
    assert [p.name for p in result.written] == ["nhs_ebcd_breast_cancer.yaml"]
    before = (ROOT / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml").read_text("utf-8")
    after = (folder / "nhs_ebcd_breast_cancer.yaml").read_text("utf-8")
    added = Counter(after.splitlines()) - Counter(before.splitlines())
    removed = Counter(before.splitlines()) - Counter(after.splitlines())
    assert sorted(added.elements()) == ["      A new memo.", "    rating: 2"]
    old_memo = load_case(SAMPLES[1]).assessments["pp_diversity"].memo
    gone = [line.strip() for line in removed.elements()]  # in the order of the file
    assert gone[0] == "rating: 1"
    assert " ".join(gone[1:]) == " ".join(old_memo.split())
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]
    assert (folder / "nhs_ebcd_breast_cancer.yaml.bak").read_text("utf-8") == before


def test_a_fresh_import_writes_what_a_save_writes_and_months_stay_whole(tmp_path: Path) -> None:
    book = _export(tmp_path)
    out = tmp_path / "fresh"
    import_workbook(book, out)
    for original in SAMPLES:
        written = (out / original.name).read_text(encoding="utf-8")
        case = load_case(original)
        assert written == dumps_case(case, out / original.name)
        assert f"  months: {case.period.months}\n" in written
        assert isinstance(case.period.months, int)


def _lists(sheet) -> dict[str, list[tuple[list[str], bool, str]]]:
    """Column letter -> (allowed values, strict, cell ranges) of each list validation."""
    found: dict[str, list[tuple[list[str], bool, str]]] = {}
    for check in sheet.data_validations.dataValidation:
        assert check.type == "list"
        values = check.formula1.strip('"').split(",")
        ranges = str(check.sqref)
        letter = ranges.split(":")[0].split(" ")[0].rstrip("0123456789")
        found.setdefault(letter, []).append((values, bool(check.showErrorMessage), ranges))
    return found


def _letter(sheet, column: str) -> str:
    header = [c.value for c in sheet[1]]
    return openpyxl.utils.get_column_letter(header.index(column) + 1)


@pytest.mark.parametrize(
    ("sheet_name", "column", "values"),
    [
        ("cases", "practice", PRACTICE.values),
        ("cases", "issues_raised_qualifier", RAISED_QUALIFIER.values),
        ("cases", "source1_kind", SOURCE_KIND.values),
        ("assessments", "status", STATUS.values),
        ("assessments", "confidence", CONFIDENCE.values),
        ("power", "dimension", FARR.power_dimension_ids),
        ("power", "mode", MODE.values),
        ("power", "provenance", PROVENANCE.values),
        ("outcomes", "level", FARR.level_ids),
        ("outcomes", "status", OUTCOME_STATUS.values),
        ("cmo", "provenance", PROVENANCE.values),
    ],
)
def test_closed_vocabulary_columns_offer_their_values(
    tmp_path: Path, sheet_name: str, column: str, values: list[str]
) -> None:
    sheet = openpyxl.load_workbook(_export(tmp_path))[sheet_name]
    letter = _letter(sheet, column)
    [(allowed, strict, ranges)] = _lists(sheet)[letter]
    assert (allowed, strict) == (values, True)
    first, last = ranges.split(":")
    assert first == f"{letter}2" and int(last[len(letter) :]) > sheet.max_row + 100


def test_ratings_and_choices_offer_their_question_s_values(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(_export(tmp_path))["assessments"]
    lists = _lists(sheet)
    rating, answer = _letter(sheet, "rating"), _letter(sheet, "answer")
    header = [c.value for c in sheet[1]]
    scale_rows = {
        r
        for r in range(2, sheet.max_row + 1)
        if FARR.questions[sheet.cell(r, header.index("question") + 1).value].question.kind
        == "scale"
    }
    [(points, strict, ranges)] = lists[rating]
    assert points == ["0", "1", "2", "3", "4"] and strict
    covered = openpyxl.worksheet.cell_range.MultiCellRange(ranges)
    assert {r for r in range(2, sheet.max_row + 1) if f"{rating}{r}" in covered} == scale_rows
    assert f"{rating}{sheet.max_row + 1}" in covered  # a row a person adds
    choices = {
        tuple(q.question.option_ids) for q in FARR.questions.values() if q.question.kind == "choice"
    }
    assert {tuple(values) for values, _, _ in lists[answer]} == choices
    assert not any(strict for _, strict, _ in lists[answer])  # "community; service" is allowed
