"""The ``casebench`` command. Light commands import neither Altair, nbconvert nor ipywidgets."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 2


def _cmd_validate(args: argparse.Namespace) -> int:
    from casebench.validation import validate_paths

    report = validate_paths(args.paths, args.framework or ())
    shown = report.problems if args.warnings else report.errors
    for problem in shown:
        print(problem, file=sys.stderr)
    n_errors = len(report.errors)
    n_warnings = len(report.problems) - n_errors
    n_cases = len(report.checked)
    if n_errors:
        n_files = len({p.file for p in report.errors})
        print(f"{n_errors} error(s) in {n_files} file(s)", file=sys.stderr)
        return EXIT_INVALID
    hint = "" if args.warnings or not n_warnings else " (show them with --warnings)"
    print(f"{n_cases} case file(s) valid, {n_warnings} warning(s){hint}")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from casebench import schema
    from casebench.registry import load_framework

    if args.kind == "framework":
        print(schema.dumps(schema.framework_schema()), end="")
    else:
        framework = load_framework(args.framework) if args.framework else None
        print(schema.dumps(schema.case_schema(framework)), end="")
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from casebench.caseio import new_case, save_case
    from casebench.registry import load_framework

    out = Path(args.output or f"{args.id}.yaml")
    if out.exists() and not args.force:
        print(f"{out}: error: file exists; choose another --output or pass --force", file=sys.stderr)
        return EXIT_INVALID
    framework = load_framework(args.framework)
    try:
        case = new_case(args.id, args.title, framework, coder=args.coder)
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"])
        print(f"{out}: error: --{field}: {exc.errors()[0]['msg']}", file=sys.stderr)
        return EXIT_INVALID
    save_case(case, out)
    print(f"wrote {out}: {len(case.assessments)} questions of {framework.id} {framework.version}, none assessed yet")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (kept separate so the docs and tests can inspect it)."""
    parser = argparse.ArgumentParser(
        prog="casebench",
        description="Compare co-production and co-design cases along Farr (2017)'s framework.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("validate", help="check case files (and *.framework.yaml files)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders of them")
    p.add_argument("--framework", action="append", metavar="FILE",
                   help="a framework file the cases may name (repeatable)")
    p.add_argument("--warnings", action="store_true", help="show warnings too")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of case (or framework) files")
    p.add_argument("kind", nargs="?", choices=["case", "framework"], default="case")
    p.add_argument("--framework", metavar="ID_OR_FILE",
                   help="list this framework's question ids in the case schema")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("new", help="write a blank case with every question not assessed")
    p.add_argument("--id", required=True, help="case id: lower-case letters, digits and _")
    p.add_argument("--title", required=True)
    p.add_argument("--coder", default="", help="who codes the case")
    p.add_argument("--framework", default="farr2017", metavar="ID_OR_FILE")
    p.add_argument("-o", "--output", metavar="FILE", help="default: ID.yaml")
    p.add_argument("--force", action="store_true", help="overwrite (the old file is kept as .bak)")
    p.set_defaults(func=_cmd_new)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("casebench")
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 invalid input)."""
    from casebench.errors import InputError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"{exc.filename or 'casebench'}: error: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())
