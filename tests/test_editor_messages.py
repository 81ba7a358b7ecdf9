"""The editor words a problem as the command line does: every case file of the bad-input corpus
whose error names what is allowed (a closed vocabulary, a kind of value) opens in the editor as
a draft and shows that same message, allowed values and nearest suggestion included."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from casebench.widgets import CaseEditor

CORPUS = Path(__file__).parent / "bad_inputs"
WORDED = ("expected one of", " must be ", "question: give")


def _worded_case_files() -> list[tuple[Path, str, str]]:
    """(file, field, message) for each case file whose expected error says what is allowed;
    files whose coders disagree open in the consensus editor instead, so are left out."""
    found = []
    for path in sorted(CORPUS.glob("*.yaml")):
        if path.name.endswith(".framework.yaml"):
            continue
        expected = (CORPUS / f"{path.stem}.expected").read_text(encoding="utf-8").strip()
        field, _, message = expected.split(": error: ", 1)[1].partition(": ")
        if message and any(w in message for w in WORDED) and not field.startswith("disagreements"):
            found.append((path, field, message))
    return found


CASES = _worded_case_files()


def test_the_corpus_holds_vocabulary_errors_of_every_kind() -> None:
    messages = " ".join(m for _, _, m in CASES)
    for noun in (
        "a status",
        "a confidence",
        "a mode of power",
        "a power dimension",
        "a level of change",
        "a kind of data source",
        "an option of",
        "a rating must",
    ):
        assert noun in messages, noun


@pytest.mark.parametrize("path,field,message", CASES, ids=[p.name for p, _, _ in CASES])
def test_the_editor_shows_the_command_line_s_message(path: Path, field: str, message: str) -> None:
    editor = CaseEditor.open(path)
    problems = [p for p in editor.problems if p.severity == "error"]
    assert (field, message) in [(p.field, p.message) for p in problems]
    assert html.escape(message) in editor.problems_box.value
