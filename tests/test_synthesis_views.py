"""Views of a synthesis: the chart data and specs, the report section and the HTML page
(user text escaped, links to evidence that resolve, headings and tables well formed)."""

from __future__ import annotations

import html
import json
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from casebench import load_case, load_framework
from casebench.anchors import EvidenceLinks
from casebench.charts.synthesis import (
    cmo_layers_chart,
    layers_data,
    matrix_data,
    mechanism_case_matrix,
)
from casebench.models.case import Case, CmoConfiguration, FrameworkRef
from casebench.report.realist import page, render_section
from casebench.synthesis import synthesise
from casebench.synthetic import PLANTED_MECHANISM, planted_realist_cases, planted_theory
from casebench.theoryio import read_theory
from report_payloads import PAYLOADS, write_injected, write_injected_theory

FARR = load_framework("farr2017")
PER_CASE = EvidenceLinks(per_case=True)
ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "data" / "sample_cases").glob("*.yaml"))


def anchor(ref: str) -> str:
    """The evidence block of a configuration (``case/cmo``) in a detailed report or page."""
    case_id, cmo_id = ref.split("/", 1)
    return PER_CASE.configuration(case_id, cmo_id, "")


@pytest.fixture(scope="module")
def planted():
    cases = planted_realist_cases(FARR, seed=1)
    return cases, synthesise(cases, planted_theory(), framework=FARR)


def test_matrix_data_one_cell_per_mechanism_and_case(planted) -> None:
    cases, s = planted
    data = matrix_data(s)
    assert not data.duplicated(["mechanism_code", "case_id"]).any()
    sponsor = data[data["mechanism_code"] == PLANTED_MECHANISM].set_index("case_id")["direction"]
    assert sponsor.to_dict() == {
        cases[0].id: "positive",
        cases[1].id: "positive",
        cases[2].id: "positive",
        cases[3].id: "negative",
    }


def test_matrix_marks_a_case_whose_configurations_went_different_ways() -> None:
    ref = FrameworkRef(id="farr2017", version="1.0.0")
    cmos = [
        CmoConfiguration(
            id=f"c{i}",
            context="c",
            mechanism="m",
            mechanism_code="m",
            outcome="o",
            outcome_direction=d,  # type: ignore[arg-type]
        )
        for i, d in enumerate(("positive", "negative"))
    ]
    s = synthesise([Case(id="a", title="A", framework=ref, cmo=cmos)])
    assert list(matrix_data(s)["direction"]) == ["varies"]
    assert list(matrix_data(s)["n"]) == [2]


def test_layers_link_widths_count_cases(planted) -> None:
    cases, s = planted
    nodes, links = layers_data(s)
    link = links[
        (links["source"] == "senior_leader_involved") & (links["target"] == PLANTED_MECHANISM)
    ]
    assert link["n_cases"].tolist() == [3]
    assert link["cases"].iloc[0] == ", ".join(c.id for c in cases[:3])
    to_outcome = links[(links["kind"] == "outcome") & (links["source"] == PLANTED_MECHANISM)]
    assert sorted(to_outcome["direction"]) == ["negative", "positive"]
    assert set(nodes["layer"]) == {"Context condition", "Mechanism", "Outcome"}
    # every link ends at nodes that exist, at their positions
    position = {(r.x, r.label): r.y for r in nodes.itertuples()}
    for r in links.itertuples():
        assert position[(r.x, r.source)] == r.y and position[(r.x2, r.target)] == r.y2


@pytest.mark.parametrize("build", [mechanism_case_matrix, cmo_layers_chart])
def test_chart_specs_validate_and_describe_themselves(build, planted) -> None:
    spec = build(planted[1]).to_dict()  # validated against the Vega-Lite schema
    assert spec["title"] and len(spec["description"]) > 80


def _expressions(node: Any) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"expr", "labelExpr", "test", "filter", "calculate"} and isinstance(
                value, str
            ):
                found.append(value)
            found += _expressions(value)
    elif isinstance(node, list):
        for value in node:
            found += _expressions(value)
    return found


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory):
    from casebench.registry import read_framework

    files, framework_file = write_injected(tmp_path_factory.mktemp("inject"))
    from casebench.registry import FrameworkSet
    from casebench.validation import load_case as load

    frameworks = FrameworkSet([read_framework(framework_file)])
    theory_file = write_injected_theory(tmp_path_factory.mktemp("theory"))
    return synthesise([load(f, frameworks) for f in files], read_theory(theory_file))


@pytest.mark.parametrize("build", [mechanism_case_matrix, cmo_layers_chart])
def test_user_text_stays_out_of_vega_expressions(build, injected) -> None:
    spec = build(injected).to_dict()
    if build is mechanism_case_matrix:  # its tooltips show outcome text: payloads, as data
        assert "cbx" in json.dumps(spec)
    assert not [e for e in _expressions(spec) if "cbx" in e]


def test_section_escapes_every_payload(injected) -> None:
    section = str(render_section(injected, static=True).html)
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in section
    text = html.unescape(re.sub(r"<[^>]+>", " ", section))
    shown = re.sub(r"\s+", " ", text)
    for payload in PAYLOADS:  # each is in some configuration, condition or quote
        assert re.sub(r"\s+", " ", payload).strip() in shown, payload
    assert "<script" not in section


def _well_formed(markup: str) -> None:
    ids = re.findall(r'\bid="([^"]+)"', markup)
    assert len(ids) == len(set(ids)), "element ids are unique"
    for target in re.findall(r'href="#([^"]+)"', markup):
        assert target in ids, target
    assert markup.count("<table>") == markup.count("<caption>") > 0
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", markup)]
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    heads = re.findall(r"<thead>(.*?)</thead>", markup, re.S)
    assert all(th == '<th scope="col">' for h in heads for th in re.findall(r"<th\b[^>]*>", h))


def test_section_of_the_paper_cases_links_every_row_to_its_quotes() -> None:
    cases = [load_case(p) for p in SAMPLES]
    theory = read_theory(ROOT / "data" / "theories" / "farr2017_initial.theory.yaml", FARR)
    s = synthesise(cases, theory, framework=FARR)
    section = str(render_section(s, static=True, title="Realist comparison").html)
    markup = page(s, static=True, generated="2017-12-01")
    _well_formed(re.sub(r"<script\b.*?</script>", "", markup, flags=re.S))
    refs = set(s.configurations["ref"])
    assert len(refs) == len(cases[0].cmo) + len(cases[1].cmo)
    for ref in refs:  # every configuration has its block of quotes, and the section links it
        assert f'id="{anchor(ref)}"' in markup and f'href="#{anchor(ref)}"' in section
    for row in s.demi_regularities.itertuples():
        for ref in row.refs:
            assert f'href="#{anchor(ref)}"' in section
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
    for quote in s.evidence["quote"]:  # the quotes are in the page's evidence blocks
        assert " ".join(quote.split()) in shown, quote
    text = html.unescape(re.sub(r"<[^>]+>", " ", section))
    assert text.count("constructed by the coder") >= 12
    assert "RAMESES II" in text and "Wong" in text
    assert "cuts_make_rhetoric" in text and "refuted" in text


def test_section_without_detail_links_each_mechanism_once(planted) -> None:
    section = str(render_section(planted[1], static=True, detailed=False).html)
    assert 'class="cb-evidence"' not in section and 'href="#ev-' not in section
    assert f'href="#evs-cmo-{PLANTED_MECHANISM}"' in section
    assert "--format md" in section


def test_configuration_anchors_never_collide() -> None:
    a = PER_CASE.configuration("a_b", "c", "m")
    assert a != PER_CASE.configuration("a", "b_c", "m")
    assert a != PER_CASE.question("a_b", "c") and a.startswith("ev-a_b-cmo-")


@pytest.mark.parametrize("static", [False, True], ids=["interactive", "static"])
def test_page_is_self_contained(static: bool, planted) -> None:
    markup = page(planted[1], title="Planted <patterns>", static=static, generated="2017-12-01")
    assert markup.startswith("<!DOCTYPE html>") and '<html lang="en">' in markup
    assert "<title>Planted &lt;patterns&gt;</title>" in markup
    markup_only = re.sub(r"(<script\b[^>]*>).*?</script>", r"\1", markup, flags=re.S)
    assert not re.search(r"<(script|img|iframe|link)\b[^>]*\b(src|href)=", markup_only)
    assert markup.count('id="casebench-vega-bundle"') == (0 if static else 1)
    assert markup.count('class="casebench-chart') == 2
    _well_formed(re.sub(r"<script\b.*?</script>", "", markup, flags=re.S))


def test_report_names_stay_functions_once_every_report_module_is_loaded() -> None:
    """A report module named like a public function would shadow it (``report.synthesis``
    became the module once imported): every public name is still the function."""
    import importlib
    import pkgutil

    from casebench import report

    for module in pkgutil.iter_modules(report.__path__):
        importlib.import_module(f"casebench.report.{module.name}")
    assert [name for name in report.__all__ if not callable(getattr(report, name))] == []
