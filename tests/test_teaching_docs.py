"""docs/teaching.md is true: its vignette file loads, its commands print what it shows, and
every file, option and notebook parameter it names exists."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casebench.cli import main
from casebench.exercises import load_vignette

ROOT = Path(__file__).parents[1]
DOC = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"^```{kind}\n(.*?)^```$", DOC, flags=re.S | re.M)


def _console(command: str) -> list[str]:
    """The lines a console block shows after ``$ command``."""
    block = next(b for b in _blocks("console") if b.startswith(f"$ {command}\n"))
    return block.splitlines()[1:]


def _run(capsys: pytest.CaptureFixture[str], command: str) -> tuple[int, str, str]:
    assert command.startswith("casebench ")
    status = main(command.split()[1:])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The class of the docs' example, made by the docs' own code, in a working folder."""
    monkeypatch.chdir(tmp_path)
    (python,) = _blocks("python")
    exec(python, {})
    return tmp_path


def test_the_vignette_example_loads(tmp_path: Path) -> None:
    (example,) = _blocks("yaml")
    path = tmp_path / "school_council.yaml"
    path.write_text(example, encoding="utf-8")
    vignette = load_vignette(path)
    assert vignette.id == "school_council" and vignette.sector == "education"
    assert [item.question.id for item in vignette.questions] == ["si_agendas", "si_speak_freely"]
    assert [example.id for example in vignette.examples] == ["head_sets_agenda"]


def test_the_bad_vignette_example(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """mine.yaml is the example with the two changes the page describes."""
    (example,) = _blocks("yaml")
    mine = example.replace(
        "quote: The head teacher sets every agenda of the school council.",
        "quote: The head sets the agenda.",
    ).replace("      1: A 1 would need", "      2: A 1 would need")
    assert mine.count("\n") == example.count("\n") and mine != example
    (course / "mine.yaml").write_text(mine, encoding="utf-8")
    command = "casebench class summary course --assignment week3 --reference mine.yaml"
    status, out, err = _run(capsys, command)
    assert status == 2 and out == ""
    assert err.splitlines() == _console(command)


def test_the_class_summary_example(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    command = "casebench class summary course --assignment week3 --reference riverside_libraries"
    status, out, _ = _run(capsys, command)
    assert status == 0
    shown = _console(command)
    printed = out.splitlines()
    assert "  ..." in shown
    assert printed[: shown.index("  ...")] == shown[: shown.index("  ...")]
    after = shown[shown.index("  ...") + 1 :]
    assert printed[-len(after) :] == after


def test_named_files_options_and_parameters_exist() -> None:
    named = set(re.findall(r"`((?:notebooks|tests|docs|src|benchmarks)/[\w./-]+)`", DOC))
    assert "tests/test_course_notebooks.py" in named
    assert [name for name in named if not (ROOT / name).exists()] == []
    for notebook in re.findall(r"^\| `(0\d_\w+)` \|", DOC, flags=re.M):
        path = ROOT / "notebooks" / "course" / f"{notebook}.ipynb"
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        (parameters,) = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
        assigned = set(re.findall(r"^(\w+) =", "".join(parameters["source"]), flags=re.M))
        row = next(line for line in DOC.splitlines() if line.startswith(f"| `{notebook}` |"))
        documented = set(re.findall(r"`(\w+)`", row.rsplit("|", 2)[1]))
        assert documented == assigned, notebook


def test_the_synopsis_options_exist(capsys: pytest.CaptureFixture[str]) -> None:
    (synopsis,) = [b for b in _blocks("console") if b.startswith("$ casebench class summary SUB")]
    options = set(re.findall(r"(?<![\w-])(--?\w+)", synopsis))
    assert options == {"-o", "--assignment", "--roster", "--resamples", "--reference"}
    with pytest.raises(SystemExit):
        main(["class", "summary", "--help"])
    usage = capsys.readouterr().out
    assert [option for option in options if f"{option} " not in usage] == []
