"""Direct quotations: who is speaking inside them, for first-person claims ("we will never …")."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from parsers.attribution import find_actors, find_cues
from parsers.lexicon import Matchers
from parsers.types import Sentence

# Opening and closing quotation marks used in German and English news.
_QUOTE = re.compile(r"„[^“”\"\n]{3,1200}[“”\"]|“[^”\n]{3,1200}”|«[^»\n]{3,1200}»|»[^«\n]{3,1200}«|\"[^\"\n]{3,1200}\"")
# The attribution after a quote ("», sagte er", "\" he said") sits this close to the closing mark.
AFTER_QUOTE_CHARS = 60
# ...or before the opening mark ("Selenskyj sagte: „…").
BEFORE_QUOTE_CHARS = 90
# A pronoun speaker ("sagte er") refers to the last actor named this far before the quote.
ANTECEDENT_CHARS = 400


class QuoteSpeakers:
    """Who speaks in the quotations of one article, worked out per sentence only when asked.

    Finding a quote's speaker takes cue and actor scans around it, and most sentences' quote speakers
    are never consulted (a sentence with a subject and no issue term does not need one), so each
    quote's speaker is found the first time a sentence inside it asks.
    """

    __slots__ = ("_ends", "_m", "_on", "_quotes", "_speakers", "_text")

    def __init__(self, text: str, m: Matchers, on: date | None) -> None:
        self._text, self._m, self._on = text, m, on
        self._quotes: list[tuple[int, int]] | None = None  # the quotations' spans, once asked for
        self._ends: list[int] = []  # their ends, ascending (the quotations do not overlap)
        self._speakers: dict[int, str | None] = {}  # quote number -> its speaker, once found

    def of(self, sentence: Sentence) -> str | None:
        """The speaker of the first quotation (in text order) that overlaps ``sentence`` and has one."""
        if self._quotes is None:
            self._quotes = [quote.span() for quote in _QUOTE.finditer(self._text)]
            self._ends = [end for _, end in self._quotes]
        # The spans come from one scan, so starts and ends both ascend: the quotations overlapping the
        # sentence are the run from the first one ending after its start, up to one starting past its end.
        for number in range(bisect_right(self._ends, sentence.start), len(self._quotes)):
            start, end = self._quotes[number]
            if start >= sentence.end:
                break
            if number not in self._speakers:
                self._speakers[number] = _speaker(self._text, start, end, self._m, self._on)
            speaker = self._speakers[number]
            if speaker is not None:
                return speaker
        return None


def _speaker(text: str, start: int, end: int, m: Matchers, on: date | None) -> str | None:
    """The actor named as speaker next to the quotation, resolving a pronoun to the last actor."""
    after = text[end:end + AFTER_QUOTE_CHARS].split("\n", 1)[0]
    before = text[max(0, start - BEFORE_QUOTE_CHARS):start].rsplit("\n", 1)[-1]
    for window, needs_colon in ((after, False), (before, True)):
        if not find_cues(window, m, ("reporting",)) or (needs_colon and not window.rstrip().endswith(":")):
            continue
        actors = [a for a in find_actors(window, m, on) if not a.oblique]
        if actors:
            return actors[0].kind
        earlier = [a for a in find_actors(text[max(0, start - ANTECEDENT_CHARS):start], m, on) if not a.oblique]
        if earlier:
            return earlier[-1].kind
    return None
