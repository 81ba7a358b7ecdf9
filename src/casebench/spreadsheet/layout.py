"""The workbook's layout: sheets, columns, what each column means, and cell text escaping.

Writer and reader both follow this one description, so the README sheet a person reads is
the same table the importer checks columns against.
"""

from __future__ import annotations

import difflib
import re

from casebench.errors import Problem
from casebench.models.vocabulary import (
    CONFIDENCE,
    MODE,
    OUTCOME_DIRECTION,
    OUTCOME_STATUS,
    PRACTICE,
    PROVENANCE,
    RAISED_QUALIFIER,
    SOURCE_KIND,
    STATUS,
    VOCABULARIES,
    Vocabulary,
)
from casebench.wording import not_allowed

CASES, ASSESSMENTS, EVIDENCE = "cases", "assessments", "evidence"
POWER, OUTCOMES, CMO, README = "power", "outcomes", "cmo", "README"
DATA_SHEETS = (CASES, ASSESSMENTS, EVIDENCE, POWER, OUTCOMES, CMO)
"""The sheets an import reads; each must be in the workbook (README may be deleted)."""

SOURCE_FIELDS = ("kind", "count", "participants", "description")
SOURCE_COLUMN = re.compile(r"^source(\d+)_(kind|count|participants|description)$")
"""Data sources are flattened into numbered column groups: source1_kind, source1_count, ..."""

ATTRIBUTE_PREFIX = "attribute_"
ATTRIBUTE_COLUMN = re.compile(r"^attribute_([a-z][a-z0-9_]*)$")
"""A case's own attributes (``attributes: {country: UK}``) are columns attribute_country, ..."""

CASE_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title",),
    "short_title": ("short_title",),
    "framework_id": ("framework", "id"),
    "framework_version": ("framework", "version"),
    "coder": ("coder",),
    "sector": ("sector",),
    "setting": ("setting",),
    "approach": ("approach",),
    "period_months": ("period", "months"),
    "period_start": ("period", "start"),
    "period_end": ("period", "end"),
    "period_description": ("period", "description"),
    "draft": ("draft",),
    "citation": ("citation",),
    "summary": ("summary",),
    "issues_raised": ("issues", "raised"),
    "issues_raised_qualifier": ("issues", "raised_qualifier"),
    "issues_acted_on": ("issues", "acted_on"),
    "issues_note": ("issues", "note"),
    "coded_on": ("coded_on",),
    "practice": ("practice",),
    "interests": ("interests",),
}
"""cases-sheet column -> field path in the case."""

OLDER_CASE_COLUMNS: dict[str, tuple[str, ...]] = {
    "issues_raised_is_minimum": ("issues", "raised_is_minimum"),
}
"""Columns of workbooks written by earlier versions: still read (the case model turns
``raised_is_minimum`` TRUE into ``raised_qualifier: at_least``), never written."""

READ_ONLY = {ASSESSMENTS: ("section", "question_text")}
"""Columns written for the reader's convenience and ignored on import."""

COLUMNS: dict[str, tuple[str, ...]] = {
    ASSESSMENTS: (
        "case",
        "section",
        "question",
        "question_text",
        "status",
        "rating",
        "answer",
        "confidence",
        "memo",
    ),
    EVIDENCE: ("case", "question", "owner", "quote", "attribution", "source", "location"),
    POWER: (
        "case",
        "n",
        "dimension",
        "mode",
        "description",
        "questions",
        "provenance",
        "derived_from",
    ),
    OUTCOMES: ("case", "n", "level", "status", "description"),
    CMO: (
        "case",
        "id",
        "context",
        "context_conditions",
        "mechanism",
        "mechanism_code",
        "resource",
        "reasoning",
        "outcome",
        "outcome_code",
        "outcome_direction",
        "outcome_level",
        "provenance",
        "derived_from",
        "confidence",
        "power",
        "questions",
    ),
}
REQUIRED = {
    CASES: ("id",),
    ASSESSMENTS: ("case", "question"),
    EVIDENCE: ("case", "quote"),
    POWER: ("case",),
    OUTCOMES: ("case",),
    CMO: ("case",),
}
"""Columns a sheet must have (other columns may be left out: their fields take defaults)."""

LIST_SEPARATOR = "; "
"""Joins question ids, options of a multiple-choice answer, and participants' roles."""


def _or(vocabulary: Vocabulary) -> str:
    values = vocabulary.values
    return ", ".join(values[:-1]) + f" or {values[-1]}"


README_ROWS: list[tuple[str, str, str]] = [
    (
        "(all)",
        "",
        "One workbook holds one or more cases. Row 1 of each sheet names the columns; "
        "a blank cell means the field's default (empty text, nothing recorded). Every sheet "
        "names the case of each row in its `case` column (the case id). Lists (question ids, "
        "options of a multiple-choice answer, participants) are separated by '; '. Text is "
        "stored as text (a leading '=' is not a formula). `casebench import` checks everything "
        "and writes no file unless every case is valid; errors name sheet, row and column.",
    ),
    (
        "(all)",
        "",
        "Columns with a closed list of values (status, rating, answer of a choice question, "
        "confidence, practice, source kinds, dimension, mode, level, outcome status, "
        "provenance) offer a drop-down list; the allowed values and what each means are listed "
        "at the end of this sheet.",
    ),
    (
        CASES,
        "id ... interests",
        "One row per case: its id (lower-case letters, digits, _), "
        "title, short_title (up to 40 characters, for charts and lists of many cases), "
        "framework_id and framework_version (e.g. farr2017, 1.0.0), coder, sector, "
        "setting, approach, period_* (months, start, end, description), draft (TRUE/FALSE), "
        "citation, summary, issues_* (raised; raised_qualifier: "
        f"{_or(RAISED_QUALIFIER)}, blank for exactly, 'over' for 'over N'; acted_on; note), "
        "coded_on (the "
        f"date of coding), practice ({_or(PRACTICE)}), interests (whose "
        "interests the process served, as the coder reads it).",
    ),
    (
        CASES,
        "sourceN_kind, _count, _participants, _description",
        f"The Nth data source: kind ({_or(SOURCE_KIND)}), count, participants by role "
        "('staff: 17; patients: 7'), description. Add more "
        "groups (source4_...) as needed; leave a group blank for no source.",
    ),
    (
        CASES,
        "attribute_NAME",
        "The case's own attributes to group cases by, one column each: attribute_country "
        "holds the country (e.g. UK), attribute_funding the funding. NAME is lower-case "
        "letters, digits and _; a blank cell means the case records none.",
    ),
    (
        ASSESSMENTS,
        "case, question",
        "One row per case and question of its framework. A row "
        "left blank apart from case, section, question and question_text is not listed in the "
        "case (treated as not assessed).",
    ),
    (ASSESSMENTS, "section, question_text", "For reading only; ignored on import."),
    (
        ASSESSMENTS,
        "status",
        f"{_or(STATUS)} (blank: assessed). absent: looked for and not found in the case, a "
        "judgement with no rating.",
    ),
    (
        ASSESSMENTS,
        "rating",
        "Scale questions: a level of the scale (Farr 2017: 0 dominating "
        "or actively excluding ... 4 strongly enabling). Leave blank when absent or not assessed.",
    ),
    (
        ASSESSMENTS,
        "answer",
        "Choice questions: option id(s) ('community; service'); text questions: the answer.",
    ),
    (ASSESSMENTS, "confidence, memo", f"{_or(CONFIDENCE)}; the analyst's note."),
    (
        EVIDENCE,
        "case, question, owner",
        "One row per quote. `question` attaches it to that "
        "question's assessment; otherwise `owner` names what it backs: 'power N', 'outcome N' "
        "(N from the n column of those sheets) or 'cmo ID'. Quotes keep the order of the rows.",
    ),
    (
        EVIDENCE,
        "quote, attribution, source, location",
        "The quote (verbatim), who said it (e.g. 'NHS Staff 13'), the document, and where in it.",
    ),
    (
        POWER,
        "case, n, dimension, mode, description, questions, provenance, derived_from",
        "One row per observation of a "
        f"dimension of power: n numbers it within the case; mode is {_or(MODE)}; "
        f"provenance is {_or(PROVENANCE)} (does the source name the dimension, or is it the "
        "coder's classification?), derived_from where in the source it comes from; "
        "questions lists related question ids.",
    ),
    (
        OUTCOMES,
        "case, n, level, status, description",
        f"One row per outcome: level of change, status ({_or(OUTCOME_STATUS)}).",
    ),
    (
        CMO,
        "case, id, context, mechanism, mechanism_code, outcome, provenance, derived_from, "
        "questions",
        "One row per context-mechanism-outcome configuration; provenance is "
        f"{_or(PROVENANCE)} (does the source give it, or did the coder assemble it?), "
        "derived_from where from.",
    ),
    (
        CMO,
        "context_conditions, resource, reasoning",
        "context_conditions: one condition per line, 'tag: what it is here' ('not tag: ...' "
        "for one found absent); resource and reasoning: the mechanism split (Dalkin et al. "
        "2015).",
    ),
    (
        CMO,
        "outcome_code, outcome_direction, outcome_level",
        f"A shared code of the outcome; {_or(OUTCOME_DIRECTION)}; a level of change of the "
        "framework.",
    ),
    (
        CMO,
        "confidence, power",
        f"{_or(CONFIDENCE)}; power dimension ids ('first; power_with').",
    ),
]

VOCABULARY_ROWS: list[tuple[str, str, str]] = [
    ("(values)", f"{v.name} ({v.field}): {value}", meaning)
    for v in VOCABULARIES.values()
    for value, meaning in v.terms
]
"""The README's list of every closed vocabulary's values (the framework's are added per
workbook: its power dimensions and levels of change)."""

_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def escape(text: str) -> str:
    """OOXML escaping (as Excel writes it): characters XML cannot hold, and carriage returns
    that XML would fold, become ``_xHHHH_``; a literal ``_xHHHH_`` gets its underscore escaped."""

    def one(match: re.Match[str]) -> str:
        found = match.group(0)
        return "_x005F_" + found[1:] if len(found) > 1 else f"_x{ord(found):04X}_"

    return _ESCAPE.sub(one, text)


def unescape(text: str) -> str:
    """Undo ``escape`` (Excel writes the same escapes for the same characters)."""
    if "_x" not in text:
        return text
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


CONDITION_LINE = re.compile(r"^(?:(not)\s+)?(\S+?)(?:\s*:\s*(.*))?$")


def conditions_text(conditions: list[dict]) -> str:
    """Context conditions as cell text: ``tag: text`` per line, ``not tag: ...`` if absent."""
    lines = []
    for c in conditions:
        head = ("" if c.get("present", True) else "not ") + c["tag"]
        lines.append(f"{head}: {c['text']}" if c.get("text") else head)
    return "\n".join(lines)


def parse_conditions(text: str) -> list[dict]:
    """Cell text -> context conditions (a line that does not parse keeps its words as the
    tag, so that validation says what is wrong with it)."""
    out: list[dict] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = CONDITION_LINE.match(line)
        if match is None or " " in match.group(2):
            out.append({"tag": line})
            continue
        item: dict = {"tag": match.group(2)}
        if match.group(3):
            item["text"] = match.group(3)
        if match.group(1):
            item["present"] = False
        out.append(item)
    return out


def split_list(text: str) -> list[str]:
    """'a; b;c' -> ['a', 'b', 'c'] (blank items dropped)."""
    return [part.strip() for part in text.split(";") if part.strip()]


EXCEL_CELL_LIMIT = 32_767
"""Most characters Excel keeps in one cell."""


def unknown_column(name: str, sheet: str) -> str:
    """The message for a column a sheet does not have, listing those it has."""
    known = list(CASE_COLUMNS) if sheet == CASES else list(COLUMNS.get(sheet, ()))
    if sheet == CASES:
        known += [f"sourceN_{field}" for field in SOURCE_FIELDS]
        known.append(f"{ATTRIBUTE_PREFIX}NAME (NAME lower-case, starting with a letter)")
    return not_allowed(name, f"a column of the {sheet} sheet", known)


def sheet_problems(name: str, sheets: list[str]) -> list[Problem]:
    """A workbook must hold exactly the sheets casebench writes (README may go): a missing or
    renamed sheet would drop its rows without a word. Wrong case or stray spaces get one hint
    naming the right name; other names are listed against the known ones, with the nearest."""
    known = [*DATA_SHEETS, README]
    problems: list[Problem] = []
    accounted: set[str] = set()
    for sheet in sheets:
        if sheet in known:
            accounted.add(sheet)
            continue
        free = [k for k in known if k not in sheets and k not in accounted]
        folded = " ".join(sheet.split()).casefold()
        meant = next((k for k in free if k.casefold() == folded), None)
        if meant is not None:
            message = (
                f"sheet {sheet!r} must be named {meant!r} (sheet names must match exactly, "
                "in case and spacing); nothing was imported"
            )
        else:
            close = difflib.get_close_matches(sheet.strip().casefold(), free, n=1, cutoff=0.6)
            meant = close[0] if close else None
            listed = not_allowed(sheet, "a sheet casebench reads", known)
            if meant and "did you mean" not in listed:
                listed += f"; did you mean {meant}?"
            message = f"{listed} (nothing was imported)"
        if meant is not None:
            accounted.add(meant)
        problems.append(Problem(name, message))
    for sheet in DATA_SHEETS:
        if sheet not in accounted:
            problems.append(
                Problem(
                    name,
                    f"the workbook has no {sheet!r} sheet; nothing was imported (every sheet "
                    "casebench writes must be there, even if empty)",
                )
            )
    return problems
