"""Guided exercises and the course for students: vignettes coded against the framework with a
reference coding, reading the framework, reading a comparison, building a CMO configuration.

Feedback says what to look at and why, in the framework's words, never just pass or fail.
Vignettes are data (``exercises/vignettes/*.yaml``, format in docs/teaching.md); a lecturer's
own vignette file works the same way.
"""

from casebench.exercises.comparison_quiz import QuizQuestion, comparison_quiz, mark_quiz
from casebench.exercises.feedback import Feedback
from casebench.exercises.quick_check import VignetteResult, check_vignette
from casebench.exercises.vignette import (
    Vignette,
    VignetteQuestion,
    bundled_vignette_ids,
    load_vignette,
)

__all__ = [
    "Feedback",
    "QuizQuestion",
    "Vignette",
    "VignetteQuestion",
    "VignetteResult",
    "bundled_vignette_ids",
    "check_vignette",
    "comparison_quiz",
    "load_vignette",
    "mark_quiz",
]
