"""Cross-case comparison: every table as a pandas DataFrame, built from one tidy table.

``compare(cases)`` checks the cases can be compared (two or more, one framework version, no
repeated id) and returns a frozen :class:`Comparison`; ``focus=`` adds one case against the
rest, ``by=`` groups of cases by an attribute. Pure data: no UI or chart imports here.
Column meanings are documented in ``docs/compare-json.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from casebench.comparison.change import issues_table, levels_of_change
from casebench.comparison.cmo import cmo_configurations, mechanisms
from casebench.comparison.coverage import coverage_table, overview_table
from casebench.comparison.divergence import divergence_table
from casebench.comparison.divergence import min_rated as rated_needed
from casebench.comparison.groups import GroupView, check_by, group_view
from casebench.comparison.matrix import MATRIX_LEAD, framework_matrix
from casebench.comparison.order import cluster_order
from casebench.comparison.power import power_profile
from casebench.comparison.profiles import THIN_MIN_RATED, THIN_MIN_SHARE, section_profiles
from casebench.comparison.similarity import Pairs, default_min_shared, similarity_square
from casebench.comparison.similarity import pairs as pair_arrays
from casebench.comparison.standout import distinctive, focus_table, standout_table
from casebench.comparison.tidy import tidy_table
from casebench.errors import InputError
from casebench.models.case import Case
from casebench.models.framework import Framework

TABLE_NAMES = (
    "matrix",
    "profiles",
    "divergence",
    "power",
    "outcomes",
    "issues",
    "cmo",
    "mechanisms",
    "coverage",
    "similarity",
    "overview",
    "tidy",
)
"""Every table of a comparison, in the order exports write them (then ``focus`` and the
group tables, when asked for)."""

PAIRS_PER_CASE = 5
"""Similarity pairs exports keep per case by default (each case's most similar others), so
that they grow linearly with the number of cases; ``pairs="all"`` keeps every pair."""


@dataclass(frozen=True, eq=False, repr=False)
class Comparison:
    """The cases compared, their framework, and one DataFrame per view, each built from the
    tidy table the first time it is read (a command printing one view builds only that).

    matrix: question x case (value, confidence, evidence count) with section and sub-section;
    profiles: mean rating per case x section / sub-section, with ``thin`` flag;
    divergence: scale questions, most disputed first; power: dimension x mode x case;
    outcomes: level of change x case by status; issues: raised / acted on per case;
    cmo / mechanisms: configurations and mechanism codes, shared or unique;
    coverage: assessed and evidenced share per case x section;
    similarity: distance per pair of cases; overview: coverage per case over the whole
    framework; tidy: one row per case x question. With ``focus``: ``focus_table``, the focal
    case against the rest; with ``by``: ``groups`` (:class:`GroupView`).
    """

    cases: tuple[Case, ...]
    framework: Framework
    tidy: pd.DataFrame
    min_rated: int = 2
    min_shared: int = 2
    focus: str | None = None
    by: str | None = None

    @cached_property
    def matrix(self) -> pd.DataFrame:
        return framework_matrix(self.tidy, self.case_ids)

    @cached_property
    def profiles(self) -> pd.DataFrame:
        return section_profiles(self.tidy)

    @cached_property
    def divergence(self) -> pd.DataFrame:
        return divergence_table(self.tidy, self.case_ids, self.min_rated)

    @cached_property
    def power(self) -> pd.DataFrame:
        return power_profile(self.cases, self.framework)

    @cached_property
    def outcomes(self) -> pd.DataFrame:
        return levels_of_change(self.cases, self.framework)

    @cached_property
    def issues(self) -> pd.DataFrame:
        return issues_table(self.cases)

    @cached_property
    def cmo(self) -> pd.DataFrame:
        return cmo_configurations(self.cases)

    @cached_property
    def mechanisms(self) -> pd.DataFrame:
        return mechanisms(self.cmo)

    @cached_property
    def coverage(self) -> pd.DataFrame:
        return coverage_table(self.tidy)

    @cached_property
    def pair_arrays(self) -> Pairs:
        """Shared questions and distance of every pair, as cases x cases arrays."""
        return pair_arrays(self.tidy, self.case_ids, self.min_shared)

    @cached_property
    def similarity(self) -> pd.DataFrame:
        return self.pair_arrays.all()

    @cached_property
    def overview(self) -> pd.DataFrame:
        return overview_table(self.tidy)

    @cached_property
    def groups(self) -> GroupView | None:
        """The groups by ``by`` (None without it)."""
        if self.by is None:
            return None
        return group_view(
            self.cases,
            self.framework,
            self.by,
            tidy=self.tidy,
            profiles=self.profiles,
            power=self.power,
            outcomes=self.outcomes,
        )

    @property
    def case_ids(self) -> list[str]:
        return [c.id for c in self.cases]

    def __repr__(self) -> str:
        extra = (f", focus={self.focus!r}" if self.focus else "") + (
            f", by={self.by!r}" if self.by else ""
        )
        return (
            f"<Comparison of {len(self.cases)} cases along {self.framework.id} "
            f"{self.framework.version}{extra}>"
        )

    def tables(self, pairs: int | str = PAIRS_PER_CASE) -> dict[str, pd.DataFrame]:
        """Every table by name, in :data:`TABLE_NAMES` order, then ``focus`` and the group
        tables when asked for. ``similarity`` keeps each case's ``pairs`` most similar others
        (:func:`~casebench.comparison.similarity.top_pairs`), or every pair with ``"all"``."""
        tables = {name: getattr(self, name) for name in TABLE_NAMES}
        tables["similarity"] = self.pairs(pairs)
        if self.focus_table is not None:
            tables["focus"] = self.focus_table
        if self.groups is not None:
            tables.update(self.groups.tables())
        return tables

    def pairs(self, pairs: int | str = PAIRS_PER_CASE) -> pd.DataFrame:
        """The similarity table: every pair (``"all"``) or each case's ``pairs`` most similar
        others, each pair once."""
        if pairs == "all":
            return self.similarity
        if isinstance(pairs, bool) or not isinstance(pairs, int):
            raise ValueError(f"pairs must be a number of pairs per case or 'all', not {pairs!r}")
        return self.pair_arrays.top(pairs)

    def similarity_matrix(self, value: str = "similarity") -> pd.DataFrame:
        """Similarity (or ``"distance"``, ``"n_shared"``) as a case x case matrix."""
        return similarity_square(self.similarity, self.case_ids, value)

    @cached_property
    def cluster_order(self) -> list[str]:
        """Case ids in the leaf order of an average-linkage clustering of their distances,
        so that similar cases sit together in the similarity heatmap and the matrix."""
        return cluster_order(self.pair_arrays.distance, self.case_ids)

    @property
    def focus_table(self) -> pd.DataFrame | None:
        """The focal case's ratings against the others', most outstanding first (None
        without ``focus``)."""
        return None if self.focus is None else focus_table(self.standouts, self.focus)

    @cached_property
    def standouts(self) -> pd.DataFrame:
        """Every case x scale question against the other cases (see
        :mod:`casebench.comparison.standout`)."""
        return standout_table(self.tidy, self.case_ids)

    def distinctive(self, per_case: int = 3) -> pd.DataFrame:
        """Each case's ``per_case`` most distinctive questions, with its evidence."""
        return distinctive(self.standouts, per_case)

    def order(self, order: str | Sequence[str] = "given") -> list[str]:
        """Case ids in the comparison's order (``"given"``), the clustering's
        (``"cluster"``), or an order given as a list of every case id."""
        if order == "given":
            return self.case_ids
        if order == "cluster":
            return self.cluster_order
        if isinstance(order, str) or sorted(order) != sorted(self.case_ids):
            raise ValueError("order is 'given', 'cluster' or a list holding every case id once")
        return list(order)

    @property
    def thresholds(self) -> dict[str, float]:
        """The rules behind ``profiles.thin``, the divergence ranking and
        ``similarity.thin``, for reports and exports that explain them."""
        return {
            "thin_min_rated": THIN_MIN_RATED,
            "thin_min_share": THIN_MIN_SHARE,
            "divergence_min_rated": self.min_rated,
            "similarity_min_shared": self.min_shared,
        }


def _check(cases: list[Case], framework: Framework | None) -> Framework:
    """Refuse what cannot be compared; return the framework to compare along."""
    if len(cases) < 2:
        where = cases[0].id if cases else "compare"
        raise InputError.single(
            where, f"a comparison needs at least two cases, got {len(cases)}", field="cases"
        )
    first = cases[0]
    for case in cases[1:]:
        if case.framework.id != first.framework.id:
            raise InputError.single(
                case.id,
                f"is coded against framework {case.framework.id!r} but {first.id} "
                f"against {first.framework.id!r}; only cases of one framework can be compared",
                field="framework",
            )
        if case.framework.version != first.framework.version:
            raise InputError.single(
                case.id,
                f"is coded against {case.framework.id} version "
                f"{case.framework.version} but {first.id} against version "
                f"{first.framework.version}; recode one so both use the same version",
                field="framework",
            )
    seen: set[str] = set()
    for case in cases:
        if case.id in MATRIX_LEAD:
            raise InputError.single(
                case.id,
                f"case id {case.id!r} is also the name of a column of the framework "
                "matrix; give the case another id",
                field="id",
            )
        if case.id in seen:
            raise InputError.single(case.id, "case id appears twice in the comparison", field="id")
        seen.add(case.id)
    if framework is None:
        from casebench.registry import load_framework

        framework = load_framework(first.framework.id)
    if (framework.id, framework.version) != (first.framework.id, first.framework.version):
        raise InputError.single(
            first.id,
            f"is coded against {first.framework.id} {first.framework.version}, "
            f"not the framework given ({framework.id} {framework.version})",
            field="framework",
        )
    return framework


def compare(
    cases: Iterable[Case],
    framework: Framework | None = None,
    *,
    focus: str | None = None,
    by: str | None = None,
    min_rated: int | float | None = None,
    min_shared: int | None = None,
) -> Comparison:
    """Compare two or more cases coded against one framework version.

    ``framework=None`` loads the framework the cases name from the registry. ``focus``: a
    case id to set against the rest (``focus_table``). ``by``: an attribute (``sector``,
    ``setting``, ``approach`` or one of the cases' ``attributes``) to compare groups by.
    ``min_rated``: cases (an int) or share of them (a float) that must rate a question for
    the divergence to rank it (default: all up to three cases, else 60 %). ``min_shared``:
    shared rated questions below which a similarity is ``thin`` (default: half the
    framework's scale questions). Raises :class:`casebench.errors.InputError` (one problem,
    field ``framework``, ``cases``, ``id``, ``focus`` or ``by``) for a single case, mixed
    frameworks or versions, a repeated case id, or an unknown focus or attribute.
    """
    cases = list(cases)
    framework = _check(cases, framework)
    ids = [c.id for c in cases]
    if focus is not None and focus not in ids:
        raise InputError.single(
            "compare",
            f"no case {focus!r} to focus on (cases: {', '.join(ids[:8])}"
            + (", ..." if len(ids) > 8 else "")
            + ")",
            field="focus",
        )
    if by is not None:
        check_by(cases, framework, by)
    needed = rated_needed(len(ids), min_rated)
    tidy = tidy_table(cases, framework)
    if min_shared is None:
        n_scale = tidy.loc[tidy["case_order"].eq(0) & tidy["kind"].eq("scale"), "counting_id"]
        min_shared = default_min_shared(n_scale.nunique())
    return Comparison(
        cases=tuple(cases),
        framework=framework,
        tidy=tidy,
        min_rated=needed,
        min_shared=min_shared,
        focus=focus,
        by=by,
    )


__all__ = ["PAIRS_PER_CASE", "TABLE_NAMES", "Comparison", "GroupView", "compare"]
