"""`casebench new` writes a form: a valid draft whose comments say what goes where, and which,
filled in, is a valid case. The issue's "done when": a case encoded from nothing but the
output of `casebench framework --format json` and `casebench new` validates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from casebench import load_case, load_framework, yamlio
from casebench.cli import main
from casebench.models.vocabulary import VOCABULARIES
from casebench.reference import questions_of

FARR = load_framework("farr2017")


def _new(tmp_path: Path, capsys, *extra: str) -> tuple[Path, str]:
    out = tmp_path / "my_case.yaml"
    argv = ["new", "--id", "my_case", "--title", "My: council # lab", "-o", str(out), *extra]
    assert main(argv) == 0
    capsys.readouterr()
    return out, out.read_text(encoding="utf-8")


def _comments(text: str) -> str:
    """The comment text of a file, joined into one line (wrapping undone)."""
    parts = [line.split("#", 1)[1].lstrip("# ") for line in text.splitlines() if "#" in line]
    return " ".join(" ".join(parts).split())


def test_new_is_a_valid_draft_listing_every_question(tmp_path: Path, capsys) -> None:
    out, text = _new(tmp_path, capsys, "--coder", "AB")
    assert main(["validate", str(out)]) == 0
    case = load_case(out)
    assert (case.id, case.title, case.coder, case.draft) == (
        "my_case",
        "My: council # lab",
        "AB",
        True,
    )
    assert case.coded_on is not None
    assert list(case.assessments) == list(FARR.questions)
    assert {a.status for a in case.assessments.values()} == {"not_assessed"}
    comments = _comments(text)
    for qid, info in FARR.questions.items():
        question = info.question
        assert f"{qid} ({question.kind}): {' '.join(question.text.split())}" in comments
        if question.guidance:
            assert " ".join(question.guidance.split()) in comments
        for option in question.options:
            assert f"{option.id} ({option.label})" in comments
    for level in FARR.scale_for(FARR.questions["si_trust"].question).levels:
        assert f"{level.value} {level.label}" in comments
    for ids in (FARR.power_dimension_ids, FARR.level_ids):
        assert f"one of {', '.join(ids)}" in comments
    for vocabulary in VOCABULARIES.values():
        allowed = vocabulary.values
        listed = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
        assert listed in comments or f"one of {', '.join(allowed)}" in comments, vocabulary.name
    for key in ("sources", "power", "outcomes", "cmo"):
        assert f"\n{key}: []\n" in text
    assert "\nissues:\n  raised:" in text
    assert max(len(line) for line in text.splitlines()[1:]) <= 96


def test_filling_in_the_form_gives_a_valid_case_and_keeps_its_comments(
    tmp_path: Path, capsys
) -> None:
    out, text = _new(tmp_path, capsys)
    rt = YAML()
    data = rt.load(text)
    for qid, info in FARR.questions.items():
        entry = data["assessments"][qid]
        entry["status"] = "assessed"
        if info.question.kind == "scale":
            entry["rating"] = 2
        elif info.question.kind == "choice":
            entry["answer"] = [info.question.option_ids[0]]
        else:
            entry["answer"] = "An answer."
        entry["memo"] = "Why."
    del data["draft"]
    buffer = io.StringIO()
    rt.dump(data, buffer)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    assert main(["validate", "--strict", str(out)]) == 0
    filled = out.read_text(encoding="utf-8")
    assert _comments(filled).count("(scale):") == _comments(text).count("(scale):")


def _example(text: str, key: str) -> list[dict]:
    """The commented example item above ``key: []`` in the form, uncommented and read."""
    lines = text.splitlines()
    end = lines.index(f"{key}: []")
    start = max(i for i in range(end) if lines[i].startswith(f"# {key}: "))
    body = "\n".join(line[1:] for line in lines[start + 1 : end])
    return yamlio.loads(f"{key}:\n{body}").data[key]


def test_done_when_a_case_encoded_from_the_reference_and_the_form_validates(
    tmp_path: Path, capsys
) -> None:
    """Every id and value below comes from `casebench framework --format json` or from the
    form `casebench new` writes: none is typed from memory."""
    assert main(["framework", "farr2017", "--format", "json"]) == 0
    ref = json.loads(capsys.readouterr().out)
    out, text = _new(tmp_path, capsys)
    questions = questions_of(ref)
    vocab = {name: [t["value"] for t in v["values"]] for name, v in ref["vocabularies"].items()}
    assessed = vocab["status"][0]
    scale_q = next(q for q in questions if q["kind"] == "scale")
    choice_q = next(q for q in questions if q["kind"] == "choice")
    text_q = next(q for q in questions if q["kind"] == "text")
    top = ref["scales"][scale_q["scale"]]["levels"][-1]

    rt = YAML()
    data = rt.load(text)
    data["assessments"][scale_q["id"]].update(
        status=assessed,
        rating=top["value"],
        confidence=vocab["confidence"][-1],
        memo=f"{top['label']}: the source says so.",
    )
    data["assessments"][choice_q["id"]].update(
        status=assessed, answer=[choice_q["options"][0]["id"]], memo="Where it worked."
    )
    data["assessments"][text_q["id"]].update(status=assessed, answer="Staff and patients.")
    data["assessments"][text_q["id"]]["evidence"] = [
        {"quote": "We were all in it together.", "attribution": "Patient 4"}
    ]
    power = _example(text, "power")[0]
    assert power["dimension"] in [d["id"] for d in ref["power_dimensions"]]
    power |= {"mode": vocab["mode"][-1], "description": "Patients set the agenda."}
    power |= {"derived_from": "Findings, p. 3", "questions": [scale_q["id"]]}
    outcome = _example(text, "outcomes")[0]
    outcome |= {"level": ref["levels_of_change"][-1]["id"], "description": "A new clinic."}
    source = _example(text, "sources")[0]
    assert source["kind"] in vocab["source_kind"]
    source |= {"count": 3, "description": "Three interviews."}
    data["power"], data["outcomes"], data["sources"] = [power], [outcome], [source]
    data["practice"] = vocab["practice"][1]
    data["period"]["months"] = 14
    buffer = io.StringIO()
    rt.dump(data, buffer)
    out.write_text(buffer.getvalue(), encoding="utf-8")

    assert main(["validate", str(out)]) == 0, capsys.readouterr().err
    case = load_case(out)
    assert case.assessments[scale_q["id"]].rating == top["value"]
    assert case.assessments[choice_q["id"]].answer == [choice_q["options"][0]["id"]]
    assert case.power[0].dimension == power["dimension"]
    assert case.outcomes[0].level == ref["levels_of_change"][-1]["id"]
    assert case.period.months == 14 and isinstance(case.period.months, int)


def test_new_refuses_an_empty_title(tmp_path: Path, capsys) -> None:
    out = tmp_path / "x.yaml"
    assert main(["new", "--id", "x", "--title", "  ", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"{out}: error: --title: must not be empty")
    assert not out.exists()


@pytest.mark.parametrize("coder", ["", "Dr A. O'Neil: lead"])
def test_new_quotes_what_needs_quoting(tmp_path: Path, capsys, coder: str) -> None:
    out = tmp_path / "q.yaml"
    assert main(["new", "--id", "q", "--title", "- a list?", "--coder", coder, "-o", str(out)]) == 0
    case = load_case(out)
    assert (case.title, case.coder) == ("- a list?", coder)


def test_new_and_framework_write_into_a_folder_not_made_yet(tmp_path: Path, capsys) -> None:
    """README's `casebench new ... -o cases/my_lab.yaml` works in a fresh folder."""
    case_file = tmp_path / "cases" / "my_lab.yaml"
    args = ["new", "--id", "my_lab", "--title", "Our council's innovation lab", "-o"]
    assert main([*args, str(case_file)]) == 0
    assert load_case(case_file).id == "my_lab"
    page = tmp_path / "docs" / "farr.md"
    assert main(["framework", "farr2017", "--format", "md", "-o", str(page)]) == 0
    assert page.read_text(encoding="utf-8").startswith("# ")
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder", encoding="utf-8")
    capsys.readouterr()
    assert main([*args, str(blocked / "x.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err and "Traceback" not in err
