"""Self-contained HTML comparison reports, made by nbconvert from notebook 04.

``render(paths, ...) -> str`` parameterises the report notebook with the case files, runs it
and exports it (inputs hidden, charts drawn offline); ``write`` and ``write_per_folder``
write files. The notebook calls :mod:`casebench.report.notebook`, whose section renderers
(:mod:`casebench.report.sections` and friends) return HTML strings with every user text
escaped. Nothing heavy is imported until a function is called.
"""

from __future__ import annotations

from typing import Any


def render(*args: Any, **kwargs: Any) -> str:
    """The report as one HTML string (see :func:`casebench.report.build.render`)."""
    from casebench.report.build import render as _render

    return _render(*args, **kwargs)


def write(*args: Any, **kwargs: Any) -> Any:
    """Write the report to a file (see :func:`casebench.report.build.write`)."""
    from casebench.report.build import write as _write

    return _write(*args, **kwargs)


def write_per_folder(*args: Any, **kwargs: Any) -> Any:
    """One report per subfolder (see :func:`casebench.report.build.write_per_folder`)."""
    from casebench.report.build import write_per_folder as _write_per_folder

    return _write_per_folder(*args, **kwargs)


__all__ = ["render", "write", "write_per_folder"]
