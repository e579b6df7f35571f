"""What one sentence leaves for the next: who "er"/"Darin" means, whose plan it is, what "dies" means."""

from __future__ import annotations

import re
from typing import NamedTuple

from parsers.attribution import (
    DOCUMENT_SAYS,
    REPORT_AND_VERBS,
    agent_words,
    clause_bounds,
    coordinated,
    same_person,
    subject_for,
    with_companions,
)
from parsers.issue_finding import find_issues
from parsers.lexicon_types import Matchers
from parsers.mentions import Mention, find_cues, overlaps
from parsers.types import Stance

# A provision looks back this many sentences for the plan it belongs to.
PLAN_MEMORY = 12
# A possessive owner ("Trumps 28 Punkte umfassenden Friedensplan", "Trump's peace plan") sits at most
# this many words before the plan noun.
OWNER_BEFORE_WORDS = 4
# Between an English name used as an attribute and its plan noun: at most two lowercase words ("the
# US peace plan", "the Kremlin's 28-point draft" is a possessive and handled as one).
_ADJUNCT_GAP = re.compile(r"\s+(?:[a-z0-9][\w-]*\s+){0,2}")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
# "Plan der USA", "proposal by Washington": only an article or preposition between plan and owner.
_OWNER_AFTER = re.compile(r"^\s*(?:der|des|von|vom|by|from|of|the|\s)*\s*$", re.IGNORECASE)
_POSSESSIVE_EN = re.compile(r"^['’]s\b")
_WORDS = re.compile(r"[\w\-’']+")
# "eigene Vorschläge", "its own proposal": the clause subject put the plan forward.
_OWN = re.compile(r"\b(?:eigene[nmrs]?|own)\s+(?:\w+\s+)?$", re.IGNORECASE)


# A pronoun before a comma and a clause it stands for (German correlates: "dafür, dass …").
_CATAPHORIC = re.compile(r",\s*(?:dass|ob|wer|was|wann|wo|that|whether|who|what)\b", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"(?:of|for|to|on|by|from|that|einer|eines|einem|eine|der|des|zur|zum|zu|über|für|"
                        r"von|vom|aus|dass|nach)\b", re.IGNORECASE)


class PlanAuthor:
    """The plan author of one sentence, worked out only when a provision cue asks for it.

    The plan-noun scan is the costliest step of sentences without issues, and most sentences' plan
    authors are never asked for. The value: the sentence's own plan author (``plan_author``), else,
    when a provision cue speaks of a plan ("Darin ist vorgesehen …", "Wahlen sollen …"), the author
    of the plan named last in the ``PLAN_MEMORY`` sentences before it.
    """

    __slots__ = ("_actors", "_m", "_names", "_own", "_previous", "_speaker", "_text", "_value")

    def __init__(self, text: str, actors: list[Mention], m: Matchers, previous: PlanAuthor | None,
                 speaker: str | None = None) -> None:
        self._text, self._actors, self._m, self._previous = text, actors, m, previous
        self._speaker = speaker  # who the sentence is reported from, when it names no actor ("…, he said")
        self._value: tuple[Mention, ...] | None = None
        self._own: tuple[Mention, ...] | None = None
        self._names: bool | None = None

    def get(self) -> tuple[Mention, ...]:
        """The plan author(s), or ()."""
        if self._value is None:
            own = self.own()
            # a provision ("Wahlen sollen …") or an obligation ("Ukrainian troops must leave …") after a
            # plan or a list of conditions was named is that plan's
            # (an obligation only with someone obliged: "das müsse allen klar sein" is no provision)
            obliged = any(not a.oblique for a in self._actors) or DOCUMENT_SAYS.search(self._text) is not None
            asks = [p for p in (self._m.cues.get("provision"), self._m.cues.get("obligation") if obliged else None)
                    if p is not None]
            if own or not any(p.search(self._text) for p in asks):
                self._value = own
            else:
                self._value = self._recent()
        return self._value

    def any(self) -> tuple[Mention, ...]:
        """The author of this sentence's plan or of the one named last before it (a sentence whose
        subject is "the draft" or "das Papier" speaks for that plan), or ()."""
        return self.own() or self._recent()

    def own(self) -> tuple[Mention, ...]:
        """The author of a plan this sentence itself names, or ()."""
        if self._own is None:
            self._own = plan_author(self._text, self._actors, self._m)
            if not self._own and self._previous is not None and self._previous.names_plan():
                # "Seit Mittwoch liegt ein Papier auf dem Tisch. Ausgearbeitet haben es Witkoff und …"
                self._own = authors_by_reference(self._text, self._actors, self._m)
            if not self._own and self._speaker and OWN_TERMS.search(self._text):
                # '"The conditions are very simple," he said': a speaker's conditions are his
                self._own = (Mention(self._speaker, 0, 0, ""),)
        return self._own

    def _recent(self) -> tuple[Mention, ...]:
        """The author of the plan named last in the ``PLAN_MEMORY`` sentences before this one: an
        explainer names the plan once and then lists its provisions ("Wahlen sollen … stattfinden")."""
        node, steps = self._previous, 0
        while node is not None and steps < PLAN_MEMORY:
            own = node.own()
            if own:
                return own
            # a sentence that speaks of "the plan" again ("Der Entwurf umfasst 28 Punkte", "the draft
            # also calls for …") keeps the plan in mind: the count starts again there
            steps = 0 if node.names_plan() else steps + 1
            node = node._previous
        return ()

    def names_plan(self) -> bool:
        """Does this sentence name a plan (with or without its author)?"""
        if self._names is None:
            self._names = bool(find_cues(self._text, self._m, ("plan_nouns",))) or bool(self.own())
        return self._names


class Group:
    """The subject group one sentence leaves for the next, completed only when a claim needs it.

    Later sentences mostly ask only who the group's head is (the actor "er"/"sie" refers to); the
    coordination and companion scans that complete the group ("X und Y", "gemeinsam mit Z") run only
    when a later sentence's claim is carried to the whole group. The group is never empty.
    """

    __slots__ = ("_actors", "_m", "_text", "_value", "head")

    def __init__(self, head: Mention, actors: list[Mention] | None = None, text: str = "",
                 m: Matchers | None = None) -> None:
        self.head = head
        self._actors, self._text, self._m = actors, text, m
        # without actors the group is the head alone (a speaker named elsewhere)
        self._value: tuple[Mention, ...] | None = (head,) if actors is None else None

    def get(self) -> tuple[Mention, ...]:
        """The head, the actors coordinated with it and their companions."""
        if self._value is None:
            assert self._actors is not None and self._m is not None
            group = coordinated(self.head, self._actors, self._text)
            self._value = tuple(with_companions(group, self._actors, self._text, self._m))
        return self._value


class Context(NamedTuple):
    """The previous sentences' subject group, plan author and issues, for the sentence at hand.

    A named tuple (immutable like a frozen dataclass, cheaper to create: a few per sentence).
    """

    group: Group | None = None
    plan: PlanAuthor | None = None
    issues: tuple[Mention, ...] = ()
    # the previous sentence's asserted positions as (holder, stance): an elaborating sentence
    # ("Gemeint ist …", "That means …") restates them for the issue it names
    stated: tuple[tuple[Mention, Stance], ...] = ()
    # the first and last actor the previous sentence named, for "the former" / "the latter"
    named: tuple[Mention, Mention] | None = None
    # every issue the previous sentence named, for a plural resuming phrase ("these demands")
    listed: tuple[Mention, ...] = ()
    # the speaker the previous sentence's claims were reported from: "Putin said Ukraine must leave
    # the four regions. Kyiv must also give up NATO" goes on reporting him
    reporter: str | None = None


    @property
    def carried(self) -> tuple[Mention, ...]:
        """The subject group a pronoun refers back to, or () (test ``group`` to avoid building it)."""
        return self.group.get() if self.group is not None else ()

    @property
    def actor(self) -> str | None:
        """The actor id a pronoun refers back to, if any."""
        return self.group.head.kind if self.group is not None else None

    @property
    def plan_author(self) -> tuple[Mention, ...]:
        """The author(s) of the plan this sentence's provisions belong to, or ()."""
        return self.plan.get() if self.plan is not None else ()


def carried(mentions: tuple[Mention, ...] | list[Mention]) -> list[Mention]:
    """Context mentions as holders without a position in the current sentence."""
    return [Mention(a.kind, 0, 0, a.text) for a in mentions]


# What a speaker who names no other owner puts forward himself: his conditions, demands, terms.
OWN_TERMS = re.compile(r"\b(?:conditions|demands|terms|Bedingungen|Forderungen)\b")
# A pronoun standing for the plan the sentence before named ("Ausgearbeitet haben es …", "It was drafted by …").
_PLAN_PRONOUN = {"de": re.compile(r"\b(?:es|er|ihn|dieses|diesen)\b"), "en": re.compile(r"\b(?:it|this)\b", re.IGNORECASE)}


def authors_by_reference(text: str, actors: list[Mention], m: Matchers) -> tuple[Mention, ...]:
    """Who put forward the plan the sentence before named, when this sentence says so with a pronoun
    and a verb of putting forward: the verb's subject and those coordinated with it, else the passive's
    agent, or ()."""
    pronoun = _PLAN_PRONOUN.get(m.lang)
    hit = pronoun.search(text) if pronoun is not None and actors else None
    if hit is None or not find_cues(text, m, ("proposing",)):
        return ()
    subjects = [a for a in actors if not a.oblique]
    if subjects:
        return tuple(coordinated(subjects[0], actors, text))
    # "Ausgearbeitet wurde er von Witkoff …": the agent of the passive
    agent = _proposing_agent(Mention("plan_nouns", hit.start(), hit.end(), hit.group()), actors, text, m)
    return _agents(agent, actors, text) if agent is not None else ()


def plan_author(text: str, actors: list[Mention], m: Matchers) -> tuple[Mention, ...]:
    """The actor(s) that put forward a plan named in this sentence, or ()."""
    if not actors:
        return ()  # every way below names one of them; a third of all sentences need no plan scan
    plans = find_cues(text, m, ("plan_nouns",))
    if not plans:
        return ()
    for actor in actors:
        if any(overlaps(actor, p) for p in plans):
            return (actor,)  # the alias names the plan itself ("28-Punkte-Plan", "US plan")
    for plan in plans:
        owner = _owner(plan, actors, text, m.lang, m.cues.get("proposing"))
        if owner is not None:
            return (owner,)
        agent = _proposing_agent(plan, actors, text, m) or _relative_author(plan, actors, text, m)
        if agent is not None:
            return _agents(agent, actors, text)
        if _OWN.search(text[:plan.start]) or _proposed(plan, text, m):
            head = subject_for(plan, actors, text)
            if head is not None:
                return tuple(coordinated(head, actors, text))
    return ()


def _owner(plan: Mention, actors: list[Mention], text: str, lang: str = "de",
           proposing: re.Pattern[str] | None = None) -> Mention | None:
    """A possessive right before the plan noun, a genitive / by-phrase right after it, or an agent
    before a participle of proposing ("von den USA vorgelegte Plan")."""
    for actor in actors:
        if (actor.end <= plan.start and len(_WORDS.findall(text[actor.end:plan.start])) <= OWNER_BEFORE_WORDS
                and _possessive(actor, text, lang) and not any(c in text[actor.end:plan.start] for c in ",;:–")):
            return actor
        if actor.start >= plan.end and _OWNER_AFTER.match(text[plan.end:actor.start]):
            return actor
        if (lang == "en" and actor.end <= plan.start and _ADJUNCT_GAP.fullmatch(text, actor.end, plan.start)
                and _DETERMINER_BEFORE.search(text, 0, actor.start)):
            return actor  # "the US peace plan", "a Kremlin draft": the name is the noun's attribute
    for actor in actors:  # "der von der US-Regierung ausgearbeitete Plan", "the US-drafted plan"
        between = text[actor.end:plan.start]
        if actor.oblique and actor.end <= plan.start and len(_WORDS.findall(between)) <= OWNER_BEFORE_WORDS \
                and proposing is not None and proposing.search(between) and not any(c in between for c in ",;:"):
            return actor
    return None


# Between a verb of putting forward and its agent: "drawn up over a month by the special envoy Witkoff"
AGENT_AFTER_VERB_WORDS = 10


def _proposing_agent(plan: Mention, actors: list[Mention], text: str, m: Matchers) -> Mention | None:
    """The agent of a verb of putting forward in the plan's clause ("Drawn up by Witkoff, with input
    from Dmitriev, the draft …", "the proposal, worked out by Rubio and Umerov"): the agent wrote it,
    whoever is named later as a contributor did not."""
    start, end = clause_bounds(text, plan.start)
    agents = agent_words(m)
    for verb in find_cues(text, m, ("proposing",)):
        if not (start <= verb.start < end or verb.end <= plan.start):
            continue  # the plan's own clause, or a participle clause put before it
        for actor in actors:
            between = text[verb.end:actor.start]
            words = between.split()
            if (actor.start >= verb.end and len(words) <= AGENT_AFTER_VERB_WORDS and not any(c in between for c in ",;:")
                    and any(w.casefold() in agents for w in words[-5:])):
                return actor
    return None


# A relative clause right after the plan noun, up to its closing comma ("Das Memorandum, das Medinski
# seinem Gegenüber überreichte, …", "the paper, which the US delegation handed over, …")
_RELATIVE_AFTER_PLAN = re.compile(r"\s*,\s*(?:das|den|die|dem|der|which|that)\s+[^,;:.!?]*")


def _relative_author(plan: Mention, actors: list[Mention], text: str, m: Matchers) -> Mention | None:
    """The subject of a relative clause of putting forward or handing over right after the plan noun:
    who handed the paper over wrote it ("Das Memorandum, das der russische Delegationsleiter …
    überreichte")."""
    clause = _RELATIVE_AFTER_PLAN.match(text, plan.end)
    if clause is None or not any(clause.start() <= v.start < clause.end() for v in find_cues(text, m, ("proposing",))):
        return None
    return next((a for a in actors if clause.start() <= a.start < clause.end() and not a.oblique), None)


def _agents(agent: Mention, actors: list[Mention], text: str) -> tuple[Mention, ...]:
    """The agent named first, with further names of the same actor ("von US-Außenminister Rubio"): the
    plan is the one who put it forward; a co-drafter named after it ("von Witkoff und Dmitrijew", "by
    Witkoff, with input from Dmitriev") wrote along, it did not put the plan forward (SCHEMA.md)."""
    group = [agent]
    for actor in (a for a in actors if a.start >= agent.end):
        if not same_person(group[-1], actor, text):
            break
        group.append(actor)
    return tuple(group)


def _possessive(actor: Mention, text: str, lang: str = "de") -> bool:
    """Is the mention a genitive/possessive form ("Trumps", "Moskaus", "Trump's")? English marks it with
    an apostrophe only: "European negotiators agreed to the proposals" is a plural, not an owner."""
    if _POSSESSIVE_EN.match(text[actor.end:]) or actor.text[-2:] in ("'s", "’s"):
        return True
    return lang != "en" and actor.text.endswith("s") and actor.text[-2:] != "ss"


def _proposed(plan: Mention, text: str, m: Matchers) -> bool:
    """Is the plan noun in the same clause as a proposing verb ("legte ... vor", "presented")?"""
    start, end = clause_bounds(text, plan.start)
    return any(start <= v.start < end for v in find_cues(text, m, ("proposing",)))


def anaphoric_issues(text: str, context: Context, m: Matchers, before: int | None = None) -> list[Mention]:
    """The previous sentence's issues, placed at a pronoun that refers back to them ("lehnt dies ab").

    With ``before`` (where the sentence names an issue of its own) only a pronoun ahead of it counts:
    "Kiew weist das zurück und lehnt es ab, … anzuerkennen", "Diese soll … zum Einsatz kommen".
    """
    if context.listed and (plural := _plural_anaphor(text, m, before)) is not None:
        return [Mention(i.kind, plural.start, plural.end, plural.text, polarity=i.polarity, stances=i.stances)
                for i in context.listed]
    if not context.issues:
        return []
    leading_only = before == 0
    hits = find_cues(text, m, ("anaphors",)) if not leading_only else _leading_anaphor(text, m)
    found: list[Mention] = []
    for hit in hits:
        if before is not None and hit.start >= max(before, 1):
            break
        if before is not None and hit.end > before:
            continue  # "rejects such a ceasefire": the resuming phrase is the sentence's own issue term
        if _is_pronoun(text, hit, m):
            # every reference counts: "Kyiv welcomed the idea, but the Kremlin rejected it"
            found.extend(Mention(i.kind, hit.start, hit.end, hit.text, polarity=i.polarity, stances=i.stances)
                         for i in context.issues)
            if leading_only:
                break
    if not found and before is None:
        found = _changed_stance_on(text, context, m)
    return found


def _changed_stance_on(text: str, context: Context, m: Matchers) -> list[Mention]:
    """The previous sentence's single issue, placed at the word that moves on to the position now."""
    if len({i.kind for i in context.issues}) != 1 or m.any_stance is None:
        return []
    now = _NOW_IN_SENTENCE.search(text)
    if now is None or (now.group().casefold() in _BARE_NOW and len(text[:now.start()].split()) > NOW_OPENING_WORDS):
        return []  # a bare "now" deep in the sentence is mostly a time ("what is now proposed")
    if m.any_stance.search(text) is None:
        return []
    issue = context.issues[0]
    return [Mention(issue.kind, now.start(), now.end(), now.group(), polarity=issue.polarity, stances=issue.stances)]


# What parts a later clause from the issue term it resumes: a semicolon, or a word that moves on to the
# position now ("had rejected a ceasefire; … now willing to consider it", "lehnte die Zone ab, prüft sie
# inzwischen"); a colon or a dash more often opens an explanation or a quote about the same thing
# (the words that move on to the position now, also where a sentence opens with them: claims.py)
NOW_WORDS = r"nun|inzwischen|mittlerweile|jetzt|seitdem|seither|now|since then"
# "Kiew hatte die Zone lange abgelehnt. Inzwischen zeigt sich die Regierung gesprächsbereit", "Merz had
# ruled out German soldiers. Now Berlin is considering a contribution, he said": a sentence
# that moves on to the position now, with a stance cue and no issue of its own, states the new stance
# on the one issue the sentence before named
_NOW_IN_SENTENCE = re.compile(r"\b(?:" + NOW_WORDS + r"|has since|have since|no longer|nicht mehr|nicht länger|dann doch|"
                              r"doch noch|eventually|in the end)\b", re.IGNORECASE)
# ...where a bare "now" counts only among the sentence's first words ("Inzwischen zeigt sich …", "Kyiv
# now says …"; not "he said he would now travel to Paris")
_BARE_NOW = frozenset({"nun", "jetzt", "now"})
NOW_OPENING_WORDS = 5
# (a coordinated clause with an auxiliary of its own: "no longer opposes the force and has pledged to back it")
_CONTRAST_TURN = (r",(?=\s*(?:but|while|whereas|yet|doch|aber|jedoch|während)\s)"
                  # a dash before a pronoun subject: "The Russians want the whole of Donbass – we don't accept that"
                  r"|(?<=\s)(?=[–—]\s+(?:we|they|wir|sie)\s)")
LATER_CLAUSE = re.compile(r";|\b(?:" + NOW_WORDS + r"|nunmehr|has since|have since|had since|(?:and|but|und|aber)\s+(?:has|have|hat|haben)"
                          # a second report of the same speaker: "accused the Europeans of …, and said Moscow rejects
                          # any such deployment"
                          r"|(?:and|und)\s+(?:" + REPORT_AND_VERBS + r"))\b"
                          r"|" + _CONTRAST_TURN, re.IGNORECASE)
# ...where a contrasting clause after a comma resumes with a demonstrative only ("Russia demands the Donbas,
# but Kyiv rejects this", "…, doch Kiew lehnt das ab"): a personal pronoun there is as often the new
# clause's own, and an English "that" opens a content clause ("but added that …")
_NOT_AFTER_CONTRAST = frozenset({"it", "them", "one", "that", "ihn", "sie", "es"})
# ...unless it closes its clause: then "that" is no content clause's opener ("…, but we do not accept that.")
_CLOSES_CLAUSE = re.compile(r"\s*(?:[,.;:!?\"”’»–—]|$)")
# A question word before the pronoun: "…; entscheidend sei, wer sie kontrolliere" asks about it
# (per language: the German "was" is the English past of "be")
_QUESTION_WORD = {"de": re.compile(r"\b(?:wer|was|wie|wann|ob)\b", re.IGNORECASE),
                  "en": re.compile(r"\b(?:who|what|how|when|whether)\b", re.IGNORECASE)}


class Resumed(NamedTuple):
    """An issue named again by a pronoun of a later clause of the sentence (``resumed_in_sentence``)."""

    mention: Mention  # the issue, at the pronoun
    antecedent: Mention  # the issue term it resumes
    turn: int  # where the later clause's marker stands


def resumed_in_sentence(text: str, issues: list[Mention], m: Matchers) -> list[Resumed]:
    """A pronoun in a later clause that resumes the issue the sentence named before it ("Moscow had
    rejected a 30-day ceasefire outright; on Tuesday Ushakov said Russia was now willing to consider
    it"): the issue again, at the pronoun, for the cue of that clause."""
    if not issues or not LATER_CLAUSE.search(text):
        return []  # most sentences: no later clause, no anaphor scan
    found: list[Resumed] = []
    for hit in find_cues(text, m, ("anaphors",)):
        earlier = [i for i in issues if i.end <= hit.start]
        if not earlier or any(i.start >= hit.start for i in issues if i.start < hit.end):
            continue
        last = earlier[-1]
        if any(i.kind != last.kind and last.end <= i.start < hit.start for i in issues):
            continue  # another issue stands between: the pronoun may be its
        closing = _CLOSES_CLAUSE.match(text, hit.end) is not None  # "… but we do not accept that."
        turn = next((t for t in LATER_CLAUSE.finditer(text, last.end, hit.start)
                     if not (t.group() in (",", "") and hit.text.casefold() in _NOT_AFTER_CONTRAST and not closing)), None)
        question = _QUESTION_WORD.get(m.lang)
        if (turn is None or (question is not None and question.search(text, turn.end(), hit.start))
                or not _is_pronoun(text, hit, m)):
            continue
        # read with its antecedent in its place, the pronoun may stand in an against phrase of the
        # issue ("prepared to forgo it" = "forgo NATO membership")
        spelled = text[:hit.start] + last.text + text[hit.end:]
        polarity = next((i.polarity for i in find_issues(spelled, m) if i.kind == last.kind
                         and i.start <= hit.start + len(last.text) and hit.start < i.end), last.polarity)
        found.append(Resumed(Mention(last.kind, hit.start, hit.end, hit.text, polarity=polarity, stances=last.stances),
                             last, turn.start()))
    return found


def _plural_anaphor(text: str, m: Matchers, before: int | None) -> Mention | None:
    """A plural resuming phrase ("An diesen Forderungen", "both conditions") ahead of the sentence's
    own issue term, if any."""
    for hit in find_cues(text, m, ("plural_anaphors",)):
        if before is None or hit.end <= before:
            return hit
    return None


def _leading_anaphor(text: str, m: Matchers) -> list[Mention]:
    """The anaphor opening the sentence, if any, as the first of ``find_cues(text, m, ("anaphors",))``
    (all that ``leading_only`` looks at): matching at the start spares the scan of the whole sentence."""
    pattern = m.cues.get("anaphors")
    hit = pattern.match(text) if pattern is not None else None
    if hit is None:
        return []  # the scan's first hit, if any, starts later
    if hit.end() == 0:
        return find_cues(text, m, ("anaphors",))  # an empty match: leave the ordering to find_cues
    return [Mention("anaphors", hit.start(), hit.end(), hit.group())]


# A German relative pronoun after its noun: a comma and a preposition right before it
_RELATIVE_AFTER = re.compile(r",\s*(?:an|auf|für|mit|von|in|über|zu|bei|durch|gegen|um|aus|nach|unter|vor|hinter|neben|"
                             r"zwischen|ohne|seit|wegen|trotz)\s+$", re.IGNORECASE)


# Adverbs and prepositions of time that may follow an English object pronoun ("dismissed it within hours")
_ADVERBS_EN = frozenset({"outright", "out", "as", "again", "too", "immediately", "instead", "altogether", "within",
                         "after", "before", "during", "until", "last", "yesterday", "today"})


def _is_pronoun(text: str, hit: Mention, m: Matchers) -> bool:
    """A demonstrative stands alone (not "diese Garantien", "this week"): no noun follows it."""
    rest = text[hit.end:].lstrip()
    if " " in hit.text.strip():  # a resuming noun phrase ("the idea", "diesen Vorschlag") stands for the
        # issue, unless an attribute names its own ("Vorschlag einer …"); a particle closing the
        # clause is none ("stimmte diesem Vorschlag zu.")
        attribute = _ATTRIBUTE.match(rest)
        return attribute is None or not re.match(r"\s*\w", rest[attribute.end():])
    if _CATAPHORIC.match(rest):
        return False  # "darüber, wer Mitglied wird", "dafür, dass …": it points ahead, to its clause
    if m.lang == "de" and _RELATIVE_AFTER.search(text, 0, hit.start):
        return False  # "ein Versprechen, an das sich Hoffnungen knüpfen": a relative pronoun, its noun just before
    if not rest or not rest[0].isalpha():
        return True
    following = _WORDS.findall(rest)[:2]
    if m.lang != "de":
        # "ready to consider one in the Donbas", "dismissed it within hours", "rejected that outright": a
        # preposition or an adverb after it, no noun ("this week") and no verb ("it will")
        return bool(following) and (following[0].casefold() in m.words.get("oblique", frozenset())
                                    or following[0].casefold() in _ADVERBS_EN or following[0].endswith("ly"))
    # "dem ukrainischen Präsidenten": an inflected adjective and a noun; "das am Abend" is a pronoun and a time
    adjective_noun = (len(following) == 2 and following[1][:1].isupper()
                      and following[0].casefold().endswith(("e", "en", "er", "es", "em")))
    return rest[0].islower() and not adjective_noun


def issues_listed(issues: list[Mention]) -> tuple[Mention, ...]:
    """One mention per (issue, polarity), in text order: what a plural resuming phrase refers to."""
    seen: dict[tuple[str, int], Mention] = {}
    for issue in issues:
        seen.setdefault((issue.kind, issue.polarity), issue)
    return tuple(seen.values())


def issues_to_carry(issues: list[Mention], text: str = "") -> tuple[Mention, ...]:
    """One mention per (issue, polarity) for a later pronoun; nothing if the sentence named several
    issues apart, as a pronoun after them could mean any one.

    Issues sharing one phrase ("Gebietsabtretungen": both territory issues) or named in one list
    ("die Gebiete Donezk, Luhansk, Saporischschja und Cherson") count as one.
    """
    if not issues:
        return ()  # most sentences
    kinds = {i.kind for i in issues}
    if len(kinds) > 1 and not all(overlaps(i, issues[0]) for i in issues) and not _one_list(issues, text):
        return ()
    return issues_listed(issues)


# What may stand between the items of one list of issue terms: a comma or a conjunction, an article.
_LIST_GAP = re.compile(r"^[\s,]*(?:(?:und|oder|sowie|and|or|as well as|&)\s+)?(?:(?:der|die|das|den|dem|des|the)\s+)?$",
                       re.IGNORECASE)


def _one_list(issues: list[Mention], text: str) -> bool:
    """Are the issue mentions the items of one list, nothing but separators between them?"""
    if not text:
        return False
    ordered = sorted(issues, key=lambda i: i.start)
    reached = ordered[0].end  # the end of everything so far: a longer term may cover the items after it
    for item in ordered[1:]:
        if item.start > reached and not _LIST_GAP.match(text[reached:item.start]):
            return False
        reached = max(reached, item.end)
    return True
