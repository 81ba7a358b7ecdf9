"""The course's parts without a browser: the framework quiz quotes the paper exactly, the
comparison quiz's answers come from the comparison, a coding made in the editor gets section
feedback and is compared with the reference by the agreement package, and the memo is saved."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from casebench import compare, load_case, validate_paths
from casebench.agreement import agreement
from casebench.exercises import comparison_quiz, load_vignette, mark_quiz
from casebench.exercises.against_reference import MEMO_LEAD, add_memo, compare_with_reference
from casebench.exercises.reading import _paper_quotes, mark_reading, reading_quiz
from casebench.files import backup_paths
from casebench.registry import load_framework
from casebench.widgets import CmoForm, CodingExercise, MemoForm, QuizForm, ReadingQuiz

HERE = Path(__file__).resolve()
SAMPLES = HERE.parents[1] / "data" / "sample_cases"
PAPER = HERE.parents[2] / "shared" / "seed" / "000_1cc4923d506ff9ae.txt"
_TYPOGRAPHIC = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "*": None}
)


def _plain(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def test_paper_quotes_are_the_papers_words_at_their_lines() -> None:
    assert PAPER.is_file(), f"the text of Farr (2017) is needed; expected it at {PAPER}"
    lines = PAPER.read_text(encoding="utf-8").splitlines()
    quotes = _paper_quotes()["farr2017"]
    framework = load_framework("farr2017")
    assert set(quotes["power_dimensions"]) == set(framework.power_dimension_ids)
    assert set(quotes["sections"]) == {s.id for s in framework.sections}
    for kind in ("sections", "power_dimensions"):
        for key, entry in quotes[kind].items():
            assert _plain(entry["quote"]) in _plain(lines[entry["line"] - 1]), (kind, key)


def test_reading_quiz_is_built_from_the_framework() -> None:
    framework = load_framework("farr2017")
    items = {item.id: item for item in reading_quiz(framework)}
    sections = [i for i in items.values() if i.asks == "section"]
    assert [i.answer for i in sections] == [s.id for s in framework.sections if s.part == "figure1"]
    powers = {i.answer: i.question.id for i in items.values() if i.asks == "power"}
    # the paper's own ties (realist elements 1, 3, 4; Figure 1 names power with)
    assert powers == {
        "first": "ri_conflict",
        "second": "ri_control",
        "third": "rp_volunteers",
        "fourth": "ro_rhetoric",
        "power_with": "ch_power_with",
    }
    right = mark_reading(
        {i: item.answer for i, item in items.items()}, list(items.values()), framework
    )
    assert {f.verdict for f in right} == {"matches"}
    wrong = mark_reading({"power.ri_control": "third"}, [items["power.ri_control"]], framework)[0]
    assert wrong.verdict == "look again"
    assert "internalised and sought after as one's own" in wrong.message.replace("’", "'")


def test_reading_quiz_for_a_users_framework(tiny_framework) -> None:
    items = reading_quiz(tiny_framework)
    assert {i.answer for i in items if i.asks == "section"} == {"s1", "s2"}
    result = mark_reading({}, items, tiny_framework)
    assert {f.verdict for f in result} == {"not answered"}


def test_reading_form_fills_and_checks() -> None:
    quiz = ReadingQuiz("farr2017")
    quiz.fill({"power.rp_volunteers": "third", "section.si_venues": "changes"})
    verdicts = {f.question_id: f.verdict for f in quiz.check()}
    assert verdicts["power.rp_volunteers"] == "matches"
    assert verdicts["section.si_venues"] == "look again"
    assert "look again" in quiz.feedback.value and "matches" in quiz.feedback.value


def test_comparison_quiz_answers_computed() -> None:
    comparison = compare(validate_paths([SAMPLES]).cases)
    quiz = {q.id: q for q in comparison_quiz(comparison)}
    power = quiz["power_domination_everywhere"]
    assert power.mark("second").verdict == "matches"  # the only dimension with both cases
    assert power.mark("third").verdict == "look again"
    top = comparison.divergence.iloc[0]["question_id"]
    assert quiz["most_divergent_question"].mark(top).verdict == "matches"
    assert quiz["most_divergent_question"].mark("si_trust").verdict in {"look again", "matches"}
    form = QuizForm(comparison)
    form.fill({"issues_share": 81, "shared_mechanism": "emotive_film_bridge"})
    marks = {f.question_id: f.verdict for f in form.check()}
    assert marks["issues_share"] == "matches" and marks["shared_mechanism"] == "matches"
    assert mark_quiz({}, list(quiz.values()))[0].verdict == "not answered"


def _code_riverside(folder: Path, student: str = "Ann") -> CodingExercise:
    exercise = CodingExercise("riverside_libraries", folder, student)
    exercise.answer("pp_diversity", 1, "all eight are regular library users")
    exercise.answer("pp_volunteers", 2)
    exercise.answer("oo_user_movements", "absent", "The group has no contact")
    exercise.answer("si_agendas", 0, "The service manager chairs every meeting")
    exercise.answer("si_venues", 4, "in a committee room")
    exercise.answer("ch_rhetoric", 1, "a new leaflet")
    return exercise


def test_coding_exercise_section_feedback_and_save(tmp_path: Path) -> None:
    exercise = _code_riverside(tmp_path / "coding")
    first = exercise.check_section("who_involved")
    assert [f.verdict for f in first.items] == ["matches", "look again", "matches"]
    assert "Why 1 – Mostly constraining is less defensible" in first.items[1].message
    assert "has no evidence yet" in first.items[1].message
    assert "Check: Who is involved" in next(iter(exercise.buttons.values())).description
    assert "look again" in exercise.feedback.value
    second = exercise.check_section("social_interaction")
    verdicts = {f.question_id: f.verdict for f in second.items}
    assert verdicts == {
        "si_speak_freely": "not answered",
        "si_agendas": "matches",
        "si_venues": "look again",
        "si_disengagement": "not answered",
    }
    assert exercise.feedback.value.count("<h4>") == 2  # both sections' feedback stay shown
    assert exercise.save()
    case = load_case(exercise.path)
    assert case.coder == "Ann" and case.assessments["oo_user_movements"].status == "absent"
    again = CodingExercise("riverside_libraries", tmp_path / "coding")  # reopened, not new
    assert again.check_section("changes").items[0].verdict == "matches"


def test_compared_with_the_reference_by_the_agreement_package(tmp_path: Path) -> None:
    exercise = _code_riverside(tmp_path / "coding")
    exercise.save()
    vignette = load_vignette()
    student = load_case(exercise.path)
    result = compare_with_reference(student, vignette)
    reference = vignette.reference_case()
    expected = agreement(
        [student.model_copy(update={"id": vignette.id}), reference], vignette.focused_framework()
    ).overall.iloc[0]["kappa"]
    assert result.agreement.overall.iloc[0]["kappa"] == pytest.approx(expected)
    assert result.agreement.coders == ("Ann", "reference coding")
    table = result.disagreements
    assert table["question"].tolist() == ["si_venues", "pp_volunteers"]  # 3 points, then 2
    assert table.iloc[0]["student_evidence"].startswith("“in a committee room”")
    assert "committee room at the council offices" in table.iloc[0]["reference_evidence"]
    assert result.largest == "si_venues" and "si_venues" in result.memo_prompt
    assert result.not_judged == ("si_speak_freely", "si_disengagement")
    assert "Weighted kappa with the reference coding over" in result.summary()

    form = MemoForm(result, exercise.path)
    assert not form.save()  # an empty memo is refused, saying why
    assert "empty" in form.status.value
    form.text.value = "I read one venue as enough; the scale asks for a range."
    assert form.save()
    memo = load_case(exercise.path).assessments["si_venues"].memo
    assert memo == f"{MEMO_LEAD} I read one venue as enough; the scale asks for a range."
    assert backup_paths(exercise.path)[0].exists()
    add_memo(exercise.path, "si_venues", "Second thoughts.")
    assert load_case(exercise.path).assessments["si_venues"].memo.endswith("Second thoughts.")


def test_reference_comparison_refuses_another_framework(tmp_path: Path, tiny_cases) -> None:
    from casebench.errors import InputError

    with pytest.raises(InputError, match=r"is coded against tiny 1\.0\.0"):
        compare_with_reference(tiny_cases[0], load_vignette())


def test_perfect_coding_gets_a_memo_prompt_anyway() -> None:
    vignette = load_vignette("millbrook_repairs")
    result = compare_with_reference(vignette.reference_case(), vignette)
    assert result.largest is None and result.disagreements.empty
    assert "judgement you found hardest" in result.memo_prompt
    assert math.isclose(result.agreement.overall.iloc[0]["percent_agreement"], 100.0)


def test_cmo_form_checks_through_the_same_feedback() -> None:
    form = CmoForm(load_vignette("larkfield_maternity"))
    example = form.vignette.examples[0]
    form.fill(
        {
            "context": example.context,
            "mechanism": example.mechanism,
            "outcome": example.outcome,
            "mechanism_code": example.mechanism_code,
            "evidence": [{"quote": e.quote} for e in example.evidence],
        }
    )
    assert [f.verdict for f in form.check()] == ["matches"]
    form.evidence.value = "a quote that is not there"
    assert "evidence[0]" in {f.question_id for f in form.check()}
