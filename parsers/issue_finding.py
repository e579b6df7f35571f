"""Which issues a text speaks of, and in what context (a plan, a list, another conflict)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from parsers.lexicon_types import IssuePattern, Matchers
from parsers.mentions import Mention, overlaps
from parsers.patterns import last_match

# A plain issue term this close to an ``against`` phrase of the same issue is part of that phrase
# ("dass sich das Land aus dem westlichen Militärbündnis ... heraushält").
AGAINST_SCOPE_CHARS = 60


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
    # (not regions given as examples after a broad term: "any of the four regions, including the cities of
    # Zaporizhzhia and Kherson" still means all four)
    # (not a term inside a broad phrase that names both memberships: "den Weg der Ukraine in die EU und die
    # Nato"; a region inside a broad land phrase does name the region: "Gebiete im Donbass räumen")
    broad_spans = [(mention.start, mention.end) for issue, mention in found
                   if mention.broad and issue not in m.occupied_land]
    named = {issue for issue, mention in found if not mention.broad and mention.polarity > 0
             and not _EXAMPLES.search(text, max(0, mention.start - EXAMPLE_CHARS), mention.start)
             and not any(s <= mention.start and mention.end <= e for s, e in broad_spans)}
    excluded = {i: [(h.start(), h.end()) for h in m.excludes[i].finditer(text) if not _called_for(text, h)]
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
        # "Ukrainian membership of NATO": a broad term inside another issue's own term is that issue's word
        kept = [k for k in kept if not k.broad or not any(
            o.kind != k.kind and not o.broad and o.start <= k.start and k.end <= o.end for o in kept)]
    kept = _given_up_after(text, _occupier_withdraws(text, _drop_resumed_broad_terms(text, _one_phrase(text, kept), m), m), m)
    return sorted(_against_wins(_sacrificed(text, _recognised_land(text, _owned_land(text, kept, m), m), m)), key=lambda x: x.start)


# A noun of asking a few words before "nach": "die Forderung Kiews nach einer Waffenruhe" asks for the halt,
# "nach einer Waffenruhe" alone names a time (the exclusions' fixed lookbehinds see only the noun right before)
_CALL_NOUN_BEFORE = re.compile(r"\b(?:Forderung|Forderungen|Ruf|Rufe|Rufen|Aufruf|Appell|Verlangen|Drängen|Wunsch)\b"
                               r"(?:\s+[\w\-]+){1,3}\s+$")


def _called_for(text: str, hit: re.Match[str]) -> bool:
    """Is an excluded phrase opening with "nach" the object of a call before it?"""
    return (hit.group()[:4].casefold() == "nach"
            and _CALL_NOUN_BEFORE.search(text, max(0, hit.start() - CALL_NOUN_CHARS), hit.start()) is not None)


CALL_NOUN_CHARS = 50


def _one_phrase(text: str, issues: list[Mention]) -> list[Mention]:
    """"a ceasefire along the current front line", "eine Waffenruhe entlang der Front": two terms of one
    issue side by side are one phrase, one mention (a cue after the first term does not govern the
    second apart: "not only rejects a ceasefire along the front line but also demands …")."""
    if len(issues) < 2:
        return issues
    ordered = sorted(issues, key=lambda x: x.start)
    kept = [ordered[0]]
    for mention in ordered[1:]:
        last = kept[-1]
        if (last.kind == mention.kind and last.polarity == mention.polarity and last.end <= mention.start
                and not text[last.end:mention.start].strip()):
            kept[-1] = last._replace(end=mention.end, text=text[last.start:mention.end])
            continue
        kept.append(mention)
    return kept


def _owned_land(text: str, issues: list[Mention], m: Matchers) -> list[Mention]:
    """Land named broadly between another issue's term and what it is to be owned as ("never recognise
    occupied Ukrainian territory as Russian", "die Gebiete als russisch anerkennen") is that term's object:
    no territory term of its own."""
    owned = m.cues.get("owned_as")
    if owned is None or len(issues) < 2 or not any(i.kind in m.occupied_land for i in issues):
        return issues
    hits = list(owned.finditer(text))
    if not hits:
        return issues
    def held(land: Mention) -> bool:
        after = next((h for h in hits if h.start() >= land.end), None)
        if after is None or _CLAUSE_BREAK.search(text, land.end, after.start()):
            return False
        # the other term before the land (English) or after the phrase (German: "… als russisch anerkennen")
        return any(o.kind not in m.occupied_land and (o.end <= land.start or o.start >= after.end())
                   and not _CLAUSE_BREAK.search(text, min(o.end, land.end), max(o.start, land.start))
                   for o in issues)
    # (named or counted regions stay: "recognise Zaporizhzhia and Kherson as Russian", "die vier Regionen als
    # russisch anerkennen" demand them too)
    return [i for i in issues if i.kind not in m.occupied_land or not i.broad or _COUNTED.search(i.text) or not held(i)]


# At most this many words between a recognition term and a claim on land ("recognise Russia's claims to"),
# and between that claim and the land ("control over occupied parts of Donetsk")
RECOGNISED_GAP_WORDS = 6
CLAIMED_LAND_WORDS = 3
# ...and between a recognition term and what glosses it ("the 'new realities', by which it means"), and
# between the gloss and the land it names ("meaning its claimed annexation of Donetsk, Luhansk, …")
GLOSSED_GAP_WORDS = 8
GLOSSED_LAND_WORDS = 12
# what ends a sentence part for a gloss (a comma, a dash or quotes do not)
_PART_BREAK = re.compile(r"[;:.!?]")


def _recognised_land(text: str, issues: list[Mention], m: Matchers) -> list[Mention]:
    """Land named as the object of a recognised claim ("would never recognise Russian claims to sovereign
    Ukrainian territory", "die Anerkennung der russischen Kontrolle über die besetzten Teile von Donezk"):
    what is recognised, no territory term of its own."""
    claimed, glossing = m.cues.get("claimed_over"), m.cues.get("glossing")
    if not any(i.kind == "recognition" and i.polarity > 0 for i in issues):
        return issues

    def named_after(land: Mention, pattern: re.Pattern[str] | None, land_words: int, gap_words: int,
                    breaks: re.Pattern[str]) -> bool:
        """Is the land named right after a hit of ``pattern`` that itself follows a recognition term?"""
        for hit in pattern.finditer(text, 0, land.start) if pattern is not None else ():
            gap = text[hit.end():land.start]
            if len(gap.split()) > land_words or breaks.search(gap):
                continue
            if any(r.kind == "recognition" and r.polarity > 0 and r.end <= hit.start()
                   and len(text[r.end:hit.start()].split()) <= gap_words
                   and not breaks.search(text, r.end, hit.start()) for r in issues):
                return True
        return False

    def named_as(land: Mention) -> bool:
        """Is the land one of the objects of "as" before a recognition term ("recognise Crimea, Donetsk
        and Kherson as part of Russia", "die Krim und Donezk als Teil Russlands anerkennen")?"""
        return any(r.kind == "recognition" and r.polarity > 0 and r.start >= land.end
                   and _AS_RECOGNISED.fullmatch(text, land.end, r.start) is not None
                   and not _CLAUSE_OPENER.search(text, land.end, r.start) for r in issues)

    def recognised(land: Mention) -> bool:
        # (a gloss may run on past commas: "the 'new realities', meaning the four regions it claims")
        return (named_after(land, glossing, GLOSSED_LAND_WORDS, GLOSSED_GAP_WORDS, _PART_BREAK)
                or named_after(land, claimed, CLAIMED_LAND_WORDS, RECOGNISED_GAP_WORDS, _CLAUSE_BREAK))
    # (land named before "as part of Russia" is what is to be recognised: it reads as recognition, so a
    # demand verb far before the list still reaches the recognition through its first item)
    return [i._replace(kind="recognition") if i.kind in m.occupied_land and named_as(i) else i
            for i in issues if i.kind not in m.occupied_land or not recognised(i)]


# After a land term, the rest of a list of names and "as / als" right before a recognition term
# (every word after a separator of its own: an optional one would let a word split into pieces and the
# search backtrack without end)
_AS_RECOGNISED = re.compile(r"(?:[,\s]+[\w'’\-]+){0,10}?[,\s]+(?:as|als)\s+"
                            r"(?:(?:a|an|the|ein|eine|einen|einem|einer|integral|integraler|integralen)\s+)?")
# a word that opens another clause inside that gap ("…, that the world recognise those regions as …")
_CLAUSE_OPENER = re.compile(r"\b(?:that|dass|which|while|während|whether|ob|weil|because)\b", re.IGNORECASE)
# a number of regions in a land term ("die vier Regionen", "the four regions"): the regions, by count
_COUNTED = re.compile(r"\b(?:zwei|drei|vier|fünf|two|three|four|five)\b", re.IGNORECASE)


# punctuation that ends a clause between two terms
_CLAUSE_BREAK = re.compile(r"[,;:.!?]")


# What may stand between "at the expense of" and the term it gives up ("auf Kosten ihrer territorialen Integrität")
SACRIFICED_GAP_WORDS = 2


def _sacrificed(text: str, issues: list[Mention], m: Matchers) -> list[Mention]:
    """A term after "at the expense of" / "auf Kosten" is what is given up: it stands for its opposite
    ("no compromises at the expense of its territorial integrity" refuses to cede land)."""
    pattern, breaking = m.cues.get("sacrificed"), m.cues.get("violated")
    if not issues or (pattern is None and breaking is None):
        return issues
    hits = list(pattern.finditer(text)) if pattern is not None else []
    # a principle broken ("violates Ukraine's territorial integrity", "die Neutralität … verletzen"): only
    # an against phrase, and in German also the verb after it
    broken = list(breaking.finditer(text)) if breaking is not None else []
    if not hits and not broken:
        return issues

    def near(i: Mention, found: list[re.Match[str]], after_too: bool) -> bool:
        return any((h.end() <= i.start and len(text[h.end():i.start].split()) <= SACRIFICED_GAP_WORDS)
                   or (after_too and i.end <= h.start() and len(text[i.end:h.start()].split()) <= SACRIFICED_GAP_WORDS
                       and not _CLAUSE_BREAK.search(text, i.end, h.start()))
                   for h in found)
    return [i._replace(polarity=-i.polarity)
            if near(i, hits, False) or (i.polarity < 0 and near(i, broken, m.lang == "de")) else i
            for i in issues]


# A withdrawal word is said of the occupying forces when it follows them within this many words
# ("Russian forces will leave", "die russischen Truppen den Donbass verlassen"); the land it names
# follows the word within LAND_AFTER_WORDS.
WITHDRAWER_GAP_WORDS = 6
LAND_AFTER_WORDS = 12
# Where the land after a withdrawal word ends: sentence punctuation, or a comma before a lower-case
# word (a list of places goes on with capitals: "leave the Donetsk, Luhansk, Zaporizhzhia and …")
_PART_END = re.compile(r"[;:.!?]|,\s+(?!(?:einschließlich|inklusive|samt|including|und|and)\b"
                       # (a list goes on with the next region: "einschließlich des Donbass, der Gebiete Saporischschja
                       # und Cherson", "including the Donbas, the Zaporizhzhia and Kherson regions")
                       r"|(?:der|des)\s+(?:Gebiet|Region|Oblast)\w*\b|the\s+[A-Z])(?=[a-zäöüß])")
_WORDS_AHEAD = re.compile(rf"(?:\s*\S+){{0,{LAND_AFTER_WORDS}}}")
# A clause with its own subject between the occupier and a withdrawal word: the occupier is not who
# withdraws ("told a news conference in Moscow that Ukrainian troops must leave …")
_CLAUSE_OPENER = re.compile(r"\b(?:that|dass|whether|ob|because|weil)\b", re.IGNORECASE)
# between a withdrawal noun and the forces whose it is: "Rückzug Russlands", "Abzug der russischen Armee"
_GENITIVE_LINK = re.compile(r"\s+(?:(?:der|des|aller|sämtlicher|of|of the|of all|by)\s+)?")


def _occupier_withdraws(text: str, issues: list[Mention], m: Matchers) -> list[Mention]:
    """Land the occupier holds, named in a withdrawal said of the occupying forces ("dass die
    russischen Truppen den Donbass verlassen", "that Russian forces leave the Donetsk … regions",
    "Rückzug Russlands aus den Gebieten"), names the opposite of Ukraine's withdrawal: the term
    reads as an against phrase ("Russia will never leave Zaporizhzhia" keeps the land Russian)."""
    if not m.occupied_land or not any(i.kind in m.occupied_land and i.polarity > 0 for i in issues):
        return issues
    occupiers, leave, nouns = m.cues.get("occupiers"), m.cues.get("withdrawal"), m.cues.get("withdrawal_nouns")
    if occupiers is None or leave is None or nouns is None:
        return issues
    regions = []
    for occupier in occupiers.finditer(text):
        word = leave.search(text, occupier.end())
        if (word is not None and len(text[occupier.end():word.start()].split()) <= WITHDRAWER_GAP_WORDS
                and not _PART_END.search(text, occupier.end(), word.start())
                and not _CLAUSE_OPENER.search(text, occupier.end(), word.start())
                and not (m.any_theatre is not None and m.any_theatre.search(text, occupier.end(), word.start()))
                and not _stance_between(text, occupier.end(), word.start(), m)):
            start, after = occupier.start(), word.end()  # "Russian forces leave", "Russland zieht sich … zurück"
        elif (noun := next((w for w in nouns.finditer(text, max(0, occupier.start() - 20), occupier.start())
                            if _GENITIVE_LINK.fullmatch(text, w.end(), occupier.start())), None)) is not None:
            start, after = noun.start(), occupier.end()  # "Abzug der russischen Armee", "withdrawal of Russian troops"
        else:
            continue
        ahead = _WORDS_AHEAD.match(text, after)
        end = ahead.end() if ahead is not None else after
        stop = _PART_END.search(text, after, end)
        regions.append((start, stop.start() if stop is not None else end))
    if not regions:
        return issues
    # (a named place, not a broad term: "dass auch Russland seine Truppen aus dem Gebiet zurückzieht" is a
    # mutual pullback's other half, no land handed back; but land called occupied is all of it: "dass
    # Russland alle besetzten Gebiete räumt" refuses to cede any, both territory issues)
    out = []
    for i in issues:
        if not (i.kind in m.occupied_land and i.polarity > 0 and any(s <= i.start < e for s, e in regions)):
            out.append(i)
        elif not i.broad:
            out.append(i._replace(polarity=-1))
        elif _OCCUPIED.search(text, max(0, i.start - OCCUPIED_BEFORE_CHARS), i.end):
            out.extend(i._replace(kind=kind, polarity=-1, broad=False) for kind in sorted(m.occupied_land)
                       if kind == i.kind or not any(o.kind == kind for o in issues))
        else:
            out.append(i)
    return out


# Land called occupied or Ukraine's ("alle besetzten Gebiete", "Ukraine's internationally recognised
# territory"): the occupier's to leave, all of it
_OCCUPIED = re.compile(r"\b(?:besetzt\w*|okkupiert\w*|occupied|ukrainisch\w*|Ukrainian|Ukraine's|Ukraine’s|der Ukraine)\b",
                       re.IGNORECASE)
OCCUPIED_BEFORE_CHARS = 20


# A phrase that gives examples of what was just named, at most this many characters before a region
_EXAMPLES = re.compile(r"\b(?:including|such as|among them|darunter|einschließlich|inklusive|etwa)\b", re.IGNORECASE)
EXAMPLE_CHARS = 60


def _stance_between(text: str, start: int, end: int, m: Matchers) -> bool:
    """Is there a stance cue between the forces and the withdrawal word ("Russia demands the withdrawal
    of …": Russia is who demands it)? A modal of obligation or a negator is none ("Russian forces must
    leave", "Russia will never leave": the withdrawal is still theirs)."""
    if m.any_stance is None:
        return False
    modals = [p for key in ("obligation", "plan_modal", "provision", "negators") if (p := m.cues.get(key)) is not None]
    return any(not any(p.fullmatch(hit.group()) for p in modals) for hit in m.any_stance.finditer(text, start, end))


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


# A city that is the seat of both organisations is a context word only as a metonym ("Brussels wants …"),
# not after a preposition of place ("told reporters in Brussels", "reiste nach Brüssel")
_SEATS = frozenset({"Brussels", "Brüssel"})
_PLACE_BEFORE = re.compile(r"\b(?:in|to|from|nach|aus)\s+$", re.IGNORECASE)


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
                if hit.group() in _SEATS and _PLACE_BEFORE.search(text, max(0, hit.start() - 8), hit.start()):
                    continue  # "told reporters in Brussels": where it was said, not which membership
                gap = max(hit.start() - group[0].end, start - hit.end(), 0)
                near[kind] = min(near.get(kind, gap), gap)
        ranked = sorted(near.items(), key=lambda x: x[1])
        owners: set[str | None]
        if ranked and (len(ranked) == 1 or ranked[1][1] > ranked[0][1]):
            owners = {ranked[0][0]}
        elif ranked and ranked[0][1] == 0:
            # "der Weg der Ukraine in EU und NATO", "its path to the EU and NATO": the term names both
            owners = {kind for kind, gap in ranked if gap == 0}
        else:
            owners = {contexts.last_before(kinds, contexts.at) if contexts is not None and not ranked else None}
        out.extend(g for g in group if g.kind in owners)
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


def _given_up_after(text: str, issues: list[Mention], m: Matchers) -> list[Mention]:
    """A term that a give-up verb closes, verb-final ("dass Kiew den NATO-Kurs aufgibt", "müsse den
    Anspruch auf Garantien fallen lassen"), is its against phrase: giving it up is turning from it. Not
    land: giving up land is the hand-over the territory issues are about."""
    verbs, against = m.cues.get("given_up_after"), m.cues.get("oppose")
    if verbs is None:
        return issues
    negators = m.words.get("negators", frozenset())
    out = []
    for issue in issues:
        hit = verbs.search(text, issue.end, min(len(text), issue.end + GIVEN_UP_AFTER_CHARS))
        gap = text[issue.end:hit.start()].split() if hit is not None else []
        if (hit is not None and issue.polarity > 0 and issue.kind not in m.occupied_land
                and len(gap) <= GIVEN_UP_AFTER_WORDS and not _CLAUSE_BREAK.search(text, issue.end, hit.start())
                and not _COORDINATOR.search(text, issue.end, hit.start())
                # "keineswegs aufgegeben": the give-up is negated, the term kept (its cue composes it)
                and not any(w.casefold() in negators for w in gap)
                # "seine Ablehnung von Wahlen aufgegeben": what is given up is the opposition to the term
                and not (against is not None and _opposed_just_before(text, issue, against))):
            issue = issue._replace(end=hit.end(), text=text[issue.start:hit.end()], polarity=-1)
        out.append(issue)
    return out


def _opposed_just_before(text: str, issue: Mention, against: re.Pattern[str]) -> bool:
    """Does an opposition noun or verb end right before the term, in its clause ("Widerstand gegen eine …")?"""
    start = max(0, issue.start - GIVEN_UP_AFTER_CHARS)
    hit = last_match(against, text, start, issue.start)
    return hit is not None and not _CLAUSE_BREAK.search(text, hit.end(), issue.start)


# A verb-final give-up verb closes its object within this many words and characters.
GIVEN_UP_AFTER_WORDS = 3
GIVEN_UP_AFTER_CHARS = 60
_COORDINATOR = re.compile(r"\b(?:und|oder|sowie|aber)\b")


def _against_wins(issues: list[Mention]) -> list[Mention]:
    """Drop a plain term near an ``against`` phrase of the same issue: "aus dem Bündnis … heraushält"."""
    negative = [i for i in issues if i.polarity < 0]
    return [i for i in issues if i.polarity < 0 or not any(
        n.kind == i.kind and max(n.start - i.end, i.start - n.end) <= AGAINST_SCOPE_CHARS for n in negative)]


def is_noise(text: str, m: Matchers) -> bool:
    """Ads and boilerplate lines that slipped through extraction."""
    noise = m.cues.get("noise")
    return bool(noise and noise.search(text)) or " | " in text
