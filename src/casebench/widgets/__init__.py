"""Thin ipywidgets views over the layers below: the case editor, the consensus editor, the
comparison dashboard, and the forms of the guided exercises and of the course."""

from casebench.widgets.coding_exercise import CodingExercise
from casebench.widgets.consensus import ConsensusEditor
from casebench.widgets.course_forms import CmoForm, MemoForm, ReadingQuiz
from casebench.widgets.dashboard import CompareDashboard
from casebench.widgets.editor import CaseEditor
from casebench.widgets.exercise import QuizForm, VignetteForm

__all__ = [
    "CaseEditor",
    "CmoForm",
    "CodingExercise",
    "CompareDashboard",
    "ConsensusEditor",
    "MemoForm",
    "QuizForm",
    "ReadingQuiz",
    "VignetteForm",
]
