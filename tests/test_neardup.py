"""Near-duplicate signatures: stable across releases (they are stored), and they tell wire copies from other reports.

Run on the project's own articles (data/demo and data/seeds). The demo holds one agency story printed
by two outlets (demo-12 and its edited copy demo-13): that pair is near, every other pair is far."""

from __future__ import annotations

import hashlib

from parsers import neardup
from parsers.article import read_article_file
from tests.conftest import OWN_ARTICLES

ARTICLES = OWN_ARTICLES
# the demo's wire copy: one agency story as two outlets printed it
WIRE_COPY = ("demo-12", "demo-13")


def _reference_signature(text: str) -> tuple[int, ...] | None:
    """The signature as first specified, one shingle at a time: stored signatures must keep matching it."""
    words = neardup._WORD.findall(text.lower())
    if len(words) < neardup.SHINGLE_WORDS:
        return None
    bins = [neardup._EMPTY] * neardup.BINS
    for i in range(len(words) - neardup.SHINGLE_WORDS + 1):
        shingle = " ".join(words[i : i + neardup.SHINGLE_WORDS]).encode("utf-8")
        value = int.from_bytes(hashlib.blake2b(shingle, digest_size=8).digest(), "little")
        bins[value >> 58] = min(bins[value >> 58], value & neardup._EMPTY)
    return neardup._densify(bins)


def _texts(skip: tuple[str, ...] = ()) -> list[str]:
    return [read_article_file(p.read_text(encoding="utf-8"), p.name).text
            for p in ARTICLES if p.stem not in skip]


def test_signature_matches_the_reference_computation() -> None:
    texts = _texts()
    assert len(texts) >= 10
    # ASCII-only words, and words whose UTF-8 takes two to four bytes a character (shingles are slices
    # of the encoded text)
    others = ["eins zwei drei vier", "eins zwei drei vier fünf", "Kiew Kiew Kiew Kiew Kiew Kiew Kiew", "Ä ö ü ß " * 20,
              "İstanbul e\u0301tat ﬁnance 😀 𝒜𝒷𝒸 snake_case 4５6 ＡＢＣ — " * 3]
    for text in texts + [t.encode("ascii", "ignore").decode() for t in texts[:3]] + others:
        assert neardup.signature(text) == _reference_signature(text)


def test_edited_wire_copy_is_near_and_other_reports_are_far() -> None:
    texts = [t for t in _texts(skip=WIRE_COPY[1:]) if len(t.split()) > 200]
    original = texts[0]
    paragraphs = original.split("\n")
    copy = "Von unserem Korrespondenten. " + "\n".join(paragraphs[1:-1]) + "\nMit Material von Agenturen."
    a, b = neardup.signature(original), neardup.signature(copy)
    assert a is not None and b is not None
    assert neardup.similarity(a, b) >= neardup.NEAR_DUPLICATE
    assert set(neardup.band_keys(a)) & set(neardup.band_keys(b))
    for other in texts[1:]:
        c = neardup.signature(other)
        assert c is not None and neardup.similarity(a, c) < 0.2


def test_short_text_has_no_signature_and_packing_round_trips() -> None:
    assert neardup.signature("zu kurz") is None
    assert neardup.packed_signature("zu kurz") is None
    sig = neardup.signature(_texts()[0])
    assert sig is not None and len(sig) == neardup.BINS
    assert neardup.unpack(neardup.pack(sig)) == sig
    assert all(-(2**63) <= key < 2**63 for key in neardup.band_keys(sig))


def test_the_demo_wire_copy_is_the_only_near_pair() -> None:
    signatures = {p.stem: neardup.signature(read_article_file(p.read_text(encoding="utf-8"), p.name).text)
                  for p in ARTICLES}
    stems = sorted(signatures)
    near = [(a, b) for n, a in enumerate(stems) for b in stems[n + 1:]
            if neardup.similarity(signatures[a], signatures[b]) >= neardup.NEAR_DUPLICATE]
    assert near == [WIRE_COPY]
    assert set(neardup.band_keys(signatures[WIRE_COPY[0]])) & set(neardup.band_keys(signatures[WIRE_COPY[1]]))
