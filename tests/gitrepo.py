"""Helpers for tests that run git: a repository holding one case file, with casebench set up
as its merge driver the way docs/team-workflows.md says, and a way to change a rating."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from casebench import load_case, save_case

SAMPLE = Path(__file__).parents[1] / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml"
CASEBENCH = Path(sys.executable).with_name("casebench")
CASE = Path("cases") / "nhs.yaml"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=check, timeout=120
    )


def make_repo(tmp_path: Path) -> Path:
    """A repository holding one case file, with the driver set up as the docs say."""
    assert shutil.which("git"), "git is needed: apt-get install git"
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "Alice")
    git(tmp_path, "config", "user.email", "alice@example.org")
    git(tmp_path, "config", "merge.casebench.name", "casebench: merge case files by question")
    driver = f"{shlex.quote(str(CASEBENCH))} merge --git %O %A %B --path %P --marker-size %L"
    git(tmp_path, "config", "merge.casebench.driver", driver)
    (tmp_path / ".gitattributes").write_text("cases/*.yaml merge=casebench\n", encoding="utf-8")
    (tmp_path / "cases").mkdir()
    header, rest = SAMPLE.read_text(encoding="utf-8").split("\n", 1)
    (tmp_path / CASE).write_text(f"{header}\n# Our team's copy\n{rest}", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "The NHS case")
    return tmp_path


def rate(repo: Path, qid: str, rating: int, message: str) -> None:
    path = repo / CASE
    case = load_case(path)
    changed = case.assessments[qid].model_copy(update={"rating": rating})
    save_case(
        case.model_copy(update={"assessments": {**case.assessments, qid: changed}}),
        path,
        backup=False,
    )
    git(repo, "commit", "-q", "-a", "-m", message)
