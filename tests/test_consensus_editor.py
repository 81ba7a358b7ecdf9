"""The ConsensusEditor driven from code as a team would drive it (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebench import load_case, save_case
from casebench.consensus.driver import merge_files
from casebench.errors import InputError
from casebench.models import Case, Evidence
from casebench.validation import read_case
from casebench.widgets import CaseEditor, ConsensusEditor
from casebench.widgets.disagreement import WRITE

SAMPLE = Path(__file__).parents[1] / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml"


def _second_coding(case: Case) -> Case:
    a = case.assessments
    power = list(case.power)
    power[0] = power[0].model_copy(update={"description": "Staff kept control of what changed."})
    return case.model_copy(
        update={
            "coder": "Coder B",
            "interests": "Staff's, first of all.",
            "power": power,
            "assessments": {
                **a,
                "si_trust": a["si_trust"].model_copy(
                    update={
                        "rating": 3,
                        "memo": "Trust grew.",
                        "evidence": [Evidence(quote="We trust them now", attribution="P 3")],
                    }
                ),
                "is_level": a["is_level"].model_copy(update={"answer": ["service", "policy"]}),
            },
        }
    )


@pytest.fixture
def merged(tmp_path: Path) -> Path:
    first = load_case(SAMPLE).model_copy(update={"coder": "Coder A"})
    a, b, out = tmp_path / "a.yaml", tmp_path / "b.yaml", tmp_path / "consensus.yaml"
    save_case(first, a)
    save_case(_second_coding(first), b)
    merge_files(a, b, out)
    return out


def test_cards_show_each_position_side_by_side(merged: Path) -> None:
    editor = ConsensusEditor.open(merged)
    assert list(editor.cards)[:2] == ["assessments.si_trust", "assessments.is_level"]
    assert "5 disagreement(s) open, 0 decision(s)" in editor.title.value
    card = editor.cards["assessments.si_trust"]
    first, second = (child.value for child in card.box.children[1].children)
    assert "<b>Coder A</b>" in first and "2 – " in first
    assert "<b>Coder B</b>" in second and "3 – " in second
    assert "“We trust them now” — P 3" in second and "We trust them now" not in first
    assert [label for label, _ in card.choice.options] == [
        "Coder A's position",
        "Coder B's position",
        "write the judgement",
    ]
    power = next(c for a, c in editor.cards.items() if a.startswith("power: second"))
    assert "did not record this" in "".join(c.value for c in power.box.children[1].children)


def test_deciding_through_the_form_and_saving(merged: Path) -> None:
    editor = ConsensusEditor.open(merged)
    card = editor.cards["assessments.si_trust"]
    card.choice.value = "Coder B"
    card.decide_button.click()  # no reason, no name: refused, nothing decided
    assert "give the reason" in card.message.value and editor.open_count == 5
    card.reason.value = "B's quote shows it"
    card.decide_button.click()
    assert "say who decided" in card.message.value
    editor.decided_by.value = "AB and CD"
    card.decide_button.click()
    assert "Decided: Coder B" in card.message.value and card.decide_button.disabled

    level = editor.cards["assessments.is_level"]
    level.choice.value = WRITE
    assert level.writer_box.children  # the question's own form
    level.writer.answer.value = ("community", "service")
    level.writer.memo.value = "Both levels, as the paper says."
    level.reason.value = "Agreed in the meeting"
    level.decide_button.click()

    interests = editor.cards["details: interests"]
    interests.choice.value = WRITE
    interests.writer.value = "Staff's and patients', unevenly."
    interests.reason.value = "Both readings hold"
    interests.decide_button.click()
    assert "unsaved decisions" in editor.title.value
    assert editor.save()
    assert "2 disagreement(s) still open" in editor.status.value

    saved = read_case(merged).case  # a draft while two are open: read it as validate does
    assert saved is not None and saved.draft
    assert saved.assessments["si_trust"].rating == 3
    level_saved = saved.assessments["is_level"]
    assert level_saved.answer == ["community", "service"]
    assert level_saved.memo == "Both levels, as the paper says."
    assert level_saved.evidence  # both coders' evidence, united
    assert saved.interests == "Staff's and patients', unevenly."
    assert [(d.about, d.chosen, d.decided_by) for d in saved.decisions] == [
        ("assessments.si_trust", "Coder B", "AB and CD"),
        ("assessments.is_level", "", "AB and CD"),
        ("details: interests", "", "AB and CD"),
    ]


def test_the_last_decision_makes_the_case_final(merged: Path) -> None:
    editor = ConsensusEditor.open(merged)
    editor.decided_by.value = "Team"
    for about in list(editor.cards):
        assert editor.decide(about, choose="Coder A", reason="first coder's reading")
    assert editor.save() and "all decided: the case is valid" in editor.status.value
    case = load_case(merged)
    assert not case.draft and len(case.decisions) == 5
    CaseEditor.open(merged)  # editable again


def test_an_item_left_out_in_code(merged: Path) -> None:
    editor = ConsensusEditor.open(merged)
    editor.decided_by.value = "Team"
    reworded = next(a for a in editor.cards if a.startswith("power: second domination: Staff"))
    assert editor.decide(reworded, write=None, reason="Same finding as A's")
    assert editor.case.decisions[-1].result is None


def test_saving_refuses_a_file_changed_on_disk(merged: Path) -> None:
    editor = ConsensusEditor.open(merged)
    editor.decided_by.value = "Team"
    editor.decide("assessments.si_trust", choose="Coder A", reason="r")
    merged.write_text(merged.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert not editor.save()
    assert "changed on disk" in editor.status.value


def test_the_case_editor_refuses_open_disagreements(merged: Path) -> None:
    with pytest.raises(InputError) as info:
        CaseEditor.open(merged)
    fields = [p.field for p in info.value.problems]
    assert fields == ["assessments.si_trust.status", "assessments.is_level.status", "disagreements"]
    assert "ConsensusEditor" in info.value.problems[0].message
