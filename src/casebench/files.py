"""Writing files so that a crash, a full disk or a planted link never costs a saved version.

``write_atomic`` writes the new bytes to a hidden temporary file in the target's folder,
flushes it to disk and renames it over the target, so readers see the old file or the new
one, never a mix. The previous versions are kept as ``<name>.bak`` (the newest), ``.bak.1``
and ``.bak.2``, rotated by renaming, which moves a link planted under one of those names
instead of writing through it. A write that would not change the file's bytes does nothing.
Everything that needs disk space happens before the first rename, so a failed save (full
disk, no permission) leaves the file and every backup as they were; temporary files left by
a killed save are removed by the next save of that file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: stale temporary files are recognised by their age instead
    fcntl = None  # type: ignore[assignment]

BACKUPS = 3
"""Backup generations kept: ``.bak`` (the version before the last save), ``.bak.1``, ``.bak.2``."""
STALE_AFTER = 3600
"""Seconds after which a temporary file counts as abandoned where file locks are unavailable."""


class UnsafeLink(OSError):
    """The target is a symbolic link to a file of another kind (``case.yaml -> ~/.bashrc``)."""


def backup_paths(path: str | Path) -> list[Path]:
    """The backup files of ``path``, newest first: ``<name>.bak``, ``<name>.bak.1``, ..."""
    path = Path(path)
    return [path.with_name(f"{path.name}.bak" + (f".{n}" if n else "")) for n in range(BACKUPS)]


def _mode_for(path: Path) -> int:
    """The old file's permissions, or the usual ones for a new file (umask applied)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def resolve_target(path: str | Path) -> Path:
    """The file a save of ``path`` must replace: ``path`` itself, or the file a symbolic link
    at ``path`` points to (as vim and VS Code do, so a shared copy gets the edit). A link to a
    file of another kind (another suffix) is refused: it is a trap, not a shared case file."""
    path = Path(path)
    if not path.is_symlink():
        return path
    real = Path(os.path.realpath(path))
    if real.suffix.lower() != path.suffix.lower():
        raise UnsafeLink(
            errno.EPERM,
            f"is a symbolic link to {real}, which is not a {path.suffix or 'suffix-less'} "
            "file; refusing to write through it (remove the link, or save elsewhere)",
            str(path),
        )
    return real


def _temp_name(target: Path) -> Path:
    """A fresh hidden name beside ``target``, of the form every save cleans up after."""
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")


def _is_temp_of(name: str, target: Path) -> bool:
    return name.startswith(f".{target.name}.") and name.endswith(".tmp")


def _lock(fd: int) -> None:
    """Mark a temporary file as in use: the lock goes when this process ends, however."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)


def _abandoned(entry: os.DirEntry[str]) -> bool:
    """True for a temporary file no running save holds (its writer was killed)."""
    if not entry.is_file(follow_symlinks=False):
        return entry.is_symlink()  # casebench never makes links: one here is left-over junk
    if fcntl is None:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
    try:
        fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a save in progress holds it
    finally:
        os.close(fd)
    return True


def clean_stale(target: Path) -> list[Path]:
    """Remove the temporary files a killed save of ``target`` left behind; returns them."""
    removed = []
    try:
        entries = list(os.scandir(target.parent if str(target.parent) else "."))
    except OSError:
        return removed
    for entry in entries:
        if _is_temp_of(entry.name, target) and _abandoned(entry):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _write_temp(target: Path, data: bytes, mode: int) -> tuple[Path, int]:
    """``data`` in a new locked temporary file beside ``target``, flushed to disk."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        _lock(fd)
        os.chmod(name, mode)  # mkstemp makes it private; keep the old file's permissions
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name), fd


def _copy_of(target: Path) -> tuple[Path, int | None]:
    """A temporary file holding ``target``'s current bytes: a second name for the same file
    where the file system allows (no space needed), else a copy flushed to disk."""
    name = _temp_name(target)
    try:
        os.link(target, name, follow_symlinks=False)
    except OSError:
        return _write_temp(target, target.read_bytes(), _mode_for(target))
    fd = os.open(name, os.O_RDONLY)
    _lock(fd)
    return name, fd


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _backed_up(target: Path) -> bool:
    """True when ``<name>.bak`` already holds the current bytes (a save killed just before
    its last rename, or a file restored from its backup): rotating again would only push a
    generation out for a duplicate."""
    newest = backup_paths(target)[0]
    if newest.is_symlink() or not newest.is_file():
        return False
    try:
        return os.path.samefile(newest, target) or _same_bytes(newest, target.read_bytes())
    except OSError:
        return False


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries, so that the renames survive a power cut (POSIX only)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _Moves:
    """Renames that are undone, last first, if the save fails before it is committed."""

    def __init__(self) -> None:
        self.done: list[tuple[Path, Path]] = []

    def move(self, source: Path, destination: Path) -> None:
        os.replace(source, destination)
        self.done.append((source, destination))

    def undo(self) -> None:
        for source, destination in reversed(self.done):
            with contextlib.suppress(OSError):
                os.replace(destination, source)
        self.done.clear()


def _rotate(names: list[Path], moves: _Moves, target: Path) -> Path | None:
    """Move each backup one generation down, up to the first free name (a save killed while
    rotating leaves a gap, which the next save fills); with no free name the oldest goes to a
    temporary file, removed once the save succeeds. Returns that file."""
    gap = next((i for i, name in enumerate(names) if not os.path.lexists(name)), None)
    dropped = None
    if gap is None:
        dropped = _temp_name(target)
        moves.move(names[-1], dropped)
        gap = len(names) - 1
    for i in range(gap, 0, -1):
        moves.move(names[i - 1], names[i])
    return dropped


@contextlib.contextmanager
def _closing(*fds: int | None) -> Iterator[None]:
    try:
        yield
    finally:
        for fd in fds:
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)


def write_atomic(path: str | Path, content: str | bytes, *, backup: bool = True) -> Path | None:
    """Write ``content`` to ``path`` atomically (text as UTF-8, line ends as given).

    With ``backup`` the previous version becomes ``<name>.bak`` and older ones move down to
    ``.bak.1`` and ``.bak.2``; the path of the new ``.bak`` is returned (None when nothing was
    backed up). Nothing is written, and None returned, when the file already holds exactly
    these bytes. A symbolic link at ``path`` is written through (see ``resolve_target``); the
    file keeps its permissions. On failure the error names ``path``, and the file and its
    backups are as they were.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    target = resolve_target(path)
    if _same_bytes(target, data):
        return None
    clean_stale(target)
    moves = _Moves()
    temp = copy = dropped = None
    target_had_file = target.is_file()
    fd = copy_fd = None
    try:
        temp, fd = _write_temp(target, data, _mode_for(target))
        with _closing(fd):
            keep = backup and target_had_file and not _backed_up(target)
            if keep:
                copy, copy_fd = _copy_of(target)
            with _closing(copy_fd):
                if keep:
                    assert copy is not None
                    dropped = _rotate(backup_paths(target), moves, target)
                    moves.move(copy, backup_paths(target)[0])
                os.replace(temp, target)
    except BaseException as exc:
        moves.undo()
        for left in (temp, copy):
            if left is not None:
                with contextlib.suppress(OSError):
                    left.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, UnsafeLink):
            unchanged = "the file and its backups are as they were" if backup else "nothing changed"
            raise OSError(exc.errno, f"{exc.strerror or exc}; {unchanged}", str(path)) from exc
        raise
    if dropped is not None:
        with contextlib.suppress(OSError):
            dropped.unlink()
    _sync_folder(target.parent)
    return backup_paths(target)[0] if backup and target_had_file else None


__all__ = ["BACKUPS", "UnsafeLink", "backup_paths", "clean_stale", "resolve_target", "write_atomic"]
