"""Feedback on a student's coding of a vignette, one question at a time.

Two modes. ``reveal=True`` (the course, after a section is checked): the reference judgement,
its evidence and reasoning, and why the neighbouring rating on the student's side is less
defensible. ``reveal=False`` (notebook 03's quick check): what agrees, and for what does not,
where to look again and what the question and its guidance ask, never the reference rating.
Every message is built from the framework's words: the question, its guidance, the scale's
labels and level descriptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casebench.exercises.feedback import Feedback, sentence
from casebench.exercises.passages import closest_passage, is_verbatim
from casebench.exercises.vignette import Answer, Vignette, VignetteQuestion
from casebench.exercises.vignette_file import ABSENT
from casebench.models.framework import Framework, Section


def _asks(item: VignetteQuestion) -> str:
    guidance = f" {sentence(item.question.guidance)}" if item.question.guidance else ""
    return f"The question asks “{item.question.text.strip()}”{guidance}"


def _span(item: VignetteQuestion) -> str:
    levels = item.scale.levels
    return (
        f"Rate it from {levels[0].value} ({levels[0].label}) to {levels[-1].value} "
        f"({levels[-1].label}), or mark it absent if the vignette shows no such practice."
    )


def _quotes(item: VignetteQuestion) -> str:
    return " and ".join(f"“{sentence(e.quote).rstrip('.')}”" for e in item.evidence)


def _level(item: VignetteQuestion, value: int) -> str:
    level = next(lv for lv in item.scale.levels if lv.value == value)
    described = f": “{level.description.strip()}”" if level.description else ""
    return f"The scale's level {value} – {level.label}{described}"


def _dimension(item: VignetteQuestion, framework: Framework) -> str:
    titles = {d.id: d.title for d in framework.power_dimensions}
    named = [titles.get(p, p) for p in item.question.power]
    named = [name[:1].lower() + name[1:] for name in named]
    return f" Dimension of power at work: {', '.join(named)}." if named else ""


def _evidence_note(given: Answer, quotes: Sequence[str] | None, text: str) -> str:
    """What to do about the student's own evidence for a judgement."""
    if quotes is None or given is None:
        return ""
    if not quotes:
        return (
            " Your judgement has no evidence yet: add the vignette's words it rests on, so that "
            "a reader can check it."
        )
    wrong = [q for q in quotes if not is_verbatim(q, text)]
    if wrong:
        return (
            f" Your quote “{wrong[0].strip()}” is not the vignette's words exactly; the closest "
            f"passage is “{closest_passage(wrong[0], text)}”."
        )
    return ""


def _nearest(item: VignetteQuestion, given: int) -> int | str:
    """The neighbour of the reference on the student's side (their own rating if adjacent)."""
    values = item.scale.values
    ref = values.index(int(item.reference))
    step = 1 if values.index(given) > ref else -1
    return values[ref + step]


def judgement_feedback(
    item: VignetteQuestion,
    given: Answer,
    vignette: Vignette,
    *,
    reveal: bool,
    quotes: Sequence[str] | None = None,
) -> Feedback:
    """Feedback on one judgement (a rating, ``"absent"`` or None); ``quotes`` are the student's
    evidence (None: not asked for, as in the quick check)."""
    qid = item.question.id
    values = item.scale.values
    again = "" if reveal else "again "
    note = _evidence_note(given, quotes, vignette.text)
    if given is None:
        return _make(
            qid, "not answered", "Not judged yet", item.cue, f"{_asks(item)} {_span(item)}"
        )
    if given != ABSENT and (isinstance(given, bool) or given not in values):
        return _make(
            qid,
            "look again",
            f"{given!r} is not a judgement on this question's scale",
            item.cue,
            f"Choose a level of “{item.scale.title}” or absent. {_asks(item)} {_span(item)}",
            again,
        )
    reference = item.reference
    if given == reference:
        why = item.why.strip()
        if reveal:
            why += "".join(
                f" Why not {item.words(key)}: {text.strip()}"
                for key, text in item.neighbours.items()
            )
        return _make(
            qid,
            "matches",
            f"Agrees with the reference coding on “{item.question.text.strip()}”: "
            f"{item.words(reference)}",
            _quotes(item) if reveal else item.cue,
            why + note,
        )
    if reveal:
        return _revealed(item, given, vignette.framework, note)
    return _hint(item, given, vignette.framework, note)


def _make(qid: str, verdict: str, lead: str, look_at: str, why: str, again: str = "") -> Feedback:
    message = f"{sentence(lead)} Look {again}at {sentence(look_at)} {why.strip()}".strip()
    return Feedback(qid, verdict, message, look_at=look_at, why=why.strip(), lead=sentence(lead))


def _revealed(
    item: VignetteQuestion, given: int | str, framework: Framework, note: str
) -> Feedback:
    """The reference judgement, its evidence and reasoning, and why the student's side is weaker."""
    qid = item.question.id
    reference = item.reference
    if given == ABSENT:
        lead = f"You marked it absent; the reference coding rates it {item.words(reference)}"
        reason = item.neighbours.get(
            ABSENT,
            "Absent is for a practice the vignette does not show at all, and this one it shows: "
            "rate how far it enabled shared power.",
        )
        why = f"{item.why.strip()} Why absent is less defensible: {reason.strip()}"
        return _make(
            qid, "look again", lead, _quotes(item), why + _dimension(item, framework) + note
        )
    if reference == ABSENT:
        lead = (
            f"You rated it {item.words(given)}; the reference coding records it as "
            f"{item.words(ABSENT)}"
        )
        rated = [k for k in item.neighbours if k != ABSENT]
        key = (
            given
            if given in item.neighbours
            else min(rated, key=lambda k: abs(int(k) - int(given)))
        )
        why = (
            f"{item.why.strip()} Why {item.words(key)} is less defensible: "
            f"{item.neighbours[key].strip()} {_level(item, item.scale.values[0])}"
        )
        return _make(
            qid, "look again", lead, _quotes(item), why + _dimension(item, framework) + note
        )
    values = item.scale.values
    gap = values.index(int(given)) - values.index(int(reference))
    direction = "higher" if gap > 0 else "lower"
    points = "one point" if abs(gap) == 1 else f"{abs(gap)} points"
    lead = (
        f"You rated it {item.words(given)}, {points} {direction} than the reference coding's "
        f"{item.words(reference)}"
    )
    nearest = _nearest(item, int(given))
    why = (
        f"{item.why.strip()} Why {item.words(nearest)} is less defensible: "
        f"{item.neighbours[nearest].strip()} {_level(item, int(reference))}"
    )
    if abs(gap) > 1:
        why += f" {_asks(item)}{_dimension(item, framework)}"
    return _make(qid, "close" if abs(gap) == 1 else "look again", lead, _quotes(item), why + note)


def _hint(item: VignetteQuestion, given: int | str, framework: Framework, note: str) -> Feedback:
    """What to look at again, without the reference judgement."""
    qid = item.question.id
    reference = item.reference
    if given == ABSENT:
        lead = "The vignette does show this practice"
        why = (
            "Rate how far it enabled shared power: absent is for a practice the case does not "
            f"show at all. {_asks(item)}"
        )
        return _make(qid, "look again", lead, item.cue, why + note, "again ")
    if reference == ABSENT:
        lead = "The vignette shows no such practice: record it as absent"
        why = (
            "Absent is a judgement but not a rating; a low rating would read absence as "
            f"domination. {_level(item, item.scale.values[0])}"
        )
        return _make(qid, "look again", lead, item.cue, why + note, "again ")
    values = item.scale.values
    gap = values.index(int(given)) - values.index(int(reference))
    direction = "higher" if gap > 0 else "lower"
    if abs(gap) == 1:
        lead = f"One point {direction} than the reference coding"
        why = f"{_asks(item)} {_level(item, int(given))}: does the vignette show that?"
        return _make(qid, "close", lead, item.cue, why + note, "again ")
    lead = f"{abs(gap)} points {direction} than the reference coding"
    return _make(
        qid,
        "look again",
        lead,
        item.cue,
        _asks(item) + _dimension(item, framework) + note,
        "again ",
    )


@dataclass(frozen=True)
class SectionFeedback:
    """Feedback on the questions of one framework section of a vignette."""

    section: Section
    items: tuple[Feedback, ...]

    @property
    def answered(self) -> int:
        return sum(f.verdict != "not answered" for f in self.items)

    def summary(self) -> str:
        """Plain text: the section, then a line per question."""
        head = f"{self.section.title}: {self.answered} of {len(self.items)} questions judged."
        return "\n".join(
            [head, *(f"{f.question_id}: {f.verdict}. {f.message}" for f in self.items)]
        )


def section_feedback(
    vignette: Vignette,
    section_id: str,
    answers: Mapping[str, Answer],
    quotes: Mapping[str, Sequence[str]] | None = None,
) -> SectionFeedback:
    """The course's feedback on one section: every question of the vignette in it, the
    reference revealed for those the student judged."""
    for section, items in vignette.sections():
        if section.id == section_id:
            return SectionFeedback(
                section,
                tuple(
                    judgement_feedback(
                        item,
                        answers.get(item.question.id),
                        vignette,
                        reveal=True,
                        quotes=None if quotes is None else quotes.get(item.question.id, []),
                    )
                    for item in items
                ),
            )
    known = ", ".join(s.id for s, _ in vignette.sections())
    raise KeyError(f"the vignette codes no question of section {section_id!r} (it codes {known})")
