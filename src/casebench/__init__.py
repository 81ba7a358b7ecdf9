"""casebench: compare co-production and co-design cases along Farr (2017)'s framework.

The light core (models, validation, YAML I/O) is imported eagerly; comparison, charts,
widgets and reports are loaded on first use so that ``import casebench`` stays quick.
"""

from __future__ import annotations

from casebench.caseio import dumps_case, new_case, save_case
from casebench.errors import InputError, Problem
from casebench.models import Case, Framework
from casebench.registry import load_framework
from casebench.validation import load_case, validate_paths

__version__ = "0.1.0"

__all__ = [
    "Case",
    "Framework",
    "InputError",
    "Problem",
    "__version__",
    "charts",
    "compare",
    "dumps_case",
    "load_case",
    "load_framework",
    "new_case",
    "save_case",
    "validate_paths",
]


_LAZY_MODULES = ("charts", "comparison", "exports", "synthetic")
"""Submodules loaded on first attribute access: they bring in pandas (and Altair)."""


def __getattr__(name: str) -> object:
    """``casebench.compare`` and ``casebench.charts`` etc., imported on first use only."""
    import importlib

    if name == "compare":
        return importlib.import_module("casebench.comparison").compare
    if name in _LAZY_MODULES:
        return importlib.import_module(f"casebench.{name}")
    raise AttributeError(f"module 'casebench' has no attribute {name!r}")
