"""The divergence and section-profile charts drawn by Vega in headless Chromium, measured:
for 2, 3 and 8 cases, every mark lies inside the band of the row (question or section) it
belongs to, and every case has a mark in every row, rated or not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import casebench
from browser import chromium
from casebench.charts import divergence_chart, section_profiles_chart
from casebench.comparison import Comparison, compare
from casebench.display import vega_bundle_html
from casebench.models.case import Assessment
from casebench.synthetic import synthetic_cases

MEASURE = """
async ([spec, field, scaleName]) => {
  const result = await vegaEmbed(document.getElementById('chart'), spec,
                                 {renderer: 'svg', actions: false});
  const view = result.view;
  const y = view.scale(scaleName);
  const band = y.bandwidth();
  const found = [];
  (function visit(node) {
    if (!node) return;
    if (node.marktype) {
      for (const item of node.items || []) {
        if (node.marktype === 'group') { (item.items || []).forEach(visit); }
        else if (node.role === 'mark' && item.datum && item.datum[field] !== undefined) {
          found.push([node, item]);
        }
      }
    } else { (node.items || []).forEach(visit); }
  })(view.scenegraph().root);
  return found.map(([node, item]) => {
    const drawn = item._svg.getBoundingClientRect();         // the rendered SVG element
    const top = node.group._svg.getScreenCTM().f + y(item.datum[field]);
    return {row: item.datum[field], kind: node.marktype, case: item.datum.case_id || null,
            top: top, bottom: top + band, y1: drawn.top, y2: drawn.bottom};
  });
}
"""


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_content(
            '<html><body><div id="chart"></div>' + str(vega_bundle_html()) + "</body></html>"
        )
        page.wait_for_function("window.vegaEmbed !== undefined")
        yield page
        page.close()


def _comparison(n: int) -> Comparison:
    """``n`` cases with a third of the answers not assessed, the last case rating nothing
    in one section, so that hollow marks and the "none rated" column are drawn too."""
    framework = casebench.load_framework("farr2017")
    cases = synthetic_cases(framework, n, seed=40 + n, not_assessed=0.35)
    last = cases[-1]
    blank = {
        qid: Assessment(status="not_assessed")
        for qid, info in framework.questions.items()
        if info.section.id == "realist_people"
    }
    cases[-1] = last.model_copy(update={"assessments": {**last.assessments, **blank}})
    return compare(cases, framework, min_rated=2)


def _measure(page: Any, spec: dict, field: str) -> list[dict]:
    page.evaluate("document.getElementById('chart').innerHTML = ''")
    return page.evaluate(MEASURE, [spec, field, "concat_0_y"])


@pytest.mark.parametrize("n", [2, 3, 8])
@pytest.mark.parametrize(
    ("chart", "field"),
    [(divergence_chart, "question_label"), (section_profiles_chart, "section_label")],
    ids=["divergence", "profiles"],
)
def test_every_mark_inside_its_row(page: Any, n: int, chart: Any, field: str) -> None:
    comparison = _comparison(n)
    marks = _measure(page, chart(comparison).to_dict(), field)
    points = [m for m in marks if m["kind"] == "symbol"]
    rows = {m["row"] for m in points}
    assert rows and len(points) == len(rows) * n  # a mark per case in every row
    for row in rows:
        assert {m["case"] for m in points if m["row"] == row} == set(comparison.case_ids)
    outside = [m for m in marks if m["y1"] < m["top"] - 0.5 or m["y2"] > m["bottom"] + 0.5]
    assert outside == [], outside[:3]
    assert all(m["y2"] - m["y1"] > 3 for m in points)  # drawn, with a size


def test_the_measure_sees_a_mark_outside_its_row(page: Any) -> None:
    """The check above can fail: a chart whose dots are centred on the band and dodged by a
    whole band, as the charts once did, is caught."""
    import altair as alt
    import pandas as pd

    data = pd.DataFrame(
        {"row": ["a", "a", "a", "b", "b", "b"], "case_id": list("xyz") * 2, "v": [1, 2, 3] * 2}
    )
    spec = alt.vconcat(
        alt.Chart(data)
        .mark_point(size=80)
        .encode(
            y=alt.Y("row:N", bandPosition=0.5),
            yOffset=alt.YOffset("case_id:N", scale=alt.Scale(padding=0)),
            x="v:Q",
        )
        .properties(height=60)
    ).to_dict()
    marks = _measure(page, spec, "row")
    assert any(m["y2"] > m["bottom"] + 0.5 for m in marks)
