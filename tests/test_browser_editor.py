"""A real-UI test: JupyterLab on 127.0.0.1, notebook 02 opened in headless Chromium, all cells
run; the editor must render with every section's full title and progress, a rating and an
evidence item typed in the page and Save must change the file on disk, and a chart must draw
with no network."""

from __future__ import annotations

import json
import time
from pathlib import Path

from browser import chromium, jupyterlab, run_notebook_in_lab
from notebooks import NOTEBOOKS, inject

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"


def _prepare(root: Path) -> Path:
    nb = json.loads((NOTEBOOKS / "02_enter_a_case.ipynb").read_text(encoding="utf-8"))
    import nbformat

    node = inject(
        nbformat.from_dict(nb),
        {
            "folder": "cases",
            "case_id": "ui_case",
            "title": "Entered in the browser",
            "samples_folder": str(SAMPLES),
        },
    )
    target = root / "02_enter_a_case.ipynb"
    nbformat.write(node, target)
    return target


def test_editor_in_jupyterlab(tmp_path: Path) -> None:
    _prepare(tmp_path)
    case_file = tmp_path / "cases" / "ui_case.yaml"
    with jupyterlab(tmp_path) as base, chromium() as browser:
        failed_requests: list[str] = []
        page = run_notebook_in_lab(browser, base, "02_enter_a_case.ipynb", failed_requests)

        progress = page.get_by_text("questions assessed", exact=False).first
        progress.wait_for(timeout=90_000)
        assert "0 of 53 questions assessed" in progress.inner_text()

        # A chart drew itself with the offline Vega bundle: an SVG with marks in it.
        # (state "attached": JupyterLab may hide cells scrolled out of view)
        page.wait_for_selector(
            ".casebench-chart svg .mark-rect path", state="attached", timeout=90_000
        )
        marks = page.locator(".casebench-chart svg [class*='mark-']").count()
        assert marks > 0

        # every section's full title, told apart from its namesake by its part
        body = page.inner_text("body")
        assert "Working within and across institutional structures · 0 of " in body
        assert "Social interaction (figure1) · 0 of 14 assessed" in body
        assert "Social interaction (realist) · 0 of " in body
        page.get_by_text("Who is involved in co-production? · 0 of 11 assessed").first.click()
        rating = page.locator("select:has(option:text-is('— not assessed —'))").first
        rating.wait_for(timeout=30_000)
        rating.select_option(label="3 – Mostly enabling")
        page.get_by_text("Who is involved in co-production? · 1 of 11 assessed").first.wait_for(
            timeout=30_000
        )
        # evidence for the same (first) question, typed into the page
        page.locator("button.jupyter-button").filter(has_text="Add evidence").first.click()
        quote = page.get_by_placeholder("the words, as said or written").first
        quote.wait_for(timeout=30_000)
        quote.fill("We were listened to, for once.")
        quote.press("Tab")
        attribution = page.get_by_placeholder("e.g. NHS Staff 13").first
        attribution.fill("Patient 7")
        attribution.press("Tab")
        page.get_by_text("unsaved changes").first.wait_for(timeout=30_000)
        # the editor's own Save button (not JupyterLab's, not "Save as")
        page.locator("button.jupyter-button").filter(has_text="Save").filter(
            has_not_text="Save as"
        ).first.click()

        deadline = time.monotonic() + 30
        while not case_file.exists() and time.monotonic() < deadline:
            time.sleep(0.25)
        page.get_by_text("saved.", exact=False).first.wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "editor.png"), full_page=False)
        assert "Error displaying widget" not in page.inner_text("body")

    from casebench import load_case

    case = load_case(case_file)
    assert case.assessments["pp_diversity"].rating == 3
    assert [(e.quote, e.attribution) for e in case.assessments["pp_diversity"].evidence] == [
        ("We were listened to, for once.", "Patient 7")
    ]
    assert case.title == "Entered in the browser"
    outside = [u for u in failed_requests if not u.startswith(base)]
    assert outside == [], f"requests left the machine: {outside}"
