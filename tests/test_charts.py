"""Every chart validates against the Vega-Lite schema, names every case, keeps each case's
colour, and has a title and a text description; with 2 cases and with 30."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import casebench
from casebench.charts import CHARTS, all_charts, case_colours
from casebench.charts.palette import CATEGORY20, OKABE_ITO, palette
from casebench.comparison import Comparison, compare
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.synthetic import synthetic_cases


@pytest.fixture(scope="module")
def farr() -> Framework:
    return casebench.load_framework("farr2017")


@pytest.fixture(scope="module", params=[2, 30], ids=["2 cases", "30 cases"])
def comparison(request: pytest.FixtureRequest, farr: Framework) -> Comparison:
    return compare(synthetic_cases(farr, request.param, seed=11), farr)


def _walk(node: Any) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _case_scales(spec: dict, ids: list[str]) -> list[dict]:
    """Colour scales whose domain is the case ids."""
    return [
        n["scale"]
        for n in _walk(spec)
        if isinstance(n.get("scale"), dict) and n["scale"].get("domain") == ids
    ]


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_validates_and_names_every_case(comparison: Comparison, name: str) -> None:
    chart = CHARTS[name](comparison)
    spec = chart.to_dict(validate=True)
    text = json.dumps(spec, ensure_ascii=False)
    for case_id in comparison.case_ids:
        assert f'"{case_id}"' in text, f"{name} does not name {case_id}"
    assert spec.get("title") and spec.get("description")
    assert len(spec["description"]) > 80  # a sentence or two, not a label


@pytest.mark.parametrize(
    "name", ["profiles", "divergence", "power", "levels_of_change", "coverage"]
)
def test_case_keeps_its_colour(comparison: Comparison, name: str) -> None:
    ids = comparison.case_ids
    spec = CHARTS[name](comparison).to_dict()
    scales = _case_scales(spec, ids)
    assert scales, f"{name} has no case colour scale"
    expected = list(case_colours(ids).values())
    assert all(s["range"] == expected for s in scales)


def test_palette_okabe_ito_then_category20_then_distinct() -> None:
    assert palette(2) == ["#0072B2", "#D55E00"]
    assert palette(8) == list(OKABE_ITO)
    assert palette(12) == list(CATEGORY20[:12])
    thirty = palette(30)
    assert thirty[:20] == list(CATEGORY20) and len(set(thirty)) == 30
    assert all(c.startswith("#") and len(c) == 7 for c in thirty)
    assert case_colours(["x", "y"]) == {"x": "#0072B2", "y": "#D55E00"}


def test_matrix_section_list_filters_the_heatmap(comparison: Comparison) -> None:
    spec = CHARTS["matrix"](comparison).to_dict()
    params = [p for n in _walk(spec) for p in n.get("params", [])]
    assert any(p.get("name") == "section_pick" for p in params)
    filters = [n["filter"] for n in _walk(spec) if "filter" in n]
    assert {"param": "section_pick"} in filters
    # the tooltip has the full question text, the axis a shortened label
    lookups = [n["lookup"] for n in _walk(spec) if "lookup" in n and "from" in n]
    assert lookups and set(lookups) == {"question_id"}


def test_long_labels_are_truncated_with_full_text_kept(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    long_text = "How " + "very " * 30 + "long?"
    data = tiny_framework.model_dump()
    data["sections"][1]["questions"][0]["text"] = long_text
    framework = Framework.model_validate(data)
    spec = CHARTS["matrix"](compare(tiny_cases, framework)).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert long_text in text  # for the tooltip
    assert "q5: How very very" in text and "…" in text


def test_heights_grow_with_rows(farr: Framework) -> None:
    small = compare(synthetic_cases(farr, 2, seed=3), farr)
    large = compare(synthetic_cases(farr, 30, seed=3), farr)
    for name in ("profiles", "power", "coverage"):
        assert CHARTS[name](large).to_dict()["height"] > CHARTS[name](small).to_dict()["height"]


def test_all_charts_builds_each(tiny_cases: list[Case], tiny_framework: Framework) -> None:
    charts = all_charts(compare(tiny_cases, tiny_framework))
    assert list(charts) == list(CHARTS)
    for chart in charts.values():
        chart.to_dict(validate=True)


def test_blank_cases_still_chart(farr: Framework) -> None:
    blank = [casebench.new_case(i, i.upper(), farr) for i in ("x", "y")]
    charts = all_charts(compare(blank, farr))
    for name, chart in charts.items():
        spec = chart.to_dict(validate=True)
        assert spec["description"], name
    assert (
        "No question was rated by two or more cases"
        in charts["divergence"].to_dict()["description"]
    )
