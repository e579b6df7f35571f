"""The stance a cue gives once negation, conditions, abandonment and change of position are composed."""

from __future__ import annotations

import re
from dataclasses import replace

from parsers.attribution import clause_bounds
from parsers.lexicon_types import Matchers
from parsers.mentions import Mention, find_stance_cues
from parsers.modality import (
    CORRELATIVE,
    NEGATED,
    abandoned,
    base_stance,
    negated_before,
    stance_after_negation,
)
from parsers.patterns import last_match
from parsers.types import Claim, Stance

STANCE_CUES = ("support", "accept", "provision", "oppose", "open",
               "support_neg", "accept_neg", "provision_neg", "oppose_neg", "open_neg")
# "Referendum über die Kontrolle des östlichen Donbass": the topic follows the procedure noun closely.
PROCEDURE_GAP_CHARS = 40


# An outer cue's stance applied to its complement's: "ready to accept" = accept, "refusal to accept" =
# oppose, "nicht bereit, auszuschließen" = open, "considering to reject" = open.
_COMPOSED: dict[Stance, dict[Stance, Stance]] = {
    "support": {"support": "support", "oppose": "oppose", "open": "open"},
    "oppose": {"support": "oppose", "oppose": "open", "open": "oppose"},
    "open": {"support": "open", "oppose": "open", "open": "open"},
}


def held_nouns(cues: list[Mention], text: str, m: Matchers) -> list[Mention]:
    """A split verb of holding on that holds a stance noun ("hält an seiner Ablehnung einer Truppe
    fest", "hält an seinem Nein zu … fest") is that noun's stance: the noun's cue replaces the verb's."""
    persist = m.cues.get("persist")
    if persist is None or not any(persist.fullmatch(c.text) for c in cues):
        return cues
    out: list[Mention] = []
    for cue in cues:
        if not persist.fullmatch(cue.text):
            out.append(cue)
            continue
        head = len(cue.text.split()[0])  # the verb itself is not searched again
        inside = " " * (cue.start + head) + text[cue.start + head:cue.end]
        held = [c for c in find_stance_cues(inside, m, STANCE_CUES) if c.start >= cue.start + head]
        out.extend(held or [cue])
    return out


# How far before an issue term a door word still makes it a door ("Tür zu einer Mitgliedschaft")
DOOR_BEFORE_CHARS = 14


def door_cues(cues: list[Mention], issues: list[Mention], text: str, m: Matchers) -> list[Mention]:
    """"Die Tür des Bündnisses bleibe für die Ukraine offen", "NATO's door remains open to Ukraine":
    an "open" cue on an issue term that names a door (``door`` words) is its owner letting Ukraine
    in, a support cue after the term (the idiom "Tür ... offen" would otherwise hold the term inside it)."""
    door = m.cues.get("door")
    if door is None:
        return cues
    # the door may stand right before the term ("die Tür zur Mitgliedschaft", "the door to membership")
    doors = [i for i in issues if door.search(i.text) or door.search(text, max(0, i.start - DOOR_BEFORE_CHARS), i.start)]
    if not doors:
        return cues
    cues = cues + _closed_doors(doors, text, m)
    turned = []
    for cue in cues:
        if cue.kind == "open":
            named = next((i for i in doors if i.start <= cue.start < i.end or i.end <= cue.start or cue.start <= i.start < cue.end), None)
            if named is not None:
                start = max(cue.start, named.end)
                cue = Mention("support", start, cue.end, text[start:cue.end])
        turned.append(cue)
    return turned


# A German infinitive closing the clause right after a term ("Truppen in der Ukraine stationieren“,").
_INFINITIVE_AFTER = re.compile(r'\s+(?:[a-zäöüß]+\s+)?[a-zäöüß]+(?:en|ern|eln)(?=\s*(?:[,.;:!?“”"»«–—]|$))')
# Between a future auxiliary and the English act it announces: at most two adverbs ("will also soon deploy").
_FUTURE_GAP = re.compile(r"\s+(?:[a-z]+\s+){0,2}")


def future_act(text: str, issue: Mention, m: Matchers) -> Mention | None:
    """The future auxiliary of an issue term that names an act ("will deploy troops", "werden Truppen
    … stationieren"), as an acceptance cue, or None. English: right before the term, which opens with the
    verb; German: earlier in the term's clause, which ends with the infinitive."""
    future = m.cues.get("future")
    words = issue.text.split()
    if future is None or not words:
        return None
    if m.lang == "en":
        if not words[0][:1].islower():
            return None
        hit = next((h for h in future.finditer(text, max(0, issue.start - 40), issue.start)
                    if _FUTURE_GAP.fullmatch(text, h.end(), issue.start)), None)
    else:
        start, end = clause_bounds(text, issue.start)
        if not (words[-1][:1].islower() and len(words) > 1) and not _INFINITIVE_AFTER.match(text[issue.end:end]):
            return None  # neither "Truppen … stationieren" nor "Truppen in der Ukraine stationieren"
        hit = last_match(future, text, start, issue.start)
    # an acceptance, so that a condition ("Erst wenn …, werde Russland das Feuer einstellen") makes it open
    return Mention("accept", hit.start(), hit.end(), hit.group()) if hit is not None else None


# Between a give-up verb and the term it gives up: a preposition, a determiner and a modifier at most
# ("not giving up on joining NATO", "verzichtet nicht auf einen Nato-Beitritt"); more words are an object of their own
GIVEN_UP_GAP_WORDS = 3
_GIVEN_UP_GAP = re.compile(r"[^,;:()\[\]\"“”„«»]*")


def lacking(text: str, issue: Mention) -> str:
    """A relative clause that says a deal lacks the term ("any deal that did not include binding
    guarantees"), as a negator of the term like "without", or ""."""
    hit = _LACKING.search(text, max(0, issue.start - LACKING_CHARS), issue.start)
    return (hit.group(1) or hit.group(2)) if hit is not None else ""


# "that does not include", "which would not provide for", "that lacks": a clause saying what a deal lacks, right
# before the term
LACKING_CHARS = 80
_LACKING = re.compile(r"\b(?:that|which)\s+(?:(?:does|did|do|would|will)\s*(n[o’']t)\s+(?:include|contain|provide|offer|"
                      r"guarantee|give|address|ensure)(?:\s+for)?|(lacks|lacked|lack))\s+(?:[\w\-’']+\s+){0,3}?$", re.IGNORECASE)


def instead_of(text: str, issue: Mention, m: Matchers) -> str:
    """The words that set the term aside for another ("a durable settlement rather than a temporary
    ceasefire", "statt einer Waffenruhe"), right before it in its clause, or "": what is sought instead
    of the term is not the term."""
    pattern = m.cues.get("instead")
    if pattern is None:
        return ""
    start, _ = clause_bounds(text, issue.start)
    hit = last_match(pattern, text, max(start, issue.start - INSTEAD_CHARS), issue.start)
    gap = text[hit.end():issue.start] if hit is not None else ""
    if (hit is None or len(gap.split()) > INSTEAD_GAP_WORDS or _GAP_PUNCT.search(gap) or _GAP_LINK.search(gap)
            or not issue.text[:1].isalpha() or issue.text.casefold() in _PRO_FORMS):
        # ("to smooth, rather than block, its path into the EU", "rather than at Ukraine's NATO ambitions",
        # "rather than a substitute for one": what is set aside is another thing, not the term)
        return ""
    return hit.group()


# "rather than" stands at most this many words and characters before the term it sets aside
# ("rather than a short temporary ceasefire")
INSTEAD_GAP_WORDS = 3
INSTEAD_CHARS = 60
_GAP_PUNCT = re.compile(r"[,;:.!?–—()]")
_GAP_LINK = re.compile(r"\b(?:that|which|who|for|of|at|to|on|in|dass|für|von|an|zu)\b", re.IGNORECASE)
_PRO_FORMS = frozenset({"one", "it", "this", "that", "das", "dies", "dem", "es"})


def given_up_act(text: str, issue: Mention, m: Matchers) -> Mention | None:
    """A give-up verb right before a term that has no stance cue ("Ukraine is not giving up on joining
    NATO", "Russland verzichtet nicht auf eine Obergrenze"), as an oppose cue: giving the term up is
    turning from it, and its negation (found as any cue's) keeps it. None for a noun of a turn
    ("Kehrtwende", "U-turn"): it says the stance changed, not which way."""
    give_up = m.cues.get("abandon")
    if give_up is None or issue.polarity < 0:
        return None
    start = clause_bounds(text, issue.start)[0]
    hit = last_match(give_up, text, start, issue.start)
    if hit is None or not hit.group()[:1].islower():
        return None  # (a capital: a noun, "Kehrtwende", "U-turn")
    gap = text[hit.end():issue.start]
    # (nor a coordinator: the next conjunct's object, "gave up its claim and backs the guarantees")
    if len(gap.split()) > GIVEN_UP_GAP_WORDS or not _GIVEN_UP_GAP.fullmatch(gap) or _COORDINATION_WORD.search(gap):
        return None
    return Mention("oppose", hit.start(), hit.end(), hit.group())


def _closed_doors(doors: list[Mention], text: str, m: Matchers) -> list[Mention]:
    """A door named shut in the door term's clause ("NATO's door is closed to Ukraine", "hat die Tür
    nicht zugeschlagen"): an oppose cue, or with its negator a support cue (a door not closed is open)."""
    closed = m.cues.get("door_closed")
    if closed is None:
        return []
    found = []
    for term in doors:
        start, end = clause_bounds(text, term.start)
        for hit in closed.finditer(text, start, end):
            if hit.start() < term.end and hit.end() > term.start:
                continue
            negator = negated_before(text, hit.start(), m, "negators")
            if not negator:
                found.append(Mention("oppose", hit.start(), hit.end(), hit.group()))
                continue
            at = text.rfind(negator, 0, hit.start())  # the negator inside the cue: not counted again
            found.append(Mention("support", at, hit.end(), text[at:hit.end()]))
    return found


def given_up_claim(claim: Claim, m: Matchers) -> bool:
    """Was the claim's stance read from a give-up ("gab seinen Widerstand auf", "dropped that demand")?"""
    abandon = m.cues.get("abandon")
    markers = claim.evidence.markers if claim.evidence is not None else ()
    return abandon is not None and any(abandon.fullmatch(x) for x in markers)


def turned_yields(claims: list[Claim], m: Matchers) -> list[Claim]:
    """A stance told as given up or as no longer held ("rückte von der Forderung ab", "no longer
    opposes", "dropped his call for …") yields to the stance the same or the next sentence states
    for the actor on the issue ("… und hat zugestimmt", "Er sei nun offen dafür", "on Friday again
    urged …")."""
    if len(claims) < 2:
        return claims
    negators = m.words.get("negators", frozenset())
    denial = m.cues.get("denied_content")

    def turned(claim: Claim) -> bool:
        markers = claim.evidence.markers if claim.evidence is not None else ()
        # ("It is not true that Ukraine refuses a ceasefire. Kyiv is ready for …": the denied refusal
        # leaves the stance open only until it is stated)
        return given_up_claim(claim, m) or (claim.stance == "open" and any(
            x.casefold() in negators or (denial is not None and denial.fullmatch(x)) for x in markers))

    stated: dict[tuple[str, str], set[int]] = {}
    for claim in claims:
        if claim.modality == "asserted" and not turned(claim):
            stated.setdefault((claim.actor, claim.issue), set()).add(claim.sentence_index)
    return [c for c in claims if not (turned(c) and any(
        c.sentence_index <= index <= c.sentence_index + 1 for index in stated.get((c.actor, c.issue), ())))]


def made_conditional(claims: list[Claim], issues: list[Mention], text: str, m: Matchers) -> list[Claim]:
    """"Keine Waffenruhe ohne Sicherheitsgarantien", "no neutral status without guarantees", "lehnt
    eine Waffenruhe ohne Garantien ab": the refused term is made conditional on the one after
    "ohne"/"without" (open), and that one is demanded (support), not refused twice."""
    if len(issues) < 2 or not _WITHOUT_WORD.search(text):
        return claims  # most sentences: no "ohne"/"without" at all
    conditions = [i for i in issues if negated_before(text, i.start, m, "issue_negators").casefold() in _WITHOUT]
    if not conditions:
        return claims
    # one phrase: nothing but words between the two (no comma, so no second clause)
    refused = {i.kind for i in issues for c in conditions if i.kind != c.kind
               and not re.search(r"[,;:–—]", text[min(i.end, c.end):max(i.start, c.start)])}
    # what is demanded is the term's proposition, or its opposite for an against phrase ("ohne Abzug
    # der russischen Truppen": the Russian withdrawal is demanded, a Ukrainian one refused)
    demanded: dict[str, Stance] = {c.kind: "support" if c.polarity >= 0 else "oppose"
                                   for c in conditions if any(i.kind in refused for i in issues)}
    changed = []
    for claim in claims:
        if claim.issue in demanded and claim.stance != "open":
            claim = replace(claim, stance=demanded[claim.issue])
        elif claim.stance == "oppose" and claim.issue in refused:
            claim = replace(claim, stance="open")
        changed.append(claim)
    return changed


# "ohne Wahlen unmöglich", "could not imagine the meeting without a ceasefire": a necessity
_WITHOUT = frozenset({"ohne", "without"})
_WITHOUT_WORD = re.compile(r"\b(?:ohne|without)\b", re.IGNORECASE)
# A contrast that denies the cue for what follows: "bereit, X – aber nicht, Y", "ready to X, but not to Y"
# "no deal without a Ukrainian withdrawal from the Donbas": with an impossibility in the sentence, a
# "without" this many words before the term names what is needed (the term may be the place alone)
WITHOUT_NECESSITY_WORDS = 5


def necessary_without(text: str, issue: Mention, m: Matchers) -> str:
    """The "without" of an impossibility before the issue term, a few words off, or ""."""
    impossible = m.cues.get("impossible")
    if impossible is None or _WITHOUT_WORD.search(text, 0, issue.start) is None or not impossible.search(text):
        return ""
    start, _ = clause_bounds(text, issue.start)
    words = re.findall(r"\w+", text[start:issue.start])[-WITHOUT_NECESSITY_WORDS:]
    return next((w for w in reversed(words) if w.casefold() in _WITHOUT), "")


# A coordinator that opens the next conjunct: its negator negates that conjunct only
_NEXT_CONJUNCT = re.compile(r"\b(?:und|oder|and|or)\b", re.IGNORECASE)
_BUT_NOT = re.compile(r"[,–—]\s*(?:aber|jedoch|doch|but|yet)\s+(?:nicht|not|never|nie)\b", re.IGNORECASE)
# "neither … nor", "weder … noch" deny the predicate of every conjunct
_NEITHER = re.compile(r"\b(?:neither|weder)\b", re.IGNORECASE)
_NOR = re.compile(r"\b(?:nor|noch)\b", re.IGNORECASE)
NOR_CHARS = 45  # "noch eine Abtretung des restlichen Donbass": the second conjunct's term starts this close after "noch"


def neither_nor(text: str, issue: Mention) -> str:
    """"Neither a withdrawal from the Donbas nor …": the first conjunct's "neither", or ""."""
    start, end = clause_bounds(text, issue.start)
    before = _NEITHER.search(text, start, issue.start)
    if before is None:
        return ""
    if _NOR.search(text, issue.end, end):
        return before.group()
    nor = _NOR.search(text, max(before.end(), issue.start - NOR_CHARS), issue.start)  # "… nor recognition of"
    return nor.group() if nor is not None else ""


# A German issue term that is a verb ("anerkennen", "abzutreten") is negated anywhere in the middle
# field before it ("wird die Gebiete nie als russisch anerkennen").
VERB_NEGATION_WORDS = 6
# ...and after a verb-final term in verb-second order within this many words ("Den Donbass räumen wir nicht")
V2_NEGATION_WORDS = 3


def verb_negated(text: str, issue: Mention, m: Matchers) -> str:
    """The negator of a German issue term that ends in its verb ("anerkennen", "den Donbass niemals
    aufgeben"): in the middle field before it or inside the term; of one that starts with its finite
    verb ("räumt den Donbass nicht"): after it in its clause; or ""."""
    words = issue.text.split()
    if m.lang != "de" or not (words[-1][:1].islower() or issue.verb_first):
        return ""
    start, end = clause_bounds(text, issue.start)
    negators = m.words.get("issue_negators", frozenset())
    # verb second ("Kiew räumt den Donbass nicht", "Den Donbass räumen wir nicht"): the negator
    # closes the middle field after the finite verb
    after = [w.strip(".;:!?\"“”»«") for w in re.split(r"[,–—]", text[issue.end:end], maxsplit=1)[0].split()]
    after_negator = next((w for w in after[:VERB_NEGATION_WORDS if issue.verb_first else V2_NEGATION_WORDS]
                          if w.casefold() in negators), "") if issue.verb_first or len(words) > 1 else ""
    if issue.verb_first:
        return after_negator
    inside = [w for w in words[1:-1] if w.casefold() in negators]
    if inside:
        return inside[0]
    if not words[0][:1].islower():
        return after_negator
    before = text[start:issue.start].split()[-VERB_NEGATION_WORDS:]
    return next((w for w in reversed(before) if w.casefold() in negators), after_negator)


# "agreed not to station troops": a negated infinitive right after the cue, whose object the term is
# (not a verb of attack: "promised not to strike energy facilities" is the truce itself)
_NOT_TO_VERB = re.compile(r"\s+(not|never)\s+to\s+(?!(?:strike|attack|hit|target|shell|bomb)\b)(?:[\w\-]+\s+){1,2}$",
                          re.IGNORECASE)


def infinitive_negated(text: str, issue: Mention, cue: Mention | None) -> str:
    """English: the negator of an infinitive right after the cue whose object the issue term is
    ("agreed not to station troops in Ukraine", "pledged never to deploy forces"), or ""."""
    if cue is None or cue.end > issue.start:
        return ""
    hit = _NOT_TO_VERB.match(text[cue.end:issue.start])
    return hit.group(1) if hit is not None else ""


# A temporal preposition or conjunction this many words before an issue term makes it a time.
PRECONDITION_WORDS = 3
# "once" before a verb in the past is "formerly" ("which once rejected any buffer zone"), no precondition
_FORMERLY = re.compile(r"once\s+(?:\w+ed|had|was|were|said|fought|sought|held|made|took|gave|called|saw)", re.IGNORECASE)


def in_precondition(text: str, issue: Mention, cue: Mention, m: Matchers) -> bool:
    """"soll zum Einsatz kommen, sobald ein Waffenstillstand erreicht ist": a term in a temporal
    precondition clause is when the position applies, not what the cue is about."""
    start = max(text.rfind(mark, 0, issue.start) for mark in ",–:;") + 1
    words = text[start:issue.start].split()
    preconditions = m.words.get("precondition", frozenset())
    if words and words[0].casefold() in preconditions:
        return not start <= cue.start < issue.start
    # "wollen nach einem Ende der Kämpfe Soldaten entsenden", "boots on the ground once the fighting
    # stops": a temporal phrase right before the term, inside the clause
    tail = words[-PRECONDITION_WORDS:]
    near = [w for n, w in enumerate(tail) if w.casefold() in preconditions
            and not (n + 1 < len(tail) and _FORMERLY.fullmatch(f"{w} {tail[n + 1]}"))]
    if not near:
        return False
    at = text.rfind(near[-1], start, issue.start)
    return not at <= cue.start < issue.start


def procedure_topic(text: str, issue: Mention, cue: Mention, m: Matchers) -> bool:
    """"erwägt ein Referendum über die Donbass-Kontrolle": the issue is the topic of a procedure the
    cue is about, not the cue's object (a vote on a hand-over is no stance on the hand-over)."""
    pattern = m.cues.get("procedure")
    if pattern is None:
        return False
    start, _ = clause_bounds(text, issue.start)
    for hit in pattern.finditer(text, start, issue.start):
        gap = text[hit.end():issue.start]
        if len(gap) <= PROCEDURE_GAP_CHARS and not hit.end() <= cue.start < issue.start:
            return True
    return False


# A linking noun's preposition ("Bedingungen für eine Waffenruhe"): its object is what is made
# conditional; after a linking verb's ("gekoppelt an einen Rückzug") comes the condition itself.
_CONDITION_OF = frozenset({"für", "for"})
# The object right after a linking noun ("Bedingungen für eine Waffenruhe"): a determiner and adjectives.
_LINKED_NEXT = re.compile(r"\s*(?:(?:eine[nmrs]?|die|der|den|dem|das|a|an|the|any)\s+)?(?:[a-zäöüß][\w\-]*\s+){0,2}")


# What giving a stance up leaves: a demand dropped is a refusal now (the schema's negated cue), an
# objection dropped an acceptance, an undecided stance given up is no longer open.
_GIVEN_UP: dict[str, Stance] = {"support": "oppose", "oppose": "support", "open": "oppose"}


# A stance on giving an issue up is the opposite stance on the issue: pressing for it is opposing the
# issue, refusing it is keeping the issue (an undecided stance stays undecided).
_GIVEN_UP_ISSUE: dict[Stance, Stance] = {"support": "oppose", "oppose": "support"}
ISSUE_ABANDON_WORDS = 5  # "to bury its hopes of joining NATO": the give-up verb this close to the issue


def _issue_abandoned(text: str, cue: Mention, issue: Mention, m: Matchers) -> str:
    """The give-up verb whose object the issue is, after the cue and before the issue in its clause:
    "wants Kyiv to give up its hopes of joining NATO"; or "". (Not German's verb after its object:
    tried, it mistook "sich aus dem Donbass zurückziehen" and the like for giving up.)"""
    pattern = m.cues.get("abandon")
    if pattern is None or cue.start >= issue.start:
        return ""
    start, end = clause_bounds(text, issue.start)
    for hit in pattern.finditer(text, max(start, min(cue.end, issue.start)), end):
        if hit.start() < issue.end and issue.start < hit.end():
            continue  # the term's own verb ("drop its bid to join NATO"): the term says it already
        if hit.end() > issue.start or _MOVEMENT.match(hit.group()):
            continue  # German verbs after their object give up too much else: "sich … zurückziehen"
        gap = text[hit.end():issue.start]
        if len(gap.split()) <= ISSUE_ABANDON_WORDS and not re.search(r"[,;:]", gap) and not _COORDINATION_WORD.search(gap):
            return hit.group()
    return ""


# withdrawing troops is an act on the ground, not giving a position up
_MOVEMENT = re.compile(r"withdr|pull", re.IGNORECASE)
_COORDINATION_WORD = re.compile(r"\b(?:and|or|but|und|oder|aber|sondern)\b", re.IGNORECASE)


def composed_stance(text: str, cue: Mention | None, issue: Mention, issue_negator: str, m: Matchers,
            condition: str = "", outer: Mention | None = None) -> tuple[Stance | None, list[str]]:
    """The stance from the cue, its negation, conditions and the issue term's polarity."""
    markers: list[str] = []
    impossible = m.cues.get("impossible")
    linking = m.cues.get("linking")
    if (cue is not None and linking is not None and base_stance(cue.kind) == "support" and linking.fullmatch(cue.text)
            and (cue.start < issue.start and issue.end <= cue.end
                 or cue.end <= issue.start and len(cue.text.split()) <= 2 and _LINKED_NEXT.fullmatch(text[cue.end:issue.start])
                 and cue.text.split()[-1].casefold() in _CONDITION_OF
                 or issue.end <= cue.start and cue.text.split()[-1].casefold() not in _CONDITION_OF
                 and _LINKED_NEXT.fullmatch(text[clause_bounds(text, issue.start)[0]:issue.start].lower()))):
        # "knüpft eine Feuerpause an Bedingungen", "seine Bedingungen für eine Waffenruhe", "Eine
        # Feuerpause machte Putin von Bedingungen abhängig": what is made conditional is open (what it
        # is tied to is demanded; a term before a condition noun is that condition: "der Abzug … sei
        # Bedingung für einen Frieden")
        return "open", [cue.text]
    if cue is None:
        markers.append(issue_negator)
        if impossible is not None and impossible.search(text):
            return "support", markers  # "ohne die Wahlen unmöglich": the term is a necessity
        if issue_negator.casefold() in _WITHOUT:
            # "Ohne sie werde es keinen Frieden geben", "a ceasefire without guarantees is dangerous":
            # with no stance verb, what things are "without" is what they need (an against phrase's
            # opposite: "eine Waffenruhe ohne Abzug der russischen Truppen" needs that withdrawal)
            return ("oppose" if issue.polarity < 0 else "support"), markers
        # a negated term is a refusal; a negated against phrase ("will not give up its ambition to
        # join NATO") keeps the proposition
        return ("support" if issue.polarity < 0 else "oppose"), markers
    if issue_negator and issue_negator.casefold() in cue.text.casefold().split():
        issue_negator = ""  # "will never recognise": the cue's own negator, counted once
    verbs = [c.start for c in (cue, outer) if c is not None and c.end <= issue.start]
    if issue_negator and verbs and 0 <= text.rfind(issue_negator, 0, issue.start) <= min(verbs):
        issue_negator = ""  # "would never accept troops from …": a negator before the verb is the verb's
    if (issue_negator.casefold() in _WITHOUT and impossible is not None
            and impossible.search(text, *clause_bounds(text, issue.start))):
        return "support", [issue_negator]  # "ohne Wahlen sei das unmöglich": whatever else the sentence says
    # The issue phrase's own negation ("kein NATO-Beitritt") is its polarity, not the cue's negation.
    mask_from = text.rfind(issue_negator, 0, issue.start) if issue_negator else issue.start
    masked = text[:mask_from] + " " * (issue.end - mask_from) + text[issue.end:]
    stance, cue_markers = stance_after_negation(masked, cue, m, issue.start, condition)
    markers.extend(cue_markers)
    negators = m.words.get("negators", frozenset())
    if (issue_negator and cue.end <= issue.start and _NEXT_CONJUNCT.search(text, cue.end, issue.start)
            and any(marker.casefold() in negators for marker in cue_markers)):
        issue_negator = ""  # "werde keine Basen dulden und keine Truppen stationieren lassen": parallel, not stacked
    # under a governing cue ("nicht bereit, einer Waffenruhe zuzustimmen", "refusal to accept a cap")
    # the complement is read on its own: the outer cue's negator is the outer cue's ("not ready to agree")
    inner = masked if outer is None else " " * outer.end + masked[outer.end:]
    if outer is not None:
        stance, _ = stance_after_negation(inner, cue, m, issue.start, condition)
    conditional = m.cues.get("conditional")
    # "prepared to drop the bid in exchange for guarantees": what a condition asks for is not given up;
    # "not prepared to abandon plans to send troops": the give-up is the complement's, its negator the outer cue's
    given_up, kept = ("", False) if conditional is not None and conditional.fullmatch(cue.text) else abandoned(inner, cue, m)
    denial = m.cues.get("denied_content")
    denied = denial is not None and any(denial.fullmatch(marker) for marker in cue_markers)
    if given_up and (kept or denied):
        # "has not dropped its demand", "nothing suggests Moscow is ready to drop its demand": the
        # demand stands, the negation was the giving up's
        markers.append(given_up)
        stance = base_stance(cue.kind)
    elif given_up:  # "dropped his call for a ceasefire", "gibt seinen Widerstand auf": the stance turns
        markers.append(given_up)
        stance = _GIVEN_UP[base_stance(cue.kind)]
        condition_hit = conditional.search(text, cue.end) if conditional is not None else None
        if condition_hit is not None:
            # "prepared to drop its NATO goal if it received binding guarantees": a give-up on a condition
            # is open, and what it is conditional on is demanded
            markers.append(condition_hit.group())
            stance = "support" if condition_hit.end() <= issue.start else "open"
    if outer is not None:
        outer_stance, outer_markers = stance_after_negation(masked, outer, m, issue.start)
        markers.extend([outer.text, *outer_markers])
        if given_up and not (kept or denied) and outer_stance == "oppose":
            stance = base_stance(cue.kind)  # "not prepared to abandon plans to send troops": refusing to give it up keeps it
        else:
            stance = _COMPOSED[outer_stance][stance]
    if (dropped := _issue_abandoned(text, cue, issue, m)) and stance in _GIVEN_UP_ISSUE:
        markers.append(dropped)  # "wants Kyiv to give up its hopes of joining NATO": the wish is its end
        stance = _GIVEN_UP_ISSUE[stance]
    if issue_negator.casefold() in CORRELATIVE:
        if any(x.casefold() in CORRELATIVE or x.casefold() in negators for x in markers):
            # "akzeptiert weder X noch Y": the cue's "weder" denies both conjuncts already; "keinerlei
            # Bereitschaft, … anzuerkennen – weder de jure noch de facto": the negated cue's concord
            issue_negator = ""
        else:  # "Weder X noch Y sind verhandelbar": the predicate's negation
            markers.append(issue_negator)
            return NEGATED[stance], markers
    table, principle = m.cues.get("non_negotiable"), m.cues.get("principles")
    if (issue.polarity < 0 and not issue_negator and table is not None and principle is not None
            and table.fullmatch(cue.text) and principle.search(issue.text)):
        # "territorial integrity is non-negotiable", "die Souveränität ist eine rote Linie": what is not up
        # for negotiation there is the holder's own principle, which it insists on (the term's opposite is refused)
        stance = "support"
    if cue.end <= issue.start and _BUT_NOT.search(text, cue.end, issue.start):
        issue_negator = issue_negator or "aber nicht"  # "bereit, die Front einzufrieren – aber nicht, sich … zurückzuziehen"
    polarity = issue.polarity * (-1 if issue_negator else 1)
    if issue_negator:
        markers.append(issue_negator)
    if polarity < 0 and stance != "open":
        stance = "oppose" if stance == "support" else "support"
    return stance, markers
