"""Compile the lexicon's term shorthand into regular expressions.

Shorthand (documented for editors in parsers/lexicons/README.md):

- ``*`` inside or at either end of a word stands for any letters (``Gebietsabtretung*``,
  ``*forderung*``); at an edge it also lets the term sit inside a compound.
- `` ... `` between words is a gap of up to ``GAP_WORDS`` words inside one clause, for German
  separable verbs (``lehnt ... ab``) and split phrases (``give ... up``); `` .. `` a short one of up
  to ``SHORT_GAP_WORDS`` words, for terms whose first word is common (``~leave .. Donbas``).
- ``re:`` at the start makes the rest a raw, case-insensitive regular expression.
- ``$`` at the end of the last word: it ends its clause (a split verb's particle, ``lehnt ... ab$``:
  not the preposition of "schloss einen Rückzug aus dem Donbass aus").
- Everything else is literal; runs of spaces match any whitespace.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, NamedTuple

# Long enough for a German middle field with a noun phrase, a prepositional attribute and an
# adverbial ("wies erneut Überlegungen zur Stationierung europäischer Soldaten ... in der Ukraine
# zurück"); clause punctuation stops the gap, so "ab" from a later clause is rarely picked up.
GAP_WORDS = 14

CaseMode = Literal["insensitive", "proper"]

def last_match(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text[start:end]``, or None."""
    found = None
    for found in pattern.finditer(text, start, len(text) if end is None else end):
        pass
    return found


# a gap word may hold a decimal point ("800.000 Soldaten"), no sentence punctuation, and is no word
# that opens a subordinate clause or a new conjunct: "insisted that Ukraine accept a cap on" is no
# "insist … on", "neither withdraw from Donetsk nor give up Zaporizhzhia" no "withdraw … from Zaporizhzhia",
# "agreed to a halt to strikes on energy sites but rejected a full halt to the fighting" no "halt … fighting"
def _gap(words: int) -> str:
    """A gap of up to ``words`` words inside one clause."""
    return (r"(?:\s+(?!(?:that|dass|which|whether|ob|weil|because|nor|sondern|but|while|whereas)\b)(?:[^\s.;:!?]|(?<=\d)\.(?=\d))+){0,"
            + str(words) + r"}?\s+")


_GAP = _gap(GAP_WORDS)
# `` .. ``: a short gap of up to this many words ("~leave .. Donbas": "leave the whole Donbas"), cheaper
# to try than the long one where the first word is common
SHORT_GAP_WORDS = 5
_SHORT_GAP = _gap(SHORT_GAP_WORDS)
_WORD_CHARS = r"[\w\-]*"
# A split verb's particle stands at the end of its clause: punctuation, a quotation mark, a dash or a
# coordinating conjunction follows it.
_CLAUSE_END = r"(?=\s*(?:[.,;:!?\"“”„»«‘’')\]–—-]|$|\s(?:und|oder|sowie|sondern|aber|doch|denn|wie)\b))"


_GROUP = re.compile(r"\{([^{}]*)\}")
# A shorthand word: non-space characters and choices in braces, which may hold spaces
_TOKEN = re.compile(r"(?:\{[^{}]*\}|[^\s{])+")


def _escape_word(word: str) -> str:
    """Escape one shorthand word, turning ``*`` into a run of word characters and ``{a|b}`` into a
    choice (the forms of a lemma entry, see parsers/lemmas.py)."""
    out: list[str] = []
    pos = 0
    for group in _GROUP.finditer(word):
        out.append(_escape_plain(word[pos:group.start()]))
        # (an alternative of several words, "{EU|die EU}", matches them with any whitespace between)
        out.append("(?:" + "|".join(r"\s+".join(_escape_plain(w) for w in alt.split()) for alt in group.group(1).split("|")) + ")")
        pos = group.end()
    out.append(_escape_plain(word[pos:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    """Escape literal text, turning ``*`` into a run of word characters; "ß" also matches the Swiss
    "ss" ("Weißen Haus", "Weissen Haus"), and an apostrophe also the typographic one ("alliance’s")."""
    return _WORD_CHARS.join(re.escape(part).replace("ß", "(?:ß|ss)").replace("'", "['’]")
                            for part in text.split("*"))


def _proper_first(escaped: str) -> str:
    """Let the first letter match either case (sentence starts), keep the rest case-sensitive."""
    first = escaped[0]
    if first.isalpha():
        return f"[{first.upper()}{first.lower()}]" + escaped[1:]
    return escaped


# Before a reflexive "sich" in a term: the space, and the pronoun subject verb-second may put there
_PRONOUN_BEFORE_SICH = r"\s+(?:(?:er|sie|es|man)\s+)?"


def _body(term: str, case: CaseMode) -> str:
    """The pattern of a term without its word-boundary guards."""
    if term.startswith("re:"):
        return f"(?i:{term[3:]})"
    # (a choice in braces is one word, spaces inside it and all: "in {EU|die EU}")
    words = _TOKEN.findall(term.replace("…", "..."))
    clause_end = len(words) > 1 and words[-1].endswith("$") and len(words[-1]) > 1
    if clause_end:
        words[-1] = words[-1][:-1]
    parts: list[str] = []
    after_gap = True  # no separator before the first word or right after a gap
    for word in words:
        if word in ("...", ".."):
            parts.append(_GAP if word == "..." else _SHORT_GAP)
            after_gap = True
            continue
        if not after_gap:
            # German verb-second puts a pronoun subject between the verb and its reflexive ("Inzwischen
            # bekennt sie sich zu …"): the cue "bekennt sich zu" still holds
            parts.append(_PRONOUN_BEFORE_SICH if word == "sich" else r"\s+")
        parts.append(_escape_word(word))
        after_gap = False
    if clause_end:
        parts.append(_CLAUSE_END)  # "schloss … aus$" ends its clause: not the "aus" of "aus dem Donbass"
    body = "".join(parts)
    return _proper_first(body) if case == "proper" else body


def term_regex(term: str, case: CaseMode = "insensitive") -> str:
    """The regular-expression source for one shorthand term (flags inline, boundaries included)."""
    body = _body(term, case)
    if case == "insensitive" and not term.startswith("re:"):
        body = f"(?i:{body})"
    return _guard(term, body)


def _guard(term: str, body: str) -> str:
    """Wrap a pattern in the word-boundary guards its ``*`` edges allow."""
    # A leading "*" is already "[\w-]*", so the word-start guard changes no match; it only stops the
    # engine from retrying the term at every letter inside a word (quadratic on long compounds).
    start = r"(?<![\w\-])"
    end = "" if term.endswith("*") and not term.startswith("re:") else r"(?![\w])"
    return start + body + end


def compile_terms(terms: list[str] | tuple[str, ...], case: CaseMode = "insensitive") -> re.Pattern[str] | None:
    """One alternation for many terms, longest first so the fullest phrase wins; None if empty.

    All terms share one word-start guard, and terms sharing a first letter sit behind that letter as
    the first item of their branch: the engine skips a branch on one character comparison, where a
    lookahead per branch cost a sub-match at every word start (about 2x faster on the full lexicon).
    The letter is a literal where it can be (see ``_literal_heads``).
    """
    return _compile_alternation(tuple(terms), case) if terms else None


# Every load of the lexicon (each worker, each test) compiles the same alternations; compiled patterns
# are immutable, so they are shared instead of compiled again (compiling is most of a load's time).
@lru_cache(maxsize=1024)
def _compile_alternation(terms: tuple[str, ...], case: CaseMode) -> re.Pattern[str]:
    """``compile_terms`` for a non-empty tuple of terms."""
    groups: dict[bool, dict[str, list[str]]] = {}
    for term in sorted(set(terms), key=len, reverse=True):
        raw = term.startswith("re:")
        first = term[0].casefold() if term[0].isalnum() and not raw else ""
        groups.setdefault(not raw and term.endswith("*"), {}).setdefault(first, []).append(term)
    parts = []
    for open_end, by_first in groups.items():
        end = "" if open_end else r"(?![\w])"
        branches = "|".join(_literal_heads([_dispatch(c, t, case) for c, t in by_first.items()]))
        parts.append(f"(?:{branches}){end}")
    # the guards mean the same with and without IGNORECASE; the flag sits on the bodies
    return re.compile(r"(?<![\w\-])(?:" + "|".join(parts) + ")")


class _Headed(NamedTuple):
    """Alternatives sharing a plain first letter: the letter (lower case) and the rest of each."""

    first: str
    rests: str
    case: CaseMode


def _dispatch(first: str, terms: list[str], case: CaseMode) -> _Headed | str:
    """Alternatives sharing a first letter behind that letter, matched once: the engine then tries a
    handful of branches per position instead of every term (3-5x faster on the full lexicon). Terms
    that all start with a plain letter come back as a ``_Headed`` for ``_literal_heads`` to spell out."""
    bodies = [_body(term, case) for term in terms]
    if first and all(_plain_first(term, first) for term in terms):
        # the head matches exactly what each body's first character matched (see _plain_first)
        if case == "proper":
            return _Headed(first, _trie([body[len(_proper_first(term[0])):] for term, body in zip(terms, bodies)]),
                           case)
        return _Headed(first, _trie([body[1:] for body in bodies]), case)
    joined = "|".join(f"(?i:{b})" if case == "insensitive" else b for b in bodies)
    if not first:
        return f"(?:{joined})"
    letters = f"[{re.escape(first)}{re.escape(first.upper())}]"
    return f"(?=(?i:{letters}))(?:{joined})" if case == "insensitive" else f"(?={letters})(?:{joined})"


_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*,?\d*\})\??")


def _atoms(body: str) -> list[str]:
    """A pattern body cut into atoms (a character, an escape, a class or a group, each with its
    quantifier): the trie below shares whole atoms, so it never splits a group."""
    atoms: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            j = i + 2
        elif char == "[":
            j = body.index("]", i + 2) + 1  # a class never starts with "]" in the shorthand's output
        elif char == "(":
            depth, j = 0, i
            while True:
                if body[j] == "\\":
                    j += 2
                    continue
                if body[j] == "(":
                    depth += 1
                elif body[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            j += 1
        else:
            j = i + 1
        quantifier = _QUANTIFIER.match(body, j)
        if quantifier is not None:
            j = quantifier.end()
        atoms.append(body[i:j])
        i = j
    return atoms


def _trie(bodies: list[str]) -> str:
    """One alternation for bodies that share prefixes, factored as a trie of atoms: the engine reads
    a shared prefix once instead of once per alternative (the lemma entries' forms share long
    stems: "forder" in fordern, fordert, forderte, Forderung …; split verbs and "Gebiet ... X"
    terms share their first word and gap). Branches keep the order of the flat alternation
    (longest term first), so the same alternative wins where the flat one would."""
    root: _Node = {}
    for rank, body in enumerate(bodies):
        node = root
        for atom in _atoms(body):
            node = node.setdefault(atom, {})  # type: ignore[assignment]
            node.setdefault(_FIRST, rank)
        node[_ENDS] = True
    return _emit(root)


_Node = dict[str, object]
_ENDS, _FIRST = "\0ends", "\0first"  # keys no literal unit can be


def _emit(node: _Node) -> str:
    """The regex of one trie node: its branches in the order of their first body, then the end of a
    body that stops here (an empty alternative)."""
    parts = []
    for atom, child in _children(node):
        while not child.get(_ENDS) and len(grand := _children(child)) == 1:  # a chain: one string
            atom, child = atom + grand[0][0], grand[0][1]
        parts.append(atom + _group(_emit(child)))
    if node.get(_ENDS):
        parts.append("")
    return "|".join(parts)


def _children(node: _Node) -> list[tuple[str, _Node]]:
    """A trie node's branches in the order of their first body."""
    def first(branch: tuple[str, _Node]) -> int:
        rank: int = branch[1][_FIRST]  # type: ignore[assignment]  # the rank stored under _FIRST
        return rank

    return sorted(((u, c) for u, c in node.items() if u not in (_ENDS, _FIRST)), key=first)  # type: ignore[misc]


def _group(pattern: str) -> str:
    """``pattern`` as one atom: grouped when it holds an alternation, as is when it is plain."""
    return f"(?:{pattern})" if "|" in pattern else pattern


def _literal_heads(dispatched: list[_Headed | str]) -> list[str]:
    """The branches of one alternation, each headed by a literal character where possible.

    The engine skips a branch that starts with a literal on one comparison, where a class ("[Kk]")
    or a case-insensitive letter costs a call per branch at every word start (the scans for actors,
    issues and cues take about a quarter less time). So "[Kk](?:iew|reml)" becomes
    "K(?:iew|reml)|k(?:iew|reml)", and "(?i:k(?:…))" becomes "k(?i:…)|K(?i:…)" plus one branch for
    the non-ASCII characters that a case-insensitive ASCII letter matches too (the Kelvin sign for
    "k", the long "ſ" for "s"). Each character matches at most one of a run's literal heads, and no
    literal head matches a non-ASCII character, so the order in which the branches are tried for any
    one character is unchanged when the non-ASCII branch of a run of ASCII-headed groups comes after
    all of the run's literal branches. Other branches keep their places.
    """
    out: list[str] = []
    run: list[_Headed] = []  # consecutive case-insensitive ASCII-headed groups

    def close_run() -> None:
        if run:
            out.extend(f"{c}(?i:{h.rests})" for h in run for c in dict.fromkeys((h.first, h.first.upper())))
            out.append(r"[^\x00-\x7f](?:" + "|".join(f"(?<=(?i:{h.first}))(?i:{h.rests})" for h in run) + ")")
            run.clear()

    for item in dispatched:
        if isinstance(item, _Headed) and item.case == "insensitive" and item.first.isascii():
            run.append(item)
            continue
        close_run()
        if isinstance(item, str):
            out.append(item)
        elif item.case == "proper":  # "[Kk]" is exactly "K" or "k"
            out.extend(f"{re.escape(c)}(?:{item.rests})" for c in dict.fromkeys((item.first.upper(), item.first)))
        else:
            out.append(f"(?i:{re.escape(item.first)}(?:{item.rests}))")
    close_run()
    return out


def term_heads(terms: list[str] | tuple[str, ...]) -> tuple[re.Pattern[str], ...] | None:
    """Patterns for the first character of a match of ``compile_terms(terms)`` (each as the compiled
    alternation matches it), or None when some term may start with any character (``re:``, ``*…``)."""
    heads = []
    for term in terms:
        first = term[0].casefold() if term[0].isalnum() and not term.startswith("re:") else ""
        if not (first and _plain_first(term, first)):
            return None
        heads.append(first)
    return tuple(re.compile(f"(?i:{re.escape(first)})") for first in sorted(set(heads)))


def _plain_first(term: str, first: str) -> bool:
    """Does the term start with a letter or digit that is its own lower-case form's case pair, so one
    head ("[Nn]" or "(?i:n)") stands for it? Not so for "ß" (upper "SS") or the Kelvin sign."""
    return len(first) == 1 and len(first.upper()) == 1 and term[0].lower() == first and first.isalnum()


def spell_out(term: str) -> list[str]:
    """A term with its ``{a|b}`` choices written out, one string per combination."""
    group = _GROUP.search(term)
    if group is None:
        return [term]
    return [out for alt in group.group(1).split("|")
            for out in spell_out(term[:group.start()] + alt + term[group.end():])]


# Every load of the lexicon (each monitor run, each worker) checks the same few thousand terms; the re
# module keeps only 512 compiled patterns, so without this each load compiled every term again.
@lru_cache(maxsize=1 << 15)
def check_term(term: str) -> str | None:
    """A problem description if the term does not compile, else None."""
    try:
        re.compile(term_regex(term))
    except re.error as exc:
        return f"term {term!r} is not a valid pattern: {exc}"
    if term.strip() in {"", "*", "..."}:
        return f"term {term!r} would match everything"
    return None
