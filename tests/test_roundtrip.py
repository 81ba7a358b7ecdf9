"""Load -> save -> load gives an equal case, for the samples and for generated cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebench import dumps_case, load_case, load_framework, new_case, save_case
from casebench.models import (
    Assessment,
    Case,
    CmoConfiguration,
    DataSource,
    Evidence,
    FrameworkRef,
    IssueCounts,
    Outcome,
    PowerObservation,
)
from casebench.models.case import BUILT_IN_ATTRIBUTES, SHORT_TITLE_LENGTH, Period
from casebench.validation import check_case
from casebench.yamlio import loads

SAMPLES = sorted((Path(__file__).parents[1] / "data" / "sample_cases").glob("*.yaml"))
FARR = load_framework("farr2017")

ids = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
# Any text a person might type, including quotes, colons, '#', newlines and non-Latin script;
# surrogates are excluded because they cannot be encoded as UTF-8 at all.
free_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=80)
said = free_text.map(str.strip).filter(bool)
evidence = st.builds(Evidence, quote=said, attribution=said, source=free_text, location=free_text)
confidence = st.sampled_from([None, "low", "medium", "high"])
provenance = st.sampled_from([None, "stated", "constructed"])


@st.composite
def assessments(draw: st.DrawFn) -> dict[str, Assessment]:
    chosen = draw(st.lists(st.sampled_from(list(FARR.questions)), unique=True, max_size=12))
    out: dict[str, Assessment] = {}
    for qid in chosen:
        question = FARR.questions[qid].question
        common = {
            "confidence": draw(confidence),
            "memo": draw(free_text),
            "evidence": draw(st.lists(evidence, max_size=2)),
        }
        if draw(st.booleans()):
            out[qid] = Assessment(status="not_assessed")
        elif draw(st.integers(0, 4)) == 0:  # looked for, not found: judged, never rated
            out[qid] = Assessment(status="absent", **common)
        elif question.kind == "scale":
            out[qid] = Assessment(
                rating=draw(st.sampled_from(FARR.scale_for(question).values)), **common
            )
        elif question.kind == "choice":
            picked = draw(st.lists(st.sampled_from(question.option_ids), min_size=1, unique=True))
            out[qid] = Assessment(answer=picked, **common)
        else:
            out[qid] = Assessment(answer=draw(said), **common)
    return out


@st.composite
def cases(draw: st.DrawFn) -> Case:
    questions = st.lists(st.sampled_from(list(FARR.questions)), max_size=3)
    raised = draw(st.none() | st.integers(0, 500))
    return Case(
        id=draw(ids),
        title=draw(said),
        short_title=draw(st.just("") | said.filter(lambda t: len(t) <= SHORT_TITLE_LENGTH)),
        framework=FrameworkRef(id=FARR.id, version=FARR.version),
        coder=draw(free_text),
        coded_on=draw(st.none() | st.dates()),
        sector=draw(free_text),
        setting=draw(free_text),
        approach=draw(free_text),
        attributes=draw(
            st.dictionaries(
                ids.filter(lambda k: k not in BUILT_IN_ATTRIBUTES),
                said.filter(lambda t: len(t) <= 100),
                max_size=3,
            )
        ),
        practice=draw(st.sampled_from([None, "co_production", "co_design", "both"])),
        interests=draw(free_text),
        period=Period(
            months=draw(st.none() | st.floats(0.1, 600, allow_nan=False)),
            description=draw(free_text),
        ),
        draft=draw(st.booleans()),
        summary=draw(free_text),
        sources=draw(
            st.lists(
                st.builds(
                    DataSource,
                    kind=st.sampled_from(["interviews", "meetings", "documents", "focus_groups"]),
                    count=st.integers(0, 1000),
                    participants=st.dictionaries(ids, st.integers(0, 100), max_size=3),
                    description=free_text,
                ),
                max_size=3,
            )
        ),
        assessments=draw(assessments()),
        power=draw(
            st.lists(
                st.builds(
                    PowerObservation,
                    dimension=st.sampled_from(FARR.power_dimension_ids),
                    mode=st.sampled_from(["domination", "empowerment"]),
                    description=said,
                    provenance=provenance,
                    derived_from=free_text,
                    questions=questions,
                    evidence=st.lists(evidence, max_size=2),
                ),
                max_size=3,
            )
        ),
        outcomes=draw(
            st.lists(
                st.builds(
                    Outcome,
                    level=st.sampled_from(FARR.level_ids),
                    description=said,
                    status=st.sampled_from(["achieved", "partial", "not_achieved"]),
                ),
                max_size=3,
            )
        ),
        issues=IssueCounts(
            raised=raised,
            raised_qualifier=draw(st.sampled_from(["exactly", "at_least", "over"])),
            acted_on=None if raised is None else draw(st.integers(0, raised)),
        ),
        cmo=[
            CmoConfiguration(
                id=f"cmo{i}",
                context=c,
                mechanism=m,
                mechanism_code=code,
                outcome=o,
                provenance=p,
                derived_from=d,
            )
            for i, (c, m, code, o, p, d) in enumerate(
                draw(st.lists(st.tuples(said, said, ids, said, provenance, free_text), max_size=3))
            )
        ],
    )


def _reload(text: str) -> Case:
    return Case.model_validate(loads(text, "<generated>").data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_generated_cases_round_trip(case: Case) -> None:
    assert _reload(dumps_case(case)) == case
    assert [f for f in check_case(case, FARR) if f[2] == "error"] == []


def test_both_samples_are_bundled() -> None:
    assert [p.name for p in SAMPLES] == [
        "local_gov_innovation_lab.yaml",
        "nhs_ebcd_breast_cancer.yaml",
    ]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_round_trip(path: Path, tmp_path: Path) -> None:
    case = load_case(path)
    copy = tmp_path / path.name
    save_case(case, copy)
    assert load_case(copy) == case
    save_case(load_case(copy), copy)  # a second save changes nothing
    assert copy.read_text(encoding="utf-8") == dumps_case(case, copy)


def test_blank_case_lists_every_question_not_assessed() -> None:
    case = new_case("blank", "Blank", FARR)
    assert list(case.assessments) == list(FARR.questions)
    assert all(a.status == "not_assessed" and a.rating is None for a in case.assessments.values())
    assert _reload(dumps_case(case)) == case


def test_key_order_is_kept(tmp_path: Path) -> None:
    case = new_case("ordered", "Ordered", FARR)
    text = dumps_case(case)
    top = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert top == ["format", "id", "title", "framework", "assessments"]
    positions = [text.index(f"\n  {qid}:") for qid in FARR.questions]
    assert positions == sorted(positions)


def test_save_keeps_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    first = new_case("keep", "First title", FARR)
    assert save_case(first, path) is None
    second = first.model_copy(update={"title": "Second title"})
    backup = save_case(second, path)
    assert backup == tmp_path / "case.yaml.bak"
    assert load_case(backup).title == "First title"
    assert load_case(path).title == "Second title"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "case.yaml.bak"]


def test_saved_files_keep_their_permissions(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    save_case(new_case("perm", "Perm", FARR), path)
    assert path.stat().st_mode & 0o077 != 0  # not private to the owner, as a mkstemp file is
    path.chmod(0o640)
    save_case(new_case("perm", "Again", FARR), path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_failed_save_leaves_old_file_whole(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "case.yaml"
    save_case(new_case("keep", "Original", FARR), path)
    before = path.read_bytes()

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("casebench.files.os.replace", boom)
    with pytest.raises(OSError, match="disk full"):
        save_case(new_case("keep", "Changed", FARR), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_schema_line_is_relative_inside_the_repository(tmp_path: Path) -> None:
    for path in SAMPLES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = "../../src/casebench/schemas/case.farr2017.schema.json"
        assert first == f"# yaml-language-server: $schema={schema}"
    text = dumps_case(new_case("x", "X", FARR), tmp_path / "x.yaml")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "case.farr2017.schema.json" in text.splitlines()[0]


def test_multiline_text_is_a_literal_block() -> None:
    memo = "First line of the memo.\nSecond line: with a colon."
    case = new_case("m", "M", FARR).model_copy(update={"summary": memo})
    text = dumps_case(case)
    assert "summary: |" in text
    assert _reload(text).summary == memo


def test_saving_over_a_commented_file_keeps_its_comments(tmp_path: Path) -> None:
    sample = SAMPLES[1]  # the NHS case, with section comments in its assessments
    path = tmp_path / sample.name
    path.write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    case = load_case(path)
    trust = case.assessments["si_trust"].model_copy(update={"rating": 3})
    changed = case.model_copy(update={"assessments": {**case.assessments, "si_trust": trust}})
    save_case(changed, path)
    assert load_case(path) == changed
    before = sample.read_text(encoding="utf-8").splitlines()
    after = path.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        ("    rating: 2", "    rating: 3")
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), cases())
def test_saving_one_case_over_another_commented_file(first: Case, second: Case) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.yaml"
        save_case(first, path)
        path.write_text(
            path.read_text(encoding="utf-8") + "# a comment of the user's\n", encoding="utf-8"
        )
        save_case(second, path)
        assert load_case(path) == second
