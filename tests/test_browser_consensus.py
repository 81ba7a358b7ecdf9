"""A real-UI test: notebook 05 in JupyterLab on headless Chromium; one disagreement is decided
through the page, saved, and the decision is read back from the file on disk."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from browser import chromium, jupyterlab, run_notebook_in_lab
from casebench import load_case, save_case
from casebench.validation import read_case
from notebooks import NOTEBOOKS, inject

SAMPLE = Path(__file__).parents[1] / "data" / "sample_cases" / "nhs_ebcd_breast_cancer.yaml"


def _prepare(root: Path) -> Path:
    first = load_case(SAMPLE).model_copy(update={"coder": "Coder A"})
    trust = first.assessments["si_trust"].model_copy(update={"rating": 3, "memo": "Trust grew."})
    second = first.model_copy(
        update={"coder": "Coder B", "assessments": {**first.assessments, "si_trust": trust}}
    )
    save_case(first, root / "coder_a.yaml")
    save_case(second, root / "coder_b.yaml")
    nb = json.loads((NOTEBOOKS / "06_team_consensus.ipynb").read_text(encoding="utf-8"))
    node = inject(
        nbformat.from_dict(nb),
        {"coder_a": "coder_a.yaml", "coder_b": "coder_b.yaml", "consensus": "consensus.yaml"},
    )
    nbformat.write(node, root / "06_team_consensus.ipynb")
    return root / "consensus.yaml"


def test_decide_a_disagreement_in_jupyterlab(tmp_path: Path) -> None:
    consensus = _prepare(tmp_path)
    with jupyterlab(tmp_path) as base, chromium() as browser:
        page = run_notebook_in_lab(browser, base, "06_team_consensus.ipynb", [])

        page.get_by_text("1 disagreement(s) open", exact=False).first.wait_for(timeout=120_000)
        card = page.locator(".casebench-disagreement-assessments-si_trust").first
        card.wait_for(timeout=30_000)
        assert "Coder A" in card.inner_text() and "Coder B" in card.inner_text()
        page.get_by_placeholder("who decides, e.g. AB and CD").fill("Ann and Ben")
        card.get_by_label("Coder B's position").check()
        card.locator("textarea").first.fill("B's quotes show trust growing")
        card.locator("button").filter(has_text="Decide").click()
        card.get_by_text("Decided: Coder B", exact=False).wait_for(timeout=30_000)
        page.locator("button.jupyter-button").filter(has_text="Save").first.click()
        page.get_by_text("all decided: the case is valid", exact=False).first.wait_for(
            timeout=30_000
        )
        page.screenshot(path=str(tmp_path / "consensus.png"), full_page=False)
        assert "Error displaying widget" not in page.inner_text("body")

    checked = read_case(consensus)
    assert checked.ok and checked.case is not None and not checked.case.draft
    (decision,) = checked.case.decisions
    assert (decision.about, decision.chosen) == ("assessments.si_trust", "Coder B")
    assert decision.reason == "B's quotes show trust growing"
    assert decision.decided_by == "Ann and Ben"
    assert [p.value["rating"] for p in decision.positions] == [2, 3]
    assert checked.case.assessments["si_trust"].rating == 3
