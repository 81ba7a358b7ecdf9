"""The framework's questions as a codebook in CSV, for programs and people that do not read
REFI-QDA codebooks (``.qdc``).

- ``taguette_csv``: Taguette's codebook import (Project > Import codebook) wants a CSV with
  one of the columns ``tag``, ``name`` or ``path`` and, optionally, ``description`` (it reads
  the header case-insensitively; see ``taguette/import_codebook.py`` in Taguette's source).
  One row per question: the question id as the tag, so that coded highlights name their
  question, and the question's text, guidance and place in the framework as the description,
  on one line (Taguette shows each description in a one-line form field before it creates the
  tags, which would run paragraphs together). Taguette's tags are flat and listed
  alphabetically: sections and subsections survive only in the descriptions.
- ``codebook_csv``: one row per question with every column a spreadsheet user may sort or
  filter by (section, subsection, kind, guidance, sources).

Both go through ``casebench.csvtext``, so no cell is ever run as a formula, and are written
with a UTF-8 byte-order mark: Excel then opens them as UTF-8 rather than in the system's code
page, and Taguette's encoding detection (chardet) recognises them with certainty.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from casebench.csvtext import frame_to_csv
from casebench.files import write_atomic
from casebench.models.framework import Framework, sources_text

Kind = Literal["taguette-csv", "codebook-csv"]


def _place(framework: Framework, qid: str) -> str:
    info = framework.questions[qid]
    return " › ".join(
        [info.section.title] + ([info.subsection.title] if info.subsection is not None else [])
    )


def taguette_csv(framework: Framework) -> str:
    """Taguette's codebook CSV: columns ``tag`` and ``description`` (one line), one row per
    question."""
    import pandas as pd

    rows = []
    for qid, info in framework.questions.items():
        question = info.question
        parts = [question.text, question.guidance, f"(Section: {_place(framework, qid)})"]
        description = " ".join(" ".join(" ".join(p.split()) for p in parts if p.strip()).split())
        rows.append({"tag": qid, "description": description})
    return frame_to_csv(pd.DataFrame(rows, columns=["tag", "description"]))


def codebook_csv(framework: Framework) -> str:
    """A plain codebook: one row per question, its section, subsection, kind, text, guidance
    and sources."""
    import pandas as pd

    rows = []
    for qid, info in framework.questions.items():
        question = info.question
        rows.append(
            {
                "question_id": qid,
                "section_id": info.section.id,
                "section": info.section.title,
                "subsection": info.subsection.title if info.subsection is not None else "",
                "kind": question.kind,
                "question": " ".join(question.text.split()),
                "guidance": question.guidance.strip(),
                "sources": sources_text(question),
            }
        )
    return frame_to_csv(pd.DataFrame(rows, columns=list(rows[0]) if rows else None))


def write_codebook_csv(framework: Framework, kind: Kind, path: str | Path) -> Path:
    """Write one of the two CSV codebooks (``kind``) to ``path``."""
    text = taguette_csv(framework) if kind == "taguette-csv" else codebook_csv(framework)
    path = Path(path)
    write_atomic(path, "\ufeff" + text, backup=False)
    return path


__all__ = ["codebook_csv", "taguette_csv", "write_codebook_csv"]
