"""The audit trail of a case: every judgement's history, from the case's decision log and,
when the file is in a git repository, from its commits (``casebench audit``).

Git is asked through its command line: ``git log`` lists the commits that touched the file
(under any name it had, merges included) and ``git show <commit>:<path>`` gives each version,
which is read as a case and compared unit by unit with its parents. A merge reports only what
differs from every parent: what the merge itself decided (a recorded disagreement, say), not
the changes it brought in, which are reported at their own commits.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from casebench import yamlio
from casebench.consensus.driver import case_of
from casebench.consensus.history import changes, judgement_text, short, units
from casebench.errors import InputError
from casebench.models.case import Case
from casebench.models.consensus import Decision

CASE_LEVEL = "(case file)"
"""The unit name of events about the whole file (created, unreadable version)."""


@dataclass(frozen=True)
class Event:
    """One change to one unit of a case: by a commit, or by a logged decision."""

    about: str
    when: str
    source: str  # "commit", "working copy" (changed since the last commit) or "decision"
    change: str
    who: str
    commit: str = ""
    note: str = ""


@dataclass(frozen=True)
class CaseAudit:
    """A case file's history: its events, oldest first, and where they come from."""

    path: Path
    case_id: str
    title: str
    events: list[Event] = field(default_factory=list)
    commits: int = 0
    in_git: bool = False

    def by_unit(self) -> dict[str, list[Event]]:
        """Events grouped by the unit they concern, units in the order they first changed
        (events about the whole file first)."""
        groups: dict[str, list[Event]] = {CASE_LEVEL: []}
        for event in self.events:
            groups.setdefault(event.about, []).append(event)
        return {name: events for name, events in groups.items() if events}


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """A git command run in ``cwd``; None when git is not installed."""
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
        )
    except OSError:
        return None


def _decision_event(decision: Decision) -> Event:
    outcome = f"{decision.chosen}'s position" if decision.chosen else "the team's own"
    return Event(
        about=decision.about,
        when=decision.decided_at.isoformat(),
        source="decision",
        change=f"{_positions_text(decision)} → {outcome}: {_result_text(decision)}",
        who=decision.decided_by,
        note=decision.reason,
    )


def _positions_text(decision: Decision) -> str:
    """What each coder held: their judgements, or who recorded an item."""
    if decision.about.startswith("assessments."):
        return ", ".join(
            f"{p.coder} {judgement_text(p.value if isinstance(p.value, dict) else None)}"
            for p in decision.positions
        )
    present = [p.coder for p in decision.positions if p.value is not None]
    absent = [p.coder for p in decision.positions if p.value is None]
    if absent:
        return f"recorded by {', '.join(present)}, not by {', '.join(absent)}"
    return f"the versions of {' and '.join(present)} differ"


def _result_text(decision: Decision) -> str:
    result = decision.result
    if decision.about.startswith("assessments."):
        return judgement_text(result if isinstance(result, dict) else None)
    if result is None:
        return "left out"
    if isinstance(result, dict):
        part = decision.about.split(":")[0]
        if part in ("power", "outcomes", "cmo"):
            return "kept" if decision.chosen else "the team's version"
        return short(", ".join(f"{k}: {v}" for k, v in result.items()))
    return short(str(result))


@dataclass(frozen=True)
class _Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    date: str
    subject: str


def _names(top: Path, relative: str) -> list[str]:
    """Every path the file has had in the repository, newest first."""
    done = _git(top, "log", "--follow", "--name-only", "--format=", "--", relative)
    names = [relative]
    if done is not None and done.returncode == 0:
        names += [line for line in done.stdout.splitlines() if line.strip()]
    return list(dict.fromkeys(names))


def _commits(top: Path, names: list[str]) -> list[_Commit]:
    fmt = "%H%x1f%P%x1f%an%x1f%aI%x1f%s"
    done = _git(top, "log", "--full-history", "--reverse", f"--format={fmt}", "--", *names)
    if done is None or done.returncode != 0:
        return []
    commits = []
    for line in done.stdout.splitlines():
        sha, parents, author, date, subject = line.split("\x1f", 4)
        commits.append(_Commit(sha, tuple(parents.split()), author, date, subject))
    return commits


def _version(top: Path, commit: str, names: list[str]) -> Case | str | None:
    """The case as it was at ``commit`` (None: not there; a string: why it is unreadable)."""
    for name in names:
        done = _git(top, "show", f"{commit}:{name}")
        if done is None or done.returncode != 0:
            continue
        try:
            return case_of(yamlio.loads(done.stdout, f"{name}@{commit[:7]}"), name)
        except InputError as exc:
            return exc.problems[0].message
    return None


def _git_events(path: Path) -> tuple[list[Event], int, bool]:
    """Events from the file's commits, how many commits, and whether it is in a repository."""
    folder = path.resolve().parent
    found = _git(folder, "rev-parse", "--show-toplevel")
    if found is None or found.returncode != 0:
        return [], 0, False
    top = Path(found.stdout.strip())
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    names = _names(top, relative)
    commits = _commits(top, names)
    events: list[Event] = []
    cache: dict[str, Case | str | None] = {}

    def version(sha: str) -> Case | str | None:
        if sha not in cache:
            cache[sha] = _version(top, sha, names)
        return cache[sha]

    for commit in commits:

        def event(about: str, change: str, c: _Commit = commit) -> Event:
            return Event(about, c.date, "commit", change, c.author, c.sha[:7], c.subject)

        now = version(commit.sha)
        if isinstance(now, str):
            events.append(event(CASE_LEVEL, f"unreadable version: {now}"))
            continue
        before = [version(p) for p in commit.parents]
        readable = [b for b in before if isinstance(b, Case)]
        if now is None:
            if readable:
                events.append(event(CASE_LEVEL, "file removed"))
            continue
        if not readable:
            judged = sum(a.judged for a in now.assessments.values())
            events.append(event(CASE_LEVEL, f"file added: {judged} question(s) judged"))
            continue
        # a merge: only what differs from every parent
        events += [event(name, f"{was} → {to}") for name, was, to in _differences(readable, now)]
    merging = _git(top, "rev-parse", "-q", "--verify", "MERGE_HEAD")
    heads = ["HEAD", "MERGE_HEAD"] if merging is not None and merging.returncode == 0 else ["HEAD"]
    committed = [v for v in (version(h) for h in heads) if isinstance(v, Case)]
    events += _uncommitted(path, committed) if commits else []
    return events, len(commits), True


def _differences(versions: list[Case], now: Case) -> list[tuple[str, str, str]]:
    """(unit, from, to) for the units of ``now`` that differ from every one of ``versions``
    (from: as in the first); for one version, simply what changed."""
    after = units(now)
    found = [changes(units(v), after) for v in versions]
    common = set.intersection(*({name for name, _, _ in f} for f in found))
    return [change for change in found[0] if change[0] in common]


def _uncommitted(path: Path, committed: list[Case]) -> list[Event]:
    """Changes in the file on disk since the last commit; during a merge, only what differs
    from both branches (a disagreement the merge recorded, say)."""
    if not committed:
        return []
    try:
        now = case_of(yamlio.read(path), str(path))
    except InputError:
        return []
    when = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone().replace(microsecond=0)
    return [
        Event(name, when.isoformat(), "working copy", f"{was} → {to}", "not committed yet")
        for name, was, to in _differences(committed, now)
    ]


def audit(path: str | Path) -> CaseAudit:
    """The history of one case file; raises InputError when it is not a readable case."""
    path = Path(path)
    case = case_of(yamlio.read(path), str(path))
    events, commits, in_git = _git_events(path)
    events += [_decision_event(d) for d in case.decisions]
    events.sort(key=lambda e: dt.datetime.fromisoformat(e.when))
    return CaseAudit(path, case.id, case.title, events, commits, in_git)


__all__ = ["CASE_LEVEL", "CaseAudit", "Event", "audit"]
