"""The form row for one framework question: its answer control, confidence, memo, evidence."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from casebench.errors import Problem
from casebench.models.framework import Framework, Question, sources_text
from casebench.widgets.records import EVIDENCE_FIELDS, RecordList

NOT_ASSESSED = "— not assessed —"
ABSENT = "absent: looked for, not found"
"""The label of the box that records a practice as absent: a judgement, never a rating."""
CONFIDENCE = [("confidence: —", None), ("low", "low"), ("medium", "medium"), ("high", "high")]


def answer_control(question: Question, framework: Framework) -> w.ValueWidget:
    """The control a question's kind needs; its empty value always means "not assessed"."""
    wide = w.Layout(width="95%")
    if question.kind == "scale":
        scale = framework.scale_for(question)
        options = [(NOT_ASSESSED, None)] + [
            (f"{lv.value} – {lv.label}", lv.value) for lv in scale.levels
        ]
        return w.Dropdown(options=options, value=None, layout=w.Layout(width="320px"))
    if question.kind == "choice" and question.multiple:
        options = [(o.label, o.id) for o in question.options]
        return w.SelectMultiple(options=options, value=(), rows=min(6, len(options)))
    if question.kind == "choice":
        options = [(NOT_ASSESSED, None)] + [(o.label, o.id) for o in question.options]
        return w.Dropdown(options=options, value=None)
    if question.kind == "number":
        return w.Text(value="", placeholder="a number (leave empty: not assessed)")
    return w.Textarea(value="", placeholder="answer (leave empty: not assessed)", layout=wide)


def _keep_unknown(control: w.Dropdown | w.SelectMultiple, values: list[Any]) -> None:
    """Add values the control does not offer (a draft's off-scale rating, say) as marked
    options, so opening and editing a draft never silently drops what was typed."""
    known = [v for _, v in control.options]
    extra = [(f"{v!r} (not allowed: fix it)", v) for v in values if v not in known]
    if extra:
        control.options = [*control.options, *extra]


_EMPTY: dict[type, Any] = {w.Dropdown: None, w.SelectMultiple: ()}
"""A control's "not assessed" value (text boxes: "")."""


class QuestionRow:
    """Controls for one question, reading from and writing to a plain assessment dict.

    ``guidance`` is the question's guidance as the framework reference shows it (an HTML
    fragment, escaped), put in a fold under the question; ``revert``, when given, is called
    with the question id by the row's "Revert" button (the editor puts the saved version
    back with ``load``)."""

    def __init__(
        self,
        question: Question,
        framework: Framework,
        assessment: dict[str, Any],
        changed: Callable[[str, dict[str, Any]], None],
        *,
        guidance: str = "",
        revert: Callable[[str], None] | None = None,
    ) -> None:
        self.question = question
        self._changed = changed
        self._quiet = False
        self.answer = answer_control(question, framework)
        self.absent = w.Checkbox(
            value=False, description=ABSENT, indent=False, layout=w.Layout(width="260px")
        )
        self.confidence = w.Dropdown(options=CONFIDENCE, layout=w.Layout(width="160px"))
        self.memo = w.Textarea(
            placeholder="memo: why this judgement", layout=w.Layout(width="95%", height="60px")
        )
        self.evidence = RecordList(EVIDENCE_FIELDS, [], self._emit, add_label="Add evidence")
        self.messages = w.HTML()
        self.load(assessment)
        for control in (self.answer, self.confidence, self.memo):
            control.observe(lambda _: self._emit(), names="value")
        self.absent.observe(self._absent_changed, names="value")
        shown = f"<br><i>{html.escape(question.guidance)}</i>" if question.guidance else ""
        folded = (
            f"<details><summary>Scale, guidance and sources</summary>{guidance}</details>"
            if guidance
            else f"<br><small>{html.escape(sources_text(question))}</small>"
        )
        header = w.HTML(
            f"<b>{html.escape(question.text)}</b> <code>{html.escape(question.id)}</code>"
            f"{shown}{folded}"
        )
        controls: list[w.Widget] = [self.answer, self.absent, self.confidence]
        if revert is not None:
            self.revert_button = w.Button(
                description="Revert",
                icon="undo",
                tooltip="Revert this question to the saved version",
                disabled=True,
                layout=w.Layout(width="auto"),
            )
            self.revert_button.on_click(lambda _: revert(question.id))
            controls.append(self.revert_button)
        self.box = w.VBox(
            [header, w.HBox(controls), self.memo, self.evidence.box, self.messages],
            layout=w.Layout(border_bottom="1px solid #ddd", padding="6px 0"),
        )

    def load(self, assessment: dict[str, Any]) -> None:
        """Show ``assessment`` in the controls, reporting no change while doing so."""
        self._quiet = True
        try:
            self.absent.value = assessment.get("status") == "absent"
            self._set_answer(assessment)
            self.answer.disabled = self.absent.value
            _keep_unknown(self.confidence, [assessment.get("confidence")])
            self.confidence.value = assessment.get("confidence")
            self.memo.value = str(assessment.get("memo", ""))
            self.evidence.set_records(list(assessment.get("evidence", [])))
        finally:
            self._quiet = False

    def _set_answer(self, assessment: dict[str, Any]) -> None:
        value = assessment.get("rating", assessment.get("answer"))
        if assessment.get("status") in ("not_assessed", "absent") or value is None:
            self.answer.value = _EMPTY.get(type(self.answer), "")
        elif isinstance(self.answer, w.SelectMultiple):
            chosen = value if isinstance(value, list) else [value]
            _keep_unknown(self.answer, chosen)
            self.answer.value = tuple(chosen)
        elif isinstance(self.answer, w.Dropdown):
            _keep_unknown(self.answer, [value])
            self.answer.value = value
        else:
            self.answer.value = str(value)

    def _absent_changed(self, _: object) -> None:
        self.answer.disabled = self.absent.value  # the answer is kept, for unticking
        self._emit()

    def value(self) -> dict[str, Any]:
        """The assessment as plain data (what a case file holds for this question)."""
        out: dict[str, Any] = {}
        raw = self.answer.value
        kind = self.question.kind
        if self.absent.value:
            out["status"] = "absent"
        elif raw in (None, "", ()) or (isinstance(raw, str) and not raw.strip()):
            out["status"] = "not_assessed"
        elif kind == "scale":
            out["rating"] = raw
        elif isinstance(raw, tuple):
            out["answer"] = list(raw)
        elif kind == "number":
            try:
                out["answer"] = float(raw) if any(c in raw for c in ".eE") else int(raw)
            except ValueError:
                out["answer"] = raw  # kept as typed, validation says why it is wrong
        else:
            out["answer"] = raw
        if self.confidence.value and out.get("status") != "not_assessed":
            out["confidence"] = self.confidence.value
        if self.memo.value.strip():
            out["memo"] = self.memo.value
        evidence = self.evidence.value()
        if evidence:
            out["evidence"] = evidence
        return out

    def _emit(self) -> None:
        if not self._quiet:
            self._changed(self.question.id, self.value())

    def show_problems(self, problems: list[Problem]) -> None:
        """Show this question's validation messages next to it (same text as the CLI)."""
        self.messages.value = "".join(
            f'<div style="color:{"#b00020" if p.severity == "error" else "#8a6d00"}">'
            f"{html.escape(p.severity)}: {html.escape(p.field)}: {html.escape(p.message)}</div>"
            for p in problems
        )
