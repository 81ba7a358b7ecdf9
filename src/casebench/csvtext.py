"""CSV that spreadsheet programs open as data, never as formulas (CSV injection).

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and some treat a leading tab or
line break the same way. Following OWASP's advice, every text cell that starts with one of
these characters is written with a single quote in front (``'=SUM(A1)``), which spreadsheet
programs show as the text itself. Only text is changed: numbers, including negative numbers
such as ``-0.25``, stay numbers; a number stored as text (``"-3"``) gets the quote too, as
there is no telling it from the start of a formula. Line breaks inside a cell are written as
``\n`` (a lone carriage return would not be quoted, and would split the row). Every CSV
casebench writes goes through :func:`frame_to_csv`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet program read a cell as a formula."""


def neutralise(value: Any) -> Any:
    """``value`` with a single quote in front if it is text that starts like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return neutralise(value)


def frame_to_csv(frame: pd.DataFrame, *, index: bool = False) -> str:
    """A table as CSV text (UTF-8, ``\\n`` line ends, missing values as empty cells), its
    text cells and column names neutralised."""
    safe = frame.map(_cell).rename(columns=_cell)
    if index:
        safe = safe.rename(index=_cell)
    return safe.to_csv(index=index, lineterminator="\n")


__all__ = ["FORMULA_STARTS", "frame_to_csv", "neutralise"]
