"""casebench as git's merge driver: real `git merge`s of branches that changed one case file."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebench import load_case, save_case
from casebench.consensus.driver import git_merge
from casebench.consensus.resolve import resolve
from casebench.validation import read_case
from gitrepo import CASE, SAMPLE, git, make_repo, rate


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def test_different_questions_merge_cleanly(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "bob")
    rate(repo, "si_trust", 3, "Bob: trust grew")
    git(repo, "checkout", "-q", "main")
    rate(repo, "ch_rhetoric", 1, "Alice: rhetoric")
    done = git(repo, "merge", "bob", "-m", "Merge bob")
    assert done.returncode == 0
    assert "cases/nhs.yaml: merged question by question" in done.stderr
    text = (repo / CASE).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and text.startswith("# yaml-language-server")
    assert text.splitlines()[1] == "# Our team's copy"  # our comments survive
    case = load_case(repo / CASE)
    assert case.assessments["si_trust"].rating == 3
    assert case.assessments["ch_rhetoric"].rating == 1
    assert not case.draft


def test_same_question_gives_a_recorded_disagreement_not_markers(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "bob")
    rate(repo, "si_agendas", 0, "Bob: agendas")
    git(repo, "checkout", "-q", "main")
    rate(repo, "si_agendas", 4, "Alice: agendas")
    done = git(repo, "merge", "bob", "-m", "Merge bob", check=False)
    assert done.returncode != 0
    assert "CONFLICT (content): Merge conflict in cases/nhs.yaml" in done.stdout
    assert "1 disagreement(s) recorded in the file" in done.stderr
    text = (repo / CASE).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    checked = read_case(repo / CASE)
    errors = [p for p in checked.problems if p.severity == "error"]
    assert [p.field for p in errors] == ["assessments.si_agendas.status"]
    assert "ours (main) rated 4, theirs (bob) rated 0" in errors[0].message
    assert checked.case is not None and checked.case.draft

    decided = resolve(
        checked.case,
        "assessments.si_agendas",
        choose="theirs (bob)",
        reason="Staff set the agenda",
        by="Alice",
    )
    save_case(decided, repo / CASE, backup=False)
    git(repo, "add", str(CASE))
    git(repo, "commit", "-q", "-m", "Decide si_agendas")
    final = load_case(repo / CASE)
    assert final.assessments["si_agendas"].rating == 0
    assert final.decisions[0].positions[0].value["rating"] == 4
    assert not final.draft


def test_a_file_that_is_not_a_case_falls_back_to_line_merging(repo: Path) -> None:
    path = repo / CASE
    git(repo, "checkout", "-q", "-b", "bob")
    path.write_text("title: [broken by Bob\n", encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Bob breaks it")
    git(repo, "checkout", "-q", "main")
    path.write_text("title: broken by Alice\n", encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "Alice breaks it")
    done = git(repo, "merge", "bob", "-m", "Merge bob", check=False)
    assert done.returncode != 0
    assert "cases/nhs.yaml: merged line by line, not question by question" in done.stderr
    text = path.read_text(encoding="utf-8")
    assert "<<<<<<< cases/nhs.yaml (ours)" in text and ">>>>>>> cases/nhs.yaml (theirs)" in text


def test_no_common_ancestor_merges_two_way(tmp_path: Path) -> None:
    """Both branches added the file: git gives the driver an empty ancestor."""
    case = load_case(SAMPLE)
    trust = case.assessments["si_trust"].model_copy(update={"rating": 4})
    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    base.write_text("", encoding="utf-8")
    save_case(case.model_copy(update={"coder": "Ann"}), ours, backup=False)
    save_case(
        case.model_copy(
            update={"coder": "Ben", "assessments": {**case.assessments, "si_trust": trust}}
        ),
        theirs,
        backup=False,
    )
    result = git_merge(base, ours, theirs, name="cases/nhs.yaml")
    assert result.code == 1 and "1 disagreement(s)" in result.message
    merged = read_case(ours).case
    assert merged is not None and merged.coder == "Ann; Ben"
    assert [p.coder for p in merged.assessments["si_trust"].positions] == ["Ann", "Ben"]


def test_versions_of_different_cases_fall_back_to_line_merging(tmp_path: Path) -> None:
    case = load_case(SAMPLE)
    base, ours, theirs = tmp_path / "O", tmp_path / "A", tmp_path / "B"
    for path in (base, ours):
        save_case(case, path, backup=False)
    save_case(case.model_copy(update={"id": "renamed"}), theirs, backup=False)
    save_case(case.model_copy(update={"id": "other"}), ours, backup=False)
    result = git_merge(base, ours, theirs, name="c.yaml")
    assert result.code == 1
    assert result.message.startswith("c.yaml: merged line by line, not question by question")
    assert "different cases" in result.message
    assert "<<<<<<< c.yaml (ours)" in ours.read_text(encoding="utf-8")
