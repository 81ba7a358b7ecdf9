"""Counts of issues raised read as the source words them: "29 of over 36" (Farr 2017, line 165)
stays "over 36" in every place that shows it, and files from before the qualifier still load.

The comparison table's labels and shares are checked in ``tests/test_comparison.py``; here the
model, validation, the spreadsheet, the editor, the chart and the quiz.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError

from casebench import load_case, save_case
from casebench.cli import main
from casebench.comparison import compare
from casebench.models import IssueCounts
from casebench.spreadsheet import read_workbook, write_workbook

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "data" / "sample_cases"
NHS = SAMPLES / "nhs_ebcd_breast_cancer.yaml"


def _older_file(tmp_path: Path) -> Path:
    """The NHS sample as a file written before ``raised_qualifier`` existed."""
    text = NHS.read_text(encoding="utf-8").replace(
        "  raised_qualifier: over\n", "  raised_is_minimum: true\n"
    )
    assert "raised_is_minimum: true" in text
    path = tmp_path / "older.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_reads_as_the_paper() -> None:
    issues = load_case(NHS).issues
    assert (issues.raised, issues.raised_qualifier, issues.acted_on) == (36, "over", 29)


def test_an_older_file_loads_as_at_least_and_validate_says_to_check_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _older_file(tmp_path)
    assert load_case(path).issues.raised_qualifier == "at_least"
    assert main(["validate", "--warnings", str(path)]) == 0
    err = capsys.readouterr().err
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "minimum" in text)
    assert (
        f"{path}:{line}:3: warning: issues.raised_is_minimum: is read as raised_qualifier: "
        'at_least ("at least N"); if the source says "over N"' in err
    )
    assert main(["validate", "--strict", str(path)]) == 2
    capsys.readouterr()


def test_saving_an_older_case_writes_the_qualifier(tmp_path: Path) -> None:
    case = load_case(_older_file(tmp_path))
    target = tmp_path / "saved.yaml"
    save_case(case, target)
    text = target.read_text(encoding="utf-8")
    assert "raised_qualifier: at_least" in text and "raised_is_minimum" not in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"raised": 3, "raised_qualifier": "over", "raised_is_minimum": True}, "give raised_"),
        ({"raised": 3, "raised_is_minimum": "yes"}, "must be true or false; this value is the"),
        (
            {"raised": 3, "raised_qualifier": "more than"},
            r"'more than' is not a qualifier of issues raised \(expected one of exactly, "
            r"at_least, over\)",
        ),
    ],
    ids=["both", "not-a-boolean", "unknown-word"],
)
def test_bad_qualifiers_are_refused(data: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        IssueCounts.model_validate(data)


def test_a_bad_qualifier_in_a_file_is_one_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: bad\ntitle: Bad\nframework: {id: farr2017, version: '1.0.0'}\n"
        "issues:\n  raised: 36\n  raised_qualifier: more than\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[0].startswith(f"{path}:6:")
    assert (
        "issues.raised_qualifier: 'more than' is not a qualifier of issues raised (expected one "
        "of exactly, at_least, over)" in err[0]
    )


def test_spreadsheet_writes_the_qualifier_and_reads_older_workbooks(tmp_path: Path) -> None:
    book = tmp_path / "cases.xlsx"
    cases = [load_case(p) for p in sorted(SAMPLES.glob("*.yaml"))]
    write_workbook(cases, book)
    sheet = openpyxl.load_workbook(book)["cases"]
    header = [c.value for c in sheet[1]]
    column = header.index("issues_raised_qualifier")
    values = {row[0].value: row[column].value for row in sheet.iter_rows(min_row=2)}
    assert values == {"local_gov_innovation_lab": None, "nhs_ebcd_breast_cancer": "over"}
    # a workbook written before the qualifier: a TRUE/FALSE column instead
    workbook = openpyxl.load_workbook(book)
    older = workbook["cases"]
    older.cell(row=1, column=column + 1, value="issues_raised_is_minimum")
    for row in older.iter_rows(min_row=2):
        row[column].value = row[0].value == "nhs_ebcd_breast_cancer"
    workbook.save(book)
    read = {c.id: c.issues.raised_qualifier for c in read_workbook(book)}
    assert read == {"local_gov_innovation_lab": "exactly", "nhs_ebcd_breast_cancer": "at_least"}


def _find(widget, description: str):
    if getattr(widget, "description", None) == description:
        return widget
    for child in getattr(widget, "children", ()):
        found = _find(child, description)
        if found is not None:
            return found
    return None


def test_editor_offers_the_source_s_word(tmp_path: Path) -> None:
    from casebench.widgets import CaseEditor

    older = CaseEditor.open(_older_file(tmp_path))
    older.build_all()
    qualifier = _find(older.widget, "Raised is")
    assert qualifier.value == "at_least"  # the older flag's meaning
    qualifier.value = "over"
    assert older.data["issues"]["raised_qualifier"] == "over"
    assert "raised_is_minimum" not in older.data["issues"]
    qualifier.value = "exactly"  # the default is not written
    assert "raised_qualifier" not in older.data["issues"]


def test_chart_and_quiz_say_over() -> None:
    from casebench.charts import levels_of_change_chart
    from casebench.exercises.comparison_quiz import comparison_quiz

    comparison = compare([load_case(p) for p in sorted(SAMPLES.glob("*.yaml"))])
    spec = levels_of_change_chart(comparison).to_dict()
    assert "29 of over 36" in str(spec) and "under 81%" in str(spec)
    assert "Share is an upper bound" not in str(spec)
    quiz = {q.id: q for q in comparison_quiz(comparison)}
    feedback = quiz["issues_share"].mark("81")
    assert feedback.verdict == "matches" and "29 of over 36" in feedback.message
