"""Section profiles: the mean rating per case and section (and sub-section), and what it
rests on. Not assessed is missing data (left out of the mean), never a zero. A question that
restates another of the same group counts once (:func:`count_once`)."""

from __future__ import annotations

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

_LABELS = ["part", "section_id", "section_title", "subsection_id", "subsection_title"]


def count_once(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per ``keys`` x counting question: a question and the one it repeats (column
    ``counting_id``), when both sit in the same group, become one row holding the counting
    question's rating, or the restatement's when only it was rated; booleans (assessed,
    evidenced) hold if they hold for either. Other rows are unchanged."""
    if frame["counting_id"].eq(frame["question_id"]).all():
        return frame
    ordered = frame.assign(_repeat=frame["question_id"].ne(frame["counting_id"]))
    ordered = ordered.sort_values("_repeat", kind="stable")
    how = {
        column: ("max" if ordered[column].dtype == bool else "first")
        for column in ordered.columns
        if column not in {*keys, "counting_id", "_repeat"}
    }
    collapsed = ordered.groupby([*keys, "counting_id"], sort=False, dropna=False).agg(how)
    return collapsed.reset_index()


def _profile(tidy: pd.DataFrame, keys: list[str], level: str) -> pd.DataFrame:
    """Statistics per case x group, grouping on integer codes (labels are joined after)."""
    tidy = count_once(tidy, keys)
    stats = (
        tidy.groupby(keys)
        .agg(
            n_questions=("kind", "size"),
            n_scale=("is_scale", "sum"),
            n_rated=("rating", "count"),
            mean_rating=("rating", "mean"),
        )
        .reset_index()
    )
    stats["level"] = level
    return stats[stats["n_scale"] > 0]


def section_profiles(tidy: pd.DataFrame) -> pd.DataFrame:
    """Rows per case x section (``level="section"``), then per case x sub-section
    (``level="subsection"``; questions sitting directly in a section are only in the section
    row); groups with no scale question are left out. A question repeating another of the
    same group counts once in ``n_questions``, ``n_scale``, ``n_rated`` and the mean.

    ``thin`` is True when fewer than :data:`THIN_MIN_RATED` questions were rated, or fewer than
    :data:`THIN_MIN_SHARE` of the group's scale questions: read such a mean with care.
    """
    sub_order, _ = pd.factorize(tidy["subsection_id"], use_na_sentinel=True)
    frame = pd.DataFrame(
        {
            "case_order": tidy["case_order"],
            "section_order": tidy["section_order"],
            "sub_order": sub_order,
            "question_id": tidy["question_id"],
            "counting_id": tidy["counting_id"],
            "kind": tidy["kind"],
            "is_scale": tidy["kind"].eq("scale"),
            "rating": tidy["rating"],
        }
    )
    sections = _profile(frame, ["case_order", "section_order"], "section")
    subsections = _profile(
        frame[frame["sub_order"] >= 0], ["case_order", "section_order", "sub_order"], "subsection"
    )
    out = pd.concat([sections.assign(sub_order=-1), subsections], ignore_index=True)
    out = out.sort_values(["case_order", "section_order", "sub_order"], kind="stable")

    labels = frame.assign(**{c: tidy[c] for c in _LABELS}).drop_duplicates(
        ["section_order", "sub_order"]
    )
    section_labels = labels.drop_duplicates("section_order").assign(
        sub_order=-1, subsection_id=None, subsection_title=None
    )
    labels = pd.concat([section_labels, labels[labels["sub_order"] >= 0]])
    out = out.merge(
        labels[["section_order", "sub_order", *_LABELS]],
        on=["section_order", "sub_order"],
        how="left",
    )
    case_ids = tidy.drop_duplicates("case_order").set_index("case_order")["case_id"]
    out["case_id"] = out["case_order"].map(case_ids)
    for column in ("n_questions", "n_scale", "n_rated"):
        out[column] = out[column].astype("int64")
    out["thin"] = (out["n_rated"] < THIN_MIN_RATED) | (
        out["n_rated"] < THIN_MIN_SHARE * out["n_scale"]
    )
    return out[PROFILE_COLUMNS].reset_index(drop=True)
