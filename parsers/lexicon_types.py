"""The lexicon as the coder reads it: actors, issues and their terms, and the patterns compiled per language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

Severity = Literal["high", "normal", "low"]


@dataclass(frozen=True)
class Alias:
    """One surface form of an actor, optionally valid only between two dates."""

    text: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class Actor:
    """A state or bloc whose positions are tracked."""

    id: str
    label: str
    aliases: Mapping[str, tuple[Alias, ...]]
    # words that, right after an alias, make it a modifier of other people ("NATO allies", "Nato-Staaten")
    not_before: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # adjectives that name the actor as the owner of a proposal or demand after them ("the American
    # proposal", "den russischen Vorschlag"); elsewhere they name no actor ("amerikanische Waffen")
    owner_adjectives: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # a party to the war: an article that names none of the parties holds no claim about their talks
    party: bool = False
    # the country the war is fought in: an article that never names it but names another conflict or
    # country ("Russia" in a story on Georgia's election) is about that conflict
    theatre: bool = False


@dataclass(frozen=True)
class Term:
    """An issue term; ``stances`` limits the issue to claims with those stances (None: any)."""

    text: str
    stances: frozenset[str] | None = None
    verb_first: bool = False  # a German verbal term in verb-second order ("räumt den Donbass")


@dataclass(frozen=True)
class Issue:
    """A negotiation issue with the proposition that stances are relative to."""

    id: str
    label: str
    proposition: str
    severity: Severity
    terms: Mapping[str, tuple[Term, ...]]
    against: Mapping[str, tuple[Term, ...]]
    exclude: Mapping[str, tuple[str, ...]]
    # in an article that names this other issue, this issue's terms mean it ("Waffenruhe" in an
    # article on an energy truce is that truce)
    reads_as: str | None = None
    # phrases in which the terms keep their own meaning whatever ``reads_as`` says ("umfassende
    # Waffenruhe", "full ceasefire": the halt along the whole front, also in an energy-truce article)
    literal: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # words that name what the issue is about without naming the issue ("EU", "Brüssel"): a term
    # listed under several issues that have them ("Beitritt", "membership") means the issue whose
    # context words stand nearest (issue_finding.py)
    context: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # land the occupier holds or claims: a withdrawal said of the occupying forces ("dass die russischen
    # Truppen den Donbass verlassen") names the opposite of the proposition (issue_finding.py)
    occupied_land: bool = False
    # the war's country joining something (NATO, the EU): another actor's statement that it will or
    # will not join is that actor's own position ("Trump said Ukraine will not join NATO")
    accession: bool = False


@dataclass(frozen=True)
class ActorPattern:
    """Compiled aliases of one actor (one pattern per validity window)."""

    actor: str
    pattern: re.Pattern[str]
    valid_from: date | None = None
    valid_until: date | None = None
    not_before: re.Pattern[str] | None = None


@dataclass(frozen=True)
class IssuePattern:
    """Compiled terms of one issue with their polarity (+1 states, -1 denies the proposition)."""

    issue: str
    pattern: re.Pattern[str]
    polarity: int
    stances: frozenset[str] | None
    # what the first character of a match can be (patterns.term_heads); None: anything
    heads: tuple[re.Pattern[str], ...] | None = None
    broad: bool = False  # the terms are listed under several issues
    verb_first: bool = False  # German verbal terms in verb-second order: a negator follows them


@dataclass(frozen=True)
class Matchers:
    """Everything the coder matches for one language, compiled once at load time."""

    lang: str
    actors: tuple[ActorPattern, ...]
    issues: tuple[IssuePattern, ...]
    excludes: Mapping[str, re.Pattern[str]]
    cues: Mapping[str, re.Pattern[str]]
    words: Mapping[str, frozenset[str]]
    # every issue term in one pattern: one scan tells whether a sentence can hold a claim at all
    any_issue: re.Pattern[str] | None = None
    # every alias in one pattern (one scan per sentence); ``actors`` then tells whose alias it is
    any_actor: re.Pattern[str] | None = None
    # the aliases of the war's parties (Actor.party): an article must name one of them to hold a claim
    any_party: re.Pattern[str] | None = None
    # the ids of the war's parties (Actor.party), which the ``both_parties`` phrases name together
    parties: tuple[str, ...] = ()
    # the parties that are not the country the war is fought in: the occupier, whose claimed land a
    # refusal to "compromise on" keeps ("Moscow cannot compromise on Donetsk" is its demand)
    occupiers: frozenset[str] = frozenset()
    # the aliases and owner adjectives of the country the war is fought in (Actor.theatre)
    any_theatre: re.Pattern[str] | None = None
    # every stance cue in one pattern: where it matches, the per-category patterns are tried
    any_stance: re.Pattern[str] | None = None
    # issue -> the issue its terms mean in an article that names the latter (Issue.reads_as)
    reads_as: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # (actor, pattern of its owner adjectives) for the actors that have any (Actor.owner_adjectives)
    owner_adjectives: tuple[tuple[str, re.Pattern[str]], ...] = ()
    # issue -> the phrases in which its terms are not reread (Issue.literal)
    literals: Mapping[str, re.Pattern[str]] = field(default_factory=lambda: MappingProxyType({}))
    # issue -> its context words (Issue.context), for the issues that have any
    contexts: Mapping[str, re.Pattern[str]] = field(default_factory=lambda: MappingProxyType({}))
    # the issues about occupied land (Issue.occupied_land)
    occupied_land: frozenset[str] = frozenset()
    # the issues about the war's country joining something (Issue.accession)
    accession: frozenset[str] = frozenset()
    # the ids of the country the war is fought in (Actor.theatre)
    theatre: frozenset[str] = frozenset()
    # alias as written -> the actor patterns it fully matches, in order (filled as aliases are met:
    # the same few surface forms recur in every article, and each costs a fullmatch per pattern)
    alias_owners: dict[str, tuple[ActorPattern, ...]] = field(default_factory=dict, compare=False, repr=False)
    # character -> the issue patterns a match starting with it may belong to (filled as met): where
    # some term starts, only these few of the ~35 patterns need trying
    issue_starts: dict[str, tuple[IssuePattern, ...]] = field(default_factory=dict, compare=False, repr=False)
    # cue category -> what the first character of its match can be (patterns.term_heads; None: anything)
    cue_heads: Mapping[str, tuple[re.Pattern[str], ...] | None] = field(
        default_factory=lambda: MappingProxyType({}))
    # (character, categories) -> the categories whose cue may start with it, as issue_starts
    cue_starts: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, re.Pattern[str]], ...]] = field(
        default_factory=dict, compare=False, repr=False)
