"""One colour per case, the same in every chart.

Up to 8 cases get the Okabe-Ito palette (Okabe and Ito 2008), safe for the common forms of
colour blindness. 9 to 20 cases get the 20 colours of d3's ``category20`` (Tableau 20), which
pairs dark and light shades and is *not* fully colour-blind safe. Past 20, further colours are
spaced around the hue circle by the golden angle; so many colours cannot all be told apart, so
every chart also names the case in its labels or tooltip. Pure Python: no Altair import.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Ordered so that two cases (the common comparison) get the most distinct pair."""

CATEGORY20 = (
    "#1f77b4",
    "#aec7e8",
    "#ff7f0e",
    "#ffbb78",
    "#2ca02c",
    "#98df8a",
    "#d62728",
    "#ff9896",
    "#9467bd",
    "#c5b0d5",
    "#8c564b",
    "#c49c94",
    "#e377c2",
    "#f7b6d2",
    "#7f7f7f",
    "#c7c7c7",
    "#bcbd22",
    "#dbdb8d",
    "#17becf",
    "#9edae5",
)

_GOLDEN_ANGLE = 0.381966


def _extra_colour(k: int) -> str:
    hue = (0.05 + k * _GOLDEN_ANGLE) % 1.0
    lightness = (0.38, 0.55, 0.7)[k % 3]
    r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.65)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def palette(n: int) -> list[str]:
    """``n`` colours: Okabe-Ito (n <= 8), category20 (n <= 20), then golden-angle hues."""
    if n <= len(OKABE_ITO):
        return list(OKABE_ITO[:n])
    colours = list(CATEGORY20[:n])
    colours.extend(_extra_colour(k) for k in range(n - len(colours)))
    return colours


VIRIDIS = (
    "#440154",
    "#472d7b",
    "#3b528b",
    "#2c728e",
    "#21918c",
    "#28ae80",
    "#5ec962",
    "#addc30",
    "#fde725",
)
"""Viridis (van der Walt and Smith, matplotlib) at nine even steps: the rating colours of the
heatmaps (Vega's ``viridis`` scheme), for charts that mix ratings with fixed colours."""


def viridis(n: int) -> list[str]:
    """``n`` colours evenly along :data:`VIRIDIS` (linear in RGB between its steps)."""
    if n <= 1:
        return [VIRIDIS[0]] * n
    out = []
    for k in range(n):
        at = k * (len(VIRIDIS) - 1) / (n - 1)
        i = min(int(at), len(VIRIDIS) - 2)
        t = at - i
        a, b = (tuple(int(c[j : j + 2], 16) for j in (1, 3, 5)) for c in VIRIDIS[i : i + 2])
        out.append(
            "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))
        )
    return out


def case_colours(case_ids: Sequence[str]) -> dict[str, str]:
    """Case id -> hex colour, given in comparison order so a case keeps its colour."""
    return dict(zip(case_ids, palette(len(case_ids)), strict=True))


__all__ = ["CATEGORY20", "OKABE_ITO", "VIRIDIS", "case_colours", "palette", "viridis"]
