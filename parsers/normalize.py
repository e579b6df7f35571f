"""Text normalisation where text enters the system (pages, feeds, article files, the coder's input)."""

from __future__ import annotations

import unicodedata


def normalize_text(text: str) -> str:
    """Unicode NFC: pages that write "ü" as "u" plus a combining mark read like every other page
    (the lexicon's words are composed; decomposed text would match none of them)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
