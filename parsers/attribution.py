"""Whose words a sentence reports: speakers, subjects of cues, clause and relative-clause bounds, coordinated actors."""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.lexicon_types import Matchers
from parsers.mentions import DETERMINER, WORD, Mention, find_cues, possessive_en, relative_subject_de
from parsers.patterns import last_match

# A mention this close after a reporting verb is its speaker ("sagte Merz", "said Rutte").
SPEAKER_AFTER_CHARS = 30
# ...and this close before it ("Peskow sagte", "Zelensky told reporters").
SPEAKER_BEFORE_CHARS = 45
# "Kiew – gemeinsam mit einer Reihe europäischer Partner –": the companion follows the holder this closely.
COMPANION_CHARS = 30
# "Selenskyj: …" — a speaker named before a leading colon sits this close to the sentence start.
LEAD_SPEAKER_CHARS = 40
_LEAD_COLON = re.compile(r"(?:\s+[A-ZÄÖÜ][\w\-’'.]*){0,2}\s*:")
_ENDS_QUOTE = re.compile(r"[,\"”’'»«]\s*$")
# German verb-second: the subject may follow the finite verb ("lehnt die Ukraine ... ab").
INVERTED_SUBJECT_CHARS = 30
# An oblique place at most this many words into its clause stands for its government when the clause
# has no subject (German impersonal passive: "In Kiew wird ... nachgedacht").
LOCATIVE_WORDS = 2

# Prepositions of place that open an impersonal clause ("In Kiew wird …", "Aus dem Kreml heißt es …").
_LOCATIVE = frozenset({"in", "im", "aus", "from", "within"})
_QUOTE_MARK = re.compile(r"[„“”\"«»]")
# "sagt, Gondor wolle …": after a comma or colon comes the reported content, not the speaker.
_OPENS_CONTENT = re.compile(r"[,:;„“\"«»]")
# Quotation marks are no clause breaks: news German quotes single words ("solche „Sicherheitsgarantien“",
# "als „faktisch russisch“"), and direct speech is attributed by parsers/quotes.py.
# (a German article with an adjective and a noun after a comma is the next item of a list, no relative
# pronoun: "Merz, Macron, der britische Premier Starmer und …")
_CLAUSE_BREAK = re.compile(r"[;:–—()]|,\s+(?:dass|that|weil|because|while|während|aber|but|doch|sondern|wobei|which|"
                           r"(?:die|der|das)(?!\s+[a-zäöü]+e[nrs]?\s+(?-i:[A-ZÄÖÜ]))|who|was)\b")
# Titles and adjectives may sit between coordinated actors ("und der französische Präsident"), an
# indefinite noun phrase may not (", eine Beteiligung europäischer Länder" is no coordination).
# (Nothing between two mentions: the two parties of one phrase, mentions.both_parties.)
_COORDINATION = re.compile(r"^$|^\s*(?:\([^()]{1,12}\)\s*)?(?:,|und|and|sowie|&|/|,\s*und|,\s*and|nor|noch|or|oder|als\s+auch|as\s+well\s+as)\s*"
                           r"(?!(?:dass|that|ob|whether|weil|because|wenn|if|damit|um|which|who|whose|als|so|"
                           r"während|while|sondern|but|aber)\b)(?:(?:der|die|das|the)\s+)?"
                           r"(?:(?!(?:ein|eine|einer|eines|einem|einen|a|an)\b)[\w\-]+\s+){0,3}$")
# "not only X but also Y": what joins X to Y, and what comes right before X.
_ALSO = re.compile(r"\s*,?\s*(?:(?:sondern|but|aber)\s+)?(?:auch|also)\s+(?:(?:der|die|das|the)\s+)?", re.IGNORECASE)
_NOT_ONLY_END = re.compile(r"\b(?:nicht nur|not only|not just|nicht allein)\s+(?:(?:der|die|das|the)\s+)?$", re.IGNORECASE)


def clause_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: between the nearest clause breaks on either side."""
    start, end = 0, len(text)
    for brk_start, brk_end in _clause_breaks(text):
        if brk_end <= pos:
            start = brk_end
        elif brk_start >= pos:
            end = brk_start
            break
    return start, end


@lru_cache(maxsize=256)
def _clause_breaks(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of the clause breaks of a sentence: one scan serves the dozen clause look-ups per sentence."""
    # a short tag in brackets is part of its clause: "Friedrich Merz (CDU), Emmanuel Macron und …"
    tags = {i for tag in _SHORT_BRACKETS.finditer(text) for i in (tag.start(), tag.end() - 1)} if "(" in text else set()
    return tuple(brk.span() for brk in _CLAUSE_BREAK.finditer(text) if brk.start() not in tags)


# A bracketed tag of a few characters after a name (party, age, office)
_SHORT_BRACKETS = re.compile(r"\([^()]{1,12}\)")


# What ends a source's phrase before an actor named after it
_PHRASE_BREAK = re.compile(r"[,;:!?–—]")
# A speaker's second report in one sentence: a participle after a comma (", adding that …", "denied …, saying …")
# or a coordinated reporting verb ("… and said Moscow rejects …"); what follows is a content of its own
REPORT_PARTICIPLES = r"adding|saying|insisting|stressing|arguing|noting|warning"
REPORT_AND_VERBS = r"said|says|added|adds|vowed|vows|stressed|insisted|warned|sagte|betonte|fügte|erklärte"
# An impersonal report of a text's content: "heißt es (weiter) (in der Erklärung)", "the statement said"
DOCUMENT_SAYS = re.compile(r"\b(?:heißt|hieß) es\b|\bes (?:heißt|hieß)\b|\bthe (?:statement|declaration|document|text|"
                            r"communiqu[eé]|draft|plan|letter|paper) (?:said|says|added|adds|stated|states|read|reads)\b",
                            re.IGNORECASE)
# A relative clause between a speaker and its reporting verb ("Putin, who met farmers in the morning,
# said …", "Von der Leyen, die zuvor mit Landwirten gesprochen hatte, bekräftigte …")
_RELATIVE_BETWEEN = re.compile(r"\s*,\s*(?:who|which|der|die|das|dessen|deren|welche[rs]?)\s[^,;:.!?\"“”„«»]{3,140}?,\s*",
                               re.IGNORECASE)
# An English speaker after the reporting verb ends the clause ("…, said Peskov." / "said Peskov, adding"):
# "insists Ukraine must hold elections", "said after meeting Witkoff in Miami that" name no speaker.
_SPEAKER_END = re.compile(r"\s*(?:[.,;:!?\"“”)–—]|$)")


def speaker_of(text: str, actors: list[Mention], m: Matchers, carried: str | None) -> tuple[str | None, int]:
    """The actor a sentence is reported from ("laut Kreml", "sagte Merz", "Selenskyj: …") and where."""
    if not actors and not carried:
        return None, -1  # nobody to name: skip the cue scans
    lead = _colon_speaker(text, actors)
    if lead is not None:
        return lead.kind, lead.start
    for actor in actors:  # "Selenskyj zufolge": a postposed source
        if text[actor.end:actor.end + 10].lstrip().startswith("zufolge"):
            return actor.kind, actor.start
    for source in find_cues(text, m, ("sources",)) if actors else ():  # a source names an actor
        # (in its own phrase: "aus dem Donbass; Selenskyj lehnte …" names no source)
        after = [a for a in actors if 0 <= a.start - source.end <= SPEAKER_AFTER_CHARS
                 and _PHRASE_BREAK.search(text, source.end, a.start) is None]
        inside = [a for a in actors if source.start <= a.start < source.end]
        if after or inside:
            # "According to Ukrainian officials, Putin told Witkoff he would …": unnamed officials are
            # a reporting hedge for what the clause's own speaker said, and he speaks ("According to
            # Kyiv, Russia demanded …" stays Kyiv's account)
            phrase_end = text.find(",", source.end)
            if phrase_end > source.start and _ANONYMOUS.search(text, source.end, phrase_end):
                told = _reported_by(text, [a for a in actors if a.start > phrase_end], m)
                if told is not None:
                    return told
                if any(a.start > phrase_end and not a.oblique for a in actors):
                    # "According to two European officials, Washington wants …": unnamed people are a
                    # hedge on what the clause's own subject holds, not a speaker of their own
                    continue
            return (inside or after)[0].kind, source.start
    told = _reported_by(text, actors, m, carried) or _demand_tag(text, actors, m)
    return told if told is not None else (None, -1)


# After the actor of a postposed demand: at most a few words before the sentence ends ("…, verlangt Moskau.")
_TAG_END = re.compile(r"(?:\s+[\w\-.]+){0,4}\s*[.!?\"“”»«]*\s*$")


def _demand_tag(text: str, actors: list[Mention], m: Matchers) -> tuple[str, int] | None:
    """A demand verb after the content it demands, with its subject, ends the sentence like a reporting
    verb ("Binnen 100 Tagen müssten Wahlen stattfinden, verlangt Moskau", "…, fordert Merz"): its
    subject speaks for the clause before it."""
    tags = m.cues.get("demand_tags")
    comma = text.rfind(",")
    if tags is None or comma < 0:
        return None
    verb = tags.match(text, len(text) - len(text[comma + 1:].lstrip()))  # the first word after the comma
    if verb is None:
        return None
    after = next((a for a in actors if 0 <= a.start - verb.end() <= SPEAKER_AFTER_CHARS and not a.oblique), None)
    if after is None or not _TAG_END.match(text, after.end):
        return None
    return after.kind, verb.start()


# People a report leans on without naming them: "officials", "diplomats", "sources", "Kreise".
_ANONYMOUS = re.compile(r"\b(?:officials?|diplomats?|sources?|people|aides?|insiders?|Diplomaten|Kreise\w*|Insidern?|"
                        r"Beamten?|Regierungsbeamten?|Quellen)\b")


def _reported_by(text: str, actors: list[Mention], m: Matchers, carried: str | None = None) -> tuple[str, int] | None:
    """The speaker a reporting verb names ("sagte Merz", "Peskov said", "he told"), and where."""
    for verb in find_cues(text, m, ("reporting",)):
        if _split_verb_stem(text, verb):
            continue  # "sagt der Ukraine Garantien zu": a pledge, not a report
        if _obliged_report(text, verb, m):
            continue  # "Europe should say that borders are not redrawn": the writer's advice, not a report
        if _DECLARED_AS.search(text, 0, verb.start):
            continue  # "die Russland für annektiert erklärt hat": declaring something to be so, not a report
        after = [a for a in actors if 0 <= a.start - verb.end <= SPEAKER_AFTER_CHARS and not a.oblique
                 and not _OPENS_CONTENT.search(text[verb.end:a.start]) and _inversion_allowed(text, verb, m)
                 and (m.lang != "en" or _SPEAKER_END.match(text, a.end))]
        before = [a for a in actors if (0 <= verb.start - a.end <= SPEAKER_BEFORE_CHARS and (
            not a.oblique or _owns_role(text, a, verb.start, m.cues.get("roles"))) and "," not in text[a.end:verb.start])
            or (not a.oblique and _RELATIVE_BETWEEN.fullmatch(text, a.end, verb.start) is not None)]
        # (a possessor of a role speaks: "NATO's secretary general said"; "…, wenn die USA sie absichern,
        # sagte der Sprecher": a mention before the comma belongs to the reported clause)
        subject_first = bool(before) and _german_subject_first(text, before[0], verb, m)
        if after and not subject_first:
            return after[0].kind, verb.start
        if before and (shared := _shared_subject(text, actors, before[0], verb, m)) is not None:
            return shared.kind, verb.start  # "Trump will, dass …, und hat das Kiew klargemacht": Trump speaks
        if before:
            return (before[0] if subject_first else before[-1]).kind, verb.start
        if carried and not any(a.start < verb.start for a in actors) and role_subject(text, verb.start, m):
            return carried, verb.start  # "Lavrov arrived in Budapest. The minister later said …"
        if (carried or actors) and _pronoun_near(text, verb, m):
            # the pronoun's antecedent is the sentence's own subject when it has one before the verb
            # ("Lavrov dismissed X, arguing … what he says was agreed"), else the previous sentence's
            antecedent = [a for a in actors if not a.oblique and a.end <= verb.start
                          and not _QUOTE_MARK.search(text, 0, a.start)]
            if antecedent and _embedded_report(text, verb):
                return antecedent[0].kind, verb.start
            if carried:
                return carried, verb.start
    return None


# "für annektiert erklärt", "für beendet erklärt": erklären für is to declare something so
_DECLARED_AS = re.compile(r"\bfür\s+[a-zäöüß]\w*\s+$")


def _obliged_report(text: str, verb: Mention, m: Matchers) -> bool:
    """Is the reporting verb the infinitive of an obligation right before it ("should say", "must make
    clear", "sollte … sagen")? What someone ought to say is not what they said."""
    must = m.cues.get("obligation")
    if must is None:
        return False
    hit = last_match(must, text, max(0, verb.start - OBLIGED_REPORT_CHARS), verb.start)
    return (hit is not None and len(text[hit.end():verb.start].split()) <= OBLIGED_REPORT_WORDS
            and not _OPENS_CONTENT.search(text, hit.end(), verb.start))


# How far before a reporting verb an obligation that makes it advice may stand ("should now say").
OBLIGED_REPORT_CHARS = 40
# ...and this many words between ("müsse zudem offiziell erklären", "should now say")
OBLIGED_REPORT_WORDS = 3


# Particles that, at the end of a clause, complete a separable verb whose stem is a reporting verb.
_SPLIT_PARTICLES = frozenset({"zu", "ab", "an", "auf", "aus", "ein", "vor", "mit", "fest", "voraus", "nach", "zurück"})


def _embedded_report(text: str, verb: Mention) -> bool:
    """Is a pronoun's reporting verb inside the sentence's content ("dismissed X, arguing … what he
    says was agreed") rather than an attribution closing it ("…, he said.", "…, sagte er.")?"""
    return len(WORD.findall(text[verb.end:])) > 2


def _split_verb_stem(text: str, verb: Mention) -> bool:
    """Is a one-word reporting verb the stem of a separable verb ending its clause ("sagt … zu")?"""
    if " " in verb.text.strip():
        return False
    _, end = clause_bounds(text, verb.start)
    comma = text.find(",", verb.end, end)  # (the content clause after a comma has particles of its own: "…, sein Land halte fest")
    words = WORD.findall(text[verb.end:comma if comma >= 0 else end])
    return len(words) >= 2 and words[-1].rstrip(".").casefold() in _SPLIT_PARTICLES


def _colon_speaker(text: str, actors: list[Mention]) -> Mention | None:
    """Headline and interview style "Selenskyj: Wir werden …": the actor before a leading colon speaks."""
    for actor in actors:
        if (actor.start <= LEAD_SPEAKER_CHARS and _LEAD_COLON.match(text, actor.end) and not actor.oblique
                and _label_lead(text[:actor.start])):
            return actor
    return None


def _label_lead(lead: str) -> bool:
    """Is ``lead`` nothing but a time, marks and capitalised words (titles, first names: "+++ 12:40 Merz:",
    "Kremlchef Putin:")? A clause before the name is no label ("Ganz anders klingt Moskau beim Thema Nato:")."""
    return all(not word[:1].isalpha() or word[:1].isupper() for word in lead.split())


# What may stand before a German sentence's first actor in the subject position: its titles and first
# names ("Kremlchef Wladimir Putin"), capitalised, no verb or clause between.
_SUBJECT_LEAD = re.compile(r"[\W]*(?:[A-ZÄÖÜ][\w\-.]*\s+){0,4}")
# Between that subject and the reporting verb: an auxiliary and one other mention at most ("Putin hat
# Trump gesagt", "Putin sagte Trump").
_SUBJECT_TO_VERB = re.compile(r"\s*(?:\S+\s+){0,3}")
# ...unless the two are one subject ("Russland und die Ukraine sagten zu")
_LIST_JOIN = re.compile(r"\b(?:und|oder|sowie)\b")


# A German conjunct that goes on with the first clause's subject: "und" right before a finite auxiliary
# ("…, und hat das Kiew klargemacht"), so what follows the auxiliary is an object
_SUBJECTLESS_CONJUNCT = re.compile(r"\bund\s+(?:hat|hatte|haben|hatten|ist|war|sind|waren)\s")


def _shared_subject(text: str, actors: list[Mention], nearest: Mention, verb: Mention, m: Matchers) -> Mention | None:
    """The sentence's opening subject when the reporting verb stands in a subjectless German conjunct and the
    actor before it is the conjunct's object, or None."""
    if m.lang != "de":
        return None
    conjunct = last_match(_SUBJECTLESS_CONJUNCT, text, 0, verb.start)
    if conjunct is None or nearest.start < conjunct.end():
        return None
    first = next((a for a in actors if not a.oblique and a.end <= conjunct.start()), None)
    return first if first is not None and _opens_sentence(text, first) else None


def _opens_sentence(text: str, actor: Mention) -> bool:
    """Does the sentence open with ``actor``, only its titles and first names before it?"""
    return _SUBJECT_LEAD.fullmatch(text, 0, actor.start) is not None


def _german_subject_first(text: str, first: Mention, verb: Mention, m: Matchers) -> bool:
    """Does a German sentence open with its speaker, so that an actor right before or after the
    reporting verb is whom it was said to ("Putin sagte Trump, er …", "Putin hat Trump gesagt, er …")?"""
    return (m.lang == "de" and not first.oblique and first.end <= verb.start and _opens_sentence(text, first)
            and "," not in text[first.end:verb.start] and _SUBJECT_TO_VERB.fullmatch(text, first.end, verb.start) is not None
            and _LIST_JOIN.search(text, first.end, verb.start) is None)


def _inversion_allowed(text: str, verb: Mention, m: Matchers) -> bool:
    """German puts the speaker after any reporting verb ("sagte Merz"); English only after a quote or
    comma ("…, said Rutte"), otherwise the mention after the verb is its content ("said the US wants")."""
    return m.lang != "en" or bool(_ENDS_QUOTE.search(text[:verb.start]))


def _pronoun_near(text: str, verb: Mention, m: Matchers) -> bool:
    """Is a third-person pronoun right next to the reporting verb ("sagte er", "he said")?"""
    window = text[max(0, verb.start - 15):verb.end + 12]
    # (a word token may keep a full stop: "sagte er." ends the sentence)
    words = {w.rstrip(".").casefold() for w in WORD.findall(window)}
    third = m.words.get("third_person", frozenset())
    if words & third:
        return True
    # (several words, right after the verb: "…, betonen die Unterzeichner")
    after = text[verb.end:verb.end + 40].casefold()
    if any(" " in w and after.lstrip().startswith(w) for w in third):
        return True
    # (and the shorthand's choices: "bekräftigte der Chefdiplomat", "sagte der 47-Jährige")
    pattern = m.cues.get("third_person")
    if pattern is not None and pattern.match(text, verb.end + len(after) - len(after.lstrip())) is not None:
        return True
    # a German participle closing the sentence, the pronoun after the auxiliary ("…, hatte er schon vor
    # dem Gipfel erklärt"): the reporting clause from its comma
    comma = text.rfind(",", 0, verb.start)
    return (m.lang == "de" and comma >= 0 and not _embedded_report(text, verb)
            and bool({w.casefold() for w in WORD.findall(text[comma:verb.start])} & third))


def subject_for(cue: Mention, actors: list[Mention], text: str, lang: str = "",
                roles: re.Pattern[str] | None = None) -> Mention | None:
    """The mention most likely to be the subject of ``cue``: before it in its clause, else right after.

    German puts the subject first in the middle field ("habe der US-Präsident Putin gebeten"), so
    there the first mention before the cue wins; English the one nearest to the verb.
    """
    candidates = [a for a in actors if not a.oblique]
    c_start, _ = clause_bounds(text, cue.start)
    for r_start, r_end in _closed_relatives(text, cue.start):
        # "The leaders of France and Germany, who visited Kyiv on May 10, had demanded": the verb's
        # clause began before the relative clause, and no mention inside that clause is its subject
        if r_start <= c_start < r_end:
            c_start = clause_bounds(text, r_start)[0]
        candidates = [a for a in candidates if not r_start <= a.start < r_end]
    before = [a for a in candidates if c_start <= a.start and a.end <= cue.start]
    inside = [a for a in candidates if cue.start <= a.start < cue.end
              or (0 <= a.start - cue.end <= INVERTED_SUBJECT_CHARS and _inverted(text[cue.end:a.start], lang)
                  and not _other_relative_subject(text, cue, a, lang))]
    if before:
        same_part = [a for a in before if a.start > text.rfind(",", c_start, cue.start)]
        if lang == "de" and not same_part and inside:
            return inside[0]  # "Während Trump vermittelte, lehnt Moskau … ab": verb-second after a clause
        if lang == "de" and same_part:
            return _run_start(before, before.index(same_part[0]), text)
        return head_of_run(before, text)
    if inside:
        return inside[0]
    if lang == "de" and cue.text[:1].isupper() and len(text[c_start:cue.start].split()) <= FIRST_FIELD_WORDS:
        # "Ihren Wunsch nach … hat die Ukraine nicht aufgegeben": a noun in the first field, the subject
        # right after the finite verb that follows it
        _, c_end = clause_bounds(text, cue.end)
        after = next((a for a in candidates if cue.end <= a.start < c_end and _V2_SUBJECT.search(text, cue.end, a.start)
                      and not _other_relative_subject(text, cue, a, lang)), None)
        if after is not None:
            return after
    # (not a speaker set off by commas: "Russia, Zelensky said, had no interest in …" is Russia's clause)
    earlier = [a for a in candidates if a.end <= cue.start and not _parenthetical_speaker(text, a)]
    if earlier:
        return earlier[-1]
    return _impersonal_holder(actors, text, c_start, cue.start, roles)


def _other_relative_subject(text: str, cue: Mention, mention: Mention, lang: str) -> bool:
    """Is the mention after ``cue`` the subject of a German relative clause on another noun ("die Forderung
    nach einer Waffenruhe, auf die Moskau nicht eingegangen ist")? On the cue noun itself it is the
    noun's author ("die Bedingungen, die Putin im Juni formuliert hat")."""
    return (lang == "de" and relative_subject_de(text, mention.start, mention.text)
            and not (cue.text[:1].isupper() and text.startswith(",", cue.end)))


# A speaker between commas inside the clause it reports: ", Zelensky said,", ", Ukraine's foreign ministry said,"
_SPEAKER_BETWEEN_COMMAS = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w\-]*){0,3}\s+(?:said|says|told\s+\w+|added|stressed|"
                                     r"insisted|argued|warned|claimed|sagte|sagt|erklärte|betonte|fügte\s+\w+\s+hinzu)\s*,")


def _parenthetical_speaker(text: str, mention: Mention) -> bool:
    """Is the mention the speaker of a parenthetical reporting clause (", Zelensky said,")?"""
    return text[:mention.start].rstrip().endswith(",") and _SPEAKER_BETWEEN_COMMAS.match(text, mention.end) is not None


# A relative clause between commas ("…, who visited Kyiv on May 10, …", "…, der am Montag in Kiew war, …").
# A German pronoun must be followed by a small word: ", die USA," is the next item of a list.
_RELATIVE = re.compile(r",\s+(?:(?:who|whom|whose|which)\s|(?:der|die|das|den|dem|deren|dessen|welche[rsnm]?)\s+(?=[a-zäöü]))"
                       r"[^,;:.!?()–—]*,")


def _closed_relatives(text: str, before: int) -> list[tuple[int, int]]:
    """The spans of the relative clauses whose closing comma comes before ``before``."""
    return [hit.span() for hit in _RELATIVE.finditer(text, 0, before)]


_RELATIVE_TO_END = re.compile(_RELATIVE.pattern.removesuffix(",") + r"(?:,|[.!?\"“”»«]*$)")


def relative_clause_at(text: str, pos: int) -> tuple[int, int] | None:
    """The relative clause (closed by a comma or the sentence end) around ``pos``, or None."""
    return next(((start, end) for start, end in _relative_clauses(text) if start < pos < end), None)


@lru_cache(maxsize=256)
def _relative_clauses(text: str) -> tuple[tuple[int, int], ...]:
    """The sentence's relative clauses: one scan serves every cue the coder weighs in it."""
    return tuple(hit.span() for hit in _RELATIVE_TO_END.finditer(text))


# Between a cue and a mention after it: the start of its content ("demanded that Ukraine", "fordert
# dass Kiew"), not an inverted subject.
_CONTENT_OPENER = re.compile(r"\b(?:that|dass|ob|whether|for|to|from|on|of|wenn|falls|sofern|if|unless)\b", re.IGNORECASE)


# How many words may open a German clause before a noun cue in its first field ("Ihren Wunsch", "An dem Ziel")
FIRST_FIELD_WORDS = 3
# a finite verb (and an article) right before a subject that follows a first field
_V2_SUBJECT = re.compile(r"\b(?:hat|haben|hatte|hatten|ist|sind|war|waren|wird|werden|wurde|wurden|will|wollen|wollte|kann|"
                         r"können|konnte|muss|müssen|musste|soll|sollen|hält|halten|hielt|sieht|sah|gibt|gab)"
                         r"\s+(?:(?:der|die|das|den|dem)\s+)?$")


def _inverted(between: str, lang: str) -> bool:
    """Can the mention after a cue be its subject? German verb-second inverts ("lehnt Kiew ab"),
    English stance verbs do not ("demanded that Ukraine give up" names the content)."""
    if _CONTENT_OPENER.search(between):
        return False
    return lang != "en"  # "requires Ukraine to withdraw", "wants Kyiv to": an English object, not a subject


# "Hungary's prime minister opposes …": the possessed noun phrase up to the verb (a role, see ``_owns_role``),
# with an auxiliary or adverbs before the verb ("Ukraine's negotiators have flatly rejected")
_POSSESSED_SUBJECT = re.compile(r"^(?:['’]s)?((?:\s+(?!(?:to|of|for|in|on|with|is|was|are|were)\b)[a-z][\w\-]*){1,3}?)"
                                r"\s+(?:(?:has|have|had|is|was|also|again|now|on \w+day|[a-z]+ly)\s+){0,2}$")


def _owns_role(text: str, mention: Mention, verb_start: int, roles: re.Pattern[str] | None) -> bool:
    """Is the possessor the owner of a role that is the verb's subject ("NATO's secretary general said",
    "Hungary's prime minister opposes"), not of a thing ("Ukraine's path to NATO is …", "Trump's efforts")?"""
    if not possessive_en(text, mention.text, mention.end):
        return False
    hit = _POSSESSED_SUBJECT.match(text[mention.end:verb_start])
    if hit is None or roles is None:
        return False
    # the role may follow an adjective ("Ukraine's lead negotiator", "the Kremlin's top foreign-policy aide")
    words = hit.group(1).split()
    return any(roles.fullmatch(" ".join(words[i:])) is not None for i in range(len(words)))


# A definite role noun opening the clause, with up to three words before its head ("The former defence
# minister", "Der 47-Jährige", "His ministry") and an adverb after it ("The minister later said")
_ROLE_OPENING = re.compile(r"^\W*(?:the|der|die|das|his|her|its|their|sein|seine|seinem|ihr|ihre|ihrem)\s+"
                           r"((?:[\w\-]+\s+){0,3}?)([\w\-]+)(?:\s+(?:later|also|then|again|now|dann|später|auch|"
                           r"erneut|nun|dabei|anschließend))?\s*$", re.IGNORECASE)
# ...or a definite role noun opening the clause before its verb ("Der Niederländer nannte den Weg … unumkehrbar")
_ROLE_BEFORE_VERB = re.compile(r"^\W*(?:the|der|die|das)\s+((?:[\w\-]+\s+){0,2}?)((?-i:[A-ZÄÖÜ])[\w\-]+)\s+(?-i:[a-zäöüß])\w+\b",
                               re.IGNORECASE)
# "Der 47-Jährige": an age stands for the person named before; "the 27", "die 27": a number for the states counted before
_AGE_OR_COUNT = re.compile(r"\d+-[Jj]ährige[rn]?|\d+")


def role_subject(text: str, pos: int, m: Matchers) -> bool:
    """Does the clause before ``pos`` consist of a definite role noun ("The vice-president pressed …",
    "Der Minister sagte", "His ministry said")? Such a subject refers back to the actor named before."""
    start, _ = clause_bounds(text, pos)
    hit = _ROLE_OPENING.match(text, start, pos) or _ROLE_BEFORE_VERB.match(text, start, pos)
    if hit is None:
        return False
    head = hit.group(2)
    roles = m.cues.get("roles")
    if _AGE_OR_COUNT.fullmatch(head):
        return True
    # the role may take several words ("the secretary general", "Der Sondergesandte"): its last ones
    words = [*hit.group(1).split(), head]
    return roles is not None and any(roles.fullmatch(" ".join(words[i:])) is not None for i in range(len(words)))


def _impersonal_holder(actors: list[Mention], text: str, c_start: int, cue_start: int,
                       roles: re.Pattern[str] | None = None) -> Mention | None:
    """"In Kiew wird … nachgedacht", "Aus dem Kreml gibt es …": a place opening the clause speaks."""
    for actor in actors:
        owner = possessive_en(text, actor.text, actor.end)
        if owner and not _owns_role(text, actor, cue_start, roles):
            continue  # "Ukraine's path to NATO is irreversible": a possessor, not a place that speaks
        lead = WORD.findall(text[c_start:actor.start])
        # (an office's owner may open the sentence with its article: "The EU's foreign policy chief said")
        if c_start <= actor.start < cue_start and len(lead) <= LOCATIVE_WORDS and all(
                DETERMINER.match(w) and (not w[:1].isupper() or (owner and w == "The")) or w.casefold() in _LOCATIVE
                for w in lead):
            return actor
    return None


# Two mentions of one actor closer than this, with no comma between, are one person ("US-Präsident Donald Trump")
SAME_PERSON_CHARS = 25


def same_person(prev: Mention, cur: Mention, text: str) -> bool:
    """Are two mentions one person named twice ("US-Präsident Donald Trump")? Only when close: "When
    Trump and Putin spoke by phone, Putin did not …" names the main clause's subject anew."""
    between = text[prev.end:cur.start]
    return prev.kind == cur.kind and len(between) < SAME_PERSON_CHARS and "," not in between


def agent_words(m: Matchers) -> frozenset[str]:
    """Prepositions that introduce a passive agent ("von", "by")."""
    return m.words.get("agent", frozenset()) | m.words.get("agent_always", frozenset())


def _run_start(mentions: list[Mention], index: int, text: str) -> Mention:
    """The first of the coordinated run that ``mentions[index]`` belongs to ("Kanzler Merz,
    Präsident Macron und Premier Starmer forderten": the run starts at "Kanzler")."""
    while index > 0:
        prev, cur = mentions[index - 1], mentions[index]
        if not (same_person(prev, cur, text) or _COORDINATION.match(text[prev.end:cur.start])):
            break
        index -= 1
    return mentions[index]


def head_of_run(before: list[Mention], text: str) -> Mention:
    """Of the mentions before a cue, the first of the last coordinated run ("X, Y und Z fordern")."""
    head = before[-1]
    for prev in reversed(before[:-1]):
        if not _COORDINATION.match(text[prev.end:head.start]) and not same_person(prev, head, text):
            break
        head = prev
    return head


def coordinated(head: Mention, actors: list[Mention], text: str) -> list[Mention]:
    """``head`` plus the actors coordinated with it ("Deutschland, Frankreich und Großbritannien")."""
    group = [head]
    later = [a for a in actors if a.start >= head.end and not a.oblique]
    for nxt in later:
        if same_person(group[-1], nxt, text):
            group.append(nxt)  # "US-Präsident Donald Trump": one person, two aliases
        elif _COORDINATION.match(text[group[-1].end:nxt.start]) and not _parenthetical_speaker(text, nxt):
            group.append(nxt)  # (not "Russia, Zelensky said, had …": the speaker is no list item)
        else:
            break
    # "Nicht nur Kiew, sondern auch Berlin lehnt … ab", "not only Paris but also London": the actor
    # after "not only" holds the position too
    earlier = [a for a in actors if a.end <= head.start and not a.oblique]
    if earlier and _ALSO.fullmatch(text, earlier[-1].end, head.start) and _NOT_ONLY_END.search(text, 0, earlier[-1].start):
        group.insert(0, earlier[-1])
    return group


def with_companions(group: list[Mention], actors: list[Mention], text: str, m: Matchers) -> list[Mention]:
    """``group`` plus actors joined to it by "gemeinsam mit", "in Einklang mit", "together with"."""
    pattern = m.cues.get("comitative")
    if pattern is None or not group:
        return group
    # A companion starts after the group's first mention ends; without such an actor the scan below
    # could add nobody (most sentences name one actor or one coordinated group).
    first_end = min(g.end for g in group)
    if not any(a.start >= first_end and a not in group for a in actors):
        return list(group)
    out = list(group)
    for hit in pattern.finditer(text):
        if not any(0 <= hit.start() - g.end <= COMPANION_CHARS for g in group):
            continue
        nxt = [a for a in actors if 0 <= a.start - hit.end() <= COMPANION_CHARS and a not in out]
        if nxt:
            out.extend(coordinated(nxt[0], actors, text) if not nxt[0].oblique else [nxt[0]])
    return out
