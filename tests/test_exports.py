"""Exports read back equal to the tables; Markdown and LaTeX name every case and escape;
charts render offline to SVG and PNG."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from casebench import exports
from casebench.charts import similarity_heatmap
from casebench.comparison import TABLE_NAMES, Comparison, compare
from casebench.models.case import Case
from casebench.models.framework import Framework

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def comparison(tiny_cases: list[Case], tiny_framework: Framework) -> Comparison:
    return compare(tiny_cases, tiny_framework)


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    """Cells as the text a CSV holds: missing values empty, the rest str()."""
    return table.astype(object).where(table.notna(), "").map(str)


def test_csv_reads_back_equal(comparison: Comparison) -> None:
    texts = exports.tables_to_csv(comparison)
    assert list(texts) == list(TABLE_NAMES)
    for name, table in comparison.tables().items():
        back = pd.read_csv(io.StringIO(texts[name]), dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(back, _as_text(table), check_dtype=False, obj=name)


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    return table.astype(object).where(table.notna(), None)


def test_xlsx_has_one_sheet_per_table_equal_to_it(comparison: Comparison) -> None:
    sheets = pd.read_excel(io.BytesIO(exports.tables_to_xlsx(comparison)), sheet_name=None)
    assert list(sheets) == list(TABLE_NAMES)
    for name, table in comparison.tables().items():
        back = sheets[name]
        # Excel has no text type for "4": read_excel gives numbers back for number-like text
        text_columns = [c for c in table.columns if table[c].dtype == "str"]
        back[text_columns] = back[text_columns].map(
            lambda v: v if pd.isna(v) else str(int(v)) if isinstance(v, float | int) else v
        )
        pd.testing.assert_frame_equal(_plain(back), _plain(table), check_dtype=False, obj=name)


def test_json_is_documented_shape_with_null_not_nan(comparison: Comparison) -> None:
    text = exports.comparison_to_json(comparison)
    assert "NaN" not in text
    data = json.loads(text)
    assert data["format"] == "casebench-compare/2"
    assert data["framework"] == {
        "id": "tiny",
        "version": "1.0.0",
        "title": "A tiny framework for tests",
    }
    assert [c["id"] for c in data["cases"]] == ["a", "b", "c"]
    assert list(data["tables"]) == list(TABLE_NAMES)
    q4 = next(r for r in data["tables"]["matrix"] if r["question_id"] == "q4")
    assert q4["a"] is None and q4["b"] == "3" and q4["b.evidence"] == 1
    doc = (Path(__file__).parents[1] / "docs" / "compare-json.md").read_text(encoding="utf-8")
    for name, records in data["tables"].items():
        assert f"### `{name}`" in doc
        for column in records[0]:
            if "." not in column and column not in {"a", "b", "c"}:
                assert f"`{column}`" in doc, f"{name}.{column} is not documented"


def test_json_focus_and_group_tables_are_documented(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    cases = [c.model_copy(update={"sector": s}) for c, s in zip(tiny_cases, "xxy", strict=True)]
    data = json.loads(
        exports.comparison_to_json(compare(cases, tiny_framework, focus="b", by="sector"))
    )
    names = ["focus", "groups", "group_profiles", "group_ratings", "group_divergence"]
    assert list(data["tables"])[-7:] == [*names, "group_power", "group_outcomes"]
    doc = (Path(__file__).parents[1] / "docs" / "compare-json.md").read_text(encoding="utf-8")
    for name in list(data["tables"])[-7:]:
        assert f"`{name}`" in doc
        for column in data["tables"][name][0]:
            assert f"`{column}`" in doc, f"{name}.{column} is not documented"


def test_json_is_linear_in_the_cases_by_default() -> None:
    import casebench
    from casebench.synthetic import synthetic_cases

    farr = casebench.load_framework("farr2017")
    sizes = {}
    for n in (20, 40):
        comparison = compare(synthetic_cases(farr, n, seed=1), farr)
        data = json.loads(exports.comparison_to_json(comparison))
        sizes[n] = len(data["tables"]["similarity"])
        assert sizes[n] <= 5 * n
        full = json.loads(exports.comparison_to_json(comparison, pairs="all"))
        assert len(full["tables"]["similarity"]) == n * (n - 1) // 2


def test_markdown_matrix(comparison: Comparison) -> None:
    text = exports.matrix_to_markdown(comparison)
    header = text.splitlines()[0]
    assert header == "| Section | Question | a | b | c |"
    assert "a\\|b" in text  # the pipe in q1's text cannot split the row
    q1 = next(line for line in text.splitlines() if "q1" in line)
    assert q1.count(" | ") == 4 and q1.endswith("| 4 \\[2\\] | 1 | 2 |")
    q4 = next(line for line in text.splitlines() if "q4" in line)
    assert q4.endswith("| — | 3 \\[1\\] | 0 |")


def test_latex_matrix_escapes(comparison: Comparison) -> None:
    text = exports.matrix_to_latex(comparison)
    assert "\\begin{longtable}{p{7cm}ccc}" in text
    assert "Question & a & b & c \\\\" in text
    assert (
        "Costs of 50\\% \\& \\$5 \\#1 \\{x\\} \\textasciitilde{} \\textasciicircum{} "
        "\\textbackslash{} \\_ a|b?"
    ) in text
    assert "\\textbf{Section one}" in text and "\\textbf{Section two}" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a_b", "a\\_b"),
        ("100%", "100\\%"),
        ("x & y", "x \\& y"),
        ("\\", "\\textbackslash{}"),
        ("{}", "\\{\\}"),
        ("#$", "\\#\\$"),
        ("~^", "\\textasciitilde{}\\textasciicircum{}"),
        ("line\nbreak", "line break"),
    ],
)
def test_escape_latex(raw: str, escaped: str) -> None:
    assert exports.escape_latex(raw) == escaped


def test_latex_names_case_ids_with_underscores(
    tiny_cases: list[Case], tiny_framework: Framework
) -> None:
    renamed = [c.model_copy(update={"id": f"{c.id}_x"}) for c in tiny_cases[:2]]
    text = exports.matrix_to_latex(compare(renamed, tiny_framework))
    assert "a\\_x & b\\_x" in text


def test_text_summary_names_cases_and_marks_thin(comparison: Comparison) -> None:
    text = exports.comparison_to_text(comparison)
    assert text.startswith("3 cases compared along tiny 1.0.0: a, b, c")
    s2 = next(line for line in text.splitlines() if line.startswith("s2"))
    assert s2.split() == ["s2", "1.00*", "0.50", "4.00*"]
    assert "29 of over 36" in text and "under 81%" in text


def test_chart_svg_and_png(comparison: Comparison) -> None:
    chart = similarity_heatmap(comparison)
    svg = exports.chart_to_svg(chart)
    assert svg.startswith("<svg") and "Similarity between cases" in svg
    assert exports.chart_to_png(chart, scale=1).startswith(PNG_SIGNATURE)


def test_write_tables(comparison: Comparison, tmp_path: Path) -> None:
    written = exports.write_tables(comparison, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == sorted(
        [f"{t}.csv" for t in TABLE_NAMES]
        + ["comparison.xlsx", "comparison.json", "matrix.md", "matrix.tex"]
    )
    assert all(p.exists() and p.stat().st_size > 0 for p in written)
    assert not list((tmp_path / "out").glob(".*tmp"))  # no temporary files left
    back = pd.read_csv(tmp_path / "out" / "similarity.csv")
    assert back["case_a"].tolist() == ["a", "a", "b"]


def test_write_bytes_atomic_replaces(tmp_path: Path) -> None:
    target = tmp_path / "x.bin"
    exports.write_bytes_atomic(target, b"one")
    exports.write_bytes_atomic(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in tmp_path.iterdir()] == ["x.bin"]


def test_write_charts_refuses_unknown_format(comparison: Comparison, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'gif'"):
        exports.write_charts(comparison, tmp_path, ["gif"])
