"""The YAML reader: YAML 1.2 core scalars, positions, and what it refuses."""

from __future__ import annotations

import math

import pytest

from casebench.errors import InputError
from casebench.yamlio import dumps, loads, plain_scalar


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("No", "No"),  # YAML 1.1 booleans are text
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("12", 12),
        ("-3", -3),
        ("0o17", 15),
        ("0x1F", 31),
        ("017", 17),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("-.inf", -math.inf),
        ("2015-03-01", "2015-03-01"),  # no timestamps in the core schema
        ("1_000", "1_000"),
        ("NHS Staff 13", "NHS Staff 13"),
    ],
)
def test_plain_scalars(text: str, expected: object) -> None:
    assert plain_scalar(text) == expected
    assert type(plain_scalar(text)) is type(expected)


def test_nan() -> None:
    assert math.isnan(plain_scalar(".nan"))


def test_quoted_and_tagged_scalars_are_text() -> None:
    data = loads('a: "12"\nb: \'no\'\nc: !!str 3\nd: |\n  two\n  lines\ne: !!int "7"\n').data
    assert data == {"a": "12", "b": "no", "c": "3", "d": "two\nlines\n", "e": 7}


def test_positions_point_at_keys_and_items() -> None:
    document = loads("top:\n  inner: 1\n  list:\n    - a\n    - {k: v}\n")
    assert document.positions[("top",)] == (1, 1)
    assert document.positions[("top", "inner")] == (2, 3)
    assert document.positions[("top", "list", 1)] == (5, 7)
    assert document.positions[("top", "list", 1, "k")] == (5, 8)
    assert document.locate(("top", "list", 1, "missing")) == (5, 7)  # nearest ancestor


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("? [a, b]\n: 1\n", "mapping keys must be plain text"),
        ("a: !!int twelve\n", "'twelve' is not a valid !!int"),
        ("a: !!bool 1\n", "'1' is not a valid !!bool"),
        ("a: !custom x\n", "YAML tag !custom is not allowed"),
        ("a: !!set {x}\n", "YAML tag !!set is not allowed"),
        ("a: 1\na: 2\n", "duplicate key 'a': it is already given on line 1"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        loads(text, "f.yaml")
    assert message in str(error.value)


def test_written_text_reads_back() -> None:
    data = {"no": "no", "n": "017", "d": "2015-03-01", "t": "true", "x": 1.0, "s": "a: b # c"}
    assert loads(dumps(data)).data == data


@pytest.mark.parametrize("text", [".5e5", "1e3", "017", "0x1F", "true", "null", "~", "", ".nan"])
def test_text_that_looks_like_a_number_is_quoted_when_written(text: str) -> None:
    assert loads(dumps({"title": text})).data == {"title": text}


def test_only_valid_cases_are_handed_on(tmp_path) -> None:
    from casebench import validate_paths

    good = "id: {0}\ntitle: T\nframework: {{id: farr2017, version: 1.0.0}}\n"
    (tmp_path / "a.yaml").write_text(good.format("a"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        good.format("b") + "assessments:\n  si_trust: {rating: 7}\n", encoding="utf-8"
    )
    report = validate_paths([tmp_path])
    assert [c.id for c in report.cases] == ["a"]
    assert len(report.errors) == 1
