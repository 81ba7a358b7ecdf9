"""The report in headless Chromium with the network cut off: nothing requested but the file,
every chart drawn, no console error; axe-core finds no serious or critical violation, at
full width and at 320 CSS px (400% zoom); and injection payloads in every free-text field
stay text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import OfflineVisit, chromium
from casebench.report import build
from report_payloads import INJECTED_SELECTOR, MARKER, PAYLOADS, write_injected

N_CHARTS = 9
MARKS = "svg [class*='mark-'] path, svg [class*='mark-'] rect, svg [class*='mark-'] text, canvas"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build.write(out=tmp_path_factory.mktemp("report") / "report.html")


@pytest.fixture(scope="module")
def static_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build.write(out=tmp_path_factory.mktemp("static") / "report.html", static=True)


class Visit(OfflineVisit):
    """A page of the report opened from disk, every other request aborted and recorded."""

    def __init__(self, browser: Any, path: Path, width: int = 1280) -> None:
        super().__init__(browser, path, width, charts=N_CHARTS)

    def marks_per_chart(self) -> list[int]:
        return self.page.evaluate(
            "s => Array.from(document.querySelectorAll('.casebench-chart'))"
            ".map(e => e.querySelectorAll(s).length)",
            MARKS,
        )


def test_offline_every_chart_drawn_no_error(browser: Any, sample_report: Path) -> None:
    visit = Visit(browser, sample_report)
    assert visit.requests == [visit.url], "nothing but the file itself is requested"
    marks = visit.marks_per_chart()
    assert len(marks) == N_CHARTS and all(n > 0 for n in marks), marks
    assert visit.page.locator(".casebench-chart:has-text('could not be drawn')").count() == 0
    assert visit.page.locator(".vega-embed details").count() == 0  # no unlabelled menu
    assert visit.errors == []
    visit.page.close()


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("static", [False, True], ids=["interactive", "static"])
def test_axe_finds_no_serious_violation(
    browser: Any, request: pytest.FixtureRequest, width: int, static: bool
) -> None:
    report = request.getfixturevalue("static_report" if static else "sample_report")
    visit = Visit(browser, report, width)
    serious = visit.axe_serious()
    assert serious == [], "\n".join(serious)
    visit.page.close()


def test_reflows_at_400_percent_zoom(browser: Any, sample_report: Path) -> None:
    visit = Visit(browser, sample_report, width=320)
    page = visit.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    outside = page.evaluate(
        "Array.from(document.querySelectorAll('table, .casebench-chart'))"
        ".filter(e => !e.closest('.cb-scroll')).length"
    )
    assert outside == 0, "wide tables and charts scroll inside their own box"
    scrollers = page.locator(".cb-scroll")
    assert scrollers.count() > N_CHARTS
    assert page.evaluate(
        "Array.from(document.querySelectorAll('.cb-scroll'))"
        ".every(e => e.tabIndex === 0 && e.getAttribute('aria-label'))"
    )
    visit.page.close()


def _hover_marks(page: Any) -> str:
    """Hover a few marks of every chart; the tooltips' text."""
    shown = []
    for chart in page.locator(".casebench-chart").all():
        marks = chart.locator("svg [class*='mark-symbol'] path, svg [class*='mark-rect'] path")
        hovered = 0
        for i in range(marks.count()):
            if hovered == 3:
                break
            box = marks.nth(i).bounding_box()
            if not box or not box["width"] or not box["height"]:
                continue  # a zero-length bar (a count of 0) cannot be hovered
            hovered += 1
            marks.nth(i).hover(force=True, timeout=5_000)
            page.wait_for_timeout(50)
            shown.append(
                page.evaluate(
                    "(document.getElementById('vg-tooltip-element') || {}).innerText || ''"
                )
            )
    return "\n".join(shown)


@pytest.mark.parametrize("static", [False, True], ids=["interactive", "static"])
def test_injection_payloads_stay_text(browser: Any, tmp_path: Path, static: bool) -> None:
    files, framework = write_injected(tmp_path / "cases")
    title = PAYLOADS[0] + " " + PAYLOADS[16]
    out = build.write(
        files, tmp_path / "injected.html", framework=str(framework), title=title, static=static
    )
    visit = Visit(browser, out)
    page = visit.page
    tooltips = "" if static else _hover_marks(page)
    page.locator("details").evaluate_all("els => els.forEach(e => { e.open = true; })")
    page.wait_for_timeout(200)
    assert visit.dialogs == []
    assert visit.requests == [visit.url]
    assert page.locator(INJECTED_SELECTOR).count() == 0
    assert (
        page.evaluate(
            "m => Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
            ".some(a => a.value.includes(m) && a.name !== 'aria-label')).length",
            MARKER,
        )
        == 0
    )
    assert (
        page.evaluate(
            "Array.from(document.querySelectorAll('style')).filter(s => s.textContent"
            ".includes('cbx')).length"
        )
        == 0
    )
    body = re.sub(r"\s+", " ", page.evaluate("document.body.innerText"))
    for payload in PAYLOADS:
        assert re.sub(r"\s+", " ", payload).strip() in body, payload
    assert page.title() == title
    assert page.locator("h1").inner_text() == title
    if not static:
        assert "cbx" in tooltips, "tooltips showed the payloads, as text"
    assert all(n > 0 for n in visit.marks_per_chart())
    assert visit.errors == []
    page.close()


def test_clicking_a_heatmap_cell_opens_its_evidence(browser: Any, sample_report: Path) -> None:
    visit = Visit(browser, sample_report, width=1280)
    page = visit.page
    rated = page.locator("#figure-matrix svg g.mark-rect").nth(1).locator("path")
    assert rated.count() > 10
    cell = rated.nth(7)
    cell.scroll_into_view_if_needed()
    cell.hover(force=True)
    page.wait_for_timeout(100)
    tooltip = page.evaluate("document.getElementById('vg-tooltip-element').innerText")
    case = re.search(r"Case\s+(\S+)", tooltip)
    question = re.search(r"Question\s+(.+)", tooltip)
    assert case and question, tooltip
    cell.click(force=True)
    page.wait_for_function("location.hash.startsWith('#ev-')", timeout=5_000)
    anchor = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert anchor.startswith(f"ev-{case.group(1)}-")
    block = page.locator(f"details[id='{anchor}']")
    page.wait_for_function(  # scrolled to a whole pixel: its top may be half a pixel above
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top > -1 && r.top < window.innerHeight; }",
        arg=anchor,
        timeout=5_000,
    )
    assert block.evaluate("e => e.open")
    assert block.evaluate(  # every block around it is open too
        "e => { for (let p = e.parentElement; p; p = p.parentElement)"
        " if (p.tagName === 'DETAILS' && !p.open) return false; return true; }"
    )
    summary = block.locator(":scope > summary").inner_text()
    assert question.group(1).strip()[:40] in summary
    assert block.locator(".cb-quote, .cb-no-quote").count() >= 1  # the evidence itself
    assert visit.errors == []
    page.close()


def test_print_is_a4_unsplit_with_link_targets(browser: Any, sample_report: Path) -> None:
    visit = Visit(browser, sample_report)
    page = visit.page
    page.emulate_media(media="print")
    styles = page.evaluate(
        "() => ({"
        " figure: getComputedStyle(document.querySelector('.cb-figure')).breakInside,"
        " table: getComputedStyle(document.querySelector('table')).breakInside,"
        " link: getComputedStyle(document.querySelector('a[href^=\"#ev-\"]'), '::after')"
        ".content })"
    )
    assert styles["figure"] == "avoid" and styles["table"] == "avoid"
    assert "#ev-" in styles["link"], styles  # where a link leads is printed beside it
    closed = page.evaluate("document.querySelectorAll('details:not([open])').length")
    assert closed > 0
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("document.querySelectorAll('details:not([open])').length") == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.querySelectorAll('details:not([open])').length") == closed
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes and all(
        abs(float(w) - 595.92) < 1 and abs(float(h) - 842.88) < 1 for w, h in boxes
    ), boxes[:3]  # A4 in points
    page.close()
