"""Safe YAML reading with source positions, and YAML writing that never loses the old file.

Reading builds plain data from libyaml's parse events (fast, with the line and column of
every entry), resolving plain scalars by the YAML 1.2 core schema, as the writer (ruamel.yaml)
does, so "no", "on" and dates stay text. It refuses what a case file never needs and an
attacker might send: tags such as ``!!python/object`` (nothing is ever constructed from
them), anchors and aliases (the "billion laughs" expansion), duplicate keys, several
documents, bytes that are not UTF-8, and files too big to be a case.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from casebench.errors import InputError
from casebench.files import write_atomic
from casebench.yamlerrors import reader_error, syntax_error

MAX_BYTES = 5 * 1024 * 1024
"""Largest file read (5 MiB): a large case with hundreds of quotes is well under 1 MiB."""

_STANDARD_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")
}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML has it; only its events are used, never its constructor."""

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


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^([-+]?)\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


def plain_scalar(value: str) -> Any:
    """An unquoted scalar as the YAML 1.2 core schema reads it (numbers of more than 100
    digits stay text: no case needs them, and Python refuses to convert very long ones)."""
    if len(value) > 100:
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    infinity = _INF.match(value)
    if infinity:
        return float(f"{infinity.group(1)}inf")
    if _NAN.match(value):
        return float("nan")
    return value


def _where(event: Any) -> dict[str, int]:
    return {"line": event.start_mark.line + 1, "column": event.start_mark.column + 1}


def _tag_error(event: Any, name: str) -> InputError:
    shown = str(event.tag).replace("tag:yaml.org,2002:", "!!")
    return InputError.single(
        name, f"YAML tag {shown} is not allowed; write plain values", **_where(event)
    )


def _scalar(event: Any, name: str) -> Any:
    """The value of a scalar event: plain ones resolved, quoted and block ones text."""
    tag = event.tag
    if tag is None or tag == "!":
        return plain_scalar(event.value) if tag is None and event.implicit[0] else event.value
    if tag == "tag:yaml.org,2002:str":
        return event.value
    if tag not in _STANDARD_TAGS:
        raise _tag_error(event, name)
    kind = tag.rsplit(":", 1)[1]
    value = plain_scalar(event.value)
    expected = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}.get(kind)
    if (
        expected is None
        or isinstance(value, bool) != (kind == "bool")
        or not isinstance(value, expected)
    ):
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise InputError.single(name, f"{event.value!r} is not a valid {shown}", **_where(event))
    return float(value) if kind == "float" else value


class _Builder:
    """Assembles plain data and positions from parse events, one event at a time."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.stack: list[tuple[Any, Path_]] = []
        self.key: tuple[Any, Any] | None = None  # (key, its event) awaiting a value
        self.root: Any = None
        self.documents = 0

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise InputError.single(
                    self.name, "holds more than one YAML document (---)", **_where(event)
                )
        elif isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError.single(
                self.name,
                "YAML anchors and aliases (&name, *name) are not allowed here",
                **_where(event),
            )
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            finished, _ = self.stack.pop()
            if not self.stack:
                self.root = finished
        elif isinstance(event, yaml.CollectionStartEvent):
            if event.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                raise _tag_error(event, self.name)
            if self._is_key():
                raise InputError.single(
                    self.name, "mapping keys must be plain text", **_where(event)
                )
            value: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append((value, self._place(value, event)))
        elif isinstance(event, yaml.ScalarEvent):
            value = _scalar(event, self.name)
            if self._is_key():
                container, path = self.stack[-1]
                if value in container:
                    first = self.positions.get((*path, value), (None, None))[0]
                    raise InputError.single(
                        self.name,
                        f"duplicate key {value!r}: it is already given on line {first}",
                        **_where(event),
                    )
                self.key = (value, event)
            else:
                self._place(value, event)
                if not self.stack:
                    self.root = value

    def _is_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1][0], dict) and self.key is None

    def _place(self, value: Any, event: Any) -> Path_:
        """Put a value in its container; record and return its path."""
        if not self.stack:
            self.positions[()] = (event.start_mark.line + 1, event.start_mark.column + 1)
            return ()
        container, path = self.stack[-1]
        if isinstance(container, dict):
            assert self.key is not None
            key, key_event = self.key
            self.key = None
            container[key] = value
            where = (*path, key)
            mark = key_event.start_mark
        else:
            where = (*path, len(container))
            container.append(value)
            mark = event.start_mark
        self.positions[where] = (mark.line + 1, mark.column + 1)
        return where


def loads(text: str, name: str = "<string>") -> Document:
    """Parse YAML text safely into plain data with positions; raise InputError if unusable."""
    if not text.strip():
        raise InputError.single(name, "file is empty")
    builder = _Builder(name)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, name, text, _Loader) from None
    except yaml.reader.ReaderError as exc:
        raise reader_error(exc, name, text) from None
    except yaml.YAMLError as exc:
        raise InputError.single(name, f"not valid YAML: {' '.join(str(exc).split())}") from None
    if builder.root is None:
        raise InputError.single(name, "file holds no data (only comments or an empty document)")
    return Document(data=builder.root, positions=builder.positions)


def read(path: str | Path) -> Document:
    """Read a YAML file safely; every failure is an InputError naming the file."""
    path = Path(path)
    name = str(path)
    limit = MAX_BYTES
    too_big = f"files over {limit // 1024 // 1024} MiB are refused (is this really a case file?)"
    try:
        if not path.is_file():
            if path.is_dir():
                raise InputError.single(name, "is a folder, not a file")
            if path.exists():
                raise InputError.single(name, "is not a regular file (a device, pipe or socket)")
        size = path.stat().st_size
        if size > limit:
            raise InputError.single(name, f"file is {size / 1024 / 1024:.1f} MiB; {too_big}")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)  # never more, whatever stat said
        if len(raw) > limit:
            raise InputError.single(name, f"file is over {limit // 1024 // 1024} MiB; {too_big}")
    except FileNotFoundError:
        raise InputError.single(name, "no such file") from None
    except PermissionError:
        raise InputError.single(name, "permission denied") from None
    except OSError as exc:
        raise InputError.single(name, f"cannot be read: {exc.strerror or exc}") from None
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
    if isinstance(value, str) and plain_scalar(value) != value:
        return DoubleQuotedScalarString(value)  # e.g. ".5e5": a number to this reader
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


def _writer() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 96
    yaml.allow_unicode = True
    return yaml


def _events(value: Any, yaml: YAML) -> Iterator[Any]:
    """The parse events of plain data, as ruamel's serializer makes them for its emitter (a
    collection's events here, a scalar's node from ruamel's own representer and resolver),
    without its per-node bookkeeping for anchors and comments, which plain data never has."""
    if isinstance(value, Mapping):
        yield MappingStartEvent(None, None, True, flow_style=not value, nr_items=len(value))
        for key, item in value.items():
            yield _scalar_event(key, yaml)
            yield from _events(item, yaml)
        yield MappingEndEvent()
    elif isinstance(value, list):
        yield SequenceStartEvent(None, None, True, flow_style=not value)
        for item in value:
            yield from _events(item, yaml)
        yield SequenceEndEvent()
    else:
        yield _scalar_event(value, yaml)


_STR = "tag:yaml.org,2002:str"
_STYLES = {LiteralScalarString: "|", DoubleQuotedScalarString: '"', str: None}


def _scalar_event(value: Any, yaml: YAML) -> Any:
    """A scalar's event: text directly (the common case, and the costly one through ruamel's
    representer), other values as ruamel's representer writes them in a mapping."""
    style = _STYLES.get(type(value), "")
    if style != "" and value:
        text = str(value)
        resolve = yaml.resolver.resolve
        implicit = (
            str(resolve(ScalarNode, text, (True, False))) == _STR,
            str(resolve(ScalarNode, text, (False, True))) == _STR,
            True,
        )
        return ScalarEvent(None, None, implicit, text, style=style)
    if value is None:  # inside a mapping ruamel writes "key:", not "key: null"
        node = yaml.representer.represent_scalar("tag:yaml.org,2002:null", "")
    else:
        node = yaml.representer.represent_data(value)
    detected = yaml.resolver.resolve(ScalarNode, node.value, (True, False))
    default = yaml.resolver.resolve(ScalarNode, node.value, (False, True))
    implicit = (node.ctag == detected, node.ctag == default, node.tag.startswith("tag:"))
    return ScalarEvent(None, node.ctag, implicit, node.value, style=node.style)


def dumps(data: Mapping[str, Any], header: str = "") -> str:
    """YAML text for plain data, keys in the order given, with an optional comment header.

    The text is what ``ruamel.yaml``'s round-trip dumper writes (its emitter lays it out),
    made in a third of the time by giving the emitter the events directly: a large case
    takes seconds otherwise."""
    buffer = io.StringIO()
    if header:
        for line in header.splitlines():
            buffer.write(f"# {line}".rstrip() + "\n")
    yaml = _writer()
    events = [
        StreamStartEvent(),
        DocumentStartEvent(explicit=False),
        *_events(_styled(dict(data)), yaml),
        DocumentEndEvent(explicit=False),
        StreamEndEvent(),
    ]
    yaml.emit(events, buffer)
    return buffer.getvalue()


def _merge(target: Any, new: Any) -> Any:
    """``new`` laid over ruamel's tree of the old file, so that comments, key order and the
    style of unchanged values survive; returns what should stand in the old value's place."""
    if isinstance(target, CommentedMap) and isinstance(new, Mapping):
        for key in [k for k in target if k not in new]:
            del target[key]
        for position, (key, value) in enumerate(new.items()):
            if key in target:
                target[key] = _merge(target[key], value)
            else:
                target.insert(min(position, len(target)), key, _styled(value))
        return target
    if isinstance(target, CommentedSeq) and isinstance(new, list):
        for index, value in enumerate(new):
            if index < len(target):
                target[index] = _merge(target[index], value)
            else:
                target.append(_styled(value))
        del target[len(new) :]
        return target
    same_kind = isinstance(new, str) and isinstance(target, str)
    same_kind |= all(isinstance(v, int | float) and not isinstance(v, bool) for v in (new, target))
    if same_kind and target == new:
        return target  # unchanged: keep its quoting, block style or "22" for 22.0
    return _styled(new)


def dumps_over(old_text: str, data: Mapping[str, Any]) -> str | None:
    """YAML text for ``data`` that keeps the comments of ``old_text`` (the file it replaces),
    or None when that cannot be done faithfully: the result is read back and must give
    exactly ``data``."""
    reader = YAML(typ="rt")
    reader.preserve_quotes = True
    try:
        tree = reader.load(old_text)
    except Exception:  # the old file is no guide; the caller writes fresh text
        return None
    if not isinstance(tree, CommentedMap):
        return None
    buffer = io.StringIO()
    _writer().dump(_merge(tree, dict(data)), buffer)
    text = buffer.getvalue()
    try:
        same = loads(text).data == data
    except InputError:
        same = False
    return text if same else None


__all__ = ["Document", "dumps", "dumps_over", "loads", "plain_scalar", "read", "write_atomic"]
