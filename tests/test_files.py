"""Saving never loses a version, never writes through a planted link, and survives a full disk
and a killed process: the case file and every backup are then exactly what they were."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from casebench.cli import main
from casebench.files import UnsafeLink, backup_paths, clean_stale, write_atomic

ROOT = Path(__file__).parents[1]
PAGE = 4096


def _state(folder: Path) -> dict[str, bytes | str]:
    """Every entry of a folder: a file's bytes, or where a link points."""
    out: dict[str, bytes | str] = {}
    for entry in sorted(folder.iterdir()):
        out[entry.name] = f"-> {os.readlink(entry)}" if entry.is_symlink() else entry.read_bytes()
    return out


def _history(path: Path, versions: list[bytes]) -> None:
    """``path`` saved with each version in turn (so its backups hold the earlier ones)."""
    for version in versions:
        write_atomic(path, version)


def test_backups_keep_three_generations(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    _history(path, [b"v0", b"v1", b"v2", b"v3"])
    assert _state(tmp_path) == {
        "case.yaml": b"v3",
        "case.yaml.bak": b"v2",
        "case.yaml.bak.1": b"v1",
        "case.yaml.bak.2": b"v0",
    }
    assert write_atomic(path, b"v4") == tmp_path / "case.yaml.bak"
    assert _state(tmp_path) == {
        "case.yaml": b"v4",
        "case.yaml.bak": b"v3",
        "case.yaml.bak.1": b"v2",
        "case.yaml.bak.2": b"v1",
    }


def test_saving_the_same_bytes_writes_and_rotates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    _history(path, [b"v0", b"v1"])
    before = _state(tmp_path)
    inode = path.stat().st_ino
    assert write_atomic(path, "v1") is None
    assert _state(tmp_path) == before
    assert path.stat().st_ino == inode  # not even replaced by an equal copy


def test_saving_a_file_restored_from_its_backup_keeps_every_generation(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    _history(path, [b"v0", b"v1", b"v2", b"v3"])
    path.write_bytes((tmp_path / "case.yaml.bak").read_bytes())  # the user restores v2
    write_atomic(path, b"v4")
    assert _state(tmp_path) == {
        "case.yaml": b"v4",
        "case.yaml.bak": b"v2",  # not pushed down again as a duplicate
        "case.yaml.bak.1": b"v1",
        "case.yaml.bak.2": b"v0",
    }


@pytest.mark.parametrize("name", ["case.yaml.bak", "case.yaml.bak.1", "case.yaml.bak.2"])
def test_a_linked_backup_is_replaced_never_written_through(tmp_path: Path, name: str) -> None:
    victim = tmp_path / "victim" / ".bashrc"
    victim.parent.mkdir()
    victim.write_bytes(b"export SAFE=1\n")
    work = tmp_path / "work"
    work.mkdir()
    path = work / "case.yaml"
    _history(path, [b"v0", b"v1", b"v2"][: ["bak", "1", "2"].index(name.rsplit(".", 1)[-1]) + 1])
    (work / name).unlink(missing_ok=True)
    (work / name).symlink_to(victim)
    for version in (b"v3", b"v4", b"v5", b"v6"):
        write_atomic(path, version)
        assert victim.read_bytes() == b"export SAFE=1\n"
    assert not any(p.is_symlink() for p in work.iterdir())  # rotated out, never followed
    assert _state(work) == {
        "case.yaml": b"v6",
        "case.yaml.bak": b"v5",
        "case.yaml.bak.1": b"v4",
        "case.yaml.bak.2": b"v3",
    }


def test_cli_new_force_with_a_planted_backup_link(tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("export SAFE=1\n", encoding="utf-8")
    case = tmp_path / "c.yaml"
    assert main(["new", "--id", "c", "--title", "C", "-o", str(case)]) == 0
    (tmp_path / "c.yaml.bak").symlink_to(victim)
    assert main(["new", "--id", "c", "--title", "Again", "-o", str(case), "--force"]) == 0
    assert victim.read_text(encoding="utf-8") == "export SAFE=1\n"
    assert not (tmp_path / "c.yaml.bak").is_symlink()
    assert "title: C\n" in (tmp_path / "c.yaml.bak").read_text(encoding="utf-8")
    assert (tmp_path / "c.yaml.bak.1").is_symlink()  # moved aside as a link, untouched


def test_a_linked_case_file_is_written_through_atomically(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    mine = tmp_path / "mine"
    shared.mkdir()
    mine.mkdir()
    real = shared / "nhs.yaml"
    real.write_bytes(b"v0")
    real.chmod(0o640)
    (mine / "nhs.yaml").symlink_to(Path("..") / "shared" / "nhs.yaml")
    backup = write_atomic(mine / "nhs.yaml", b"v1")
    assert (mine / "nhs.yaml").is_symlink()  # still the collaborator's file
    assert real.read_bytes() == b"v1"
    assert real.stat().st_mode & 0o777 == 0o640
    assert backup == shared / "nhs.yaml.bak"  # the backup lives beside the real file
    assert _state(shared) == {"nhs.yaml": b"v1", "nhs.yaml.bak": b"v0"}
    assert [p.name for p in mine.iterdir()] == ["nhs.yaml"]


def test_a_link_to_another_kind_of_file_is_refused(tmp_path: Path, capsys) -> None:
    victim = tmp_path / ".bashrc"
    victim.write_text("export SAFE=1\n", encoding="utf-8")
    case = tmp_path / "c.yaml"
    case.symlink_to(victim)
    with pytest.raises(UnsafeLink):
        write_atomic(case, b"id: c\n")
    assert main(["new", "--id", "c", "--title", "C", "-o", str(case), "--force"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"{case}: error: is a symbolic link to {victim}, which is not a .yaml file; refusing "
        "to write through it (remove the link, or save elsewhere)\n"
    )
    assert victim.read_text(encoding="utf-8") == "export SAFE=1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".bashrc", "c.yaml"]


def _failing(monkeypatch: pytest.MonkeyPatch, name: str, at: int) -> None:
    """Make the ``at``-th call of ``os.<name>`` fail as a full disk would."""
    real = getattr(os, name)
    calls = {"n": 0}

    def fake(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == at:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, fake)


@pytest.mark.parametrize(
    ("name", "at"),
    [("write", 1), ("fsync", 1), ("fsync", 2)] + [("replace", n) for n in range(1, 6)],
)
def test_a_failure_at_any_step_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, at: int
) -> None:
    path = tmp_path / "case.yaml"
    _history(path, [b"v0", b"v1", b"v2", b"v3"])
    before = _state(tmp_path)
    if (name, at) == ("fsync", 2):  # no hard links: the backup is a copy, flushed to disk
        monkeypatch.setattr(os, "link", _raise_eperm)
    _failing(monkeypatch, name, at)
    with pytest.raises(OSError) as failure:
        write_atomic(path, b"v4")
    monkeypatch.undo()
    assert _state(tmp_path) == before
    assert failure.value.filename == str(path)
    assert ".tmp" not in str(failure.value)
    assert "the file and its backups are as they were" in str(failure.value)


def _raise_eperm(*args: object, **kwargs: object) -> None:
    raise OSError(errno.EPERM, "Operation not permitted")


def test_without_hard_links_the_backup_is_a_copy(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(os, "link", _raise_eperm)
    path = tmp_path / "case.yaml"
    _history(path, [b"v0", b"v1", b"v2"])
    assert _state(tmp_path) == {
        "case.yaml": b"v2",
        "case.yaml.bak": b"v1",
        "case.yaml.bak.1": b"v0",
    }


# ----------------------------------------------------------------------- a real full disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs mounted for the test (CI runs as root, so this runs there)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; CI runs the tests as root")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", str(mount)], check=True
    )
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], check=False).returncode:
            subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path, leave: int) -> Path:
    """Fill the file system, then free ``leave`` bytes (whole pages on tmpfs)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        while True:
            os.write(fd, b"\0" * PAGE)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))
    return filler


@pytest.mark.parametrize("hard_links", [True, False], ids=["hard-links", "copies"])
def test_a_full_disk_at_any_step_changes_nothing(
    small_disk: Path, monkeypatch: pytest.MonkeyPatch, hard_links: bool
) -> None:
    if not hard_links:
        monkeypatch.setattr(os, "link", _raise_eperm)
    old = [b"a" * 5000, b"b" * 5000, b"c" * 5000, b"d" * 6000]
    new = b"e" * 9000  # three pages
    outcomes = set()
    for pages in range(0, 7):
        for entry in small_disk.iterdir():
            entry.unlink()
        folder = small_disk
        path = folder / "case.yaml"
        _history(path, old)
        filler = _fill(folder, pages * PAGE)
        before = _state(folder)
        try:
            write_atomic(path, new)
        except OSError as exc:
            outcomes.add("failed")
            assert exc.errno == errno.ENOSPC
            assert exc.filename == str(path)
            after = _state(folder)
            assert after == before, f"{pages} free page(s): files changed"
        else:
            outcomes.add("saved")
            filler.unlink()
            assert _state(folder) == {
                "case.yaml": new,
                "case.yaml.bak": old[3],
                "case.yaml.bak.1": old[2],
                "case.yaml.bak.2": old[1],
            }
    assert outcomes == {"failed", "saved"}  # both sides of the limit were tried


def test_a_full_disk_is_one_line_on_the_command_line(small_disk: Path, capsys) -> None:
    case = small_disk / "c.yaml"
    assert main(["new", "--id", "c", "--title", "C", "-o", str(case)]) == 0
    _fill(small_disk, 0)
    before = case.read_bytes()
    assert main(["new", "--id", "c", "--title", "Other", "-o", str(case), "--force"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"{case}: error: No space left on device; the file and its backups are as they were\n"
    )
    assert case.read_bytes() == before
    assert not backup_paths(case)[0].exists()


def test_a_read_only_folder_error_names_the_file(small_disk: Path, capsys) -> None:
    case = small_disk / "c.yaml"
    assert main(["new", "--id", "c", "--title", "C", "-o", str(case)]) == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert main(["new", "--id", "c", "--title", "Other", "-o", str(case), "--force"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"{case}: error: Read-only file system; the file and its backups are as they were\n"
    )


# ----------------------------------------------------------------------- a killed save

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from casebench.files import write_atomic

    path, kill_at, content = sys.argv[1:4]
    calls = {}

    def pausing(name):
        real = getattr(os, name)
        def call(*args, **kwargs):
            calls[name] = calls.get(name, 0) + 1
            if f"{name}:{calls[name]}" == kill_at:
                print("ready", flush=True)
                time.sleep(120)
            return real(*args, **kwargs)
        return call

    os.fsync = pausing("fsync")
    os.replace = pausing("replace")
    write_atomic(path, content.encode())
    """
)


@pytest.mark.parametrize(
    "kill_at", ["fsync:1", "replace:1", "replace:2", "replace:3", "replace:4", "replace:5"]
)
def test_sigkill_during_a_save(tmp_path: Path, kill_at: str) -> None:
    path = tmp_path / "case.yaml"
    _history(path, [b"v0", b"v1", b"v2", b"v3"])
    before = _state(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), kill_at, "v4 " * 1000],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert path.read_bytes() == b"v3"  # killed before the rename: the old file, whole
    left = _state(tmp_path)
    if kill_at in {"fsync:1", "replace:1"}:  # before any rename: backups exactly as they were
        assert {k: v for k, v in left.items() if not k.endswith(".tmp")} == before
    assert {b"v1", b"v2", b"v3"} <= set(left.values())  # only the oldest, v0, may go
    assert any(name.endswith(".tmp") for name in left)
    write_atomic(path, b"v5")  # the next save cleans up and fills any gap
    assert _state(tmp_path) == {
        "case.yaml": b"v5",
        "case.yaml.bak": b"v3",
        "case.yaml.bak.1": b"v2",
        "case.yaml.bak.2": b"v1",
    }


def test_a_save_in_progress_keeps_its_temporary_file(tmp_path: Path) -> None:
    import fcntl

    path = tmp_path / "case.yaml"
    path.write_bytes(b"v0")
    busy = tmp_path / ".case.yaml.abc123.tmp"
    busy.write_bytes(b"half")
    dead = tmp_path / ".case.yaml.def456.tmp"
    dead.write_bytes(b"half")
    other = tmp_path / ".notes.yaml.abc123.tmp"
    other.write_bytes(b"someone else's")
    with busy.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        assert clean_stale(path) == [dead]
    assert busy.exists() and other.exists()
