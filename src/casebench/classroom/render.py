"""The class summary as plain text (the command's output) or as one self-contained HTML file.

The HTML is built with a Jinja2 template that escapes every value (students' names and file
names are text, never markup); the chart is drawn by the Vega bundle inlined once in the page,
so the file opens offline. Files are written atomically.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from casebench.agreement import SMALL_SAMPLE
from casebench.agreement.statistics import CI_LEVEL
from casebench.classroom.summary import HARDEST, ClassSummary
from casebench.files import write_atomic

MISSING = "—"


def _percent(value: object) -> str:
    return MISSING if value is None or pd.isna(value) else f"{float(value):.0%}"


def _number(value: object, digits: int = 2) -> str:
    return MISSING if value is None or pd.isna(value) else f"{float(value):.{digits}f}"


def _interval(row: pd.Series) -> str:
    kappa = _number(row["kappa_reference"])
    if pd.isna(row["kappa_reference_low"]):
        return kappa
    return f"{kappa} [{row['kappa_reference_low']:.2f}, {row['kappa_reference_high']:.2f}]"


def _alpha(summary: ClassSummary) -> str:
    if math.isnan(summary.class_alpha):
        return "Krippendorff's ordinal alpha: not defined (fewer than two students' ratings vary)"
    return f"Krippendorff's ordinal alpha over all students' ratings: {summary.class_alpha:.2f}"


def methods(summary: ClassSummary) -> list[str]:
    """What the figures rest on, said once."""
    lines = [
        "Agree with reference: the share of students who judged a question (a rating, or "
        "absent) and gave the reference coding's judgement.",
        "Spread: Leik's ordinal dispersion of the ratings (0 when every rating is the same, 1 "
        "when they are split between the two ends of the scale); absent is not a rating.",
        f"Hardest questions: the {HARDEST} with the lowest agreement with the reference, the "
        "widest spread first among equals.",
        "Kappa with reference: linear-weighted Cohen's kappa between the student's ratings and "
        "the reference's, over the questions both rated (casebench agreement).",
        "Kappa with the class: the same against the rest of the class's consensus: per question "
        "the status most of the others chose and, for a rating, their median.",
        f"With fewer than {SMALL_SAMPLE} shared questions one disagreement moves kappa a long "
        "way: read the figures as a guide to whom to talk to, not as marks.",
    ]
    if summary.resamples:
        lines.append(
            f"Intervals: {CI_LEVEL:.0%} bootstrap percentile intervals from {summary.resamples} "
            "resamples of the questions."
        )
    return lines


def render_text(summary: ClassSummary) -> str:
    """The summary as plain text: hardest questions, students, submissions not used."""
    used, total = len(summary.used), len(summary.submissions)
    lines = [
        f"Class summary: {summary.vignette.title} ({summary.vignette.id})",
        f"{used} of {total} submission(s) used. {_alpha(summary)}.",
        "",
        "Hardest questions:",
    ]
    for row in summary.hardest().itertuples(index=False):
        lines.append(
            f"  {row.rank}. {row.question}: {_percent(row.agree_reference)} agree with the "
            f"reference ({row.reference}); spread {_number(row.spread)}; most common "
            f"{row.modal}"
        )
    lines += ["", "Students (same as reference; kappa with reference; kappa with the class):"]
    for _, row in summary.students.iterrows():
        note = f"  ({row['note']})" if row["note"] else ""
        lines.append(
            f"  {row['student']}: judged {row['n_judged']} of {row['n_questions']}; "
            f"{_percent(row['same_as_reference'])}; {_interval(row)}; "
            f"{_number(row['kappa_class'])}{note}"
        )
    if summary.not_used:
        lines += ["", "Submissions not used:"]
        lines += [f"  {s.student} ({s.status}): {s.problem}" for s in summary.not_used]
    return "\n".join(lines) + "\n"


def _chart_html(summary: ClassSummary) -> str:
    from casebench.charts.classroom import rating_distribution_chart
    from casebench.display import chart_html

    order = summary.questions["question"].tolist()
    chart = rating_distribution_chart(summary.distribution, order)
    return chart_html(chart.to_dict())


def _distribution_rows(summary: ClassSummary) -> tuple[list[str], list[dict[str, object]]]:
    frame = summary.distribution
    answers = frame.sort_values("order").drop_duplicates("answer")["answer"].tolist()
    rows = []
    for question in summary.questions.itertuples(index=False):
        mine = frame[frame["question"] == question.question].set_index("answer")
        cells = [
            f"{int(mine.loc[a, 'count'])}{' ★' if bool(mine.loc[a, 'is_reference']) else ''}"
            for a in answers
        ]
        rows.append(
            {
                "question": question.question,
                "text": question.text,
                "cells": cells,
                "agree": _percent(question.agree_reference),
                "spread": _number(question.spread),
            }
        )
    return answers, rows


def render_html(summary: ClassSummary, *, title: str = "", generated: str = "") -> str:
    """The summary as one HTML page that opens offline."""
    import jinja2
    from markupsafe import Markup

    from casebench.display import vega_bundle_html

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("casebench.classroom", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    vignette = summary.vignette
    answers, distribution = _distribution_rows(summary)
    hardest = [
        {
            "question": row.question,
            "text": row.text,
            "reference": row.reference,
            "agree": _percent(row.agree_reference),
            "spread": _number(row.spread),
            "middle_half": row.middle_half or MISSING,
            "modal": row.modal,
        }
        for row in summary.hardest().itertuples(index=False)
    ]
    students = [
        {
            "student": row["student"],
            "judged": f"{row['n_judged']} of {row['n_questions']}",
            "same": _percent(row["same_as_reference"]),
            "kappa_reference": _interval(row),
            "kappa_class": _number(row["kappa_class"]),
            "file": row["file"],
            "note": row["note"],
        }
        for _, row in summary.students.iterrows()
    ]
    from importlib.metadata import PackageNotFoundError, version

    try:
        package_version = version("casebench")
    except PackageNotFoundError:
        package_version = "unknown"
    return environment.get_template("class_summary.html.j2").render(
        title=title or f"Class summary: {vignette.title}",
        version=package_version,
        vignette=vignette,
        framework=f"{vignette.framework.title} ({vignette.framework.id} "
        f"{vignette.framework.version})",
        used=len(summary.used),
        total=len(summary.submissions),
        not_used=summary.not_used,
        alpha=_alpha(summary),
        generated=generated,
        hardest=hardest,
        answers=answers,
        distribution=distribution,
        students=students,
        methods=methods(summary),
        chart=Markup(_chart_html(summary)),  # built by display.chart_html, data JSON-escaped
        bundle=Markup(vega_bundle_html()),
    )


def write_html(summary: ClassSummary, out: str | Path, **options: str) -> Path:
    """Write the HTML summary atomically (the previous file kept as ``.bak``)."""
    out = Path(out)
    write_atomic(out, render_html(summary, **options))
    return out
