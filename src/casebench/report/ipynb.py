"""The report notebook: the bundled one (``04_comparison_report.ipynb``, shipped in the
package; ``notebooks/04_comparison_report.ipynb`` is the same file, a test checks), a team's
copy of it, and parameters put in the way papermill puts them (papermill does it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casebench.errors import InputError

BUNDLED = Path(__file__).with_name("04_comparison_report.ipynb")
"""The report notebook ``casebench report`` runs when no ``--notebook`` is given."""


def init(path: str | Path, *, force: bool = False) -> Path:
    """Copy the bundled report notebook to ``path`` for a team to edit; an existing file is
    kept unless ``force`` (then it is saved as ``<name>.bak`` first)."""
    from casebench.files import write_atomic

    path = Path(path)
    if path.suffix != ".ipynb":
        raise InputError.single(str(path), "a report notebook's name ends in .ipynb")
    if path.exists() and not force:
        raise InputError.single(
            str(path), "already exists; pass --force to replace it (it is kept as .bak)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, BUNDLED.read_text(encoding="utf-8"), backup=force)
    return path


def load(path: str | Path | None = None) -> Any:
    """A report notebook as an nbformat node (the bundled one when ``path`` is None),
    checked: valid nbformat 4 with a cell tagged ``parameters``."""
    import nbformat

    source = Path(path) if path is not None else BUNDLED
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError.single(str(source), "no such notebook") from None
    except UnicodeDecodeError as exc:
        raise InputError.single(str(source), f"not UTF-8 text ({exc.reason})") from None
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as exc:  # nbformat raises JSON, validation and version errors
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError.single(str(source), f"not a valid notebook: {first}") from None
    if not any("parameters" in c.metadata.get("tags", []) for c in notebook.cells):
        raise InputError.single(
            str(source),
            "no cell tagged 'parameters' (the report sets case_paths, title, ... after it; "
            "start from `casebench report init`)",
        )
    return notebook


def parameterize(notebook: Any, params: dict[str, Any]) -> Any:
    """The notebook with an ``injected-parameters`` cell after the ``parameters`` one (or
    replacing an earlier injected cell), the values recorded in its metadata: papermill's
    ``parameterize_notebook``."""
    from papermill.parameterize import parameterize_notebook

    notebook.metadata.setdefault("papermill", {})
    for cell in notebook.cells:  # as papermill's own loader leaves them
        cell.metadata.setdefault("tags", [])
    notebook = parameterize_notebook(notebook, params, kernel_name="python3", language="python")
    for cell in notebook.cells:  # a stable id instead of a random one
        if "injected-parameters" in cell.metadata.tags:
            cell["id"] = "injected-parameters"
    return notebook


def first_line(cell: Any) -> str:
    """The first non-blank line of a cell's source (to name it in a message)."""
    lines = [line.strip() for line in str(cell.source).splitlines() if line.strip()]
    return lines[0] if lines else "(empty)"


__all__ = ["BUNDLED", "first_line", "init", "load", "parameterize"]
