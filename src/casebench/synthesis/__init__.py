"""Realist synthesis across cases (Pawson 2006): what works, for whom, in what circumstances.

``synthesise(cases, theory=None, rules=Rules())`` lays the context-mechanism-outcome
configurations of the cases side by side and returns a frozen :class:`Synthesis`: per
mechanism the contexts it fired in and the outcomes it produced, case by case;
demi-regularities (a mechanism with similar outcomes in similar contexts across cases);
contrasts (the same mechanism with different outcomes, and the context conditions that
differ); and, given a programme theory, the configurations that support, refute or refine
each of its statements. What "similar" means is :class:`Rules` (see
:mod:`casebench.synthesis.rules`). Every row names its cases and the references of its
evidence (``case/cmo/N``) in :attr:`Synthesis.evidence`. Pure pandas: no UI or charts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from casebench.errors import InputError
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.models.theory import ProgrammeTheory
from casebench.synthesis import patterns, tables
from casebench.synthesis import theory as theory_tests
from casebench.synthesis.rules import Rules
from casebench.theoryio import read_theory

TABLE_NAMES = (
    "configurations",
    "mechanisms",
    "demi_regularities",
    "contrasts",
    "statements",
    "verdicts",
    "conditions",
    "evidence",
)
"""Every table of a synthesis, in the order outputs show them."""


@dataclass(frozen=True, eq=False)
class Synthesis:
    """The cases, the rules, the programme theory (if any) and one DataFrame per view.

    configurations: one row per configuration (``ref`` = ``case/cmo``);
    mechanisms: one row per mechanism code with its cases, outcomes and conditions;
    demi_regularities, contrasts: the patterns of :mod:`casebench.synthesis.patterns`;
    statements, verdicts: the programme theory tested (empty without one);
    conditions: one row per context condition; evidence: one row per quote (``case/cmo/N``).
    """

    cases: tuple[Case, ...]
    rules: Rules
    theory: ProgrammeTheory | None
    framework: Framework | None
    configurations: pd.DataFrame
    mechanisms: pd.DataFrame
    demi_regularities: pd.DataFrame
    contrasts: pd.DataFrame
    statements: pd.DataFrame
    verdicts: pd.DataFrame
    conditions: pd.DataFrame
    evidence: pd.DataFrame

    @property
    def case_ids(self) -> list[str]:
        return [c.id for c in self.cases]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in :data:`TABLE_NAMES` order."""
        return {name: getattr(self, name) for name in TABLE_NAMES}

    def quotes(self, refs: Iterable[str]) -> pd.DataFrame:
        """The evidence rows of the given references, in the order given."""
        wanted = list(dict.fromkeys(refs))
        indexed = self.evidence.set_index("evidence_ref")
        return indexed.loc[[r for r in wanted if r in indexed.index]].reset_index()


def synthesise(
    cases: Iterable[Case],
    theory: ProgrammeTheory | None = None,
    rules: Rules | None = None,
    framework: Framework | None = None,
) -> Synthesis:
    """The synthesis of the cases' configurations (see the module docstring). ``framework``
    (optional) names the sections of the questions each configuration bears on. A case id
    given twice raises :class:`casebench.errors.InputError`."""
    cases = list(cases)
    rules = rules or Rules()
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise InputError.single(case.id, "case id appears twice in the synthesis", field="id")
        seen.add(case.id)
    configurations = tables.configurations(cases, rules, framework)
    if theory is not None:
        verdicts = theory_tests.verdicts(theory, configurations)
        statements = theory_tests.statements(theory, verdicts)
    else:
        verdicts = pd.DataFrame(columns=theory_tests.VERDICT_COLUMNS)
        statements = pd.DataFrame(columns=theory_tests.STATEMENT_COLUMNS)
    return Synthesis(
        cases=tuple(cases),
        rules=rules,
        theory=theory,
        framework=framework,
        configurations=configurations,
        mechanisms=tables.mechanisms(configurations),
        demi_regularities=patterns.demi_regularities(configurations, rules),
        contrasts=patterns.contrasts(configurations),
        statements=statements,
        verdicts=verdicts,
        conditions=tables.conditions(cases),
        evidence=tables.evidence(cases),
    )


__all__ = ["TABLE_NAMES", "Rules", "Synthesis", "read_theory", "synthesise"]
