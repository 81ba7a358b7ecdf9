"""Builds the hostile and broken .xlsx and .qdpx files of tests/bad_inputs/.

Run ``python tests/bad_archives.py`` to write them again; tests/test_bad_inputs.py checks
that the committed files hold exactly what this script builds (member by member, so that a
different zlib cannot make them differ). Every archive is written here part by part, as a
spreadsheet program or a QDA program would, each broken in one way; the message casebench must
give for each is in ``<name>.expected`` beside it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).parent / "bad_inputs"
STAMP = (2024, 1, 1, 0, 0, 0)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
QDA = "urn:QDA-XML:project:1.0"
SPEAK = "00000000-0000-4000-8000-000000000001"  # not the codebook's: only used when refused

Members = dict[str, bytes]


def _zip(path: Path, members: Members, *, stored: bool = False) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


# --------------------------------------------------------------------------- workbooks


def _cell(ref: str, value: str | int | None, *, raw: str | None = None) -> str:
    if raw is not None:
        return f'<c r="{ref}"{raw}</c>'
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def _sheet(rows: list[list[str | int | None]], raw: dict[str, str] | None = None) -> bytes:
    raw = raw or {}
    lines = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if ref in raw:
                cells.append(_cell(ref, None, raw=raw[ref]))
            elif value is not None:
                cells.append(_cell(ref, value))
        lines.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>'
        + "".join(lines)
        + "</sheetData></worksheet>"
    ).encode()


SHEETS: dict[str, list[list[str | int | None]]] = {
    "cases": [
        ["id", "title", "framework_id", "framework_version"],
        ["bad_case", "A case", "farr2017", "1.0.0"],
    ],
    "assessments": [["case", "question", "rating"], ["bad_case", "si_trust", 2]],
    "evidence": [
        ["case", "question", "quote", "attribution"],
        ["bad_case", "si_trust", "Trust grew slowly.", "NHS Staff 13"],
    ],
    "power": [["case"]],
    "outcomes": [["case"]],
    "cmo": [["case"]],
}


def workbook(sheets: dict[str, bytes], extra: Members | None = None) -> Members:
    """The parts of an .xlsx holding these sheets (names in order), as Excel lays them out."""
    names = list(sheets)
    book = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(names) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    members: Members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxml'
            'formats.org/package/2006/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml"'
            ' ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}"><Relationship '
            f'Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{book}</sheets></workbook>"
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">{rels}'
            "</Relationships>"
        ).encode(),
    }
    for n, name in enumerate(names, 1):
        members[f"xl/worksheets/sheet{n}.xml"] = sheets[name]
    members.update(extra or {})
    return members


def _sheets(**changes: bytes | None) -> dict[str, bytes]:
    """The good sheets with some replaced (bytes), renamed ("old=new") or left out (None)."""
    out: dict[str, bytes] = {}
    for name, rows in SHEETS.items():
        renamed = next((k.split("=")[1] for k in changes if k.startswith(f"{name}=")), None)
        if name in changes and changes[name] is None:
            continue
        out[renamed or name] = changes.get(name) or _sheet(rows)
    return out


def _renamed(old: str, new: str) -> dict[str, bytes]:
    return {(new if name == old else name): _sheet(rows) for name, rows in SHEETS.items()}


def _evidence(raw: str) -> dict[str, bytes]:
    rows = SHEETS["evidence"]
    return {**_sheets(), "evidence": _sheet(rows, {"C2": raw})}


def _assessments(column: str, value: str | int | None, *, raw: str | None = None) -> dict:
    """The good sheets, the assessments sheet giving si_trust a memo and ``column``."""
    rows = [["case", "question", "memo", column], ["bad_case", "si_trust", "x", value]]
    return {**_sheets(), "assessments": _sheet(rows, {"D2": raw} if raw else None)}


def _lying(members: Members, name: str, claimed: int) -> Callable[[Path], None]:
    """Write the archive, then make the directory claim ``name`` unpacks to ``claimed`` bytes."""

    def write(path: Path) -> None:
        _zip(path, members)
        data = bytearray(path.read_bytes())
        central = data.index(b"PK\x01\x02")
        while data[central + 46 : central + 46 + len(name)] != name.encode():
            central = data.index(b"PK\x01\x02", central + 4)
        data[central + 24 : central + 28] = claimed.to_bytes(4, "little")
        path.write_bytes(bytes(data))

    return write


def _encrypted(members: Members, name: str) -> Callable[[Path], None]:
    """Write the archive with ``name`` flagged as encrypted (as a password-protected zip is)."""

    def write(path: Path) -> None:
        _zip(path, members, stored=True)
        data = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.index(signature)
            while True:
                start = at + (30 if signature == b"PK\x03\x04" else 46)
                if data[start : start + len(name)] == name.encode():
                    data[at + offset] |= 0x1
                    break
                at = data.index(signature, at + 4)
        path.write_bytes(bytes(data))

    return write


def _many_cells(count: int) -> bytes:
    """A sheet of ``count`` one-cell rows (no cell references: rows and cells simply follow)."""
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>case</t></is></c></row>'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>'.encode()
        + header.encode()
        + b"<row><c><v>1</v></c></row>" * count
        + b"</sheetData></worksheet>"
    )


def _shared_bomb() -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}">'.encode()
        + (b"<si><t>" + b"a" * 10_000 + b"</t></si>") * 5_500
        + b"</sst>"
    )


XLSX: dict[str, Callable[[Path], None]] = {
    "xlsx_sheet_trailing_space": lambda p: _zip(p, workbook(_renamed("evidence", "Evidence "))),
    "xlsx_sheet_wrong_case": lambda p: _zip(p, workbook(_renamed("cases", "Cases"))),
    "xlsx_sheet_near_miss": lambda p: _zip(p, workbook(_renamed("assessments", "assesments"))),
    "xlsx_sheet_missing": lambda p: _zip(p, workbook(_sheets(evidence=None))),
    "xlsx_sheet_unknown": lambda p: _zip(
        p, workbook({**_sheets(), "my notes": _sheet([["anything"]])})
    ),
    "xlsx_formula_without_result": lambda p: _zip(
        p, workbook(_evidence('><f>CONCAT("Trust ", "grew")</f>'))
    ),
    "xlsx_error_value": lambda p: _zip(p, workbook(_evidence(' t="e"><v>#REF!</v>'))),
    "xlsx_shared_strings_bomb": lambda p: _zip(
        p, workbook(_sheets(), {"xl/sharedStrings.xml": _shared_bomb()})
    ),
    "xlsx_lying_size": _lying(workbook(_sheets()), "xl/worksheets/sheet3.xml", 100),
    "xlsx_too_many_cells": lambda p: _zip(p, workbook(_sheets(power=_many_cells(100_001)))),
    "xlsx_doctype": lambda p: _zip(
        p,
        workbook(
            _sheets(),
            {
                "xl/workbook.xml": (
                    '<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY x SYSTEM '
                    f'"file:///etc/passwd">]>\n<workbook xmlns="{MAIN}"><sheets/>&x;</workbook>'
                ).encode()
            },
        ),
    ),
    "xlsx_encrypted_part": _encrypted(workbook(_sheets()), "xl/worksheets/sheet1.xml"),
    "xlsx_not_a_workbook": lambda p: _zip(p, {"hello.txt": b"a zip, but no workbook in it"}),
    "xlsx_not_a_zip": lambda p: p.write_bytes(b"id,title\nbad_case,A case saved as CSV\n"),
    # the same problems as the YAML corpus's, in the same words ("this cell holds")
    "xlsx_rating_text": lambda p: _zip(p, workbook(_assessments("rating", "3"))),
    "xlsx_rating_fraction": lambda p: _zip(
        p, workbook(_assessments("rating", None, raw=' t="n"><v>2.5</v>'))
    ),
    "xlsx_bad_confidence": lambda p: _zip(p, workbook(_assessments("confidence", "sure"))),
    "xlsx_unknown_status": lambda p: _zip(p, workbook(_assessments("status", "Not assessed"))),
    "xlsx_unknown_column": lambda p: _zip(p, workbook(_assessments("ratting", 3))),
    "xlsx_dimension_not_an_id": lambda p: _zip(
        p,
        workbook(
            _sheets(
                power=_sheet(
                    [
                        ["case", "dimension", "mode", "description"],
                        ["bad_case", "3rd", "domination", "x"],
                    ]
                )
            )
        ),
    ),
    "xlsx_unknown_level": lambda p: _zip(
        p,
        workbook(
            _sheets(
                outcomes=_sheet(
                    [["case", "level", "description"], ["bad_case", "Local community", "x"]]
                )
            )
        ),
    ),
}


# --------------------------------------------------------------------------- projects


def project(sources: str, *, prolog: str = "", code: str = "Mine") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n{prolog}<Project xmlns="{QDA}" name="Bad">\n'
        f'<CodeBook><Codes><Code guid="{SPEAK}" name="{code}" isCodable="true"/></Codes>'
        f"</CodeBook>\n<Sources>\n{sources}</Sources>\n</Project>\n"
    ).encode()


def text_source(path: str, start: int = 0, end: int = 5, *, count: int = 1) -> str:
    selections = "".join(
        f'<PlainTextSelection guid="00000000-0000-4000-9000-{n:012d}" startPosition="{start}" '
        f'endPosition="{end}"><Coding guid="00000000-0000-4000-a000-{n:012d}">'
        f'<CodeRef targetGUID="{SPEAK}"/></Coding></PlainTextSelection>\n'
        for n in range(count)
    )
    return (
        f'<TextSource guid="00000000-0000-4000-b000-000000000001" name="Interview.txt" '
        f'plainTextPath="{path}">\n{selections}</TextSource>\n'
    )


TEXT = b"Trust grew slowly over the months we met."


def _qdpx(sources: str, members: Members | None = None, **options: str) -> Members:
    return {"project.qde": project(sources, **options), **(members or {"sources/a.txt": TEXT})}


QDPX: dict[str, Callable[[Path], None]] = {
    "qdpx_text_outside_absolute": lambda p: _zip(
        p, _qdpx(text_source("absolute:///C:/Users/me/Interview.txt"))
    ),
    "qdpx_text_outside_relative": lambda p: _zip(
        p, _qdpx(text_source("relative:///AR/Interview.txt"))
    ),
    "qdpx_parent_folder_path": lambda p: _zip(p, _qdpx(text_source("internal://../a.txt"))),
    "qdpx_text_missing": lambda p: _zip(p, _qdpx(text_source("internal://gone.txt"))),
    "qdpx_text_not_utf8": lambda p: _zip(
        p, _qdpx(text_source("internal://a.txt"), {"sources/a.txt": "Café".encode("cp1252")})
    ),
    "qdpx_selection_outside_text": lambda p: _zip(
        p, _qdpx(text_source("internal://a.txt", 10, 999))
    ),
    "qdpx_code_not_in_codebook": lambda p: _zip(p, _qdpx(text_source("internal://a.txt"))),
    "qdpx_code_near_miss": lambda p: _zip(
        p,
        {
            "project.qde": project(text_source("internal://a.txt"), code="pp_divrsity"),
            "sources/a.txt": TEXT,
        },
    ),
    "qdpx_no_codings": lambda p: _zip(p, _qdpx(text_source("internal://a.txt", count=0))),
    "qdpx_too_many_segments": lambda p: _zip(
        p, _qdpx(text_source("internal://a.txt", count=5_001))
    ),
    "qdpx_quote_too_large": lambda p: _zip(
        p,
        _qdpx(
            text_source("internal://big.txt", 0, 6_000_000),
            {"sources/big.txt": b"x" * 6_000_000},
        ),
    ),
    "qdpx_qde_bomb": lambda p: _zip(
        p,
        {
            "project.qde": project(
                text_source("internal://a.txt"), prolog="<!--" + " " * 60_000_000 + "-->\n"
            ),
            "sources/a.txt": TEXT,
        },
    ),
    "qdpx_lying_size": _lying(_qdpx(text_source("internal://a.txt")), "project.qde", 100),
    "qdpx_doctype_entity": lambda p: _zip(
        p,
        _qdpx(
            text_source("internal://a.txt"),
            prolog='<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
        ),
    ),
    "qdpx_invalid_xml": lambda p: _zip(
        p, {"project.qde": project(text_source("internal://a.txt"))[:-30]}
    ),
    "qdpx_not_a_project": lambda p: _zip(
        p, {"project.qde": b'<?xml version="1.0"?>\n<Codebook xmlns="urn:QDA-XML:codebook:1.0"/>'}
    ),
    "qdpx_two_projects": lambda p: _zip(p, {"a.qde": project(""), "b.qde": project("")}),
    "qdpx_no_project": lambda p: _zip(p, {"sources/a.txt": TEXT}),
    "qdpx_encrypted_text": _encrypted(_qdpx(text_source("internal://a.txt")), "sources/a.txt"),
    "qdpx_not_a_zip": lambda p: p.write_bytes(b"<Project/>\n"),
}

BUILDERS = {
    **{f"{k}.xlsx": v for k, v in XLSX.items()},
    **{f"{k}.qdpx": v for k, v in QDPX.items()},
}


def build(folder: Path = CORPUS) -> list[Path]:
    """Write every archive into ``folder``; returns their paths."""
    written = []
    for name, builder in BUILDERS.items():
        builder(folder / name)
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in build():
        print(f"{path.stat().st_size:>9}  {path.name}")
