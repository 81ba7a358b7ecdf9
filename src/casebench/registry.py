"""Finding frameworks: the ones bundled with casebench, and a user's own framework files."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from casebench import yamlio
from casebench.errors import InputError
from casebench.models.framework import Framework
from casebench.pydantic_problems import problems_from_validation_error

FRAMEWORK_SUFFIXES = (".framework.yaml", ".framework.yml")
"""A file with one of these endings is read as a framework, not as a case."""

_cache: dict[str, Framework] = {}
_digests: dict[tuple[str, str], list[tuple[Framework, str]]] = {}
"""Frameworks read from files, by (id, version), with the sha256 of each file's bytes."""


def bundled_framework_ids() -> list[str]:
    """Ids of the frameworks shipped inside the package (e.g. ``farr2017``)."""
    folder = resources.files("casebench") / "frameworks"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def is_framework_file(path: str | Path) -> bool:
    return str(path).endswith(FRAMEWORK_SUFFIXES)


def read_framework(path: str | Path) -> Framework:
    """Load and validate a framework file; problems raise InputError with file, field, line."""
    document = yamlio.read(path)
    if not isinstance(document.data, dict):
        raise InputError.single(str(path), "a framework file must be a mapping of fields", line=1)
    try:
        framework = Framework.model_validate(document.data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, str(path), document, model=Framework)
        raise InputError(problems) from None
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    known = _digests.setdefault((framework.id, framework.version), [])
    known[:] = [(f, d) for f, d in known if d != digest] + [(framework, digest)]
    return framework


def framework_sha256(framework: Framework) -> str | None:
    """sha256 of the file a framework was read from (also for a view of some of its sections),
    or None for a framework built in code: the report's provenance names the exact file. The
    very object read wins over an equal one read from another file (a copy in other words)."""
    known = _digests.get((framework.id, framework.version), [])
    for read, digest in reversed(known):
        if read is framework:
            return digest
    for read, digest in reversed(known):
        if read == framework:
            return digest
        if read.model_dump(exclude={"sections"}) == framework.model_dump(
            exclude={"sections"}
        ) and all(section in read.sections for section in framework.sections):
            return digest
    return None


def load_framework(name_or_path: str | Path = "farr2017") -> Framework:
    """A bundled framework by id (``"farr2017"``) or a user's framework by file path."""
    key = str(name_or_path)
    if key in _cache:
        return _cache[key]
    if key in bundled_framework_ids():
        source = resources.files("casebench") / "frameworks" / f"{key}.yaml"
        with resources.as_file(source) as real_path:
            framework = read_framework(real_path)
    else:
        path = Path(key)
        if not path.exists():
            known = ", ".join(bundled_framework_ids())
            raise InputError.single(
                key,
                f"no such framework file, and no bundled framework of that id (bundled: {known})",
            )
        framework = read_framework(path)
    _cache[key] = framework
    return framework


class FrameworkSet:
    """The frameworks cases may name: the bundled ones plus any a user loaded."""

    def __init__(self, extra: list[Framework] | None = None) -> None:
        self._by_key: dict[tuple[str, str], Framework] = {}
        for framework_id in bundled_framework_ids():
            self.add(load_framework(framework_id))
        for framework in extra or []:
            self.add(framework)

    def add(self, framework: Framework) -> None:
        self._by_key[(framework.id, framework.version)] = framework

    def get(self, framework_id: str, version: str) -> Framework | None:
        return self._by_key.get((framework_id, version))

    def versions(self, framework_id: str) -> list[str]:
        return sorted(v for (i, v) in self._by_key if i == framework_id)

    def ids(self) -> list[str]:
        return sorted({i for (i, _) in self._by_key})
