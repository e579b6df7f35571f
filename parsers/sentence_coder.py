"""One sentence coded: its issues, the cue that governs each, its holders and the stance."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from parsers.attribution import DOCUMENT_SAYS, clause_bounds
from parsers.cue_choice import (
    CONTRAST_CLAUSE,
    MAX_CUE_DISTANCE,
    NEXT_CLAUSE,
    PLUPERFECT,
    SENTENCE_PUNCT,
    alleged,
    beside_relative,
    coordinated_passive,
    cue_distance,
    cue_elsewhere,
    cue_in_issue,
    current_cues,
    enumerated,
    following_context,
    governor,
    here_with,
    modal_helpers_dropped,
    nearest_cue,
    past_volition,
    pressed_toward,
    requested_of,
    revised,
)
from parsers.discourse import (
    OWN_TERMS,
    Context,
    PlanAuthor,
    anaphoric_issues,
    issues_listed,
    issues_to_carry,
    resumed_in_sentence,
)
from parsers.holders import (
    NOBODY,
    Speakers,
    colon_lead,
    genitive_holder,
    holders_of,
    names_proposal,
    negated_subject_of,
    negative_determiner,
    obliged_subject,
    unowned_proposal,
)
from parsers.issue_finding import ArticleContexts, find_issues, is_noise
from parsers.lexicon_types import Matchers
from parsers.mentions import Mention, find_actors, find_stance_cues, overlaps, two_sides_before
from parsers.modality import (
    CORRELATIVE,
    NEGATED,
    RELATIVE_OPEN,
    base_stance,
    denied_content,
    is_past,
    modality_of,
    negated_before,
    reciprocal_offer,
)
from parsers.patterns import last_match
from parsers.quotes import QuoteSpeakers
from parsers.stance_scope import (
    STANCE_CUES,
    composed_stance,
    door_cues,
    future_act,
    given_up_act,
    held_nouns,
    in_precondition,
    infinitive_negated,
    instead_of,
    lacking,
    made_conditional,
    necessary_without,
    neither_nor,
    procedure_topic,
    verb_negated,
)
from parsers.types import Claim, Evidence, Sentence, Stance

# A provision's content clause up to its own verb: "the provision that NATO agree",
# "sieht vor, dass Kiew … zustimmt".
_CONTENT_CLAUSE = re.compile(r"^[\s,]*(?:that|dass)\s[^.;:!?]*$", re.IGNORECASE)
# Confidence components: an explicit subject is the strongest evidence, a carried one the weakest.
BASE_CONFIDENCE = 0.9
CARRIED_PENALTY = 0.2
FAR_CUE_PENALTY = 0.15
FAR_CUE_CHARS = 50
NO_CUE_PENALTY = 0.25


def code_sentence(sentence: Sentence, m: Matchers, on: date | None, context: Context,
                   quotes: QuoteSpeakers, rereading: Mapping[str, str], condition: str = "",
                   seen: list[tuple[Sentence, list[Mention], list[Mention]]] | None = None,
                   contexts: ArticleContexts | None = None) -> tuple[list[Claim], Context]:
    """Claims of one sentence and the context it leaves for the next (``quotes``: who speaks in the
    article's quotations; ``condition``: a condition the next sentence puts on this one's readiness;
    ``seen``: where to note the sentence's actors and issues for the learned model; ``contexts``: what
    the article says its context-bound issues are about)."""
    text = sentence.text
    actors = [a for a in find_actors(text, m, on) if not _denied_actor(text, a)]
    if context.group is not None:
        actors = two_sides_before(text, actors, m, context.group.get)
    # find_issues starts with one scan for any issue term, so a sentence without one costs that scan only
    if contexts is not None:
        contexts.at = sentence.start
    issues = find_issues(text, m, rereading, contexts) if actors or context.group is not None else []
    if issues:
        actors = [a for a in actors if not any(overlaps(a, i) for i in issues)]
    anaphoric = anaphoric_issues(text, context, m, before=issues[0].start if issues else None)
    if anaphoric:  # find_issues returns them in text order already
        issues = sorted(issues + [a for a in anaphoric if not any(i.kind == a.kind for i in issues)],
                        key=lambda i: i.start)
    resumed = {r.mention: r for r in resumed_in_sentence(text, issues, m)}
    if issues:
        issues = sorted(issues + _appositives(text, issues, m) + list(resumed), key=lambda i: i.start)
    if seen is not None:
        seen.append((sentence, actors, issues))
    # the speaker matters for claims and, without a subject, for the next sentence's pronouns
    subject = next((a for a in actors if not a.oblique), None)  # an actor outside a prepositional phrase
    if not issues and subject is not None:  # the most common sentence: it needs no speaker at all
        plan_here = PlanAuthor(text, actors, m, context.plan)
        return [], following_context(plan_here, (), context, subject, actors, text, None, m)
    needs_speaker = bool(issues) or subject is None
    if not issues and not actors and quotes.of(sentence) in (None, context.actor) and not OWN_TERMS.search(text):
        # it could only be the carried actor, which leaves the next context as is (unless it names
        # its own conditions, see PlanAuthor)
        needs_speaker = False
    speakers = Speakers(sentence, actors, m, context.actor, quotes if needs_speaker else None, context)
    # with a subject the next context needs no speaker: claims ask for it if they get that far
    speaker = speakers.get()[0] if subject is None else None
    plan_here = PlanAuthor(text, actors, m, context.plan, speaker)  # worked out if a provision asks for it
    next_context = following_context(plan_here, issues_to_carry(issues, text), context, subject, actors, text, speaker, m,
                                 issues_listed(issues))
    if not issues:
        return [], next_context
    # a cue inside an issue term or an actor's name ("coalition of the willing") is no cue; a provision
    # inside a term's gap is ("Die Streitkräfte sollen auf 600.000 Soldaten begrenzt werden")
    must = m.cues.get("obligation")  # "the guns must fall silent": the obligation inside the term is its cue
    belonging = m.cues.get("belonging")  # "Ukraine's place is in the EU": the statement inside the term is too
    cues = [c for c in door_cues(held_nouns(find_stance_cues(text, m, STANCE_CUES), text, m), issues, text, m)
            if (c.kind.startswith("provision") or not any(cue_in_issue(c, i) for i in issues)
                or (must is not None and must.fullmatch(c.text)) or (belonging is not None and belonging.fullmatch(c.text)))
            and not any(a.start <= c.start and c.end <= a.end and not names_proposal(a, c, m) for a in actors)]
    cues = modal_helpers_dropped(current_cues(cues, text, issues), text, m)
    if len(cues) > 1:  # "hatte die Forderung nach Wahlen zurückgewiesen": a demand nobody owns is the verb's object
        cues = [c for c in cues if not (c.kind == "support" and any(o.start >= c.end for o in cues)
                                        and unowned_proposal(c, actors, text, m))]
    issues = [i for i in issues if not cue_elsewhere(i, actors, text, m)]
    claims: list[Claim] = []
    previous: tuple[Mention, Mention] | None = None
    elaborating = _elaborates(text, m)
    with_plan = here_with(context, plan_here)
    modals = _plan_modals(text, issues, with_plan, speakers, m)
    if modals:  # the nearest cue wins for each term, as for any other cue
        cues = sorted(cues + modals, key=lambda c: c.start)
    offer = reciprocal_offer(text, m)
    chosen: dict[Mention, Mention | None] = {}  # the cue each term took
    for issue in issues:
        if offer is not None:  # "If Russia stops hitting our power plants, we will stop too": for every issue
            claims.extend(_offer_claims(sentence, issue, actors, m, speakers, offer))
            continue
        cue, distance = nearest_cue(issue, cues, text, m, issues)
        cue = past_volition(cue, cues, text, m)
        if cue is None and previous is not None and enumerated(text, previous[0], issue):
            cue, distance = previous[1], MAX_CUE_DISTANCE  # "verlangt X – … – sowie die Anerkennung"
        if cue is None and elaborating and context.stated:
            claims.extend(_restated(sentence, issue, context.stated, m))
            continue
        cue = _plan_content(issue, cue, cues, text)
        cue = pressed_toward(issue, revised(issue, cue, cues, issues, actors, text, m), actors, text, m)
        chosen[issue] = cue
        if (again := resumed.get(issue)) is not None and (
                (before := chosen.get(again.antecedent)) is not None and before.start > again.turn):
            continue  # the term's own reading already took the later clause's cue (``revised``)
        outer, outer_holds = governor(cue, cues, text, m)
        if outer is None and modals:
            outer = _plan_modal_over(cue, modals, actors, text)
            outer_holds = outer is not None
        if outer_holds and cue is not None and cue.kind == "support" and genitive_holder(cue, actors, text, m):
            outer, outer_holds = None, False  # "rejected the US proposal for …": the proposal is the US's, the rejection Kyiv's (requested_of)
        for governing in [(cue, distance, False), *requested_of(issue, cue, cues, actors, text, m),
                          *beside_relative(issue, cue, cues, text), *coordinated_passive(cue, cues, text)]:
            own = governing[0] is cue
            claims.extend(_code_issue(sentence, issue, governing, actors, m, with_plan, speakers, condition,
                                      outer if own else None, outer_holds and own))
        previous = (issue, cue) if cue is not None else previous
    # Ads and boilerplate give no claims. Most sentences with an issue term give none anyway, and
    # then the result is the same without the noise scan (no claims, nothing stated); working the
    # claims out first only fills the lazy values above, which depend on nothing the check changes.
    if not claims or is_noise(text, m):
        return [], next_context
    claims = _appositive_stances(made_conditional(claims, issues, text, m), issues)
    stated = tuple(dict.fromkeys((Mention(c.actor, 0, 0, c.evidence.actor if c.evidence else ""), c.stance)
                                 for c in claims if c.modality == "asserted"))
    return claims, next_context._replace(stated=stated, reporter=speakers.found())


# how far before a cue's clause a fronted "So far," may stand (its comma closes a clause of its own)
SO_FAR_BEFORE_CHARS = 10


def _not_yet(text: str, cue: Mention, markers: list[str], m: Matchers) -> bool:
    """Is an accepting cue negated only as "not so far" in its clause ("hat bislang nicht zugestimmt",
    "has not yet endorsed")? Nobody refused; nothing is decided yet (docs/labelling.md rule 16)."""
    so_far = m.cues.get("so_far")
    if so_far is None or base_stance(cue.kind) != "support" or cue.kind == "provision" or not markers:
        return False
    start, end = clause_bounds(text, cue.start)
    # (a fronted "So far," stands before the clause's comma)
    return so_far.search(text, max(0, start - SO_FAR_BEFORE_CHARS), max(cue.end, min(end, cue.end + 12))) is not None


def _denied_actor(text: str, actor: Mention) -> bool:
    """Is the actor the denied one of "X, not Y," or "nicht Y, sondern X" ("It was Washington, not Moscow,
    that demanded elections", "Nicht Kiew, sondern Moskau lehnt … ab")? It holds nothing."""
    return (_NOT_BEFORE.search(text, max(0, actor.start - 8), actor.start) is not None
            and _DENIAL_AFTER.match(text, actor.end) is not None)


# "not"/"nicht" right before an actor's name, and the comma or "sondern" that closes the denied part
_NOT_BEFORE = re.compile(r"(?:^|[\s,(–—])(?:not|nicht)\s+$", re.IGNORECASE)
_DENIAL_AFTER = re.compile(r"\s*(?:,|\bsondern\b|\bbut\b)")


# A German conjunct that takes the verb before it back: ", nicht aber eine Zone" (the term a few words on;
# English ", but not" is the cue negator's, see stance_scope)
_BUT_NOT_CONJUNCT = re.compile(r",\s*(?:nicht\s+aber|aber\s+nicht|doch\s+nicht)\s+(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
# A present-tense existential right before a negated term: "There is no ceasefire", "Es gibt keine Waffenruhe"
_EXISTS_NOW = re.compile(r"\b(?:there\s+is|there\s+are|there's|es\s+gibt|gibt\s+es)\s+(?:still\s+|noch\s+|derzeit\s+|bislang\s+)?"
                         r"(?:no|kein\w*)\s+(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
# A need in Konjunktiv I ("Die Ukraine brauche Garantien"): reported speech that goes on from the last speaker
_NEED_MOOD = re.compile(r"(?:brauche|benötige)n?")
# A give-up verb in a form of the past: "dropped", "abandoned", "gave up", "has given up"
_DONE = re.compile(r"\w+ed\b|gave\b|given\b", re.IGNORECASE)


# The Konjunktiv I of "können": reported speech, not a hypothesis, where it says what cannot be
_CAN_REPORTED = frozenset({"könne"})
# The contrast that qualifies an agreement in principle ("…, but he attached conditions")
_BUT = re.compile(r"\b(?:but|yet|however|aber|doch|jedoch|allerdings)\b", re.IGNORECASE)


# At most this many words between a reservation ("mit Vorbehalt", "with reservations") and the cue it qualifies.
RESERVATION_WORDS = 3


def _with_reservation(text: str, cue: Mention, m: Matchers) -> str:
    """A reservation right before or after the cue, in its clause ("mit Vorbehalt unterstützt",
    "supported the plan with reservations"), or ""."""
    pattern = m.cues.get("reservation")
    if pattern is None:
        return ""
    start, end = clause_bounds(text, cue.start)
    for hit in pattern.finditer(text, start, end):
        between = text[hit.end():cue.start] if hit.end() <= cue.start else text[cue.end:hit.start()]
        if (hit.end() <= cue.start or cue.end <= hit.start()) and len(between.split()) <= RESERVATION_WORDS:
            return hit.group()
    return ""


# How far after "but" the subject of the contrast clause stands ("…, but the Hungarian government blocks it").
CONTRAST_SUBJECT_CHARS = 30


def _in_principle_but(text: str, anchor: Mention, actors: list[Mention], holders: set[str], m: Matchers) -> str:
    """The words of an agreement "in principle" that a contrast after it qualifies ("unterstütze eine
    Waffenruhe grundsätzlich, knüpfte daran aber Bedingungen"), or "". A contrast that brings in
    another actor ("…, but Hungary blocks it") qualifies nothing of the holder's."""
    pattern = m.cues.get("in_principle")
    hit = pattern.search(text) if pattern is not None else None
    if hit is None:
        return ""
    contrast = _BUT.search(text, max(hit.end(), anchor.end))  # ("Grundsätzlich sei er aber bereit": no qualification)
    # (the other actor as the contrast's subject, right after it; one named later is inside what the
    # holder qualifies with: "but raised nuances, including whether Ukraine would use it to rearm")
    if contrast is None or any(contrast.start() <= a.start <= contrast.end() + CONTRAST_SUBJECT_CHARS
                               and a.kind not in holders and not a.oblique for a in actors):
        return ""
    return f"{hit.group()} … {contrast.group()}"


def _put_to_vote(text: str, issue: Mention, m: Matchers) -> str:
    """The words that leave the issue to a vote of the people after it in the sentence, or ""."""
    pattern = m.cues.get("put_to_vote")
    hit = pattern.search(text, issue.end) if pattern is not None else None
    return hit.group() if hit is not None else ""


# At most this many words between an obligation ("must", "muss") and the cue it governs.
OBLIGED_WORDS = 4


def _obliged(text: str, cue: Mention, must: re.Pattern[str]) -> bool:
    """Does an obligation stand right before the cue in its clause ("must not give in", "muss … nachgeben")?"""
    start, _ = clause_bounds(text, cue.start)
    hits = list(must.finditer(text, start, cue.start))
    between = text[hits[-1].end():cue.start] if hits else ""
    # (not a verb of its own coordinated after it: "must come first and rejects a truce")
    return bool(hits) and len(between.split()) <= OBLIGED_WORDS and not _COORDINATED_VERB.search(between)


_COORDINATED_VERB = re.compile(r"\b(?:and|und|but|aber|or|oder)\b|,", re.IGNORECASE)


def _appositives(text: str, issues: list[Mention], m: Matchers) -> list[Mention]:
    """The issues of a clause again at an appositive that sums it up ("Russia demands the Donbas, a
    demand Kyiv has rejected"), so the appositive's own cue and holder are about them."""
    pattern, bare = m.cues.get("appositive"), m.cues.get("appositive_bare")
    out: list[Mention] = []
    if pattern is None:
        return out
    for comma in _APPOSITIVE_COMMA.finditer(text):
        hit = pattern.match(text, comma.end())
        if hit is None and bare is not None and (noun := bare.match(text, comma.end())) is not None \
                and _CLAUSE_ON_BARE.match(text, noun.end()):
            hit = noun  # "…, conditions Kyiv has rejected" (not "…, conditions for anything more")
        if hit is None or (hit.end() < len(text) and text[hit.end()].isalnum()):
            continue
        before = [i for i in issues if i.end <= comma.start() and i.polarity > 0]
        following = [i for i in issues if i.start >= hit.end()]
        if before and not following:
            out.extend(Mention(i.kind, hit.start(), hit.end(), hit.group(), polarity=i.polarity, stances=i.stances,
                               appositive=True) for i in {i.kind: i for i in before}.values())
    return out


def _appositive_stances(claims: list[Claim], issues: list[Mention]) -> list[Claim]:
    """An appositive's stance is taken on the demand it sums up: rejecting a demand to give something up
    keeps it ("Russia demands that Ukraine abandon its bid to join NATO, a demand Kyiv has rejected":
    Kyiv supports the bid), accepting it gives it up."""
    summed = {i.start for i in issues if i.appositive}
    if not summed:
        return claims
    out = []
    for claim in claims:
        at = claim.evidence.issue_start if claim.evidence is not None else -1
        demand = None if at not in summed else next(
            (d for d in claims if d.issue == claim.issue and d.actor != claim.actor and d.evidence is not None
             and d.evidence.issue_start not in summed and d.evidence.issue_start < at), None)
        if demand is not None and demand.stance == "oppose" and claim.stance in ("support", "oppose"):
            claim = replace(claim, stance="oppose" if claim.stance == "support" else "support")
        out.append(claim)
    return out


_APPOSITIVE_COMMA = re.compile(r",\s+")
# A clause on a bare plural appositive: a relative pronoun or the name that opens a contact clause
_CLAUSE_ON_BARE = re.compile(r"\s+(?:that|which|[A-ZÄÖÜ])|,\s+(?:die|denen|welche)\b")


def _elaborates(text: str, m: Matchers) -> bool:
    """Does the sentence open by restating the previous one ("Gemeint ist …", "That means …")?"""
    pattern = m.cues.get("elaboration")
    hit = pattern.match(text.lstrip("„“\"'«» ")) if pattern is not None else None
    return hit is not None


def _restated(sentence: Sentence, issue: Mention, stated: tuple[tuple[Mention, Stance], ...],
              m: Matchers) -> list[Claim]:
    """The previous sentence's positions applied to the issue an elaborating sentence names."""
    modality, markers = modality_of(sentence.text, issue, m)
    claims = []
    for holder, previous in stated:
        stance: Stance = previous
        if issue.polarity < 0 and stance != "open":
            stance = "oppose" if stance == "support" else "support"
        if issue.stances is not None and stance not in issue.stances:
            continue
        claims.append(Claim(actor=holder.kind, issue=issue.kind, stance=stance, modality=modality,
                            sentence=sentence.text,
                            confidence=round(BASE_CONFIDENCE - CARRIED_PENALTY - NO_CUE_PENALTY, 3),
                            sentence_index=sentence.index,
                            evidence=Evidence(actor=holder.text, issue=issue.text, cue="",
                                              markers=tuple(markers), issue_start=issue.start)))
    return claims


def _plan_modal_over(cue: Mention | None, modals: list[Mention], actors: list[Mention], text: str) -> Mention | None:
    """The plan's modal whose clause a later cue stands in ("Ukraine would have to write into its
    constitution that it will never join NATO", after the plan is named): the cue tells what the plan
    provides, so its stance is the plan author's, composed with the provision's. Not when an actor
    named between them is the cue's own subject ("… would cede the Donbas, which Kyiv rejects")."""
    if cue is None or cue.kind.startswith("provision"):
        return None
    before = [modal for modal in modals if modal.end <= cue.start and cue.start - modal.end <= MAX_CUE_DISTANCE
              and not SENTENCE_PUNCT.search(text, modal.end, cue.start)
              and not CONTRAST_CLAUSE.search(text, modal.end, cue.start)
              and not any(modal.end <= a.start < cue.start and not a.oblique for a in actors)
              and not RELATIVE_OPEN.search(text, modal.end, cue.start)]
    return before[-1] if before else None


def _plan_content(issue: Mention, cue: Mention | None, cues: list[Mention], text: str) -> Mention | None:
    """"the plan included the provision that NATO agree never to accept Ukraine": a cue inside the
    content clause of a plan's provision is part of the plan; the provision governs the issue."""
    if cue is None or cue.kind.startswith("provision"):
        return cue
    for other in cues:
        if (other.kind == "provision" and other.end <= cue.start and other.end <= issue.start
                and cue_distance(other, issue) <= MAX_CUE_DISTANCE
                and _CONTENT_CLAUSE.match(text[other.end:cue.start])):
            return other
    return cue


def _code_issue(sentence: Sentence, issue: Mention, governing: tuple[Mention | None, int, bool],
                actors: list[Mention], m: Matchers, context: Context, speakers: Speakers,
                condition: str = "", outer: Mention | None = None, outer_holds: bool = False) -> list[Claim]:
    """Claims about one issue mention, given its governing cue, the cue's distance and whether it is
    a request whose possessor counts inside another actor's statement (``speakers``: who the
    sentence is reported from; ``outer``: a cue whose complement the cue is; ``outer_holds``: its
    holder holds the composed stance, see ``governor``)."""
    text = sentence.text
    cue, distance, request = governing
    if cue is not None and (in_precondition(text, issue, cue, m) or is_past(text, cue, m)
                            or procedure_topic(text, issue, cue, m) or _requiring_subject(text, issue, cue, actors)
                            or _unnamed_subject(text, cue, actors) or _denied_report(text, cue, m)):
        return []
    if _CLASSIFIED.search(text, 0, issue.start):
        return []  # "stressed that this is not a ceasefire": something else described, no stance
    issue_negator = (negated_before(text, issue.start, m, "issue_negators") or verb_negated(text, issue, m)
                     or neither_nor(text, issue) or necessary_without(text, issue, m)
                     or (infinitive_negated(text, issue, cue) if m.lang == "en" else "") or instead_of(text, issue, m) or lacking(text, issue))
    if (issue_negator and cue is not None and cue.end <= issue.start
            and issue_negator.casefold() in {w.casefold() for w in re.findall(r"\w+", cue.text)}
            and issue_negator.casefold() not in {w.casefold() for w in re.findall(r"\w+", text[cue.end:issue.start])}):
        issue_negator = ""  # "will say 'no' to Ukraine's membership": the cue's own negator, counted with the cue
    kept_act = given_up_act(text, issue, m) if cue is None else None  # "Kyiv has given up on joining NATO"
    if kept_act is not None and (not issue_negator or text.rfind(issue_negator, 0, issue.start) < kept_act.end):
        cue, issue_negator = kept_act, ""  # "verzichtet nicht auf Garantien": the negator is the give-up's
    else:
        kept_act = None
    if cue is None and issue_negator and _EXISTS_NOW.search(text, clause_bounds(text, issue.start)[0], issue.start):
        return []  # "There is no ceasefire": a fact of the day, no refusal (unlike "there will be no withdrawal")
    if (cue is None and m.lang == "de" and issue_negator.casefold() in CORRELATIVE
            and not any(word[:1].islower() for word in issue.text.split())
            and any(negative_determiner(text, a).casefold() in CORRELATIVE for a in actors if a.end <= issue.start)):
        # "Weder Moskau noch Kiew haben sich zu einem Moratorium geäußert": the correlative denies its subjects
        # something no cue names; it refuses no term (a German term with a verb is their act: "weder Berlin noch
        # Paris werden die Annexion … anerkennen")
        return []
    if cue is None and not issue_negator and issue.polarity < 0:
        issue_negator = denied_content(text, issue.start, m)  # "shows no sign of abandoning its NATO ambitions": kept
    if cue is None and not issue_negator:
        issue_negator = negated_subject_of(issue, actors, text)  # "No European government will recognise …"
    if cue is None and not issue_negator:
        cue = future_act(text, issue, m)  # "Britain will deploy troops": a commitment to the act
    if cue is None and not issue_negator:
        cue = _plan_act(text, issue, m)  # "The draft also recognises Crimea as Russian": the plan's provision
    # an against phrase that holds its own give-up verb, done ("has dropped its bid to join NATO"), is the act
    # itself (not a bare infinitive another's demand governs: "demand that Ukraine … drop its bid")
    give_up = m.cues.get("abandon")
    act = give_up.search(issue.text) if give_up is not None and cue is None and issue.polarity < 0 else None
    if act is not None and not issue_negator:
        # "verzichtet nicht auf Sicherheitsgarantien": the against phrase's own give-up verb negated keeps the term
        negators = m.words.get("negators", frozenset())
        issue_negator = next((w for w in act.group().split()[1:] if w.casefold() in negators), "")
    dropped = act is not None and not issue_negator and _DONE.match(act.group()) is not None
    if cue is None and not dropped and (not issue_negator or in_precondition(text, issue, issue, m)):
        return []  # "Solange sich kein Waffenstillstand abzeichnet, …": when, not a refusal
    # the governing cue's holder, where it holds the composed stance (see ``governor``)
    holders, carried = holders_of(outer if outer_holds else cue, issue, actors, text, m, context, speakers)
    if not holders and outer is not None and not outer_holds:  # "Kyiv's refusal to accept a cap"
        holders, carried = holders_of(outer, issue, actors, text, m, context, speakers)
    if (cue is None and issue_negator and not carried and instead_of(text, issue, m)
            and (said := speakers.get()[0]) and not any(h.kind == said for h in holders)):
        # "Trump said the best way was to go directly to a peace agreement rather than a mere ceasefire": the
        # speaker sets the term aside for another
        holders = [Mention(said, 0, 0, "")]
    if issue.appositive:  # "…, a condition European officials regard as a non-starter": not Kyiv's
        holders = [h for h in holders if h.start >= issue.start or not h.end]
    obliging = None
    if (cue is not None and outer is None and not cue.kind.startswith("provision")
            and (obliged := obliged_subject(holders, cue, text, m)) is not None
            and (obliging := _obliging(obliged, cue, actors, text, m, context, speakers)) is not None):
        # "Die Ukraine soll sich zur Neutralität verpflichten" (after Moscow's demands): the subject of
        # a modal of obligation is who is obliged; the position is the plan's, the speaker's or nobody's
        holders, carried = obliging, True
    if not holders:
        return []
    # "lehnt X ab, nicht aber Y": the negator denies the verb for Y, not Y itself
    elliptic = (cue is not None and cue.end <= issue.start and bool(issue_negator)
                and _BUT_NOT_CONJUNCT.search(text, cue.end, issue.start) is not None)
    stance, markers = ("oppose", [issue.text]) if dropped else composed_stance(text, cue, issue, "" if elliptic else issue_negator,
                                                                               m, condition, outer)
    if elliptic and stance is not None and not markers:  # (unless the cue's negator scan took it: ", but not")
        stance, markers = NEGATED[stance], [*markers, issue_negator]
    if (stance is not None and cue is not None and cue.kind == "support" and give_up is not None
            and _DEMAND_NOUN.search(cue.text) and cue.end <= issue.start and _DEMAND_OBJECT_GAP.fullmatch(text, cue.end, issue.start)
            and (verb := last_match(give_up, issue.text)) is not None and verb.end() == len(issue.text)):
        # "hat seine Forderung nach dem Donbass nicht aufgegeben": the term's give-up verb takes the demand
        # before it as its object, not the land: the demand kept (negated) or given up
        stance = "support" if issue_negator else "oppose"
    if kept_act is not None and stance == NEGATED["oppose"]:
        stance = "support"  # "Kyiv is not giving up on joining NATO": what is not given up is kept
    if obliging and stance == "open":
        stance = "support"  # "Kyiv should consider these demands", the Kremlin said: it wants them considered
    if stance is not None and (vote := _put_to_vote(text, issue, m)):
        stance, markers = "open", [*markers, vote]  # "would have to be put to Ukrainians in a referendum"
    if stance == "support" and cue is not None and (reserved := _with_reservation(text, cue, m)):
        stance, markers = "open", [*markers, reserved]  # "hat den Vorstoß mit Vorbehalt unterstützt"
    if stance == "support" and (qualified := _in_principle_but(text, cue or issue, actors, {h.kind for h in holders}, m)):
        stance, markers = "open", [*markers, qualified]  # "supports the idea in principle, but attached conditions"
    if (stance == "oppose" and cue is not None and issue.kind in m.occupied_land and issue.polarity > 0
            and holders and all(h.kind in m.occupiers for h in holders) and _NO_BARGAIN.search(cue.text)):
        # "Moscow absolutely cannot compromise on Donetsk", "the status of the four regions is not up for
        # discussion": the occupier refuses to bargain over land it claims, it insists on it
        stance, markers = "support", [*markers, cue.text]
    elif (stance == "oppose" and cue is None and issue_negator and issue.kind in m.occupied_land and issue.polarity > 0
          and holders and all(h.kind in m.occupiers for h in holders)
          and (any(w[:1].islower() for w in issue.text.split())
               or (give_up is not None and give_up.search(text, *clause_bounds(text, issue.start)) is not None))):
        # "Russland verzichtet nicht auf Saporischschja", "Russia will not give up its claim to Kherson": the
        # occupier refusing to give up land it claims insists on it
        stance = "support"
    if cue is not None and (liberation := m.cues.get("liberation")) is not None and liberation.fullmatch(cue.text):
        if issue.kind not in m.occupied_land:
            return []  # "Waffenruhe nur als Schritt zur Befreiung": land is what is liberated, not a truce
        if stance == "support" and holders and not any(h.kind in m.occupiers for h in holders):
            stance = "oppose"  # "Kyiv will liberate every metre of its land": the invaded side refuses to give it up
    if stance is None or (issue.stances is not None and stance not in issue.stances):
        return []
    if stance == "oppose" and cue is not None and _not_yet(text, cue, markers, m):
        return []  # "Kyiv has so far not accepted the cap": the narrator's "not yet", no refusal
    if alleged(cue or issue, text, m):
        return []
    # a composed cue's modality is the governing cue's ("prüft, ob sich die Bundeswehr beteiligen soll":
    # the question is what is weighed, not a question of the article)
    modality, modality_markers = modality_of(text, outer or cue or issue, m)
    if (modality == "hypothetical" and {x.casefold() for x in modality_markers} <= _CAN_REPORTED
            and ((stance == "oppose" and issue.polarity > 0) or speakers.get()[0] is not None)):
        # "Von einem Rückzug könne keine Rede sein", "Kiew könne dem nicht zustimmen", "Die Ukraine könne
        # mit einer Obergrenze leben, sagte Selenskyj": the Konjunktiv I of "können" reports what can or
        # cannot be; only "könnte" is a hypothesis (and "Die Vorstellung, Russland könne …", with nobody
        # speaking, is the idea of it)
        modality, modality_markers = "asserted", []
    confidence = BASE_CONFIDENCE - (CARRIED_PENALTY if carried else 0.0)
    confidence -= FAR_CUE_PENALTY if distance > FAR_CUE_CHARS else 0.0
    confidence -= NO_CUE_PENALTY if cue is None else 0.0
    claims = []
    # carried holders and requests count whoever speaks: only other holders need the speaker
    speaker, co_speakers = speakers.get() if not carried and not request else (None, frozenset())
    if speaker and cue is not None and 0 <= speakers.at < cue.start and NEXT_CLAUSE.search(text, speakers.at, cue.start):
        speaker, co_speakers = None, frozenset()  # "Kyiv says Russia is stalling, while Moscow insists …"
    if (speaker and cue is not None and speakers.at > max(cue.end, issue.end)
            and ";" in text[max(cue.end, issue.end):speakers.at]):
        # "Kiew hatte dem Vorschlag für eine Waffenruhe zugestimmt; Rubio hatte erklärt, …": a report in a
        # later main clause does not reach back over the clause break to the one before
        speaker, co_speakers = None, frozenset()
    # "…, heißt es weiter", "the statement said": the document speaks, its authors hold what it says
    document = bool(context.plan_author) and DOCUMENT_SAYS.search(text) is not None
    if document:
        speaker, co_speakers = None, frozenset()
    nobody = cue is not None and NOBODY.match(text, clause_bounds(text, cue.start)[0]) is not None
    counted = {x.casefold() for x in markers}  # "Keine der Regierungen ist bereit": the cue's negator already
    if counted & CORRELATIVE:  # "Weder Kiew noch Berlin wollen …": one "weder … noch", counted once
        counted |= CORRELATIVE
    if nobody or (not carried and any((word := negative_determiner(text, h)) and word.casefold() not in counted
                                      for h in holders if h.end)):
        stance = NEGATED[stance]  # "Kein ukrainischer Präsident kann das unterschreiben"
        markers = [*markers, "kein/no"]
    needs = m.cues.get("necessity")
    must = m.cues.get("obligation")
    needed = cue is not None and needs is not None and needs.fullmatch(cue.text) is not None
    # (also in the next sentence's Konjunktiv I: "Merz sprach von … Die Ukraine brauche …")
    needer = speaker or (speakers.continued(_NEED_MOOD.fullmatch(cue.text) is not None) if cue is not None and needed
                         and not carried and not request and not document else None)
    if needed and needer:
        # "Merz sagte, Kiew brauche verlässliche Garantien": what the speaker says another needs is
        # the speaker's own position on it (each of the speakers': "Merz, Macron und Starmer erklärten, …")
        holders = [Mention(kind, 0, 0, "") for kind in sorted({needer} | co_speakers)]
    elif needed and document:
        # "Die Ukraine brauche eiserne Garantien, heißt es darin": the document's authors say it
        holders = [Mention(a.kind, 0, 0, a.text) for a in context.plan_author]
    elif (cue is not None and must is not None and not document
          and ((outer is None and must.fullmatch(cue.text))
               or (outer is not None and must.fullmatch(outer.text) and _obliged(text, cue, must)))):
        # (an obligation governing another cue is the same: "Europe should back an energy truce")
        # "Kyiv's forces must leave the Donbas," Ushakov said: the speaker's demand; unreported
        # ("Putin's terms: Ukraine must withdraw …") it is not the grammatical subject's position
        speaker = speaker or (speakers.continued() if not carried and not request else None)
        # ("Under it, Ukraine's army should be capped": the plan's obligations are its author's, see holders_of)
        holders = [Mention(kind, 0, 0, "") for kind in sorted({speaker} | co_speakers)] if speaker else (
            holders if carried or context.plan_author or colon_lead(cue, actors, text, m) else [])
    elif (cue is not None and outer is None and must is not None and not speaker and not carried
          and not context.plan_author and speakers.continued() is None and _obliged(text, cue, must)):
        # "Europe must not give in on the guarantees", with nobody quoted: the writer's view of what
        # an actor should do, no position of the actor's (docs/labelling.md, rule 2)
        holders = []
    if (speaker and issue.kind in m.accession and not ({speaker} | co_speakers) & m.theatre
            and any(h.kind in m.theatre for h in holders) and _forecast(text, issue, cue, issue_negator, m)
            and not PLUPERFECT.search(text, 0, issue.start)):
        # "Trump said Ukraine will not join NATO", "Rutte sagte, die Ukraine werde Mitglied der Nato": what
        # another actor says of the war's country joining is that actor's own line, not Kyiv's (not one
        # reported in the pluperfect, a line of the past: "2008 hatte die NATO erklärt, die Ukraine werde …")
        holders = [Mention(kind, 0, 0, "") for kind in sorted({speaker} | co_speakers)]
    for holder in holders:
        # (a closing appositive is the narrator's, not the speaker's: "Peskov said Ukraine must hold
        # elections, a demand Kyiv has repeatedly dismissed")
        narrated = issue.appositive and holder.end > 0 and holder.start >= issue.start
        if speaker and holder.kind not in co_speakers | {speaker} and not narrated:
            continue  # a position voiced only by another actor is not labelled (docs/labelling.md)
        evidence = Evidence(actor=holder.text, issue=issue.text, cue=cue.text if cue else "",
                            cue_start=cue.start if cue else -1, issue_start=issue.start,
                            markers=tuple(markers + modality_markers))
        claims.append(Claim(actor=holder.kind, issue=issue.kind, stance=stance, modality=modality,
                            sentence=text, confidence=round(max(0.0, min(1.0, confidence)), 3),
                            sentence_index=sentence.index, evidence=evidence))
    if (claims and modality == "asserted" and issue.polarity > 0
            and (proposer := _proposed_by(text, issue, actors)) is not None
            and not any(c.actor == proposer.kind for c in claims)):
        # "die von Washington vorgeschlagene Waffenruhe", "the ceasefire proposed by Washington": whoever
        # rejects or accepts it, the one who proposed it backs it
        claims.append(Claim(actor=proposer.kind, issue=issue.kind, stance="support", modality="asserted",
                            sentence=text, confidence=round(max(0.0, min(1.0, confidence)), 3),
                            sentence_index=sentence.index,
                            evidence=Evidence(actor=proposer.text, issue=issue.text, cue="", issue_start=issue.start)))
    return claims


# An attributive participle of proposing with its agent, right before the term ("die von Washington
# vorgeschlagene sofortige Waffenruhe") or after it ("the ceasefire proposed by Washington"), or an
# English compound ("the US-proposed ceasefire")
_PROPOSED_BEFORE_DE = re.compile(r"^\s+(?:vorgeschlagene|geforderte|angebotene|angestrebte|vorgelegte|verlangte|ins\s+Spiel\s+gebrachte)\w*"
                                 r"\s+(?:[a-zäöüß\d][\w\-]*\s+){0,2}$")
_PROPOSED_AFTER_EN = re.compile(r"^\s+(?:[\w\-]+\s+){0,3}?(?:proposed|demanded|sought|offered|put\s+forward|floated|championed)"
                                r"\s+by\s+(?:the\s+)?$")
_PROPOSED_COMPOUND_EN = re.compile(r"^-(?:proposed|backed|drafted|sponsored)\s+(?:[a-z\d][\w\-]*\s+){0,2}$")


def _proposed_by(text: str, issue: Mention, actors: list[Mention]) -> Mention | None:
    """The actor an attributive participle of proposing names as the term's proposer, or None."""
    for actor in actors:
        if actor.end <= issue.start:
            between = text[actor.end:issue.start]
            if text[max(0, actor.start - 4):actor.start].rstrip().endswith("von") and _PROPOSED_BEFORE_DE.match(between):
                return actor
            if _PROPOSED_COMPOUND_EN.match(between):
                return actor
        elif actor.start >= issue.end and _PROPOSED_AFTER_EN.match(text[issue.end:actor.start]):
            return actor
    return None


# A demand noun with the preposition that names what is demanded ("Forderung nach", "Anspruch auf", "demand for")
_DEMAND_NOUN = re.compile(r"^[A-Z]\w*\s+(?:nach|auf)$|\b(?:demand|claim)s?\s+(?:for|to)$")
# Between a demand noun and the land it names: an article and an adjective at most ("nach dem gesamten")
_DEMAND_OBJECT_GAP = re.compile(r"\s+(?:(?:dem|den|der|die|das|the)\s+)?(?:\w+\s+)?")


def _forecast(text: str, issue: Mention, cue: Mention | None, negator: str, m: Matchers) -> bool:
    """Whether the term is said to come about or not, in the future and with no stance cue of its own:
    the future auxiliary taken as its cue ("will join NATO", see ``future_act``), or a negated term
    after one in its clause ("will never become a member of NATO")."""
    future = m.cues.get("future")
    if future is None:
        return False
    start = clause_bounds(text, issue.start)[0]
    if cue is not None:
        if cue.kind == "accept" and future.fullmatch(cue.text) is not None:
            return True
        # "will never join NATO": a bare negator taken as the refusal cue, after a future auxiliary
        negator = cue.text if cue.text.casefold() in m.words.get("negators", frozenset()) else ""
    # (reported, the future shifts back: "he repeated that Ukraine would not become a member of NATO")
    end = cue.start if cue is not None else issue.start
    return bool(negator) and (future.search(text, start, end) is not None
                              or _BACKSHIFTED_FUTURE.search(text, start, end) is not None)


# The future of reported speech after a verb in the past ("said that Ukraine would not join")
_BACKSHIFTED_FUTURE = re.compile(r"\bwould\b")


# A refusal to bargain over something ("non-negotiable", "not up for discussion", "no compromise on")
_NO_BARGAIN = re.compile(r"negotiable|verhandelbar|up for (?:discussion|negotiation)|compromis|Kompromiss|zur (?:Debatte|Verhandlung)|"
                         r"rote Linie|red line", re.IGNORECASE)


# A thing classified as not being the issue ("stressed that this is not a ceasefire", "das sei keine Waffenruhe"):
# a description of something else, no stance on the issue
_CLASSIFIED = re.compile(r"\b(?:this|that|it|das|dies|es)\s+(?:is|was|would\s+be|will\s+be|sei|ist|war|wäre)\s+"
                         r"(?:not\s+an?|no|keine?|nicht\s+eine?)\s+(?:\w+\s+)?$", re.IGNORECASE)


# The content of a denied report starts here ("dementierte Berichte, wonach …", "denied reports that …")
_REPORT_CONTENT = re.compile(r"\b(?:Berichte?|Meldungen?|Darstellungen?|reports?|claims?|suggestions?)\s*,?\s+(?:wonach|dass|that)\b",
                             re.IGNORECASE)


def _denied_report(text: str, cue: Mention, m: Matchers) -> bool:
    """Is the cue inside the content of a report its subject denies ("Der Kreml dementierte Berichte, wonach
    Russland … zugestimmt habe", "Kyiv denied reports that it had agreed to …")? Nobody holds a denied act."""
    denial, give_up = m.cues.get("denial"), m.cues.get("abandon")
    hit = denial.search(text, 0, cue.start) if denial is not None else None
    content = _REPORT_CONTENT.search(text, hit.start(), cue.start) if hit is not None else None
    # (a denied give-up keeps the stance given up, see modality._denied; a cue after the content clause, past
    # ", saying" or a colon, is the denier's own)
    return (content is not None and not re.search(r"[,:;–—]", text[content.end():cue.start])
            and not (give_up is not None and give_up.search(text, content.end(), clause_bounds(text, cue.start)[1])))


# An unnamed group opening the clause as its subject ("Some people would push Ukraine to give up land, Harris
# said", "Einige in Berlin fordern …"): the group holds the stance, not the speaker and not a named actor
_UNNAMED_SUBJECT = re.compile(r"\W*(?:some(?:\s+people)?|others|many(?:\s+people)?|critics|opponents|sceptics|skeptics|"
                              r"hardliners|einige|manche|viele|Kritiker|Skeptiker|Gegner|Hardliner)"
                              r"(?:\s+(?:in|im|aus|within|inside)\s+\S+)?\s", re.IGNORECASE)


def _unnamed_subject(text: str, cue: Mention, actors: list[Mention]) -> bool:
    """Does an unnamed group open the cue's clause as its subject, with no named actor as subject after it?"""
    start, _ = clause_bounds(text, cue.start)
    hit = _UNNAMED_SUBJECT.match(text, start)
    return (hit is not None and hit.end() <= cue.start
            and not any(not a.oblique and start <= a.start < cue.start for a in actors))


# A verb of requiring: its subject needs what follows ("would require", "erfordert", "setzt … voraus")
# (verbs only, as written: the noun "Voraussetzung" names a condition its holder sets)
_REQUIRES = re.compile(r"(?:(?:would|will|could)\s+)?(?:requir\w*|erforder\w*|voraussetz\w*|setz\w*\s.*\bvoraus)")
# ...with at most a few words between its subject and it (an adverb, an auxiliary)
REQUIRING_GAP_WORDS = 3


def _requiring_subject(text: str, issue: Mention, cue: Mention, actors: list[Mention]) -> bool:
    """Is the term the subject of a verb of requiring right after it ("handing over territory would
    require changing the constitution")? Then the verb says what the term needs, no stance on it."""
    if issue.end > cue.start or not _REQUIRES.fullmatch(cue.text):
        return False
    gap = text[issue.end:cue.start]
    return (len(gap.split()) <= REQUIRING_GAP_WORDS and not re.search(r"[,;:]", gap)
            and not any(issue.end <= a.start < cue.start for a in actors))


# What may stand between a plan noun subject and the act term it performs: adverbs ("The draft also recognises")
_PLAN_ACT_GAP = re.compile(r"\s*(?:(?:also|further|even|explicitly|effectively|reportedly|apparently|offenbar|angeblich|auch|zudem|außerdem|ebenfalls|ausdrücklich|faktisch)\s+)*", re.IGNORECASE)
# ...or a source set off by commas (", according to the Financial Times, ")
_INSERTED_SOURCE = re.compile(r",\s+(?:according\s+to|citing|laut|nach\s+Angaben)\s+[^,;:]{1,60},\s*", re.IGNORECASE)
# the verb right after a plan noun subject: a lower-case word
_VERB = re.compile(r"[a-zäöüß][\w\-]*")
# ...that says what the plan does about the term, not that it names it or what it is
_NOT_PROVIDING = frozenset({"mentions", "mentioned", "mention", "says", "said", "is", "was", "are", "were", "refers",
                            "erwähnt", "nennt", "sei", "ist", "war", "sagt", "spricht",
                            # participles that describe the plan ("The statement issued after the meeting …")
                            "issued", "published", "signed", "adopted", "drafted", "drawn", "presented", "released"})
# a comma before a lower-case word ends the clause part (a list of places goes on with capitals)
_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?=[a-zäöüß])")
# ...and before the plan noun: an article, a possessive or a name, and up to three adjectives ("The revised US draft")
# ("Washington's revised draft": a possessive name)
_PLAN_ACT_LEAD = re.compile(r"\W*(?:(?:the|this|that|its|their|der|die|das|dieser|diese|dieses|sein|seine|ihr|ihre)\s+"
                            r"|(?-i:[A-ZÄÖÜ])[\w\-.]*(?:'s|’s)\s+)(?:[\w\-']+\s+){0,3}", re.IGNORECASE)


def _plan_act(text: str, issue: Mention, m: Matchers) -> Mention | None:
    """A plan noun opening the clause as the subject of the verb that takes the term, where no cue
    does ("The draft also treats Crimea … as de facto Russian", "The US draft has Ukraine pulling its
    forces out of …", "Der Entwurf erkennt die Krim als russisch an"): what the plan does is one of its
    provisions, a provision cue at the verb; else None."""
    nouns = m.cues.get("plan_nouns")
    if nouns is None:
        return None
    start, _ = clause_bounds(text, issue.start)
    plan = next(nouns.finditer(text, start, issue.start), None)
    if plan is None or not _PLAN_ACT_LEAD.fullmatch(text, start, plan.start()):
        return None
    # ("Witkoff's draft, according to the Financial Times, foresees …": the source set off by commas)
    after = source.end() if (source := _INSERTED_SOURCE.match(text, plan.end(), issue.start)) is not None else plan.end()
    gap = _PLAN_ACT_GAP.match(text, after, issue.start)
    verb = _VERB.match(text, gap.end() if gap is not None else after, issue.end)
    if (verb is None or verb.group().casefold() in _NOT_PROVIDING or verb.group().casefold() in m.words.get("oblique", ())
            or _CLAUSE_BREAK.search(text, verb.end(), issue.start)):
        return None  # ("Das Dokument über Garantien sei fertig", "The plan mentions EU accession")
    return Mention("provision", verb.start(), verb.end(), verb.group())


def _obliging(obliged: Mention, cue: Mention, actors: list[Mention], text: str, m: Matchers, context: Context,
              speakers: Speakers) -> list[Mention] | None:
    """Who obliges the ``obliged`` subject (see ``obliged_subject``): the holder named before a colon,
    else the sentence's speaker, else the plan the sentences tell, else the speaker a Konjunktiv I goes
    on reporting or the previous sentence's reporter; [] for nobody (the writer's view), None when the
    subject speaks of itself ("Ukraine must join NATO, Zelensky said")."""
    lead = colon_lead(cue, actors, text, m)
    if lead:
        return lead
    speaker, co_speakers = speakers.get()
    if not speaker and context.plan_author:
        return [Mention(a.kind, 0, 0, a.text) for a in context.plan_author]
    if not speaker:
        speaker, co_speakers = speakers.continued() or context.reporter, frozenset()
    if speaker == obliged.kind:
        return None
    # (every speaker of a plural subject: "The four leaders also wrote that Ukraine must …")
    return [Mention(kind, 0, 0, "") for kind in sorted({speaker} | co_speakers)] if speaker else []


def _plan_modals(text: str, issues: list[Mention], context: Context, speakers: Speakers,
                 m: Matchers) -> list[Mention]:
    """In a sentence that tells a plan's content ("According to the draft, Ukrainian forces would
    withdraw from …"; the plan named here or in the sentences before, and nobody quoted), the modal
    before or inside each issue term (``plan_modal``) as a provision cue."""
    pattern = m.cues.get("plan_modal")
    if pattern is None or not issues or context.plan is None or not pattern.search(text):
        return []  # most sentences: no modal, so no plan author to work out (its scan is costly)
    authors = context.plan.any()
    if not authors:
        return []
    speaker = speakers.get()[0]
    reporting = m.cues.get("reporting")
    if (speaker not in {a.kind for a in authors}
            and (speaker or reporting is not None and reporting.search(text))):
        # "Trump said Ukraine would withdraw …", "… said that Ukraine would one day become a
        # member": reported speech, not the plan's text
        return []
    return [Mention("provision", hit.start(), hit.end(), hit.group()) for hit in pattern.finditer(text)
            if any(hit.end() <= i.end for i in issues)]  # before the term or inside it ("would be capped")


def _offer_claims(sentence: Sentence, issue: Mention, actors: list[Mention], m: Matchers, speakers: Speakers,
                  condition: tuple[int, int]) -> list[Claim]:
    """A reciprocal offer ("If Russia stops hitting our power plants, we will stop too", Zelensky
    said): support from whoever makes it, the speaker or the main clause's subject."""
    text = sentence.text
    speaker = speakers.get()[0]
    subject = next((a for a in actors if not a.oblique and not condition[0] <= a.start < condition[1]), None)
    holder = speaker or (subject.kind if subject is not None else None)
    if holder is None:
        return []
    evidence = Evidence(actor=subject.text if subject is not None and subject.kind == holder else holder,
                        issue=issue.text, cue="", cue_start=-1, markers=(text[condition[0]:condition[1]],),
                        issue_start=issue.start)
    return [Claim(actor=holder, issue=issue.kind, stance="support", modality="asserted", sentence=text,
                  confidence=BASE_CONFIDENCE - CARRIED_PENALTY, sentence_index=sentence.index, evidence=evidence)]
