"""The audit trail as text, Markdown or a self-contained HTML page (strings; the command line
writes them). Every value a user or a commit typed is escaped for Markdown and HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence

from casebench.consensus.audit import CaseAudit, Event

FORMATS = ("text", "md", "html")
COLUMNS = ("When", "From", "Change", "Who", "Note")


def _source(event: Event) -> str:
    return f"commit {event.commit}" if event.source == "commit" else event.source


def _summary(item: CaseAudit) -> str:
    decisions = sum(e.source == "decision" for e in item.events)
    if item.in_git:
        where = f"{item.commits} commit(s) in git"
    else:
        where = "not in a git repository: no commit history"
    return f"{item.path}; {where}; {decisions} decision(s) in the decision log"


def _note(event: Event) -> str:
    return f"reason: {event.note}" if event.source == "decision" else event.note


def render_text(audits: Sequence[CaseAudit]) -> str:
    """Plain text: per case, per judgement, its events oldest first."""
    lines: list[str] = []
    for item in audits:
        lines += [f"Audit trail of {item.case_id}: {item.title}", f"  {_summary(item)}"]
        for about, events in item.by_unit().items():
            lines.append(f"  {about}")
            for e in events:
                note = f"  [{_note(e)}]" if e.note else ""
                lines.append(f"    {e.when}  {_source(e)}  {e.who}: {e.change}{note}")
        if not item.events:
            lines.append("  no history recorded yet")
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return (
        " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    )


def render_markdown(audits: Sequence[CaseAudit]) -> str:
    """Markdown: a section per case, a table per judgement."""
    lines: list[str] = []
    for item in audits:
        lines += [f"## {_md(item.case_id)}: {_md(item.title)}", "", _md(_summary(item)), ""]
        for about, events in item.by_unit().items():
            lines += [f"### `{about}`", "", "| " + " | ".join(COLUMNS) + " |"]
            lines.append("|" + "---|" * len(COLUMNS))
            for e in events:
                cells = (e.when, _source(e), e.change, e.who, _note(e))
                lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
            lines.append("")
        if not item.events:
            lines += ["No history recorded yet.", ""]
    return "\n".join(lines)


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
h3 code { font-size: 95%; }
"""


def render_html(audits: Sequence[CaseAudit], title: str = "casebench audit trail") -> str:
    """One self-contained HTML page (no scripts, nothing loaded from the network)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    for item in audits:
        parts += [
            "<section>",
            f"<h2>{esc(item.case_id)}: {esc(item.title)}</h2>",
            f"<p>{esc(_summary(item))}</p>",
        ]
        for about, events in item.by_unit().items():
            head = "".join(f'<th scope="col">{esc(c)}</th>' for c in COLUMNS)
            rows = "".join(
                "<tr>"
                + "".join(
                    f"<td>{esc(c)}</td>" for c in (e.when, _source(e), e.change, e.who, _note(e))
                )
                + "</tr>"
                for e in events
            )
            parts.append(
                f"<h3><code>{esc(about)}</code></h3>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
        if not item.events:
            parts.append("<p>No history recorded yet.</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


RENDERERS = {"text": render_text, "md": render_markdown, "html": render_html}

__all__ = ["FORMATS", "RENDERERS", "render_html", "render_markdown", "render_text"]
