"""Outputs of a realist synthesis as text: a plain-text summary, Markdown and JSON.

Renderers return strings (the CLI prints or writes them). Every row names its cases and the
references of its evidence; the Markdown and JSON outputs carry the quotes themselves, keyed
by reference (``case/cmo/N``). The HTML view is :mod:`casebench.report.realist`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

from casebench.exports import escape_markdown
from casebench.synthesis import Synthesis
from casebench.synthesis.rameses import STATUS_TEXT, checklist, citation

JSON_FORMAT = "casebench-synthesis/1"
"""The ``format`` key of the JSON output; bumped when a key changes meaning or goes away."""


def _plain(value: Any) -> Any:
    """A cell as plain JSON data: tuples as lists, NaN and None as None."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def synthesis_to_data(synthesis: Synthesis, title: str = "") -> dict[str, Any]:
    """The synthesis as plain data with stable keys."""
    rules = synthesis.rules
    theory = synthesis.theory
    return {
        "format": JSON_FORMAT,
        "cases": [{"id": c.id, "title": c.title} for c in synthesis.cases],
        "rules": {
            "outcome_fields": list(rules.outcome_fields),
            "min_shared": rules.min_shared,
            "min_jaccard": rules.min_jaccard,
            "min_cases": rules.min_cases,
            "description": rules.describe(),
        },
        "theory": None if theory is None else {"id": theory.id, "title": theory.title},
        "tables": {name: _records(table) for name, table in synthesis.tables().items()},
        "rameses_ii": {
            "citation": citation(),
            "items": [
                {"number": i.number, "title": i.title, "status": i.status, "where": i.where}
                for i in checklist(synthesis, title)
            ],
        },
    }


def synthesis_to_json(synthesis: Synthesis, title: str = "", indent: int | None = 1) -> str:
    """The synthesis as JSON text."""
    data = synthesis_to_data(synthesis, title)
    return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False) + "\n"


def _join(values: Iterable[str]) -> str:
    return ", ".join(values) or "—"


def summary_sentence(synthesis: Synthesis) -> str:
    """How many cases, configurations, mechanisms and patterns, in one sentence."""
    n_conf = len(synthesis.configurations)
    mechanisms = synthesis.mechanisms
    recurring = int((mechanisms["n_cases"] >= 2).sum()) if not mechanisms.empty else 0
    return (
        f"Realist synthesis of {len(synthesis.cases)} case(s): {n_conf} configuration(s), "
        f"{len(mechanisms)} mechanism(s), {recurring} found in two or more cases; "
        f"{len(synthesis.demi_regularities)} demi-regularit(ies), "
        f"{len(synthesis.contrasts)} contrast(s)."
    )


def _provenance_note(synthesis: Synthesis) -> str:
    counts = synthesis.configurations["provenance"].value_counts()
    return "Provenance of the configurations: " + _join(f"{n} {kind}" for kind, n in counts.items())


def synthesis_to_text(synthesis: Synthesis) -> str:
    """A plain-text summary (what ``casebench synthesis`` prints by default)."""
    lines = [summary_sentence(synthesis), synthesis.rules.describe()]
    if not synthesis.configurations.empty:
        lines.append(_provenance_note(synthesis) + ".")
    lines += ["", "Demi-regularities"]
    for r in synthesis.demi_regularities.itertuples():
        lines += [
            f"  {r.id} {r.mechanism_code} -> {r.outcome_label}",
            f"      in contexts with: {_join(r.shared_conditions)}",
            f"      cases ({r.n_cases}): {_join(r.cases)}; configurations: {_join(r.refs)}",
            f"      exceptions: {_join(r.exceptions)}; evidence: {_join(r.evidence_refs)}",
        ]
    if synthesis.demi_regularities.empty:
        lines.append("  none found")
    lines += ["", "Contrasts"]
    for c in synthesis.contrasts.itertuples():
        lines += [
            f"  {c.id} {c.mechanism_code}",
            f"      {c.outcome_a} in {_join(c.cases_a)}",
            f"      {c.outcome_b} in {_join(c.cases_b)}",
            f"      held only with the first: {_join(c.only_a)}"
            + (
                f" (recorded absent with the second: {_join(c.absent_in_b)})"
                if c.absent_in_b
                else ""
            ),
            f"      held only with the second: {_join(c.only_b)}"
            + (
                f" (recorded absent with the first: {_join(c.absent_in_a)})"
                if c.absent_in_a
                else ""
            ),
            f"      evidence: {_join(c.evidence_refs)}",
        ]
    if synthesis.contrasts.empty:
        lines.append("  none found")
    if synthesis.theory is not None:
        lines += ["", f"Programme theory {synthesis.theory.id}: {synthesis.theory.title}"]
        for s in synthesis.statements.itertuples():
            lines += [
                f"  {s.statement_id} ({s.mechanism_code}): {s.verdict}",
                f"      {s.statement}",
                f"      supports {s.n_supports} ({_join(s.cases_supports)}); refutes "
                f"{s.n_refutes} ({_join(s.cases_refutes)}); refines {s.n_refines} "
                f"({_join(s.cases_refines)}); consistent {s.n_consistent}; untested "
                f"{s.n_untested}",
            ]
    lines += ["", "Mechanisms, case by case"]
    for m in synthesis.mechanisms.itertuples():
        lines.append(f"  {m.mechanism_code} ({m.n_cases} case(s))")
        mine = synthesis.configurations[
            synthesis.configurations["mechanism_code"] == m.mechanism_code
        ]
        for row in mine.itertuples():
            lines.append(
                f"    {row.ref} [{row.provenance}] context: {_join(row.context_tags)}"
                f" | {row.outcome_label} | {row.n_evidence} quote(s)"
            )
    return "\n".join(lines) + "\n"


def _md_table(rows: Iterable[Iterable[Any]], head: list[str]) -> list[str]:
    out = [
        "| " + " | ".join(escape_markdown(h) for h in head) + " |",
        "|" + "---|" * len(head),
    ]
    for row in rows:
        cells = [_join(v) if isinstance(v, tuple) else ("—" if v is None else str(v)) for v in row]
        out.append("| " + " | ".join(escape_markdown(c) for c in cells) + " |")
    return out


def synthesis_to_markdown(synthesis: Synthesis, title: str = "") -> str:
    """The synthesis as Markdown: patterns, theory, configurations, evidence, RAMESES II."""
    lines = [
        f"# {escape_markdown(title or 'Realist synthesis')}",
        "",
        escape_markdown(summary_sentence(synthesis)),
        "",
        escape_markdown(synthesis.rules.describe()),
        "",
        "## Demi-regularities",
        "",
        *_md_table(
            synthesis.demi_regularities[
                [
                    "id",
                    "mechanism_code",
                    "outcome_label",
                    "shared_conditions",
                    "cases",
                    "exceptions",
                    "evidence_refs",
                ]
            ].itertuples(index=False, name=None),
            ["Id", "Mechanism", "Outcome", "Shared conditions", "Cases", "Exceptions", "Evidence"],
        ),
        "",
        "## Contrasts",
        "",
        *_md_table(
            synthesis.contrasts[
                [
                    "id",
                    "mechanism_code",
                    "outcome_a",
                    "cases_a",
                    "outcome_b",
                    "cases_b",
                    "only_a",
                    "only_b",
                    "evidence_refs",
                ]
            ].itertuples(index=False, name=None),
            [
                "Id",
                "Mechanism",
                "Outcome",
                "Cases",
                "Other outcome",
                "Cases",
                "Held only with the first",
                "Held only with the second",
                "Evidence",
            ],
        ),
    ]
    if synthesis.theory is not None:
        lines += [
            "",
            f"## Programme theory: {escape_markdown(synthesis.theory.title)}",
            "",
            *_md_table(
                synthesis.statements[
                    [
                        "statement_id",
                        "statement",
                        "verdict",
                        "cases_supports",
                        "cases_refutes",
                        "cases_refines",
                    ]
                ].itertuples(index=False, name=None),
                ["Statement", "In words", "Verdict", "Supported by", "Refuted by", "Refined by"],
            ),
        ]
    lines += [
        "",
        "## Configurations",
        "",
        *_md_table(
            synthesis.configurations[
                [
                    "ref",
                    "mechanism_code",
                    "context_tags",
                    "outcome_label",
                    "provenance",
                    "evidence_refs",
                ]
            ].itertuples(index=False, name=None),
            [
                "Configuration",
                "Mechanism",
                "Context conditions",
                "Outcome",
                "Provenance",
                "Evidence",
            ],
        ),
        "",
        "## Evidence",
        "",
        *_md_table(
            synthesis.evidence[["evidence_ref", "quote", "attribution", "location"]].itertuples(
                index=False, name=None
            ),
            ["Reference", "Quote", "Attribution", "Where"],
        ),
        "",
        "## RAMESES II checklist",
        "",
        escape_markdown(citation()),
        "",
        *_md_table(
            (
                (i.number, i.title, STATUS_TEXT[i.status], i.where)
                for i in checklist(synthesis, title)
            ),
            ["Item", "Title", "Status", "What casebench has"],
        ),
    ]
    return "\n".join(lines) + "\n"


__all__ = [
    "JSON_FORMAT",
    "summary_sentence",
    "synthesis_to_data",
    "synthesis_to_json",
    "synthesis_to_markdown",
    "synthesis_to_text",
]
