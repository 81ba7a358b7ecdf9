"""A programme theory file read and tested against the configurations of the cases.

Per statement and configuration of the statement's mechanism, a verdict:

* **supports**: every context condition of the statement held, and the outcome is the
  expected one (on every outcome field the statement gives);
* **refutes**: the context held, but the outcome differs;
* **refines**: the outcome followed (or followed in part: ``mixed`` where ``positive`` or
  ``negative`` was expected) although a condition of the statement did not hold, or the
  context held and the outcome followed only in part. Either way the statement's context
  or outcome needs re-specifying;
* **consistent**: a condition did not hold and the outcome differs, as the statement allows;
* **untested**: the configuration does not code an outcome field the statement expects.

A statement is *supported* when some configuration supports it and none refutes it,
*refuted* when some refute it and none supports it, *contested* when both, *to refine* when
configurations only refine it, and *untested* otherwise.
"""

from __future__ import annotations

import pandas as pd

from casebench.models.theory import ProgrammeTheory, TheoryStatement

VERDICTS = ("supports", "refutes", "refines", "consistent", "untested")
VERDICT_COLUMNS = [
    "statement_id",
    "ref",
    "case_id",
    "cmo_id",
    "verdict",
    "context_held",
    "missing_conditions",
    "outcome",
    "reason",
    "provenance",
    "evidence_refs",
]
STATEMENT_COLUMNS = [
    "statement_id",
    "statement",
    "mechanism_code",
    "verdict",
    *(f"n_{v}" for v in VERDICTS),
    *(f"cases_{v}" for v in VERDICTS[:4]),
    "citation",
]


_FIELDS = {"direction": "outcome_direction", "code": "outcome_code", "level": "outcome_level"}


def _value(row: pd.Series, column: str) -> str | None:
    value = row[column]
    return None if value is None or pd.isna(value) else str(value)


def _outcome(statement: TheoryStatement, row: pd.Series) -> tuple[str, str]:
    """("as expected" | "in part" | "differs" | "not coded", a note saying why)."""
    expected = statement.expected()
    found = {f: _value(row, _FIELDS[f]) for f in expected}
    missing = [f for f, v in found.items() if v is None]
    if missing:
        return "not coded", "outcome " + " and ".join(missing) + " not coded"
    differing = {f: v for f, v in found.items() if v != expected[f]}
    if not differing:
        return "as expected", "outcome as expected"
    partly = (
        set(differing) == {"direction"}
        and differing["direction"] == "mixed"
        and expected["direction"] in {"positive", "negative"}
    )
    said = "; ".join(f"{f} {v}, expected {expected[f]}" for f, v in differing.items())
    return ("in part" if partly else "differs"), f"outcome {said}"


def _verdict(context_held: bool, outcome: str) -> str:
    if outcome == "not coded":
        return "untested"
    if context_held:
        return {"as expected": "supports", "in part": "refines"}.get(outcome, "refutes")
    return "consistent" if outcome == "differs" else "refines"


def verdicts(theory: ProgrammeTheory, configurations: pd.DataFrame) -> pd.DataFrame:
    """One row per statement and configuration of its mechanism, with the verdict and why."""
    rows = []
    for statement in theory.statements:
        mine = configurations[configurations["mechanism_code"] == statement.mechanism_code]
        for _, row in mine.iterrows():
            held = set(row["context_tags"])
            missing = tuple(t for t in statement.context_conditions if t not in held)
            outcome, note = _outcome(statement, row)
            if missing:
                absent = [t for t in missing if t in row["absent_tags"]]
                context_note = "context not held: " + ", ".join(
                    f"{t} (recorded absent)" if t in absent else f"{t} (not recorded)"
                    for t in missing
                )
            else:
                context_note = "context held" + (
                    f" ({', '.join(statement.context_conditions)})"
                    if statement.context_conditions
                    else ""
                )
            rows.append(
                (
                    statement.id,
                    row["ref"],
                    row["case_id"],
                    row["cmo_id"],
                    _verdict(not missing, outcome),
                    not missing,
                    missing,
                    outcome,
                    f"{context_note}; {note}",
                    row["provenance"],
                    row["evidence_refs"],
                )
            )
    return pd.DataFrame(rows, columns=VERDICT_COLUMNS)


def _overall(counts: dict[str, int]) -> str:
    if counts["supports"] and counts["refutes"]:
        return "contested"
    if counts["supports"]:
        return "supported"
    if counts["refutes"]:
        return "refuted"
    if counts["refines"]:
        return "to refine"
    return "untested"


def statements(theory: ProgrammeTheory, verdict_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per statement: counts of each verdict, the cases behind each, and overall."""
    rows = []
    for statement in theory.statements:
        mine = verdict_rows[verdict_rows["statement_id"] == statement.id]
        counts = {v: int((mine["verdict"] == v).sum()) for v in VERDICTS}
        cases = {
            v: tuple(dict.fromkeys(mine.loc[mine["verdict"] == v, "case_id"])) for v in VERDICTS[:4]
        }
        rows.append(
            (
                statement.id,
                statement.sentence(),
                statement.mechanism_code,
                _overall(counts),
                *counts.values(),
                *cases.values(),
                statement.citation,
            )
        )
    return pd.DataFrame(rows, columns=STATEMENT_COLUMNS)


__all__ = [
    "STATEMENT_COLUMNS",
    "VERDICTS",
    "VERDICT_COLUMNS",
    "statements",
    "verdicts",
]
