"""Direct quotations: who is speaking inside them, for first-person claims ("we will never …")."""

from __future__ import annotations

import re
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


def quote_speakers(text: str, sentences: list[Sentence], m: Matchers, on: date | None) -> dict[int, str]:
    """Map sentence index -> the actor speaking in the quotation that sentence lies in."""
    result: dict[int, str] = {}
    for quote in _QUOTE.finditer(text):
        speaker = _speaker(text, quote.start(), quote.end(), m, on)
        if speaker is None:
            continue
        for sentence in sentences:
            if sentence.start < quote.end() and quote.start() < sentence.end:
                result.setdefault(sentence.index, speaker)
    return result


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
