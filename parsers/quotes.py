"""Direct quotations: who is speaking inside them, for first-person claims ("we will never …")."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date
from itertools import pairwise

from parsers.lexicon_types import Matchers
from parsers.mentions import Mention, find_actors, find_cues
from parsers.sentences import split_sentences
from parsers.types import Sentence

# Opening and closing quotation marks used in German and English news.
# English news also quotes with single marks (‘…’ or '…'); an apostrophe inside a word ("Ukraine's",
# "won't") neither opens nor closes one, so a single mark opens only after a non-letter and closes
# only before one.
_QUOTE = re.compile(r"„[^“”\"\n]{3,1200}[“”\"]|“[^”\n]{3,1200}”|«[^»\n]{3,1200}»|»[^«\n]{3,1200}«|\"[^\"\n]{3,1200}\""
                    # (each branch opens with its mark, the look-behind after it, so the engine can skip ahead
                    # to a mark instead of trying the look-behind at every character)
                    r"|‘(?<![\w’]‘)(?:[^’\n]|’(?=\w)){3,1200}?’(?!\w)|'(?<![\w']')(?=\w)(?:[^'\n]|'(?=\w)){3,1200}?'(?!\w)")
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

    __slots__ = ("_answers", "_ends", "_m", "_on", "_quotes", "_speakers", "_text")

    def __init__(self, text: str, m: Matchers, on: date | None) -> None:
        self._text, self._m, self._on = text, m, on
        self._quotes: list[tuple[int, int]] | None = None  # the quotations' spans, once asked for
        self._ends: list[int] = []  # their ends, ascending (the quotations do not overlap)
        self._speakers: dict[int, str | None] = {}  # quote number -> its speaker, once found
        self._answers: tuple[list[tuple[int, int]], str | None] | None = None  # an interview's answers

    def of(self, sentence: Sentence) -> str | None:
        """The speaker of the first quotation (in text order) that overlaps ``sentence`` and has one,
        or the interviewee when the sentence is an answer of a question-and-answer interview."""
        if self._answers is None:
            self._answers = interview_answers(self._text, self._m, self._on)
        spans, interviewee = self._answers
        if interviewee is not None and any(start <= sentence.start < end for start, end in spans):
            return interviewee
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


# "DW: …", "Delegationsmitglied: …", "Q: …": a paragraph opening with a short label and a colon.
_LABEL = re.compile(r"^([A-ZÄÖÜ][\w.\- ]{0,28}?):[ \t]", re.MULTILINE)
# How an interview's introduction names the interviewee ("sprach mit einem Mitglied der ukrainischen
# Delegation", "spoke to a senior EU diplomat").
_INTERVIEWED = re.compile(r"\b(?:sprach|sprachen|gesprochen|spricht|Gespräch|interview\w*|spoke|speaks|talked|"
                          r"talks)\b", re.IGNORECASE)
_WORDS = re.compile(r"[\w’']+")
_SPOKEN_WITH = re.compile(r"\s+(?:with|to|mit)\b")
# An interview has at least this many labelled paragraphs, from two labels taking turns.
MIN_INTERVIEW_TURNS = 4


def interview_answers(text: str, m: Matchers, on: date | None) -> tuple[list[tuple[int, int]], str | None]:
    """The answer paragraphs of a question-and-answer interview and the actor of the interviewee (named
    in the introduction where it says who was interviewed), or ([], None) for other articles.

    The interviewer is the label of the first turn; the interviewee the other one, whose answers speak
    in the first person (the lexicon's ``first_person`` words: "Wir lehnen eine Obergrenze ab")."""
    turns = [(hit.group(1).strip(), hit.start()) for hit in _LABEL.finditer(text)]
    labels = [label for label, _ in turns]
    if len(turns) < MIN_INTERVIEW_TURNS or len(set(labels)) != 2 or any(a == b for a, b in pairwise(labels)):
        return _unlabelled_answers(text, m, on)
    interviewer = labels[0]
    intro = text[:turns[0][1]]
    actor = _interviewee(intro, m, on)
    if actor is None:
        return [], None
    first_person = m.words.get("first_person", frozenset())
    spans = []
    for label, start in turns:
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        words = {w.casefold() for w in _WORDS.findall(text, start, end)}
        if label != interviewer and words & first_person:
            spans.append((start, end))
    return spans, actor


# An unlabelled interview: questions are paragraphs of their own ending in a question mark.
_QUESTION_PARAGRAPH = re.compile(r"^[^\n]{8,300}\?[\"”“»«’]*[ \t]*$", re.MULTILINE)
_PARAGRAPH_END = re.compile(r"\n\s*\n")


def _unlabelled_answers(text: str, m: Matchers, on: date | None) -> tuple[list[tuple[int, int]], str | None]:
    """``interview_answers`` for an interview whose questions are paragraphs ending in "?" with no
    labels ("Is Ukraine's path to the EU stuck?" / "No. We want Ukraine in the European Union …"):
    the first-person paragraphs after the first question, when the introduction names an interviewee."""
    questions = [hit.span() for hit in _QUESTION_PARAGRAPH.finditer(text)]
    if len(questions) < MIN_INTERVIEW_TURNS - 1:
        return [], None
    actor = _interviewee(text[:questions[0][0]], m, on)
    if actor is None:
        return [], None
    first_person = m.words.get("first_person", frozenset())
    spans = []
    for (_, q_end), nxt in zip(questions, [q[0] for q in questions[1:]] + [len(text)]):
        start = q_end
        for para in _PARAGRAPH_END.split(text[q_end:nxt]):
            if not para.strip():
                continue
            at = text.find(para, start)
            start = at + len(para)
            if {w.casefold() for w in _WORDS.findall(para)} & first_person:
                spans.append((at, at + len(para)))
    return spans, actor


def _interviewee(intro: str, m: Matchers, on: date | None) -> str | None:
    """The actor named next to the words saying who was interviewed, in the introduction's sentence
    that says it (the last such sentence naming one: "Zelensky spoke by phone on Friday … The interview
    has been condensed" is Zelensky's), else in the sentence before the last that says it."""
    sentences = [s.text for s in split_sentences(intro, m.lang)]
    last_said: int | None = None
    for index in range(len(sentences) - 1, -1, -1):
        sentence = sentences[index]
        said = list(_INTERVIEWED.finditer(sentence))
        if not said:
            continue
        last_said = index if last_said is None else last_said
        actors_here = find_actors(sentence, m, on)
        for verb in reversed(said):
            if not _SPOKEN_WITH.match(sentence[verb.end():]):
                continue
            # "The Washington Post spoke with a senior EU official": the one spoken with is interviewed
            after = find_actors(sentence[verb.end():], m, on)
            if after:
                return after[0].kind
            # "On the sidelines of the Berlin talks, a senior Trump administration official spoke to
            # Axios": the one who spoke, named last before the verb
            subject = [a for a in actors_here if a.end <= verb.start()]
            if subject:
                return subject[-1].kind
        named = _first_named(sentence, m, on, actors_here)
        if named:
            return named
    # "Ein ranghoher Mitarbeiter des ukrainischen Präsidialamts über … Er sprach mit der ZEIT": the
    # interviewee may be named in the sentence before
    return _first_named(sentences[last_said - 1], m, on) if last_said else None


def _first_named(sentence: str, m: Matchers, on: date | None, actors: list[Mention] | None = None) -> str | None:
    """The first actor a sentence names after its kicker, if it has one ("Nach dem Nato-Gipfel in
    Washington: Ein ranghoher Mitarbeiter des ukrainischen Präsidialamts über …": a kicker before the
    colon sets the scene, it names no interviewee), else the first it names at all."""
    found = find_actors(sentence.rpartition(": ")[2], m, on) or (
        actors if actors is not None else find_actors(sentence, m, on))
    return found[0].kind if found else None
