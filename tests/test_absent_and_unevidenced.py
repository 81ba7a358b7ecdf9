"""Absence is a status, not a rating; a judgement with neither evidence nor memo is visible.

Both are followed through every layer that reads assessments: the model, validation and
``validate --strict``, the comparison tables, charts and exports, the editor, the exercises,
provenance and the report.
"""

from __future__ import annotations

import hashlib
import math
from importlib import resources
from pathlib import Path

import pytest
from pydantic import ValidationError

from casebench import load_case, load_framework, new_case, save_case
from casebench.cli import main
from casebench.comparison import compare
from casebench.models import Assessment, Case, Evidence, FrameworkRef
from casebench.models.framework import sources_text
from casebench.provenance import NOT_RECORDED, case_provenance, framework_provenance
from casebench.validation import check_case

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "data" / "sample_cases"
FARR = load_framework("farr2017")
QUOTE = Evidence(quote="No union was involved.", attribution="Staff 1")


def _case(case_id: str, **assessments: Assessment) -> Case:
    return Case(
        id=case_id,
        title=case_id.title(),
        coder="tester",
        framework=FrameworkRef(id="farr2017", version="1.0.0"),
        assessments=assessments,
    )


# ------------------------------------------------------------------ model and validation


@pytest.mark.parametrize("field", ["rating", "answer"])
def test_absent_carries_no_rating_or_answer(field: str) -> None:
    value = 0 if field == "rating" else "none"
    with pytest.raises(
        ValidationError, match=f"a question marked absent cannot also have a {field}"
    ):
        Assessment(status="absent", memo="looked", **{field: value})


def test_absent_is_judged_but_not_assessed() -> None:
    absent = Assessment(status="absent", memo="looked, found none")
    assert absent.judged and not absent.assessed and absent.evidenced
    assert not Assessment(status="not_assessed").judged


def _warnings(case: Case) -> dict[str, str]:
    return {".".join(map(str, p)): m for p, m, s in check_case(case, FARR) if s == "warning"}


def test_unevidenced_judgements_are_warned_about() -> None:
    case = _case(
        "c",
        si_trust=Assessment(rating=3),
        oo_trade_unions=Assessment(status="absent"),
        si_skills=Assessment(rating=2, memo="why"),
        st_time=Assessment(status="absent", evidence=[QUOTE]),
        pp_payment=Assessment(status="not_assessed"),
    )
    assert case.unevidenced_judgements() == ["si_trust", "oo_trade_unions"]
    warned = _warnings(case)
    assert warned["assessments.si_trust"].startswith("assessed with neither evidence nor a memo")
    assert warned["assessments.oo_trade_unions"].startswith("marked absent with neither")
    assert "assessments.si_skills" not in warned and "assessments.st_time" not in warned
    assert "1 of 53 questions are marked not_assessed with no memo" in warned["assessments"]


def test_a_reason_for_not_assessing_silences_the_count() -> None:
    case = new_case("c", "C", FARR)
    explained = {q: Assessment(status="not_assessed", memo="not reported") for q in FARR.questions}
    assert "assessments" not in _warnings(case.model_copy(update={"assessments": explained}))


def test_configurations_and_observations_say_whose_they_are() -> None:
    from casebench.models import CmoConfiguration, PowerObservation

    case = _case("c").model_copy(
        update={
            "power": [PowerObservation(dimension="first", mode="empowerment", description="d")],
            "cmo": [
                CmoConfiguration(
                    id="x",
                    context="c",
                    mechanism="m",
                    mechanism_code="m",
                    outcome="o",
                    provenance="constructed",
                )
            ],
        }
    )
    warned = _warnings(case)
    assert "constructed it (provenance: constructed)" in warned["power.0.provenance"]
    assert warned["cmo.0.derived_from"] == "say where in the source it comes from"


def test_validate_strict_turns_warnings_into_errors(tmp_path: Path, capsys) -> None:
    # The new user's file of the issue: one rating, nothing behind it.
    path = tmp_path / "c.yaml"
    path.write_text(
        "id: c\ntitle: C\nframework: {id: farr2017, version: '1.0.0'}\n"
        "assessments:\n  si_trust:\n    rating: 3\n",
        encoding="utf-8",
    )
    assert main(["validate", "--warnings", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:5:3: warning: assessments.si_trust: assessed with neither evidence" in err
    assert main(["validate", "--strict", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5:3: error: assessments.si_trust: assessed with neither evidence" in err
    assert "counted as errors by --strict" in err


def test_the_samples_pass_strict(capsys) -> None:
    assert main(["validate", "--strict", str(SAMPLES)]) == 0
    assert capsys.readouterr().out.startswith("2 case file(s) valid, 0 warning(s)")


# ------------------------------------------------------------------ comparison and charts


@pytest.fixture(scope="module")
def absent_pair():
    """Two cases: A finds trade unions absent, B rates them; both rate si_trust."""
    a = _case(
        "a",
        oo_trade_unions=Assessment(status="absent", memo="none took part"),
        si_trust=Assessment(rating=1, memo="m"),
    )
    b = _case(
        "b",
        oo_trade_unions=Assessment(rating=4, memo="m"),
        si_trust=Assessment(rating=3, memo="m"),
    )
    return compare([a, b], FARR)


def test_tidy_and_matrix_show_absent_distinctly(absent_pair) -> None:
    tidy = absent_pair.tidy.set_index(["case_id", "question_id"])
    row = tidy.loc[("a", "oo_trade_unions")]
    assert (row["status"], row["assessed"], row["value"]) == ("absent", True, "absent")
    assert math.isnan(row["rating"])  # never a number, never 0
    assert tidy.loc[("a", "pp_payment"), "status"] == "missing"
    matrix = absent_pair.matrix.set_index("question_id")
    assert matrix.loc["oo_trade_unions", "a"] == "absent"
    assert matrix.loc["oo_trade_unions", "b"] == "4"


def test_absent_is_left_out_of_numbers_but_counted_as_assessed(absent_pair) -> None:
    who = absent_pair.profiles.query("level == 'section' and section_id == 'who_involved'")
    assert who.set_index("case_id").loc["a", "n_rated"] == 0
    assert absent_pair.similarity.iloc[0]["n_shared"] == 1  # si_trust only
    divergence = absent_pair.divergence.set_index("question_id")
    assert math.isnan(divergence.loc["oo_trade_unions", "range"])
    assert divergence.loc["si_trust", "range"] == 2
    coverage = absent_pair.coverage.set_index(["case_id", "section_id"])
    assert coverage.loc[("a", "who_involved"), "n_assessed"] == 1


def test_matrix_chart_marks_absent_cells_apart(absent_pair) -> None:
    from casebench.charts.matrix import UNRATED, matrix_heatmap

    spec = matrix_heatmap(absent_pair).to_dict()
    text = str(spec)
    assert (
        "absent (looked for, not found)" in text
        and UNRATED["absent (looked for, not found)"] in text
    )
    assert "found absent (pale red)" in spec["description"]


def test_exports_show_and_explain_absent(absent_pair) -> None:
    from casebench.exports import matrix_to_markdown

    markdown = matrix_to_markdown(absent_pair)
    assert "| absent |" in markdown.replace("absent [", "absent |")
    assert "absent = looked for and not found (not a rating)" in markdown


# ------------------------------------------------------------------ editor and exercises


def test_editor_records_absent_and_keeps_the_answer(tmp_path: Path) -> None:
    from casebench.widgets import CaseEditor

    editor = CaseEditor.new("e", "E", tmp_path)
    editor.build_all()
    row = editor.rows["oo_trade_unions"]
    row.answer.value = 2
    row.absent.value = True
    assert row.answer.disabled
    assert editor.data["assessments"]["oo_trade_unions"] == {"status": "absent"}
    assert "marked absent with neither evidence nor a memo" in row.messages.value
    row.memo.value = "No union is mentioned anywhere in the project's minutes."
    assert "neither evidence" not in row.messages.value
    assert editor.progress_label.value.startswith("1 of 53 questions assessed")
    assert editor.save()
    saved = load_case(tmp_path / "e.yaml").assessments["oo_trade_unions"]
    assert (saved.status, saved.rating) == ("absent", None)
    reopened = CaseEditor.open(tmp_path / "e.yaml")
    reopened.build_all()
    assert reopened.rows["oo_trade_unions"].absent.value
    row.absent.value = False  # unticked: the rating typed before comes back
    assert editor.data["assessments"]["oo_trade_unions"]["rating"] == 2


def test_editor_notices_an_unevidenced_rating(tmp_path: Path) -> None:
    from casebench.widgets import CaseEditor

    editor = CaseEditor.new("n", "N", tmp_path)
    editor.build_all()
    row = editor.rows["si_trust"]
    row.answer.value = 3
    assert "assessed with neither evidence nor a memo" in row.messages.value
    row.memo.value = "Residents now call staff by name."
    assert row.messages.value == ""


def test_dashboard_evidence_shows_absent_with_its_reason() -> None:
    from casebench.widgets.dashboard import evidence_html

    cases = [
        _case("a", oo_trade_unions=Assessment(status="absent", memo="none took part")),
        _case("b"),
    ]
    shown = evidence_html(cases, FARR, "oo_trade_unions")
    assert "absent: looked for, not found (not a rating)" in shown and "none took part" in shown
    assert shown.count("not assessed") == 1


def test_editor_shows_who_attributes_draws_on() -> None:
    assert "Draws on Fotaki (2015) (attributed by casebench)" in sources_text(
        FARR.questions["pp_payment"].question
    )
    assert "attributed by" not in sources_text(FARR.questions["rp_independence"].question)


def test_vignette_feedback_on_absent() -> None:
    from casebench.exercises import check_vignette

    result = check_vignette({"si_agendas": "absent", "si_speak_freely": 3, "si_venues": 1})
    verdicts = {f.question_id: f for f in result.feedback}
    assert verdicts["si_agendas"].verdict == "look again"
    assert "absent is for a practice the case does not show" in verdicts["si_agendas"].message
    assert result.n_rated == 2  # absent is not a rating in the kappa


# ------------------------------------------------------------------ provenance and report


def test_provenance_names_coder_date_and_files(tmp_path: Path) -> None:
    paths = sorted(SAMPLES.glob("*.yaml"))
    cases = [load_case(p) for p in paths]
    records = case_provenance(cases, paths, [p.name for p in paths])
    for record, path, case in zip(records, paths, cases, strict=True):
        assert record.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert (record.coder, record.coded_on) == (case.coder, "2026-11-30")
    blank = new_case("b", "B", FARR)
    save_case(blank, tmp_path / "b.yaml")
    (record,) = case_provenance([blank], [tmp_path / "b.yaml"])
    assert (record.coder, record.coded_on) == (NOT_RECORDED, NOT_RECORDED)
    bundled = resources.files("casebench") / "frameworks" / "farr2017.yaml"
    assert framework_provenance(FARR).sha256 == hashlib.sha256(bundled.read_bytes()).hexdigest()
    assert framework_provenance(FARR.only_sections(["changes"])).sha256 == (
        framework_provenance(FARR).sha256
    )


def test_a_copy_of_the_framework_does_not_take_its_file_s_place(tmp_path: Path) -> None:
    """The same framework read from another file (here as JSON) is equal to the bundled one,
    but each names its own file: a report on the bundled framework keeps the bundled sha256."""
    import json

    bundled = resources.files("casebench") / "frameworks" / "farr2017.yaml"
    copy = tmp_path / "farr.framework.yaml"
    copy.write_text(json.dumps(FARR.model_dump(mode="json")), encoding="utf-8")
    copied = load_framework(copy)
    assert copied == FARR and copied is not FARR
    assert framework_provenance(FARR).sha256 == hashlib.sha256(bundled.read_bytes()).hexdigest()
    assert framework_provenance(copied).sha256 == hashlib.sha256(copy.read_bytes()).hexdigest()


def test_report_marks_unevidenced_judgements(tmp_path: Path) -> None:
    from casebench.report import build

    folder = tmp_path / "cases"
    folder.mkdir()
    for path in SAMPLES.glob("*.yaml"):
        (folder / path.name).write_bytes(path.read_bytes())
    nhs = load_case(folder / "nhs_ebcd_breast_cancer.yaml")
    bare = nhs.assessments["si_trust"].model_copy(update={"memo": "", "evidence": []})
    save_case(
        nhs.model_copy(update={"assessments": {**nhs.assessments, "si_trust": bare}}),
        folder / "nhs_ebcd_breast_cancer.yaml",
        backup=False,
    )
    html = build.render([folder], title="Marks")
    assert "1 judgement(s) have neither evidence nor a memo" in html
    assert "nhs_ebcd_breast_cancer: si_trust" in html
    assert "2 (low, ⚠ no evidence or memo)" in html
