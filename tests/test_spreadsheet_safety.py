"""Hostile or damaged workbooks: a renamed, missing or extra sheet, a formula without a saved
result, an error value, a zip bomb, too many cells, a case too large to read back. Each is one
clear error and nothing written; an import that changes nothing writes nothing."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from casebench.cli import main
from casebench.errors import InputError
from casebench.spreadsheet import import_workbook, read_workbook, write_workbook
from casebench.spreadsheet import xlsx as X
from test_spreadsheet import _edited, _errors, _samples

EVIDENCE_PART = "xl/worksheets/sheet3.xml"  # cases, assessments, evidence, ... in order


def _patched(path: Path, member: str, edit: Callable[[str], str]) -> Path:
    """Rewrite one member of the workbook's zip (as a hostile or odd program might)."""
    with zipfile.ZipFile(path) as archive:
        items = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items:
            archive.writestr(
                name, edit(data.decode("utf-8")).encode("utf-8") if name == member else data
            )
    return path


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _with_shared_strings(path: Path) -> Path:
    """The workbook as Excel writes it: text in one shared-string table, cells pointing
    into it (openpyxl writes text inline, in each cell)."""
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        items = {info.filename: archive.read(info) for info in archive.infolist()}
    table: dict[str, int] = {}
    for name in [n for n in items if n.startswith("xl/worksheets/")]:
        root = etree.fromstring(items[name])
        for cell in root.iter(f"{{{MAIN}}}c"):
            if cell.get("t") == "inlineStr":
                inline = cell.find(f"{{{MAIN}}}is")
                text = "".join(inline.itertext()) if inline is not None else ""
                for child in list(cell):
                    cell.remove(child)
                cell.set("t", "s")
                etree.SubElement(cell, f"{{{MAIN}}}v").text = str(
                    table.setdefault(text, len(table))
                )
        items[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    sst = etree.Element(f"{{{MAIN}}}sst", nsmap={None: MAIN}, count=str(len(table)))
    for text in table:
        t = etree.SubElement(etree.SubElement(sst, f"{{{MAIN}}}si"), f"{{{MAIN}}}t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    items["xl/sharedStrings.xml"] = etree.tostring(sst, xml_declaration=True, encoding="UTF-8")
    rels = etree.fromstring(items["xl/_rels/workbook.xml.rels"])
    etree.SubElement(
        rels, f"{{{RELS}}}Relationship", Id="rIdSst", Type=SST_TYPE, Target="sharedStrings.xml"
    )
    items["xl/_rels/workbook.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in items.items():
            archive.writestr(name, data)
    return path


def test_shared_strings_as_excel_writes_them_round_trip(tmp_path: Path) -> None:
    path = _with_shared_strings(_exported(tmp_path))
    with zipfile.ZipFile(path) as archive:
        assert b"inlineStr" not in archive.read(EVIDENCE_PART)
    assert read_workbook(path) == _samples()


def _exported(tmp_path: Path) -> Path:
    path = tmp_path / "cases.xlsx"
    write_workbook(_samples(), path)
    return path


def _rename(old: str, new: str):
    def edit(book) -> None:
        book[old].title = new

    return edit


def _cli_import(path: Path, out: Path, *extra: str) -> tuple[int, list[str]]:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["import", str(path), "--out", str(out), *extra])
    return code, err.getvalue().splitlines()


# --------------------------------------------------------------------------- sheets


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _rename("evidence", "Evidence "),
            "sheet 'Evidence ' must be named 'evidence' (sheet names must match exactly, in "
            "case and spacing); nothing was imported",
        ),
        (
            _rename("outcomes", "outcome"),
            "'outcome' is not a sheet casebench reads (expected one of cases, assessments, "
            "evidence, power, outcomes, cmo, README); did you mean outcomes? (nothing was "
            "imported)",
        ),
        (
            lambda book: book.remove(book["evidence"]),
            "the workbook has no 'evidence' sheet; nothing was imported (every sheet casebench "
            "writes must be there, even if empty)",
        ),
        (
            lambda book: book.create_sheet("my notes"),
            "'my notes' is not a sheet casebench reads (expected one of cases, assessments, "
            "evidence, power, outcomes, cmo, README) (nothing was imported)",
        ),
    ],
    ids=["trailing-space", "near-miss", "deleted", "extra"],
)
def test_a_sheet_that_is_not_casebench_s_is_one_error(tmp_path: Path, edit, expected) -> None:
    path = _edited(tmp_path, edit)
    assert _errors(path) == [f"{path}: error: {expected}"]


def test_a_wrong_case_sheet_name_is_one_hint(tmp_path: Path) -> None:
    path = _patched(
        _exported(tmp_path),
        "xl/workbook.xml",
        lambda xml: xml.replace('name="cases"', 'name="Cases"'),
    )
    assert _errors(path) == [
        f"{path}: error: sheet 'Cases' must be named 'cases' (sheet names must match exactly, "
        "in case and spacing); nothing was imported"
    ]


def test_a_deleted_readme_sheet_is_fine(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda book: book.remove(book["README"]))
    assert read_workbook(path) == _samples()


def test_a_renamed_sheet_overwrites_nothing_even_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_workbook(_exported(tmp_path), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    path = _edited(tmp_path, _rename("evidence", "Evidence "))
    code, err = _cli_import(path, out, "--force")
    assert code == 2 and len(err) == 1 and "'Evidence '" in err[0]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# --------------------------------------------------------------------------- formulas


def test_a_formula_without_a_saved_result_is_an_error(tmp_path: Path) -> None:
    def edit(book) -> None:
        book["evidence"]["D3"] = '=CONCAT("a", "b")'  # openpyxl saves no result

    path = _edited(tmp_path, edit)
    assert _errors(path) == [
        f'{path}:evidence!D3: error: a formula (=CONCAT("a", "b")) with no saved result; open '
        "and save the workbook in a spreadsheet program, or type the value"
    ]


def test_a_formula_with_a_saved_result_gives_that_result(tmp_path: Path) -> None:
    path = _patched(
        _exported(tmp_path),
        EVIDENCE_PART,
        lambda xml: xml.replace(
            '<c r="E2" t="inlineStr"><is><t>',
            '<c r="E2" t="str"><f>"NHS Staff "&amp;13</f><v>NHS Staff 13</v></c><c r="Z2" '
            't="inlineStr"><is><t>',
            1,
        ),
    )
    cases = read_workbook(path)
    first = next(a for a in cases[0].assessments.values() if a.evidence).evidence[0]
    assert first.attribution == "NHS Staff 13"


def test_an_error_value_is_an_error(tmp_path: Path) -> None:
    path = _patched(
        _exported(tmp_path),
        EVIDENCE_PART,
        lambda xml: xml.replace(
            '<c r="E2" t="inlineStr"><is><t>',
            '<c r="E2" t="e"><v>#REF!</v></c><c r="Z2" t="inlineStr"><is><t>',
            1,
        ),
    )
    errors = _errors(path)
    assert errors[0] == (
        f"{path}:evidence!E2: error: holds the error value #REF!; type the value it should have"
    )


# --------------------------------------------------------------------------- sizes


def test_a_shared_string_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = _with_shared_strings(_exported(tmp_path))
    bomb = (
        f'<sst xmlns="{MAIN}">'.encode()
        + b"<si><t>aaaaaaaaaaaaaaaa</t></si>" * 2_500_000
        + b"</sst>"
    )
    _patched(path, "xl/sharedStrings.xml", lambda xml: bomb.decode())
    assert path.stat().st_size < 1_000_000 < X.MAX_XML < len(bomb)
    start = time.perf_counter()
    errors = _errors(path)
    assert time.perf_counter() - start < 1  # refused from the zip's directory, not unpacked
    assert len(errors) == 1
    assert errors == [
        f"{path}: error: the workbook's XML would unpack to 76.4 MiB (xl/sharedStrings.xml: "
        "76.3 MiB), over the 48.0 MiB casebench reads; refused (a zip bomb, or far larger than "
        "a case needs)"
    ]


def test_a_member_larger_than_its_directory_says_is_damaged(tmp_path: Path) -> None:
    path = _exported(tmp_path)
    data = bytearray(path.read_bytes())
    name = EVIDENCE_PART.encode()
    # the central directory's uncompressed size of the evidence sheet, made smaller
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    errors = _errors(path)
    assert errors[0].startswith(f"{path}:{EVIDENCE_PART}: error: {EVIDENCE_PART} is damaged")


@pytest.mark.parametrize(
    ("limit", "what"), [("MAX_CELLS", "cells"), ("MAX_SHARED_STRINGS", "different texts")]
)
def test_too_many_cells_or_texts_are_refused(
    tmp_path: Path, monkeypatch, limit: str, what: str
) -> None:
    monkeypatch.setattr(X, limit, 500)
    path = _with_shared_strings(_exported(tmp_path))
    errors = _errors(path)
    assert len(errors) == 1 and f"more than 500 {what}" in errors[0]


def test_a_case_too_large_to_read_back_is_not_written(tmp_path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheets = {
        name: book.create_sheet(name)
        for name in ("cases", "assessments", "evidence", "power", "outcomes", "cmo")
    }
    sheets["cases"].append(["id", "title", "framework_id", "framework_version"])
    sheets["cases"].append(["big", "Big", "farr2017", "1.0.0"])
    sheets["assessments"].append(["case", "question", "status"])
    sheets["assessments"].append(["big", "si_trust", "not_assessed"])
    sheets["evidence"].append(["case", "question", "quote", "attribution"])
    for n in range(20_000):
        sheets["evidence"].append(["big", "si_trust", f"quote {n} " + "words " * 50, "NHS Staff 1"])
    for name in ("power", "outcomes", "cmo"):
        sheets[name].append(["case"])
    path = tmp_path / "big.xlsx"
    book.save(path)
    out = tmp_path / "out"
    code, err = _cli_import(path, out)
    assert code == 2
    assert err[0].startswith(f"{out / 'big.yaml'}: error: the case would be at least 6.")
    assert err[0].endswith(
        "MiB, over the 5 MiB casebench reads; nothing written (split the case, or shorten "
        "its longest quotes)"
    )
    assert not out.exists()


# --------------------------------------------------------------------------- no-op imports


def test_importing_the_same_workbook_twice_writes_nothing(tmp_path: Path, capsys) -> None:
    path = _exported(tmp_path)
    out = tmp_path / "out"
    assert main(["import", str(path), "--out", str(out)]) == 0
    first = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    capsys.readouterr()
    assert main(["import", str(path), "--out", str(out)]) == 0  # no --force needed: no change
    assert capsys.readouterr().out == f"wrote 0 case file(s) to {out} (2 unchanged)\n"
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()} == first


def test_an_edited_case_is_rewritten_and_the_other_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    import_workbook(_exported(tmp_path), out)
    path = _edited(tmp_path, lambda book: book["cases"].cell(2, 2, "A new title"))
    result = import_workbook(path, out, force=True)
    assert [p.name for p in result.written] == ["local_gov_innovation_lab.yaml"]
    assert [p.name for p in result.unchanged] == ["nhs_ebcd_breast_cancer.yaml"]
    assert sorted(p.name for p in out.iterdir()) == [
        "local_gov_innovation_lab.yaml",
        "local_gov_innovation_lab.yaml.bak",
        "nhs_ebcd_breast_cancer.yaml",
    ]


def test_not_a_workbook_inside(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError) as error:
        read_workbook(path)
    assert (
        str(error.value)
        == f"{path}: error: not an Excel workbook (.xlsx): it has no xl/workbook.xml"
    )
