"""Quotes against a text: is a quote the text's own words, and which passage is it closest to?

Both the vignette checks (every reference quote is in the vignette) and the students' feedback
(is your quote the vignette's words?) compare text this way: typographic quotes and apostrophes
made straight, runs of whitespace made one space, case kept.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")

_STOPWORD_TEXT = """
    a about after again all also an and any are as at be been before being but by can could
    did do does each even every for from had has have her here him his how i if in into is
    it its just may more most much no nor not now of off on one only or other our out over
    own same she should so some such than that the their them then there these they this
    those to too under until up very was we were what when where which while who whom why
    will with would you your yes
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
"""Words too common to say whether a sentence uses a text's own words."""
MIN_RUN = 3
"""Shortest run of characters counted as shared between a quote and a passage."""


def normalise(text: str) -> str:
    """Straight quotes, single spaces: the form quotes are compared in."""
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def is_verbatim(quote: str, text: str) -> bool:
    """True when ``quote`` (not empty) appears word for word in ``text``."""
    wanted = normalise(quote).strip(" \"'")
    return bool(wanted) and wanted in normalise(text)


def sentences(text: str) -> list[str]:
    """The text cut into sentences (and clauses after ``;`` or ``:``), normalised."""
    return [s for s in _SENTENCE_END.split(normalise(text)) if s.strip()]


def content_words(text: str) -> set[str]:
    """The words that carry meaning (lower case, 4+ letters, no stopwords)."""
    words = {w.lower().strip("'’-") for w in _WORD.findall(text)}
    return {w for w in words if len(w) >= 4 and w not in STOPWORDS}


def closest_passage(quote: str, text: str) -> str:
    """The sentence of ``text`` most like ``quote``: the one holding most of the quote's
    characters in order (then most of its words); shown when a quote is not verbatim."""
    wanted = normalise(quote).lower()
    words = content_words(quote)
    best, score = "", (-1.0, -1)
    for sentence in sentences(text):
        blocks = SequenceMatcher(None, wanted, sentence.lower(), autojunk=False)
        matched = sum(b.size for b in blocks.get_matching_blocks() if b.size >= MIN_RUN)
        current = (matched / max(len(wanted), 1), len(words & content_words(sentence)))
        if current > score:
            best, score = sentence, current
    return best


def passages_using(words: set[str], text: str, limit: int = 2) -> list[str]:
    """The sentences of ``text`` sharing most of ``words``: where a student could look."""
    scored = [(len(words & content_words(s)), i, s) for i, s in enumerate(sentences(text))]
    scored = [item for item in scored if item[0] > 0]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [s for _, _, s in scored[:limit]]
