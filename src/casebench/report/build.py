"""Make a report: check the input, run the report notebook, export it with nbconvert.

The kernel is started first, so that it boots (and imports what a report needs) while this
process checks the cases and imports nbconvert; papermill puts the parameters in, nbclient
runs the notebook in that kernel (no ``jupyter`` command), and one exporter, its template
compiled once per process, turns it into one HTML file. ``write_per_folder`` runs every
group's report in one kernel. Nothing is written unless everything succeeded, and then
atomically.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebench.errors import InputError, Problem
from casebench.report.kernel import Kernel

if TYPE_CHECKING:
    from casebench.models.case import Case

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
    focus: str | None = None,
    by: str | None = None,
) -> list[Case]:
    """The cases of a report, checked: valid, two or more, known sections, a known focus
    case and attribute, and (unless allowed) no personal data. Raises :class:`InputError`
    listing every problem."""
    from casebench.report.context import framework_of, only_sections, read_cases

    checked = read_cases(paths, framework)
    cases = [c.case for c in checked if c.case is not None]
    if sections:
        only_sections(framework_of(cases, paths, framework), sections)
    if focus is not None and focus not in {c.id for c in cases}:
        raise InputError.single("report", f"--focus: no case {focus!r} among the cases")
    if by is not None:
        from casebench.comparison.groups import check_by

        check_by(cases, framework_of(cases, paths, framework), by)
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


def _params(
    paths: Sequence[str | Path],
    cases: Sequence[Case],
    *,
    title: str,
    framework: str | Path | None,
    sections: Sequence[str],
    static: bool,
    generated: str,
    focus: str | None,
    by: str | None,
) -> dict[str, Any]:
    from casebench.report.context import default_title, now_iso

    return {
        "case_paths": [str(Path(p).resolve()) for p in paths],
        "title": title or default_title(cases),
        "framework": str(Path(framework).resolve()) if framework else None,
        "sections": list(sections),
        "static": static,
        "generated": generated or now_iso(),
        "focus": focus,
        "by": by,
    }


def _run_in(
    kernel: Kernel,
    paths: Sequence[str | Path],
    *,
    notebook: str | Path | None = None,
    title: str = "",
    framework: str | Path | None = None,
    sections: Sequence[str] = (),
    static: bool = False,
    allow_personal_data: bool = False,
    generated: str = "",
    focus: str | None = None,
    by: str | None = None,
    cases: Sequence[Case] | None = None,
) -> tuple[str, Any]:
    """Check the cases (unless ``cases`` were checked already), run the notebook on them in
    ``kernel`` and export it."""
    from casebench.report.exporter import export, exporter
    from casebench.report.ipynb import load, parameterize

    if cases is None:
        cases = check(
            paths,
            framework=framework,
            sections=sections,
            allow_personal_data=allow_personal_data,
            title=title,
            focus=focus,
            by=by,
        )
    source = load(notebook)
    params = _params(
        paths,
        cases,
        title=title,
        framework=framework,
        sections=sections,
        static=static,
        generated=generated,
        focus=focus,
        by=by,
    )
    # nbconvert loads and compiles the page template while this process waits on the kernel
    compiling = threading.Thread(target=exporter, name="casebench-report-template", daemon=True)
    compiling.start()
    try:
        executed = kernel.execute(parameterize(source, params), str(notebook or "report"))
    finally:
        compiling.join()
    return export(executed, params["title"]), executed


def run(
    paths: Sequence[str | Path] = (),
    *,
    notebook: str | Path | None = None,
    title: str = "",
    framework: str | Path | None = None,
    sections: Sequence[str] = (),
    static: bool = False,
    allow_personal_data: bool = False,
    generated: str = "",
    focus: str | None = None,
    by: str | None = None,
) -> tuple[str, Any]:
    """The report's HTML and the executed notebook (nbformat node): the bundled report
    notebook, or a team's ``notebook``, run on the case files and folders ``paths``."""
    paths = list(paths) or [sample_cases_folder()]
    cwd = Path(notebook).resolve().parent if notebook else None
    with Kernel(cwd) as kernel:  # boots while the cases are checked and nbconvert loads
        return _run_in(
            kernel,
            paths,
            notebook=notebook,
            title=title,
            framework=framework,
            sections=sections,
            static=static,
            allow_personal_data=allow_personal_data,
            generated=generated,
            focus=focus,
            by=by,
        )


def render(paths: Sequence[str | Path] = (), **options: Any) -> str:
    """The report on the case files and folders ``paths`` (none: the sample cases) as one
    self-contained HTML string. Options: ``notebook`` (a team's report notebook),
    ``title``, ``framework`` (a framework file), ``sections`` (framework section ids),
    ``static`` (SVG charts), ``allow_personal_data``, ``generated`` (time stamp),
    ``focus`` (a case id to set against the rest), ``by`` (an attribute to compare groups
    by)."""
    return run(paths, **options)[0]


def _save(out: Path, body: str, executed: Any, keep_notebook: bool) -> Path:
    from casebench.files import write_atomic

    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, body, backup=False)
    if keep_notebook:
        import nbformat

        write_atomic(out.with_suffix(".ipynb"), nbformat.writes(executed) + "\n", backup=False)
    return out


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
    checked: dict[Path, list[Case]] = {}
    for group in found:
        try:
            checked[group] = check(
                [group],
                framework=options.get("framework"),
                sections=options.get("sections", ()),
                allow_personal_data=options.get("allow_personal_data", False),
                title=title,  # a folder's name, added to it below, is checked in the paths
                focus=options.get("focus"),
                by=options.get("by"),
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
    notebook = options.get("notebook")
    with Kernel(Path(notebook).resolve().parent if notebook else None) as kernel:
        for group in bar:
            group_title = f"{title}: {group.name}" if title else ""
            body, executed = _run_in(
                kernel, [group], cases=checked[group], **{**options, "title": group_title}
            )
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
