"""Find personal data in free text before a report is published: e-mail addresses (also
written ``name at nhs dot net``, ``name[at]nhs.net`` or with a full-width ＠), telephone
numbers (judged by ``phonenumbers``, Google's libphonenumber, for the UK and, written with
their country code, elsewhere), NHS numbers in any grouping (only those whose Modulus 11 check
digit is valid) and UK postcodes (however spaced).

Pure functions. What is found is reported masked (``NHS number 943 *** ****``), so that the
warning itself does not spread the data. Heuristics: a clean scan is no proof of anonymity.
Names, dates of birth, addresses without a postcode and descriptions that identify a person
cannot be found reliably offline; a person must read the text (``casebench privacy`` lists
what is found, for that review).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebench.errors import Problem, dotted
from casebench.yamlio import Document

CANNOT_FIND = (
    "names, dates of birth and descriptions that identify a person cannot be found "
    "reliably offline: read the text yourself before publishing"
)
"""What the gate cannot do, said wherever it reports."""

_AT = r"(?:\s*@\s*|\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)"
EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]*)(?P<at>{_AT})"
    rf"(?P<domain>[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*){_DOT}(?P<tld>[A-Za-z]{{2,}})(?![\w@])",
    re.IGNORECASE,
)
WORD_TLDS = re.compile(
    r"com|net|org|uk|gov|nhs|ac|edu|int|info|biz|io|co|eu|ie|scot|wales|de|fr|nl|es|it|be|ch"
    r"|at|dk|se|no|fi|pl|pt|us|ca|au|nz|in|za",
    re.IGNORECASE,
)
"""Endings an address written with a plain `` at `` must have: "met at home dot com" is an
address, "staff at the council" is not."""
PHONE_CANDIDATE = re.compile(r"(?<![\w+\-./])(?:\(?\+|\()?\d[\d \u00a0().\-]{6,24}\d(?!\w)")
DIGIT_RUN = re.compile(r"(?<![\w.\-])\d+(?:[ .\-\u00a0]\d+)*(?!\w|[.\-]\d)")
"""Figures in groups, each group separated by one space, dot or hyphen."""
POSTCODE = re.compile(
    r"(?<![\w])(?:GIR[ \t\u00a0]{0,3}0AA|"
    r"[A-PR-UWYZ](?:\d[\dA-HJKPSTUW]?|[A-HK-Y]\d[\dABEHMNPRV-Y]?)"
    r"[ \t\u00a0]{0,3}\d[ABD-HJLNP-UW-Z]{2})(?![\w])",
    re.IGNORECASE,
)
ORDINAL = re.compile(r"(?:1st|2nd|3rd|[04-9]th)$")
"""A lower-case end like "M25 1st" is an ordinal in prose, not the inward part of a postcode."""
ISBN_BEFORE = re.compile(r"ISBN(?:-1[03])?:?\s*$", re.IGNORECASE)
MAY_HOLD = re.compile(r"@|\bat\b|\d[\d ()\-.]{6,}\d|[A-Za-z]\d", re.IGNORECASE)
"""What every kind searched for holds (an at sign or word, a run of digits, a letter followed
by a digit as in a postcode's outward code): text without any is skipped quickly."""
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class Finding:
    """One piece of possible personal data in a text: its kind, masked text and position
    (in the text as normalised by Unicode NFKC, which turns ``＠`` into ``@``)."""

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
    """True for ten digits (any separators) whose last is the valid check digit."""
    digits = re.sub(r"[^0-9]", "", text)
    if len(digits) != 10 or re.search(r"[^0-9 .\-\u00a0]", text):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


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


def _mask_email(match: re.Match[str]) -> str:
    return f"{match.group('local')[0]}***@***.{match.group('tld').lower()}"


def _mask_postcode(text: str) -> str:
    compact = re.sub(r"\s", "", text)
    return f"{compact[:-3].upper()} ***"


def _free(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e in spans)


def _isbn_before(text: str, start: int) -> bool:
    return ISBN_BEFORE.search(text[max(0, start - 16) : start]) is not None


def _is_phone(candidate: str) -> bool:
    """True when phonenumbers judges ``candidate`` a telephone number: a valid one anywhere
    written with its country code, or a UK one written with 0, 44 or +44 in front whose
    digits have the shape of a UK number (valid, or in the ranges Ofcom keeps for drama,
    such as 07700 900xxx, which libphonenumber calls possible but not valid)."""
    import phonenumbers

    if candidate.count("(") != candidate.count(")") or re.search(r"[.\-]{2}|\(\)", candidate):
        return False
    start = candidate.lstrip("(")
    international = start.startswith(("+", "00"))
    if not (international or start.startswith(("0", "44"))):
        return False  # a bare run of digits: a count, an NHS number, a reference
    try:
        number = phonenumbers.parse(candidate, "GB")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != 44:
        return international and phonenumbers.is_valid_number(number)
    national = phonenumbers.national_significant_number(number)
    if start.startswith("44") and not re.match(r"44[ \u00a0.\-(]", start):
        return False  # 44 glued to more digits is no country code
    return phonenumbers.is_valid_number(number) or (
        phonenumbers.is_possible_number(number) and len(national) == 10 and national[0] in "1235789"
    )


def _phones(text: str) -> Iterator[tuple[int, int]]:
    """Spans of telephone numbers: candidates cut at their longest start that is a number
    (figures often follow: "07700 900123 2019"), then whatever PhoneNumberMatcher finds."""
    import phonenumbers

    for match in PHONE_CANDIDATE.finditer(text):
        raw = match.group()
        offset = match.start()
        if raw.startswith("(") and ")" not in raw:
            raw, offset = raw[1:], offset + 1  # "(07700 900123)": the bracket is prose
        if _isbn_before(text, offset):
            continue
        cuts = [
            i + 1
            for i, char in enumerate(raw)
            if char.isdigit() and (i + 1 == len(raw) or not raw[i + 1].isdigit())
        ]
        for cut in reversed(cuts):
            if _is_phone(raw[:cut]):
                yield offset, offset + cut
                break
    for found in phonenumbers.PhoneNumberMatcher(text, "GB"):
        if not _isbn_before(text, found.start):
            yield found.start, found.end


def _nhs_numbers(text: str) -> Iterator[tuple[int, int]]:
    """Spans of ten digits in groups of two or more (943 476 5919, 9434 765 919, 94-34-76-59-19)
    that are whole groups of a run of figures and pass the Modulus 11 check."""
    for run in DIGIT_RUN.finditer(text):
        groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", text[: run.end()])]
        groups = [(s, e) for s, e in groups if s >= run.start()]
        for i in range(len(groups)):
            digits = 0
            for j in range(i, len(groups)):
                if groups[j][1] - groups[j][0] < 2 and i != j:
                    break  # "1 2 3 4 ...": a list of small numbers, not a grouping
                digits += groups[j][1] - groups[j][0]
                if digits >= 10:
                    start, end = groups[i][0], groups[j][1]
                    if (
                        digits == 10
                        and is_valid_nhs_number(text[start:end])
                        and not _isbn_before(text, start)
                    ):
                        yield start, end
                    break


def find_personal_data(text: str) -> list[Finding]:
    """Every e-mail address, telephone number, valid NHS number and UK postcode in ``text``,
    in order of position; a stretch of text is reported once (the first kind that fits, in
    that order: "0044 117 496 0000" is a phone number even though it ends in ten digits)."""
    found: list[Finding] = []
    spans: list[tuple[int, int]] = []
    text = unicodedata.normalize("NFKC", text)
    if not MAY_HOLD.search(text):
        return found

    def add(kind: str, masked: str, start: int, end: int) -> None:
        if _free(spans, start, end):
            found.append(Finding(kind, masked, start, end))
            spans.append((start, end))

    for match in EMAIL.finditer(text):
        spelled = match.group("at").strip().lower() == "at"
        if spelled and not WORD_TLDS.fullmatch(match.group("tld")):
            continue  # "we met at the town hall": no address
        add("e-mail address", _mask_email(match), match.start(), match.end())
    if re.search(r"\d(?:\D{0,3}\d){6}", text):  # seven figures close together: worth a look
        for start, end in sorted(set(_phones(text)), key=lambda s: (s[0], -s[1])):
            raw = text[start:end]
            keep = 5 if raw.lstrip("(").startswith("00") else 3  # country code and one more
            add("phone number", mask_digits(raw, keep), start, end)
        for start, end in _nhs_numbers(text):
            add("NHS number", mask_digits(text[start:end], 3), start, end)
    for match in POSTCODE.finditer(text):
        if not ORDINAL.search(match.group()):
            add("postcode", _mask_postcode(match.group()), match.start(), match.end())
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
            for finding in find_personal_data(value):
                yield Hit(where, finding)
        elif isinstance(value, dict):
            for key in reversed(list(value)):
                stack.append(((*where, key), value[key]))
                if isinstance(key, str) and not key.isidentifier():
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


def path_problems(paths: Iterable[str | Path]) -> list[Problem]:
    """Possible personal data in file and folder names (a case under ``jane.smith@nhs.net/``
    would put the address in the report), one problem per finding, naming the path."""
    found = []
    for path in dict.fromkeys(str(p) for p in paths):
        for part in Path(path).parts:
            for finding in find_personal_data(part):
                found.append(Problem(path, f"possible personal data in the file's path: {finding}"))
    return found


def refusal(found: Sequence[Problem], what: str = "nothing written") -> Problem:
    """The closing line of a refusal: how much was found, what to do, what cannot be found."""
    files = len({p.file for p in found})
    return Problem(
        "report",
        f"{len(found)} possible item(s) of personal data in {files} file(s); {what}. Remove "
        f"them, or pass --allow-personal-data to publish anyway. Note: {CANNOT_FIND}",
    )


@dataclass(frozen=True)
class Review:
    """What the report's gate would find in some case files, for a person to go through."""

    found: list[Problem]
    unreadable: list[Problem]
    files: int


def review(paths: Iterable[str | Path]) -> Review:
    """Possible personal data in the case files (and folders of them) ``paths``: in every
    text field, mapping key and file path, as the report's gate looks for it."""
    from casebench import yamlio
    from casebench.errors import InputError
    from casebench.validation import expand_paths

    files, unreadable = expand_paths(paths)
    found = path_problems(files)
    for file in files:
        try:
            document = yamlio.read(file)
        except InputError as exc:
            unreadable.extend(exc.problems)
            continue
        found.extend(problems(document, str(file)))
    return Review(found=found, unreadable=unreadable, files=len(files))


__all__ = [
    "CANNOT_FIND",
    "Finding",
    "Hit",
    "Review",
    "find_personal_data",
    "is_valid_nhs_number",
    "mask_digits",
    "nhs_check_digit",
    "path_problems",
    "problems",
    "refusal",
    "review",
    "scan",
]
