"""The personal-data scanner: a table of text -> what it finds (masked), and field paths."""

from __future__ import annotations

import pytest

from casebench import yamlio
from casebench.privacy import (
    find_personal_data,
    is_valid_nhs_number,
    mask_digits,
    nhs_check_digit,
    problems,
    scan,
)

FOUND = [
    # NHS numbers: only those whose Modulus 11 check digit is right
    ("NHS no. 943 476 5919 on the form", ["NHS number 943 *** ****"]),
    ("9434765919", ["NHS number 943*******"]),
    ("943-476-5919", ["NHS number 943-***-****"]),
    ("patient 401 023 2137", ["NHS number 401 *** ****"]),
    ("943 476 5918", []),  # check digit should be 9
    ("123 456 7890", []),  # remainder gives 10: no valid NHS number has these nine digits
    ("943 476 59190", []),  # eleven digits
    ("943 4765 919", []),  # not grouped as an NHS number is
    # UK phone numbers
    ("call 07700 900123", ["phone number 077** ******"]),
    ("+44 7700 900123", ["phone number +44 7*** ******"]),
    ("+447700900123", ["phone number +447*********"]),
    ("0044 117 496 0000", ["phone number 0044 1** *** ****"]),
    ("+44 (0)20 7946 0958", ["phone number +44 (0)** **** ****"]),
    ("(020) 7946 0958", ["phone number (020) **** ****"]),
    ("0117 496 0000 ext 2", ["phone number 011* *** ****"]),
    ("07700 900123 2019", ["phone number 077** ******"]),  # figures after the number
    ("0117-496-0000", ["phone number 011*-***-****"]),
    ("07700 9001", []),  # too short
    ("06700 900123", []),  # no UK number starts 06
    ("doi:10.1177/0261018317747444", []),
    ("between 2010 and 2012, 33 meetings", []),
    # e-mail addresses
    ("write to jo.bloggs@nhs.net please", ["e-mail address j***@***.net"]),
    ("a.b+c@council.gov.uk", ["e-mail address a***@***.uk"]),
    ("@handle and x@y", []),
    # UK postcodes
    ("BS8 1TH", ["postcode BS8 ***"]),
    ("lives in SW1A 1AA.", ["postcode SW1A ***"]),
    ("bs8 1th", ["postcode BS8 ***"]),
    ("M1 1AE", ["postcode M1 ***"]),
    ("the M25 1st", []),  # an ordinal, not an inward code
    ("Figure 1 and the 2nd case", []),
    ("NHS Staff 13 and Local government interview 10", []),
    # several in one text, in order
    (
        "jo@x.org, 07700 900123, BS8 1TH",
        ["e-mail address j***@***.org", "phone number 077** ******", "postcode BS8 ***"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[t for t, _ in FOUND])
def test_find_personal_data(text: str, expected: list[str]) -> None:
    assert [str(f) for f in find_personal_data(text)] == expected


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("9434765918", False),
        ("1234567890", False),
        ("943476591", False),
        ("94347659190", False),
        ("94347659x9", False),
    ],
)
def test_nhs_number_validity(number: str, valid: bool) -> None:
    assert is_valid_nhs_number(number) is valid


def test_check_digit_eleven_is_zero() -> None:
    # 10*0 + ... chosen so that the remainder is 0: 11 - 0 = 11 -> check digit 0
    first_nine = next(
        f"{n:09d}"
        for n in range(100_000_000, 100_010_000)
        if sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1), strict=True)) % 11 == 0
    )
    assert nhs_check_digit(first_nine) == 0
    assert is_valid_nhs_number(first_nine + "0")
    assert not is_valid_nhs_number(first_nine + "1")


def test_mask_keeps_layout() -> None:
    assert mask_digits("+44 (0)20 7946", 4) == "+44 (0)2* ****"


def test_scan_gives_field_paths_and_keys() -> None:
    data = {
        "title": "T",
        "assessments": {
            "si_trust": {
                "evidence": [
                    {"quote": "fine"},
                    {"quote": "ring 07700 900123", "attribution": "NHS Staff 1"},
                ]
            }
        },
        "sources": [{"participants": {"jo@x.org": 2}}],
    }
    hits = [(h.path, str(h.finding)) for h in scan(data)]
    assert hits == [
        (("assessments", "si_trust", "evidence", 1, "quote"), "phone number 077** ******"),
        (("sources", 0, "participants", "jo@x.org"), "e-mail address j***@***.org"),
    ]


def test_problems_name_file_line_and_field() -> None:
    text = (
        "id: c\ntitle: C\nassessments:\n  si_trust:\n    memo: ok\n    evidence:\n"
        "      - quote: NHS number 943 476 5919 was read out\n        attribution: A\n"
    )
    found = problems(yamlio.loads(text, "c.yaml"), "c.yaml")
    assert [str(p) for p in found] == [
        "c.yaml:7:9: error: assessments.si_trust.evidence[0].quote: possible personal data: "
        "NHS number 943 *** ****"
    ]
