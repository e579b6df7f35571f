"""Who holds a position: subjects, speakers, pronouns, genitive and passive agents."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, pairwise

from parsers.attribution import (
    SPEAKER_AFTER_CHARS,
    SPEAKER_BEFORE_CHARS,
    agent_words,
    clause_bounds,
    coordinated,
    head_of_run,
    role_subject,
    speaker_of,
    subject_for,
    with_companions,
)
from parsers.discourse import (
    Context,
    carried,
)
from parsers.lexicon_types import Matchers
from parsers.mentions import Mention, find_cues, find_stance_cues, genitive_alias
from parsers.patterns import last_match
from parsers.quotes import QuoteSpeakers
from parsers.types import Sentence

# Between a German stance noun and its genitive holder: an article and an adjective at most.
_GENITIVE_AFTER = re.compile(r"^\s+(?:(?:der|des|von|vom)\s+)?(?:[a-zäöüß][\w\-]*\s+)?$")
# "Trump's request", "Russia's demands": a possessive right before a stance noun holds it.
_DETERMINER_END = re.compile(r"\b(?:the|a|an|this|that|its)\s+$", re.IGNORECASE)
_POSSESSOR_BEFORE = re.compile(r"^(?:['’]s)?\s+(?:[a-z][\w\-]*\s+)?$")
# After these a new clause with its own subject begins ("He said that …", "Sie betonte, dass …").
_CONTENT_START = re.compile(r"\b(?:that|dass|ob|whether)\b|[,:]", re.IGNORECASE)
# Quotation marks and punctuation around a word ("„Wir", "\"We").
PUNCTUATION = "„“”\"»«‚‘’',.:;!?()–—"
# German verb-second puts a pronoun subject right after the finite cue verb ("Dann lehnte er … ab").
INVERTED_PRONOUN_CHARS = 20


# A plural that refers back to a group of speakers ("they said", "the four leaders wrote"; not "he said")
_PLURAL_REFERENT = re.compile(r"\b(?:they|They|leaders|signatories|Unterzeichner\w*|Regierungschefs|both|Both)\b")


class Speakers:
    """Who a sentence is reported from and who speaks with them, found on first use.

    A sentence with a subject needs its speaker only for a claim of a holder named in it (not for
    noise, cue-less terms, carried holders or requests), so the reporting-verb scans of
    ``speaker_of`` wait until such a claim asks. Without ``quotes`` the sentence needs no speaker at
    all (see ``code_sentence``).
    """

    __slots__ = ("_actors", "_carried", "_context", "_m", "_quotes", "_sentence", "_value", "at")

    def __init__(self, sentence: Sentence, actors: list[Mention], m: Matchers, carried: str | None,
                 quotes: QuoteSpeakers | None, context: Context | None = None) -> None:
        self._sentence, self._actors, self._m, self._carried, self._quotes = sentence, actors, m, carried, quotes
        self._context = context  # whose subject group a speaker carried from it stands for
        self._value: tuple[str | None, frozenset[str]] | None = None
        self.at = -1  # where the reporting verb or source stands (-1: none, or the quotation's speaker)

    def get(self) -> tuple[str | None, frozenset[str]]:
        """The speaker (else the quotation's speaker), and the actors speaking with the one found here."""
        if self._value is None:
            if self._quotes is None:
                self._value = (None, frozenset())
            else:
                text = self._sentence.text
                found, speaker_at = speaker_of(text, self._actors, self._m, self._carried)
                speaker = found or self._quotes.of(self._sentence)
                together = _co_speakers(found, speaker_at, self._actors, text)
                if (found is not None and found == self._carried and self._context is not None
                        and not any(a.kind == found for a in self._actors) and _PLURAL_REFERENT.search(text)):
                    # "The four leaders also wrote that …": a speaker carried from the sentences before
                    # is their whole subject group
                    together |= {a.kind for a in self._context.carried}
                self._value = (speaker, together)
                self.at = speaker_at
        return self._value


    def found(self) -> str | None:
        """The speaker if it was already worked out (no scan just for this), else None."""
        return self._value[0] if self._value is not None else None

    def continued(self, reported: bool = False) -> str | None:
        """The speaker, else, for a German sentence in Konjunktiv I with no reporting verb of its own,
        the speaker it continues ("…, sagte Putin. Zudem müsse Kiew auf die Nato verzichten.");
        ``reported``: the caller knows the sentence is in Konjunktiv I (its cue is: "brauche")."""
        speaker = self.get()[0]
        mood, reporting = self._m.cues.get("reported_mood"), self._m.cues.get("reporting")
        if reported and reporting is not None and reporting.search(self._sentence.text):
            return speaker  # a reporting verb of its own that named no known speaker: no continuation
        if speaker or not self._carried or not (reported or (mood is not None and mood.search(self._sentence.text))):
            return speaker
        return self._carried


def _co_speakers(speaker: str | None, speaker_at: int, actors: list[Mention], text: str) -> frozenset[str]:
    """"European leaders and U.S. envoys announced that …": every actor coordinated with the speaker
    right before the reporting verb speaks too (their positions are not another actor's report)."""
    if speaker is None:
        return frozenset()
    before = [a for a in actors if not a.oblique and a.end <= speaker_at]
    if before and before[-1].kind == speaker and speaker_at - before[-1].end <= SPEAKER_BEFORE_CHARS:
        group = coordinated(head_of_run(before, text), actors, text)
        # a list ends in a conjunction ("Merz, Macron und Starmer"); "Ukraine, Peskov said, must …" is
        # a parenthetical speaker after the subject, not two speakers
        if any(_CONJUNCTION.search(text, a.end, b.start) for a, b in pairwise(group)):
            return frozenset(a.kind for a in group)
    return _named_signatories(speaker, speaker_at, actors, text) or frozenset({speaker})


def _named_signatories(speaker: str, speaker_at: int, actors: list[Mention], text: str) -> frozenset[str]:
    """"laut einer Erklärung von Merz, Macron und Starmer", "…, the leaders of France, Germany and the
    UK said": a list of actors after "von / of / by" around the speaker speaks as one."""
    runs: list[list[Mention]] = []
    for actor in sorted(actors, key=lambda a: a.start):
        if runs and _LIST_GAP.fullmatch(text, runs[-1][-1].end, actor.start):
            runs[-1].append(actor)
        else:
            runs.append([actor])
    for run in runs:
        if (len(run) > 1 and any(a.kind == speaker for a in run) and _OWNER_BEFORE.search(text, 0, run[0].start)
                and (0 <= run[0].start - speaker_at <= SPEAKER_AFTER_CHARS or 0 <= speaker_at - run[-1].end <= SPEAKER_BEFORE_CHARS)
                and any(_CONJUNCTION.search(text, a.end, b.start) for a, b in pairwise(run))):
            return frozenset(a.kind for a in run)
    return frozenset()


# between two items of a list of names ("Merz, Macron und Starmer", "France, Germany and the United Kingdom")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:und|and|sowie))\s*(?:(?:the|der|die|dem|den)\s+)?")
# the preposition that hands a list of names a statement or a title ("Erklärung von", "leaders of")
_OWNER_BEFORE = re.compile(r"\b(?:von|of|by)\s+(?:the\s+)?$")


_CONJUNCTION = re.compile(r"\b(?:und|and|sowie|as well as|oder|or|&)\b|\s[–—]\s", re.IGNORECASE)


ATTRIBUTIVE = re.compile(r"[a-zäöüß]+(?:te|ten|ter|tes|tem|ene|enen|ener|enes)$")


def holders_of(cue: Mention | None, issue: Mention, actors: list[Mention], text: str, m: Matchers,
             context: Context, speakers: Speakers) -> tuple[list[Mention], bool]:
    """The actor mentions holding the position, and whether they were carried from context."""
    anchor = cue or issue
    must = m.cues.get("obligation")
    # a plan's provisions, and the obligations it lists ("Under it, Ukraine's army should be capped"),
    # belong to its author
    provision = cue is not None and cue.kind.startswith("provision")
    if provision or (cue is not None and must is not None and must.fullmatch(cue.text) and not speakers.get()[0]):
        lead = colon_lead(cue, actors, text, m) if cue is not None else []
        if lead:  # "An den Kernforderungen hält der Kreml fest: Die Ukraine soll …"
            return lead, False
        # (an obligation in another clause than the issue is none of the plan's: "Diese wären legitime
        # Ziele, das müsse allen klar sein"); after the obligation, a list goes on in its clause ("must pull
        # out of Donetsk, Luhansk and Kherson and renounce its NATO bid") until a new clause opens
        own_clause = provision or (cue is not None and (
            _NEW_CLAUSE.search(text, cue.end, issue.start) is None if cue.end <= issue.start
            else "," not in text[issue.end:cue.start]))
        if context.plan_author and own_clause:  # not to "soll die Ukraine"
            return carried(context.plan_author), False
        if provision and _plan_modal(cue, m) and context.plan is not None and (authors := context.plan.any()):
            return carried(authors), False  # "Ukraine's army would be capped …" after the plan
        if provision and context.group is not None and not _has_subject(actors) and not _new_plan(text, m):
            return carried(context.carried), True
        if not provision and context.reporter is not None and not _REPORTING_START.match(text):
            # "Putin said Ukraine must leave the four regions. Kyiv must also give up NATO": still his
            return [Mention(context.reporter, 0, 0, "")], True
    if cue is not None and (belongs := m.cues.get("belonging")) is not None and belongs.fullmatch(cue.text):
        # "Ukraine's future lies in the EU, von der Leyen said": the country is where it belongs, not who
        # says so; unreported, it is the writer's remark
        teller, others = speakers.get()
        return ([Mention(kind, 0, 0, "") for kind in sorted({teller} | others)] if teller else []), False
    if cue is not None and (veto := m.cues.get("denied_veto")) is not None and veto.fullmatch(cue.text):
        # "Russia has no veto over Ukraine's path to NATO, Rutte said": the speaker denies the subject a
        # veto and holds the position; unreported, it is the writer's remark
        speaker = speakers.get()[0]
        return ([Mention(speaker, 0, 0, "")] if speaker else []), False
    if cue is not None and _reported_pronoun(text, anchor, actors, m, speakers):
        # "Trump … told reporters that he wanted a ceasefire": the pronoun is the reporter, not the
        # last actor named before it (nor a source named first: "According to Kyiv, Putin told …"); a
        # plural pronoun after a list is every speaker ("Germany, France and Britain said they back …")
        speaker, co_speakers = speakers.get()
        return [Mention(kind, 0, 0, "") for kind in sorted({speaker or ""} | co_speakers)], False
    if cue is not None and (antecedent := _pronoun_antecedent(text, anchor, actors, m)) is not None:
        # "Trump's position is clear: after meeting Zelensky and Macron, he called for …": the
        # pronoun right before the cue is its subject, and it means the sentence's first actor
        return [Mention(antecedent.kind, 0, 0, antecedent.text)], False
    if cue is not None and (owner := _possessed_plan_owner(text, cue, actors, context, m)):
        # "Moscow has demanded …, and its June conditions also require Kyiv to withdraw": the plan noun
        # with a possessive pronoun is the subject; its owner is the pronoun's antecedent
        return owner
    if (cue is not None and context.group is not None and (pressure := m.cues.get("pressure")) is not None
            and pressure.fullmatch(cue.text) and _pronoun_subject(text, cue, m)
            and not any(not a.oblique and a.end <= cue.start for a in actors)):
        # "Er drängte Putin, einer Feuerpause zuzustimmen": the pronoun presses, the actor after the verb
        # is the one pressed
        return carried(context.carried), True
    if cue is not None and _first_person_subject(text, cue, actors) and (said := speakers.get())[0]:
        # '"Russia wants the whole Donbas, but we do not accept that," Zelensky said': "we" after the
        # actor named before is the speaker's side, not that actor
        return [Mention(kind, 0, 0, "") for kind in sorted({said[0] or ""} | said[1])], False
    # (whose "sovereign right" it is holds the right, not the position: the speaker or subject grants it)
    head = (_judged_by(cue, actors, text, m) or (genitive_holder(cue, actors, text, m) if not _A_RIGHT.search(anchor.text) else None)
            or _passive_agent(anchor, actors, text, m, issue) or subject_for(anchor, actors, text, m.lang, m.cues.get("roles")))
    if (head is not None and cue is not None and cue.kind.startswith("provision") and not _names_plan(head, m)
            and head.start >= clause_bounds(text, cue.start)[0] and not _CONTENT_START.search(text, head.end, cue.start)
            and not _demand_too(cue, m)):
        head = None  # "Die Ukraine soll Garantien erhalten": a provision's subject is its topic, not its author
    if head is not None:
        return with_companions(coordinated(head, actors, text), actors, text, m), False
    words = {w.strip(PUNCTUATION).casefold() for w in text.split()}  # "„Wir fordern …“"
    speaker, co_speakers = speakers.get() if words & m.words.get("first_person", frozenset()) else (None, frozenset())
    if speaker:  # '"We call on Russia to …," Macron and Merz said': every speaker of the "we"
        return [Mention(kind, 0, 0, "") for kind in sorted({speaker} | co_speakers)], True
    if _plan_subject(anchor, text, m) and context.plan is not None:
        authors = context.plan.any()  # "The draft calls for …", "Der Plan verlangt …"
        if authors:
            return carried(authors), True
    if context.named is not None:
        order = _ordinal_subject(text, anchor, m)
        if order is not None:  # "Dieser sprach sich … aus", "the former pledged …"
            return [context.named[0] if order == "former" else context.named[1]], True
    if _pronoun_subject(text, anchor, m) and _unknown_reporter(text, anchor, actors, m):
        return [], False  # "Italy has said it will not send soldiers": the pronoun is the reporter the lexicon does not know
    if context.group is not None and (_pronoun_subject(text, anchor, m)
                                      or (not any(not a.oblique for a in actors) and role_subject(text, anchor.start, m))
                                      or _role_reports(text, actors, speakers, m)):
        # ("Vance met Ukrainian officials. The vice-president pressed them to …": the role refers back, also
        # as the speaker of the clause: "The chancellor said that borders must not be shifted by force")
        return carried(context.carried), True
    # "A withdrawal is unacceptable, Zelensky said": a clause without a holder of its own, reported
    # after it, is the reporter's position ("He stressed that some partners remain hesitant about …"
    # names another holder before the cue, one the lexicon does not know)
    speaker, co_speakers = speakers.get()
    if speaker is None and not any(not a.oblique for a in actors) and not _reported_here(text, m):
        # "Lawrow sagte, man habe lange beraten. Eine Waffenruhe sei ausgeschlossen.": a German sentence in
        # Konjunktiv I with neither a speaker nor a subject of its own goes on with the speaker before it
        speaker = speakers.continued()
    if speaker and not _other_subject(issue, cue, speakers.at, text):
        if speaker == context.actor and not any(a.kind == speaker for a in actors):
            # "…, betonten sie", "…, betonen die Unterzeichner": the pronoun speaks for the whole group
            # the sentences before named (Merz, Macron and Starmer), not only its first member
            return carried(context.carried), True
        # ("…, France, Britain and Germany said": each of a list of speakers)
        return [Mention(kind, 0, 0, "") for kind in sorted({speaker} | co_speakers)], True
    return [], False


# What opens a new clause after a comma: a subordinator, a relative or a subject pronoun
_NEW_CLAUSE = re.compile(r"[;:.!?]|,\s*(?:dass|weil|da|wenn|falls|ob|die|der|das|denn|aber|doch|sondern|er|sie|es|man|"
                         r"that|which|who|because|while|when|if|but|he|she|it|they|we)\b", re.IGNORECASE)
# At most this many words before a reporting verb for its subject to be a name ("Italy has said",
# "Der polnische Präsident erklärte")
REPORTER_WORDS = 4
# ...and the reporting cue is a verb, not a two-letter source marker ("so", German "so Peskow")
SOURCE_MARKER_CHARS = 2


def _unknown_reporter(text: str, anchor: Mention, actors: list[Mention], m: Matchers) -> bool:
    """Is a pronoun subject the sentence's own reporter, named first and unknown to the lexicon ("Italy has
    said it will not send soldiers", "Polen erklärte, es werde …"), rather than someone from before?"""
    reporting = m.cues.get("reporting")
    verb = last_match(reporting, text, 0, anchor.start) if reporting is not None else None
    # (a verb: "so" of "so Peskow" is a source marker, and "so verbindlich" no report at all)
    if verb is None or len(verb.group()) <= SOURCE_MARKER_CHARS or any(a.end <= verb.start() for a in actors):
        return False
    words = text[:verb.start()].split()
    roles = m.cues.get("roles")
    third = m.words.get("third_person", frozenset())
    return (0 < len(words) <= REPORTER_WORDS and words[0][:1].isupper()
            and not any(w.strip(PUNCTUATION).casefold() in third for w in words)  # "Afterwards he told …"
            and not (roles is not None and roles.search(text, 0, verb.start())))


# A pronoun subject opening a sentence: someone the sentence names itself ("Sie scheue eine Waffenruhe")
_PRONOUN_OPENING = re.compile(r"\s*(?:Er|Sie|He|She|They)\b")


def _reported_here(text: str, m: Matchers) -> bool:
    """Does the sentence report someone of its own: a reporting verb or a source ("…, kündigte Grossi
    an", "laut MTI"), or a pronoun subject first (whom the lexicon may not know)?"""
    return (_PRONOUN_OPENING.match(text) is not None
            or any((p := m.cues.get(key)) is not None and p.search(text) for key in ("reporting", "sources")))


def _demand_too(cue: Mention, m: Matchers) -> bool:
    """Is a provision cue also a demand said by an actor ("calls for the": "Kyiv calls for the withdrawal
    of all Russian troops" is Kyiv's own demand, as "the plan calls for the withdrawal" is the plan's)?"""
    support = m.cues.get("support")
    return support is not None and support.match(cue.text) is not None


# A right as the cue ("Ukraine's sovereign right", "das souveräne Recht der Ukraine")
_A_RIGHT = re.compile(r"\b(?:right|Recht)\b", re.IGNORECASE)


# Words between a reporting verb and a cue that comes before its issue term: more than a
# conjunction and an adverb ("that some partners remain hesitant about …") name another holder.
OTHER_SUBJECT_WORDS = 3


def negated_subject_of(issue: Mention, actors: list[Mention], text: str) -> str:
    """The negative determiner of the subject right before a verbal issue term in its clause ("No
    European government will recognise …", "Kein europäischer Staat wird … anerkennen"), or ""."""
    start, _ = clause_bounds(text, issue.start)
    before = [a for a in actors if start <= a.start and a.end <= issue.start and not a.oblique]
    if not before or not issue.text[:1].islower():
        return ""
    return negative_determiner(text, before[0])


def negative_determiner(text: str, mention: Mention) -> str:
    """The negating word before an actor mention ("Kein ukrainischer Präsident", "No European
    government", "weder … noch"), or ""."""
    hit = _NEGATED_SUBJECT.search(text[max(0, mention.start - NEGATED_SUBJECT_CHARS):mention.start])
    return hit.group().split()[0] if hit else ""


# "Putin soll … genannt haben": the hearsay "soll" with a perfect infinitive reports, it obliges nobody
_HEARSAY = re.compile(r"\b[a-zäöüß]+(?:t|en)\s+(?:haben|sein)\b")
# How many words after a subject its modal may stand
MODAL_AFTER_SUBJECT_WORDS = 3
_WORD_START = re.compile(r"(?<![\w\-])\w")
# Between a modal that opens a verb-second clause and its subject: an article at most ("soll die Ukraine")
_MODAL_BEFORE_SUBJECT = re.compile(r"\s+(?:(?:der|die|das|the)\s+)?")


def obliged_subject(holders: list[Mention], cue: Mention, text: str, m: Matchers) -> Mention | None:
    """The holder named as the subject of a modal of obligation that governs ``cue`` ("Die Ukraine
    soll sich zur Neutralität verpflichten", "that Ukraine must renounce NATO", "Zudem soll die
    Ukraine auf die Nato verzichten"), or None: the subject is who is obliged, not who holds it."""
    deontic = m.cues.get("deontic")
    named = [h for h in holders if h.end and h.end <= cue.start]
    if deontic is None or len(named) != 1:
        return None
    subject = named[0]
    start, end = clause_bounds(text, cue.start)
    if subject.start < start or "," in text[subject.end:cue.start]:
        return None
    # the modal among the first words after the subject ("Die Ukraine allein müsse", "Kyiv, too, should")
    # (also the cue itself: "Europe should say what it means", written by the outlet, is nobody's claim)
    after = next((hit for w in islice(_WORD_START.finditer(text, subject.end, cue.end), MODAL_AFTER_SUBJECT_WORDS)
                  if (hit := deontic.match(text, w.start(), cue.end)) is not None), None)
    before = next((h for h in deontic.finditer(text, start, subject.start)
                   if _MODAL_BEFORE_SUBJECT.fullmatch(text, h.end(), subject.start)), None)
    if (after is None and before is None) or (m.lang == "de" and _HEARSAY.search(text, cue.start, end)):
        return None
    return subject


def colon_lead(cue: Mention, actors: list[Mention], text: str, m: Matchers) -> list[Mention]:
    """The holder named before a colon that introduces a provision: the subject of a demand or of
    a plan noun there ("Der Kreml hält an seinen Forderungen fest: Die Ukraine soll …"), or []."""
    colon = text.rfind(":", 0, cue.start)
    if colon < 0:
        return []
    lead = text[:colon]
    must = m.cues.get("obligation")
    if must is not None and must.search(lead):
        return []  # "Europe should say what it means: borders are not redrawn by force": the writer's advice
    named = find_stance_cues(lead, m, ("support",)) + find_cues(lead, m, ("plan_nouns", "position_nouns"))
    if not named:
        return []
    before = [a for a in actors if a.end <= colon and not a.oblique]
    if not before:  # "Putin's terms have not changed: Ukraine must …": the possessor of the demands
        owner = genitive_holder(named[0], [a for a in actors if a.end <= colon], lead, m)
        return [owner] if owner is not None else []
    head = subject_for(named[0], before, lead, m.lang)
    return with_companions(coordinated(head, before, lead), before, lead, m) if head is not None else []


def _role_reports(text: str, actors: list[Mention], speakers: Speakers, m: Matchers) -> bool:
    """Is the sentence reported by a role noun that refers back ("The secretary general told them that …"),
    with no actor named before its verb?"""
    if speakers.get()[0] is None or speakers.at < 0:
        return False
    return not any(a.start < speakers.at for a in actors) and role_subject(text, speakers.at, m)


def _other_subject(issue: Mention, cue: Mention | None, speaker_at: int, text: str) -> bool:
    """Does the reported clause have a subject of its own, one the lexicon does not know ("He stressed
    that some partners remain hesitant about Ukraine's membership")? Only when the issue term, which
    could be the subject itself, comes after the cue."""
    if cue is None or not 0 <= speaker_at < cue.start < issue.start:
        return False
    between = text[speaker_at:cue.start].split()[1:]  # without the reporting verb
    if _OWN_SIDE.search(" ".join(between)):
        return False  # "said that his team had insisted on …": the speaker's own side
    return len(between) >= OTHER_SUBJECT_WORDS


_OWN_SIDE = re.compile(r"\b(?:his|her|their|its|sein\w*|ihr\w*)\s+(?:team|delegation|government|side|negotiators|office|"
                       r"country|Team|Delegation|Regierung|Seite|Unterhändler|Land)\b")


# A negative determiner on the holder negates the clause ("Kein ukrainischer Präsident kann das
# unterschreiben", "No Ukrainian negotiator can sign that"); it stands this close before the holder.
NEGATED_SUBJECT_CHARS = 60
_NEGATED_SUBJECT = re.compile(r"(?:\b(?:kein|keine|keiner|no)\s+(?:[\w\-]+\s+)?|\b(?:neither|weder)\s+(?:(?:der|die|das|the)\s+)?|"
                              r"\b(?:no one|nobody|niemand)\s+(?:in|im|aus|from|at)\s+(?:(?:der|dem|the)\s+)?|"
                              r"\b(?:neither|weder)\s+[^,;]{1,40}?\b(?:nor|noch)\s+(?:[\w\-]+\s+){0,2})$", re.IGNORECASE)
# "No one in Kyiv is ready to …", "Niemand in Kiew ist bereit …": a clause whose subject is nobody
NOBODY = re.compile(r"\W*(?:no one|nobody|niemand|not a single|no single|kein einziger|keine einzige|kein einziges)\b",
                     re.IGNORECASE)
_JUDGE_BEFORE = re.compile(r"(?:\bfür|\bfor|\bto)\s+(?:die\s+|den\s+|das\s+|the\s+)?$", re.IGNORECASE)
# ...but "X hält Y für unverzichtbar": the subject of "halten … für" judges; a "für" actor inside is Y's
_HOLDS_FOR = re.compile(r"(?:hält|halten|hielt|hielten|halte|gehalten)\b", re.IGNORECASE)


# "is unacceptable to Russia", "non-negotiable for the Kremlin": the judge follows within this many
# characters ("ruled out NATO membership for Ukraine" names the membership's candidate, not a judge).
JUDGE_AFTER_CHARS = 16


def _names_plan(mention: Mention, m: Matchers) -> bool:
    """Does the actor mention name a plan or document of the actor ("the US plan", "Der Plan der USA")?"""
    plans = m.cues.get("plan_nouns")
    return plans is not None and plans.search(mention.text) is not None


# "stößt in Kiew auf Ablehnung", "stieß bei der EU-Kommission auf Zustimmung": the place or body that
# meets a proposal with a reaction holds the reaction
_MET_WITH_BEFORE = re.compile(r"\b(?:stößt|stieß|stoßen|stießen|gestoßen|stoße)\s+(?:\w+\s+){0,2}?(?:in|bei)\s+"
                              r"(?:(?:der|dem|den|die)\s+)?$")
_MET_WITH_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?auf\s+(?:\w+\s+)?")
# A judge fronted at the start of the sentence: "For Kyiv, …"
_FOR_FRONTED = re.compile(r"\W*For\s+(?:the\s+)?$")


def _judged_by(cue: Mention | None, actors: list[Mention], text: str, m: Matchers) -> Mention | None:
    """"kommt für die EU nicht in Frage", "unacceptable to Russia": the actor a judgement is for holds it."""
    pattern = m.cues.get("evaluative")
    if cue is not None and m.lang == "de":
        start, _ = clause_bounds(text, cue.start)
        for actor in actors:  # "Die Forderung stößt in Kiew auf Ablehnung": who meets it with the reaction
            if (start <= actor.start < cue.start and _MET_WITH_BEFORE.search(text, start, actor.start)
                    and _MET_WITH_AFTER.fullmatch(text, actor.end, cue.start)):
                return actor
    if cue is None or pattern is None or pattern.search(cue.text) is None:
        return None
    start, end = clause_bounds(text, cue.start)
    if _HOLDS_FOR.match(cue.text) or _HOLDS_FOR.match(text, cue.end + 1):  # "hält … für unverzichtbar", "… für unverzichtbar hält"
        return None
    for actor in actors:
        if m.lang == "en" and _FOR_FRONTED.match(text[:actor.start]) and text.startswith(",", actor.end):
            return actor  # "For Kyiv, a cap on its army is a non-starter": the judge fronted
        if m.lang == "en" and not 0 <= actor.start - cue.end <= JUDGE_AFTER_CHARS:
            continue  # "unacceptable to Russia": English judges follow the judgement right away
        if start <= actor.start < end and _JUDGE_BEFORE.search(text[max(start, actor.start - 12):actor.start]):
            return actor
    return None


def _plan_subject(anchor: Mention, text: str, m: Matchers) -> bool:
    """Is a plan noun the subject of the cue: before it in its clause ("Der Plan verlangt", "The
    document requires") or, German verb-second, right after it ("verlangt der Entwurf")?"""
    start, _ = clause_bounds(text, anchor.start)
    for plan in find_cues(text, m, ("plan_nouns",)):
        if start <= plan.start < anchor.start or (m.lang == "de" and 0 <= plan.start - anchor.end <= INVERTED_PRONOUN_CHARS):
            return True  # (English has no verb-second subject: "refused Russian demands" is the verb's object)
    return False


def _new_plan(text: str, m: Matchers) -> bool:
    """"A joint document envisions …": an indefinite plan noun is a new plan, not the previous subject's."""
    indefinite = m.words.get("indefinite", frozenset())
    for plan in find_cues(text, m, ("plan_nouns",)):
        words = text[max(0, plan.start - 30):plan.start].split()[-2:]
        if any(w.casefold() in indefinite for w in words):
            return True
    return False


def _ordinal_subject(text: str, anchor: Mention, m: Matchers) -> str | None:
    """"latter" or "former" when such a word is the subject before the cue in its clause
    ("Afterwards the former pledged …"), else None."""
    start, _ = clause_bounds(text, anchor.start)
    before = text[start:anchor.start]
    return next((order for order in ("latter", "former")
                 if _subject_word(before, m.words.get(order, frozenset()))), None)


def _as_subject(before: str, word: str) -> int:
    """Where ``word`` stands last in ``before`` (the clause up to the cue) with no "that"/comma after
    it, as the cue's subject; -1 if it does not."""
    at = _last_word(before, word)
    return at if at >= 0 and not _CONTENT_START.search(before[at + len(word):]) else -1


_FIRST_PERSON_SUBJECTS = frozenset({"we", "i", "wir", "ich"})


def _first_person_subject(text: str, cue: Mention, actors: list[Mention]) -> bool:
    """Is a first-person pronoun the cue's subject, after the last actor named before the cue and after
    the last comma or dash?"""
    start = max([a.end for a in actors if a.end <= cue.start]
                + [text.rfind(mark, 0, cue.start) + 1 for mark in ",–—"] + [0])
    return _subject_word(text[start:cue.start], _FIRST_PERSON_SUBJECTS)


def _subject_word(before: str, words: frozenset[str]) -> bool:
    """Does one of ``words`` stand in ``before`` as the cue's subject?"""
    return any(_as_subject(before, word) >= 0 for word in words)


def _subject_pronoun(text: str, anchor: Mention, pronouns: frozenset[str]) -> int:
    """Where one of ``pronouns`` stands in the cue's clause as its subject (the last such one), or -1."""
    start, _ = clause_bounds(text, anchor.start)
    before = text[start:anchor.start]
    if not _PERSONAL_PRONOUN.search(before):
        return -1  # the quick scan first: most clauses hold no pronoun at all
    at = max((_as_subject(before, word) for word in pronouns), default=-1)
    return start + at if at >= 0 else -1


# A sentence opening with its own source ("According to …", "Laut …") reports someone new.
_REPORTING_START = re.compile(r"\s*(?:according to|laut|nach Angaben|zufolge)\b", re.IGNORECASE)
# Singular personal pronouns: one person named earlier in the sentence; and all personal pronouns.
_HE_SHE = frozenset({"he", "she", "er"})
_PERSONAL = frozenset({"he", "she", "it", "they", "er", "sie"})
_IT = frozenset({"it"})
_AFTER_COORDINATOR = re.compile(r"(?:,\s*|\s)(?:and|but|yet)\s+$", re.IGNORECASE)
_PERSONAL_PRONOUN = re.compile(r"\b(?:he|she|it|they|er|sie)\b", re.IGNORECASE)


# A possessive pronoun or demonstrative, at most two words and a plan noun, as the cue's subject ("its June
# conditions also require", "seine Forderungen verlangen"): the plan noun is matched against ``plan_nouns``
# separately. A demonstrative points to the plan told before, a possessive to the pronoun's antecedent.
_POSSESSIVES = {"en": ("its", "their", "his", "her"), "de": ("seine", "ihre", "seinen", "ihren", "dessen", "deren")}
_DEMONSTRATIVE_WORDS = {"en": ("these", "those", "this", "that"),
                        "de": ("diese", "dieser", "dieses", "diesen", "jene", "jener")}
_DEMONSTRATIVES = frozenset(w for words in _DEMONSTRATIVE_WORDS.values() for w in words)
_SUBJECT_AFTER = {"en": r"(?:also\s+|still\s+|now\s+)?", "de": r"(?:auch\s+|noch\s+)?"}
_POSSESSED_SUBJECT = {
    lang: re.compile(r"\b(?:" + "|".join(_POSSESSIVES[lang] + _DEMONSTRATIVE_WORDS[lang])
                     + r")\s+((?:[\w\-]+\s+){0,2}?[\w\-]+)\s+" + _SUBJECT_AFTER[lang] + "$", re.IGNORECASE)
    for lang in _POSSESSIVES
}


def _possessed_plan_owner(text: str, cue: Mention, actors: list[Mention], context: Context,
                          m: Matchers) -> tuple[list[Mention], bool] | None:
    """The owner of a plan noun (or, with a possessive, of a body or office) that is the cue's subject
    ("its conditions require …", "its government has made clear"): the sentence's first actor before
    the clause, else the previous sentence's subject; with a demonstrative ("those proposals"), the
    author of the plan the sentences before told."""
    pattern, nouns, roles = _POSSESSED_SUBJECT.get(m.lang), m.cues.get("plan_nouns"), m.cues.get("roles")
    start, _ = clause_bounds(text, cue.start)
    hit = pattern.search(text, start, cue.start) if pattern is not None else None
    if hit is None and m.lang == "de":
        # verb-second: the subject right after the finite verb ("… lehnt seine Regierung kategorisch ab")
        hit = _POSSESSED_AFTER_VERB_DE.match(text, cue.start + len(cue.text.split()[0]))
    if hit is None:
        return None
    demonstrative = hit.group().split()[0].casefold() in _DEMONSTRATIVES

    def heads(found: re.Pattern[str] | None) -> bool:
        return found is not None and any(n.end() == hit.end(1) for n in found.finditer(text, hit.start(1), hit.end(1)))
    # (a body or office with a possessive is the antecedent's too: "Its government has made clear …",
    # "Eine NATO-Mitgliedschaft lehnt seine Regierung ab")
    if not heads(nouns) and (demonstrative or not heads(roles)):
        return None
    if any(hit.start() <= a.start < cue.start for a in actors):
        return None  # "their Russian counterparts' demands": the owner is named
    if demonstrative:
        # "Those proposals demand …": the plan the sentences before told, else nobody named here
        return (carried(context.plan_author), True) if context.plan_author else None
    earlier = [a for a in actors if a.end <= hit.start() and not a.oblique]
    if earlier:
        return [Mention(earlier[0].kind, 0, 0, earlier[0].text)], False
    return (carried(context.carried), True) if context.group is not None else None


# (verb-second: a nominative possessive right after the finite verb, "… lehnt seine Regierung ab")
_POSSESSED_AFTER_VERB_DE = re.compile(r"\s+(?:seine|ihre|dessen|deren)\s+((?:[a-zäöüß][\w\-]*\s+)?[A-ZÄÖÜ][\w\-]*)\b")


def _pronoun_antecedent(text: str, anchor: Mention, actors: list[Mention], m: Matchers) -> Mention | None:
    """The sentence's first actor, when "he"/"she"/"er" right before the cue is its subject and
    other actors stand between that first one and the pronoun ("after meeting X and Y, he …")."""
    if len({a.kind for a in actors}) < 2:
        return None  # one candidate: the usual resolution finds it (and most sentences name one)
    pronoun = _subject_pronoun(text, anchor, _HE_SHE)
    if pronoun < 0:
        # "Moscow demands that Kyiv hand over the Donbas, and it has turned down a ceasefire": "it"
        # opening the next conjunct is the first conjunct's subject (a country or a government)
        pronoun = _subject_pronoun(text, anchor, _IT)
        if pronoun < 0 or not _AFTER_COORDINATOR.search(text, 0, pronoun):
            return None
    earlier = [a for a in actors if a.end <= pronoun]
    if len({a.kind for a in earlier}) < 2 or any(pronoun < a.start < anchor.start for a in actors):
        return None  # one candidate before it, or another actor after it: the usual resolution applies
    return earlier[0]


def _reported_pronoun(text: str, anchor: Mention, actors: list[Mention], m: Matchers, speakers: Speakers) -> bool:
    """Is the cue's subject a third-person pronoun inside what a speaker named before it reports
    ("X told reporters that he wanted …", "sagte Merz, er wolle …")?"""
    pronoun = _subject_pronoun(text, anchor, _PERSONAL)
    if pronoun < 0:
        return False
    if any(pronoun < a.start < anchor.start for a in actors):
        return False  # "it had agreed to Trump's request": the request is Trump's
    speaker = speakers.get()[0]
    return bool(speaker) and 0 <= speakers.at < pronoun


def _pronoun_subject(text: str, anchor: Mention, m: Matchers) -> bool:
    """Is a third-person pronoun the subject of the cue: before it with no "that"/comma between
    ("He emphasized that some members remain hesitant" is not), or right after it (German V2)?"""
    third = m.words.get("third_person", frozenset())
    start, _ = clause_bounds(text, anchor.start)
    before = text[start:anchor.start]
    opening = text.split(maxsplit=1)[0].casefold() if text.strip() else ""
    if start == 0 and opening in m.words.get("anaphors", frozenset()) and not _CONTENT_START.search(before):
        return True  # "This proposition is conditional on …": the previous holder's offer
    if _subject_word(before, third):
        return True
    after = [w.strip(",.") for w in text[anchor.start:anchor.end + INVERTED_PRONOUN_CHARS].casefold().split()]
    # "schließt die Regierung aus": one word or two ("die regierung") right after the verb
    return m.lang == "de" and any(w in third or f"{w} {n}" in third for w, n in zip(after[1:4], after[2:5] + [""]))


def _last_word(text: str, word: str) -> int:
    """Position of the last whole-word occurrence of ``word`` in ``text`` (case-insensitive), or -1."""
    hits = [h.start() for h in _whole_word(word).finditer(text)]
    return hits[-1] if hits else -1


@lru_cache(maxsize=256)  # the lexicon's pronouns: a handful per language
def _whole_word(word: str) -> re.Pattern[str]:
    """The pattern of ``word`` as a whole word, case-insensitive (compiled once, not looked up per call)."""
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)


_MODAL_START = re.compile(r"(?:must|should|will|would|can|could|has|have|is|are|was|were)\b", re.IGNORECASE)


def _plan_noun(cue: Mention, m: Matchers) -> bool:
    """Is the cue a noun for a plan, a proposal or a list of demands (``plan_nouns``)?"""
    plans = m.cues.get("plan_nouns")
    return plans is not None and plans.fullmatch(cue.text) is not None


def unowned_proposal(cue: Mention, actors: list[Mention], text: str, m: Matchers) -> bool:
    """Is ``cue`` a German plan or demand noun that is a cue ("die Forderungen", "Bedingungen") without an
    owner (genitive, adjective, name)? Before a later verb it is that verb's object, not a position."""
    return (m.lang == "de" and cue.text[:1].isupper() and _plan_noun(cue, m)
            and genitive_holder(cue, actors, text, m) is None)


def names_proposal(actor: Mention, cue: Mention, m: Matchers) -> bool:
    """Is ``cue`` the proposal noun that ends an actor's name for its proposal ("American proposal")?"""
    return cue.end == actor.end and actor.start < cue.start and _plan_noun(cue, m)


def genitive_holder(cue: Mention | None, actors: list[Mention], text: str, m: Matchers) -> Mention | None:
    """"Forderungen Russlands", "Bitte von Trump", "Trump's request": the possessor of a stance noun holds it."""
    if cue is None:
        return None
    owner = next((a for a in actors if names_proposal(a, cue, m)), None)
    if owner is not None:
        return owner  # "rejected the American proposal for …": the proposal is the US's
    # a cue ending in a preposition ("Druck auf Kiew") takes an object, not a genitive
    german_noun = cue.text[:1].isupper() and cue.text.split()[-1][:1].isupper() and bool(m.words.get("genitive"))
    if m.lang == "en" and _MODAL_START.match(cue.text):
        return None  # "Ukraine's army must not exceed …": a verb phrase has no possessor
    for actor in actors:
        between = text[actor.end:cue.start]
        if actor.end <= cue.start and _POSSESSOR_BEFORE.match(between) and (
                actor.text[-2:] in ("'s", "’s") or between[:2] in ("'s", "’s")):
            return actor
        if german_noun and actor.start >= cue.end and _GENITIVE_AFTER.match(text[cue.end:actor.start]):
            return actor
        # "Moskaus Sicherheitsforderungen", "Kiews Ablehnung": a German genitive name right before the noun
        if german_noun and actor.end <= cue.start and _PRENOMINAL_GAP.fullmatch(between) and genitive_alias(actor.text, m):
            return actor
        # "rejected the US proposal", "a Kremlin demand": a name used as an attribute of the noun
        if m.lang == "en" and actor.end <= cue.start and not between.strip() and cue.text.islower() and \
                _DETERMINER_END.search(text, 0, actor.start) and (_plan_noun(cue, m) or _CALL_NOUN.match(cue.text)):
            return actor  # (and "backed the US call for a ceasefire": a noun, as the article before the name shows)
    return _owner_adjective(cue, text, m)


# English demand nouns that read as verbs too ("call for", "push for"): after "the <name>" they are nouns
_CALL_NOUN = re.compile(r"(?:call|demand|request|push|plea|appeal)s?\s+(?:for|to)\b")
# Between a prenominal German genitive and its noun: at most one adjective ("Moskaus neue Forderungen")
_PRENOMINAL_GAP = re.compile(r"\s+(?:[a-zäöüß][\w\-]*\s+)?")


# A determiner and one word right before a noun ("den amerikanischen Vorschlag", "the European proposal").
_ADJECTIVE_BEFORE = re.compile(r"\b(?:the|a|an|its|der|die|das|den|dem|des|ein|eine|einen|einem|eines)\s+([\w\-]+)\s+$",
                               re.IGNORECASE)


def _owner_adjective(cue: Mention, text: str, m: Matchers) -> Mention | None:
    """"the European proposal", "den amerikanischen Vorschlag": an actor's adjective before a proposal
    noun owns the proposal (actors.yaml ``owner_adjectives``)."""
    if not m.owner_adjectives or not _plan_noun(cue, m):
        return None
    hit = _ADJECTIVE_BEFORE.search(text, max(0, cue.start - 40), cue.start)
    if hit is None:
        return None
    for actor, pattern in m.owner_adjectives:
        if pattern.fullmatch(hit.group(1)):
            return Mention(actor, hit.start(1), hit.end(1), hit.group(1))
    return None


# An active perfect right before a participle cue ("has proposed"): it takes no "by" agent
_ACTIVE_PERFECT = re.compile(r"\b(?:has|have|had)\s+(?:(?:long|already|just|now|also|repeatedly)\s+)?$", re.IGNORECASE)


def _passive_agent(anchor: Mention, actors: list[Mention], text: str, m: Matchers, issue: Mention | None = None) -> Mention | None:
    """"wird von den Westeuropäern angestrebt", "opposition … by Trump": the agent holds the position;
    not the agent of the issue's own noun after the cue ("called for a ceasefire by Russia": Russia is to
    cease fire, not the one calling)."""
    start, end = clause_bounds(text, anchor.start)
    always = m.words.get("agent_always", frozenset())
    agents = agent_words(m)
    passive: bool | None = None  # whether the clause is passive: looked up once an agent marker asks
    # the nearest agent first: "proposed by Washington and accepted by Kyiv" has one for each participle
    for actor in sorted(actors, key=lambda a: min(abs(a.start - anchor.end), abs(anchor.start - a.end))):
        if not start <= actor.start < end or "," in text[min(anchor.end, actor.end):max(anchor.start, actor.start)]:
            continue  # ("rejects a ceasefire, arguing that it could be used by Kyiv": another clause's agent)
        before = text[max(start, actor.start - 25):actor.start].split()
        marker = next((w.casefold() for w in reversed(before[-3:]) if w.casefold() in agents), None)
        if marker is None:
            continue
        if (issue is not None and anchor.end <= issue.start and issue.end <= actor.start
                and _AGENT_RIGHT_AFTER.fullmatch(text, issue.end, actor.start)):
            continue
        if (m.lang == "en" and _ATTRIBUTE_AGENT.search(text, max(start, actor.start - 40), actor.start)
                and not _SECOND_PASSIVE.search(text, max(start, actor.start - 90), actor.start)):
            continue  # "guarantees ratified by the US Congress": the agent of a participle describing the issue
        if marker in always:
            if actor.start >= anchor.end and _ACTIVE_PERFECT.search(text, max(start, anchor.start - 30), anchor.start):
                continue  # "The ceasefire Kyiv has proposed was rejected by Moscow": the agent is the later verb's
            return actor
        if passive is None:
            clause_words = {w.casefold() for w in text[start:end].split()}
            passive = bool(clause_words & m.words.get("passive", frozenset()))
        # or an attributive participle right after the agent: "eine von Moskau verlangte Obergrenze"
        if passive or (anchor.start - actor.end <= ATTRIBUTIVE_AGENT_CHARS and anchor.start >= actor.end
                       and ATTRIBUTIVE.fullmatch(anchor.text)):
            return actor
    return None


# Between an issue noun and its own agent: "a ceasefire by Russia", "einen Rückzug durch Kiew"
_AGENT_RIGHT_AFTER = re.compile(r"\s+(?:by|durch)\s+(?:the\s+|die\s+|den\s+)?")
# A participle with its "by" agent and no auxiliary before it qualifies a noun ("guarantees ratified by"),
# unlike a passive ("was rejected by") or a passive's second participle after one with its own agent ("was
# proposed by Washington and accepted by"; not "legally binding and backed by")
_ATTRIBUTE_AGENT = re.compile(r"(?<!\bwas )(?<!\bwere )(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )(?<!\bbeing )"
                              r"\b(?:[a-z]+ed|held|won|led|run|drawn|written|made|put|set|taken|given|seen|known|"
                              r"built|kept|sent|shown|done|begun|struck)\s+by\s+(?:the\s+)?$")
_SECOND_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|be)\s+[a-z]+\s+by\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+and\s+"
                             r"[a-z]+\s+by\s+(?:the\s+)?$")
# "eine von Moskau verlangte Obergrenze": the participle follows its agent this closely
ATTRIBUTIVE_AGENT_CHARS = 4


def _has_subject(actors: list[Mention]) -> bool:
    """Does the sentence name an actor outside a prepositional phrase (so a provision needs no carried author)?"""
    return any(not a.oblique for a in actors)


def _plan_modal(cue: Mention | None, m: Matchers) -> bool:
    """Is the cue a plan's modal standing in for a provision (see ``_plan_modals``)?"""
    pattern = m.cues.get("plan_modal")
    return cue is not None and pattern is not None and pattern.fullmatch(cue.text) is not None
