"""A project coded in qc (``qualitative-coding``) with Farr's question ids, exported by
``qc export`` and imported by casebench: every coding arrives as evidence, quote, position and
attribution intact.

qc codes line by line: ``qc code CODER`` opens the transcript and a codes file side by side in
the editor named in settings.yaml, and reads the codes file back when the editor exits. qc's
settings let a project name its own editor command (``editors:`` in settings.yaml); here that
command is a small script that writes the codes a coder would type, so every step is qc's own
command. qc keeps code names only, matches ``[A-Za-z0-9_-]+``, and makes GUIDs from the names
on export: casebench matches its codes by name (the question ids).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from casebench import load_case
from casebench.cli import main

QC = Path(sys.executable).with_name("qc")  # installed with the test extra
TRANSCRIPTS = {
    "nhs_staff_13": (
        "Interviewer: How did trust grow between staff and patients?\n"
        "Staff: Café talk 😀 built trust slowly, over months.\n"
        "Patient: At first we felt we could not speak freely.\n"
        "Staff: The time it took was a worry for managers.\n"
    ),
    "focus_group": (
        "Facilitator: Who took part?\n"
        "Participant: Mostly people like us — retired, confident, English speakers.\n"
        "Participant: We met in the library, not the hospital.\n"
    ),
}
# Line numbers (from 0) -> the codes the coder types against them.
CODES = {
    "nhs_staff_13": {1: "si_trust", 2: "si_speak_freely, pp_diversity", 3: "st_time"},
    "focus_group": {1: "pp_diversity, memorable", 2: "si_venues"},
}
CODER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    corpus, codes = Path(sys.argv[1]), Path(sys.argv[2])
    plan = json.loads(Path(sys.argv[3]).read_text())[corpus.stem]
    lines = corpus.read_text(encoding="utf-8").splitlines()
    codes.write_text("".join(plan.get(str(i), "") + "\\n" for i in range(len(lines))))
    """
)


def _qc(project: Path, *args: str) -> None:
    result = subprocess.run(
        [str(QC), *args], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def qc_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """qc init, corpus import, two coding sessions, qc export: the .qdpx qc writes."""
    import json

    project = tmp_path_factory.mktemp("qc project")  # a space: qc quotes its paths
    _qc(project, "init")
    settings = yaml.safe_load((project / "settings.yaml").read_text())
    (project / "coder.py").write_text(CODER)
    (project / "plan.json").write_text(
        json.dumps({doc: {str(k): v for k, v in plan.items()} for doc, plan in CODES.items()})
    )
    command = f'"{sys.executable}" coder.py "{{corpus_file_path}}" "{{codes_file_path}}" plan.json'
    settings["editor"] = "scripted"
    settings["editors"] = {
        "scripted": {"name": "scripted", "code_command": command, "memo_command": "true"}
    }
    (project / "settings.yaml").write_text(yaml.safe_dump(settings))
    incoming = project / "incoming"
    incoming.mkdir()
    for name, text in TRANSCRIPTS.items():
        (incoming / f"{name}.txt").write_text(text, encoding="utf-8")
        _qc(project, "corpus", "import", "--importer", "verbatim", f"incoming/{name}.txt")
    for name in TRANSCRIPTS:
        _qc(project, "code", "alice", "--pattern", f"{name}.txt")
    _qc(project, "export", "team.qdpx")
    return project / "team.qdpx"


def _expected(skip: set[str] = frozenset()) -> dict[str, list[tuple[str, str, str, str]]]:
    """What the codings must become, worked out from the transcripts: each coded line (its end
    of line included in the position, as qc selects whole lines), positions in code points."""
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for name in sorted(TRANSCRIPTS):  # qc exports its documents by file name
        lines = TRANSCRIPTS[name].splitlines(keepends=True)
        for number, codes in sorted(CODES[name].items()):
            start = sum(len(line) for line in lines[:number])
            end = start + len(lines[number])
            for code in sorted(c.strip() for c in codes.split(",")):
                if code not in skip:
                    item = (lines[number].strip(), name, f"{name}.txt", f"chars {start}–{end}")
                    out.setdefault(code, []).append(item)
    return out


def test_qc_codings_come_in_as_evidence(qc_export: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "cases"
    argv = ["import", str(qc_export), "--id", "qc_case", "--coder", "alice", "--out", str(out)]
    assert main(argv) == 2  # 'memorable' is no question: listed, nothing written
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "error: code 'memorable' (" in err[0]
    assert "--skip-unknown-codes" in err[0] and not out.exists()

    assert main([*argv, "--skip-unknown-codes"]) == 0
    stdout, stderr = capsys.readouterr()
    head, by_id = stdout.splitlines()[:2]
    assert head == "matched 5 code(s) to questions of farr2017:"
    assert by_id.startswith("  by id (5): ")
    assert sorted(by_id.split(": ", 1)[1].split(", ")) == sorted(_expected(skip={"memorable"}))
    assert "warning: skipped code 'memorable'" in stderr
    case = load_case(out / "qc_case.yaml")
    got = {
        qid: [(e.quote, e.attribution, e.source, e.location) for e in a.evidence]
        for qid, a in case.assessments.items()
        if a.evidence
    }
    expected = _expected(skip={"memorable"})
    assert {q: sorted(v) for q, v in got.items()} == {q: sorted(v) for q, v in expected.items()}
    assert sum(map(len, got.values())) == 6
    trust = case.assessments["si_trust"].evidence[0]
    assert trust.quote == "Staff: Café talk 😀 built trust slowly, over months."
    assert trust.location == "chars 60–112"  # worked by hand: the first line is 60 characters
    assert case.coder == "alice"
