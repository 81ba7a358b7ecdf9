"""Cases -> XLSX -> cases gives equal cases; a hand-edited workbook gets located errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from casebench import load_case, load_framework
from casebench.cli import main
from casebench.errors import InputError
from casebench.models import Assessment, Case, CmoConfiguration, Evidence, Outcome
from casebench.spreadsheet import import_workbook, read_workbook, write_workbook
from casebench.spreadsheet.layout import (
    COLUMNS,
    README_ROWS,
    VOCABULARY_ROWS,
    escape,
    unescape,
)
from test_roundtrip import cases as generated_cases

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "data" / "sample_cases").glob("*.yaml"))
SCALE = "'From dominating to strongly enabling' scale (expected one of 0, 1, 2, 3, 4)"


def _samples() -> list[Case]:
    return [load_case(p) for p in SAMPLES]


def _round_trip(cases: list[Case], tmp_path: Path) -> list[Case]:
    book = tmp_path / "cases.xlsx"
    write_workbook(cases, book)
    return read_workbook(book)


def test_samples_round_trip(tmp_path: Path) -> None:
    cases = _samples()
    assert len(cases) == 2
    assert _round_trip(cases, tmp_path) == cases


def test_import_writes_case_files_equal_to_the_originals(tmp_path: Path) -> None:
    write_workbook(_samples(), tmp_path / "cases.xlsx")
    written = import_workbook(tmp_path / "cases.xlsx", tmp_path / "out").written
    assert [p.name for p in written] == [p.name for p in SAMPLES]
    for path, original in zip(written, SAMPLES, strict=True):
        assert load_case(path) == load_case(original)


# Excel keeps 15-16 significant digits of a number (openpyxl writes "%.16g"), so generated
# periods are given to the hundredth of a month, as a person would write them.
_realistic = generated_cases().map(
    lambda case: case.model_copy(
        update={
            "period": case.period.model_copy(
                update={
                    "months": None if case.period.months is None else round(case.period.months, 2)
                }
            )
        }
    )
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(_realistic)
def test_generated_cases_round_trip(tmp_path: Path, case: Case) -> None:
    assert _round_trip([case], tmp_path) == [case]


def test_short_titles_and_attributes_round_trip_as_columns(tmp_path: Path) -> None:
    lg, nhs = _samples()
    nhs = nhs.model_copy(update={"attributes": {"country": "UK", "funding": "NHS trust"}})
    lg = lg.model_copy(update={"attributes": {"country": "Wales"}})
    book = tmp_path / "cases.xlsx"
    write_workbook([lg, nhs], book)
    header = [c.value for c in openpyxl.load_workbook(book)["cases"][1]]
    assert {"short_title", "attribute_country", "attribute_funding"} <= set(header)
    assert read_workbook(book) == [lg, nhs]
    assert read_workbook(book)[1].short_name == "NHS breast cancer EBCD"


def test_a_bad_attribute_column_is_located(tmp_path: Path) -> None:
    book_path = tmp_path / "cases.xlsx"
    write_workbook(_samples(), book_path)
    book = openpyxl.load_workbook(book_path)
    sheet = book["cases"]
    column = sheet.max_column + 1
    sheet.cell(1, column, "attribute_2020_budget")  # a name must start with a letter
    sheet.cell(1, column + 1, "attribute_sector")  # sector is a column of its own
    sheet.cell(2, column + 1, "health")
    book.save(book_path)
    with pytest.raises(InputError) as caught:
        read_workbook(book_path)
    messages = [f"{p.file}: {p.message}" for p in caught.value.problems]
    unknown = "'attribute_2020_budget' is not a column of the cases sheet"
    assert any(unknown in m and "attribute_NAME" in m for m in messages), messages
    where = f"!{openpyxl.utils.get_column_letter(column + 1)}2: "
    assert any(f"{where}sector is a field of its own" in m for m in messages), messages


def test_awkward_text_survives(tmp_path: Path) -> None:
    evidence = [
        Evidence(
            quote="=SUM(A1:A2)",
            attribution="+44 1234",
            source="_x0041_ literal",
            location="a\r\nb\rc\x00d\x1f\ufffe",
        )
    ]
    case = _samples()[0]
    awkward = case.model_copy(
        update={
            "coder": "  leading and trailing  ",
            "summary": "line one\nline two\u2028three",
            "outcomes": [Outcome(level="individual", description="12", evidence=evidence)],
            "cmo": [
                CmoConfiguration(
                    id="c1",
                    context="@context",
                    mechanism="-1",
                    mechanism_code="m",
                    outcome="x",
                    questions=["pp_diversity"],
                    evidence=evidence,
                )
            ],
            "assessments": {
                **case.assessments,
                "pp_inclusion": Assessment(answer="007", memo="'quoted'"),
            },
        }
    )
    assert _round_trip([awkward], tmp_path) == [awkward]


@pytest.mark.parametrize("text", ["_x000D_", "_x005F_", "a_xZZZZ_b", "\r", "plain"])
def test_escape_round_trips(text: str) -> None:
    assert unescape(escape(text)) == text


def test_readme_explains_every_column(tmp_path: Path) -> None:
    write_workbook(_samples(), tmp_path / "cases.xlsx")
    book = openpyxl.load_workbook(tmp_path / "cases.xlsx")
    assert book.sheetnames == [
        "cases",
        "assessments",
        "evidence",
        "power",
        "outcomes",
        "cmo",
        "README",
    ]
    readme = " ".join(" ".join(str(v) for v in row if v) for row in book["README"].values)
    for sheet, columns in COLUMNS.items():
        assert [c.value for c in book[sheet][1]] == list(columns)
        for column in columns:
            assert column in readme, f"{sheet}.{column} is not explained"
    farr = load_framework("farr2017")
    listed = len(farr.power_dimensions) + len(farr.levels_of_change)
    assert len(README_ROWS) + len(VOCABULARY_ROWS) + listed == book["README"].max_row - 1
    # One row per case and framework question, listed or not.
    assert book["assessments"].max_row == 1 + 2 * 53


# --------------------------------------------------------------------------- hand edits


def _edited(tmp_path: Path, edit) -> Path:
    """Export the samples, let ``edit(book)`` change cells as a person would, save."""
    path = tmp_path / "cases.xlsx"
    write_workbook(_samples(), path)
    book = openpyxl.load_workbook(path)
    edit(book)
    book.save(path)
    return path


def _row(sheet, **match: str) -> int:
    header = [c.value for c in sheet[1]]
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        row = dict(zip(header, values, strict=False))
        if all(row.get(k) == v for k, v in match.items()):
            return number
    raise LookupError(match)


def _errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        read_workbook(path)
    return [str(p) for p in info.value.problems]


def _set(sheet_name: str, column: str, value: object, **match: str):
    def edit(book) -> None:
        sheet = book[sheet_name]
        header = [c.value for c in sheet[1]]
        sheet.cell(_row(sheet, **match), header.index(column) + 1).value = value

    return edit


def _rename(old: str, new: str, case: str):
    """A person renames a question id in the assessments sheet and in its evidence rows."""

    def edit(book) -> None:
        for name in ("assessments", "evidence"):
            column = [c.value for c in book[name][1]].index("question")
            for row in book[name].iter_rows(min_row=2):
                if row[0].value == case and row[column].value == old:
                    row[column].value = new

    return edit


NHS = {"case": "nhs_ebcd_breast_cancer"}


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _set("assessments", "rating", 7, question="pp_diversity", **NHS),
            "assessments!F{row}: error: assessments.pp_diversity.rating: 7 is not on the " + SCALE,
        ),
        (
            _set("assessments", "rating", "high", question="pp_diversity", **NHS),
            "assessments!F{row}: error: assessments.pp_diversity.rating: a rating must be a whole "
            "number such as 3; this cell holds the text 'high'",
        ),
        (
            _set("assessments", "confidence", "sure", question="pp_diversity", **NHS),
            "assessments!H{row}: error: assessments.pp_diversity.confidence: 'sure' is not a "
            "confidence (expected one of low, medium, high)",
        ),
        (
            _set("assessments", "status", "not_assessed", question="pp_diversity", **NHS),
            "assessments!F{row}: error: assessments.pp_diversity.rating: a question marked "
            "not_assessed cannot also have a rating: set status: assessed, or remove the rating",
        ),
        (
            _rename("pp_diversity", "pp_diversty", **NHS),
            "assessments!C{row}: error: assessments.pp_diversty: 'pp_diversty' is not a question "
            "of farr2017 (53 questions; `casebench framework farr2017` lists them); did you mean "
            "pp_diversity?",
        ),
    ],
    ids=["off-scale", "not-a-number", "bad-confidence", "not-assessed-with-rating", "typo-id"],
)
def test_hand_edited_assessment_errors(tmp_path: Path, edit, expected: str) -> None:
    path = _edited(tmp_path, edit)
    sheet = openpyxl.load_workbook(path)["assessments"]
    question = "pp_diversty" if "pp_diversty" in expected else "pp_diversity"
    row = _row(sheet, question=question, **NHS)
    assert _errors(path) == [f"{path}:" + expected.format(row=row)]


def test_errors_in_other_sheets_are_located(tmp_path: Path) -> None:
    def edit(book) -> None:
        _set("cases", "period_months", "twenty", id="nhs_ebcd_breast_cancer")(book)
        _set("cases", "source2_participants", "staff 46", id="nhs_ebcd_breast_cancer")(book)
        book["evidence"].cell(2, 4).value = None  # the first quote, emptied
        book["evidence"].append(["nhs_ebcd_breast_cancer", None, "power 99", "q", "a"])
        book["outcomes"].append(["no_such_case", 1, "individual", "achieved", "x"])
        book["cmo"].cell(1, 10).value = "notes"  # a column nobody asked for

    path = _edited(tmp_path, edit)
    book = openpyxl.load_workbook(path)
    nhs = _row(book["cases"], id="nhs_ebcd_breast_cancer")
    assert (book["cases"]["J1"].value, book["cases"]["AD1"].value) == (
        "period_months",
        "source2_participants",
    )
    first_question = book["evidence"]["B2"].value
    # Sheets are read in order (cases, assessments, power, outcomes, cmo, evidence), then
    # each case is judged by the case model: the first case (its first quote emptied), then
    # the NHS case (its period).
    assert _errors(path) == [
        f"{path}:cases!AD{nhs}: error: sources[1].participants: write participants as "
        "'role: number; role: number', not 'staff 46'",
        f"{path}:outcomes!A{book['outcomes'].max_row}: error: case: no case 'no_such_case' in "
        "the cases sheet",
        f"{path}:cmo!J1: error: 'notes' is not a column of the cmo sheet (expected one of case, "
        "id, context, context_conditions, mechanism, mechanism_code, resource, reasoning, "
        "outcome, outcome_code, outcome_direction, outcome_level, provenance, derived_from, "
        "confidence, power, questions)",
        f"{path}:evidence!C{book['evidence'].max_row}: error: owner: owner 'power 99' names no "
        "row of the power, outcomes or cmo sheets for this case",
        f"{path}:evidence!D2: error: assessments.{first_question}.evidence[0].quote: required "
        "field is missing",
        f"{path}:cases!J{nhs}: error: period.months: months must be a number such as 14; this "
        "cell holds the text 'twenty'",
    ]


@pytest.mark.parametrize(
    ("sheet", "column", "value", "expected"),
    [
        (
            "power",
            "dimension",
            "fifth",
            "power!C2: error: power[0].dimension: 'fifth' is not a "
            "power dimension of farr2017 (expected one of first, second, third, fourth, "
            "power_with)",
        ),
        (
            "outcomes",
            "status",
            "done",
            "outcomes!D2: error: outcomes[0].status: 'done' is not an outcome status "
            "(expected one of achieved, partial, not_achieved)",
        ),
        (
            "cmo",
            "questions",
            "pp_diversity; nope",
            "cmo!Q2: error: cmo[0].questions[1]: 'nope' is not a question of farr2017 "
            "(53 questions; `casebench framework farr2017` lists them)",
        ),
        (
            "cmo",
            "context_conditions",
            "community_venue: a café\nStaff unaware: they did not know",
            "cmo!D2: error: cmo[0].context_conditions[1].tag: an id must be lower-case letters, "
            "digits and _ such as staff_unaware_they_did_not_know; this cell holds the text "
            "'Staff unaware: they did not know'",
        ),
        (
            "cmo",
            "power",
            "first; fifth",
            "cmo!P2: error: cmo[0].power[1]: 'fifth' is not a power dimension of farr2017 "
            "(expected one of first, second, third, fourth, power_with)",
        ),
        (
            "cmo",
            "outcome_direction",
            "better",
            "cmo!K2: error: cmo[0].outcome_direction: 'better' is not an outcome direction "
            "(expected one of positive, negative, mixed, no_change)",
        ),
    ],
    ids=[
        "power-dimension",
        "outcome-status",
        "cmo-question",
        "cmo-condition",
        "cmo-power",
        "cmo-direction",
    ],
)
def test_errors_in_the_first_row_of_other_sheets(
    tmp_path: Path, sheet: str, column: str, value: str, expected: str
) -> None:
    def edit(book) -> None:
        header = [c.value for c in book[sheet][1]]
        book[sheet].cell(2, header.index(column) + 1).value = value

    path = _edited(tmp_path, edit)
    assert _errors(path) == [f"{path}:{expected}"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a zip at all", "not an Excel workbook (.xlsx)"), (None, "no such file")],
    ids=["not-xlsx", "missing"],
)
def test_unreadable_workbook_is_one_line(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "cases.xlsx"
    if content is not None:
        path.write_bytes(content)
    errors = _errors(path)
    assert len(errors) == 1 and errors[0].startswith(f"{path}: error: {message}")


def test_missing_sheet_and_duplicate_id(tmp_path: Path) -> None:
    def no_cases(book) -> None:
        del book["cases"]

    assert _errors(_edited(tmp_path, no_cases)) == [
        f"{tmp_path / 'cases.xlsx'}: error: the workbook has no 'cases' sheet; nothing was "
        "imported (every sheet casebench writes must be there, even if empty)"
    ]

    def twice(book) -> None:
        sheet = book["cases"]
        sheet.append([c.value for c in sheet[2]])

    path = _edited(tmp_path, twice)
    assert f"{path}:cases!A4: error: id: case id 'local_gov_innovation_lab' is used twice" in (
        _errors(path)
    )


def test_a_bad_workbook_writes_nothing(tmp_path: Path) -> None:
    path = _edited(tmp_path, _set("assessments", "rating", 9, question="pp_diversity", **NHS))
    out = tmp_path / "out"
    with pytest.raises(InputError):
        import_workbook(path, out)
    assert not out.exists()


def test_import_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    write_workbook(_samples(), tmp_path / "cases.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    (out / "nhs_ebcd_breast_cancer.yaml").write_text("old", encoding="utf-8")
    with pytest.raises(InputError, match="file exists"):
        import_workbook(tmp_path / "cases.xlsx", out)
    assert sorted(p.name for p in out.iterdir()) == ["nhs_ebcd_breast_cancer.yaml"]
    import_workbook(tmp_path / "cases.xlsx", out, force=True)
    assert (out / "nhs_ebcd_breast_cancer.yaml.bak").read_text(encoding="utf-8") == "old"


# --------------------------------------------------------------------------- command line


def test_cli_export_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "cases.xlsx"
    assert (
        main(["export", "--to", "xlsx", str(ROOT / "data" / "sample_cases"), "-o", str(book)]) == 0
    )
    assert "2 case(s)" in capsys.readouterr().out
    assert main(["import", str(book), "--out", str(tmp_path / "out")]) == 0
    assert load_case(tmp_path / "out" / "nhs_ebcd_breast_cancer.yaml") == _samples()[1]


@pytest.mark.parametrize(
    "option", [["--case", "x.yaml"], ["--id", "x"], ["--skip-unknown-codes"], ["--qda-case", "A"]]
)
def test_cli_workbook_import_refuses_project_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str]
) -> None:
    book = tmp_path / "cases.xlsx"
    assert (
        main(["export", "--to", "xlsx", str(ROOT / "data" / "sample_cases"), "-o", str(book)]) == 0
    )
    capsys.readouterr()
    assert main(["import", str(book), "--out", str(tmp_path / "out"), *option]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{book}: error: {option[0]} apply to .qdpx imports only, not to a workbook"]
    assert not (tmp_path / "out").exists()


def test_cli_import_reports_cells(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _edited(tmp_path, _set("assessments", "rating", 7, question="pp_diversity", **NHS))
    assert main(["import", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:assessments!F") and "7 is not on the" in err[0]
    assert not (tmp_path / "out").exists()


def test_context_conditions_survive_a_workbook(tmp_path: Path) -> None:
    from casebench.models.case import ContextCondition

    case = _samples()[0]
    first = case.cmo[0]
    conditions = [
        ContextCondition(tag="plain"),
        ContextCondition(tag="with_text", text="a: colon, and ; semicolons"),
        ContextCondition(tag="gone", text="looked for, not found", present=False),
        ContextCondition(tag="gone_quietly", present=False),
    ]
    edited = case.model_copy(
        update={"cmo": [first.model_copy(update={"context_conditions": conditions})]}
    )
    assert _round_trip([edited], tmp_path) == [edited]
