"""The claim coder: which actor takes which stance on which issue, article by article."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from itertools import pairwise

from parsers.attribution import clause_bounds, relative_clause_at
from parsers.cue_choice import PLUPERFECT
from parsers.discourse import (
    NOW_WORDS,
    Context,
)
from parsers.issue_finding import ArticleContexts, find_issues
from parsers.learned import Candidate, candidates
from parsers.lexicon import Lexicon
from parsers.lexicon_types import Matchers
from parsers.mentions import Mention, find_stance_cues
from parsers.normalize import normalize_text
from parsers.patterns import last_match
from parsers.quotes import QuoteSpeakers
from parsers.sentence_coder import code_sentence
from parsers.sentences import split_sentences
from parsers.stance_scope import STANCE_CUES, given_up_claim, turned_yields
from parsers.types import Claim, Sentence

# An agency dateline at the start of a paragraph: places and agencies, then a dash.
_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w/.,' -]{1,50}?\((?:dpa|AFP|AP|Reuters|KNA|epd|dts|rtr|Reuters/dpa|dpa/AFP|AFP/dpa|"
                       r"AP/dpa|dpa/AP|APA|sda|SDA)[\w/ ]*\)\s*[-–—]\s*", re.MULTILINE)


def code_claims(text: str, lang: str, lexicon: Lexicon, on: date | None = None) -> list[Claim]:
    """Every claim in ``text`` (all modalities), one per (actor, issue, stance, modality), best first."""
    return code_with_candidates(text, lang, lexicon, on, want_candidates=False)[0]


def code_with_candidates(text: str, lang: str, lexicon: Lexicon, on: date | None = None,
                         want_candidates: bool = True) -> tuple[list[Claim], list[Candidate]]:
    """The rules' claims and, when asked for, the actor–issue candidates of the learned second pass
    that scripts/corpus_cv.py measures (parsers/learned.py)."""
    text = normalize_text(text)  # callers outside the pipeline may pass decomposed text
    # "Washington/Kiew (dpa/AFP) - …", "KYIV, Dec 1 (Reuters) - …": the dateline names places, not holders
    text = _DATELINE.sub(lambda hit: " " * len(hit.group()), text)
    m = lexicon.matchers_for(lang)
    if _about_another_conflict(text, m):
        return [], []

    rereading = _Rereading(text, m)
    contexts = ArticleContexts(text, m)
    sentences = split_sentences(text, lang)
    speakers = QuoteSpeakers(text, m, on)
    conditioned = _conditioned_by_next(sentences, m)
    best: dict[tuple[str, str, str, str], Claim] = {}
    context = Context()
    seen: list[tuple[Sentence, list[Mention], list[Mention]]] | None = [] if want_candidates else None
    for sentence in sentences:
        claims, context = code_sentence(sentence, m, on, context, speakers, rereading,
                                         conditioned.get(sentence.index, ""), seen, contexts)
        for claim in claims:
            key = (claim.actor, claim.issue, claim.stance, claim.modality)
            if key not in best or claim.confidence > best[key].confidence:
                best[key] = claim
    kept = _surer_in_sentence(turned_yields(_superseded_dropped(_conditional_readiness_wins(list(best.values()), m), m,
                                                                 sentences), m))
    ordered = sorted(kept, key=lambda c: (c.sentence_index, c.actor, c.issue, c.stance))
    return ordered, (candidates(seen, m, ordered) if seen is not None else [])


def _surer_in_sentence(claims: list[Claim]) -> list[Claim]:
    """Two stances of one actor on one issue from one sentence: the reading whose cue stands nearer
    the issue term wins ("Kyiv's condition for talks is the withdrawal of Russian forces …, and it
    rejects any ceasefire …": "condition" goes with the withdrawal, "rejects" with the ceasefire).
    Readings as near as each other both stay, and so do two readings of one cue."""
    far = 1 << 30  # no cue, or the term not found in the sentence

    def distance(claim: Claim) -> int:
        evidence = claim.evidence
        if evidence is None or evidence.cue_start < 0 or not evidence.issue:
            return far
        at = claim.sentence.find(evidence.issue)
        return abs(evidence.cue_start - at) if at >= 0 else far

    distances = [distance(c) for c in claims]
    nearest: dict[tuple[str, str, str, int], int] = {}
    cues: dict[tuple[str, str, str, int], set[int]] = {}
    for claim, apart in zip(claims, distances):
        key = (claim.actor, claim.issue, claim.modality, claim.sentence_index)
        nearest[key] = min(nearest.get(key, far), apart)
        cues.setdefault(key, set()).add(claim.evidence.cue_start if claim.evidence is not None else -1)
    # one cue read two ways (two terms of the issue) is left to the later checks
    return [c for c, apart in zip(claims, distances)
            if len(cues[key := (c.actor, c.issue, c.modality, c.sentence_index)]) < 2 or apart <= nearest[key]]


# From this length on a text is an article that would name the country the war is fought in if it were
# about this war; a sentence or two ("With the Gaza truce fragile, Russia demands all of the Donbas") need not
THEATRE_ARTICLE_CHARS = 600


def _about_another_conflict(text: str, m: Matchers) -> bool:
    """An article about a ceasefire in Gaza or an election in Georgia: it names another conflict or
    country (``elsewhere``) and neither party to this war (Actor.party), or not the country the war is
    fought in (Actor.theatre: "Russia" alone in a story on Georgia's election). A short text that names
    neither ("Die Europäer dringen auf eine Waffenruhe") is read as it stands."""
    elsewhere = m.cues.get("elsewhere")
    if elsewhere is None:
        return False
    # (the parties first: most articles name them, and the scan for other places is then spared)
    unnamed = ((m.any_party is not None and not m.any_party.search(text))
               or (len(text) >= THEATRE_ARTICLE_CHARS and m.any_theatre is not None and not m.any_theatre.search(text)))
    return unnamed and elsewhere.search(text) is not None


def _conditioned_by_next(sentences: list[Sentence], m: Matchers) -> dict[int, str]:
    """Sentences whose readiness the next sentence makes conditional: it opens with an anaphor and
    states a condition ("This proposition is conditional on …", "Dies gilt nur, wenn …")."""
    pattern = m.cues.get("condition_after")
    anaphors = m.words.get("anaphors", frozenset())
    out: dict[int, str] = {}
    if pattern is None:
        return out
    for sentence, following in pairwise(sentences):
        words = following.text.split(maxsplit=1)
        if words and words[0].casefold() in anaphors:
            start, end = clause_bounds(following.text, 0)
            hit = pattern.search(following.text, start, end)
            if hit is not None:
                out[sentence.index] = hit.group()
    return out


def _conditional_readiness_wins(claims: list[Claim], m: Matchers) -> list[Claim]:
    """The same readiness stated bare (a headline's "ready for elections") and with a condition ("ready
    … if security is guaranteed"): the conditional statement is the full one, so it is ``open``."""
    accept = m.cues.get("accept")
    if accept is None:
        return claims

    def readiness(claim: Claim) -> str:
        cue = claim.evidence.cue if claim.evidence else ""
        return cue.casefold() if cue and claim.modality == "asserted" and accept.fullmatch(cue) else ""

    conditional = {(c.actor, c.issue, readiness(c)) for c in claims if c.stance == "open" and readiness(c)}
    return [c for c in claims if c.stance == "open" or (c.actor, c.issue, readiness(c)) not in conditional
            or not readiness(c)]


# How many sentences after a stance told as the past a change of it is looked for
CHANGE_FOLLOWS_SENTENCES = 2
# A sentence that opens with these tells the position now ("Lange hatte X Wahlen ausgeschlossen. Nun …")
_NOW_OPENING = re.compile(r"^\W*(?:" + NOW_WORDS + r"|these days|but now|today)\b", re.IGNORECASE)


def _change_follows(claim: Claim, sentences: Sequence[Sentence], m: Matchers) -> bool:
    """Does one of the next sentences open with "now" and name the claim's issue again ("Lange hatte
    Selenskyj Wahlen ausgeschlossen. Nun erklärte er, man könne binnen 90 Tagen wählen – sofern …")?
    The stance told as the past is then no longer the actor's, even where the new one is not read."""
    for sentence in sentences[claim.sentence_index + 1:claim.sentence_index + 1 + CHANGE_FOLLOWS_SENTENCES]:
        if _NOW_OPENING.match(sentence.text) and any(i.kind == claim.issue for i in find_issues(sentence.text, m)):
            return True
    return False


# where a content clause opens ("…, the Kremlin said X had expired and that Moscow would not …")
_THAT = re.compile(r"\b(?:that|dass)\b")
# ...and where the present takes over inside a clause ("had dropped its objections and now backs …"): the
# discourse module's words for "now"
_NOW = re.compile(r"\b(?:" + NOW_WORDS + r")\b", re.IGNORECASE)


def _superseded_dropped(claims: list[Claim], m: Matchers, sentences: Sequence[Sentence] = ()) -> list[Claim]:
    """An actor's earlier stance told as the past ("Kiew hatte die Zone zunächst abgelehnt", "had
    initially rejected") gives way to another stance the article states later on the same issue
    ("Inzwischen zeigt sich die Führung offen"): the article reports a change, and only the new
    stance is the actor's position."""
    dated = [p for p in (m.cues.get("past"), m.cues.get("recent_past")) if p is not None]

    def old(claim: Claim) -> bool:
        return bool(PLUPERFECT.search(claim.sentence) or any(p.search(claim.sentence) for p in dated))

    change = m.cues.get("change")

    def old_clause(claim: Claim, at_cue: bool = False) -> bool:
        """Is the clause that names the claim's issue (``at_cue``: that holds its cue) told as the past
        ("hatte … gedrungen", "nachdem es … verworfen hatte")?"""
        at = -1 if claim.evidence is None else claim.evidence.cue_start if at_cue else claim.evidence.issue_start
        if at < 0:
            return False
        # the stretch between punctuation: clause_bounds keeps "Hatte X …, setzt er …" as one clause; a
        # cue's own clause also ends at "and that" ("said the moratorium had expired and that Moscow would
        # not extend it")
        start, end = _between_marks(claim.sentence, at, at, ",;:–—")
        if at_cue and (that := last_match(_THAT, claim.sentence, start, at)) is not None:
            start = that.start()
        if at_cue and (now := last_match(_NOW, claim.sentence, start, at)) is not None:
            start = now.start()  # "said Budapest had dropped its objections and now backs …": the present after "now"
        return bool(PLUPERFECT.search(claim.sentence, start, end) or any(p.search(claim.sentence, start, end)
                                                                          for p in dated))

    def superseded(claim: Claim, other: Claim) -> bool:
        if other.sentence_index > claim.sentence_index:
            # "For months Trump demanded a ceasefire. After Alaska he dropped that demand": a later
            # give-up turns the stance told before it
            # (the later stance's own clause decides: "…, however, the Kremlin said the moratorium had
            # expired and that Moscow would not extend it" states a present refusal)
            later_old = old_clause(other, at_cue=True) if other.evidence is not None and other.evidence.cue_start >= 0 else old(other)
            return (old(claim) and not later_old) or given_up_claim(other, m)
        if other.sentence_index < claim.sentence_index or claim.evidence is None or other.evidence is None:
            return False
        # one sentence: "which once demanded X, now says it accepts X", "hatte anfangs X gefordert,
        # lehnt X inzwischen aber ab": the cue after a change marker states the current position
        first, second = claim.evidence.cue_start, other.evidence.cue_start
        if old_clause(claim) and not old_clause(other):
            return True  # "Hatte Trump im Frühjahr auf eine Waffenruhe gedrungen, setzt er inzwischen auf …"

        if (0 <= first < second and (relative := relative_clause_at(claim.sentence, first)) is not None
                and relative[1] <= second):
            # "Merz, who only months ago called it premature, has come round to …", "Moscow, which long
            # rejected any guarantees, has dropped its opposition": the relative clause tells the actor's
            # background, the main clause after it the stance it takes
            return True

        return (0 <= first < second and change is not None
                and change.search(claim.sentence, first, second) is not None)

    out = []
    for claim in claims:
        others = [c for c in claims if c.actor == claim.actor and c.issue == claim.issue and c.stance != claim.stance
                  and c.modality == "asserted"]
        if claim.modality == "asserted" and others and any(superseded(claim, c) for c in others):
            continue
        if claim.modality == "asserted" and sentences and old(claim) and _change_follows(claim, sentences, m):
            continue
        out.append(claim)
    return out


class _Rereading(Mapping[str, str]):
    """``_rereading`` of one article, worked out when a sentence first names an issue that may be
    reread: its scan of the whole article is wasted on the many articles that never name one."""

    def __init__(self, text: str, m: Matchers) -> None:
        self._text, self._m = text, m
        self._value: dict[str, str] | None = None

    def _get(self) -> dict[str, str]:
        if self._value is None:
            self._value = _rereading(self._text, self._m)
        return self._value

    def __getitem__(self, issue: str) -> str:
        return self._get()[issue]

    def get(self, issue: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """``Mapping.get`` without its KeyError: most rereadable terms keep their own issue."""
        return self._get().get(issue, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def _rereading(text: str, m: Matchers) -> dict[str, str]:
    """Issues whose terms mean another issue in this article (``reads_as``): the article names the
    other issue next to a stance cue, so it is a position there, not just news of strikes on power plants."""
    return {issue: other for issue, other in m.reads_as.items()
            if any(p.issue == other and p.polarity > 0 and _with_stance(text, p.pattern, m) for p in m.issues)}


def _with_stance(text: str, pattern: re.Pattern[str], m: Matchers) -> bool:
    """Does a sentence (line part between terminal punctuation) with a match also hold a stance cue and a
    word of a halt to strikes (``truce_words``: "agreed to halt strikes on energy sites", not "is striking
    Ukraine's energy infrastructure")?"""
    truce = m.cues.get("truce_words")
    for hit in pattern.finditer(text):
        sentence = text[slice(*_between_marks(text, hit.start(), hit.end(), ".!?\n"))]
        if truce is not None and not truce.search(sentence):
            continue
        # the whole cues, not just their openings (``any_stance`` finds where a cue may start)
        if m.any_stance is None or find_stance_cues(sentence, m, STANCE_CUES):
            return True
    return False


def _between_marks(text: str, start: int, end: int, marks: str) -> tuple[int, int]:
    """The stretch of ``text`` around ``start``…``end`` up to the nearest of ``marks`` on each side."""
    ends = [e for c in marks if (e := text.find(c, end)) >= 0]
    return max(text.rfind(c, 0, start) for c in marks) + 1, min(ends, default=len(text))
