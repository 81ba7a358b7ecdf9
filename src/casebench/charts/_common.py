"""Shared pieces of the charts: how cases are told apart (colour and shape), rows whose
marks stay in their own band, the key to filled and hollow marks, label truncation, sizes,
and the switch from a mark per case to distributions past :data:`MAX_CASE_MARKS` cases."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts.palette import case_colours
from casebench.models.framework import Framework

LABEL_WIDTH = 48
"""Characters of a question or section label shown on an axis; the tooltip has the rest."""

TOOLTIP_WIDTH = 400
"""Characters of a quote or description shown in a tooltip."""

ROW_STEP = 16
"""Pixels per row of a heatmap or per case within a row band: heights grow with rows."""

MAX_LISTED = 8
"""How many case ids a chart description lists before saying "and N more"."""

MAX_CASE_MARKS = 20
"""Charts draw a mark per case up to this many cases; past it, distributions over the cases
(every case counted, none left out), since more marks in a row cannot be told apart."""

CASE_SHAPES = (
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "triangle-down",
    "cross",
    "triangle-right",
    "triangle-left",
)
"""Shapes given to cases in turn, so that cases differ by shape as well as colour (and read
in greyscale); with colour, the first 20 cases have distinct pairs."""

POINT_SIZE = 70
STROKE = 1.6

OFFSET_PADDING = 0.5
"""Outer padding of the dodge within a row band, in slots: half a slot above the first case's
mark and below the last one's, so that each mark sits in the middle of a slot of its own."""


def slot_pixels(n_cases: int) -> int:
    """Pixels per case within a row band: room for a mark of :func:`point_size`."""
    return 12 if n_cases <= 8 else 9


def point_size(n_cases: int) -> int:
    """Area (square pixels) of a case's mark: smaller when more cases share a row."""
    return POINT_SIZE if n_cases <= 8 else 40


def row_step(n_cases: int) -> float:
    """Pixels per row band (with its padding) holding one dodged mark per case."""
    return slot_pixels(n_cases) * n_cases / (1 - ROW_PADDING)


ROW_PADDING = 0.2
"""Padding between row bands, as a share of a row's step."""


def truncate(values: pd.Series, width: int) -> pd.Series:
    """Text cut to ``width`` characters with an ellipsis (missing values stay missing)."""
    text = values.astype("str")
    cut = text.str.slice(0, width - 1).str.rstrip() + "…"
    return text.where(text.str.len().fillna(0) <= width, cut)


def _case_scale(case_ids: Sequence[str]) -> alt.Scale:
    colours = case_colours(case_ids)
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def case_colour(
    case_ids: Sequence[str], *, field: str = "case_id", title: str = "Case", legend: bool = True
) -> alt.Color:
    """The colour channel for cases: every chart uses this, so a case keeps its colour."""
    return alt.Color(
        f"{field}:N",
        scale=_case_scale(case_ids),
        legend=alt.Legend(title=title, symbolLimit=0, labelLimit=200) if legend else None,
    )


def case_shape(
    case_ids: Sequence[str], *, field: str = "case_id", title: str = "Case"
) -> alt.Shape:
    """The shape channel for cases (merged with the colour legend: same field and title)."""
    shapes = [CASE_SHAPES[i % len(CASE_SHAPES)] for i in range(len(case_ids))]
    return alt.Shape(
        f"{field}:N",
        scale=alt.Scale(domain=list(case_ids), range=shapes),
        legend=alt.Legend(title=title, symbolLimit=0, labelLimit=200),
    )


def case_fill(case_ids: Sequence[str], *, filled: str = "filled") -> alt.Fill:
    """Fill in the case's colour where the datum's ``filled`` is true, else none (a hollow
    mark): filled and hollow are what :func:`fill_key` explains."""
    return alt.condition(
        f"datum.{filled}",
        alt.Fill("case_id:N", scale=_case_scale(case_ids), legend=None),
        alt.value("transparent"),
    )


def case_legend_selection() -> alt.Parameter:
    """Click a case in the legend to highlight it (shift-click for more)."""
    return alt.selection_point(fields=["case_id"], bind="legend")


def listed(case_ids: Sequence[str]) -> str:
    """Case ids for a description: all of them, or the first few and how many more."""
    shown = ", ".join(case_ids[:MAX_LISTED])
    more = len(case_ids) - MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def row_axis(field: str, order: Sequence[str]) -> alt.Y:
    """The y channel of a chart with one row band per question or section (its height is
    ``len(order) *`` :func:`row_step`, so each band's step is exactly that)."""
    return alt.Y(
        f"{field}:N",
        sort=list(order),
        title=None,
        axis=alt.Axis(labelLimit=320),
        scale=alt.Scale(paddingInner=ROW_PADDING, paddingOuter=ROW_PADDING / 2),
    )


def row_bands(field: str, order: Sequence[str], step: float, width: int = 420) -> alt.Chart:
    """Every other row band shaded, so that the reader sees which marks share a row
    (``step``: the row's step in pixels, as given to the chart's height)."""
    data = pd.DataFrame({field: list(order)[1::2]})
    return (
        alt.Chart(data)
        .mark_bar(color="#f3f3f3", height=step * (1 - ROW_PADDING))
        .encode(y=row_axis(field, order), x=alt.value(0), x2=alt.value(width))
    )


def case_offset(case_ids: Sequence[str]) -> alt.YOffset:
    """The dodge of cases within a row band (every case keeps its slot, rated or not).

    The offset is added to the top of the row's band; for point marks it is a point scale
    over the band's height, so with half a slot of padding at each end every case's mark sits
    in the middle of its own slot, at least half a slot from the band's edges: with slots of
    :func:`slot_pixels`, wider than a mark, no mark reaches into the next row."""
    return alt.YOffset(
        "case_id:N",
        sort=list(case_ids),
        scale=alt.Scale(domain=list(case_ids), padding=OFFSET_PADDING),
    )


def fill_key(entries: Sequence[tuple[bool, str]], title: str = "Marks") -> alt.LayerChart:
    """A small key to what filled and hollow marks mean: ``(filled, text)`` per entry. Drawn
    as its own chart under the plot (Vega-Lite draws no legend for fill opacity)."""
    data = pd.DataFrame(
        {
            "row": range(len(entries)),
            "filled": [f for f, _ in entries],
            "text": [t for _, t in entries],
        }
    )
    y = alt.Y("row:O", axis=None, title=None)
    symbols = (
        alt.Chart(data)
        .mark_point(size=POINT_SIZE, strokeWidth=STROKE, color="#333333", shape="circle")
        .encode(
            y=y,
            x=alt.value(6),
            fill=alt.condition("datum.filled", alt.value("#333333"), alt.value("transparent")),
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=0, fontSize=11)
        .encode(y=y, x=alt.value(16), text="text:N")
    )
    return alt.layer(symbols, text).properties(
        width=420,
        height=alt.Step(16),
        title=alt.Title(title, fontSize=11, anchor="start"),
        view=alt.ViewConfig(stroke=None),
    )


def section_labels(
    frame: pd.DataFrame, framework: Framework, width: int = LABEL_WIDTH
) -> pd.Series:
    """Axis labels for sections, unique even when two sections share a title (Farr's
    "Social interaction" is both a Figure 1 section and a realist element): such titles get
    the title of their part of the framework (else the section id) in brackets."""
    firsts = frame.drop_duplicates("section_id")
    shared = firsts["section_title"].duplicated(keep=False)
    clash = set(firsts.loc[shared, "section_id"])
    part = frame["part"].fillna("").map(lambda p: framework.part_title(p) if p else "")
    suffix = part.where(part.ne(""), frame["section_id"])
    title = frame["section_title"].where(
        ~frame["section_id"].isin(clash), frame["section_title"] + " (" + suffix + ")"
    )
    return truncate(title, width)


def gutter_axis(lo: float, hi: float, gutter: Sequence[str], title: str) -> alt.Axis:
    """An x axis for ratings ``lo``..``hi`` with labelled columns left of the scale for
    cases that gave no rating (``gutter``: their labels, placed at lo-1, lo-2, ...)."""
    values = [lo - 1 - i for i in range(len(gutter))][::-1] + list(range(int(lo), int(hi) + 1))
    cases = " : ".join(f"datum.value == {lo - 1 - i} ? {label!r}" for i, label in enumerate(gutter))
    expression = f"{cases} : datum.label" if gutter else "datum.label"
    return alt.Axis(
        values=values, labelExpr=expression, title=title, labelAngle=0, labelLimit=90, format="d"
    )


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


def section_hrefs(
    tidy: pd.DataFrame, case_ids: Sequence[str], section_ids: Sequence[str], links: EvidenceLinks
) -> list[str | None]:
    """For (case, section) pairs: the link to the case's evidence on the section, missing
    where the case judged no question of it (there is no evidence to open)."""
    judged = tidy.loc[tidy["assessed"], ["case_id", "section_id"]]
    found = set(zip(judged["case_id"], judged["section_id"], strict=True))
    return [
        links.href(links.section(case, section)) if (case, section) in found else None
        for case, section in zip(case_ids, section_ids, strict=True)
    ]


def link_encoding(links: EvidenceLinks | None) -> dict[str, alt.Href]:
    """The ``href`` channel of marks that link to their evidence (none without ``links``)."""
    return {} if links is None else {"href": alt.Href("href:N")}


__all__ = [
    "CASE_SHAPES",
    "LABEL_WIDTH",
    "MAX_CASE_MARKS",
    "MAX_LISTED",
    "ROW_STEP",
    "TOOLTIP_WIDTH",
    "case_colour",
    "case_fill",
    "case_legend_selection",
    "case_offset",
    "case_shape",
    "evidence_hrefs",
    "fill_key",
    "gutter_axis",
    "link_encoding",
    "listed",
    "point_size",
    "row_axis",
    "row_bands",
    "row_step",
    "section_hrefs",
    "section_labels",
    "truncate",
]
