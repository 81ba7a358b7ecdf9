"""Reading a REFI-QDA project (``.qdpx``) safely: its coded text segments and their text.

A ``.qdpx`` is a zip holding ``project.qde`` (QDA-XML) and a ``sources/`` folder. Text a
segment selects lives either inside project.qde (``<PlainTextContent>``) or in a UTF-8 file in
``sources/``, named by ``plainTextPath``: ``internal://GUID.txt`` as the standard writes it
(§8.3), and also the forms programs write in practice (``sources/NAME.txt``, a bare file name,
``relative://`` to a file that is in the archive). Positions count Unicode code points from 0
and the end is exclusive: in the standard's own example (Annex A.2) the selection 139-195 is
named by its 56-character text.

Limits are checked from the zip's directory before anything is unpacked; project.qde is then
parsed incrementally (lxml ``iterparse``, without entities, DTDs or network access), each
source dropped from memory once its segments are taken, so time and memory grow with the
segments kept, not with the size of the file. Nothing is extracted to disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from casebench.archives import Archive, MiB, forget, iterparse, local
from casebench.errors import InputError
from casebench.yamlio import MAX_BYTES

MAX_MEMBERS = 20_000
"""Files in the archive (one or two per source)."""
MAX_QDE_BYTES = 48 * MiB
"""project.qde unpacked: 100,000 coded segments take about 40 MiB."""
MAX_TEXT_BYTES = 16 * MiB
"""One source's plain text (a two-hour interview transcript is about 100 KiB)."""
MAX_TEXTS_BYTES = 64 * MiB
"""All the source texts read from one archive."""
MAX_SEGMENTS = 5_000
"""Coded segments imported at a time. A case coded along Farr's 53 questions rarely holds
more than a few hundred quotes; writing a case file costs about a millisecond a quote."""


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
    source_guid: str = ""
    variables: tuple[tuple[str, str], ...] = ()
    """The source's text variables (name, value), e.g. ("Attribution", "NHS Staff 13")."""


@dataclass(frozen=True)
class Project:
    """What casebench needs from a project: its name, codes by GUID, coded text segments."""

    name: str
    codes: dict[str, str]
    """Normalised GUID -> code name, from the project's own codebook."""
    segments: list[CodedSegment]
    qde: str = "project.qde"
    """The project file's name inside the archive, for error messages."""
    cases: dict[str, frozenset[str]] = field(default_factory=dict)
    """REFI-QDA case name -> the GUIDs of the sources it refers to (``<Cases>``)."""
    case_descriptions: dict[str, str] = field(default_factory=dict)
    """REFI-QDA case name -> its description, where it has one."""
    origin: str = ""
    """The program that wrote the project (``<Project origin>``)."""


def normalise_guid(guid: str) -> str:
    """GUIDs compare without braces and case: ATLAS.ti writes upper case, others ``{...}``."""
    return guid.strip().strip("{}").lower()


@dataclass
class _Source:
    """A text source being read: its attributes, inline text and coded selections."""

    name: str
    path: str
    line: int | None
    guid: str = ""
    text: str | None = None
    variables: dict[str, str] = field(default_factory=dict)
    selections: list[tuple[int, int, list[str], int | None, str]] = field(default_factory=list)
    """(start, end, code GUIDs, line, selection name), positions not yet checked."""


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive = Archive(path, "a REFI-QDA project (.qdpx)", max_members=MAX_MEMBERS)
        self.texts: dict[str, str] = {}
        self.text_bytes = 0
        self.segments: list[CodedSegment] = []
        self.coded = 0
        self.quoted = 0
        """Characters quoted so far: a case file holds at most MAX_BYTES."""
        """Codings of selections seen so far (checked against MAX_SEGMENTS as they come)."""

    def qde(self) -> Any:
        top = [
            info
            for name, info in self.archive.members.items()
            if name.endswith(".qde") and "/" not in name
        ]
        if len(top) != 1:
            found = "none" if not top else ", ".join(i.filename for i in top)
            raise InputError.single(
                str(self.path),
                f"a .qdpx must hold one project.qde at its top level (found {found})",
            )
        self.archive.check_sizes(top, MAX_QDE_BYTES, top[0].filename)
        return top[0]

    # ------------------------------------------------------------------ source texts
    def member_for(self, source: _Source, where: str) -> Any:
        """The archive member holding a source's text, by any form of path the standard or
        the programs use; InputError for text kept outside the archive or missing from it."""
        target = source.path.strip().replace("\\", "/")
        scheme, sep, rest = target.partition("://")
        scheme = scheme.lower() if sep else ""
        if scheme not in {"", "internal", "relative"}:
            raise InputError.single(
                where,
                f"source {source.name!r} keeps its text outside the project ({target}); "
                "export it with the sources embedded",
                line=source.line,
            )
        relative = (rest if sep else target).lstrip("/")
        for name in dict.fromkeys([relative, unquote(relative)]):
            if ".." in PurePosixPath(name).parts:
                break
            for candidate in (f"sources/{name}", name):
                info = self.archive.find(candidate)
                if info is not None and not info.is_dir():
                    return info
        if scheme == "relative":
            raise InputError.single(
                where,
                f"source {source.name!r} keeps its text outside the project ({target}, "
                "relative to the project's base path); export it with the sources embedded",
                line=source.line,
            )
        raise InputError.single(
            where,
            f"source {source.name!r}: {target} is not in the archive's sources/ folder",
            line=source.line,
        )

    def text_of(self, source: _Source, where: str) -> str:
        if source.text is not None:
            return source.text
        if not source.path:
            raise InputError.single(
                where,
                f"source {source.name!r} has coded text but no plain text "
                "(neither <PlainTextContent> nor plainTextPath)",
                line=source.line,
            )
        info = self.member_for(source, where)
        if info.filename not in self.texts:
            self.archive.check_sizes([info], MAX_TEXT_BYTES, f"the text of {source.name!r}")
            self.text_bytes += info.file_size
            if self.text_bytes > MAX_TEXTS_BYTES:
                raise InputError.single(
                    str(self.path),
                    f"the coded sources' texts unpack to more than {MAX_TEXTS_BYTES // MiB} "
                    "MiB; refused (far more than cases need)",
                )
            raw = self.archive.read(info, where)
            try:
                self.texts[info.filename] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise InputError.single(
                    where,
                    f"source {source.name!r}: {info.filename} is not UTF-8 text "
                    "(REFI-QDA 1.5 §9.1.2 requires UTF-8)",
                    line=source.line,
                ) from None
        return self.texts[info.filename]

    def finish(self, source: _Source, where: str) -> None:
        """The segments of a source whose element has been read."""
        if not source.selections:
            return
        text = self.text_of(source, where)
        for start, end, codes, line, selection_name in source.selections:
            if not 0 <= start < end <= len(text):
                raise InputError.single(
                    where,
                    f"selection {start}-{end} does not fit the source's text "
                    f"({len(text)} characters)",
                    line=line,
                )
            self.quoted += (end - start) * len(codes)
            if self.quoted > MAX_BYTES:
                raise InputError.single(
                    where,
                    f"the coded segments quote more than {MAX_BYTES // MiB} MiB of text, more "
                    "than a case file holds; refused",
                    line=line,
                )
            for guid in codes:
                self.segments.append(
                    CodedSegment(
                        code_guid=normalise_guid(guid),
                        source_name=source.name or selection_name,
                        start=start,
                        end=end,
                        text=text[start:end],
                        line=line,
                        source_guid=source.guid,
                        variables=tuple(source.variables.items()),
                    )
                )

    # ------------------------------------------------------------------ project.qde
    def read(self) -> Project:
        info = self.qde()
        where = f"{self.path}:{info.filename}"
        name = self.path.stem
        origin = ""
        codes: dict[str, str] = {}
        variables: dict[str, str] = {}
        cases: dict[str, set[str]] = {}
        case: set[str] | None = None
        case_name = ""
        descriptions: dict[str, str] = {}
        stack: list[_Source] = []
        pdf_name = pdf_guid = ""
        first = True
        in_selection = in_value = 0
        with self.archive.open(info, where) as handle:
            for event, element in iterparse(handle, where, events=("start", "end")):
                tag = local(element.tag)
                if first:
                    first = False
                    if tag != "Project":
                        raise InputError.single(
                            where,
                            f"root element is <{tag}>, not <Project>",
                            line=element.sourceline,
                        )
                    name = element.get("name", name)
                    origin = element.get("origin", "")
                is_source = tag == "TextSource" or (
                    tag == "Representation" and local(element.getparent().tag) == "PDFSource"
                )
                if event == "start":
                    if tag == "PlainTextSelection":
                        in_selection += 1
                    elif tag == "VariableValue":
                        in_value += 1
                    elif tag == "Code":
                        codes[normalise_guid(element.get("guid", ""))] = element.get("name", "")
                    elif tag == "Variable":
                        variables[normalise_guid(element.get("guid", ""))] = element.get("name", "")
                    elif tag == "Case":
                        case_name = element.get("name", "")
                        case = cases.setdefault(case_name, set())
                    elif tag == "SourceRef" and case is not None:
                        case.add(normalise_guid(element.get("targetGUID", "")))
                    elif tag == "PDFSource":
                        pdf_name, pdf_guid = element.get("name", ""), element.get("guid", "")
                    elif is_source:
                        path = element.get("plainTextPath", "")
                        pdf = tag != "TextSource"
                        document = pdf_name if pdf else element.get("name", "")
                        fallback = PurePosixPath(path.replace("\\", "/")).name
                        stack.append(
                            _Source(
                                name=document or fallback or element.get("guid", ""),
                                path=path,
                                line=element.sourceline,
                                guid=normalise_guid(pdf_guid if pdf else element.get("guid", "")),
                            )
                        )
                    continue
                if tag == "PlainTextSelection":
                    in_selection -= 1
                    if stack:
                        self.selection(element, stack[-1], where)
                elif tag == "VariableValue":
                    in_value -= 1
                    if stack and not in_selection:
                        _variable(element, stack[-1], variables)
                elif in_selection or in_value:
                    continue  # a selection's codings or a value, read when it ends
                elif tag == "Case":
                    case = None
                elif tag == "Description" and case is not None:
                    descriptions[case_name] = (element.text or "").strip()
                elif tag == "PlainTextContent" and stack:
                    stack[-1].text = element.text or ""
                elif is_source and stack:
                    self.finish(stack.pop(), where)
                forget(element)  # done with: memory stays flat however large the file
        return Project(
            name=name,
            codes=codes,
            segments=self.segments,
            qde=info.filename,
            cases={k: frozenset(v) for k, v in cases.items()},
            case_descriptions=descriptions,
            origin=origin,
        )

    def selection(self, element: Any, source: _Source, where: str) -> None:
        refs = [
            ref.get("targetGUID", "")
            for coding in element
            if local(coding.tag) == "Coding"
            for ref in coding
            if local(ref.tag) == "CodeRef"
        ]
        if not refs:
            return
        try:
            start = int(element.get("startPosition", ""))
            end = int(element.get("endPosition", ""))
        except ValueError:
            raise InputError.single(
                where,
                "PlainTextSelection needs whole-number startPosition and endPosition",
                line=element.sourceline,
            ) from None
        source.selections.append((start, end, refs, element.sourceline, element.get("name", "")))
        self.coded += len(refs)
        if self.coded > MAX_SEGMENTS:
            raise InputError.single(
                where,
                f"the project codes more than {MAX_SEGMENTS} segments, more than casebench "
                "imports at a time; refused (export and import it in parts, e.g. a few "
                "documents each)",
                line=element.sourceline,
            )


def _variable(element: Any, source: _Source, names: dict[str, str]) -> None:
    """A source's ``<VariableValue>``: its text value under the variable's name."""
    ref = next((c for c in element if local(c.tag) == "VariableRef"), None)
    value = next((c for c in element if local(c.tag) == "TextValue"), None)
    if ref is None or value is None:
        return  # not a text variable: casebench uses text variables only
    name = names.get(normalise_guid(ref.get("targetGUID", "")))
    if name:
        source.variables[name] = value.text or ""


def read_project(path: str | Path) -> Project:
    """The coded text segments of a ``.qdpx`` project; problems raise InputError (one line)."""
    reader = _Reader(Path(path))
    with reader.archive:
        return reader.read()
