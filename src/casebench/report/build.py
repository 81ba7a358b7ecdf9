"""Make a report: check the input, run the report notebook, export it with nbconvert.

The kernel is started first, so that it boots while this process checks the cases and
imports nbconvert; the notebook runs in-process through nbclient (no ``jupyter`` command)
and one HTMLExporter, with casebench's offline template, turns it into one HTML file.
Nothing is written unless everything succeeded, and then atomically.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebench.errors import InputError, Problem
from casebench.report.speed import quick_jsonschema

if TYPE_CHECKING:
    from casebench.models.case import Case

CELL_TIMEOUT = 600
"""Seconds the report cell may run (200 cases take a few)."""
WARM = "--IPKernelApp.exec_lines=__import__('casebench.report.notebook', fromlist=['warm']).warm()"
"""Run by the kernel as it boots: the report's imports, while this process checks cases."""
MANY_GROUPS = 3
"""``write_per_folder`` shows a progress bar from this many groups."""


class PersonalDataFound(InputError):
    """Case files hold what looks like personal data; nothing was written."""


def sample_cases_folder() -> Path:
    """data/sample_cases of a source checkout (the package sits in src/casebench)."""
    import casebench

    folder = Path(casebench.__file__).resolve().parents[2] / "data" / "sample_cases"
    if not folder.is_dir():
        raise InputError.single(
            "report",
            "no case files given, and the sample cases are not here (they are "
            "data/sample_cases in a source checkout of casebench); name case files or folders",
        )
    return folder


def _personal_data(checked: Sequence[Any]) -> list[Problem]:
    """Possible personal data in any free-text field of the cases, located in the files."""
    from casebench import yamlio
    from casebench.privacy import problems, scan

    found: list[Problem] = []
    for item in checked:
        data = item.case.model_dump(exclude_defaults=True) if item.case is not None else {}
        if next(scan(data), None) is not None:
            found.extend(problems(yamlio.read(item.path), str(item.path)))
    return found


def check(
    paths: Sequence[str | Path],
    *,
    framework: str | Path | None = None,
    sections: Sequence[str] = (),
    allow_personal_data: bool = False,
    title: str = "",
) -> list[Case]:
    """The cases of a report, checked: valid, two or more, known sections, and (unless
    allowed) no personal data. Raises :class:`InputError` listing every problem."""
    from casebench.report.context import framework_of, only_sections, read_cases

    checked = read_cases(paths, framework)
    cases = [c.case for c in checked if c.case is not None]
    if sections:
        only_sections(framework_of(cases, paths, framework), sections)
    if not allow_personal_data:
        from casebench.privacy import find_personal_data, path_problems, refusal

        found = (
            _personal_data(checked)
            + path_problems([item.path for item in checked])
            + [
                Problem("--title", f"possible personal data: {finding}", field="title")
                for finding in find_personal_data(title)
            ]
        )
        if found:
            raise PersonalDataFound([*found, refusal(found)])
    return cases


@contextlib.contextmanager
def _kernel() -> Iterator[Any]:
    """A Python kernel, started now and shut down on leaving (its files in a temporary
    folder; IPC transport, so no TCP port is opened)."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    folder = Path(tempfile.mkdtemp(prefix="casebench-report-"))
    manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(folder / "kernel"))
    try:
        run_sync(manager.start_kernel)(cwd=str(folder), extra_arguments=[WARM])
        yield manager
    finally:
        with contextlib.suppress(Exception):
            run_sync(manager.shutdown_kernel)(now=True)
        shutil.rmtree(folder, ignore_errors=True)


def _execute(notebook: dict[str, Any], manager: Any) -> Any:
    """Run the notebook in the started kernel; an error in a cell raises."""
    with quick_jsonschema():
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

    node = nbformat.reads(json.dumps(notebook), as_version=4)
    client = NotebookClient(
        node, km=manager, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=False
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        if exc.ename in {"InputError", "PersonalDataFound"}:
            raise InputError.single("report", exc.evalue) from None
        raise
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
    return node


def run(
    paths: Sequence[str | Path] = (),
    *,
    title: str = "",
    framework: str | Path | None = None,
    sections: Sequence[str] = (),
    static: bool = False,
    allow_personal_data: bool = False,
    generated: str = "",
) -> tuple[str, Any]:
    """The report's HTML and the executed notebook (nbformat node)."""
    from casebench.report.context import default_title, now_iso
    from casebench.report.exporter import exporter
    from casebench.report.ipynb import inject, report_notebook

    paths = list(paths) or [sample_cases_folder()]
    with _kernel() as manager:  # boots while the cases are checked and nbconvert loads
        cases = check(
            paths,
            framework=framework,
            sections=sections,
            allow_personal_data=allow_personal_data,
            title=title,
        )
        title = title or default_title(cases)
        params = {
            "case_paths": [str(Path(p).resolve()) for p in paths],
            "title": title,
            "framework": str(Path(framework).resolve()) if framework else None,
            "sections": list(sections),
            "static": static,
            "generated": generated or now_iso(),
        }
        html = exporter()
        executed = _execute(inject(report_notebook(), params), manager)
    body, _ = html.from_notebook_node(executed, resources={"metadata": {"name": title}})
    return body, executed


def render(paths: Sequence[str | Path] = (), **options: Any) -> str:
    """The report on the case files and folders ``paths`` (none: the sample cases) as one
    self-contained HTML string. Options: ``title``, ``framework`` (a framework file),
    ``sections`` (framework section ids), ``static`` (SVG charts),
    ``allow_personal_data``, ``generated`` (time stamp)."""
    return run(paths, **options)[0]


def write(
    paths: Sequence[str | Path] = (),
    out: str | Path = "report.html",
    *,
    keep_notebook: bool = False,
    **options: Any,
) -> Path:
    """Write the report to ``out`` (and, with ``keep_notebook``, the executed notebook
    beside it as ``.ipynb``); nothing is written if anything fails."""
    body, executed = run(paths, **options)
    return _save(Path(out), body, executed, keep_notebook)


def _save(out: Path, body: str, executed: Any, keep_notebook: bool) -> Path:
    """Write a made report (and, with ``keep_notebook``, its executed notebook) atomically."""
    from casebench.yamlio import write_atomic

    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, body, backup=False)
    if keep_notebook:
        import nbformat

        write_atomic(out.with_suffix(".ipynb"), nbformat.writes(executed) + "\n", backup=False)
    return out


def groups(folder: str | Path) -> list[Path]:
    """The subfolders of ``folder`` holding case files, sorted (hidden ones left out)."""
    from casebench.validation import CASE_SUFFIXES

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError.single(str(folder), "--per-folder needs a folder of subfolders")
    found = sorted(
        p
        for p in folder.iterdir()
        if p.is_dir()
        and not p.name.startswith(".")
        and any(f.suffix in CASE_SUFFIXES for f in p.rglob("*"))
    )
    if not found:
        raise InputError.single(str(folder), "no subfolder holds .yaml case files")
    return found


def write_per_folder(
    folder: str | Path,
    out_dir: str | Path,
    *,
    title: str = "",
    keep_notebook: bool = False,
    **options: Any,
) -> list[Path]:
    """One report per subfolder of ``folder`` (each a group of cases), written to
    ``out_dir/<subfolder>.html``. Every group is checked, then every report made, before
    any is written: if any fails, nothing is written. A progress bar shows from
    :data:`MANY_GROUPS` groups on."""
    from tqdm import tqdm

    found = groups(folder)
    problems: list[Problem] = []
    for group in found:
        try:
            check(
                [group],
                framework=options.get("framework"),
                sections=options.get("sections", ()),
                allow_personal_data=options.get("allow_personal_data", False),
                title=title,  # a folder's name, added to it below, is checked in the paths
            )
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    made = []
    bar = tqdm(
        found,
        desc="reports",
        unit="report",
        file=sys.stderr,
        disable=True if len(found) < MANY_GROUPS else None,
    )
    for group in bar:
        group_title = f"{title}: {group.name}" if title else ""
        body, executed = run([group], title=group_title, **options)
        made.append((Path(out_dir) / f"{group.name}.html", body, executed))
    return [_save(out, body, executed, keep_notebook) for out, body, executed in made]


__all__ = [
    "PersonalDataFound",
    "check",
    "groups",
    "render",
    "run",
    "sample_cases_folder",
    "write",
    "write_per_folder",
]
