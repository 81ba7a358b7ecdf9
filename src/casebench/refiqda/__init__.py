"""REFI-QDA exchange: Farr's questions as a codebook for NVivo, ATLAS.ti and MAXQDA, and
coded projects back as evidence (REFI-QDA standard 1.5, https://www.qdasoftware.org).

- ``codebook_xml`` / ``write_codebook``: the framework as a ``.qdc`` codebook;
- ``read_project``: the coded text segments of a ``.qdpx`` project;
- ``import_project``: those segments as evidence on a case's questions, for the analyst to rate
  (codes matched by GUID, else by name: ``match_codes``);
- ``write_project``: cases' evidence as a coded ``.qdpx`` project, which imports back as it was.
"""

from __future__ import annotations

from casebench.refiqda.codebook import (
    code_guid,
    codebook_tree,
    codebook_xml,
    heading_guids,
    question_guids,
    write_codebook,
)
from casebench.refiqda.importer import (
    ImportResult,
    add_evidence,
    evidence_by_question,
    import_project,
    summary,
)
from casebench.refiqda.matching import CodeMatch, match_codes, matched_lines
from casebench.refiqda.project import CodedSegment, Project, read_project
from casebench.refiqda.writer import project_archive, write_project

__all__ = [
    "CodeMatch",
    "CodedSegment",
    "ImportResult",
    "Project",
    "add_evidence",
    "code_guid",
    "codebook_tree",
    "codebook_xml",
    "evidence_by_question",
    "heading_guids",
    "import_project",
    "match_codes",
    "matched_lines",
    "project_archive",
    "question_guids",
    "read_project",
    "summary",
    "write_codebook",
    "write_project",
]
