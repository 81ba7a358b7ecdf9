"""Instructor tools: the class summary of students' codings of a vignette.

``collect(folder_or_zip, vignette)`` reads the submissions (nbgrader's ``submitted/`` layout, a
folder per student, or a flat folder, e.g. an LMS download; see docs/teaching.md), listing each
file that cannot be used with its problem; ``summarise`` computes each student's agreement with
the reference and the class, the hardest questions and the spread of judgements;
``render_text``, ``render_html`` and ``write_html`` present it. ``casebench class summary``
runs all of them.
"""

from casebench.classroom.render import render_html, render_text, write_html
from casebench.classroom.submissions import Submission, collect, read_roster
from casebench.classroom.summary import ClassSummary, summarise

__all__ = [
    "ClassSummary",
    "Submission",
    "collect",
    "read_roster",
    "render_html",
    "render_text",
    "summarise",
    "write_html",
]
