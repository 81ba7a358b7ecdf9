"""CaseEditor: a form generated from the framework for entering and editing one case.

The editor keeps the case as plain data, so an invalid case can still be kept as a draft;
validation is the same function ``casebench validate`` runs, and saving goes through
``casebench.caseio.save_checked`` (atomic, with a backup, refusing to overwrite a file that
changed on disk since it was opened).
"""

from __future__ import annotations

import copy
import html
from pathlib import Path
from typing import Any

import ipywidgets as w

from casebench import yamlio
from casebench.caseio import SaveConflict, case_to_data, fingerprint, new_case, save_checked
from casebench.errors import InputError, Problem
from casebench.models.case import LEGACY_MINIMUM
from casebench.models.framework import Framework
from casebench.reference import framework_reference, questions_of, section_labels
from casebench.reference.html import question_guidance_html
from casebench.registry import FrameworkSet, load_framework
from casebench.validation import CheckedCase, check_document
from casebench.widgets.case_form import check_editable, list_specs
from casebench.widgets.details import DetailsForm
from casebench.widgets.navigation import SectionNav, section_progress
from casebench.widgets.questions import QuestionRow
from casebench.widgets.records import RecordList

_LISTS = (
    ("power", "Power", "observation"),
    ("outcomes", "Outcomes", "outcome"),
    ("cmo", "Context-mechanism-outcome configurations", "configuration"),
)
"""The case's lists after the sections: key, title, and what one item is called."""


def _plain(assessment: dict[str, Any]) -> dict[str, Any]:
    """An assessment without what its absence already says (status assessed, empty memo or
    evidence): two forms of one judgement compare equal."""
    out = {k: v for k, v in assessment.items() if v not in ("", [], None)}
    if out.get("status") == "assessed":
        del out["status"]
    return out


class CaseEditor:
    """An ipywidgets form for one case file; display it, or drive it from code in tests."""

    def __init__(
        self,
        data: dict[str, Any],
        path: str | Path,
        *,
        framework: Framework | None = None,
        frameworks: FrameworkSet | None = None,
    ) -> None:
        self.path = Path(path)
        self.data = copy.deepcopy(data)
        self.data.setdefault("assessments", {})
        self._frameworks = frameworks or FrameworkSet([framework] if framework else None)
        self.framework = framework or self._framework_of(self.data)
        self._fingerprint = fingerprint(self.path)
        self._saved = copy.deepcopy(self.data) if self._fingerprint is not None else None
        self._opened = copy.deepcopy(self.data)
        self.rows: dict[str, QuestionRow] = {}
        self.lists: dict[str, RecordList] = {}
        self.checked: CheckedCase | None = None
        self._build()
        self._refresh()

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: str | Path, framework: Framework | str | None = None) -> CaseEditor:
        """Edit an existing case file (a draft with errors opens too)."""
        document = yamlio.read(path)
        if not isinstance(document.data, dict):
            raise InputError.single(str(path), "a case file must be a mapping of fields", line=1)
        check_editable(document, str(path))
        fw = load_framework(framework) if isinstance(framework, str) else framework
        return cls(document.data, path, framework=fw)

    @classmethod
    def new(
        cls,
        case_id: str,
        title: str,
        folder: str | Path = ".",
        *,
        framework: Framework | str = "farr2017",
        coder: str = "",
    ) -> CaseEditor:
        """A blank case that will be saved as ``folder/case_id.yaml`` (nothing is written yet)."""
        fw = load_framework(framework) if isinstance(framework, str) else framework
        path = Path(folder) / f"{case_id}.yaml"
        if path.exists():
            raise InputError.single(str(path), "file exists; open it with CaseEditor.open instead")
        return cls(case_to_data(new_case(case_id, title, fw, coder=coder)), path, framework=fw)

    def _framework_of(self, data: dict[str, Any]) -> Framework:
        ref = data.get("framework") if isinstance(data.get("framework"), dict) else {}
        found = self._frameworks.get(str(ref.get("id")), str(ref.get("version")))
        if found is None:
            raise InputError.single(
                str(self.path),
                f"framework {ref.get('id')!r} version {ref.get('version')!r} is not known; "
                "open it with CaseEditor.open(path, framework=...) naming the framework file",
                field="framework",
            )
        return found

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.title = w.HTML()
        self.progress = w.IntProgress(
            min=0, max=len(self.framework.questions), description="Assessed"
        )
        self.progress_label = w.Label()
        self.save_button = w.Button(description="Save", icon="save", button_style="primary")
        self.save_button.on_click(lambda _: self.save())
        self.save_as_path = w.Text(
            placeholder="new file path, e.g. my_cases/copy.yaml", layout=w.Layout(width="340px")
        )
        self.save_as_button = w.Button(description="Save as", icon="copy")
        self.save_as_button.on_click(lambda _: self.save_as(self.save_as_path.value))
        self.status = w.HTML()
        self.problems_box = w.HTML()
        reference = framework_reference(self.framework)
        self._labels = section_labels(self.framework)
        self._guidance = {
            q["id"]: question_guidance_html(q, reference["scales"].get(q["scale"] or ""))
            for q in questions_of(reference)
        }
        builders = [self._details_part]
        builders += [self._section_builder(s.id) for s in self.framework.sections]
        builders += [
            self._list_builder("power", "Add observation"),
            self._list_builder("outcomes", "Add outcome"),
            self._list_builder("cmo", "Add configuration"),
        ]
        self.nav = SectionNav(self._titles(), builders, self._after_build)
        self.nav.open(0)
        self.widget = w.VBox(
            [
                self.title,
                w.HBox([self.progress, self.progress_label]),
                w.HBox([self.save_button, self.save_as_path, self.save_as_button]),
                self.status,
                self.problems_box,
                self.nav.accordion,
            ]
        )

    def _titles(self) -> list[str]:
        """The parts' titles: each section's full title (told apart by its part of the
        framework when two share one) with how many of its questions are judged."""
        progress = section_progress(self.framework, self.data.get("assessments"))
        titles = ["Case details and data sources"]
        for section in self.framework.sections:
            done, total = progress[section.id]
            titles.append(f"{self._labels[section.id]} · {done} of {total} assessed")
        for key, label, noun in _LISTS:
            items = self.data.get(key)
            count = len(items) if isinstance(items, list) else 0
            titles.append(f"{label} · {count} {noun}{'' if count == 1 else 's'}")
        return titles

    def _after_build(self) -> None:
        if self.checked is not None:
            self._show_problems(self.checked.problems)

    def build_all(self) -> None:
        """Build every part now (tests and scripts use this to reach every control)."""
        self.nav.build_all()

    def _details_part(self) -> list[w.Widget]:
        form = DetailsForm(
            self.data,
            self.framework,
            set_field=self._set,
            set_number=self._set_number,
            set_qualifier=self._set_raised_qualifier,
            sources_changed=lambda: self._set_list("sources"),
        )
        self.lists["sources"] = form.sources
        return form.widgets

    def _section_builder(self, section_id: str):
        def build() -> list[w.Widget]:
            section = next(s for s in self.framework.sections if s.id == section_id)
            parts: list[w.Widget] = []
            current = None
            for subsection, question in section.iter_questions():
                if subsection is not None and subsection is not current:
                    by = f" <small>(title by {html.escape(subsection.title_by)})</small>"
                    by = by if subsection.title_by else ""
                    parts.append(w.HTML(f"<h4>{html.escape(subsection.title)}{by}</h4>"))
                    current = subsection
                assessment = self.data["assessments"].get(question.id, {"status": "not_assessed"})
                row = QuestionRow(
                    question,
                    self.framework,
                    assessment,
                    self._set_assessment,
                    guidance=self._guidance[question.id],
                    revert=self.revert,
                )
                row.revert_button.disabled = self._same_as_saved(question.id)
                self.rows[question.id] = row
                parts.append(row.box)
            return parts

        return build

    def _list_builder(self, key: str, add_label: str):
        def build() -> list[w.Widget]:
            self.lists[key] = RecordList(
                list_specs(self.framework)[key],
                list(self.data.get(key, [])),
                lambda: self._set_list(key),
                add_label=add_label,
            )
            return [self.lists[key].box]

        return build

    # ------------------------------------------------------------------ changes
    def _set(self, key: str, value: Any) -> None:
        if value in ("", None):
            self.data.pop(key, None)
        else:
            self.data[key] = value
        self._refresh()

    def _set_nested(self, path: tuple[str, str], value: Any) -> None:
        parent = self.data.setdefault(path[0], {})
        if value in ("", None):
            parent.pop(path[1], None)
        else:
            parent[path[1]] = value
        if not parent:
            self.data.pop(path[0])
        self._refresh()

    def _set_raised_qualifier(self, value: str) -> None:
        """The source's word for issues raised; replaces an older file's boolean."""
        self.data.get("issues", {}).pop(LEGACY_MINIMUM, None)
        self._set_nested(("issues", "raised_qualifier"), None if value == "exactly" else value)

    def _set_number(self, path: tuple[str, str], text: str) -> None:
        text = text.strip()
        try:
            value: Any = int(text) if text.lstrip("-").isdigit() else float(text) if text else None
        except ValueError:
            value = text  # kept as typed; validation explains
        self._set_nested(path, value)

    def _set_list(self, key: str) -> None:
        items = self.lists[key].value()
        if items:
            self.data[key] = items
        else:
            self.data.pop(key, None)
        self._refresh()

    def _set_assessment(self, question_id: str, assessment: dict[str, Any]) -> None:
        self.data["assessments"][question_id] = assessment
        self.rows[question_id].revert_button.disabled = self._same_as_saved(question_id)
        self._refresh()

    def _saved_assessment(self, question_id: str) -> dict[str, Any] | None:
        """The question's assessment in the saved file (or, for a case not saved yet, as the
        editor opened it); None when it was not listed."""
        base = self._saved if self._saved is not None else self._opened
        found = (base.get("assessments") or {}).get(question_id)
        return found if isinstance(found, dict) else None

    def _same_as_saved(self, question_id: str) -> bool:
        saved = self._saved_assessment(question_id) or {"status": "not_assessed"}
        current = self.data["assessments"].get(question_id) or {"status": "not_assessed"}
        return _plain(current) == _plain(saved)

    def revert(self, question_id: str) -> None:
        """Put the question back as it is in the saved file (the "Revert" button)."""
        saved = self._saved_assessment(question_id)
        if saved is None:
            self.data["assessments"].pop(question_id, None)
        else:
            self.data["assessments"][question_id] = copy.deepcopy(saved)
        row = self.rows.get(question_id)
        if row is not None:
            row.load(saved or {"status": "not_assessed"})
            row.revert_button.disabled = True
        self._refresh()

    # ------------------------------------------------------------------ state
    @property
    def dirty(self) -> bool:
        """True while there are changes not yet saved."""
        return self.data != self._saved

    def validate(self) -> CheckedCase:
        """Check the case as it stands, exactly as ``casebench validate`` would."""
        return check_document(yamlio.Document(self.data), self.path, self._frameworks)

    def _refresh(self) -> None:
        self.checked = self.validate()
        assessments = self.data.get("assessments", {})
        done = sum(
            1
            for qid in self.framework.questions
            if isinstance(assessments.get(qid), dict)
            and assessments[qid].get("status", "assessed") in ("assessed", "absent")
        )
        total = len(self.framework.questions)
        self.progress.value = done
        self.progress_label.value = f"{done} of {total} questions assessed ({done / total:.0%})"
        self.nav.set_titles(self._titles())
        mark = " <span style='color:#b00020'>● unsaved changes</span>" if self.dirty else ""
        draft = " <span style='color:#8a6d00'>(draft)</span>" if self.data.get("draft") else ""
        self.title.value = (
            f"<h3 style='margin:0'>{html.escape(str(self.data.get('title', '')))}{draft}{mark}</h3>"
            f"<code>{html.escape(str(self.path))}</code>"
        )
        self._show_problems(self.checked.problems)

    def _show_problems(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.severity == "error"]
        for qid, row in self.rows.items():
            prefix = f"assessments.{qid}"
            row.show_problems(
                [p for p in problems if p.field == prefix or p.field.startswith(prefix + ".")]
            )
        if errors:
            items = "".join(
                f"<li>{html.escape(p.field)}: {html.escape(p.message)}</li>" for p in errors[:10]
            )
            more = f"<li>… and {len(errors) - 10} more</li>" if len(errors) > 10 else ""
            self.problems_box.value = (
                f"<div style='color:#b00020'>{len(errors)} problem(s); "
                f"saving keeps a draft:<ul>{items}{more}</ul></div>"
            )
        else:
            self.problems_box.value = "<div style='color:#1b7a3a'>Valid.</div>"

    @property
    def problems(self) -> list[Problem]:
        return list(self.checked.problems) if self.checked else []

    # ------------------------------------------------------------------ saving
    def save(self) -> bool:
        """Save to the file; an invalid case is saved as a draft. False if refused."""
        return self._write(self.path)

    def save_as(self, path: str | Path) -> bool:
        """Save to a new file (refuses an existing one) and keep editing that file."""
        target = Path(str(path).strip()) if str(path).strip() else None
        if target is None:
            self.status.value = "<span style='color:#b00020'>Give a file path to save as.</span>"
            return False
        if target.exists():
            self.status.value = (
                f"<span style='color:#b00020'>{html.escape(str(target))} exists; "
                "choose a new name.</span>"
            )
            return False
        self.path, self._fingerprint = target, None
        return self._write(target)

    def _write(self, path: Path) -> bool:
        checked = self.validate()
        valid = checked.ok and checked.case is not None
        content: Any = (
            checked.case.model_copy(update={"draft": False}) if valid else dict(self.data)
        )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_checked(content, path, self._fingerprint)
        except SaveConflict as exc:
            self.status.value = (
                f"<span style='color:#b00020'>Not saved: {html.escape(str(exc))}. "
                "Type a new path and press Save as.</span>"
            )
            return False
        except (OSError, InputError) as exc:
            self.status.value = (
                f"<span style='color:#b00020'>Not saved: {html.escape(str(exc))}</span>"
            )
            return False
        if valid:
            self.data.pop("draft", None)
        else:
            self.data["draft"] = True
        self._fingerprint = fingerprint(path)
        self._saved = copy.deepcopy(self.data)
        for row in self.rows.values():  # every question is now as saved
            row.revert_button.disabled = True
        kind = "saved" if valid else "saved as a draft (it has problems to fix)"
        self.status.value = f"<span style='color:#1b7a3a'>{html.escape(str(path))} {kind}.</span>"
        self._refresh()
        return True

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
