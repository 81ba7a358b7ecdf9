"""Orders of cases that show structure: the leaf order of a hierarchical clustering of their
distances (scipy), so that similar cases sit side by side in a heatmap."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

LINKAGE = "average"
"""UPGMA: the distance between two clusters is the mean distance between their cases, which
suits a distance that is itself a mean over shared questions."""


def distance_square(similarity: pd.DataFrame, case_ids: Sequence[str]) -> np.ndarray:
    """The pair table's distances as a symmetric cases x cases array (0 on the diagonal),
    placed by case id. A pair sharing no rated question gets the mean of the known
    distances (0.5 when none is known): no evidence either way."""
    index = pd.Index(list(case_ids))
    a = index.get_indexer(similarity["case_a"])
    b = index.get_indexer(similarity["case_b"])
    distance = similarity["distance"].to_numpy(dtype=np.float64)
    known = distance[~np.isnan(distance)]
    fill = float(known.mean()) if len(known) else 0.5
    square = np.full((len(case_ids), len(case_ids)), fill)
    square[a, b] = square[b, a] = np.where(np.isnan(distance), fill, distance)
    np.fill_diagonal(square, 0.0)
    return square


def cluster_order(similarity: pd.DataFrame, case_ids: Sequence[str]) -> list[str]:
    """Case ids in the dendrogram's leaf order (:data:`LINKAGE` linkage of the distances);
    the given order for fewer than three cases, where there is nothing to reorder."""
    if len(case_ids) < 3:
        return list(case_ids)
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    condensed = squareform(distance_square(similarity, case_ids), checks=False)
    leaves = leaves_list(linkage(condensed, method=LINKAGE))
    return [case_ids[i] for i in leaves]


__all__ = ["LINKAGE", "cluster_order", "distance_square"]
