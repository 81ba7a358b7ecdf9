"""QDPX import against hostile and unusual projects: every path form the standard and the
programs use, zip bombs and lying archives, limits on counts, a quote too large to read back,
and a repeated import that must write nothing."""

from __future__ import annotations

import time
import uuid
import zipfile
from pathlib import Path

import pytest

from casebench import load_case, save_case
from casebench.cli import main
from casebench.errors import InputError
from casebench.refiqda import import_project, read_project
from casebench.refiqda import project as P
from casebench.refiqda.codebook import PROJECT_NS
from test_refiqda import NVIVO, SAMPLE, Source, _guid, _interviews, _qde, _qdpx, _refused

TEXT = "We felt we could speak freely here."
SPEAK = _guid("si_speak_freely")


def _project(
    path: Path, plain_text_path: str | None, members: dict[str, str], name="A.txt"
) -> Path:
    """A one-source project whose TextSource names its text by ``plain_text_path``."""
    start = TEXT.index("could speak freely")
    name_attr = f' name="{name}"' if name else ""
    path_attr = f' plainTextPath="{plain_text_path}"' if plain_text_path is not None else ""
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{PROJECT_NS}" name="p">\n'
        f'<CodeBook><Codes><Code guid="{SPEAK}" name="x" isCodable="true"/></Codes></CodeBook>\n'
        f'<Sources><TextSource guid="{uuid.uuid4()}"{name_attr}{path_attr}>\n'
        f'<PlainTextSelection guid="{uuid.uuid4()}" startPosition="{start}" '
        f'endPosition="{start + 18}"><Coding guid="{uuid.uuid4()}"><CodeRef '
        f'targetGUID="{SPEAK}"/></Coding></PlainTextSelection>\n'
        "</TextSource></Sources></Project>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        for member, text in members.items():
            archive.writestr(member, text)
    return path


@pytest.mark.parametrize(
    ("plain_text_path", "member"),
    [
        ("internal://0a1b.txt", "sources/0a1b.txt"),  # the standard's form (§8.3)
        ("internal://0A1B.txt", "Sources/0a1b.TXT"),  # case differs, as ATLAS.ti and ponte write
        ("internal:///0a1b.txt", "sources/0a1b.txt"),  # three slashes, as in absolute:///
        ("sources/board_2017.txt", "sources/board_2017.txt"),  # a relative path
        ("board_2017.txt", "sources/board_2017.txt"),  # a bare name (qualitative-coding)
        ("sources\\board 2017.txt", "sources/board 2017.txt"),  # Windows separators
        ("internal://board%202017.txt", "sources/board 2017.txt"),  # URL-encoded
        ("relative:///interviews/a.txt", "sources/interviews/a.txt"),  # relative, yet inside
    ],
)
def test_every_form_of_internal_text_path(
    tmp_path: Path, plain_text_path: str, member: str
) -> None:
    path = _project(tmp_path / "p.qdpx", plain_text_path, {member: TEXT})
    [segment] = read_project(path).segments
    assert segment.text == "could speak freely"


def test_a_source_without_a_name_is_named_by_its_file(tmp_path: Path) -> None:
    path = _project(
        tmp_path / "p.qdpx", "board_2017.txt", {"sources/board_2017.txt": TEXT}, name=""
    )
    case = import_project(path, case_id="c", out_dir=tmp_path).case
    [item] = case.assessments["si_speak_freely"].evidence
    assert (item.attribution, item.source) == ("board_2017", "board_2017.txt")


@pytest.mark.parametrize(
    ("plain_text_path", "message"),
    [
        (
            "absolute:///C:/PROJECT/Sources/a.txt",
            "source 'A.txt' keeps its text outside the project (absolute:///C:/PROJECT/Sources/"
            "a.txt); export it with the sources embedded",
        ),
        (
            "relative:///AR/a.txt",
            "source 'A.txt' keeps its text outside the project (relative:///AR/a.txt, relative "
            "to the project's base path); export it with the sources embedded",
        ),
        (
            "internal://../project.qde",
            "source 'A.txt': internal://../project.qde is not in the archive's sources/ folder",
        ),
        (
            "",
            "source 'A.txt' has coded text but no plain text (neither <PlainTextContent> nor "
            "plainTextPath)",
        ),
    ],
    ids=["absolute", "relative-outside", "parent-folder", "none"],
)
def test_text_outside_the_archive_is_refused(tmp_path, capsys, plain_text_path, message) -> None:
    path = _project(tmp_path / "p.qdpx", plain_text_path, {"sources/a.txt": TEXT})
    line = _refused(tmp_path, path, capsys)
    assert line == f"{path}:project.qde:4: error: {message}"


# --------------------------------------------------------------------------- sizes and counts


def test_a_project_qde_bomb_is_refused_before_unpacking(tmp_path: Path, capsys) -> None:
    padding = b" " * (P.MAX_QDE_BYTES + 1)
    qde = _qde(NVIVO, []).replace(b"<Users>", padding + b"<Users>", 1)
    path = _qdpx(tmp_path / "bomb.qdpx", NVIVO, [], qde=qde)
    assert path.stat().st_size < 1_000_000
    start = time.perf_counter()
    line = _refused(tmp_path, path, capsys)
    assert time.perf_counter() - start < 2
    assert line.startswith(f"{path}: error: project.qde would unpack to 48.0 MiB")
    assert line.endswith(
        "over the 48.0 MiB casebench reads; refused (a zip bomb, or far larger than a case needs)"
    )


def test_a_member_larger_than_the_directory_says_is_damaged(tmp_path: Path, capsys) -> None:
    path = _qdpx(tmp_path / "lie.qdpx", NVIVO, _interviews())
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")  # project.qde is the first member
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    line = _refused(tmp_path, path, capsys)
    assert line.startswith(f"{path}:project.qde: error: project.qde is damaged in the archive")


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_MEMBERS", 2, "the archive holds 3 files, more than the 2 casebench reads"),
        ("MAX_SEGMENTS", 2, "the project codes more than 2 segments, more than casebench"),
        ("MAX_TEXT_BYTES", 40, "the text of 'NHS Staff 13.docx' would unpack to"),
        ("MAX_TEXTS_BYTES", 100, "the coded sources' texts unpack to more than 0 MiB; refused"),
    ],
)
def test_counts_and_sizes_are_limited(tmp_path, capsys, monkeypatch, limit, value, message) -> None:
    monkeypatch.setattr(P, limit, value)
    path = _qdpx(tmp_path / "x.qdpx", NVIVO, _interviews())
    assert message in _refused(tmp_path, path, capsys)


def test_a_case_too_large_to_read_back_is_not_written(tmp_path: Path) -> None:
    quote = "It began. " + "x" * 2_600_000  # the quotes fit; with the case's own text, not
    sources = [Source(f"Huge {n}.txt", quote, [(quote, SPEAK)]) for n in range(2)]
    path = _qdpx(tmp_path / "huge.qdpx", NVIVO, sources)
    target = tmp_path / "nhs.yaml"
    save_case(load_case(SAMPLE), target)
    before = target.read_bytes()
    with pytest.raises(InputError) as error:
        import_project(path, case_path=target)
    assert str(error.value).startswith(f"{target}: error: the case would be at least 5.")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huge.qdpx", "nhs.yaml"]


def test_a_quote_too_large_to_read_back_is_not_written(tmp_path: Path) -> None:
    text = "It began. " + "x" * 6_000_000
    source = Source("Huge.txt", text, [(text, SPEAK)])
    path = _qdpx(tmp_path / "huge.qdpx", NVIVO, [source])
    target = tmp_path / "nhs.yaml"
    save_case(load_case(SAMPLE), target)
    before = target.read_bytes()
    with pytest.raises(InputError) as error:
        import_project(path, case_path=target)
    assert str(error.value).startswith(f"{path}:project.qde:")
    assert str(error.value).endswith(
        "error: the coded segments quote more than 5 MiB of text, more than a case file "
        "holds; refused"
    )
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huge.qdpx", "nhs.yaml"]


# --------------------------------------------------------------------------- many segments


def _many(path: Path, count: int) -> Path:
    """A project coding each of ``count`` words of one source (XML written directly: building
    it with lxml and checking it against the schema is slow at this size)."""
    text = " ".join(f"w{n:05d}" for n in range(count))
    selections = "".join(
        f'<PlainTextSelection guid="{uuid.UUID(int=n)}" startPosition="{7 * n}" '
        f'endPosition="{7 * n + 6}"><Coding guid="{uuid.UUID(int=n + 10**9)}"><CodeRef '
        f'targetGUID="{SPEAK}"/></Coding></PlainTextSelection>\n'
        for n in range(count)
    )
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{PROJECT_NS}" name="many">'
        f'<Sources><TextSource guid="{uuid.UUID(int=1)}" name="Long.txt" '
        f'plainTextPath="internal://long.txt">\n{selections}</TextSource></Sources></Project>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/long.txt", text)
    return path


def test_a_project_over_the_segment_limit_is_refused(tmp_path: Path, capsys) -> None:
    path = _many(tmp_path / "many.qdpx", 20_000)
    line = _refused(tmp_path, path, capsys)
    assert line.startswith(f"{path}:project.qde:")
    assert "the project codes more than 5000 segments" in line


def test_many_segments_then_a_repeat_import_that_writes_nothing(tmp_path: Path, capsys) -> None:
    path = _many(tmp_path / "many.qdpx", 2_000)
    target = tmp_path / "case.yaml"
    assert main(["import", str(path), "--id", "case", "--out", str(tmp_path)]) == 0
    assert "2000 evidence item(s) on 1 question(s)" in capsys.readouterr().out
    evidence = load_case(target).assessments["si_speak_freely"].evidence
    assert [e.quote for e in evidence] == [f"w{n:05d}" for n in range(2_000)]
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert main(["import", str(path), "--case", str(target)]) == 0
    assert capsys.readouterr().out == (
        "matched 1 code(s) to questions of farr2017:\n  by GUID (1): si_speak_freely\n"
        f"{target} unchanged: no new evidence (2000 coded segment(s) already in it); "
        "nothing written\n"
    )
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
