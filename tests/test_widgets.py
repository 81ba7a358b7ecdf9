"""The widgets, driven from code as a user would drive them (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebench import load_case, load_framework, new_case, save_case
from casebench.widgets import CaseEditor, CompareDashboard

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"


def _fill_evidence(editor: CaseEditor, qid: str, quote: str, attribution: str) -> None:
    row = editor.rows[qid].evidence.add({})
    row.controls["quote"].value = quote
    row.controls["attribution"].value = attribution


def test_rate_add_evidence_save_reload(tmp_path: Path) -> None:
    editor = CaseEditor.new("lab", "Council lab", tmp_path)
    editor.build_all()
    assert editor.progress_label.value == "0 of 53 questions assessed (0%)"
    editor.rows["si_trust"].answer.value = 3
    editor.rows["si_trust"].confidence.value = "medium"
    _fill_evidence(editor, "si_trust", "They have become our friends", "Community participant")
    assert editor.dirty and "unsaved changes" in editor.title.value
    assert editor.progress_label.value == "1 of 53 questions assessed (2%)"
    assert editor.save()
    assert not editor.dirty and "unsaved changes" not in editor.title.value
    case = load_case(tmp_path / "lab.yaml")
    trust = case.assessments["si_trust"]
    assert (trust.rating, trust.confidence) == (3, "medium")
    assert [(e.quote, e.attribution) for e in trust.evidence] == [
        ("They have become our friends", "Community participant")
    ]
    assert case.assessments["si_agendas"].status == "not_assessed"


def test_every_kind_of_control(tmp_path: Path) -> None:
    editor = CaseEditor.new("kinds", "Kinds", tmp_path)
    editor.build_all()
    editor.rows["is_level"].answer.value = ("community", "service")
    editor.rows["st_key_people"].answer.value = "A community development worker"
    editor.rows["st_key_people"].memo.value = "From the project report."
    assert editor.save()
    case = load_case(tmp_path / "kinds.yaml")
    assert case.assessments["is_level"].answer == ["community", "service"]
    assert case.assessments["st_key_people"].answer == "A community development worker"
    editor.rows["st_key_people"].answer.value = ""  # emptied again: back to not assessed
    assert editor.data["assessments"]["st_key_people"]["status"] == "not_assessed"
    assert editor.data["assessments"]["st_key_people"]["memo"] == "From the project report."


def test_the_details_tab_sets_the_short_title(tmp_path: Path) -> None:
    editor = CaseEditor.new("named", "A long title of a council's innovation programme", tmp_path)
    editor.build_all()
    details = [c for part in editor.nav.accordion.children for c in part.children]
    short = next(c for c in details if getattr(c, "description", "") == "Short title")
    short.value = "Council lab"
    assert editor.save(), editor.problems
    case = load_case(tmp_path / "named.yaml")
    assert (case.short_title, case.short_name) == ("Council lab", "Council lab")


def test_lists_and_details(tmp_path: Path) -> None:
    editor = CaseEditor.new("lists", "Lists", tmp_path)
    editor.build_all()
    outcome = editor.lists["outcomes"].add({})
    outcome.controls["level"].value = "local_community"
    outcome.controls["description"].value = "A community shop opened"
    source = editor.lists["sources"].add({})
    source.controls["kind"].value = "interviews"
    source.controls["count"].value = "18"
    source.controls["participants"].value = "staff: 17"  # as in the workbook
    power = editor.lists["power"].add({})
    power.controls["dimension"].value = "power_with"
    power.controls["mode"].value = "empowerment"
    power.controls["description"].value = "Acting together"
    power.controls["questions"].children[1].value = ["ch_power_with"]
    removed = editor.lists["cmo"].add({})
    editor.lists["cmo"].remove(removed)
    assert editor.save(), editor.problems
    case = load_case(tmp_path / "lists.yaml")
    assert [(o.level, o.description) for o in case.outcomes] == [
        ("local_community", "A community shop opened")
    ]
    assert [(s.kind, s.count, s.participants) for s in case.sources] == [
        ("interviews", 18, {"staff": 17})
    ]
    assert [(p.dimension, p.mode, p.questions) for p in case.power] == [
        ("power_with", "empowerment", ["ch_power_with"])
    ]
    assert case.cmo == []


def test_validation_messages_match_the_cli(tmp_path: Path) -> None:
    editor = CaseEditor.new("v", "V", tmp_path)
    editor.build_all()
    editor.rows["si_trust"].answer.value = 2
    editor.rows["si_trust"].evidence.add({"quote": "x"})
    messages = editor.rows["si_trust"].messages.value
    assert "assessments.si_trust.evidence[0].attribution: required field is missing" in messages
    assert "1 problem(s)" in editor.problems_box.value


def test_save_refused_when_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    save_case(new_case("shared", "Shared", load_framework()), path)
    editor = CaseEditor.open(path)
    editor.build_all()
    editor.rows["si_trust"].answer.value = 4
    editor.rows["si_trust"].memo.value = "mine"
    other = load_case(path).model_copy(update={"title": "Changed by a colleague"})
    save_case(other, path)  # e.g. a git pull, or another notebook
    before = path.read_bytes()
    assert not editor.save()
    assert "changed on disk" in editor.status.value and "Save as" in editor.status.value
    assert path.read_bytes() == before
    assert editor.save_as(tmp_path / "mine.yaml")
    assert load_case(tmp_path / "mine.yaml").assessments["si_trust"].rating == 4
    assert load_case(path).title == "Changed by a colleague"
    assert not editor.save_as(path)  # Save as never overwrites an existing file


def test_invalid_case_saves_as_draft_and_reopens(tmp_path: Path) -> None:
    editor = CaseEditor.new("d", "Draft", tmp_path)
    editor.build_all()
    editor.rows["si_trust"].answer.value = 1
    editor.rows["si_trust"].evidence.add({"quote": "half typed"})  # no attribution yet
    editor.rows["si_venues"].answer.value = 3
    editor.rows["si_venues"].memo.value = "an hour of typing"
    assert editor.save()
    assert "draft" in editor.status.value
    text = (tmp_path / "d.yaml").read_text(encoding="utf-8")
    assert "# DRAFT" in text and "\ndraft: true\n" in text
    reopened = CaseEditor.open(tmp_path / "d.yaml")
    reopened.build_all()
    assert reopened.rows["si_venues"].memo.value == "an hour of typing"
    assert reopened.rows["si_trust"].evidence.rows[0].controls["quote"].value == "half typed"
    assert any(p.field == "assessments.si_trust.evidence[0].attribution" for p in reopened.problems)
    reopened.rows["si_trust"].evidence.rows[0].controls["attribution"].value = "Staff 1"
    assert reopened.save()
    final = load_case(tmp_path / "d.yaml")
    assert final.draft is False
    assert (tmp_path / "d.yaml.bak").exists()


def test_new_refuses_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(Exception, match="file exists"):
        CaseEditor.new("x", "X", tmp_path)


def test_a_user_framework_gets_a_form(tmp_path: Path) -> None:
    fw_path = tmp_path / "mini.framework.yaml"
    fw_path.write_text(
        "id: mini\nversion: '0.1'\ntitle: Mini\ndefault_scale: yn\n"
        "scales:\n  yn:\n    title: No/yes\n    levels:\n"
        "      - {value: 0, label: 'No'}\n      - {value: 1, label: 'Yes'}\n"
        "sections:\n  - id: s\n    title: S\n    questions:\n"
        "      - {id: q1, text: Is it?, citation: me}\n"
        "      - {id: q2, text: How many?, kind: number, minimum: 0, citation: me}\n",
        encoding="utf-8",
    )
    editor = CaseEditor.new("m", "Mini case", tmp_path / "cases", framework=load_framework(fw_path))
    editor.build_all()
    assert set(editor.rows) == {"q1", "q2"}
    editor.rows["q2"].answer.value = "-3"
    assert any("below the minimum" in p.message for p in editor.problems)
    editor.rows["q2"].answer.value = "12"
    editor.rows["q2"].memo.value = "counted"
    assert editor.save()
    assert "answer: 12" in (tmp_path / "cases" / "m.yaml").read_text(encoding="utf-8")


def test_dashboard_selection_section_and_evidence() -> None:
    dashboard = CompareDashboard(SAMPLES)
    assert dashboard.comparison is not None
    assert len(dashboard.comparison.matrix) == 53
    dashboard.section_picker.value = "changes"
    assert list(dashboard.comparison.matrix["question_id"]) == [
        "ch_values",
        "ch_power_with",
        "ch_challenge_oppression",
        "ch_senior_implementing",
        "ch_rhetoric",
        "ch_wider_conditions",
        "ch_transfer",
        "ch_embedded",
    ]
    for name in ("Matrix", "Divergence", "Power", "Similarity"):
        dashboard.chart_picker.value = name
        assert dashboard.current_chart().to_dict()
    dashboard.question_picker.value = "ch_power_with"
    assert "The power is in the room" in dashboard.evidence.value
    dashboard.case_picker.value = ("nhs_ebcd_breast_cancer",)
    assert dashboard.comparison is None and "at least two" in dashboard.message.value


def test_dashboard_escapes_user_text(tmp_path: Path) -> None:
    for name in ("a", "b"):
        case = load_case(SAMPLES / "nhs_ebcd_breast_cancer.yaml").model_copy(
            update={"id": name, "title": f"<img src=x onerror=alert('{name}')>"}
        )
        save_case(case, tmp_path / f"{name}.yaml")
    dashboard = CompareDashboard(tmp_path)
    dashboard.question_picker.value = "si_trust"
    assert "<img" not in dashboard.evidence.value
    assert "&lt;img src=x onerror=alert(&#x27;a&#x27;)&gt;" in dashboard.evidence.value


def test_draft_with_off_scale_values_keeps_them_when_edited(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "format: 1\nid: typo\ntitle: Typo\nframework: {id: farr2017, version: 1.0.0}\n"
        "draft: true\nassessments:\n  si_trust: {rating: 7, confidence: very, memo: 5}\n"
        "  is_level: {answer: [community, regional]}\n",
        encoding="utf-8",
    )
    editor = CaseEditor.open(path)
    editor.build_all()
    editor.rows["si_trust"].memo.value = "edited only the memo"
    trust = editor.data["assessments"]["si_trust"]
    assert (trust["rating"], trust["confidence"]) == (7, "very")  # kept, not dropped
    assert editor.data["assessments"]["is_level"]["answer"] == ["community", "regional"]
    assert any(p.field == "assessments.si_trust.confidence" for p in editor.problems)
    assert editor.save()  # as a draft, with the typo still there to fix
    assert "rating: 7" in path.read_text(encoding="utf-8")


def test_draft_the_form_cannot_show_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(
        "id: odd\ntitle: Odd\nframework: {id: farr2017, version: 1.0.0}\n"
        "assessments:\n  si_trust:\n    evidence: {quote: q, attribution: a}\n",
        encoding="utf-8",
    )
    with pytest.raises(Exception) as error:
        CaseEditor.open(path)
    assert str(error.value) == (
        f"{path}:6:5: error: assessments.si_trust.evidence: must be a list of mappings for the "
        "editor to show it; fix it in the file first"
    )


def test_unknown_framework_is_an_error_not_a_farr_form(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(
        "id: other\ntitle: Other\nframework: {id: mine, version: '1'}\n", encoding="utf-8"
    )
    with pytest.raises(Exception, match="framework 'mine' version '1' is not known"):
        CaseEditor.open(path)


def test_configurations_keep_their_coded_parts_through_the_editor(tmp_path: Path) -> None:
    source = SAMPLES / "nhs_ebcd_breast_cancer.yaml"
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    editor = CaseEditor.open(path)
    editor.build_all()
    row = editor.lists["cmo"].rows[0]
    assert row.controls["outcome_direction"].value == "mixed"
    row.controls["outcome_direction"].value = "positive"
    row.controls["confidence"].value = None  # back to not recorded
    assert editor.save(), editor.problems
    before, after = load_case(source).cmo, load_case(path).cmo
    assert after[0].outcome_direction == "positive" and after[0].confidence is None
    assert after[0].context_conditions == before[0].context_conditions  # not in the form: kept
    assert after[1:] == before[1:]


def test_configuration_drop_downs_offer_the_one_vocabulary() -> None:
    """The editor's closed choices of a configuration are the model's vocabularies (plus "not
    recorded" where the field is optional), and the framework's levels and dimensions."""
    from casebench.models.vocabulary import CONFIDENCE, OUTCOME_DIRECTION, PROVENANCE
    from casebench.widgets.case_form import list_specs

    farr = load_framework("farr2017")
    specs = {spec.key: spec for spec in list_specs(farr)["cmo"]}
    for key, vocabulary in (
        ("outcome_direction", OUTCOME_DIRECTION),
        ("confidence", CONFIDENCE),
        ("provenance", PROVENANCE),
    ):
        values = [value for _, value in specs[key].options]
        assert values == [None, *vocabulary.values], key
    assert [v for _, v in specs["outcome_level"].options] == [None, *farr.level_ids]
    assert [v for _, v in specs["power"].options] == farr.power_dimension_ids
