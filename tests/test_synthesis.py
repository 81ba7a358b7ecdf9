"""Realist synthesis: the richer configuration stays compatible with old files; planted
patterns are recovered (demi-regularity, contrast, theory supported and refuted); the rules
of similarity and of the verdicts do what they say; the paper's cases trace to the paper."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from casebench import load_case, load_framework
from casebench.caseio import dumps_case, save_case
from casebench.errors import InputError
from casebench.models.case import Case, CmoConfiguration, ContextCondition, Evidence, FrameworkRef
from casebench.models.theory import ProgrammeTheory, TheoryStatement
from casebench.synthesis import Rules, synthesise
from casebench.synthesis.rameses import checklist
from casebench.synthesis.rules import jaccard, outcome_key
from casebench.synthetic import (
    PLANTED_CONDITION,
    PLANTED_MECHANISM,
    REFUTED_MECHANISM,
    planted_realist_cases,
    planted_theory,
    synthetic_cases,
)
from casebench.theoryio import read_theory
from casebench.yamlio import loads

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "data" / "sample_cases").glob("*.yaml"))
THEORY = ROOT / "data" / "theories" / "farr2017_initial.theory.yaml"
PAPER = ROOT.parent / "shared" / "seed" / "000_1cc4923d506ff9ae.txt"
FARR = load_framework("farr2017")
REF = FrameworkRef(id="farr2017", version="1.0.0")

OLD_STYLE = """\
# A case written before configurations had coded parts: it must stay valid, unchanged.
format: 1
id: old_style
title: Old style case
framework:
  id: farr2017
  version: 1.0.0
cmo:
  - id: film
    context: Staff unaware of patients' experiences.  # kept comment
    mechanism: A film moves staff.
    mechanism_code: emotive_film_bridge
    outcome: Staff commit to improvement.
    questions: [si_perspectives]
    evidence:
      - quote: It touches your own values
        attribution: NHS Staff 13
"""


# ------------------------------------------------------------------ the configuration model


@pytest.mark.parametrize("source", [*SAMPLES, "old_style"], ids=lambda p: Path(str(p)).stem)
def test_existing_files_validate_and_save_byte_identically(source, tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    if source == "old_style":
        target.write_text(OLD_STYLE, encoding="utf-8")
    else:
        shutil.copy(source, target)
    before = target.read_bytes()
    case = load_case(target)
    save_case(case, target)
    assert target.read_bytes() == before
    assert load_case(target) == case


def test_old_style_configuration_has_no_coded_parts() -> None:
    case = Case.model_validate(loads(OLD_STYLE).data)
    cmo = case.cmo[0]
    assert cmo.context_conditions == [] and cmo.provenance is None and cmo.outcome_code is None
    assert cmo.present_tags == frozenset() and cmo.absent_tags == frozenset()


def _rich() -> Case:
    return Case(
        id="rich",
        title="Rich",
        framework=REF,
        cmo=[
            CmoConfiguration(
                id="film",
                context="Staff unaware.",
                context_conditions=[
                    ContextCondition(tag="staff_unaware", text="They did not know."),
                    ContextCondition(tag="community_venue", present=False),
                ],
                mechanism="A film moves staff.",
                mechanism_code="emotive_film_bridge",
                resource="A film.",
                reasoning="Staff are moved.",
                outcome="Commitment.",
                outcome_code="commitment",
                outcome_direction="mixed",
                outcome_level="individual",
                provenance="stated",
                derived_from="Farr (2017), p. 9",
                confidence="medium",
                power=["first", "power_with"],
                questions=["si_perspectives"],
                evidence=[Evidence(quote="q", attribution="a")],
            )
        ],
    )


def test_rich_configuration_round_trips(tmp_path: Path) -> None:
    case = _rich()
    assert Case.model_validate(loads(dumps_case(case)).data) == case
    path = tmp_path / "rich.yaml"
    save_case(case, path)
    first = path.read_bytes()
    save_case(load_case(path), path)
    assert path.read_bytes() == first and load_case(path) == case
    assert case.cmo[0].present_tags == {"staff_unaware"}
    assert case.cmo[0].absent_tags == {"community_venue"}


# ------------------------------------------------------------------ planted patterns


@pytest.fixture(scope="module")
def planted():
    cases = planted_realist_cases(FARR, seed=3)
    return cases, synthesise(cases, planted_theory(), framework=FARR)


def test_planted_demi_regularity_is_found(planted) -> None:
    cases, s = planted
    found = s.demi_regularities[s.demi_regularities["mechanism_code"] == PLANTED_MECHANISM]
    assert len(found) == 1
    row = found.iloc[0]
    assert row["cases"] == tuple(c.id for c in cases[:3])
    assert row["shared_conditions"] == (PLANTED_CONDITION,)
    assert row["outcome_key"] == ("positive", "changes_implemented")
    assert row["exceptions"] == ()  # the fourth case lacks the condition
    assert row["n_cases"] == 3


def test_planted_contrast_names_the_differing_condition(planted) -> None:
    cases, s = planted
    found = s.contrasts[s.contrasts["mechanism_code"] == PLANTED_MECHANISM]
    assert len(found) == 1
    row = found.iloc[0]
    assert row["cases_a"] == tuple(c.id for c in cases[:3])
    assert row["cases_b"] == (cases[3].id,)
    assert row["only_a"] == (PLANTED_CONDITION,)
    assert row["absent_in_b"] == (PLANTED_CONDITION,)  # recorded absent, not just missing
    assert "negative" in row["outcome_b"] and "positive" in row["outcome_a"]


def test_contrast_when_the_condition_is_simply_not_recorded() -> None:
    cases = planted_realist_cases(FARR, seed=5)
    fourth = cases[3]
    sponsor = fourth.cmo[0]
    unrecorded = sponsor.model_copy(
        update={"context_conditions": [c for c in sponsor.context_conditions if c.present]}
    )
    cases[3] = fourth.model_copy(update={"cmo": [unrecorded, *fourth.cmo[1:]]})
    s = synthesise(cases)
    row = s.contrasts[s.contrasts["mechanism_code"] == PLANTED_MECHANISM].iloc[0]
    assert row["only_a"] == (PLANTED_CONDITION,) and row["absent_in_b"] == ()


def test_planted_theory_supported_and_refuted(planted) -> None:
    cases, s = planted
    by_id = s.statements.set_index("statement_id")
    assert by_id.at["sponsorship_works", "verdict"] == "supported"
    assert by_id.at["sponsorship_works", "cases_supports"] == tuple(c.id for c in cases[:3])
    assert by_id.at["sponsorship_works", "n_consistent"] == 1  # the fourth: context not held
    assert by_id.at["paid_keeps_engaged", "verdict"] == "refuted"
    assert by_id.at["paid_keeps_engaged", "cases_refutes"] == (cases[1].id, cases[2].id)
    assert by_id.at["sponsorship_rural", "cases_supports"] == (cases[1].id,)
    assert by_id.at["sponsorship_rural", "cases_refines"] == (cases[0].id, cases[2].id)


@pytest.mark.parametrize("seed", range(6))
def test_planted_patterns_survive_other_seeds(seed: int) -> None:
    cases = planted_realist_cases(FARR, seed=seed, n_extra=seed)
    s = synthesise(cases, planted_theory())
    demi = s.demi_regularities
    mine = demi[demi["mechanism_code"] == PLANTED_MECHANISM]
    assert list(mine["cases"]) == [tuple(c.id for c in cases[:3])]
    contrast = s.contrasts[s.contrasts["mechanism_code"] == PLANTED_MECHANISM]
    assert list(contrast["only_a"]) == [(PLANTED_CONDITION,)]
    verdicts = dict(zip(s.statements["statement_id"], s.statements["verdict"], strict=True))
    assert verdicts["sponsorship_works"] == "supported"
    assert verdicts["paid_keeps_engaged"] == "refuted"
    assert not s.verdicts[s.verdicts["statement_id"] == "paid_keeps_engaged"].empty
    assert set(
        s.configurations.loc[s.configurations["mechanism_code"] == REFUTED_MECHANISM, "case_id"]
    ) == {
        cases[1].id,
        cases[2].id,
    }


def test_every_row_names_its_cases_and_evidence_that_exists(planted) -> None:
    _, s = planted
    quotes = set(s.evidence["evidence_ref"])
    refs = set(s.configurations["ref"])
    for row in s.demi_regularities.itertuples():
        assert row.cases and set(row.refs) <= refs and set(row.evidence_refs) <= quotes
        assert set(row.evidence_refs) == {
            e for r in row.refs for e in s.configurations.set_index("ref").at[r, "evidence_refs"]
        }
    for row in s.contrasts.itertuples():
        assert row.cases_a and row.cases_b and set(row.evidence_refs) <= quotes
    for row in s.verdicts.itertuples():
        assert row.ref in refs and set(row.evidence_refs) <= quotes
    assert len(s.quotes(["nope/x/1", *sorted(quotes)[:2]])) == 2


# ------------------------------------------------------------------ the rules


def _case(case_id: str, *cmos: CmoConfiguration) -> Case:
    return Case(id=case_id, title=case_id, framework=REF, cmo=list(cmos))


def _cmo(
    tags: dict[str, bool], direction: str | None, code: str | None = "x", level: str | None = None
) -> CmoConfiguration:
    return CmoConfiguration(
        id="c",
        context="c",
        context_conditions=[ContextCondition(tag=t, present=p) for t, p in tags.items()],
        mechanism="m",
        mechanism_code="m",
        outcome="o",
        outcome_code=code,
        outcome_direction=direction,  # type: ignore[arg-type]
        outcome_level=level,
    )


def test_uncoded_outcomes_are_listed_but_left_out_of_patterns() -> None:
    s = synthesise(
        [_case("a", _cmo({"t": True}, None, None)), _case("b", _cmo({"t": True}, None, None))]
    )
    assert len(s.configurations) == 2 and s.demi_regularities.empty and s.contrasts.empty
    assert set(s.configurations["outcome_label"]) == {"outcome not coded"}


@pytest.mark.parametrize(
    ("rules", "found"),
    [
        (Rules(), 1),
        (Rules(min_cases=3), 0),
        (Rules(min_shared=2), 0),  # they share one condition only
        (Rules(min_jaccard=1 / 3), 1),  # {t, u} and {t, v}: 1/3
        (Rules(min_jaccard=0.34), 0),
        (Rules(outcome_fields=("direction", "code", "level")), 0),  # levels differ
        (Rules(outcome_fields=("direction",)), 1),
    ],
)
def test_similarity_rules(rules: Rules, found: int) -> None:
    cases = [
        _case("a", _cmo({"t": True, "u": True}, "positive", "x", "individual")),
        _case("b", _cmo({"t": True, "v": True}, "positive", "x", "local_community")),
    ]
    assert len(synthesise(cases, rules=rules).demi_regularities) == found


def test_level_splits_outcomes_into_a_contrast() -> None:
    cases = [
        _case("a", _cmo({"t": True, "u": True}, "positive", "x", "individual")),
        _case("b", _cmo({"t": True, "v": True}, "positive", "x", "local_community")),
    ]
    s = synthesise(cases, rules=Rules(outcome_fields=("direction", "code", "level")))
    row = s.contrasts.iloc[0]
    assert (row["only_a"], row["only_b"]) == (("u",), ("v",))


@pytest.mark.parametrize(
    ("values", "fields", "key"),
    [
        ({"direction": "positive", "code": "x"}, ("direction", "code"), ("positive", "x")),
        ({"direction": "positive"}, ("direction", "code"), ("positive", "not recorded")),
        ({"level": "individual"}, ("direction", "code"), None),
        ({}, ("direction",), None),
    ],
)
def test_outcome_key(values: dict, fields: tuple, key) -> None:
    assert outcome_key(values, fields) == key


@pytest.mark.parametrize(
    ("a", "b", "value"),
    [({"t"}, {"t"}, 1.0), ({"t", "u"}, {"t"}, 0.5), ({"t"}, {"u"}, 0.0), (set(), set(), 1.0)],
)
def test_jaccard(a: set, b: set, value: float) -> None:
    assert jaccard(frozenset(a), frozenset(b)) == value


@pytest.mark.parametrize(
    "kwargs",
    [
        {"outcome_fields": ("colour",)},
        {"outcome_fields": ()},
        {"min_shared": 0},
        {"min_jaccard": 1.5},
        {"min_cases": 1},
    ],
)
def test_bad_rules_are_refused(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Rules(**kwargs)


STATEMENT = TheoryStatement(
    id="s",
    context_conditions=["t"],
    mechanism_code="m",
    outcome_code="x",
    outcome_direction="positive",
)


@pytest.mark.parametrize(
    ("tags", "direction", "code", "verdict"),
    [
        ({"t": True}, "positive", "x", "supports"),
        ({"t": True, "u": True}, "positive", "x", "supports"),
        ({"t": True}, "negative", "x", "refutes"),
        ({"t": True}, "positive", "y", "refutes"),
        ({"t": True}, "mixed", "x", "refines"),
        ({"u": True}, "positive", "x", "refines"),
        ({"t": False}, "mixed", "x", "refines"),
        ({"t": False}, "negative", "x", "consistent"),
        ({}, "negative", "y", "consistent"),
        ({"t": True}, None, "x", "untested"),
        ({"t": True}, "positive", None, "untested"),
    ],
)
def test_verdict_rules(tags: dict, direction, code, verdict: str) -> None:
    theory = ProgrammeTheory(id="t", title="T", statements=[STATEMENT])
    s = synthesise([_case("a", _cmo(tags, direction, code))], theory)
    assert list(s.verdicts["verdict"]) == [verdict]


@pytest.mark.parametrize(
    ("verdicts", "overall"),
    [
        (["supports", "refines"], "supported"),
        (["refutes", "consistent"], "refuted"),
        (["supports", "refutes"], "contested"),
        (["refines"], "to refine"),
        (["consistent", "untested"], "untested"),
        ([], "untested"),
    ],
)
def test_overall_verdict(verdicts: list[str], overall: str) -> None:
    rows = {
        "supports": ({"t": True}, "positive", "x"),
        "refutes": ({"t": True}, "negative", "x"),
        "refines": ({"u": True}, "positive", "x"),
        "consistent": ({}, "negative", "x"),
        "untested": ({"t": True}, None, "x"),
    }
    cases = [_case(f"c{i}", _cmo(*rows[v])) for i, v in enumerate(verdicts)]
    theory = ProgrammeTheory(id="t", title="T", statements=[STATEMENT])
    assert synthesise(cases, theory).statements.iloc[0]["verdict"] == overall


# ------------------------------------------------------------------ robustness


def test_many_synthetic_cases_and_cases_without_configurations() -> None:
    cases = synthetic_cases(FARR, 120, seed=11)
    s = synthesise([*cases, _case("empty")], framework=FARR)
    assert len(s.configurations) == sum(len(c.cmo) for c in cases)
    assert s.mechanisms["n_configurations"].sum() == len(s.configurations)
    assert s.case_ids[-1] == "empty"


def test_no_configurations_at_all_gives_empty_tables_with_columns() -> None:
    s = synthesise([_case("a"), _case("b")], planted_theory())
    for name, table in s.tables().items():
        assert isinstance(table, pd.DataFrame) and len(table.columns), name
    assert set(s.statements["verdict"]) == {"untested"}


def test_a_case_id_twice_is_refused() -> None:
    with pytest.raises(InputError, match="appears twice"):
        synthesise([_case("a"), _case("a")])


# ------------------------------------------------------------------ theory files


def test_theory_file_reads_and_its_schema_is_shipped() -> None:
    from casebench import schema

    theory = read_theory(THEORY, FARR)
    assert theory.id == "farr2017_initial" and len(theory.statements) == 4
    shipped = ROOT / "src" / "casebench" / "schemas" / "theory.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema.dumps(schema.theory_schema())


BAD_THEORIES = sorted((Path(__file__).parent / "bad_theories").glob("*.yaml"))


def test_bad_theory_corpus_is_complete() -> None:
    assert len(BAD_THEORIES) >= 10
    for path in BAD_THEORIES:
        assert path.with_name(path.name.removesuffix(".yaml") + ".expected").exists()


@pytest.mark.parametrize("path", BAD_THEORIES, ids=[p.name for p in BAD_THEORIES])
def test_bad_theory_gets_its_message(path: Path, capsys, tmp_path: Path) -> None:
    from casebench.cli import main

    out = tmp_path / "out.md"
    code = main(["synthesis", *map(str, SAMPLES), "--theory", str(path), "-o", str(out)])
    _, err = capsys.readouterr()
    expected = path.with_name(path.name.removesuffix(".yaml") + ".expected").read_text()
    assert code == 2
    assert err.splitlines()[0] == expected.strip().replace("{corpus}", str(path.parent))
    assert "Traceback" not in err and not out.exists()


# ------------------------------------------------------------------ the paper's cases


@pytest.fixture(scope="module")
def paper_synthesis():
    cases = [load_case(p) for p in SAMPLES]
    return synthesise(cases, read_theory(THEORY, FARR), framework=FARR)


def _normal(text: str) -> str:
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    return " ".join(text.translate(table).split())


def test_paper_configurations_trace_to_quotes_and_are_labelled(paper_synthesis) -> None:
    s = paper_synthesis
    assert PAPER.is_file(), f"the paper's text is needed at {PAPER}"
    paper = _normal(PAPER.read_text(encoding="utf-8"))
    assert len(s.configurations) == 13
    assert (s.configurations["n_evidence"] >= 2).all()
    for quote in s.evidence["quote"]:
        assert _normal(quote) in paper, quote
    assert set(s.configurations["provenance"]) == {"constructed"}
    assert (
        s.configurations["derived_from"]
        .str.startswith("Constructed by the coder from Farr (2017) line")
        .all()
    )
    assert s.configurations["outcome_key"].notna().all()


def test_paper_patterns(paper_synthesis) -> None:
    s = paper_synthesis
    demi = dict(
        zip(
            s.demi_regularities["mechanism_code"],
            s.demi_regularities["shared_conditions"],
            strict=True,
        )
    )
    assert demi == {
        "collective_power_with": ("staff_and_users_together", "financial_policy_pressure"),
        "personal_identity_over_role": ("willing_committed_staff", "staff_and_users_together"),
    }
    film = s.contrasts[s.contrasts["mechanism_code"] == "emotive_film_bridge"].iloc[0]
    assert "services_under_scrutiny" in film["only_b"] and film["cases_b"] == (
        "nhs_ebcd_breast_cancer",
    )
    assert film["absent_in_a"] == ("services_under_scrutiny",)
    verdicts = dict(zip(s.statements["statement_id"], s.statements["verdict"], strict=True))
    assert verdicts == {
        "emotion_connects": "to refine",
        "humanistic_connection": "supported",
        "dependence_limits_equality": "supported",
        "cuts_make_rhetoric": "refuted",
    }


def test_rameses_checklist_is_data_driven(paper_synthesis) -> None:
    items = checklist(paper_synthesis, title="A realist evaluation of two cases")
    assert [i.number for i in items] == list(range(1, 21))
    status = {i.number: i.status for i in items}
    assert status[1] == "documented" and status[4] == "documented" and status[15] == "documented"
    assert status[6] == "to write" and status[20] == "to write"
    without = {i.number: i.status for i in checklist(synthesise(paper_synthesis.cases))}
    assert without[1] == "to write" and without[4] == "to write"
    no_sources = [c.model_copy(update={"sources": []}) for c in paper_synthesis.cases]
    assert {i.number: i.status for i in checklist(synthesise(no_sources))}[11] == "to write"


# ------------------------------------------------------------------ the command


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_cli_formats(fmt: str, capsys) -> None:
    from casebench.cli import main

    code = main(["synthesis", *map(str, SAMPLES), "--theory", str(THEORY), "--format", fmt])
    out = capsys.readouterr().out
    assert code == 0
    plain = out.replace("\\_", "_")  # Markdown escapes underscores
    assert "collective_power_with" in plain and "emotive_film_bridge" in plain
    if fmt == "json":
        data = json.loads(out)
        assert data["format"] == "casebench-synthesis/1"
        assert {"demi_regularities", "contrasts", "statements", "evidence"} <= set(data["tables"])
        assert len(data["rameses_ii"]["items"]) == 20
        assert data["tables"]["demi_regularities"][0]["cases"] == [
            "local_gov_innovation_lab",
            "nhs_ebcd_breast_cancer",
        ]
    if fmt == "md":
        assert "## RAMESES II checklist" in out and "| cuts\\_make\\_rhetoric |" in out


def test_cli_theory_among_the_paths_and_output_file(tmp_path: Path, capsys) -> None:
    from casebench.cli import main

    folder = tmp_path / "cases"
    folder.mkdir()
    for path in SAMPLES:
        shutil.copy(path, folder)
    shutil.copy(THEORY, folder)
    assert main(["validate", str(folder)]) == 0  # the theory file is not taken for a case
    out = tmp_path / "synthesis.json"
    assert main(["synthesis", str(folder), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["theory"]["id"] == "farr2017_initial"
    shutil.copy(THEORY, folder / "other.theory.yaml")
    capsys.readouterr()
    assert main(["synthesis", str(folder)]) == 2
    assert "several programme theory files" in capsys.readouterr().err


def test_cli_bad_case_writes_nothing(tmp_path: Path, capsys) -> None:
    from casebench.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        OLD_STYLE.replace("outcome: Staff", "outcome_level: nowhere\n    outcome: Staff")
    )
    out = tmp_path / "out.html"
    assert main(["synthesis", str(bad), "--format", "html", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:13:5: error: cmo[0].outcome_level: 'nowhere' is not a level" in err
    assert not out.exists() and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--outcome-fields", "colour"], "rules: outcome_fields must be some of"),
        (["--min-cases", "1"], "rules: min_cases must be at least 2"),
        (["--min-jaccard", "2"], "rules: min_jaccard must be between 0 and 1"),
    ],
)
def test_cli_bad_rules(argv: list[str], message: str, capsys) -> None:
    from casebench.cli import main

    assert main(["synthesis", *map(str, SAMPLES), *argv]) == 2
    assert message in capsys.readouterr().err


def test_text_formats_do_not_import_charts() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, casebench.cli\n"
        f"casebench.cli.main(['synthesis', {str(SAMPLES[0])!r}, '--format', 'md'])\n"
        "heavy = {'altair', 'nbconvert', 'vl_convert'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr
