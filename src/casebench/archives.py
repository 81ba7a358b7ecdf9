"""Zip archives from outside (.xlsx workbooks, .qdpx projects), read with limits first.

A few hundred kilobytes of zip can unpack to gigabytes. Every limit here is checked against
the archive's own directory before a byte is unpacked, and again while reading (a member that
unpacks to more than its directory claims is cut off and reported as damaged). XML members
are parsed incrementally, without entities, DTDs or network access.
"""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from casebench.errors import InputError

MiB = 1024 * 1024


def _mib(size: int) -> str:
    return f"{size / MiB:.1f} MiB"


class Archive:
    """A zip archive opened for reading, its directory checked against ``max_members``.

    ``kind`` names what the archive should be in messages ("an Excel workbook (.xlsx)").
    Members are found case-insensitively (``Sources/`` and ``sources/`` alike).
    """

    def __init__(self, path: str | Path, kind: str, *, max_members: int) -> None:
        self.path = Path(path)
        self.name = str(path)
        try:
            self.zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise InputError.single(self.name, "no such file") from None
        except IsADirectoryError:
            raise InputError.single(self.name, "is a folder, not a file") from None
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError.single(
                self.name, f"not {kind}: it is not a zip archive ({exc})"
            ) from None
        infos = self.zip.infolist()
        if len(infos) > max_members:
            self.zip.close()
            raise InputError.single(
                self.name,
                f"the archive holds {len(infos)} files, more than the {max_members} casebench "
                f"reads in {kind}; refused",
            )
        self.members = {info.filename.replace("\\", "/").lower(): info for info in infos}

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The member called ``name`` (any case, ``/`` separators), or None."""
        return self.members.get(name.replace("\\", "/").lower())

    def check_sizes(self, infos: list[zipfile.ZipInfo], limit: int, what: str) -> None:
        """Refuse before unpacking when ``infos`` would unpack to more than ``limit`` bytes."""
        total = sum(info.file_size for info in infos)
        if total > limit:
            biggest = max(infos, key=lambda info: info.file_size)
            largest = (
                f" ({biggest.filename}: {_mib(biggest.file_size)})"
                if len(infos) > 1 or biggest.filename != what
                else ""
            )
            raise InputError.single(
                self.name,
                f"{what} would unpack to {_mib(total)}{largest}, over the {_mib(limit)} "
                "casebench reads; refused (a zip bomb, or far larger than a case needs)",
            )

    @contextlib.contextmanager
    def open(self, info: zipfile.ZipInfo, where: str) -> Iterator[IO[bytes]]:
        """A member's bytes as a stream; damage or encryption is an InputError at ``where``."""
        if info.flag_bits & 0x1:
            raise InputError.single(
                where, f"{info.filename} is encrypted; export it without a password"
            )
        try:
            with self.zip.open(info) as handle:
                yield handle
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise InputError.single(
                where, f"{info.filename} is damaged in the archive ({exc})"
            ) from None
        except (RuntimeError, NotImplementedError) as exc:  # unknown compression, password
            raise InputError.single(where, f"{info.filename} cannot be read: {exc}") from None

    def read(self, info: zipfile.ZipInfo, where: str) -> bytes:
        """A member's bytes (its size was checked with ``check_sizes``)."""
        with self.open(info, where) as handle:
            return handle.read(info.file_size + 1)


class _Prefixed:
    """A stream whose first bytes were read ahead (to look for a DOCTYPE) and are served again."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head = head
        self.rest = rest

    def read(self, size: int = -1) -> bytes:
        if self.head:
            out, self.head = (self.head, b"") if size < 0 else (self.head[:size], self.head[size:])
            return out
        return self.rest.read(size)


def iterparse(source: IO[bytes], where: str, **options: Any) -> Iterator[tuple[str, Any]]:
    """``lxml.etree.iterparse`` without entities, DTDs or network; a syntax error or a DOCTYPE
    (found before parsing, in the first kilobytes) is an InputError at ``where``."""
    from lxml import etree

    head = source.read(64 * 1024)
    if b"<!DOCTYPE" in head:
        line = head[: head.index(b"<!DOCTYPE")].count(b"\n") + 1
        raise InputError.single(where, "a DOCTYPE is not allowed here", line=line)
    events = etree.iterparse(
        _Prefixed(head, source),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
        remove_comments=True,
        **options,
    )
    try:
        yield from events
    except etree.XMLSyntaxError as exc:
        message = str(exc.msg).split(", line ")[0]
        raise InputError.single(
            where, f"not valid XML: {message}", line=exc.lineno or None
        ) from None
    if events.root is not None and events.root.getroottree().docinfo.doctype:
        raise InputError.single(where, "a DOCTYPE is not allowed here", line=1)


_LOCAL: dict[object, str] = {}


def local(tag: object) -> str:
    """An element's name without its namespace (remembered: called for every element)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = str(tag).rsplit("}", 1)[-1]
        if len(_LOCAL) < 1000:
            _LOCAL[tag] = name
    return name


def forget(element: Any) -> None:
    """Free a parsed element and the finished siblings before it (keeps memory flat)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


__all__ = ["Archive", "MiB", "forget", "iterparse", "local"]
