"""The report's refusals: personal data in a folder's name blamed on that folder's files and
nothing written for any group; command-line text that is not UTF-8 refused in one line before
anything runs; ``casebench privacy`` listing what the gate would find."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebench.cli import main
from casebench.privacy import CANNOT_FIND

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "data" / "sample_cases").glob("*.yaml"))


def _group(folder: Path) -> list[Path]:
    folder.mkdir(parents=True)
    return [Path(shutil.copy(p, folder / p.name)) for p in SAMPLES]


def test_per_folder_refuses_a_folder_named_by_personal_data_and_writes_nothing(
    tmp_path: Path, capsys
) -> None:
    _group(tmp_path / "groups" / "a_wave")
    named = _group(tmp_path / "groups" / "b_jane.smith@nhs.net")
    out = tmp_path / "reports"
    code = main(["report", "--per-folder", str(tmp_path / "groups"), "-o", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[:2] == [
        f"{path}: error: possible personal data in the file's path: e-mail address b***@***.net"
        for path in named
    ]
    assert not any("--title" in line for line in err)  # the folder is to blame, not the title
    assert err[-1].startswith("report: error: 2 possible item(s) of personal data in 2 file(s)")
    assert err[-1].endswith(f"Note: {CANNOT_FIND}")
    assert not out.exists() or not list(out.iterdir())


def test_per_folder_refuses_personal_data_in_a_later_group(tmp_path: Path, capsys) -> None:
    _group(tmp_path / "groups" / "a_wave")
    first = _group(tmp_path / "groups" / "b_wave")[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("summary: >-\n", "summary: >-\n  Ring 07700 900123.\n", 1))
    out = tmp_path / "reports"
    assert main(["report", "--per-folder", str(tmp_path / "groups"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{first}:" in err and "phone number 077** ******" in err
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["report", "--title", "bad \udcff title"], "--title"),
        (["new", "--id", "x", "--title", "T", "--coder", "\udce9ric"], "--coder"),
        (["validate", "case\udcff.yaml"], "case\\udcff.yaml"),
    ],
)
def test_text_that_is_not_utf8_is_one_line(argv: list[str], where: str, capsys) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    byte = "e9" if "coder" in where else "ff"
    assert err == f"{where}: error: not UTF-8 text (byte 0x{byte}); give it as UTF-8\n"
    assert out == ""


def test_a_title_of_raw_bytes_from_the_shell_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "casebench.cli",
            "report",
            "-o",
            str(out),
            "--title",
            b"bad \xff title",
        ],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "--title: error: not UTF-8 text (byte 0xff); give it as UTF-8\n"
    )
    assert not out.exists()


# --------------------------------------------------------------------------- casebench privacy


def test_privacy_lists_what_the_gate_would_find(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "cases" / "jane.smith@nhs.net"
    first, second = _group(folder)
    text = first.read_text(encoding="utf-8")
    first.write_text(
        text.replace(
            "summary: >-\n", "summary: >-\n  Call Jane (07700 900123) or NHS 943 4765 919.\n", 1
        ),
        encoding="utf-8",
    )
    assert main(["privacy", str(tmp_path / "cases")]) == 2
    out = capsys.readouterr().out.splitlines()
    line = next(
        i for i, t in enumerate(first.read_text(encoding="utf-8").splitlines()) if "Call Jane" in t
    )
    assert out == [
        f"{first}: error: possible personal data in the file's path: e-mail address j***@***.net",
        f"{second}: error: possible personal data in the file's path: e-mail address j***@***.net",
        f"{first}:{line}:1: error: summary: possible personal data: phone number 077** ******",
        f"{first}:{line}:1: error: summary: possible personal data: NHS number 943 **** ***",
        "4 possible item(s) of personal data in 2 of 2 file(s): review each. Not found by this "
        f"check: {CANNOT_FIND}",
    ]


def test_privacy_on_clean_files_says_what_it_cannot_find(capsys) -> None:
    assert main(["privacy", *map(str, SAMPLES)]) == 0
    assert capsys.readouterr().out == (
        "no personal data found in 2 file(s) by this check. It cannot find everything: "
        f"{CANNOT_FIND}\n"
    )


def test_privacy_reports_unreadable_files(tmp_path: Path, capsys) -> None:
    assert main(["privacy", str(tmp_path / "missing.yaml")]) == 2
    assert f"{tmp_path / 'missing.yaml'}: error: no such file or folder" in capsys.readouterr().err
