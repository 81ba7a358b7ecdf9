"""The editor names its sections in full, with their progress; shows each question's guidance
as the framework reference gives it; and reverts a question to the saved version."""

from __future__ import annotations

import shutil
from pathlib import Path

from casebench import load_case, load_framework
from casebench.reference import framework_reference, questions_of
from casebench.reference.html import question_guidance_html
from casebench.widgets import CaseEditor

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"
FARR = load_framework("farr2017")


def test_every_section_has_its_full_title_and_its_progress(tmp_path: Path) -> None:
    editor = CaseEditor.new("nav", "Navigation", tmp_path)
    titles = editor.nav.titles
    assert len(titles) == 1 + len(FARR.sections) + 3
    assert len(set(titles)) == len(titles)
    for section, title in zip(FARR.sections, titles[1:], strict=False):
        total = len(section.iter_questions())
        assert title.startswith(section.title)  # never cut short
        assert title.endswith(f" · 0 of {total} assessed")
    assert "Social interaction (figure1) · 0 of 14 assessed" in titles
    assert any(t.startswith("Social interaction (realist) · ") for t in titles)
    assert titles[-3:] == (
        "Power · 0 observations",
        "Outcomes · 0 outcomes",
        "Context-mechanism-outcome configurations · 0 configurations",
    )


def test_progress_follows_the_answers(tmp_path: Path) -> None:
    editor = CaseEditor.new("nav", "Navigation", tmp_path)
    who = 1 + [s.id for s in FARR.sections].index("who_involved")
    editor.nav.open(who)
    editor.rows["pp_diversity"].answer.value = 3
    editor.rows["st_time"].absent.value = True  # absent is a judgement too
    assert editor.nav.titles[who] == "Who is involved in co-production? · 2 of 11 assessed"
    editor.rows["pp_diversity"].answer.value = None
    assert editor.nav.titles[who].endswith(" · 1 of 11 assessed")
    power = len(editor.nav.titles) - 3
    editor.nav.open(power)
    editor.lists["power"].add({"dimension": "first", "mode": "domination"})
    assert editor.nav.titles[power] == "Power · 1 observation"


def test_parts_are_built_when_first_opened(tmp_path: Path) -> None:
    editor = CaseEditor.new("lazy", "Lazy", tmp_path)
    assert editor.rows == {} and "sources" in editor.lists
    editor.nav.open(1)
    assert set(editor.rows) == {q.id for _, q in FARR.sections[0].iter_questions()}


def test_each_question_shows_the_reference_s_guidance(tmp_path: Path) -> None:
    editor = CaseEditor.new("guide", "Guidance", tmp_path)
    editor.build_all()
    reference = framework_reference(FARR)
    for q in questions_of(reference):
        header = editor.rows[q["id"]].box.children[0].value
        scale = reference["scales"].get(q["scale"] or "")
        assert question_guidance_html(q, scale) in header
    trust = editor.rows["si_trust"].box.children[0].value
    assert "Strongly enabling</strong>: Direct evidence" in trust
    assert "attributed by casebench" in editor.rows["pp_volunteers"].box.children[0].value


def _sample(tmp_path: Path) -> Path:
    path = tmp_path / "nhs.yaml"
    shutil.copy(SAMPLES / "nhs_ebcd_breast_cancer.yaml", path)
    return path


def test_revert_puts_the_saved_version_back(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    saved = load_case(path).assessments["pp_diversity"]
    editor = CaseEditor.open(path)
    editor.build_all()
    row = editor.rows["pp_diversity"]
    assert row.revert_button.disabled
    row.answer.value = 4
    row.memo.value = "Changed my mind."
    row.evidence.add({})
    row.evidence.rows[-1].controls["quote"].value = "A new quote"
    assert editor.dirty and not row.revert_button.disabled
    row.revert_button.click()
    assert not editor.dirty and row.revert_button.disabled
    assert (row.answer.value, row.confidence.value) == (saved.rating, saved.confidence)
    assert row.memo.value == saved.memo
    assert [r.controls["quote"].value for r in row.evidence.rows] == [
        e.quote for e in saved.evidence
    ]
    assert editor.save()  # nothing changed: the file is as it was
    assert path.read_bytes() == (SAMPLES / "nhs_ebcd_breast_cancer.yaml").read_bytes()


def test_revert_keeps_other_questions_and_follows_the_last_save(tmp_path: Path) -> None:
    path = _sample(tmp_path)
    editor = CaseEditor.open(path)
    editor.build_all()
    editor.rows["pp_diversity"].answer.value = 4
    editor.rows["st_time"].memo.value = "Kept."
    editor.revert("pp_diversity")
    assert editor.data["assessments"]["st_time"]["memo"] == "Kept."
    assert not editor.rows["st_time"].revert_button.disabled
    assert editor.save()
    assert editor.rows["st_time"].revert_button.disabled  # as saved now
    editor.rows["st_time"].memo.value = "Changed after the save."
    editor.revert("st_time")
    assert editor.rows["st_time"].memo.value == "Kept."
    assert load_case(path).assessments["st_time"].memo == "Kept."


def test_revert_in_a_case_not_saved_yet_clears_the_question(tmp_path: Path) -> None:
    editor = CaseEditor.new("fresh", "Fresh", tmp_path)
    editor.build_all()
    row = editor.rows["is_level"]
    row.answer.value = ("community",)
    row.absent.value = True
    editor.revert("is_level")
    assert row.answer.value == () and not row.absent.value
    assert editor.data["assessments"]["is_level"] == {"status": "not_assessed"}
    assert not (tmp_path / "fresh.yaml").exists()
