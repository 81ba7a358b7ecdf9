"""Find personal data in free text before a report is published: e-mail addresses, UK phone
numbers, NHS numbers (only those whose Modulus 11 check digit is valid) and UK postcodes.

Pure functions. What is found is reported masked (``NHS number 943 *** ****``), so that the
warning itself does not spread the data. Heuristics: a clean scan is no proof of anonymity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from casebench.errors import Problem, dotted
from casebench.yamlio import Document

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
NHS_NUMBER = re.compile(r"(?<![\w+])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w])")
PHONE = re.compile(r"(?<![\w+])(?:\+44|0044|\(0|0)[\d ()-]{7,16}\d(?![\w])")
POSTCODE = re.compile(
    r"(?<![\w])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[\dA-HJKPSTUW]?|[A-HK-Y]\d[\dABEHMNPRV-Y]?)"
    r" ?\d[ABD-HJLNP-UW-Z]{2})(?![\w])",
    re.IGNORECASE,
)
ORDINAL = re.compile(r"(?:1st|2nd|3rd|[04-9]th)$")
"""A lower-case end like "M25 1st" is an ordinal in prose, not the inward part of a postcode."""
MAY_HOLD = re.compile(r"@|\d[\d ()-]{7,}\d|[A-Za-z]\d")
"""What every kind searched for holds (an at sign, a run of digits, a letter followed by a
digit as in a postcode's outward code): text without any is skipped quickly."""
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class Finding:
    """One piece of possible personal data in a text: its kind, masked text and position."""

    kind: str
    masked: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.kind} {self.masked}"


def nhs_check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit of an NHS number's first nine digits (None: no valid one)."""
    total = sum(int(d) * w for d, w in zip(first_nine, NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(text: str) -> bool:
    """True for ten digits (spaces or hyphens allowed) whose last is the valid check digit."""
    digits = re.sub(r"[ -]", "", text)
    if len(digits) != 10 or not digits.isdigit():
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def _uk_national(text: str) -> str | None:
    """A candidate phone number as national digits ("07700900123"), or None if not one."""
    digits = re.sub(r"\D", "", text)
    for prefix in ("0044", "44"):
        if text.lstrip("(").startswith(("+44", "0044")) and digits.startswith(prefix):
            digits = "0" + digits[len(prefix) :].removeprefix("0")
            break
    if re.fullmatch(r"0[1235789]\d{8,9}", digits) is None:
        return None
    if text.count("(") != text.count(")") or "--" in text or "  " in text:
        return None
    return digits


def _phone_in(text: str) -> str | None:
    """The longest start of a run of digits and separators that is a UK phone number (a
    number is often followed by other figures: "07700 900123 2019")."""
    cuts = [
        i + 1
        for i, char in enumerate(text)
        if char.isdigit() and (i + 1 == len(text) or text[i + 1] in " -)")
    ]
    for cut in reversed(cuts):
        if _uk_national(text[:cut]):
            return text[:cut]
    return None


def mask_digits(text: str, keep: int) -> str:
    """``text`` with every digit after the first ``keep`` digits replaced by ``*``."""
    out, seen = [], 0
    for char in text:
        if char.isdigit():
            seen += 1
            out.append(char if seen <= keep else "*")
        else:
            out.append(char)
    return "".join(out)


def _mask_email(text: str) -> str:
    local, _, domain = text.partition("@")
    return f"{local[0]}***@***.{domain.rsplit('.', 1)[-1]}"


def _mask_postcode(text: str) -> str:
    compact = text.replace(" ", "")
    return f"{compact[:-3].upper()} ***"


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def find_personal_data(text: str) -> list[Finding]:
    """Every e-mail address, UK phone number, valid NHS number and UK postcode in ``text``,
    in order of position; a stretch of text is reported once (the first kind that fits, in
    that order: "0044 117 496 0000" is a phone number even though it ends in ten digits)."""
    found: list[Finding] = []
    spans: list[tuple[int, int]] = []
    if not MAY_HOLD.search(text):
        return found

    def add(kind: str, masked: str, match: re.Match[str]) -> None:
        found.append(Finding(kind, masked, match.start(), match.end()))
        spans.append((match.start(), match.end()))

    for match in EMAIL.finditer(text):
        add("e-mail address", _mask_email(match.group()), match)
    for match in PHONE.finditer(text):
        candidate = _phone_in(match.group())
        end = match.start() + len(candidate or "")
        if candidate and _free(spans, match.start(), end):
            keep = 5 if candidate.startswith("0044") else 3  # country code and one more
            found.append(Finding("phone number", mask_digits(candidate, keep), match.start(), end))
            spans.append((match.start(), end))
    for match in NHS_NUMBER.finditer(text):
        if _free(spans, *match.span()) and is_valid_nhs_number(match.group()):
            add("NHS number", mask_digits(match.group(), 3), match)
    for match in POSTCODE.finditer(text):
        if _free(spans, *match.span()) and not ORDINAL.search(match.group()):
            add("postcode", _mask_postcode(match.group()), match)
    return sorted(found, key=lambda f: f.start)


@dataclass(frozen=True)
class Hit:
    """Personal data found at a field of a document (``path`` as in the case file)."""

    path: tuple[str | int, ...]
    finding: Finding


def scan(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[Hit]:
    """Every finding in the strings (and mapping keys, other than identifiers such as field
    names) of plain data, with its field path, in document order."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if MAY_HOLD.search(value):
                for finding in find_personal_data(value):
                    yield Hit(where, finding)
        elif isinstance(value, dict):
            for key in reversed(list(value)):
                stack.append(((*where, key), value[key]))
                if isinstance(key, str) and not key.isidentifier() and MAY_HOLD.search(key):
                    stack.append(((*where, key), key))
        elif isinstance(value, list | tuple):
            stack.extend(((*where, i), v) for i, v in reversed(list(enumerate(value))))


def problems(document: Document, file: str) -> list[Problem]:
    """One problem per finding in a case document: file, line, field path, masked data."""
    found = []
    for hit in scan(document.data):
        line, column = document.locate(hit.path)
        found.append(
            Problem(
                file,
                f"possible personal data: {hit.finding}",
                field=dotted(hit.path),
                line=line,
                column=column,
            )
        )
    return found


__all__ = [
    "Finding",
    "Hit",
    "find_personal_data",
    "is_valid_nhs_number",
    "mask_digits",
    "nhs_check_digit",
    "problems",
    "scan",
]
