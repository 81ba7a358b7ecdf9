"""One disagreement as the ConsensusEditor shows it: each coder's position side by side, with
their evidence, and the controls to take a position or write the team's own, with a reason."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from casebench import yamlio
from casebench.consensus.items import plain
from casebench.consensus.resolve import QUESTION, OpenDisagreement, united_evidence
from casebench.errors import InputError
from casebench.models.framework import Framework
from casebench.widgets.case_form import list_specs
from casebench.widgets.questions import QuestionRow
from casebench.widgets.records import RecordList

WRITE = "__write__"
"""The choice "write the judgement" (a coder could never be called this)."""
SHOWN_FIELDS = ("status", "rating", "answer", "confidence", "memo")
"""Fields of a question's position shown above its evidence."""


def css_name(about: str) -> str:
    """A CSS class naming a disagreement's card (for browser tests and custom styling)."""
    return "casebench-disagreement-" + re.sub(r"[^a-z0-9_-]+", "-", about.lower())[:80]


def _evidence_html(evidence: list[dict[str, Any]]) -> str:
    if not evidence:
        return "<p><i>no evidence given</i></p>"
    items = []
    for item in evidence:
        where = ", ".join(str(item[k]) for k in ("source", "location") if item.get(k))
        items.append(
            f"<li>“{html.escape(str(item.get('quote', '')))}” — "
            f"{html.escape(str(item.get('attribution', '')))}"
            + (f" <small>({html.escape(where)})</small>" if where else "")
            + "</li>"
        )
    return f"<ul style='margin:0;padding-left:1.2em'>{''.join(items)}</ul>"


def _rating_label(framework: Framework, question_id: str, rating: Any) -> str:
    info = framework.questions.get(question_id)
    if info is None or info.question.kind != "scale":
        return str(rating)
    labels = {lv.value: lv.label for lv in framework.scale_for(info.question).levels}
    return f"{rating} – {labels[rating]}" if rating in labels else str(rating)


def position_html(item: OpenDisagreement, coder: str, value: Any, framework: Framework) -> str:
    """One coder's position as HTML: the judgement or the item, then the evidence."""
    title = f"<b>{html.escape(coder)}</b>"
    if value is None:
        return f"{title}<p><i>did not record this</i></p>"
    if not isinstance(value, dict):
        return f"{title}<pre style='white-space:pre-wrap'>{html.escape(str(value))}</pre>"
    rows = []
    for key, shown in value.items():
        if key == "evidence":
            continue
        if key == "rating" and item.part == QUESTION:
            shown = _rating_label(framework, item.key, shown)
        if isinstance(shown, list):
            shown = ", ".join(str(v) for v in shown)
        elif isinstance(shown, dict):
            shown = "; ".join(f"{k}: {v}" for k, v in shown.items())
        rows.append(
            f"<tr><th style='text-align:left;vertical-align:top;padding-right:6px'>"
            f"{html.escape(str(key))}</th><td style='white-space:pre-wrap'>"
            f"{html.escape(str(shown))}</td></tr>"
        )
    if item.part == QUESTION and "status" not in value:
        rows.insert(0, "<tr><th style='text-align:left'>status</th><td>assessed</td></tr>")
    return (
        f"{title}<table style='font-size:90%'>{''.join(rows)}</table>"
        f"<div><small>Evidence</small>{_evidence_html(value.get('evidence', []))}</div>"
    )


class DisagreementCard:
    """Controls for one disagreement; ``decide`` is called when the team presses Decide."""

    def __init__(
        self,
        item: OpenDisagreement,
        framework: Framework,
        decide: Callable[[DisagreementCard], None],
    ) -> None:
        self.item = item
        self.framework = framework
        question = framework.questions.get(item.key) if item.part == QUESTION else None
        heading = html.escape(item.about)
        if question is not None:
            heading = f"{html.escape(question.question.text)} <code>{html.escape(item.key)}</code>"
        columns = [
            w.HTML(
                position_html(item, p.coder, p.value, framework),
                layout=w.Layout(
                    width=f"{96 // len(item.positions)}%", border="1px solid #ccc", padding="6px"
                ),
            )
            for p in item.positions
        ]
        self.choice = w.RadioButtons(
            options=[(f"{p.coder}'s position", p.coder) for p in item.positions]
            + [("write the judgement", WRITE)],
            value=None,
            layout=w.Layout(width="auto"),
        )
        self.writer, self._written = self._writer(item, framework)
        self.writer_box = w.VBox([], layout=w.Layout(padding="0 0 0 20px"))
        self.choice.observe(self._chosen, names="value")
        self.reason = w.Textarea(
            placeholder="reason for the decision (required): what settled it",
            layout=w.Layout(width="95%", height="50px"),
        )
        self.decide_button = w.Button(description="Decide", icon="check", button_style="success")
        self.decide_button.on_click(lambda _: decide(self))
        self.message = w.HTML()
        self.box = w.VBox(
            [
                w.HTML(f"<h4 style='margin:4px 0'>{heading}</h4>"),
                w.HBox(columns),
                self.choice,
                self.writer_box,
                self.reason,
                w.HBox([self.decide_button, self.message]),
            ],
            layout=w.Layout(border_bottom="2px solid #999", padding="6px 0", margin="4px 0"),
        )
        self.box.add_class(css_name(item.about))

    @staticmethod
    def _writer(item: OpenDisagreement, framework: Framework) -> tuple[Any, Callable[[], Any]]:
        """The control for writing the team's own judgement, and how to read it."""
        first = next((p.value for p in item.positions if p.value is not None), None)
        if item.part == QUESTION and item.key in framework.questions:
            start = dict(first or {}) | {"evidence": plain(united_evidence(item))}
            row = QuestionRow(framework.questions[item.key].question, framework, start, _ignore)
            return row, lambda: {"evidence": []} | row.value()
        if item.part in ("power", "outcomes", "cmo"):
            records = RecordList(
                list_specs(framework)[item.part], [dict(first or {})], _ignore, "Add"
            )
            records.add_button.layout.display = "none"
            return records, lambda: (records.value() or [None])[0]
        text = w.Textarea(
            value=_as_text(first),
            placeholder="the team's version (YAML for issue counts and structured details)",
            layout=w.Layout(width="95%", height="80px"),
        )
        return text, lambda: _from_text(item, text.value)

    def _chosen(self, change: dict[str, Any]) -> None:
        box = self.writer.box if hasattr(self.writer, "box") else self.writer
        self.writer_box.children = [box] if change["new"] == WRITE else []

    def decision(self) -> dict[str, Any]:
        """``choose=`` or ``write=`` for ``casebench.consensus.resolve``."""
        if self.choice.value == WRITE:
            return {"write": self._written()}
        return {"choose": self.choice.value}


def _ignore(*_: object) -> None:
    """Edits in a writer are read when Decide is pressed, not as they happen."""


def _as_text(value: Any) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    return yamlio.dumps(value if isinstance(value, dict) else {"value": value})


def _from_text(item: OpenDisagreement, text: str) -> Any:
    """The team's typed version: plain text for text details, YAML for the rest."""
    if not text.strip():
        return None
    sample = next((p.value for p in item.positions if p.value is not None), None)
    if item.part == "details" and (sample is None or isinstance(sample, str)):
        return text
    try:
        data = yamlio.loads(text, item.about).data
    except InputError as exc:
        raise ValueError(exc.problems[0].message) from None
    if item.part == "details" and not isinstance(sample, dict):
        return data.get("value") if isinstance(data, dict) else data
    return data
