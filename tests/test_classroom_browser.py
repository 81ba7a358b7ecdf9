"""The class summary's HTML in headless Chromium with the network cut off: nothing requested
but the file, its chart drawn, no console error; axe-core finds no serious or critical
violation at full width and at 320 CSS px (400% zoom), where nothing scrolls the page
sideways; and injection payloads in students' and files' names stay text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import OfflineVisit as Visit
from browser import chromium
from casebench.caseio import save_case
from casebench.classroom import collect, summarise, write_html
from casebench.classroom.synthetic import write_class
from casebench.exercises import load_vignette
from report_payloads import INJECTED_SELECTOR, PAYLOADS

MARKS = "svg [class*='mark-'] path, canvas"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def summary_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    vignette = load_vignette()
    write_class(folder / "subs", vignette, hard=["si_venues", "pp_diversity", "ch_rhetoric"])
    summary = summarise(collect(folder / "subs", vignette), vignette)
    return write_html(summary, folder / "summary.html")


def test_offline_chart_drawn_no_error(browser: Any, summary_page: Path) -> None:
    visit = Visit(browser, summary_page)
    assert visit.requests == [visit.url], "nothing but the file itself is requested"
    charts = visit.page.locator(".casebench-chart")
    assert charts.count() == 1
    assert charts.first.locator(MARKS).count() > 8  # bars of every question
    assert visit.page.locator(".casebench-chart:has-text('could not be drawn')").count() == 0
    assert visit.errors == []
    assert visit.page.locator("h1").inner_text().startswith("Class summary: Riverside")
    visit.page.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_serious_violation(browser: Any, summary_page: Path, width: int) -> None:
    visit = Visit(browser, summary_page, width)
    serious = visit.axe_serious()
    assert serious == [], "\n".join(serious)
    visit.page.close()


def test_reflows_at_400_percent_zoom(browser: Any, summary_page: Path) -> None:
    visit = Visit(browser, summary_page, width=320)
    page = visit.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    outside = page.evaluate(
        "Array.from(document.querySelectorAll('table, .casebench-chart'))"
        ".filter(e => !e.closest('.cb-scroll')).length"
    )
    assert outside == 0, "wide tables and the chart scroll inside their own box"
    assert page.evaluate(
        "Array.from(document.querySelectorAll('.cb-scroll'))"
        ".every(e => e.tabIndex === 0 && e.getAttribute('aria-label'))"
    )
    visit.page.close()


def test_injection_payloads_stay_text(browser: Any, tmp_path: Path) -> None:
    vignette = load_vignette()
    reference = vignette.reference_case()
    # a student's name is a folder's name: no "/" there, so it stands in as a division slash
    usable = [p.replace("/", "\u2215") for p in PAYLOADS if "\x00" not in p and p.strip()][:20]
    for i, payload in enumerate(usable):
        folder = tmp_path / "subs" / f"{payload[:60].strip()}{i}"
        folder.mkdir(parents=True)
        save_case(reference.model_copy(update={"coder": f"c{i}"}), folder / "coding.yaml")
    (tmp_path / "subs" / "<b>broken<b>.yaml").write_text("id: [", encoding="utf-8")
    summary = summarise(collect(tmp_path / "subs", vignette), vignette, resamples=0)
    assert len(summary.used) == len(usable)
    out = write_html(summary, tmp_path / "summary.html")
    visit = Visit(browser, out)
    page = visit.page
    assert visit.dialogs == [] and visit.requests == [visit.url]
    assert page.locator("b:text-is('broken')").count() == 0
    assert page.locator(INJECTED_SELECTOR).count() == 0
    body = re.sub(r"\s+", " ", page.evaluate("document.body.innerText"))
    for i, payload in enumerate(usable):
        shown = re.sub(r"\s+", " ", f"{payload[:60].strip()}{i}").strip()
        assert shown in body, payload
    assert "<b>broken<b>" in body
    assert visit.errors == []
    page.close()
