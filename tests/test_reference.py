"""`casebench framework`: every question, scale point, option, dimension, level and closed
vocabulary is in every format; the docs page is its current Markdown; HTML escapes."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from casebench import load_framework
from casebench.cli import main
from casebench.models.vocabulary import VOCABULARIES
from casebench.reference import FORMATS, framework_reference, questions_of, render

ROOT = Path(__file__).parents[1]
FARR = load_framework("farr2017")


def _facts(framework) -> list[str]:
    """Every piece of text a coder needs, as the framework file holds it."""
    facts = [framework.id, framework.version, framework.title]
    facts += [p.split()[0] for p in framework.description.split("\n\n")]
    for scale_id, scale in framework.scales.items():
        facts += [scale_id, scale.title]
        for level in scale.levels:
            facts += [str(level.value), level.label, level.description]
    for qid, info in framework.questions.items():
        q = info.question
        facts += [qid, q.kind, q.text, q.guidance, q.citation, *q.draws_on, *q.power]
        facts += [o.id for o in q.options] + [o.label for o in q.options]
        if q.repeats:
            facts.append(q.repeats)
    for section in framework.sections:
        facts += [section.id, section.title]
        facts += [sub.title for sub in section.subsections]
    for d in framework.power_dimensions:
        facts += [d.id, d.title, d.description]
    for lv in framework.levels_of_change:
        facts += [lv.id, lv.title, lv.description]
    for vocabulary in VOCABULARIES.values():
        facts += vocabulary.values + [meaning for _, meaning in vocabulary.terms]
    return [f for f in facts if f]


def _strings(data: object) -> list[str]:
    """Every key and value of parsed JSON, as text."""
    if isinstance(data, dict):
        return [t for k, v in data.items() for t in [str(k), *_strings(v)]]
    if isinstance(data, list):
        return [t for v in data for t in _strings(v)]
    return [str(data)]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_holds_everything(fmt: str) -> None:
    text = render(FARR, fmt)
    if fmt == "json":
        flat = _flat(" ".join(_strings(json.loads(text))))
    elif fmt == "html":
        flat = _flat(html.unescape(text))
    elif fmt == "md":
        flat = _flat(text.replace("\\", ""))
    else:
        flat = _flat(text)
    missing = [fact for fact in _facts(FARR) if _flat(fact) not in flat]
    assert missing == []


def test_attributions_are_marked_in_every_format() -> None:
    """What casebench adds (works, dimensions of power, titles, a derived level) is marked."""
    by_casebench = [
        q for q in (i.question for i in FARR.questions.values()) if q.draws_on_by or q.power_by
    ]
    assert len(by_casebench) > 10
    for fmt in ("text", "md", "html"):
        text = _flat(html.unescape(render(FARR, fmt)).replace("\\", ""))
        assert text.count("(attributed by casebench)") >= len(by_casebench)
        assert "title by casebench" in text
        assert "derived by casebench" in text


def test_json_gives_every_id_a_case_file_may_use() -> None:
    ref = json.loads(render(FARR, "json"))
    questions = questions_of(ref)
    assert [q["id"] for q in questions] == list(FARR.questions)
    kinds = {q["kind"] for q in questions}
    assert kinds == {"scale", "choice", "text"}
    for q in questions:
        question = FARR.questions[q["id"]].question
        if q["kind"] == "scale":
            assert q["allowed"] == FARR.scale_for(question).values
            assert ref["scales"][q["scale"]]["levels"][0]["label"]
        elif q["kind"] == "choice":
            assert q["allowed"] == [o["id"] for o in q["options"]] == question.option_ids
    assert [d["id"] for d in ref["power_dimensions"]] == FARR.power_dimension_ids
    assert [lv["id"] for lv in ref["levels_of_change"]] == FARR.level_ids
    assert ref["vocabularies"]["mode"]["values"][0]["value"] == "domination"
    assert set(ref["vocabularies"]) == set(VOCABULARIES)


def test_sections_with_one_title_are_told_apart() -> None:
    labels = [s["label"] for s in framework_reference(FARR)["sections"]]
    assert len(set(labels)) == len(labels)
    assert "Social interaction (figure1)" in labels and "Social interaction (realist)" in labels


def test_the_docs_page_is_the_current_reference() -> None:
    page = ROOT / "docs" / "framework-farr2017.md"
    assert page.read_text(encoding="utf-8") == render(FARR, "md"), (
        "docs/framework-farr2017.md is out of date: run "
        "`casebench framework farr2017 --format md -o docs/framework-farr2017.md`"
    )


MINI = """\
id: mini
version: '0.1'
title: Mini <script>alert(1)</script>
default_scale: yn
scales:
  yn:
    title: No/yes
    levels:
      - {value: 0, label: 'No <b>'}
      - {value: 1, label: 'Yes & more'}
sections:
  - id: s
    title: S
    questions:
      - {id: q1, text: 'Is it <img src=x onerror=alert(1)>?', citation: me}
      - id: q2
        text: Which?
        kind: choice
        options: [{id: a, label: A}, {id: b, label: B}]
        citation: me
"""


def test_a_user_framework_file_gets_a_reference(tmp_path: Path, capsys) -> None:
    path = tmp_path / "mini.framework.yaml"
    path.write_text(MINI, encoding="utf-8")
    assert main(["framework", str(path), "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "Mini &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Yes &amp; more" in page
    assert main(["framework", str(path)]) == 0
    text = capsys.readouterr().out
    assert "q2 [choice]  Which?" in text
    assert "answer:    an answer (one of a, b)" in text


def test_the_reference_is_written_to_a_file(tmp_path: Path, capsys) -> None:
    out = tmp_path / "farr.html"
    assert main(["framework", "farr2017", "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8") == render(FARR, "html")


def test_an_unknown_framework_is_one_error(capsys) -> None:
    assert main(["framework", "arnstein1969"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("arnstein1969: error: no such framework file, and no bundled framework")
    assert "Traceback" not in err
