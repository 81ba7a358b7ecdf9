"""Import-time savings for reports, which are timed against an empty notebook's export."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def quick_jsonschema() -> Iterator[None]:
    """Import jsonschema (Altair and nbformat need it) without ``rfc3987_syntax``.

    When that optional package is installed, jsonschema imports it to check the "iri"
    formats, and it compiles some forty Earley grammars at import: 1.5 s here, longer than
    the rest of a report. casebench validates no IRI format, so the import is skipped while
    jsonschema loads (and allowed again after).
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        yield
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema  # noqa: F401

        yield
    finally:
        if sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
