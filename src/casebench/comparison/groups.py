"""Groups of cases by an attribute (sector, setting, approach, or one of a case's own
``attributes`` such as country or funding): group profiles, group divergence and crosstabs of
power observations and levels of change by group, as matrix coding by classification does.

Each case counts once in a group figure: a group's section mean is the mean of its cases'
section means. Cases with no value for the attribute form the group
:data:`NOT_RECORDED`, shown in every table but left out of the gaps between groups.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from casebench.comparison.change import STATUSES as OUTCOME_STATUSES
from casebench.comparison.divergence import ALL_RATE_UP_TO, MIN_RATED_SHARE
from casebench.errors import InputError
from casebench.models.case import BUILT_IN_ATTRIBUTES as BUILT_IN
from casebench.models.case import Case
from casebench.models.framework import Framework

NOT_RECORDED = "(not recorded)"
"""The group of cases that give no value for the attribute."""


def attribute_names(cases: Sequence[Case], framework: Framework) -> list[str]:
    """Attributes cases can be grouped by: built-in, declared by the framework, then any a
    case records, in that order."""
    names = [*BUILT_IN, *(a.id for a in framework.attributes)]
    for case in cases:
        names.extend(case.attributes)
    return list(dict.fromkeys(names))


def attribute_label(framework: Framework, name: str) -> str:
    """The attribute's label as the framework declares it, else its id in words."""
    for spec in framework.attributes:
        if spec.id == name:
            return spec.label
    return name.replace("_", " ").capitalize()


def group_order(values: Sequence[str | None], framework: Framework, name: str) -> list[str]:
    """Groups in the framework's order of allowed values, others sorted, then
    :data:`NOT_RECORDED`."""
    declared = next((list(a.values) for a in framework.attributes if a.id == name), [])
    present = {v for v in values if v is not None}
    order = [v for v in declared if v in present] + sorted(present - set(declared))
    return order + ([NOT_RECORDED] if None in values else [])


def check_by(cases: Sequence[Case], framework: Framework, by: str) -> None:
    """Refuse an attribute no case records and the framework does not declare."""
    known = attribute_names(cases, framework)
    if by not in known:
        raise InputError.single(
            "compare",
            f"no attribute {by!r} to group by (attributes: {', '.join(known)})",
            field="by",
        )


GROUP_COLUMNS = ["group", "n_cases", "cases"]
GROUP_PROFILE_COLUMNS = [
    "group",
    "section_id",
    "section_title",
    "n_cases",
    "n_cases_rated",
    "n_thin",
    "mean_rating",
    "median_rating",
    "min_rating",
    "max_rating",
]
GROUP_RATING_COLUMNS = [
    "question_id",
    "group",
    "n_cases",
    "n_rated",
    "mean",
    "median",
    "min_rating",
    "max_rating",
]
GROUP_DIVERGENCE_COLUMNS = [
    "rank",
    "ranked",
    "question_id",
    "question_text",
    "section_id",
    "section_title",
    "n_groups",
    "gap",
    "low_group",
    "low_mean",
    "low_n_rated",
    "high_group",
    "high_mean",
    "high_n_rated",
]
GROUP_POWER_COLUMNS = [
    "dimension_id",
    "dimension_title",
    "mode",
    "group",
    "n_cases",
    "cases_with_any",
    "count",
]
GROUP_OUTCOME_COLUMNS = [
    "level_id",
    "level_title",
    "group",
    "n_cases",
    "cases_with_any",
    *OUTCOME_STATUSES,
    "total",
]


def group_needed(n_cases: int) -> int:
    """How many of a group's ``n_cases`` must rate a question for its mean to be compared:
    all up to :data:`ALL_RATE_UP_TO`, else :data:`MIN_RATED_SHARE` (rounded up)."""
    return n_cases if n_cases <= ALL_RATE_UP_TO else math.ceil(MIN_RATED_SHARE * n_cases)


@dataclass(frozen=True, eq=False, repr=False)
class GroupView:
    """The comparison of groups of cases by one attribute."""

    by: str
    label: str
    order: tuple[str, ...]
    members: pd.DataFrame
    profiles: pd.DataFrame
    ratings: pd.DataFrame
    divergence: pd.DataFrame
    power: pd.DataFrame
    outcomes: pd.DataFrame

    def __repr__(self) -> str:
        return f"<GroupView by {self.by!r}: {', '.join(self.order)}>"

    def tables(self) -> dict[str, pd.DataFrame]:
        """The group tables by the names exports give them."""
        return {
            "groups": self.members,
            "group_profiles": self.profiles,
            "group_ratings": self.ratings,
            "group_divergence": self.divergence,
            "group_power": self.power,
            "group_outcomes": self.outcomes,
        }


def _members(group: pd.Series, order: list[str]) -> pd.DataFrame:
    rows = [(g, int((group == g).sum()), ", ".join(group.index[group == g])) for g in order]
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def _profiles(profiles: pd.DataFrame, group: pd.Series, order: list[str]) -> pd.DataFrame:
    sections = profiles[profiles["level"].eq("section")].assign(
        group=lambda f: f["case_id"].map(group)
    )
    out = (
        sections.groupby(["group", "section_id"], sort=False)
        .agg(
            section_title=("section_title", "first"),
            n_cases=("case_id", "size"),
            n_cases_rated=("mean_rating", "count"),
            n_thin=("thin", "sum"),
            mean_rating=("mean_rating", "mean"),
            median_rating=("mean_rating", "median"),
            min_rating=("mean_rating", "min"),
            max_rating=("mean_rating", "max"),
        )
        .reset_index()
    )
    out["group"] = pd.Categorical(out["group"], categories=order, ordered=True)
    section_rank = {s: i for i, s in enumerate(sections["section_id"].unique())}
    out = out.assign(_s=out["section_id"].map(section_rank)).sort_values(["_s", "group"])
    out["group"] = out["group"].astype(str)
    for column in ("n_cases", "n_cases_rated", "n_thin"):
        out[column] = out[column].astype("int64")
    return out[GROUP_PROFILE_COLUMNS].reset_index(drop=True)


def _ratings(tidy: pd.DataFrame, group: pd.Series, order: list[str]) -> pd.DataFrame:
    scale = tidy.loc[
        tidy["kind"].eq("scale"), ["question_id", "question_order", "case_id", "rating"]
    ]
    frame = pd.DataFrame(
        {
            "question_id": scale["question_id"],
            "question_order": scale["question_order"],
            "group": scale["case_id"].map(group),
            "rating": scale["rating"],
        }
    )
    out = (
        frame.groupby(["question_order", "group"], sort=False)
        .agg(
            question_id=("question_id", "first"),
            n_cases=("rating", "size"),
            n_rated=("rating", "count"),
            mean=("rating", "mean"),
            median=("rating", "median"),
            min_rating=("rating", "min"),
            max_rating=("rating", "max"),
        )
        .reset_index()
    )
    out["_g"] = out["group"].map({g: i for i, g in enumerate(order)})
    out = out.sort_values(["question_order", "_g"], kind="stable")
    return out[GROUP_RATING_COLUMNS].reset_index(drop=True)


def _divergence(tidy: pd.DataFrame, ratings: pd.DataFrame) -> pd.DataFrame:
    compared = ratings[
        ratings["group"].ne(NOT_RECORDED)
        & ratings["n_rated"].gt(0)
        & ratings["n_rated"].ge(ratings["n_cases"].map(group_needed))
    ]
    by_question = compared.groupby("question_id", sort=False)
    low = compared.loc[by_question["mean"].idxmin()].set_index("question_id")
    high = compared.loc[by_question["mean"].idxmax()].set_index("question_id")
    meta = tidy.loc[
        tidy["case_order"].eq(0) & tidy["kind"].eq("scale"),
        ["question_id", "question_order", "question_text", "section_id", "section_title"],
    ].set_index("question_id")
    out = meta.assign(n_groups=by_question.size()).fillna({"n_groups": 0})
    out = out.join(low[["group", "mean", "n_rated"]].add_prefix("low_")).join(
        high[["group", "mean", "n_rated"]].add_prefix("high_")
    )
    out["n_groups"] = out["n_groups"].astype("int64")
    out["ranked"] = out["n_groups"].ge(2)
    out["gap"] = (out["high_mean"] - out["low_mean"]).where(out["ranked"])
    out = out.reset_index()
    ranked = out[out["ranked"]].sort_values(
        ["gap", "question_order"], ascending=[False, True], kind="stable"
    )
    others = out[~out["ranked"]].sort_values("question_order", kind="stable")
    out = pd.concat([ranked, others])
    out["rank"] = pd.array([*range(1, len(ranked) + 1), *[None] * len(others)], dtype="Int64")
    for column in ("low_n_rated", "high_n_rated"):
        out[column] = out[column].astype("Int64")
    return out[GROUP_DIVERGENCE_COLUMNS].reset_index(drop=True)


def _crosstab(
    table: pd.DataFrame, keys: list[str], counts: list[str], group: pd.Series, order: list[str]
) -> pd.DataFrame:
    frame = table.assign(group=table["case_id"].map(group), _any=table["total_"].gt(0))
    out = (
        frame.groupby([*keys, "group"], sort=False)
        .agg(
            n_cases=("case_id", "size"),
            cases_with_any=("_any", "sum"),
            **{c: (c, "sum") for c in counts},
        )
        .reset_index()
    )
    rank = {k: i for i, k in enumerate(table[keys[0]].unique())}
    out["_k"] = out[keys[0]].map(rank)
    out["_g"] = out["group"].map({g: i for i, g in enumerate(order)})
    out = out.sort_values(["_k", *keys[1:], "_g"], kind="stable").reset_index(drop=True)
    for column in ("n_cases", "cases_with_any", *counts):
        out[column] = out[column].astype("int64")
    return out


def group_view(
    cases: Sequence[Case],
    framework: Framework,
    by: str,
    *,
    tidy: pd.DataFrame,
    profiles: pd.DataFrame,
    power: pd.DataFrame,
    outcomes: pd.DataFrame,
) -> GroupView:
    """Every group table for the attribute ``by`` (see :func:`check_by`)."""
    check_by(cases, framework, by)
    values = [c.attribute(by) for c in cases]
    order = group_order(values, framework, by)
    group = pd.Series(
        [NOT_RECORDED if v is None else v for v in values], index=[c.id for c in cases]
    )
    ratings = _ratings(tidy, group, order)
    power_by = _crosstab(
        power.assign(total_=power["count"]),
        ["dimension_id", "mode"],
        ["count"],
        group,
        order,
    )
    power_by["dimension_title"] = power_by["dimension_id"].map(
        {d.id: d.title for d in framework.power_dimensions}
    )
    outcomes_by = _crosstab(
        outcomes.assign(total_=outcomes["total"]),
        ["level_id"],
        [*OUTCOME_STATUSES, "total"],
        group,
        order,
    )
    outcomes_by["level_title"] = outcomes_by["level_id"].map(
        {lv.id: lv.title for lv in framework.levels_of_change}
    )
    return GroupView(
        by=by,
        label=attribute_label(framework, by),
        order=tuple(order),
        members=_members(group, order),
        profiles=_profiles(profiles, group, order),
        ratings=ratings,
        divergence=_divergence(tidy, ratings),
        power=power_by[GROUP_POWER_COLUMNS],
        outcomes=outcomes_by[GROUP_OUTCOME_COLUMNS],
    )


__all__ = [
    "BUILT_IN",
    "NOT_RECORDED",
    "GroupView",
    "attribute_label",
    "attribute_names",
    "check_by",
    "group_view",
]
