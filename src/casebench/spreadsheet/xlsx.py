"""The cells of an .xlsx workbook, read safely and fast.

An .xlsx is a zip of XML parts. Before any part is unpacked, the archive's directory must
show a sane number of files and at most :data:`MAX_XML` bytes of XML; the parts are then
parsed incrementally with lxml, counting cells and shared strings against their limits as
they come. Values are what a spreadsheet program shows: text (shared or inline), numbers,
yes/no, dates (by the cell's number format). A formula is taken by the result the program
saved with it; one saved without a result, and an error value such as ``#REF!``, are problems
named by ``sheet!cell``, never silently empty.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from casebench.archives import Archive, MiB, forget, iterparse, local
from casebench.errors import InputError, Problem

MAX_MEMBERS = 1000
"""Files in the archive (a workbook has a dozen or two)."""
MAX_XML = 48 * MiB
"""XML read in all: a workbook of forty cases with hundreds of quotes each is a few MiB."""
MAX_CELLS = 100_000
"""Cells read in all (forty large cases fill about 50,000)."""
MAX_SHARED_STRINGS = 100_000
"""Entries of the shared-string table."""

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_KIND = "an Excel workbook (.xlsx)"
_OFFICE_DOCUMENT = "/officeDocument"


def column_index(letters: str) -> int:
    """``A`` -> 0, ``Z`` -> 25, ``AA`` -> 26."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number - 1


def column_letters(index: int) -> str:
    """0 -> ``A``, 26 -> ``AA`` (the inverse of :func:`column_index`)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(element: Any) -> str:
    """The text of an ``<si>`` or ``<is>`` element: its ``<t>`` runs, phonetic runs left out."""
    return "".join(t.text or "" for t in element.iter("{*}t") if local(t.getparent().tag) != "rPh")


class Workbook:
    """The sheets of an .xlsx file and their cells; problems found on the way (formulas
    without a saved result, error values) are collected in ``problems``."""

    def __init__(self, path: str | Path) -> None:
        self.name = str(path)
        self.archive = Archive(path, _KIND, max_members=MAX_MEMBERS)
        self.problems: list[Problem] = []
        self.problems_seen = False
        """True once a cell could not be read (its problem may have been handed on)."""
        self.cells = 0
        try:
            self._open()
        except BaseException:
            self.archive.zip.close()
            raise

    def close(self) -> None:
        self.archive.zip.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the workbook's parts
    def _open(self) -> None:
        xml = [i for n, i in self.archive.members.items() if n.endswith((".xml", ".rels"))]
        self.archive.check_sizes(xml, MAX_XML, "the workbook's XML")
        book = self._relations("_rels/.rels").get(_OFFICE_DOCUMENT, [])
        self.book_part = book[0] if book else "xl/workbook.xml"
        folder = posixpath.dirname(self.book_part)
        rels = self._relations(
            posixpath.join(folder, "_rels", posixpath.basename(self.book_part) + ".rels"),
            by_id=True,
        )
        self.sheets: dict[str, str] = {}
        self.epoch_1904 = False
        for _, element in self._parse(self.book_part, events=("end",)):
            tag = local(element.tag)
            if tag == "sheet":
                rel = next((v for k, v in element.attrib.items() if local(k) == "id"), "")
                name = element.get("name", "")
                self.sheets[name] = rels.get(rel, [""])[0]
            elif tag == "workbookPr":
                self.epoch_1904 = element.get("date1904", "").lower() in {"1", "true"}
            forget(element)
        self.date_styles, self.duration_styles = self._styles(rels.get("/styles", [""])[0])
        self.shared = self._shared_strings(rels.get("/sharedStrings", [""])[0])

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def _parse(self, part: str, **options: Any) -> Iterator[tuple[str, Any]]:
        info = self.archive.find(part)
        if info is None:
            raise InputError.single(self.name, f"not {_KIND}: it has no {part}")
        where = f"{self.name}:{part}"
        with self.archive.open(info, where) as handle:
            yield from iterparse(handle, where, **options)

    def _relations(self, part: str, *, by_id: bool = False) -> dict[str, list[str]]:
        """A relationships part: type (its last path segment) -> target parts; or, with
        ``by_id``, relationship id -> [target] (types are kept under their last segment too)."""
        found: dict[str, list[str]] = {}
        if self.archive.find(part) is None:
            return found
        base = posixpath.dirname(posixpath.dirname(part))
        for _, element in self._parse(part, events=("end",)):
            if local(element.tag) != "Relationship":
                continue
            target = element.get("Target", "")
            if element.get("TargetMode", "") == "External":
                continue
            target = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            target = posixpath.normpath(target)
            kind = "/" + element.get("Type", "").rsplit("/", 1)[-1]
            found.setdefault(kind, []).append(target)
            if by_id:
                found[element.get("Id", "")] = [target]
            forget(element)
        return found

    def _styles(self, part: str) -> tuple[set[int], set[int]]:
        """Indexes of the cell styles that show numbers as dates, and as durations."""
        from openpyxl.styles.numbers import (
            builtin_format_code,
            is_date_format,
            is_timedelta_format,
        )

        if not part or self.archive.find(part) is None:
            return set(), set()
        custom: dict[int, str] = {}
        dates: set[int] = set()
        durations: set[int] = set()
        index = 0
        in_cell_xfs = False
        for event, element in self._parse(part, events=("start", "end")):
            tag = local(element.tag)
            if tag == "cellXfs":
                in_cell_xfs = event == "start"
            if event != "end":
                continue
            if tag == "numFmt":
                try:
                    custom[int(element.get("numFmtId", ""))] = element.get("formatCode", "")
                except ValueError:
                    continue
            elif tag == "xf" and in_cell_xfs:
                try:
                    number = int(element.get("numFmtId", "0"))
                except ValueError:
                    number = 0
                code = custom.get(number) or builtin_format_code(number)
                if is_date_format(code):
                    dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
                index += 1
            forget(element)
        return dates, durations

    def _shared_strings(self, part: str) -> list[str]:
        if not part or self.archive.find(part) is None:
            return []
        strings: list[str] = []
        for _, element in self._parse(part, events=("end",), tag="{*}si"):
            strings.append(_text(element))
            forget(element)
            if len(strings) > MAX_SHARED_STRINGS:
                raise InputError.single(
                    self.name,
                    f"the workbook holds more than {MAX_SHARED_STRINGS} different texts; "
                    "refused (far more than cases need)",
                )
        return strings

    # ------------------------------------------------------------------ cells
    def check_counts(self, sheets: list[str]) -> None:
        """Refuse, after a quick count and before any cell is read, a workbook whose sheets
        hold more than :data:`MAX_CELLS` cells."""
        counted = 0
        for sheet in sheets:
            for _, element in self._parse(self.sheets[sheet], events=("end",), tag="{*}c"):
                counted += 1
                forget(element)
                if counted > MAX_CELLS:
                    raise InputError.single(
                        self.name,
                        f"the workbook holds more than {MAX_CELLS} cells (sheet {sheet!r} "
                        "passes the limit); refused (far more than cases need)",
                    )

    def rows(self, sheet: str) -> Iterator[tuple[int, dict[int, Any]]]:
        """``(row number, {column index: value})`` for every row of ``sheet`` holding a cell."""
        part = self.sheets[sheet]
        number = 0
        for _, element in self._parse(part, events=("end",), tag="{*}row"):
            given = element.get("r")
            number = int(given) if given and given.isdigit() else number + 1
            values: dict[int, Any] = {}
            column = -1
            for cell in element:
                if local(cell.tag) != "c":
                    continue
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise InputError.single(
                        self.name,
                        f"the workbook holds more than {MAX_CELLS} cells (sheet {sheet!r} "
                        f"reaches row {number}); refused (far more than cases need)",
                    )
                ref = cell.get("r")
                found = _REF.match(ref) if ref else None
                column = column_index(found.group(1)) if found else column + 1
                value = self._value(cell, (sheet, column, number))
                if value is not None:
                    values[column] = value
            forget(element)
            if values:
                yield number, values

    def _value(self, cell: Any, where: tuple[str, int, int]) -> Any:
        kind = cell.get("t", "n")
        saved = formula = None
        for child in cell:
            tag = local(child.tag)
            if tag == "v":
                saved = child.text if child.text is not None else ""
            elif tag == "f":
                formula = child.text or ""
            elif tag == "is" and kind == "inlineStr":
                return _text(child)
        if formula is not None and (saved is None or (saved == "" and kind != "str")):
            shown = f" (={formula})" if formula else ""
            self.problem(
                where,
                f"a formula{shown} with no saved result; open and save the workbook in a "
                "spreadsheet program, or type the value",
            )
            return None
        if saved is None or (saved == "" and kind not in {"str", "inlineStr", "s"}):
            return None
        if kind == "n":
            return self._number(saved, cell.get("s"), where)
        if kind == "s":
            try:
                return self.shared[int(saved)]
            except (ValueError, IndexError):
                self.problem(where, f"refers to shared text {saved!r}, which the workbook lacks")
                return None
        if kind in {"str", "inlineStr"}:
            return saved
        if kind == "b":
            return saved.strip() in {"1", "true"}
        if kind == "e":
            self.problem(where, f"holds the error value {saved}; type the value it should have")
            return None
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return from_ISO8601(saved)
            except ValueError:
                self.problem(where, f"{saved!r} is not a date")
                return None
        return self._number(saved, cell.get("s"), where)

    def _number(self, saved: str, style: str | None, where: tuple[str, int, int]) -> Any:
        try:
            number: int | float = int(saved)
        except ValueError:
            try:
                number = float(saved)
            except ValueError:
                self.problem(where, f"{saved!r} is not a number")
                return None
        if not style or not self.date_styles:
            return number
        index = int(style) if style.isdigit() else 0
        if index in self.date_styles:
            from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

            epoch = MAC_EPOCH if self.epoch_1904 else WINDOWS_EPOCH
            try:
                return from_excel(number, epoch, timedelta=index in self.duration_styles)
            except (OverflowError, ValueError):
                self.problem(where, f"{saved} is formatted as a date but is not one")
                return None
        return number

    def problem(self, where: tuple[str, int, int], message: str) -> None:
        sheet, column, row = where
        self.problems.append(Problem(f"{self.name}:{sheet}!{column_letters(column)}{row}", message))
        self.problems_seen = True


__all__ = [
    "MAX_CELLS",
    "MAX_SHARED_STRINGS",
    "MAX_XML",
    "Workbook",
    "column_index",
    "column_letters",
]
