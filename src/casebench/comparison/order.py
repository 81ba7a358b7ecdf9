"""Orders of cases that show structure: the leaf order of a hierarchical clustering of their
distances (scipy), so that similar cases sit side by side in a heatmap."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

LINKAGE = "average"
"""UPGMA: the distance between two clusters is the mean distance between their cases, which
suits a distance that is itself a mean over shared questions."""


def filled_distances(distance: np.ndarray) -> np.ndarray:
    """A cases x cases distance array ready to cluster: 0 on the diagonal, and a pair
    sharing no rated question (NaN) given the mean of the known distances (0.5 when none is
    known): no evidence either way."""
    off = ~np.eye(len(distance), dtype=bool)
    known = distance[off & ~np.isnan(distance)]
    fill = float(known.mean()) if len(known) else 0.5
    square = np.where(np.isnan(distance), fill, distance)
    np.fill_diagonal(square, 0.0)
    return square


def cluster_order(distance: np.ndarray, case_ids: Sequence[str]) -> list[str]:
    """Case ids in the dendrogram's leaf order (:data:`LINKAGE` linkage of the cases x cases
    ``distance``); the given order for fewer than three cases, where there is nothing to
    reorder."""
    if len(case_ids) < 3:
        return list(case_ids)
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    condensed = squareform(filled_distances(distance), checks=False)
    leaves = leaves_list(linkage(condensed, method=LINKAGE))
    return [case_ids[i] for i in leaves]


__all__ = ["LINKAGE", "cluster_order", "filled_distances"]
