"""Team coding to consensus: merging two codings, deciding disagreements, the decision log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casebench import load_case, load_framework, save_case
from casebench.cli import main
from casebench.consensus.merge import MergeRefused, merge_cases
from casebench.consensus.resolve import ResolveError, open_disagreements, resolve
from casebench.models import Assessment, Case, Evidence
from casebench.validation import check_case, read_case

SAMPLE = Path(__file__).parents[1] / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml"
FARR = load_framework("farr2017")
WHEN = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC)


def _errors(case: Case) -> list[tuple]:
    return [f for f in check_case(case, FARR) if f[2] == "error"]


def _with(case: Case, **assessments: Assessment) -> Case:
    return case.model_copy(update={"assessments": {**case.assessments, **assessments}})


@pytest.fixture
def coder_a() -> Case:
    return load_case(SAMPLE).model_copy(update={"coder": "Coder A"})


@pytest.fixture
def coder_b(coder_a: Case) -> Case:
    """Coder B: other ratings on two questions, an extra quote on a third, one power
    observation worded differently, and a CMO configuration with another outcome."""
    a = coder_a.assessments
    extra = Evidence(quote="We felt listened to at last", attribution="Patient 4")
    power = list(coder_a.power)
    power[0] = power[0].model_copy(update={"description": "Staff kept control of what changed."})
    cmo = list(coder_a.cmo)
    cmo[0] = cmo[0].model_copy(update={"outcome": "Staff commit to improvement."})
    return _with(
        coder_a.model_copy(update={"coder": "Coder B", "power": power, "cmo": cmo}),
        si_trust=a["si_trust"].model_copy(update={"rating": 3, "memo": "Trust grew."}),
        pp_diversity=a["pp_diversity"].model_copy(update={"rating": 2}),
        si_speak_freely=a["si_speak_freely"].model_copy(
            update={"evidence": [*a["si_speak_freely"].evidence, extra]}
        ),
    )


# --------------------------------------------------------------------------- done when


def test_merge_then_resolve_everything_gives_a_valid_case_with_a_full_log(
    coder_a: Case, coder_b: Case
) -> None:
    merged = merge_cases(coder_a, coder_b)
    case = merged.case
    assert case.draft and not merged.clean
    assert case.assessments["si_trust"].status == "disputed"
    assert [(p.coder, p.rating) for p in case.assessments["si_trust"].positions] == [
        ("Coder A", 2),
        ("Coder B", 3),
    ]
    # agreed on the judgement, evidence differs: united, not disputed
    speak = case.assessments["si_speak_freely"]
    assert speak.status == "assessed"
    assert "We felt listened to at last" in [e.quote for e in speak.evidence]
    assert len(speak.evidence) == len(coder_a.assessments["si_speak_freely"].evidence) + 1
    # the reworded power observation: each wording recorded by one coder only
    assert [(d.about, [p.value is None for p in d.positions]) for d in case.disagreements] == [
        ("power", [False, True]),
        ("power", [True, False]),
        ("cmo", [False, False]),
    ]
    assert len(case.power) == len(coder_a.power) - 1  # disputed items wait for the team
    assert len(case.cmo) == len(coder_a.cmo) - 1
    assert len(_errors(case)) == 5  # one per disagreement, question by question

    opened = open_disagreements(case)
    assert [o.about for o in opened][:2] == ["assessments.pp_diversity", "assessments.si_trust"]
    decided = resolve(
        case, "assessments.si_trust", choose="Coder B", reason="B's quotes", by="Team", at=WHEN
    )
    decided = resolve(
        decided,
        "assessments.pp_diversity",
        write={"rating": 1, "memo": "Mostly articulate, experienced users."},
        reason="We agreed on 1 after discussion",
        by="Team",
        at=WHEN,
    )
    first_power, second_power, cmo = opened[2:]
    decided = resolve(
        decided, first_power.about, choose="Coder A", reason="A's wording", by="AB", at=WHEN
    )
    decided = resolve(decided, second_power.about, write=None, reason="Same finding", by="AB")
    decided = resolve(decided, cmo.about, choose="Coder A", reason="The paper's words", by="AB")

    assert not decided.draft and decided.undecided == 0
    assert _errors(decided) == []
    assert decided.assessments["si_trust"].rating == 3
    assert decided.assessments["si_trust"].memo == "Trust grew."
    written = decided.assessments["pp_diversity"]
    assert (written.rating, written.memo) == (1, "Mostly articulate, experienced users.")
    assert written.evidence == coder_a.assessments["pp_diversity"].evidence  # both coders' quotes
    # decided items join the list at its end
    assert decided.power == [*coder_a.power[1:], coder_a.power[0]]
    assert decided.cmo == [*coder_a.cmo[1:], coder_a.cmo[0]]
    log = decided.decisions
    assert [d.about for d in log] == [
        opened[1].about,
        opened[0].about,
        *[o.about for o in opened[2:]],
    ]
    assert [d.chosen for d in log] == ["Coder B", "", "Coder A", "", "Coder A"]
    assert all(len(d.positions) == 2 and d.reason and d.decided_by for d in log)
    assert log[0].positions[0].value["rating"] == 2 and log[0].positions[1].value["rating"] == 3
    assert log[0].result["rating"] == 3 and log[0].decided_at == WHEN
    assert log[3].result is None  # the second wording left out
    assert log[4].decided_at.tzinfo is not None  # now, with the UTC offset


def test_the_decision_log_survives_the_file(tmp_path: Path, coder_a: Case, coder_b: Case) -> None:
    case = merge_cases(coder_a, coder_b).case
    for item in open_disagreements(case):
        case = resolve(case, item.about, choose="Coder A", reason="first coder", by="T", at=WHEN)
    path = tmp_path / "consensus.yaml"
    save_case(case, path)
    again = load_case(path)
    assert again == case
    assert again.decisions[0].decided_at == WHEN
    assert "decided_at: '2026-03-02T10:30:00Z'" in path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- merge rules


def test_agreeing_judgements_unite_evidence_memos_and_confidence(coder_a: Case) -> None:
    base = coder_a.assessments["si_trust"]
    quote = base.evidence[0]
    again = quote.model_copy(update={"quote": "  " + quote.quote.upper() + " ", "source": ""})
    ours = base.model_copy(update={"memo": "A's reading.", "confidence": "high"})
    theirs = base.model_copy(
        update={"memo": "B's reading.", "confidence": "low", "evidence": [again]}
    )
    merged = merge_cases(_with(coder_a, si_trust=ours), _with(coder_a, si_trust=theirs)).case
    trust = merged.assessments["si_trust"]
    assert trust.rating == base.rating and trust.status == "assessed"
    assert trust.evidence == base.evidence  # the same quote, however typed, once
    assert trust.memo == "ours: A's reading.\n\ntheirs: B's reading."
    assert trust.confidence == "low"


def test_a_question_one_coder_left_not_assessed_is_a_disagreement(coder_a: Case) -> None:
    blank = Assessment(status="not_assessed")
    theirs = _with(coder_a.model_copy(update={"coder": "B"}), si_trust=blank)
    merged = merge_cases(coder_a.model_copy(update={"coder": "A"}), theirs)
    trust = merged.case.assessments["si_trust"]
    assert [(p.coder, p.summary) for p in trust.positions] == [
        ("A", "rated 2"),
        ("B", "not assessed"),
    ]


def test_items_are_matched_by_key_loosely_and_united(coder_a: Case) -> None:
    observation = coder_a.power[1]
    extra = Evidence(quote="Another quote", attribution="Staff 2")
    reworded = observation.model_copy(
        update={
            "description": "  " + observation.description.upper(),
            "evidence": [extra],
            "questions": ["si_trust"],
        }
    )
    theirs = coder_a.model_copy(update={"power": [coder_a.power[0], reworded, *coder_a.power[2:]]})
    merged = merge_cases(coder_a, theirs)
    assert merged.clean
    united = merged.case.power[1]
    assert united.description == observation.description
    assert united.evidence == [*observation.evidence, extra]
    assert united.questions == list(dict.fromkeys([*observation.questions, "si_trust"]))


def test_issue_counts_and_details(coder_a: Case) -> None:
    theirs = coder_a.model_copy(
        update={
            "coder": "B",
            "sector": "",  # left empty by one coder: the other's is taken
            "interests": "Staff's interests were served first.",
            "issues": coder_a.issues.model_copy(update={"acted_on": 20}),
        }
    )
    merged = merge_cases(coder_a.model_copy(update={"coder": "A"}), theirs).case
    assert merged.sector == coder_a.sector
    assert merged.coder == "A; B"
    about = [(d.about, d.key) for d in merged.disagreements]
    assert about == [("issues", ""), ("details", "interests")]
    case = resolve(
        merged, "issues", write={"raised": 36, "acted_on": 25}, reason="recount", by="T", at=WHEN
    )
    case = resolve(case, "details: interests", choose="B", reason="B's reading", by="T", at=WHEN)
    assert (case.issues.raised, case.issues.acted_on) == (36, 25)
    assert case.interests == "Staff's interests were served first."
    assert not case.draft


def test_three_way_takes_the_side_that_changed(coder_a: Case) -> None:
    a = coder_a.assessments
    ours = _with(coder_a, si_trust=a["si_trust"].model_copy(update={"rating": 4}))
    removed = a["si_speak_freely"].model_copy(
        update={"evidence": a["si_speak_freely"].evidence[1:]}
    )
    theirs = _with(
        coder_a,
        pp_diversity=a["pp_diversity"].model_copy(update={"rating": 3}),
        si_speak_freely=removed,
    )
    merged = merge_cases(ours, theirs, coder_a)
    assert merged.clean
    assert merged.case.assessments["si_trust"].rating == 4
    assert merged.case.assessments["pp_diversity"].rating == 3
    assert merged.case.assessments["si_speak_freely"] == removed
    assert not merged.case.draft


def test_three_way_keeps_evidence_removed_by_one_side_removed(coder_a: Case) -> None:
    a = coder_a.assessments["si_speak_freely"]
    extra = Evidence(quote="New", attribution="Staff 9")
    ours = a.model_copy(update={"evidence": a.evidence[1:], "memo": "Ours."})
    theirs = a.model_copy(update={"evidence": [*a.evidence, extra], "memo": "Theirs."})
    merged = merge_cases(
        _with(coder_a, si_speak_freely=ours),
        _with(coder_a, si_speak_freely=theirs),
        coder_a,
        labels=("Ann", "Ben"),
    )
    speak = merged.case.assessments["si_speak_freely"]
    assert speak.evidence == [*a.evidence[1:], extra]
    assert speak.memo == "Ann: Ours.\n\nBen: Theirs."


def test_two_branches_deciding_differently_reopen_the_question(
    coder_a: Case, coder_b: Case
) -> None:
    base = merge_cases(coder_a, coder_b).case
    ours = resolve(base, "assessments.si_trust", choose="Coder A", reason="r", by="Ann", at=WHEN)
    theirs = resolve(base, "assessments.si_trust", choose="Coder B", reason="r", by="Ben", at=WHEN)
    merged = merge_cases(ours, theirs, base, labels=("main", "feature"))
    trust = merged.case.assessments["si_trust"]
    assert trust.disputed
    assert [(p.coder, p.rating) for p in trust.positions] == [
        ("main (Ann)", 2),
        ("feature (Ben)", 3),
    ]
    assert len(merged.case.decisions) == 2  # both decisions stay in the log


def test_decisions_on_different_questions_both_land(coder_a: Case, coder_b: Case) -> None:
    base = merge_cases(coder_a, coder_b).case
    ours = resolve(base, "assessments.si_trust", choose="Coder A", reason="r", by="Ann", at=WHEN)
    theirs = resolve(
        base, "assessments.pp_diversity", choose="Coder B", reason="r", by="Ben", at=WHEN
    )
    merged = merge_cases(ours, theirs, base)
    assert merged.case.assessments["si_trust"].rating == 2
    assert merged.case.assessments["pp_diversity"].rating == 2
    assert [d.about for d in merged.case.decisions] == [
        "assessments.si_trust",
        "assessments.pp_diversity",
    ]
    assert len(merged.disputes) == 3  # the power observations and the CMO are still open


def test_codings_of_different_cases_are_refused(coder_a: Case) -> None:
    with pytest.raises(MergeRefused, match="different cases"):
        merge_cases(coder_a, coder_a.model_copy(update={"id": "other"}))


@pytest.mark.parametrize(
    ("about", "kwargs", "message"),
    [
        ("assessments.si_agendas", {"choose": "Coder A"}, "no open disagreement"),
        ("assessments.si_trust", {"choose": "Coder C"}, "'Coder C' holds no position"),
        ("assessments.si_trust", {"choose": "Coder A", "reason": " "}, "give the reason"),
        ("assessments.si_trust", {"choose": "Coder A", "by": ""}, "say who decided"),
        ("assessments.si_trust", {}, "choose a coder's position or write"),
        ("assessments.si_trust", {"write": {"rating": 2, "answer": "x"}}, "not both"),
        ("assessments.si_trust", {"write": {"status": "disputed"}}, "two or more positions"),
    ],
)
def test_decisions_that_cannot_be_applied(
    coder_a: Case, coder_b: Case, about: str, kwargs: dict, message: str
) -> None:
    case = merge_cases(coder_a, coder_b).case
    options = {"reason": "because", "by": "Team"} | kwargs
    with pytest.raises(ResolveError, match=message):
        resolve(case, about, **options)


# --------------------------------------------------------------------------- files


def test_cli_merge_writes_a_draft_validate_reports_per_question(
    tmp_path: Path, coder_a: Case, coder_b: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, out = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "consensus.yaml"
    save_case(coder_a, a)
    save_case(coder_b, b)
    assert main(["merge", str(a), str(b), "-o", str(out)]) == 1
    printed = capsys.readouterr().out
    assert f"wrote {out}" in printed and "5 disagreement(s)" in printed
    assert "  to decide: assessments.si_trust" in printed
    assert main(["validate", str(out)]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if "disagreement" in line]
    assert len(lines) == 5
    trust = next(line for line in lines if "si_trust" in line)
    assert trust.startswith(f"{out}:") and ": error: assessments.si_trust.status: " in trust
    assert "Coder A rated 2, Coder B rated 3" in trust
    line = int(trust.split(":")[1])
    assert out.read_text(encoding="utf-8").splitlines()[line - 1].strip() == "status: disputed"
    assert read_case(out).case.draft
    assert main(["merge", str(a), str(b), "-o", str(out)]) == 2  # exists: refused
    assert "file exists" in capsys.readouterr().err


def test_cli_merge_clean_and_refusals(
    tmp_path: Path, coder_a: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, out = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "out.yaml"
    save_case(coder_a, a)
    save_case(coder_a.model_copy(update={"coder": "Coder B"}), b)
    assert main(["merge", str(a), str(b), "-o", str(out)]) == 0
    assert load_case(out).coder == "Coder A; Coder B" and not load_case(out).draft
    capsys.readouterr()
    save_case(coder_a.model_copy(update={"id": "another_case"}), b, backup=False)
    assert main(["merge", str(a), str(b), "-o", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{b}: error: id: the codings are of different cases")
    assert "\n" not in err and not (tmp_path / "x.yaml").exists()
    b.write_text("id: [unclosed\n", encoding="utf-8")
    assert main(["merge", str(a), str(b), "-o", str(tmp_path / "x.yaml")]) == 2
    assert capsys.readouterr().err.startswith(f"{b}:")


def test_a_report_refuses_a_case_with_open_disagreements(
    tmp_path: Path, coder_a: Case, coder_b: Case
) -> None:
    from casebench.errors import InputError
    from casebench.report.build import check

    path = tmp_path / "consensus.yaml"
    save_case(merge_cases(coder_a, coder_b).case, path)
    other = Path(__file__).parents[1] / "data" / "sample_cases" / "local_gov_innovation_lab.yaml"
    with pytest.raises(InputError) as info:
        check([path, other])
    assert any("disagreement to resolve" in p.message for p in info.value.problems)


def test_an_old_style_disputed_question_without_positions_is_refused(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "  si_trust:\n    rating: 2\n", "  si_trust:\n    status: disputed\n    rating: 2\n", 1
    )
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    problems = read_case(path).problems
    assert [p.field for p in problems] == ["assessments.si_trust.rating"]
    assert "marked disputed cannot also have a rating" in problems[0].message


def test_codings_by_the_same_coder_are_labelled_by_file(tmp_path: Path, coder_a: Case) -> None:
    from casebench.consensus.driver import merge_files

    first, second = tmp_path / "monday.yaml", tmp_path / "friday.yaml"
    trust = coder_a.assessments["si_trust"].model_copy(update={"rating": 4})
    save_case(coder_a, first)
    save_case(_with(coder_a, si_trust=trust), second)
    merged = merge_files(first, second, tmp_path / "out.yaml")
    positions = merged.case.assessments["si_trust"].positions
    assert [p.coder for p in positions] == ["monday", "friday"]
