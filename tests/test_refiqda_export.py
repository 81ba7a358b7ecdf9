"""Cases out as a coded REFI-QDA project (valid against the standard's schema, stable, read by
an independent parser) and back in as they were; CSV codebooks for Taguette and spreadsheets."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from casebench import load_case, load_framework, save_case
from casebench.cli import main
from casebench.codebook_csv import codebook_csv, taguette_csv
from casebench.models.case import Assessment, Evidence
from casebench.refiqda import code_guid, import_project, project_archive
from test_refiqda import REFI, ROOT

FARR = load_framework("farr2017")
SAMPLES = ROOT / "data" / "sample_cases"
CASES = sorted(SAMPLES.glob("*.yaml"))
P = "{urn:QDA-XML:project:1.0}"


def _evidence(case) -> dict[str, Counter]:
    return {q: Counter(a.evidence) for q, a in case.assessments.items() if a.evidence}


def _counts(case) -> tuple[int, int, int, int]:
    """(places, quotes, codings, evidence left out), worked out from the case itself."""
    pairs = {(e, q) for q, a in case.assessments.items() for e in a.evidence}
    places = {(e.attribution, e.source, e.location) for e, _ in pairs}
    quotes = {(e.attribution, e.source, e.location, e.quote) for e, _ in pairs}
    left = sum(len(x.evidence) for x in [*case.power, *case.outcomes, *case.cmo])
    return len(places), len(quotes), len(pairs), left


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("qdpx") / "samples.qdpx"
    assert main(["export", "--to", "qdpx", str(SAMPLES), "-o", str(path)]) == 0
    return path


def test_the_project_is_valid_against_the_standards_schema(exported: Path) -> None:
    with zipfile.ZipFile(exported) as archive:
        names = archive.namelist()
        qde = etree.fromstring(archive.read("project.qde"))
        texts = {n: archive.read(n).decode("utf-8") for n in names if n.startswith("sources/")}
    schema = etree.XMLSchema(etree.parse(str(REFI / "Project-mrt2019.xsd")))
    assert schema.validate(qde), schema.error_log
    assert names[0] == "project.qde" and len(texts) == len(names) - 1
    sources = qde.findall(f"{P}Sources/{P}TextSource")
    # one source per (attribution, source, location) of each case
    assert len(sources) == len(texts) == sum(_counts(load_case(p))[0] for p in CASES)
    for source in sources:
        member = "sources/" + source.get("plainTextPath").removeprefix("internal://")
        text = texts[member]
        for selection in source.iter(f"{P}PlainTextSelection"):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end].strip() == text[start:end] != ""
    cases = qde.findall(f"{P}Cases/{P}Case")
    assert [c.get("name") for c in cases] == [p.stem for p in CASES]
    users = [u.get("name") for u in qde.iter(f"{P}User")]
    assert users == sorted({load_case(p).coder for p in CASES})


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_export_then_import_gives_back_every_evidence_item(
    exported: Path, path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = load_case(path)
    argv = ["import", str(exported), "--id", original.id, "--qda-case", original.id]
    assert main([*argv, "--out", str(tmp_path)]) == 0
    back = load_case(tmp_path / path.name)
    assert back.title == original.title  # the REFI-QDA case's description
    assert _evidence(back) == _evidence(original)
    total = sum(len(a.evidence) for a in original.assessments.values())
    assert sum(len(a.evidence) for a in back.assessments.values()) == total
    # Into the case it came from: every item is already there, so nothing is written.
    copy = tmp_path / "original.yaml"
    save_case(original, copy)
    before = copy.read_bytes()
    capsys.readouterr()
    assert main(["import", str(exported), "--case", str(copy), "--qda-case", original.id]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"{copy} unchanged: no new evidence ({total} coded segment(s) already in it); "
        "nothing written"
    )
    assert copy.read_bytes() == before


def test_exporting_again_gives_the_same_bytes(exported: Path, tmp_path: Path) -> None:
    again = tmp_path / "elsewhere" / "again.qdpx"
    again.parent.mkdir()
    assert main(["export", "--to", "qdpx", *map(str, CASES), "-o", str(again)]) == 0
    assert again.read_bytes() == exported.read_bytes()


def test_the_cli_says_what_it_wrote_and_what_stays(tmp_path: Path, capsys) -> None:
    out = tmp_path / "nhs.qdpx"
    assert main(["export", "--to", "qdpx", str(CASES[1]), "-o", str(out)]) == 0
    places, quotes, codings, left = _counts(load_case(CASES[1]))
    assert capsys.readouterr().out == (
        f"wrote {out}: 1 case(s), {places} text source(s), {quotes} quote(s) coded {codings} "
        f"time(s); {left} evidence item(s) on power, outcomes and CMO configurations stay in the "
        "case files (they have no question code); open it in NVivo, ATLAS.ti or MAXQDA, or read "
        "it back with `casebench import`\n"
    )
    assert left > 0 and codings > quotes > places > 1
    assert main(["export", "--to", "qdpx", "-o", str(out)]) == 2
    assert "--to qdpx needs case files or folders" in capsys.readouterr().err


def test_a_project_of_several_cases_is_imported_one_case_at_a_time(
    exported: Path, tmp_path: Path, capsys
) -> None:
    argv = ["import", str(exported), "--id", "x", "--out", str(tmp_path)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"{exported}: error: the project holds 2 cases exported by casebench "
        "(local_gov_innovation_lab, nhs_ebcd_breast_cancer): choose one with --qda-case\n"
    )
    assert main([*argv, "--qda-case", "nhs_ebcd_breast_cancr"]) == 2
    assert capsys.readouterr().err == (
        f"{exported}: error: --qda-case: the project has no case 'nhs_ebcd_breast_cancr' (did "
        "you mean 'nhs_ebcd_breast_cancer'?); its cases: 'local_gov_innovation_lab', "
        "'nhs_ebcd_breast_cancer'\n"
    )
    assert list(tmp_path.iterdir()) == []


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n\r\t<&>\"'\ufeff"),
    max_size=30,
)
WORDS = TEXT.filter(lambda t: t.strip() != "")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(FARR.questions)[:6]), WORDS, WORDS, TEXT, TEXT),
        min_size=1,
        max_size=12,
    )
)
def test_any_evidence_comes_back_as_it_was(tmp_path: Path, items) -> None:
    base = load_case(CASES[1])
    assessments: dict[str, list[Evidence]] = {}
    for qid, quote, attribution, source, location in items:
        item = Evidence(quote=quote, attribution=attribution, source=source, location=location)
        if item not in assessments.setdefault(qid, []):
            assessments[qid].append(item)
    case = base.model_copy(
        update={
            "assessments": {
                q: Assessment(status="not_assessed", evidence=e) for q, e in assessments.items()
            },
            "power": [],
            "outcomes": [],
            "cmo": [],
        }
    )
    path = tmp_path / "p.qdpx"
    path.write_bytes(project_archive([case], FARR).data)
    out = tmp_path / "out"
    result = import_project(path, case_id="back", out_dir=out, force=True)
    assert _evidence(result.case) == _evidence(case)


# --------------------------------------------------------------------------- pyrefiqda


def test_pyrefiqda_reads_the_codebook(tmp_path: Path) -> None:
    from pyrefiqda import RefiCodebook

    path = tmp_path / "farr2017.qdc"
    assert main(["export", "--to", "qdc", "-o", str(path)]) == 0
    book = RefiCodebook.load(path)

    def walk(codes):
        for code in codes:
            yield code
            yield from walk(code.code)

    codes = list(walk(book.codes.code))
    codable = {c.guid: c for c in codes if c.is_codable}
    assert len(codes) == 8 + sum(len(s.subsections) for s in FARR.sections) + 53
    assert set(codable) == {code_guid("farr2017", "question", q) for q in FARR.questions}
    trust = codable[code_guid("farr2017", "question", "si_trust")]
    assert trust.name.startswith("si_trust: ")
    assert trust.description.startswith(FARR.questions["si_trust"].question.text.strip())


def test_pyrefiqda_reads_the_project(exported: Path, tmp_path: Path) -> None:
    from pyrefiqda import RefiProject

    project = RefiProject.load(exported, extract_dir=str(tmp_path / "x"))
    questions = {code_guid("farr2017", "question", q): q for q in FARR.questions}
    names = {v.guid: v.name for v in project.variables.variable}
    read: dict[str, Counter] = {}
    cases = {c.name: {r.target_guid for r in c.source_ref} for c in project.cases.case}
    for source in project.sources.text_source:
        case = next(name for name, refs in cases.items() if source.guid in refs)
        text = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "x").read_text(
            encoding="utf-8"
        )
        fields = {
            names[v.variable_ref.target_guid]: v.text_value or "" for v in source.variable_value
        }
        for selection in source.plain_text_selection:
            quote = text[selection.start_position : selection.end_position]
            item = Evidence(
                quote=quote,
                attribution=fields["Attribution"],
                source=fields["Source"],
                location=fields["Location"],
            )
            for coding in selection.coding:
                key = f"{case}/{questions[coding.code_ref.target_guid]}"
                read.setdefault(key, Counter())[item] += 1
    expected = {
        f"{case.id}/{q}": n for case in map(load_case, CASES) for q, n in _evidence(case).items()
    }
    assert read == expected


# --------------------------------------------------------------------------- CSV codebooks


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_taguette_codebook(tmp_path: Path, capsys) -> None:
    out = tmp_path / "tags.csv"
    assert main(["export", "--to", "taguette-csv", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}: 53 questions of farr2017, one a row\n"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Taguette's chardet and Excel both see UTF-8
    text = raw.decode("utf-8-sig")
    assert text == taguette_csv(FARR)
    header = next(csv.reader(io.StringIO(text)))
    # Taguette's import reads exactly one of tag/name/path, and description (header in any case)
    assert [h.lower() for h in header] == ["tag", "description"]
    rows = _rows(text)
    assert [r["tag"] for r in rows] == list(FARR.questions)
    assert all(0 < len(r["tag"]) <= 200 for r in rows)  # Taguette's tag path column: 200
    trust = next(r for r in rows if r["tag"] == "si_trust")["description"]
    question = FARR.questions["si_trust"]
    assert trust == (
        f"{question.question.text} {question.question.guidance} "
        f"(Section: {question.section.title} › {question.subsection.title})"
    )
    assert all("\n" not in r["description"] for r in rows)  # Taguette's form field is one line
    diversity = next(r for r in rows if r["tag"] == "pp_diversity")["description"]
    assert diversity.endswith(
        "(Section: Who is involved in co-production? › Involving public participants)"
    )


def test_plain_codebook(tmp_path: Path) -> None:
    import pandas as pd

    out = tmp_path / "codebook.csv"
    assert main(["export", "--to", "codebook-csv", "-o", str(out)]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns) == [
        "question_id",
        "section_id",
        "section",
        "subsection",
        "kind",
        "question",
        "guidance",
        "sources",
    ]
    assert list(table["question_id"]) == list(FARR.questions)
    row = table.set_index("question_id").loc["pp_diversity"]
    assert (row["section_id"], row["subsection"], row["kind"]) == (
        "who_involved",
        "Involving public participants",
        "scale",
    )
    assert row["sources"].startswith("Farr (2017), Figure 1. Draws on Faulkner")


def test_csv_codebooks_never_hold_a_formula() -> None:
    data = FARR.model_dump()
    data["sections"][0]["subsections"][0]["questions"][0]["text"] = '=HYPERLINK("http://x", "y")'
    data["sections"][0]["subsections"][0]["questions"][0]["guidance"] = "+1 for each group"
    hostile = type(FARR).model_validate(data)
    plain = _rows(codebook_csv(hostile))[0]
    assert plain["question"] == '\'=HYPERLINK("http://x", "y")'
    assert plain["guidance"] == "'+1 for each group"
    tag = _rows(taguette_csv(hostile))[0]
    assert tag["description"].startswith("'=HYPERLINK(")


# --------------------------------------------------------------------------- a user's framework

MINI = (
    "id: mini\nversion: '0.1'\ntitle: Mini\ndefault_scale: yn\n"
    "scales:\n  yn:\n    title: No/yes\n    levels:\n"
    "      - {value: 0, label: No}\n      - {value: 1, label: Yes}\n"
    "sections:\n  - id: s\n    title: S\n    questions:\n"
    "      - {id: q1, text: Is it shared?, citation: me}\n"
    "      - {id: q2, text: Who decides?, kind: text, citation: me}\n"
)


def test_a_users_framework_goes_out_and_comes_back(tmp_path: Path, capsys) -> None:
    from casebench.caseio import new_case
    from casebench.registry import FrameworkSet

    framework_file = tmp_path / "mini.framework.yaml"
    framework_file.write_text(MINI, encoding="utf-8")
    mini = load_framework(framework_file)
    case = new_case("mini_case", "A mini case", mini, coder="Ann")
    quotes = {"q1": [Evidence(quote="We all had a say.", attribution="Resident 4")]}
    case = case.model_copy(
        update={
            "assessments": {
                **case.assessments,
                "q1": Assessment(status="not_assessed", evidence=quotes["q1"]),
            }
        }
    )
    save_case(case, tmp_path / "mini_case.yaml")
    framework = ["--framework", str(framework_file)]
    out = tmp_path / "mini.qdpx"
    assert (
        main(
            ["export", "--to", "qdpx", str(tmp_path / "mini_case.yaml"), *framework, "-o", str(out)]
        )
        == 0
    )
    argv = ["import", str(out), "--id", "back", "--out", str(tmp_path / "back"), *framework]
    assert main(argv) == 0
    back = load_case(tmp_path / "back" / "back.yaml", FrameworkSet([mini]))
    assert _evidence(back) == _evidence(case) and back.framework.id == "mini"
    # A project holds one codebook: cases of two frameworks are refused, naming the file.
    assert (
        main(
            [
                "export",
                "--to",
                "qdpx",
                str(tmp_path / "mini_case.yaml"),
                str(CASES[1]),
                *framework,
                "-o",
                str(tmp_path / "two.qdpx"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "a project holds one codebook" in err and not (tmp_path / "two.qdpx").exists()
    assert main(["export", "--to", "taguette-csv", *framework, "-o", str(tmp_path / "t.csv")]) == 0
    assert _rows((tmp_path / "t.csv").read_text(encoding="utf-8-sig")) == [
        {"tag": "q1", "description": "Is it shared? (Section: S)"},
        {"tag": "q2", "description": "Who decides? (Section: S)"},
    ]
