"""The bad-input corpus: each file in tests/bad_inputs/ fails validation (case files) or
import (.xlsx workbooks, .qdpx projects) with the one-line message written beside it in
``<name>.expected``, exit code 2, no traceback, and nothing written. The archives are built
by tests/bad_archives.py (run it to write them again)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from casebench import load_framework
from casebench.cli import main

CORPUS = Path(__file__).parent / "bad_inputs"
ARCHIVES = (".xlsx", ".qdpx")
INPUTS = sorted(
    p
    for p in CORPUS.iterdir()
    if (p.suffix in (".yaml", *ARCHIVES) or p.is_dir()) and not p.name.startswith(".")
)


def _expected(path: Path) -> str:
    name = path.name.removesuffix(path.suffix) if path.is_file() else path.name
    return (CORPUS / f"{name}.expected").read_text(encoding="utf-8").strip()


def test_corpus_is_complete() -> None:
    assert len([p for p in INPUTS if p.suffix not in ARCHIVES]) >= 25
    assert len([p for p in INPUTS if p.suffix == ".xlsx"]) >= 10
    assert len([p for p in INPUTS if p.suffix == ".qdpx"]) >= 10
    for path in INPUTS:
        assert _expected(path), path


@pytest.mark.parametrize("path", INPUTS, ids=[p.name for p in INPUTS])
def test_bad_input_gets_its_message(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    if path.suffix == ".xlsx":
        argv = ["import", str(path), "--out", str(out_dir)]
    elif path.suffix == ".qdpx":
        argv = ["import", str(path), "--id", "bad_case", "--out", str(out_dir)]
    else:
        argv = ["validate", str(path)]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    first = err.splitlines()[0]
    assert first == _expected(path).replace("{corpus}", str(CORPUS))
    assert "Traceback" not in err + out
    assert list(out_dir.iterdir()) == []  # nothing written


def test_the_archives_are_what_their_generator_builds(tmp_path: Path) -> None:
    import zipfile

    from bad_archives import BUILDERS, build

    assert sorted(p.name for p in INPUTS if p.suffix in ARCHIVES) == sorted(BUILDERS)
    for fresh in build(tmp_path):
        committed = CORPUS / fresh.name
        if not zipfile.is_zipfile(fresh):
            assert committed.read_bytes() == fresh.read_bytes()
            continue
        with zipfile.ZipFile(fresh) as new, zipfile.ZipFile(committed) as old:
            assert [(i.filename, i.CRC, i.file_size, i.flag_bits) for i in new.infolist()] == [
                (i.filename, i.CRC, i.file_size, i.flag_bits) for i in old.infolist()
            ], fresh.name


def test_a_file_of_tens_of_megabytes_is_refused_quickly(tmp_path: Path, capsys) -> None:
    big = tmp_path / "huge.yaml"
    line = "  - quote: " + "x" * 90 + "\n"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("id: huge\nnotes:\n")
        for _ in range(300_000):  # about 30 MB
            handle.write(line)
    assert big.stat().st_size > 25_000_000
    code = main(["validate", str(big)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[0] == (
        f"{big}: error: file is {big.stat().st_size / 1024 / 1024:.1f} MiB; files over 5 MiB "
        "are refused (is this really a case file?)"
    )


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    case = tmp_path / "evil.yaml"
    case.write_text(
        f'id: evil\nsummary: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    assert main(["validate", str(case)]) == 2
    assert not marker.exists()


def test_command_line_process_prints_no_traceback() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "casebench.cli",
            "validate",
            str(CORPUS / "non_utf8.yaml"),
            str(CORPUS / "billion_laughs.yaml"),
            str(CORPUS / "no_such_file.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any("no_such_file.yaml: error: no such file or folder" in line for line in lines)
    assert lines[-1] == "3 error(s) in 3 file(s)"


def test_all_problems_of_a_file_are_reported(tmp_path: Path, capsys) -> None:
    case = tmp_path / "many.yaml"
    case.write_text(
        "format: 1\nid: many\ntitle: Many problems\nframework: {id: farr2017, version: 1.0.0}\n"
        "assessments:\n  si_trust: {rating: 9}\n  is_level: {answer: [regional]}\n"
        "  st_time: {rating: 2, memo: ok}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(case)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{case}:6:")
    assert "assessments.si_trust.rating: 9 is not on" in err[0]
    assert "assessments.is_level.answer: 'regional' is not an option" in err[1]
    assert err[-1] == "2 error(s) in 1 file(s)"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_without_reading_them(device: str, capsys) -> None:
    assert main(["validate", device]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{device}: error: is not a regular file (a device, pipe or socket)"
    )


def test_a_named_pipe_is_refused(tmp_path: Path, capsys) -> None:
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert main(["validate", str(tmp_path)]) == 2  # found in a folder, and not opened
    assert "pipe.yaml: error: is not a regular file" in capsys.readouterr().err


# "'x' is not a confidence (expected one of low, medium, high)": a value refused by a vocabulary
_REFUSED = re.compile(
    r"(?P<value>'[^']*'|-?[0-9.]+) is not (?P<noun>an? .+?|on the .+? scale) \((?P<listing>.*?)\)"
)


def _vocabularies() -> dict[str, list[str]]:
    """Every closed vocabulary a message can name, by the noun it uses, with its values."""
    from casebench.models import Assessment, Case
    from casebench.models.case import DETAILS
    from casebench.models.vocabulary import QUESTION_KIND, VOCABULARIES
    from casebench.spreadsheet.layout import CASE_COLUMNS, COLUMNS, DATA_SHEETS, README

    farr = load_framework("farr2017")
    nouns = {v.noun: v.values for v in VOCABULARIES.values()}
    nouns |= {
        "a power dimension of farr2017": farr.power_dimension_ids,
        "a level of change of farr2017": farr.level_ids,
        "a question of farr2017": list(farr.questions),
        "a field of a case": list(Case.model_fields),
        "a field of an assessment": list(Assessment.model_fields),
        "a detail of a case": list(DETAILS),
        QUESTION_KIND.noun: QUESTION_KIND.values,
        "a sheet casebench reads": [*DATA_SHEETS, README],
        "a column of the cases sheet": list(CASE_COLUMNS),
    }
    nouns |= {f"a column of the {sheet} sheet": list(cols) for sheet, cols in COLUMNS.items()}
    for qid, info in farr.questions.items():
        question = info.question
        if question.kind == "choice":
            nouns[f"an option of {qid}"] = question.option_ids
        elif question.kind == "scale":
            scale = farr.scale_for(question)
            nouns[f"on the {scale.title!r} scale"] = [str(v) for v in scale.values]
    return nouns


def test_every_closed_vocabulary_error_lists_the_allowed_values() -> None:
    nouns = _vocabularies()
    farr = load_framework("farr2017")
    seen: set[str] = set()
    for path in INPUTS:
        message = _expected(path)
        for found in _REFUSED.finditer(message):
            noun, listing = found["noun"], found["listing"]
            assert noun in nouns, f"{path.name}: a vocabulary the test does not know: {noun}"
            seen.add(noun)
            if noun.startswith("a question of"):  # 53 ids: named by count and command
                assert "`casebench framework farr2017` lists them" in listing, path.name
                continue
            assert listing.startswith("expected one of "), path.name
            listed = listing.removeprefix("expected one of ").split(", ")
            assert listed == nouns[noun], path.name
        if "question: give" in message:  # "is a choice question: give an answer (one of ...)"
            qid = message.split("assessments.")[1].split(".")[0]
            question = farr.questions[qid].question
            wanted = question.option_ids or [str(v) for v in farr.scale_for(question).values]
            assert all(value in message for value in wanted), path.name
    from casebench.models.vocabulary import VOCABULARIES

    # every closed vocabulary of the case model has a bad input of its own in the corpus
    assert {v.noun for v in VOCABULARIES.values()} <= seen
    assert {"a power dimension of farr2017", "a level of change of farr2017"} <= seen
