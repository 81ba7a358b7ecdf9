"""Snapshots of the report on the sample cases: each part's HTML and each chart's Vega-Lite
spec, compared with the files in ``__snapshots__/`` (syrupy), so that any change to what a
report shows is a reviewable diff. A missing snapshot fails (syrupy writes snapshots only
with ``--snapshot-update``); nothing in them depends on the time, the version or chance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import casebench
from casebench.charts import CHARTS, VIEW_CHARTS
from casebench.report import notebook
from casebench.report.context import ReportContext, prepare
from casebench.report.figures import chart_spec

SAMPLES = Path(__file__).parents[1] / "data" / "sample_cases"
STAMP = "2017-12-01T09:30:00Z"
PARTS = [render.__name__ for render in notebook.renderers()]
VIEWS = {"focus", "groups"}
"""Parts shown only when asked for: snapshotted on a context with a focus and groups."""


@pytest.fixture(scope="module")
def context() -> ReportContext:
    return prepare([SAMPLES], generated=STAMP)


@pytest.fixture(scope="module")
def views() -> ReportContext:
    """The samples with the focus and group views: the health case against the other, and
    the cases by sector."""
    return prepare([SAMPLES], generated=STAMP, focus="nhs_ebcd_breast_cancer", by="sector")


def _stable(text: str) -> str:
    """The casebench version put aside (a release changes it, not the report)."""
    return text.replace(f"casebench {casebench.__version__}", "casebench <version>").replace(
        f"<dd>{casebench.__version__}</dd>", "<dd><version></dd>"
    )


def _pretty(html: str) -> str:
    """One element per line: a change shows as a few lines of diff, not one long line."""
    return html.replace("><", ">\n<")


@pytest.mark.parametrize("name", PARTS)
def test_part_html(name: str, context: ReportContext, views: ReportContext, snapshot: Any) -> None:
    render = dict(zip(PARTS, notebook.renderers(), strict=True))[name]
    if name in VIEWS:
        assert render(context) is None  # not asked for: the notebook cell shows nothing
    part = render(views if name in VIEWS else context)
    assert part is not None
    assert _pretty(_stable(str(part.html))) == snapshot


@pytest.mark.parametrize("name", [*CHARTS, *VIEW_CHARTS])
def test_chart_spec(name: str, context: ReportContext, views: ReportContext, snapshot: Any) -> None:
    chosen = views if name in VIEW_CHARTS else context
    spec = chart_spec(name, chosen.comparison, chosen.links)
    spec.pop("$schema")  # names the Vega-Lite version, which Altair's release decides
    assert json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) == snapshot


def test_a_missing_snapshot_fails_a_plain_run(tmp_path: Path) -> None:
    """With the project's pytest settings, a snapshot that is not stored fails the test
    and is not written (only ``--snapshot-update`` writes one)."""
    import subprocess
    import sys

    root = Path(__file__).parents[1]
    probe = tmp_path / "test_probe.py"
    probe.write_text("def test_probe(snapshot):\n    assert 'new' == snapshot\n", encoding="utf-8")
    config = ["-c", str(root / "pyproject.toml"), "--rootdir", str(tmp_path)]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *config, str(probe)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed" in result.stdout and "does not exist" in result.stdout
    assert not (tmp_path / "__snapshots__").exists()
