"""Which stance cue governs an issue mention: the nearest in its clause, its governor, its content."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from parsers.attribution import REPORT_PARTICIPLES, clause_bounds, relative_clause_at
from parsers.discourse import (
    NOW_WORDS,
    Context,
    Group,
    PlanAuthor,
)
from parsers.holders import ATTRIBUTIVE, ATTRIBUTIVE_AGENT_CHARS, PUNCTUATION, genitive_holder
from parsers.lexicon_types import Matchers
from parsers.mentions import Mention
from parsers.modality import (
    base_stance,
)

# Enumerations share their cue: "Donezk und Luhansk – einschließlich … – sowie die Anerkennung".
_PARENTHETICAL = re.compile(r"\s[–—]\s[^–—]*\s[–—]\s|\([^()]*\)")
_NEXT_ITEM = re.compile(r"^(?:\s+[\w\-]+){0,2}[\s,]*(?:und|sowie|and|as well as|,)\s+(?:[\w\-]+\s+){0,3}$",
                        re.IGNORECASE)  # the rest of the previous noun phrase, a coordinator, a determiner
# A cue farther than this from the issue term rarely governs it: enough for a stance noun with a
# dass-clause ("Zu den Forderungen X gehört, dass sich ... heraushält") or an enumeration; longer
# pairs cues with unrelated issues in long German sentences.
MAX_CUE_DISTANCE = 120


# An "open" cue this close to its clause's end stands without an object ("keeps the door open").
CLAUSE_END_WORDS = 3
# "pressing Kyiv to accept": the pressing verb, its object and the infinitive marker fit in this span.
PRESSURE_CHARS = 60
# "Rutte hat Moskau aufgefordert": the pressed actor this close before a participle of pressing
PRESSED_BEFORE_CHARS = 12
_TO_BEFORE = re.compile(r"(?:\bto|\bzu|\binto)\s*$", re.IGNORECASE)
_ZU_BEFORE = re.compile(r"\bzu\s+$", re.IGNORECASE)
# "obliges Kyiv never to join NATO": the step is a negated infinitive, its negator the cue
_NEGATED_TO = re.compile(r"(?:never|not)\s+to\b", re.IGNORECASE)
# ...or a negator before the "to" of the step's infinitive ("urged Zelensky never to accept"), which turns it
_NEGATED_TO_BEFORE = re.compile(r"\b(?:never|not)\s+to\s*$", re.IGNORECASE)
_NEGATED_STEP: dict[str, str] = {"support": "oppose", "accept": "oppose", "oppose": "support"}
# "pressed Kyiv to withdraw its troops from …", "drängt Kiew zu …": the step follows the pressed actor.
_TO_AFTER = re.compile(r"^\W*(?:\S+\s+){0,3}?(?:to|into|zu|zum|zur)\b", re.IGNORECASE)


def revised(issue: Mention, cue: Mention | None, cues: list[Mention], issues: list[Mention],
             actors: list[Mention], text: str, m: Matchers) -> Mention | None:
    """"hatte Wahlen zunächst abgelehnt, inzwischen zeigt er sich bereit, sie abzuhalten", "does not
    insist on joining now but keeps the door open": after a change or contrast marker, a later stance
    cue of the same holder about the same issue states the position at publication (docs/labelling.md)."""
    pattern = m.cues.get("change")
    if cue is None or pattern is None:
        return cue
    for marker in pattern.finditer(text, cue.end):
        later = next((c for c in cues if c.start >= marker.end()), None)
        if later is None:
            return cue
        if any(i.kind != issue.kind and i.start >= marker.end() for i in issues):
            return cue  # the later clause is about another issue
        holders = {a.kind for a in actors if a.end <= cue.start and not a.oblique}
        if any(cue.end <= a.start < later.end and not a.oblique and a.kind not in holders for a in actors):
            # another holder speaks there ("Trump … ; Washington now …" is the same one; "Trump forderte Wahlen
            # und behauptete, Selenskyj sei inzwischen dazu bereit" another)
            return cue
        _, end = clause_bounds(text, later.start)
        tail = text[later.end:end].split()
        between = {w.strip(",.").casefold() for w in text[marker.end():end].split()}
        # an "open" idiom needs no object ("keeps the door open"); other cues must refer back
        idiom = later.kind.startswith("open") and len(tail) <= CLAUSE_END_WORDS
        # ("that" there opens a clause of its own: "demanding instead agreements that would …")
        refers = (between & m.words.get("anaphors", frozenset())) - {"that"}
        # a resuming phrase of more than one word ("now backs such a moratorium", "calls the question open")
        resumed = (anaphor := m.cues.get("anaphors")) is not None and any(
            " " in hit.group().strip() for hit in anaphor.finditer(text, marker.end(), end))
        if idiom or refers or resumed or between & m.words.get("third_person", frozenset()):
            return later
        return cue
    return cue


def pressed_toward(issue: Mention, cue: Mention | None, actors: list[Mention], text: str,
             m: Matchers) -> Mention | None:
    """"Washington is pressing Kyiv to accept a buffer zone", "pressed Kyiv to withdraw from Donetsk",
    "will Kiew zu einem Verzicht bewegen": the actor who presses for the step holds the position, not
    the one pressed. The step is a cue or the issue term itself."""
    pattern = m.cues.get("pressure")
    if pattern is None:
        return cue
    step = cue if cue is not None and cue.end <= issue.start else issue
    # "drängt Kiew, einer Waffenruhe zuzustimmen", "fordert Moskau auf, den Donbass zu räumen": the
    # German step is an infinitive with zu after its object
    after = cue if cue is not None and cue.start >= issue.end else None
    infinitive = bool(_INFINITIVE_DE.search(after.text if after is not None else issue.text)
                      # "dazu bewegen, einen Rückzug … zu akzeptieren": the zu stands before the cue
                      or (after is not None and _ZU_BEFORE.search(text, 0, after.start)))
    reach = 2 * PRESSURE_CHARS if infinitive else PRESSURE_CHARS  # the zu-infinitive's object stands between
    for hit in pattern.finditer(text, max(0, step.start - reach), step.start):
        between = text[hit.end():step.start]
        # the pressed actor follows the verb, or stands before its participle ("hat Moskau aufgefordert")
        if any((hit.start() < a.start and a.end <= step.start)
               or (0 <= hit.start() - a.end <= PRESSED_BEFORE_CHARS and any(b.end <= a.start for b in actors))
               for a in actors) and (
                # "talk Zelensky into accepting": the particle may close the pressure idiom itself
                _TO_BEFORE.search(text, hit.start(), step.start) or _NEGATED_TO.match(text, step.start)
                or (step is issue and (_TO_AFTER.match(between) or (
                    infinitive and between.count(",") <= 1 and not SENTENCE_PUNCT.search(between))))):
            negated_step = step is cue and _NEGATED_TO.match(text, step.start) is not None  # its negator still negates
            kind = (cue.kind if cue is not None and not negated_step and (step is cue or (infinitive and cue.start >= issue.end))
                    else "support")
            if step is cue and _NEGATED_TO_BEFORE.search(text, hit.end(), step.start) and kind in _NEGATED_STEP:
                kind = _NEGATED_STEP[kind]  # "urged Zelensky never to accept a ceasefire": pressed against the step
            return Mention(kind, hit.start(), hit.end(), hit.group())
    return cue
# An infinitive complement starts this close after the cue that governs it ("bereit, einer sofortigen
# Waffenruhe zuzustimmen").
COMPLEMENT_CHARS = 80
_INFINITIVE_DE = re.compile(r"(?:\bzu\s+\w+|\w+zu\w+en)$", re.IGNORECASE)
_TO_END = re.compile(r"\bto\s*$", re.IGNORECASE)
# "rules out taking part", "insists on joining", "opposed to sending": a gerund right after the
# outer cue (a preposition or an adverb between at most) is its complement as an infinitive is.
_GERUND_GAP = re.compile(r"^\s*(?:\w+\s+)?$")
_GERUND = re.compile(r"^\w+ing\b", re.IGNORECASE)
# A content clause of the governing cue: "demanded that Ukraine accept …", "fordert, dass Kiew …
# zustimmt", "bekräftigte, Russland werde … niemals zustimmen" (no sentence break in between).
_CONTENT_GAP = re.compile(r"^\s*(?:,\s*(?:according to|laut|so|per|nach Angaben)\b[^,]*(?=,))?"
                          r"\s*(?:,(?!\s*(?:sondern|aber|und|doch|oder|jedoch|but|and|or|wenn|falls|sofern|weil|als|"
                          r"bevor|nachdem|sobald|damit|um|während|obwohl|if|when|because|while|unless|once|which|who|"
                          r"die|der|das|den|dem|wo|wie|zu)\b)\s*(?:dass\s)?|(?:that|dass)\s"
                          # the content of a promise asked for: "wants a guarantee that Ukraine will never join"
                          r"|(?:(?:a|an|the|any|its|their|seine|ihre|eine|die)\s+)?(?:[\w\-]+\s+){0,2}?(?:guarantees?|assurances?|"
                          r"pledges?|promises?|commitments?|undertakings?|Garantien?|Zusicherung(?:en)?|Zusagen?|Versprechen)"
                          r"\s*,?\s*(?:that|dass)\s)"
                          # (a comma of a list of names goes on the clause: "aus Donezk, Luhansk, Saporischschja und …")
                          r"(?:[^,]|,(?=\s+[A-ZÄÖÜ][\w\-]*(?:\s*,|\s+(?:und|and|sowie|oder|or)\b)))*$",
                          re.IGNORECASE)
# "rejected the demand for", "balked at a proposal to", "pushed back on calls to": a stance noun as
# the object of a stance verb (German puts it inside the split verb: "lehnt die Forderung … ab").
# A possessor ("agreed to Trump's request") holds the noun's stance itself (``requested_of``).
_NOUN_OBJECT_GAP = re.compile(r"^\s*(?:(?:at|on|to|against|with|of|for)\s+)?(?:(?:a|an|the|any|all|such|this|these|"
                              r"those|its|his|her|their|our|every)\s+)?(?:[\w\-]+(?<!['’]s)\s+)?"
                              # a noun that only names the object: "rejects the idea of a moratorium"
                              r"(?:(?:(?<=idea\s)|(?<=notion\s)|(?<=prospect\s)|(?<=possibility\s)|(?<=concept\s))of\s+"
                              r"(?:(?:a|an|the|any|such)\s+)?)?"
                              # the noun's defining clause: "rejected any deal that requires it to …"
                              r"(?:(?<=\w\s)(?:that|which)\s+)?$", re.IGNORECASE)
_BARE_COMMA = re.compile(r"^\s*,(?!.*\bthat\b)", re.IGNORECASE)
_COMPLEMENT_GAP = re.compile(r"^[^.;:!?()–—]*$")
# A few words between a verb and the comma of its content clause ("bekräftigte am Donnerstag, …")
_LEAD_ADVERBIAL = re.compile(r"^\s*(?:[\w\-]+\s+){0,2}[\w\-]+(?=\s*,)")
# the same for a German verb and its object noun ("prüft den amerikanischen Vorschlag")
_NOUN_OBJECT_GAP_DE = re.compile(r"^\s*(?:[\w\-]+\s+){0,3}?(?:den|die|das|dem|einen|eine|einem|jeden|jede|jedes|diesen|"
                                 r"diese|dieses|ihren|seinen|ihre|seine)\s+(?:[a-zäöüß][\w\-]*\s+)?$")
# German adverbs between a verb and its content clause: lower case (not the object), no auxiliary (which
# ends a clause of its own: "soll ausgeschlossen sein, ausländische Truppen …")
_ADVERBS_DE = re.compile(r"^\s*(?!(?:sein|ist|sind|war|waren|wird|werden|wurde|hat|haben|hatte)\b)[a-zäöüß]+(?:\s+[a-zäöüß]+)?(?=,)")
# ("had no intention", "had nothing against": the full verb "have" in the past, which reported speech
# shifts back from the present; English forms no pluperfect with them)
PLUPERFECT = re.compile(r"\b(?:hatte|hatten|hattest|had\b(?!\s+(?:no|nothing|little|any)\b))\b", re.IGNORECASE)


# A cue that ends in its content clause's opener ("beharrt darauf, dass", "tritt dafür ein, ")
_ENDS_IN_OPENER = re.compile(r"(?:,|\b(?:dass|that))\s*$")
# A comma and a subject pronoun before an indicative verb ("…, sie fordert"): reported content would
# be in Konjunktiv I ("…, sie fordere")
_PRONOUN_GAP_DE = re.compile(r",\s*(?:sie|er|es|man)\s+(?:\w+\s+)?", re.IGNORECASE)
_INDICATIVE_3SG = re.compile(r"[a-zäöüß]+[^e]t")


def governor(cue: Mention | None, cues: list[Mention], text: str, m: Matchers) -> tuple[Mention | None, bool]:
    """The stance cue whose complement ``cue`` is ("nicht bereit, … zuzustimmen", "refusal to accept",
    "rejected the demand for", "demanded that Ukraine accept"), or None; and whether that governing
    cue's holder holds the composed stance: for a content clause or an object noun it does ("Kyiv
    rejected a US proposal for …": Kyiv), for an infinitive the infinitive's holder is found from the
    infinitive ("agreed to Trump's request to suspend …": not Trump). A plan's provision governs nothing."""
    outer = next((c for c in reversed(cues) if cue is not None and c.end <= cue.start), None)
    if cue is None:
        return None, False
    if outer is None:
        return _governor_after(cue, cues, text, m)
    if (relative := relative_clause_at(text, outer.start)) is not None and relative[1] <= cue.start:
        return None, False  # "Merz, who called the debate premature, now backs …": the clause is closed
    gap = text[outer.end:cue.start]
    if not _COMPLEMENT_GAP.match(gap) or outer.kind.startswith("provision"):
        return None, False
    # German adverbs may stand between the verb and its content clause ("prüft derzeit, ob …")
    content_gap = _ADVERBS_DE.sub("", gap, count=1) if m.lang == "de" else gap
    if _ENDS_IN_OPENER.search(outer.text):  # "beharrt darauf, dass": the cue holds its content clause's opener
        content_gap = (", dass " if m.lang == "de" else " that ") + gap.lstrip()
    # English opens a content clause with "that" (or nothing), not with a bare comma: "… on his way
    # back, Putin demands …" is a new clause, not what "back" governs
    if m.lang == "de" and _PRONOUN_GAP_DE.fullmatch(gap) and _INDICATIVE_3SG.fullmatch(cue.text.split()[0]):
        return None, False  # "… kommen nicht in Frage, sie fordert …": a main clause of its own, no reported content
    if len(gap) <= MAX_CUE_DISTANCE and _CONTENT_GAP.match(content_gap) and not (m.lang == "en" and _BARE_COMMA.match(gap)):
        return outer, True  # "demanded that Ukraine accept", "bekräftigte, Russland werde … zustimmen"
    if m.lang == "en" and len(gap) <= MAX_CUE_DISTANCE and _later_list_item(gap, cue.text):
        # "demands that Ukraine renounce NATO, accept limits on its army and …": a later bare verb of the
        # content clause's list is as much the demand's content as the first
        return outer, True
    if len(gap) > COMPLEMENT_CHARS:
        return None, False
    if m.lang == "de":  # "zuzustimmen", "zu akzeptieren" (a split verb's first part is what counts)
        if cue.text[:1].isupper() and _NOUN_OBJECT_GAP_DE.match(gap):
            return outer, True  # "prüft den Vorschlag einer Pufferzone": the noun is the verb's object
        return (outer, False) if _INFINITIVE_DE.search(text[max(0, cue.start - 4):cue.end].split(" ... ")[0]) \
            else (None, False)
    to_end = bool(_TO_END.search(gap))
    noun_object = not to_end and bool(_NOUN_OBJECT_GAP.match(gap))
    if to_end or noun_object or (_GERUND_GAP.match(gap) and _GERUND.match(cue.text)):
        return outer, noun_object
    return None, False


def _governor_after(cue: Mention, cues: list[Mention], text: str, m: Matchers) -> tuple[Mention | None, bool]:
    """German puts the governing verb or its noun last: "erteilte der russischen Forderung nach
    Gebietsabtretungen eine klare Absage" (the demand noun is the object of the refusal after it). English puts
    it last in the passive: "The moratorium … will not be renewed" (the noun is what the verb is said of)."""
    if base_stance(cue.kind) != "support" or (later := _next_stance_cue(cue, cues)) is None:
        return None, False
    if m.lang == "en":
        if (not _NOUN_OPENER_EN.search(text, 0, cue.start) or not _PASSIVE_BEFORE_EN.search(text, cue.end, later.start)
                or _CLAUSE_PUNCT.search(text, cue.end, later.start) or _SUBORDINATOR_EN.search(text, cue.end, later.start)):
            return None, False
        return later, True
    if m.lang != "de" or not cue.text[:1].isupper():
        return None, False
    # "An dem Ziel, Mitglied der NATO zu werden, hält Kiew fest": an infinitive between commas
    # is the noun's attribute, and the verb after it still governs the noun
    if _CLAUSE_PUNCT.search(text, cue.end, later.start) and not _INFINITIVE_ATTRIBUTE.match(text, cue.end, later.start):
        return None, False
    if _NEXT_CONJUNCT_VERB_DE.search(text, cue.end, later.start):
        return None, False  # "hält an seiner Forderung nach … fest und will davon nicht abrücken": a verb of its own
    return later, True


# A German coordinator right before the later cue (at most one lower-case word between): that cue opens the
# next conjunct ("… fest und will …"), it does not govern a noun of the one before
_NEXT_CONJUNCT_VERB_DE = re.compile(r"\b(?:und|oder|aber|sondern)\s+(?:[a-zäöüß]\w*\s+)?$")


def _next_stance_cue(cue: Mention, cues: list[Mention]) -> Mention | None:
    """The cue right after ``cue``, unless it is a plan's provision (which governs nothing), or None."""
    later = next((c for c in cues if c.start >= cue.end), None)
    return None if later is None or later.kind.startswith("provision") else later


# A determiner right before an English cue: the cue is a noun ("the moratorium", "any extension")
_NOUN_OPENER_EN = re.compile(r"\b(?:the|a|an|any|this|that|its|their)\s+$", re.IGNORECASE)
# ...and no clause of its own between them ("its demand for elections before any deal is signed")
_SUBORDINATOR_EN = re.compile(r"\b(?:before|after|until|once|when|if|unless|while|because|as|that|which|who)\b", re.IGNORECASE)
# A passive auxiliary right before the later cue ("will not be renewed", "was rejected", "has been extended")
_PASSIVE_BEFORE_EN = re.compile(r"\b(?:be|been|is|are|was|were)\s+(?:\w+ly\s+)?$")


def current_cues(cues: list[Mention], text: str, issues: Sequence[Mention] = ()) -> list[Mention]:
    """Cues without those a later cue supersedes: "Selenskyj, der Wahlen lange ausgeschlossen hatte,
    erklärte sich nun bereit": a pluperfect clause followed by another cue held the old position.
    (Not a relative clause on an issue term: "Eine Waffenruhe, die Macron gefordert hatte, lehnte der
    Kreml ab" is Macron's demand beside the Kremlin's refusal.)"""
    if len(cues) < 2:
        return cues
    out = []
    for cue in cues:
        if cue.start == 0 and _ASKED.match(cue.text):
            continue  # "Asked whether …, Peskov said …": the question put to the speaker, not a request of his
        start, end = clause_bounds(text, cue.start)
        comma = text.find(",", cue.end)
        end = min(end, comma) if comma >= 0 else end  # a relative clause ends at its comma
        # (a cue after a semicolon is another main clause's: "Kiew hatte … zugestimmt; Rubio hatte erklärt, man
        # müsse …" keeps Kyiv's assent; not one that says what holds now: "…; davon ist nun keine Rede mehr")
        later = any(c.start >= end and (";" not in text[end:c.start] or _NOW.search(text, end, c.end)) for c in cues)
        old = PLUPERFECT.search(text, start, end) is not None
        if _AFTER_A_WHILE.match(text, 0, cue.start) and any(c.start >= cue.end for c in cues):
            continue  # "Nach wochenlangem Zögern hat Berlin …", "After months of rejecting …": what came before
        if not (later and old) or _on_issue_term(cue, issues, text):
            out.append(cue)
    return out


def _on_issue_term(cue: Mention, issues: Sequence[Mention], text: str) -> bool:
    """Is ``cue`` inside a relative clause that opens right after an issue term?"""
    return any(i.end <= cue.start and (clause := _RELATIVE_OPENING.match(text, i.end)) is not None
               and clause.end() - 1 <= cue.start and not _SENTENCE_PUNCT.search(text, clause.end(), cue.start)
               for i in issues)


# Words that say a clause tells what holds now ("nun", "no longer", "keine Rede mehr")
_NOW = re.compile(r"\b(?:" + NOW_WORDS + r"|mehr|longer)\b", re.IGNORECASE)


# The verb that puts a question to the speaker at the start of a sentence
_ASKED = re.compile(r"(?:Asked|Gefragt)\b")


def modal_helpers_dropped(cues: list[Mention], text: str, m: Matchers) -> list[Mention]:
    """Cues without a modal of obligation that only helps a passive or copular stance cue after it
    ("should be rejected", "must remain open", "müsse abgelehnt werden", "solle offen bleiben"): the
    stance is the inner cue's; the modal would read every one of them as a demand."""
    must = m.cues.get("obligation")
    if must is None or len(cues) < 2:
        return cues
    helpers = set()
    for modal, inner in pairwise(cues):
        if not must.fullmatch(modal.text) or inner.start < modal.end:
            continue
        gap = text[modal.end:inner.start]
        if m.lang == "en":
            passive = bool(_PASSIVE_GAP_EN.fullmatch(gap) or (_ADVERB_GAP_EN.fullmatch(gap) and _COPULA_EN.match(inner.text)))
        else:
            passive = bool(_ADVERB_GAP_DE.fullmatch(gap) and (_PASSIVE_AFTER_DE.match(text, inner.end)
                                                               or _COPULA_DE.search(inner.text)))
        if passive:
            helpers.add(modal)
    return [c for c in cues if c not in helpers] if helpers else cues


# between a modal and a passive or copular stance cue: "should be", "must not be", "should remain", "must
# clearly be" (the cue may start with "left": "should be left open")
_ADVERBS_EN = r"\s+(?:(?:not|never|also|still|now|\w+ly)\s+)*"
_PASSIVE_GAP_EN = re.compile(_ADVERBS_EN + r"(?:be|remain|stay)\s+(?:(?:\w+ly)\s+)?")
# ... or adverbs only, before a cue that holds the copula itself ("must remain open", "should stay neutral")
_ADVERB_GAP_EN = re.compile(_ADVERBS_EN)
_COPULA_EN = re.compile(r"(?:remain|stay|be)\b", re.IGNORECASE)
# a German cue that ends in its copula ("offen bleiben")
_COPULA_WORDS_DE = r"(?:werden|bleiben|sein)"
_COPULA_DE = re.compile(r"\s" + _COPULA_WORDS_DE + "$")
# between a German modal and its participle or adjective: at most a negation or a particle
_ADVERB_GAP_DE = re.compile(r"\s+(?:(?:nicht|nie|auch|weiter|weiterhin|jedenfalls|unbedingt)\s+)*")
# after the participle or adjective: the passive or copular verb
_PASSIVE_AFTER_DE = re.compile(r"\s+" + _COPULA_WORDS_DE + r"\b")


# A fronted phrase of time that names what went before, up to the cue: "Nach wochenlangem ",
# "After months of " (the cue is the earlier stance, the clause after it says the present one)
_AFTER_A_WHILE = re.compile(r"\W*(?:Nach|After)\s+(?:(?:\w*lange[mnr]?|anfängliche[mnr]?|(?:weeks|months|years|days)\s+of|long|initial)\s+)+$",
                            re.IGNORECASE)


def alleged(anchor: Mention, text: str, m: Matchers) -> bool:
    """Does an allegation verb govern the cue ("Selenskyj beschuldigt den Kreml, … anzustreben",
    "accused Moscow of seeking")? Then nobody holds the position: not the accused (it is the
    accuser's claim about them), nor the accuser (who does not want what they allege). A
    sentence that goes on after an allegation mostly goes on about it ("accused Russia of …, and
    said Moscow had shown no willingness comparable to Kyiv's …"), so the whole rest counts."""
    pattern = m.cues.get("allegation")
    return pattern is not None and pattern.search(text, 0, anchor.start) is not None


def cue_elsewhere(issue: Mention, actors: list[Mention], text: str, m: Matchers) -> bool:
    """An issue term in a clause about another conflict or country ("eine Waffenruhe im Gazastreifen",
    "the Bundeswehr's 260,000 troops") with no Russian or Ukrainian actor in it is not this war's."""
    pattern = m.cues.get("elsewhere")
    if pattern is None:
        return False
    start, end = clause_bounds(text, issue.start)
    # "Germany, France, …, Finland, Norway, Sweden and the Netherlands adopted …": a country in a list
    # of actors is one of them, not another place
    hits = [h for h in pattern.finditer(text, start, end) if not _listed_with(h, actors, text)]
    if not hits:
        # "In Ungarn wird im April gewählt; Orbán lehnt eine Verschiebung der Wahl ab": a definite term in a
        # later clause without a party of its own takes up the other country's vote or war named before it
        # (coordinated main clauses only: after "sagte bei einem Besuch in Indien, …" the content is this war's)
        return (_DEFINITE_BEFORE.search(text[max(0, issue.start - 12):issue.start]) is not None
                and any(_COORDINATED.search(text, hit.end(), start) for hit in pattern.finditer(text, 0, start))
                and not any(a.kind in _PARTIES and start <= a.start < end for a in actors))
    if any(h.start() < issue.end and issue.start < h.end() for h in hits):
        return True  # the term itself names another vote or place ("regional elections", "Dumawahl"), whoever holds it
    near_start, near_end = max(start, issue.start - ELSEWHERE_CHARS), min(end, issue.end + ELSEWHERE_CHARS)
    parties = [a for a in actors if a.kind in _PARTIES]
    for hit in (h for h in hits if near_start <= h.start() and h.end() <= near_end):
        # "the Gaza truce": named with it, whoever else the clause names; but not when a party stands
        # between them or with the other country ("mit der Ukraine und mit Moldau über einen Beitritt")
        # (a party past a comma starts a clause of its own: "With the Gaza truce holding, Moscow …")
        if not any(min(hit.start(), issue.start) <= a.start <= max(hit.end(), issue.end)
                   or (abs(a.start - hit.start()) <= ELSEWHERE_PARTNER_CHARS
                       and not _CLAUSE_PUNCT.search(text, min(a.end, hit.end()), max(a.start, hit.start())))
                   for a in parties):
            return True
    return not any(a.kind in _PARTIES and start <= a.start < end for a in actors)


def _listed_with(hit: re.Match[str], actors: list[Mention], text: str) -> bool:
    """Is the place an item of a list of actors ("…, Finland, Norway, …")?"""
    return any(_LIST_JOIN.fullmatch(text, a.end, hit.start()) or _LIST_JOIN.fullmatch(text, hit.end(), a.start)
               for a in actors)


# Between two items of a list of countries: other capitalised names may stand in between.
_LIST_JOIN = re.compile(r"(?:\s*,\s*(?:the\s+|die\s+|der\s+)?[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*)?)*"
                        r"\s*(?:,|,?\s*(?:and|und|sowie))\s*(?:the\s+|die\s+|der\s+)?")
# Another conflict or country this close to the issue term names where it is ("the Gaza truce").
ELSEWHERE_CHARS = 24
# a definite article right before a term: it takes up something named before ("der Wahl", "the vote")
_COORDINATED = re.compile(r";|,\s+(?:and|und)\b")
_DEFINITE_BEFORE = re.compile(r"\b(?:der|die|das|dem|den|des|the|this|that)\s+$", re.IGNORECASE)
ELSEWHERE_PARTNER_CHARS = 20
# The two warring parties: a clause that names one of them is about this war.
_PARTIES = frozenset({"russia", "ukraine"})


def requested_of(issue: Mention, cue: Mention | None, cues: list[Mention], actors: list[Mention], text: str,
              m: Matchers) -> list[tuple[Mention, int, bool]]:
    """Second cues of one issue: "stimmte nach der Bitte Trumps einer Waffenruhe zu" gives the requester
    (a support noun with its own possessor) and the one who agrees a position each.

    The third item marks a request cue: its possessor is named by the narrator, so it counts even
    inside another actor's statement ("The Kremlin said it agreed to Trump's request").
    """
    if cue is None:
        return []
    others = [c for c in cues if c is not cue and cue_distance(c, issue) <= MAX_CUE_DISTANCE]
    if cue.kind == "support" and genitive_holder(cue, actors, text, m) is not None:
        rest = sorted(others, key=lambda c: cue_distance(c, issue))[:1]  # the verb the request is about
        return [(c, cue_distance(c, issue), False) for c in rest]
    rest = [c for c in others if c.kind == "support" and (
        genitive_holder(c, actors, text, m) is not None or _participle_agent(c, issue, actors, text))]
    return [(c, cue_distance(c, issue), True) for c in rest]


# A relative clause opening right after an issue term ("the truce that Kyiv accepted", "die Waffenruhe,
# der Kiew zugestimmt hat"): its verb is the relative clause's own.
_RELATIVE_OPENING = re.compile(r"\s*(?:(?:,\s*)?(?:that|which)|,\s*(?:der|die|das|den|dem|denen|welche[rnsm]?)"
                               # "eine Waffenruhe, wie Kiew sie verlangt": a comparative clause that takes the term up
                               r"|,\s*wie(?=\s+(?:[\w\-]+\s+){0,6}?(?:sie|es|ihn)\s)"
                               # an English contact clause: "the truce Ukraine accepted in March", "the ceasefire Kyiv has proposed"
                               r"|(?=\s+(?:the\s+)?[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?\s+(?:(?:has|have|had)\s+(?:long\s+|already\s+)?"
                               r"[a-z]+(?:ed|en)|[a-z]+ed|wants|demands|seeks|rejects|backs|proposes|accepts|supports|"
                               r"favou?rs|opposes|offers)\b))\s+"
                               r"(?!is\b|are\b|was\b|were\b|would\b|will\b)\S")


# Between the comma closing a relative clause on a fronted German object and the main clause's verb
# cue: nothing, or a finite auxiliary or modal with the subject ("…, will Kiew nicht akzeptieren")
_VERB_SECOND = re.compile(r"\s*(?:(?:will|wollen|wollte|wollten|kann|können|konnte|konnten|werde|werden|wird|wurde|wurden|"
                          r"hat|haben|hatte|hatten)\s+(?:[\w\-]+\s+){0,3})?")


def past_volition(cue: Mention | None, cues: list[Mention], text: str, m: Matchers) -> Mention | None:
    """"Kiew will ausländische Truppen nicht zulassen": a German modal of wanting is an auxiliary; the
    stance verb closing its clause carries the stance (wanting composes with it as itself)."""
    if cue is None or cue.text.casefold() not in m.words.get("volition", frozenset()):
        return cue
    return next((c for c in cues if c.start > cue.end and not c.kind.startswith("provision")
                 and not _CLAUSE_PUNCT.search(text, cue.end, c.start)), cue)


def beside_relative(issue: Mention, cue: Mention | None, cues: list[Mention],
                     text: str) -> list[tuple[Mention, int, bool]]:
    """"The Kremlin refused the truce that Kyiv accepted in March": the cue of a relative clause on the
    issue term gives the clause's holder a position; the main clause's cue before the term gives its
    subject one too."""
    if cue is None:
        return []
    if cue.start >= issue.end:  # the relative clause's cue was chosen: add the main clause's
        if (clause := _RELATIVE_OPENING.match(text, issue.end)) is None:
            return []
        comma = text.rfind(",", clause.end(), cue.start)
        if comma >= 0 and _VERB_SECOND.fullmatch(text, comma + 1, cue.start) and not _SENTENCE_PUNCT.search(
                text, clause.end(), comma):
            # the main clause's cue after the relative clause was chosen (a German object before its
            # verb: "Eine Waffenruhe, die Macron und Merz gefordert hatten, lehnte der Kreml ab"): add the
            # clause's own verb, the last cue before its closing comma (a list of names may hold commas)
            inside = [c for c in cues if clause.end() - 1 <= c.start and c.end <= comma]
            return [(inside[-1], inside[-1].start - issue.end, False)] if inside else []
        closing = text.find(",", cue.end)
        if closing >= 0 and not _SENTENCE_PUNCT.search(text, cue.end, closing) and (after := next(
                (c for c in cues if c.start > closing), None)) is not None and _VERB_SECOND.fullmatch(
                text, closing + 1, after.start):
            return [(after, after.start - closing, False)]  # "Die Pufferzone, die Moskau verlangt, lehnt Kiew ab"
        before = [c for c in cues if c.end <= issue.start and issue.start - c.end <= MAX_CUE_DISTANCE
                  and not _CLAUSE_PUNCT.search(text, c.end, issue.start)]
        return [(before[-1], issue.start - before[-1].end, False)] if before else []
    # the main clause's cue was chosen ("lehnt die Waffenruhe ab, der Kiew zugestimmt hat"): add the
    # relative clause's, if one opens right after the term or right after the cue around it
    opening = max(issue.end, cue.end)
    clause = _RELATIVE_OPENING.match(text, opening)
    if clause is None:
        return []
    end = _CLAUSE_PUNCT.search(text, clause.end())
    inside = [c for c in cues if clause.end() - 1 <= c.start and (end is None or c.end <= end.start())]
    return [(inside[0], inside[0].start - opening, False)] if inside else []


def coordinated_passive(cue: Mention | None, cues: list[Mention], text: str) -> list[tuple[Mention, int, bool]]:
    """"Die Waffenruhe wurde von Washington vorgeschlagen und von Kiew angenommen", "was proposed by
    Washington and accepted by Kyiv": a second passive predicate with an agent of its own says its
    agent's stance on the same subject."""
    if cue is None or (later := _next_stance_cue(cue, cues)) is None:
        return []
    gap = text[cue.end:later.start]
    if _AND_BY_AGENT_DE.fullmatch(gap) or (_AND_EN.fullmatch(gap) and _BY_AGENT_EN.match(text, later.end)):
        return [(later, later.start - cue.end, False)]
    return []


# "… und von Kiew angenommen": a coordinated participle with its own agent before it
_AND_BY_AGENT_DE = re.compile(r"\s+und\s+von\s+(?:der\s+|dem\s+|den\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+")
# "… (by Washington) and accepted by Kyiv": the English agent after its participle
_AND_EN = re.compile(r"\s+(?:by\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+)?and\s+(?:(?:then|later|quickly|swiftly)\s+)?")
_BY_AGENT_EN = re.compile(r"\s+by\s+")


def _participle_agent(cue: Mention, issue: Mention, actors: list[Mention], text: str) -> bool:
    """"eine von Moskau verlangte Obergrenze": an attributive participle right before the issue term,
    with its agent right before it, is that agent's position on the issue."""
    return (0 <= issue.start - cue.end <= 1 and ATTRIBUTIVE.fullmatch(cue.text) is not None
            and any(0 <= cue.start - a.end <= ATTRIBUTIVE_AGENT_CHARS for a in actors))


def cue_distance(cue: Mention, issue: Mention) -> int:
    """Characters between a cue and an issue term (0 when they overlap)."""
    return max(issue.start - cue.end, cue.start - issue.end, 0)


def enumerated(text: str, previous: Mention, issue: Mention) -> bool:
    """Is ``issue`` the next item of an enumeration after ``previous`` (so it shares its cue)?"""
    between = _PARENTHETICAL.sub(" ", text[previous.end:issue.start])
    return bool(_NEXT_ITEM.match(between))


def here_with(context: Context, plan_here: PlanAuthor) -> Context:
    """The previous context with the plan author valid for this sentence."""
    return context._replace(plan=plan_here, stated=())


def following_context(plan: PlanAuthor, issues: tuple[Mention, ...], context: Context, subject: Mention | None,
                  actors: list[Mention], text: str, speaker: str | None, m: Matchers,
                  listed: tuple[Mention, ...] = ()) -> Context:
    """This sentence's plan author and issues for the next sentence, with its subject group (``subject``:
    its first actor outside a prepositional phrase), else its speaker, else the old group."""
    if subject is None:
        # "The statement was issued by Starmer, Macron and Merz. They also said …": the passive's agents
        # (the list after "by" is oblique only as a phrase: as the next sentence's group it is a subject)
        subject = next((a for a in actors if _PASSIVE_AGENT_BEFORE.search(text, max(0, a.start - AGENT_LOOKBACK_CHARS), a.start)), None)
        if subject is not None:
            actors = [a._replace(oblique=False) if a.start >= subject.start else a for a in actors]
    if subject is not None:
        group: Group | None = Group(subject, actors, text, m)  # completed if a later claim needs it
    elif speaker and speaker != context.actor and not (
            context.group is not None and speaker in {g.kind for g in context.group.get()}):
        group = Group(Mention(speaker, 0, 0, ""))
    else:
        group = context.group  # (also "the leaders said …" of a group named before: still the whole group)
    # "in Moskau", "to Berlin": a place right after a preposition is not one "dieser" refers to
    persons = [a for a in actors if not _after_preposition(text, a, m)] or actors
    named = (persons[0], persons[-1]) if persons else context.named
    return Context(group=group, plan=plan, issues=issues, named=named, listed=listed)


# A passive's agent right before an actor ("was issued by", "wurde von … unterzeichnet" has the agent after "von")
_PASSIVE_AGENT_BEFORE = re.compile(r"(?:\b(?:was|were|is|are|been|wurde|wurden|worden)\s+(?:[\w\-]+\s+){0,3}?(?:by|von)"
                                   r"|\b(?:issued|signed|adopted|published|released|drafted|agreed)\s+(?:[\w\-]+\s+){0,3}?by)\s+"
                                   r"(?:(?:the|der|dem|den)\s+)?(?:[A-Z][\w\-]*\s+)?$")
AGENT_LOOKBACK_CHARS = 80


def _after_preposition(text: str, mention: Mention, m: Matchers) -> bool:
    """Is the word right before the mention a preposition ("in Moskau", "to Berlin")?"""
    before = _LAST_WORD.search(text, max(0, mention.start - LAST_WORD_CHARS), mention.start)
    return before is not None and before.group(1).casefold() in m.words.get("oblique", frozenset())


# The word right before a position, looked for this far back (a preposition is short).
LAST_WORD_CHARS = 24
_LAST_WORD = re.compile(r"(\w+)\W*$")


def cue_in_issue(cue: Mention, issue: Mention) -> bool:
    """Is the cue's verb part of the issue phrase? (An issue inside a separable verb's gap is fine.)"""
    return issue.start <= cue.start < issue.end or issue.start < cue.end <= issue.end
# A German noun right after a word (capitalised): an attributive participle before it is its adjective
_NOUN_AFTER = re.compile(r"\s+([A-ZÄÖÜ][\w-]*)")


def _plan_noun_after(text: str, cue: Mention, m: Matchers | None) -> bool:
    """Is the cue followed by a plan noun it describes ("die vereinbarten Pläne für …")?"""
    noun = _NOUN_AFTER.match(text, cue.end)
    plans = m.cues.get("plan_nouns") if m is not None else None
    if noun is None or plans is None:
        return False
    hit = plans.match(text, noun.start(1))
    return hit is not None and hit.end() == noun.end(1)


# A German noun cue and its prepositional complement: "Absage (Washingtons) an eine …", "Forderung nach einer …"
_NOUN_COMPLEMENT_DE = re.compile(r"\s+(?:[A-ZÄÖÜ][\w\-]*s\s+)?(?:an|nach|gegen|auf|für|zu|zur|zum)\s+(?:(?:die|den|der|das|"
                                 r"dem|eine|einen|einer|einem|jede|jeden|jeder|jedem|jegliche|jeglichen)\s+)?"
                                 r"(?:[a-zäöüß][\w\-]*\s+)?")
# A relative clause this close after a term has the term as its antecedent (", die", ", which").
ANTECEDENT_GAP_CHARS = 2
# A coordinated clause of its own ("…, and it is sticking to that position", "; er selbst lehnt …") lies
# between a cue and an issue term: the cue counts as this much farther away.
CLAUSE_CROSSING_CHARS = 60
# A contrasting clause after the term: its verb has an object of its own
CONTRAST_CLAUSE = re.compile(r"[,;–—]\s*(?:but|yet|aber|sondern|doch|jedoch)\s", re.IGNORECASE)
NEXT_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas|und|aber|doch|während)\s|;\s", re.IGNORECASE)
# A later item of a content clause's list counts as this close to the verb that governs the clause
CONTENT_LIST_CHARS = 40
_TRAILING_ADVERB = re.compile(r"\s+\w+ly\s+$")
# A content clause whose list of bare verbs goes on up to the cue ("that Ukraine renounce NATO membership, ")
_LISTED_CONTENT = re.compile(r"\s+that\s+[^;:.!?\"“”]*?(?:,\s*(?:and\s+)?|\s+and\s+)$", re.IGNORECASE)
# ...and the cue's verb in its bare form, as the mandative subjunctive has it ("accept", not "accepts")
_BARE_VERB = re.compile(r"[a-z]+(?<!s)(?<!ed)(?<!ing)")


def _later_list_item(gap: str, words: str) -> bool:
    """Do ``words`` (a cue or an issue term) open a later bare verb of an English content clause's list
    that ``gap`` runs through from the governing verb ("demands that Ukraine renounce NATO, accept limits
    on its army and …")? Such an item is as much the demand's content as the first."""
    return _LISTED_CONTENT.match(gap) is not None and _BARE_VERB.fullmatch(words.split()[0]) is not None
# A cue right after "and" that follows the term opens the next conjunct when a cue before the term
# governs it ("Russland fordert eine Begrenzung der Armee und lehnt westliche Truppen ab")
# A coordinator between a content clause's term and a later cue: the cue belongs to the next conjunct
# ("verlangt, dass die Ukraine aus Donezk abzieht und ihren Wunsch nach … begräbt")
_COORDINATOR_WORD = re.compile(r"\b(?:und|and|sowie|oder|or)\b", re.IGNORECASE)
_AND_NEXT_VERB = re.compile(r"\s+(?:and|und|sowie|but|yet)\s+", re.IGNORECASE)  # ("agreed to X but rejected Y")
_NOR = re.compile(r"\bnor\b", re.IGNORECASE)
_AND_AUXILIARY = re.compile(r"\b(?:and|und)\s+(?:will|would|has|have|had|is|are|wird|werde|hat|haben)\s+$", re.IGNORECASE)
_NOR_THEN_CUE = re.compile(r"\bnor\s+(?:\w+\s+){0,2}$", re.IGNORECASE)  # ("nor accept", "nor will it accept")
# An embedded question: its modal ("weighing whether units should join") is governed by the verb before it
_WHETHER = re.compile(r"\bwhether\b", re.IGNORECASE)  # German "ob" clauses compose (governor)
# "Ob sich die Forderung auch auf … erstreckt, ließ Peskow offen": the verb after the question governs it
_QUESTION_OPENING = re.compile(r"\W*(?:ob|whether|wie|how)\b", re.IGNORECASE)


_CLAUSE_PUNCT = re.compile(r"[,;:.]")
# what ends more than a list item or a relative clause
_SENTENCE_PUNCT = re.compile(r"[;:.!?]")
# between a term and a noun that says what it is taken as ("Wahlen als Bedingung", "elections as a condition")
_PREDICATIVE_AS = re.compile(r"\s+(?:as|als)\s+(?:(?:a|an|the|eine?|einer|die|der|den)\s+)?", re.IGNORECASE)
# ", Mitglied der NATO zu werden, ", ", der Allianz beizutreten, ": an infinitive clause closed by its comma
_INFINITIVE_ATTRIBUTE = re.compile(r"\s*,[^,;:.!?]*(?:\bzu\s+\w+|\w+zu\w+en)\s*,\s*$")
# the same with a dash, which opens an afterthought ("bereit, wählen zu lassen – vorausgesetzt, …")
_CLAUSE_OR_DASH = re.compile(r"[,;:.–—]")
SENTENCE_PUNCT = re.compile(r"[;:.]")
# "bekräftigte nach den Gesprächen: Eine Anerkennung … werde die Ukraine nicht akzeptieren": after a
# colon the content has its own cue
_COLON_CONTENT = re.compile(r"^[^,;:.!?]{0,60}:\s+[^,;:]*$")


def _refers_back(span: str, m: Matchers | None) -> bool:
    """Does a pronoun after the semicolon in ``span`` refer back across it ("…; inzwischen sagt
    Washington sie zu")?"""
    words = m.words.get("anaphors", frozenset()) if m is not None else frozenset()
    return any(w.strip(PUNCTUATION).casefold() in words for w in span.split(";", 1)[-1].split())


# A participial or coordinated second report of the speaker opens a content of its own ("…, Zelensky said,
# adding that Kyiv will not give up land"): a cue before it does not govern a term after it
_NEW_REPORT = re.compile(r",\s+(?:" + REPORT_PARTICIPLES + r")\b|\b(?:and|und)\s+(?:added|fügte|sagte|betonte)\b", re.IGNORECASE)


def nearest_cue(issue: Mention, cues: list[Mention], text: str = "",
                 m: Matchers | None = None, issues: Sequence[Mention] = ()) -> tuple[Mention | None, int]:
    """The cue closest to the issue term (ties go to the cue before it) and its distance. A participle
    right before the issue noun is its adjective ("die in Paris vereinbarten Pläne … zurückgewiesen"),
    and a cue in a temporal or conditional clause after the issue belongs to that clause ("demanded
    elections before any agreement is signed", "… if the Kremlin refused"): they yield to any other cue."""
    best: Mention | None = None
    best_key = (10**9, 1)
    temporal = m.cues.get("precondition") if m is not None else None
    condition = m.cues.get("conditional") if m is not None else None
    for cue in cues:
        if issues and cue.start >= issue.end and any(
                o is not issue and cue.start < o.start and o.end <= cue.end for o in issues) and _COORDINATOR_WORD.search(
                text, issue.end, cue.start):
            continue  # "werde keine Soldaten schicken und lehne jede Truppenpräsenz ab": the next conjunct's verb has its own object
        distance = max(issue.start - cue.end, cue.start - issue.end, 0)
        if cue.end <= issue.start and (distance <= 1 or _plan_noun_after(text, cue, m)) \
                and ATTRIBUTIVE.fullmatch(cue.text) and len(cues) > 1:
            # only if nothing else governs the issue ("die in Paris vereinbarten Pläne für eine Truppe
            # … zurückgewiesen": the participle describes the plans)
            distance += MAX_CUE_DISTANCE
        elif cue.start >= issue.end and len(cues) > 1 and any(
                p is not None and p.search(text, issue.end, cue.end) for p in (temporal, condition)):
            # (the condition word may be the cue itself: "bereit, wählen zu lassen – vorausgesetzt, …")
            distance += MAX_CUE_DISTANCE  # "demanded elections before …", "… if the Kremlin refused"
        elif text and (rel := relative_clause_at(text, cue.start)) and not rel[0] < issue.start < rel[1] and (
                len(cues) > 1 or not 0 <= rel[0] - issue.end <= ANTECEDENT_GAP_CHARS):
            # "den Rückzug aus Gebieten, die es nie erobert hat": the clause's own verb; the only cue too,
            # unless the term is the clause's antecedent ("die EU-Mitgliedschaft, die Kiew anstrebt"):
            # "Trump, who said Ukraine could win back its land, now presses Kyiv to …"
            distance += MAX_CUE_DISTANCE
        elif len(cues) > 1 and text and any(o.end <= cue.start and _WHETHER.search(text, o.end, cue.start)
                                            for o in cues if o is not cue):
            distance += MAX_CUE_DISTANCE  # "is weighing whether Bundeswehr units should join": the question's verb
        elif (text and cue.start >= issue.end and _PREDICATIVE_AS.fullmatch(text, issue.end, cue.start)
              and any(o.end <= issue.start and not o.kind.startswith("provision") for o in cues if o is not cue)):
            # "rejects early elections as a condition for a deal": what the term is taken as, the verb
            # before it decides on
            distance += MAX_CUE_DISTANCE
        if (text and cue.end <= issue.start and (_CONTENT_GAP.match(_LEAD_ADVERBIAL.sub("", text[cue.end:issue.start], count=1))
                                                 or _COLON_CONTENT.match(text[cue.end:issue.start])) and any(
                other.start >= issue.end and not _CLAUSE_OR_DASH.search(text, issue.end, other.start)
                and not _COORDINATOR_WORD.search(text, issue.end, other.start)
                and not any(p is not None and p.search(text, issue.end, other.end) for p in (temporal, condition))
                for other in cues)):
            # "bekräftigte, Russland werde X niemals zustimmen": the content's own cue (not one in a
            # condition after it: "bereit, wählen zu lassen – sofern die Sicherheit garantiert sei")
            distance += MAX_CUE_DISTANCE
        between = (min(cue.end, issue.end), max(cue.start, issue.start))
        if text and cue.end <= issue.start and _NEW_REPORT.search(text, cue.end, issue.start):
            distance += 2 * MAX_CUE_DISTANCE  # "Russia demands X, Zelensky said, adding that Kyiv will not give up land"
        elif text and ";" in text[between[0]:between[1]] and not _refers_back(text[between[0]:max(cue.end, issue.end)], m):
            distance += 2 * MAX_CUE_DISTANCE  # a semicolon ends the clause: "Trump will, dass …; über den Donbass könne …"
        elif (text and cue.start >= issue.end and CONTRAST_CLAUSE.search(text, issue.end, cue.start)
              and not _refers_back(text[issue.end:cue.end], m)):
            distance += 2 * MAX_CUE_DISTANCE  # "had wanted X, but the draft now proposes Y": the contrast's verb is Y's
        elif (text and cue.start >= issue.end and _AND_NEXT_VERB.fullmatch(text, issue.end, cue.start) and any(
                o.end <= issue.start and not _CLAUSE_PUNCT.search(text, o.end, issue.start) for o in cues if o is not cue)):
            distance += CLAUSE_CROSSING_CHARS  # "fordert X und lehnt Y ab": the second verb opens a conjunct with its own object
        elif text and cue.start >= issue.end and _AND_AUXILIARY.search(text, issue.end, cue.start):
            distance += MAX_CUE_DISTANCE  # "will not hand over land it holds and will never recognise …": a conjunct of its own
        elif text and ((cue.end <= issue.start and _NOR.search(text, cue.end, issue.start))
                       or (cue.start >= issue.end and _NOR_THEN_CUE.search(text, issue.end, cue.start))):
            # "will neither recognise X nor accept Y": the verb right after "nor" is Y's, and the one before
            # X's ("Neither X nor Y is negotiable": a predicate after both is both's)
            distance += MAX_CUE_DISTANCE
        elif text and len(cues) > 1 and NEXT_CLAUSE.search(text, *between):
            distance += CLAUSE_CROSSING_CHARS  # "rejected X, and it is sticking to …": the own clause's cue first
        elif text and cue.start >= issue.end and "," in text[issue.end:cue.start] and not _QUESTION_OPENING.match(text) and any(
                o.end <= issue.start and not _CLAUSE_PUNCT.search(text, o.end, issue.start) for o in cues):
            distance += CLAUSE_CROSSING_CHARS  # "rejected a truce, insisting that …": the verb whose object it is
        if (m is not None and m.lang == "en" and cue.end <= issue.start and distance > CONTENT_LIST_CHARS
                and _later_list_item(_TRAILING_ADVERB.sub(" ", text[cue.end:issue.start]), issue.text)):
            distance = CONTENT_LIST_CHARS  # "demanded that Ukraine withdraw from … and formally abandon its NATO bid"
        if (m is not None and m.lang == "de" and cue.end <= issue.start and cue.text[:1].isupper()
                and _NOUN_COMPLEMENT_DE.fullmatch(text, cue.end, issue.start)):
            distance = 0  # "Die Absage Washingtons an eine NATO-Mitgliedschaft bekräftigte Rubio": the noun's complement
        key = (distance, 0 if cue.end <= issue.start else 1)
        if key < best_key:
            best, best_key = cue, key
    if best is None or best_key[0] > MAX_CUE_DISTANCE:
        return None, 0
    return best, best_key[0]
