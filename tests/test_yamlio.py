"""The YAML reader: YAML 1.2 core scalars, positions, and what it refuses."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

from casebench.errors import InputError
from casebench.yamlio import dumps, loads, plain_scalar
from test_roundtrip import cases as generated_cases


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


def _ruamel_dump(data: dict) -> str:
    """What ruamel.yaml's own round-trip dumper writes: the reference for ``dumps``."""
    import io

    from casebench.yamlio import _styled, _writer

    buffer = io.StringIO()
    _writer().dump(_styled(dict(data)), buffer)
    return buffer.getvalue()


AWKWARD = {
    "none": None,
    "empty": [],
    "nothing": {},
    "floats": [1.0, -0.0, float("inf"), float("-inf"), 2.5e-10, 1e16],
    "flags": [True, False],
    "looks_typed": ["true", "017", "null", "~", ".inf", "1_000", "0o17", "2015-03-01", ""],
    "awkward": [
        "  lead",
        "trailing ",
        "a: b # c",
        "- dash",
        "'q'",
        "#x",
        "a\tb",
        "\x85",
        "x\u2028y",
    ],
    "multi": "line one\nline two",
    "long": "é€😀 " * 40,
    "nested": [{"q": [1, None, {"deep": "value"}]}],
    "big": 10**30,
}


def test_dumps_writes_what_ruamel_writes() -> None:
    assert dumps(AWKWARD) == _ruamel_dump(AWKWARD)
    assert loads(dumps(AWKWARD)).data["looks_typed"] == AWKWARD["looks_typed"]


@settings(max_examples=40, deadline=None)
@given(generated_cases())
def test_dumps_writes_what_ruamel_writes_for_any_case(case) -> None:
    from casebench.caseio import case_to_data

    data = case_to_data(case)
    assert dumps(data) == _ruamel_dump(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nb: 'never closed\nc: 2\n",
            "f.yaml:2:4: error: not valid YAML: the quoted string that starts here is never "
            "closed: add its closing '",
        ),
        (
            'a: "opened\nb: "closed"\nc: 3\n',
            "f.yaml:1:4: error: not valid YAML: the quoted string that starts here runs on to "
            'line 2: is its closing " missing?',
        ),
        (
            "a: 1\nb: x\x00y\n",
            "f.yaml:2:5: error: holds the control character U+0000 (NUL), "
            "which YAML does not allow; remove it",
        ),
    ],
)
def test_quoted_strings_and_control_characters_are_located(text: str, expected: str) -> None:
    with pytest.raises(InputError) as error:
        loads(text, "f.yaml")
    assert str(error.value) == expected


def test_a_folded_quoted_string_is_fine() -> None:
    assert loads('a: "one long\n  string: with a colon"\n').data == {
        "a": "one long string: with a colon"
    }
