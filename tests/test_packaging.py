"""Packaging promises: pyproject and environment.yml agree, shipped schemas are current."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from casebench import load_framework, schema

ROOT = Path(__file__).parents[1]
SCHEMAS = ROOT / "src" / "casebench" / "schemas"


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-").replace(".", "-")


def _with_extras(requirement: str) -> set[str]:
    """A requirement's name and, for ``pkg[extra]``, the names that extra brings (read from
    the installed package): conda-forge has no extras, so environment.yml lists them."""
    from importlib.metadata import requires

    names = {_name(requirement)}
    extras = re.search(r"\[([^\]]+)\]", requirement.split(";")[0])
    if extras:
        wanted = {e.strip() for e in extras.group(1).split(",")}
        for line in requires(_name(requirement)) or []:
            marker = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", line)
            if marker and marker.group(1) in wanted:
                names.add(_name(line))
    return names


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_lists_the_same_dependencies() -> None:
    project = _pyproject()["project"]
    wanted = {n for r in project["dependencies"] for n in _with_extras(r)}
    for extra in project["optional-dependencies"].values():
        wanted |= {n for r in extra for n in _with_extras(r)}
    from casebench.yamlio import read

    env = read(ROOT / "environment.yml").data
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    pip = [d for block in env["dependencies"] if isinstance(block, dict) for d in block["pip"]]
    assert "conda-forge" in env["channels"]
    assert pip[-1] == "-e ."  # the package itself, after what conda-forge lacks
    from_pip = {_name(d) for d in pip[:-1]}
    assert not from_pip & conda, "listed twice"
    assert (conda - {"python", "pip"}) | from_pip == wanted
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.replace(" ", "") == "python>=3.11"


def test_shipped_schemas_are_current() -> None:
    farr = load_framework("farr2017")
    assert (SCHEMAS / "case.schema.json").read_text(encoding="utf-8") == schema.dumps(
        schema.case_schema()
    )
    assert (SCHEMAS / "case.farr2017.schema.json").read_text(encoding="utf-8") == schema.dumps(
        schema.case_schema(farr)
    )
    assert (SCHEMAS / "framework.schema.json").read_text(encoding="utf-8") == schema.dumps(
        schema.framework_schema()
    )


def test_package_data_is_declared() -> None:
    data = _pyproject()["tool"]["setuptools"]["package-data"]["casebench"]
    assert "frameworks/*.yaml" in data and "schemas/*.json" in data
