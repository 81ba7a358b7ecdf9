"""The kernel a report notebook runs in: started at once, so that it boots (and imports
what a report needs) while the parent process checks the cases; reused for several notebooks
(``--per-folder``), each starting from an empty namespace; and the one-line message for a
cell that fails.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import Any

from casebench.errors import InputError

CELL_TIMEOUT = 600
"""Seconds a cell of a report notebook may run (200 cases take a few)."""
WARM = "--IPKernelApp.exec_lines=__import__('casebench.report.notebook', fromlist=['warm']).warm()"
"""Run by the kernel as it boots: the report's imports, while this process checks cases."""


class Kernel:
    """A Python kernel for reports: started at once (so that it boots, and imports what a
    report needs, while this process checks the cases), reused for several notebooks, shut
    down on leaving. Its files live in a temporary folder; IPC transport, no TCP port."""

    def __init__(self, cwd: Path | None = None) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.folder = Path(tempfile.mkdtemp(prefix="casebench-report-"))
        self.manager = AsyncKernelManager(
            kernel_name="python3", transport="ipc", ip=str(self.folder / "kernel")
        )
        self.runs = 0
        run_sync(self.manager.start_kernel)(cwd=str(cwd or Path.cwd()), extra_arguments=[WARM])

    def close(self) -> None:
        """Shut the kernel down and remove its files."""
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):
            run_sync(self.manager.shutdown_kernel)(now=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def execute(self, notebook: Any, source: str) -> Any:
        """Run the notebook (an nbformat node, changed in place) in this kernel, its user
        namespace emptied first if an earlier notebook ran here. An error in a cell raises
        :class:`InputError` naming ``source``, the cell and the exception."""
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        if self.runs:
            notebook.cells.insert(0, _reset_cell())
        client = NotebookClient(
            notebook,
            km=self.manager,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            allow_errors=False,
        )
        self.runs += 1
        try:
            client.execute()
        except CellExecutionError as exc:
            raise cell_error(notebook, source, exc) from None
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
            if notebook.cells and notebook.cells[0].get("id") == RESET_ID:
                del notebook.cells[0]
        return notebook


RESET_ID = "casebench-reset"


def _reset_cell() -> Any:
    """A cell emptying the kernel's namespace (IPython's ``%reset -f``): a notebook run in a
    reused kernel sees none of the previous one's variables (imports stay loaded)."""
    import nbformat

    cell = nbformat.v4.new_code_cell("get_ipython().run_line_magic('reset', '-f')")
    cell["id"] = RESET_ID
    return cell


def cell_error(notebook: Any, source: str, exc: Any) -> InputError:
    """One line for an error in a notebook cell: which cell (its number, id and first
    line) and the exception. Bad case files found by the notebook keep their own lines."""
    from casebench.report.ipynb import first_line

    if exc.ename in {"InputError", "PersonalDataFound"}:
        return InputError.single("report", exc.evalue)
    cells = [  # numbered as in the notebook file: no reset or injected cell
        c
        for c in notebook.cells
        if c.get("id") != RESET_ID and "injected-parameters" not in c.metadata.get("tags", [])
    ]
    number, cell = next(
        (
            (i, c)
            for i, c in enumerate(cells, start=1)
            if any(o.get("output_type") == "error" for o in c.get("outputs", []))
        ),
        (0, None),
    )
    where = (
        f"cell {number} (id {cell.get('id', '?')}, `{first_line(cell)}`)"
        if cell is not None
        else "a cell"
    )
    value = str(exc.evalue).strip().splitlines()
    return InputError.single(
        source, f"{where} failed: {exc.ename}" + (f": {value[0]}" if value else "")
    )
