"""ConsensusEditor: decide the disagreements of a merged case, one by one, with a reason.

Each disagreement is shown with every coder's position side by side (judgement, memo,
evidence); the team takes one or writes its own, says why, and presses Decide. Decisions go
through ``casebench.consensus.resolve`` (so each lands in the case's decision log), and Save
writes through ``casebench.caseio.save_checked`` as the case editor does: atomically, with a
backup, refusing to overwrite a file that changed on disk since it was opened.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from casebench import yamlio
from casebench.caseio import SaveConflict, fingerprint, save_checked
from casebench.consensus.driver import case_of
from casebench.consensus.resolve import ResolveError, open_disagreements, resolve
from casebench.errors import InputError
from casebench.models.case import Case
from casebench.models.framework import Framework
from casebench.registry import FrameworkSet, load_framework
from casebench.validation import check_case
from casebench.widgets.disagreement import WRITE, DisagreementCard

_UNSET: Any = object()
ERROR = "color:#b00020"
DONE = "color:#1b7a3a"


class ConsensusEditor:
    """The disagreements of one case file; display it, or drive it from code."""

    def __init__(self, case: Case, path: str | Path, framework: Framework | None = None) -> None:
        self.case = case
        self.path = Path(path)
        self.framework = framework or _framework_of(case, self.path)
        self._fingerprint = fingerprint(self.path)
        self._saved = case if self._fingerprint is not None else None
        self.decided_by = w.Text(
            description="Decided by",
            placeholder="who decides, e.g. AB and CD",
            style={"description_width": "90px"},
            layout=w.Layout(width="420px"),
        )
        self.title = w.HTML()
        self.status = w.HTML()
        self.save_button = w.Button(description="Save", icon="save", button_style="primary")
        self.save_button.on_click(lambda _: self.save())
        self.cards = {
            item.about: DisagreementCard(item, self.framework, self._decide_card)
            for item in open_disagreements(case)
        }
        self.cards_box = w.VBox([card.box for card in self.cards.values()])
        self.widget = w.VBox(
            [
                self.title,
                w.HBox([self.decided_by, self.save_button]),
                self.status,
                self.cards_box,
            ]
        )
        self._refresh()

    @classmethod
    def open(cls, path: str | Path, framework: Framework | str | None = None) -> ConsensusEditor:
        """Open a merged case file (a draft with disagreements opens; its shape must be sound)."""
        case = case_of(yamlio.read(path), str(path))
        fw = load_framework(framework) if isinstance(framework, str) else framework
        return cls(case, path, fw)

    # ------------------------------------------------------------------ deciding
    def decide(
        self, about: str, *, choose: str | None = None, write: Any = _UNSET, reason: str
    ) -> bool:
        """Decide one disagreement as the page does: ``choose`` a coder, or ``write`` the
        team's own judgement (None leaves an item out); the name in "Decided by" is recorded.
        False, with the reason shown on the card, if the decision is refused."""
        card = self.cards[about]
        card.reason.value = reason
        card.choice.value = choose if write is _UNSET else WRITE
        return self._resolve(card, {"choose": choose} if write is _UNSET else {"write": write})

    def _decide_card(self, card: DisagreementCard) -> bool:
        """The card's Decide button."""
        if card.choice.value is None:
            card.message.value = f"<span style='{ERROR}'>Choose a position first.</span>"
            return False
        try:
            decision = card.decision()
        except ValueError as exc:
            card.message.value = f"<span style='{ERROR}'>{html.escape(str(exc))}</span>"
            return False
        return self._resolve(card, decision)

    def _resolve(self, card: DisagreementCard, decision: dict[str, Any]) -> bool:
        try:
            self.case = resolve(
                self.case,
                card.item.about,
                **decision,
                reason=card.reason.value,
                by=self.decided_by.value,
            )
        except ResolveError as exc:
            card.message.value = f"<span style='{ERROR}'>{html.escape(str(exc))}</span>"
            return False
        outcome = decision.get("choose") or "the team's own judgement"
        card.message.value = (
            f"<span style='{DONE}'>Decided: {html.escape(outcome)}. Save to keep it.</span>"
        )
        for control in (card.choice, card.reason, card.decide_button):
            control.disabled = True
        self._refresh()
        return True

    # ------------------------------------------------------------------ state
    @property
    def dirty(self) -> bool:
        return self.case != self._saved

    @property
    def open_count(self) -> int:
        return self.case.undecided

    def _refresh(self) -> None:
        decided = len(self.case.decisions)
        mark = " <span style='color:#b00020'>● unsaved decisions</span>" if self.dirty else ""
        self.title.value = (
            f"<h3 style='margin:0'>Consensus: {html.escape(self.case.title)}{mark}</h3>"
            f"<code>{html.escape(str(self.path))}</code> — "
            f"{self.open_count} disagreement(s) open, {decided} decision(s) in the log"
        )

    def save(self) -> bool:
        """Save the case with its decisions; False (and a message) if refused."""
        try:
            save_checked(self.case, self.path, self._fingerprint)
        except SaveConflict as exc:
            self.status.value = f"<span style='{ERROR}'>Not saved: {html.escape(str(exc))}</span>"
            return False
        except OSError as exc:
            self.status.value = f"<span style='{ERROR}'>Not saved: {html.escape(str(exc))}</span>"
            return False
        self._fingerprint = fingerprint(self.path)
        self._saved = self.case
        errors = [f for f in check_case(self.case, self.framework) if f[2] == "error"]
        if self.open_count:
            left = f"{self.open_count} disagreement(s) still open (the file stays a draft)"
        elif errors:
            left = f"all decided; {len(errors)} other problem(s): run casebench validate"
        else:
            left = "all decided: the case is valid"
        self.status.value = (
            f"<span style='{DONE}'>{html.escape(str(self.path))} saved; {html.escape(left)}.</span>"
        )
        self._refresh()
        return True

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _framework_of(case: Case, path: Path) -> Framework:
    found = FrameworkSet().get(case.framework.id, case.framework.version)
    if found is None:
        raise InputError.single(
            str(path),
            f"framework {case.framework.id!r} version {case.framework.version!r} is not "
            "known; open it with ConsensusEditor.open(path, framework=...) naming its file",
            field="framework",
        )
    return found
