"""``casebench synthesis``: check the cases (and a programme theory), synthesise, print one
format or write it atomically. Bad input is one located line per problem and exit 2, with
nothing written."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebench.errors import InputError, Problem


def _rules(args: argparse.Namespace):  # -> Rules
    from casebench.synthesis import Rules

    fields = tuple(f.strip() for f in args.outcome_fields.split(",") if f.strip())
    try:
        return Rules(
            outcome_fields=fields,
            min_shared=args.min_shared,
            min_jaccard=args.min_jaccard,
            min_cases=args.min_cases,
        )
    except ValueError as exc:
        raise InputError.single("synthesis", f"rules: {exc}") from None


def _theory_file(args: argparse.Namespace) -> Path | None:
    """--theory, else the one ``*.theory.yaml`` among the paths (several: an error)."""
    if args.theory:
        return Path(args.theory)
    from casebench.theoryio import is_theory_file
    from casebench.validation import expand_paths

    files, _ = expand_paths(args.paths)
    found = [f for f in files if is_theory_file(f)]
    if len(found) > 1:
        raise InputError.single(
            str(found[1]),
            f"several programme theory files among the paths ({found[0]} too); "
            "choose one with --theory",
        )
    return found[0] if found else None


def run_synthesis(args: argparse.Namespace) -> int:
    """The command's work; returns the exit code (InputError is reported by cli.main)."""
    from casebench.theoryio import read_theory
    from casebench.validation import validate_paths

    rules = _rules(args)
    report = validate_paths(args.paths, args.framework or ())
    if report.errors:
        raise InputError(
            [
                *report.errors,
                Problem("synthesis", f"{len(report.errors)} error(s); nothing synthesised"),
            ]
        )
    cases = report.cases
    if not cases:
        raise InputError.single("synthesis", "no case files among the paths")
    refs = {(c.framework.id, c.framework.version) for c in cases}
    framework = report.framework_of(cases[0]) if len(refs) == 1 else None
    theory_path = _theory_file(args)
    theory = read_theory(theory_path, framework) if theory_path else None

    from casebench.synthesis import synthesise

    synthesis = synthesise(cases, theory=theory, rules=rules, framework=framework)
    if args.format == "html":
        from casebench.report.realist import page

        text = page(synthesis, title=args.title, static=args.static)
    else:
        from casebench import synthesis_exports as out

        if args.format == "json":
            text = out.synthesis_to_json(synthesis, title=args.title)
        elif args.format == "md":
            text = out.synthesis_to_markdown(synthesis, title=args.title)
        else:
            text = out.synthesis_to_text(synthesis)
    if args.output:
        from casebench.files import write_atomic

        write_atomic(args.output, text, backup=False)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


__all__ = ["run_synthesis"]
