"""Guided exercises for students: code a vignette, read a comparison, get formative feedback.

Feedback says what is right and what to look at again, never just pass or fail, and never
prints a reference rating the student has not reached. Agreement with the reference coding is
reported as weighted Cohen's kappa with the disagreements listed.
"""

from casebench.exercises.comparison_quiz import QuizQuestion, comparison_quiz, mark_quiz
from casebench.exercises.vignette import (
    Feedback,
    VignetteResult,
    check_vignette,
    load_vignette,
)

__all__ = [
    "Feedback",
    "QuizQuestion",
    "VignetteResult",
    "check_vignette",
    "comparison_quiz",
    "load_vignette",
    "mark_quiz",
]
