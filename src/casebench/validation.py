"""Validation of case files: shape (pydantic), then fit to the framework the case names.

Every problem names the file, the field path and, where the YAML gives one, the line and
column. ``validate_paths`` is what ``casebench validate`` runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from casebench import yamlio
from casebench.errors import InputError, Problem, dotted
from casebench.models.answers import expected_answer, number_range
from casebench.models.case import (
    BUILT_IN_ATTRIBUTES,
    LEGACY_MINIMUM,
    Assessment,
    Case,
    CmoConfiguration,
    Position,
)
from casebench.models.framework import Framework, Question
from casebench.pydantic_problems import problems_from_validation_error
from casebench.registry import (
    FrameworkSet,
    bundled_framework_ids,
    is_framework_file,
    read_framework,
)
from casebench.theoryio import is_theory_file, read_theory
from casebench.wording import Place, must_be, not_allowed

if TYPE_CHECKING:
    from casebench.casecache import CaseCache

CASE_SUFFIXES = (".yaml", ".yml")

Finding = tuple[tuple[str | int, ...], str, str]
"""(field path, message, severity) before it is placed in a file."""


def _check_answer(
    question: Question, framework: Framework, a: Assessment | Position, place: Place
) -> Iterator[tuple[str, str]]:
    """(sub-field, message) for an assessed answer that does not fit its question."""
    kind = question.kind
    wanted = expected_answer(question, framework)
    if kind == "scale":
        scale = framework.scale_for(question)
        if a.answer is not None:
            yield "answer", f"is a scale question: give {wanted}, not an answer"
        elif a.rating is None:
            yield "rating", f"is missing: give {wanted} or set status: not_assessed"
        elif a.rating not in scale.values:
            yield "rating", not_allowed(a.rating, f"on the {scale.title!r} scale", scale.values)
        return
    if a.rating is not None:
        yield "rating", f"is a {kind} question: give {wanted}, not a rating"
        return
    if a.answer is None:
        yield "answer", f"is missing: give {wanted} or set status: not_assessed"
        return
    answer = a.answer
    if kind == "choice":
        chosen = answer if isinstance(answer, list) else [answer]
        if isinstance(answer, list) and not question.multiple:
            yield "answer", f"takes one option ({', '.join(question.option_ids)}), not a list"
            return
        for option in chosen:
            if option not in question.option_ids:
                noun = f"an option of {question.id}"
                yield "answer", not_allowed(option, noun, question.option_ids)
        if isinstance(answer, list) and not answer:
            yield "answer", f"choose at least one option ({', '.join(question.option_ids)})"
    elif kind == "number":
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            yield "answer", must_be("the answer", number_range(question), answer, place)
        elif question.minimum is not None and answer < question.minimum:
            yield "answer", f"{answer} is below the minimum {question.minimum:g}"
        elif question.maximum is not None and answer > question.maximum:
            yield "answer", f"{answer} is above the maximum {question.maximum:g}"
    elif kind == "text" and (not isinstance(answer, str) or not answer.strip()):
        yield "answer", must_be("the answer", "some text", answer, place)


def question_listing(framework: Framework) -> str:
    """How a message names a framework's question ids, too many to list in one line."""
    command = (
        f"casebench framework {framework.id}"
        if framework.id in bundled_framework_ids()
        else "casebench framework FILE"
    )
    return f"{len(framework.questions)} questions; `{command}` lists them"


def unknown_question(ref: str, framework: Framework) -> str:
    """The message for a question id the framework does not have."""
    return not_allowed(
        ref,
        f"a question of {framework.id}",
        list(framework.questions),
        listing=question_listing(framework),
    )


def check_case(case: Case, framework: Framework, *, place: Place = "value") -> list[Finding]:
    """Problems with a well-formed case that only the framework can see (``place``: "cell"
    when the case was read from a workbook)."""
    findings: list[Finding] = []
    questions = framework.questions
    for qid, a in case.assessments.items():
        where = ("assessments", qid)
        info = questions.get(qid)
        if info is None:
            findings.append((where, unknown_question(qid, framework), "error"))
            continue
        if a.disputed:
            findings.extend(_disputed(where, a, info.question, framework, place))
        if a.assessed:
            for sub, message in _check_answer(info.question, framework, a, place):
                findings.append(((*where, sub), message, "error"))
        if a.judged and not a.evidenced:
            done = "assessed" if a.assessed else "marked absent"
            findings.append(
                (
                    where,
                    f"{done} with neither evidence nor a memo to back it: an unevidenced "
                    "judgement a reader cannot check",
                    "warning",
                )
            )
    missing = [qid for qid in questions if qid not in case.assessments]
    not_assessed = [
        qid
        for qid, a in case.assessments.items()
        if a.status == "not_assessed" and qid in questions and not a.memo.strip()
    ]
    if missing:
        findings.append(
            (
                ("assessments",),
                f"{len(missing)} question(s) of {framework.id} are not listed "
                "(treated as not assessed): "
                + ", ".join(missing[:5])
                + (", ..." if len(missing) > 5 else ""),
                "warning",
            )
        )
    if not_assessed:
        findings.append(
            (
                ("assessments",),
                f"{len(not_assessed)} of {len(questions)} questions are marked not_assessed "
                "with no memo saying why",
                "warning",
            )
        )
    dimensions = framework.power_dimension_ids
    for i, obs in enumerate(case.power):
        if obs.dimension not in dimensions:
            noun = f"a power dimension of {framework.id}"
            findings.append(
                (("power", i, "dimension"), not_allowed(obs.dimension, noun, dimensions), "error")
            )
        findings.extend(_question_refs(("power", i), obs.questions, framework))
        findings.extend(_provenance(("power", i), obs.provenance, obs.derived_from))
    levels = framework.level_ids
    for i, outcome in enumerate(case.outcomes):
        if outcome.level not in levels:
            noun = f"a level of change of {framework.id}"
            findings.append(
                (("outcomes", i, "level"), not_allowed(outcome.level, noun, levels), "error")
            )
    for i, cmo in enumerate(case.cmo):
        findings.extend(_question_refs(("cmo", i), cmo.questions, framework))
        findings.extend(_cmo_refs(("cmo", i), cmo, framework))
        findings.extend(_provenance(("cmo", i), cmo.provenance, cmo.derived_from))
    findings.extend(_attribute_findings(case, framework))
    for i, disagreement in enumerate(case.disagreements):
        recorded = [p.coder for p in disagreement.positions if p.value is not None]
        left_out = [p.coder for p in disagreement.positions if p.value is None]
        key = disagreement.key if len(disagreement.key) <= 80 else disagreement.key[:79] + "…"
        what = f"{disagreement.about} “{key}”" if key else disagreement.about
        how = (
            f"recorded by {', '.join(recorded)}, not by {', '.join(left_out)}"
            if left_out
            else f"the versions of {' and '.join(recorded)} differ"
        )
        findings.append(
            (
                ("disagreements", i),
                f"disagreement to resolve on {what}: {how}; {RESOLVE_HINT}",
                "error",
            )
        )
    return findings


def _cmo_refs(
    where: tuple[str | int, ...], cmo: CmoConfiguration, framework: Framework
) -> list[Finding]:
    """A configuration's level of change and power dimensions must be the framework's."""
    findings: list[Finding] = []
    levels = framework.level_ids
    if cmo.outcome_level is not None and cmo.outcome_level not in levels:
        noun = f"a level of change of {framework.id}"
        findings.append(
            ((*where, "outcome_level"), not_allowed(cmo.outcome_level, noun, levels), "error")
        )
    dimensions = framework.power_dimension_ids
    for j, dimension in enumerate(cmo.power):
        if dimension not in dimensions:
            noun = f"a power dimension of {framework.id}"
            findings.append(
                ((*where, "power", j), not_allowed(dimension, noun, dimensions), "error")
            )
    return findings


RESOLVE_HINT = "decide it in the ConsensusEditor (or casebench.consensus.resolve)"


def _disputed(
    where: tuple[str | int, ...],
    a: Assessment,
    question: Question,
    framework: Framework,
    place: Place,
) -> list[Finding]:
    """One error for a question coders disagree on, and any position off the framework."""
    said = ", ".join(f"{p.coder} {p.summary}" for p in a.positions)
    findings: list[Finding] = [
        ((*where, "status"), f"disagreement to resolve: {said}; {RESOLVE_HINT}", "error")
    ]
    for j, position in enumerate(a.positions):
        if position.status == "assessed":
            for sub, message in _check_answer(question, framework, position, place):
                findings.append(((*where, "positions", j, sub), message, "error"))
    return findings


def _attribute_findings(case: Case, framework: Framework) -> list[Finding]:
    """Values outside an attribute's allowed ones are errors; attributes the framework does
    not declare (when it declares some) are warnings, as they may be the user's own."""
    findings: list[Finding] = []
    for spec in framework.attributes:
        value = case.attribute(spec.id)
        if value is None or not spec.values or value in spec.values:
            continue
        where = (spec.id,) if spec.id in BUILT_IN_ATTRIBUTES else ("attributes", spec.id)
        findings.append(
            (
                where,
                not_allowed(value, f"a value of {spec.label!r} in {framework.id}", spec.values),
                "error",
            )
        )
    declared = [a.id for a in framework.attributes]
    if declared:
        for name in case.attributes:
            if name not in declared:
                findings.append(
                    (
                        ("attributes", name),
                        not_allowed(
                            name,
                            f"an attribute {framework.id} declares",
                            declared,
                        ),
                        "warning",
                    )
                )
    return findings


def _provenance(
    where: tuple[str | int, ...], provenance: str | None, derived_from: str
) -> list[Finding]:
    """A power observation or configuration should say whether the source states it or the
    coder constructed it, and from where: otherwise a reader takes the coder's for the study's."""
    if provenance is None:
        return [
            (
                (*where, "provenance"),
                "say whether the source states this (provenance: stated) or the coder "
                "constructed it (provenance: constructed)",
                "warning",
            )
        ]
    if not derived_from.strip():
        return [((*where, "derived_from"), "say where in the source it comes from", "warning")]
    return []


def _question_refs(
    where: tuple[str | int, ...], refs: list[str], framework: Framework
) -> list[Finding]:
    return [
        ((*where, "questions", j), unknown_question(ref, framework), "error")
        for j, ref in enumerate(refs)
        if ref not in framework.questions
    ]


def _place(findings: Iterable[Finding], file: str, document: yamlio.Document) -> list[Problem]:
    problems = []
    for path, message, severity in findings:
        line, column = document.locate(path)
        problems.append(
            Problem(
                file=file,
                message=message,
                field=dotted(path),
                line=line,
                column=column,
                severity=severity,
            )
        )  # type: ignore[arg-type]
    return problems


@dataclass
class CheckedCase:
    """A case read from a file, with everything found wrong in it."""

    path: Path
    case: Case | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.case is not None and not any(p.severity == "error" for p in self.problems)


def _plain_file_bytes(path: Path) -> bytes | None:
    """The bytes of a regular file no bigger than a case file may be; None for anything
    else (the ordinary reader then says what is wrong)."""
    try:
        if not path.is_file() or path.stat().st_size > yamlio.MAX_BYTES:
            return None
        with path.open("rb") as handle:
            raw = handle.read(yamlio.MAX_BYTES + 1)
    except OSError:
        return None
    return raw if len(raw) <= yamlio.MAX_BYTES else None


def _read_cached(path: Path, frameworks: FrameworkSet, cache: CaseCache) -> CheckedCase | None:
    """The file checked, from the cache when its bytes were checked before under the same
    code and framework, else checked now and remembered; None to use the ordinary reader."""
    raw = _plain_file_bytes(path)
    if raw is None:
        return None
    key = cache.key(raw)
    entry = cache.get(key, frameworks)
    if entry is not None:
        return CheckedCase(path, entry.case, entry.problems_for(str(path)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    try:
        document = yamlio.loads(text, str(path))
    except InputError as exc:
        return CheckedCase(path, None, exc.problems)
    checked = check_document(document, path, frameworks)
    if checked.case is not None:
        framework = frameworks.get(checked.case.framework.id, checked.case.framework.version)
        if framework is not None:
            cache.put(key, checked.case, checked.problems, framework)
    return checked


def read_case(
    path: str | Path, frameworks: FrameworkSet | None = None, cache: CaseCache | None = None
) -> CheckedCase:
    """Read one case file and check it fully; never raises for bad input. With a
    :class:`~casebench.casecache.CaseCache`, a file checked before is not read again."""
    path = Path(path)
    if cache is not None:
        checked = _read_cached(path, frameworks or FrameworkSet(), cache)
        if checked is not None:
            return checked
    try:
        document = yamlio.read(path)
    except InputError as exc:
        return CheckedCase(path, None, exc.problems)
    return check_document(document, path, frameworks)


def check_document(
    document: yamlio.Document, path: str | Path, frameworks: FrameworkSet | None = None
) -> CheckedCase:
    """Check case data already read (from a file, or typed into the editor) against its
    model and framework; problems name ``path`` and, where known, the line."""
    path = Path(path)
    name = str(path)
    frameworks = frameworks or FrameworkSet()
    if not isinstance(document.data, dict):
        message = "a case file must be a mapping of fields (id: ..., title: ...)"
        return CheckedCase(path, None, [Problem(name, message, line=1, column=1)])
    try:
        case = Case.model_validate(document.data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, name, document, model=Case)
        return CheckedCase(path, None, problems)
    framework = frameworks.get(case.framework.id, case.framework.version)
    if framework is None:
        versions = frameworks.versions(case.framework.id)
        if versions:
            message = (
                f"version {case.framework.version!r} of framework {case.framework.id!r} "
                f"is not available (have {', '.join(versions)})"
            )
            path_ = ("framework", "version")
        else:
            message = (
                f"framework {case.framework.id!r} is unknown "
                f"(known: {', '.join(frameworks.ids())}); pass its file with --framework"
            )
            path_ = ("framework", "id")
        return CheckedCase(path, None, _place([(path_, message, "error")], name, document))
    findings = [*check_case(case, framework), *_older_fields(document.data)]
    return CheckedCase(path, case, _place(findings, name, document))


def _older_fields(data: dict) -> list[Finding]:
    """Fields of older files that are still read, but whose reading the coder should check."""
    issues = data.get("issues")
    if isinstance(issues, dict) and issues.get(LEGACY_MINIMUM) is True:
        message = (
            'is read as raised_qualifier: at_least ("at least N"); if the source says '
            '"over N" or "more than N", write raised_qualifier: over instead'
        )
        return [(("issues", LEGACY_MINIMUM), message, "warning")]
    return []


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Files named, and YAML files found (recursively) in folders named, in sorted order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in CASE_SUFFIXES
                and not p.is_dir()  # a pipe or device named .yaml is refused when read
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem(str(path), "folder holds no .yaml case files"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), "no such file or folder"))
    return files, problems


@dataclass
class ValidationReport:
    """The outcome of validating a set of files."""

    checked: list[CheckedCase] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    frameworks: FrameworkSet | None = None  # bundled ones plus any framework files given

    def framework_of(self, case: Case) -> Framework:
        """The framework a (valid) case was checked against."""
        found = (self.frameworks or FrameworkSet()).get(case.framework.id, case.framework.version)
        if found is None:
            raise InputError.single(
                case.id, f"framework {case.framework.id!r} is unknown", field="framework.id"
            )
        return found

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def cases(self) -> list[Case]:
        """The cases that are valid (those with errors are left out; see ``problems``)."""
        return [c.case for c in self.checked if c.ok and c.case is not None]


def validate_paths(
    paths: Iterable[str | Path],
    framework_files: Iterable[str | Path] = (),
    cache: CaseCache | None = None,
) -> ValidationReport:
    """Validate case (and ``*.framework.yaml``, ``*.theory.yaml``) files; also refuse
    duplicate case ids. ``cache``: reuse (and remember) the checks of files read before."""
    report = ValidationReport()
    files, report.problems = expand_paths(paths)
    extra = []
    for path in [*map(Path, framework_files), *[f for f in files if is_framework_file(f)]]:
        try:
            extra.append(read_framework(path))
        except InputError as exc:
            report.problems.extend(exc.problems)
    frameworks = report.frameworks = FrameworkSet(extra)
    first_file: dict[str, Path] = {}
    for path in files:
        if is_framework_file(path):
            continue
        if is_theory_file(path):  # a programme theory beside the cases: checked, not a case
            try:
                read_theory(path)
            except InputError as exc:
                report.problems.extend(exc.problems)
            continue
        checked = read_case(path, frameworks, cache)
        if checked.case is not None:
            earlier = first_file.setdefault(checked.case.id, path)
            if earlier != path:
                document = yamlio.read(path)
                line, column = document.locate(("id",))
                checked.problems.append(
                    Problem(
                        str(path),
                        f"case id {checked.case.id!r} is also used by {earlier}",
                        field="id",
                        line=line,
                        column=column,
                    )
                )
        report.checked.append(checked)
        report.problems.extend(checked.problems)
    if cache is not None:
        cache.flush()
    return report


def load_case(path: str | Path, frameworks: FrameworkSet | None = None) -> Case:
    """Load a valid case file; any error raises InputError (warnings are ignored)."""
    checked = read_case(path, frameworks)
    errors = [p for p in checked.problems if p.severity == "error"]
    if errors or checked.case is None:
        raise InputError(errors or checked.problems)
    return checked.case


__all__ = [
    "CheckedCase",
    "ValidationReport",
    "check_case",
    "check_document",
    "expand_paths",
    "load_case",
    "read_case",
    "validate_paths",
]
