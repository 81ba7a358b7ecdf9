"""Shared pieces of the charts: the case colour scale, label truncation, sizes, wording."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts.palette import case_colours

LABEL_WIDTH = 48
"""Characters of a question or section label shown on an axis; the tooltip has the rest."""

TOOLTIP_WIDTH = 400
"""Characters of a quote or description shown in a tooltip."""

ROW_STEP = 16
"""Pixels per row of a heatmap or per case within a row band: heights grow with rows."""

MAX_LISTED = 8
"""How many case ids a chart description lists before saying "and N more"."""


def truncate(values: pd.Series, width: int) -> pd.Series:
    """Text cut to ``width`` characters with an ellipsis (missing values stay missing)."""
    text = values.astype("str")
    cut = text.str.slice(0, width - 1).str.rstrip() + "…"
    return text.where(text.str.len().fillna(0) <= width, cut)


def case_colour(
    case_ids: Sequence[str], *, field: str = "case_id", title: str = "Case", legend: bool = True
) -> alt.Color:
    """The colour channel for cases: every chart uses this, so a case keeps its colour."""
    colours = case_colours(case_ids)
    return alt.Color(
        f"{field}:N",
        scale=alt.Scale(domain=list(colours), range=list(colours.values())),
        legend=alt.Legend(title=title, symbolLimit=0, labelLimit=200) if legend else None,
    )


def case_legend_selection() -> alt.Parameter:
    """Click a case in the legend to highlight it (shift-click for more)."""
    return alt.selection_point(fields=["case_id"], bind="legend")


def listed(case_ids: Sequence[str]) -> str:
    """Case ids for a description: all of them, or the first few and how many more."""
    shown = ", ".join(case_ids[:MAX_LISTED])
    more = len(case_ids) - MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def band_height(n_rows: int, n_cases: int, per_case: int = 8, minimum: int = 24) -> int:
    """Height of a chart with ``n_rows`` bands holding one mark per case each."""
    return n_rows * max(minimum, n_cases * per_case)


def section_labels(frame: pd.DataFrame, width: int = LABEL_WIDTH) -> pd.Series:
    """Axis labels for sections, unique even when two sections share a title (Farr's
    "Social interaction" is both a Figure 1 section and a realist element): such titles get
    the section's part (or id) in brackets."""
    firsts = frame.drop_duplicates("section_id")
    shared = firsts["section_title"].duplicated(keep=False)
    clash = set(firsts.loc[shared, "section_id"])
    suffix = frame["part"].where(frame["part"].fillna("").ne(""), frame["section_id"])
    title = frame["section_title"].where(
        ~frame["section_id"].isin(clash), frame["section_title"] + " (" + suffix + ")"
    )
    return truncate(title, width)


def evidence_hrefs(tidy: pd.DataFrame, links: EvidenceLinks) -> pd.Series:
    """For rows of the tidy table: the in-page link to the evidence behind each assessed
    judgement (missing where the question was not assessed, so the mark is no link)."""
    hrefs = [
        links.href(links.question(case, question)) if assessed else None
        for case, question, assessed in zip(
            tidy["case_id"], tidy["question_id"], tidy["assessed"], strict=True
        )
    ]
    return pd.Series(hrefs, index=tidy.index, dtype=object)


def link_encoding(links: EvidenceLinks | None) -> dict[str, alt.Href]:
    """The ``href`` channel of marks that link to their evidence (none without ``links``)."""
    return {} if links is None else {"href": alt.Href("href:N")}
