"""Reading a REFI-QDA project (``.qdpx``) safely: its coded text segments and their text.

A ``.qdpx`` is a zip holding ``project.qde`` (QDA-XML) and a ``sources/`` folder. Text a
segment selects lives either inside project.qde (``<PlainTextContent>``) or in a UTF-8 file
named by ``plainTextPath="internal://GUID.txt"``. Positions count Unicode code points from 0
and the end is exclusive: in the standard's own example (Annex A.2) the selection 139-195 is
named by its 56-character text.

Nothing is extracted to disk; XML is parsed without entities, DTDs or network access, and
members are read with a size cap.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from casebench.errors import InputError, Problem

MAX_QDE_BYTES = 200 * 1024 * 1024
MAX_TEXT_BYTES = 50 * 1024 * 1024
TOTAL_LIMIT = 400 * 1024 * 1024
"""Most bytes read from one archive in all: transcripts are text, so this is generous."""


@dataclass(frozen=True)
class CodedSegment:
    """One coding of a text selection: which code, which source, which characters."""

    code_guid: str
    source_name: str
    start: int
    end: int
    text: str
    line: int | None
    """Line of the ``<PlainTextSelection>`` in project.qde (for error messages)."""


@dataclass(frozen=True)
class Project:
    """What casebench needs from a project: its name, codes by GUID, coded text segments."""

    name: str
    codes: dict[str, str]
    """Normalised GUID -> code name, from the project's own codebook."""
    segments: list[CodedSegment]
    qde: str = "project.qde"
    """The project file's name inside the archive, for error messages."""


def normalise_guid(guid: str) -> str:
    """GUIDs compare without braces and case: ATLAS.ti writes upper case, others ``{...}``."""
    return guid.strip().strip("{}").lower()


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


class _Zip:
    """The archive's members, found case-insensitively (``Sources/`` vs ``sources/``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise InputError.single(str(path), "no such file") from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError.single(
                str(path), f"not a REFI-QDA project: a .qdpx is a zip archive ({exc})"
            ) from None
        self.members = {info.filename.lower(): info for info in self.zip.infolist()}
        self.total = 0

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.members.get(name.lower())

    def read(self, info: zipfile.ZipInfo, limit: int, where: str) -> bytes:
        """One member's bytes, refusing more than ``limit`` for it and ``TOTAL_LIMIT`` in all
        (a small archive can unpack to gigabytes), and damaged or encrypted members."""
        if info.file_size > limit:
            raise InputError.single(
                where, f"{info.filename} is {info.file_size} bytes; more than {limit} is refused"
            )
        try:
            with self.zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise InputError.single(
                where, f"{info.filename} is damaged in the archive ({exc})"
            ) from None
        except (RuntimeError, NotImplementedError) as exc:  # encrypted, unknown compression
            raise InputError.single(where, f"{info.filename} cannot be read: {exc}") from None
        if len(data) > limit:
            raise InputError.single(where, f"{info.filename} is larger than {limit} bytes")
        self.total += len(data)
        if self.total > TOTAL_LIMIT:
            raise InputError.single(
                where, f"the archive unpacks to more than {TOTAL_LIMIT} bytes; refused"
            )
        return data

    def qde(self) -> zipfile.ZipInfo:
        top = [i for name, i in self.members.items() if name.endswith(".qde") and "/" not in name]
        if len(top) != 1:
            found = "none" if not top else ", ".join(i.filename for i in top)
            raise InputError.single(
                str(self.path),
                f"a .qdpx must hold one project.qde at its top level (found {found})",
            )
        return top[0]


def _parse(data: bytes, where: str):  # -> lxml _Element
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        message = str(exc.msg).split(", line ")[0]
        raise InputError.single(where, f"not valid XML: {message}", line=line) from None
    if root.getroottree().docinfo.doctype:
        raise InputError.single(where, "a DOCTYPE is not allowed in project.qde", line=1)
    if _local(root.tag) != "Project":
        raise InputError.single(
            where, f"root element is <{_local(root.tag)}>, not <Project>", line=root.sourceline
        )
    return root


def _text_of(source, archive: _Zip, where: str, cache: dict[str, str]) -> str:
    """The plain text of a TextSource (or PDF Representation) element."""
    for child in source:
        if _local(child.tag) == "PlainTextContent":
            return child.text or ""
    target = source.get("plainTextPath", "")
    name = source.get("name", "") or source.get("guid", "")
    if not target:
        raise InputError.single(
            where,
            f"source {name!r} has coded text but no plain text "
            "(neither <PlainTextContent> nor plainTextPath)",
            line=source.sourceline,
        )
    if not target.startswith("internal://"):
        raise InputError.single(
            where,
            f"source {name!r} keeps its text outside the project "
            f"({target}); export it with the sources embedded",
            line=source.sourceline,
        )
    relative = target.removeprefix("internal://")
    if relative not in cache:
        parts = PurePosixPath(relative).parts
        info = archive.find(f"sources/{relative}")
        if info is None or ".." in parts:
            raise InputError.single(
                where,
                f"source {name!r}: {target} is not in the archive's sources/ folder",
                line=source.sourceline,
            )
        raw = archive.read(info, MAX_TEXT_BYTES, where)
        try:
            cache[relative] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError.single(
                where,
                f"source {name!r}: {info.filename} is not UTF-8 text "
                "(REFI-QDA 1.5 §9.1.2 requires UTF-8)",
                line=source.sourceline,
            ) from None
    return cache[relative]


def _text_sources(root):
    """(element holding the selections and text, the document's name) for every text source:
    TextSource, and the text representation of a PDF source."""
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "TextSource":
            yield element, element.get("name", "")
        elif tag == "Representation" and _local(element.getparent().tag) == "PDFSource":
            yield element, element.getparent().get("name", "")


def read_project(path: str | Path) -> Project:
    """The coded text segments of a ``.qdpx`` project; problems raise InputError (one line)."""
    path = Path(path)
    archive = _Zip(path)
    with archive.zip:
        info = archive.qde()
        where = f"{path}:{info.filename}"
        root = _parse(archive.read(info, MAX_QDE_BYTES, where), where)
        codes = {
            normalise_guid(el.get("guid", "")): el.get("name", "")
            for el in root.iter()
            if _local(el.tag) == "Code"
        }
        segments: list[CodedSegment] = []
        cache: dict[str, str] = {}
        for source, document in _text_sources(root):
            selections = [c for c in source if _local(c.tag) == "PlainTextSelection"]
            coded = [
                (
                    s,
                    [
                        r
                        for c in s
                        if _local(c.tag) == "Coding"
                        for r in c
                        if _local(r.tag) == "CodeRef"
                    ],
                )
                for s in selections
            ]
            coded = [(s, refs) for s, refs in coded if refs]
            if not coded:
                continue
            text = _text_of(source, archive, where, cache)
            for selection, refs in coded:
                start, end = _positions(selection, len(text), where)
                for ref in refs:
                    segments.append(
                        CodedSegment(
                            code_guid=normalise_guid(ref.get("targetGUID", "")),
                            source_name=document or selection.get("name", ""),
                            start=start,
                            end=end,
                            text=text[start:end],
                            line=selection.sourceline,
                        )
                    )
    return Project(
        name=root.get("name", path.stem), codes=codes, segments=segments, qde=info.filename
    )


def _positions(selection, length: int, where: str) -> tuple[int, int]:
    try:
        start = int(selection.get("startPosition", ""))
        end = int(selection.get("endPosition", ""))
    except ValueError:
        raise InputError.single(
            where,
            "PlainTextSelection needs whole-number startPosition and endPosition",
            line=selection.sourceline,
        ) from None
    if not 0 <= start < end <= length:
        raise InputError(
            [
                Problem(
                    where,
                    f"selection {start}-{end} does not fit the source's text ({length} characters)",
                    line=selection.sourceline,
                )
            ]
        )
    return start, end
