"""Lemma entries of the lexicon (``~ablehnen``, ``~reject``) expanded into the word forms they cover.

Editors write a cue or term once, as its dictionary form; the coder matches every inflected form,
the Konjunktiv I of reported speech ("unterstütze"), the zu-infinitive ("preiszugeben") and, for
German separable verbs, the split verb-second form ("lehnt … ab", "wies … zurück").

The forms come from simplemma's dictionaries (form → lemma, read backwards). Loading a whole
dictionary costs ~100 MB and ~1 s, so only the forms of the lexicon's own lemmas are kept: they are
worked out once per set of lemmas and kept in a small cache file (``STANCEWATCH_CACHE_DIR``, else
``$XDG_CACHE_HOME/stancewatch`` or ``~/.cache/stancewatch``). Where no cache can be written the
forms are worked out in memory each load.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

# German separable-verb particles, longest first ("zurück" before "zu"): a lemma that starts with one
# and whose rest is a verb of its own splits in main clauses ("lehnt … ab").
# ("über", "unter", "wieder" are left out: in this vocabulary they open inseparable verbs, "überlassen")
SEPARABLE_PARTICLES = tuple(sorted({
    "ab", "an", "auf", "aus", "bei", "ein", "fest", "fort", "frei", "her", "hin", "los", "mit", "nach",
    "preis", "vor", "weg", "zu", "zurück", "zusammen", "dar", "bereit", "offen", "statt", "teil",
    "entgegen", "hervor", "heraus", "hinaus", "herbei", "kund", "hoch", "nieder", "durch", "um",
    "vorbei", "voran", "voraus", "gegenüber", "klar", "fern",
}, key=lambda p: (-len(p), p)))
# Bump when the way forms are derived changes, so old cache files are not read.
_FORMS_VERSION = "11-e2"
LEMMA_MARK = "~"
# Key suffix of a verb's attributive participles ("ausgearbeitete") in the forms table: used for the
# cue lists that name plans' authors, not for stance cues (an adjective states no position).
ATTRIBUTIVE = "+attr"
_LEMMA_WORD = re.compile(r"~([^\s~*{}|$]+)")


def lemma_words(term: str) -> list[str]:
    """The lemma words (``~x``) of one lexicon term."""
    return _LEMMA_WORD.findall(term)


def forms_for(lemmas: Iterable[str], lang: str, cache_dir: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Lemma (lower case, "ß" kept) → its word forms (lower case, the lemma first), for every lemma asked for.

    German separable verbs also get their base verb's forms under ``"<particle>|<base>"`` keys (see
    ``expand_term``)."""
    wanted = sorted({w.lower() for w in lemmas})
    if not wanted:
        return {}
    bases = {f"{p}|{base}": base for w in wanted if lang == "de" for p, base in [_split_particle(w)] if p}
    key = hashlib.sha256("\n".join([_FORMS_VERSION, lang, _simplemma_version(), *wanted]).encode()).hexdigest()[:20]
    path = _cache_path(lang, key, cache_dir)
    if path is not None:
        cached = _read_cache(path)
        if cached is not None:
            return cached
    table = {lemma: {f for f in found if not _rare(f, lemma, lang)}
             for lemma, found in _invert(lang, set(wanted) | set(bases.values())).items()}
    out: dict[str, tuple[str, ...]] = {}
    for base in set(bases.values()):  # the split verb's stem gets the regular forms too
        table.setdefault(base, set()).update(_regular(base, lang))
    for lemma in wanted:
        forms = set(table.get(lemma, ())) | {lemma} | _regular(lemma, lang)
        particle, base = _split_particle(lemma) if lang == "de" else ("", "")
        if particle:
            base_forms = set(table.get(base, ())) | {base}
            # zu-infinitive and participle, in case the dictionary lacks them ("preiszugeben")
            forms |= {particle + "zu" + base}
            forms |= {particle + f for f in base_forms if f.startswith("ge")}
            out[f"{particle}|{base}"] = _ordered(base, {f for f in base_forms if not f.startswith("ge")
                                                        and not f.startswith("zu")})
        if lang == "de" and lemma.islower() and lemma.endswith("en"):
            out[lemma + ATTRIBUTIVE] = tuple(sorted(_attributive(forms, lemma)))
        out[lemma] = _ordered(lemma, forms)
    if path is not None:
        _write_cache(path, out)
    return out


def expand_term(term: str, forms: Mapping[str, tuple[str, ...]], lang: str, attributive: bool = False) -> list[str]:
    """One lexicon term with lemma words, as plain shorthand terms (no ``~`` left).

    ``~ablehnen`` becomes one term per form (ablehnen, abgelehnt, …; the compiled trie shares their
    stem) plus, in German, ``l{ehnt|ehnte|…} ... ab``; in a term of several words each lemma word is
    one ``{a|b}`` choice per first letter, so what follows it is not repeated per form.
    """
    words = term.split()
    variants: list[list[str]] = [[]]
    for position, word in enumerate(words):
        # "für ... ~werben$": the clause-final mark stays on every form of the lemma
        final = "$" if word.endswith("$") and position == len(words) - 1 else ""
        word = word.removesuffix(final)
        match = _LEMMA_WORD.fullmatch(word) or (_LEMMA_WORD.fullmatch(word[1:]) if word.startswith("*") else None)
        if match is None:
            variants = [v + [word + final] for v in variants]
            continue
        prefix = "*" if word.startswith("*") else ""
        lemma = match.group(1).lower()
        spelled = forms.get(lemma, (lemma,)) + (forms.get(lemma + ATTRIBUTIVE, ()) if attributive else ())
        # a one-word term is spelled out form by form (the compiled trie, patterns.py, shares their
        # stem); in longer terms a word stays one choice, so what follows it is not repeated per form
        single = position == 0 and len(words) == 1
        options = [prefix + form + final for form in (sorted(set(spelled)) if single else _grouped(spelled))]
        particle, base = _split_particle(lemma) if lang == "de" and not prefix else ("", "")
        if f"{particle}|{base}" in forms:
            options += [f"{form} ... {particle}$" for form in _grouped(forms[f"{particle}|{base}"])]
        variants = [v + [option] for v in variants for option in options]
    return [" ".join(v) for v in variants]


_INSEPARABLE = ("be", "ge", "er", "ver", "zer", "ent", "emp", "miss", "über", "unter", "wider", "hinter")


# An English verb of one syllable whose final consonant doubles before -ed and -ing
_DOUBLING = re.compile(r"[^aeiou]*[aeiou][bdgklmnprt]")


def _regular(lemma: str, lang: str) -> set[str]:
    """The regular (weak) forms of a verb lemma, for verbs the dictionary lacks or lists only in part
    ("sabotieren": sabotiert, sabotierte, sabotiert). A strong verb gets a few forms that are no
    words; they match nothing."""
    if not lemma.isalpha() or lemma != lemma.lower():
        return set()
    if lang == "en":
        if lemma.endswith("e"):
            return {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
        forms = {lemma + "s", lemma + "es", lemma + "ed", lemma + "ing"}
        if _DOUBLING.fullmatch(lemma):  # one syllable ending consonant-vowel-consonant: "cap" → "capped", "capping"
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
        return forms
    if lang != "de" or not lemma.endswith(("en", "ern", "eln")):
        return set()
    particle, base = _split_particle(lemma)
    stem = (base or lemma)[:-2] if (base or lemma).endswith("en") else (base or lemma)[:-1]
    # an "e" before the ending after t/d, and after m/n that follow another consonant ("zeichnet",
    # "rechnet", "atmet"; not "wohnt", "lernt", "filmt")
    e = "e" if stem.endswith(("t", "d")) or (
        len(stem) > 2 and stem[-1] in "mn" and (stem[-2] not in "aeiouäöüylrh" or stem.endswith(("chn", "chm")))) else ""
    finite = {stem + "e", stem + e + "t", stem + "en", stem + e + "te", stem + e + "ten"}
    ge = "" if stem.startswith(_INSEPARABLE) or stem.endswith("ier") else "ge"
    participle = ge + stem + e + "t"
    if particle:
        return {particle + f for f in finite} | {particle + participle, particle + "zu" + (base or lemma)}
    return finite | {participle}


def _rare(form: str, lemma: str, lang: str) -> bool:
    """Forms news text does not use, left out to keep the compiled patterns small: German second
    person ("lehnst", "ablehntest") and nominalised genitives ("Ablehnens")."""
    if lang != "de" or form == lemma:
        return False
    return form.endswith(("st", "ens")) and not form.endswith(("ist", "ast", "ost", "ust"))


def _grouped(forms: Iterable[str]) -> list[str]:
    """``{a|b}`` groups of forms sharing a first letter, written with that letter outside the group."""
    by_first: dict[str, list[str]] = {}
    for form in forms:
        by_first.setdefault(form[0], []).append(form[1:])
    out = []
    for first, rests in by_first.items():
        rests = sorted(set(rests), key=lambda r: (-len(r), r))
        out.append(first + rests[0] if len(rests) == 1 else first + "{" + "|".join(rests) + "}")
    return out


_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")


def _attributive(forms: set[str], lemma: str) -> set[str]:
    """German participles used as adjectives ("der von den USA ausgearbeitete Plan", "die geforderten
    Gebiete"): the participle forms with the adjective endings."""
    participles = {f for f in forms if "ge" in f[:-2] and f.endswith(("t", "en"))}
    if lemma.endswith("ieren"):  # no "ge-": "der vereinbarte", "die sabotierte"
        participles.add(lemma[:-2] + "t")
    return {p + e for p in participles for e in _ADJECTIVE_ENDINGS}


def _split_particle(lemma: str) -> tuple[str, str]:
    """("ab", "lehnen") for "ablehnen"; ("", "") when the lemma is no separable verb."""
    if not lemma.endswith("n") or not lemma.isalpha() or lemma != lemma.lower():
        return "", ""
    for particle in SEPARABLE_PARTICLES:
        rest = lemma[len(particle):]
        if lemma.startswith(particle) and len(rest) >= 4 and rest.endswith(("en", "ern", "eln")):
            return particle, rest
    return "", ""


def _ordered(lemma: str, forms: set[str]) -> tuple[str, ...]:
    """The lemma first, then its other forms sorted (stable cache files, stable patterns)."""
    return (lemma, *sorted(forms - {lemma}))


def _invert(lang: str, lemmas: set[str]) -> dict[str, set[str]]:
    """Every dictionary form whose lemma is one of ``lemmas`` (both case-folded)."""
    # simplemma keeps its dictionaries behind a loader that caches them for the process; the private
    # loader reads one without keeping it, so the ~100 MB go again once the forms are picked out
    table: dict[str, set[str]] = {}
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

        dictionary = _load_dictionary_from_disk(lang)
    except (ImportError, ValueError, OSError):
        return table  # another simplemma layout or no dictionary: the regular forms still apply
    encoded = {lemma.encode(): lemma for lemma in lemmas}
    encoded.update({lemma.capitalize().encode(): lemma for lemma in lemmas})
    for form, lemma in dictionary.items():
        hit = encoded.get(lemma)
        if hit is not None:
            table.setdefault(hit, set()).add(form.decode().lower())
    del dictionary
    return table


def _simplemma_version() -> str:
    from importlib.metadata import version

    return version("simplemma")


def _cache_path(lang: str, key: str, cache_dir: Path | None) -> Path | None:
    base = cache_dir or Path(os.environ.get("STANCEWATCH_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stancewatch")
    return base / f"forms-{lang}-{key}.json"


def _read_cache(path: Path) -> dict[str, tuple[str, ...]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # absent or damaged: worked out again and rewritten
    if not isinstance(data, dict):
        return None
    return {str(k): tuple(str(f) for f in v) for k, v in data.items() if isinstance(v, list)}


def _write_cache(path: Path, table: Mapping[str, tuple[str, ...]]) -> None:
    """Write atomically (parallel loads may race); a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp",
                                         encoding="utf-8") as handle:
            json.dump({k: list(v) for k, v in table.items()}, handle, ensure_ascii=False)
        os.replace(handle.name, path)
    except OSError:
        pass
