"""Every chart validates against the Vega-Lite schema, names every case (or, past 20, says
how many it draws), keeps each case's colour and shape, marks what was not assessed, and has
a title and a text description; with 2, 8 and 30 cases. Static charts invite no click."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

import casebench
from casebench.charts import CHARTS, all_charts, case_colours
from casebench.charts._common import CASE_SHAPES, MAX_CASE_MARKS
from casebench.charts.palette import CATEGORY20, OKABE_ITO, VIRIDIS, palette, viridis
from casebench.comparison import Comparison, compare
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.synthetic import synthetic_cases


@pytest.fixture(scope="module")
def farr() -> Framework:
    return casebench.load_framework("farr2017")


@pytest.fixture(scope="module", params=[2, 8, 30], ids=["2 cases", "8 cases", "30 cases"])
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


def _case_scales(spec: dict, ids: list[str], kind: str = "#") -> list[dict]:
    """Scales whose domain is the case ids: colour scales (``kind`` "#") or shape scales."""
    return [
        n["scale"]
        for n in _walk(spec)
        if isinstance(n.get("scale"), dict)
        and n["scale"].get("domain") == ids
        and str(n["scale"].get("range", [""])[0]).startswith("#") == (kind == "#")
    ]


def _title(spec: dict) -> str:
    title = spec.get("title", "")
    return title.get("text", "") if isinstance(title, dict) else str(title)


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_validates_and_names_every_case(comparison: Comparison, name: str) -> None:
    spec = CHARTS[name](comparison).to_dict(validate=True)
    text = json.dumps(spec, ensure_ascii=False)
    ids = comparison.case_ids
    named = [case_id for case_id in ids if f'"{case_id}"' in text]
    if len(ids) <= MAX_CASE_MARKS or name in {"matrix", "similarity"}:  # a column per case
        assert named == ids, f"{name} does not name {set(ids) - set(named)}"
    else:  # a distribution over every case: it says how many it rests on
        assert f"{len(ids)} cases" in spec["description"] or f"of {len(ids)}" in text
    assert _title(spec) and spec.get("description")
    assert len(spec["description"]) > 80  # a sentence or two, not a label


@pytest.mark.parametrize(
    "name", ["profiles", "divergence", "power", "levels_of_change", "coverage"]
)
def test_case_keeps_its_colour_and_shape(comparison: Comparison, name: str) -> None:
    ids = comparison.case_ids
    spec = CHARTS[name](comparison).to_dict()
    scales = _case_scales(spec, ids)
    if len(ids) > MAX_CASE_MARKS:
        assert not scales, f"{name} draws a mark per case past {MAX_CASE_MARKS} cases"
        return
    assert scales, f"{name} has no case colour scale"
    expected = list(case_colours(ids).values())
    assert all(s["range"] == expected for s in scales)
    if name in {"profiles", "divergence"}:  # point marks: shape too, for greyscale
        shapes = _case_scales(spec, ids, kind="shape")
        assert shapes and shapes[0]["range"] == [
            CASE_SHAPES[i % len(CASE_SHAPES)] for i in range(len(ids))
        ]
        pairs = set(zip(expected, shapes[0]["range"], strict=True))
        assert len(pairs) == len(ids)


@pytest.mark.parametrize("name", list(CHARTS))
def test_static_charts_invite_no_click(comparison: Comparison, name: str) -> None:
    spec = CHARTS[name](comparison, interactive=False).to_dict(validate=True)
    text = json.dumps(spec, ensure_ascii=False).lower()
    assert "click" not in text
    assert not [n for n in _walk(spec) if n.get("params")], f"{name} keeps a selection"


def test_divergence_marks_every_case_even_unrated(farr: Framework) -> None:
    cases = synthetic_cases(farr, 5, seed=9, not_assessed=0.4)
    comparison = compare(cases, farr, min_rated=2)
    spec = CHARTS["divergence"](comparison).to_dict()
    shown = comparison.divergence[comparison.divergence["ranked"]].head(15)
    points = next(
        d["values"]
        for d in [spec.get("datasets", {})]
        for d in [{"values": v} for v in d.values()]
        if d["values"] and "filled" in d["values"][0]
    )
    assert len(points) == len(shown) * 5  # no case dropped from any row
    hollow = [p for p in points if not p["filled"]]
    assert hollow and all(p["status"] == "not assessed" for p in hollow)
    assert all(p["x"] == -1 for p in hollow)  # the "not assessed" column, left of the scale
    assert "not assessed" in json.dumps(spec)


def test_levels_of_change_status_by_panel_not_opacity(comparison: Comparison) -> None:
    spec = CHARTS["levels_of_change"](comparison).to_dict()
    titles = [p.get("title") for p in spec["vconcat"][0]["hconcat"]]
    assert titles == ["Achieved", "Partial", "Not achieved"]
    assert '"opacity": {"field"' not in json.dumps(spec)


def test_section_titles_are_told_apart_by_their_part(comparison: Comparison) -> None:
    text = json.dumps(CHARTS["profiles"](comparison).to_dict(), ensure_ascii=False)
    assert "Social interaction (Figure 1)" in text
    assert "Social interaction (Realist elements)" in text
    assert "(figure1)" not in text


def test_many_cases_draw_distributions_not_the_first_twenty(farr: Framework) -> None:
    comparison = compare(synthetic_cases(farr, 80, seed=2), farr)
    matrix = CHARTS["matrix"](comparison).to_dict()
    assert "how 80 cases rated" in _title(matrix)
    similarity = CHARTS["similarity"](comparison).to_dict()
    assert "3160 pairs of 80 cases" in _title(similarity)
    profiles = json.dumps(CHARTS["profiles"](comparison).to_dict())
    assert "of 80 cases rated" in profiles


def test_viridis_steps() -> None:
    assert viridis(2) == [VIRIDIS[0], VIRIDIS[-1]]
    assert viridis(9) == list(VIRIDIS) and len(set(viridis(5))) == 5


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
    large = compare(synthetic_cases(farr, 12, seed=3), farr)

    def height(spec: dict) -> float:
        return spec["vconcat"][0]["height"] if "vconcat" in spec else spec["height"]

    for name in ("profiles", "power", "coverage", "divergence"):
        assert height(CHARTS[name](large).to_dict()) > height(CHARTS[name](small).to_dict())


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
        "none is ranked" in charts["divergence"].to_dict()["description"]
        or "No question was rated by both cases" in charts["divergence"].to_dict()["description"]
    )
