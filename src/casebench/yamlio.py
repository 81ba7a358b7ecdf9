"""Safe YAML reading with source positions, and YAML writing that never loses the old file.

Reading refuses what a case file never needs and an attacker might send: explicit tags such
as ``!!python/object`` (nothing is ever constructed from them), anchors and aliases (the
"billion laughs" expansion), bytes that are not UTF-8, and files too big to be a case.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from casebench.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
"""Largest file read (5 MiB): a large case with hundreds of quotes is well under 1 MiB."""

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
}

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """Plain data read from a YAML file, with the line and column (1-based) of each entry."""

    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_) -> tuple[int | None, int | None]:
        """Position of ``path``, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return None, None


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError.single(
            name,
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
            line=line,
            column=column,
        ) from None


def _check_events(text: str, name: str) -> None:
    """Refuse explicit non-standard tags and any anchor or alias before building anything."""
    yaml = YAML(typ="rt")
    try:
        for event in yaml.parse(io.StringIO(text)):
            mark = event.start_mark
            where = {"line": mark.line + 1, "column": mark.column + 1}
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                raise InputError.single(
                    name, "YAML anchors and aliases (&name, *name) are not allowed here", **where
                )
            if isinstance(event, ScalarEvent | CollectionStartEvent):
                tag = event.tag
                if tag is not None and str(tag) not in _STANDARD_TAGS and str(tag) != "!":
                    shown = str(tag).replace("tag:yaml.org,2002:", "!!")
                    raise InputError.single(
                        name, f"YAML tag {shown} is not allowed; write plain values", **where
                    )
    except MarkedYAMLError as exc:
        raise _yaml_error(exc, name) from None
    except YAMLError as exc:
        raise InputError.single(name, f"not valid YAML: {exc}") from None


def _yaml_error(exc: MarkedYAMLError, name: str) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    problem = " ".join(problem.split())
    where: dict[str, Any] = {}
    if mark is not None:
        where = {"line": mark.line + 1, "column": mark.column + 1}
    return InputError.single(name, f"not valid YAML: {problem or 'syntax error'}", **where)


def _plain(node: Any, path: Path_, positions: dict[Path_, tuple[int, int]]) -> Any:
    """Turn ruamel's round-trip nodes into plain Python values, recording positions."""
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key, value in node.items():
            plain_key = _plain(key, (), {})
            if isinstance(plain_key, str | int | float | bool) or plain_key is None:
                try:
                    line, column = node.lc.key(key)
                    positions[(*path, plain_key)] = (line + 1, column + 1)
                except (KeyError, TypeError):
                    pass
            out[plain_key] = _plain(value, (*path, plain_key), positions)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            try:
                line, column = node.lc.item(index)
                positions[(*path, index)] = (line + 1, column + 1)
            except (KeyError, TypeError, IndexError):
                pass
            items.append(_plain(value, (*path, index), positions))
        return items
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        # ruamel's ScalarBoolean subclasses int; everything else here is a real integer.
        return bool(node) if type(node).__name__ == "ScalarBoolean" else int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, _dt.datetime | _dt.date):
        return node.isoformat()
    return node


def loads(text: str, name: str = "<string>") -> Document:
    """Parse YAML text safely into plain data with positions; raise InputError if unusable."""
    if not text.strip():
        raise InputError.single(name, "file is empty")
    _check_events(text, name)
    yaml = YAML(typ="rt")
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as exc:
        raise _yaml_error(exc, name) from None
    except YAMLError as exc:
        raise InputError.single(name, f"not valid YAML: {exc}") from None
    positions: dict[Path_, tuple[int, int]] = {}
    data = _plain(tree, (), positions)
    if tree is not None and hasattr(tree, "lc"):
        positions[()] = (tree.lc.line + 1, tree.lc.col + 1)
    if data is None:
        raise InputError.single(name, "file holds no data (only comments or an empty document)")
    return Document(data=data, positions=positions)


def read(path: str | Path) -> Document:
    """Read a YAML file safely; every failure is an InputError naming the file."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError.single(
                name,
                f"file is {size / 1024 / 1024:.1f} MiB; files over "
                f"{MAX_BYTES // 1024 // 1024} MiB are refused (is this really a case file?)",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError.single(name, "no such file") from None
    except IsADirectoryError:
        raise InputError.single(name, "is a folder, not a file") from None
    except PermissionError:
        raise InputError.single(name, "permission denied") from None
    return loads(_decode(raw, name), name)


_UNICODE_BREAKS = "\x85\u2028\u2029"


def _styled(value: Any) -> Any:
    """Multi-line strings become literal blocks, which read and diff better; strings with
    Unicode line separators are double-quoted so that they come back unchanged."""
    if isinstance(value, Mapping):
        return {k: _styled(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_styled(v) for v in value]
    if isinstance(value, str) and any(ch in value for ch in _UNICODE_BREAKS):
        return DoubleQuotedScalarString(value)  # escaped, else the reader folds them
    if (
        isinstance(value, str)
        and "\n" in value
        and not value.startswith((" ", "\n"))
        and not value.endswith("\n")
        and all(line == line.rstrip() for line in value.split("\n"))
        and all(ch == "\n" or ch.isprintable() for ch in value)
    ):
        return LiteralScalarString(value)
    return value


def dumps(data: Mapping[str, Any], header: str = "") -> str:
    """YAML text for plain data, keys in the order given, with an optional comment header."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 96
    yaml.allow_unicode = True
    buffer = io.StringIO()
    if header:
        for line in header.splitlines():
            buffer.write(f"# {line}".rstrip() + "\n")
    yaml.dump(_styled(dict(data)), buffer)
    return buffer.getvalue()


def write_atomic(path: str | Path, text: str, *, backup: bool = True) -> Path | None:
    """Write ``text`` to ``path`` so that a crash never leaves a half-written file.

    The text goes to a temporary file in the same folder, is flushed to disk and renamed over
    the target. With ``backup`` the previous version is kept as ``<name>.bak``; its path is
    returned (None when there was no previous version).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    backup_path: Path | None = None
    try:
        # mkstemp makes the file private (0600); give it the old file's mode, or the usual one.
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp_name, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
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
