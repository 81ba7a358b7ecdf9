"""Coded projects whose codes are not the codebook's: matched by name, listed, never silent;
and imports that would add no evidence write nothing."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from casebench import load_case, load_framework, save_case
from casebench.cli import main
from test_refiqda import MAXQDA, NVIVO, SAMPLE, Source, _guid, _qde, _qdpx

FARR = load_framework("farr2017")
TEXT = (
    "We were never paid for the hours. Staff came in on their day off. Café talk built trust. "
    "Volunteers did the rota. The leaflets were only in English."
)

# Codes as a team types them in a program that keeps names only (GUIDs made up): one per way of
# matching, one ambiguous (two Farr questions share the text), one near miss, one made up.
BY_ID = ("pp_payment", "Café talk built trust")  # exact id -> pp_payment
BY_PREFIX = ("si_trust: trust (our label)", "We were never paid")
BY_TEXT = (
    "  are STAFF given time to get involved or are they expected to contribute in their own time ",
    "Staff came in on their day off",
)
AMBIGUOUS = ("Are volunteers taking on previously paid staff roles?", "Volunteers did the rota")
NEAR_MISS = ("pp_divrsity", "The leaflets were only in English")
MADE_UP = ("Logistics", "the hours")


def _project(tmp_path: Path, codes: list[tuple[str, str]], style=NVIVO) -> tuple[Path, dict]:
    guids = {name: str(uuid.uuid4()) for name, _ in codes}
    source = Source("Staff 7.docx", TEXT, [(part, guids[name]) for name, part in codes])
    path = _qdpx(
        tmp_path / "team.qdpx", style, [source], extra_codes=[(g, n) for n, g in guids.items()]
    )
    return path, guids


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_codes_are_matched_by_id_id_prefix_and_question_text(tmp_path: Path, capsys) -> None:
    path, _ = _project(tmp_path, [BY_ID, BY_PREFIX, BY_TEXT])
    out = tmp_path / "cases"
    code, lines, err = _run(["import", str(path), "--id", "team", "--out", str(out)], capsys)
    assert code == 0 and err == []
    assert lines[:4] == [
        "matched 3 code(s) to questions of farr2017:",
        "  by id (1): pp_payment",
        "  by id prefix (1): 'si_trust: trust (our label)' -> si_trust",
        f"  by question text (1): {BY_TEXT[0]!r} -> st_time",
    ]
    case = load_case(out / "team.yaml")
    got = {q: [e.quote for e in a.evidence] for q, a in case.assessments.items() if a.evidence}
    assert got == {
        "pp_payment": ["Café talk built trust"],
        "si_trust": ["We were never paid"],
        "st_time": ["Staff came in on their day off"],
    }


def test_the_codebooks_own_guid_wins_over_the_name(tmp_path: Path, capsys) -> None:
    # A codebook code renamed in the QDA program (here to another question's id) still counts
    # for the question its GUID names.
    source = Source("S.txt", "Trust grew.", [("Trust grew", _guid("si_trust"))])
    qde = _qde(MAXQDA, [source]).replace(b'name="si_trust: ', b'name="pp_payment: ')
    path = _qdpx(tmp_path / "p.qdpx", MAXQDA, [], qde=qde)
    code, lines, _ = _run(["import", str(path), "--id", "p", "--out", str(tmp_path)], capsys)
    assert code == 0 and lines[1] == "  by GUID (1): si_trust"
    assert load_case(tmp_path / "p.yaml").assessments["si_trust"].evidence[0].quote == "Trust grew"


def test_unmatched_codes_stop_the_import_with_near_misses(tmp_path: Path, capsys) -> None:
    path, guids = _project(tmp_path, [BY_ID, AMBIGUOUS, NEAR_MISS, MADE_UP])
    out = tmp_path / "cases"
    code, lines, err = _run(["import", str(path), "--id", "team", "--out", str(out)], capsys)
    assert code == 2 and lines == [] and not out.exists()
    assert len(err) == 3
    assert err[0].endswith(
        f"error: code {AMBIGUOUS[0]!r} ({guids[AMBIGUOUS[0]]}) is not a question of farr2017 "
        "(1 segment(s)): its name is the text of 2 questions (pp_volunteers, rp_volunteers); "
        "rename it to a question id in the QDA "
        "program, or pass --skip-unknown-codes to import the other codes"
    )
    assert "code 'pp_divrsity'" in err[1] and "(closest: pp_diversity)" in err[1]
    assert "code 'Logistics'" in err[2] and "closest" not in err[2]


def test_skip_unknown_codes_imports_the_rest_and_lists_the_skipped(tmp_path: Path, capsys) -> None:
    path, guids = _project(tmp_path, [BY_ID, NEAR_MISS, MADE_UP])
    out = tmp_path / "cases"
    argv = ["import", str(path), "--id", "team", "--out", str(out), "--skip-unknown-codes"]
    code, lines, err = _run(argv, capsys)
    assert code == 0
    assert lines[:2] == ["matched 1 code(s) to questions of farr2017:", "  by id (1): pp_payment"]
    assert lines[2].startswith(f"wrote {out / 'team.yaml'}: 1 evidence item(s) on 1 question(s)")
    assert len(err) == 2 and all(": warning: skipped code " in line for line in err)
    assert (
        f"skipped code 'pp_divrsity' ({guids['pp_divrsity']}), 1 segment(s): not a question"
        in err[0]
    )
    assert "(closest: pp_diversity)" in err[0]
    case = load_case(out / "team.yaml")
    assert [q for q, a in case.assessments.items() if a.evidence] == ["pp_payment"]


def test_nothing_matched_nothing_written(tmp_path: Path, capsys) -> None:
    path, _ = _project(tmp_path, [NEAR_MISS, MADE_UP])
    out = tmp_path / "cases"
    argv = ["import", str(path), "--id", "team", "--out", str(out), "--skip-unknown-codes"]
    code, lines, err = _run(argv, capsys)
    assert code == 2 and lines == [] and not out.exists()
    assert err[-1] == (
        f"{path}: error: none of the 2 code(s) used matches a question of farr2017: nothing "
        "imported, nothing written"
    )
    assert len(err) == 3 and "skipped code 'pp_divrsity'" in err[0]


@pytest.mark.parametrize("target", ["new", "existing"])
def test_a_project_without_codings_writes_nothing(tmp_path: Path, capsys, target: str) -> None:
    path = _qdpx(tmp_path / "empty.qdpx", NVIVO, [Source("Uncoded.txt", TEXT, [])])
    case = tmp_path / "nhs.yaml"
    save_case(load_case(SAMPLE), case)
    before = sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.iterdir())
    where = (
        ["--case", str(case)] if target == "existing" else ["--id", "fresh", "--out", str(tmp_path)]
    )
    code, lines, err = _run(["import", str(path), *where], capsys)
    assert code == 2 and lines == []
    assert err == [
        f"{path}: error: the project holds no coded text segments: nothing imported, nothing "
        "written (code the sources in the QDA program, then export the project again)"
    ]
    assert sorted((p.name, p.stat().st_mtime_ns) for p in tmp_path.iterdir()) == before


def test_segments_on_a_heading_are_listed_and_can_be_skipped(tmp_path: Path, capsys) -> None:
    from casebench.refiqda import code_guid

    heading = code_guid("farr2017", "section", "social_interaction")
    codings = [("Café talk", heading), ("built trust", _guid("si_trust"))]
    path = _qdpx(tmp_path / "h.qdpx", NVIVO, [Source("S.txt", TEXT, codings)])
    argv = ["import", str(path), "--id", "h", "--out", str(tmp_path)]
    code, _, err = _run(argv, capsys)
    assert code == 2 and "it is the heading 'Social interaction'" in err[0]
    code, lines, err = _run([*argv, "--skip-unknown-codes"], capsys)
    assert code == 0 and lines[1] == "  by GUID (1): si_trust"
    assert "warning: skipped code" in err[0] and "heading 'Social interaction'" in err[0]
