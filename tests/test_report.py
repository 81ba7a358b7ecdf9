"""``casebench report``: one self-contained HTML file made by nbconvert from notebook 04.

What the file holds, that it loads nothing, that user text stays text, that bad input and
personal data stop it with nothing written. The browser checks are in
test_report_browser.py."""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

import casebench
from casebench import compare, load_case
from casebench.cli import main
from casebench.report import build, notebook
from casebench.report.ipynb import BUNDLED
from casebench.report.reflection import prompts
from notebooks import NOTEBOOKS
from report_payloads import PAYLOADS, write_injected

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
STAMP = "2017-12-01T09:30:00Z"
N_CHARTS = 9


@pytest.fixture(scope="module")
def sample_report() -> tuple[str, Any]:
    return build.run(generated=STAMP)


@pytest.fixture(scope="module")
def samples() -> Any:
    return compare([load_case(p) for p in SAMPLE_FILES])


def _markup(page: str) -> str:
    """The page with the contents of its scripts (the Vega bundle, chart specs) left out."""
    return re.sub(r"(<script\b[^>]*>).*?</script>", r"\1", page, flags=re.S | re.I)


def _text(page: str) -> str:
    """The page's text, tags dropped and entities decoded (scripts and styles left out)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_one_file_that_loads_nothing(sample_report: tuple[str, Any]) -> None:
    page, _ = sample_report
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    markup = _markup(page)
    assert not re.search(
        r"<(script|img|iframe|link|object|embed)\b[^>]*\b(src|href|data)=", markup, re.I
    )
    assert (
        re.findall(r"<script\b[^>]*>", markup)
        == ['<script type="text/javascript" id="casebench-vega-bundle">']
        + ['<script type="text/javascript">'] * N_CHARTS
        + ["<script>"]  # the page's own: opens the evidence a link leads to
    )
    assert "@import" not in markup and "url(" not in markup
    for cdn in ("require.min.js", "require.js", "MathJax", "mermaid", "cdn.jsdelivr", "unpkg"):
        assert cdn not in page
    assert page.count('id="casebench-vega-bundle"') == 1  # Vega inlined once, not per chart
    assert page.count('class="casebench-chart"') == N_CHARTS
    assert page.count("window.vegaEmbed(el, spec, opts)") == N_CHARTS


def test_inputs_prompts_and_parameters_hidden(sample_report: tuple[str, Any]) -> None:
    page, executed = sample_report
    assert "jp-InputArea" not in page and "In&nbsp;[" not in page
    assert "case_paths" not in page and "report.prepare(" not in page
    assert "What for:" not in page  # cells tagged remove-cell are notes for the editors
    assert "jp-RenderedText" not in page  # nothing printed (no warnings in the report)
    tags = [c.metadata.get("tags", []) for c in executed.cells]
    assert ["injected-parameters"] in tags  # the executed notebook records its parameters
    mimes = {m for c in executed.cells for o in c.get("outputs", []) for m in o.get("data", {})}
    assert mimes == {"text/html", "text/plain"} and "widgets" not in executed.metadata


def test_structure_for_assistive_technology(sample_report: tuple[str, Any]) -> None:
    page = _markup(sample_report[0])
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", page)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    heads = re.findall(r"<thead>(.*?)</thead>", page, re.S)
    assert heads and all(re.findall(r"<th\b", h) for h in heads)
    assert all(th == '<th scope="col">' for h in heads for th in re.findall(r"<th\b[^>]*>", h))
    assert page.count("<table>") == page.count("<caption>")
    figures = re.findall(r'<figure class="cb-figure".*?</figure>', page, re.S)
    assert len(figures) == N_CHARTS
    for figure in figures:
        assert "<figcaption><strong>" in figure and "<details><summary>" in figure
        assert "<table>" in figure.split("<details>")[1]  # the data drawn, as a table
        assert 'role="img" aria-label="' in figure


def test_contents_methods_and_matrix(sample_report: tuple[str, Any], samples: Any) -> None:
    page, _ = sample_report
    text = _text(page)
    for anchor in (
        "methods",
        "matrix",
        "profiles",
        "divergence",
        "power",
        "change",
        "cmo",
        "reflect",
        "provenance",
    ):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    for case in samples.cases:
        assert f"{case.period.months:g} months" in text
        for source in case.sources:
            assert f"{source.count} {source.kind.replace('_', ' ')}" in text
        assert case.summary.split(".")[0] in text
    for _, row in samples.matrix.iterrows():
        assert f"{row['question_id']}: {row['question_text']}" in text


def test_divergence_evidence_quote_by_quote(sample_report: tuple[str, Any], samples: Any) -> None:
    text = _text(sample_report[0])
    top = samples.divergence.iloc[0]
    for case in samples.cases:
        assessment = case.assessments[top["question_id"]]
        for evidence in assessment.evidence:
            assert re.sub(r"\s+", " ", f"{evidence.quote} — {evidence.attribution}") in text
    assert "NHS Staff 23" in text


def test_power_change_cmo_reflection(sample_report: tuple[str, Any], samples: Any) -> None:
    text = _text(sample_report[0])
    for case in samples.cases:
        for observation in case.power:
            assert re.sub(r"\s+", " ", observation.description) in text
        for outcome in case.outcomes:
            assert re.sub(r"\s+", " ", outcome.description) in text
    assert "29 of over 36" in text and "under 81%" in text
    for code in samples.mechanisms["mechanism_code"]:
        assert code in text
    picked = prompts(samples)
    assert picked, "the sample cases disagree on several Figure 1 questions"
    for prompt in picked:
        assert re.sub(r"\s+", " ", prompt.question_text) in text
    assert (
        "Figure 1: “Understanding power dynamics in co-production and co-design processes”" in text
    )


def _link_targets(page: str) -> tuple[set[str], set[str], set[str]]:
    """Ids in the page, in-page links of its markup, and those of its chart specs."""
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    markup = set(re.findall(r'\bhref="#([^"]+)"', _markup(page)))
    specs = set(re.findall(r'"href":"#([^"]+)"', page))
    return ids, markup, specs


def test_every_number_links_to_its_evidence(sample_report: tuple[str, Any], samples: Any) -> None:
    page, _ = sample_report
    ids, markup, specs = _link_targets(page)
    assert not (markup | specs) - ids, "every link leads somewhere in the page"
    blocks = set(re.findall(r'<details class="cb-evidence" id="([^"]+)"', page))
    for case in samples.cases:
        for qid, assessment in case.assessments.items():
            if assessment.judged:  # rated, answered or found absent
                assert f"ev-{case.id}-{qid}" in blocks
                # the matrix table's cell and the heatmap's cell both lead to it
                assert f"ev-{case.id}-{qid}" in markup and f"ev-{case.id}-{qid}" in specs
        for observation in case.power:
            assert f"ev-{case.id}-power-{observation.dimension}" in specs
    sections = {
        f"ev-{c.id}-section-{s.id}" for c in samples.cases for s in samples.framework.sections
    }
    assert sections & specs == sections & blocks and sections & specs  # profile dots
    # the appendix holds every quote of every judgement
    appendix = _text(page[page.index('id="evidence"') :])
    for case in samples.cases:
        for assessment in case.assessments.values():
            for evidence in assessment.evidence:
                assert re.sub(r"\s+", " ", evidence.quote) in appendix


def test_provenance(sample_report: tuple[str, Any]) -> None:
    text = _text(sample_report[0])
    for path in SAMPLE_FILES:
        case = load_case(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"{path.name} {case.id} {case.coder} {case.coded_on} {digest}" in text
    framework = resources.files("casebench") / "frameworks" / "farr2017.yaml"
    digest = hashlib.sha256(framework.read_bytes()).hexdigest()
    assert f"Framework file sha256 {digest}" in text
    assert f"casebench version {casebench.__version__}" in text
    assert "farr2017 1.0.0" in text and f"Generated (UTC) {STAMP}" in text
    assert str(SAMPLES.parent) not in text  # no local folder names in a shared file


def test_stored_notebook_is_the_one_the_package_runs() -> None:
    stored = NOTEBOOKS / "04_comparison_report.ipynb"
    assert stored.read_bytes() == BUNDLED.read_bytes()
    cells = json.loads(BUNDLED.read_text(encoding="utf-8"))["cells"]
    assert all(not c.get("outputs") for c in cells)  # stored without outputs
    tags = [c["metadata"].get("tags", []) for c in cells]
    assert tags.count(["parameters"]) == 1
    shown = [c["source"] for c in cells if c["cell_type"] == "code"][2:]
    assert all(len(src) == 1 and src[0].startswith("report.") for src in shown)  # one call each


def test_user_text_is_escaped_and_kept_out_of_vega_expressions(tmp_path: Path) -> None:
    files, framework = write_injected(tmp_path)
    context = notebook.prepare(files, framework=str(framework), generated=STAMP)
    page = "".join(str(part.html) for part in notebook.parts(context))
    for payload in PAYLOADS:
        if "<" in payload:
            assert payload not in page
        assert str(escape(payload)) in page  # the summary shows every payload as text
    assert "<script" not in page.replace('<script type="text/javascript">', "")
    from casebench.charts import CHARTS
    from casebench.report.figures import chart_spec

    def expressions(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [
                str(v)
                for k, v in node.items()
                if k
                in {"expr", "labelExpr", "test", "calculate", "filter", "signal", "update", "on"}
            ]
            return found + [e for v in node.values() for e in expressions(v)]
        if isinstance(node, list):
            return [e for v in node for e in expressions(v)]
        return []

    for name in CHARTS:
        found = expressions(chart_spec(name, context.comparison))
        assert not [e for e in found if "cbx" in e], name


# ------------------------------------------------------------------ command line


def _copy_samples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(p, folder / p.name)) for p in SAMPLE_FILES]


def test_personal_data_stops_the_report(tmp_path: Path, capsys: Any) -> None:
    first, _ = _copy_samples(tmp_path / "cases")
    text = first.read_text(encoding="utf-8").replace(
        "summary: >-\n", "summary: >-\n  Contact jo.bloggs@example.org or 07700 900123.\n", 1
    )
    first.write_text(text, encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["report", str(tmp_path / "cases"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        f"{first}:" in err
        and ": error: summary: possible personal data: e-mail address j***@***.org" in err
    )
    assert "phone number 077** ******" in err and "jo.bloggs" not in err
    assert "nothing written" in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob("*.html*"))
    assert main(["report", str(tmp_path / "cases"), "-o", str(out), "--allow-personal-data"]) == 0
    assert "jo.bloggs@example.org" in out.read_text(encoding="utf-8")


def test_personal_data_in_the_title_stops_the_report(tmp_path: Path, capsys: Any) -> None:
    _copy_samples(tmp_path / "cases")
    out = tmp_path / "report.html"
    assert (
        main(
            [
                "report",
                str(tmp_path / "cases"),
                "-o",
                str(out),
                "--title",
                "Ask jo.bloggs@example.org",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "--title: error: title: possible personal data: e-mail address j***@***.org" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["{tmp}/cases/local_gov_innovation_lab.yaml"], "a report compares two or more cases"),
        (
            ["{tmp}/cases", "--sections", "who_involved,nope"],
            "--sections: error: no section 'nope'",
        ),
        (["{tmp}/missing"], "no such file or folder"),
        (["{tmp}/bad"], "error: assessments.pp_diversity.rating: "),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    argv: list[str], message: str, tmp_path: Path, capsys: Any
) -> None:
    _copy_samples(tmp_path / "cases")
    bad = _copy_samples(tmp_path / "bad")[0]
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("rating: 3", "rating: 9", 1), encoding="utf-8"
    )
    out = tmp_path / "out.html"
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(["report", *argv, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_sections_option_keeps_only_those_sections(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert (
        main(
            [
                "report",
                str(SAMPLES),
                "-o",
                str(out),
                "--sections",
                "who_involved",
                "--title",
                "Who is involved",
            ]
        )
        == 0
    )
    page = out.read_text(encoding="utf-8")
    assert "<title>Who is involved</title>" in page
    assert "pp_diversity:" in page and "si_speak_freely" not in page
    assert "Sections included: who_involved" in page


def test_static_charts_are_inline_svg_with_no_script(tmp_path: Path) -> None:
    out = tmp_path / "static.html"
    assert main(["report", "--static", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert re.findall(r"<script\b[^>]*>", page) == ["<script>"]  # the page's own, no Vega
    assert page.count('<div class="casebench-chart cb-static" role="img"') == N_CHARTS
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # SVG gradient ids made unique across charts


def test_keep_notebook_reruns_to_the_same_report(tmp_path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    out = tmp_path / "report.html"
    assert main(["report", str(SAMPLES), "-o", str(out), "--keep-notebook"]) == 0
    kept = nbformat.read(out.with_suffix(".ipynb"), as_version=4)
    nbformat.validate(kept)
    rerun = nbformat.from_dict(json.loads(json.dumps(kept)))
    for cell in rerun.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    NotebookClient(rerun, timeout=300, kernel_name="python3").execute()

    def shown(nb: Any) -> list[str]:
        texts = [o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", [])]
        return [re.sub(r"casebench-chart-[0-9a-f]{12}", "chart-id", t) for t in texts]

    # the Vega bundle and 12 parts (the focus and groups cells show nothing unless asked for)
    assert shown(rerun) == shown(kept) and len(shown(kept)) == 13


def test_per_folder_writes_one_report_per_group(tmp_path: Path, capsys: Any) -> None:
    for group in ("wave_one", "wave_two"):
        _copy_samples(tmp_path / "groups" / group)
    out = tmp_path / "reports"
    assert (
        main(
            ["report", "--per-folder", str(tmp_path / "groups"), "-o", str(out), "--title", "Waves"]
        )
        == 0
    )
    written = sorted(p.name for p in out.iterdir())
    assert written == ["wave_one.html", "wave_two.html"]
    assert "<title>Waves: wave_two</title>" in (out / "wave_two.html").read_text(encoding="utf-8")
    bad = tmp_path / "groups" / "wave_three"
    _copy_samples(bad)[0].write_text("id: [", encoding="utf-8")
    shutil.rmtree(out)
    assert main(["report", "--per-folder", str(tmp_path / "groups"), "-o", str(out)]) == 2
    assert "wave_three" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())  # every group checked before any write


def test_many_cases_are_summarised_and_every_case_charted(tmp_path: Path) -> None:
    from casebench import load_framework, save_case
    from casebench.synthetic import synthetic_cases

    for case in synthetic_cases(load_framework(), 30, seed=5):
        save_case(case, tmp_path / f"{case.id}.yaml")
    page = build.render([tmp_path])
    text = _text(page)
    assert "<h1>Comparison of 30 cases</h1>" in page
    assert "summarised per question" in page and "first 20" not in page
    assert page.count('class="casebench-chart"') == N_CHARTS
    assert "Distribution chart" in text
    assert "Distribution of the cases' mean rating per section" in text  # its data table
    for i in range(30):  # the evidence covers every case, not only the first twenty
        assert f"Synthetic case {i} (synthetic_{i:04d})" in text
    ids, markup, specs = _link_targets(page)
    assert specs and not (markup | specs) - ids  # links lead to the summarised evidence
    assert all(s.startswith("evs-") for s in specs)
    assert not re.search(r'id="ev-', page)  # no per-case blocks past 20 cases


def _three_cases(folder: Path) -> list[Path]:
    """The two samples and a third case, as a new user would write it: fewer questions
    assessed, a short title and an attribute."""
    from casebench import save_case

    folder.mkdir(parents=True, exist_ok=True)
    files = [Path(shutil.copy(p, folder)) for p in SAMPLE_FILES]
    nhs = load_case(SAMPLE_FILES[1] if "nhs" in SAMPLE_FILES[1].name else SAMPLE_FILES[0])
    kept = dict(list(nhs.assessments.items())[:30])
    third = nhs.model_copy(
        update={
            "id": "third_case",
            "title": "A third case written from the documentation, with a long title",
            "short_title": "Third case",
            "assessments": {
                qid: a.model_copy(update={"rating": 4 - a.rating}) if a.rating is not None else a
                for qid, a in kept.items()
            },
            "attributes": {"country": "Wales"},
        }
    )
    files.append(save_case(third, folder / "third.yaml") or folder / "third.yaml")
    return files


def test_the_evidence_covers_every_case(tmp_path: Path) -> None:
    context = notebook.prepare(_three_cases(tmp_path / "three"), generated=STAMP)
    parts = {p.anchor: str(p.html) for p in notebook.parts(context)}
    assert "focus" not in parts and "groups" not in parts  # not asked for
    assert "rated by at least 3 of the 3 cases" in _text(parts["divergence"])
    part = parts["distinctive"]
    text = _text(part)
    assert "What sets each case apart" in text
    for case in context.cases:
        assert f'id="distinctive-{case.id.replace("_", "-")}"' in part
        assert f"{case.short_name} ({case.id})" in text
    assert "Third case (third_case)" in text  # named by its short title
    third = context.comparison.distinctive(3).query("case_id == 'third_case'")
    assert not third.empty
    for qid in third["question_id"]:
        assert f"{qid}: " in text
        assert f'href="#ev-third_case-{qid}"' in part  # its rating links to its evidence
        for evidence in context.cases[-1].assessments[qid].evidence:
            assert re.sub(r"\s+", " ", evidence.quote) in text


def test_focus_and_groups_in_the_report(tmp_path: Path) -> None:
    files = _three_cases(tmp_path / "three")
    page = build.render(files, generated=STAMP, focus="third_case", by="country")
    text = _text(page)
    assert "Third case (third_case) against the other 2 cases" in text
    assert "One case against the others" in text and "Groups of cases" in text
    assert "grouped by country" in text and "Wales" in text and "(not recorded)" in text
    assert page.count('class="casebench-chart"') == N_CHARTS + 2
    contents = re.search(r'<nav class="cb-contents".*?</nav>', page, re.S)
    assert contents and '<a href="#focus">' in contents[0] and '<a href="#groups">' in contents[0]
    ids, markup, specs = _link_targets(page)
    table = compare([load_case(f) for f in files], focus="third_case").focus_table
    assert table is not None
    top = table.loc[table["ranked"], "question_id"].iloc[0]
    assert f"ev-third_case-{top}" in specs  # the focus chart's marks link to the evidence
    assert not (markup | specs) - ids
    with pytest.raises(casebench.InputError, match="no case 'nobody'"):
        build.check(files, focus="nobody")
    with pytest.raises(casebench.InputError, match="no attribute 'colour'"):
        build.check(files, by="colour")


def test_no_paths_and_no_samples_is_a_clear_error(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setattr(casebench, "__file__", str(tmp_path / "site" / "casebench" / "x.py"))
    with pytest.raises(casebench.InputError, match="sample cases are not here"):
        build.sample_cases_folder()
