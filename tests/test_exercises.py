"""Formative feedback of the guided exercises, and its agreement statistic."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from casebench import compare, validate_paths
from casebench.exercises import check_vignette, comparison_quiz, load_vignette, mark_quiz
from casebench.exercises.quick_check import weighted_kappa

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"


def test_weighted_kappa_worked_by_hand() -> None:
    # Linear weights |i-j|/4 on the 0-4 scale. Pairs (0,0), (1,2), (2,2):
    # observed disagreement (1/4)/3 = 1/12; marginals a = 1/3 each of 0,1,2 and
    # b = 1/3 of 0, 2/3 of 2 give expected disagreement 1/9+1/36+1/18+1/18 = 1/4;
    # kappa = 1 - (1/12)/(1/4) = 2/3.
    assert weighted_kappa([0, 1, 2], [0, 2, 2], [0, 1, 2, 3, 4]) == pytest.approx(2 / 3)
    assert weighted_kappa([2, 2], [2, 2], [0, 1, 2, 3, 4]) == 1.0


def test_vignette_is_coded_against_the_framework() -> None:
    vignette = load_vignette()
    assert vignette.framework.id == "farr2017"
    assert len(vignette.questions) == 8
    assert all(item.question.kind == "scale" for item in vignette.questions)
    assert all(item.reference in (0, 1, 2, 3, 4, "absent") for item in vignette.questions)


def test_feedback_is_formative() -> None:
    result = check_vignette({"si_speak_freely": 3, "si_agendas": 1, "pp_volunteers": 2})
    verdicts = {f.question_id: f.verdict for f in result.feedback}
    assert verdicts == {
        "pp_diversity": "not answered",
        "oo_user_movements": "not answered",
        "si_speak_freely": "matches",
        "si_agendas": "close",
        "si_venues": "not answered",
        "si_disengagement": "not answered",
        "pp_volunteers": "look again",
        "ch_rhetoric": "not answered",
    }
    messages = {f.question_id: f.message for f in result.feedback}
    assert "Look again at who chairs" in messages["si_agendas"]
    assert "third" in messages["pp_volunteers"]  # points to the dimension of power at work
    assert "volunteers are not substituting" in messages["pp_volunteers"]  # and to the guidance
    # Pairs (student, reference): (3,3), (1,0), (2,0). Observed disagreement (0+1/4+2/4)/3 = 1/4;
    # expected from the marginals = 15/36; kappa = 1 - (1/4)/(15/36) = 0.4.
    assert result.kappa == pytest.approx(0.4)
    assert result.n_rated == 3
    assert [d[0] for d in result.disagreements] == ["pp_volunteers", "si_agendas"]
    assert "weighted kappa 0.40 (fair)" in result.summary()  # Landis and Koch: 0.21-0.40


def test_unanswered_and_off_scale() -> None:
    result = check_vignette({"si_trust": 3, "si_venues": 9})
    assert math.isnan(result.kappa) and result.n_rated == 0
    assert [f.verdict for f in result.feedback if f.question_id == "si_venues"] == ["look again"]
    assert "Rate at least two questions" in result.summary()


def test_quiz_answers_come_from_the_comparison() -> None:
    comparison = compare(validate_paths([SAMPLES]).cases)
    quiz = {q.id: q for q in comparison_quiz(comparison)}
    assert set(quiz) == {
        "issues_share",
        "section_most_different",
        "shared_mechanism",
        "power_domination_everywhere",
        "most_divergent_question",
    }
    marks = {
        f.question_id: f
        for f in mark_quiz(
            {
                "issues_share": "81",
                "shared_mechanism": "emotive_film_bridge",
                "section_most_different": "changes",
            },
            list(quiz.values()),
        )
    }
    # 29 of over 36 issues acted on: under 80.6 %, a bound that is never reached.
    message = marks["issues_share"].message
    assert marks["issues_share"].verdict == "matches"
    assert "29 of over 36" in message and "under 81%" in message and "below" in message
    assert marks["shared_mechanism"].verdict == "matches"
    assert mark_quiz({"issues_share": "0.8"}, [quiz["issues_share"]])[0].verdict == "look again"
    unique = mark_quiz(
        {"shared_mechanism": "community_venue_informality"}, [quiz["shared_mechanism"]]
    )
    assert unique[0].verdict == "look again" and "one case only" in unique[0].message
