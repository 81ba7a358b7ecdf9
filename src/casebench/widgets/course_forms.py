"""Forms of the course's other parts: reading the framework, the memo on the largest
disagreement with the reference, and building a CMO configuration. Each can be filled from
code (``fill``) so that tests and notebook parameters go through the same feedback."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w

from casebench.errors import InputError
from casebench.exercises.against_reference import ReferenceComparison, add_memo
from casebench.exercises.cmo_check import PARTS, check_configuration
from casebench.exercises.feedback import Feedback
from casebench.exercises.reading import mark_reading, reading_quiz
from casebench.exercises.vignette import Vignette
from casebench.models.framework import Framework
from casebench.registry import load_framework
from casebench.widgets.coding_exercise import feedback_items_html

WIDE = w.Layout(width="95%")


class ReadingQuiz:
    """Course part 1: place questions in the framework's sections and dimensions of power."""

    def __init__(self, framework: Framework | str = "farr2017") -> None:
        self.framework = load_framework(framework) if isinstance(framework, str) else framework
        self.items = reading_quiz(self.framework)
        self.controls = {
            item.id: w.Dropdown(
                options=[("— choose —", None), *item.options], value=None, layout=WIDE
            )
            for item in self.items
        }
        rows = [
            w.VBox([w.HTML(f"<b>{html.escape(item.prompt)}</b>"), self.controls[item.id]])
            for item in self.items
        ]
        self.button = w.Button(description="Check my answers", button_style="primary")
        self.button.on_click(lambda _: self.check())
        self.feedback = w.HTML()
        self.widget = w.VBox([*rows, self.button, self.feedback])

    def fill(self, answers: Mapping[str, str | None]) -> None:
        """Choose answers by item id (values as the options give them)."""
        for item_id, value in answers.items():
            self.controls[item_id].value = value

    def check(self) -> list[Feedback]:
        answers = {item_id: control.value for item_id, control in self.controls.items()}
        result = mark_reading(answers, self.items, self.framework)
        titles = {item.id: item.prompt for item in self.items}
        self.feedback.value = feedback_items_html(result, titles)
        return result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class MemoForm:
    """Course part 3: write the memo on the largest disagreement into one's case file."""

    def __init__(self, comparison: ReferenceComparison, case_path: str | Path) -> None:
        self.comparison = comparison
        self.path = Path(case_path)
        self.prompt = w.HTML(f"<p><b>{html.escape(comparison.memo_prompt)}</b></p>")
        self.text = w.Textarea(placeholder="your memo", layout=w.Layout(width="95%", height="8em"))
        self.button = w.Button(description="Save memo", icon="save", button_style="primary")
        self.button.on_click(lambda _: self.save())
        self.status = w.HTML()
        self.widget = w.VBox([self.prompt, self.text, self.button, self.status])

    def save(self) -> bool:
        """Add the memo to the largest disagreement's question in the case file."""
        question = self.comparison.largest
        if question is None:
            self.status.value = "<span style='color:#b00020'>No disagreement to write on.</span>"
            return False
        try:
            add_memo(self.path, question, self.text.value)
        except (InputError, OSError) as exc:
            self.status.value = (
                f"<span style='color:#b00020'>Not saved: {html.escape(str(exc))}</span>"
            )
            return False
        self.status.value = (
            f"<span style='color:#1b7a3a'>Memo added to {html.escape(question)} in "
            f"{html.escape(str(self.path))} (the previous version is kept as .bak).</span>"
        )
        return True

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class CmoForm:
    """Course part 5: write one context-mechanism-outcome configuration and check it."""

    def __init__(self, vignette: Vignette) -> None:
        self.vignette = vignette
        self.parts = {
            part: w.Textarea(
                placeholder=meaning, description=part.capitalize(), layout=w.Layout(width="95%")
            )
            for part, meaning in PARTS.items()
        }
        self.code = w.Text(placeholder="e.g. stories_shift_staff_view", description="Code")
        self.evidence = w.Textarea(
            placeholder="quotes from the vignette, one a line",
            description="Evidence",
            layout=w.Layout(width="95%", height="6em"),
        )
        self.button = w.Button(description="Check my configuration", button_style="primary")
        self.button.on_click(lambda _: self.check())
        self.feedback = w.HTML()
        self.widget = w.VBox(
            [*self.parts.values(), self.code, self.evidence, self.button, self.feedback]
        )

    def fill(self, configuration: Mapping[str, Any]) -> None:
        """Set the form from a configuration (``evidence``: quotes, or {quote: ...} items)."""
        for part, control in self.parts.items():
            control.value = str(configuration.get(part, "") or "")
        self.code.value = str(configuration.get("mechanism_code", "") or "")
        evidence = configuration.get("evidence") or []
        if isinstance(evidence, str):
            evidence = [evidence]
        self.evidence.value = "\n".join(
            str(e.get("quote", "")) if isinstance(e, Mapping) else str(e) for e in evidence
        )

    def configuration(self) -> dict[str, Any]:
        """The configuration as the form holds it (the fields of a case's ``cmo`` entry)."""
        return {
            **{part: control.value for part, control in self.parts.items()},
            "mechanism_code": self.code.value.strip(),
            "evidence": [line.strip() for line in self.evidence.value.splitlines() if line.strip()],
        }

    def check(self) -> list[Feedback]:
        result = check_configuration(self.configuration(), self.vignette)
        titles = {f.question_id: f.question_id.split(".")[0].replace("_", " ") for f in result}
        self.feedback.value = feedback_items_html(result, titles)
        return result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
