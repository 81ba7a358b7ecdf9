"""Case files: YAML text for a case, saving without losing the old version, blank cases."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from casebench import yamlio
from casebench.models.case import Assessment, Case, FrameworkRef
from casebench.models.framework import Framework

SCHEMA_FILE = "case.schema.json"


def schema_comment(target: Path | None = None, framework_id: str = "") -> str:
    """The editor hint line pointing at the JSON Schema shipped in the package.

    The framework's own schema (which lists its question ids) is named when the package ships
    one. The path is relative to ``target`` when the two share a folder tree (as in this
    repository's sample cases), so the line works on every machine the files are cloned to.
    """
    folder = Path(__file__).with_name("schemas")
    schema = folder / f"case.{framework_id}.schema.json"
    if not framework_id or not schema.exists():
        schema = folder / SCHEMA_FILE
    location = schema.as_uri()
    if target is not None:
        with contextlib.suppress(ValueError):  # different drives on Windows
            location = Path(os.path.relpath(schema, Path(target).resolve().parent)).as_posix()
        if location.count("..") > 4:
            location = schema.as_uri()
    return f"yaml-language-server: $schema={location}"


def case_to_data(case: Case) -> dict:
    """Plain data for a case, fields in model order, defaults left out to keep files short."""
    return case.model_dump(mode="json", exclude_defaults=True, by_alias=True) | {
        "format": case.format
    }


def dumps_case(case: Case, target: Path | None = None) -> str:
    """YAML text of a case, opening with the schema line editors use for completion."""
    data = case_to_data(case)
    ordered = {"format": data.pop("format"), **data}
    return yamlio.dumps(ordered, header=schema_comment(target, case.framework.id))


def save_case(case: Case, path: str | Path, *, backup: bool = True) -> Path | None:
    """Write a case atomically; the previous file is kept as ``.bak``. Returns the backup path."""
    path = Path(path)
    return yamlio.write_atomic(path, dumps_case(case, path), backup=backup)


def new_case(case_id: str, title: str, framework: Framework, coder: str = "") -> Case:
    """A blank case listing every question of the framework as not assessed."""
    blank = Assessment(status="not_assessed")
    return Case(
        id=case_id,
        title=title,
        coder=coder,
        framework=FrameworkRef(id=framework.id, version=framework.version),
        assessments=dict.fromkeys(framework.questions, blank),
    )
