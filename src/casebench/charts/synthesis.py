"""Charts of a realist synthesis: the mechanism x case matrix coloured by outcome, and the
layered context -> mechanism -> outcome chart. Each returns an Altair chart with a title and
a description (its text alternative); user text reaches them only as data, never as a Vega
expression."""

from __future__ import annotations

import altair as alt
import pandas as pd

from casebench.anchors import EvidenceLinks
from casebench.charts._common import (
    LABEL_WIDTH,
    ROW_STEP,
    TOOLTIP_WIDTH,
    link_encoding,
    listed,
    truncate,
)
from casebench.models.vocabulary import OUTCOME_DIRECTION
from casebench.synthesis import Synthesis

DIRECTION_COLOURS = {
    **dict(
        zip(OUTCOME_DIRECTION.values, ("#009E73", "#D55E00", "#E69F00", "#0072B2"), strict=True)
    ),
    "varies": "#CC79A7",
    "not coded": "#999999",
}
"""Outcome direction (the vocabulary's values, in its order) -> colour (Okabe-Ito, safe for
the common colour blindnesses); ``varies``: a case's configurations of the mechanism went
different ways."""

NO_CONDITION = "(no condition coded)"


def _direction(values: pd.Series) -> str:
    found = {v if isinstance(v, str) else "not coded" for v in values}
    return found.pop() if len(found) == 1 else "varies"


def matrix_data(synthesis: Synthesis, links: EvidenceLinks | None = None) -> pd.DataFrame:
    """One row per mechanism and case it was found in: the outcome direction (or
    ``varies``), the configurations and their outcomes, for the matrix and its table; with
    ``links``, ``href``: the evidence of the case's first configuration of the mechanism."""
    conf = synthesis.configurations
    columns = ["mechanism_code", "case_id", "direction", "refs", "outcomes", "provenance", "n"]
    columns += ["href"] if links is not None else []
    if conf.empty:
        return pd.DataFrame(columns=columns)
    grouped = conf.groupby(["mechanism_code", "case_id"], sort=False)
    out = grouped.agg(
        direction=("outcome_direction", _direction),
        refs=("ref", lambda s: ", ".join(s)),
        outcomes=("outcome", lambda s: " | ".join(s)),
        provenance=("provenance", lambda s: ", ".join(dict.fromkeys(s))),
        n=("ref", "size"),
    ).reset_index()
    out["outcomes"] = truncate(out["outcomes"], TOOLTIP_WIDTH)
    if links is not None:
        out["href"] = [
            links.href(links.configuration(case, refs.split(", ")[0].split("/", 1)[1], code))
            for code, case, refs in zip(
                out["mechanism_code"], out["case_id"], out["refs"], strict=True
            )
        ]
    return out[columns]


def mechanism_case_matrix(synthesis: Synthesis, *, links: EvidenceLinks | None = None) -> alt.Chart:
    """Mechanisms (rows, found in most cases first) by cases (columns), each cell coloured by
    the direction of the outcome the mechanism produced in that case. With ``links``, a click
    on a cell opens the evidence of the case's configuration."""
    data = matrix_data(synthesis, links)
    ids = synthesis.case_ids
    order = list(synthesis.mechanisms["mechanism_code"])
    counts = data["direction"].value_counts()
    said = ", ".join(f"{n} {d}" for d, n in counts.items()) or "none"
    return (
        alt.Chart(data)
        .mark_rect(stroke="#ffffff", strokeWidth=1)
        .encode(
            x=alt.X(
                "case_id:N", sort=ids, title="Case", axis=alt.Axis(labelAngle=-40, labelLimit=200)
            ),
            y=alt.Y(
                "mechanism_code:N", sort=order, title="Mechanism", axis=alt.Axis(labelLimit=260)
            ),
            color=alt.Color(
                "direction:N",
                title="Outcome",
                scale=alt.Scale(
                    domain=list(DIRECTION_COLOURS), range=list(DIRECTION_COLOURS.values())
                ),
            ),
            tooltip=[
                alt.Tooltip("mechanism_code:N", title="Mechanism"),
                alt.Tooltip("case_id:N", title="Case"),
                alt.Tooltip("direction:N", title="Outcome direction"),
                alt.Tooltip("refs:N", title="Configurations"),
                alt.Tooltip("provenance:N", title="Provenance"),
                alt.Tooltip("outcomes:N", title="Outcomes"),
            ],
            **link_encoding(links),
        )
        .properties(
            width=max(120, 40 * len(ids)),
            height=max(60, ROW_STEP * 2 * len(order)),
            title="Mechanisms by case, coloured by outcome",
            description=(
                f"Matrix of {len(order)} mechanisms by {len(ids)} cases ({listed(ids)}): a "
                "coloured cell means the case records a configuration with that mechanism, "
                "its colour the direction of the outcome (varies: several configurations that "
                f"went different ways); an empty cell, no such configuration. Cells: {said}."
            ),
        )
    )


def layers_data(synthesis: Synthesis) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (layer, label, position, cases) and links (context -> mechanism -> outcome,
    with the cases behind each) of the layered chart."""
    conf = synthesis.configurations
    node_cols = ["layer", "x", "y", "label", "n_cases", "cases"]
    link_cols = ["kind", "source", "target", "x", "y", "x2", "y2", "n_cases", "cases", "direction"]
    if conf.empty:
        return pd.DataFrame(columns=node_cols), pd.DataFrame(columns=link_cols)
    rows = []
    for r in conf.itertuples():
        tags = r.context_tags or (NO_CONDITION,)
        direction = r.outcome_direction if isinstance(r.outcome_direction, str) else "not coded"
        for tag in tags:
            rows.append(("context", tag, r.mechanism_code, r.case_id, direction))
        rows.append(("outcome", r.mechanism_code, r.outcome_label, r.case_id, direction))
    pairs = pd.DataFrame(rows, columns=["kind", "source", "target", "case_id", "direction"])
    contexts = pairs[pairs["kind"] == "context"]
    outcomes = pairs[pairs["kind"] == "outcome"]
    layers = {
        "Context condition": contexts.groupby("source", sort=False)["case_id"],
        "Mechanism": conf.groupby("mechanism_code", sort=False)["case_id"],
        "Outcome": outcomes.groupby("target", sort=False)["case_id"],
    }
    nodes = []
    position: dict[tuple[int, str], int] = {}
    for x, (layer, groups) in enumerate(layers.items()):
        sizes = groups.nunique().sort_values(ascending=False, kind="stable")
        cases = groups.agg(lambda s: ", ".join(dict.fromkeys(s)))
        for y, (label, n) in enumerate(sizes.items()):
            position[(x, str(label))] = y
            nodes.append((layer, x, y, str(label), int(n), cases[label]))
    links = []
    for (kind, source, target), group in pairs.groupby(["kind", "source", "target"], sort=False):
        x = 0 if kind == "context" else 1
        links.append(
            (
                kind,
                source,
                target,
                x,
                position[(x, source)],
                x + 1,
                position[(x + 1, target)],
                group["case_id"].nunique(),
                ", ".join(dict.fromkeys(group["case_id"])),
                _direction(group["direction"]) if kind == "outcome" else "context",
            )
        )
    return pd.DataFrame(nodes, columns=node_cols), pd.DataFrame(links, columns=link_cols)


def cmo_layers_chart(synthesis: Synthesis) -> alt.LayerChart:
    """Context conditions (left), mechanisms (middle) and outcomes (right), linked where a
    configuration joins them; a link's width is the number of cases behind it, and the
    mechanism -> outcome links are coloured by the outcome's direction."""
    nodes, links = layers_data(synthesis)
    nodes = nodes.assign(short=truncate(nodes["label"], LABEL_WIDTH) if not nodes.empty else [])
    rows = int(nodes["y"].max()) + 1 if not nodes.empty else 1
    colours = {"context": "#8c8c8c", **DIRECTION_COLOURS}
    y_scale = alt.Scale(domain=[rows - 0.5, -0.5])
    x_scale = alt.Scale(domain=[-0.9, 2.9])
    edges = (
        alt.Chart(links)
        .mark_rule(opacity=0.7)
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=None),
            x2="x2:Q",
            y=alt.Y("y:Q", scale=y_scale, axis=None),
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth(
                "n_cases:Q", title="Cases", scale=alt.Scale(range=[1.5, 8])
            ),
            color=alt.Color(
                "direction:N",
                title="Link",
                scale=alt.Scale(domain=list(colours), range=list(colours.values())),
            ),
            tooltip=[
                alt.Tooltip("source:N", title="From"),
                alt.Tooltip("target:N", title="To"),
                alt.Tooltip("n_cases:Q", title="Cases"),
                alt.Tooltip("cases:N", title="Which"),
            ],
        )
    )
    base = alt.Chart(nodes).encode(
        x=alt.X("x:Q", scale=x_scale, axis=None), y=alt.Y("y:Q", scale=y_scale, axis=None)
    )
    points = base.mark_circle(size=90, color="#333333", opacity=1).encode(
        tooltip=[
            alt.Tooltip("layer:N", title="Layer"),
            alt.Tooltip("label:N", title="Label"),
            alt.Tooltip("n_cases:Q", title="Cases"),
            alt.Tooltip("cases:N", title="Which"),
        ]
    )
    labels = [
        base.transform_filter(alt.datum.x == x)
        .mark_text(align=align, dx=dx, dy=dy, fontSize=11)
        .encode(text="short:N")
        for x, align, dx, dy in ((0, "right", -8, 0), (1, "center", 0, -10), (2, "left", 8, 0))
    ]
    heads = (
        alt.Chart(pd.DataFrame({"x": [0, 1, 2], "head": ["Context", "Mechanism", "Outcome"]}))
        .mark_text(fontWeight="bold", dy=-18)
        .encode(
            x=alt.X("x:Q", scale=x_scale, axis=None),
            y=alt.value(0),
            text="head:N",
        )
    )
    n_layer = nodes["layer"].value_counts() if not nodes.empty else pd.Series(dtype=int)
    return alt.layer(edges, points, *labels, heads).properties(
        width=900,
        height=max(80, ROW_STEP * 2 * rows),
        title="Context, mechanism and outcome across the cases",
        description=(
            f"Layered chart: {int(n_layer.get('Context condition', 0))} context conditions "
            f"(left) linked to the {int(n_layer.get('Mechanism', 0))} mechanisms (middle) "
            f"they fired in, linked to {int(n_layer.get('Outcome', 0))} outcomes (right). A "
            "link's width is the number of cases behind it; mechanism-outcome links are "
            "coloured by the outcome's direction. The same links are listed in the table "
            "below the chart."
        ),
    )


__all__ = [
    "DIRECTION_COLOURS",
    "cmo_layers_chart",
    "layers_data",
    "matrix_data",
    "mechanism_case_matrix",
]
