"""How the parts of a case are matched and united when codings are merged.

Items of a list are matched by a stable key: a power observation by its dimension, mode and
description, an outcome by its level and description, a CMO configuration by its id
(descriptions compared without regard to case, Unicode form or spacing). Evidence is united
with duplicates removed: two quotes are the same when their text and attribution are, in
the same loose sense.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from casebench.models.case import (
    CmoConfiguration,
    Evidence,
    Outcome,
    PowerObservation,
)

LIST_PARTS = ("power", "outcomes", "cmo")
"""Parts of a case that are lists of items, matched by key."""

UNITED = ("evidence", "questions")
"""Fields of an item that are united when the coders agree on the rest."""

_QUOTES = "\"'“”‘’«»„‚ .…"


def loose(text: str) -> str:
    """Text compared loosely: Unicode-normalised, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def item_key(part: str, item: BaseModel) -> tuple[str, ...]:
    """The key an item is matched by across codings."""
    if isinstance(item, PowerObservation):
        return (item.dimension, item.mode, loose(item.description))
    if isinstance(item, Outcome):
        return (item.level, loose(item.description))
    if isinstance(item, CmoConfiguration):
        return (item.id,)
    raise TypeError(f"no key for {part} items")


def key_label(part: str, item: BaseModel) -> str:
    """The key as people read it, kept in a disagreement: ``invisible domination: ...``."""
    if isinstance(item, PowerObservation):
        return f"{item.dimension} {item.mode}: {item.description}"
    if isinstance(item, Outcome):
        return f"{item.level}: {item.description}"
    if isinstance(item, CmoConfiguration):
        return item.id
    raise TypeError(f"no key for {part} items")


def _evidence_key(item: Evidence) -> tuple[str, str]:
    return loose(item.quote).strip(_QUOTES), loose(item.attribution)


def _fuller(first: Evidence, second: Evidence) -> Evidence:
    """The first of two copies of a quote, with source and location filled from the second."""
    update = {
        name: getattr(second, name)
        for name in ("source", "location")
        if not getattr(first, name) and getattr(second, name)
    }
    return first.model_copy(update=update) if update else first


def unite_evidence(*lists: Iterable[Evidence]) -> list[Evidence]:
    """Every quote of the lists once, in order of first appearance."""
    seen: dict[tuple[str, str], int] = {}
    out: list[Evidence] = []
    for items in lists:
        for item in items:
            key = _evidence_key(item)
            if key in seen:
                out[seen[key]] = _fuller(out[seen[key]], item)
            else:
                seen[key] = len(out)
                out.append(item)
    return out


def merge_evidence(
    base: Sequence[Evidence] | None, ours: Sequence[Evidence], theirs: Sequence[Evidence]
) -> list[Evidence]:
    """Three-way union of evidence: a quote either side removed since ``base`` stays removed,
    a quote either side added is kept. With no base (two codings), the plain union."""
    if base is None:
        return unite_evidence(ours, theirs)
    before = {_evidence_key(e) for e in base}
    kept_by_ours = {_evidence_key(e) for e in ours}
    kept_by_theirs = {_evidence_key(e) for e in theirs}
    removed = (before - kept_by_ours) | (before - kept_by_theirs)
    return [e for e in unite_evidence(ours, theirs) if _evidence_key(e) not in removed]


def merge_ids(base: Sequence[str] | None, ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    """Three-way union of question ids (removed by either side: removed)."""
    removed = set(base or ()) - (set(ours) & set(theirs)) if base is not None else set()
    return [q for q in dict.fromkeys([*ours, *theirs]) if q not in removed]


KEY_FIELDS = {
    PowerObservation: {"dimension", "mode", "description"},
    Outcome: {"level", "description"},
    CmoConfiguration: {"id"},
}
"""The fields each kind of item is matched by (compared through ``item_key``)."""


def rest(item: BaseModel) -> dict[str, Any]:
    """What two versions of one item (same key) must agree on besides the key: every field
    but evidence and linked questions, which are united."""
    return item.model_dump(exclude=set(UNITED) | KEY_FIELDS.get(type(item), set()))


def unite_items(base: BaseModel | None, ours: BaseModel, theirs: BaseModel) -> BaseModel:
    """One item from two versions that agree apart from evidence and question links."""
    update: dict[str, Any] = {}
    fields = type(ours).model_fields
    if "evidence" in fields:
        update["evidence"] = merge_evidence(
            getattr(base, "evidence", None) if base is not None else None,
            ours.evidence,  # type: ignore[attr-defined]
            theirs.evidence,  # type: ignore[attr-defined]
        )
    if "questions" in fields:
        update["questions"] = merge_ids(
            getattr(base, "questions", None) if base is not None else None,
            ours.questions,  # type: ignore[attr-defined]
            theirs.questions,  # type: ignore[attr-defined]
        )
    return ours.model_copy(update=update)


def plain(value: Any) -> Any:
    """A model (or list of models) as the plain data a YAML file holds, defaults left out."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


__all__ = [
    "LIST_PARTS",
    "item_key",
    "key_label",
    "loose",
    "merge_evidence",
    "merge_ids",
    "plain",
    "rest",
    "unite_evidence",
    "unite_items",
]
