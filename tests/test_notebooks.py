"""Every notebook runs end to end; each is stored without outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebench.exercises import load_vignette
from notebooks import NOTEBOOKS, notebook_names, outputs_text, run_notebook

SAMPLES = str(Path(__file__).parents[1] / "data" / "sample_cases")
ALL = notebook_names()


def test_the_four_notebooks_exist() -> None:
    assert ALL[:3] == ["01_explore_sample_cases", "02_enter_a_case", "03_guided_exercises"]


@pytest.mark.parametrize("name", ALL)
def test_stored_without_outputs_and_with_parameters(name: str) -> None:
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert sum("parameters" in c["metadata"].get("tags", []) for c in code) == 1
    first = "".join(nb["cells"][0]["source"])
    assert "**What for:**" in first and "**Who for:**" in first


def test_01_explore(tmp_path: Path) -> None:
    nb = run_notebook("01_explore_sample_cases", {"cases_folder": SAMPLES}, tmp_path)
    text = outputs_text(nb)
    assert "nhs_ebcd_breast_cancer" in text and "local_gov_innovation_lab" in text
    assert text.count('class="casebench-chart"') == 6  # each chart cell, by the offline renderer
    assert "window.vegaEmbed" in text  # the bundle, once
    assert "cdn.jsdelivr.net" not in text
    widgets = [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert widgets, "the dashboard is displayed"
    state = json.dumps(nb.metadata.get("widgets", {}))
    assert "casebench-chart" in state, "the dashboard drew its chart into its output widget"


def test_02_enter_a_case(tmp_path: Path) -> None:
    nb = run_notebook(
        "02_enter_a_case",
        {
            "folder": str(tmp_path / "cases"),
            "case_id": "nb_case",
            "title": "Notebook case",
            "samples_folder": SAMPLES,
        },
        tmp_path,
    )
    text = outputs_text(nb)
    assert "casebench-chart" in text
    assert not (tmp_path / "cases" / "nb_case.yaml").exists()  # nothing saved until Save


def test_03_guided_exercises(tmp_path: Path) -> None:
    nb = run_notebook(
        "03_guided_exercises",
        {
            "samples_folder": SAMPLES,
            "student_ratings": {"si_speak_freely": 3, "si_agendas": 3, "pp_volunteers": 0},
            "quiz_answers": {"shared_mechanism": "emotive_film_bridge"},
        },
        tmp_path,
    )
    text = outputs_text(nb)
    assert "si_speak_freely: matches" in text
    assert "si_agendas: look again" in text
    assert "shared_mechanism: matches" in text
    assert "weighted kappa" in text
    vignette = {item.question.id: item for item in load_vignette().questions}
    assert vignette["si_speak_freely"].why in text  # explained once the student got it right
    assert vignette["si_agendas"].why not in text  # not given away while it is wrong


def test_04_comparison_report(tmp_path: Path) -> None:
    nb = run_notebook(
        "04_comparison_report",
        {"case_paths": [SAMPLES], "title": "Notebook report", "generated": "2017-12-01T00:00:00Z"},
        tmp_path,
    )
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    kinds = {o["output_type"] for o in outputs}
    assert kinds == {"display_data", "execute_result"}  # nothing printed
    text = outputs_text(nb)
    assert text.count('id="casebench-vega-bundle"') == 1
    assert text.count('class="casebench-chart"') == 9
    assert "<h1>Notebook report</h1>" in text and "Questions to reflect on" in text
    assert "Generated (UTC)</dt><dd>2017-12-01T00:00:00Z" in text
    assert "cdn.jsdelivr.net" not in text


def test_05_realist_synthesis(tmp_path: Path) -> None:
    theory = Path(SAMPLES).parent / "theories" / "farr2017_initial.theory.yaml"
    nb = run_notebook(
        "05_realist_synthesis",
        {"cases_folder": SAMPLES, "theory_file": str(theory), "synthetic_seed": 7},
        tmp_path,
    )
    text = outputs_text(nb)
    assert "Traceback" not in text
    assert text.count('class="casebench-chart"') == 3  # matrix, layers, planted matrix
    assert "personal_identity_over_role" in text and "willing_committed_staff" in text
    assert "cuts_make_rhetoric" in text and "refuted" in text
    planted = ", ".join(f"synthetic_{i:04d}" for i in range(3))
    assert f"planted demi-regularity found in: {planted}" in text
    assert "planted contrast differs by: senior_leader_involved" in text
    assert "Funding and conflict of interest" in text  # the RAMESES II checklist


def test_06_team_consensus_practice(tmp_path: Path) -> None:
    sample = str(Path(SAMPLES) / "nhs_ebcd_breast_cancer.yaml")
    params = {"sample_case": sample, "practice_folder": "practice", "consensus": "out/case.yaml"}
    nb = run_notebook("06_team_consensus", params, tmp_path)
    text = outputs_text(nb)
    assert "Inter-coder agreement on case nhs_ebcd_breast_cancer" in text
    assert "3 disagreement(s) to decide" in text
    assert "Audit trail of nhs_ebcd_breast_cancer" in text
    widgets = [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(widgets) == 1, "the consensus editor is displayed"
    from casebench.validation import read_case

    merged = read_case(tmp_path / "out" / "case.yaml")
    disputed = [q for q, a in merged.case.assessments.items() if a.disputed]
    assert len(disputed) == 3 and merged.case.draft
    again = run_notebook("06_team_consensus", params, tmp_path)  # carries on: not merged again
    assert "out/case.yaml exists: opened as it is" in outputs_text(again)
