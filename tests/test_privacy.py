"""The personal-data scanner: a table of text -> what it finds (masked), and field paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebench import yamlio
from casebench.privacy import (
    find_personal_data,
    is_valid_nhs_number,
    mask_digits,
    nhs_check_digit,
    path_problems,
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
    # ... grouped any way, as people write them
    ("943 4765 919", ["NHS number 943 **** ***"]),
    ("94 34 76 59 19", ["NHS number 94 3* ** ** **"]),
    ("943.476.5919", ["NHS number 943.***.****"]),
    ("NHS no. 943 476 5919 2 visits", ["NHS number 943 *** ****"]),  # figures after it
    ("ISBN 0-19-953556-9", []),  # an ISBN-10 passes the same Modulus 11 check
    ("ISBN: 0199535566", []),
    ("1 2 3 4 5 6 7 8 9 10", []),  # a list of small numbers
    # UK phone numbers
    ("call 07700 900123", ["phone number 077** ******"]),
    ("+44 7700 900123", ["phone number +44 7*** ******"]),
    ("+447700900123", ["phone number +447*********"]),
    ("0044 117 496 0000", ["phone number 0044 1** *** ****"]),
    ("+44 (0)20 7946 0958", ["phone number +44 (0)** **** ****"]),
    ("(020) 7946 0958", ["phone number (020) **** ****"]),
    ("0117 496 0000 ext 2", ["phone number 011* *** **** ext *"]),
    ("07700 900123 2019", ["phone number 077** ******"]),  # figures after the number
    ("0117-496-0000", ["phone number 011*-***-****"]),
    ("Call Jane (07700 900123)", ["phone number 077** ******"]),  # in brackets
    ("07700.900.123", ["phone number 077**.***.***"]),  # dots
    ("44 7700 900123", ["phone number 44 7*** ******"]),  # 44 without +
    ("(+44) 7700 900123", ["phone number (+44) 7*** ******"]),
    ("+44 (0) 7700 900123", ["phone number +44 (0) **** ******"]),
    ("tel. 01632 960001", ["phone number 016** ******"]),  # Ofcom's drama range
    ("call 07700  900123", ["phone number 077**  ******"]),  # two spaces
    (
        "\uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13",
        ["phone number 077** ******"],
    ),  # full width
    ("ring +1 202 555 0143", ["phone number +1 20* *** ****"]),  # abroad, with its code
    ("+33 1 42 68 53 00", ["phone number +33 1 ** ** ** **"]),
    ("07700 9001", []),  # too short
    ("06700 900123", []),  # no UK number starts 06
    ("doi:10.1177/0261018317747444", []),
    ("between 2010 and 2012, 33 meetings", []),
    # e-mail addresses
    ("write to jo.bloggs@nhs.net please", ["e-mail address j***@***.net"]),
    ("a.b+c@council.gov.uk", ["e-mail address a***@***.uk"]),
    ("@handle and x@y", []),
    ("jane.smith at nhs dot net", ["e-mail address j***@***.net"]),  # spelled out
    ("JANE AT NHS DOT NET", ["e-mail address J***@***.net"]),
    ("jane.smith [at] nhs [dot] net", ["e-mail address j***@***.net"]),
    ("jane.smith(at)nhs.net", ["e-mail address j***@***.net"]),
    ("jane.smith \uff20 nhs.net", ["e-mail address j***@***.net"]),  # full-width at sign
    ("jane.smith @ nhs.net", ["e-mail address j***@***.net"]),
    ("we met at the town hall", []),
    ("staff at the council offices", []),
    ("look at figure.png", []),
    # UK postcodes
    ("BS8 1TH", ["postcode BS8 ***"]),
    ("lives in SW1A 1AA.", ["postcode SW1A ***"]),
    ("bs8 1th", ["postcode BS8 ***"]),
    ("BS8  1TH", ["postcode BS8 ***"]),  # two spaces
    ("BS8\t1TH", ["postcode BS8 ***"]),
    ("bs81th", ["postcode BS8 ***"]),
    ("M1 1AE", ["postcode M1 ***"]),
    ("the M25 1st", []),  # an ordinal, not an inward code
    ("Figure 1 and the 2nd case", []),
    ("NHS Staff 13 and Local government interview 10", []),
    # figures that are not personal data
    ("ISBN 978-0-19-953556-9", []),
    ("between 2010 and 2012", []),
    ("1997-2003 and 2015\u20132017", []),
    ("29 of 36 staff", []),
    ("pp. 201-219", []),
    ("Farr, M. (2018) Critical Social Policy 38(4), 623-644", []),
    ("doi:10.1080/14719037.2017.1413581", []),
    ("12.03.2019", []),
    ("\u00a31,000,000 budget", []),
    ("ratio 0.6875 (11/16)", []),
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


ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "sample_cases").glob("*.yaml")))
def test_the_sample_cases_are_clean(path: Path) -> None:
    assert [(h.path, str(h.finding)) for h in scan(yamlio.read(path).data)] == []


def test_paths_are_scanned() -> None:
    found = path_problems(["cases/jane.smith@nhs.net/a.yaml", "cases/BS8 1TH/b.yaml", "ok/c.yaml"])
    assert [str(p) for p in found] == [
        "cases/jane.smith@nhs.net/a.yaml: error: possible personal data in the file's path: "
        "e-mail address j***@***.net",
        "cases/BS8 1TH/b.yaml: error: possible personal data in the file's path: postcode BS8 ***",
    ]


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
