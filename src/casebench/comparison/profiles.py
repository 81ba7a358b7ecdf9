"""Section profiles: the mean rating per case and section (and sub-section), and what it
rests on. Not assessed is missing data (left out of the mean), never a zero."""

from __future__ import annotations

import numpy as np
import pandas as pd

THIN_MIN_RATED = 2
"""A profile resting on fewer rated questions than this is flagged ``thin``."""

THIN_MIN_SHARE = 0.5
"""...and so is one resting on under this share of the group's scale questions."""

PROFILE_COLUMNS = [
    "case_id",
    "level",
    "part",
    "section_id",
    "section_title",
    "subsection_id",
    "subsection_title",
    "n_questions",
    "n_scale",
    "n_rated",
    "mean_rating",
    "thin",
]


def _profile(tidy: pd.DataFrame, keys: list[str], level: str) -> pd.DataFrame:
    counts = tidy.groupby(keys, sort=False, dropna=True).size().rename("n_questions")
    scale = tidy[tidy["kind"].eq("scale")]
    stats = scale.groupby(keys, sort=False, dropna=True)["rating"].agg(
        n_scale="size", n_rated="count", mean_rating="mean"
    )
    out = stats.join(counts).reset_index()
    out["level"] = level
    return out


def section_profiles(tidy: pd.DataFrame) -> pd.DataFrame:
    """Rows per case x section (``level="section"``), then per case x sub-section
    (``level="subsection"``); groups with no scale question are left out.

    ``thin`` is True when fewer than :data:`THIN_MIN_RATED` questions were rated, or fewer than
    :data:`THIN_MIN_SHARE` of the group's scale questions: read such a mean with care.
    """
    base = ["case_order", "case_id", "section_order", "section_id", "section_title", "part"]
    sections = _profile(tidy, base, "section")
    subsections = _profile(tidy, [*base, "subsection_id", "subsection_title"], "subsection")
    sub_order = tidy.drop_duplicates("subsection_id").set_index("subsection_id")["question_order"]
    subsections["_sub_order"] = subsections["subsection_id"].map(sub_order)
    sections["_sub_order"] = -1
    out = pd.concat([sections, subsections], ignore_index=True)
    out = out.sort_values(["case_order", "section_order", "_sub_order"], kind="stable")
    out["n_rated"] = out["n_rated"].astype("int64")
    out["n_scale"] = out["n_scale"].astype("int64")
    out["thin"] = (out["n_rated"] < THIN_MIN_RATED) | (
        out["n_rated"] < THIN_MIN_SHARE * out["n_scale"]
    )
    out["mean_rating"] = out["mean_rating"].where(out["n_rated"] > 0, np.nan)
    return out[PROFILE_COLUMNS].reset_index(drop=True)
