"""Text normalisation where text enters the system (pages, feeds, article files, the coder's input)."""

from __future__ import annotations

import unicodedata

# Bidirectional controls and zero-width characters: invisible, they can reorder or hide what an editor
# reads in a title or a sentence (a right-to-left override turns "txt.exe" around). German and English
# news text needs none of them.
_INVISIBLE = dict.fromkeys(map(ord, "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2060\u2066\u2067\u2068\u2069\ufeff"))


def normalize_text(text: str) -> str:
    """Unicode NFC: pages that write "ü" as "u" plus a combining mark read like every other page
    (the lexicon's words are composed; decomposed text would match none of them); and without the
    invisible controls above, in titles, summaries and article text alike."""
    text = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    return text.translate(_INVISIBLE)
