"""``casebench compare``: exit codes, output formats, refusals, files written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import casebench
from casebench.caseio import save_case
from casebench.cli import main
from casebench.synthetic import synthetic_cases

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three valid synthetic farr2017 cases saved as files."""
    path = tmp_path_factory.mktemp("cases")
    for case in synthetic_cases(casebench.load_framework("farr2017"), 3, seed=21):
        save_case(case, path / f"{case.id}.yaml", backup=False)
    return path


def test_json_output(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(folder), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "format",
        "framework",
        "cases",
        "thresholds",
        "pairs",
        "focus",
        "by",
        "tables",
    }
    assert data["format"] == "casebench-compare/2"
    assert (data["pairs"], data["focus"], data["by"]) == (5, None, None)
    assert (data["framework"]["id"], data["framework"]["version"]) == ("farr2017", "1.0.0")
    assert [c["id"] for c in data["cases"]] == [f"synthetic_{i:04d}" for i in range(3)]
    assert len(data["tables"]["tidy"]) == 3 * 53
    assert len(data["tables"]["similarity"]) == 3


def test_default_table_output(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 cases compared along farr2017 1.0.0: synthetic_0000")
    assert "Most divergent questions" in out and "realist_people" in out


def test_table_output_says_what_rankings_rest_on(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "rated by at least 3 of the 3 cases" in out
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.lstrip().startswith("rank"))
    assert lines[head].split()[:3] == ["rank", "question_id", "n_rated"]
    assert "difference" not in lines[head]  # only defined for two cases
    assert lines[head + 1].split()[2] == "3/3"
    assert "NaN" not in out and "nan" not in out.lower().replace("financ", "")


def test_focus_and_groups(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    framework = casebench.load_framework("farr2017")
    for i, case in enumerate(synthetic_cases(framework, 4, seed=8)):
        case = case.model_copy(
            update={"id": f"grouped_{i}", "attributes": {"country": ("UK", "France")[i % 2]}}
        )
        save_case(case, tmp_path / f"{case.id}.yaml", backup=False)
    args = ["compare", str(tmp_path), "--focus", "grouped_1", "--by", "country"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "grouped_1 against the other 3 cases" in out
    assert "Groups by Country: France (2), UK (2)" in out
    assert main([*args, "--format", "json", "--pairs", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["focus"], data["by"], data["pairs"]) == ("grouped_1", "country", 1)
    assert {"focus", "groups", "group_profiles", "group_divergence"} <= set(data["tables"])
    assert {r["case_id"] for r in data["tables"]["focus"]} == {"grouped_1"}
    assert data["cases"][0]["attributes"] == {"country": "UK"}
    assert len(data["tables"]["similarity"]) <= 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--focus", "nobody"], "error: focus: no case 'nobody' to focus on"),
        (["--by", "colour"], "error: by: no attribute 'colour' to group by"),
    ],
)
def test_unknown_focus_or_group_is_one_line(
    folder: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["compare", str(folder), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_pairs_and_min_rated_are_checked(folder: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["compare", str(folder), "--pairs", "0"])
    assert "expected a number of pairs per case or 'all'" in capsys.readouterr().err
    assert main(["compare", str(folder), "--min-rated", "2", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["thresholds"]["divergence_min_rated"] == 2
    assert main(["compare", str(folder), "--min-rated", "50%", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["thresholds"]["divergence_min_rated"] == 2


def test_csv_is_the_tidy_table(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(folder.glob("*.yaml"))[:2]
    assert main(["compare", *map(str, files), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("case_id,case_order,question_id,")
    assert len(lines) == 1 + 2 * 53


def test_md_is_the_matrix(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(folder), "--format", "md"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        "| Section | Question | synthetic\\_0000 | synthetic\\_0001 | synthetic\\_0002 |"
    )


def test_bad_file_exits_2_with_one_line_per_error(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: 1\nid: Bad Id\ntitle: x\nframework: {id: farr2017, version: '1.0.0'}\n",
        encoding="utf-8",
    )
    assert main(["compare", str(folder), str(bad), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert lines[0].startswith(f"{bad}:2:") and "error" in lines[0]
    assert lines[-1] == "1 error(s); nothing compared"


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(tmp_path / "nowhere.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_one_case_is_refused(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = sorted(folder.glob("*.yaml"))[0]
    assert main(["compare", str(one)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a comparison needs at least two cases, got 1" in err[0]


def test_different_versions_are_refused(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    framework = casebench.load_framework("farr2017")
    newer = framework.model_copy(update={"version": "2.0.0"})
    (tmp_path / "v2.framework.yaml").write_text(
        json.dumps(newer.model_dump(mode="json")), encoding="utf-8"
    )  # JSON is YAML
    case = synthetic_cases(newer, 1, seed=4)[0].model_copy(update={"id": "newer"})
    save_case(case, tmp_path / "newer.yaml", backup=False)
    one = sorted(folder.glob("*.yaml"))[0]
    code = main(["compare", str(one), str(tmp_path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("newer: error: framework:") and "version 2.0.0" in err[0]


def test_charts_need_out(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(folder), "--charts", "svg"]) == 2
    assert "--charts needs --out" in capsys.readouterr().err


def test_out_writes_tables_without_loading_altair(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    probe = (
        "import sys, casebench.cli\n"
        f"code = casebench.cli.main(['compare', {str(folder)!r}, '--out', {str(out)!r}])\n"
        "print(code, 'altair' in sys.modules, 'vl_convert' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "0 False False", result.stderr
    assert (out / "comparison.xlsx").exists() and (out / "matrix.tex").exists()
    assert (out / "tidy.csv").exists() and not list(out.glob("*.svg"))
    assert result.stderr.startswith("wrote 16 file(s) to")  # 12 tables as CSV, and 4 more


def test_out_with_svg_charts(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(folder.glob("*.yaml"))[:2]
    assert main(["compare", *map(str, files), "--out", str(tmp_path), "--charts", "svg"]) == 0
    svgs = sorted(p.stem for p in tmp_path.glob("*.svg"))
    assert svgs == sorted(
        ["matrix", "profiles", "divergence", "power", "levels_of_change", "coverage", "similarity"]
    )
    assert all(p.read_text(encoding="utf-8").startswith("<svg") for p in tmp_path.glob("*.svg"))


def test_unknown_chart_format_is_refused_before_writing(tmp_path, capsys) -> None:
    from pathlib import Path

    from casebench.cli import main

    samples = Path(__file__).parents[1] / "data" / "sample_cases"
    out = tmp_path / "out"
    assert main(["compare", str(samples), "--out", str(out), "--charts", "svg,gif"]) == 2
    assert "compare: error: --charts: unknown format 'gif' (expected png, svg)" in (
        capsys.readouterr().err
    )
    assert not out.exists()


def test_xlsx_keeps_user_text_as_text(tmp_path) -> None:
    from pathlib import Path

    import openpyxl

    from casebench import compare, load_case
    from casebench.exports import tables_to_xlsx

    samples = Path(__file__).parents[1] / "data" / "sample_cases"
    nhs = load_case(samples / "nhs_ebcd_breast_cancer.yaml")
    trust = nhs.assessments["si_trust"].model_copy(
        update={"memo": '=HYPERLINK("http://x.invalid","click")', "rating": 2}
    )
    hostile = nhs.model_copy(
        update={
            "assessments": {**nhs.assessments, "si_trust": trust},
            "title": "bell\x07 and escape\x1b",
        }
    )
    comparison = compare([hostile, load_case(samples / "local_gov_innovation_lab.yaml")])
    path = tmp_path / "c.xlsx"
    path.write_bytes(tables_to_xlsx(comparison))
    sheet = openpyxl.load_workbook(path)["tidy"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    memo = [c for c in cells if c.value.startswith("=HYPERLINK")]
    assert memo and all(c.data_type == "s" for c in memo)
    assert not any(c.data_type == "f" for c in cells)
