"""casebench audit: every judgement's history from git commits and the decision log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from casebench import load_case, save_case
from casebench.cli import main
from casebench.consensus.audit import audit
from casebench.consensus.audit_render import render_html, render_markdown, render_text
from casebench.consensus.merge import merge_cases
from casebench.consensus.resolve import resolve
from casebench.validation import read_case
from gitrepo import CASE, git, make_repo, rate

SAMPLE = Path(__file__).parents[1] / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def _commit_as(repo: Path, author: str, message: str) -> None:
    git(repo, "-c", f"user.name={author}", "commit", "-q", "-a", "-m", message)


def test_history_from_commits_merges_and_decisions(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "bob")
    rate(repo, "si_trust", 3, "unused")  # committed by Alice (the repository's user) ...
    git(repo, "-c", "user.name=Bob", "commit", "-q", "--amend", "--reset-author", "-m", "Trust <3")
    rate(repo, "si_agendas", 0, "Bob: agendas")
    git(repo, "checkout", "-q", "main")
    rate(repo, "si_agendas", 4, "Alice: agendas")
    assert git(repo, "merge", "bob", "-m", "Merge bob", check=False).returncode != 0
    in_progress = audit(repo / CASE)  # the merge is not committed yet
    working = [e for e in in_progress.events if e.source == "working copy"]
    assert [e.about for e in working] == ["assessments.si_agendas"]
    assert "rated 4 → disputed (ours (main) rated 4, theirs (bob) rated 0)" in working[0].change

    git(repo, "add", str(CASE))
    _commit_as(repo, "Alice", "Merge bob: si_agendas disputed")
    case = read_case(repo / CASE).case
    assert case is not None
    decided = resolve(
        case,
        "assessments.si_agendas",
        choose="theirs (bob)",
        reason="Staff set | the agenda",
        by="Alice and Bob",
    )
    save_case(decided, repo / CASE, backup=False)
    _commit_as(repo, "Alice", "Decide si_agendas")

    history = audit(repo / CASE)
    assert history.in_git and history.commits == 6
    units = history.by_unit()
    assert next(iter(units)) == "(case file)"
    assert "file added: 45 question(s) judged" in units["(case file)"][0].change
    (trust,) = units["assessments.si_trust"]
    assert (trust.change, trust.who, trust.note) == ("rated 2 → rated 3", "Bob", "Trust <3")
    assert len(trust.commit) == 7
    agendas = [(e.source, e.who, e.change) for e in units["assessments.si_agendas"]]
    assert ("commit", "Alice", "rated 2 → rated 0") in agendas  # on bob
    assert ("commit", "Alice", "rated 2 → rated 4") in agendas  # on main
    merge = next(e for e in units["assessments.si_agendas"] if e.note.startswith("Merge bob"))
    assert merge.change.startswith("rated 4 → disputed (ours (main) rated 4, theirs (bob) rated 0)")
    decision = next(e for e in units["assessments.si_agendas"] if e.source == "decision")
    assert decision.who == "Alice and Bob" and decision.note == "Staff set | the agenda"
    assert decision.change == (
        "ours (main) rated 4, theirs (bob) rated 0 → theirs (bob)'s position: rated 0"
    )
    commit_after = next(e for e in units["assessments.si_agendas"] if e.note == "Decide si_agendas")
    assert commit_after.change.startswith("disputed (") and commit_after.change.endswith("rated 0")
    # si_trust came in through the merge: reported at Bob's commit only, not at the merge
    assert all(e.note != "Merge bob: si_agendas disputed" for e in units["assessments.si_trust"])

    text = render_text([history])
    assert "  assessments.si_trust\n" in text and "Bob: rated 2 → rated 3  [Trust <3]" in text
    md = render_markdown([history])
    assert "Staff set \\| the agenda" in md and "Trust &lt;3" in md
    page = render_html([history])
    assert "Trust &lt;3" in page and "<script" not in page.lower()


def test_a_renamed_file_keeps_its_history(repo: Path) -> None:
    rate(repo, "si_trust", 3, "Trust")
    git(repo, "mv", str(CASE), "cases/nhs_renamed.yaml")
    git(repo, "commit", "-q", "-m", "Rename")
    rate_path = repo / "cases" / "nhs_renamed.yaml"
    case = load_case(rate_path)
    trust = case.assessments["si_trust"].model_copy(update={"rating": 4})
    save_case(
        case.model_copy(update={"assessments": {**case.assessments, "si_trust": trust}}),
        rate_path,
        backup=False,
    )
    git(repo, "commit", "-q", "-a", "-m", "Trust again")
    changes = [e.change for e in audit(rate_path).by_unit()["assessments.si_trust"]]
    assert changes == ["rated 2 → rated 3", "rated 3 → rated 4"]


def test_outside_a_repository_the_decision_log_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = load_case(SAMPLE).model_copy(update={"coder": "A"})
    trust = first.assessments["si_trust"].model_copy(update={"rating": 3})
    second = first.model_copy(
        update={"coder": "B", "assessments": {**first.assessments, "si_trust": trust}}
    )
    when = dt.datetime(2026, 3, 2, 10, 30, tzinfo=dt.UTC)
    case = resolve(
        merge_cases(first, second).case,
        "assessments.si_trust",
        write={"rating": 2, "memo": "Between the two."},
        reason="Talked it through",
        by="A and B",
        at=when,
    )
    path = tmp_path / "consensus.yaml"
    save_case(case, path)
    history = audit(path)
    assert not history.in_git and history.commits == 0
    assert [(e.about, e.when, e.change) for e in history.events] == [
        (
            "assessments.si_trust",
            "2026-03-02T10:30:00+00:00",
            "A rated 2, B rated 3 → the team's own: rated 2",
        )
    ]
    assert main(["audit", str(tmp_path), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "not in a git repository: no commit history; 1 decision(s)" in out
    assert main(["audit", str(path), "--format", "html", "-o", str(tmp_path / "a.html")]) == 0
    assert "<!DOCTYPE html>" in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_audit_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    assert main(["audit", str(bad), str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert err[0].startswith(f"{tmp_path / 'missing.yaml'}: error: no such file")
    assert err[1].startswith(f"{bad}:")
