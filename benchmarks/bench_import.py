"""Benchmark of ``casebench import`` on ordinary, large and hostile .xlsx and .qdpx archives.

Run: ``python benchmarks/bench_import.py [--repeat N]``. Builds each archive in a temporary
folder, then imports it ``--repeat`` times, each time in a fresh process (as a user runs it),
and prints per archive: its size, the median import time (to the case files written, or the
refusal), the baseline measured in the same process just before (reading every member of the
same archive with ``zipfile``, the least any import must do, and what an import without
limits would do), their ratio, and the peak memory (maximum resident set size, interpreter
included). Goal (issue 9): every archive under 10 MB imported or refused in under 5 s and
500 MB; the last column says whether it was met.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

SEED = 2017
GOAL_SECONDS = 5.0
GOAL_MB = 500
QDA = "urn:QDA-XML:project:1.0"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --------------------------------------------------------------------------- archives


def _qdpx(path: Path, segments: int, *, padding: int = 0) -> None:
    """A project coding ``segments`` words of one transcript with one Farr question each;
    ``padding`` bytes of XML comments (1 KB each) make project.qde large (a bomb, at 190 MB)."""
    from casebench.refiqda import question_guids
    from casebench.registry import load_framework

    guids = list(question_guids(load_framework("farr2017")))
    words = [f"w{n:05d}" for n in range(segments)]
    comments = "<!--" + " " * 1000 + "-->\n"
    padded = comments * (padding // len(comments))
    selections = "".join(
        f'<PlainTextSelection guid="00000000-0000-4000-9000-{n:012d}" startPosition="{7 * n}" '
        f'endPosition="{7 * n + 6}"><Coding guid="00000000-0000-4000-a000-{n:012d}"><CodeRef '
        f'targetGUID="{guids[n % len(guids)]}"/></Coding></PlainTextSelection>\n'
        for n in range(segments)
    )
    qde = (
        f'<?xml version="1.0" encoding="utf-8"?>\n{padded}'
        f'<Project xmlns="{QDA}" name="bench"><Sources><TextSource '
        'guid="00000000-0000-4000-b000-000000000001" name="Interview.txt" '
        f'plainTextPath="internal://t.txt">\n{selections}</TextSource></Sources></Project>\n'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde)
        archive.writestr("sources/t.txt", " ".join(words))


def _xlsx_cases(path: Path, count: int) -> None:
    """``count`` synthetic cases exported by casebench (a large team's workbook)."""
    from casebench.registry import load_framework
    from casebench.spreadsheet import write_workbook
    from casebench.synthetic import synthetic_cases

    write_workbook(synthetic_cases(load_framework("farr2017"), count, seed=SEED), path)


def _xlsx_rows(path: Path, rows: int) -> None:
    """One case whose evidence sheet has ``rows`` quotes (issue 9: 100,000 rows)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheets = {n: book.create_sheet(n) for n in ("cases", "assessments", "evidence", "power")}
    sheets |= {n: book.create_sheet(n) for n in ("outcomes", "cmo")}
    sheets["cases"].append(["id", "title", "framework_id", "framework_version"])
    sheets["cases"].append(["big", "Big", "farr2017", "1.0.0"])
    sheets["assessments"].append(["case", "question", "status"])
    sheets["assessments"].append(["big", "si_trust", "not_assessed"])
    sheets["evidence"].append(["case", "question", "quote", "attribution"])
    for n in range(rows):
        sheets["evidence"].append(["big", "si_trust", f"quote {n}: trust grew slowly", "Staff 1"])
    for name in ("power", "outcomes", "cmo"):
        sheets[name].append(["case"])
    book.save(path)


def _xlsx_bomb(path: Path) -> None:
    """A valid workbook plus a shared-string table that inflates to 190 MB."""
    _xlsx_cases(path, 1)
    table = (
        f'<sst xmlns="{MAIN}">'.encode()
        + (b"<si><t>" + b"a" * 10_000 + b"</t></si>") * 19_000
        + b"</sst>"
    )
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", table)


def _xlsx_big_text(path: Path) -> None:
    """Near the XML limit: five quotes of 8 MiB each (one text may not pass 10 MB)."""
    _xlsx_rows(path, 5)
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    sheet = members["xl/worksheets/sheet3.xml"]
    for n in range(5):
        sheet = sheet.replace(f"quote {n}: ".encode(), b"x" * 8 * 1024**2, 1)
    members["xl/worksheets/sheet3.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


ARCHIVES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "qdpx, 2,000 segments": (".qdpx", lambda p: _qdpx(p, 2_000)),
    "qdpx, 5,000 segments (the limit)": (".qdpx", lambda p: _qdpx(p, 5_000)),
    "qdpx, 20,000 segments": (".qdpx", lambda p: _qdpx(p, 20_000)),
    "qdpx, project.qde of 40 MiB": (".qdpx", lambda p: _qdpx(p, 100, padding=40 * 1024**2)),
    "qdpx, project.qde bomb (190 MB)": (".qdpx", lambda p: _qdpx(p, 100, padding=190 * 10**6)),
    "xlsx, 40 cases": (".xlsx", lambda p: _xlsx_cases(p, 40)),
    "xlsx, 100,000 evidence rows": (".xlsx", lambda p: _xlsx_rows(p, 100_000)),
    "xlsx, 40 MiB of quotes": (".xlsx", _xlsx_big_text),
    "xlsx, shared-string bomb (190 MB)": (".xlsx", _xlsx_bomb),
}


# --------------------------------------------------------------------------- one run


def _zip_baseline(path: Path) -> float:
    """Seconds to read every member of the archive with zipfile, in full."""
    start = time.perf_counter()
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            with archive.open(info) as handle:
                while handle.read(1 << 20):
                    pass
    return time.perf_counter() - start


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM; ru_maxrss would count the parent's pages
    the child shared before it started Python)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _one(path: Path, out: Path) -> dict[str, object]:
    """Import ``path`` once (this process is fresh): times, peak memory, outcome."""
    from casebench.cli import main

    baseline = _zip_baseline(path)
    argv = ["import", str(path), "--out", str(out), "--force"]
    if path.suffix == ".qdpx":
        argv += ["--id", "bench"]
    start = time.perf_counter()
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    seconds = time.perf_counter() - start
    peak = _peak_mb()
    outcome = "imported" if code == 0 else "refused: " + err.getvalue().split(": error: ")[-1]
    return {"seconds": seconds, "baseline": baseline, "peak_mb": peak, "outcome": outcome}


def main(argv: Sequence[str] | None = None) -> int:
    """Build the archives, time their imports, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="imports per archive")
    parser.add_argument("--one", nargs=2, metavar=("ARCHIVE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(_one(Path(args.one[0]), Path(args.one[1]))))
        return 0
    print(f"median of {args.repeat} imports, each in a fresh process\n")
    print(
        f"{'archive':36} {'size':>8} {'import':>8} {'zip read':>9} {'ratio':>7} "
        f"{'peak':>8}  goal  outcome"
    )
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        for label, (suffix, build) in ARCHIVES.items():
            path = Path(folder) / f"archive{suffix}"
            build(path)
            runs = []
            for n in range(args.repeat):
                out = Path(folder) / f"out{n}"
                result = subprocess.run(
                    [sys.executable, __file__, "--one", str(path), str(out)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs.append(json.loads(result.stdout))
            seconds = statistics.median(r["seconds"] for r in runs)
            baseline = statistics.median(r["baseline"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            met = seconds < GOAL_SECONDS and peak < GOAL_MB
            failed += not met
            outcome = str(runs[0]["outcome"])
            print(
                f"{label:36} {path.stat().st_size / 1e6:>6.2f}MB {seconds:>7.2f}s "
                f"{baseline:>8.3f}s {seconds / baseline:>6.0f}x {peak:>6.0f}MB  "
                f"{'yes' if met else 'NO ':4}  {outcome[:70]}"
            )
            path.unlink()
    print(
        f"\ngoal: under {GOAL_SECONDS:.0f} s and {GOAL_MB} MB each; {failed} archive(s) missed it"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
