"""Case files: YAML text for a case, saving without losing the old version, blank cases."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

from casebench import yamlio
from casebench.errors import InputError
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
        folder = Path(target).resolve().parent
        with contextlib.suppress(ValueError):  # e.g. different drives on Windows
            if os.path.commonpath([schema, folder]) != schema.anchor:
                location = Path(os.path.relpath(schema, folder)).as_posix()
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


def _has_comments(text: str) -> bool:
    """True when a file holds comments beyond the schema line casebench writes itself."""
    lines = [line.lstrip() for line in text.splitlines()]
    return any(line.startswith("#") and "yaml-language-server" not in line for line in lines)


def _keep_written_defaults(old: Any, short: Any, full: Any) -> Any:
    """``short`` (defaults left out) plus the default values the old file spelled out where
    they still hold, e.g. ``status: achieved``: a save should not churn the user's file."""
    if isinstance(short, dict) and isinstance(old, dict) and isinstance(full, dict):
        out = {}
        for key in old:
            if key in short:
                out[key] = _keep_written_defaults(old[key], short[key], full.get(key))
            elif key in full and old[key] == full[key]:
                out[key] = full[key]
        return out | {k: v for k, v in short.items() if k not in out}
    if isinstance(short, list) and isinstance(old, list) and isinstance(full, list):
        return [
            _keep_written_defaults(old[i], item, full[i]) if i < len(old) else item
            for i, item in enumerate(short)
        ]
    return short


def case_text(case: Case, path: str | Path, location: str | Path | None = None) -> str:
    """The text ``save_case`` would write to ``path``: comments of the file it replaces are
    kept (with its key order and the style of unchanged values) when the result reads back as
    exactly this case. InputError if the text is larger than casebench reads back.
    ``location`` is where the file will be read from when it is written elsewhere first (git
    hands a merge driver a temporary file), so that the schema line points the right way."""
    path = Path(path)
    within_limit("", path, at_least=_text_size(case.model_dump(mode="json")))
    text = None
    try:
        small = path.is_file() and path.stat().st_size <= yamlio.MAX_BYTES
        old = path.read_text(encoding="utf-8") if small else ""
    except (OSError, UnicodeDecodeError):
        old = ""
    if old and _has_comments(old):
        try:
            previous = yamlio.loads(old, str(path)).data
        except InputError:
            previous = None
        data = _keep_written_defaults(previous, case_to_data(case), case.model_dump(mode="json"))
        text = yamlio.dumps_over(old, data)
    shown = Path(location) if location is not None else path
    return within_limit(text or dumps_case(case, shown), path)


def _text_size(data: Any) -> int:
    """Bytes of text in plain data: a lower bound on its YAML, cheap to work out."""
    if isinstance(data, str):
        return len(data.encode("utf-8", "surrogatepass"))
    if isinstance(data, dict):
        return sum(_text_size(k) + _text_size(v) for k, v in data.items())
    if isinstance(data, list):
        return sum(_text_size(v) for v in data)
    return 0


def within_limit(text: str, path: str | Path, *, at_least: int = 0) -> str:
    """``text`` unchanged, or InputError when it (or ``at_least`` bytes, known before the text
    is made) is over the size casebench reads: a file written now would be refused when
    opened."""
    size = max(len(text.encode("utf-8", "surrogatepass")), at_least)
    if size > yamlio.MAX_BYTES:
        limit = yamlio.MAX_BYTES // 1024 // 1024
        exact = "" if size > at_least else "at least "
        raise InputError.single(
            str(path),
            f"the case would be {exact}{size / 1024 / 1024:.1f} MiB, over the {limit} MiB "
            "casebench reads; nothing written (split the case, or shorten its longest quotes)",
        )
    return text


def save_case(
    case: Case, path: str | Path, *, backup: bool = True, location: str | Path | None = None
) -> Path | None:
    """Write a case atomically (see ``case_text`` for comments kept, the size limit and
    ``location``); the previous versions are kept as ``.bak``, ``.bak.1``, ``.bak.2``. Returns
    the ``.bak`` path, or None when there was no previous file or nothing changed."""
    return yamlio.write_atomic(path, case_text(case, path, location), backup=backup)


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


class SaveConflict(Exception):
    """The file changed on disk since it was opened; saving would overwrite someone's work."""


def fingerprint(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes, or None when there is no file: detects changes on disk."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


DRAFT_NOTE = (
    "DRAFT: saved with validation errors so that no work is lost.\n"
    "Run `casebench validate` on this file to list them."
)


def dumps_draft(data: dict[str, Any], target: Path | None = None) -> str:
    """YAML text of case data that may be invalid, marked ``draft: true`` at the top."""
    known = [name for name in Case.model_fields if name in data]
    ordered = {name: data[name] for name in known} | {
        k: v for k, v in data.items() if k not in known
    }
    ordered["draft"] = True
    header = schema_comment(target, str(data.get("framework", {}).get("id", "")))
    return yamlio.dumps(ordered, header=f"{header}\n{DRAFT_NOTE}")


def save_checked(
    content: Case | dict[str, Any], path: str | Path, expected: str | None
) -> Path | None:
    """Save a case (or, for a draft, raw case data) only if the file on disk is still the one
    the user opened (``expected`` is its fingerprint then, None for a new file).

    Raises SaveConflict otherwise, writing nothing. Returns the backup path, as save_case.
    """
    path = Path(path)
    if fingerprint(path) != expected:
        raise SaveConflict(f"{path} changed on disk since it was opened; use Save as")
    if isinstance(content, Case):
        return save_case(content, path)
    return yamlio.write_atomic(path, within_limit(dumps_draft(content, path), path))
