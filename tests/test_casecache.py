"""The cache of validated cases: a file read before comes back exactly as the reader would
give it, and any change to the file, the framework or the code, and any tampering with the
cache, makes the file be read and checked again."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import casebench
from casebench import casecache
from casebench.casecache import DATABASE, CaseCache
from casebench.caseio import save_case
from casebench.cli import main
from casebench.synthetic import synthetic_cases
from casebench.validation import validate_paths

ROOT = Path(__file__).parents[1]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "cases"
    path.mkdir()
    for case in synthetic_cases(casebench.load_framework("farr2017"), 4, seed=12):
        save_case(case, path / f"{case.id}.yaml", backup=False)
    return path


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading any YAML fail, so that only cache hits can succeed."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a YAML file was parsed")

    monkeypatch.setattr(casebench.validation.yamlio, "loads", refuse)
    monkeypatch.setattr(casebench.validation.yamlio, "read", refuse)


def _report(folder: Path, cache: CaseCache | None, *frameworks: Path):
    return validate_paths([folder], list(frameworks), cache)


def test_a_warm_run_gives_what_reading_gives(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = _report(folder, None)
    assert fresh.problems  # warnings with lines: they must come back too
    _report(folder, CaseCache(tmp_path / "cache"))
    _no_parsing(monkeypatch)
    warm = _report(folder, CaseCache(tmp_path / "cache"))
    assert warm.cases == fresh.cases
    assert warm.problems == fresh.problems
    assert [c.path for c in warm.checked] == [c.path for c in fresh.checked]


def test_a_changed_file_is_read_again(folder: Path, tmp_path: Path) -> None:
    _report(folder, CaseCache(tmp_path / "cache"))
    path = sorted(folder.glob("*.yaml"))[0]
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Synthetic case 0", "title: Changed"),
        encoding="utf-8",
    )
    warm = _report(folder, CaseCache(tmp_path / "cache"))
    assert warm.cases[0].title == "Changed"


def test_same_bytes_at_two_paths_name_their_own_file(folder: Path, tmp_path: Path) -> None:
    cache = CaseCache(tmp_path / "cache")
    first = sorted(folder.glob("*.yaml"))[0]
    _report(first, cache)
    other = tmp_path / "elsewhere" / "copy.yaml"
    other.parent.mkdir()
    other.write_bytes(first.read_bytes())
    again = _report(other.parent, CaseCache(tmp_path / "cache"))
    assert again.problems and {p.file for p in again.problems} == {str(other)}


def test_a_changed_framework_is_checked_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    farr = casebench.load_framework("farr2017")
    data = farr.model_dump(mode="json")
    framework_file = tmp_path / "farr.framework.yaml"
    framework_file.write_text(json.dumps(data), encoding="utf-8")
    assert not _report(folder, CaseCache(tmp_path / "cache"), framework_file).errors
    # same id and version, one question fewer: every case now names an unknown question
    data["sections"][0]["subsections"][0]["questions"].pop()
    framework_file.write_text(json.dumps(data), encoding="utf-8")
    again = _report(folder, CaseCache(tmp_path / "cache"), framework_file)
    assert again.errors and all("is not a question of farr2017" in p.message for p in again.errors)


def test_changed_code_misses(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _report(folder, CaseCache(tmp_path / "cache"))
    monkeypatch.setattr(casecache, "code_fingerprint", lambda: b"another version")
    _no_parsing(monkeypatch)
    with pytest.raises(AssertionError, match="was parsed"):
        _report(folder, CaseCache(tmp_path / "cache"))


def test_a_tampered_entry_is_never_returned(folder: Path, tmp_path: Path) -> None:
    _report(folder, CaseCache(tmp_path / "cache"))
    db = sqlite3.connect(tmp_path / "cache" / DATABASE)
    rows = db.execute(f"SELECT key, body FROM {casecache.TABLE}").fetchall()
    assert rows
    for key, body in rows:  # rate every question 0, keeping the old signature
        case = json.loads(body)
        for assessment in case["assessments"].values():
            if assessment["rating"] is not None:
                assessment["rating"] = 0
        db.execute(
            f"UPDATE {casecache.TABLE} SET body = ? WHERE key = ?",
            (json.dumps(case).encode(), key),
        )
    db.commit()
    db.close()
    warm = _report(folder, CaseCache(tmp_path / "cache"))
    assert warm.cases == _report(folder, None).cases


def test_a_damaged_cache_is_replaced(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / DATABASE).write_bytes(b"this is not a database" * 100)
    assert _report(folder, CaseCache(cache_dir)).cases == _report(folder, None).cases
    _no_parsing(monkeypatch)
    assert _report(folder, CaseCache(cache_dir)).cases  # a new database, filled


def test_a_cache_that_cannot_be_made_only_turns_itself_off(folder: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    cache = CaseCache(tmp_path / "file" / "sub")
    assert _report(folder, cache).cases == _report(folder, None).cases
    damaged = tmp_path / "key-damaged"
    damaged.mkdir()
    (damaged / casecache.SECRET).write_bytes(b"short")
    assert _report(folder, CaseCache(damaged)).cases == _report(folder, None).cases
    assert not (damaged / DATABASE).exists()


def test_least_recently_used_entries_are_dropped(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(casecache, "MAX_ENTRIES", 2)
    _report(folder, CaseCache(tmp_path / "cache"))
    db = sqlite3.connect(tmp_path / "cache" / DATABASE)
    assert db.execute(f"SELECT count(*) FROM {casecache.TABLE}").fetchone() == (2,)
    db.close()


def test_the_signing_key_is_private(folder: Path, tmp_path: Path) -> None:
    _report(folder, CaseCache(tmp_path / "cache"))
    assert (tmp_path / "cache" / casecache.SECRET).stat().st_mode & 0o077 == 0
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0


def test_switches(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    cache_dir = tmp_path / "cli-cache"
    monkeypatch.setenv("CASEBENCH_CACHE_DIR", str(cache_dir))
    assert main(["compare", str(folder), "--no-cache"]) == 0
    assert not cache_dir.exists()
    monkeypatch.setenv("CASEBENCH_CACHE", "off")
    assert CaseCache.default() is None
    assert main(["validate", str(folder)]) == 0 and not cache_dir.exists()
    monkeypatch.delenv("CASEBENCH_CACHE")
    assert main(["compare", str(folder)]) == 0
    assert (cache_dir / DATABASE).exists()
    capsys.readouterr()


def test_concurrent_runs_agree(folder: Path, tmp_path: Path) -> None:
    """Four processes read the same folder into one empty cache at once."""
    env = {"CASEBENCH_CACHE_DIR": str(tmp_path / "shared-cache")}
    command = [sys.executable, "-m", "casebench.cli", "compare", str(folder), "--format", "csv"]
    import os

    processes = [
        subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **env},
            cwd=ROOT,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert all(p.returncode == 0 for p in processes), [e for _, e in outputs]
    assert len({out for out, _ in outputs}) == 1
    again = subprocess.run(
        command, capture_output=True, env={**os.environ, **env}, cwd=ROOT, timeout=300
    )
    assert again.stdout == outputs[0][0]
