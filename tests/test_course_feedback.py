"""Feedback that teaches: every message of the course, generated over a range of answers, says
what to look at and why, in the framework's words; none only says "wrong"."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from casebench import compare, validate_paths
from casebench.exercises import Feedback, bundled_vignette_ids, comparison_quiz, load_vignette
from casebench.exercises.cmo_check import check_configuration
from casebench.exercises.coding import judgement_feedback, section_feedback
from casebench.exercises.quick_check import check_vignette
from casebench.exercises.reading import mark_reading, reading_quiz
from casebench.exercises.vignette_file import ABSENT
from casebench.registry import load_framework

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"
JUNK = (None, "", "x", 9, True, -1)


def teaches(item: Feedback) -> None:
    """The common promise of every message."""
    assert item.look_at.strip() and item.why.strip(), item
    assert item.look_at in item.message and item.why in item.message, item
    assert "Look at" in item.message or "Look again at" in item.message, item.message
    assert "wrong" not in item.message.lower(), item.message
    assert len(item.why.split()) >= 8, item.why
    assert item.verdict in {"matches", "close", "look again", "not answered"}


def framework_words(item: Feedback, texts: list[str]) -> bool:
    return any(text in item.message for text in texts if text)


@pytest.mark.parametrize("name", bundled_vignette_ids())
def test_coding_feedback_over_every_answer(name: str) -> None:
    vignette = load_vignette(name)
    checked = 0
    for question in vignette.questions:
        scale = question.scale
        words = [question.question.text.strip(), question.question.guidance.strip()]
        words += [level.label for level in scale.levels]
        answers = [*scale.values, ABSENT, *JUNK]
        good = question.evidence[0].quote
        for given, quotes, reveal in itertools.product(
            answers, (None, [], [good], ["not in the text at all"]), (True, False)
        ):
            item = judgement_feedback(question, given, vignette, reveal=reveal, quotes=quotes)
            teaches(item)
            assert framework_words(item, words), item.message
            checked += 1
            judged = given in (*scale.values, ABSENT) and given is not True
            differs = judged and given != question.reference
            if reveal and differs:  # the reference, its evidence, its reason, a neighbour
                assert question.words(question.reference) in item.message
                assert question.evidence[0].quote.strip().rstrip(".") in item.message
                assert question.why.strip() in item.message
                reasons = [text.strip() for text in question.neighbours.values()]
                if given == ABSENT and ABSENT not in question.neighbours:
                    reasons = ["Absent is for a practice the vignette does not show at all"]
                assert any(reason in item.message for reason in reasons), item.message
            if not reveal and differs:  # the quick check gives nothing away
                assert question.why.strip() not in item.message
                if question.reference != ABSENT:
                    assert question.words(question.reference) not in item.message
            if not judged:
                assert question.words(question.reference) not in item.message
            if quotes == ["not in the text at all"] and judged:
                assert "is not the vignette's words exactly" in item.message
            if quotes == [] and judged:
                assert "no evidence yet" in item.message
    assert checked > 500


def test_section_feedback_covers_the_section_only() -> None:
    vignette = load_vignette("larkfield_maternity")
    result = section_feedback(vignette, "changes", {"ch_transfer": 2})
    assert [f.question_id for f in result.items] == ["ch_senior_implementing", "ch_transfer"]
    assert [f.verdict for f in result.items] == ["not answered", "matches"]
    assert result.answered == 1 and "1 of 2 questions judged" in result.summary()
    with pytest.raises(KeyError, match="codes no question of section 'institutional"):
        section_feedback(vignette, "institutional_structures", {})


def test_quick_check_messages_teach() -> None:
    vignette = load_vignette()
    values = [None, ABSENT, 0, 1, 2, 3, 4, 7]
    for combination in itertools.product(values, repeat=2):
        ratings = dict(zip(["si_agendas", "oo_user_movements"], combination, strict=True))
        for item in check_vignette(ratings, vignette).feedback:
            teaches(item)


def test_reading_feedback_over_every_option() -> None:
    framework = load_framework("farr2017")
    items = reading_quiz(framework)
    assert {i.asks for i in items} == {"section", "power"}
    for item in items:
        for given in [*(value for _, value in item.options), None, "nonsense"]:
            result = mark_reading({item.id: given}, [item], framework)[0]
            teaches(result)
            if given == item.answer:
                assert result.verdict == "matches" and "The paper: “" in result.message
                assert "author accepted manuscript, line" in result.message
            elif given in {value for _, value in item.options}:
                assert result.verdict == "look again"
                assert item.question.text.strip() in result.message


def test_comparison_feedback_over_every_option() -> None:
    comparison = compare(validate_paths([SAMPLES]).cases)
    for question in comparison_quiz(comparison):
        answers = list(question.options) or ["81", "0.8", "50", "eighty"]
        for given in [*answers, None, "nonsense"]:
            result = question.mark(given)
            teaches(result)
            assert "chart" in result.look_at or "table" in result.look_at, result.look_at


CONFIGURATIONS = [
    {},
    {"context": "short", "mechanism": "", "outcome": "x", "mechanism_code": "Not A Code"},
    {
        "context": "A library group meets in a committee room with a manager in the chair",
        "mechanism": "Stories move staff to see the service differently from before",
        "outcome": "Staff learn about the mobile library; the one change is a new leaflet",
        "mechanism_code": "stories_move_staff",
        "evidence": ["the one change made so far is a new leaflet", "a made-up quote here"],
    },
    {
        "context": "Zebras quietly graze beyond distant purple mountains today",
        "mechanism": "Zebras quietly graze beyond distant purple mountains today",
        "outcome": "Quantum gravity bends spacetime around heavy neutron stars",
        "mechanism_code": "zebra",
        "evidence": [{"quote": "nobody asks them why"}],
    },
]


@pytest.mark.parametrize("configuration", CONFIGURATIONS, ids=["empty", "thin", "quote", "words"])
def test_cmo_feedback_teaches(configuration: dict) -> None:
    vignette = load_vignette()
    result = check_configuration(configuration, vignette)
    assert result and all(item.verdict != "matches" for item in result)
    for item in result:
        teaches(item)


def test_cmo_checks_name_what_is_missing() -> None:
    vignette = load_vignette()
    ids = {item.question_id for item in check_configuration(CONFIGURATIONS[0], vignette)}
    assert ids == {
        "complete.context",
        "complete.mechanism",
        "complete.outcome",
        "complete.mechanism_code",
        "evidence",
    }
    quoted = check_configuration(CONFIGURATIONS[2], vignette)
    assert [i.question_id for i in quoted] == ["evidence[1]"]
    words = {i.question_id for i in check_configuration(CONFIGURATIONS[3], vignette)}
    assert words == {
        "own_words.context",
        "own_words.mechanism",
        "own_words.outcome",
        "distinct.context",
    }


def test_cmo_that_passes_is_shown_the_example() -> None:
    vignette = load_vignette()
    example = vignette.examples[0]
    configuration = {
        "context": example.context,
        "mechanism": example.mechanism,
        "outcome": example.outcome,
        "mechanism_code": example.mechanism_code,
        "evidence": [e.quote for e in example.evidence],
    }
    (result,) = check_configuration(configuration, vignette)
    teaches(result)
    assert result.verdict == "matches" and "It uses your code." in result.message
