"""The course's coding exercise: a vignette, the case editor showing just its questions, and a
button per framework section that gives feedback on that section against the reference."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import ipywidgets as w

from casebench.exercises.coding import SectionFeedback, section_feedback
from casebench.exercises.feedback import Feedback
from casebench.exercises.vignette import Answer, Vignette, answers_from_case, load_vignette
from casebench.exercises.vignette_file import ABSENT
from casebench.widgets.editor import CaseEditor

VERDICT_STYLE = {
    "matches": ("#1b7a3a", "✓"),
    "close": ("#7a5c00", "≈"),
    "look again": ("#b00020", "↻"),
    "not answered": ("#474747", "…"),
}
"""Colour and sign of each verdict; the verdict is always written out too."""


def vignette_html(vignette: Vignette) -> str:
    """The vignette's title and text as escaped HTML paragraphs."""
    paragraphs = "".join(
        f"<p>{html.escape(' '.join(p.split()))}</p>"
        for p in vignette.text.split("\n\n")
        if p.strip()
    )
    return (
        f"<h3>{html.escape(vignette.title)}</h3>"
        f"<div class='casebench-vignette' style='max-width:48rem'>{paragraphs}</div>"
    )


def feedback_items_html(items: Sequence[Feedback], titles: dict[str, str]) -> str:
    """Feedback as a list: the question, the verdict in words and sign, then the message."""
    rows = []
    for item in items:
        colour, sign = VERDICT_STYLE.get(item.verdict, ("#1b1b1b", ""))
        title = titles.get(item.question_id, item.question_id)
        look = "Look again at" if " Look again at " in item.message else "Look at"
        if item.lead and item.look_at:  # in parts: verdict, where to look, why
            body = (
                f"{html.escape(item.lead)}<br><i>{look}</i> {html.escape(item.look_at)}"
                f"<br>{html.escape(item.why)}"
            )
        else:
            body = html.escape(item.message)
        rows.append(
            f"<li style='margin-bottom:0.8em'><b>{html.escape(title)}</b> "
            f"<code>{html.escape(item.question_id)}</code><br>"
            f"<b style='color:{colour}'>{sign} {html.escape(item.verdict)}</b>: {body}</li>"
        )
    return f"<ul class='casebench-feedback'>{''.join(rows)}</ul>"


class CodingExercise:
    """Code a vignette section by section with the case editor; ``Check: <section>`` gives
    feedback on that section. Drive it from code with :meth:`answer` and :meth:`check_section`
    (tests and the notebook's parameters do)."""

    def __init__(
        self,
        vignette: Vignette | str | Path = "riverside_libraries",
        folder: str | Path = "my_coding",
        student: str = "",
    ) -> None:
        self.vignette = vignette if isinstance(vignette, Vignette) else load_vignette(vignette)
        framework = self.vignette.focused_framework()
        path = Path(folder) / f"{self.vignette.id}.yaml"
        if path.exists():
            self.editor = CaseEditor.open(path, framework=framework)
        else:
            self.editor = CaseEditor.new(
                self.vignette.id, self.vignette.title, folder, framework=framework, coder=student
            )
        self.results: dict[str, SectionFeedback] = {}
        self.titles = {
            item.question.id: item.question.text.strip() for item in self.vignette.questions
        }
        self.buttons = {}
        for section, items in self.vignette.sections():
            button = w.Button(
                description=f"Check: {section.title}"[:60],
                tooltip=f"Feedback on the {len(items)} question(s) of {section.title}",
                layout=w.Layout(width="auto"),
            )
            button.on_click(lambda _, sid=section.id: self.check_section(sid))
            self.buttons[section.id] = button
        self.feedback = w.HTML()
        intro = w.HTML(
            "<p>Code each section in the editor below (a judgement on the scale, or <i>absent"
            "</i>, and the vignette's words as evidence), then press its <b>Check</b> button. "
            "Press <b>Save</b> in the editor to keep your coding.</p>"
        )
        self.widget = w.VBox(
            [
                w.HTML(vignette_html(self.vignette)),
                intro,
                self.editor.widget,
                w.HBox(list(self.buttons.values()), layout=w.Layout(flex_flow="row wrap")),
                self.feedback,
            ]
        )

    @property
    def path(self) -> Path:
        return self.editor.path

    def answer(self, question_id: str, judgement: Answer, quote: str = "") -> None:
        """Set a judgement (a rating, ``"absent"`` or None) and optionally add a quote, through
        the editor's own controls, as a student would."""
        self.editor.build_all()
        row = self.editor.rows[question_id]
        row.absent.value = judgement == ABSENT
        if judgement != ABSENT:
            row.answer.value = judgement
        if quote:
            row.evidence.add({"quote": quote, "attribution": "vignette"})

    def check_section(self, section_id: str) -> SectionFeedback:
        """Feedback on one section, from what the editor holds now; shown below the buttons."""
        answers, quotes = answers_from_case(self.editor.data)
        result = section_feedback(self.vignette, section_id, answers, quotes)
        self.results[section_id] = result
        shown = "".join(
            f"<h4>{html.escape(r.section.title)} — {r.answered} of {len(r.items)} judged</h4>"
            + feedback_items_html(r.items, self.titles)
            for r in self.results.values()
        )
        self.feedback.value = shown
        return result

    def save(self) -> bool:
        """Save the coding (the editor's Save)."""
        return self.editor.save()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
