"""The light CLI commands: behaviour, exit codes, and that they stay light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from casebench import load_case, load_framework
from casebench.cli import main

LIGHT = [
    ["--help"],
    ["validate", "data/sample_cases"],
    ["schema"],
    ["framework"],
    ["new", "--id", "probe", "--title", "Probe", "-o", "{tmp}/probe.yaml"],
    ["merge", *["data/sample_cases/nhs_ebcd_breast_cancer.yaml"] * 2, "-o", "{tmp}/merged.yaml"],
    ["audit", "data/sample_cases"],
]
HEAVY = ("altair", "nbconvert", "ipywidgets", "pandas", "vl_convert")
ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("argv", LIGHT, ids=[a[0] for a in LIGHT])
def test_light_commands_import_no_heavy_package(argv: list[str], tmp_path: Path) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    probe = (
        "import sys, casebench.cli\n"
        "try:\n"
        f"    casebench.cli.main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_new_writes_a_blank_case_that_validates(tmp_path: Path, capsys) -> None:
    out = tmp_path / "my_case.yaml"
    assert (
        main(
            ["new", "--id", "my_case", "--title", "My council lab", "--coder", "AB", "-o", str(out)]
        )
        == 0
    )
    assert "53 questions of farr2017 1.0.0" in capsys.readouterr().out
    case = load_case(out)
    assert (case.id, case.title, case.coder) == ("my_case", "My council lab", "AB")
    assert {a.status for a in case.assessments.values()} == {"not_assessed"}
    assert main(["validate", str(out)]) == 0


def test_new_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    out = tmp_path / "c.yaml"
    out.write_text("precious", encoding="utf-8")
    assert main(["new", "--id", "c", "--title", "C", "-o", str(out)]) == 2
    assert "file exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "precious"
    assert main(["new", "--id", "c", "--title", "C", "-o", str(out), "--force"]) == 0
    assert (tmp_path / "c.yaml.bak").read_text(encoding="utf-8") == "precious"


def test_new_rejects_a_bad_id(tmp_path: Path, capsys) -> None:
    assert main(["new", "--id", "Bad Id", "--title", "T", "-o", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{tmp_path / 'x.yaml'}: error: --id: ")
    assert not (tmp_path / "x.yaml").exists()


def test_validate_sample_cases(capsys) -> None:
    assert main(["validate", str(ROOT / "data" / "sample_cases")]) == 0
    assert capsys.readouterr().out.startswith("2 case file(s) valid")


def test_validate_shows_warnings_on_request(tmp_path: Path, capsys) -> None:
    out = tmp_path / "w.yaml"
    main(["new", "--id", "w", "--title", "W", "-o", str(out)])
    capsys.readouterr()
    assert main(["validate", "--warnings", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: assessments: 53 of 53 questions are marked not_assessed" in err


def test_user_framework_beside_cases(tmp_path: Path, capsys) -> None:
    (tmp_path / "mini.framework.yaml").write_text(
        "id: mini\nversion: '0.1'\ntitle: Mini\ndefault_scale: yn\n"
        "scales:\n  yn:\n    title: No/yes\n    levels:\n"
        "      - {value: 0, label: 'No'}\n      - {value: 1, label: 'Yes'}\n"
        "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: q1, text: Is it?, citation: me}\n",
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text(
        "id: c\ntitle: C\nframework: {id: mini, version: '0.1'}\n"
        "assessments:\n  q1: {rating: 1, memo: yes it is}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(tmp_path)]) == 0
    (tmp_path / "c.yaml").write_text(
        "id: c\ntitle: C\nframework: {id: mini, version: '0.1'}\nassessments:\n  q1: {rating: 2}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(tmp_path)]) == 2
    assert "2 is not on the 'No/yes' scale (expected one of 0, 1)" in capsys.readouterr().err


def test_schema_validates_the_samples(capsys) -> None:
    assert main(["schema", "--framework", "farr2017"]) == 0
    schema = json.loads(capsys.readouterr().out)
    validator = jsonschema.Draft202012Validator(schema)
    from casebench.yamlio import read

    for path in sorted((ROOT / "data" / "sample_cases").glob("*.yaml")):
        assert list(validator.iter_errors(read(path).data)) == []
    assert set(schema["properties"]["assessments"]["properties"]) == set(load_framework().questions)
    bad = read(ROOT / "tests" / "bad_inputs" / "unknown_field.yaml").data
    assert list(validator.iter_errors(bad))


def test_framework_schema(capsys) -> None:
    assert main(["schema", "framework"]) == 0
    schema = json.loads(capsys.readouterr().out)
    from casebench.yamlio import read

    data = read(ROOT / "src" / "casebench" / "frameworks" / "farr2017.yaml").data
    jsonschema.Draft202012Validator(schema).validate(data)


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("casebench 0.")
