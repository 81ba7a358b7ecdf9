"""REFI-QDA: the codebook against the standard's schema, and coded projects back as evidence."""

from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

from casebench import load_case, load_framework, save_case
from casebench.cli import main
from casebench.errors import InputError
from casebench.refiqda import (
    code_guid,
    codebook_tree,
    codebook_xml,
    import_project,
    read_project,
)
from casebench.refiqda.codebook import PROJECT_NS

ROOT = Path(__file__).parents[1]
REFI = ROOT.parent / "shared" / "refi-qda"  # the standard's schemas; CI has shared/ beside
SAMPLE = ROOT / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml"
FARR = load_framework("farr2017")
QDA = "{urn:QDA-XML:codebook:1.0}"


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REFI / name)))


def _guid(qid: str) -> str:
    # Worked out here, not taken from the code: the namespace is uuid5 of a fixed URL.
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "urn:casebench:refi-qda:codebook")
    return str(uuid.uuid5(namespace, f"farr2017/question/{qid}"))


# --------------------------------------------------------------------------- codebook


def test_codebook_is_valid_against_the_standards_schema() -> None:
    document = etree.fromstring(codebook_xml(FARR).encode("utf-8"))
    schema = _schema("Codebook.xsd")
    assert schema.validate(document), schema.error_log


def test_one_nested_code_per_section_subsection_and_question() -> None:
    root = etree.fromstring(codebook_xml(FARR).encode("utf-8"))
    top = root.findall(f"{QDA}Codes/{QDA}Code")
    assert len(top) == len(FARR.sections) == 8
    assert all(code.get("isCodable") == "false" for code in top)
    codable = [c for c in root.iter(f"{QDA}Code") if c.get("isCodable") == "true"]
    assert len(codable) == len(FARR.questions) == 53
    subsections = sum(len(s.subsections) for s in FARR.sections)
    assert len(list(root.iter(f"{QDA}Code"))) == 8 + subsections + 53
    who = top[0]
    staff = [c for c in who.findall(f"{QDA}Code") if c.get("name") == "Involving staff"]
    assert len(staff) == 1 and staff[0].get("isCodable") == "false"
    for code in codable:
        qid = code.get("name").split(":")[0]
        question = FARR.questions[qid].question
        assert code.get("guid") == _guid(qid)
        assert code.findtext(f"{QDA}Description").startswith(question.text.strip())


def test_guids_are_stable_and_do_not_depend_on_the_version() -> None:
    newer = FARR.model_copy(update={"version": "2.0.0"})
    assert code_guid("farr2017", "question", "si_trust") == _guid("si_trust")
    assert codebook_xml(FARR).count(_guid("si_trust")) == 1
    assert codebook_xml(newer).replace("2.0.0", "1.0.0") == codebook_xml(FARR)


def test_cli_exports_the_codebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "farr.qdc"
    assert main(["export", "--to", "qdc", "-o", str(out)]) == 0
    assert "53 question codes" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == codebook_xml(FARR)


# --------------------------------------------------------------------------- projects
# Project files built the ways the QDA programs write them. The differences exercised are the
# ones the standard leaves open and that exported projects show: text in sources/*.txt (with
# a byte-order mark) or inside project.qde; upper-case GUIDs and a capitalised Sources/
# folder (as in the standard's ATLAS.ti example, Annex A.2); GUIDs in braces (Annex A.1).

TRANSCRIPT = "Interviewer: How did trust grow?\r\nStaff: Café talk 😀 built trust slowly.\n"
TRUST = "Café talk 😀 built trust slowly."


@dataclass
class Source:
    name: str
    text: str
    codings: list[tuple[str, str]]  # (selected text, code GUID)
    pdf: bool = False
    guid: str = field(default_factory=lambda: str(uuid.uuid4()))


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)  # code points, as the standard counts them
    return start, start + len(part)


@dataclass
class Style:
    """How one program writes a project."""

    name: str
    inline: bool  # text inside project.qde
    upper: bool = False
    braces: bool = False
    folder: str = "sources"
    qde: str = "project.qde"
    bom: bool = False

    def guid(self, value: str) -> str:
        value = value.upper() if self.upper else value
        return "{" + value + "}" if self.braces else value


NVIVO = Style("nvivo", inline=False, bom=True)
ATLAS = Style("atlas.ti", inline=False, upper=True, folder="Sources", qde="Project.qde")
MAXQDA = Style("maxqda", inline=True, braces=True)
STYLES = [NVIVO, ATLAS, MAXQDA]


def _qde(style: Style, sources: list[Source], extra_codes: list[tuple[str, str]] = ()) -> bytes:
    P = f"{{{PROJECT_NS}}}"
    user = style.guid(str(uuid.uuid4()))
    project = etree.Element(
        f"{P}Project",
        nsmap={None: PROJECT_NS},
        name="Team coding",
        origin=f"{style.name} test export",
    )
    users = etree.SubElement(project, f"{P}Users")
    etree.SubElement(users, f"{P}User", guid=user, name="Coder One")
    book = codebook_tree(FARR, namespace=PROJECT_NS)
    for code in book.iter(f"{P}Code"):
        code.set("guid", style.guid(code.get("guid")))
    for guid, name in extra_codes:
        etree.SubElement(book.find(f"{P}Codes"), f"{P}Code", guid=guid, name=name, isCodable="true")
    project.append(book)
    holder = etree.SubElement(project, f"{P}Sources")
    for source in sources:
        guid = style.guid(source.guid)
        if source.pdf:
            pdf = etree.SubElement(
                holder,
                f"{P}PDFSource",
                guid=guid,
                name=source.name,
                path=f"internal://{source.guid}.pdf",
            )
            element = etree.SubElement(
                pdf,
                f"{P}Representation",
                guid=style.guid(str(uuid.uuid4())),
                plainTextPath=f"internal://{source.guid}.txt",
            )
        else:
            element = etree.SubElement(
                holder, f"{P}TextSource", guid=guid, name=source.name, creatingUser=user
            )
            if style.inline:
                etree.SubElement(element, f"{P}PlainTextContent").text = source.text
            else:
                element.set("plainTextPath", f"internal://{source.guid}.txt")
        for part, code in source.codings:
            start, end = _span(source.text, part)
            selection = etree.SubElement(
                element,
                f"{P}PlainTextSelection",
                guid=style.guid(str(uuid.uuid4())),
                name=part[:40],
                startPosition=str(start),
                endPosition=str(end),
            )
            coding = etree.SubElement(selection, f"{P}Coding", guid=style.guid(str(uuid.uuid4())))
            etree.SubElement(coding, f"{P}CodeRef", targetGUID=style.guid(code))
    return etree.tostring(project, xml_declaration=True, encoding="UTF-8", standalone=True)


def _qdpx(
    path: Path, style: Style, sources: list[Source], extra_codes=(), qde: bytes | None = None
) -> Path:
    data = qde if qde is not None else _qde(style, sources, list(extra_codes))
    if qde is None:  # every project built here is one the standard's schema accepts
        schema = _schema("Project-mrt2019.xsd")
        assert schema.validate(etree.fromstring(data)), schema.error_log
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(style.qde, data)
        for source in sources:
            if source.pdf or not style.inline:
                name = source.guid.upper() if style.upper else source.guid
                text = ("\ufeff" if style.bom else "") + source.text
                archive.writestr(f"{style.folder}/{name}.txt", text.encode("utf-8"))
    return path


def _interviews() -> list[Source]:
    return [
        Source(
            "NHS Staff 13.docx",
            TRANSCRIPT,
            [(TRUST, _guid("si_trust")), ("How did trust grow?", _guid("si_trust"))],
        ),
        Source(
            "Focus group.txt",
            "We felt we could speak freely here.",
            [("could speak freely", _guid("si_speak_freely"))],
        ),
    ]


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_coded_segments_become_evidence_on_a_new_case(tmp_path: Path, style: Style) -> None:
    path = _qdpx(tmp_path / "team.qdpx", style, _interviews())
    result = import_project(path, case_id="team_case", out_dir=tmp_path / "cases")
    case = load_case(tmp_path / "cases" / "team_case.yaml")
    assert case == result.case and case.title == "Team coding"
    trust = case.assessments["si_trust"]
    assert trust.status == "not_assessed" and trust.rating is None
    start, end = _span(TRANSCRIPT, TRUST)
    assert [(e.quote, e.attribution, e.source, e.location) for e in trust.evidence] == [
        (TRUST, "NHS Staff 13", "NHS Staff 13.docx", f"chars {start}–{end}"),
        ("How did trust grow?", "NHS Staff 13", "NHS Staff 13.docx", "chars 13–32"),
    ]
    speak = case.assessments["si_speak_freely"].evidence
    assert [(e.quote, e.attribution) for e in speak] == [("could speak freely", "Focus group")]
    assert result.added == {"si_trust": 2, "si_speak_freely": 1}
    assert sum(len(a.evidence) for a in case.assessments.values()) == 3


def test_text_of_a_pdf_source(tmp_path: Path) -> None:
    pdf = Source(
        "Board minutes.pdf",
        "Item 4: the board agreed to fund the time bank.",
        [("agreed to fund the time bank", _guid("ch_transfer"))],
        pdf=True,
    )
    path = _qdpx(tmp_path / "pdf.qdpx", NVIVO, [pdf])
    case = import_project(path, case_id="pdf_case", out_dir=tmp_path).case
    [item] = case.assessments["ch_transfer"].evidence
    assert (item.quote, item.attribution) == ("agreed to fund the time bank", "Board minutes")


def test_adding_to_a_rated_case_keeps_ratings_and_skips_duplicates(tmp_path: Path) -> None:
    target = tmp_path / "nhs.yaml"
    save_case(load_case(SAMPLE), target)
    before = load_case(target)
    rated = before.assessments["si_trust"]
    path = _qdpx(tmp_path / "team.qdpx", ATLAS, _interviews())
    first = import_project(path, case_path=target)
    after = load_case(target)
    assert after.assessments["si_trust"].rating == rated.rating
    assert after.assessments["si_trust"].evidence[: len(rated.evidence)] == rated.evidence
    assert len(after.assessments["si_trust"].evidence) == len(rated.evidence) + 2
    assert (target.with_name("nhs.yaml.bak")).exists()
    again = import_project(path, case_path=target)
    assert sum(again.added.values()) == 0 and again.duplicates == 3
    assert load_case(target) == after
    assert sum(first.added.values()) == 3


# --------------------------------------------------------------------------- bad projects


def _refused(tmp_path: Path, path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    code = main(["import", str(path), "--id", "new_case", "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert list(out.iterdir()) == []  # nothing written
    return err[0]


def test_not_a_zip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.qdpx"
    path.write_text("<Project/>", encoding="utf-8")
    line = _refused(tmp_path, path, capsys)
    assert line.startswith(
        f"{path}: error: not a REFI-QDA project (.qdpx): it is not a zip archive"
    )


def test_missing_project_qde(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sources/a.txt", "text")
    assert _refused(tmp_path, path, capsys) == (
        f"{path}: error: a .qdpx must hold one project.qde at its top level (found none)"
    )


def test_invalid_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _qdpx(tmp_path / "x.qdpx", NVIVO, [], qde=b"<?xml version='1.0'?>\n<Project>\n<Sources>")
    line = _refused(tmp_path, path, capsys)
    assert line.startswith(f"{path}:project.qde:3: error: not valid XML:")


def test_entities_are_never_expanded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    qde = (
        f'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Description>&x;</Description>'
        "</Project>"
    ).encode()
    path = _qdpx(tmp_path / "x.qdpx", NVIVO, [], qde=qde)
    line = _refused(tmp_path, path, capsys)
    assert "password" not in line and "DOCTYPE is not allowed" in line


def test_code_not_in_the_codebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stray = str(uuid.uuid4())
    codings = [("our own code", stray), ("for this", stray), ("We had", _guid("si_trust"))]
    sources = [Source("Staff 2.docx", "We had our own code for this.", codings)]
    path = _qdpx(tmp_path / "x.qdpx", NVIVO, sources, extra_codes=[(stray, "Trust (my own)")])
    line = _refused(tmp_path, path, capsys)
    assert line.startswith(f"{path}:project.qde:")
    assert (
        f"error: code 'Trust (my own)' ({stray}) is not a question of farr2017 (2 segment(s)): "
        "its name is no question id, `ID:` prefix or question text; rename it to a question id "
        "in the QDA program, or pass --skip-unknown-codes to import the other codes"
    ) in line


def test_section_heading_used_as_a_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    heading = code_guid("farr2017", "section", "social_interaction")
    path = _qdpx(tmp_path / "x.qdpx", MAXQDA, [Source("S.txt", "All of it.", [("All", heading)])])
    line = _refused(tmp_path, path, capsys)
    assert "(1 segment(s)): it is the heading 'Social interaction'; code its segments" in line


def test_missing_source_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = _interviews()[:1]
    data = _qde(NVIVO, sources)
    path = tmp_path / "x.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", data)
    line = _refused(tmp_path, path, capsys)
    assert f"source 'NHS Staff 13.docx': internal://{sources[0].guid}.txt is not in" in line


def test_selection_outside_the_text(tmp_path: Path) -> None:
    source = _interviews()[1]
    start, end = _span(source.text, "could speak freely")
    assert (start, end, len(source.text)) == (11, 29, 35)
    data = _qde(MAXQDA, [source]).replace(b'endPosition="29"', b'endPosition="999"')
    path = _qdpx(tmp_path / "x.qdpx", MAXQDA, [], qde=data)
    with pytest.raises(
        InputError,
        match=r"selection 11-999 does not fit the source's text "
        r"\(35 characters\)",
    ):
        read_project(path)


def test_existing_case_file_is_untouched_by_a_bad_project(tmp_path: Path) -> None:
    target = tmp_path / "nhs.yaml"
    save_case(load_case(SAMPLE), target)
    before = target.read_bytes()
    stray = str(uuid.uuid4())
    path = _qdpx(tmp_path / "x.qdpx", NVIVO, [Source("A.txt", "abc def", [("abc", stray)])])
    assert main(["import", str(path), "--case", str(target)]) == 2
    assert target.read_bytes() == before and not target.with_name("nhs.yaml.bak").exists()


def test_cli_import_into_a_new_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _qdpx(tmp_path / "team.qdpx", NVIVO, _interviews())
    assert (
        main(["import", str(path), "--id", "team", "--coder", "Ann", "--out", str(tmp_path)]) == 0
    )
    assert "3 evidence item(s) on 2 question(s)" in capsys.readouterr().out
    assert load_case(tmp_path / "team.yaml").coder == "Ann"


def test_damaged_member_is_a_clear_error(tmp_path, capsys) -> None:
    import zipfile

    from casebench.cli import main

    path = tmp_path / "damaged.qdpx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", "<Project>" + "x" * 5000 + "</Project>")
    raw = bytearray(path.read_bytes())
    start = raw.index(b"project.qde") + len("project.qde")  # first bytes of the deflate data
    raw[start + 5 : start + 40] = b"\xff" * 35
    path.write_bytes(bytes(raw))
    out = tmp_path / "out"
    code = main(["import", str(path), "--id", "q", "--out", str(out)])
    assert code == 2
    assert "project.qde is damaged in the archive" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())
