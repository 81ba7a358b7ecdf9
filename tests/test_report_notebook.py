"""The report as a notebook a team extends: ``casebench report init`` copies notebook 04,
the team adds narrative and charts, drops sections, and ``casebench report --notebook``
runs it (parameters injected by papermill, executed by nbclient, exported by nbconvert).
A failing cell is one line naming the cell, and nothing is written."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from casebench.cli import main
from casebench.report.ipynb import BUNDLED

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"
N_CHARTS = 9  # the seven of the comparison, and the synthesis section's two


def _init(tmp_path: Path, capsys: Any) -> Path:
    path = tmp_path / "team" / "my_report.ipynb"
    assert main(["report", "init", str(path)]) == 0
    assert f"wrote {path}" in capsys.readouterr().out
    assert path.read_bytes() == BUNDLED.read_bytes()
    return path


def _cell_index(nb: Any, source: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.source == source)


def _markup(page: str) -> str:
    return re.sub(r"(<script\b[^>]*>).*?</script>", r"\1", page, flags=re.S | re.I)


@pytest.fixture(scope="module")
def team_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A customised copy: narrative after the matrix, a chart of the team's own (a bare
    Altair chart) and a framed one, the power section dropped; run from the command line."""
    folder = tmp_path_factory.mktemp("team")
    path = folder / "my_report.ipynb"
    assert main(["report", "init", str(path)]) == 0
    nb = nbformat.read(path, as_version=4)
    at = _cell_index(nb, "report.matrix(context)") + 1
    nb.cells[at:at] = [
        nbformat.v4.new_markdown_cell(
            "## Our reading of the matrix\n\nThe *innovation lab* and the EBCD project "
            "differ most on who sets the agenda (team note 7f3a)."
        ),
        nbformat.v4.new_code_cell(
            "import casebench.charts\n\ncasebench.charts.coverage_chart(context.comparison)"
        ),
        nbformat.v4.new_code_cell(
            "import altair as alt\n\n"
            "ours = alt.Chart(context.comparison.tidy).mark_bar().encode(\n"
            "    x='count():Q', y='case_id:N'\n"
            ").properties(title='Team chart: questions per case',\n"
            "             description='Bar chart counting questions per case (team 7f3b).')\n"
            "report.figure(ours, context)"
        ),
    ]
    del nb.cells[_cell_index(nb, "report.power(context)")]
    nbformat.write(nb, path)
    out = folder / "out.html"
    argv = ["report", "--notebook", str(path), str(SAMPLES), "-o", str(out), "--keep-notebook"]
    assert main(argv) == 0
    return out, out.read_text(encoding="utf-8")


def test_team_narrative_and_charts_are_in_the_report(team_report: tuple[Path, str]) -> None:
    _, page = team_report
    markup = _markup(page)
    assert re.search(r"<h2 id=\"Our-reading-of-the-matrix\">Our reading of the matrix", markup)
    assert "<em>innovation lab</em>" in markup and "team note 7f3a" in markup
    assert "Team chart: questions per case" in markup and "team 7f3b" in markup
    # the team's two charts join the bundled eight (power dropped), all drawn offline
    assert page.count('class="casebench-chart"') == N_CHARTS - 1 + 2
    assert page.count('id="casebench-vega-bundle"') == 1
    order = [
        markup.index('id="matrix"'),
        markup.index("Our reading of the matrix"),
        markup.index("Team chart: questions per case"),
        markup.index('id="profiles"'),
    ]
    assert order == sorted(order)
    # the contents lists the sections the notebook shows, and only those
    nav = re.search(r'<nav class="cb-contents".*?</nav>', markup, re.S)
    assert nav is not None
    assert 'href="#power"' not in nav.group(0) and 'id="power"' not in markup
    assert 'href="#matrix"' in nav.group(0) and 'href="#evidence"' in nav.group(0)
    assert "report.matrix" not in markup and "import altair" not in markup  # no code shown


def test_parameters_are_injected_and_recorded(team_report: tuple[Path, str]) -> None:
    out, _ = team_report
    kept = nbformat.read(out.with_suffix(".ipynb"), as_version=4)
    tags = [c.metadata.get("tags", []) for c in kept.cells]
    at = tags.index(["parameters"])
    assert tags[at + 1] == ["injected-parameters"]
    assert kept.cells[at + 1].id == "injected-parameters"
    params = kept.metadata["papermill"]["parameters"]
    assert params["case_paths"] == [str(SAMPLES.resolve())]
    assert f"case_paths = {json.dumps([str(SAMPLES.resolve())])}" in kept.cells[at + 1].source


def test_an_error_in_a_team_cell_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: Any
) -> None:
    path = _init(tmp_path, capsys)
    nb = nbformat.read(path, as_version=4)
    at = _cell_index(nb, "report.methods(context)") + 1
    bad = nbformat.v4.new_code_cell("# our chart\nreport.matrix(contxt)")
    bad["id"] = "our-chart"
    nb.cells.insert(at, bad)
    nbformat.write(nb, path)
    out = tmp_path / "out.html"
    assert main(["report", "--notebook", str(path), str(SAMPLES), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"{path}: error: cell {at + 1} (id our-chart, `# our chart`) failed: "
        "NameError: name 'contxt' is not defined"
    ]
    assert not out.exists() and not list(tmp_path.glob("*.html*"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a valid notebook"),
        ('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "no cell tagged"),
    ],
    ids=["not-json", "no-parameters-cell"],
)
def test_a_bad_notebook_is_one_line(
    tmp_path: Path, capsys: Any, content: str, message: str
) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "out.html"
    assert main(["report", "--notebook", str(path), str(SAMPLES), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{path}: error: {message}")
    assert not out.exists()


def test_init_keeps_an_existing_notebook(tmp_path: Path, capsys: Any) -> None:
    path = _init(tmp_path, capsys)
    path.write_text("our edits", encoding="utf-8")
    assert main(["report", "init", str(path)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "our edits"
    assert main(["report", "init", str(path), "--force"]) == 0
    assert path.with_name(path.name + ".bak").read_text(encoding="utf-8") == "our edits"
    assert main(["report", "init", str(tmp_path / "report.html")]) == 2
    assert "ends in .ipynb" in capsys.readouterr().err


def test_a_team_chart_in_a_static_report_is_inline_svg() -> None:
    """``prepare(static=True)`` switches Altair to casebench's SVG renderer, so a bare chart
    in a team's cell is drawn like the report's static charts: inline SVG, no script."""
    import altair as alt

    from casebench.display import enable_offline_charts

    chart = alt.Chart(alt.Data(values=[{"a": 1}, {"a": 3}])).mark_bar().encode(x="a:Q")
    chart = chart.properties(description="Two bars <b>as text</b>")
    before = alt.renderers.active
    try:
        enable_offline_charts(static=True)
        bundle = alt.renderers.get()(chart.to_dict())
    finally:
        alt.renderers.enable(before)
    shown = bundle["text/html"]
    assert shown.startswith('<div class="casebench-chart cb-static" role="img" aria-label="Two')
    assert "&lt;b&gt;as text&lt;/b&gt;" in shown and "<svg" in shown and "<script" not in shown
