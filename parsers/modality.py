"""Negation, conditions and modality around a stance cue."""

from __future__ import annotations

import re

from parsers.attribution import DOCUMENT_SAYS, REPORT_PARTICIPLES, clause_bounds, relative_clause_at
from parsers.lexicon_types import Matchers
from parsers.mentions import Mention
from parsers.patterns import last_match
from parsers.types import Modality, Stance

# Negators this many words before a cue negate it ("lehnt nicht grundsätzlich ab" is handled by the
# gap; "ist nicht bereit", "keinerlei Bereitschaft", "did not agree" by this window).
NEGATION_WINDOW_WORDS = 3
# German puts "nicht" after the finite verb ("das akzeptieren wir natürlich nicht").
NEGATION_AFTER_WORDS_DE = 3
# A reporting clause after its report ("…, the document says", "…, sagte der Sprecher am Montag") is this short.
REPORTING_CLAUSE_WORDS = 6
# "neither … nor", "weder … noch": they deny the predicate for each conjunct (stance_scope.py), not one cue
CORRELATIVE = frozenset({"neither", "nor", "weder", "noch"})
# A German clause-final verb or predicate ("… bereit.") is negated by a negator this many words before it.
MIDDLE_FIELD_WORDS = 8
# A clause ends after a word: punctuation, or a coordinator opening the next clause ("… aufgegeben und
# akzeptiert …"). A German clause-final verb is negated in its middle field (``_negator``) and a give-up
# participle closing its clause reaches back over a long object (``abandoned``).
_CLAUSE_FINAL = re.compile(r"\s*(?:[.,;:!?“”\"»«)–—]|$|\s(?:und|oder|aber|sondern)\b)")
# "kein NATO-Beitritt", "no NATO membership", "will not recognize": negator right before the term.
ISSUE_NEGATION_WORDS = 2
# A hyphenated compound is one word ("nicht-nuklear" negates nothing); an apostrophe belongs to a word
# only inside it ("won't"), not as the single quotation mark before or after it ("'Not a single …").
_WORDS = re.compile(r"\w+(?:[’']\w+)*(?:-\w+(?:[’']\w+)*)*")
# How far back ``_words_before`` first looks for its few words (it looks at the whole clause if too few).
WORDS_BEFORE_CHARS = 60
# A negated stance: "nicht bereit" = oppose, "lehnt nicht ab" = open, "nicht offen" = oppose (also for
# a negated subject or predicate, sentence_coder.py)
NEGATED: dict[Stance, Stance] = {"support": "oppose", "oppose": "open", "open": "oppose"}
_BASE: dict[str, Stance] = {"support": "support", "accept": "support", "provision": "support",
                            "oppose": "oppose", "open": "open"}
_QUESTION_END = re.compile(r"\?[\s\"'”“»«’)]*$")
# An indirect question opening the sentence or following a colon ("Die Kernfrage: Unter welchen
# Bedingungen soll …", "Whether Kyiv would accept …"): what it asks is no position.
_INDIRECT_QUESTION = re.compile(r"(?:^|:\s*)(?:(?:Unter|Zu|Mit|Bei|Under|On|At)\s+)?(?:welche[nmrs]?|which|what|"
                                r"whether)\b"
                                # "Asked whether …, Peskov said …", "Auf die Frage, ob …": the question put to the speaker
                                r"|^(?:(?:Asked|Pressed|Questioned)\s+(?:\w+\s+){0,2}?(?:on|about)?\s*whether"
                                r"|(?:Auf die Frage|Gefragt),?\s+ob)\b", re.IGNORECASE)
# "What he wanted, he said, were security guarantees", "Was Kiew braucht, sind Garantien": a clause
# opened by what/was that a copula completes states something; it asks nothing.
_PSEUDO_CLEFT = re.compile(r"\W*(?:what|was)\b[^?]*?,?\s(?:is|are|was|were|ist|sind|war|waren|sei|seien)\s", re.IGNORECASE)
_THAT_END = re.compile(r"(?:dass|that|ob|whether)\s*$", re.IGNORECASE)


def base_stance(kind: str) -> Stance:
    """The stance a cue category stands for (``oppose_neg`` is an oppose cue with built-in negation)."""
    return _BASE[kind.removesuffix("_neg")]


def _words_before(text: str, pos: int, count: int) -> list[str]:
    """Up to ``count`` words before ``pos`` within the same clause, nearest last."""
    start, _ = clause_bounds(text, pos)
    if pos - start > WORDS_BEFORE_CHARS:
        # Long clauses: tokenise only their end. A cut can only shorten the first word of the window,
        # so with more than ``count`` words there the last ``count`` are the clause's own.
        words = _WORDS.findall(text, pos - WORDS_BEFORE_CHARS, pos)
        if len(words) > count:
            return words[-count:]
    return _WORDS.findall(text[start:pos])[-count:]


def _inserted_clause_negated(text: str, pos: int, negators: frozenset[str]) -> int:
    """Where the words that may negate the verb at ``pos`` begin when a comma-bounded clause with a
    negator of its own stands right before it ("Rubio, der seine Teilnahme nicht zugesagt hat, sprach
    sich … aus", "Kyiv, which did not attend, backs …"), or 0. A parenthetical without a negator
    ("will not, however, accept") cuts nothing."""
    start, _ = clause_bounds(text, pos)
    last = text.rfind(",", start, pos)
    if last < 0 or pos - last > WORDS_BEFORE_CHARS:
        return 0
    first = text.rfind(",", start, last)
    inserted = _WORDS.findall(text, first + 1 if first >= 0 else start, last)
    return last + 1 if any(w.casefold() in negators or w.casefold().endswith("n't") for w in inserted) else 0


def negated_before(text: str, pos: int, m: Matchers, key: str) -> str:
    """The negator of list ``key`` right before ``pos``, or ""."""
    words = m.words.get(key, frozenset())
    if key == "issue_negators":
        # one look back serves both: the negator right before the term, else one before a least amount
        wide = _words_before(text, pos, AMOUNT_WINDOW_WORDS)
        return (_first_negator(wide[-ISSUE_NEGATION_WORDS:][::-1], words, m, following=False)
                or _negated_amount(wide, words, m))
    before = _words_before(text, pos, NEGATION_WINDOW_WORDS)
    if key == "negators" and before and (inserted := _inserted_clause_negated(text, pos, words)):
        before = _WORDS.findall(text, inserted, pos)  # "Witkoff, der … nicht teilnahm, befürwortet …"
    if key == "negators" and before and before[-1].casefold() in CORRELATIVE and before[-1].casefold() in words:
        return before[-1]  # "neither recognise … nor accept limits": a correlative right before a verb denies that verb
    if (key == "negators" and len(before) == NEGATION_WINDOW_WORDS and before[0].casefold() in ("nor", "neither")
            and before[1].casefold() in _INVERTED_AUXILIARIES):
        return before[0]  # "…, nor will it accept any ceiling": "nor" and an inverted auxiliary deny the verb
    # "weder … noch" denies the predicate once (stance_scope.py), not each cue again
    skip = CORRELATIVE if key == "negators" else frozenset()
    return _first_negator(before[::-1], words, m, skip, following=False)


# "keinen (einzigen) Quadratmeter des Donbass", "not one inch of Ukrainian land": a negator, at most one
# word, a noun of an amount, then at most this many words (article, possessive, "of") before the term
AMOUNT_GAP_WORDS = 2
# ...so the words looked at before the term: negator, adjective, amount and the gap
AMOUNT_WINDOW_WORDS = AMOUNT_GAP_WORDS + 4
# ...of which the negator may stand this many words before the amount ("not one more village", "kein einziges Dorf")
AMOUNT_NEGATOR_WORDS = 3


def _negated_amount(words: list[str], negators: frozenset[str], m: Matchers) -> str:
    """The negator of a least amount (``amounts``) among the ``words`` before a term, or ""."""
    amounts = m.words.get("amounts", frozenset())
    for at, word in enumerate(words):
        if word.casefold() in amounts and len(words) - at - 1 <= AMOUNT_GAP_WORDS:
            near = [w for w in words[max(0, at - AMOUNT_NEGATOR_WORDS):at] if w.casefold() in negators]
            return near[-1] if near else ""
    return ""


def _first_negator(words: list[str], negators: frozenset[str], m: Matchers, skip: frozenset[str] = frozenset(),
                   following: bool = True) -> str:
    """The first of ``words`` that negates: a negator (or an English "n't" form) that is not in ``skip``
    and not an additive focus ("nicht nur Garantien", "not only guarantees"). ``following``: the words
    run forwards (else backwards), which tells which neighbour is the next word."""
    only = m.words.get("not_only", frozenset())
    for i, word in enumerate(words):
        folded = word.casefold()
        nxt = i + 1 if following else i - 1
        if 0 <= nxt < len(words) and words[nxt].casefold() in only:
            continue
        if folded not in skip and (folded in negators or folded.endswith("n't")):
            return word
    return ""


# The auxiliaries English inverts after a clause-opening "nor" ("nor will it accept …")
_INVERTED_AUXILIARIES = frozenset({"is", "was", "are", "were", "will", "would", "does", "did", "do", "has", "have",
                                   "had", "can", "could", "should"})


# A negating adverbial first in the clause, before the finite verb (German first field, English inversion)
_FRONTED_NEGATION = re.compile(r"\W*((?:unter\s+(?:gar\s+)?keinen\s+Umständen|auf\s+(?:gar\s+)?keinen\s+Fall|in\s+keinem\s+Fall|"
                               r"keinesfalls|keineswegs|niemals|nie|under\s+no\s+circumstances|in\s+no\s+case|on\s+no\s+account|"
                               r"at\s+no\s+point|in\s+no\s+way|by\s+no\s+means|never|no\s+longer|nowhere|nirgends|nirgendwo|"
                               # "Nor was he interested in a truce": a clause opened by "nor" and an inverted auxiliary
                               r"(?:nor|neither)(?=\s+(?:is|was|are|were|will|would|does|did|do|has|have|had|can|could|should)\b))\b)",
                               re.IGNORECASE)


def _fronted_negation(text: str, pos: int) -> re.Match[str] | None:
    """The negating adverbial that opens the clause around ``pos``, before it, if any."""
    hit = _FRONTED_NEGATION.match(text, clause_bounds(text, pos)[0])
    return hit if hit is not None and hit.end() <= pos else None


def _negator(text: str, cue: Mention, m: Matchers, issue_start: int = -1) -> str:
    """A negator in front of, inside (separable verbs) or right after (German) the cue, or ""."""
    negators = m.words.get("negators", frozenset())
    if m.lang == "de" and issue_start > cue.end and (turn := _INSTEAD.search(text, cue.end, issue_start)) is not None:
        # "fordert nicht X, sondern eine Waffenruhe": a negation before "sondern" is X's, not the term's after it
        return _first_negator(_WORDS.findall(text, turn.end(), issue_start), negators, m)
    found = negated_before(text, cue.start, m, "negators")
    if found and not _not_only(text, cue.start, found, m):
        return found
    denied = denied_content(text, cue.start, m)
    if denied:
        return denied
    if m.lang == "en" and (subject := _NEGATED_SUBJECT_EN.search(text, max(0, cue.start - WORDS_BEFORE_CHARS), cue.start)) \
            and _opens_clause(text, subject.start(1), m):
        return subject.group(1)  # "no Hungarian parliament would vote for …": nobody of them does
    fronted = _fronted_negation(text, cue.start)
    give_up = m.cues.get("abandon")
    if (fronted and "," not in text[fronted.end():cue.start]
            and not (give_up is not None and give_up.search(text, fronted.end(), cue.start))):
        # "Unter keinen Umständen werde Russland … hinnehmen", "Under no circumstances will Ukraine agree
        # to …": a negating adverbial first, before the finite verb, negates the clause's verb
        return fronted.group(1)
    if m.lang == "de" and _CLAUSE_FINAL.match(text, cue.end):
        # a verb or predicate at the clause end is negated anywhere in the middle field before it
        # ("ist noch nicht einmal zu einem Waffenstillstand bereit")
        start, _ = clause_bounds(text, cue.start)
        # (not past a comma: "…, die Russland nie erobert hat, sei eine Bedingung" negates the relative clause)
        start = max(start, text.rfind(",", start, cue.start) + 1)
        words = _WORDS.findall(text, max(start, cue.start - WORDS_BEFORE_CHARS), cue.start)[-MIDDLE_FIELD_WORDS:]
        found = _first_negator(words, negators, m, CORRELATIVE)
        if found:
            return found
    inner = _WORDS.findall(text[cue.start:cue.end])
    if not cue.kind.endswith("_neg"):
        for word in inner[1:]:
            if inner[0].casefold() in CORRELATIVE and word.casefold() in CORRELATIVE:
                continue  # "neither the legal nor the moral right": the cue's own correlative pair
            if word.casefold() in negators and not _not_only(text, cue.end, word, m):
                return str(word)
    if m.lang == "de":
        _, end = clause_bounds(text, cue.end)
        # (not past a comma: "eine rote Linie, an der nicht gerüttelt wird" negates the relative clause)
        words = _WORDS.findall(_AFTER_CUE_PART.split(text[cue.end:end], maxsplit=1)[0])[:NEGATION_AFTER_WORDS_DE]
        if cue.end <= issue_start < end:  # "sollen … nicht als russisch anerkannt werden": verb-final
            words = _WORDS.findall(text[cue.end:issue_start])
            if not _first_negator(words, negators, m):
                words = _middle_field_end(text, issue_start, end)
        return _first_negator(words, negators, m)  # "verlangt nicht nur X, sondern auch Y" negates neither
    return ""


# A subject with "no" before the cue's auxiliary ("that no Hungarian parliament would ever vote for"): the
# clause's verb is negated (when the subject opens the clause, ``_opens_clause``)
_NEGATED_SUBJECT_EN = re.compile(r"\b(no)\s+(?!one\b)(?:[\w\-]+\s+){1,3}(?:would|will|could|can|shall|should|is|are|was|were)"
                                 r"(?:\s+(?:ever|now|still))?\s+(?:be\s+)?$", re.IGNORECASE)
_THAT_BEFORE = re.compile(r"\bthat$", re.IGNORECASE)
# How far back a reporting verb right before a clause is looked for ("Orbán declared no …")
REPORTING_BEFORE_CHARS = 40


def _opens_clause(text: str, at: int, m: Matchers) -> bool:
    """Does ``at`` open a clause: the text's start, after punctuation, "that" or a reporting verb?"""
    before = text[:at].rstrip()
    if not before or before[-1] in ",;:" or _THAT_BEFORE.search(before):
        return True
    reporting = m.cues.get("reporting")
    return reporting is not None and any(hit.end() == len(before) for hit in
                                         reporting.finditer(before, max(0, len(before) - REPORTING_BEFORE_CHARS)))
# "nicht X, sondern Y": the negation before it is X's
_INSTEAD = re.compile(r"\bsondern\b")
# What ends the part of a German clause after a cue in which a negator still negates the cue
_AFTER_CUE_PART = re.compile(r"[,;:–—]")
# The verb particles that may close a German middle field after its negator ("lehnt … nicht ab").
_PARTICLES = frozenset({"zu", "ab", "an", "auf", "aus", "ein", "vor", "mit", "fest", "zurück", "mehr"})


def _middle_field_end(text: str, issue_start: int, end: int) -> list[str]:
    """The negator closing a verb-second clause's middle field after its object ("Russland akzeptiert
    eine Waffenruhe nicht", "unterstütze eine Aufnahme … nicht, sagte Orbán"), as a one-word list, or []."""
    segment = re.split(r"[,;:–—]", text[issue_start:end], maxsplit=1)[0]
    words = _WORDS.findall(segment)
    while words and words[-1].casefold() in _PARTICLES:
        words.pop()  # "… nicht mehr", "… nicht zu"
    return words[-1:]


def _not_only(text: str, pos: int, negator: str, m: Matchers) -> bool:
    """"nicht nur … sondern auch", "not only … but also": an additive focus, not a negation."""
    start, _ = clause_bounds(text, pos)
    words = _WORDS.findall(text[start:pos])
    for i, word in enumerate(words[:-1]):
        if word == negator and words[i + 1].casefold() in m.words.get("not_only", frozenset()):
            return True
    return False


# Modals of possibility: reported after the fact they stay speculation ("Russia could agree, diplomats say")
_POSSIBILITY = frozenset({"could", "könnte", "könnten"})
# Conditions that alone do not make a demand conditional (see ``stance_after_negation``).
_BARE_IF = frozenset({"if", "wenn", "falls", "unless", "sobald", "as long as"})
# "nur, wenn", "only if": a bare condition right after "only" is the one the stance depends on, as is one
# that "nur dann", "only then" before the term announces
_ONLY_BEFORE = re.compile(r"\b(?:nur|only)\s*,?\s*$", re.IGNORECASE)
_ONLY_THEN = re.compile(r"\b(?:nur|only)\s+(?:dann|then)\b", re.IGNORECASE)
# A condition marker that opens a clause of its own ("only if Kyiv accepts …", "nur wenn"), unlike those
# that qualify the main clause ("nur dann", "unter der Bedingung")
_SUBORDINATOR_END = re.compile(r"\b(?:if|unless|provided|wenn|falls|sofern)$", re.IGNORECASE)
# The object of an openness before its condition ("open to talks only if"): a few words, no clause break
_OBJECT_BETWEEN = re.compile(r"\s+[\w\- ]{2,40}?\s+")


def stance_after_negation(text: str, cue: Mention, m: Matchers, issue_start: int = -1,
                          condition_after: str = "") -> tuple[Stance, list[str]]:
    """The cue's stance after negation ("nicht bereit" = oppose) and conditions ("nur wenn" = open);
    ``condition_after`` is a condition the next sentence puts on it ("This proposition is conditional on")."""
    stance = base_stance(cue.kind)
    markers: list[str] = []
    negator = _negator(text, cue, m, issue_start)
    if negator:
        markers.append(negator)
        stance = NEGATED[stance]
    condition = m.cues.get("conditional")
    if cue.kind == "support" and stance == "support" and condition is not None and 0 <= issue_start:
        # "backs guarantees only if Europe takes the lead": a demand or backing made conditional is open
        # (a bare "if" after a demand is mostly a threat: "demands X; if not, sanctions follow")
        # (a bare "wenn" counts after an "only" that announces it: "will nur dann Truppen entsenden, wenn …",
        # "beteilige sich nur, wenn …")
        hit = next((h for h in condition.finditer(text, cue.end) if issue_start < h.start()), None)
        if hit is None and issue_start < cue.start:
            # German verb-final: "Eine Waffenruhe stellt Moskau nur für den Fall in Aussicht, dass …"
            hit = next((h for h in condition.finditer(text, issue_start, cue.start)
                        if h.group().casefold() not in _BARE_IF), None)
        if hit is not None and (hit.group().casefold() not in _BARE_IF or _ONLY_BEFORE.search(text, cue.start, hit.start())
                                or _ONLY_THEN.search(text, cue.start, issue_start)
                                # (German verb-final: "will X nur dann in Aussicht stellen, wenn …")
                                or _ONLY_THEN.search(text, issue_start, cue.start)):
            return "open", [hit.group()]
    if cue.kind == "open" and stance == "open" and condition is not None and 0 <= issue_start:
        # "open to talks only if Kyiv accepts the annexation": what the openness is conditional on is demanded
        hit = next((h for h in condition.finditer(text, cue.end, issue_start)), None)
        if (hit is not None and _SUBORDINATOR_END.search(hit.group()) and _OBJECT_BETWEEN.fullmatch(text, cue.end, hit.start())
                and (hit.group().casefold() not in _BARE_IF or _ONLY_BEFORE.search(text, cue.end, hit.start()))):
            return "support", [hit.group()]
    if cue.kind == "accept" and stance == "support" and condition is not None:
        hit = next((h for h in condition.finditer(text) if not _WITHOUT_BEFORE.search(text, 0, h.start())
                    and not _NONCOMPLIANCE.match(text, h.end())), None)
        if hit is not None and cue.end <= hit.start() and hit.end() <= issue_start:
            return stance, [hit.group()]  # "agree to a ceasefire only if Ukraine pulls out of X": X is demanded
        if (hit is not None and hit.end() <= cue.start and text[:hit.start()].strip()
                and _SUBORDINATOR_END.search(hit.group()) and "," not in text[hit.end():cue.start]):
            # "nur dann zu Gesprächen bereit, wenn Kiew die Annexion akzeptiert": the acceptance is the
            # condition the main clause sets, so it is demanded, not offered on a condition
            return stance, [hit.group()]
        if hit is not None and _mutual(text, hit, m):
            return stance, [hit.group()]  # "accept a ceasefire if Russia accepts it too": a mutual offer
        if hit or condition_after:
            markers.append(hit.group() if hit else condition_after)
            stance = "open"
    return stance, markers


# "demanded that Russia accept a ceasefire, warning of sanctions if it did not", "… falls nicht": a
# condition that only names the refusal is a threat about the demand, not a condition of the acceptance
_NONCOMPLIANCE = re.compile(r"\s+(?:not\b|nicht\b|(?:\w+\s+){1,2}(?:did|does|do|would|will|was|were)(?:\s+not|n[’']t)"
                            r"\s*(?:[,.;:!?)]|$))", re.IGNORECASE)
# "ohne Wenn und Aber", "without conditions": a condition word negated is unconditional readiness.
_WITHOUT_BEFORE = re.compile(r"\b(?:ohne|without|no)\s+$", re.IGNORECASE)


def _mutual(text: str, condition: re.Match[str], m: Matchers) -> bool:
    """Does the condition ask only that the other side do the same ("sofern Russland ebenfalls
    zustimmt", "if Moscow does the same")?"""
    _, end = clause_bounds(text, condition.end())
    strong, weak, accept = m.cues.get("mutual"), m.cues.get("mutual_weak"), m.cues.get("accept")
    if strong is not None and strong.search(text, condition.end(), end):
        return True
    return (weak is not None and accept is not None and weak.search(text, condition.end(), end) is not None
            and accept.search(text, condition.end(), end) is not None)


# A coordinated verb after a give-up verb starts a predicate of its own ("hat ihre Blockade aufgegeben und stimmt … zu").
_COORDINATOR = re.compile(r"\b(?:und|and|but|aber|sondern|doch)\b", re.IGNORECASE)
# "dropped its long-standing demand for": a give-up verb this close before a stance noun governs it.
ABANDON_CHARS = 30
# ...and a German participle this close after the stance noun it gives up.
ABANDON_AFTER_CHARS = 60
# ...or this close where the participle closes its clause, as the German verb does after a long object
# ("hat ihren Widerstand gegen eine Beteiligung der Bundeswehr an einer Schutztruppe … aufgegeben.")
ABANDON_CLAUSE_END_CHARS = 120
# ...and at most this many words between ("dropped its long-standing demand"): more are an object of its own
ABANDON_GAP_WORDS = 2


# A give-up noun as the manner of what follows ("in a U-turn", "mit einer Kehrtwende"): the stance
# stated after it is the new one, not the one given up
_MANNER = re.compile(r"\b(?:[Ii]n|[Mm]it|[Nn]ach|[Ww]ith|[Aa]fter)\s+(?:einer|einem|a|an|the|der|dem|its|seiner|ihrer)\s+"
                     r"(?:[a-zäöü][\w-]*\s+)?$")

# A negator that with the next word means "no longer": it gives a stance up, it does not negate the give-up.
_NO_LONGER = re.compile(r"\b(?:no|not|nicht|kein\w*)\s+(?:longer|mehr|länger)\b", re.IGNORECASE)


def abandoned(text: str, cue: Mention, m: Matchers) -> tuple[str, bool]:
    """The give-up verb that governs a stance cue ("gibt seinen Widerstand ... auf", "dropped its
    demand") and whether it is itself negated ("has not dropped its demand" keeps the demand);
    ("", False) when there is none."""
    pattern = m.cues.get("abandon")
    if pattern is None:
        return "", False
    start, end = clause_bounds(text, cue.start)
    for hit in pattern.finditer(text, start, end):
        if _MANNER.search(text, max(0, hit.start() - 30), hit.start()):
            continue  # "In einer Kehrtwende stimmt Moskau nun zu": the turn is how the stance after it came about
        if hit.start() == cue.start and hit.end() == cue.end:
            continue  # the cue is the give-up itself ("not giving up on joining NATO"): it governs no other stance
        spans = hit.start() <= cue.start and cue.end <= hit.end()
        if spans and cue.kind == "oppose" and hit.start() < cue.start and cue.end == hit.end():
            continue  # "has taken membership off the table": the refusal is the give-up phrase's own tail, no stance given up
        before = (hit.end() <= cue.start and cue.start - hit.end() <= ABANDON_CHARS
                  and len(text[hit.end():cue.start].split()) <= ABANDON_GAP_WORDS  # "drop its NATO bid in exchange for"
                  and "," not in text[hit.end():cue.start]  # "rejected withdrawing …, and it is sticking to"
                  and not _COORDINATOR.search(text, hit.end(), cue.start))  # "gab … auf und stimmt … zu"
        # "hat seine Blockade gegen den EU-Beitritt aufgegeben": the German participle after the noun it gives up
        after = (m.lang == "de" and cue.text[:1].isupper() and cue.end <= hit.start()
                 and hit.start() - cue.end <= (ABANDON_CLAUSE_END_CHARS if _CLAUSE_FINAL.match(text, hit.end())
                                               else ABANDON_AFTER_CHARS)
                 and not re.search(r"[,;:]", text[cue.end:hit.start()])
                 and not _COORDINATOR.search(text, cue.end, hit.start()))
        if spans or before or after:
            negators = m.words.get("negators", frozenset())
            # "rückt nicht von seiner Forderung ab": the negator inside the split give-up verb
            # ("ist von seiner Forderung … nicht abgerückt": anywhere in the give-up's span but the cue)
            span = text[hit.start():cue.start] + " " + text[cue.end:hit.end()] if spans else text[hit.start():hit.end()]
            # "no longer insists on", "nicht mehr": the give-up's own wording, not a negation of it
            inside = any(w.casefold() in negators for w in _WORDS.findall(_NO_LONGER.sub(" ", span)))
            negated = (negated_before(text, hit.start(), m, "negators") or inside or _denied(text, hit.start(), m)
                       or _fronted_negation(text, hit.start()))  # "At no point has Kyiv withdrawn its agreement"
            return hit.group(), bool(negated)
    return "", False


# What ends the reach of a denying frame: a sentence part of its own, or a contrast ("…, but Kyiv refuses")
# (also where the speaker goes on in a clause of his own: "denied reports that …, saying Russia remains committed")
_DENIAL_END = re.compile(r"[;:.!?]|\b(?:but|aber|sondern|jedoch|while|während)\b|,\s+(?:\S+\s+){0,2}?(?:" + REPORT_PARTICIPLES + r")\b",
                         re.IGNORECASE)


def denied_content(text: str, pos: int, m: Matchers) -> str:
    """The frame that denies the clause holding ``pos`` ("It is not true that Ukraine refuses …", "Es
    sei nicht so, dass Moskau eine Waffenruhe ablehne"), or ""."""
    frame = m.cues.get("denied_content")
    if frame is None:
        return ""
    last = last_match(frame, text, 0, pos)
    if last is None or _DENIAL_END.search(text, last.end(), pos):
        return ""
    return last.group()


def _denied(text: str, pos: int, m: Matchers) -> bool:
    """Is the give-up before ``pos`` denied ("Peskov denied that Moscow had dropped its demand",
    "wies Berichte zurück, wonach Moskau … aufgegeben habe")? The demand then stands."""
    denial = m.cues.get("denial")
    if denial is not None and denial.search(text, 0, pos) is not None:
        return True
    # "showed no sign of softening its demand", "nothing suggests Moscow has dropped …": the frame denies it too
    return bool(denied_content(text, pos, m))


def is_past(text: str, anchor: Mention, m: Matchers) -> bool:
    """Is the cue's clause dated in the past ("Noch vor dreieinhalb Jahren wollte Russland …")? A
    change marker between the date and the cue moves on to the present ("initially rejected … but is
    now ready")."""
    pattern = m.cues.get("past")
    if pattern is None:
        return False
    start, end = clause_bounds(text, anchor.start)
    change = m.cues.get("change")
    for hit in pattern.finditer(text, start, end):
        # (also inside a split cue: "hatte anfangs X gefordert, lehnt X inzwischen aber ab")
        if hit.end() <= anchor.start and change is not None and change.search(text, hit.end(), anchor.end):
            continue
        if hit.end() <= anchor.start and (relative := relative_clause_at(text, hit.start())) is not None \
                and relative[1] <= anchor.start:
            continue  # "Merz, who only months ago called it premature, has come round to …": the clause's past
        return True
    return False


# The question put to a speaker ("Asked whether …", "Auf die Frage, ob …") ends at the comma after it
_PUT_QUESTION = re.compile(r"^(?:Asked|Pressed|Questioned|Auf die Frage|Gefragt)\b", re.IGNORECASE)


def _answered(text: str, question: re.Match[str], anchor: Mention) -> bool:
    """Is ``anchor`` in the answer to a question put to the speaker, after the question's clause ("Asked
    whether Kyiv would cede land, Zelensky said it never would")?"""
    if not _PUT_QUESTION.match(question.group()):
        return False
    comma = text.find(",", question.end())
    return 0 <= comma < anchor.start


# A past conditional ("would have had to cap its army"): what did not happen, no plan's content
_COUNTERFACTUAL = re.compile(r"(?:would|could|might)(?:n[’']t)?\s+have\b", re.IGNORECASE)
# ...under a past condition ("Had Kyiv signed …", "if Kyiv had signed …"; not "the first draft would have
# limited the army": a plan's content told in the past)
_PAST_CONDITION = re.compile(r"^\W*(?:Had|Hätte|Hätten)\b|\bif\s+(?:\S+\s+){1,4}?had\b|\bwenn\s+(?:\S+\s+){1,6}?hätten?\b")
# A coordinated main clause with a subject of its own after a hedge ("…, and Zelensky has refused", "…; Kiew lehnt …")
_NEXT_MAIN_CLAUSE = re.compile(r"(?:,\s*(?:and|but|whereas|und|aber|doch)|;)\s+(?:[A-ZÄÖÜ][\w\-]*|he|she|they|er|sie)\s")


def modality_of(text: str, anchor: Mention, m: Matchers) -> tuple[Modality, list[str]]:
    """``question`` for questions, ``hypothetical`` for speculation in the cue's clause, else asserted."""
    if _QUESTION_END.search(text):
        return "question", ["?"]
    question = _INDIRECT_QUESTION.search(text, 0, anchor.start)
    if question is not None and ":" not in text[question.end():anchor.start] and not _PSEUDO_CLEFT.match(text) \
            and not _answered(text, question, anchor):
        return "question", [question.group().strip()]
    noun = m.lang == "de" and anchor.text[:1].isupper()  # "wenn Moskaus Forderungen erfüllt würden": still demands
    if not noun and _in_if_clause(text, anchor.start):
        return "hypothetical", ["if"]
    start, end = clause_bounds(text, anchor.start)
    if _THAT_END.search(text[:start].rstrip(", ")):
        start, _ = clause_bounds(text, max(0, start - 6))
    pattern = m.cues.get("hypothetical")
    if pattern is None:
        return "asserted", []
    backshift = m.words.get("backshift", frozenset())
    reporting = m.cues.get("reporting")
    sources = m.cues.get("sources")
    mood = m.cues.get("reported_mood")
    conditional = m.cues.get("conditional")
    change = m.cues.get("change")
    modal = m.cues.get("plan_modal")
    asked = _PUT_QUESTION.match(text)
    answer = text.find(",", asked.end()) if asked is not None else -1
    for hit in pattern.finditer(text, start, end):
        if 0 <= hit.start() < answer < anchor.start:
            continue  # "Asked whether Kyiv could cede land, Zelensky said it never would": the question's modal
        if hit.group().casefold() in backshift and (_reported_before(text, hit.start(), reporting, sources, mood, DOCUMENT_SAYS)
                                                    or (hit.group().casefold() not in _POSSIBILITY
                                                        and _reported_after(text, hit.end(), pattern, reporting, sources, DOCUMENT_SAYS))):
            continue
        if anchor.kind.startswith("provision") and modal is not None and modal.fullmatch(anchor.text) \
                and modal.fullmatch(hit.group()):
            continue  # "Under the US draft, Ukraine would cap its army … and would hold elections"
        if (anchor.kind.startswith("provision") and anchor.start <= hit.start() < anchor.end
                and modal is not None and modal.match(hit.group())
                and not (_COUNTERFACTUAL.match(hit.group()) and _PAST_CONDITION.search(text))
                and (plans := m.cues.get("plan_nouns")) is not None and plans.search(text)):
            # "the plan would include …", "Ukraine would receive …, the document says": a plan's content
            # (not "the plan might recognise Crimea": a guess at what it holds)
            continue
        if conditional is not None and hit.start() > anchor.end and conditional.search(text, anchor.end, hit.start()):
            continue  # "accept X only if it is monitored by observers": the hedge word is in the condition
        if hit.end() <= anchor.start and _NEXT_MAIN_CLAUSE.search(text, hit.end(), anchor.start):
            continue  # "A freeze would leave Russia in control, and Zelensky has refused …": the hedge is the first clause's
        if (conditional is not None and hit.end() <= anchor.start and anchor.kind.removesuffix("_neg") == "accept"
                and hit.group().casefold() in backshift and hit.group().casefold() not in _POSSIBILITY
                and conditional.search(text, anchor.end)):
            # "Kiew wäre bereit, …, sofern …", "would be prepared to accept … provided that …":
            # conditional readiness, a claim (open)
            continue
        if (change is not None and hit.end() <= anchor.start and RELATIVE_OPEN.search(text, 0, hit.start())
                and "," in text[hit.end():anchor.start] and change.search(text, hit.end(), anchor.start)):
            continue  # "who said Ukraine could win …, has since walked that back and now urges": the hedge is past
        if (anchor.kind == "oppose" and hit.group().casefold() in backshift and hit.group().casefold() not in _POSSIBILITY
                and _VERDICT_GAP.fullmatch(text, hit.end(), anchor.start)):
            continue  # "would be unacceptable to Moscow", "wäre für Moskau inakzeptabel": a refusal, not a guess
        if hit.start() > anchor.end and _relative_hedge(text, anchor.end, hit, m.lang):
            continue  # "ruled out any ceasefire that would freeze the front": the hedge is the relative clause's
        if (anchor.kind.removesuffix("_neg") in _BASE and "," in text[anchor.end:hit.start()]
                and not _in_closing_frame(text, hit, reporting)):
            continue  # "argwöhnt Russland, X könnte …": the speculation is the content of the stance
        return "hypothetical", [hit.group()]
    return "asserted", []


# A closing reporting frame is at most this long ("…, vermutet der Politologe Gerhard Mangott.")
FRAME_CHARS = 70


def _in_closing_frame(text: str, hit: re.Match[str], reporting: re.Pattern[str] | None) -> bool:
    """Is the hedge in the reporting frame that closes the sentence ("Moscow will accept a buffer zone,
    analysts said", "…, vermutet der Politologe")? Then the whole sentence is their guess."""
    comma = text.rfind(",", 0, hit.start())
    return (reporting is not None and comma >= 0 and "," not in text[hit.end():]
            and len(text) - comma <= FRAME_CHARS and reporting.search(text, comma) is not None)


# Conditional openers, and German and English verb-first conditions at the sentence start ("Sollte es
# einen Waffenstillstand geben, …", "Should Russia agree, …").
_IF = re.compile(r"\b(?:if|wenn|falls|sofern)\b|^(?:Sollte|Sollten|Should|Were|Wäre|Würde)\b", re.IGNORECASE)


def _in_if_clause(text: str, pos: int) -> bool:
    """Is ``pos`` inside a conditional clause ("If Russia agreed to a ceasefire, …", "…, falls Moskau
    zustimmt")? What the condition says of an actor is no position it holds."""
    for hit in _IF.finditer(text, 0, pos):
        if "," not in text[hit.end():pos]:
            return True
    return False


# The opening of a relative clause: its hedge belongs to it and not to the main clause after it, and
# it has a subject of its own (sentence_coder: a plan's modal does not reach into it).
RELATIVE_OPEN = re.compile(r",\s+(?:who|whom|whose|which|der|die|das|den|dem|deren|dessen)\b")

# Between "would"/"wäre" and the verdict it carries: "be", a short phrase naming whom it concerns, an adverb.
_VERDICT_GAP = re.compile(r"\s+(?:be\s+)?(?:(?:für|for|to)\s+\S+\s+)?(?:(?:absolutely|completely|simply|totally|"
                          r"absolut|völlig|schlicht|einfach|ganz)\s+)?")
# A relative clause after the cue: English "that"/"which" after a common noun ("any ceasefire that
# would …"; after a name it is the complement of "promised Ukraine that …"), German a relative
# pronoun after a comma whose verb ends the clause (", die die Front einfrieren würde,").
_RELATIVE_EN = re.compile(r"\b[a-z][\w-]* (?:that|which)\b|\b(?:under|in|by|with|to|for) which\b")
_RELATIVE_DE = re.compile(r",\s+(?:der|die|das|den|dem|deren|dessen|welche[rsmn]?)\s")
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?–—]|$)")


def _relative_hedge(text: str, start: int, hedge: re.Match[str], lang: str) -> bool:
    """Does ``hedge`` belong to a relative clause that opens between ``start`` and it?"""
    if lang == "de":
        return (_RELATIVE_DE.search(text, start, hedge.start()) is not None
                and _CLAUSE_END.match(text, hedge.end()) is not None)
    return _RELATIVE_EN.search(text, start, hedge.start()) is not None


def reciprocal_offer(text: str, m: Matchers) -> tuple[int, int] | None:
    """The condition clause of a reciprocal offer ("If Russia stops hitting our power plants, we will
    stop striking its refineries", "bereit, die Angriffe einzustellen, wenn Kiew dasselbe tue"), or
    None. Both the condition and the rest of the sentence stop something or do the same: an offer of
    mutual restraint, which docs/labelling.md counts as support, not as conditional readiness."""
    pattern = m.cues.get("reciprocity")
    hit = _IF.search(text) if pattern is not None else None
    if pattern is None or hit is None:
        return None
    comma = text.find(",", hit.end())
    end = comma if comma >= 0 else len(text)
    inside = pattern.search(text, hit.start(), end) is not None
    outside = pattern.search(text, 0, hit.start()) is not None or pattern.search(text, end) is not None
    return (hit.start(), end) if inside and outside else None


def _reported_after(text: str, pos: int, hedges: re.Pattern[str] | None, *patterns: re.Pattern[str] | None) -> bool:
    """Is the clause after ``pos`` reported by a verb or source after a comma ("…, betonen die
    Unterzeichner", "…, he said", "…, according to the counterproposal")? Not when those who say it
    only expect it ("…, analysts say")."""
    comma = text.find(",", pos)
    while comma >= 0:  # "…, its territory or its independence, Zelensky said": any later comma part
        start = comma + 1 + len(text[comma + 1:]) - len(text[comma + 1:].lstrip())
        # the reporting clause: the verb first (German inversion) or after a short subject ("the document says")
        end = min((i for i in (text.find(c, start) for c in ",;.") if i >= 0), default=len(text))
        if hedges is not None and hedges.search(text, start, end):
            return False
        if len(text[start:end].split()) > REPORTING_CLAUSE_WORDS:
            if any(p is not None and p.match(text, start) is not None for p in patterns):
                return True
        elif any(p is not None and p.search(text, start, end) is not None for p in patterns):
            return True
        comma = text.find(",", end) if end < len(text) and text[end] == "," else -1
    return False


def _reported_before(text: str, pos: int, *patterns: re.Pattern[str] | None) -> bool:
    """Is there a reporting verb or source marker before ``pos`` (so a modal is reported speech)?"""
    return any(p is not None and p.search(text, 0, pos) for p in patterns)
