"""Cross-case comparison: every table as a pandas DataFrame, built from one tidy table.

``compare(cases)`` checks the cases can be compared (two or more, one framework version, no
repeated id) and returns a frozen :class:`Comparison`. Pure data: no UI or chart imports here.
Column meanings are documented in ``docs/compare-json.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from casebench.comparison.change import issues_table, levels_of_change
from casebench.comparison.cmo import cmo_configurations, mechanisms
from casebench.comparison.coverage import coverage_table
from casebench.comparison.divergence import divergence_table
from casebench.comparison.matrix import MATRIX_LEAD, framework_matrix
from casebench.comparison.power import power_profile
from casebench.comparison.profiles import THIN_MIN_RATED, THIN_MIN_SHARE, section_profiles
from casebench.comparison.similarity import similarity_square, similarity_table
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
    "tidy",
)
"""Every table of a comparison, in the order exports write them."""


@dataclass(frozen=True, eq=False)
class Comparison:
    """The cases compared, their framework, and one DataFrame per view.

    matrix: question x case (value, confidence, evidence count) with section and sub-section;
    profiles: mean rating per case x section / sub-section, with ``thin`` flag;
    divergence: scale questions, most disputed first; power: dimension x mode x case;
    outcomes: level of change x case by status; issues: raised / acted on per case;
    cmo / mechanisms: configurations and mechanism codes, shared or unique;
    coverage: assessed and evidenced share per case x section;
    similarity: distance per pair of cases; tidy: one row per case x question.
    """

    cases: tuple[Case, ...]
    framework: Framework
    tidy: pd.DataFrame
    matrix: pd.DataFrame
    profiles: pd.DataFrame
    divergence: pd.DataFrame
    power: pd.DataFrame
    outcomes: pd.DataFrame
    issues: pd.DataFrame
    cmo: pd.DataFrame
    mechanisms: pd.DataFrame
    coverage: pd.DataFrame
    similarity: pd.DataFrame

    @property
    def case_ids(self) -> list[str]:
        return [c.id for c in self.cases]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in :data:`TABLE_NAMES` order."""
        return {name: getattr(self, name) for name in TABLE_NAMES}

    def similarity_matrix(self, value: str = "similarity") -> pd.DataFrame:
        """Similarity (or ``"distance"``, ``"n_shared"``) as a case x case matrix."""
        return similarity_square(self.similarity, self.case_ids, value)

    @property
    def thresholds(self) -> dict[str, float]:
        """The rule behind ``profiles.thin``, for reports that explain it."""
        return {"thin_min_rated": THIN_MIN_RATED, "thin_min_share": THIN_MIN_SHARE}


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


def compare(cases: Iterable[Case], framework: Framework | None = None) -> Comparison:
    """Compare two or more cases coded against one framework version.

    ``framework=None`` loads the framework the cases name from the registry. Raises
    :class:`casebench.errors.InputError` (one problem, field ``framework``, ``cases`` or
    ``id``) for a single case, mixed frameworks or versions, or a repeated case id.
    """
    cases = list(cases)
    framework = _check(cases, framework)
    ids = [c.id for c in cases]
    tidy = tidy_table(cases, framework)
    configurations = cmo_configurations(cases)
    return Comparison(
        cases=tuple(cases),
        framework=framework,
        tidy=tidy,
        matrix=framework_matrix(tidy, ids),
        profiles=section_profiles(tidy),
        divergence=divergence_table(tidy, ids),
        power=power_profile(cases, framework),
        outcomes=levels_of_change(cases, framework),
        issues=issues_table(cases),
        cmo=configurations,
        mechanisms=mechanisms(configurations),
        coverage=coverage_table(tidy),
        similarity=similarity_table(tidy, ids),
    )


__all__ = ["TABLE_NAMES", "Comparison", "compare"]
