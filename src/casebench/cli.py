"""The ``casebench`` command. Light commands import neither Altair, nbconvert nor ipywidgets."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

CHART_FORMATS = ("png", "svg")
EXIT_OK = 0
EXIT_INVALID = 2


def _cmd_validate(args: argparse.Namespace) -> int:
    from casebench.validation import validate_paths

    report = validate_paths(args.paths, args.framework or (), _cache(args))
    problems = report.problems
    if args.strict:  # for publication: a warning is an error
        problems = [replace(p, severity="error") for p in problems]
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems if args.warnings else errors:
        print(problem, file=sys.stderr)
    n_errors = len(errors)
    n_warnings = len(problems) - n_errors
    n_cases = len(report.checked)
    if n_errors:
        n_files = len({p.file for p in errors})
        promoted = n_errors - len(report.errors)
        strict = (
            f" ({promoted} of them warnings, counted as errors by --strict)" if promoted else ""
        )
        print(f"{n_errors} error(s) in {n_files} file(s){strict}", file=sys.stderr)
        return EXIT_INVALID
    hint = "" if args.warnings or not n_warnings else " (show them with --warnings)"
    print(f"{n_cases} case file(s) valid, {n_warnings} warning(s){hint}")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from casebench import schema
    from casebench.registry import load_framework

    if args.kind == "framework":
        print(schema.dumps(schema.framework_schema()), end="")
    elif args.kind == "theory":
        print(schema.dumps(schema.theory_schema()), end="")
    else:
        framework = load_framework(args.framework) if args.framework else None
        print(schema.dumps(schema.case_schema(framework)), end="")
    return EXIT_OK


def _cmd_framework(args: argparse.Namespace) -> int:
    """The reference of a framework: every section, question, scale point, option and id."""
    from casebench import reference
    from casebench.files import write_atomic
    from casebench.registry import load_framework

    text = reference.render(load_framework(args.framework), args.format)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(args.output), text, backup=False)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(text, end="")
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    """A guided blank case: every field, with comments saying what goes where."""
    from pydantic import ValidationError

    from casebench import yamlio
    from casebench.caseio import new_case
    from casebench.errors import InputError
    from casebench.files import write_atomic
    from casebench.guided import guided_case_text
    from casebench.models.case import Case
    from casebench.pydantic_problems import problems_from_validation_error
    from casebench.registry import FrameworkSet, load_framework
    from casebench.validation import check_document

    out = Path(args.output or f"{args.id}.yaml")
    if out.exists() and not args.force:
        print(
            f"{out}: error: file exists; choose another --output or pass --force", file=sys.stderr
        )
        return EXIT_INVALID
    framework = load_framework(args.framework)
    given = {"id": args.id, "title": args.title, "coder": args.coder}
    try:
        new_case(args.id, args.title, framework, coder=args.coder)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, str(out), yamlio.Document(given), model=Case)
        for problem in problems:
            print(f"{out}: error: --{problem.field}: {problem.message}", file=sys.stderr)
        return EXIT_INVALID
    text = guided_case_text(args.id, args.title, framework, coder=args.coder, target=out.absolute())
    checked = check_document(yamlio.loads(text, str(out)), out, FrameworkSet([framework]))
    if not checked.ok:  # the form is valid by construction; never write one that is not
        raise InputError([p for p in checked.problems if p.severity == "error"])
    out.parent.mkdir(parents=True, exist_ok=True)  # README's `-o cases/my_lab.yaml`, say
    write_atomic(out, text, backup=True)
    print(
        f"wrote {out}: {len(framework.questions)} questions of {framework.id} "
        f"{framework.version}, none assessed yet. Fill it in like a form (its comments say "
        f"what goes where); `casebench validate --warnings {out}` checks it."
    )
    return EXIT_OK


def _cache(args: argparse.Namespace):  # -> CaseCache | None
    """The cache of validated cases, unless --no-cache (or CASEBENCH_CACHE=off)."""
    if args.no_cache:
        return None
    from casebench.casecache import CaseCache

    return CaseCache.default()


def _cmd_compare(args: argparse.Namespace) -> int:
    """Validate the files, compare the cases, print one format; with --out write every table
    (and, with --charts, every chart)."""
    import gc

    from casebench.validation import validate_paths

    report = validate_paths(args.paths, args.framework or (), _cache(args))
    gc.freeze()  # the cases live until the end: the collections while comparing skip them
    try:
        return _compare_checked(report, args)
    finally:
        gc.unfreeze()


def _compare_checked(report, args: argparse.Namespace) -> int:  # report: ValidationReport
    """The rest of ``compare`` once the files are read: refuse errors, compare, print."""
    if report.errors:
        for problem in report.errors:
            print(problem, file=sys.stderr)
        print(f"{len(report.errors)} error(s); nothing compared", file=sys.stderr)
        return EXIT_INVALID
    if args.charts and not args.out:
        print("compare: error: --charts needs --out DIR", file=sys.stderr)
        return EXIT_INVALID
    formats = sorted({f for spec in args.charts or () for f in spec.split(",") if f})
    unknown = [f for f in formats if f not in CHART_FORMATS]
    if unknown:
        print(
            f"compare: error: --charts: unknown format {unknown[0]!r} "
            f"(expected {', '.join(CHART_FORMATS)})",
            file=sys.stderr,
        )
        return EXIT_INVALID

    from casebench import exports
    from casebench.comparison import compare

    cases = report.cases
    comparison = compare(
        cases,
        report.framework_of(cases[0]) if cases else None,
        focus=args.focus,
        by=args.by,
        min_rated=args.min_rated,
    )
    if args.format == "json":
        sys.stdout.writelines(exports.json_pieces(comparison, pairs=args.pairs))
    elif args.format == "csv":
        print(exports.table_to_csv(comparison.tidy), end="")
    elif args.format == "md":
        print(exports.matrix_to_markdown(comparison), end="")
    else:
        print(exports.comparison_to_text(comparison), end="")
    if args.out:
        written = exports.write_tables(comparison, args.out, args.pairs)
        if formats:
            written += exports.write_charts(comparison, args.out, formats)
        print(f"wrote {len(written)} file(s) to {args.out}", file=sys.stderr)
    return EXIT_OK


def _pairs(text: str) -> int | str:
    """``--pairs``: a number of pairs per case (1 or more), or ``all``."""
    if text == "all":
        return text
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"expected a number of pairs per case or 'all', not {text!r}")


def _min_rated(text: str) -> int | float:
    """``--min-rated``: a number of cases (``5``) or a share of them (``60%``, ``0.6``)."""
    try:
        if text.endswith("%"):
            return float(text[:-1]) / 100
        return float(text) if "." in text else int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number of cases or a share (60%), not {text!r}"
        ) from None


def _cmd_agreement(args: argparse.Namespace) -> int:
    """Agreement between codings of one case by different coders (see casebench.agreement)."""
    from casebench import yamlio
    from casebench.agreement import (
        IncomparableCases,
        agreement,
        render_csv,
        render_json,
        render_table,
    )
    from casebench.errors import InputError, Problem, dotted
    from casebench.registry import FrameworkSet, read_framework
    from casebench.validation import load_case

    frameworks = FrameworkSet([read_framework(f) for f in args.framework or ()])
    cases, problems = [], []
    for path in args.paths:
        try:
            cases.append(load_case(path, frameworks))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    framework = frameworks.get(cases[0].framework.id, cases[0].framework.version)
    try:
        result = agreement(
            cases,
            framework,
            weights=args.weights,
            resamples=args.resamples,
            seed=args.seed,
            set_distance=args.set_distance,
        )
    except IncomparableCases as exc:
        path = args.paths[exc.index]
        line, column = yamlio.read(path).locate(exc.field)
        raise InputError(
            [Problem(str(path), str(exc), field=dotted(exc.field), line=line, column=column)]
        ) from None
    render = {"csv": render_csv, "json": render_json}.get(args.format, render_table)
    print(render(result), end="")
    return EXIT_OK


def _cmd_merge(args: argparse.Namespace) -> int:
    """Two codings into a consensus file, or (--git) git's three-way merge driver."""
    from casebench.consensus.driver import git_merge, merge_files
    from casebench.errors import InputError, Problem

    if args.git:
        if len(args.paths) != 3:
            raise InputError([Problem("merge", "--git takes three files: %O %A %B")])
        result = git_merge(*args.paths, name=args.path or "", marker_size=args.marker_size)
        print(result.message, file=sys.stderr)
        return result.code
    if len(args.paths) != 2 or not args.output:
        raise InputError([Problem("merge", "give two codings of one case and -o OUTPUT")])
    out = Path(args.output)
    if out.exists() and not args.force:
        raise InputError([Problem(str(out), "file exists; choose another -o or pass --force")])
    out.parent.mkdir(parents=True, exist_ok=True)
    merged = merge_files(*args.paths, out)
    print(
        f"wrote {out}: {merged.agreed} part(s) agreed, {merged.united} united "
        f"(evidence and memos of both), {len(merged.disputes)} disagreement(s)"
    )
    for about in merged.disputes:
        print(f"  to decide: {about}")
    return 0 if merged.clean else 1


def _cmd_audit(args: argparse.Namespace) -> int:
    """Every judgement's history: the decision log and, inside a git repository, the commits."""
    from casebench.consensus.audit import audit
    from casebench.consensus.audit_render import RENDERERS
    from casebench.errors import InputError
    from casebench.registry import is_framework_file
    from casebench.validation import expand_paths

    files, problems = expand_paths(args.paths)
    audits = []
    for path in files:
        if is_framework_file(path):
            continue
        try:
            audits.append(audit(path))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    text = RENDERERS[args.format](audits)
    if args.output:
        from casebench.files import write_atomic

        write_atomic(args.output, text, backup=False)
        print(f"wrote {args.output}: the history of {len(audits)} case(s)")
    else:
        print(text, end="" if text.endswith("\n") else "\n")
    return EXIT_OK


def _cmd_privacy(args: argparse.Namespace) -> int:
    """List what the report's personal-data gate would find, for a person to review."""
    from casebench.privacy import CANNOT_FIND, review

    result = review(args.paths)
    for problem in result.unreadable:
        print(problem, file=sys.stderr)
    for problem in result.found:
        print(problem)
    files = len({p.file for p in result.found})
    if result.found:
        print(
            f"{len(result.found)} possible item(s) of personal data in {files} of "
            f"{result.files} file(s): review each. Not found by this check: {CANNOT_FIND}"
        )
    else:
        print(
            f"no personal data found in {result.files} file(s) by this check. It cannot find "
            f"everything: {CANNOT_FIND}"
        )
    return EXIT_INVALID if result.found or result.unreadable else EXIT_OK


def _frameworks(names: Sequence[str] | None):  # -> FrameworkSet
    """The bundled frameworks plus those named by --framework (ids or files)."""
    from casebench.registry import FrameworkSet, load_framework

    return FrameworkSet([load_framework(name) for name in names or ()])


def _cmd_export(args: argparse.Namespace) -> int:
    """Cases -> one XLSX workbook or a coded REFI-QDA project (.qdpx); the framework -> a
    REFI-QDA codebook (.qdc) or a CSV codebook (Taguette's, or plain)."""
    if args.to in ("taguette-csv", "codebook-csv"):
        from casebench.codebook_csv import write_codebook_csv
        from casebench.registry import load_framework

        framework = load_framework((args.framework or ["farr2017"])[-1])
        default = f"{framework.id}-{'taguette' if args.to == 'taguette-csv' else 'codebook'}.csv"
        out = write_codebook_csv(framework, args.to, args.output or default)
        print(f"wrote {out}: {len(framework.questions)} questions of {framework.id}, one a row")
        return EXIT_OK
    if args.to == "qdc":
        from casebench.refiqda import write_codebook
        from casebench.registry import load_framework

        framework = load_framework((args.framework or ["farr2017"])[-1])
        out = write_codebook(framework, args.output or f"{framework.id}.qdc")
        print(
            f"wrote {out}: {len(framework.questions)} question codes of {framework.id} "
            f"{framework.version}; import it into NVivo, ATLAS.ti or MAXQDA"
        )
        return EXIT_OK
    from casebench.errors import InputError, Problem
    from casebench.registry import bundled_framework_ids
    from casebench.spreadsheet import write_workbook
    from casebench.validation import validate_paths

    if not args.paths:
        raise InputError([Problem("export", f"--to {args.to} needs case files or folders")])
    files = [f for f in args.framework or () if f not in bundled_framework_ids()]
    report = validate_paths(args.paths, files)
    if report.errors:
        raise InputError(report.errors)
    if args.to == "qdpx":
        from casebench.refiqda.writer import write_cases

        print(write_cases(report, args.output or "cases.qdpx"))
        return EXIT_OK
    out = write_workbook(report.cases, args.output or "cases.xlsx", _frameworks(files))
    print(
        f"wrote {out}: {len(report.cases)} case(s); edit it and read it back with "
        "`casebench import`"
    )
    return EXIT_OK


QDPX_ONLY = ("case", "id", "title", "coder", "skip_unknown_codes", "qda_case")
"""Options of ``casebench import`` that only a REFI-QDA project import reads."""


def _cmd_import(args: argparse.Namespace) -> int:
    """An edited workbook -> case files, or a coded REFI-QDA project -> evidence in a case."""
    from casebench.errors import InputError

    suffix = Path(args.file).suffix.lower()
    if suffix == ".xlsx":
        from casebench.spreadsheet import import_workbook

        given = [f"--{name.replace('_', '-')}" for name in QDPX_ONLY if getattr(args, name)]
        if given:
            raise InputError.single(
                args.file, f"{', '.join(given)} apply to .qdpx imports only, not to a workbook"
            )

        result = import_workbook(
            args.file, args.out or ".", force=args.force, frameworks=_frameworks(args.framework)
        )
        names = ": " + ", ".join(p.name for p in result.written) if result.written else ""
        same = f" ({len(result.unchanged)} unchanged)" if result.unchanged else ""
        print(f"wrote {len(result.written)} case file(s) to {args.out or '.'}{same}{names}")
        return EXIT_OK
    if suffix != ".qdpx":
        raise InputError.single(args.file, "expected an .xlsx workbook or a .qdpx project")
    from casebench.refiqda import import_project, matched_lines, summary

    if (args.case is None) == (args.id is None):
        raise InputError.single(
            args.file, "a .qdpx import needs --case FILE (add to a case) or --id ID (a new case)"
        )
    result = import_project(
        args.file,
        case_path=args.case,
        case_id=args.id,
        title=args.title,
        coder=args.coder,
        framework=(args.framework or ["farr2017"])[-1],
        out_dir=args.out or ".",
        force=args.force,
        frameworks=_frameworks(args.framework),
        skip_unknown_codes=args.skip_unknown_codes,
        qda_case=args.qda_case,
    )
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    print("\n".join([*matched_lines(result.matches, result.case.framework.id), summary(result)]))
    return EXIT_OK


def _cmd_report_init(args: argparse.Namespace) -> int:
    """``casebench report init NOTEBOOK``: copy the report notebook for a team to edit."""
    from casebench.errors import InputError
    from casebench.report.ipynb import init

    if len(args.paths) != 2:
        raise InputError.single("report init", "name one notebook to create, e.g. my_report.ipynb")
    made = init(args.paths[1], force=args.force)
    print(
        f"wrote {made}: edit it in JupyterLab, then "
        f"`casebench report --notebook {made} CASES... -o report.html`"
    )
    return EXIT_OK


def _cmd_synthesis(args: argparse.Namespace) -> int:
    """Realist synthesis of the cases' configurations (see casebench.synthesis)."""
    from casebench.synthesis_cli import run_synthesis

    return run_synthesis(args)


def _cmd_report(args: argparse.Namespace) -> int:
    """A self-contained HTML report (notebook 04, or a team's copy, run and exported by
    nbconvert); ``report init NOTEBOOK`` copies the notebook instead."""
    from casebench.errors import InputError

    if args.paths and args.paths[0] == "init":
        return _cmd_report_init(args)
    options = {
        "notebook": args.notebook,
        "title": args.title or "",
        "framework": args.framework,
        "sections": [s.strip() for s in (args.sections or "").split(",") if s.strip()],
        "static": args.static,
        "allow_personal_data": args.allow_personal_data,
        "keep_notebook": args.keep_notebook,
        "focus": args.focus,
        "by": args.by,
    }
    if args.per_folder:
        from casebench.report.build import write_per_folder

        if len(args.paths) != 1:
            raise InputError.single("report", "--per-folder takes one folder of subfolders")
        written = write_per_folder(args.paths[0], args.output or "reports", **options)
        print(f"wrote {len(written)} report(s) to {args.output or 'reports'}")
        return EXIT_OK
    from casebench.report.build import write

    out = write(args.paths, args.output or "report.html", **options)
    print(f"wrote {out}")
    return EXIT_OK


def _no_cache_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read and check every file afresh (by default files checked before, unchanged, "
        "come from casebench's cache; CASEBENCH_CACHE=off turns it off, "
        "CASEBENCH_CACHE_DIR moves it)",
    )


def _cmd_class(args: argparse.Namespace) -> int:
    """The class summary of students' codings of a vignette (see casebench.classroom)."""
    from casebench.classroom import collect, read_roster, render_text, summarise, write_html
    from casebench.errors import InputError, Problem
    from casebench.exercises import load_vignette

    vignette = load_vignette(args.reference)
    roster = read_roster(args.roster) if args.roster else ()
    submissions = collect(args.submissions, vignette, assignment=args.assignment, roster=roster)
    summary = summarise(submissions, vignette, resamples=args.resamples)
    if not summary.used:
        raise InputError(
            [p for s in summary.not_used for p in s.problems[:1]]
            + [Problem(str(args.submissions), "no usable submission: nothing to summarise")]
        )
    if not args.output:
        print(render_text(summary), end="")  # the submissions not used are listed in it
        return EXIT_OK
    for submission in summary.not_used:
        print(f"{submission.student}: {submission.problem}", file=sys.stderr)
    out = write_html(summary, args.output)
    print(
        f"wrote {out}: {len(summary.used)} of {len(submissions)} submission(s) used, "
        f"{len(summary.not_used)} listed as not used"
    )
    return EXIT_OK


def _count(text: str) -> int:
    """A whole number, 0 or more (argparse reports anything else as a usage error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {value}")
    return value


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
    p.add_argument(
        "--framework",
        action="append",
        metavar="FILE",
        help="a framework file the cases may name (repeatable)",
    )
    p.add_argument("--warnings", action="store_true", help="show warnings too")
    _no_cache_option(p)
    p.add_argument(
        "--strict",
        action="store_true",
        help="treat warnings (e.g. a judgement with neither evidence nor memo) as errors",
    )
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "schema", help="print the JSON Schema of case (or framework, or theory) files"
    )
    p.add_argument("kind", nargs="?", choices=["case", "framework", "theory"], default="case")
    p.add_argument(
        "--framework",
        metavar="ID_OR_FILE",
        help="list this framework's question ids in the case schema",
    )
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser(
        "framework",
        help="the framework's reference: every question, scale point, option and id",
        description="Print a framework's reference: its description; every section and "
        "question (id, kind, text, what an answer must be, options, guidance, dimensions of "
        "power, citations and who attributes each work, restated questions); its scales with "
        "every point; its power dimensions and levels of change; and the closed vocabularies "
        "of a case file (statuses, confidences, source kinds, modes ...).",
    )
    p.add_argument(
        "framework",
        nargs="?",
        default="farr2017",
        metavar="ID_OR_FILE",
        help="a bundled framework's id or a framework file (default: farr2017)",
    )
    p.add_argument("--format", choices=["text", "md", "html", "json"], default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    p.set_defaults(func=_cmd_framework)

    p = sub.add_parser(
        "new",
        help="write a blank case that reads like a form",
        description="Write a blank case file (a valid draft) with every field of a case and "
        "every question of the framework not assessed yet. Comments give each question's "
        "text, kind and what its answer must be (scale points, option ids), its guidance, and "
        "the allowed ids for sources, power, outcomes, issues and CMO configurations.",
    )
    p.add_argument("--id", required=True, help="case id: lower-case letters, digits and _")
    p.add_argument("--title", required=True)
    p.add_argument("--coder", default="", help="who codes the case")
    p.add_argument("--framework", default="farr2017", metavar="ID_OR_FILE")
    p.add_argument("-o", "--output", metavar="FILE", help="default: ID.yaml")
    p.add_argument("--force", action="store_true", help="overwrite (the old file is kept as .bak)")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser(
        "compare",
        help="compare two or more cases (tables, JSON, Markdown; charts with --out)",
        description="Compare cases along their framework. stdout gets one --format: table (a "
        "plain-text summary), csv (the tidy table: one row per case x question), "
        "json (every table; see docs/compare-json.md) or md (the framework matrix). "
        "--out DIR also writes every table as CSV, comparison.xlsx, comparison.json, "
        "matrix.md and matrix.tex, and with --charts each chart as SVG/PNG.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders of them")
    p.add_argument(
        "--format",
        choices=["table", "csv", "json", "md"],
        default="table",
        help="what to print (default: table)",
    )
    p.add_argument(
        "--focus",
        metavar="CASE_ID",
        help="set one case against the rest: its rating per question against the others' "
        "median and range, most outstanding first, with its evidence",
    )
    p.add_argument(
        "--by",
        metavar="ATTRIBUTE",
        help="compare groups of cases by sector, setting, approach or an attribute of the "
        "cases (e.g. country): group profiles, group divergence, power and change by group",
    )
    p.add_argument(
        "--min-rated",
        type=_min_rated,
        metavar="N|SHARE",
        help="cases (5) or share of them (60%%) that must rate a question for the divergence "
        "to rank it (default: all up to 3 cases, else 60%%)",
    )
    p.add_argument(
        "--pairs",
        type=_pairs,
        default=5,
        metavar="K|all",
        help="similarity pairs in JSON and --out: each case's K most similar others "
        "(default 5: the output grows linearly with the cases), or all",
    )
    p.add_argument("--out", metavar="DIR", help="also write every table (and charts) here")
    p.add_argument(
        "--charts",
        action="append",
        metavar="svg,png",
        help="with --out: also write every chart in these formats (repeatable)",
    )
    p.add_argument(
        "--framework",
        action="append",
        metavar="FILE",
        help="a framework file the cases may name (repeatable)",
    )
    _no_cache_option(p)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser(
        "agreement",
        help="inter-coder agreement between codings of the same case",
        description="Percentage agreement, weighted Cohen's kappa (two coders; Fleiss' kappa "
        "for three or more) and Krippendorff's ordinal alpha, per section and overall, over "
        "the scale questions, with 95% bootstrap intervals; the same on whether each "
        "question was assessed, found absent or not assessed, on the answers to choice "
        "questions, and on power observations and outcomes as sets (alpha with the MASI or "
        "Jaccard distance); then every disagreement with each coder's evidence. Each file is "
        "the same case (same id) coded by a different coder.",
    )
    p.add_argument("paths", nargs="+", metavar="FILE", help="two or more codings of one case")
    p.add_argument(
        "--weights",
        choices=["linear", "quadratic"],
        default="linear",
        help="kappa weights (default: linear)",
    )
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument(
        "--resamples",
        type=_count,
        default=2000,
        help="bootstrap resamples behind each interval (default: 2000; 0: no intervals)",
    )
    p.add_argument("--seed", type=int, default=2017, help="seed of the bootstrap (default: 2017)")
    p.add_argument(
        "--set-distance",
        choices=["masi", "jaccard"],
        default="masi",
        help="distance between sets (choice answers, power, outcomes) for alpha (default: masi)",
    )
    p.add_argument(
        "--framework",
        action="append",
        metavar="FILE",
        help="a framework file the cases name (repeatable)",
    )
    p.set_defaults(func=_cmd_agreement)

    p = sub.add_parser(
        "merge",
        help="merge two codings of one case into a consensus file (or act as git's merge driver)",
        description="Merge two coders' files of the same case question by question: what they "
        "agree on becomes one judgement (evidence united, both memos kept), what they differ "
        "on is kept as a disagreement holding both positions, for the team to decide in the "
        "ConsensusEditor. Exit 0 when nothing is left to decide, 1 when disagreements remain. "
        "With --git: a three-way merge driver for git (see docs/team-workflows.md).",
    )
    p.add_argument(
        "paths", nargs="+", metavar="FILE", help="A.yaml B.yaml, or with --git %%O %%A %%B"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="the consensus file to write")
    p.add_argument("--force", action="store_true", help="overwrite (the old file is kept as .bak)")
    p.add_argument(
        "--git",
        action="store_true",
        help="git merge driver: BASE OURS THEIRS, the result written into OURS",
    )
    p.add_argument("--path", metavar="%P", help="--git: the file's path in the repository")
    p.add_argument(
        "--marker-size",
        type=_count,
        default=7,
        metavar="%L",
        help="--git: conflict marker size for files merged line by line (default 7)",
    )
    p.set_defaults(func=_cmd_merge)

    p = sub.add_parser(
        "audit",
        help="the history of every judgement: decision log and git commits",
        description="Per case, every judgement's history: the team's decisions from the case's "
        "decision log (both positions, the outcome, the reason, who, when) and, when the file "
        "is in a git repository, each commit that changed a question or item (from what to "
        "what, by whom, when). A file outside a repository has the decision log only.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders of them")
    p.add_argument("--format", choices=["text", "md", "html"], default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write to a file instead of stdout")
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser(
        "export",
        help="cases to an XLSX workbook or a REFI-QDA project; the framework to a codebook",
        description="--to xlsx: the cases (files or folders) as one workbook with sheets "
        "cases, assessments, evidence, power, outcomes, cmo and a README. "
        "--to qdpx: the cases' evidence as a coded REFI-QDA project (NVivo, ATLAS.ti, MAXQDA). "
        "--to qdc: the framework as a REFI-QDA codebook for NVivo, ATLAS.ti, MAXQDA. "
        "--to taguette-csv / codebook-csv: the framework as a CSV codebook for Taguette, or "
        "for a spreadsheet. See docs/qda-programs.md.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="case files or folders (xlsx, qdpx)")
    p.add_argument(
        "--to", choices=["xlsx", "qdpx", "qdc", "taguette-csv", "codebook-csv"], required=True
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="default: cases.xlsx, cases.qdpx, FRAMEWORK.qdc, FRAMEWORK-taguette.csv or "
        "FRAMEWORK-codebook.csv",
    )
    p.add_argument(
        "--framework",
        action="append",
        metavar="ID_OR_FILE",
        help="qdc, csv: the framework (default farr2017); xlsx, qdpx: a framework file the "
        "cases name (repeatable)",
    )
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser(
        "import",
        help="an edited workbook to case files, or a coded .qdpx to evidence",
        description="FILE.xlsx: check every case of the workbook and write them to --out DIR "
        "(nothing is written if any is invalid). FILE.qdpx: add the project's coded "
        "segments as evidence to --case FILE, or to a new case --id ID in --out DIR; codes match "
        "questions by the codebook's GUID, else by name (question id, 'ID:' prefix or "
        "question text).",
    )
    p.add_argument("file", metavar="FILE", help="a .xlsx workbook or a .qdpx project")
    p.add_argument("--out", metavar="DIR", help="where to write case files (default: .)")
    p.add_argument("--case", metavar="FILE", help="qdpx: the case file to add evidence to")
    p.add_argument("--id", help="qdpx: id of a new case")
    p.add_argument("--title", help="qdpx: title of a new case (default: the project's name)")
    p.add_argument("--coder", default="", help="qdpx: who codes the new case")
    p.add_argument(
        "--framework",
        action="append",
        metavar="ID_OR_FILE",
        help="framework of a new case (default farr2017), or a framework file the cases name",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="overwrite existing case files (the old file is kept as .bak)",
    )
    p.add_argument(
        "--skip-unknown-codes",
        action="store_true",
        help="qdpx: import the codes that match a question, list the others and skip them",
    )
    p.add_argument(
        "--qda-case", metavar="NAME", help="qdpx: only the sources of this REFI-QDA case"
    )
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser(
        "synthesis",
        help="realist synthesis: demi-regularities, contrasts, programme theory tested",
        description="Lay the context-mechanism-outcome configurations of the cases side by "
        "side: per mechanism the contexts and outcomes case by case, demi-regularities "
        "(similar outcomes in similar contexts across cases), contrasts (different outcomes, "
        "and the context conditions that differ) and, with --theory, the configurations "
        "that support, refute or refine each statement of a programme theory. A "
        "*.theory.yaml file among the paths is used when --theory is not given.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders of them")
    p.add_argument("--theory", metavar="FILE", help="a programme theory file to test")
    p.add_argument(
        "--format",
        choices=["table", "md", "json", "html"],
        default="table",
        help="what to print (default: table); html is a self-contained page",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    p.add_argument("--title", default="", help="title of the md and html outputs")
    p.add_argument(
        "--outcome-fields",
        default="direction,code",
        metavar="F,F",
        help="outcomes are similar when equal on these: direction, code, level "
        "(default: direction,code)",
    )
    p.add_argument(
        "--min-shared",
        type=int,
        default=1,
        metavar="N",
        help="similar contexts share at least N conditions (default 1)",
    )
    p.add_argument(
        "--min-jaccard",
        type=float,
        default=0.0,
        metavar="X",
        help="and have a Jaccard similarity of at least X (default 0)",
    )
    p.add_argument(
        "--min-cases",
        type=int,
        default=2,
        metavar="N",
        help="a demi-regularity spans at least N cases (default 2)",
    )
    p.add_argument(
        "--static", action="store_true", help="html: charts as static SVG instead of interactive"
    )
    p.add_argument(
        "--framework",
        action="append",
        metavar="FILE",
        help="a framework file the cases name (repeatable)",
    )
    p.set_defaults(func=_cmd_synthesis)

    p = sub.add_parser(
        "privacy",
        help="list possible personal data in case files, as the report's gate finds it",
        description="List every e-mail address, telephone number, NHS number and UK postcode "
        "found in the text fields, keys and paths of the case files, masked, with file, line "
        "and field, for a person to review before publishing (exit 2 if any is found). "
        "Names and dates of birth cannot be found reliably offline.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files or folders of them")
    p.set_defaults(func=_cmd_privacy)

    p = sub.add_parser(
        "report",
        help="a self-contained HTML report comparing cases (opens offline)",
        description="Run the report notebook (notebooks/04_comparison_report.ipynb, or a "
        "team's copy with --notebook) on the cases and export it with nbconvert, inputs "
        "hidden, as one HTML file that loads nothing from the network. With no PATH: the "
        "bundled sample cases. `casebench report init NOTEBOOK` copies the report notebook "
        "for a team to edit (a case folder named init: write ./init). "
        "Stops (exit 2, nothing written) if a free-text field or a file's path looks like "
        "personal data: e-mail, phone number, NHS number, UK postcode (see `casebench "
        "privacy`; names and dates of birth cannot be found reliably offline).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="case files or folders of them")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="default: report.html (with --per-folder: a folder, default reports)",
    )
    p.add_argument(
        "--notebook",
        metavar="IPYNB",
        help="run this report notebook (made by `casebench report init`), not the bundled one",
    )
    p.add_argument("--force", action="store_true", help="init: replace an existing notebook")
    p.add_argument("--title", help='default: "Comparison: A and B" or "Comparison of N cases"')
    p.add_argument("--framework", metavar="FILE", help="a framework file the cases name")
    p.add_argument(
        "--sections", metavar="ID,ID", help="only these framework sections (ids, comma-separated)"
    )
    p.add_argument(
        "--static", action="store_true", help="charts as static SVG instead of interactive"
    )
    p.add_argument("--focus", metavar="CASE_ID", help="add one case set against the others")
    p.add_argument(
        "--by", metavar="ATTRIBUTE", help="add the groups of cases by an attribute (e.g. sector)"
    )
    p.add_argument(
        "--per-folder",
        action="store_true",
        help="PATH is a folder: one report per subfolder, into -o DIR",
    )
    p.add_argument(
        "--keep-notebook",
        action="store_true",
        help="also write the executed notebook beside each report (.ipynb)",
    )
    p.add_argument(
        "--allow-personal-data",
        action="store_true",
        help="publish even if free text looks like personal data",
    )
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("class", help="instructor tools for a class coding a vignette")
    tools = p.add_subparsers(dest="tool", metavar="TOOL", required=True)
    p = tools.add_parser(
        "summary",
        help="each student's agreement with the reference and the class, hardest questions",
        description="Read every student's case file in SUBMISSIONS (a folder or .zip: nbgrader's "
        "submitted/<student>/<assignment>/ layout, a folder per student as Moodle downloads, "
        "or one file per student as Canvas and Blackboard download; see docs/teaching.md) "
        "and summarise them against the vignette's reference coding: each student's "
        "agreement with the reference and with the rest of the class, the questions the "
        "class finds hardest, and how judgements spread on every question. A file that "
        "cannot be used is listed with its problem. Prints text, or writes one "
        "self-contained HTML file with -o.",
    )
    p.add_argument("submissions", metavar="SUBMISSIONS", help="a folder or .zip of case files")
    p.add_argument(
        "--reference",
        required=True,
        metavar="VIGNETTE",
        help="a bundled vignette id (e.g. riverside_libraries) or a vignette file",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the summary as HTML here")
    p.add_argument("--assignment", help="nbgrader: the assignment folder to read")
    p.add_argument(
        "--roster", metavar="FILE", help="students expected (one a line, or a CSV column)"
    )
    p.add_argument(
        "--resamples",
        type=_count,
        default=2000,
        help="bootstrap resamples behind each interval (default: 2000; 0: none)",
    )
    p.set_defaults(func=_cmd_class)
    return parser


def _refuse_undecodable(args: argparse.Namespace) -> None:
    """A command-line value that is not UTF-8 (Python keeps its bytes as surrogates) would
    fail when written to a file or the terminal: refuse it first, naming the option."""
    from casebench.errors import InputError

    for name, value in vars(args).items():
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            bad = next((ch for ch in text if "\udc80" <= ch <= "\udcff"), None)
            if bad is not None:
                where = (
                    text.encode("utf-8", "backslashreplace").decode()
                    if name in {"paths", "file"}
                    else f"--{name.replace('_', '-')}"
                )
                raise InputError.single(
                    where,
                    f"not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02x}); give it as UTF-8",
                )


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
        _refuse_undecodable(args)
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
