"""Which question each code of a coded project stands for: by the codebook's GUID, else by name.

Programs do not all keep GUIDs: qc (``qualitative-coding``) regenerates them from code names on
export, and a team may have typed the codes in by hand. So a code whose GUID is not the
codebook's still maps to a question when its name is the question's id (``pp_diversity``),
starts with ``<id>:`` (casebench's own code names, ``pp_diversity: Are a diversity ...``), or is
the question's text (white space, case and a closing ``?``/``.`` aside). A name that is the text
of two questions is ambiguous and maps to neither. Every code is reported with how it matched;
codes that match nothing come with their nearest question ids (difflib) and are never dropped
silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from casebench.models.framework import Framework
from casebench.refiqda.codebook import heading_guids, question_guids

HOW = ("guid", "id", "id-prefix", "text")
"""How a code can be matched, strongest first."""
_HOW_LABEL = {"guid": "GUID", "id": "id", "id-prefix": "id prefix", "text": "question text"}


@dataclass(frozen=True)
class CodeMatch:
    """A code used in the project, the question it stands for (None: no question) and how."""

    guid: str
    name: str
    segments: int
    """Coded segments using the code."""
    line: int | None
    """Line of its first use in project.qde."""
    question: str | None = None
    how: str = ""
    """One of HOW when matched."""
    reason: str = ""
    """Why it matched nothing (unmatched codes only)."""
    closest: tuple[str, ...] = ()
    """Question ids whose id or text is nearest to the code's name (unmatched codes only)."""

    @property
    def label(self) -> str:
        """``code 'name' (GUID)``, or the GUID alone for a code the project does not define."""
        if self.name:
            return f"code {self.name!r} ({self.guid})"
        return f"code {self.guid} (not in the project's codebook)"


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip("?.!… ").strip()


class _Names:
    """The framework's question ids and texts, looked up by a code's name."""

    def __init__(self, framework: Framework) -> None:
        self.ids = list(framework.questions)
        self.by_text: dict[str, list[str]] = {}
        for qid, info in framework.questions.items():
            self.by_text.setdefault(_normal(info.question.text), []).append(qid)

    def match(self, name: str) -> tuple[str | None, str, str]:
        """(question id, how, reason if none)."""
        plain = " ".join(name.split()).casefold()
        if plain in self.ids:
            return plain, "id", ""
        head, colon, _ = plain.partition(":")
        if colon and head.strip() in self.ids:
            return head.strip(), "id-prefix", ""
        texts = self.by_text.get(_normal(name), [])
        if len(texts) == 1:
            return texts[0], "text", ""
        if texts:
            return None, "", f"its name is the text of {len(texts)} questions ({', '.join(texts)})"
        return None, "", "its name is no question id, `ID:` prefix or question text"

    def closest(self, name: str) -> tuple[str, ...]:
        plain = " ".join(name.split()).casefold()
        head = plain.partition(":")[0].strip()
        found = difflib.get_close_matches(head, self.ids, n=3, cutoff=0.6)
        texts = difflib.get_close_matches(_normal(name), list(self.by_text), n=3, cutoff=0.6)
        found += [qid for text in texts for qid in self.by_text[text]]
        return tuple(dict.fromkeys(found))[:3]


def match_codes(
    codes: dict[str, str], uses: dict[str, tuple[int, int | None]], framework: Framework
) -> list[CodeMatch]:
    """One CodeMatch per code in ``uses`` (GUID -> (segments, first line)), in first-use order;
    ``codes`` names the project's codes by GUID."""
    questions = question_guids(framework)
    headings = heading_guids(framework)
    names = _Names(framework)
    out = []
    for guid, (segments, line) in uses.items():
        name = codes.get(guid, "")
        found = CodeMatch(guid=guid, name=name, segments=segments, line=line)
        if guid in questions:
            out.append(replace(found, question=questions[guid], how="guid"))
        elif guid in headings:
            reason = (
                f"it is the heading {headings[guid]!r}; code its segments with one of its questions"
            )
            out.append(replace(found, reason=reason))
        else:
            qid, how, reason = names.match(name)
            if qid is not None:
                out.append(replace(found, question=qid, how=how))
            else:
                closest = (
                    () if reason.startswith("its name is the text of") else names.closest(name)
                )
                out.append(replace(found, reason=reason, closest=closest))
    return out


def matched_lines(matches: Sequence[CodeMatch], framework_id: str) -> list[str]:
    """What the import says about the codes it used: one line per way of matching, naming
    each code (and, where its name is not the question id, the question it went to)."""
    used = [m for m in matches if m.question is not None]
    if not used:
        return []
    lines = [f"matched {len(used)} code(s) to questions of {framework_id}:"]
    for how in HOW:
        codes = [m for m in used if m.how == how]
        if codes:
            named = [
                str(m.question)
                if how == "guid" or m.name == m.question
                else f"{m.name!r} -> {m.question}"
                for m in codes
            ]
            lines.append(f"  by {_HOW_LABEL[how]} ({len(codes)}): {', '.join(named)}")
    return lines


def unmatched_message(match: CodeMatch, framework: Framework, *, skipped: bool) -> str:
    """The one-line message for a code that matches no question, refused or skipped."""
    closest = f" (closest: {', '.join(match.closest)})" if match.closest else ""
    head = (
        f"skipped {match.label}, {match.segments} segment(s): not a question of {framework.id}"
        if skipped
        else f"{match.label} is not a question of {framework.id} ({match.segments} segment(s))"
    )
    advice = (
        ""
        if skipped
        else "; rename it to a question id in the QDA program, or pass --skip-unknown-codes "
        "to import the other codes"
    )
    return f"{head}: {match.reason}{closest}{advice}"


__all__ = ["HOW", "CodeMatch", "match_codes", "matched_lines", "unmatched_message"]
