"""The words of value messages: one style for YAML values and workbook cells."""

from __future__ import annotations

import pytest

from casebench.models.vocabulary import CONFIDENCE, PRACTICE, SOURCE_KIND, STATUS
from casebench.wording import described, id_like, must_be, nearest, not_allowed


@pytest.mark.parametrize(
    ("value", "allowed", "expected"),
    [
        ("hi", CONFIDENCE.values, ["high"]),  # an abbreviation
        ("High", CONFIDENCE.values, ["high"]),  # case
        ("co-design", PRACTICE.values, ["co_design"]),  # hyphen for underscore
        ("Co Production", PRACTICE.values, ["co_production"]),  # spaces and case
        ("interview", SOURCE_KIND.values, ["interviews"]),  # a typo
        ("not", STATUS.values, ["not_assessed"]),
        ("a", STATUS.values, []),  # too short to abbreviate, and two start with it
        ("regional", ["community", "service", "policy", "other"], []),
        (7, [0, 1, 2, 3, 4], []),  # numbers are not "nearly" other numbers
        (True, ["true"], []),
    ],
)
def test_nearest(value: object, allowed: list, expected: list[str]) -> None:
    assert nearest(value, allowed) == expected


@pytest.mark.parametrize(
    ("value", "place", "expected"),
    [
        ("3", "value", "this value is the text '3'"),
        ("3", "cell", "this cell holds the text '3'"),
        (2.5, "cell", "this cell holds 2.5"),
        (True, "value", "this value is the yes/no value true"),
        ("  ", "value", "this value is blank text"),
        ({"a": 1}, "value", "this value is a mapping (key: value lines)"),
        ([1], "value", "this value is a list"),
        (None, "value", "this value is empty (null)"),
        (None, "cell", "this cell is empty"),
        ("x" * 80, "value", "this value is the text '" + "x" * 56 + "..."),
    ],
)
def test_described(value: object, place: str, expected: str) -> None:
    assert described(value, place) == expected  # type: ignore[arg-type]


def test_the_one_message_style() -> None:
    assert not_allowed("very", "a confidence", CONFIDENCE.values) == (
        "'very' is not a confidence (expected one of low, medium, high)"
    )
    assert not_allowed("q", "a question", [f"q{i}" for i in range(40)], listing="40; see X") == (
        "'q' is not a question (40; see X)"
    )
    assert must_be("a rating", "a whole number such as 3", "3", "cell") == (
        "a rating must be a whole number such as 3; this cell holds the text '3'"
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [("NHS Case 1", "nhs_case_1"), ("3rd wave", "x_3rd_wave"), ("  ", ""), ("Café lab", "caf_lab")],
)
def test_id_like(text: str, slug: str) -> None:
    assert id_like(text) == slug
