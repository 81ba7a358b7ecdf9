"""The editor's first part: the case's details (id, title, coder, practice, period, issues)
and its data sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from casebench.models.case import LEGACY_MINIMUM
from casebench.models.framework import Framework
from casebench.widgets.case_form import PRACTICES, RAISED_QUALIFIERS, TEXT_FIELDS, list_specs
from casebench.widgets.records import RecordList

_STYLE = {"description_width": "110px"}
_WIDE = w.Layout(width="95%")


class DetailsForm:
    """Controls for a case's details, reporting each change through the editor's setters."""

    def __init__(
        self,
        data: dict[str, Any],
        framework: Framework,
        *,
        set_field: Callable[[str, Any], None],
        set_number: Callable[[tuple[str, str], str], None],
        set_qualifier: Callable[[str], None],
        sources_changed: Callable[[], None],
    ) -> None:
        self.data = data
        self._set_number = set_number
        controls: list[w.Widget] = []
        for key, label in TEXT_FIELDS:
            text = w.Text(
                value=str(data.get(key, "")), description=label, style=_STYLE, layout=_WIDE
            )
            text.observe(lambda change, key=key: set_field(key, change["new"]), names="value")
            controls.append(text)
        summary = w.Textarea(
            value=str(data.get("summary", "")),
            description="Summary",
            style=_STYLE,
            layout=w.Layout(width="95%", height="80px"),
        )
        summary.observe(lambda change: set_field("summary", change["new"]), names="value")
        practice = w.Dropdown(options=PRACTICES, description="Practice", style=_STYLE)
        if data.get("practice") in [v for _, v in PRACTICES]:
            practice.value = data.get("practice")
        practice.observe(lambda change: set_field("practice", change["new"]), names="value")
        interests = w.Textarea(
            value=str(data.get("interests", "")),
            description="Interests",
            placeholder="whose interests the process served, as you read it",
            style=_STYLE,
            layout=w.Layout(width="95%", height="60px"),
        )
        interests.observe(lambda change: set_field("interests", change["new"]), names="value")
        issues = data.get("issues") or {}
        qualifier = w.Dropdown(options=RAISED_QUALIFIERS, description="Raised is", style=_STYLE)
        word = issues.get("raised_qualifier") or (
            "at_least" if issues.get(LEGACY_MINIMUM) is True else "exactly"
        )
        if word in [v for _, v in RAISED_QUALIFIERS]:  # anything else: validation explains
            qualifier.value = word
        qualifier.observe(lambda change: set_qualifier(change["new"]), names="value")
        self.sources = RecordList(
            list_specs(framework)["sources"],
            list(data.get("sources", [])),
            sources_changed,
            add_label="Add data source",
        )
        self.widgets: list[w.Widget] = [
            *controls,
            summary,
            practice,
            interests,
            self._number(("period", "months"), "Months followed"),
            w.HBox([self._number(("issues", "raised"), "Issues raised"), qualifier]),
            self._number(("issues", "acted_on"), "Acted on"),
            w.HTML("<b>Data sources</b>"),
            self.sources.box,
        ]

    def _number(self, path: tuple[str, str], label: str) -> w.Text:
        """A text box for a number inside a nested field (``period.months`` ...)."""
        value = (self.data.get(path[0]) or {}).get(path[1])
        box = w.Text(value="" if value is None else str(value), description=label, style=_STYLE)
        box.observe(lambda change: self._set_number(path, change["new"]), names="value")
        return box


__all__ = ["DetailsForm"]
