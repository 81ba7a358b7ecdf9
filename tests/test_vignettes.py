"""The course's vignettes: three sectors, clearly fictional, a reference coding whose every
judgement quotes the vignette word for word with a reason and neighbours explained; and a
lecturer's own vignette file, checked with one-line located errors and used by the course."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebench import yamlio
from casebench.errors import InputError
from casebench.exercises import bundled_vignette_ids, load_vignette
from casebench.exercises.vignette_file import ABSENT

BUNDLED = bundled_vignette_ids()
FOLDER = Path(__file__).parents[1] / "src" / "casebench" / "exercises" / "vignettes"
_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _plain(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def test_three_sectors_bundled() -> None:
    sectors = {load_vignette(v).sector for v in BUNDLED}
    assert len(BUNDLED) == 3
    assert {"health", "local government"} <= sectors and len(sectors) == 3


@pytest.mark.parametrize("name", BUNDLED)
def test_vignette_is_fictional_and_a_few_hundred_words(name: str) -> None:
    vignette = load_vignette(name)
    assert vignette.fictional
    assert vignette.text.lstrip().startswith("This is a fictional case, written for teaching")
    assert 250 <= len(vignette.text.split()) <= 600
    assert len(vignette.sections()) >= 3, "coded section by section"
    assert all(len(items) >= 1 for _, items in vignette.sections())


@pytest.mark.parametrize("name", BUNDLED)
def test_every_reference_quote_is_verbatim(name: str) -> None:
    """Read from the raw file, not through the loader that checks the same thing."""
    data = yamlio.read(FOLDER / f"{name}.yaml").data
    text = _plain(data["text"])
    quotes = [e["quote"] for q in data["questions"] for e in q["evidence"]]
    quotes += [e["quote"] for c in data.get("cmo", []) for e in c["evidence"]]
    assert quotes
    for quote in quotes:
        assert _plain(quote) in text, quote


@pytest.mark.parametrize("name", BUNDLED)
def test_every_judgement_has_reason_and_neighbours(name: str) -> None:
    vignette = load_vignette(name)
    for item in vignette.questions:
        assert item.question.kind == "scale"
        assert item.evidence and len(item.why.split()) >= 12
        values = item.scale.values
        if item.reference == ABSENT:
            assert any(k != ABSENT for k in item.neighbours)
            continue
        position = values.index(item.reference)
        adjacent = {values[p] for p in (position - 1, position + 1) if 0 <= p < len(values)}
        assert adjacent <= set(item.neighbours), item.question.id
        assert all(len(text.split()) >= 10 for text in item.neighbours.values())
    assert vignette.examples, "an example CMO configuration for course part 5"


def test_references_span_the_scale_and_absent() -> None:
    references = {item.reference for v in BUNDLED for item in load_vignette(v).questions}
    assert references == {0, 1, 2, 3, 4, ABSENT}


def test_reference_case_is_a_valid_coding(tmp_path: Path) -> None:
    from casebench.caseio import save_case
    from casebench.validation import validate_paths

    for name in BUNDLED:
        save_case(load_vignette(name).reference_case(), tmp_path / f"{name}.yaml")
    report = validate_paths([tmp_path])
    assert report.errors == [] and len(report.cases) == 3


# ----------------------------------------------------------------- a lecturer's own vignette

GOOD = """\
format: 1
id: my_vignette
title: My vignette
sector: education
fictional: true
framework: farr2017
text: |
  This is a fictional case. The head teacher sets every agenda. Pupils speak freely in class.
questions:
  - id: si_agendas
    reference: 0
    cue: who sets the agenda.
    evidence:
      - quote: The head teacher sets every agenda.
    why: Professionals keep control of the agenda.
    neighbours:
      1: Nobody else adds anything to it.
  - id: si_speak_freely
    reference: 3
    cue: how pupils speak.
    evidence:
      - quote: Pupils speak freely in class.
    why: They speak freely, within limits.
    neighbours:
      2: Nothing holds them back.
      4: Only in class.
"""


def _write(tmp_path: Path, text: str, name: str = "mine.vignette.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_lecturers_vignette_loads(tmp_path: Path) -> None:
    vignette = load_vignette(_write(tmp_path, GOOD))
    assert [item.question.id for item in vignette.questions] == ["si_agendas", "si_speak_freely"]
    assert [s.id for s, _ in vignette.sections()] == ["social_interaction"]
    assert list(vignette.focused_framework().questions) == ["si_speak_freely", "si_agendas"]


BAD = [
    # (id, old text, new text, field, line, message fragment)
    (
        "quote-not-verbatim",
        "- quote: The head teacher sets every agenda.",
        "- quote: The head sets the agenda.",
        "questions[0].evidence[0].quote",
        14,
        "not the vignette's text word for word; the closest passage is 'The head teacher",
    ),
    (
        "unknown-question",
        "- id: si_agendas",
        "- id: si_agenda",
        "questions[0].id",
        10,
        "'si_agenda' is not a question of farr2017 (53 questions; `casebench framework "
        "farr2017` lists them); did you mean si_agendas?",
    ),
    (
        "text-question",
        "- id: si_agendas",
        "- id: pp_inclusion",
        "questions[0].id",
        10,
        "pp_inclusion is a text question; a vignette codes scale questions",
    ),
    (
        "off-scale",
        "reference: 0",
        "reference: 9",
        "questions[0].reference",
        11,
        "9 is not on the 'From dominating to strongly enabling' scale "
        "(expected one of 0, 1, 2, 3, 4, absent)",
    ),
    (
        "missing-neighbour",
        "      4: Only in class.\n",
        "",
        "questions[1].neighbours",
        24,
        "say why each neighbouring rating is less defensible; missing: 4",
    ),
    (
        "far-neighbour",
        "      1: Nobody",
        "      3: Nobody",
        "questions[0].neighbours[3]",
        17,
        "3 is not a judgement next to 0",
    ),
    (
        "coded-twice",
        "- id: si_speak_freely",
        "- id: si_agendas",
        "questions[1].id",
        18,
        "si_agendas is coded twice (also questions[0])",
    ),
    (
        "unknown-field",
        "sector: education",
        "sectr: education",
        "sectr",
        4,
        "unknown field (check the spelling; see docs/teaching.md)",
    ),
    (
        "missing-reason",
        "    why: Professionals keep control of the agenda.\n",
        "",
        "questions[0].why",
        10,
        "required field is missing",
    ),
    ("absent-word", "reference: 0", "reference: missing", "questions[0].reference", 11, "expected"),
    (
        "framework-unknown",
        "framework: farr2017",
        "framework: nowhere.yaml",
        "framework",
        6,
        "framework 'nowhere.yaml' cannot be loaded",
    ),
    (
        "version-mismatch",
        "framework: farr2017",
        'framework: farr2017\nframework_version: "2.0"',
        "framework_version",
        7,
        "the reference coding is of farr2017 2.0, but version 1.0.0",
    ),
    (
        "no-evidence",
        "    evidence:\n      - quote: Pupils speak freely in class.\n",
        "    evidence: []\n",
        "questions[1].evidence",
        21,
        "must not be empty",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "field", "line", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_vignette_one_located_line(
    tmp_path: Path, old: str, new: str, field: str, line: int, message: str
) -> None:
    assert old in GOOD
    path = _write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(InputError) as caught:
        load_vignette(path)
    problems = caught.value.problems
    assert all("\n" not in str(p) and str(p).startswith(f"{path}:") for p in problems)
    problem = next((p for p in problems if p.field == field), problems[0])
    assert (problem.field, problem.line) == (field, line), str(problem)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}:")


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "file is empty"), ("- a list\n", "must be a mapping"), ("id: [x\n", "not valid YAML")],
)
def test_unreadable_vignette(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_vignette(_write(tmp_path, content))
    assert message in str(caught.value.problems[0])


def test_vignette_with_its_own_framework_file(tmp_path: Path) -> None:
    """A lecturer's framework: the vignette names it by a path relative to itself."""
    from conftest import TINY

    (tmp_path / "fw").mkdir()
    yamlio.write_atomic(tmp_path / "fw" / "tiny.framework.yaml", yamlio.dumps(TINY), backup=False)
    text = (
        "format: 1\nid: tiny_vignette\ntitle: Tiny\nsector: test\nfictional: true\n"
        "framework: fw/tiny.framework.yaml\ntext: A fictional text. It is fine.\n"
        "questions:\n  - id: q2\n    reference: 2\n    cue: the text.\n"
        "    evidence: [{quote: It is fine.}]\n    why: Because.\n"
        "    neighbours: {1: Lower., 3: Higher.}\n"
    )
    vignette = load_vignette(_write(tmp_path, text))
    assert vignette.framework.id == "tiny"
    assert vignette.question("q2").words(2) == "2 – level 2"


def test_lines_in_bad_table_are_right() -> None:
    """The table's line numbers are the lines of GOOD where the fields stand."""
    lines = GOOD.splitlines()
    assert re.match(r"\s+- quote: The head teacher", lines[13])
    assert lines[17].strip() == "- id: si_speak_freely"


def test_the_course_and_the_summary_use_a_lecturers_vignette(tmp_path: Path) -> None:
    """The file is given where a bundled id would be: the coding exercise and the summary."""
    from casebench.classroom import collect, summarise
    from casebench.classroom.synthetic import write_class
    from casebench.cli import main
    from casebench.widgets import CodingExercise

    path = _write(tmp_path, GOOD)
    exercise = CodingExercise(path, tmp_path / "coding", "Ann")
    exercise.answer("si_agendas", 1, "The head teacher sets every agenda.")
    result = exercise.check_section("social_interaction")
    assert [f.verdict for f in result.items] == ["not answered", "close"]
    assert "Nobody else adds anything to it." in result.items[1].message
    assert exercise.save()
    vignette = load_vignette(path)
    write_class(tmp_path / "class", vignette, students=6, invalid=1, empty=0)
    summary = summarise(collect(tmp_path / "class", vignette), vignette, resamples=0)
    assert len(summary.used) == 5 and summary.vignette.id == "my_vignette"
    args = ["class", "summary", str(tmp_path / "class"), "--reference", str(path)]
    assert main([*args, "--resamples", "0"]) == 0
