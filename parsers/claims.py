"""The claim coder: which actor takes which stance on which issue, sentence by sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from itertools import pairwise

from parsers.attribution import (
    SPEAKER_BEFORE_CHARS,
    Mention,
    clause_bounds,
    coordinated,
    find_actors,
    find_cues,
    find_stance_cues,
    head_of_run,
    overlaps,
    relative_clause_at,
    speaker_of,
    subject_for,
    with_companions,
)
from parsers.discourse import (
    Context,
    Group,
    PlanAuthor,
    anaphoric_issues,
    carried,
    issues_listed,
    issues_to_carry,
)
from parsers.learned import Candidate, candidates
from parsers.lexicon import IssuePattern, Lexicon, Matchers
from parsers.modality import (
    CORRELATIVE,
    NEGATED,
    abandoned,
    base_stance,
    is_past,
    modality_of,
    negated_before,
    reciprocal_offer,
    stance_after_negation,
)
from parsers.normalize import normalize_text
from parsers.quotes import QuoteSpeakers
from parsers.sentences import split_sentences
from parsers.types import Claim, Evidence, Sentence, Stance

# Between a German stance noun and its genitive holder: an article and an adjective at most.
_GENITIVE_AFTER = re.compile(r"^\s+(?:(?:der|des|von|vom)\s+)?(?:[a-zäöüß][\w\-]*\s+)?$")
# "Trump's request", "Russia's demands": a possessive right before a stance noun holds it.
_DETERMINER_END = re.compile(r"\b(?:the|a|an|this|that|its)\s+$", re.IGNORECASE)
_POSSESSOR_BEFORE = re.compile(r"^(?:['’]s)?\s+(?:[a-z][\w\-]*\s+)?$")
# Enumerations share their cue: "Donezk und Luhansk – einschließlich … – sowie die Anerkennung".
_PARENTHETICAL = re.compile(r"\s[–—]\s[^–—]*\s[–—]\s|\([^()]*\)")
_NEXT_ITEM = re.compile(r"^(?:\s+[\w\-]+){0,2}[\s,]*(?:und|sowie|and|as well as|,)\s+(?:[\w\-]+\s+){0,3}$",
                        re.IGNORECASE)  # the rest of the previous noun phrase, a coordinator, a determiner
# After these a new clause with its own subject begins ("He said that …", "Sie betonte, dass …").
_CONTENT_START = re.compile(r"\b(?:that|dass|ob|whether)\b|[,:]", re.IGNORECASE)
# A provision's content clause up to its own verb: "the provision that NATO agree",
# "sieht vor, dass Kiew … zustimmt".
_CONTENT_CLAUSE = re.compile(r"^[\s,]*(?:that|dass)\s[^.;:!?]*$", re.IGNORECASE)
# An agency dateline at the start of a paragraph: places and agencies, then a dash.
_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w/.,' -]{1,50}?\((?:dpa|AFP|AP|Reuters|KNA|epd|dts|rtr|Reuters/dpa|dpa/AFP|AFP/dpa|"
                       r"AP/dpa|dpa/AP|APA|sda|SDA)[\w/ ]*\)\s*[-–—]\s*", re.MULTILINE)
# Quotation marks and punctuation around a word ("„Wir", "\"We").
_PUNCTUATION = "„“”\"»«‚‘’',.:;!?()–—"
# German verb-second puts a pronoun subject right after the finite cue verb ("Dann lehnte er … ab").
INVERTED_PRONOUN_CHARS = 20
STANCE_CUES = ("support", "accept", "provision", "oppose", "open",
               "support_neg", "accept_neg", "provision_neg", "oppose_neg", "open_neg")
# A cue farther than this from the issue term rarely governs it: enough for a stance noun with a
# dass-clause ("Zu den Forderungen X gehört, dass sich ... heraushält") or an enumeration; longer
# pairs cues with unrelated issues in long German sentences.
MAX_CUE_DISTANCE = 120
# Confidence components: an explicit subject is the strongest evidence, a carried one the weakest.
BASE_CONFIDENCE = 0.9
CARRIED_PENALTY = 0.2
FAR_CUE_PENALTY = 0.15
FAR_CUE_CHARS = 50
NO_CUE_PENALTY = 0.25
# A plain issue term this close to an ``against`` phrase of the same issue is part of that phrase
# ("dass sich das Land aus dem westlichen Militärbündnis ... heraushält").
AGAINST_SCOPE_CHARS = 60
# "Referendum über die Kontrolle des östlichen Donbass": the topic follows the procedure noun closely.
PROCEDURE_GAP_CHARS = 40


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
        claims, context = _code_sentence(sentence, m, on, context, speakers, rereading,
                                         conditioned.get(sentence.index, ""), seen, contexts)
        for claim in claims:
            key = (claim.actor, claim.issue, claim.stance, claim.modality)
            if key not in best or claim.confidence > best[key].confidence:
                best[key] = claim
    kept = _surer_in_sentence(_turned_yields(_superseded_dropped(_conditional_readiness_wins(list(best.values()), m), m,
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


def _about_another_conflict(text: str, m: Matchers) -> bool:
    """An article about a ceasefire in Gaza or an election in Moldova: it names another conflict or
    country (``elsewhere``) and neither party to this war (Actor.party) anywhere. A short text that
    names neither ("Die Europäer dringen auf eine Waffenruhe") is read as it stands."""
    elsewhere = m.cues.get("elsewhere")
    return (m.any_party is not None and elsewhere is not None
            and not m.any_party.search(text) and elsewhere.search(text) is not None)


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
_NOW_OPENING = re.compile(r"^\W*(?:nun|inzwischen|mittlerweile|jetzt|seitdem|seither|now|since then|these days|"
                          r"but now|today)\b", re.IGNORECASE)


def _change_follows(claim: Claim, sentences: Sequence[Sentence], m: Matchers) -> bool:
    """Does one of the next sentences open with "now" and name the claim's issue again ("Lange hatte
    Selenskyj Wahlen ausgeschlossen. Nun erklärte er, man könne binnen 90 Tagen wählen – sofern …")?
    The stance told as the past is then no longer the actor's, even where the new one is not read."""
    for sentence in sentences[claim.sentence_index + 1:claim.sentence_index + 1 + CHANGE_FOLLOWS_SENTENCES]:
        if _NOW_OPENING.match(sentence.text) and any(i.kind == claim.issue for i in find_issues(sentence.text, m)):
            return True
    return False


def _superseded_dropped(claims: list[Claim], m: Matchers, sentences: Sequence[Sentence] = ()) -> list[Claim]:
    """An actor's earlier stance told as the past ("Kiew hatte die Zone zunächst abgelehnt", "had
    initially rejected") gives way to another stance the article states later on the same issue
    ("Inzwischen zeigt sich die Führung offen"): the article reports a change, and only the new
    stance is the actor's position."""
    dated = [p for p in (m.cues.get("past"), m.cues.get("recent_past")) if p is not None]

    def old(claim: Claim) -> bool:
        return bool(_PLUPERFECT.search(claim.sentence) or any(p.search(claim.sentence) for p in dated))

    change = m.cues.get("change")

    def superseded(claim: Claim, other: Claim) -> bool:
        if other.sentence_index > claim.sentence_index:
            # "For months Trump demanded a ceasefire. After Alaska he dropped that demand": a later
            # give-up turns the stance told before it
            return (old(claim) and not old(other)) or _given_up(other, m)
        if other.sentence_index < claim.sentence_index or claim.evidence is None or other.evidence is None:
            return False
        # one sentence: "which once demanded X, now says it accepts X", "hatte anfangs X gefordert,
        # lehnt X inzwischen aber ab": the cue after a change marker states the current position
        first, second = claim.evidence.cue_start, other.evidence.cue_start
        if (0 <= first < second and (relative := relative_clause_at(claim.sentence, first)) is not None
                and relative[1] <= second and any(p.search(claim.sentence, *relative) for p in dated)):
            return True  # "Merz, who only months ago called it premature, has come round to …"

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
    """Does a sentence (line part between terminal punctuation) with a match also hold a stance cue?"""
    for hit in pattern.finditer(text):
        start = max(text.rfind(c, 0, hit.start()) for c in ".!?\n") + 1
        ends = [e for c in ".!?\n" if (e := text.find(c, hit.end())) >= 0]
        # the whole cues, not just their openings (``any_stance`` finds where a cue may start)
        if m.any_stance is None or find_stance_cues(text[start:min(ends, default=len(text))], m, STANCE_CUES):
            return True
    return False


def find_issues(text: str, m: Matchers, rereading: Mapping[str, str] | None = None,
                contexts: ArticleContexts | None = None) -> list[Mention]:
    """Issue mentions; a term inside an ``against`` phrase of its issue takes that phrase's polarity.
    ``contexts``: the article around ``text``, for the terms whose issue depends on it."""
    hits = _issue_hits(text, m)
    if not hits:
        return []  # most sentences: one scan, nothing to sort or drop
    # only issues with ``reads_as`` can be reread: others leave a lazy ``rereading`` unconsulted
    reread = rereading if rereading is not None else {}
    rereadable = {p.issue for p, _ in hits if p.issue in m.reads_as and p.issue in reread}
    literal = {i: [h.span() for h in m.literals[i].finditer(text)] for i in rereadable if i in m.literals}
    found = [(p.issue, Mention(reread[p.issue] if p.issue in rereadable and not any(
                                   s <= h.start() and h.end() <= e for s, e in literal.get(p.issue, ())) else p.issue,
                               *h.span(), h.group(), False, p.polarity, p.stances, p.broad, verb_first=p.verb_first))
             for p, h in hits]
    # regions named specifically (before exclusions: "Gebiete im Donbass räumen" names the Donbas)
    named = {issue for issue, mention in found if not mention.broad and mention.polarity > 0}
    excluded = {i: [(h.start(), h.end()) for h in m.excludes[i].finditer(text)]
                for i in {issue for issue, _ in found} if i in m.excludes}
    kept: list[Mention] = []
    # an against phrase holds its issue's term ("renounce NATO membership"): it wins over the term
    for issue, mention in sorted(found, key=lambda x: (x[1].polarity > 0, -(x[1].end - x[1].start), x[1].start)):
        if any(s <= mention.start and mention.end <= e for s, e in excluded.get(issue, ())):
            continue
        same = [n for n, k in enumerate(kept) if k.kind == mention.kind and overlaps(k, mention)]
        for n in same:
            # "die Gebiete Donezk, …, Saporischschja und Cherson räumen": a region named inside a
            # broad phrase read for one stance only makes the phrase name the region whatever the stance
            if kept[n].stances is not None and mention.stances is None and mention.polarity > 0 and not mention.broad:
                kept[n] = kept[n]._replace(stances=None, broad=False)
        if same:
            continue
        kept.append(mention)
    if named:  # "die Abtretung der Gebiete Saporischschja und Cherson": the broad term means the south
        kept = [k for k in kept if not k.broad or k.kind in named or not any(
            n in named for n in _broad_partners(k, found))]
    if m.contexts and any(k.broad and k.kind in m.contexts for k in kept):
        kept = _by_context(text, kept, m, contexts)
    return sorted(_against_wins(_drop_resumed_broad_terms(text, kept, m)), key=lambda x: x.start)


class ArticleContexts:
    """Where an article names what its context-bound issues are about (Issue.context: "EU",
    "Bündnis"), found when a sentence first needs it, for one sentence at a time (``at``)."""

    def __init__(self, text: str, m: Matchers) -> None:
        self._text, self._m = text, m
        self._starts: dict[str, list[int]] | None = None
        self.at = 0  # where the sentence being coded starts in the article

    def last_before(self, issues: set[str], position: int) -> str | None:
        """Of ``issues``, the one whose context words stand last before ``position``, if any."""
        if self._starts is None:
            self._starts = {i: [h.start() for h in p.finditer(self._text)] for i, p in self._m.contexts.items()}
        best = {i: max((s for s in self._starts.get(i, ()) if s < position), default=-1) for i in issues}
        ranked = sorted(best.items(), key=lambda x: -x[1])
        if not ranked or ranked[0][1] < 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]


def _by_context(text: str, issues: list[Mention], m: Matchers, contexts: ArticleContexts | None) -> list[Mention]:
    """A term shared by context-bound issues ("Beitritt", "Ukraine's accession") means the one whose
    context words ("EU", "Nato") stand nearest in the sentence, else last before it in the article;
    with neither, it means none of them."""
    out: list[Mention] = []
    groups: dict[int, list[Mention]] = {}
    for issue in issues:
        if issue.broad and issue.kind in m.contexts:
            groups.setdefault(issue.start, []).append(issue)
        else:
            out.append(issue)
    for start, group in groups.items():
        kinds = {g.kind for g in group}
        near: dict[str, int] = {}
        for kind in kinds:
            for hit in m.contexts[kind].finditer(text):
                gap = max(hit.start() - group[0].end, start - hit.end(), 0)
                near[kind] = min(near.get(kind, gap), gap)
        ranked = sorted(near.items(), key=lambda x: x[1])
        if ranked and (len(ranked) == 1 or ranked[1][1] > ranked[0][1]):
            owner: str | None = ranked[0][0]
        else:
            owner = contexts.last_before(kinds, contexts.at) if contexts is not None and not ranked else None
        out.extend(g for g in group if g.kind == owner)
    return sorted(out, key=lambda x: x.start)


def _broad_partners(mention: Mention, found: list[tuple[str, Mention]]) -> set[str]:
    """The other issues a broad term was found for at the same place."""
    return {issue for issue, other in found if other.broad and other.start == mention.start and issue != mention.kind}


def _issue_hits(text: str, m: Matchers) -> list[tuple[IssuePattern, re.Match[str]]]:
    """Every issue pattern's match at every position where some issue term starts.

    The combined pattern finds the start positions in one scan; only there are the ~35 issue patterns
    tried (instead of each scanning the whole sentence).
    """
    if m.any_issue is None:
        return [(p, h) for p in m.issues for h in p.pattern.finditer(text)]
    hits: list[tuple[IssuePattern, re.Match[str]]] = []
    pos = 0
    while (start := m.any_issue.search(text, pos)) is not None:
        at = start.start()
        for pattern in _issues_starting_with(text[at], m):
            hit = pattern.pattern.match(text, at)
            if hit is not None:
                hits.append((pattern, hit))
        pos = at + 1
    return hits


def _issues_starting_with(char: str, m: Matchers) -> tuple[IssuePattern, ...]:
    """The issue patterns (in lexicon order) whose match may start with ``char``."""
    found = m.issue_starts.get(char)
    if found is None:
        found = tuple(p for p in m.issues if p.heads is None or any(h.fullmatch(char) for h in p.heads))
        m.issue_starts[char] = found  # bounded by the characters that start an issue term
    return found


def _drop_resumed_broad_terms(text: str, issues: list[Mention], m: Matchers) -> list[Mention]:
    """"solche Gebietsabtretungen", "such concessions": a demonstrative resumes the concessions just
    named, so a broad term's extra reading (both territory issues) does not apply."""
    anaphors = m.words.get("anaphors", frozenset())

    def resumed(issue: Mention) -> bool:
        words = text[max(0, issue.start - 20):issue.start].split()
        return bool(words) and words[-1].casefold() in anaphors

    return [i for i in issues if i.stances is None or not resumed(i)]


def _against_wins(issues: list[Mention]) -> list[Mention]:
    """Drop a plain term near an ``against`` phrase of the same issue: "aus dem Bündnis … heraushält"."""
    negative = [i for i in issues if i.polarity < 0]
    return [i for i in issues if i.polarity < 0 or not any(
        n.kind == i.kind and max(n.start - i.end, i.start - n.end) <= AGAINST_SCOPE_CHARS for n in negative)]


def _is_noise(text: str, m: Matchers) -> bool:
    """Ads and boilerplate lines that slipped through extraction."""
    noise = m.cues.get("noise")
    return bool(noise and noise.search(text)) or " | " in text


def _code_sentence(sentence: Sentence, m: Matchers, on: date | None, context: Context,
                   quotes: QuoteSpeakers, rereading: Mapping[str, str], condition: str = "",
                   seen: list[tuple[Sentence, list[Mention], list[Mention]]] | None = None,
                   contexts: ArticleContexts | None = None) -> tuple[list[Claim], Context]:
    """Claims of one sentence and the context it leaves for the next (``quotes``: who speaks in the
    article's quotations; ``condition``: a condition the next sentence puts on this one's readiness;
    ``seen``: where to note the sentence's actors and issues for the learned model; ``contexts``: what
    the article says its context-bound issues are about)."""
    text = sentence.text
    actors = find_actors(text, m, on)
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
    if issues:
        issues = sorted(issues + _appositives(text, issues, m), key=lambda i: i.start)
    if seen is not None:
        seen.append((sentence, actors, issues))
    # the speaker matters for claims and, without a subject, for the next sentence's pronouns
    subject = next((a for a in actors if not a.oblique), None)  # an actor outside a prepositional phrase
    if not issues and subject is not None:  # the most common sentence: it needs no speaker at all
        plan_here = PlanAuthor(text, actors, m, context.plan)
        return [], _next_context(plan_here, (), context, subject, actors, text, None, m)
    needs_speaker = bool(issues) or subject is None
    if not issues and not actors and quotes.of(sentence) in (None, context.actor):
        needs_speaker = False  # it could only be the carried actor, which leaves the next context as is
    speakers = _Speakers(sentence, actors, m, context.actor, quotes if needs_speaker else None)
    # with a subject the next context needs no speaker: claims ask for it if they get that far
    speaker = speakers.get()[0] if subject is None else None
    plan_here = PlanAuthor(text, actors, m, context.plan)  # worked out if a provision asks for it
    next_context = _next_context(plan_here, issues_to_carry(issues, text), context, subject, actors, text, speaker, m,
                                 issues_listed(issues))
    if not issues:
        return [], next_context
    # a cue inside an issue term or an actor's name ("coalition of the willing") is no cue; a provision
    # inside a term's gap is ("Die Streitkräfte sollen auf 600.000 Soldaten begrenzt werden")
    must = m.cues.get("obligation")  # "the guns must fall silent": the obligation inside the term is its cue
    cues = [c for c in _door_cues(_held_nouns(find_stance_cues(text, m, STANCE_CUES), text, m), issues, text, m)
            if (c.kind.startswith("provision") or not any(_cue_in_issue(c, i) for i in issues)
                or (must is not None and must.fullmatch(c.text)))
            and not any(a.start <= c.start and c.end <= a.end and not _names_proposal(a, c, m) for a in actors)]
    cues = _current(cues, text)
    if len(cues) > 1:  # "hatte die Forderung nach Wahlen zurückgewiesen": a demand nobody owns is the verb's object
        cues = [c for c in cues if not (c.kind == "support" and any(o.start >= c.end for o in cues)
                                        and _unowned_proposal(c, actors, text, m))]
    issues = [i for i in issues if not _elsewhere(i, actors, text, m)]
    claims: list[Claim] = []
    previous: tuple[Mention, Mention] | None = None
    elaborating = _elaborates(text, m)
    with_plan = _here_with(context, plan_here)
    modals = _plan_modals(text, issues, with_plan, speakers, m)
    if modals:  # the nearest cue wins for each term, as for any other cue
        cues = sorted(cues + modals, key=lambda c: c.start)
    offer = reciprocal_offer(text, m)
    for issue in issues:
        if offer is not None:  # "If Russia stops hitting our power plants, we will stop too": for every issue
            claims.extend(_offer_claims(sentence, issue, actors, m, speakers, offer))
            continue
        cue, distance = _nearest_cue(issue, cues, text, m)
        cue = _past_volition(cue, cues, text, m)
        if cue is None and previous is not None and _enumerated(text, previous[0], issue):
            cue, distance = previous[1], MAX_CUE_DISTANCE  # "verlangt X – … – sowie die Anerkennung"
        if cue is None and elaborating and context.stated:
            claims.extend(_restated(sentence, issue, context.stated, m))
            continue
        cue = _plan_content(issue, cue, cues, text)
        cue = _pressed(issue, _revised(issue, cue, cues, issues, actors, text, m), actors, text, m)
        outer, outer_holds = _governor(cue, cues, text, m)
        if outer_holds and cue is not None and cue.kind == "support" and _genitive_holder(cue, actors, text, m):
            outer, outer_holds = None, False  # "rejected the US proposal for …": the proposal is the US's, the rejection Kyiv's (_requests)
        for governing in [(cue, distance, False), *_requests(issue, cue, cues, actors, text, m),
                          *_beside_relative(issue, cue, cues, text)]:
            own = governing[0] is cue
            claims.extend(_code_issue(sentence, issue, governing, actors, m, with_plan, speakers, condition,
                                      outer if own else None, outer_holds and own))
        previous = (issue, cue) if cue is not None else previous
    # Ads and boilerplate give no claims. Most sentences with an issue term give none anyway, and
    # then the result is the same without the noise scan (no claims, nothing stated); working the
    # claims out first only fills the lazy values above, which depend on nothing the check changes.
    if not claims or _is_noise(text, m):
        return [], next_context
    claims = _made_conditional(claims, issues, text, m)
    stated = tuple(dict.fromkeys((Mention(c.actor, 0, 0, c.evidence.actor if c.evidence else ""), c.stance)
                                 for c in claims if c.modality == "asserted"))
    return claims, next_context._replace(stated=stated, reporter=speakers.found())


class _Speakers:
    """Who a sentence is reported from and who speaks with them, found on first use.

    A sentence with a subject needs its speaker only for a claim of a holder named in it (not for
    noise, cue-less terms, carried holders or requests), so the reporting-verb scans of
    ``speaker_of`` wait until such a claim asks. Without ``quotes`` the sentence needs no speaker at
    all (see ``_code_sentence``).
    """

    __slots__ = ("_actors", "_carried", "_m", "_quotes", "_sentence", "_value", "at")

    def __init__(self, sentence: Sentence, actors: list[Mention], m: Matchers, carried: str | None,
                 quotes: QuoteSpeakers | None) -> None:
        self._sentence, self._actors, self._m, self._carried, self._quotes = sentence, actors, m, carried, quotes
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
                self._value = (speaker, _co_speakers(found, speaker_at, self._actors, text))
                self.at = speaker_at
        return self._value


    def found(self) -> str | None:
        """The speaker if it was already worked out (no scan just for this), else None."""
        return self._value[0] if self._value is not None else None

    def continued(self) -> str | None:
        """The speaker, else, for a German sentence in Konjunktiv I with no reporting verb of its own,
        the speaker it continues ("…, sagte Putin. Zudem müsse Kiew auf die Nato verzichten.")."""
        speaker = self.get()[0]
        mood = self._m.cues.get("reported_mood")
        if speaker or mood is None or not self._carried or not mood.search(self._sentence.text):
            return speaker
        return self._carried


def _co_speakers(speaker: str | None, speaker_at: int, actors: list[Mention], text: str) -> frozenset[str]:
    """"European leaders and U.S. envoys announced that …": every actor coordinated with the speaker
    right before the reporting verb speaks too (their positions are not another actor's report)."""
    if speaker is None:
        return frozenset()
    before = [a for a in actors if not a.oblique and a.end <= speaker_at]
    if before and before[-1].kind == speaker and speaker_at - before[-1].end <= SPEAKER_BEFORE_CHARS:
        return frozenset(a.kind for a in coordinated(head_of_run(before, text), actors, text))
    return frozenset({speaker})


def _appositives(text: str, issues: list[Mention], m: Matchers) -> list[Mention]:
    """The issues of a clause again at an appositive that sums it up ("Russia demands the Donbas, a
    demand Kyiv has rejected"), so the appositive's own cue and holder are about them."""
    pattern = m.cues.get("appositive")
    out: list[Mention] = []
    if pattern is None:
        return out
    for comma in _APPOSITIVE_COMMA.finditer(text):
        hit = pattern.match(text, comma.end())
        if hit is None or (hit.end() < len(text) and text[hit.end()].isalnum()):
            continue
        before = [i for i in issues if i.end <= comma.start() and i.polarity > 0]
        following = [i for i in issues if i.start >= hit.end()]
        if before and not following:
            out.extend(Mention(i.kind, hit.start(), hit.end(), hit.group(), polarity=i.polarity, stances=i.stances,
                               appositive=True) for i in {i.kind: i for i in before}.values())
    return out


_APPOSITIVE_COMMA = re.compile(r",\s+")


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
                                              markers=tuple(markers))))
    return claims


def _plan_content(issue: Mention, cue: Mention | None, cues: list[Mention], text: str) -> Mention | None:
    """"the plan included the provision that NATO agree never to accept Ukraine": a cue inside the
    content clause of a plan's provision is part of the plan; the provision governs the issue."""
    if cue is None or cue.kind.startswith("provision"):
        return cue
    for other in cues:
        if (other.kind == "provision" and other.end <= cue.start and other.end <= issue.start
                and _distance(other, issue) <= MAX_CUE_DISTANCE
                and _CONTENT_CLAUSE.match(text[other.end:cue.start])):
            return other
    return cue


# An "open" cue this close to its clause's end stands without an object ("keeps the door open").
CLAUSE_END_WORDS = 3
# "pressing Kyiv to accept": the pressing verb, its object and the infinitive marker fit in this span.
PRESSURE_CHARS = 60
# "Rutte hat Moskau aufgefordert": the pressed actor this close before a participle of pressing
PRESSED_BEFORE_CHARS = 12
_TO_BEFORE = re.compile(r"(?:\bto|\bzu|\binto)\s*$", re.IGNORECASE)
_ZU_BEFORE = re.compile(r"\bzu\s+$", re.IGNORECASE)
# "pressed Kyiv to withdraw its troops from …", "drängt Kiew zu …": the step follows the pressed actor.
_TO_AFTER = re.compile(r"^\W*(?:\S+\s+){0,3}?(?:to|into|zu|zum|zur)\b", re.IGNORECASE)


def _revised(issue: Mention, cue: Mention | None, cues: list[Mention], issues: list[Mention],
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
        if any(marker.end() <= a.start < later.end and not a.oblique and a.kind not in holders for a in actors):
            return cue  # another holder speaks there ("Trump … ; Washington now …" is the same one)
        _, end = clause_bounds(text, later.start)
        tail = text[later.end:end].split()
        between = {w.strip(",.").casefold() for w in text[marker.end():end].split()}
        # an "open" idiom needs no object ("keeps the door open"); other cues must refer back
        idiom = later.kind.startswith("open") and len(tail) <= CLAUSE_END_WORDS
        # ("that" there opens a clause of its own: "demanding instead agreements that would …")
        refers = (between & m.words.get("anaphors", frozenset())) - {"that"}
        if idiom or refers or between & m.words.get("third_person", frozenset()):
            return later
        return cue
    return cue


def _pressed(issue: Mention, cue: Mention | None, actors: list[Mention], text: str,
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
                _TO_BEFORE.search(text, hit.start(), step.start) or (step is issue and (_TO_AFTER.match(between) or (
                    infinitive and between.count(",") <= 1 and not _SENTENCE_PUNCT.search(between))))):
            return Mention(cue.kind if cue is not None and (step is cue or (infinitive and cue.start >= issue.end))
                           else "support",
                           hit.start(), hit.end(),
                           hit.group())
    return cue


# An outer cue's stance applied to its complement's: "ready to accept" = accept, "refusal to accept" =
# oppose, "nicht bereit, auszuschließen" = open, "considering to reject" = open.
_COMPOSED: dict[Stance, dict[Stance, Stance]] = {
    "support": {"support": "support", "oppose": "oppose", "open": "open"},
    "oppose": {"support": "oppose", "oppose": "open", "open": "oppose"},
    "open": {"support": "open", "oppose": "open", "open": "open"},
}
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
                          r"die|der|das|den|dem|wo|wie|zu)\b)\s*(?:dass\s)?|(?:that|dass)\s)[^,]*$",
                          re.IGNORECASE)
# "rejected the demand for", "balked at a proposal to", "pushed back on calls to": a stance noun as
# the object of a stance verb (German puts it inside the split verb: "lehnt die Forderung … ab").
# A possessor ("agreed to Trump's request") holds the noun's stance itself (``_requests``).
_NOUN_OBJECT_GAP = re.compile(r"^\s*(?:(?:at|on|to|against|with|of)\s+)?(?:(?:a|an|the|any|all|such|this|these|"
                              r"those|its|his|her|their|our|every)\s+)?(?:[\w\-]+(?<!['’]s)\s+)?"
                              # the noun's defining clause: "rejected any deal that requires it to …"
                              r"(?:(?<=\w\s)(?:that|which)\s+)?$", re.IGNORECASE)
_COMPLEMENT_GAP = re.compile(r"^[^.;:!?()–—]*$")
# A few words between a verb and the comma of its content clause ("bekräftigte am Donnerstag, …")
_LEAD_ADVERBIAL = re.compile(r"^\s*(?:[\w\-]+\s+){0,2}[\w\-]+(?=\s*,)")
# the same for a German verb and its object noun ("prüft den amerikanischen Vorschlag")
_NOUN_OBJECT_GAP_DE = re.compile(r"^\s*(?:[\w\-]+\s+){0,3}?(?:den|die|das|dem|einen|eine|einem|jeden|jede|jedes|diesen|"
                                 r"diese|dieses|ihren|seinen|ihre|seine)\s+(?:[a-zäöüß][\w\-]*\s+)?$")
# German adverbs between a verb and its content clause: lower case (not the object), no auxiliary (which
# ends a clause of its own: "soll ausgeschlossen sein, ausländische Truppen …")
_ADVERBS_DE = re.compile(r"^\s*(?!(?:sein|ist|sind|war|waren|wird|werden|wurde|hat|haben|hatte)\b)[a-zäöüß]+(?:\s+[a-zäöüß]+)?(?=,)")
_PLUPERFECT = re.compile(r"\b(?:hatte|hatten|hattest|had)\b", re.IGNORECASE)


def _governor(cue: Mention | None, cues: list[Mention], text: str, m: Matchers) -> tuple[Mention | None, bool]:
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
    if len(gap) <= MAX_CUE_DISTANCE and _CONTENT_GAP.match(content_gap):
        return outer, True  # "demanded that Ukraine accept", "bekräftigte, Russland werde … zustimmen"
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
    Gebietsabtretungen eine klare Absage" (the demand noun is the object of the refusal after it)."""
    if m.lang != "de" or not cue.text[:1].isupper() or base_stance(cue.kind) != "support":
        return None, False
    later = next((c for c in cues if c.start >= cue.end), None)
    if later is None or later.kind.startswith("provision") or _CLAUSE_PUNCT.search(text, cue.end, later.start):
        return None, False
    return later, True


def _current(cues: list[Mention], text: str) -> list[Mention]:
    """Cues without those a later cue supersedes: "Selenskyj, der Wahlen lange ausgeschlossen hatte,
    erklärte sich nun bereit": a pluperfect clause followed by another cue held the old position."""
    if len(cues) < 2:
        return cues
    out = []
    for cue in cues:
        start, end = clause_bounds(text, cue.start)
        comma = text.find(",", cue.end)
        end = min(end, comma) if comma >= 0 else end  # a relative clause ends at its comma
        later = any(c.start >= end for c in cues)
        old = _PLUPERFECT.search(text, start, end) is not None
        if not (later and old):
            out.append(cue)
    return out


def _alleged(anchor: Mention, text: str, m: Matchers) -> bool:
    """Does an allegation verb govern the cue ("Selenskyj beschuldigt den Kreml, … anzustreben",
    "accused Moscow of seeking")? Then nobody holds the position: not the accused (it is the
    accuser's claim about them), nor the accuser (who does not want what they allege). A
    sentence that goes on after an allegation mostly goes on about it ("accused Russia of …, and
    said Moscow had shown no willingness comparable to Kyiv's …"), so the whole rest counts."""
    pattern = m.cues.get("allegation")
    return pattern is not None and pattern.search(text, 0, anchor.start) is not None


def _elsewhere(issue: Mention, actors: list[Mention], text: str, m: Matchers) -> bool:
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
        return False
    near_start, near_end = max(start, issue.start - ELSEWHERE_CHARS), min(end, issue.end + ELSEWHERE_CHARS)
    parties = [a for a in actors if a.kind in _PARTIES]
    for hit in (h for h in hits if near_start <= h.start() and h.end() <= near_end):
        # "the Gaza truce": named with it, whoever else the clause names; but not when a party stands
        # between them or with the other country ("mit der Ukraine und mit Moldau über einen Beitritt")
        if not any(min(hit.start(), issue.start) <= a.start <= max(hit.end(), issue.end)
                   or abs(a.start - hit.start()) <= ELSEWHERE_PARTNER_CHARS for a in parties):
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
ELSEWHERE_PARTNER_CHARS = 20
# The two warring parties: a clause that names one of them is about this war.
_PARTIES = frozenset({"russia", "ukraine"})


def _requests(issue: Mention, cue: Mention | None, cues: list[Mention], actors: list[Mention], text: str,
              m: Matchers) -> list[tuple[Mention, int, bool]]:
    """Second cues of one issue: "stimmte nach der Bitte Trumps einer Waffenruhe zu" gives the requester
    (a support noun with its own possessor) and the one who agrees a position each.

    The third item marks a request cue: its possessor is named by the narrator, so it counts even
    inside another actor's statement ("The Kremlin said it agreed to Trump's request").
    """
    if cue is None:
        return []
    others = [c for c in cues if c is not cue and _distance(c, issue) <= MAX_CUE_DISTANCE]
    if cue.kind == "support" and _genitive_holder(cue, actors, text, m) is not None:
        rest = sorted(others, key=lambda c: _distance(c, issue))[:1]  # the verb the request is about
        return [(c, _distance(c, issue), False) for c in rest]
    rest = [c for c in others if c.kind == "support" and (
        _genitive_holder(c, actors, text, m) is not None or _participle_agent(c, issue, actors, text))]
    return [(c, _distance(c, issue), True) for c in rest]


# A relative clause opening right after an issue term ("the truce that Kyiv accepted", "die Waffenruhe,
# der Kiew zugestimmt hat"): its verb is the relative clause's own.
_RELATIVE_OPENING = re.compile(r"\s*(?:(?:,\s*)?(?:that|which)|,\s*(?:der|die|das|den|dem|denen|welche[rnsm]?))\s+"
                               r"(?!is\b|are\b|was\b|were\b|would\b|will\b)\S")


def _past_volition(cue: Mention | None, cues: list[Mention], text: str, m: Matchers) -> Mention | None:
    """"Kiew will ausländische Truppen nicht zulassen": a German modal of wanting is an auxiliary; the
    stance verb closing its clause carries the stance (wanting composes with it as itself)."""
    if cue is None or cue.text.casefold() not in m.words.get("volition", frozenset()):
        return cue
    return next((c for c in cues if c.start > cue.end and not c.kind.startswith("provision")
                 and not _CLAUSE_PUNCT.search(text, cue.end, c.start)), cue)


def _beside_relative(issue: Mention, cue: Mention | None, cues: list[Mention],
                     text: str) -> list[tuple[Mention, int, bool]]:
    """"The Kremlin refused the truce that Kyiv accepted in March": the cue of a relative clause on the
    issue term gives the clause's holder a position; the main clause's cue before the term gives its
    subject one too."""
    if cue is None:
        return []
    if cue.start >= issue.end:  # the relative clause's cue was chosen: add the main clause's
        if not _RELATIVE_OPENING.match(text, issue.end):
            return []
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


def _participle_agent(cue: Mention, issue: Mention, actors: list[Mention], text: str) -> bool:
    """"eine von Moskau verlangte Obergrenze": an attributive participle right before the issue term,
    with its agent right before it, is that agent's position on the issue."""
    return (0 <= issue.start - cue.end <= 1 and _ATTRIBUTIVE.fullmatch(cue.text) is not None
            and any(0 <= cue.start - a.end <= ATTRIBUTIVE_AGENT_CHARS for a in actors))


def _distance(cue: Mention, issue: Mention) -> int:
    """Characters between a cue and an issue term (0 when they overlap)."""
    return max(issue.start - cue.end, cue.start - issue.end, 0)


def _enumerated(text: str, previous: Mention, issue: Mention) -> bool:
    """Is ``issue`` the next item of an enumeration after ``previous`` (so it shares its cue)?"""
    between = _PARENTHETICAL.sub(" ", text[previous.end:issue.start])
    return bool(_NEXT_ITEM.match(between))


def _here_with(context: Context, plan_here: PlanAuthor) -> Context:
    """The previous context with the plan author valid for this sentence."""
    return context._replace(plan=plan_here, stated=())


def _next_context(plan: PlanAuthor, issues: tuple[Mention, ...], context: Context, subject: Mention | None,
                  actors: list[Mention], text: str, speaker: str | None, m: Matchers,
                  listed: tuple[Mention, ...] = ()) -> Context:
    """This sentence's plan author and issues for the next sentence, with its subject group (``subject``:
    its first actor outside a prepositional phrase), else its speaker, else the old group."""
    if subject is not None:
        group: Group | None = Group(subject, actors, text, m)  # completed if a later claim needs it
    elif speaker and speaker != context.actor:
        group = Group(Mention(speaker, 0, 0, ""))
    else:
        group = context.group
    # "in Moskau", "to Berlin": a place right after a preposition is not one "dieser" refers to
    persons = [a for a in actors if not _after_preposition(text, a, m)] or actors
    named = (persons[0], persons[-1]) if persons else context.named
    return Context(group=group, plan=plan, issues=issues, named=named, listed=listed)


def _after_preposition(text: str, mention: Mention, m: Matchers) -> bool:
    """Is the word right before the mention a preposition ("in Moskau", "to Berlin")?"""
    before = _LAST_WORD.search(text, max(0, mention.start - LAST_WORD_CHARS), mention.start)
    return before is not None and before.group(1).casefold() in m.words.get("oblique", frozenset())


# The word right before a position, looked for this far back (a preposition is short).
LAST_WORD_CHARS = 24
_LAST_WORD = re.compile(r"(\w+)\W*$")


def _cue_in_issue(cue: Mention, issue: Mention) -> bool:
    """Is the cue's verb part of the issue phrase? (An issue inside a separable verb's gap is fine.)"""
    return issue.start <= cue.start < issue.end or issue.start < cue.end <= issue.end


_ATTRIBUTIVE = re.compile(r"[a-zäöüß]+(?:te|ten|ter|tes|tem|ene|enen|ener|enes)$")
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


# A coordinated clause of its own ("…, and it is sticking to that position", "; er selbst lehnt …") lies
# between a cue and an issue term: the cue counts as this much farther away.
CLAUSE_CROSSING_CHARS = 60
# A contrasting clause after the term: its verb has an object of its own
_CONTRAST_CLAUSE = re.compile(r"[,;–—]\s*(?:but|yet|aber|sondern|doch|jedoch)\s", re.IGNORECASE)
_NEXT_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas|und|aber|doch|während)\s|;\s", re.IGNORECASE)
# An embedded question: its modal ("weighing whether units should join") is governed by the verb before it
_WHETHER = re.compile(r"\bwhether\b", re.IGNORECASE)  # German "ob" clauses compose (_governor)
# "Ob sich die Forderung auch auf … erstreckt, ließ Peskow offen": the verb after the question governs it
_QUESTION_OPENING = re.compile(r"\W*(?:ob|whether|wie|how)\b", re.IGNORECASE)


_CLAUSE_PUNCT = re.compile(r"[,;:.]")
_SENTENCE_PUNCT = re.compile(r"[;:.]")
# "bekräftigte nach den Gesprächen: Eine Anerkennung … werde die Ukraine nicht akzeptieren": after a
# colon the content has its own cue
_COLON_CONTENT = re.compile(r"^[^,;:.!?]{0,60}:\s+[^,;:]*$")


def _refers_back(span: str, m: Matchers | None) -> bool:
    """Does a pronoun after the semicolon in ``span`` refer back across it ("…; inzwischen sagt
    Washington sie zu")?"""
    words = m.words.get("anaphors", frozenset()) if m is not None else frozenset()
    return any(w.strip(_PUNCTUATION).casefold() in words for w in span.split(";", 1)[-1].split())


def _nearest_cue(issue: Mention, cues: list[Mention], text: str = "",
                 m: Matchers | None = None) -> tuple[Mention | None, int]:
    """The cue closest to the issue term (ties go to the cue before it) and its distance. A participle
    right before the issue noun is its adjective ("die in Paris vereinbarten Pläne … zurückgewiesen"),
    and a cue in a temporal or conditional clause after the issue belongs to that clause ("demanded
    elections before any agreement is signed", "… if the Kremlin refused"): they yield to any other cue."""
    best: Mention | None = None
    best_key = (10**9, 1)
    temporal = m.cues.get("precondition") if m is not None else None
    condition = m.cues.get("conditional") if m is not None else None
    for cue in cues:
        distance = max(issue.start - cue.end, cue.start - issue.end, 0)
        if cue.end <= issue.start and (distance <= 1 or _plan_noun_after(text, cue, m)) \
                and _ATTRIBUTIVE.fullmatch(cue.text) and len(cues) > 1:
            # only if nothing else governs the issue ("die in Paris vereinbarten Pläne für eine Truppe
            # … zurückgewiesen": the participle describes the plans)
            distance += MAX_CUE_DISTANCE
        elif cue.start >= issue.end and len(cues) > 1 and any(
                p is not None and p.search(text, issue.end, cue.start) for p in (temporal, condition)):
            distance += MAX_CUE_DISTANCE  # "demanded elections before …", "… if the Kremlin refused"
        elif len(cues) > 1 and text and (rel := relative_clause_at(text, cue.start)) and not rel[0] < issue.start < rel[1]:
            distance += MAX_CUE_DISTANCE  # "den Rückzug aus Gebieten, die es nie erobert hat": the clause's own verb
        elif len(cues) > 1 and text and any(o.end <= cue.start and _WHETHER.search(text, o.end, cue.start)
                                            for o in cues if o is not cue):
            distance += MAX_CUE_DISTANCE  # "is weighing whether Bundeswehr units should join": the question's verb
        if (text and cue.end <= issue.start and (_CONTENT_GAP.match(_LEAD_ADVERBIAL.sub("", text[cue.end:issue.start], count=1))
                                                 or _COLON_CONTENT.match(text[cue.end:issue.start])) and any(
                other.start >= issue.end and not _CLAUSE_PUNCT.search(text, issue.end, other.start)
                and not (temporal is not None and temporal.search(text, issue.end, other.start)) for other in cues)):
            distance += MAX_CUE_DISTANCE  # "bekräftigte, Russland werde X niemals zustimmen": the content's own cue
        between = (min(cue.end, issue.end), max(cue.start, issue.start))
        if text and ";" in text[between[0]:between[1]] and not _refers_back(text[between[0]:max(cue.end, issue.end)], m):
            distance += 2 * MAX_CUE_DISTANCE  # a semicolon ends the clause: "Trump will, dass …; über den Donbass könne …"
        elif (text and cue.start >= issue.end and _CONTRAST_CLAUSE.search(text, issue.end, cue.start)
              and not _refers_back(text[issue.end:cue.end], m)):
            distance += 2 * MAX_CUE_DISTANCE  # "had wanted X, but the draft now proposes Y": the contrast's verb is Y's
        elif text and len(cues) > 1 and _NEXT_CLAUSE.search(text, *between):
            distance += CLAUSE_CROSSING_CHARS  # "rejected X, and it is sticking to …": the own clause's cue first
        elif text and cue.start >= issue.end and "," in text[issue.end:cue.start] and not _QUESTION_OPENING.match(text) and any(
                o.end <= issue.start and not _CLAUSE_PUNCT.search(text, o.end, issue.start) for o in cues):
            distance += CLAUSE_CROSSING_CHARS  # "rejected a truce, insisting that …": the verb whose object it is
        key = (distance, 0 if cue.end <= issue.start else 1)
        if key < best_key:
            best, best_key = cue, key
    if best is None or best_key[0] > MAX_CUE_DISTANCE:
        return None, 0
    return best, best_key[0]


def _holders(cue: Mention | None, issue: Mention, actors: list[Mention], text: str, m: Matchers,
             context: Context, speakers: _Speakers) -> tuple[list[Mention], bool]:
    """The actor mentions holding the position, and whether they were carried from context."""
    anchor = cue or issue
    must = m.cues.get("obligation")
    # a plan's provisions, and the obligations it lists ("Under it, Ukraine's army should be capped"),
    # belong to its author
    provision = cue is not None and cue.kind.startswith("provision")
    if provision or (cue is not None and must is not None and must.fullmatch(cue.text) and not speakers.get()[0]):
        lead = _colon_lead(cue, actors, text, m) if cue is not None else []
        if lead:  # "An den Kernforderungen hält der Kreml fest: Die Ukraine soll …"
            return lead, False
        if context.plan_author:  # not to "soll die Ukraine"
            return carried(context.plan_author), False
        if provision and _plan_modal(cue, m) and context.plan is not None and (authors := context.plan.any()):
            return carried(authors), False  # "Ukraine's army would be capped …" after the plan
        if provision and context.group is not None and not _has_subject(actors) and not _new_plan(text, m):
            return carried(context.carried), True
        if not provision and context.reporter is not None and not _REPORTING_START.match(text):
            # "Putin said Ukraine must leave the four regions. Kyiv must also give up NATO": still his
            return [Mention(context.reporter, 0, 0, "")], True
    if cue is not None and (antecedent := _pronoun_antecedent(text, anchor, actors, m)) is not None:
        # "Trump's position is clear: after meeting Zelensky and Macron, he called for …": the
        # pronoun right before the cue is its subject, and it means the sentence's first actor
        return [Mention(antecedent.kind, 0, 0, antecedent.text)], False
    if cue is not None and _reported_pronoun(text, anchor, actors, m, speakers):
        # "Trump … told reporters that he wanted a ceasefire": the pronoun is the reporter, not the
        # last actor named before it
        return [Mention(speakers.get()[0] or "", 0, 0, "")], False
    head = (_judged_by(cue, actors, text, m) or _genitive_holder(cue, actors, text, m)
            or _passive_agent(anchor, actors, text, m) or subject_for(anchor, actors, text, m.lang, m.cues.get("roles")))
    if (head is not None and cue is not None and cue.kind.startswith("provision") and not _names_plan(head, m)
            and head.start >= clause_bounds(text, cue.start)[0] and not _CONTENT_START.search(text, head.end, cue.start)):
        head = None  # "Die Ukraine soll Garantien erhalten": a provision's subject is its topic, not its author
    if head is not None:
        return with_companions(coordinated(head, actors, text), actors, text, m), False
    words = {w.strip(_PUNCTUATION).casefold() for w in text.split()}  # "„Wir fordern …“"
    speaker = speakers.get()[0] if words & m.words.get("first_person", frozenset()) else None
    if speaker:
        return [Mention(speaker, 0, 0, "")], True
    if _plan_subject(anchor, text, m) and context.plan is not None:
        authors = context.plan.any()  # "The draft calls for …", "Der Plan verlangt …"
        if authors:
            return carried(authors), True
    if context.named is not None:
        order = _ordinal_subject(text, anchor, m)
        if order is not None:  # "Dieser sprach sich … aus", "the former pledged …"
            return [context.named[0] if order == "former" else context.named[1]], True
    if context.group is not None and _pronoun_subject(text, anchor, m):
        return carried(context.carried), True
    # "A withdrawal is unacceptable, Zelensky said": a clause without a holder of its own, reported
    # after it, is the reporter's position ("He stressed that some partners remain hesitant about …"
    # names another holder before the cue, one the lexicon does not know)
    speaker = speakers.get()[0]
    if speaker and not _other_subject(issue, cue, speakers.at, text):
        return [Mention(speaker, 0, 0, "")], True
    return [], False


# Words between a reporting verb and a cue that comes before its issue term: more than a
# conjunction and an adverb ("that some partners remain hesitant about …") name another holder.
OTHER_SUBJECT_WORDS = 3


def _negated_subject_of(issue: Mention, actors: list[Mention], text: str) -> str:
    """The negative determiner of the subject right before a verbal issue term in its clause ("No
    European government will recognise …", "Kein europäischer Staat wird … anerkennen"), or ""."""
    start, _ = clause_bounds(text, issue.start)
    before = [a for a in actors if start <= a.start and a.end <= issue.start and not a.oblique]
    if not before or not issue.text[:1].islower():
        return ""
    return _negative_determiner(text, before[0])


def _negative_determiner(text: str, mention: Mention) -> str:
    """The negating word before an actor mention ("Kein ukrainischer Präsident", "No European
    government", "weder … noch"), or ""."""
    hit = _NEGATED_SUBJECT.search(text[max(0, mention.start - NEGATED_SUBJECT_CHARS):mention.start])
    return hit.group().split()[0] if hit else ""


def _colon_lead(cue: Mention, actors: list[Mention], text: str, m: Matchers) -> list[Mention]:
    """The holder named before a colon that introduces a provision: the subject of a demand or of
    a plan noun there ("Der Kreml hält an seinen Forderungen fest: Die Ukraine soll …"), or []."""
    colon = text.rfind(":", 0, cue.start)
    if colon < 0:
        return []
    lead = text[:colon]
    named = find_stance_cues(lead, m, ("support",)) + find_cues(lead, m, ("plan_nouns", "position_nouns"))
    if not named:
        return []
    before = [a for a in actors if a.end <= colon and not a.oblique]
    if not before:  # "Putin's terms have not changed: Ukraine must …": the possessor of the demands
        owner = _genitive_holder(named[0], [a for a in actors if a.end <= colon], lead, m)
        return [owner] if owner is not None else []
    head = subject_for(named[0], before, lead, m.lang)
    return with_companions(coordinated(head, before, lead), before, lead, m) if head is not None else []


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
_NOBODY = re.compile(r"\W*(?:no one|nobody|niemand|not a single|no single|kein einziger|keine einzige|kein einziges)\b",
                     re.IGNORECASE)
_JUDGE_BEFORE = re.compile(r"(?:\bfür|\bfor|\bto)\s+(?:die\s+|den\s+|das\s+|the\s+)?$", re.IGNORECASE)


# "is unacceptable to Russia", "non-negotiable for the Kremlin": the judge follows within this many
# characters ("ruled out NATO membership for Ukraine" names the membership's candidate, not a judge).
JUDGE_AFTER_CHARS = 16


def _names_plan(mention: Mention, m: Matchers) -> bool:
    """Does the actor mention name a plan or document of the actor ("the US plan", "Der Plan der USA")?"""
    plans = m.cues.get("plan_nouns")
    return plans is not None and plans.search(mention.text) is not None


def _judged_by(cue: Mention | None, actors: list[Mention], text: str, m: Matchers) -> Mention | None:
    """"kommt für die EU nicht in Frage", "unacceptable to Russia": the actor a judgement is for holds it."""
    pattern = m.cues.get("evaluative")
    if cue is None or pattern is None or pattern.search(cue.text) is None:
        return None
    start, end = clause_bounds(text, cue.start)
    for actor in actors:
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
        if start <= plan.start < anchor.start or 0 <= plan.start - anchor.end <= INVERTED_PRONOUN_CHARS:
            return True
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
_PERSONAL_PRONOUN = re.compile(r"\b(?:he|she|it|they|er|sie)\b", re.IGNORECASE)


def _pronoun_antecedent(text: str, anchor: Mention, actors: list[Mention], m: Matchers) -> Mention | None:
    """The sentence's first actor, when "he"/"she"/"er" right before the cue is its subject and
    other actors stand between that first one and the pronoun ("after meeting X and Y, he …")."""
    if len({a.kind for a in actors}) < 2:
        return None  # one candidate: the usual resolution finds it (and most sentences name one)
    pronoun = _subject_pronoun(text, anchor, _HE_SHE)
    if pronoun < 0:
        return None
    earlier = [a for a in actors if a.end <= pronoun]
    if len({a.kind for a in earlier}) < 2 or any(pronoun < a.start < anchor.start for a in actors):
        return None  # one candidate before it, or another actor after it: the usual resolution applies
    return earlier[0]


def _reported_pronoun(text: str, anchor: Mention, actors: list[Mention], m: Matchers, speakers: _Speakers) -> bool:
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


def _unowned_proposal(cue: Mention, actors: list[Mention], text: str, m: Matchers) -> bool:
    """Is ``cue`` a German plan or demand noun that is a cue ("die Forderungen", "Bedingungen") without an
    owner (genitive, adjective, name)? Before a later verb it is that verb's object, not a position."""
    return (m.lang == "de" and cue.text[:1].isupper() and _plan_noun(cue, m)
            and _genitive_holder(cue, actors, text, m) is None)


def _names_proposal(actor: Mention, cue: Mention, m: Matchers) -> bool:
    """Is ``cue`` the proposal noun that ends an actor's name for its proposal ("American proposal")?"""
    return cue.end == actor.end and actor.start < cue.start and _plan_noun(cue, m)


def _genitive_holder(cue: Mention | None, actors: list[Mention], text: str, m: Matchers) -> Mention | None:
    """"Forderungen Russlands", "Bitte von Trump", "Trump's request": the possessor of a stance noun holds it."""
    if cue is None:
        return None
    owner = next((a for a in actors if _names_proposal(a, cue, m)), None)
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
        # "rejected the US proposal", "a Kremlin demand": a name used as an attribute of the noun
        if m.lang == "en" and actor.end <= cue.start and not between.strip() and cue.text.islower() and \
                _DETERMINER_END.search(text, 0, actor.start) and _plan_noun(cue, m):
            return actor
    return _owner_adjective(cue, text, m)


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


def _passive_agent(anchor: Mention, actors: list[Mention], text: str, m: Matchers) -> Mention | None:
    """"wird von den Westeuropäern angestrebt", "opposition … by Trump": the agent holds the position."""
    start, end = clause_bounds(text, anchor.start)
    always = m.words.get("agent_always", frozenset())
    agents = _agent_words(m)
    passive: bool | None = None  # whether the clause is passive: looked up once an agent marker asks
    for actor in actors:
        if not start <= actor.start < end:
            continue
        before = text[max(start, actor.start - 25):actor.start].split()
        marker = next((w.casefold() for w in reversed(before[-3:]) if w.casefold() in agents), None)
        if marker is None:
            continue
        if m.lang == "en" and _ATTRIBUTE_AGENT.search(text, max(start, actor.start - 40), actor.start):
            continue  # "guarantees ratified by the US Congress": the agent of a participle describing the issue
        if marker in always:
            return actor
        if passive is None:
            clause_words = {w.casefold() for w in text[start:end].split()}
            passive = bool(clause_words & m.words.get("passive", frozenset()))
        # or an attributive participle right after the agent: "eine von Moskau verlangte Obergrenze"
        if passive or (anchor.start - actor.end <= ATTRIBUTIVE_AGENT_CHARS and anchor.start >= actor.end
                       and _ATTRIBUTIVE.fullmatch(anchor.text)):
            return actor
    return None


# A participle with its "by" agent and no auxiliary before it qualifies a noun ("guarantees ratified by"),
# unlike a passive ("was rejected by")
_ATTRIBUTE_AGENT = re.compile(r"(?<!\bwas )(?<!\bwere )(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )(?<!\bbeing )"
                              r"\b(?:[a-z]+ed|held|won|led|run|drawn|written|made|put|set|taken|given|seen|known|"
                              r"built|kept|sent|shown|done|begun|struck)\s+by\s+(?:the\s+)?$")
# "eine von Moskau verlangte Obergrenze": the participle follows its agent this closely
ATTRIBUTIVE_AGENT_CHARS = 4


def _agent_words(m: Matchers) -> frozenset[str]:
    """Prepositions that introduce a passive agent."""
    return m.words.get("agent", frozenset()) | m.words.get("agent_always", frozenset())


def _has_subject(actors: list[Mention]) -> bool:
    """Does the sentence name an actor outside a prepositional phrase (so a provision needs no carried author)?"""
    return any(not a.oblique for a in actors)


def _code_issue(sentence: Sentence, issue: Mention, governing: tuple[Mention | None, int, bool],
                actors: list[Mention], m: Matchers, context: Context, speakers: _Speakers,
                condition: str = "", outer: Mention | None = None, outer_holds: bool = False) -> list[Claim]:
    """Claims about one issue mention, given its governing cue, the cue's distance and whether it is
    a request whose possessor counts inside another actor's statement (``speakers``: who the
    sentence is reported from; ``outer``: a cue whose complement the cue is; ``outer_holds``: its
    holder holds the composed stance, see ``_governor``)."""
    text = sentence.text
    cue, distance, request = governing
    if cue is not None and (_in_precondition(text, issue, cue, m) or is_past(text, cue, m)
                            or _procedure_topic(text, issue, cue, m)):
        return []
    issue_negator = (negated_before(text, issue.start, m, "issue_negators") or _verb_negated(text, issue, m)
                     or _neither(text, issue) or _necessary_without(text, issue, m))
    if cue is None and not issue_negator:
        issue_negator = _negated_subject_of(issue, actors, text)  # "No European government will recognise …"
    if cue is None and not issue_negator:
        cue = _future_act(text, issue, m)  # "Britain will deploy troops": a commitment to the act
    if cue is None and (not issue_negator or _in_precondition(text, issue, issue, m)):
        return []  # "Solange sich kein Waffenstillstand abzeichnet, …": when, not a refusal
    # the governing cue's holder, where it holds the composed stance (see ``_governor``)
    holders, carried = _holders(outer if outer_holds else cue, issue, actors, text, m, context, speakers)
    if not holders and outer is not None and not outer_holds:  # "Kyiv's refusal to accept a cap"
        holders, carried = _holders(outer, issue, actors, text, m, context, speakers)
    if issue.appositive:  # "…, a condition European officials regard as a non-starter": not Kyiv's
        holders = [h for h in holders if h.start >= issue.start or not h.end]
    if not holders:
        return []
    stance, markers = _stance(text, cue, issue, issue_negator, m, condition, outer)
    if stance is None or (issue.stances is not None and stance not in issue.stances):
        return []
    if _alleged(cue or issue, text, m):
        return []
    # a composed cue's modality is the governing cue's ("prüft, ob sich die Bundeswehr beteiligen soll":
    # the question is what is weighed, not a question of the article)
    modality, modality_markers = modality_of(text, outer or cue or issue, m)
    confidence = BASE_CONFIDENCE - (CARRIED_PENALTY if carried else 0.0)
    confidence -= FAR_CUE_PENALTY if distance > FAR_CUE_CHARS else 0.0
    confidence -= NO_CUE_PENALTY if cue is None else 0.0
    claims = []
    # carried holders and requests count whoever speaks: only other holders need the speaker
    speaker, co_speakers = speakers.get() if not carried and not request else (None, frozenset())
    if speaker and cue is not None and 0 <= speakers.at < cue.start and _NEXT_CLAUSE.search(text, speakers.at, cue.start):
        speaker, co_speakers = None, frozenset()  # "Kyiv says Russia is stalling, while Moscow insists …"
    nobody = cue is not None and _NOBODY.match(text, clause_bounds(text, cue.start)[0]) is not None
    counted = {x.casefold() for x in markers}  # "Keine der Regierungen ist bereit": the cue's negator already
    if counted & CORRELATIVE:  # "Weder Kiew noch Berlin wollen …": one "weder … noch", counted once
        counted |= CORRELATIVE
    if nobody or (not carried and any((word := _negative_determiner(text, h)) and word.casefold() not in counted
                                      for h in holders if h.end)):
        stance = NEGATED[stance]  # "Kein ukrainischer Präsident kann das unterschreiben"
        markers = [*markers, "kein/no"]
    needs = m.cues.get("necessity")
    must = m.cues.get("obligation")
    if speaker and cue is not None and needs is not None and needs.fullmatch(cue.text):
        # "Merz sagte, Kiew brauche verlässliche Garantien": what the speaker says another needs is
        # the speaker's own position on it (each of the speakers': "Merz, Macron und Starmer erklärten, …")
        holders = [Mention(kind, 0, 0, "") for kind in sorted({speaker} | co_speakers)]
    elif cue is not None and outer is None and must is not None and must.fullmatch(cue.text):
        # "Kyiv's forces must leave the Donbas," Ushakov said: the speaker's demand; unreported
        # ("Putin's terms: Ukraine must withdraw …") it is not the grammatical subject's position
        speaker = speaker or (speakers.continued() if not carried and not request else None)
        # ("Under it, Ukraine's army should be capped": the plan's obligations are its author's, see _holders)
        holders = [Mention(kind, 0, 0, "") for kind in sorted({speaker} | co_speakers)] if speaker else (
            holders if carried or context.plan_author or _colon_lead(cue, actors, text, m) else [])
    for holder in holders:
        if speaker and holder.kind not in co_speakers | {speaker}:
            continue  # a position voiced only by another actor is not labelled (docs/labelling.md)
        evidence = Evidence(actor=holder.text, issue=issue.text, cue=cue.text if cue else "",
                            cue_start=cue.start if cue else -1,
                            markers=tuple(markers + modality_markers))
        claims.append(Claim(actor=holder.kind, issue=issue.kind, stance=stance, modality=modality,
                            sentence=text, confidence=round(max(0.0, min(1.0, confidence)), 3),
                            sentence_index=sentence.index, evidence=evidence))
    return claims


def _held_nouns(cues: list[Mention], text: str, m: Matchers) -> list[Mention]:
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


def _door_cues(cues: list[Mention], issues: list[Mention], text: str, m: Matchers) -> list[Mention]:
    """"Die Tür des Bündnisses bleibe für die Ukraine offen", "NATO's door remains open to Ukraine":
    an "open" cue on an issue term that names a door (``door`` words) is its owner letting Ukraine
    in, a support cue after the term (the idiom "Tür ... offen" would otherwise hold the term inside it)."""
    door = m.cues.get("door")
    if door is None:
        return cues
    doors = [i for i in issues if door.search(i.text)]
    if not doors:
        return cues
    cues = cues + _closed_doors(doors, text, m)
    turned = []
    for cue in cues:
        if cue.kind == "open":
            named = next((i for i in doors if i.start <= cue.start < i.end or i.end <= cue.start), None)
            if named is not None:
                start = max(cue.start, named.end)
                cue = Mention("support", start, cue.end, text[start:cue.end])
        turned.append(cue)
    return turned


# A German infinitive closing the clause right after a term ("Truppen in der Ukraine stationieren“,").
_INFINITIVE_AFTER = re.compile(r'\s+(?:[a-zäöüß]+\s+)?[a-zäöüß]+(?:en|ern|eln)(?=\s*(?:[,.;:!?“”"»«–—]|$))')
# Between a future auxiliary and the English act it announces: at most two adverbs ("will also soon deploy").
_FUTURE_GAP = re.compile(r"\s+(?:[a-z]+\s+){0,2}")


def _future_act(text: str, issue: Mention, m: Matchers) -> Mention | None:
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
        hit = None
        for found in future.finditer(text, start, issue.start):
            hit = found
    # an acceptance, so that a condition ("Erst wenn …, werde Russland das Feuer einstellen") makes it open
    return Mention("accept", hit.start(), hit.end(), hit.group()) if hit is not None else None


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


def _plan_modals(text: str, issues: list[Mention], context: Context, speakers: _Speakers,
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


def _plan_modal(cue: Mention | None, m: Matchers) -> bool:
    """Is the cue a plan's modal standing in for a provision (see ``_plan_modals``)?"""
    pattern = m.cues.get("plan_modal")
    return cue is not None and pattern is not None and pattern.fullmatch(cue.text) is not None


def _given_up(claim: Claim, m: Matchers) -> bool:
    """Was the claim's stance read from a give-up ("gab seinen Widerstand auf", "dropped that demand")?"""
    abandon = m.cues.get("abandon")
    markers = claim.evidence.markers if claim.evidence is not None else ()
    return abandon is not None and any(abandon.fullmatch(x) for x in markers)


def _turned_yields(claims: list[Claim], m: Matchers) -> list[Claim]:
    """A stance told as given up or as no longer held ("rückte von der Forderung ab", "no longer
    opposes", "dropped his call for …") yields to the stance the same or the next sentence states
    for the actor on the issue ("… und hat zugestimmt", "Er sei nun offen dafür", "on Friday again
    urged …")."""
    if len(claims) < 2:
        return claims
    negators = m.words.get("negators", frozenset())

    def turned(claim: Claim) -> bool:
        markers = claim.evidence.markers if claim.evidence is not None else ()
        return _given_up(claim, m) or (claim.stance == "open" and any(x.casefold() in negators for x in markers))

    stated: dict[tuple[str, str], set[int]] = {}
    for claim in claims:
        if claim.modality == "asserted" and not turned(claim):
            stated.setdefault((claim.actor, claim.issue), set()).add(claim.sentence_index)
    return [c for c in claims if not (turned(c) and any(
        c.sentence_index <= index <= c.sentence_index + 1 for index in stated.get((c.actor, c.issue), ())))]


def _made_conditional(claims: list[Claim], issues: list[Mention], text: str, m: Matchers) -> list[Claim]:
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


def _offer_claims(sentence: Sentence, issue: Mention, actors: list[Mention], m: Matchers, speakers: _Speakers,
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
                        issue=issue.text, cue="", cue_start=-1, markers=(text[condition[0]:condition[1]],))
    return [Claim(actor=holder, issue=issue.kind, stance="support", modality="asserted", sentence=text,
                  confidence=BASE_CONFIDENCE - CARRIED_PENALTY, sentence_index=sentence.index, evidence=evidence)]


# "ohne Wahlen unmöglich", "could not imagine the meeting without a ceasefire": a necessity
_WITHOUT = frozenset({"ohne", "without"})
_WITHOUT_WORD = re.compile(r"\b(?:ohne|without)\b", re.IGNORECASE)
# A contrast that denies the cue for what follows: "bereit, X – aber nicht, Y", "ready to X, but not to Y"
# "no deal without a Ukrainian withdrawal from the Donbas": with an impossibility in the sentence, a
# "without" this many words before the term names what is needed (the term may be the place alone)
WITHOUT_NECESSITY_WORDS = 5


def _necessary_without(text: str, issue: Mention, m: Matchers) -> str:
    """The "without" of an impossibility before the issue term, a few words off, or ""."""
    impossible = m.cues.get("impossible")
    if impossible is None or _WITHOUT_WORD.search(text, 0, issue.start) is None or not impossible.search(text):
        return ""
    start, _ = clause_bounds(text, issue.start)
    words = re.findall(r"\w+", text[start:issue.start])[-WITHOUT_NECESSITY_WORDS:]
    return next((w for w in reversed(words) if w.casefold() in _WITHOUT), "")


_BUT_NOT = re.compile(r"[,–—]\s*(?:aber|jedoch|doch|but|yet)\s+(?:nicht|not|never|nie)\b", re.IGNORECASE)
# "neither … nor", "weder … noch" deny the predicate of every conjunct
_NEITHER = re.compile(r"\b(?:neither|weder)\b", re.IGNORECASE)
_NOR = re.compile(r"\b(?:nor|noch)\b", re.IGNORECASE)
NOR_CHARS = 30  # "noch eine Anerkennung der …": the second conjunct starts this close after "noch"


def _neither(text: str, issue: Mention) -> str:
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


def _verb_negated(text: str, issue: Mention, m: Matchers) -> str:
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


# A temporal preposition or conjunction this many words before an issue term makes it a time.
PRECONDITION_WORDS = 3


def _in_precondition(text: str, issue: Mention, cue: Mention, m: Matchers) -> bool:
    """"soll zum Einsatz kommen, sobald ein Waffenstillstand erreicht ist": a term in a temporal
    precondition clause is when the position applies, not what the cue is about."""
    start = max(text.rfind(mark, 0, issue.start) for mark in ",–:;") + 1
    words = text[start:issue.start].split()
    preconditions = m.words.get("precondition", frozenset())
    if words and words[0].casefold() in preconditions:
        return not start <= cue.start < issue.start
    # "wollen nach einem Ende der Kämpfe Soldaten entsenden", "boots on the ground once the fighting
    # stops": a temporal phrase right before the term, inside the clause
    near = [w for w in words[-PRECONDITION_WORDS:] if w.casefold() in preconditions]
    if not near:
        return False
    at = text.rfind(near[-1], start, issue.start)
    return not at <= cue.start < issue.start


def _procedure_topic(text: str, issue: Mention, cue: Mention, m: Matchers) -> bool:
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


def _stance(text: str, cue: Mention | None, issue: Mention, issue_negator: str, m: Matchers,
            condition: str = "", outer: Mention | None = None) -> tuple[Stance | None, list[str]]:
    """The stance from the cue, its negation, conditions and the issue term's polarity."""
    markers: list[str] = []
    impossible = m.cues.get("impossible")
    linking = m.cues.get("linking")
    if (cue is not None and linking is not None and base_stance(cue.kind) == "support" and linking.fullmatch(cue.text)
            and (cue.start < issue.start and issue.end <= cue.end
                 or cue.end <= issue.start and len(cue.text.split()) <= 2 and _LINKED_NEXT.fullmatch(text[cue.end:issue.start])
                 and cue.text.split()[-1].casefold() in _CONDITION_OF
                 or issue.end <= cue.start and _LINKED_NEXT.fullmatch(
                     text[clause_bounds(text, issue.start)[0]:issue.start].lower()))):
        # "knüpft eine Feuerpause an Bedingungen", "seine Bedingungen für eine Waffenruhe", "Eine
        # Feuerpause machte Putin von Bedingungen abhängig": what is made conditional is open (what it
        # is tied to is demanded)
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
    if (issue_negator.casefold() in _WITHOUT and impossible is not None
            and impossible.search(text, *clause_bounds(text, issue.start))):
        return "support", [issue_negator]  # "ohne Wahlen sei das unmöglich": whatever else the sentence says
    # The issue phrase's own negation ("kein NATO-Beitritt") is its polarity, not the cue's negation.
    mask_from = text.rfind(issue_negator, 0, issue.start) if issue_negator else issue.start
    masked = text[:mask_from] + " " * (issue.end - mask_from) + text[issue.end:]
    stance, cue_markers = stance_after_negation(masked, cue, m, issue.start, condition)
    markers.extend(cue_markers)
    conditional = m.cues.get("conditional")
    # "prepared to drop the bid in exchange for guarantees": what a condition asks for is not given up
    given_up, kept = ("", False) if conditional is not None and conditional.fullmatch(cue.text) else abandoned(masked, cue, m)
    if given_up and kept:  # "has not dropped its demand": the demand stands, the negation was the verb's
        markers.append(given_up)
        stance = base_stance(cue.kind)
    elif given_up:  # "dropped his call for a ceasefire", "gibt seinen Widerstand auf": the stance turns
        markers.append(given_up)
        stance = _GIVEN_UP[base_stance(cue.kind)]
    if outer is not None:  # "nicht bereit, einer Waffenruhe zuzustimmen", "refusal to accept a cap"
        # the outer cue's negator is the outer cue's ("not ready to agree"), not the complement's
        inner = " " * outer.end + masked[outer.end:]
        stance, _ = stance_after_negation(inner, cue, m, issue.start, condition)
        outer_stance, outer_markers = stance_after_negation(masked, outer, m, issue.start)
        markers.extend([outer.text, *outer_markers])
        stance = _COMPOSED[outer_stance][stance]
    if (dropped := _issue_abandoned(text, cue, issue, m)) and stance in _GIVEN_UP_ISSUE:
        markers.append(dropped)  # "wants Kyiv to give up its hopes of joining NATO": the wish is its end
        stance = _GIVEN_UP_ISSUE[stance]
    if issue_negator.casefold() in CORRELATIVE:  # "Weder X noch Y sind verhandelbar": the predicate's negation
        markers.append(issue_negator)
        return NEGATED[stance], markers
    if cue.end <= issue.start and _BUT_NOT.search(text, cue.end, issue.start):
        issue_negator = issue_negator or "aber nicht"  # "bereit, die Front einzufrieren – aber nicht, sich … zurückzuziehen"
    polarity = issue.polarity * (-1 if issue_negator else 1)
    if issue_negator:
        markers.append(issue_negator)
    if polarity < 0 and stance != "open":
        stance = "oppose" if stance == "support" else "support"
    return stance, markers

