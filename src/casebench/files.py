"""Writing files so that a crash never leaves half a file and the previous version survives."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """The old file's permissions, or the usual ones for a new file (umask applied)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, content: str | bytes, *, backup: bool = True) -> Path | None:
    """Write ``content`` to ``path`` through a temporary file in the same folder.

    The data is flushed to disk and renamed over the target, so readers see the old file or
    the new one, never a mix. With ``backup`` the previous version is kept as ``<name>.bak``
    and its path returned (None when there was none). Text is written as UTF-8 with ``\\n``
    line ends; the file keeps the old file's permissions (mkstemp alone would make it private).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    backup_path: Path | None = None
    try:
        os.chmod(tmp_name, _mode_for(path))
        if isinstance(content, str):
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            handle = os.fdopen(fd, "wb")
        with handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if backup and path.exists():
            backup_path = path.with_name(path.name + ".bak")
            shutil.copy2(path, backup_path)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return backup_path
