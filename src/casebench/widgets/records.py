"""A list of records (evidence items, data sources, power observations ...) edited as rows.

Generic over a list of field specs, so every list in a case uses one widget and one set of
add / edit / remove behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from casebench.spreadsheet.layout import split_list

Record = dict[str, Any]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record: its key, label, and the kind of control it needs."""

    key: str
    label: str
    kind: str = "text"  # text | textarea | int | dropdown | tags | participants | evidence
    options: tuple[tuple[str, Any], ...] = ()
    placeholder: str = ""
    nested: tuple[FieldSpec, ...] = field(default_factory=tuple)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _participants_text(value: Any) -> str:
    if not isinstance(value, dict):
        return _text(value)
    return "; ".join(f"{role}: {n}" for role, n in value.items())


def _parse_participants(text: str) -> dict[str, Any] | str:
    """ "staff: 17; patients: 7" (as in the workbook) -> {"staff": 17, "patients": 7};
    unparsable text is kept as typed so that validation can say what is wrong with it."""
    out: dict[str, Any] = {}
    for part in split_list(text):
        role, sep, number = part.rpartition(":")
        if not sep or not role.strip() or not number.strip().isdigit():
            return text
        out[role.strip()] = int(number)
    return out


class _Row:
    """The controls of one record."""

    def __init__(
        self,
        specs: tuple[FieldSpec, ...],
        record: Record,
        changed: Callable[[], None],
        remove: Callable[[_Row], None],
    ) -> None:
        self.specs = specs
        self.extra = {k: v for k, v in record.items() if k not in {s.key for s in specs}}
        self.controls: dict[str, Any] = {}
        children = []
        for spec in specs:
            control = self._control(spec, record.get(spec.key), changed)
            self.controls[spec.key] = control
            children.append(control.box if isinstance(control, RecordList) else control)
        remove_button = w.Button(
            description="Remove",
            icon="trash",
            button_style="",
            layout=w.Layout(width="auto"),
            tooltip="Remove this item",
        )
        remove_button.on_click(lambda _: remove(self))
        self.box = w.VBox(
            [*children, remove_button],
            layout=w.Layout(border="1px solid #ccc", padding="4px", margin="2px 0"),
        )

    @staticmethod
    def _control(spec: FieldSpec, value: Any, changed: Callable[[], None]) -> Any:
        layout = w.Layout(width="95%")
        style = {"description_width": "110px"}
        if spec.kind == "evidence":
            return RecordList(spec.nested, value or [], changed, add_label="Add evidence")
        if spec.kind == "textarea":
            control = w.Textarea(
                value=value or "",
                description=spec.label,
                layout=layout,
                placeholder=spec.placeholder,
                style=style,
            )
        elif spec.kind == "int":
            control = w.Text(
                value="" if value is None else str(value),
                description=spec.label,
                placeholder=spec.placeholder,
                style=style,
            )
        elif spec.kind == "dropdown":
            options = list(spec.options)
            if value is not None and value not in [v for _, v in options]:
                options.append((f"{value!r} (not allowed: fix it)", value))  # kept, not lost
            control = w.Dropdown(options=options, description=spec.label, style=style)
            control.value = value if value is not None else options[0][1]
        elif spec.kind == "tags":
            allowed = [v for _, v in spec.options]
            control = w.TagsInput(
                value=list(value or []), allowed_tags=allowed, allow_duplicates=False
            )
            control = w.HBox([w.Label(spec.label, layout=w.Layout(width="110px")), control])
        elif spec.kind == "participants":
            control = w.Text(
                value=_participants_text(value),
                description=spec.label,
                placeholder="role: number; e.g. staff: 17; patients: 7",
                style=style,
                layout=layout,
            )
        else:
            control = w.Text(
                value=value or "",
                description=spec.label,
                layout=layout,
                placeholder=spec.placeholder,
                style=style,
            )
        target = control.children[1] if isinstance(control, w.HBox) else control
        target.observe(lambda _: changed(), names="value")
        return control

    def value(self) -> Record:
        record: Record = dict(self.extra)
        for spec in self.specs:
            control = self.controls[spec.key]
            if isinstance(control, RecordList):
                items = control.value()
                if items:
                    record[spec.key] = items
                else:
                    record.pop(spec.key, None)
                continue
            raw = (control.children[1] if isinstance(control, w.HBox) else control).value
            if spec.kind == "int":
                text = raw.strip()
                value: Any = int(text) if text.lstrip("-").isdigit() else (text or None)
            elif spec.kind == "tags":
                value = list(raw) or None
            elif spec.kind == "participants":
                value = _parse_participants(raw) or None
            elif isinstance(raw, str):
                value = raw if raw.strip() else None
            else:
                value = raw
            if value is None:
                record.pop(spec.key, None)
            else:
                record[spec.key] = value
        return record


class RecordList:
    """Rows of records with an "add" button; ``value()`` gives the list of plain records."""

    def __init__(
        self,
        specs: tuple[FieldSpec, ...],
        records: list[Record],
        changed: Callable[[], None],
        add_label: str = "Add",
    ) -> None:
        self.specs = specs
        self._changed = changed
        self.rows: list[_Row] = []
        self.add_button = w.Button(
            description=add_label, icon="plus", layout=w.Layout(width="auto")
        )
        self.add_button.on_click(lambda _: self.add({}))
        self.box = w.VBox([self.add_button])  # the rows, then the button (one box: fewer widgets)
        for record in records:
            self._append(record)
        self._refresh()

    def _append(self, record: Record) -> _Row:
        row = _Row(self.specs, record, self._changed, self.remove)
        self.rows.append(row)
        return row

    def _refresh(self) -> None:
        self.box.children = [*(row.box for row in self.rows), self.add_button]

    def add(self, record: Record) -> _Row:
        """Add a row (the editor's "Add" button does this with an empty record)."""
        row = self._append(record)
        self._refresh()
        self._changed()
        return row

    def set_records(self, records: list[Record]) -> None:
        """Show ``records`` instead of the current rows, without reporting a change (a revert
        reports once, when it is done)."""
        self.rows = []
        for record in records:
            self._append(record)
        self._refresh()

    def remove(self, row: _Row) -> None:
        self.rows.remove(row)
        self._refresh()
        self._changed()

    def value(self) -> list[Record]:
        return [row.value() for row in self.rows]


EVIDENCE_FIELDS = (
    FieldSpec("quote", "Quote", "textarea", placeholder="the words, as said or written"),
    FieldSpec("attribution", "Attribution", placeholder="e.g. NHS Staff 13"),
    FieldSpec("source", "Source", placeholder="e.g. interview, focus group, document"),
    FieldSpec("location", "Location", placeholder="e.g. transcript page or section"),
)
