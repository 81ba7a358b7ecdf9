"""The editor's parts as an accordion: every section's full title, told apart by its part of
the framework when two share one, with its progress ("5 of 8 assessed"); each part is built
the first time it is opened, so the editor opens quickly."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as w

from casebench.models.framework import Framework


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a burst of allocation, then restore it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def section_progress(framework: Framework, assessments: Any) -> dict[str, tuple[int, int]]:
    """Section id -> (questions judged: assessed or found absent, questions)."""
    if not isinstance(assessments, dict):
        assessments = {}
    out: dict[str, tuple[int, int]] = {}
    for section in framework.sections:
        pairs = section.iter_questions()
        done = sum(
            1
            for _, q in pairs
            if isinstance(assessments.get(q.id), dict)
            and assessments[q.id].get("status", "assessed") in ("assessed", "absent")
        )
        out[section.id] = (done, len(pairs))
    return out


class SectionNav:
    """An accordion of named parts, each built by its builder when first opened."""

    def __init__(
        self,
        titles: list[str],
        builders: list[Callable[[], list[w.Widget]]],
        built: Callable[[], None],
    ) -> None:
        self._builders = builders
        self._built = [False] * len(builders)
        self._after_build = built
        self.accordion = w.Accordion(
            children=[w.VBox() for _ in builders], titles=tuple(titles), selected_index=None
        )
        self.accordion.observe(lambda change: self.ensure(change["new"]), names="selected_index")

    def ensure(self, index: int | None) -> None:
        """Build part ``index`` unless it is built already."""
        if index is None or self._built[index]:
            return
        self._built[index] = True
        with _gc_paused():  # hundreds of new widgets: a full collection midway doubles the time
            self.accordion.children[index].children = self._builders[index]()
        self._after_build()

    def open(self, index: int) -> None:
        """Open part ``index`` (what a click on its title does)."""
        self.accordion.selected_index = index

    def build_all(self) -> None:
        for index in range(len(self._builders)):
            self.ensure(index)

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(self.accordion.titles)

    def set_titles(self, titles: list[str]) -> None:
        """New titles (sent to the page only when one changed)."""
        if tuple(titles) != tuple(self.accordion.titles):
            self.accordion.titles = tuple(titles)


__all__ = ["SectionNav", "section_progress"]
