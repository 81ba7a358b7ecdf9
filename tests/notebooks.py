"""Run a notebook of notebooks/ end to end with nbclient, its parameters replaced."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
COURSE = NOTEBOOKS / "course"


def notebook_names() -> list[str]:
    """Every stored notebook, as ``run_notebook`` names it (``course/02_...`` for the course)."""
    found = NOTEBOOKS.rglob("*.ipynb")
    return sorted(
        p.relative_to(NOTEBOOKS).with_suffix("").as_posix()
        for p in found
        if ".ipynb_checkpoints" not in p.parts
    )


def inject(nb: nbformat.NotebookNode, params: dict[str, Any]) -> nbformat.NotebookNode:
    """A copy with a cell of ``params`` after the cell tagged ``parameters`` (as papermill)."""
    nb = copy.deepcopy(nb)
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = "\n".join(f"{name} = {value!r}" for name, value in params.items())
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["injected-parameters"]
    cell["id"] = "injected-parameters"
    nb.cells.insert(index + 1, cell)
    return nb


def run_notebook(
    name: str, params: dict[str, Any], cwd: Path, timeout: int = 300
) -> nbformat.NotebookNode:
    """Execute ``notebooks/<name>.ipynb`` (``name`` may be ``course/...``) in ``cwd``; raises
    on the first failing cell."""
    nb = inject(nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4), params)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return nb


def outputs_text(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook printed or displayed, as one string."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for mime, value in output.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append(value if isinstance(value, str) else "".join(value))
            if output.get("output_type") == "error":
                parts.append("\n".join(output.get("traceback", [])))
    return "\n".join(parts)
