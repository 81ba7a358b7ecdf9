"""Inter-coder agreement: two or more coders rate the same case; how far do they agree?

Per section of the framework and overall, for the scale questions (ratings; choice and text
answers are not compared):

- percentage agreement: share of questions on which every coder gave the same rating;
- weighted Cohen's kappa (two coders only), linear weights by default, quadratic on request
  (scikit-learn's ``cohen_kappa_score``). Weights follow the rank distance between scale
  levels: with linear weights a one-level miss costs half what a two-level miss does, with
  quadratic weights a quarter. All levels of the scale are passed as labels, so unused levels
  still count in the distances;
- Krippendorff's alpha, ordinal (the ``krippendorff`` package), for any number of coders.

Percentage agreement and kappa rest on the questions every coder rated (``n_shared``).
Alpha handles missing ratings itself, as Krippendorff defines it, and rests on the questions
at least two coders rated (``n_alpha``); with two coders the two counts are the same. A
question marked not_assessed, listed without a rating, or missing is a missing rating, never
a value. Where a figure cannot be computed it is NaN and ``note`` says why.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from casebench.errors import dotted
from casebench.models.case import Case, Evidence
from casebench.models.framework import Framework, Section
from casebench.quotes import quote_text

Weights = Literal["linear", "quadratic"]
WEIGHTS: tuple[Weights, ...] = ("linear", "quadratic")
MIN_QUESTIONS = 2
"""Fewest questions a kappa or alpha is computed on; one question says nothing about chance."""

FIGURE_COLUMNS = [
    "section",
    "title",
    "n_questions",
    "n_shared",
    "n_alpha",
    "percent_agreement",
    "kappa",
    "alpha",
    "note",
]


class IncomparableCases(ValueError):
    """The cases cannot be compared: ``index`` names the case at fault, ``field`` the field."""

    def __init__(self, message: str, index: int, field: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.index = index
        self.field = field

    @property
    def field_name(self) -> str:
        return dotted(self.field)


@dataclass(frozen=True)
class Agreement:
    """What two or more codings of one case agree on, per section and overall."""

    case_id: str
    framework: str
    coders: tuple[str, ...]
    weights: Weights
    per_section: pd.DataFrame
    overall: pd.DataFrame
    disagreements: pd.DataFrame


def weighted_kappa(
    first: Sequence[int], second: Sequence[int], levels: Sequence[int], weights: Weights
) -> float:
    """Cohen's weighted kappa of two coders' ratings over the ordered scale ``levels``."""
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():  # an undefined kappa is NaN; callers explain why
        warnings.simplefilter("ignore")
        return float(cohen_kappa_score(first, second, labels=list(levels), weights=weights))


def ordinal_alpha(matrix: Sequence[Sequence[float]], levels: Sequence[int]) -> float:
    """Krippendorff's ordinal alpha of a coders × units matrix (NaN marks a missing rating)."""
    import krippendorff

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(
            krippendorff.alpha(
                reliability_data=matrix,
                value_domain=list(levels),
                level_of_measurement="ordinal",
            )
        )


def _check_comparable(cases: Sequence[Case]) -> None:
    if len(cases) < 2:
        raise IncomparableCases("agreement needs at least two codings of the same case", 0)
    first = cases[0]
    seen: dict[str, int] = {}
    for index, case in enumerate(cases):
        if case.id != first.id:
            raise IncomparableCases(
                f"case id {case.id!r} differs from {first.id!r}: agreement compares codings "
                "of the same case",
                index,
                ("id",),
            )
        if case.framework != first.framework:
            raise IncomparableCases(
                f"coded against {case.framework.id} {case.framework.version}, the first file "
                f"against {first.framework.id} {first.framework.version}",
                index,
                ("framework",),
            )
        coder = case.coder.strip()
        if not coder:
            raise IncomparableCases(
                "coder is empty: name the coder so that codings can be told apart",
                index,
                ("coder",),
            )
        if coder in seen:
            raise IncomparableCases(
                f"coder {coder!r} also coded file {seen[coder] + 1}: each coding needs a "
                "different coder",
                index,
                ("coder",),
            )
        seen[coder] = index


def _check_against(cases: Sequence[Case], framework: Framework) -> None:
    from casebench.validation import check_case

    for index, case in enumerate(cases):
        for path, message, severity in check_case(case, framework):
            if severity == "error":
                raise IncomparableCases(message, index, path)


def _framework_for(case: Case) -> Framework:
    from casebench.registry import FrameworkSet

    framework = FrameworkSet().get(case.framework.id, case.framework.version)
    if framework is None:
        raise IncomparableCases(
            f"framework {case.framework.id} {case.framework.version} is not available; "
            "pass it with --framework",
            0,
            ("framework",),
        )
    return framework


def _rating(case: Case, qid: str) -> int | None:
    assessment = case.assessments.get(qid)
    if assessment is None or not assessment.assessed:
        return None
    return assessment.rating


def _figures(
    rows: list[list[int | None]], levels: list[int], weights: Weights
) -> dict[str, object]:
    """The agreement figures for one set of questions (one list of ratings per question)."""
    n_coders = len(rows[0]) if rows else 0
    shared = [r for r in rows if all(v is not None for v in r)]
    pairable = [r for r in rows if sum(v is not None for v in r) >= 2]
    notes: list[str] = []
    percent = kappa = alpha = math.nan
    if shared:
        percent = 100.0 * sum(len(set(r)) == 1 for r in shared) / len(shared)
    else:
        notes.append("no question rated by every coder")
    if n_coders != 2:
        notes.append("kappa is for two coders: read alpha")
    elif len(shared) < MIN_QUESTIONS:
        if shared:
            notes.append(f"kappa needs {MIN_QUESTIONS}+ questions both coders rated")
    elif len({v for r in shared for v in r}) == 1:
        notes.append(f"kappa undefined: every rating is {shared[0][0]} (no variation)")
    else:
        kappa = weighted_kappa([r[0] for r in shared], [r[1] for r in shared], levels, weights)
    if len(pairable) < MIN_QUESTIONS:
        if pairable:
            notes.append(f"alpha needs {MIN_QUESTIONS}+ questions two coders rated")
    elif len({v for r in pairable for v in r if v is not None}) == 1:
        value = next(v for v in pairable[0] if v is not None)
        notes.append(f"alpha undefined: every rating is {value} (no variation)")
    else:
        matrix = [
            [math.nan if r[c] is None else float(r[c]) for r in pairable]  # type: ignore[arg-type]
            for c in range(n_coders)
        ]
        alpha = ordinal_alpha(matrix, levels)
    return {
        "n_questions": len(rows),
        "n_shared": len(shared),
        "n_alpha": len(pairable),
        "percent_agreement": percent,
        "kappa": kappa,
        "alpha": alpha,
        "note": "; ".join(notes),
    }


def _evidence_text(evidence: list[Evidence]) -> str:
    return "\n".join(quote_text(item) for item in evidence)


def _disagreements(
    cases: Sequence[Case], framework: Framework, coders: tuple[str, ...]
) -> pd.DataFrame:
    records = []
    for qid, info in framework.questions.items():
        if info.question.kind != "scale":
            continue
        ratings = [_rating(case, qid) for case in cases]
        given = [r for r in ratings if r is not None]
        if not given:
            continue
        if len(given) < len(ratings):
            kind = "rated by some coders only"
        elif len(set(given)) > 1:
            kind = "rating"
        else:
            continue
        record: dict[str, object] = {
            "section": info.section.id,
            "question": qid,
            "text": info.question.text,
            "kind": kind,
            "spread": max(given) - min(given),
        }
        for coder, rating in zip(coders, ratings, strict=True):
            record[f"rating: {coder}"] = rating
        for coder, case in zip(coders, cases, strict=True):
            assessment = case.assessments.get(qid)
            record[f"evidence: {coder}"] = _evidence_text(assessment.evidence if assessment else [])
        records.append(record)
    columns = ["section", "question", "text", "kind", "spread"]
    columns += [f"rating: {c}" for c in coders] + [f"evidence: {c}" for c in coders]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for coder in coders:
        frame[f"rating: {coder}"] = frame[f"rating: {coder}"].astype("Int64")
    return frame.astype({"spread": "Int64"})


def _levels(framework: Framework, questions: list[str]) -> list[int]:
    """Every level of the scales the questions use (one scale in Farr 2017)."""
    values = {
        v
        for qid in questions
        for v in framework.scale_for(framework.questions[qid].question).values
    }
    return sorted(values)


def _section_questions(section: Section) -> list[str]:
    return [q.id for _, q in section.iter_questions() if q.kind == "scale"]


def agreement(
    cases: Sequence[Case], framework: Framework | None = None, *, weights: Weights = "linear"
) -> Agreement:
    """Agreement between codings of one case by different coders (see the module docstring).

    Raises ``IncomparableCases`` for different case ids or frameworks, a repeated or empty
    coder, or a coding that does not fit the framework.
    """
    if weights not in WEIGHTS:
        raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}, not {weights!r}")
    cases = list(cases)
    _check_comparable(cases)
    framework = framework or _framework_for(cases[0])
    _check_against(cases, framework)
    coders = tuple(case.coder.strip() for case in cases)
    sections = []
    all_questions: list[str] = []
    for section in framework.sections:
        questions = _section_questions(section)
        if not questions:
            continue
        all_questions += questions
        rows = [[_rating(case, qid) for case in cases] for qid in questions]
        figures = _figures(rows, _levels(framework, questions), weights)
        sections.append({"section": section.id, "title": section.title, **figures})
    rows = [[_rating(case, qid) for case in cases] for qid in all_questions]
    overall = {
        "section": "overall",
        "title": "All scale questions",
        **_figures(rows, _levels(framework, all_questions), weights),
    }
    return Agreement(
        case_id=cases[0].id,
        framework=f"{framework.id} {framework.version}",
        coders=coders,
        weights=weights,
        per_section=pd.DataFrame.from_records(sections, columns=FIGURE_COLUMNS),
        overall=pd.DataFrame.from_records([overall], columns=FIGURE_COLUMNS),
        disagreements=_disagreements(cases, framework, coders),
    )


def _number(value: object, digits: int) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{value:.{digits}f}"


def _grid(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Fixed-width text columns: numbers right-aligned, text left-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), *(line(r) for r in rows)]


def render_table(result: Agreement) -> str:
    """Plain-text report: per-section and overall figures, then every disagreement."""
    figures = pd.concat([result.per_section, result.overall], ignore_index=True)
    rows = [
        [
            str(r["section"]),
            str(r["n_shared"]),
            _number(r["percent_agreement"], 1),
            _number(r["kappa"], 3),
            _number(r["alpha"], 3),
            str(r["n_alpha"]),
            str(r["note"]),
        ]
        for r in figures.to_dict("records")
    ]
    header = ["section", "shared", "agree %", "kappa", "alpha", "alpha n", "note"]
    lines = [
        f"Inter-coder agreement on case {result.case_id} ({result.framework})",
        f"coders: {', '.join(result.coders)}; kappa weights: {result.weights}; "
        "alpha: Krippendorff, ordinal",
        "",
        *_grid(header, rows, right={1, 2, 3, 4, 5}),
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


def _rating_text(value: object) -> str:
    return "not rated" if value is None or pd.isna(value) else str(value)


def render_csv(result: Agreement) -> str:
    """The per-section and overall figures as CSV (one row per section, then overall)."""
    figures = pd.concat([result.per_section, result.overall], ignore_index=True)
    return figures.to_csv(index=False, lineterminator="\n")


def render_json(result: Agreement) -> str:
    """Everything as JSON: figures, coders, and the disagreements with their evidence."""
    import json

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
        "disagreements": records(result.disagreements),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


__all__ = [
    "WEIGHTS",
    "Agreement",
    "IncomparableCases",
    "agreement",
    "ordinal_alpha",
    "render_csv",
    "render_json",
    "render_table",
    "weighted_kappa",
]
