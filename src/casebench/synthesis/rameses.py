"""A RAMESES II checklist (Wong et al. 2016) for a synthesis built in casebench: for each item,
whether the case files or the synthesis document it, document it in part, or leave it to the
team to write. The items are data (``rameses2.yaml``); the checks here look at the cases,
the programme theory and the synthesis behind a report.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Literal

from casebench import yamlio
from casebench.models.case import Case

if TYPE_CHECKING:
    from casebench.synthesis import Synthesis

Status = Literal["documented", "partly", "to write"]
STATUS_TEXT = {
    "documented": "documented by casebench",
    "partly": "partly documented: the team completes it",
    "to write": "the team must write it",
}


@dataclass(frozen=True)
class ChecklistItem:
    """One RAMESES II item and what casebench can say about it for these cases."""

    number: int
    section: str
    title: str
    asks: str
    status: Status
    where: str


def _all(cases: Sequence[Case], has: Callable[[Case], bool]) -> tuple[int, int]:
    return sum(1 for c in cases if has(c)), len(cases)


def _share(found: tuple[int, int], what: str, where: str) -> tuple[Status, str]:
    n, total = found
    if total and n == total:
        return "documented", f"{what} of every case ({where})"
    if n:
        return "partly", f"{what} of {n} of {total} cases ({where}); record it for the others"
    return "to write", f"no case file records {what} ({where})"


def _check(name: str, synthesis: Synthesis, title: str) -> tuple[Status, str]:
    cases = synthesis.cases
    if name == "title":
        if "realist" in title.lower():
            return "documented", "the report's title names the realist approach"
        return "to write", "give the report a title naming it a realist evaluation (--title)"
    if name == "summaries":
        status, where = _share(
            _all(cases, lambda c: bool(c.summary.strip())), "a summary", "summary"
        )
        return (
            "partly" if status == "documented" else status
        ), where + "; the abstract itself is the team's"
    if name == "theory":
        if synthesis.theory is not None:
            n = len(synthesis.theory.statements)
            return "documented", f"programme theory {synthesis.theory.id!r}: {n} statement(s)"
        return "to write", "no programme theory was given (casebench synthesis --theory FILE)"
    if name == "framework":
        return "partly", (
            "the framework's questions set the focus of the coding; the evaluation questions "
            "are the team's"
        )
    if name == "setting":
        return _share(_all(cases, lambda c: bool(c.setting.strip())), "the setting", "setting")
    if name == "approach":
        return _share(_all(cases, lambda c: bool(c.approach.strip())), "the approach", "approach")
    if name == "period":
        status, where = _share(
            _all(cases, lambda c: c.period.months is not None or bool(c.period.start)),
            "the period followed",
            "period",
        )
        return ("partly" if status == "documented" else status), where + "; justify the design"
    if name == "sources":
        return _share(_all(cases, lambda c: bool(c.sources)), "the data sources", "sources")
    if name == "participants":
        status, where = _share(
            _all(cases, lambda c: any(s.participants for s in c.sources)),
            "participants by role",
            "sources.participants",
        )
        return ("partly" if status == "documented" else status), where + "; add the sampling"
    if name == "rules":
        return "documented", "the synthesis states its rules for similar outcomes and contexts"
    if name == "findings":
        n = len(synthesis.configurations)
        if not n:
            return "to write", "no case records a context-mechanism-outcome configuration"
        return "documented", (
            f"{n} configuration(s), {len(synthesis.demi_regularities)} demi-regularit(ies) and "
            f"{len(synthesis.contrasts)} contrast(s), each with its evidence"
        )
    if name == "verdicts":
        if synthesis.theory is None:
            return (
                "to write",
                "summarise the findings (given a programme theory, casebench reports what "
                "supports or refutes it)",
            )
        return (
            "partly",
            "the verdict on each statement of the programme theory; the summary is the team's",
        )
    if name == "limitations":
        constructed = int((synthesis.configurations["provenance"] != "stated").sum())
        return "partly", (
            f"{constructed} of {len(synthesis.configurations)} configuration(s) are the coder's "
            "construction or of unrecorded provenance; the limitations are the team's"
        )
    return "to write", "casebench cannot document this item"


@cache
def _items() -> tuple[dict, ...]:
    text = (resources.files("casebench.synthesis") / "rameses2.yaml").read_text(encoding="utf-8")
    return tuple(yamlio.loads(text, "rameses2.yaml").data["items"])


def citation() -> str:
    """The citation of RAMESES II."""
    text = (resources.files("casebench.synthesis") / "rameses2.yaml").read_text(encoding="utf-8")
    return str(yamlio.loads(text, "rameses2.yaml").data["citation"])


def checklist(synthesis: Synthesis, title: str = "") -> list[ChecklistItem]:
    """Every RAMESES II item, with what casebench documents for ``synthesis`` (and a report
    titled ``title``)."""
    out = []
    for item in _items():
        status, where = _check(item["check"], synthesis, title)
        out.append(
            ChecklistItem(
                number=item["number"],
                section=item["section"],
                title=item["title"],
                asks=item["asks"],
                status=status,
                where=where,
            )
        )
    return out


__all__ = ["STATUS_TEXT", "ChecklistItem", "checklist", "citation"]
