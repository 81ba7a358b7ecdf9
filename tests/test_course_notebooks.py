"""Every notebook of the course runs end to end, its answers given as parameters, so that the
real feedback paths run: the framework quiz, coding a vignette and saving it, comparing that
file with the reference and saving a memo, reading a comparison, building a CMO configuration,
and the lecturer's class summary."""

from __future__ import annotations

from pathlib import Path

from casebench import load_case
from casebench.classroom.synthetic import write_class
from casebench.exercises import load_vignette
from notebooks import COURSE, notebook_names, outputs_text, run_notebook

SAMPLES = str(Path(__file__).parents[1] / "data" / "sample_cases")


def test_the_course_is_complete() -> None:
    names = [n for n in notebook_names() if n.startswith("course/")]
    assert names == [
        "course/01_reading_the_framework",
        "course/02_coding_a_vignette",
        "course/03_comparing_with_the_reference",
        "course/04_reading_a_comparison",
        "course/05_building_a_cmo",
        "course/lecturer_class_summary",
    ]
    assert all((COURSE / f"{n.split('/')[1]}.ipynb").is_file() for n in names)


def test_01_reading_the_framework(tmp_path: Path) -> None:
    nb = run_notebook(
        "course/01_reading_the_framework",
        {"answers": {"power.ri_control": "second", "power.rp_volunteers": "fourth"}},
        tmp_path,
    )
    text = outputs_text(nb)
    assert "power.ri_control: matches" in text and "mobilisation of bias" in text
    assert "power.rp_volunteers: look again" in text
    assert "Within co-production, there are contradictions" in text  # the paper, on the fourth
    assert "section.si_venues: not answered" in text


def test_02_then_03_coding_compared_with_the_reference(tmp_path: Path) -> None:
    answers = {
        "pp_diversity": [1, "all eight are regular library users"],
        "pp_volunteers": 2,
        "oo_user_movements": ["absent", "The group has no contact"],
        "si_speak_freely": 3,
        "si_agendas": [1, "The service manager chairs every meeting"],
        "si_venues": 4,
        "si_disengagement": 1,
        "ch_rhetoric": 1,
    }
    nb = run_notebook(
        "course/02_coding_a_vignette",
        {"folder": "coding", "student": "Ann", "answers": answers},
        tmp_path,
    )
    text = outputs_text(nb)
    assert "Who is involved in co-production?: 3 of 3 questions judged." in text
    assert "pp_volunteers: look again. You rated it 2 – Mixed" in text
    assert "Why 1 – Mostly constraining is less defensible" in text
    assert "si_agendas: close." in text
    saved = tmp_path / "coding" / "riverside_libraries.yaml"
    assert load_case(saved).coder == "Ann"

    memo = "I took one committee room as a range; the reference reads it as one venue."
    nb = run_notebook(
        "course/03_comparing_with_the_reference",
        {"coding": str(saved), "memo": memo},
        tmp_path,
    )
    text = outputs_text(nb)
    assert "Weighted kappa with the reference coding over 7 questions" in text
    assert "kappa_low" in text and "student_evidence" in text
    assert "Write a memo on" in text and "(si_venues), your largest disagreement" in text
    assert memo in load_case(saved).assessments["si_venues"].memo


def test_04_reading_a_comparison(tmp_path: Path) -> None:
    nb = run_notebook(
        "course/04_reading_a_comparison",
        {
            "samples_folder": SAMPLES,
            "answers": {"issues_share": "81", "power_domination_everywhere": "first"},
        },
        tmp_path,
    )
    text = outputs_text(nb)
    assert text.count('class="casebench-chart"') == 3 and "cdn.jsdelivr.net" not in text
    assert "issues_share: matches" in text
    assert "power_domination_everywhere: look again" in text
    assert "power profile chart" in text
    assert "shared_mechanism: not answered" in text and "mechanisms table" in text


def test_05_building_a_cmo(tmp_path: Path) -> None:
    configuration = {
        "context": "A council library service runs a co-design group in a committee room",
        "mechanism": "Residents tell stories and staff hear them and change their view",
        "outcome": "Staff learn about the mobile library but the only change is a new leaflet",
        "mechanism_code": "stories_shift_staff_view",
        "evidence": ["the one change made so far is a new leaflet"],
    }
    nb = run_notebook("course/05_building_a_cmo", {"configuration": configuration}, tmp_path)
    text = outputs_text(nb)
    assert "configuration: matches" in text and "It uses your code." in text
    assert "This is a fictional case, written for teaching" in text


def test_lecturer_class_summary(tmp_path: Path) -> None:
    vignette = load_vignette("larkfield_maternity")
    hard = ["st_hierarchy", "si_conflict", "ch_transfer"]
    write_class(tmp_path / "course", vignette, hard=hard, layout="nbgrader", assignment="week2")
    nb = run_notebook(
        "course/lecturer_class_summary",
        {
            "submissions": str(tmp_path / "course"),
            "reference": vignette.id,
            "assignment": "week2",
            "output": str(tmp_path / "summary.html"),
        },
        tmp_path,
    )
    text = outputs_text(nb)
    assert "26 of 30 submission(s) used" in text
    hardest = text.split("Hardest questions:")[1].split("\n\n")[0]
    assert all(q in hardest for q in hard)
    assert "student30 (empty)" in text and 'class="casebench-chart"' in text
    assert (tmp_path / "summary.html").is_file()
