"""The claim coder: which actor takes which stance on which issue, sentence by sentence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parsers.attribution import (
    Mention,
    coordinated,
    find_actors,
    find_cues,
    overlaps,
    speaker_of,
    subject_for,
)
from parsers.lexicon import Lexicon, Matchers
from parsers.modality import modality_of, negated_before, stance_after_negation
from parsers.quotes import quote_speakers
from parsers.sentences import split_sentences
from parsers.types import Claim, Evidence, Sentence, Stance

STANCE_CUES = ("support", "accept", "provision", "oppose", "open",
               "support_neg", "accept_neg", "provision_neg", "oppose_neg", "open_neg")
# A cue farther than this from the issue term rarely governs it (calibrated on the dev set's
# long German sentences; shorter misses enumerations, longer pairs cues with unrelated issues).
MAX_CUE_DISTANCE = 110
# Confidence components: an explicit subject is the strongest evidence, a carried one the weakest.
BASE_CONFIDENCE = 0.9
CARRIED_PENALTY = 0.2
FAR_CUE_PENALTY = 0.15
FAR_CUE_CHARS = 50
NO_CUE_PENALTY = 0.25


@dataclass(frozen=True)
class _Context:
    """What the previous sentences leave for this one: the actor a pronoun refers back to."""

    carried: str | None = None
    carried_text: str = ""


def code_claims(text: str, lang: str, lexicon: Lexicon, on: date | None = None) -> list[Claim]:
    """Every claim in ``text`` (all modalities), one per (actor, issue, stance, modality), best first."""
    m = lexicon.matchers_for(lang)
    sentences = split_sentences(text, lang)
    speakers = quote_speakers(text, sentences, m, on)
    best: dict[tuple[str, str, str, str], Claim] = {}
    context = _Context()
    for sentence in sentences:
        claims, context = _code_sentence(sentence, m, on, context, speakers.get(sentence.index))
        for claim in claims:
            key = (claim.actor, claim.issue, claim.stance, claim.modality)
            if key not in best or claim.confidence > best[key].confidence:
                best[key] = claim
    return sorted(best.values(), key=lambda c: (c.sentence_index, c.actor, c.issue, c.stance))


def find_issues(text: str, m: Matchers) -> list[Mention]:
    """Issue mentions; a term inside an ``against`` phrase of its issue takes that phrase's polarity."""
    found = [Mention(p.issue, h.start(), h.end(), h.group(), polarity=p.polarity, stances=p.stances)
             for p in m.issues for h in p.pattern.finditer(text)]
    excluded = {i: [(h.start(), h.end()) for h in p.finditer(text)] for i, p in m.excludes.items()}
    kept: list[Mention] = []
    for mention in sorted(found, key=lambda x: (-(x.end - x.start), x.start)):
        if any(s <= mention.start and mention.end <= e for s, e in excluded.get(mention.kind, ())):
            continue
        if any(k.kind == mention.kind and overlaps(k, mention) for k in kept):
            continue
        kept.append(mention)
    return sorted(kept, key=lambda x: x.start)


def _is_noise(text: str, m: Matchers) -> bool:
    """Ads and boilerplate lines that slipped through extraction."""
    noise = m.cues.get("noise")
    return bool(noise and noise.search(text)) or " | " in text


def _code_sentence(sentence: Sentence, m: Matchers, on: date | None, context: _Context,
                   quote_speaker: str | None) -> tuple[list[Claim], _Context]:
    """Claims of one sentence and the context it leaves for the next."""
    text = sentence.text
    actors = find_actors(text, m, on)
    issues = find_issues(text, m) if actors or context.carried else []
    actors = [a for a in actors if not any(overlaps(a, i) for i in issues)]
    speaker, _ = speaker_of(text, actors, m, context.carried)
    speaker = speaker or quote_speaker
    subjects = [a for a in actors if not a.oblique]
    next_context = _Context(subjects[0].kind, subjects[0].text) if subjects else (
        _Context(speaker, context.carried_text) if speaker else context)
    if not issues or _is_noise(text, m):
        return [], next_context
    cues = [c for c in find_cues(text, m, STANCE_CUES) if not any(_cue_in_issue(c, i) for i in issues)]
    claims: list[Claim] = []
    for issue in issues:
        claims.extend(_code_issue(sentence, issue, cues, actors, m, context, speaker))
    return claims, next_context


def _cue_in_issue(cue: Mention, issue: Mention) -> bool:
    """Is the cue's verb part of the issue phrase? (An issue inside a separable verb's gap is fine.)"""
    return issue.start <= cue.start < issue.end or issue.start < cue.end <= issue.end


def _nearest_cue(issue: Mention, cues: list[Mention]) -> tuple[Mention | None, int]:
    """The cue closest to the issue term (ties go to the cue before it) and its distance."""
    best: Mention | None = None
    best_key = (10**9, 1)
    for cue in cues:
        distance = max(issue.start - cue.end, cue.start - issue.end, 0)
        key = (distance, 0 if cue.end <= issue.start else 1)
        if key < best_key:
            best, best_key = cue, key
    if best is None or best_key[0] > MAX_CUE_DISTANCE:
        return None, 0
    return best, best_key[0]


def _holders(cue: Mention | None, issue: Mention, actors: list[Mention], text: str, m: Matchers,
             context: _Context, speaker: str | None) -> tuple[list[Mention], bool]:
    """The actor mentions holding the position, and whether they were carried from context."""
    anchor = cue or issue
    if cue is not None and cue.kind == "provision" and context.carried and not _has_plan(actors):
        return [Mention(context.carried, 0, 0, context.carried_text)], True
    head = subject_for(anchor, actors, text)
    if head is not None:
        return coordinated(head, actors, text), False
    words = {w.casefold() for w in text.split()}
    if speaker and words & m.words.get("first_person", frozenset()):
        return [Mention(speaker, 0, 0, "")], True
    third = m.words.get("third_person", frozenset())
    if context.carried and (words & third or any(t in text for t in third if " " in t)):
        return [Mention(context.carried, 0, 0, context.carried_text)], True
    return [], False


def _has_plan(actors: list[Mention]) -> bool:
    """Does the sentence name a plan or an actor itself (so a provision needs no carried author)?"""
    return any(not a.oblique for a in actors)


def _code_issue(sentence: Sentence, issue: Mention, cues: list[Mention], actors: list[Mention],
                m: Matchers, context: _Context, speaker: str | None) -> list[Claim]:
    """Claims about one issue mention."""
    text = sentence.text
    cue, distance = _nearest_cue(issue, cues)
    issue_negator = negated_before(text, issue.start, m, "issue_negators")
    if cue is None and not issue_negator:
        return []
    holders, carried = _holders(cue, issue, actors, text, m, context, speaker)
    if not holders:
        return []
    stance, markers = _stance(text, cue, issue, issue_negator, m)
    if stance is None or (issue.stances is not None and stance not in issue.stances):
        return []
    modality, modality_markers = modality_of(text, cue or issue, m)
    confidence = BASE_CONFIDENCE - (CARRIED_PENALTY if carried else 0.0)
    confidence -= FAR_CUE_PENALTY if distance > FAR_CUE_CHARS else 0.0
    confidence -= NO_CUE_PENALTY if cue is None else 0.0
    claims = []
    for holder in holders:
        if speaker and holder.kind != speaker and not carried:
            continue  # a position voiced only by another actor is not labelled (SCHEMA.md)
        evidence = Evidence(actor=holder.text, issue=issue.text, cue=cue.text if cue else "",
                            markers=tuple(markers + modality_markers))
        claims.append(Claim(actor=holder.kind, issue=issue.kind, stance=stance, modality=modality,
                            sentence=text, confidence=round(max(0.0, min(1.0, confidence)), 3),
                            sentence_index=sentence.index, evidence=evidence))
    return claims


def _stance(text: str, cue: Mention | None, issue: Mention, issue_negator: str, m: Matchers
            ) -> tuple[Stance | None, list[str]]:
    """The stance from the cue, its negation, conditions and the issue term's polarity."""
    markers: list[str] = []
    if cue is None:
        markers.append(issue_negator)
        return "oppose", markers
    # The issue phrase's own negation ("kein NATO-Beitritt") is its polarity, not the cue's negation.
    mask_from = issue.start - (len(issue_negator) + 1 if issue_negator else 0)
    masked = text[:mask_from] + " " * (issue.end - mask_from) + text[issue.end:]
    stance, cue_markers = stance_after_negation(masked, cue, m)
    markers.extend(cue_markers)
    polarity = issue.polarity * (-1 if issue_negator else 1)
    if issue_negator:
        markers.append(issue_negator)
    if polarity < 0 and stance != "open":
        stance = "oppose" if stance == "support" else "support"
    return stance, markers

