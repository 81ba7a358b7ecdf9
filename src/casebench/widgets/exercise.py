"""Forms for the guided exercises: rate the vignette, answer the comparison quiz, read feedback."""

from __future__ import annotations

import html

import ipywidgets as w

from casebench.comparison import Comparison
from casebench.exercises import Feedback, check_vignette, comparison_quiz, load_vignette, mark_quiz
from casebench.exercises.vignette import Answer
from casebench.exercises.vignette_file import ABSENT as VIGNETTE_ABSENT
from casebench.widgets.questions import ABSENT, NOT_ASSESSED

COLOURS = {
    "matches": "#1b7a3a",
    "close": "#8a6d00",
    "look again": "#b00020",
    "not answered": "#555",
}


def feedback_html(feedback: list[Feedback] | tuple[Feedback, ...]) -> str:
    """Feedback items as a list, the verdict in words (colour is never the only cue)."""
    items = "".join(
        f"<li><code>{html.escape(f.question_id)}</code> "
        f"<b style='color:{COLOURS.get(f.verdict, '#000')}'>{html.escape(f.verdict)}</b>: "
        f"{html.escape(f.message)}</li>"
        for f in feedback
    )
    return f"<ul>{items}</ul>"


class VignetteForm:
    """A rating control per vignette question and a button that gives feedback."""

    def __init__(self) -> None:
        self.vignette = load_vignette()
        scale = self.vignette.framework.scale_for(self.vignette.questions[0].question)
        options = [(NOT_ASSESSED, None), (f"— {ABSENT} —", VIGNETTE_ABSENT)] + [
            (f"{lv.value} – {lv.label}", lv.value) for lv in scale.levels
        ]
        self.controls = {
            item.question.id: w.Dropdown(
                options=options, value=None, layout=w.Layout(width="300px")
            )
            for item in self.vignette.questions
        }
        rows = [
            w.VBox(
                [
                    w.HTML(
                        f"<b>{html.escape(item.question.text)}</b> <code>{item.question.id}</code>"
                    ),
                    self.controls[item.question.id],
                ]
            )
            for item in self.vignette.questions
        ]
        self.button = w.Button(description="Check my coding", button_style="primary")
        self.feedback = w.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = w.VBox([*rows, self.button, self.feedback])

    def ratings(self) -> dict[str, Answer]:
        return {qid: control.value for qid, control in self.controls.items()}

    def check(self) -> None:
        result = check_vignette(self.ratings(), self.vignette)
        kappa = (
            f"<p>Weighted kappa with the reference coding over {result.n_rated} questions: "
            f"<b>{result.kappa:.2f}</b></p>"
            if result.n_rated >= 2
            else "<p>Rate at least two questions to see your agreement with the reference.</p>"
        )
        self.feedback.value = feedback_html(result.feedback) + kappa

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class QuizForm:
    """The comparison quiz as a form."""

    def __init__(self, comparison: Comparison) -> None:
        self.quiz = comparison_quiz(comparison)
        self.controls: dict[str, w.ValueWidget] = {}
        rows = []
        for question in self.quiz:
            if question.kind == "number":
                control: w.ValueWidget = w.Text(placeholder="a number")
            else:
                control = w.Dropdown(options=[("—", None), *[(o, o) for o in question.options]])
            self.controls[question.id] = control
            rows.append(w.VBox([w.HTML(f"<b>{html.escape(question.prompt)}</b>"), control]))
        self.button = w.Button(description="Check my answers", button_style="primary")
        self.feedback = w.HTML()
        self.button.on_click(lambda _: self.check())
        self.widget = w.VBox([*rows, self.button, self.feedback])

    def fill(self, answers: dict[str, object]) -> None:
        """Set answers by question id, as a student would in the form."""
        for qid, value in answers.items():
            control = self.controls[qid]
            control.value = str(value) if isinstance(control, w.Text) else value

    def check(self) -> list[Feedback]:
        answers = {qid: control.value for qid, control in self.controls.items()}
        result = mark_quiz(answers, self.quiz)
        self.feedback.value = feedback_html(result)
        return result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
