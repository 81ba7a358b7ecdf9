"""Ids of the report's evidence blocks, so that a chart mark, a table cell and the evidence
appendix agree on where the evidence behind a number is.

Case, question, section and dimension ids match ``^[a-z][a-z0-9_]*$`` (no hyphen), so the
hyphen-joined ids below never collide. Per case (up to the report's detail limit):
``ev-<case>-<question>``, ``ev-<case>-section-<section>``, ``ev-<case>-power-<dimension>``,
``ev-<case>-cmo-<configuration>``; summarised over all cases: ``evs-<question>``,
``evs-section-<section>``, ``evs-power-<dimension>``, ``evs-cmo-<mechanism code>``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceLinks:
    """Where a chart's marks link to: each case's evidence, or the summary per question."""

    per_case: bool = True

    def question(self, case_id: str, question_id: str) -> str:
        """Anchor of one case's judgement on one question (with its quotes)."""
        return f"ev-{case_id}-{question_id}" if self.per_case else f"evs-{question_id}"

    def section(self, case_id: str, section_id: str) -> str:
        """Anchor of one case's judgements on one section."""
        return (
            f"ev-{case_id}-section-{section_id}" if self.per_case else f"evs-section-{section_id}"
        )

    def power(self, case_id: str, dimension: str) -> str:
        """Anchor of one case's observations of one dimension of power."""
        return f"ev-{case_id}-power-{dimension}" if self.per_case else f"evs-power-{dimension}"

    @property
    def over_cases(self) -> EvidenceLinks:
        """Links for a mark that stands for every case at once (a distribution over the
        cases): the evidence summarised per question, section or dimension."""
        return EvidenceLinks(per_case=False)

    def configuration(self, case_id: str, cmo_id: str, mechanism_code: str) -> str:
        """Anchor of one case's context-mechanism-outcome configuration (with its quotes), or
        of the summary of its mechanism code across the cases."""
        return f"ev-{case_id}-cmo-{cmo_id}" if self.per_case else f"evs-cmo-{mechanism_code}"

    def href(self, anchor: str) -> str:
        """An in-page link to an anchor."""
        return f"#{anchor}"


__all__ = ["EvidenceLinks"]
