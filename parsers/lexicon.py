"""The lexicon: YAML files validated on load (errors name the file and the entry), merged and compiled per language."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from core.errors import LexiconError
from parsers.lemmas import LEMMA_MARK, expand_term, forms_for, lemma_words
from parsers.lexicon_files import (
    SHIPPED_DIR,
    LoadedFile,
    RawActor,
    RawCues,
    RawIssue,
    read_dir,
)
from parsers.lexicon_types import Actor, ActorPattern, Alias, Issue, IssuePattern, Matchers, Severity, Term
from parsers.patterns import check_term, compile_terms, spell_out, term_heads

# Territory and recognition shifts change the map of a settlement; editors want those first.
HIGH_SEVERITY_DEFAULT = frozenset({"territory_donbas", "territory_south", "recognition"})
# The cue kinds are the fields of a cue file (lexicon_files.RawCues): one list, in one place.
CUE_KEYS = tuple(name for name in RawCues.model_fields if name != "language")
STANCE_KEYS = ("support", "accept", "provision", "oppose", "open")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Lexicon:
    """The loaded lexicon: actors, issues, cue sets and their compiled matchers."""

    actors: Mapping[str, Actor]
    issues: Mapping[str, Issue]
    cues: Mapping[str, Mapping[str, tuple[str, ...]]]
    fingerprint: str
    matchers: Mapping[str, Matchers] = field(repr=False, compare=False)

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages that have a cue file, sorted."""
        return tuple(sorted(self.cues))

    def labels(self) -> dict[str, str]:
        """Human labels of actor and issue ids (one map: the ids never collide, _check_aliases)."""
        out = {actor_id: actor.label for actor_id, actor in self.actors.items()}
        out.update({issue_id: issue.label for issue_id, issue in self.issues.items()})
        return out

    def matchers_for(self, lang: str) -> Matchers:
        """The compiled matchers of ``lang``; falls back to the first language for unknown ones."""
        return self.matchers.get(lang) or self.matchers[self.languages[0]]

    def is_relevant(self, text: str) -> bool:
        """Does ``text`` mention an actor alias and an issue term or negotiation topic term, in any language?"""
        matchers = self.matchers.values()
        if not any(p.pattern.search(text) for m in matchers for p in m.actors):
            return False
        if any(p.search(text) for m in matchers if (p := m.cues.get("topic")) is not None):
            return True
        return any(p.pattern.search(text) for m in matchers for p in m.issues)


class _Problems:
    """Collects problem lines so that one LexiconError can name all of them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, where: str, entry: str, message: str) -> None:
        self.lines.append(f"{where} {entry}: {message}" if entry else f"{where} {message}")


def check_files(extra_dirs: Sequence[Path]) -> None:
    """Read an editor's lexicon folders as files (UTF-8, YAML) and raise LexiconError naming each bad
    one: a quick check before a run starts, so that a broken file is one message, not a failed flow."""
    problems: list[str] = []
    for folder in map(Path, extra_dirs):
        read_dir(folder, problems)
    if problems:
        raise LexiconError(problems)


def load_lexicon(extra_dirs: Sequence[Path] = (), *, include_shipped: bool = True) -> Lexicon:
    """Load the shipped lexicon, then each extra dir (new ids add, known ids extend or override).

    Lemma entries (``~ablehnen``) are matched in every form (parsers/lemmas.py, which caches the forms
    between loads)."""
    problems = _Problems()
    files: list[LoadedFile] = []
    for folder in ((SHIPPED_DIR,) if include_shipped else ()) + tuple(map(Path, extra_dirs)):
        files.extend(read_dir(folder, problems.lines))
    actors: dict[str, dict[str, Any]] = {}
    issues: dict[str, dict[str, Any]] = {}
    cues: dict[str, dict[str, list[str]]] = {}
    for loaded in files:
        _merge_file(loaded, actors, issues, cues, problems)
    built_actors = _build_actors(actors, problems)
    built_issues = _build_issues(issues, problems)
    for issue in built_issues.values():
        if issue.reads_as and issue.reads_as not in built_issues:
            problems.add(issues[issue.id].get("_where", "?"), f"issue '{issue.id}'",
                         f"reads_as names an unknown issue {issue.reads_as!r}")
    _check_aliases(actors, problems)
    if not cues:
        problems.add(str(SHIPPED_DIR), "", "no cue file (cues.<lang>.yaml) was found")
    if problems.lines:
        raise LexiconError(problems.lines)
    frozen_cues = {lang: MappingProxyType({k: tuple(v) for k, v in c.items()}) for lang, c in cues.items()}
    digest = hashlib.sha256()
    for loaded in files:
        digest.update(loaded.name.encode() + b"\0" + loaded.text.encode() + b"\0")
    return Lexicon(
        actors=MappingProxyType(built_actors),
        issues=MappingProxyType(built_issues),
        cues=MappingProxyType(frozen_cues),
        fingerprint=digest.hexdigest()[:16],
        matchers=MappingProxyType(
            {lang: _compile(lang, built_actors, *_expanded(lang, built_issues, frozen_cues[lang]))
             for lang in frozen_cues}
        ),
    )


def _validate(model: type[BaseModel], data: Any, loaded: LoadedFile, path: tuple[Any, ...],
              entry: str, problems: _Problems) -> BaseModel | None:
    """Validate one entry, turning each pydantic error into a located problem line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = path + tuple(err["loc"])
            field_name = ".".join(str(p) for p in err["loc"]) or "entry"
            problems.add(loaded.where(loc), entry, f"{field_name}: {err['msg']}")
        return None


def _merge_file(loaded: LoadedFile, actors: dict[str, dict[str, Any]], issues: dict[str, dict[str, Any]],
                cues: dict[str, dict[str, list[str]]], problems: _Problems) -> None:
    """Fold one file's entries into the merged tables."""
    if loaded.kind == "cues":
        model = _validate(RawCues, loaded.data, loaded, (), f"cues '{loaded.lang}'", problems)
        if isinstance(model, RawCues):
            _merge_cues(loaded, model, cues, problems)
        return
    key, raw_model, table = ("actors", RawActor, actors) if loaded.kind == "actors" else ("issues", RawIssue, issues)
    entries = loaded.data.get(key) if isinstance(loaded.data, dict) else None
    if not isinstance(entries, list):
        problems.add(loaded.where(()), "", f"expected a top-level '{key}:' list")
        return
    seen: set[str] = set()
    kind = key[:-1]
    for index, raw in enumerate(entries):
        ident = str(raw.get("id", f"#{index}")) if isinstance(raw, dict) else f"#{index}"
        model = _validate(raw_model, raw, loaded, (key, index), f"{kind} '{ident}'", problems)
        if model is None:
            continue
        if not _ID.match(ident):
            problems.add(loaded.where((key, index, "id")), f"{kind} '{ident}'", "id must be lower_snake_case")
        if ident in seen:
            problems.add(loaded.where((key, index, "id")), f"{kind} '{ident}'", "id is listed twice in this file")
        seen.add(ident)
        _fold_entry(table.setdefault(ident, {"id": ident}), model.model_dump(), loaded, (key, index))


def _fold_entry(target: dict[str, Any], new: dict[str, Any], loaded: LoadedFile, path: tuple[Any, ...]) -> None:
    """Scalars override, per-language lists extend; remember where each list item came from."""
    target.setdefault("_where", loaded.where(path))
    for name, value in new.items():
        if value is None or name == "id":
            continue
        if isinstance(value, dict):
            per_lang = target.setdefault(name, {})
            for lang, items in value.items():
                bucket = per_lang.setdefault(lang, [])
                for i, item in enumerate(items):
                    bucket.append((item, loaded.where(path + (name, lang, i))))
        else:
            target[name] = value


def _merge_cues(loaded: LoadedFile, model: RawCues, cues: dict[str, dict[str, list[str]]],
                problems: _Problems) -> None:
    """Extend one language's cue lists, checking that every cue compiles."""
    if model.language and model.language != loaded.lang:
        problems.add(loaded.where(("language",)), f"cues '{loaded.lang}'",
                     f"language {model.language!r} does not match the file name")
    table = cues.setdefault(loaded.lang, {k: [] for k in CUE_KEYS})
    for key in CUE_KEYS:
        for i, cue in enumerate(getattr(model, key)):
            problem = check_term(cue)
            if problem:
                problems.add(loaded.where((key, i)), f"cues '{loaded.lang}'", problem)
            elif cue not in table[key]:
                table[key].append(cue)


def _build_actors(raw: dict[str, dict[str, Any]], problems: _Problems) -> dict[str, Actor]:
    """Turn merged actor tables into Actor values, reporting entries that lack a label."""
    built: dict[str, Actor] = {}
    for ident, entry in raw.items():
        if not entry.get("label"):
            problems.add(entry.get("_where", "?"), f"actor '{ident}'", "label is missing")
        aliases: dict[str, tuple[Alias, ...]] = {}
        for lang, items in entry.get("aliases", {}).items():
            aliases[lang] = tuple(Alias(**item) for item, _ in items)
            for item, where in items:
                problem = check_term(item["text"])
                if problem:
                    problems.add(where, f"actor '{ident}'", problem)
        built[ident] = Actor(id=ident, label=entry.get("label", ident), aliases=MappingProxyType(aliases),
                             not_before=MappingProxyType(_word_lists(entry, "not_before", ident, problems)),
                             owner_adjectives=MappingProxyType(_word_lists(entry, "owner_adjectives", ident, problems)),
                             party=bool(entry.get("party", False)), theatre=bool(entry.get("theatre", False)))
    return built


def _word_lists(entry: dict[str, Any], name: str, ident: str, problems: _Problems) -> dict[str, tuple[str, ...]]:
    """An actor's per-language word list (``not_before``, ``owner_adjectives``), each word checked."""
    for items in entry.get(name, {}).values():
        for item, where in items:
            problem = check_term(item)
            if problem:
                problems.add(where, f"actor '{ident}'", problem)
    return {lang: tuple(item for item, _ in items) for lang, items in entry.get(name, {}).items()}


def _terms(entry: dict[str, Any], name: str, ident: str, problems: _Problems) -> dict[str, tuple[Term, ...]]:
    """The per-language terms of one merged issue field, with each pattern checked."""
    out: dict[str, tuple[Term, ...]] = {}
    for lang, items in entry.get(name, {}).items():
        terms: list[Term] = []
        for item, where in items:
            text = item if isinstance(item, str) else item["text"]
            stances = None if isinstance(item, str) or not item.get("stances") else frozenset(item["stances"])
            problem = check_term(text)
            if problem:
                problems.add(where, f"issue '{ident}'", problem)
            terms.append(Term(text=text, stances=stances))
        out[lang] = tuple(terms)
    return out


def _build_issues(raw: dict[str, dict[str, Any]], problems: _Problems) -> dict[str, Issue]:
    """Turn merged issue tables into Issue values, reporting missing labels or propositions."""
    built: dict[str, Issue] = {}
    for ident, entry in raw.items():
        where = entry.get("_where", "?")
        for required in ("label", "proposition"):
            if not entry.get(required):
                problems.add(where, f"issue '{ident}'", f"{required} is missing")
        default: Severity = "high" if ident in HIGH_SEVERITY_DEFAULT else "normal"
        excludes = _terms(entry, "exclude", ident, problems)
        contexts = _terms(entry, "context", ident, problems)
        literals = _terms(entry, "literal", ident, problems)
        built[ident] = Issue(
            id=ident,
            label=entry.get("label", ident),
            proposition=entry.get("proposition", ""),
            severity=entry.get("severity") or default,
            terms=MappingProxyType(_terms(entry, "terms", ident, problems)),
            against=MappingProxyType(_terms(entry, "against", ident, problems)),
            exclude=MappingProxyType({lang: tuple(t.text for t in ts) for lang, ts in excludes.items()}),
            reads_as=entry.get("reads_as"),
            occupied_land=bool(entry.get("occupied_land")),
            accession=bool(entry.get("accession")),
            literal=MappingProxyType({lang: tuple(t.text for t in ts) for lang, ts in literals.items()}),
            context=MappingProxyType({lang: tuple(t.text for t in ts) for lang, ts in contexts.items()}),
        )
    return built


def _check_aliases(raw: dict[str, dict[str, Any]], problems: _Problems) -> None:
    """An alias may belong to one actor only (per language), or attribution becomes a coin toss."""
    owner: dict[tuple[str, str], str] = {}
    for ident, entry in raw.items():
        for lang, items in entry.get("aliases", {}).items():
            for item, where in items:
                key = (lang, item["text"].casefold())
                other = owner.setdefault(key, ident)
                if other != ident:
                    problems.add(where, f"actor '{ident}'", f"alias {item['text']!r} is also listed under {other!r}")


def _compile(lang: str, actors: dict[str, Actor], issues: dict[str, Issue],
             cues: Mapping[str, tuple[str, ...]]) -> Matchers:
    """Compile one language's matchers."""
    actor_patterns: list[ActorPattern] = []
    role_aliases = {actor.id: _role_aliases(actor, lang, cues) for actor in actors.values()}
    for actor in actors.values():
        windows: dict[tuple[date | None, date | None], list[str]] = {}
        for alias in actor.aliases.get(lang, ()):
            windows.setdefault((alias.valid_from, alias.valid_until), []).append(alias.text)
        windows.setdefault((None, None), []).extend(role_aliases[actor.id])
        heads = actor.not_before.get(lang, ())
        not_before = compile_terms(heads)
        for (start, until), texts in windows.items():
            pattern = compile_terms(texts, case="proper")
            if pattern is not None:
                actor_patterns.append(ActorPattern(actor.id, pattern, start, until, not_before))
    return Matchers(
        lang=lang,
        actors=tuple(actor_patterns),
        issues=tuple(_issue_patterns(lang, issues)),
        excludes=_per_issue(issues, lang, lambda i: i.exclude),
        cues=MappingProxyType(_cue_patterns(cues)),
        cue_heads=MappingProxyType({k: term_heads(v) for k, v in _cue_groups(cues).items()}),
        words=MappingProxyType({k: frozenset(w.casefold() for c in v for w in spell_out(c)) for k, v in cues.items()}),
        reads_as=MappingProxyType({i.id: i.reads_as for i in issues.values() if i.reads_as}),
        owner_adjectives=tuple((a.id, p) for a in actors.values()
                               if (p := compile_terms(a.owner_adjectives.get(lang, ()), case="proper")) is not None),
        literals=_per_issue(issues, lang, lambda i: i.literal),
        contexts=_per_issue(issues, lang, lambda i: i.context),
        occupied_land=frozenset(i.id for i in issues.values() if i.occupied_land),
        accession=frozenset(i.id for i in issues.values() if i.accession),
        theatre=frozenset(actor.id for actor in actors.values() if actor.theatre),
        any_stance=compile_terms(_openings(c for key in STANCE_KEYS for c in cues.get(key, ()))),
        any_actor=compile_terms([a.text for actor in actors.values() for a in actor.aliases.get(lang, ())]
                                + [alias for aliases in role_aliases.values() for alias in aliases],
                                case="proper"),
        parties=tuple(actor.id for actor in actors.values() if actor.party),
        occupiers=frozenset(actor.id for actor in actors.values() if actor.party and not actor.theatre),
        any_party=compile_terms([a.text for actor in actors.values() if actor.party
                                 for a in actor.aliases.get(lang, ())], case="proper"),
        any_theatre=compile_terms([t for actor in actors.values() if actor.theatre
                                   for t in [a.text for a in actor.aliases.get(lang, ())]
                                   + list(actor.owner_adjectives.get(lang, ()))], case="proper"),
        any_issue=compile_terms(_openings(t.text for i in issues.values() for src in (i.terms, i.against)
                                          for t in src.get(lang, ()))),
    )


def _role_aliases(actor: Actor, lang: str, cues: Mapping[str, tuple[str, ...]]) -> list[str]:
    """An actor's adjective before a role noun names the actor's office holder ("der deutsche
    Außenminister", "the Russian foreign minister", "American officials"): every owner adjective
    with every role of the cue file, the English role also capitalised ("Russian President")."""
    roles = cues.get("roles", ())
    out = []
    for adjective in actor.owner_adjectives.get(lang, ()):
        for role in roles:
            out.append(f"{adjective} {role}")
            if role[:1].islower():
                out.append(f"{adjective} {' '.join(w[:1].upper() + w[1:] for w in role.split())}")
    return out


def _per_issue(issues: dict[str, Issue], lang: str,
               phrases: Callable[[Issue], Mapping[str, tuple[str, ...]]]) -> Mapping[str, re.Pattern[str]]:
    """One compiled pattern per issue for one of its per-language phrase lists (exclude, literal,
    context), for the issues that have any in ``lang``."""
    return MappingProxyType({i.id: p for i in issues.values() if (p := compile_terms(phrases(i).get(lang, ()))) is not None})


def _openings(terms: Iterable[str]) -> list[str]:
    """The terms up to their first gap: what the one-scan patterns (``any_issue``, ``any_stance``) need
    to find where a term may start. The category patterns then match the whole term there, so a
    common first word ("Gebiete ... preisgeben", "lehnt ... ab") costs no gap search on every sentence."""
    return list(dict.fromkeys(t if t.startswith("re:") else t.split(" ... ")[0] for t in terms))


def _expanded(lang: str, issues: Mapping[str, Issue],
              cues: Mapping[str, tuple[str, ...]]) -> tuple[dict[str, Issue], dict[str, tuple[str, ...]]]:
    """Issues and cues of one language with their lemma entries written out as word forms."""
    texts = [c for values in cues.values() for c in values]
    texts += [t.text for i in issues.values() for src in (i.terms, i.against) for t in src.get(lang, ())]
    texts += [e for i in issues.values() for src in (i.exclude, i.literal) for e in src.get(lang, ())]
    lemmas = [w for text in texts if LEMMA_MARK in text and not text.startswith("re:") for w in lemma_words(text)]
    if not lemmas:
        return dict(issues), dict(cues)
    forms = forms_for(lemmas, lang)

    def expand(text: str) -> list[str]:
        return expand_term(text, forms, lang) if LEMMA_MARK in text and not text.startswith("re:") else [text]

    def terms(items: tuple[Term, ...]) -> tuple[Term, ...]:
        listed = {t.text for t in items}
        return tuple(Term(_declined(e, lang), t.stances, first) for t in items
                     for o, first in _word_orders(t.text, lang, listed) for e in expand(o))

    new_issues = {ident: replace(issue,
                                 terms={**issue.terms, lang: terms(issue.terms.get(lang, ()))},
                                 against={**issue.against, lang: terms(issue.against.get(lang, ()))},
                                 exclude={**issue.exclude, lang: tuple(e for x in issue.exclude.get(lang, ())
                                                                       for e in expand(x))},
                                 literal={**issue.literal, lang: tuple(e for x in issue.literal.get(lang, ())
                                                                       for e in expand(x))})
                  for ident, issue in issues.items()}
    # plan authors stand before attributive participles too ("der von den USA vorgelegte Plan")
    return new_issues, {key: tuple(e for c in values for e in (
        expand_term(c, forms, lang, attributive=True) if key == "proposing" and LEMMA_MARK in c else expand(c)))
        for key, values in cues.items()}


# A German noun written as its nominative singular ("Moratorium", "Energie-Waffenruhe") at the end of
# an issue term: its genitive, dative and plural endings ("des Moratoriums", "die Waffenruhen") are the
# same term, so an editor writes the noun once
_PLAIN_NOUN = re.compile(r"[A-ZÄÖÜ][\w-]*[a-zäöüß]")
_NOUN_ENDINGS = "{|s|es|n|en|e|ns}"


def _declined(text: str, lang: str) -> str:
    """``text`` with the declension endings allowed on a final plain German noun."""
    if lang != "de" or text.startswith("re:"):
        return text
    head, _, last = text.rpartition(" ")
    if not _PLAIN_NOUN.fullmatch(last):
        return text
    return f"{head} {last}{_NOUN_ENDINGS}" if head else last + _NOUN_ENDINGS


# A German verbal issue term written object first, verb last, with a named object ("Donbas* .. ~räumen":
# "den Donbass nicht räumen", "den Donbass räumen werde"); a generic object ("~Gebiet ... ~räumen") is not
# mirrored: verb-first patterns are tried wherever a common verb form stands, which costs speed)
_OBJECT_VERB = re.compile(r"^([A-ZÄÖÜ][^\s~*]*\*?) \.\.\.? (~[a-zäöüß]\S*)$")


def _word_orders(text: str, lang: str, listed: set[str]) -> list[tuple[str, bool]]:
    """A term and, for a German object-verb term, its verb-second order ("Kiew räumt den Donbass nicht"):
    German puts the finite verb of a main clause before its object, an editor should not have to
    write both orders."""
    hit = _OBJECT_VERB.match(text) if lang == "de" else None
    if hit is None:
        return [(text, False)]
    mirrored = f"{hit.group(2)} .. {hit.group(1)}"
    if mirrored in listed or f"{hit.group(2)} ... {hit.group(1)}" in listed:
        return [(text, False)]
    return [(text, False), (mirrored, True)]


def _issue_patterns(lang: str, issues: dict[str, Issue]) -> list[IssuePattern]:
    """Group each issue's terms by polarity, stance restriction and breadth, one pattern per group.

    A term listed under several issues is broad ("Gebietsabtretungen" is both territory issues): where
    the sentence names one of them specifically, the broad term means that one only (issue_finding.py)."""
    owners: dict[str, set[str]] = {}
    for issue in issues.values():
        for term in issue.terms.get(lang, ()):
            owners.setdefault(term.text.casefold(), set()).add(issue.id)
    out: list[IssuePattern] = []
    for issue in issues.values():
        for polarity, source in ((1, issue.terms), (-1, issue.against)):
            groups: dict[tuple[frozenset[str] | None, bool, bool], list[str]] = {}
            for term in source.get(lang, ()):
                broad = len(owners.get(term.text.casefold(), ())) > 1
                groups.setdefault((term.stances, broad, term.verb_first), []).append(term.text)
            for (stances, broad, verb_first), texts in groups.items():
                pattern = compile_terms(texts)
                if pattern is not None:
                    out.append(IssuePattern(issue.id, pattern, polarity, stances, term_heads(texts), broad, verb_first))
    return out


def _cue_groups(cues: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The cues of each category; stance cues that contain a negator go to ``<key>_neg``."""
    negators = {w.casefold() for w in cues.get("negators", ())}
    groups: dict[str, list[str]] = {}
    for key, values in cues.items():
        for cue in values:
            negated = key in STANCE_KEYS and any(w.casefold() in negators for w in cue.split())
            groups.setdefault(f"{key}_neg" if negated else key, []).append(cue)
    return groups


def _cue_patterns(cues: Mapping[str, tuple[str, ...]]) -> dict[str, re.Pattern[str]]:
    """One pattern per cue category (see ``_cue_groups``); the page-chrome words (``noise``) as written
    (case-sensitive but for the first letter: "LATEST" is a page's label, "the latest draft" a sentence)."""
    return {k: p for k, v in _cue_groups(cues).items()
            if (p := compile_terms(v, case="proper" if k in _AS_WRITTEN else "insensitive")) is not None}


_AS_WRITTEN = frozenset({"noise"})
