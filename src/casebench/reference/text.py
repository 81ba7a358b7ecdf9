"""The framework reference as plain text (a terminal), Markdown (the docs) and JSON."""

from __future__ import annotations

import json
import textwrap
from typing import Any

WIDTH = 96
COLUMN = 32
"""Where the text of power dimensions and levels starts, after their ids."""


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    """Paragraphs of ``text`` wrapped to the width, each line indented."""
    lines: list[str] = []
    for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
        if n:
            lines.append("")
        lead = first if first is not None and n == 0 else indent
        lines += textwrap.wrap(
            " ".join(paragraph.split()),
            WIDTH,
            initial_indent=lead,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )
    return lines


def _field(name: str, text: str, indent: str = "    ") -> list[str]:
    """``name:`` then wrapped text hanging after it."""
    lead = f"{indent}{name}:".ljust(len(indent) + 11)
    return _wrap(text, " " * len(lead), lead) if text else []


def _derived(text: str, who: str) -> str:
    return f"{text} (derived by {who})" if who else text


def _question_lines(q: dict[str, Any]) -> list[str]:
    lines = _wrap(q["text"], "    ", f"{q['id']} [{q['kind']}]  ")
    lines += _field("answer", q["expected"])
    for option in q["options"]:
        lines += _field("option", f"{option['id']}: {option['label']}")
    lines += _field("guidance", q["guidance"])
    lines += _field("sources", q["sources"])
    if q["repeats"]:
        lines += _field(
            "repeats",
            f"{q['repeats']} in other words (figures that sum over questions count the pair once)",
        )
    return lines


def render_text(ref: dict[str, Any]) -> str:
    """The reference as plain text, wrapped for a terminal."""
    lines = [ref["title"], f"{ref['id']}, version {ref['version']}"]
    lines += _wrap(ref["citation"])
    lines += ["", *_wrap(ref["description"]), ""]
    lines.append("RECORDING A JUDGEMENT (the case model's closed vocabularies)")
    for name, vocabulary in ref["vocabularies"].items():
        lines.append(f"  {name} ({vocabulary['field']})")
        for term in vocabulary["values"]:
            lines += _wrap(term["meaning"], " " * 22, f"    {term['value']}".ljust(22))
    for scale in ref["scales"].values():
        default = " (the default scale)" if scale["id"] == ref["default_scale"] else ""
        lines += ["", f"SCALE {scale['id']}: {scale['title']}{default}"]
        lines += _wrap(scale["description"], "  ")
        lines += _field("why", scale["rationale"], "  ")
        lines += _field("limits", scale["limits"], "  ")
        for level in scale["levels"]:
            lines += _wrap(level["label"], " " * 8, f"  {level['value']}".ljust(8))
            lines += _wrap(level["description"], " " * 10)
    for section in ref["sections"]:
        part = f"; part {section['part']}" if section["part"] else ""
        by = f"; title by {section['title_by']}" if section["title_by"] else ""
        lines += ["", f"SECTION {section['id']}: {section['title']}{part}{by}"]
        lines += _wrap(section["citation"], "  ")
        for group in section["groups"]:
            if group["title"]:
                by = f" (title by {group['title_by']})" if group["title_by"] else ""
                lines += ["", f"  -- {group['id']}: {group['title']}{by}"]
            for q in group["questions"]:
                lines += ["", *_question_lines(q)]
    lines += ["", "POWER DIMENSIONS (power[].dimension)"]
    for d in ref["power_dimensions"]:
        lines += _wrap(d["title"], " " * COLUMN, f"  {d['id']}".ljust(COLUMN))
        lines += _wrap(d["description"], " " * COLUMN)
        lines += _field("source", d["citation"], " " * COLUMN)
    lines += ["", "LEVELS OF CHANGE (outcomes[].level)"]
    for lv in ref["levels_of_change"]:
        lines += _wrap(lv["title"], " " * COLUMN, f"  {lv['id']}".ljust(COLUMN))
        lines += _wrap(lv["description"], " " * COLUMN)
        lines += _field("source", _derived(lv["citation"], lv["derived_by"]), " " * COLUMN)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _md(text: str) -> str:
    """Text for a Markdown table cell or list item: one line, pipes and markup escaped."""
    out = " ".join(str(text).split())
    for char in "\\`*_[]<>|":
        out = out.replace(char, "\\" + char)
    return out


def _md_paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for paragraph in (p for p in text.split("\n\n") if p.strip()):
        out += [_md(paragraph), ""]
    return out


def render_markdown(ref: dict[str, Any]) -> str:
    """The reference as Markdown (``docs/framework-<id>.md`` is this output)."""
    fid = ref["id"]
    lines = [
        f"# {_md(ref['title'])}",
        "",
        f"Framework `{fid}`, version {_md(ref['version'])}. Written by "
        f"`casebench framework {fid} --format md`: edit the framework file, not this page.",
        "",
        f"**Citation.** {_md(ref['citation'])}",
        "",
        "## About this framework",
        "",
        *_md_paragraphs(ref["description"]),
        "## Recording a judgement",
        "",
        "The closed vocabularies of a case file: a value outside them is refused, with the "
        "allowed values listed.",
        "",
    ]
    for name, vocabulary in ref["vocabularies"].items():
        lines += [f"### `{name}` (in `{vocabulary['field']}`)", ""]
        lines += ["| value | meaning |", "|---|---|"]
        lines += [f"| `{t['value']}` | {_md(t['meaning'])} |" for t in vocabulary["values"]]
        lines.append("")
    lines += ["## Scales", ""]
    for scale in ref["scales"].values():
        default = " (the default scale)" if scale["id"] == ref["default_scale"] else ""
        lines += [f"### `{scale['id']}`: {_md(scale['title'])}{default}", ""]
        lines += _md_paragraphs(scale["description"])
        if scale["rationale"]:
            lines += [f"**Why this scale.** {_md(scale['rationale'])}", ""]
        if scale["limits"]:
            lines += [f"**What a rating cannot say.** {_md(scale['limits'])}", ""]
        lines += ["| rating | label | description |", "|---|---|---|"]
        lines += [
            f"| {lv['value']} | {_md(lv['label'])} | {_md(lv['description'])} |"
            for lv in scale["levels"]
        ]
        lines.append("")
    lines += ["## Sections and questions", ""]
    for section in ref["sections"]:
        part = f", part `{section['part']}`" if section["part"] else ""
        lines += [f"### {_md(section['title'])} (`{section['id']}`{part})", ""]
        if section["title_by"]:
            lines += [f"Title by {_md(section['title_by'])}.", ""]
        if section["citation"]:
            lines += [f"*{_md(section['citation'])}*", ""]
        for group in section["groups"]:
            if group["title"]:
                by = f" (title by {_md(group['title_by'])})" if group["title_by"] else ""
                lines += [f"#### {_md(group['title'])} (`{group['id']}`){by}", ""]
            for q in group["questions"]:
                lines += _md_question(q)
    lines += [
        "## Dimensions of power (`power[].dimension`)",
        "",
        "| id | title | description | source |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{d['id']}` | {_md(d['title'])} | {_md(d['description'])} | {_md(d['citation'])} |"
        for d in ref["power_dimensions"]
    ]
    lines += [
        "",
        "## Levels of change (`outcomes[].level`)",
        "",
        "| id | title | description | source |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| `{lv['id']}` | {_md(lv['title'])} | {_md(lv['description'])} | "
        f"{_md(_derived(lv['citation'], lv['derived_by']))} |"
        for lv in ref["levels_of_change"]
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_question(q: dict[str, Any]) -> list[str]:
    lines = [f"- **`{q['id']}`** ({q['kind']}): {_md(q['text'])}"]
    lines.append(f"  - Answer: {_md(q['expected'])}")
    if q["options"]:
        options = "; ".join(f"`{o['id']}` {_md(o['label'])}" for o in q["options"])
        lines.append(f"  - Options: {options}")
    if q["guidance"]:
        lines.append(f"  - Guidance: {_md(q['guidance'])}")
    lines.append(f"  - Sources: {_md(q['sources'])}")
    if q["repeats"]:
        lines.append(
            f"  - Repeats `{q['repeats']}` in other words: figures that sum over questions "
            "count the pair once."
        )
    return [*lines, ""]


def render_json(ref: dict[str, Any]) -> str:
    """The reference as JSON (for scripts: every id a case file may use is in it)."""
    return json.dumps(ref, indent=2, ensure_ascii=False) + "\n"


__all__ = ["render_json", "render_markdown", "render_text"]
