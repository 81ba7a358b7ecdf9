"""The page ``casebench synthesis --format html`` writes, in headless Chromium with the
network cut off: nothing requested but the file, both charts drawn, no console error; axe-core
finds no serious or critical violation at full width and at 320 CSS px; injection payloads in
every free-text field of the configurations stay text. (The same section inside the report is
covered by test_report_browser.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import OfflineVisit as Visit
from browser import chromium
from casebench.cli import main
from report_payloads import INJECTED_SELECTOR, MARKER, PAYLOADS, write_injected

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "data" / "sample_cases"
THEORY = ROOT / "data" / "theories" / "farr2017_initial.theory.yaml"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _write(tmp: Path, *extra: str) -> Path:
    out = tmp / "synthesis.html"
    assert (
        main(
            [
                "synthesis",
                str(SAMPLES),
                "--theory",
                str(THEORY),
                "--format",
                "html",
                "--title",
                "Realist synthesis",
                "-o",
                str(out),
                *extra,
            ]
        )
        == 0
    )
    return out


@pytest.mark.parametrize("static", [False, True], ids=["interactive", "static"])
def test_offline_charts_drawn_no_error(browser: Any, tmp_path: Path, static: bool) -> None:
    visit = Visit(browser, _write(tmp_path, *(["--static"] if static else [])))
    assert visit.requests == [visit.url]
    marks = visit.page.evaluate(
        "Array.from(document.querySelectorAll('.casebench-chart'))"
        ".map(e => e.querySelectorAll('svg path, svg rect, svg text').length)"
    )
    assert len(marks) == 2 and all(n > 0 for n in marks), marks
    assert visit.page.locator(".casebench-chart:has-text('could not be drawn')").count() == 0
    assert visit.errors == []
    links = visit.page.evaluate(
        "Array.from(document.querySelectorAll('a[href^=\"#ev-\"]'))"
        ".filter(a => !document.getElementById(a.getAttribute('href').slice(1))).length"
    )
    assert links == 0, "every evidence link reaches its quote"
    visit.page.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_serious_violation(browser: Any, tmp_path: Path, width: int) -> None:
    visit = Visit(browser, _write(tmp_path), width)
    serious = visit.axe_serious()
    assert serious == [], "\n".join(serious)
    if width == 320:
        assert visit.page.evaluate("document.documentElement.scrollWidth") <= 320
    visit.page.close()


def test_injection_payloads_stay_text(browser: Any, tmp_path: Path) -> None:
    files, framework = write_injected(tmp_path / "cases")
    out = tmp_path / "injected.html"
    title = PAYLOADS[0]
    assert (
        main(
            [
                "synthesis",
                *map(str, files),
                "--framework",
                str(framework),
                "--format",
                "html",
                "--title",
                title,
                "-o",
                str(out),
            ]
        )
        == 0
    )
    visit = Visit(browser, out)
    page = visit.page
    for chart in page.locator(".casebench-chart").all():  # tooltips get the payloads too
        marks = chart.locator("svg [class*='mark-rect'] path")
        for i in range(min(3, marks.count())):
            marks.nth(i).hover(force=True, timeout=5_000)
    assert visit.dialogs == [] and visit.requests == [visit.url]
    assert page.locator(INJECTED_SELECTOR).count() == 0
    assert (
        page.evaluate(
            "m => Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
            ".some(a => a.value.includes(m) && a.name !== 'aria-label')).length",
            MARKER,
        )
        == 0
    )
    body = re.sub(r"\s+", " ", page.evaluate("document.body.innerText"))
    for payload in PAYLOADS:
        assert re.sub(r"\s+", " ", payload).strip() in body, payload
    assert page.title() == title and page.locator("h1").inner_text() == title
    assert visit.errors == []
    page.close()
