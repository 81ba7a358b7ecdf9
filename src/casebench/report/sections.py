"""The report's opening and closing parts, each a function returning a displayable
:class:`~casebench.report.html.Part`: title block, cases and methods, framework matrix,
profiles, provenance."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import casebench
from casebench.report import html as h
from casebench.report.context import MAX_DETAIL_CASES
from casebench.report.figures import chart_figure

if TYPE_CHECKING:
    from markupsafe import Markup

    from casebench.models.case import Case
    from casebench.report.context import ReportContext

_parts = partial(h.module, "sections.html.j2")
"""The macros of ``sections.html.j2``."""


SECTIONS = (
    ("methods", "Cases and methods"),
    ("matrix", "Framework matrix"),
    ("profiles", "Section profiles, coverage and similarity"),
    ("divergence", "Where the cases disagree most: the evidence"),
    ("distinctive", "What sets each case apart"),
    ("focus", "One case against the others"),
    ("groups", "Groups of cases"),
    ("power", "Power profile"),
    ("change", "Levels of change and issues acted on"),
    ("cmo", "Context–mechanism–outcome synthesis"),
    ("reflect", "Questions to reflect on"),
    ("evidence", "Evidence behind every rating"),
    ("provenance", "Provenance"),
)
"""Anchor and heading of each h2 section of the bundled report, in its order (the focus and
groups sections show only when the notebook's ``focus`` and ``by`` parameters ask for them)."""

TITLES = dict(SECTIONS)


def title_block(context: ReportContext) -> h.Part:
    """The h1 title and one paragraph saying what is compared, along what. (The report
    template puts the contents after it: a link to each section the notebook shows.)"""
    framework = context.framework
    filtered = f" Sections included: {', '.join(context.sections)}." if context.sections else ""
    intro = (
        f"{len(context.cases)} cases compared along {framework.title} "
        f"({framework.id} {framework.version}).{filtered} Generated {context.generated} "
        f"by casebench {casebench.__version__}; the provenance of every case file is at "
        "the end."
    )
    return h.Part(_parts().title_block(context.title, intro), "title", "", context.title)


def _period(case: Case) -> str:
    period = case.period
    parts = [
        f"{period.months:g} months" if period.months else "",
        "–".join(p for p in (period.start, period.end) if p),
        period.description,
    ]
    return "; ".join(p for p in parts if p)


def _sources(case: Case) -> Markup | None:
    items = []
    for source in case.sources:
        who = ", ".join(f"{n} {role}" for role, n in source.participants.items())
        label = f"{source.count} {source.kind.replace('_', ' ')}" + (f" ({who})" if who else "")
        items.append(f"{label}: {source.description}" if source.description else label)
    return h.macros().bullets(items) if items else None


def methods(context: ReportContext) -> h.Part:
    """Approach, setting, period and data sources of each case; summaries below."""
    rows = [
        (
            f"{c.title} ({c.id})",
            c.approach,
            c.setting,
            _period(c),
            _sources(c),
            c.coder + (" (draft)" if c.draft else ""),
        )
        for c in context.cases
    ]
    table = h.table(
        rows,
        ["Case", "Approach", "Setting", "Period", "Data sources", "Coder"],
        "Approach, setting, period and data sources of each case",
    )
    body = [table]
    if context.detailed:
        entries = [
            (
                c.title,
                _parts().summary(c.summary or "No summary recorded.", c.citation),
            )
            for c in context.cases
        ]
        body += [h.heading(3, "Summaries", "summaries"), h.macros().definitions(entries)]
    return h.section("methods", TITLES["methods"], *body)


UNEVIDENCED = "no evidence or memo"
"""The mark of a judgement with neither a quote nor a memo behind it."""


def _cell(value: object, confidence: object, n_quotes: object, unevidenced: bool = False) -> str:
    if h.is_missing(value):
        return "— (not assessed)"
    extra = [str(confidence)] if not h.is_missing(confidence) else []
    if n_quotes:
        extra.append(f"{n_quotes} quote{'s' if n_quotes != 1 else ''}")
    if unevidenced:
        extra.append(f"⚠ {UNEVIDENCED}")
    return f"{value} ({', '.join(extra)})" if extra else str(value)


def _scale_legend(context: ReportContext) -> Markup:
    scale = context.framework.scales[context.framework.default_scale]
    levels = "; ".join(f"{lv.value} {lv.label}" for lv in scale.levels)
    limits = f" Limits of the scale: {scale.limits}" if scale.limits else ""
    return h.paragraph(
        f"Ratings are on the scale “{scale.title}”: {levels}. “absent” marks a practice the "
        "coder looked for and did not find: a judgement, but not a rating, left out of every "
        "mean. “—” marks a question not assessed for a case: missing data, never a low "
        "rating. In brackets: the coder's confidence and the number of quotes behind the "
        f"judgement; “⚠ {UNEVIDENCED}” marks a judgement with neither.{limits} Each judgement "
        "links to its evidence."
    )


def _unevidenced(context: ReportContext) -> Markup:
    """Every judgement with neither evidence nor memo, listed (a reader cannot check them)."""
    found = [(c.id, q) for c in context.cases for q in c.unevidenced_judgements()]
    if not found:
        return h.paragraph("Every judgement has evidence or a memo behind it.")
    listed = "; ".join(f"{case_id}: {qid}" for case_id, qid in found)
    return h.paragraph(
        f"{len(found)} judgement(s) have neither evidence nor a memo behind them, so a "
        f"reader cannot check them: {listed}."
    )


def _matrix_detail(context: ReportContext) -> Markup:
    matrix = context.comparison.matrix
    ids = context.comparison.case_ids
    links = context.links
    unevidenced = {(c.id, q) for c in context.cases for q in c.unevidenced_judgements()}
    rows = []
    for _, row in matrix.iterrows():
        section = (
            row["subsection_title"]
            if not h.is_missing(row["subsection_title"])
            else (row["section_title"])
        )
        qid = row["question_id"]
        cells = [
            h.link(
                links.href(links.question(c, qid)),
                _cell(
                    row[c], row[f"{c}.confidence"], row[f"{c}.evidence"], (c, qid) in unevidenced
                ),
            )
            if not h.is_missing(row[c])
            else _cell(row[c], None, None)
            for c in ids
        ]
        rows.append((f"{row['question_id']}: {row['question_text']}", section, *cells))
    return h.table(rows, ["Question", "Section", *ids], "Framework matrix: question by case")


def _matrix_summary(context: ReportContext) -> Markup:
    tidy = context.comparison.tidy
    by_question = tidy.groupby("question_id", sort=False)
    stats = by_question["rating"].agg(["count", "mean", "min", "max"])
    firsts = by_question[["question_text", "section_title"]].first()
    assessed = by_question["assessed"].sum()
    counts = tidy.dropna(subset=["rating"]).groupby(["question_id", "rating"]).size()
    spread = {
        qid: " · ".join(f"{int(v)}: {n}" for (_, v), n in group.items())
        for qid, group in counts.groupby(level=0)
    }
    links = context.links
    rows = [
        (
            h.link(
                links.href(links.question("", qid)), f"{qid}: {firsts.at[qid, 'question_text']}"
            ),
            firsts.at[qid, "section_title"],
            int(assessed[qid]),
            int(stats.at[qid, "count"]),
            stats.at[qid, "mean"],
            stats.at[qid, "min"],
            stats.at[qid, "max"],
            spread.get(qid, ""),
        )
        for qid in stats.index
    ]
    return h.table(
        rows,
        [
            "Question",
            "Section",
            "Cases assessed",
            "Cases rated",
            "Mean rating",
            "Lowest",
            "Highest",
            "Ratings given (rating: cases)",
        ],
        "Framework matrix summarised per question",
    )


def matrix(context: ReportContext) -> h.Part:
    """The framework matrix as a table (per case, or summarised for many) and heatmap."""
    n = len(context.cases)
    if context.detailed:
        intro = h.paragraph(
            f"One row per question of the framework, one column per case ({n} cases)."
        )
        table = _matrix_detail(context)
    else:
        intro = h.paragraph(
            f"With {n} cases the matrix is summarised per question (more than "
            f"{MAX_DETAIL_CASES} case columns cannot be read); every case's values are in "
            "the output of “casebench compare --format csv” on the same files."
        )
        table = _matrix_summary(context)
    return h.section(
        "matrix",
        TITLES["matrix"],
        intro,
        _scale_legend(context),
        _unevidenced(context),
        table,
        chart_figure("matrix", context),
    )


def profiles(context: ReportContext) -> h.Part:
    """Mean rating per section, coverage per section, similarity between cases."""
    intro = h.paragraph(
        "Means leave out questions not assessed. A profile resting on fewer than "
        f"{context.comparison.thresholds['thin_min_rated']:g} rated questions, or on fewer "
        f"than {context.comparison.thresholds['thin_min_share']:.0%} of a section's scale "
        "questions, is marked thin."
    )
    return h.section(
        "profiles",
        TITLES["profiles"],
        intro,
        chart_figure("profiles", context),
        chart_figure("coverage", context),
        chart_figure("similarity", context),
    )


def provenance(context: ReportContext) -> h.Part:
    """casebench version, framework id, version and file sha256, each case file's coder,
    date of coding and sha256, time."""
    from casebench.provenance import case_provenance, framework_provenance

    framework = context.framework
    facts = [
        ("casebench version", casebench.__version__),
        ("Framework", f"{framework.id} {framework.version}: {framework.title}"),
        ("Framework source", framework.citation or "—"),
        ("Framework file sha256", framework_provenance(framework).sha256),
        ("Generated (UTC)", context.generated),
        (
            "Charts",
            "static SVG rendered by vl-convert"
            if context.static
            else "interactive, drawn offline by the Vega-Lite bundle held in this file",
        ),
    ]
    records = case_provenance(context.cases, context.files, context.file_names)
    rows = [
        (r.file, r.case_id, r.coder, r.coded_on, h.macros().code(r.sha256, "cb-hash"))
        for r in records
    ]
    files = h.table(
        rows,
        ["Case file", "Case id", "Coder", "Coded on", "sha256"],
        "Case files: who coded them, when, and their sha256",
    )
    title = TITLES["provenance"]
    return h.Part(_parts().provenance(title, facts, files), "section", "provenance", title)
