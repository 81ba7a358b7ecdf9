"""Self-contained HTML comparison reports: a notebook run by nbclient, exported by nbconvert.

In the report notebook (``casebench report init`` copies it for a team to edit)::

    from casebench import report
    context = report.prepare(case_paths, title=title)
    report.matrix(context)           # each section: a part the notebook displays

``render(paths, ...) -> str`` runs a report notebook (the bundled one, or ``notebook=``)
with the case files as parameters and exports it (inputs hidden, charts drawn offline);
``write`` and ``write_per_folder`` write files. Nothing heavy is imported until a name is
used.
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES = {
    "prepare": "casebench.report.notebook",
    "figure": "casebench.report.notebook",
    "parts": "casebench.report.notebook",
    "title_block": "casebench.report.sections",
    "methods": "casebench.report.sections",
    "matrix": "casebench.report.sections",
    "profiles": "casebench.report.sections",
    "provenance": "casebench.report.sections",
    "divergence": "casebench.report.evidence",
    "power": "casebench.report.evidence",
    "change": "casebench.report.evidence",
    "distinctive": "casebench.report.standout",
    "focus": "casebench.report.standout",
    "groups": "casebench.report.standout",
    "synthesis": "casebench.report.realist",
    "cmo": "casebench.report.realist",
    "reflect": "casebench.report.reflection",
    "appendix": "casebench.report.evidence_appendix",
    "render": "casebench.report.build",
    "write": "casebench.report.build",
    "write_per_folder": "casebench.report.build",
    "init": "casebench.report.ipynb",
}
"""Each public name and the module that defines it (imported on first use)."""


def __getattr__(name: str) -> Any:
    if name not in _NAMES:
        raise AttributeError(f"module 'casebench.report' has no attribute {name!r}")
    return getattr(importlib.import_module(_NAMES[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_NAMES])


__all__ = sorted(_NAMES)
