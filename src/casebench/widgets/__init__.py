"""Thin ipywidgets views over the layers below: the case editor, the consensus editor, the
comparison dashboard and the forms of the guided exercises."""

from casebench.widgets.consensus import ConsensusEditor
from casebench.widgets.dashboard import CompareDashboard
from casebench.widgets.editor import CaseEditor
from casebench.widgets.exercise import QuizForm, VignetteForm

__all__ = ["CaseEditor", "CompareDashboard", "ConsensusEditor", "QuizForm", "VignetteForm"]
