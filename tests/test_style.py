"""House rules that a linter or a grep can check: ruff clean, layers import downwards only."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "casebench"

# Lower layers never import higher ones (developers' guide, "Architecture to keep").
LAYER = {
    "errors": 0,
    "files": 0,
    "csvtext": 0,
    "wording": 0,
    "archives": 1,
    "yamlio": 1,
    "yamlerrors": 1,
    "models": 1,
    "pydantic_problems": 2,
    "registry": 2,
    "schema": 2,
    "validation": 3,
    "casecache": 2,
    "caseio": 3,
    "reference": 3,
    "guided": 3,
    "synthetic": 3,
    "privacy": 3,
    "theoryio": 3,
    "comparison": 4,
    "synthesis": 4,
    "quotes": 2,
    "anchors": 0,
    "provenance": 3,
    "consensus": 4,
    "exports": 5,
    "plaintext": 5,
    "synthesis_exports": 5,
    "charts": 5,
    "exercises": 5,
    "agreement": 5,
    "spreadsheet": 5,
    "refiqda": 5,
    "codebook_csv": 5,
    "widgets": 6,
    "display": 6,
    "report": 7,
    "classroom": 7,
    "cli": 8,
    "synthesis_cli": 8,
    "__init__": 8,
}
FORBIDDEN_BELOW = {  # third-party packages a layer below a level must not import
    "altair": 5,
    "vl_convert": 5,
    "ipywidgets": 6,
    "nbconvert": 7,
    "nbclient": 7,
    "papermill": 7,
    "IPython": 6,
}


def _module_layer(path: Path) -> tuple[str, int | None]:
    top = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    return top, LAYER.get(top)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            if node.module == "casebench":  # from casebench import charts: a module too
                names.extend(f"casebench.{alias.name}" for alias in node.names)
    return names


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(PACKAGE)) for p in SOURCES])
def test_layers_import_downwards(path: Path) -> None:
    top, level = _module_layer(path)
    assert level is not None, f"{top} is not placed in a layer in tests/test_style.py"
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "casebench" and len(parts) > 1:
            if (
                parts[1] not in LAYER
                and not (PACKAGE / f"{parts[1]}.py").exists()
                and not (PACKAGE / parts[1]).is_dir()
            ):
                continue  # a name re-exported by casebench/__init__, not a module
            target = LAYER.get(parts[1])
            assert target is not None and (target <= level or top == "__init__"), (
                f"{path.name} (layer {level}) imports {name} (layer {target})"
            )
        elif parts[0] in FORBIDDEN_BELOW:
            assert level >= FORBIDDEN_BELOW[parts[0]], f"{path.name} imports {parts[0]}"


@pytest.mark.parametrize(
    "command",
    [["check", "src", "tests", "benchmarks", "notebooks"], ["format", "--check", "."]],
    ids=["check", "format"],
)
def test_ruff_is_clean(command: list[str]) -> None:
    """Lint clean, and formatted: code, notebooks and the Python in README and docs."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run([ruff, *command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_checkpoints_or_outputs_committed() -> None:
    assert not list(ROOT.glob("**/.ipynb_checkpoints/*.ipynb"))


def test_no_private_api_or_module_patching() -> None:
    """Libraries are used through their public API: no nbconvert internals copied, no
    ``sys.modules`` entries set (they would leak into whatever else runs in the process)."""
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in SOURCES
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "_init_resources" in line or "sys.modules[" in line or "_nb_metadata" in line
    ]
    assert found == []
