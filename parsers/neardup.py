"""Near-duplicate texts (wire copies): MinHash signatures over word shingles, and LSH band keys.

An agency story printed by several outlets differs in its intro, its byline and a trimmed last
paragraph, so exact hashes miss it. The signature uses one-permutation hashing: each shingle's
64-bit hash falls into one of ``BINS`` bins by its top bits and each bin keeps its smallest value;
the share of equal bins estimates the Jaccard similarity of the two shingle sets. One hash per
shingle instead of one per shingle and permutation keeps it near a millisecond per article.

Candidates are found by LSH: ``BANDS`` bands of ``ROWS`` bins each; two texts sharing any band are
compared. With 20 bands of 3, a pair at Jaccard 0.5 becomes a candidate with probability 0.93 and
at 0.1 with 0.02, so the lookup stays a handful of index hits however large the store grows.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Sequence
from functools import partial
from itertools import accumulate
from operator import add

SHINGLE_WORDS = 5
BINS = 64
BANDS = 20
ROWS = 3
# Wire copies of one story, edited per outlet, share well over half of their 5-word shingles;
# two different reports on the same event share a few percent.
NEAR_DUPLICATE = 0.5

_EMPTY = (1 << 58) - 1  # above any bin value: a bin no shingle fell into
_WORD = re.compile(r"\w+", re.UNICODE)
_PACK = struct.Struct(f"<{BINS}Q")
_PLUS_SPACE = partial(add, 1)  # a word's width with the space after it

Signature = tuple[int, ...]


def signature(text: str) -> Signature | None:
    """The MinHash signature of ``text``; None when it has fewer words than one shingle."""
    words = _WORD.findall(text.lower())
    count = len(words) - SHINGLE_WORDS + 1
    if count < 1:
        return None
    # A shingle's value is the 8-byte BLAKE2b (read little-endian) of its words joined by one space
    # (stored signatures depend on it). This runs on every article, so the words are joined and
    # encoded once and each shingle is a slice of that, and the digests are read in one unpack.
    joined = " ".join(words)
    data = joined.encode("utf-8")
    widths = map(len, words) if joined.isascii() else map(len, map(str.encode, words))  # bytes per word
    starts = list(accumulate(map(_PLUS_SPACE, widths), initial=0))  # each word's offset, then the end + 1
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(data[start:after - 1], digest_size=8).digest()
                        for start, after in zip(starts, starts[SHINGLE_WORDS:])])
    bins = [_EMPTY] * BINS
    for value in struct.unpack(f"<{count}Q", digests):
        slot, rest = value >> 58, value & _EMPTY
        bins[slot] = min(bins[slot], rest)
    return _densify(bins)


def _densify(bins: list[int]) -> Signature:
    """Fill empty bins from the next filled one (rotation), the same way for every text."""
    filled = [i for i, v in enumerate(bins) if v != _EMPTY]
    if len(filled) == BINS:
        return tuple(bins)
    out = list(bins)
    for i, value in enumerate(bins):
        if value == _EMPTY:
            donor = next((j for j in filled if j > i), filled[0])
            out[i] = bins[donor] ^ (i * 0x9E3779B97F4A7C15 & _EMPTY)  # differs per bin, same across texts
    return tuple(out)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return sum(1 for x, y in zip(a, b) if x == y) / BINS


def band_keys(sig: Sequence[int]) -> list[int]:
    """One key per band, a signed 63-bit integer (it fits a BIGINT column)."""
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack(f"<H{ROWS}Q", band, *rows), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True) >> 1)
    return keys


def pack(sig: Sequence[int]) -> bytes:
    """The signature as 512 bytes for the database."""
    return _PACK.pack(*sig)


def unpack(data: bytes) -> Signature:
    return tuple(_PACK.unpack(data))


def packed_signature(text: str) -> bytes | None:
    """``signature`` packed for storage, or None for a text too short to have one."""
    sig = signature(text)
    return pack(sig) if sig is not None else None
