"""A real-UI test of the course: JupyterLab on 127.0.0.1, course notebook 02 opened in headless
Chromium and run; a student codes the first section of the vignette in the editor (two ratings
chosen, one practice ticked absent, a quote added as evidence), presses its Check button and
sees the feedback: the reference judgement, its evidence, and why a neighbour is weaker."""

from __future__ import annotations

from pathlib import Path

import nbformat

from browser import chromium, jupyterlab, run_notebook_in_lab
from notebooks import COURSE, inject

QUOTE = "all eight are regular library users"


def _prepare(root: Path) -> None:
    nb = nbformat.read(COURSE / "02_coding_a_vignette.ipynb", as_version=4)
    node = inject(nb, {"vignette": "riverside_libraries", "folder": "coding", "student": "Ann"})
    nbformat.write(node, root / "02_coding_a_vignette.ipynb")


def _row(page, question_id: str):
    """The editor's row of one question: the nearest box around its id."""
    return page.locator(f"code:text-is('{question_id}')").first.locator(
        "xpath=ancestor::div[contains(@class,'widget-vbox')][1]"
    )


def test_student_codes_the_first_section_and_sees_feedback(tmp_path: Path) -> None:
    _prepare(tmp_path)
    with jupyterlab(tmp_path) as base, chromium() as browser:
        failed: list[str] = []
        page = run_notebook_in_lab(browser, base, "02_coding_a_vignette.ipynb", failed)

        progress = page.get_by_text("questions assessed", exact=False).first
        progress.wait_for(timeout=90_000)
        assert "0 of 8 questions assessed" in progress.inner_text()
        assert page.get_by_text("This is a fictional case, written for teaching").count() > 0

        # the editor's section, opened by its full title (with its progress) in the accordion
        page.locator(".jupyter-widget-Collapse-header").filter(
            has_text="Who is involved in co-production? · 0 of"
        ).first.click()
        diversity = _row(page, "pp_diversity")
        diversity.locator("select").first.select_option(label="1 – Mostly constraining")
        diversity.get_by_role("button", name="Add evidence").first.click()
        diversity.get_by_placeholder("the words, as said or written").first.fill(QUOTE)
        _row(page, "pp_volunteers").locator("select").first.select_option(label="2 – Mixed")
        _row(page, "oo_user_movements").locator("input[type=checkbox]").first.check()
        page.get_by_text("3 of 8 questions assessed", exact=False).first.wait_for(timeout=30_000)

        page.get_by_role("button", name="Check: Who is involved", exact=False).first.click()
        page.get_by_text("3 of 3 judged", exact=False).first.wait_for(timeout=30_000)
        items = [li.inner_text() for li in page.locator(".casebench-feedback li").all()]
        page.screenshot(path=str(tmp_path / "course.png"), full_page=False)
        assert "Error displaying widget" not in page.inner_text("body")

    assert len(items) == 3  # the section's three questions, in the framework's order
    diversity, volunteers, movements = items
    assert "pp_diversity" in diversity and "matches: Agrees with the reference coding" in diversity
    assert "no evidence yet" not in diversity  # the quote typed in was read, and is verbatim
    assert "look again: You rated it 2 – Mixed, 2 points higher" in volunteers
    assert "Why 1 – Mostly constraining is less defensible" in volunteers
    assert "no evidence yet" in volunteers
    assert "matches" in movements and "absent (looked for, not found)" in movements
    outside = [u for u in failed if not u.startswith(base)]
    assert outside == [], f"requests left the machine: {outside}"
