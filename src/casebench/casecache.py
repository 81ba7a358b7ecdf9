"""A cache of validated case files, so that comparing a thousand unchanged files does not
parse and check a thousand YAML files again.

An entry is keyed by the sha256 of the file's bytes and of the code that reads and checks
cases (casebench's version and the source of its reading, model and validation modules, with
pydantic-core's and PyYAML's versions), so any change to the file or to that code misses. It
holds the validated case, the problems found (warnings, line numbers) and the fingerprint of
the framework it was checked against, which must equal that of the framework the run has for
the case's id and version. Entries are signed with HMAC-SHA256 under a random key kept in the
cache folder (readable by its owner only); an entry whose signature does not match is
ignored, and a case read back is validated by pydantic again, so a changed or corrupted
entry is never returned as a valid case.

The entries live in one SQLite database in the user's cache folder (``platformdirs``), which
serialises concurrent runs. ``CASEBENCH_CACHE_DIR`` moves it; ``CASEBENCH_CACHE=off`` turns
it off. Any failure of the cache (a read-only folder, a locked or damaged database) only
turns it off for the run: results never depend on it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from casebench.errors import Problem
from casebench.models.case import Case
from casebench.models.framework import Framework

CACHE_FORMAT = 2
"""Bumped when the layout of an entry changes (it names the table, and is part of each key)."""

TABLE = f"entries_{CACHE_FORMAT}"

MAX_ENTRIES = 20_000
"""Entries kept; the least recently used beyond this are dropped when the cache is written."""

TOUCH_AFTER = 24 * 3600
"""Seconds after which reading an entry records the time again (for dropping the least
recently used), so that re-running a comparison does not rewrite the database each time."""

DATABASE = "validated-cases.sqlite3"
SECRET = "signing.key"
ENV_DIR = "CASEBENCH_CACHE_DIR"
ENV_SWITCH = "CASEBENCH_CACHE"

_SOURCES = (
    "casecache.py",
    "errors.py",
    "pydantic_problems.py",
    "registry.py",
    "validation.py",
    "yamlio.py",
    "models/__init__.py",
    "models/case.py",
    "models/framework.py",
)
"""The modules whose code decides what a case file reads as and what is wrong with it."""


@cache
def code_fingerprint() -> bytes:
    """sha256 of casebench's version, the reading and checking modules' source, and the
    versions of the libraries that parse and validate (computed once per process)."""
    import pydantic_core
    import yaml

    import casebench

    digest = hashlib.sha256(f"{CACHE_FORMAT}|{casebench.__version__}|".encode())
    digest.update(f"{pydantic_core.__version__}|{yaml.__version__}|".encode())
    package = Path(casebench.__file__).parent
    for name in _SOURCES:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    return digest.digest()


def framework_fingerprint(framework: Framework) -> str:
    """sha256 of a framework's whole content, so an edited framework file misses."""
    return hashlib.sha256(framework.model_dump_json().encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """What the cache holds for one file's bytes."""

    case: Case
    problems: tuple[tuple[str, str, int | None, int | None, str], ...]
    """(message, field, line, column, severity) of each problem, without the file name."""
    framework: tuple[str, str, str]
    """(id, version, fingerprint) of the framework the case was checked against."""

    def problems_for(self, file: str) -> list[Problem]:
        return [
            Problem(file, message, field, line, column, severity)  # type: ignore[arg-type]
            for message, field, line, column, severity in self.problems
        ]


class CaseCache:
    """Validated cases by file content, in a SQLite database in ``folder``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._db: sqlite3.Connection | None = None
        self._secret = b""
        self._broken = False
        self._pending: dict[str, tuple[bytes, bytes, bytes]] = {}
        self._used: set[str] = set()
        self._fingerprints: dict[int, str] = {}

    @classmethod
    def default(cls) -> CaseCache | None:
        """The user's cache (``CASEBENCH_CACHE_DIR`` or the platform's user cache folder),
        or None when ``CASEBENCH_CACHE`` is ``off``, ``0`` or ``no``."""
        if os.environ.get(ENV_SWITCH, "").strip().lower() in {"off", "0", "no", "false"}:
            return None
        folder = os.environ.get(ENV_DIR)
        if not folder:
            from platformdirs import user_cache_dir

            folder = user_cache_dir("casebench", appauthor=False)
        return cls(folder)

    # ------------------------------------------------------------------ storage

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            self._secret = self._read_secret()
            try:
                self._db = self._open()
            except sqlite3.OperationalError:
                raise  # locked, read-only, ...: leave the file alone
            except sqlite3.DatabaseError:  # not a database (damaged): start a new one
                for suffix in ("", "-wal", "-shm"):
                    (self.folder / (DATABASE + suffix)).unlink(missing_ok=True)
                self._db = self._open()
        except (OSError, sqlite3.Error):
            self._broken = True
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.folder / DATABASE, timeout=10, isolation_level=None)
        try:
            with contextlib.suppress(sqlite3.OperationalError):  # WAL is not on every FS
                db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, meta BLOB NOT NULL, "
                "body BLOB NOT NULL, mac BLOB NOT NULL, used REAL NOT NULL)"
            )
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _read_secret(self) -> bytes:
        """The signing key, made (owner-only, 32 random bytes) by the first run."""
        path = self.folder / SECRET
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            key = path.read_bytes()
            if len(key) != 32:
                raise OSError("cache signing key is damaged") from None
            return key
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key

    def _mac(self, key: str, meta: bytes, body: bytes) -> bytes:
        message = b"\0".join([key.encode(), str(len(meta)).encode(), meta, body])
        return hmac.new(self._secret, message, hashlib.sha256).digest()

    def key(self, raw: bytes) -> str:
        """The entry key of a file's bytes under the current code."""
        return hashlib.sha256(code_fingerprint() + hashlib.sha256(raw).digest()).hexdigest()

    def _fingerprint(self, framework: Framework) -> str:
        found = self._fingerprints.get(id(framework))
        if found is None:
            found = self._fingerprints[id(framework)] = framework_fingerprint(framework)
        return found

    # ------------------------------------------------------------------ entries

    def get(self, key: str, frameworks: object) -> Entry | None:
        """The entry for ``key`` if it is there, signed, valid, and checked against the
        framework ``frameworks`` (a :class:`~casebench.registry.FrameworkSet`) now has for
        its id and version; else None."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute(
                f"SELECT meta, body, mac, used FROM {TABLE} WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        meta, body = bytes(row[0]), bytes(row[1])
        if not hmac.compare_digest(bytes(row[2]), self._mac(key, meta, body)):
            return None
        try:
            data = json.loads(meta)
            framework_id, version, fingerprint = data["framework"]
            framework = frameworks.get(framework_id, version)  # type: ignore[attr-defined]
            if framework is None or self._fingerprint(framework) != fingerprint:
                return None
            case = Case.model_validate_json(body)  # validated again, not merely unpickled
            problems = tuple(tuple(p) for p in data["problems"])
        except (ValueError, KeyError, TypeError, ValidationError):
            return None
        used = row[3]
        if not isinstance(used, int | float) or used < time.time() - TOUCH_AFTER:
            self._used.add(key)
        return Entry(case, problems, (framework_id, version, fingerprint))  # type: ignore[arg-type]

    def put(self, key: str, case: Case, problems: list[Problem], framework: Framework) -> None:
        """Remember a checked case (written by :meth:`flush`)."""
        if self._connect() is None:
            return
        meta = json.dumps(
            {
                "framework": [framework.id, framework.version, self._fingerprint(framework)],
                "problems": [[p.message, p.field, p.line, p.column, p.severity] for p in problems],
            },
            ensure_ascii=False,
        ).encode()
        body = case.model_dump_json().encode()
        self._pending[key] = (meta, body, self._mac(key, meta, body))

    def flush(self) -> None:
        """Write new entries and when entries were used, in one transaction; drop the
        least recently used past :data:`MAX_ENTRIES`."""
        db = self._db
        if db is None or (not self._pending and not self._used):
            return
        now = time.time()
        try:
            with db:  # one transaction; sqlite serialises concurrent writers
                db.execute("BEGIN IMMEDIATE")
                db.executemany(
                    f"INSERT OR REPLACE INTO {TABLE} (key, meta, body, mac, used) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(k, meta, body, mac, now) for k, (meta, body, mac) in self._pending.items()],
                )
                db.executemany(
                    f"UPDATE {TABLE} SET used = ? WHERE key = ?", [(now, k) for k in self._used]
                )
                if self._pending:
                    db.execute(
                        f"DELETE FROM {TABLE} WHERE key IN (SELECT key FROM {TABLE} ORDER BY "
                        "used DESC LIMIT -1 OFFSET ?)",
                        (MAX_ENTRIES,),
                    )
        except sqlite3.Error:
            pass
        self._pending.clear()
        self._used.clear()

    def close(self) -> None:
        """Flush and close the database."""
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None


__all__ = ["CaseCache", "Entry", "code_fingerprint", "framework_fingerprint"]
