"""Questions to reflect on: the Figure 1 questions (Farr 2017) where the cases are weakest
or disagree most, as the figure is meant to be used — prompts for practitioners."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from casebench.report import html as h
from casebench.report.sections import TITLES

if TYPE_CHECKING:
    import pandas as pd

    from casebench.comparison import Comparison
    from casebench.report.context import ReportContext

_parts = partial(h.module, "sections.html.j2")
"""The macros of ``sections.html.j2``."""


PART = "figure1"
"""The framework part holding Figure 1's questions (other frameworks: every question)."""

PER_REASON = 5
"""At most this many questions for each reason (weakest; most disagreement)."""

FARR_AIM = (
    "to support practitioners who want to use co-production processes to consider "
    "different power dynamics within these processes"
)
"""Farr (2017), Discussion: what the questions of Figure 1 were developed for."""


@dataclass(frozen=True)
class Prompt:
    """A question picked for reflection, and why."""

    question_id: str
    question_text: str
    section_id: str
    section_title: str
    reasons: tuple[str, ...]


def _candidates(comparison: Comparison) -> pd.DataFrame:
    table = comparison.divergence
    parts = {s.id: s.part for s in comparison.framework.sections}
    in_part = table["section_id"].map(parts).eq(PART)
    return table[in_part] if in_part.any() else table


def prompts(comparison: Comparison, per_reason: int = PER_REASON) -> list[Prompt]:
    """Weakest questions (lowest mean rating, at most the scale's midpoint) and those the
    cases disagree on most (range at least half the scale), in framework order."""
    scale = comparison.framework.scales[comparison.framework.default_scale]
    lo, hi = min(scale.values), max(scale.values)
    table = _candidates(comparison)
    rated = table[table["n_rated"] > 0]
    weakest = rated[rated["mean"] <= (lo + hi) / 2].sort_values("mean", kind="stable")
    split = table[table["range"].fillna(0) >= (hi - lo) / 2]
    reasons: dict[str, list[str]] = {}
    for row in weakest.head(per_reason).itertuples():
        reasons.setdefault(row.question_id, []).append(
            f"weakest: mean rating {row.mean:.1f} on {lo}–{hi} "
            f"({row.n_rated} of {len(comparison.cases)} cases rated it)"
        )
    for row in split.head(per_reason).itertuples():
        reasons.setdefault(row.question_id, []).append(
            f"disagreement: from {row.min_rating:g} ({row.low_case}) to {row.max_rating:g} "
            f"({row.high_case})"
        )
    order = {qid: i for i, qid in enumerate(comparison.framework.questions)}
    rows = table.set_index("question_id")
    return [
        Prompt(
            qid,
            rows.at[qid, "question_text"],
            rows.at[qid, "section_id"],
            rows.at[qid, "section_title"],
            tuple(why),
        )
        for qid, why in sorted(reasons.items(), key=lambda i: order[i[0]])
    ]


def reflect(context: ReportContext) -> h.Part:
    """The prompts grouped by Figure 1 section, with Farr's figure cited."""
    framework = context.framework
    picked = prompts(context.comparison)
    has_figure = any(s.part == PART for s in framework.sections)
    source = (
        "Farr, M. (2017) Power dynamics and collaborative mechanisms in co-production "
        "and co-design processes. Critical Social Policy. doi:10.1177/0261018317747444, "
        "Figure 1: “Understanding power dynamics in co-production and co-design "
        "processes”."
    )
    if has_figure:
        intro = (
            f"Farr developed the questions of Figure 1 “{FARR_AIM}” (Farr 2017, "
            "Discussion). These are the questions of the figure on which the cases "
            "compared here are weakest or disagree most: a place to start the "
            "conversation, not a verdict."
        )
    else:
        intro = (
            f"The framework {framework.id} has no Figure 1 part; these are its questions "
            "on which the cases are weakest or disagree most."
        )
    groups: list[tuple[str, str, list[tuple[str, str]]]] = []
    for prompt in picked:
        if not groups or groups[-1][1] != f"reflect-{h.slug(prompt.section_id)}":
            groups.append((prompt.section_title, f"reflect-{h.slug(prompt.section_id)}", []))
        why = "; ".join(prompt.reasons).capitalize()
        groups[-1][2].append((prompt.question_text, f"{why} · {prompt.question_id}"))
    parts = [h.paragraph(intro), _parts().prompts(groups)]
    if not picked:
        parts.append(
            h.paragraph(
                "No question stands out: no rated question is at or below the scale's "
                "midpoint, and no two cases are far apart."
            )
        )
    if has_figure:
        parts.append(h.paragraph(f"Source: {source}", "cb-cite"))
    return h.section("reflect", TITLES["reflect"], *parts)
