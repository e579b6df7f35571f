"""Split article text into sentences: line breaks are boundaries, abbreviations and dates are not."""

from __future__ import annotations

import re

from parsers.types import Sentence

# Words that end in a period without ending a sentence; lower-cased, without the final period.
_ABBREVIATIONS = {
    "de": {
        "z.b", "bzw", "dr", "prof", "nr", "ca", "etc", "u.a", "d.h", "usw", "vgl", "bzgl", "ggf", "evtl",
        "inkl", "max", "min", "mio", "mrd", "st", "str", "abs", "art", "anm", "s", "u", "v", "chr", "jh",
        "i.e", "o.ä", "sog", "zzgl", "hl", "gen", "präs", "dt", "engl", "frz", "russ", "ukr", "jan", "feb",
        "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dez", "tel", "geb", "mind",
    },
    "en": {
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sgt", "rep", "sen", "gov",
        "u.s", "u.k", "u.n", "e.g", "i.e", "etc", "vs", "no", "inc", "ltd", "co", "corp", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est", "fig",
    },
}
# Abbreviations that stand before a number ("No. 10", "Nr. 5", "Art. 5"): before a word they end a sentence.
_BEFORE_NUMBERS = frozenset({"no", "nr", "art", "abs", "fig"})
# Articles quote across languages ("U.S." in German text), so both lists apply everywhere.
_ALL_ABBREVIATIONS = frozenset().union(*_ABBREVIATIONS.values())
_MONTHS = (
    "januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|jänner|"
    "january|february|march|may|june|july|october|december"
)
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
# "[.!?…][.!?…]*" rather than "[.!?…]+": a pattern that opens with a character class lets the
# engine skip to the next punctuation mark in C instead of trying a match at every character.
_BOUNDARY = re.compile(r"[.!?…][.!?…]*[\"'”“»«’)\]]*(?=\s+)")
_NEXT_WORD = re.compile(r"\s+([\"'„“‚‘«»(\[]*)(\S*)")
_ORDINAL_FOLLOWER = re.compile(rf"^(?i:{_MONTHS})\b|^[a-zäöüß]")


def _is_boundary(line: str, boundary: re.Match[str], lang: str) -> bool:
    """Decide whether this run of terminal punctuation closes a sentence."""
    match_text = boundary.group()
    following = _NEXT_WORD.match(line, boundary.end())
    next_word = following.group(2) if following else ""
    if not next_word:
        return True
    if match_text[0] != ".":
        return not next_word[0].islower()
    token = _word_before(line, boundary.start()).rstrip(".").lower()
    token = token.lstrip("(\"'„“«")
    if token in _BEFORE_NUMBERS and not next_word[:1].isdigit():
        return not next_word[0].islower()  # "No. We want …" is an answer, "No. 10" a number
    if token in _ALL_ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
        return False
    if token.isdigit() and len(token) <= 2 and _ORDINAL_FOLLOWER.match(next_word):
        return False  # "24. November", "am 3. des Monats"
    return not next_word[0].islower()


def _word_before(line: str, end: int) -> str:
    """The run of non-space characters ending at ``end`` ("" after a space), as ``(\\S+)$`` finds it
    in ``line[:end]``; walking back from ``end`` keeps long lines from being scanned once per period."""
    start = end
    while start > 0 and not line[start - 1].isspace():  # str.isspace is the regex engine's \s
        start -= 1
    return line[start:end]


def split_sentences(text: str, lang: str) -> list[Sentence]:
    """Sentences of ``text`` in order, with character offsets into ``text``."""
    sentences: list[Sentence] = []
    base = 0  # where the line starts in ``text``
    # the non-empty pieces between line breaks, as ``[^\n]+`` finds them (str.split is a plain byte scan)
    for line in text.split("\n"):
        if line:
            start = 0
            for boundary in _BOUNDARY.finditer(line):
                if _is_boundary(line, boundary, lang):
                    _append(sentences, line, base, start, boundary.end())
                    start = boundary.end()
            _append(sentences, line, base, start, len(line))
        base += len(line) + 1
    return sentences


def _append(sentences: list[Sentence], line: str, base: int, start: int, end: int) -> None:
    """Add the stripped span as a sentence if it holds any word."""
    chunk = line[start:end]
    stripped = chunk.strip()
    if not any(map(str.isalnum, stripped)):
        return
    lead = len(chunk) - len(chunk.lstrip())
    begin = base + start + lead
    sentences.append(Sentence(text=stripped, index=len(sentences), start=begin, end=begin + len(stripped)))
