"""CaseEditor: a form generated from the framework for entering and editing one case.

The editor keeps the case as plain data, so an invalid case can still be kept as a draft;
validation is the same function ``casebench validate`` runs, and saving goes through
``casebench.caseio.save_checked`` (atomic, with a backup, refusing to overwrite a file that
changed on disk since it was opened).
"""

from __future__ import annotations

import contextlib
import copy
import gc
import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as w

from casebench import yamlio
from casebench.caseio import SaveConflict, case_to_data, fingerprint, new_case, save_checked
from casebench.errors import InputError, Problem
from casebench.models.case import LEGACY_MINIMUM
from casebench.models.framework import Framework
from casebench.registry import FrameworkSet, load_framework
from casebench.validation import CheckedCase, check_document
from casebench.widgets.case_form import (
    PRACTICES,
    RAISED_QUALIFIERS,
    TEXT_FIELDS,
    check_editable,
    list_specs,
)
from casebench.widgets.questions import QuestionRow
from casebench.widgets.records import RecordList


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a burst of allocation, then restore it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        tabs = [("Case", self._details_tab)]
        tabs += [(s.title, self._section_builder(s.id)) for s in self.framework.sections]
        tabs += [
            ("Power", self._list_builder("power", "Add observation")),
            ("Outcomes", self._list_builder("outcomes", "Add outcome")),
            ("CMO", self._list_builder("cmo", "Add configuration")),
        ]
        self._tab_builders = [builder for _, builder in tabs]
        self._built = [False] * len(tabs)
        self.tabs = w.Tab(children=[w.VBox() for _ in tabs])
        for index, (name, _) in enumerate(tabs):
            self.tabs.set_title(index, name if len(name) < 28 else name[:26] + "…")
        self.tabs.observe(lambda change: self._ensure_tab(change["new"]), names="selected_index")
        self._ensure_tab(0)
        self.widget = w.VBox(
            [
                self.title,
                w.HBox([self.progress, self.progress_label]),
                w.HBox([self.save_button, self.save_as_path, self.save_as_button]),
                self.status,
                self.problems_box,
                self.tabs,
            ]
        )

    def _ensure_tab(self, index: int | None) -> None:
        """Tabs are built the first time they are shown, so the editor opens quickly."""
        if index is None or self._built[index]:
            return
        self._built[index] = True
        with _gc_paused():  # hundreds of new widgets: a full collection midway doubles the time
            self.tabs.children[index].children = self._tab_builders[index]()
        if self.checked is not None:
            self._show_problems(self.checked.problems)

    def build_all(self) -> None:
        """Build every tab now (tests and scripts use this to reach every control)."""
        for index in range(len(self._built)):
            self._ensure_tab(index)

    def _details_tab(self) -> list[w.Widget]:
        controls: list[w.Widget] = []
        style = {"description_width": "110px"}
        for key, label in TEXT_FIELDS:
            text = w.Text(
                value=str(self.data.get(key, "")),
                description=label,
                style=style,
                layout=w.Layout(width="95%"),
            )
            text.observe(lambda change, key=key: self._set(key, change["new"]), names="value")
            controls.append(text)
        summary = w.Textarea(
            value=str(self.data.get("summary", "")),
            description="Summary",
            style=style,
            layout=w.Layout(width="95%", height="80px"),
        )
        summary.observe(lambda change: self._set("summary", change["new"]), names="value")
        controls.append(summary)
        practice = w.Dropdown(options=PRACTICES, description="Practice", style=style)
        if self.data.get("practice") in [v for _, v in PRACTICES]:
            practice.value = self.data.get("practice")
        practice.observe(lambda change: self._set("practice", change["new"]), names="value")
        interests = w.Textarea(
            value=str(self.data.get("interests", "")),
            description="Interests",
            placeholder="whose interests the process served, as you read it",
            style=style,
            layout=w.Layout(width="95%", height="60px"),
        )
        interests.observe(lambda change: self._set("interests", change["new"]), names="value")
        controls += [practice, interests]
        months = self._number_field(("period", "months"), "Months followed")
        raised = self._number_field(("issues", "raised"), "Issues raised")
        issues = self.data.get("issues") or {}
        qualifier = w.Dropdown(options=RAISED_QUALIFIERS, description="Raised is", style=style)
        word = issues.get("raised_qualifier") or (
            "at_least" if issues.get(LEGACY_MINIMUM) is True else "exactly"
        )
        if word in [v for _, v in RAISED_QUALIFIERS]:  # anything else: validation explains
            qualifier.value = word
        qualifier.observe(self._set_raised_qualifier, names="value")
        acted = self._number_field(("issues", "acted_on"), "Acted on")
        self.lists["sources"] = RecordList(
            list_specs(self.framework)["sources"],
            list(self.data.get("sources", [])),
            lambda: self._set_list("sources"),
            add_label="Add data source",
        )
        return [
            *controls,
            months,
            w.HBox([raised, qualifier]),
            acted,
            w.HTML("<b>Data sources</b>"),
            self.lists["sources"].box,
        ]

    def _number_field(self, path: tuple[str, str], label: str) -> w.Text:
        """A text box for a number inside a nested field (``period.months`` ...)."""
        value = (self.data.get(path[0]) or {}).get(path[1])
        box = w.Text(
            value="" if value is None else str(value),
            description=label,
            style={"description_width": "110px"},
        )
        box.observe(lambda change: self._set_number(path, change["new"]), names="value")
        return box

    def _section_builder(self, section_id: str):
        def build() -> list[w.Widget]:
            section = next(s for s in self.framework.sections if s.id == section_id)
            parts: list[w.Widget] = []
            current = None
            for subsection, question in section.iter_questions():
                if subsection is not None and subsection is not current:
                    parts.append(w.HTML(f"<h4>{html.escape(subsection.title)}</h4>"))
                    current = subsection
                assessment = self.data["assessments"].get(question.id, {"status": "not_assessed"})
                row = QuestionRow(question, self.framework, assessment, self._set_assessment)
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

    def _set_raised_qualifier(self, change: dict[str, Any]) -> None:
        """The source's word for issues raised; replaces an older file's boolean."""
        self.data.get("issues", {}).pop(LEGACY_MINIMUM, None)
        value = change["new"]
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
        kind = "saved" if valid else "saved as a draft (it has problems to fix)"
        self.status.value = f"<span style='color:#1b7a3a'>{html.escape(str(path))} {kind}.</span>"
        self._refresh()
        return True

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
