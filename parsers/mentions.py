"""Actor and cue mentions in a sentence: where each actor and stance cue is named, and whether a
name is the subject of its clause or an oblique ("laut Kreml", "Selenskyj zufolge")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from parsers.lexicon_types import ActorPattern, Matchers

# (matched at the mention's end: ``match(text, pos)`` anchors there, so the pattern needs no "^")
# "Selenskyj zufolge", "Kiew gegenüber": a postposition makes the mention before it oblique.
_POSTPOSITION = re.compile(r"\s+(?:zufolge|gegenüber)\b")
# How far back a determiner/adjective chain is searched for a preposition ("von US-Präsident Trump").
OBLIQUE_LOOKBACK_WORDS = 4

# Distinct alias spellings remembered per language before the memo starts over.
ALIAS_MEMO_SIZE = 10_000
_AFTER_PUNCT = re.compile(r"[,;:–—()]")
WORD = re.compile(r"[\w\-’'.]+")
# Capitalised function words that open sentences and clauses; they are no nouns to hang a genitive on.
_SENTENCE_OPENERS = frozenset({"der", "die", "das", "dem", "den", "des", "auch", "zudem", "doch", "aber", "so",
                               "dann", "nun", "zuvor", "damit", "dabei", "danach", "derweil", "demnach", "dazu"})
DETERMINER = re.compile(r"^(?:der|die|das|dem|den|des|ein|eine|einer|eines|einem|einen|the|a|an|[a-zäöüß]+(?:ische[nmrs]?|ischen)|\w*[A-ZÄÖÜ][\w\-.’']*"
                        # numbers and quantifiers ("according to two European officials", "laut mehreren Diplomaten")
                        r"|two|three|four|five|several|some|many|zwei|drei|vier|fünf|mehrere[nm]?|einige[nm]?|viele[nm]?)$")


class Mention(NamedTuple):
    """A matched span of a sentence: an actor, an issue term, a cue or a marker.

    A named tuple rather than a frozen dataclass: just as immutable, equal and hashable field by
    field, and several times cheaper to create (the coder makes a few hundred thousand per run).
    """

    kind: str  # actor id, issue id or cue category
    start: int
    end: int
    text: str
    oblique: bool = False
    polarity: int = 1
    stances: frozenset[str] | None = None
    broad: bool = False  # an issue term that names several issues ("Gebietsabtretungen")
    appositive: bool = False  # an issue carried to an appositive ("…, a demand Kyiv has rejected")
    verb_first: bool = False  # a German verbal issue term in verb-second order ("räumt den Donbass")


def overlaps(a: Mention, b: Mention) -> bool:
    """Do two spans share any character?"""
    return a.start < b.end and b.start < a.end


def find_actors(text: str, m: Matchers, on: date | None) -> list[Mention]:
    """Actor mentions, with aliases outside their validity window ignored when ``on`` is given."""
    found: list[Mention] = []
    if m.any_actor is None:
        return found
    english = m.lang == "en"
    for hit in m.any_actor.finditer(text):
        alias = hit.group()
        owner = _owner_of(alias, m, on)
        if owner is None:
            continue
        start, end = hit.span()
        if owner.not_before is not None and owner.not_before.match(text[end:end + 40].lstrip(" -")):
            continue  # "NATO allies", "Nato-Staaten": the member states, not the organisation
        oblique = (is_oblique(text, start, m, alias) or (english and possessive_en(text, alias, end)
                                                         and not _owns_office(text, alias, end, m))
                   or _POSTPOSITION.match(text, end) is not None or (not english and _prenominal_genitive(text, alias, end, m))
                   # "the London meeting", "the Paris declaration": a place naming an event is no subject
                   or (english and _EVENT_AFTER_PLACE.match(text, end) is not None))
        found.append(Mention(owner.actor, start, end, alias, oblique))
        if " " in alias and (shared := _SHARED_HEAD.search(text, max(0, start - 40), start)) is not None:
            found += _shared_head(shared, alias, owner.actor, oblique, m, on)
    if english and " and " in text:
        found += _shared_plural_en(text, found, m, on)
    both = m.cues.get("both_parties")
    if both is not None and m.parties:
        found += _both_parties(text, both, m)
    two = m.cues.get("two_sides")
    if two is not None and len({a.kind for a in found}) > 1:
        found += _two_sides(text, two, found, m)
    return _oblique_runs(_longest_first(found), text)


# "the Russian and [the] Ukrainian delegations", "die russische und die ukrainische Delegation": a
# lower- or upper-case word before "and" that shares the next name's head noun
_SHARED_HEAD = re.compile(r"\b([A-Za-zÄÖÜäöüß][\w\-]*)\s+(?:and|und|sowie)\s+(?:(?:the|die|der|den|dem|des)\s+)?$")


def _shared_head(shared: re.Match[str], alias: str, actor: str, oblique: bool, m: Matchers,
                 on: date | None) -> list[Mention]:
    """The first of two attributes sharing one head noun names an actor when it does with that noun."""
    word = shared.group(1)
    candidate = word + alias[alias.index(" "):]
    if m.any_actor is None or not m.any_actor.fullmatch(candidate):
        return []
    owner = _owner_of(candidate, m, on)
    if owner is None or owner.actor == actor:
        return []
    return [Mention(owner.actor, shared.start(1), shared.end(1), word, oblique)]


# "the Russian and Ukrainian delegations": two attributes before one plural head noun
_SHARED_PLURAL_EN = re.compile(r"\b([A-Z][\w\-.]*)\s+and\s+(?:the\s+)?([A-Z][\w\-.]*)\s+([a-z]+)s\b")


def _shared_plural_en(text: str, found: list[Mention], m: Matchers, on: date | None) -> list[Mention]:
    """Each attribute names an actor when it does with the head noun in the singular."""
    out = []
    for hit in _SHARED_PLURAL_EN.finditer(text):
        for group in (1, 2):
            if any(a.start <= hit.start(group) < a.end for a in found):
                continue
            candidate = f"{hit.group(group)} {hit.group(3)}"
            if m.any_actor is not None and m.any_actor.fullmatch(candidate) and (owner := _owner_of(candidate, m, on)):
                start = hit.start(group)
                out.append(Mention(owner.actor, start, hit.end(group), hit.group(group), is_oblique(text, start, m, candidate)))
    return out


def _two_sides(text: str, two: re.Pattern[str], named: list[Mention], m: Matchers) -> list[Mention]:
    """"After talks between the Russian and Ukrainian delegations, the two sides agreed …": "the two
    sides" are the last two actors named before it in the sentence, named as a list would name them.
    (With fewer named in the sentence, ``two_sides_before`` looks at the previous sentence's group.)"""
    found = []
    for hit in two.finditer(text):
        kinds: list[str] = []
        for actor in sorted(named, key=lambda a: a.start, reverse=True):
            if actor.end <= hit.start() and actor.kind not in kinds:
                kinds.append(actor.kind)
        if len(kinds) < 2:
            continue
        start, end = hit.span()
        oblique = is_oblique(text, start, m, hit.group())
        found += _side_by_side(kinds[1::-1], start, end, text, oblique)
    return found


def two_sides_before(text: str, actors: list[Mention], m: Matchers, group: Callable[[], Sequence[Mention]]) -> list[Mention]:
    """"Russian and Ukrainian negotiators met in Istanbul. The two sides agreed …": "the two sides" with
    no two actors before it in its own sentence are the previous sentence's subject group, when that
    group names two actors (``group`` builds it only when the phrase is there)."""
    two = m.cues.get("two_sides")
    if two is None:
        return actors
    added: list[Mention] = []
    for hit in two.finditer(text):
        start, end = hit.span()
        if any(a.start < end and start < a.end for a in actors):
            continue  # named in the sentence already (_two_sides)
        kinds = list(dict.fromkeys(a.kind for a in group()))
        if len(kinds) < 2:
            return actors
        added += _side_by_side(kinds[:2], start, end, text, is_oblique(text, start, m, hit.group()))
    return sorted(actors + added, key=lambda a: a.start) if added else actors


def _side_by_side(kinds: Sequence[str], start: int, end: int, text: str, oblique: bool) -> list[Mention]:
    """A mention of each of two actors within one phrase, as a list of their names would give."""
    middle = start + max(1, (end - start) // 2)
    return [Mention(kinds[0], start, middle, text[start:middle], oblique),
            Mention(kinds[1], middle, end, text[middle:end], oblique)]


def _both_parties(text: str, both: re.Pattern[str], m: Matchers) -> list[Mention]:
    """"Die beiden Kriegsparteien", "the warring sides": a mention of each party, side by side in the
    phrase (a list of the parties, as "Moskau und Kiew" is)."""
    found = []
    for hit in both.finditer(text):
        start, end = hit.span()
        oblique = is_oblique(text, start, m, hit.group())
        step = max(1, (end - start) // len(m.parties))
        for n, actor in enumerate(m.parties):
            at = start + n * step
            found.append(Mention(actor, at, end if n == len(m.parties) - 1 else at + step, text[at:end], oblique))
    return found


_EVENT_AFTER_PLACE = re.compile(r"\s+(?:meeting|talks|summit|conference|declaration|communiqu[eé]|format|process|"
                                r"gathering|round|session|framework)s?\b")


# Between two names of a list: a comma or conjunction, an article and at most two capitalised words (first
# names, titles: "between Ukraine, the US and Russia"); another lower-case word ("…, sagte Putin") ends the list.
_NAME_LIST = re.compile(r"^\s*(?:,|und|and|sowie|,\s*und|,\s*and)\s*(?:(?:the|der|die|das|den|dem)\s+)?(?:[A-ZÄÖÜ][\w\-.]*\s+){0,2}$")
_LIST_END = re.compile(r"\b(?:und|and|sowie)\b")


def _oblique_runs(mentions: list[Mention], text: str) -> list[Mention]:
    """A list of names after an oblique one is oblique too ("Treffen mit Keir Starmer, Emmanuel Macron
    und Friedrich Merz": none of the three is a subject). A list ends in a conjunction; a comma alone
    ("After talks with Putin, Zelensky rejected …") starts a new phrase."""
    out = list(mentions)
    i = 0
    while i < len(out):
        j = i
        while j + 1 < len(out) and out[j].end <= out[j + 1].start and _NAME_LIST.match(text[out[j].end:out[j + 1].start]):
            j += 1
        if j > i and out[i].oblique and _LIST_END.search(text[out[j - 1].end:out[j].start]):
            out[i + 1:j + 1] = [m._replace(oblique=True) for m in out[i + 1:j + 1]]
        i = j + 1
    return out


def possessive_en(text: str, alias: str, end: int) -> bool:
    """"Ukraine's bid", "Russia’s demands": an English possessive qualifies a noun, it is no subject."""
    return alias[-2:] in ("'s", "’s") or text[end:end + 2] in ("'s", "’s")


# After an English possessive, the lower-case words of the noun it qualifies (at most three)
_POSSESSED_WORDS = re.compile(r"(?:['’]s)?((?:\s+[a-z][\w\-]*){1,3})")


def _owns_office(text: str, alias: str, end: int, m: Matchers) -> bool:
    """Does an English possessive own an office ("Ukraine's top diplomat", "the Kremlin's top
    foreign-policy aide", "the EU's foreign policy chief")? Its holder speaks for the owner, as in
    German ("Trumps Sondergesandter"); a thing it owns ("Ukraine's path to NATO") is no speaker."""
    hit = _POSSESSED_WORDS.match(text, end)
    if hit is None:
        return False
    words = hit.group(1).split()
    return any(_role(" ".join(words[i:j]), m) for j in range(1, len(words) + 1) for i in range(j))


# A capitalised word right after: the noun a prenominal genitive qualifies ("Kiews Weg", "Putins Forderung")
_NOUN_AFTER = re.compile(r"\s+(?-i:[A-ZÄÖÜ])[\w\-]*")


def _prenominal_genitive(text: str, alias: str, end: int, m: Matchers) -> bool:
    """"Kiews Weg in die Nato", "Moskaus Forderung": a German name with the genitive "s" before a noun
    qualifies the noun, it is no subject (as the English possessive)."""
    if m.any_actor is None or not genitive_alias(alias, m):
        return False
    noun = _NOUN_AFTER.match(text, end)
    # ("Trumps Sondergesandter drängt …": the holder of an office speaks for its owner)
    return noun is not None and not _role(noun.group().strip(), m)


def genitive_alias(alias: str, m: Matchers) -> bool:
    """Is ``alias`` another alias with the genitive "s" added ("Selenskyjs", "Kiews"; "Pistorius" is a
    name that ends in one)?"""
    return alias.endswith("s") and (m.any_actor is None or m.any_actor.fullmatch(alias[:-1]) is not None)


def _owner_of(alias: str, m: Matchers, on: date | None) -> ActorPattern | None:
    """The actor pattern an alias found by the combined scan belongs to, if valid on ``on``."""
    owners = m.alias_owners.get(alias)
    if owners is None:
        owners = tuple(pattern for pattern in m.actors if pattern.pattern.fullmatch(alias))
        if len(m.alias_owners) >= ALIAS_MEMO_SIZE:
            m.alias_owners.clear()  # star aliases ("russische* Delegation") have open-ended forms
        m.alias_owners[alias] = owners
    for pattern in owners:
        if on is not None and ((pattern.valid_from and on < pattern.valid_from)
                               or (pattern.valid_until and on > pattern.valid_until)):
            continue
        return pattern
    return None


def find_cues(text: str, m: Matchers, keys: tuple[str, ...]) -> list[Mention]:
    """Non-overlapping cue mentions of the given categories, longest match winning."""
    found = [Mention(key, h.start(), h.end(), h.group())
             for key in keys if (p := m.cues.get(key)) is not None for h in p.finditer(text)]
    return found if len(keys) == 1 and _disjoint_in_order(found) else _longest_first(found)


def find_stance_cues(text: str, m: Matchers, keys: tuple[str, ...]) -> list[Mention]:
    """``find_cues`` for the stance categories: one combined scan finds where any stance cue starts,
    and only there are the category patterns tried (the categories share one guard set)."""
    if m.any_stance is None:
        return find_cues(text, m, keys)
    found: list[Mention] = []
    pos = 0
    while (start := m.any_stance.search(text, pos)) is not None:
        at = start.start()
        for key, pattern in _cues_starting_with(text[at], m, keys):
            hit = pattern.match(text, at)
            if hit is not None:
                found.append(Mention(key, hit.start(), hit.end(), hit.group()))
        pos = at + 1
    return _longest_first(found)


def _cues_starting_with(char: str, m: Matchers,
                        keys: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The categories of ``keys`` (in that order) whose cue may start with ``char``, with their patterns."""
    found = m.cue_starts.get((char, keys))
    if found is None:
        found = tuple((key, p) for key in keys if (p := m.cues.get(key)) is not None
                      and ((heads := m.cue_heads.get(key)) is None or any(h.fullmatch(char) for h in heads)))
        m.cue_starts[(char, keys)] = found  # bounded by the characters that start a stance cue
    return found


def _longest_first(found: list[Mention]) -> list[Mention]:
    """Drop mentions overlapping a longer one; return them in text order. Of two equally long, a cue
    that carries its own negation wins ("legt sich … nicht fest" is open, not a negated commitment)."""
    if _disjoint_in_order(found):
        return list(found)  # what the sort below keeps and returns for them
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda x: (-(x.end - x.start), x.start, not x.kind.endswith("_neg"))):
        if not any(overlaps(mention, k) for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda x: x.start)


def _disjoint_in_order(found: list[Mention]) -> bool:
    """Are the mentions non-empty and each ends before the next starts (one scan's matches usually are)?"""
    end = -1
    for mention in found:
        if mention.start < end or mention.start >= mention.end:
            return False
        end = mention.end
    return True


def is_oblique(text: str, start: int, m: Matchers, mention: str = "") -> bool:
    """Is the mention at ``start`` inside a prepositional or genitive phrase (not a subject)?"""
    if start == 0:
        return False  # nothing before it (the most common place of a subject)
    window = text[max(0, start - 80):start]
    if _NOBODY_IN.search(window):
        return False  # "No one in Brussels is prepared to …": the place's people are the (negated) subject
    words = WORD.findall(_AFTER_PUNCT.split(window)[-1])  # "According to Ushakov, Moscow": new phrase
    if not words:
        return False  # right after punctuation: neither a preposition nor a noun before it
    if possessed_acronym(words, mention, m):
        return True
    if len(words) > 1 and _genitive_attribute(words, mention, m):  # it needs two words at least
        # "ein Sprecher des Kremls", "Berater Selenskyjs": an office's holder speaks for the actor,
        # unless the office is in an oblique phrase itself
        role = words[-2] if words[-1].casefold() in m.words.get("genitive", frozenset()) else words[-1]
        if _role(role, m):
            return is_oblique(text, text.rfind(role, 0, start), m)
        return True
    if m.lang == "de" and relative_subject_de(text, start, mention):
        return False  # "die Garantien, auf die Kiew pocht": the relative pronoun is the object, the name the subject
    if (m.lang == "de" and words[-1].casefold() == "der" and _FEMININE_OR_PLURAL.search(mention)
            and not text.startswith("-", start + len(mention))):  # (not "Der NATO-Generalsekretär")
        return True  # "die Tür stehe der Ukraine offen": "der" before these names is dative or genitive, never a subject
    prepositions = m.words.get("oblique", frozenset())
    if m.lang == "de" and _COMPARATIVE_CLAUSE.search(window) and _TAKEN_UP.match(text, start + len(mention)):
        return False  # "eine Waffenruhe, wie Kiew sie verlangt": the subject of a clause that takes the term up
    lookback = words[-OBLIQUE_LOOKBACK_WORDS:]
    for i in range(len(lookback) - 1, -1, -1):
        word = lookback[i]
        if word.casefold() in prepositions:
            if i + 1 < len(lookback) and _TIME_NOUN.fullmatch(lookback[i + 1]):
                return False  # "forderte am Mittwoch die Außenbeauftragte Kallas": the day closes its phrase
            # "Secretary of State Marco Rubio", "Minister of Defence": "of" inside a capitalised title
            before = lookback[i - 1] if i > 0 else (words[-len(lookback) - 1] if len(words) > len(lookback) else "")
            at = len(words) - len(lookback) + i  # "of" in ``words``
            role = before if _role(before, m) else f"{words[at - 2]} {before}" if at >= 2 else ""
            if (word == "of" and before.casefold() in m.words.get("partitive", frozenset())
                    or word in _OFFICE_OF and _role(role, m)
                    # "Der Verteidigungsminister in Berlin", "the government in Kyiv": an office in the capital
                    or word in _OFFICE_IN and i == len(lookback) - 1 and _role(before, m)
                    and not before.casefold().startswith(_POSTED_ABROAD)):
                # "the leaders of France and Germany demanded": the country's own people speak, and "several
                # of the European leaders" are the leaders counted, unless the phrase is oblique itself
                # ("in remarks to leaders of the UK-led force")
                return is_oblique(text, text.rfind((role or before).split()[0], 0, start), m)
            return not (word == "of" and before[:1].isupper() and lookback[i + 1:i + 2] and lookback[i + 1][:1].isupper())
        if not DETERMINER.match(word):
            return False
        if (m.lang == "en" and word.casefold() in _ARTICLES_EN and i > 0 and lookback[i - 1][:1].isupper()
                and lookback[i - 1].casefold() not in prepositions):
            return False  # "In December the EU decided": an article after a noun opens a new phrase
    return False


_ARTICLES_EN = frozenset({"the", "a", "an"})
# ", wie" right before a name (with an article at most) ...and a pronoun taking the term up before the clause ends
_COMPARATIVE_CLAUSE = re.compile(r",\s*wie\s+(?:(?:der|die|das|den|dem)\s+)?$")
_TAKEN_UP = re.compile(r"[^,.;:]*?\s(?:sie|es|ihn)\s")
# A day or month after a preposition is a time adverbial, complete in itself ("am Mittwoch", "im Dezember")
_TIME_NOUN = re.compile(r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)(?:abend|morgen|"
                        r"nachmittag|vormittag)?|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
                        r"November|Dezember|Abend|Vormittag|Nachmittag|Wochenende|Monday|Tuesday|Wednesday|Thursday|"
                        r"Friday|Saturday|Sunday|January|February|March|June|July|October|November|December")
# A German relative clause opening, with or without a preposition (", die", ", auf die"), right before a name
_OPENS_RELATIVE_DE = re.compile(r",\s+(?:(?:an|auf|aus|bei|durch|für|gegen|in|mit|nach|über|um|unter|von|vor|zu|zwischen|"
                                r"hinter|neben|ohne|wegen)\s+)?(?:der|die|das|den|dem|denen|deren|dessen|welche[nmrs]?)\s+$")
# A name that takes no article, so a "die", "den" before it cannot be its own ("auf den Kreml" is the
# Kremlin's article, "auf die Kiew" a relative pronoun)
_ARTICLELESS_NAME = re.compile(r"(?!Kreml|Weiß|Vereinigt|Bundes|Europäer|Regierung|Präsident|Kanzler)[A-ZÄÖÜ][a-zäöüß]+(?:\s|$)")

# German actor names that are feminine or plural: after "der" they are a dative or genitive
_FEMININE_OR_PLURAL = re.compile(r"(?:\bUkraine|\bEU|\bNATO|\bNato|\bUSA|\bTürkei|\bAllianz|\bStaaten|\w+ung|\w+ion)$")


def relative_subject_de(text: str, start: int, mention: str) -> bool:
    """Is the German name at ``start`` the subject of a relative clause that opens right before it ("die
    Garantien, auf die Kiew pocht", "die Forderung, die Moskau erhebt")? It is no oblique, and it is the
    relative clause's subject, not the main clause's."""
    return (_OPENS_RELATIVE_DE.search(text, max(0, start - 30), start) is not None
            and _ARTICLELESS_NAME.match(mention) is not None and not _FEMININE_OR_PLURAL.search(mention))


# "No one in", "Niemand in der": the actor after it is the group nobody of which holds the stance
_NOBODY_IN = re.compile(r"\b(?:no one|nobody|none|niemand|keiner)\s+(?:in|im|aus|from|at|within)\s+(?:(?:der|dem|den|the)\s+)?$",
                        re.IGNORECASE)


# Prepositions after which an office names whose it is ("spokesman for the Kremlin", "adviser to Zelensky").
_OFFICE_OF = frozenset({"of", "for", "to"})
# ...and after which a place names the state whose office it is ("die Regierung in Budapest")
_OFFICE_IN = frozenset({"in", "aus", "from"})
# ...except offices held abroad: "der ukrainische Botschafter in Deutschland" speaks for Ukraine
_POSTED_ABROAD = ("botschafter", "ambassador", "gesandte", "sondergesandte", "envoy", "special envoy")


def _role(word: str, m: Matchers) -> bool:
    """Is ``word`` (singular or plural) one of the lexicon's roles ("leader", "ministers")?"""
    roles = m.cues.get("roles")
    return roles is not None and bool(word) and any(roles.fullmatch(w.casefold()) for w in {word, word.removesuffix("s")})


# English possessive determiners: what follows them is a noun phrase they own
_POSSESSIVE_EN = frozenset({"its", "their", "his", "her", "our", "your", "my"})


def possessed_acronym(words: list[str], mention: str, m: Matchers) -> bool:
    """"Ukraine's EU accession talks", "its NATO bid": an acronym after a possessive modifies the noun after
    it and is no subject ("Hungary is blocking Ukraine's EU accession talks and opposes …" is Hungary's)."""
    return (m.lang == "en" and bool(words) and mention.isupper()
            and (words[-1].endswith(("'s", "’s")) or words[-1].casefold() in _POSSESSIVE_EN))


def _genitive_attribute(words: list[str], mention: str, m: Matchers) -> bool:
    """"Rückzug der Ukraine", "Verzicht Kiews": a genitive right after a noun is its attribute, not a subject."""
    articles = m.words.get("genitive", frozenset())
    if not articles or len(words) < 2:
        return False
    if words[-1].casefold() in articles:
        # "Mehrere der europäischen Regierungen": a quantifier counts the actor, it is no noun it belongs to
        # ("lehnte am Mittwoch der Kreml ab": a day is no noun a genitive belongs to)
        return (len(words) >= 3 and _is_noun(words[-2]) and words[-2].casefold() not in m.words.get("partitive", frozenset())
                and not _TIME_NOUN.fullmatch(words[-2]))
    first = mention.split()[0] if mention else ""
    genitive_form = genitive_alias(mention, m) or (first.islower() and first.endswith("er"))
    return genitive_form and _is_noun(words[-1])


def _is_noun(word: str) -> bool:
    """A capitalised word that is not a name-like acronym or number (German nouns are capitalised)."""
    return word[:1].isupper() and not word.isupper() and word.casefold() not in _SENTENCE_OPENERS
