"""Exports of a comparison: CSV and XLSX of every table, the matrix as Markdown and LaTeX,
the whole comparison as JSON (``docs/compare-json.md``), charts as SVG and PNG.

Renderers return ``str`` or ``bytes``; the ``write_*`` wrappers put them in files atomically.
Altair and vl-convert are imported only by the chart functions.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from casebench.comparison import PAIRS_PER_CASE, Comparison
from casebench.comparison.matrix import EVIDENCE_SUFFIX
from casebench.csvtext import frame_to_csv
from casebench.files import write_atomic

if TYPE_CHECKING:
    import altair as alt

JSON_FORMAT = "casebench-compare/2"
"""The ``format`` key of the JSON output; bumped when a key changes meaning or goes away."""

NOT_ASSESSED = "—"
"""What the Markdown and LaTeX matrices show for a question not assessed."""

# ----------------------------------------------------------------------------- tables


def table_to_csv(table: pd.DataFrame) -> str:
    """One table as CSV text (UTF-8, ``\\n`` line ends, missing values as empty cells); text
    that a spreadsheet would run as a formula is neutralised (see ``casebench.csvtext``)."""
    return frame_to_csv(table)


def tables_to_csv(comparison: Comparison, pairs: int | str = PAIRS_PER_CASE) -> dict[str, str]:
    """Every table as CSV text, by table name (``pairs``: see :meth:`Comparison.tables`)."""
    return {name: table_to_csv(table) for name, table in comparison.tables(pairs).items()}


def _sheet_name(name: str) -> str:
    return name[:31]  # Excel's limit


def _excel_safe(table: pd.DataFrame) -> pd.DataFrame:
    """Text Excel can hold: control characters it refuses become U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value

    return table.map(clean)


def tables_to_xlsx(comparison: Comparison, pairs: int | str = PAIRS_PER_CASE) -> bytes:
    """An Excel workbook with one sheet per table (sheet names are table names). User text
    is stored as text: a memo starting with "=" never becomes a live formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in comparison.tables(pairs).items():
            sheet = _sheet_name(name)
            _excel_safe(table).to_excel(writer, sheet_name=sheet, index=False)
            for row in writer.sheets[sheet].iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    return buffer.getvalue()


# ----------------------------------------------------------------------------- JSON


JSON_CHUNK_ROWS = 2000
"""Rows of a table turned into JSON at a time, so a large table never sits in memory twice."""


def _records_json(table: pd.DataFrame) -> Iterator[str]:
    """A table as a JSON array of records (NaN and NA written as null), written by pandas
    a chunk of rows at a time."""
    if table.empty:
        yield "[]"
        return
    for start in range(0, len(table), JSON_CHUNK_ROWS):
        chunk = table.iloc[start : start + JSON_CHUNK_ROWS].to_json(
            orient="records", force_ascii=False, double_precision=15
        )
        yield ("[" if start == 0 else ",") + chunk[1:-1]
    yield "]"


def _header(comparison: Comparison, pairs: int | str) -> dict[str, Any]:
    framework = comparison.framework
    return {
        "format": JSON_FORMAT,
        "framework": {"id": framework.id, "version": framework.version, "title": framework.title},
        "cases": [
            {
                "id": c.id,
                "title": c.title,
                "short_title": c.short_name,
                "sector": c.sector,
                "setting": c.setting,
                "approach": c.approach,
                "attributes": dict(c.attributes),
                "draft": c.draft,
            }
            for c in comparison.cases
        ],
        "thresholds": comparison.thresholds,
        "pairs": pairs,
        "focus": comparison.focus,
        "by": comparison.by,
    }


def json_pieces(
    comparison: Comparison, indent: int | None = 1, pairs: int | str = PAIRS_PER_CASE
) -> Iterator[str]:
    """The JSON text of :func:`comparison_to_json` in pieces, for writing to a stream
    without holding the whole text (a thousand cases make tens of megabytes)."""
    head = json.dumps(
        _header(comparison, pairs), ensure_ascii=False, indent=indent, allow_nan=False
    )
    yield head[:-1].rstrip() + ',\n"tables": {'
    for i, (name, table) in enumerate(comparison.tables(pairs).items()):
        yield ("\n" if i == 0 else ",\n") + json.dumps(name) + ": "
        yield from _records_json(table)
    yield "\n}\n}\n"


def comparison_to_json(
    comparison: Comparison, indent: int | None = 1, pairs: int | str = PAIRS_PER_CASE
) -> str:
    """The comparison as JSON text (NaN written as null, never as ``NaN``), documented in
    docs/compare-json.md. Each table is an array of records, on a line of its own; its size
    grows linearly with the cases (``pairs``: similarity pairs per case, or ``"all"``)."""
    return "".join(json_pieces(comparison, indent, pairs))


def comparison_to_data(comparison: Comparison, pairs: int | str = PAIRS_PER_CASE) -> dict[str, Any]:
    """The comparison as plain data with stable keys (documented in docs/compare-json.md)."""
    return json.loads(comparison_to_json(comparison, indent=None, pairs=pairs))


# ----------------------------------------------------------------------------- plain text


def comparison_to_text(comparison: Comparison, top: int = 10) -> str:
    """The plain-text summary ``casebench compare`` prints (see :mod:`casebench.plaintext`)."""
    from casebench.plaintext import comparison_to_text as summary

    return summary(comparison, top)


# ----------------------------------------------------------------------------- matrix text

_MD_SPECIAL = re.compile(r"([\\|*_`\[\]<>])")
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIAL))


def escape_markdown(text: str) -> str:
    """Text safe in a Markdown table cell: specials backslashed, line breaks as spaces."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def escape_latex(text: str) -> str:
    """Text safe in LaTeX: the ten special characters replaced by their commands."""
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group()], " ".join(text.split()))


def _cell(value: object, evidence: object) -> str:
    """A matrix cell for print: the value and, when there are quotes, their number."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_ASSESSED
    count = int(evidence)  # type: ignore[call-overload]
    return f"{value} [{count}]" if count else str(value)


def _matrix_rows(comparison: Comparison) -> Iterable[tuple[str, str, list[str]]]:
    """(section title, question label, cells) per question, in framework order."""
    matrix = comparison.matrix
    ids = comparison.case_ids
    values = matrix[ids].to_numpy(dtype=object)  # read as arrays: a thousand cases x 53 rows
    evidence = matrix[[cid + EVIDENCE_SUFFIX for cid in ids]].to_numpy()
    lead = zip(matrix["section_title"], matrix["question_id"], matrix["question_text"], strict=True)
    for k, (section, qid, text) in enumerate(lead):
        cells = [_cell(v, n) for v, n in zip(values[k], evidence[k], strict=True)]
        yield section, f"{qid}: {text}", cells


def _legend(comparison: Comparison) -> str:
    scale = comparison.framework.scales[comparison.framework.default_scale]
    levels = ", ".join(f"{lv.value} = {lv.label}" for lv in scale.levels)
    return (
        f"Ratings: {levels}. [n] = number of quotes; {NOT_ASSESSED} = not assessed; "
        "absent = looked for and not found (not a rating). "
        f"Framework: {comparison.framework.id} {comparison.framework.version}."
    )


def matrix_to_markdown(comparison: Comparison) -> str:
    """The framework matrix as a Markdown (GitHub) table, one row per question."""
    ids = comparison.case_ids
    head = ["Section", "Question", *ids]
    lines = [
        "| " + " | ".join(escape_markdown(h) for h in head) + " |",
        "|" + "|".join(["---"] * len(head)) + "|",
    ]
    for section, question, cells in _matrix_rows(comparison):
        row = [section, question, *cells]
        lines.append("| " + " | ".join(escape_markdown(c) for c in row) + " |")
    return "\n".join(lines) + "\n\n" + escape_markdown(_legend(comparison)) + "\n"


def matrix_to_latex(comparison: Comparison, question_width: str = "7cm") -> str:
    """The framework matrix as a LaTeX ``longtable`` (needs ``\\usepackage{longtable}``),
    with a spanning row per section; every text is escaped."""
    ids = comparison.case_ids
    n_cols = 1 + len(ids)
    lines = [
        "% requires \\usepackage{longtable}",
        f"\\begin{{longtable}}{{p{{{question_width}}}{'c' * len(ids)}}}",
        f"\\caption{{{escape_latex(_legend(comparison))}}}\\\\",
        "\\hline",
        "Question & " + " & ".join(escape_latex(cid) for cid in ids) + " \\\\",
        "\\hline",
        "\\endhead",
    ]
    current = None
    for section, question, cells in _matrix_rows(comparison):
        if section != current:
            current = section
            lines.append(
                f"\\multicolumn{{{n_cols}}}{{l}}{{\\textbf{{{escape_latex(section)}}}}} \\\\"
            )
        lines.append(" & ".join(escape_latex(c) for c in [question, *cells]) + " \\\\")
    lines += ["\\hline", "\\end{longtable}"]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- charts


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec of a chart, validated, with Altair's row limit lifted (offline
    rendering has no browser to protect)."""
    import altair as alt

    with alt.data_transformers.disable_max_rows():
        return chart.to_dict(validate=True)


def chart_to_svg(chart: alt.TopLevelMixin) -> str:
    """A chart as SVG text, rendered offline by vl-convert."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart_spec(chart))


def chart_to_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """A chart as PNG bytes (``scale`` 2 for sharp figures), rendered offline by vl-convert."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart_spec(chart), scale=scale)


# ----------------------------------------------------------------------------- files


def write_bytes_atomic(path: str | Path, data: bytes) -> Path:
    """Write bytes atomically (see :func:`casebench.files.write_atomic`), making folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, backup=False)
    return path


def _write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, backup=False)
    return path


def write_tables(
    comparison: Comparison, folder: str | Path, pairs: int | str = PAIRS_PER_CASE
) -> list[Path]:
    """``<table>.csv`` for every table, ``comparison.xlsx``, ``comparison.json``,
    ``matrix.md`` and ``matrix.tex`` in ``folder``; returns the paths written."""
    folder = Path(folder)
    written = [
        _write_text(folder / f"{name}.csv", text)
        for name, text in tables_to_csv(comparison, pairs).items()
    ]
    written.append(
        write_bytes_atomic(folder / "comparison.xlsx", tables_to_xlsx(comparison, pairs))
    )
    written.append(
        _write_text(folder / "comparison.json", comparison_to_json(comparison, pairs=pairs))
    )
    written.append(_write_text(folder / "matrix.md", matrix_to_markdown(comparison)))
    written.append(_write_text(folder / "matrix.tex", matrix_to_latex(comparison)))
    return written


def write_charts(
    comparison: Comparison, folder: str | Path, formats: Iterable[str] = ("svg", "png")
) -> list[Path]:
    """Every chart as ``<chart>.svg`` and/or ``<chart>.png`` in ``folder``, drawn for a
    static page (no selections, nothing inviting a click)."""
    from casebench.charts import all_charts

    formats = list(formats)
    unknown = sorted(set(formats) - {"svg", "png"})
    if unknown:
        raise ValueError(f"unknown chart format {unknown[0]!r} (expected svg or png)")
    folder = Path(folder)
    written: list[Path] = []
    for name, chart in all_charts(comparison, interactive=False).items():
        if "svg" in formats:
            written.append(_write_text(folder / f"{name}.svg", chart_to_svg(chart)))
        if "png" in formats:
            written.append(write_bytes_atomic(folder / f"{name}.png", chart_to_png(chart)))
    return written


__all__ = [
    "JSON_FORMAT",
    "chart_spec",
    "chart_to_png",
    "chart_to_svg",
    "comparison_to_data",
    "comparison_to_json",
    "comparison_to_text",
    "escape_latex",
    "escape_markdown",
    "json_pieces",
    "matrix_to_latex",
    "matrix_to_markdown",
    "table_to_csv",
    "tables_to_csv",
    "tables_to_xlsx",
    "write_bytes_atomic",
    "write_charts",
    "write_tables",
]
