"""The agreement figures as a text table, CSV or JSON."""

from __future__ import annotations

import json

import pandas as pd

from casebench.agreement.compute import SMALL_SAMPLE, Agreement
from casebench.agreement.statistics import CI_LEVEL
from casebench.csvtext import frame_to_csv


def _number(value: object, digits: int) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.{digits}f}"


def _interval(low: object, high: object) -> str:
    if pd.isna(low) or pd.isna(high):
        return "n/a"
    return f"[{low:.2f}, {high:.2f}]"


def _grid(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Fixed-width text columns: numbers right-aligned, text left-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), *(line(r) for r in rows)]


def _figure_rows(sections: pd.DataFrame, overall: pd.DataFrame) -> list[list[str]]:
    figures = pd.concat([sections, overall], ignore_index=True)
    return [
        [
            str(r["section"]),
            str(r["n_shared"]),
            _number(r["percent_agreement"], 1),
            _number(r["kappa"], 3),
            _interval(r["kappa_low"], r["kappa_high"]),
            _number(r["alpha"], 3),
            _interval(r["alpha_low"], r["alpha_high"]),
            str(r["n_alpha"]),
            str(r["note"]),
        ]
        for r in figures.to_dict("records")
    ]


def _methods(result: Agreement) -> list[str]:
    """What the figures rest on, said once under the tables."""
    lines = [
        f"Figures on fewer than {SMALL_SAMPLE} shared questions carry a caution: with so few, "
        "one disagreement moves kappa and alpha a long way.",
    ]
    if result.resamples:
        lines.append(
            f"Intervals: {CI_LEVEL:.0%} bootstrap percentile intervals, {result.resamples} "
            f"resamples of the questions (with replacement), seed {result.seed}."
        )
    else:
        lines.append("Intervals: not computed (0 resamples).")
    if len(result.coders) > 2:
        lines.append(
            f"With {len(result.coders)} coders, kappa is Fleiss' kappa (statsmodels), "
            "unweighted; alpha handles any number of coders and missing values."
        )
    if not result.sets.empty or not result.choice_overall.empty:
        lines.append(
            f"Sets (choice answers, power observations, outcomes): alpha with the "
            f"{result.set_distance.upper()} distance between the sets two coders gave; kappa "
            "only where every set holds one value."
        )
    if result.counted_once:
        pairs = ", ".join(f"{q} (as {t})" for q, t in result.counted_once)
        lines.append(
            "Overall figures count each restated question once, as the question it restates: "
            f"left out are {pairs}. Section figures keep them."
        )
    return lines


def render_table(result: Agreement) -> str:
    """Plain-text report: rating and status figures per section and overall, how they were
    computed, then every disagreement with each coder's evidence."""
    header = [
        "section",
        "shared",
        "agree %",
        "kappa",
        f"kappa {CI_LEVEL:.0%} CI",
        "alpha",
        f"alpha {CI_LEVEL:.0%} CI",
        "alpha n",
        "note",
    ]
    right = {1, 2, 3, 5, 7}
    lines = [
        f"Inter-coder agreement on case {result.case_id} ({result.framework})",
        f"coders: {', '.join(result.coders)}",
        "",
        f"Ratings of scale questions (kappa weights: {result.weights}; alpha: Krippendorff, "
        "ordinal)",
        *_grid(header, _figure_rows(result.per_section, result.overall), right),
        "",
        "Status of every question: assessed, absent or not assessed (whether a question was "
        "judged at all; kappa unweighted, alpha nominal)",
        *_grid(header, _figure_rows(result.status_per_section, result.status_overall), right),
        "",
        *_optional_blocks(result, header, right),
        *_methods(result),
        "",
    ]
    frame = result.disagreements
    lines.append(f"{len(frame)} disagreement(s)")
    for record in frame.to_dict("records"):
        ratings = ", ".join(
            f"{coder} {_rating_text(record[f'rating: {coder}'])}" for coder in result.coders
        )
        lines.append(f"- {record['question']} ({record['section']}, {record['kind']}): {ratings}")
        for coder in result.coders:
            for quote in str(record[f"evidence: {coder}"]).splitlines():
                lines.append(f"    {coder}: {quote}")
    return "\n".join(lines) + "\n"


def _optional_blocks(result: Agreement, header: list[str], right: set[int]) -> list[str]:
    """The choice-answer and set tables, when the framework has such things to compare."""
    lines: list[str] = []
    if not result.choice_overall.empty:
        lines += [
            "Answers to choice questions (the options chosen, compared as sets)",
            *_grid(header, _figure_rows(result.choice_per_section, result.choice_overall), right),
            "",
        ]
    if not result.sets.empty:
        lines += [
            "Power observations and outcomes, as sets (per dimension of power: the modes "
            "observed; per level of change: the statuses of its outcomes)",
            *_grid(header, _figure_rows(result.sets, result.sets.iloc[0:0]), right),
            "",
        ]
    return lines


def _rating_text(value: object) -> str:
    return "not rated" if value is None or pd.isna(value) else str(value)


def render_csv(result: Agreement) -> str:
    """The figures as CSV: one row per section, then overall, for ratings, statuses and
    choice answers, then one row each for power observations and outcomes as sets (the
    ``measure`` column tells them apart)."""
    parts = [
        pd.concat([result.per_section, result.overall]).assign(measure="rating"),
        pd.concat([result.status_per_section, result.status_overall]).assign(measure="status"),
        pd.concat([result.choice_per_section, result.choice_overall]).assign(measure="choice"),
        result.sets.assign(measure="set"),
    ]
    figures = pd.concat([p for p in parts if not p.empty], ignore_index=True)
    return frame_to_csv(figures)


def render_json(result: Agreement) -> str:
    """Everything as JSON: figures, how they were computed, coders, and the disagreements
    with their evidence."""

    def records(frame: pd.DataFrame) -> list[dict[str, object]]:
        out = []
        for record in frame.astype(object).to_dict("records"):
            out.append({k: None if _missing(v) else v for k, v in record.items()})
        return out

    data = {
        "case": result.case_id,
        "framework": result.framework,
        "coders": list(result.coders),
        "weights": result.weights,
        "per_section": records(result.per_section),
        "overall": records(result.overall)[0],
        "status_per_section": records(result.status_per_section),
        "status_overall": records(result.status_overall)[0],
        "choice_per_section": records(result.choice_per_section),
        "choice_overall": (records(result.choice_overall) or [None])[0],
        "sets": records(result.sets),
        "set_distance": result.set_distance,
        "bootstrap": {"resamples": result.resamples, "seed": result.seed, "level": CI_LEVEL},
        "small_sample": SMALL_SAMPLE,
        "counted_once": [{"question": q, "counted_as": t} for q, t in result.counted_once],
        "disagreements": records(result.disagreements),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
