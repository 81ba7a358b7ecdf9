"""Course part 5, building a context-mechanism-outcome configuration from a vignette.

A student writes one configuration (the fields of a case's ``cmo`` entry); the checks say
whether it is complete, backed by quotes that are the vignette's words exactly, and written in
the vignette's own terms, and, once it passes, show the vignette's example configurations to
compare with. Realist evaluation (Pawson and Tilley 1997): a context is the conditions, a
mechanism how people respond to what a programme offers, an outcome what changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from casebench.exercises.feedback import Feedback, feedback
from casebench.exercises.passages import (
    closest_passage,
    content_words,
    is_verbatim,
    passages_using,
    sentences,
)
from casebench.exercises.vignette import Vignette

PARTS = {
    "context": "the conditions the mechanism works in: who takes part, where, with what "
    "resources and rules",
    "mechanism": "how people respond to what the process offers them: the reasoning or "
    "reaction that produces the outcome",
    "outcome": "what changed, or did not, because the mechanism fired",
}
"""What each part of a configuration is, in realist evaluation's terms (Pawson and Tilley 1997)."""
MIN_WORDS = 6
"""Fewest words a part needs to say something a reader can check."""
MIN_OWN_WORDS = {"context": 2, "mechanism": 1, "outcome": 2}
"""How many of the vignette's own content words each part must use."""
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _quotes(configuration: Mapping[str, Any]) -> list[str]:
    evidence = configuration.get("evidence") or []
    if isinstance(evidence, str):
        evidence = [evidence]
    out = []
    for item in evidence:
        quote = item.get("quote") if isinstance(item, Mapping) else item
        if isinstance(quote, str) and quote.strip():
            out.append(quote.strip())
    return out


def _complete(configuration: Mapping[str, Any], vignette: Vignette) -> list[Feedback]:
    found = []
    for part, meaning in PARTS.items():
        words = _text(configuration.get(part)).split()
        if len(words) >= MIN_WORDS:
            continue
        lead = (
            f"The {part} is missing"
            if not words
            else f"The {part} says too little ({len(words)} words)"
        )
        found.append(
            feedback(
                f"complete.{part}",
                "not answered" if not words else "look again",
                lead,
                f"the vignette for {meaning}",
                f"A configuration needs all three parts, each a sentence a reader can check "
                f"against the vignette (at least {MIN_WORDS} words).",
            )
        )
    code = _text(configuration.get("mechanism_code"))
    if not _CODE.match(code):
        example = (
            vignette.examples[0].mechanism_code if vignette.examples else "emotive_film_bridge"
        )
        found.append(
            feedback(
                "complete.mechanism_code",
                "not answered" if not code else "look again",
                "The mechanism code is missing" if not code else f"{code!r} is not a usable code",
                f"your mechanism, and name it in lower-case words joined by _, e.g. {example}",
                "The cross-case synthesis finds the same mechanism in several cases by its code.",
            )
        )
    return found


def _evidence(configuration: Mapping[str, Any], vignette: Vignette) -> list[Feedback]:
    quotes = _quotes(configuration)
    if not quotes:
        return [
            feedback(
                "evidence",
                "not answered",
                "No evidence yet",
                "the passages your mechanism and outcome rest on, and copy them as quotes",
                "Every part of a configuration must be backed by the case's own words, so that a "
                "reader can check it.",
            )
        ]
    found = []
    for i, quote in enumerate(quotes):
        if not is_verbatim(quote, vignette.text):
            found.append(
                feedback(
                    f"evidence[{i}]",
                    "look again",
                    f"“{quote}” is not the vignette's words exactly",
                    f"the closest passage, “{closest_passage(quote, vignette.text)}”",
                    "Copy a quote word for word: evidence paraphrased is the coder's reading, "
                    "not the case's words.",
                )
            )
    return found


def _own_words(configuration: Mapping[str, Any], vignette: Vignette) -> list[Feedback]:
    vocabulary = content_words(vignette.text)
    found = []
    for part, least in MIN_OWN_WORDS.items():
        text = _text(configuration.get(part))
        if len(text.split()) < MIN_WORDS:
            continue  # reported as incomplete already
        used = content_words(text) & vocabulary
        if len(used) >= least:
            continue
        model = {w for e in vignette.examples for w in content_words(getattr(e, part))}
        hints = (
            passages_using(content_words(text) | model, vignette.text)
            or sentences(vignette.text)[1:3]
        )
        found.append(
            feedback(
                f"own_words.{part}",
                "look again",
                f"The {part} uses {len(used)} of the vignette's own words",
                "the vignette's wording, for instance “" + "”, “".join(hints) + "”",
                f"{'An' if part[0] in 'aeiou' else 'A'} {part} is {PARTS[part]}; written in the "
                "case's own terms, it can be checked against the case and compared with others.",
            )
        )
    same = _text(configuration.get("mechanism")).lower()
    for other in ("context", "outcome"):
        if same and same == _text(configuration.get(other)).lower():
            found.append(
                feedback(
                    f"distinct.{other}",
                    "look again",
                    f"The mechanism repeats the {other}",
                    "what people do or feel in response to the process",
                    f"A mechanism is {PARTS['mechanism']}; the {other} is {PARTS[other]}.",
                )
            )
    return found


def check_configuration(configuration: Mapping[str, Any], vignette: Vignette) -> list[Feedback]:
    """Every check of one configuration; a single "matches" item with the vignette's example
    configurations when it passes them all."""
    found = [
        *_complete(configuration, vignette),
        *_evidence(configuration, vignette),
        *_own_words(configuration, vignette),
    ]
    if found:
        return found
    code = _text(configuration.get("mechanism_code"))
    examples = " ".join(
        f"Example {e.mechanism_code}: context “{e.context}”; mechanism “{e.mechanism}”; "
        f"outcome “{e.outcome}”." + (" It uses your code." if e.mechanism_code == code else "")
        for e in vignette.examples
    )
    return [
        feedback(
            "configuration",
            "matches",
            "Complete, backed by the vignette's words, and in its own terms",
            "the example configuration(s) below, and compare your mechanism with theirs",
            "Different coders often find different mechanisms in one case; realist synthesis "
            f"keeps those that recur across cases (Pawson 2006). {examples}".strip(),
        )
    ]
